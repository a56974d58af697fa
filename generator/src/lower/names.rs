//! The name registry: every name the generated API would have, taken from the
//! [API model](crate::rust_view) rather than spelled here, checked for collisions. A collision
//! is an error naming both owners, never code that does not compile.

use std::collections::BTreeMap;

use crate::error::{Diagnostics, Loc};
use crate::ir::{Operation, Service, TypeId};
use crate::load::Spec;
use crate::rust_view::{OperationView, ServiceView, names};

/// Checks the parameters of one operation, whose locations are `locs` (one per parameter):
/// none is named like a method the request type or builder has for itself, and no two setters
/// of the builder share a name (`setName` beside an optional `name`, whose `Option` setter is
/// `set_name`).
pub(super) fn check_params(op: &Operation, locs: &[Loc], diags: &mut Diagnostics) {
    for (p, loc) in op.params.iter().zip(locs) {
        if let Some(taken) = names::REQUEST_METHODS
            .iter()
            .chain(names::BUILDER_METHODS)
            .find(|m| **m == p.rust_name)
        {
            diags.push(
                &loc.key("name"),
                format!(
                    "parameter `{}` would clash with the generated method `{taken}`",
                    p.wire_name
                ),
            );
        }
    }
    let view = OperationView::new(op);
    let mut setters: BTreeMap<&str, &str> = BTreeMap::new();
    for (setter, param) in view.builder_methods() {
        if let Some(other) = setters.insert(setter, &param.wire_name)
            && other != param.wire_name
        {
            let at = op.params.iter().position(|p| p.wire_name == param.wire_name);
            if let Some(loc) = at.and_then(|i| locs.get(i)) {
                diags.push(
                    &loc.key("name"),
                    format!(
                        "parameters `{other}` and `{}` both give the builder a setter `{setter}`: rename one",
                        param.wire_name
                    ),
                );
            }
        }
    }
}

/// Checks the names of a lowered service (with its paging and waiters): each operation's types
/// against the named types and each other, and the methods of the `Api` handle. `type_names`
/// holds every named type's Rust name and where its schema is.
pub(super) fn check(
    spec: &Spec,
    service: &Service,
    type_names: &BTreeMap<String, (TypeId, Loc)>,
    diags: &mut Diagnostics,
) {
    let root = spec.loc();
    let view = ServiceView::new(service);
    let op_loc = |op: &Operation| root.key("paths").key(&op.path).key(op.method.key());

    // Types: a user writes every one of them, so they must be unique within the module.
    let mut owners: BTreeMap<String, String> = type_names
        .iter()
        .map(|(name, (_, loc))| (name.clone(), loc.to_string()))
        .collect();
    if let Some(other) = owners.get(names::API_TYPE) {
        diags.push(
            &root,
            format!(
                "`{}` is the name of the generated per-API handle, but {other} also becomes it: rename it",
                names::API_TYPE
            ),
        );
    }
    // Each request model has a builder too.
    for (name, (id, loc)) in type_names {
        if let TypeId::RequestModel(_) = id {
            let builder = names::builder_type(name);
            if let Some(other) = owners.insert(
                builder.clone(),
                format!("the builder of the request model `{name}` ({loc})"),
            ) {
                diags.push(
                    loc,
                    format!(
                        "the builder `{builder}` of the request model `{name}` is also the name of {other}: rename one"
                    ),
                );
            }
        }
    }
    let mut request_types: BTreeMap<&str, &str> = BTreeMap::new();
    for op in &view.operations {
        if let Some(first) = request_types.insert(&op.request, &op.op.wire_name) {
            diags.push(
                &op_loc(op.op).key("operationId"),
                format!(
                    "operationId `{}` and `{first}` both become the Rust type `{}`: rename one",
                    op.op.wire_name, op.request
                ),
            );
            continue;
        }
        for generated in [&op.request, &op.builder] {
            if let Some(other) = owners.insert(generated.clone(), format!("operation `{}`", op.op.wire_name)) {
                diags.push(
                    &op_loc(op.op),
                    format!(
                        "the type name `{generated}` generated for this operation is also used by {other}: rename one"
                    ),
                );
            }
        }
    }

    // Methods of the `Api` handle: its own, then one per action, then paging and waiters.
    let mut methods: BTreeMap<String, String> = names::API_METHODS
        .iter()
        .map(|m| {
            (
                (*m).to_owned(),
                format!("the generated `{}` handle itself", names::API_TYPE),
            )
        })
        .collect();
    for op in &view.operations {
        if let Some(other) = methods.insert(op.method.clone(), format!("the action `{}`", op.op.wire_name)) {
            diags.push(
                &op_loc(op.op).key("operationId"),
                format!(
                    "the action `{}` becomes the method `{}::{}`, which is taken by {other}: rename the operationId",
                    op.op.wire_name,
                    names::API_TYPE,
                    op.method
                ),
            );
        }
    }
    for op in &view.operations {
        let loc = op_loc(op.op);
        let mut generated: Vec<(&str, Loc)> = Vec::new();
        if let Some(paging) = &op.paging {
            generated.push((&paging.pages, loc.key("x-ncp-pagination")));
            generated.push((&paging.items, loc.key("x-ncp-pagination")));
        }
        for w in &op.waiters {
            generated.push((&w.method, loc.key("x-ncp-waiters").key(&w.waiter.name)));
        }
        for (name, at) in generated {
            if let Some(other) = methods.insert(name.to_owned(), at.to_string()) {
                diags.push(
                    &at,
                    format!("the generated method `{name}` is also made for {other}: rename one"),
                );
            }
        }
    }
}
