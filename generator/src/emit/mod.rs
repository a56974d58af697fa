//! Emit: IR → Rust tokens, one small function per kind of item. Generated code stays thin and
//! declarative: anything with logic lives in the client's hand-written `runtime` module.

mod model;
mod request;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Service, Site, TypeDef};

/// The tokens of one service module (`src/generated/<module>.rs`).
pub fn service(service: &Service) -> TokenStream {
    let types: BTreeMap<&str, &TypeDef> = service.types.iter().map(|t| (t.name(), t)).collect();
    let module_doc = inner_doc(&module_doc_text(service));
    let base_path = &service.base_path;
    let servers = service.servers.iter().map(|s| {
        let site = match s.site {
            Site::Public => quote!(Public),
            Site::Gov => quote!(Gov),
            Site::Fin => quote!(Fin),
        };
        let origin = &s.origin;
        quote! { crate::runtime::action::Server { site: crate::runtime::action::Site::#site, origin: #origin } }
    });
    let operations = service
        .operations
        .iter()
        .map(|op| request::operation(service, op, &types));
    let mut roots = std::collections::BTreeSet::new();
    let response_impls = service
        .operations
        .iter()
        .filter(|op| roots.insert(op.response.as_str()))
        .map(model::response_root);
    let mut rules = Vec::new();
    let defs: Vec<TokenStream> = service
        .types
        .iter()
        .map(|def| match def {
            TypeDef::Newtype(n) => {
                let (alias, rule) = types::newtype(n);
                rules.push(rule);
                alias
            }
            TypeDef::Enum(e) if e.open => types::open_enum(e),
            TypeDef::Enum(e) => types::closed_enum(e),
            TypeDef::Model(m) => model::model(m, &types),
        })
        .collect();
    let rules = if rules.is_empty() {
        quote!()
    } else {
        quote! {
            /// The rules of each constrained parameter type above, as data for the runtime's checks.
            pub mod rules {
                #(#rules)*
            }
        }
    };
    let api = api(service);
    quote! {
        #module_doc

        #[doc = " The path every action of this API lives under, after the scheme and host."]
        pub const BASE_PATH: &str = #base_path;

        #[doc = " Where this API is served, per NCP site."]
        pub const SERVERS: &[crate::runtime::action::Server] = &[#(#servers),*];

        #api
        #(#operations)*
        #(#response_impls)*
        #(#defs)*
        #rules
    }
}

/// The per-API handle on a client: one async method per action.
fn api(service: &Service) -> TokenStream {
    let methods = service.operations.iter().map(|op| {
        let name = crate::naming::ident(&op.fn_name);
        let request = crate::naming::ident(&op.type_name);
        let response = crate::naming::ident(&op.response);
        let summary = op.summary.as_deref().unwrap_or(&op.wire_name);
        let mut text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
        text.push_str(&format!(
            "\n\nCalls `{}` (`GET {}{}`). The request was validated when it was built; only failures that prove \
             the action did not run are retried.",
            op.wire_name, service.base_path, op.path
        ));
        let method_doc = doc(&text);
        let deprecated = if op.deprecated { quote!(#[deprecated = "deprecated by the API"]) } else { quote!() };
        quote! {
            #method_doc
            #deprecated
            pub async fn #name(self, request: #request) -> ::std::result::Result<#response, crate::runtime::error::Error> {
                self.client.call(&request).await
            }
        }
    });
    let doc = doc(&format!(
        "Calls of the {} through a [`Client`](crate::runtime::client::Client): `client.{}()`.",
        service.title, service.module
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'c> {
            client: &'c crate::runtime::client::Client,
        }

        impl<'c> Api<'c> {
            /// Calls of this API made with `client`.
            pub fn new(client: &'c crate::runtime::client::Client) -> Self {
                Api { client }
            }

            #(#methods)*
        }
    }
}

/// The tokens of `src/generated/mod.rs`, which declares one module per service and gives the
/// client one accessor per service.
pub fn index(services: &[Service]) -> TokenStream {
    let mods = services.iter().map(|s| {
        let name = crate::naming::ident(&s.module);
        let doc = doc(&format!(
            "{} (`{}`), generated from `{}`.",
            s.title, s.base_path, s.spec_file
        ));
        quote! { #doc pub mod #name; }
    });
    let accessors = services.iter().map(|s| {
        let name = crate::naming::ident(&s.module);
        let doc = doc(&format!("Calls of the {} (`{}`).", s.title, s.base_path));
        quote! {
            #doc
            pub fn #name(&self) -> #name::Api<'_> {
                #name::Api::new(self)
            }
        }
    });
    quote! {
        #(#mods)*

        impl crate::runtime::client::Client {
            #(#accessors)*
        }
    }
}

fn module_doc_text(service: &Service) -> String {
    let mut text = format!("{} (`{}`).", service.title, service.base_path);
    if let Some(d) = &service.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    text.push_str("\n\nEndpoints:\n");
    for s in &service.servers {
        text.push_str(&format!("\n- {:?}: `{}{}`", s.site, s.origin, service.base_path));
    }
    text
}

/// `#[doc = ...]` lines for outer documentation.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = ...]` lines for the module's own documentation.
fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", l.trim_end())
            }
        })
        .collect()
}

/// A spec description, followed by extra paragraphs; empty parts are left out.
pub(crate) fn doc_text(description: Option<&str>, extra: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) {
        parts.push(d.to_owned());
    }
    parts.extend(extra.iter().filter(|e| !e.is_empty()).cloned());
    parts.join("\n\n")
}
