//! The rules: compare two IR services item by item and classify each difference for code that
//! depends on the generated crate.
//!
//! Items are matched as users and the wire see them: services by module, actions by wire name
//! (one without `operationId` by method and path template), parameters by wire name (a path
//! parameter by its place in the path), fields by wire name, and types (newtypes, enums, models) by Rust
//! name. A type that disappears while one of the same shape appears is reported once, as a
//! rename, and references to it are compared through the rename. Every other added or removed
//! type is named in the change that brings or drops it (an action, a parameter, a field).
//!
//! Every generated name, and how each parameter is set, comes from the API model
//! ([`rust_view`](crate::rust_view)), which the emitter generates from: the request, builder and
//! `Api` method of an action, its page, item and wait methods, and for each parameter whether it
//! is an argument of `Op::builder` or set by the setters `x` and `set_x` of `OpBuilder`; the Rust
//! types of values too. No name is spelled here. The rest of what an item becomes in Rust follows
//! `emit/`: a constrained request value is a newtype; a request enum is closed and exhaustive; a
//! response enum is open (`Unknown(String)`, `#[non_exhaustive]`); a response model is
//! `#[non_exhaustive]` with every field an `Option`.
//!
//! One [`Cx`] compares one service; each concern adds its methods to it in a module of its own:
//!
//! - [`side`]: one side of the comparison and its lookups (types by name, where each type sits on
//!   the wire);
//! - [`service`]: services added and removed, titles, spec files, the base path and the servers;
//! - [`operations`]: actions added, removed and changed (docs, deprecation, path, response),
//!   matched by `operationId`, or by method and path template for one without;
//! - [`rest`]: what REST adds to an action: a derived name, the method, the kind of answer and
//!   its status, the API key;
//! - [`body`]: an action's JSON body as a whole, and request models (their fields compared as
//!   parameters);
//! - [`polling`]: the paging and the waiters of an action;
//! - [`params`]: an action's parameters, or a request model's fields (added, removed, renamed,
//!   required or not, reordered, moved between query, path, header and body, logged or not,
//!   their types and rules);
//! - [`types`]: named types matched by name or as renames, newtypes, enums, and types left over;
//! - [`models`]: response models and their fields;
//! - [`rules`]: bounds and patterns, compared and put in words.

mod body;
mod models;
mod operations;
mod params;
mod polling;
mod rest;
mod rules;
mod service;
mod side;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use self::side::Side;
use self::types::TypeMatch;
use super::{Change, Class, Kind, ServiceChanges};
use crate::ir::{Operation, Service};
use crate::rust_view::OperationView;

/// The generated API of `op`, from the API model.
fn api(op: &Operation) -> OperationView<'_> {
    OperationView::new(op)
}

/// Compare every service of `base` with its namesake in `head`.
pub(super) fn services(base: &[Service], head: &[Service]) -> Vec<ServiceChanges> {
    let modules: BTreeSet<&str> = base.iter().chain(head).map(|s| s.module.as_str()).collect();
    let mut out = Vec::new();
    for module in modules {
        let old = base.iter().find(|s| s.module == module);
        let new = head.iter().find(|s| s.module == module);
        let (mut changes, spec_file) = match (old, new) {
            (Some(old), Some(new)) => (Cx::new(old, new).run(), &new.spec_file),
            (None, Some(new)) => (vec![service::added(new)], &new.spec_file),
            (Some(old), None) => (vec![service::removed(old)], &old.spec_file),
            (None, None) => continue,
        };
        if changes.is_empty() {
            continue;
        }
        // Breaking first; within a class, in the order the items appear in the spec.
        changes.sort_by_key(|c| c.class);
        out.push(ServiceChanges {
            module: module.to_owned(),
            spec_file: spec_file.clone(),
            changes,
        });
    }
    out
}

/// A change, from its parts.
fn change(class: Class, kind: Kind, rust: String, wire: String, what: String, effect: String) -> Change {
    Change {
        class,
        kind,
        rust,
        wire,
        change: what,
        effect,
    }
}

/// A documentation change already reported on a parameter or field, so that the type made for it
/// alone (which takes its description) does not report it again.
struct DocsChange {
    ty: String,
    old: Option<String>,
    new: Option<String>,
}

/// The comparison of one service.
struct Cx<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Renamed types: old name → new name.
    renames: BTreeMap<String, String>,
    /// Types only in the new service, not as a rename.
    added_types: BTreeSet<String>,
    /// Types only in the old service, not as a rename.
    removed_types: BTreeSet<String>,
    /// Added or removed types already named by a change.
    mentioned: BTreeSet<String>,
    docs: Vec<DocsChange>,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Service, new: &'a Service) -> Self {
        let old = Side::new(old);
        let new = Side::new(new);
        let TypeMatch {
            renames,
            added: added_types,
            removed: removed_types,
        } = TypeMatch::new(&old, &new);
        Cx {
            old,
            new,
            renames,
            added_types,
            removed_types,
            mentioned: BTreeSet::new(),
            docs: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// The module of the service compared.
    fn module(&self) -> &'a str {
        self.new.module()
    }

    /// Report a change.
    fn push(&mut self, class: Class, kind: Kind, rust: String, wire: String, what: String, effect: String) {
        self.changes.push(change(class, kind, rust, wire, what, effect));
    }

    /// Words naming the types that `roots` bring in (new side) and that no change named yet.
    fn types_brought(&mut self, roots: &[&str]) -> String {
        let reached = self.new.reach(roots);
        unmentioned(reached, &self.added_types, &mut self.mentioned, "new types")
    }

    /// Words naming the types that go away with `roots` (old side) and that no change named yet.
    fn types_dropped(&mut self, roots: &[&str]) -> String {
        let reached = self.old.reach(roots);
        unmentioned(
            reached,
            &self.removed_types,
            &mut self.mentioned,
            "types no longer generated",
        )
    }

    /// Every change, in the order the items appear in the spec: the service, its actions (with
    /// their paging, waiters and parameters), its types, and the types no change named.
    fn run(mut self) -> Vec<Change> {
        self.service_level();
        self.operations();
        self.types();
        self.leftover_types();
        self.changes
    }
}

/// `; <label>: `A`, `B`` for the `reached` types in `pool` that no change has named yet (and now
/// has), or nothing.
fn unmentioned(
    reached: BTreeSet<String>,
    pool: &BTreeSet<String>,
    mentioned: &mut BTreeSet<String>,
    label: &str,
) -> String {
    let names: Vec<String> = reached
        .into_iter()
        .filter(|n| pool.contains(n) && mentioned.insert(n.clone()))
        .map(|n| format!("`{n}`"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; {label}: {}", names.join(", "))
    }
}

/// Whether the items present in both `old` and `new` (matched by `key`) come in another order.
fn reordered<T>(old: &[T], new: &[T], key: impl Fn(&T) -> &str) -> bool {
    let in_both = |item: &&T, others: &[T]| others.iter().any(|other| key(other) == key(item));
    let old_order = old.iter().filter(|o| in_both(o, new)).map(&key);
    let new_order = new.iter().filter(|n| in_both(n, old)).map(&key);
    !old_order.eq(new_order)
}
