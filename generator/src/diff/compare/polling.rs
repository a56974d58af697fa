//! The polling helpers of an action: its paging (`x-ncp-pagination`: the page and item streams)
//! and its waiters (`x-ncp-waiters`: the wait methods, named by `rust_view::names`).

use super::side::Side;
use super::{Cx, api};
use crate::diff::{Class, Kind};
use proc_macro2::TokenStream;

use crate::ir::{Acceptor, Matcher, Operation, PageKind, WaitState};
use crate::runtime as rt;
use crate::rust_view::{self, WaiterView, names};

impl Cx<'_> {
    /// `x-ncp-pagination`: what paging reads and writes, as wire names, for comparing two sides.
    fn paging_wire(side: &Side<'_>, op: &Operation) -> Option<(String, String, String, Option<String>, i64)> {
        let p = op.pagination.as_ref()?;
        let fields = &side.service.types.model(op.model()?).fields;
        let (first, second, default) = match p.kind {
            PageKind::Number {
                page_param,
                size_param,
                default_size,
            } => (page_param, size_param, i64::from(default_size)),
            PageKind::Offset {
                offset_param,
                limit_param,
                default_limit,
            } => (offset_param, limit_param, default_limit),
        };
        Some((
            op.params[first].wire_name.clone(),
            op.params[second].wire_name.clone(),
            fields[p.items_field].wire_name.clone(),
            p.total_field.map(|i| fields[i].wire_name.clone()),
            default,
        ))
    }

    /// The paging of an action on both sides: added, removed, or reading other parameters.
    pub(super) fn pagination(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let (old_api, new_api) = (api(old), api(new));
        let Some(paging) = new_api.paging.as_ref().or(old_api.paging.as_ref()) else {
            return;
        };
        let pages = rust_view::path(&[names::API_TYPE, &paging.pages]);
        let items = rust_view::path(&[names::API_TYPE, &paging.items]);
        let rust = rust_view::path(&[m, names::API_TYPE, &paging.pages]);
        let wire = format!("{} (x-ncp-pagination)", new.wire_name);
        let request = rust_view::path(&[&new_api.request]);
        match (Self::paging_wire(&self.old, old), Self::paging_wire(&self.new, new)) {
            (None, None) => {}
            (None, Some((page, size, list, _, _))) => self.push(
                Class::Compatible,
                Kind::PaginationAdded,
                rust,
                wire,
                format!("paged by `{page}`/`{size}` over `{list}`"),
                format!("new methods `{pages}` and `{items}` (page and item streams) and an impl of `Paginated` for `{request}`; existing code is unaffected"),
            ),
            (Some(_), None) => self.push(
                Class::Breaking,
                Kind::PaginationRemoved,
                rust,
                wire,
                "no longer paged".into(),
                format!("`{pages}` and `{items}` disappear and `{request}` no longer implements `Paginated`: code that uses them stops compiling"),
            ),
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) if by_offset(old) != by_offset(new) => {
                let streams = |offset: bool| {
                    if offset {
                        (rt_name(rt::offset_page_stream()), rt_name(rt::offset_item_stream()), rt_name(rt::offset_paginated()))
                    } else {
                        (rt_name(rt::page_stream()), rt_name(rt::item_stream()), rt_name(rt::paginated()))
                    }
                };
                let ((old_pages, old_items, old_trait), (new_pages, new_items, new_trait)) =
                    (streams(by_offset(old)), streams(by_offset(new)));
                let how = |offset: bool| if offset { "by offset and limit" } else { "by page number and size" };
                self.push(
                    Class::Breaking,
                    Kind::PaginationChanged,
                    rust,
                    wire,
                    format!("paged {} instead of {}", how(by_offset(new)), how(by_offset(old))),
                    format!(
                        "`{pages}` returns `{new_pages}<{request}>` instead of `{old_pages}<{request}>` and `{items}` returns `{new_items}<{request}>` instead of `{old_items}<{request}>`, and `{request}` implements `{new_trait}` instead of `{old_trait}`: code that names these types, or starts a stream at a page (or an offset), stops compiling"
                    ),
                );
            }
            (Some(a), Some(b)) => {
                let only_size = (&a.0, &a.1, &a.2, &a.3) == (&b.0, &b.1, &b.2, &b.3);
                let (class, effect) = if only_size {
                    (
                        Class::Compatible,
                        format!("streams without a page size ask for {} items per page instead of {}; the Rust API is unchanged", b.4, a.4),
                    )
                } else {
                    (
                        Class::NeedsReview,
                        "page streams send and read other parameters and fields; the Rust API is unchanged: check them against the server".into(),
                    )
                };
                let show = |p: &(String, String, String, Option<String>, i64)| {
                    format!(
                        "`{}`/`{}` over `{}`{}, default size {}",
                        p.0,
                        p.1,
                        p.2,
                        p.3.as_ref().map(|t| format!(", total `{t}`")).unwrap_or_default(),
                        p.4
                    )
                };
                self.push(class, Kind::PaginationChanged, rust, wire, format!("paging {} → {}", show(&a), show(&b)), effect);
            }
        }
    }

    /// The waiters of an action on both sides: added, removed, or deciding differently.
    pub(super) fn waiters(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let (old_api, new_api) = (api(old), api(new));
        let method = |w: &WaiterView<'_>| rust_view::path(&[names::API_TYPE, &w.method]);
        let rust = |w: &WaiterView<'_>| rust_view::path(&[m, names::API_TYPE, &w.method]);
        let delays = |w: &WaiterView<'_>| (w.waiter.min_delay, w.waiter.max_delay, w.waiter.max_wait);
        let initial = |w: &WaiterView<'_>| w.waiter.initial_delay;
        for w in &new_api.waiters {
            let name = &w.waiter.name;
            let wire = format!("{} (x-ncp-waiters.{name})", new.wire_name);
            match old_api.waiters.iter().find(|o| o.waiter.name == *name) {
                None => self.push(
                    Class::Compatible,
                    Kind::WaiterAdded,
                    rust(w),
                    wire,
                    format!("new waiter `{name}`"),
                    format!("new method `{}`; existing code is unaffected", method(w)),
                ),
                Some(o) if o.target != w.target => self.push(
                    Class::Breaking,
                    Kind::WaiterChanged,
                    rust(w),
                    wire,
                    format!("the waiter now selects its item by {}", w.target.as_ref().map_or("nothing".to_owned(), |k| format!("`{k}`"))),
                    format!("`{}` takes other arguments: calls stop compiling", method(w)),
                ),
                Some(o) if o.waiter.acceptors != w.waiter.acceptors => self.push(
                    Class::NeedsReview,
                    Kind::WaiterChanged,
                    rust(w),
                    wire,
                    acceptors_changed(&o.waiter.acceptors, &w.waiter.acceptors),
                    format!("`{}` compiles as before but decides differently when it succeeds, fails or polls again: review the new conditions", method(w)),
                ),
                Some(o) if delays(o) != delays(w) || initial(o) != initial(w) => {
                    let ((a, b, c), (d, e, f)) = (delays(o), delays(w));
                    let mut what = Vec::new();
                    if initial(o) != initial(w) {
                        what.push(format!("default initial delay {} s → {} s", initial(o), initial(w)));
                    }
                    if delays(o) != delays(w) {
                        what.push(format!("default delays {a}–{b} s, wait {c} s → {d}–{e} s, wait {f} s"));
                    }
                    self.push(
                        Class::Compatible,
                        Kind::WaiterChanged,
                        rust(w),
                        wire,
                        what.join("; "),
                        "waits that keep the defaults poll at the new pace and give up at the new time; options set by callers win as before".into(),
                    )
                }
                Some(_) => {}
            }
        }
        for o in &old_api.waiters {
            if !new_api.waiters.iter().any(|w| w.waiter.name == o.waiter.name) {
                self.push(
                    Class::Breaking,
                    Kind::WaiterRemoved,
                    rust(o),
                    format!("{} (x-ncp-waiters.{})", old.wire_name, o.waiter.name),
                    format!("waiter `{}` removed", o.waiter.name),
                    format!("`{}` disappears: code that calls it stops compiling", method(o)),
                );
            }
        }
    }
}

