//! Emit: IR → Rust tokens, one small function per kind of item. Generated code stays thin and
//! declarative: anything with logic lives in the hand-written `ncloud-runtime` crate, named only
//! through the [`runtime`](crate::runtime) registry.

mod krate;
mod model;
mod polling;
mod request;
mod scope;
mod types;

pub use krate::{CrateOptions, RuntimeDep, cargo_toml, index, lib_rs};
pub use scope::{Part, PartInput, ResponseRoot, Scope, TypeDigests, TypeSlice};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Service, Site, TypeDef, TypeId};
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{OperationView, ServiceView, names};

/// Emits the parts of one service module (`src/generated/<module>.rs`).
#[derive(Debug)]
pub struct ServiceEmitter<'a> {
    service: &'a Service,
    view: ServiceView<'a>,
    root: &'a str,
    digests: std::sync::Arc<scope::TypeDigests>,
}

impl<'a> ServiceEmitter<'a> {
    /// An emitter for `service`, whose code finds the runtime at `root`
    /// ([`runtime::DEFAULT_ROOT`](crate::runtime::DEFAULT_ROOT) unless a crate says otherwise).
    pub fn new(service: &'a Service, root: &'a str) -> Self {
        ServiceEmitter {
            service,
            view: ServiceView::new(service),
            root,
            digests: std::sync::Arc::new(scope::TypeDigests::new(&service.types)),
        }
    }

    /// The parts of the module, in file order, each with the scope its code is made from.
    pub fn parts(&self) -> Vec<PartInput<'a>> {
        let service = self.service;
        let scope = |roots: Vec<TypeId>| Scope::new(service, self.root, roots, &self.digests);
        let ops = &self.view.operations;
        let mut parts = vec![PartInput {
            scope: scope(Vec::new()),
            part: Part::Head,
        }];
        parts.extend(ops.iter().map(|o| PartInput {
            scope: scope(response_types(&o.op.response).into_iter().collect()),
            part: Part::ApiMethods(o.clone()),
        }));
        parts.extend(ops.iter().map(|o| {
            let mut roots: Vec<TypeId> = o.op.params.iter().filter_map(|p| p.ty.type_id()).collect();
            roots.extend(response_types(&o.op.response));
            PartInput {
                scope: scope(roots),
                part: Part::Operation(o.clone()),
            }
        }));
        let mut responses = std::collections::BTreeSet::new();
        parts.extend(
            ops.iter()
                .filter_map(ResponseRoot::of)
                .filter(|r| responses.insert(r.response))
                .map(|r| PartInput {
                    scope: scope(vec![TypeId::Model(r.response)]),
                    part: Part::ResponseRoot(r),
                }),
        );
        parts.extend(service.types.sorted().into_iter().map(|(id, t)| PartInput {
            scope: scope(vec![id]),
            part: Part::Type(t),
        }));
        if !service.types.newtypes.is_empty() {
            let newtypes: Vec<_> = service
                .types
                .sorted()
                .into_iter()
                .filter_map(|(_, t)| match t {
                    TypeDef::Newtype(n) => Some(n),
                    TypeDef::Enum(_) | TypeDef::Model(_) | TypeDef::RequestModel(_) => None,
                })
                .collect();
            parts.push(PartInput {
                scope: scope(Vec::new()),
                part: Part::Rules(newtypes),
            });
        }
        parts
    }

    /// Writes the key of `part` in the generator's [`Cache`](crate::cache::Cache) into `out`:
    /// the part's whole input, from which alone [`emit`](Self::emit) makes its code. Two parts
    /// with the same key are emitted to the same code.
    pub fn fingerprint(&self, part: &PartInput<'_>, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        write!(out, "{part:?}")
    }

    /// The tokens of one part, made from its input alone.
    pub fn emit(&self, input: &PartInput<'_>) -> TokenStream {
        emit(input)
    }
}

