//! The runtime registry: every item of the `ncloud-runtime` crate that generated code names, in
//! one place.
//!
//! Each generated file imports the runtime's hidden `__private` module once, under the alias
//! [`ALIAS`] (`use ::ncloud_runtime::__private as __rt;`, see [`import`]), and every emitted path
//! to a runtime item comes from a function of this module (`__rt::Client`). Moving an item inside
//! the runtime changes only its `__private` re-export; renaming one changes only its line here.
//! No emitted code spells a runtime path inline.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Where generated code finds the runtime unless told otherwise: the hidden module of the
/// `ncloud-runtime` crate that exists for generated code.
pub const DEFAULT_ROOT: &str = "::ncloud_runtime::__private";

/// The name of the runtime crate, as a generated crate's `Cargo.toml` depends on it.
pub const CRATE: &str = "ncloud-runtime";

/// The version of the runtime this generator emits code for (`runtime/Cargo.toml`; a test checks
/// that they agree).
pub const VERSION: &str = "0.1.0";

/// The alias under which each generated file imports the runtime root.
pub const ALIAS: &str = "__rt";

/// `use <root> as __rt;`: the one line of a generated file that says where the runtime is. `root`
/// has passed [`check_root`]; anything else is emitted as the default root.
pub fn import(root: &str) -> TokenStream {
    let alias = Ident::new(ALIAS, Span::call_site());
    let root = syn::parse_str::<syn::Path>(root)
        .or_else(|_| syn::parse_str::<syn::Path>(DEFAULT_ROOT))
        .expect("the default root is a path");
    quote! {
        #[allow(unused_imports)] // Not every generated file uses the runtime.
        use #root as #alias;
    }
}

/// Checks a runtime root given as text: an absolute Rust path (`::ncloud_runtime::__private`).
pub fn check_root(root: &str) -> Result<(), String> {
    match syn::parse_str::<syn::Path>(root) {
        Ok(path) if path.leading_colon.is_some() => Ok(()),
        Ok(_) => Err(format!(
            "the runtime root `{root}` must be an absolute path, starting with `::`"
        )),
        Err(e) => Err(format!("the runtime root `{root}` is not a Rust path: {e}")),
    }
}

/// The crate a root names (`ncloud_runtime` in `::ncloud_runtime::__private`).
pub fn root_crate(root: &str) -> Ident {
    let name = root
        .trim_start_matches("::")
        .split("::")
        .next()
        .unwrap_or("ncloud_runtime")
        .trim();
    syn::parse_str::<Ident>(name).unwrap_or_else(|_| Ident::new("ncloud_runtime", Span::call_site()))
}

