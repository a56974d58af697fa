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
    let defs = service.types.iter().map(|def| match def {
        TypeDef::Newtype(n) => types::newtype(n),
        TypeDef::Enum(e) if e.open => types::open_enum(e),
        TypeDef::Enum(e) => types::closed_enum(e),
        TypeDef::Model(m) => model::model(m, &types),
    });
    quote! {
        #module_doc

        #[doc = " The path every action of this API lives under, after the scheme and host."]
        pub const BASE_PATH: &str = #base_path;

        #[doc = " Where this API is served, per NCP site."]
        pub const SERVERS: &[crate::runtime::action::Server] = &[#(#servers),*];

        #(#operations)*
        #(#response_impls)*
        #(#defs)*
    }
}

/// The tokens of `src/generated/mod.rs`, which declares one module per service.
pub fn index(services: &[Service]) -> TokenStream {
    let mods = services.iter().map(|s| {
        let name = crate::naming::ident(&s.module);
        let doc = doc(&format!(
            "{} (`{}`), generated from `{}`.",
            s.title, s.base_path, s.spec_file
        ));
        quote! { #doc pub mod #name; }
    });
    quote! { #(#mods)* }
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
