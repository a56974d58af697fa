//! Response models: one struct per schema, every field optional, decoded from XML and JSON by the
//! runtime's generic decoder through a small `Model` impl, every scalar leniently.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ResponseRoot, Scope, doc, doc_text};
use crate::ir::{FieldType, ListItem, Model, TypeLookup};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{self, RustType};

/// A response model: a plain struct of optional fields, with an impl of the runtime's
/// `model::Model` (one `match` from wire name to field, one list of fields) that its single generic
/// decoder and encoder use for XML and JSON alike. No `serde` derive: that expands to hundreds of
/// lines per model, which dominated the compile time of large clients.
pub fn model(scope: &Scope<'_>, m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let name_str = &m.name;
    let model_doc = doc(&doc_text(
        m.description.as_deref(),
        &["Every field is optional: NCP leaves fields out as the API evolves.".to_owned()],
    ));
    let eq = if m.is_eq(&scope.types) { quote!(Eq,) } else { quote!() };
    let mut fields = Vec::new();
    let mut decoders = Vec::new();
    let mut encoders = Vec::new();
    for f in &m.fields {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let mut text = doc_text(f.description.as_deref(), &[format!("Wire name: `{wire}`.")]);
        if f.deprecated {
            text.push_str("\n\nDeprecated by the API.");
        }
        let fdoc = doc(&text);
        let decode = match &f.ty {
            FieldType::Scalar(_) => quote!(field.scalar(&mut self.#field)),
            FieldType::Model(_) => quote!(field.object(&mut self.#field)),
            FieldType::Map(_) => quote!(field.map(&mut self.#field)),
            FieldType::Json => quote!(field.json(&mut self.#field)),
            FieldType::List {
                item: ListItem::Scalar(_),
                xml_item,
            } => quote!(field.scalar_list(&mut self.#field, #xml_item)),
            FieldType::List {
                item: ListItem::Model(_),
                xml_item,
            } => quote!(field.list(&mut self.#field, #xml_item)),
        };
        let ty = rust_view::field(&scope.types, &f.ty);
        fields.push(quote! {
            #fdoc
            pub #field: #ty,
        });
        decoders.push(quote!(#wire => #decode,));
        encoders.push(quote!(sink.field(#wire, &self.#field);));
    }
    let (model, field, field_sink) = (rt::model(), rt::field(), rt::field_sink());
    let (serde, serde_via_model) = (rt::serde(), rt::serde_via_model());
    let sink = if encoders.is_empty() {
        quote!(_sink)
    } else {
        quote!(sink)
    };
    quote! {
        #model_doc
        #[derive(Debug, Clone, PartialEq, #eq Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #model for #name {
            const NAME: &'static str = #name_str;

            fn decode_field<'de, A: #serde::de::MapAccess<'de>>(
                &mut self,
                field: #field<'_, 'de, A>,
            ) -> ::std::result::Result<(), A::Error> {
                match field.key() {
                    #(#decoders)*
                    _ => field.skip(),
                }
            }

            fn encode_fields<S: #field_sink>(&self, #sink: &mut S) {
                #(#encoders)*
            }
        }

        #serde_via_model!(#name);
    }
}

/// Decoding entry points on the model an operation answers with: the runtime's `ResponseBody`
/// (where the body puts it, and the decoders), and the same decoders as inherent methods, so that
/// callers need no import.
pub fn response_root(scope: &Scope<'_>, root: &ResponseRoot<'_>) -> TokenStream {
    let name = RustType::Named(&(&scope.types).model(root.response).name);
    let xml_root = root.xml_root;
    let envelope = root.json_envelope;
    let xml_doc = doc(&format!(
        "Decode an XML response body, whose root element is `<{xml_root}>`."
    ));
    let json_doc = doc(&format!("Decode a JSON response body, `{{\"{envelope}\": {{…}}}}`."));
    let (decode_error, format, response_body) = (rt::decode_error(), rt::format(), rt::response_body());
    quote! {
        impl #response_body for #name {
            const XML_ROOT: &'static str = #xml_root;
            const JSON_ENVELOPE: &'static str = #envelope;
        }

        impl #name {
            #xml_doc
            pub fn from_xml(body: &str) -> ::std::result::Result<Self, #decode_error> {
                <Self as #response_body>::from_xml(body)
            }

            #json_doc
            pub fn from_json(body: &str) -> ::std::result::Result<Self, #decode_error> {
                <Self as #response_body>::from_json(body)
            }

            /// Decode a response body in the given format.
            pub fn from_slice(body: &[u8], format: #format) -> ::std::result::Result<Self, #decode_error> {
                <Self as #response_body>::from_slice(body, format)
            }
        }
    }
}
