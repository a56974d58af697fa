//! The polling helpers of an action: its paging (`x-ncp-pagination`: the page and item streams)
//! and its waiters (`x-ncp-waiters`: the wait methods, named by `rust_view::names`).

use super::side::Side;
use super::{Cx, api};
use crate::diff::{Class, Kind};
use crate::ir::{Operation, PageKind};
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
                    "acceptors changed".into(),
                    format!("`{}` compiles as before but decides differently when it succeeds, fails or polls again: review the new conditions", method(w)),
                ),
                Some(o) if delays(o) != delays(w) => {
                    let ((a, b, c), (d, e, f)) = (delays(o), delays(w));
                    self.push(
                        Class::Compatible,
                        Kind::WaiterChanged,
                        rust(w),
                        wire,
                        format!("default delays {a}–{b} s, wait {c} s → {d}–{e} s, wait {f} s"),
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
