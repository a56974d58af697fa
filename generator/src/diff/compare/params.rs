//! An action's parameters: added, removed, renamed, made required or optional, reordered, and
//! for a parameter on both sides its type (list bounds, rules gained or lost), role, deprecation
//! and documentation. A required parameter is an argument of `builder(…)`, an optional one is set
//! on the builder.

use std::collections::BTreeMap;

use super::rules::{Bound, RuleText, bound_effect, compare_bound, newly_rejected};
use super::side::Side;
use super::{Cx, DocsChange, api};
use crate::diff::{Class, Kind};
use crate::ir::{BaseType, Newtype, Operation, Param, ParamType, Scalar};
use crate::rust_view::{self, Setting};

impl Cx<'_> {
    /// The Rust item a parameter is set through: `builder(…)` for an argument, else its setter.
    fn param_rust(&self, op: &Operation, p: &Param) -> String {
        let view = api(op);
        match view.param(p).map(|p| &p.setting) {
            Some(Setting::Setters { value, .. }) => rust_view::path(&[self.module(), &view.builder, value]),
            Some(Setting::Argument(_)) | None => rust_view::path(&[self.module(), &view.request, "builder"]),
        }
    }

    /// The parameters of an action on both sides: matched by wire name or as renames, and
    /// whether they were reordered.
    pub(super) fn params(&mut self, old_op: &Operation, new_op: &Operation) {
        let removed: Vec<&Param> = old_op
            .params
            .iter()
            .filter(|p| !new_op.params.iter().any(|n| n.wire_name == p.wire_name))
            .collect();
        let added: Vec<&Param> = new_op
            .params
            .iter()
            .filter(|p| !old_op.params.iter().any(|o| o.wire_name == p.wire_name))
            .collect();
        // A parameter removed while one of the same type, requiredness and description or place
        // appears is reported once, as a rename.
        let pos = |op: &Operation, p: &Param| op.params.iter().position(|q| q.wire_name == p.wire_name);
        let alike = |r: &Param, a: &Param| {
            r.required == a.required
                && self.param_type_eq(&r.ty, &a.ty)
                && (r.description == a.description || pos(old_op, r) == pos(new_op, a))
        };
        let mut renamed: BTreeMap<&str, &Param> = BTreeMap::new();
        for r in &removed {
            let candidates: Vec<&&Param> = added.iter().filter(|a| alike(r, a)).collect();
            if let [only] = candidates.as_slice()
                && removed.iter().filter(|o| alike(o, only)).count() == 1
            {
                renamed.insert(&only.wire_name, r);
            }
        }
        for p in &new_op.params {
            if let Some(before) = old_op.params.iter().find(|o| o.wire_name == p.wire_name) {
                self.param(new_op, before, p);
            } else if let Some(before) = renamed.get(p.wire_name.as_str()) {
                self.param_renamed(new_op, before, p);
            } else {
                self.param_added(new_op, p);
            }
        }
        for p in &removed {
            if !renamed.values().any(|r| r.wire_name == p.wire_name) {
                self.param_removed(old_op, p);
            }
        }
        // Required parameters are positional arguments of `builder(…)`.
        let new_name = |wire: &str| -> Option<String> {
            renamed
                .iter()
                .find(|(_, r)| r.wire_name == wire)
                .map(|(a, _)| (*a).to_owned())
                .or_else(|| Some(wire.to_owned()))
        };
        let old_order: Vec<String> = old_op
            .params
            .iter()
            .filter(|p| p.required)
            .filter_map(|p| new_name(&p.wire_name))
            .filter(|n| new_op.params.iter().any(|q| q.required && q.wire_name == *n))
            .collect();
        let new_order: Vec<String> = new_op
            .params
            .iter()
            .filter(|p| p.required && old_order.contains(&p.wire_name))
            .map(|p| p.wire_name.clone())
            .collect();
        // All parameters in both, in old and in new order (old names mapped through renames).
        let old_all: Vec<String> = old_op
            .params
            .iter()
            .filter_map(|p| new_name(&p.wire_name))
            .filter(|n| new_op.params.iter().any(|q| q.wire_name == *n))
            .collect();
        let new_all: Vec<String> = new_op
            .params
            .iter()
            .filter(|p| old_all.contains(&p.wire_name))
            .map(|p| p.wire_name.clone())
            .collect();
        if old_order == new_order && old_all != new_all {
            self.push(
                Class::Compatible,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), &api(new_op).builder]),
                new_op.wire_name.clone(),
                "optional parameters reordered".into(),
                "only the order of the builder's setters in the documentation and of the query string sent changes"
                    .into(),
            );
        }
        if old_order != new_order {
            let args = |order: &[String]| {
                order
                    .iter()
                    .map(|w| crate::naming::snake_name(w))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.push(
                Class::Breaking,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), &api(new_op).request, "builder"]),
                format!("{}?{}", new_op.wire_name, new_order.join("&")),
                "required parameters reordered".into(),
                format!(
                    "`builder({})` becomes `builder({})`: calls stop compiling or, where the arguments have the same type, silently send each value under the other name",
                    args(&old_order),
                    args(&new_order)
                ),
            );
        }
    }

    /// A parameter only the new side has.
    fn param_added(&mut self, op: &Operation, p: &Param) {
        let brought = self.types_brought(&self.new.param_ref(&p.ty).into_iter().collect::<Vec<_>>());
        let wire = format!("{}?{}", op.wire_name, p.wire_name);
        if p.required {
            self.push(
                Class::Breaking,
                Kind::ParamAdded,
                self.param_rust(op, p),
                wire,
                format!("new required parameter `{}`", p.wire_name),
                format!(
                    "`{}::builder` takes a new argument `{}`: every existing call stops compiling{brought}",
                    rust_view::path(&[&api(op).request]),
                    p.rust_name
                ),
            );
        } else {
            self.push(
                Class::Compatible,
                Kind::ParamAdded,
                self.param_rust(op, p),
                wire,
                format!("new optional parameter `{}`", p.wire_name),
                format!(
                    "new setter `{}` and getter `{}`; existing calls compile and send the same request{brought}",
                    rust_view::path(&[&api(op).builder, &p.rust_name]),
                    rust_view::path(&[&api(op).request, &p.rust_name]),
                ),
            );
        }
    }

    /// A parameter only the old side has.
    fn param_removed(&mut self, op: &Operation, p: &Param) {
        let dropped = self.types_dropped(&self.old.param_ref(&p.ty).into_iter().collect::<Vec<_>>());
        let effect = if p.required {
            format!(
                "`{}::builder` loses its argument `{}`: every existing call stops compiling{dropped}",
                rust_view::path(&[&api(op).request]),
                p.rust_name
            )
        } else {
            format!(
                "the setter `{}` and the getter `{}` are removed: code that uses them stops compiling{dropped}",
                rust_view::path(&[&api(op).builder, &p.rust_name]),
                rust_view::path(&[&api(op).request, &p.rust_name]),
            )
        };
        self.push(
            Class::Breaking,
            Kind::ParamRemoved,
            self.param_rust(op, p),
            format!("{}?{}", op.wire_name, p.wire_name),
            format!(
                "{} parameter `{}` removed",
                if p.required { "required" } else { "optional" },
                p.wire_name
            ),
            effect,
        );
    }

    /// A parameter that took the place of another of the same type and requiredness.
    fn param_renamed(&mut self, op: &Operation, old: &Param, new: &Param) {
        let effect = if new.required {
            format!(
                "the argument `{}` of `{}::builder` is now `{}`; the getter is renamed too",
                old.rust_name,
                api(op).request,
                new.rust_name
            )
        } else {
            format!(
                "the setter and getter `{}` are now `{}`: code that uses them stops compiling",
                old.rust_name, new.rust_name
            )
        };
        self.push(
            Class::Breaking,
            Kind::ParamRenamed,
            self.param_rust(op, old),
            format!(
                "{}?{} → {}?{}",
                op.wire_name, old.wire_name, op.wire_name, new.wire_name
            ),
            format!("parameter `{}` renamed to `{}`", old.wire_name, new.wire_name),
            effect,
        );
    }

    /// A parameter on both sides: required or not, its type, role, deprecation and docs.
    fn param(&mut self, op: &Operation, old: &Param, new: &Param) {
        let m = self.module();
        let wire = format!("{}?{}", op.wire_name, new.wire_name);
        let builder = rust_view::path(&[m, &api(op).request, "builder"]);
        let setter = rust_view::path(&[&api(op).builder, &new.rust_name]);
        match (old.required, new.required) {
            (false, true) => self.push(
                Class::Breaking,
                Kind::ParamMadeRequired,
                builder,
                wire.clone(),
                format!("optional parameter `{}` made required", new.wire_name),
                format!(
                    "`{}::builder` takes a new argument `{}` and the setter `{setter}` is removed: existing calls stop compiling",
                    api(op).request, new.rust_name
                ),
            ),
            (true, false) => self.push(
                Class::Breaking,
                Kind::ParamMadeOptional,
                builder,
                wire.clone(),
                format!("required parameter `{}` made optional", new.wire_name),
                format!(
                    "accepted by the server either way, but `{}::builder` loses its argument `{}` (now the setter `{setter}`) and the getter returns an `Option`: existing calls stop compiling",
                    api(op).request, new.rust_name
                ),
            ),
            _ => {}
        }
        self.param_type(op, old, new);
        if old.is_region != new.is_region {
            self.push(
                Class::NeedsReview,
                Kind::ParamRoleChanged,
                self.param_rust(op, new),
                wire.clone(),
                if new.is_region {
                    format!("`{}` is now the region parameter (`x-ncp-role: region`)", new.wire_name)
                } else {
                    format!("`{}` is no longer the region parameter", new.wire_name)
                },
                if new.is_region {
                    "a client's default region is now sent in this parameter when it is not set; the Rust API is unchanged"
                } else {
                    "a client's default region is no longer sent in this parameter; the Rust API is unchanged"
                }
                .into(),
            );
        }
        if old.deprecated != new.deprecated {
            self.push(
                Class::Compatible,
                Kind::ParamDeprecated,
                self.param_rust(op, new),
                wire.clone(),
                if new.deprecated {
                    "marked deprecated".into()
                } else {
                    "no longer deprecated".into()
                },
                "documentation only".into(),
            );
        }
        let mut what = Vec::new();
        if old.description != new.description {
            what.push("description");
            if let Some(ty) = self.new.param_ref(&new.ty) {
                self.docs.push(DocsChange {
                    ty: ty.to_owned(),
                    old: old.description.clone(),
                    new: new.description.clone(),
                });
            }
        }
        if old.default != new.default {
            what.push("documented default");
        }
        if old.example != new.example {
            what.push("example");
        }
        if !what.is_empty() {
            self.push(
                Class::Compatible,
                Kind::ParamDocs,
                self.param_rust(op, new),
                wire,
                format!("{} changed", what.join(", ")),
                "documentation only".into(),
            );
        }
    }

    /// The type of a parameter on both sides: list bounds, rules gained or lost, another type.
    fn param_type(&mut self, op: &Operation, old: &Param, new: &Param) {
        let wire = format!("{}?{}", op.wire_name, new.wire_name);
        let rust = self.param_rust(op, new);
        if let (
            ParamType::List {
                min_items: old_min,
                max_items: old_max,
                ..
            },
            ParamType::List {
                min_items: new_min,
                max_items: new_max,
                ..
            },
        ) = (&old.ty, &new.ty)
        {
            let build = rust_view::path(&[&api(op).builder, "build"]);
            for (key, bound, before, after) in [
                ("minItems", Bound::Lower, old_min, new_min),
                ("maxItems", Bound::Upper, old_max, new_max),
            ] {
                let (before, after) = (before.map(i128::from), after.map(i128::from));
                if let Some((class, kind, what, affected)) = compare_bound(key, " items", "lists", bound, before, after)
                {
                    let effect = bound_effect(class, &affected, &format!("`{build}`"));
                    self.push(class, kind, rust.clone(), wire.clone(), what, effect);
                }
            }
        }
        if self.param_type_eq(&old.ty, &new.ty) {
            return;
        }
        let old_ref = self.old.param_ref(&old.ty);
        let new_ref = self.new.param_ref(&new.ty);
        let (old_t, new_t) = (
            rust_view::param(&self.old.service.types, &old.ty).to_string(),
            rust_view::param(&self.new.service.types, &new.ty).to_string(),
        );
        let newtype = |side: &Side<'_>, ty: &ParamType| match ty.scalar() {
            Scalar::Newtype(id) => Some(side.service.types.newtype(id).clone()),
            _ => None,
        };
        let same_base = |plain: &ParamType, n: &Newtype| {
            let plain = match plain {
                ParamType::Scalar(s) | ParamType::List { item: s, .. } => s,
            };
            matches!(
                (plain, n.base.base_type()),
                (Scalar::String, BaseType::String)
                    | (Scalar::Int32, BaseType::Int32)
                    | (Scalar::Int64, BaseType::Int64)
            )
        };
        let same_arity = matches!(
            (&old.ty, &new.ty),
            (ParamType::Scalar(_), ParamType::Scalar(_)) | (ParamType::List { .. }, ParamType::List { .. })
        );
        match (newtype(&self.old, &old.ty), newtype(&self.new, &new.ty)) {
            // A plain value that gains rules becomes a newtype.
            (None, Some(n)) if same_arity && same_base(&old.ty, &n) => {
                self.mentioned.insert(n.name.clone());
                let brought = self.types_brought(&[n.name.as_str()]);
                let rules: Vec<String> = n.rules().iter().map(|c| format!("{}", RuleText(c))).collect();
                let affected: Vec<String> = n.rules().iter().map(newly_rejected).collect();
                self.push(
                    Class::Breaking,
                    Kind::ConstraintTightened,
                    rust,
                    wire,
                    format!("rules added: {}", rules.join("; ")),
                    format!(
                        "{}, accepted before, are now rejected by `build()`; the value's type becomes {} instead of `{old_t}`, so the getter's type changes{brought}",
                        affected.join(" and "),
                        newtype_text(&new_t, &n.name)
                    ),
                );
            }
            // A newtype that loses every rule becomes a plain value.
            (Some(n), None) if same_arity && same_base(&new.ty, &n) => {
                self.mentioned.insert(n.name.clone());
                let dropped = self.types_dropped(&[n.name.as_str()]);
                let rules: Vec<String> = n.rules().iter().map(|c| format!("{}", RuleText(c))).collect();
                self.push(
                    Class::Breaking,
                    Kind::ConstraintLoosened,
                    rust,
                    wire,
                    format!("rules removed: {}", rules.join("; ")),
                    format!(
                        "every value accepted before is still accepted, but the value's type becomes `{new_t}` instead of {}, so the getter's type changes and code that names the newtype stops compiling{dropped}",
                        newtype_text(&old_t, &n.name)
                    ),
                );
            }
            _ => {
                let brought = self.types_brought(&new_ref.into_iter().collect::<Vec<_>>());
                let dropped = self.types_dropped(&old_ref.into_iter().collect::<Vec<_>>());
                self.push(
                    Class::Breaking,
                    Kind::ParamTypeChanged,
                    rust,
                    wire,
                    format!("type `{old_t}` → `{new_t}`"),
                    format!(
                        "{} and the getter take and return `{new_t}` instead of `{old_t}`: code that uses them stops compiling{brought}{dropped}",
                        if new.required { "the argument of `builder(…)`" } else { "the setter" }
                    ),
                )
            }
        }
    }
}

/// `the newtype `X`` or `Vec<X>` (the newtype `X`)`.
fn newtype_text(ty: &str, newtype: &str) -> String {
    if ty == newtype {
        format!("the newtype `{newtype}`")
    } else {
        format!("`{ty}` (of the newtype `{newtype}`)")
    }
}
