//! The polling helpers of an action: its paging (`x-ncp-pagination`: the page and item streams)
//! and its waiters (`x-ncp-waiters`: the `wait_until_…` methods).

use super::side::Side;
use super::{Cx, api};
use crate::diff::{Class, Kind};
use crate::ir::{Operation, Waiter};
use crate::rust_view::{self, names};

impl Cx<'_> {
    /// `x-ncp-pagination`: what paging reads and writes, as wire names, for comparing two sides.
    fn paging_wire(side: &Side<'_>, op: &Operation) -> Option<(String, String, String, Option<String>, i32)> {
        let p = op.pagination.as_ref()?;
        let fields = &side.service.types.model(op.response).fields;
        Some((
            op.params[p.page_param].wire_name.clone(),
            op.params[p.size_param].wire_name.clone(),
            fields[p.items_field].wire_name.clone(),
            p.total_field.map(|i| fields[i].wire_name.clone()),
            p.default_size,
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
        let request = &api(new).request;
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
                let show = |p: &(String, String, String, Option<String>, i32)| {
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
        let method_name = |w: &Waiter| names::wait_method(&names::waiter(&w.name));
        let method = |w: &Waiter| rust_view::path(&[names::API_TYPE, &method_name(w)]);
        let key = |w: &Waiter| w.select.as_ref().map(|s| s.key.rust_name.clone());
        for w in &new.waiters {
            let wire = format!("{} (x-ncp-waiters.{})", new.wire_name, w.name);
            let rust = rust_view::path(&[m, names::API_TYPE, &method_name(w)]);
            match old.waiters.iter().find(|o| o.name == w.name) {
                None => self.push(
                    Class::Compatible,
                    Kind::WaiterAdded,
                    rust,
                    wire,
                    format!("new waiter `{}`", w.name),
                    format!("new method `{}`; existing code is unaffected", method(w)),
                ),
                Some(o) if key(o) != key(w) => self.push(
                    Class::Breaking,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    format!("the waiter now selects its item by {}", key(w).map_or("nothing".to_owned(), |k| format!("`{k}`"))),
                    format!("`{}` takes other arguments: calls stop compiling", method(w)),
                ),
                Some(o) if o.acceptors != w.acceptors => self.push(
                    Class::NeedsReview,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    "acceptors changed".into(),
                    format!("`{}` compiles as before but decides differently when it succeeds, fails or polls again: review the new conditions", method(w)),
                ),
                Some(o) if (o.min_delay, o.max_delay, o.max_wait) != (w.min_delay, w.max_delay, w.max_wait) => self.push(
                    Class::Compatible,
                    Kind::WaiterChanged,
                    rust,
                    wire,
                    format!(
                        "default delays {}–{} s, wait {} s → {}–{} s, wait {} s",
                        o.min_delay, o.max_delay, o.max_wait, w.min_delay, w.max_delay, w.max_wait
                    ),
                    "waits that keep the defaults poll at the new pace and give up at the new time; options set by callers win as before".into(),
                ),
                Some(_) => {}
            }
        }
        for o in &old.waiters {
            if !new.waiters.iter().any(|w| w.name == o.name) {
                self.push(
                    Class::Breaking,
                    Kind::WaiterRemoved,
                    rust_view::path(&[m, names::API_TYPE, &method_name(o)]),
                    format!("{} (x-ncp-waiters.{})", old.wire_name, o.name),
                    format!("waiter `{}` removed", o.name),
                    format!("`{}` disappears: code that calls it stops compiling", method(o)),
                );
            }
        }
    }
}
