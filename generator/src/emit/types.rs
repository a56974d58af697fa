//! Constrained newtypes and enums.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, doc_text};
use crate::ir::{Constraint, Enum, Newtype, NewtypeBase};
use crate::naming::ident;

/// Human-readable constraint lines for documentation.
pub(crate) fn describe_constraints(constraints: &[Constraint]) -> Vec<String> {
    constraints.iter().map(ToString::to_string).collect()
}

fn rules_doc(constraints: &[Constraint]) -> String {
    let lines = describe_constraints(constraints);
    let mut text = String::from("Rules, checked when a value is created:\n");
    for l in lines {
        text.push_str(&format!("\n- {l}"));
    }
    text
}

/// A constrained value: a private field, built only through validation.
pub fn newtype(n: &Newtype) -> TokenStream {
    let name = ident(&n.name);
    let field = &n.field;
    let doc = doc(&doc_text(n.description.as_deref(), &[rules_doc(&n.constraints)]));
    match n.base {
        NewtypeBase::String => string_newtype(n, &name, field, doc),
        NewtypeBase::Int32 | NewtypeBase::Int64 => int_newtype(n, &name, field, doc),
    }
}

fn string_newtype(n: &Newtype, name: &proc_macro2::Ident, field: &str, doc: TokenStream) -> TokenStream {
    let rules: Vec<TokenStream> = n
        .constraints
        .iter()
        .filter_map(|c| {
            let rule = |v: &u64| Literal::u64_unsuffixed(*v);
            Some(match c {
                Constraint::MinLength(v) => {
                    let v = rule(v);
                    quote!(crate::runtime::validate::StrRule::MinLength(#v))
                }
                Constraint::MaxLength(v) => {
                    let v = rule(v);
                    quote!(crate::runtime::validate::StrRule::MaxLength(#v))
                }
                Constraint::MaxBytes(v) => {
                    let v = rule(v);
                    quote!(crate::runtime::validate::StrRule::MaxBytes(#v))
                }
                Constraint::Pattern(p) => {
                    quote!(crate::runtime::validate::StrRule::Pattern(crate::runtime::validate::Pattern::new(#p)))
                }
                Constraint::Minimum(_) | Constraint::Maximum(_) => return None,
            })
        })
        .collect();
    let count = Literal::usize_unsuffixed(rules.len());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(::std::string::String);

        impl #name {
            /// Check `value`, recording every broken rule under the wire name `field`.
            fn collect(
                value: ::std::string::String,
                field: &'static str,
                violations: &mut ::std::vec::Vec<crate::runtime::Violation>,
            ) -> ::std::option::Option<Self> {
                static RULES: [crate::runtime::validate::StrRule; #count] = [#(#rules),*];
                let before = violations.len();
                crate::runtime::validate::check_str(field, &value, &RULES, violations);
                (violations.len() == before).then_some(Self(value))
            }

            /// Validate `value`; the error lists every rule it breaks.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::runtime::ValidationError> {
                let mut violations = ::std::vec::Vec::new();
                Self::collect(value.into(), #field, &mut violations).ok_or_else(|| crate::runtime::ValidationError::new(violations))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, as an owned string.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for #name {
            type Error = crate::runtime::ValidationError;
            fn try_from(value: ::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<&str> for #name {
            type Error = crate::runtime::ValidationError;
            fn try_from(value: &str) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::ValidationError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl crate::runtime::query::QueryValue for #name {
            fn to_query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(&self.0)
            }
        }
    }
}

fn int_newtype(n: &Newtype, name: &proc_macro2::Ident, field: &str, doc: TokenStream) -> TokenStream {
    let base = if n.base == NewtypeBase::Int32 {
        quote!(i32)
    } else {
        quote!(i64)
    };
    let rules: Vec<TokenStream> = n
        .constraints
        .iter()
        .filter_map(|c| match c {
            Constraint::Minimum(v) => {
                let v = Literal::i64_unsuffixed(*v);
                Some(quote!(crate::runtime::validate::IntRule::Minimum(#v)))
            }
            Constraint::Maximum(v) => {
                let v = Literal::i64_unsuffixed(*v);
                Some(quote!(crate::runtime::validate::IntRule::Maximum(#v)))
            }
            _ => None,
        })
        .collect();
    let count = Literal::usize_unsuffixed(rules.len());
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(#base);

        impl #name {
            /// Check `value`, recording every broken rule under the wire name `field`.
            fn collect(
                value: #base,
                field: &'static str,
                violations: &mut ::std::vec::Vec<crate::runtime::Violation>,
            ) -> ::std::option::Option<Self> {
                static RULES: [crate::runtime::validate::IntRule; #count] = [#(#rules),*];
                let before = violations.len();
                crate::runtime::validate::check_int(field, i64::from(value), &RULES, violations);
                (violations.len() == before).then_some(Self(value))
            }

            /// Validate `value`; the error lists every rule it breaks.
            pub fn new(value: #base) -> ::std::result::Result<Self, crate::runtime::ValidationError> {
                let mut violations = ::std::vec::Vec::new();
                Self::collect(value, #field, &mut violations).ok_or_else(|| crate::runtime::ValidationError::new(violations))
            }

            /// The value.
            pub fn get(self) -> #base {
                self.0
            }
        }

        impl ::std::convert::TryFrom<#base> for #name {
            type Error = crate::runtime::ValidationError;
            fn try_from(value: #base) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl crate::runtime::query::QueryValue for #name {
            fn to_query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(self.0.to_string())
            }
        }
    }
}

fn variant_doc(wire: &str) -> TokenStream {
    doc(&format!("`{wire}`"))
}

/// A request enum: only the documented values exist, and parsing anything else is an error
/// naming the parameter and the allowed values.
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
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::ValidationError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #(#wires => ::std::result::Result::Ok(Self::#variants),)*
                    other => ::std::result::Result::Err(crate::runtime::ValidationError::new(::std::vec![
                        crate::runtime::validate::unknown_enum_value(#field, Self::WIRE_VALUES, other),
                    ])),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::query::QueryValue for #name {
            fn to_query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// A response enum: the documented values plus `Unknown`, so that a value the server adds later
/// never breaks decoding.
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
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #variants,)*
            /// A value this version of the client does not know, as the server sent it.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::de::FromWire for #name {
            fn from_text(value: &str) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
