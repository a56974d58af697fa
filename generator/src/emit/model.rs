//! Response models: one struct per schema, decoded from XML and JSON by the same derive, with
//! every field optional and every scalar decoded leniently by the runtime.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, doc_text};
use crate::ir::{FieldScalar, FieldType, ListItem, Model, Operation, TypeDef};
use crate::naming::ident;

fn scalar_type(s: &FieldScalar) -> TokenStream {
    match s {
        FieldScalar::String => quote!(::std::string::String),
        FieldScalar::Int32 => quote!(i32),
        FieldScalar::Int64 => quote!(i64),
        FieldScalar::Float => quote!(f64),
        FieldScalar::Bool => quote!(bool),
        FieldScalar::DateTime => quote!(crate::runtime::Timestamp),
        FieldScalar::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// A response model.
pub fn model(m: &Model, types: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&m.name);
    let model_doc = doc(&doc_text(
        m.description.as_deref(),
        &["Every field is optional: NCP leaves fields out as the API evolves.".to_owned()],
    ));
    let eq = if m.is_eq(types) { quote!(Eq,) } else { quote!() };
    let mut helpers = Vec::new();
    let fields = m.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let mut text = doc_text(f.description.as_deref(), &[format!("Wire name: `{wire}`.")]);
        if f.deprecated {
            text.push_str("\n\nDeprecated by the API.");
        }
        let fdoc = doc(&text);
        let (ty, with) = match &f.ty {
            FieldType::Scalar(s) => (scalar_type(s), "crate::runtime::de::option".to_owned()),
            FieldType::Model(model) => {
                let model = ident(model);
                (quote!(#model), "crate::runtime::de::object".to_owned())
            }
            FieldType::List { item, xml_item } => {
                let helper = format_ident!("de_{}", f.rust_name);
                let (item_ty, runtime_fn) = match item {
                    ListItem::Scalar(s) => (scalar_type(s), quote!(crate::runtime::de::wrapped_scalar_list)),
                    ListItem::Model(model) => {
                        let model = ident(model);
                        (quote!(#model), quote!(crate::runtime::de::wrapped_list))
                    }
                };
                let helper_doc =
                    format!(" Decode `{wire}`: a JSON array, or XML `<{wire}>` holding one `<{xml_item}>` per item.");
                helpers.push(quote! {
                    #[doc = #helper_doc]
                    fn #helper<'de, D: ::serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<#item_ty>>, D::Error> {
                        #runtime_fn(deserializer, #xml_item)
                    }
                });
                (
                    quote!(::std::vec::Vec<#item_ty>),
                    format!("{}::{helper}", ident(&m.name)),
                )
            }
        };
        quote! {
            #fdoc
            #[serde(
                rename = #wire,
                default,
                deserialize_with = #with,
                skip_serializing_if = "::std::option::Option::is_none"
            )]
            pub #field: ::std::option::Option<#ty>,
        }
    });
    let fields: Vec<_> = fields.collect();
    let helpers_impl = if helpers.is_empty() {
        quote!()
    } else {
        quote! {
            impl #name {
                #(#helpers)*
            }
        }
    };
    quote! {
        #model_doc
        #[derive(Debug, Clone, PartialEq, #eq Default, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #helpers_impl
    }
}

/// Decoding entry points on the model an operation answers with.
pub fn response_root(op: &Operation) -> TokenStream {
    let name = ident(&op.response);
    let request = ident(&op.type_name);
    let xml_root = &op.xml_root;
    let envelope = &op.json_envelope;
    let xml_doc = format!(" Decode an XML response body, whose root element is `<{xml_root}>`.");
    let json_doc = format!(" Decode a JSON response body, `{{\"{envelope}\": {{…}}}}`.");
    quote! {
        impl #name {
            #[doc = #xml_doc]
            pub fn from_xml(body: &str) -> ::std::result::Result<Self, crate::runtime::DecodeError> {
                crate::runtime::decode::from_xml(body, #xml_root)
            }

            #[doc = #json_doc]
            pub fn from_json(body: &str) -> ::std::result::Result<Self, crate::runtime::DecodeError> {
                crate::runtime::decode::from_json(body, #envelope)
            }

            /// Decode a response body in the given format.
            pub fn from_slice(body: &[u8], format: crate::runtime::Format) -> ::std::result::Result<Self, crate::runtime::DecodeError> {
                <#request as crate::runtime::action::Action>::decode_response(body, format)
            }
        }
    }
}
