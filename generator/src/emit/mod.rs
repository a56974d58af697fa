//! Emit: IR → Rust tokens, one small function per kind of item. Generated code stays thin and
//! declarative: anything with logic lives in the hand-written `ncloud-runtime` crate, named only
//! through the [`runtime`](crate::runtime) registry.

mod krate;
mod model;
mod polling;
mod request;
mod types;

pub use krate::{CLIENT_METHODS, CrateOptions, RuntimeDep, cargo_toml, index, lib_rs};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, Service, Site, TypeDef, TypeId};
use crate::runtime as rt;

/// One piece of a service module, emitted (and formatted) on its own, so that a large module is
/// never held as one token tree and its pieces can be formatted in parallel.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// The module's documentation, `BASE_PATH`, `SERVERS` and the `Api` handle.
    Head,
    /// A request type and its builder.
    Operation(&'a Operation),
    /// The decoding entry points on the response model of an operation.
    ResponseRoot(&'a Operation),
    /// A named type.
    Type(TypeDef<'a>),
    /// The `rules` module of the constrained parameter types.
    Rules,
}

/// Emits the parts of one service module (`src/generated/<module>.rs`).
#[derive(Debug)]
pub struct ServiceEmitter<'a> {
    service: &'a Service,
    root: &'a str,
}

impl<'a> ServiceEmitter<'a> {
    /// An emitter for `service`, whose code finds the runtime at `root`
    /// ([`runtime::DEFAULT_ROOT`](crate::runtime::DEFAULT_ROOT) unless a crate says otherwise).
    pub fn new(service: &'a Service, root: &'a str) -> Self {
        ServiceEmitter { service, root }
    }

    /// The parts of the module, in file order.
    pub fn parts(&self) -> Vec<Part<'a>> {
        let service = self.service;
        let mut parts = vec![Part::Head];
        parts.extend(service.operations.iter().map(Part::Operation));
        let mut roots = std::collections::BTreeSet::new();
        parts.extend(
            service
                .operations
                .iter()
                .filter(|op| roots.insert(op.response))
                .map(Part::ResponseRoot),
        );
        parts.extend(service.types.sorted().into_iter().map(|(_, t)| Part::Type(t)));
        if !service.types.newtypes.is_empty() {
            parts.push(Part::Rules);
        }
        parts
    }

    /// Writes everything the code of `part` depends on into `out`: the key of the part in the
    /// generator's [`Cache`](crate::cache::Cache). It holds the service's own fields, the runtime
    /// root, the part's IR and every named type the part reaches (a model's nested models, for
    /// instance, decide whether it derives `Eq`). Two parts with the same fingerprint are emitted
    /// to the same code.
    pub fn fingerprint(&self, part: Part<'_>, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        let s = self.service;
        write!(
            out,
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|",
            s.module, s.spec_file, s.title, s.description, s.base_path, s.servers, self.root
        )?;
        match part {
            Part::Head => {
                out.write_str("head|")?;
                for op in &s.operations {
                    write!(out, "{op:?}|{}|", s.types.model(op.response).name)?;
                }
            }
            Part::Operation(op) => {
                write!(out, "operation|{op:?}|")?;
                let roots = op.params.iter().filter_map(|p| p.ty.type_id());
                self.reachable(roots.chain([TypeId::Model(op.response)]), out)?;
            }
            Part::ResponseRoot(op) => {
                // What `model::response_root` reads, and nothing else.
                write!(
                    out,
                    "root|{}|{}|{}|{}",
                    op.type_name,
                    op.xml_root,
                    op.json_envelope,
                    s.types.model(op.response).name
                )?;
            }
            Part::Type(t) => {
                write!(out, "type|{t:?}|")?;
                if let TypeDef::Model(m) = t {
                    self.reachable(m.fields.iter().filter_map(|f| f.ty.type_id()), out)?;
                }
            }
            Part::Rules => write!(out, "rules|{:?}", s.types.newtypes)?,
        }
        Ok(())
    }

    /// Writes every named type reachable from `roots`.
    fn reachable(&self, roots: impl Iterator<Item = TypeId>, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        let types = &self.service.types;
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<TypeId> = roots.collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let def = types.get(id);
            write!(out, "{id:?}={def:?};")?;
            if let TypeDef::Model(m) = def {
                stack.extend(m.fields.iter().filter_map(|f| f.ty.type_id()));
            }
        }
        Ok(())
    }

    /// The tokens of one part.
    pub fn emit(&self, part: Part<'_>) -> TokenStream {
        let service = self.service;
        match part {
            Part::Head => {
                let module_doc = inner_doc(&module_doc_text(service));
                let base_path = &service.base_path;
                let servers = service.servers.iter().map(|s| {
                    let site = match s.site {
                        Site::Public => quote!(Public),
                        Site::Gov => quote!(Gov),
                        Site::Fin => quote!(Fin),
                    };
                    let origin = &s.origin;
                    let (server, rt_site) = (rt::server(), rt::site());
                    quote! { #server { site: #rt_site::#site, origin: #origin } }
                });
                let api = api(service);
                let import = rt::import(self.root);
                let server = rt::server();
                quote! {
                    #module_doc

                    #import

                    #[doc = " The path every action of this API lives under, after the scheme and host."]
                    pub const BASE_PATH: &str = #base_path;

                    #[doc = " Where this API is served, per NCP site."]
                    pub const SERVERS: &[#server] = &[#(#servers),*];

                    #api
                }
            }
            Part::Operation(op) => {
                let mut tokens = request::operation(service, op);
                tokens.extend(polling::operation_items(service, op));
                tokens
            }
            Part::ResponseRoot(op) => model::response_root(service, op),
            Part::Type(TypeDef::Newtype(n)) => types::newtype(n),
            Part::Type(TypeDef::Enum(e)) if e.open => types::open_enum(e),
            Part::Type(TypeDef::Enum(e)) => types::closed_enum(e),
            Part::Type(TypeDef::Model(m)) => model::model(service, m),
            Part::Rules => {
                let rules = service.types.sorted().into_iter().filter_map(|(_, t)| match t {
                    TypeDef::Newtype(n) => Some(types::newtype_rules(n)),
                    TypeDef::Enum(_) | TypeDef::Model(_) => None,
                });
                quote! {
                    /// The rules of each constrained parameter type above, as data for the runtime's checks.
                    pub mod rules {
                        #[allow(unused_imports)] // Not every module has rules that name the runtime.
                        use super::__rt;

                        #(#rules)*
                    }
                }
            }
        }
    }
}

/// The tokens of one whole service module (`src/generated/<module>.rs`): every part, in order.
pub fn service(service: &Service, root: &str) -> TokenStream {
    let emitter = ServiceEmitter::new(service, root);
    emitter.parts().into_iter().map(|part| emitter.emit(part)).collect()
}

/// Methods of the `Api` handle that `api` emits besides those of the actions: `new`, and those of
/// `Clone`, `Copy` and `Debug`, which it derives. No action, paging or waiter method may take one.
pub const API_METHODS: &[&str] = &["new", "clone", "clone_from", "fmt"];

/// The per-API handle on a client: one method per action, returning the call's future.
fn api(service: &Service) -> TokenStream {
    let (client, error) = (rt::client(), rt::error());
    let methods = service.operations.iter().map(|op| {
        let name = crate::naming::ident(&op.fn_name);
        let request = crate::naming::ident(&op.type_name);
        let response = crate::rust_view::RustType::Named(&service.types.model(op.response).name);
        let summary = op.summary.as_deref().unwrap_or(&op.wire_name);
        let mut text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
        text.push_str(&format!(
            "\n\nCalls `{}` (`GET {}{}`). The request was validated when it was built; only failures that prove \
             the action did not run are retried.",
            op.wire_name, service.base_path, op.path
        ));
        let method_doc = doc(&text);
        let deprecated = if op.deprecated {
            quote!(#[deprecated = "deprecated by the API"])
        } else {
            quote!()
        };
        let polling = polling::api_methods(op);
        quote! {
            #method_doc
            #deprecated
            pub fn #name(
                self,
                request: #request,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<#response, #error>> + ::std::marker::Send + 'c {
                self.client.call_owned(request)
            }

            #polling
        }
    });
    let doc = doc(&format!(
        "Calls of the {} through a client: `client.{}()`.",
        service.title, service.module
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'c> {
            client: &'c #client,
        }

        impl<'c> Api<'c> {
            /// Calls of this API made with `client`.
            pub fn new(client: &'c #client) -> Self {
                Api { client }
            }

            #(#methods)*
        }
    }
}

fn module_doc_text(service: &Service) -> String {
    let mut text = format!("{} (`{}`).", service.title, service.base_path);
    if let Some(d) = &service.description {
        text.push_str("\n\n");
        text.push_str(&doc_text(Some(d), &[]));
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

/// The lines of a doc comment for `text`, which comes from a spec: prose, never code that runs.
///
/// - Line breaks of any kind (`\r\n`, a bare `\r`) become line breaks, and other control
///   characters are dropped: a bare carriage return is an error in a doc comment.
/// - Every fenced code block becomes a `text` block, whatever its info string said: rustdoc
///   compiles and runs unmarked and `rust` blocks as doctests.
/// - Outside fences, indentation is capped at three spaces, so no line starts an indented code
///   block (which rustdoc would also run).
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut fence: Option<String> = None;
    let mut lines = Vec::new();
    for line in text.trim().lines() {
        let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        let line = line.trim_end().replace('\t', "    ");
        let content = line.trim_start();
        let marker: String = content.chars().take_while(|c| *c == '`' || *c == '~').collect();
        let is_fence = marker.len() >= 3 && marker.chars().all(|c| c == marker.chars().next().unwrap_or('`'));
        let out = match fence.clone() {
            Some(open) if is_fence && content.trim() == marker && marker.starts_with(open.as_str()) => {
                fence = None;
                open
            }
            Some(_) => line.clone(),
            None if is_fence => {
                fence = Some(marker.clone());
                format!("{marker}text")
            }
            None => {
                let indent = line.len() - content.len();
                format!("{}{content}", " ".repeat(indent.min(3)))
            }
        };
        lines.push(if out.trim().is_empty() {
            String::new()
        } else {
            format!(" {out}")
        });
    }
    if let Some(open) = fence {
        // An unclosed fence would swallow everything after it into the code block.
        lines.push(format!(" {open}"));
    }
    lines
}

/// A spec description, followed by extra paragraphs; empty parts are left out.
pub(crate) fn doc_text(description: Option<&str>, extra: &[String]) -> String {
    // Each part is made safe on its own (see `doc_lines`), so that an unclosed fence in a spec's
    // text ends before the next part.
    let safe = |part: &str| {
        doc_lines(part)
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    };
    description
        .into_iter()
        .chain(extra.iter().map(String::as_str))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(safe)
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn spec_prose_never_becomes_code_that_runs_or_a_broken_comment() {
        let text = "a\r\nb\rc\u{7}d\n\n```\nrun();\n```\n\n```rust,ignore\nrun();\n```\n\n\tindented();\n        indented();\n\n~~~~\nx\n~~~~\n\n```\nunclosed();";
        assert_eq!(
            doc_lines(text),
            [
                " a",
                " b",
                " cd",
                "",
                " ```text",
                " run();",
                " ```",
                "",
                " ```text",
                " run();",
                " ```",
                "",
                "    indented();",
                "    indented();",
                "",
                " ~~~~text",
                " x",
                " ~~~~",
                "",
                " ```text",
                " unclosed();",
                " ```",
            ]
        );
    }
}
