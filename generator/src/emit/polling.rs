//! Calls over several requests, declared in the spec: paged lists (`x-ncp-pagination`) become an
//! impl of the runtime's `Paginated` and page and item stream methods on the API handle; waiters
//! (`x-ncp-waiters`) become a `static` of the runtime's `Waiter`, one function per response path
//! its acceptors read, and a wait method. The names come from the [API model](crate::rust_view);
//! all the polling and paging logic is in the runtime, and this is declarations only.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{Scope, doc, doc_text};
use crate::ir::*;
use crate::naming::ident;
use crate::runtime as rt;
use crate::rust_view::{self, OperationView, WaiterView, names};

/// The `Paginated` impl of a paged list action, and the statics of its waiters.
pub fn operation_items(scope: &Scope<'_>, view: &OperationView<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(p) = &view.op.pagination {
        out.extend(paginated(scope, view, p));
    }
    for w in &view.waiters {
        out.extend(waiter_static(scope, view, w));
    }
    out
}

/// The methods of the API handle for the paged lists and waiters of an operation.
pub fn api_methods(view: &OperationView<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    let op = view.op;
    let request = ident(&view.request);
    if let (Some(paging), Some(p)) = (&view.paging, &op.pagination) {
        let by_offset = matches!(p.kind, PageKind::Offset { .. });
        let (error, page_options) = (rt::error(), rt::page_options());
        let (page_stream, item_stream) = if by_offset {
            (rt::offset_page_stream(), rt::offset_item_stream())
        } else {
            (rt::page_stream(), rt::item_stream())
        };
        let pages = ident(&paging.pages);
        let items = ident(&paging.items);
        let pages_doc = doc(&if by_offset {
            format!(
                "Every page of `{}`, as a stream of pages, from `options`' start offset (restartable from a saved \
                 `next_offset`), `options`' page size as the limit. Each page is its own validated, signed call; \
                 the stream ends on a short or empty page or once the total count of items was seen, and fails \
                 rather than loop when the server sends the same page twice. Fails at once if the start offset or \
                 limit breaks the parameters' rules.",
                op.wire_name
            )
        } else {
            format!(
                "Every page of `{}`, as a stream of pages, from `options`' start page (restartable from a saved \
                 `next_page_no`) with its page size. Each page is its own validated, signed call; the stream ends on \
                 a short or empty page or once `totalRows` items were seen, and fails rather than loop when the \
                 server sends the same page twice. Fails at once if the start page or page size breaks the \
                 parameters' rules.",
                op.wire_name
            )
        });
        let items_doc = doc(&format!(
            "Every item of every page of `{}`, as a stream of items: [`{}`](Self::{}) flattened.",
            op.wire_name, pages, pages
        ));
        out.extend(quote! {
            #pages_doc
            pub fn #pages(self, request: #request, options: #page_options) -> ::std::result::Result<#page_stream<#request>, #error> {
                #page_stream::new(self.client, request, options)
            }

            #items_doc
            pub fn #items(self, request: #request, options: #page_options) -> ::std::result::Result<#item_stream<#request>, #error> {
                ::std::result::Result::Ok(#page_stream::new(self.client, request, options)?.items())
            }
        });
    }
    for view in &view.waiters {
        let w = view.waiter;
        let wait = rt::wait();
        let method = ident(&view.method);
        let statik = static_name(view);
        let first = if w.initial_delay > 0 {
            format!("the first poll is {} s after the call, ", w.initial_delay)
        } else {
            String::new()
        };
        let mut text = doc_text(
            w.description.as_deref(),
            &[format!(
                "Polls `{}` with `request` until one of these holds, in order:\n\n{}\n\nBy default {first}the second poll is \
                 {} s after the first, later ones at most {} s apart (growing, with jitter), and the wait gives up \
                 after {} s; override with the returned wait's setters before awaiting it. Throttling and NCP's \
                 transient errors are polled through; any other error ends the wait. Only `{}` is sent.",
                op.wire_name,
                acceptors_doc(w),
                w.min_delay,
                w.max_delay,
                w.max_wait,
                op.wire_name
            )],
        );
        let (params, target) = match &w.select {
            Some(select) => {
                let key = ident(&select.key.rust_name);
                text.push_str(&format!(
                    "\n\nThe wait is about the item of `{}` whose `{}` is `{}`.",
                    select.list.wire_name, select.key.wire_name, select.key.rust_name
                ));
                (
                    quote!(, #key: impl ::std::convert::Into<::std::string::String>),
                    quote!(.target(#key)),
                )
            }
            None => (quote!(), quote!()),
        };
        let method_doc = doc(&text);
        out.extend(quote! {
            #method_doc
            pub fn #method(self, request: #request #params) -> #wait<#request> {
                #wait::new(self.client, request, &#statik) #target
            }
        });
    }
    out
}

fn acceptors_doc(w: &Waiter) -> String {
    w.acceptors
        .iter()
        .map(|a| {
            let state = match a.state {
                WaitState::Success => "success",
                WaitState::Failure => "failure",
                WaitState::Retry => "poll again",
            };
            format!("- {}: {state}", matcher_text(&a.matcher))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn matcher_text(m: &Matcher) -> String {
    let values = |values: &[String]| values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    match m {
        Matcher::Path {
            path,
            values: v,
            all: false,
        } => format!("`{}` is one of {}", path.text, values(v)),
        Matcher::Path {
            path,
            values: v,
            all: true,
        } => format!("every `{}` is one of {}", path.text, values(v)),
        Matcher::Empty(path) => format!("`{}` is empty", path.text),
        Matcher::Absent => "the item is not in the list".to_owned(),
        Matcher::ErrorCodes(codes) => format!("the call fails with `returnCode` {}", values(codes)),
        Matcher::Status(status) => format!("the service answers HTTP {status} (the gateway's own errors never match)"),
    }
}

fn static_name(w: &WaiterView<'_>) -> Ident {
    Ident::new(&w.statik, Span::call_site())
}

fn paginated(scope: &Scope<'_>, view: &OperationView<'_>, p: &Pagination) -> TokenStream {
    let types = &scope.types;
    let op = view.op;
    let request = ident(&view.request);
    let validation_error = rt::validation_error();
    let check_opt = rt::check_opt();
    let Some(model) = op.model() else {
        unreachable!("lowering checks that a paged list has a response model")
    };
    let response = types.model(model);
    let items_field = &response.fields[p.items_field];
    let items = ident(&items_field.rust_name);
    let item = match &items_field.ty {
        FieldType::List {
            item: ListItem::Model(id),
            ..
        } => rust_view::RustType::Named(&types.model(*id).name),
        FieldType::List {
            item: ListItem::Scalar(s),
            ..
        } => rust_view::field_scalar(types, s),
        _ => unreachable!("lowering checks that the items field is a list"),
    };
    let total = match p.total_field {
        Some(i) if response.fields[i].ty == FieldType::Scalar(FieldScalar::Int64) => {
            let total = ident(&response.fields[i].rust_name);
            quote!(response.#total)
        }
        Some(i) => {
            let total = ident(&response.fields[i].rust_name);
            quote!(response.#total.map(::std::convert::Into::into))
        }
        None => quote!({
            let _ = response;
            ::std::option::Option::None
        }),
    };
    let check = |index: usize, value: TokenStream| {
        let param = &op.params[index];
        let wire = &param.wire_name;
        match param.ty.scalar() {
            Scalar::Newtype(id) => {
                let ty = ident(&types.newtype(id).name);
                quote!(#check_opt::<#ty>(::std::option::Option::Some(#value), #wire, &mut violations))
            }
            _ => quote!(::std::option::Option::Some(#value)),
        }
    };
    let total_text = p
        .total_field
        .map(|i| {
            format!(
                " and `{}` the number of items across pages",
                response.fields[i].wire_name
            )
        })
        .unwrap_or_default();
    let (first_param, second_param) = match p.kind {
        PageKind::Number {
            page_param, size_param, ..
        } => (page_param, size_param),
        PageKind::Offset {
            offset_param,
            limit_param,
            ..
        } => (offset_param, limit_param),
    };
    let (first_field, second_field) = (
        ident(&op.params[first_param].rust_name),
        ident(&op.params[second_param].rust_name),
    );
    let (first_wire, second_wire) = (&op.params[first_param].wire_name, &op.params[second_param].wire_name);
    let (impl_doc, trait_path, consts, with_fn, total_fn) = match p.kind {
        PageKind::Number { default_size, .. } => {
            let page_check = check(first_param, quote!(page_no));
            let size_check = check(second_param, quote!(page_size));
            let default_size_lit = Literal::i32_unsuffixed(default_size);
            (
                format!(
                    "`{}` is a paged list: `{first_wire}` numbers the pages (from 1), `{second_wire}` sizes them (default {default_size}), `{}` holds a page's items{total_text}.",
                    op.wire_name, items_field.wire_name,
                ),
                rt::paginated(),
                quote! {
                    const DEFAULT_PAGE_SIZE: i32 = #default_size_lit;
                    const PAGE_NO_PARAM: &'static str = #first_wire;
                    const PAGE_SIZE_PARAM: &'static str = #second_wire;
                },
                quote! {
                    fn with_page(&self, page_no: i32, page_size: i32) -> ::std::result::Result<Self, #validation_error> {
                        let mut violations = ::std::vec::Vec::new();
                        let first = #page_check;
                        let second = #size_check;
                        if !violations.is_empty() {
                            return ::std::result::Result::Err(#validation_error::new(violations));
                        }
                        let mut next = ::std::clone::Clone::clone(self);
                        next.#first_field = first;
                        next.#second_field = second;
                        ::std::result::Result::Ok(next)
                    }
                },
                quote!(fn total_rows(response: &Self::Response) -> ::std::option::Option<i64> { #total }),
            )
        }
        PageKind::Offset { default_limit, .. } => {
            let offset_check = check(first_param, quote!(offset));
            let limit_check = check(second_param, quote!(limit));
            let default_limit_lit = Literal::i64_unsuffixed(default_limit);
            (
                format!(
                    "`{}` is a list paged by offset: `{first_wire}` is the offset of a page's first item (from 0), `{second_wire}` the most items a page holds (default {default_limit}), `{}` holds a page's items{total_text}.",
                    op.wire_name, items_field.wire_name,
                ),
                rt::offset_paginated(),
                quote! {
                    const DEFAULT_LIMIT: i64 = #default_limit_lit;
                    const OFFSET_PARAM: &'static str = #first_wire;
                    const LIMIT_PARAM: &'static str = #second_wire;
                },
                quote! {
                    fn with_offset(&self, offset: i64, limit: i64) -> ::std::result::Result<Self, #validation_error> {
                        let mut violations = ::std::vec::Vec::new();
                        let first = #offset_check;
                        let second = #limit_check;
                        if !violations.is_empty() {
                            return ::std::result::Result::Err(#validation_error::new(violations));
                        }
                        let mut next = ::std::clone::Clone::clone(self);
                        next.#first_field = first;
                        next.#second_field = second;
                        ::std::result::Result::Ok(next)
                    }
                },
                quote!(fn total(response: &Self::Response) -> ::std::option::Option<i64> { #total }),
            )
        }
    };
    let impl_doc = doc(&impl_doc);
    quote! {
        #impl_doc
        impl #trait_path for #request {
            type Item = #item;
            #consts

            #with_fn

            fn items(response: &Self::Response) -> &[Self::Item] {
                response.#items.as_deref().unwrap_or_default()
            }

            fn into_items(response: Self::Response) -> ::std::vec::Vec<Self::Item> {
                response.#items.unwrap_or_default()
            }

            #total_fn
        }
    }
}

/// The reading of a response that one or more acceptors of a waiter share: each is generated
/// once, as a function the acceptors point to.
#[derive(PartialEq)]
enum Reading<'w> {
    /// The values at a path, as wire text.
    Values(&'w ResponsePath),
    /// Whether a path holds nothing.
    Empty(&'w ResponsePath),
    /// Whether the selected item is missing from its list.
    Absent,
}

fn waiter_static(scope: &Scope<'_>, view: &OperationView<'_>, wv: &WaiterView<'_>) -> TokenStream {
    let types = &scope.types;
    let (op, w) = (view.op, wv.waiter);
    let request = ident(&view.request);
    let response = rust_view::response(types, &op.response);
    let (waiter, wait_options, acceptor, wait_state) =
        (rt::waiter(), rt::wait_options(), rt::acceptor(), rt::wait_state());
    let (values, emptiness) = (rt::values(), rt::emptiness());
    let statik = static_name(wv);
    let name = &w.name;
    let secs = |n: u64| {
        let n = Literal::u64_unsuffixed(n);
        quote!(::std::time::Duration::from_secs(#n))
    };
    let (max_wait, min_delay, max_delay) = (secs(w.max_wait), secs(w.min_delay), secs(w.max_delay));
    let initial_delay = if w.initial_delay > 0 {
        let d = secs(w.initial_delay);
        quote!(.with_initial_delay(#d))
    } else {
        quote!()
    };
    // The items a path starts from: the response itself, or the selected item of a list, whose
    // key the function is given.
    let (start, params, read) = match &w.select {
        Some(select) => {
            let list = ident(&select.list.rust_name);
            let key = ident(&select.key.rust_name);
            (
                quote!(r.#list.iter().flatten().filter(|item| item.#key.as_deref() == ::std::option::Option::Some(target))),
                quote!(r: &#response, target: &str),
                quote!(Item),
            )
        }
        None => (quote!(::std::iter::once(r)), quote!(r: &#response), quote!(Response)),
    };
    let mut readings: Vec<Reading<'_>> = Vec::new();
    for a in &w.acceptors {
        let reading = match &a.matcher {
            Matcher::Path { path, .. } => Reading::Values(path),
            Matcher::Empty(path) => Reading::Empty(path),
            Matcher::Absent => Reading::Absent,
            Matcher::ErrorCodes(_) | Matcher::Status(_) => continue,
        };
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    }
    let function = |reading: &Reading<'_>| {
        let i = readings.iter().position(|r| r == reading).unwrap_or_default();
        ident(&names::waiter_extractor(&wv.rust_name, i))
    };
    let functions = readings.iter().map(|reading| {
        let f = function(reading);
        match reading {
            Reading::Values(path) => {
                let chain = walk(&start, path);
                quote! {
                    fn #f(#params) -> ::std::vec::Vec<::std::string::String> {
                        #chain.collect()
                    }
                }
            }
            Reading::Empty(path) => {
                let chain = walk(&start, path);
                quote! {
                    fn #f(#params) -> bool {
                        #chain.next().is_none()
                    }
                }
            }
            Reading::Absent => {
                let Some(select) = &w.select else {
                    unreachable!("lowering allows `absent` only with `select`")
                };
                let (list, key) = (ident(&select.list.rust_name), ident(&select.key.rust_name));
                quote! {
                    fn #f(#params) -> bool {
                        !r.#list.iter().flatten().any(|item| item.#key.as_deref() == ::std::option::Option::Some(target))
                    }
                }
            }
        }
    });
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state {
            WaitState::Success => quote!(#wait_state::Success),
            WaitState::Failure => quote!(#wait_state::Failure),
            WaitState::Retry => quote!(#wait_state::Retry),
        };
        match &a.matcher {
            Matcher::Path { path, values: v, all } => {
                let f = function(&Reading::Values(path));
                let text = shown(w, path);
                let constructor = if *all { quote!(all) } else { quote!(any) };
                quote!(#acceptor::#constructor(#state, #text, #values::#read(#f), &[#(#v),*]))
            }
            Matcher::Empty(path) => {
                let f = function(&Reading::Empty(path));
                let text = shown(w, path);
                quote!(#acceptor::nothing(#state, #text, #emptiness::#read(#f)))
            }
            Matcher::Absent => {
                let f = function(&Reading::Absent);
                let text = match &w.select {
                    Some(s) => format!("{}[{}=…]", s.list.wire_name, s.key.wire_name),
                    None => String::new(),
                };
                quote!(#acceptor::nothing(#state, #text, #emptiness::#read(#f)))
            }
            Matcher::ErrorCodes(codes) => quote!(#acceptor::error_code(#state, &[#(#codes),*])),
            Matcher::Status(status) => {
                let text = format!("HTTP {status}");
                quote!(#acceptor::status(#state, #text, #status))
            }
        }
    });
    let static_doc = doc(&format!("The waiter `{name}` of `{}`.", op.wire_name));
    quote! {
        #static_doc
        static #statik: #waiter<#request> = #waiter::new(
            #name,
            #wait_options::new(#max_wait, #min_delay, #max_delay)#initial_delay,
            &[#(#acceptors),*],
        );

        #(#functions)*
    }
}

/// A path as messages show it: from the response, through the selected item if any.
fn shown(w: &Waiter, path: &ResponsePath) -> String {
    match &w.select {
        Some(s) => format!("{}[{}=…].{}", s.list.wire_name, s.key.wire_name, path.text),
        None => path.text.clone(),
    }
}

/// An iterator over what `path` reaches from the items of `start`: wire text for a value,
/// items for a list.
fn walk(start: &TokenStream, path: &ResponsePath) -> TokenStream {
    let open_enum = rt::open_enum();
    let mut chain = quote!((#start));
    let last = path.steps.len().saturating_sub(1);
    for (i, step) in path.steps.iter().enumerate() {
        let field = ident(&step.rust_name);
        chain = if step.each {
            quote!(#chain.flat_map(|x| x.#field.iter().flatten()))
        } else {
            quote!(#chain.filter_map(|x| x.#field.as_ref()))
        };
        if i == last {
            chain = match path.end {
                PathEnd::String => quote!(#chain.map(::std::clone::Clone::clone)),
                PathEnd::Enum => quote!(#chain.map(|v| ::std::borrow::ToOwned::to_owned(#open_enum::wire(v)))),
                PathEnd::Display => quote!(#chain.map(::std::string::ToString::to_string)),
                PathEnd::Items => chain,
            };
        }
    }
    chain
}