/// Whether an action is paged by offset and limit (rather than by page number and size).
fn by_offset(op: &Operation) -> bool {
    matches!(op.pagination.as_ref().map(|p| &p.kind), Some(PageKind::Offset { .. }))
}

/// The name of a runtime item as users write it (`OffsetPageStream`), from the registry.
fn rt_name(tokens: TokenStream) -> String {
    let text = tokens.to_string();
    text.rsplit("::").next().unwrap_or(&text).trim().to_owned()
}

/// The acceptors only one side has, in words: `acceptor "success when the poll fails with the
/// service's HTTP status 404" removed; … added`.
fn acceptors_changed(old: &[Acceptor], new: &[Acceptor]) -> String {
    let mut parts = Vec::new();
    for a in new.iter().filter(|a| !old.contains(a)) {
        parts.push(format!("acceptor added: {}", acceptor_text(a)));
    }
    for a in old.iter().filter(|a| !new.contains(a)) {
        parts.push(format!("acceptor removed: {}", acceptor_text(a)));
    }
    if parts.is_empty() {
        "acceptors reordered (the first that holds decides)".into()
    } else {
        format!("acceptors changed: {}", parts.join("; "))
    }
}

/// One acceptor in words: `success when the poll fails with the service's HTTP status 404`.
fn acceptor_text(a: &Acceptor) -> String {
    let state = match a.state {
        WaitState::Success => "success",
        WaitState::Failure => "failure",
        WaitState::Retry => "retry",
    };
    let values = |v: &[String]| v.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    let when = match &a.matcher {
        Matcher::Path { path, values: v, all } => format!(
            "{} `{}` {} {}",
            if *all { "every value at" } else { "a value at" },
            path.text,
            if v.len() == 1 { "is" } else { "is one of" },
            values(v)
        ),
        Matcher::Empty(path) => format!("nothing is at `{}`", path.text),
        Matcher::Absent => "the item is not in the list".into(),
        Matcher::ErrorCodes(codes) => format!("the poll fails with the service's error code {}", values(codes)),
        Matcher::Status(status) => format!("the poll fails with the service's HTTP status {status}"),
    };
    format!("{state} when {when}")
}