/// The tokens of one part, made from its input alone.
pub fn emit(input: &PartInput<'_>) -> TokenStream {
    let scope = &input.scope;
    match &input.part {
        Part::Head => head(scope),
        Part::ApiMethods(view) => {
            let api = ident(names::API_TYPE);
            let methods = api_methods(scope, view);
            quote! {
                impl<'c> #api<'c> {
                    #methods
                }
            }
        }
        Part::Operation(op) => {
            let mut tokens = request::operation(scope, op);
            tokens.extend(polling::operation_items(scope, op));
            tokens
        }
        Part::ResponseRoot(op) => model::response_root(scope, op),
        Part::Type(TypeDef::Newtype(n)) => types::newtype(n),
        Part::Type(TypeDef::Enum(e)) if e.open => types::open_enum(e),
        Part::Type(TypeDef::Enum(e)) => types::closed_enum(e),
        Part::Type(TypeDef::Model(m)) => model::model(scope, m),
        Part::Type(TypeDef::RequestModel(m)) => request::request_model(scope, m),
        Part::Rules(newtypes) => {
            let rules = newtypes.iter().map(|n| types::newtype_rules(n));
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

/// The named types a response reaches directly: its model, or the model or enum of its value.
fn response_types(response: &crate::ir::Response) -> Option<TypeId> {
    match response {
        crate::ir::Response::Rpc { model, .. } => Some(TypeId::Model(*model)),
        crate::ir::Response::Json { ty, .. } => ty.type_id(),
        crate::ir::Response::Empty { .. } | crate::ir::Response::Bytes { .. } => None,
    }
}

/// The tokens of one whole service module (`src/generated/<module>.rs`): every part, in order.
pub fn service(service: &Service, root: &str) -> TokenStream {
    let emitter = ServiceEmitter::new(service, root);
    emitter.parts().iter().map(emit).collect()
}

/// The module's documentation, `BASE_PATH`, `SERVERS` and the `Api` handle.
fn head(scope: &Scope<'_>) -> TokenStream {
    let module_doc = inner_doc(&module_doc_text(scope));
    let base_path = scope.base_path;
    let servers = scope.servers.iter().map(|s| {
        let site = match s.site {
            Site::Public => quote!(Public),
            Site::Gov => quote!(Gov),
            Site::Fin => quote!(Fin),
        };
        let origin = &s.origin;
        let (server, rt_site) = (rt::server(), rt::site());
        let base_path_const = ident(names::BASE_PATH_CONST);
        let regions = s.region_paths.iter().map(|(region, path)| quote!((#region, #path)));
        quote! {
            #server {
                site: #rt_site::#site,
                origin: #origin,
                base_path: #base_path_const,
                region_paths: &[#(#regions),*],
            }
        }
    });
    let api = api(scope);
    let import = rt::import(scope.root);
    let server = rt::server();
    let (base_path_const, servers_const) = (ident(names::BASE_PATH_CONST), ident(names::SERVERS_CONST));
    quote! {
        #module_doc

        #import

        #[doc = " The path every action of this API lives under, after the scheme and host."]
        pub const #base_path_const: &str = #base_path;

        #[doc = " Where this API is served, per NCP site."]
        pub const #servers_const: &[#server] = &[#(#servers),*];

        #api
    }
}

/// The per-API handle on a client and its constructor; its methods, one or more per action,
/// follow in parts of their own ([`api_methods`]).
fn api(scope: &Scope<'_>) -> TokenStream {
    let client = rt::client();
    let doc = doc(&format!(
        "Calls of the {} through a client: `client.{}()`.",
        scope.title, scope.module
    ));
    let api = ident(names::API_TYPE);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #api<'c> {
            client: &'c #client,
        }

        impl<'c> #api<'c> {
            /// Calls of this API made with `client`.
            pub fn new(client: &'c #client) -> Self {
                #api { client }
            }
        }
    }
}

/// The `Api` handle's methods for one action: the call, returning its future, and its paging
/// and waiting methods.
fn api_methods(scope: &Scope<'_>, view: &OperationView<'_>) -> TokenStream {
    let error = rt::error();
    let op = view.op;
    let name = ident(&view.method);
    let request = ident(&view.request);
    let response = crate::rust_view::response(&scope.types, &op.response);
    let summary = op.summary.as_deref().unwrap_or(&op.wire_name);
    let mut text = doc_text(Some(summary), &[op.description.clone().unwrap_or_default()]);
    text.push_str(&format!(
        "\n\nCalls `{}` (`{} {}{}`). The request was validated when it was built; only failures that prove \
         the action did not run are retried.",
        op.wire_name, op.method, scope.base_path, op.path
    ));
    let method_doc = doc(&text);
    let deprecated = if op.deprecated {
        quote!(#[deprecated = "deprecated by the API"])
    } else {
        quote!()
    };
    let polling = polling::api_methods(view);
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
}

fn module_doc_text(scope: &Scope<'_>) -> String {
    let mut text = format!("{} (`{}`).", scope.title, scope.base_path);
    if let Some(d) = scope.description {
        text.push_str("\n\n");
        text.push_str(&doc_text(Some(d), &[]));
    }
    text.push_str("\n\nEndpoints:\n");
    for s in scope.servers {
        text.push_str(&format!("\n- {:?}: `{}{}`", s.site, s.origin, scope.base_path));
        if !s.region_paths.is_empty() {
            let regions: Vec<String> = s
                .region_paths
                .iter()
                .map(|(region, path)| format!("{region}: `{path}`"))
                .collect();
            text.push_str(&format!(
                "; the base path follows the client's region ({}), and is the one above when the client has none",
                regions.join(", ")
            ));
        }
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
///   characters are dropped: a bare carriage return is an error in a doc comment. Characters
///   that change the direction of text (U+202A–U+202E, U+2066–U+2069), which rustc refuses in
///   comments, are written as their escapes (`\u{202E}`).
/// - Every line is read as Markdown does: first its containers (block quote markers `>`, list
///   markers `-`, `*`, `+`, `1.`, `1)`), then its content. Every fenced code block, at the top
///   level or inside containers, becomes a `text` block, whatever its info string said: rustdoc
///   compiles and runs unmarked and `rust` blocks as doctests. A fence still open when its
///   containers change is closed there.
/// - The content's indentation is capped at three spaces, at the top level and after each
///   container marker, so no line starts an indented code block (which rustdoc would also run).
pub fn doc_lines(text: &str) -> Vec<String> {
    let lines = rewritten_lines(text);
    if runs_code(&lines) {
        // Markdown read in context can still see code the line-by-line rewrite did not (a
        // container that could not interrupt a paragraph, say): then every line is written so
        // that no block can start at all.
        return escaped_lines(text);
    }
    lines
}

/// Whether rustdoc would find a code block it runs in `lines` (doc comment lines, each with its
/// leading space), read by the Markdown parser rustdoc uses: an indented block, or a fenced one
/// whose info string is not `text`.
fn runs_code(lines: &[String]) -> bool {
    could_hold_code(lines) && parser_finds_code(lines)
}

/// Whether `lines` have what any code block needs: an indented block needs four columns of
/// indentation past its containers' content (four spaces in a row, or a tab), a fenced one a
/// fence of backticks or tildes. Most spec prose has none, and is then not parsed at all: the
/// Markdown parser was run for every doc text twice (once per part, once for the whole).
fn could_hold_code(lines: &[String]) -> bool {
    lines.iter().any(|l| l.contains(['\t', '`', '~']) || l.contains("    "))
}

/// [`runs_code`], asked of the Markdown parser.
fn parser_finds_code(lines: &[String]) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let doc: String = lines
        .iter()
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    Parser::new(&doc).any(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => true,
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.as_ref() != "text",
        _ => false,
    })
}

/// `text` as plain lines in which no Markdown block can start: no indentation, and a backslash
/// before a first character that could open one (`>`, `-`, a fence, a digit's `.`…).
fn escaped_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.trim()
        .lines()
        .map(|line| {
            let line = safe_chars(line);
            let line = line.trim();
            if line.is_empty() {
                return String::new();
            }
            // The `.` or `)` after leading digits would make a list item.
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let mut out = String::from(" ");
            for (i, c) in line.chars().enumerate() {
                let opens = i == 0 && c.is_ascii_punctuation() && c != '(' && c != '"' && c != '\'';
                let numbers = i == digits && digits > 0 && (c == '.' || c == ')');
                if opens || numbers || c == '`' || c == '~' {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        })
        .collect()
}

/// [`doc_lines`]' line-by-line rewrite of `text`.
fn rewritten_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // The open fence: its marker and the containers of the line that opened it.
    let mut fence: Option<(String, String)> = None;
    let mut lines = Vec::new();
    let push = |lines: &mut Vec<String>, out: String| {
        lines.push(if out.trim().is_empty() {
            String::new()
        } else {
            format!(" {out}")
        });
    };
    for line in text.trim().lines() {
        let line = safe_chars(line);
        let line = line.trim_end().replace('\t', "    ");
        let (containers, content) = split_containers(&line);
        // A list marker starts a new item, even one like the item the fence opened in.
        let new_item = containers.chars().any(|c| c != '>' && c != ' ');
        if let Some((open, opened_in)) = &fence
            && (*opened_in != containers || new_item)
        {
            // Markdown closes a fence where its container ends; close it here too, so that what
            // follows is read as prose again.
            push(&mut lines, format!("{}{open}", continuation(opened_in)));
            fence = None;
        }
        let trimmed = content.trim_start();
        // A fence: three or more of one of ` and ~, then an info string (which, after backticks,
        // holds no backtick).
        let first = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let marker: String = first
            .map(|f| trimmed.chars().take_while(|c| *c == f).collect())
            .unwrap_or_default();
        let info = &trimmed[marker.len()..];
        let is_fence = marker.len() >= 3 && (first == Some('~') || !info.contains('`'));
        let out = match fence.clone() {
            Some((open, _)) if is_fence && trimmed.trim() == marker && marker.starts_with(open.as_str()) => {
                fence = None;
                format!("{containers}{open}")
            }
            Some(_) => line.clone(),
            None if is_fence => {
                fence = Some((marker.clone(), containers.clone()));
                format!("{containers}{marker}text")
            }
            None => {
                let indent = content.len() - trimmed.len();
                format!("{containers}{}{trimmed}", " ".repeat(indent.min(3)))
            }
        };
        push(&mut lines, out);
    }
    if let Some((open, containers)) = fence {
        // An unclosed fence would swallow everything after it into the code block.
        push(&mut lines, format!("{}{open}", continuation(&containers)));
    }
    lines
}

/// `line` without control characters (tabs kept), with text-direction controls escaped.
fn safe_chars(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push_str(&c.escape_unicode().to_string()),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The prefix that continues the containers a line opened, on a line of its own: block quote
/// markers stay, list markers become spaces of their width (a marker would start a new item).
fn continuation(containers: &str) -> String {
    containers.chars().map(|c| if c == '>' { '>' } else { ' ' }).collect()
}

/// Splits a line into its Markdown containers (spaces, then `>` or a list marker, repeatedly),
/// written again in one form (`> ` and `- `, `1. `: the marker and one space), and
/// its content. Writing them in one form keeps what a continuation line needs to stay inside
/// them simple: the same width.
fn split_containers(line: &str) -> (String, &str) {
    let bytes = line.as_bytes();
    let mut containers = String::new();
    let mut end = 0;
    loop {
        // Any indentation before a marker is dropped: four spaces or more would make the line
        // an indented code block, which is never kept.
        let mut at = end;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        let marker_end = match bytes.get(at) {
            Some(b'>') => at + 1,
            Some(b'-' | b'*' | b'+') if matches!(bytes.get(at + 1), None | Some(b' ')) => at + 1,
            Some(b'0'..=b'9') => {
                let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(at + digits) {
                    Some(b'.' | b')') if digits <= 9 && matches!(bytes.get(at + digits + 1), None | Some(b' ')) => {
                        at + digits + 1
                    }
                    _ => break,
                }
            }
            _ => break,
        };
        containers.push_str(&line[at..marker_end]);
        containers.push(' ');
        // One space belongs to the marker; more is the content's indentation.
        end = if bytes.get(marker_end) == Some(&b' ') {
            marker_end + 1
        } else {
            marker_end
        };
    }
    (containers, &line[end..])
}

/// A spec description, followed by extra paragraphs; empty parts are left out.
pub(crate) fn doc_text(description: Option<&str>, extra: &[String]) -> String {
    // Each part is made safe on its own (see `doc_lines`), so that an unclosed fence in a spec's
    // text ends before the next part. The spec's text is prose written for another renderer:
    // its brackets and bare URLs are escaped too (see `prose_lines`); the extra paragraphs are
    // the generator's own, whose links are meant.
    let safe = |part: &str, spec: bool| {
        let lines = doc_lines(part);
        let lines = if spec { prose_lines(lines) } else { lines };
        lines
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    };
    description
        .into_iter()
        .map(|d| (d, true))
        .chain(extra.iter().map(|e| (e.as_str(), false)))
        .map(|(part, spec)| (part.trim(), spec))
        .filter(|(part, _)| !part.is_empty())
        .map(|(part, spec)| safe(part, spec))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Doc lines of a spec's prose (from [`doc_lines`]) with what rustdoc would take for something
/// else made plain, outside code spans and `text` blocks: a bracketed text that is not an inline
/// link (`[0-9]` in a pattern, `[optional]`) would be an intra-doc link to nothing, so its
/// brackets are escaped; a bare URL is put in `<…>`, which makes it the link it is meant to be.
/// Inline links (`[text](url)`) and text already escaped stay as they are.
fn prose_lines(lines: Vec<String>) -> Vec<String> {
    let mut in_fence = false;
    lines
        .into_iter()
        .map(|line| {
            let (containers, content) = split_containers(line.strip_prefix(' ').unwrap_or(&line));
            let trimmed = content.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                return line;
            }
            if in_fence || !content.contains(['[', ']', ':']) {
                return line;
            }
            format!(" {containers}{}", plain_prose(content))
        })
        .collect()
}

/// One line of prose with its stray brackets escaped and its bare URLs in `<…>` (see
/// [`prose_lines`]).
fn plain_prose(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    // Brackets to escape: the closing one of a `[` that opens no inline link.
    let mut escape_at: Vec<usize> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let escaped = i > 0 && chars[i - 1] == '\\';
        if c == '`' {
            // A code span: the same number of backticks closes it, on this line.
            let run = chars[i..].iter().take_while(|&&b| b == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|&&b| b == '`').count() == run && (j == 0 || chars[j - 1] != '`')
            });
            let end = close.map_or(i + run, |j| j + run);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if c == '[' && !escaped {
            let close = (i + 1..chars.len()).find(|&j| chars[j] == ']' || chars[j] == '[');
            match close {
                Some(j) if chars[j] == ']' && chars.get(j + 1) == Some(&'(') => out.push('['),
                Some(j) if chars[j] == ']' => {
                    escape_at.push(j);
                    out.push_str("\\[");
                }
                _ => out.push_str("\\["),
            }
            i += 1;
            continue;
        }
        if c == ']' && !escaped {
            if escape_at.last() == Some(&i) {
                escape_at.pop();
                out.push_str("\\]");
            } else if chars.get(i + 1) == Some(&'(') {
                out.push(']');
            } else {
                out.push_str("\\]");
            }
            i += 1;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        // A URL that is a link's target already, or an attribute's value.
        let linked = i > 0
            && (matches!(chars[i - 1], '<' | '"' | '\'' | '=')
                || (chars[i - 1] == '(' && i > 1 && chars[i - 2] == ']'));
        if (rest.starts_with("http://") || rest.starts_with("https://")) && !linked {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"' | '`') {
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..end]);
            out.push('>');
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn spec_prose_keeps_its_links_and_code_and_loses_what_rustdoc_would_misread() {
        let cases = [
            // A pattern's classes are not intra-doc links.
            ("Pattern: [a-zA-Z0-9_-]+", "Pattern: \\[a-zA-Z0-9_-\\]+"),
            ("[optional] name, a ] alone", "\\[optional\\] name, a \\] alone"),
            // Inline links and code spans stay as written.
            (
                "see [the guide](https://guide.ncloud-docs.com/x).",
                "see [the guide](https://guide.ncloud-docs.com/x).",
            ),
            ("`[0-9]+` and ``a ` [b]``", "`[0-9]+` and ``a ` [b]``"),
            // Bare URLs become links, without their sentence's punctuation.
            (
                "<br/>https://edge.apigw.ntruss.com/api/v1, or (https://x.example/a).",
                "<br/><https://edge.apigw.ntruss.com/api/v1>, or (<https://x.example/a>).",
            ),
            (
                "already <https://x.example> and \\[kept\\]",
                "already <https://x.example> and \\[kept\\]",
            ),
        ];
        for (spec, doc) in cases {
            assert_eq!(super::doc_text(Some(spec), &[]), doc, "{spec}");
        }
        // The generator's own paragraphs keep their intra-doc links.
        assert_eq!(
            super::doc_text(Some("[a]"), &["Build one with [`X::builder`].".to_owned()]),
            "\\[a\\]\n\nBuild one with [`X::builder`]."
        );
        // Inside a fenced block nothing changes.
        let fenced = super::doc_text(Some("```\n[0-9] https://x.example\n```"), &[]);
        assert_eq!(fenced, "```text\n[0-9] https://x.example\n```");
    }

    proptest::proptest! {
        /// What the parser is skipped for holds no code: text made of Markdown's block syntax
        /// (markers, digits, spaces up to three in a row, line breaks) never has a code block.
        #[test]
        fn text_the_parser_is_skipped_for_has_no_code(text in "[-*+>#=|<.)1a \n]{0,120}") {
            let lines: Vec<String> = text.split('\n').map(|l| format!(" {l}")).collect();
            if !super::could_hold_code(&lines) {
                proptest::prop_assert!(!super::parser_finds_code(&lines), "{text:?}");
            }
        }
    }

    #[test]
    fn the_precheck_lets_every_kind_of_code_through_to_the_parser() {
        for code in [
            "     indented",
            " \tindented",
            " - item\n\n         indented",
            " ```",
            " ~~~",
        ] {
            let lines: Vec<String> = code.split('\n').map(str::to_owned).collect();
            assert!(super::could_hold_code(&lines), "{code:?}");
            assert!(super::parser_finds_code(&lines), "{code:?}");
        }
    }

    #[test]
    fn code_inside_block_quotes_and_list_items_never_runs_either() {
        let text = "> ```\n> std::fs::write(\"x\", \"\");\n> ```\n\n1.     std::fs::write(\"x\", \"\");\n-     code();\n>     code();\n> 1. ```rust\n>    code();\n\nafter\n    top();\n* > - ~~~\n* > - x";
        assert_eq!(
            doc_lines(text),
            [
                " > ```text",
                " > std::fs::write(\"x\", \"\");",
                " > ```",
                "",
                " 1.    std::fs::write(\"x\", \"\");",
                " -    code();",
                " >    code();",
                " > 1. ```text",
                " >    ```",
                " >    code();",
                "",
                " after",
                "    top();",
                " * > - ~~~text",
                "   >   ~~~",
                " * > - x",
            ]
        );
        // The emitter runs text through twice; written again, it still runs nothing.
        let once: Vec<String> = doc_lines(text)
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l).to_owned())
            .collect();
        let again = doc_lines(&once.join("\n"));
        assert!(!super::runs_code(&again), "{again:?}");
    }

    #[test]
    fn text_that_markdown_reads_as_code_in_context_is_written_with_every_block_escaped() {
        // `2)` cannot interrupt a paragraph, so Markdown does not see the fence the line-by-line
        // rewrite closes, and would read its closing line as a fence of its own.
        let lines = doc_lines("```~~~````\n2) ``````");
        assert_eq!(lines, [" \\`\\`\\`\\~\\~\\~\\`\\`\\`\\`", " 2\\) \\`\\`\\`\\`\\`\\`"]);
        assert!(!super::runs_code(&lines));
    }

    #[test]
    fn text_direction_controls_are_escaped_and_other_controls_dropped() {
        assert_eq!(doc_lines("a\u{202E}b\u{2066}c\u{7}d"), [" a\\u{202e}b\\u{2066}cd"]);
    }

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
