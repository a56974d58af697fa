//! Constrained newtypes and enums.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, doc_text};
use crate::ir::{Enum, Newtype, NewtypeBase};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view;

/// Human-readable rule lines for documentation, in the rules' fixed order.
pub(crate) fn describe_rules(n: &Newtype) -> Vec<String> {
    n.rules().iter().map(ToString::to_string).collect()
}

fn rules_doc(n: &Newtype) -> String {
    let lines = describe_rules(n);
    let mut text = String::from("Rules, checked when a value is created:\n");
    for l in lines {
        text.push_str(&format!("\n- {l}"));
    }
    text
}

/// A constrained value: an alias of the runtime's `ValidStr` or `ValidInt` (a private field, built
/// only through validation) over its rules type, which [`newtype_rules`] emits into the service's
/// `rules` module.
pub fn newtype(n: &Newtype) -> TokenStream {
    let name = ident(&n.name);
    let doc = doc(&doc_text(n.description.as_deref(), &[rules_doc(n)]));
    let valid = match n.base {
        NewtypeBase::String(_) => rt::valid_str(),
        NewtypeBase::Int32(_) | NewtypeBase::Int64(_) => rt::valid_int(),
    };
    quote! {
        #doc
        pub type #name = #valid<rules::#name>;
    }
}

/// The rules of a constrained value, as data: a type in the `rules` module implementing the
/// runtime's `StrRules` or `IntRules`.
pub fn newtype_rules(n: &Newtype) -> TokenStream {
    let name = ident(&n.name);
    let field = &n.field;
    let marker_doc = format!(" The rules of [`{0}`](super::{0}).", name);
    let (str_rule, int_rule, pattern) = (rt::str_rule(), rt::int_rule(), rt::pattern());
    match &n.base {
        NewtypeBase::String(r) => {
            let len = |v: u64| Literal::u64_unsuffixed(v);
            let mut rules: Vec<TokenStream> = Vec::new();
            if let Some(v) = r.min_length.map(len) {
                rules.push(quote!(#str_rule::MinLength(#v)));
            }
            if let Some(v) = r.max_length.map(len) {
                rules.push(quote!(#str_rule::MaxLength(#v)));
            }
            if let Some(v) = r.max_bytes.map(len) {
                rules.push(quote!(#str_rule::MaxBytes(#v)));
            }
            if let Some(p) = &r.pattern {
                rules.push(quote!(#str_rule::Pattern(#pattern::new(#p))));
            }
            let count = Literal::usize_unsuffixed(rules.len());
            let str_rules = rt::str_rules();
            quote! {
                #[doc = #marker_doc]
                pub enum #name {}

                impl #str_rules for #name {
                    const FIELD: &'static str = #field;
                    fn rules() -> &'static [#str_rule] {
                        static RULES: [#str_rule; #count] = [#(#rules),*];
                        &RULES
                    }
                }
            }
        }
        NewtypeBase::Int32(r) | NewtypeBase::Int64(r) => {
            let base = rust_view::base(n.base.base_type());
            let mut rules: Vec<TokenStream> = Vec::new();
            if let Some(v) = r.minimum.map(Literal::i64_unsuffixed) {
                rules.push(quote!(#int_rule::Minimum(#v)));
            }
            if let Some(v) = r.maximum.map(Literal::i64_unsuffixed) {
                rules.push(quote!(#int_rule::Maximum(#v)));
            }
            let int_rules = rt::int_rules();
            quote! {
                #[doc = #marker_doc]
                pub enum #name {}

                impl #int_rules for #name {
                    type Int = #base;
                    const FIELD: &'static str = #field;
                    const RULES: &'static [#int_rule] = &[#(#rules),*];
                }
            }
        }
    }
}

fn variant_doc(wire: &str) -> TokenStream {
    doc(&format!("`{wire}`"))
}

/// A request enum: only the documented values exist, and parsing anything else is an error
/// naming the parameter and the allowed values (the runtime's `enums::ClosedEnum`).
pub fn closed_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let field = &e.field;
    let allowed = doc_text(
        None,
        &[format!(
            "Values: {}.",
            e.values
                .iter()
                .map(|v| format!("`{}`", v.wire))
                .collect::<Vec<_>>()
                .join(", ")
        )],
    );
    let doc = doc(&doc_text(e.description.as_deref(), &[allowed]));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let docs = e.values.iter().map(|v| variant_doc(&v.wire));
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let count = Literal::usize_unsuffixed(variants.len());
    let (closed_enum, closed_enum_impls) = (rt::closed_enum(), rt::closed_enum_impls());
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#docs #variants,)*
        }

        impl #name {
            /// Every value, in the spec's order.
            pub const ALL: [Self; #count] = [#(Self::#variants),*];

            /// The wire text of every value, in the spec's order.
            pub const WIRE_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub const fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        }

        impl #closed_enum for #name {
            const FIELD: &'static str = #field;
            const VALUES: &'static [Self] = &Self::ALL;
            const WIRE_VALUES: &'static [&'static str] = Self::WIRE_VALUES;
        }

        #closed_enum_impls!(#name);
    }
}

/// A response enum: the documented values plus `Unknown`, so that a value the server adds later
/// never breaks decoding (the runtime's `enums::OpenEnum`).
pub fn open_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let known = format!(
        "Known values: {}. Any other value decodes as `Unknown`, so new server values never break decoding.",
        e.values
            .iter()
            .map(|v| format!("`{}`", v.wire))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let doc = doc(&doc_text(e.description.as_deref(), &[known]));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let docs = e.values.iter().map(|v| variant_doc(&v.wire));
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let (open_enum, open_enum_impls) = (rt::open_enum(), rt::open_enum_impls());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #variants,)*
            /// A value this version of the client does not know, as the server sent it.
            Unknown(::std::string::String),
        }

        impl #open_enum for #name {
            const KNOWN: &'static [(&'static str, Self)] = &[#((#wires, Self::#variants)),*];

            fn unknown(value: ::std::string::String) -> Self {
                Self::Unknown(value)
            }

            fn wire(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #open_enum_impls!(#name);
    }
}