fn item(name: &str) -> TokenStream {
    let alias = Ident::new(ALIAS, Span::call_site());
    let name = Ident::new(name, Span::call_site());
    quote!(#alias::#name)
}

macro_rules! registry {
    ($($(#[$doc:meta])* $function:ident => $name:literal;)*) => {
        $(
            $(#[$doc])*
            pub fn $function() -> TokenStream {
                item($name)
            }
        )*

        /// The name of every item above, as `__private` exports it.
        pub const ITEMS: &[&str] = &[$($name),*];
    };
}

registry! {
    /// The `serde` crate, re-exported so that generated crates need no dependency on it.
    serde => "serde";
    /// The runtime's client, which generated per-family handles call through.
    client => "Client";
    /// The builder of a client, generic over the generated crate's client type.
    client_builder => "ClientBuilder";
    /// The configuration error of building a client.
    config_error => "ConfigError";
    /// The one error type of a call.
    error => "Error";
    /// The trait every request type implements.
    action => "Action";
    /// Where an API is served at one site.
    server => "Server";
    /// An NCP site.
    site => "Site";
    /// The writer of the exact query string that is signed and sent.
    query_writer => "QueryWriter";
    /// Every broken rule of a request.
    validation_error => "ValidationError";
    /// One broken rule.
    violation => "Violation";
    /// A string held only when it satisfies its rules.
    valid_str => "ValidStr";
    /// An integer held only when it satisfies its rules.
    valid_int => "ValidInt";
    /// The rules of a `ValidStr`.
    str_rules => "StrRules";
    /// The rules of a `ValidInt`.
    int_rules => "IntRules";
    /// One string rule, as data.
    str_rule => "StrRule";
    /// One integer rule, as data.
    int_rule => "IntRule";
    /// A compiled-once regular expression.
    pattern => "Pattern";
    /// Checks an optional raw value into its constrained type.
    check_opt => "check_opt";
    /// Checks every raw item of a list into its constrained type.
    check_each => "check_each";
    /// Checks a list's item count.
    check_items => "check_items";
    /// The trait every response model implements.
    model => "Model";
    /// One field of a model being decoded.
    field => "Field";
    /// Receives a model's fields when it is encoded.
    field_sink => "FieldSink";
    /// Implements `serde` for a model through the runtime's generic decoder and encoder.
    serde_via_model => "serde_via_model";
    /// Why a response body could not be decoded.
    decode_error => "DecodeError";
    /// XML or JSON.
    format => "Format";
    /// A whole response body: its XML root, JSON envelope and decoders.
    response_body => "ResponseBody";
    /// NCP's date-time form.
    timestamp => "Timestamp";
    /// A response enum with an `Unknown` value.
    open_enum => "OpenEnum";
    /// A request enum.
    closed_enum => "ClosedEnum";
    /// The standard trait impls of an open enum.
    open_enum_impls => "open_enum_impls";
    /// The standard trait impls of a closed enum.
    closed_enum_impls => "closed_enum_impls";
    /// What a paged list action is.
    paginated => "Paginated";
    /// Where a page stream starts and how large its pages are.
    page_options => "PageOptions";
    /// Every page of a paged list, as a stream.
    page_stream => "PageStream";
    /// Every item of a paged list, as a stream.
    item_stream => "ItemStream";
    /// A waiter: a name, default options and acceptors.
    waiter => "Waiter";
    /// A waiter's delays and longest wait.
    wait_options => "WaitOptions";
    /// A condition on a poll's outcome.
    acceptor => "Acceptor";
    /// How an acceptor reads the values at its path.
    values => "Values";
    /// How an acceptor tells that its path holds nothing.
    emptiness => "Emptiness";
    /// What an acceptor decides.
    wait_state => "WaitState";
    /// One wait, to be awaited.
    wait => "Wait";
    /// What a list paged by offset and limit is.
    offset_paginated => "OffsetPaginated";
    /// Every page of a list paged by offset, as a stream.
    offset_page_stream => "OffsetPageStream";
    /// Every item of a list paged by offset, as a stream.
    offset_item_stream => "OffsetItemStream";
    /// An HTTP method.
    method => "Method";
    /// RPC or REST: how a call's answers and errors are read.
    style => "Style";
    /// The writer of the exact path below the base path that is signed and sent.
    path_writer => "PathWriter";
    /// The writer of a request's header parameters.
    header_writer => "HeaderWriter";
    /// A JSON object being written, its members in order.
    json_object => "JsonObject";
    /// The bytes of a body that is one value as a whole (a free-form object, a map).
    whole_body => "whole_body";
    /// A request value as JSON.
    to_json => "ToJson";
    /// A JSON value (`serde_json::Value`).
    json_value => "JsonValue";
    /// A JSON object (`serde_json::Map<String, serde_json::Value>`).
    json_map => "JsonMap";
    /// Checks a raw value into its constrained type under a path in a JSON body.
    check_at => "check_at";
    /// Checks a list's item count under a path in a JSON body.
    check_items_at => "check_items_at";
    /// Checks a path parameter's text: not empty, `.` or `..`.
    check_segment => "check_segment";
    /// Checks a header parameter's text: visible ASCII.
    check_header_value => "check_header_value";
    /// Hides the values of the violations of a parameter that is not logged.
    redact_from => "redact_from";
    /// Records that a required property of an optional body is missing.
    check_required => "check_required";
    /// `parent.name`, the path of a member of a JSON body.
    join_path => "join_path";
    /// `parent[i]`, the path of an item of a list in a JSON body.
    index_path => "index_path";
    /// Decodes a REST JSON body (an empty one as the empty value).
    rest_json => "rest_json";
    /// Reads a REST response without content.
    rest_empty => "rest_empty";
    /// Reads a REST response as bytes.
    rest_bytes => "rest_bytes";
}
