//! The parameters of an action, or the fields of a request model (an object in a JSON body,
//! built like a request): added, removed, renamed, made required or optional, reordered, moved
//! between the query, the path, a header and the body, and for a parameter on both sides its
//! type (list bounds, rules gained or lost), role, logging, deprecation and documentation. How
//! each is set, an argument of `builder(…)` or the setters `x` and `set_x` of the builder, and its
//! getter come from the API model ([`ParamView`]), as the emitter generates them.

use std::collections::BTreeMap;

use super::rules::{Bound, RuleText, bound_effect, compare_bound, newly_rejected};
use super::side::{Side, param_wire};
use super::{Cx, DocsChange, api};
use crate::diff::{Class, Kind};
use crate::ir::{BaseType, Location, Newtype, Operation, Param, ParamType, Scalar};
use crate::rust_view::{self, OperationView, ParamView, RequestModelView, Setting, names};

/// What a list of parameters belongs to: an action's request, or a request model. Either is a
/// type with `builder(…)` and a getter per parameter, and a builder with the setters.
pub(super) struct Owner<'v, 'a> {
    /// The type with `builder(…)` and the getters (`CreateX`, `Tag`).
    request: &'v str,
    /// Its builder (`CreateXBuilder`, `TagBuilder`).
    builder: &'v str,
    /// The parameters, in order.
    params: &'v [ParamView<'a>],
    /// The action's wire name, or where the request model sits (`createWidget body.tags[]`).
    wire: &'v str,
    /// Whether the parameters are a request model's fields.
    model: bool,
}

impl<'v, 'a> Owner<'v, 'a> {
    /// The parameters of an action.
    pub(super) fn action(view: &'v OperationView<'a>) -> Self {
        Owner {
            request: &view.request,
            builder: &view.builder,
            params: &view.params,
            wire: &view.op.wire_name,
            model: false,
        }
    }

    /// The fields of a request model that sits at `wire`.
    pub(super) fn model(view: &'v RequestModelView<'a>, wire: &'v str) -> Self {
        Owner {
            request: &view.model.name,
            builder: &view.builder,
            params: &view.params,
            wire,
            model: true,
        }
    }

    /// The parameters that are arguments of `builder(…)`, in argument order.
    fn arguments(&self) -> impl Iterator<Item = &'v ParamView<'a>> + use<'v, 'a> {
        let mut args: Vec<&'v ParamView<'a>> = self.params.iter().filter(|p| p.is_argument()).collect();
        args.sort_by_key(|p| match p.setting {
            Setting::Argument(i) => i,
            Setting::Setters { .. } => usize::MAX,
        });
        args.into_iter()
    }

    /// The parameter of the same wire name as `param`.
    fn param(&self, param: &Param) -> Option<&'v ParamView<'a>> {
        self.params.iter().find(|p| p.param.wire_name == param.wire_name)
    }

    /// The wire item of one of the parameters: `createX?name`, `createWidget body.tags[].key`.
    fn wire_of(&self, p: &Param) -> String {
        if self.model {
            format!("{}.{}", self.wire, p.wire_name)
        } else {
            param_wire(self.wire, p)
        }
    }

    /// The wire items of some of the parameters together: `createX?a&b`.
    fn wire_list(&self, names: &[&str]) -> String {
        if self.model {
            format!("{}.{{{}}}", self.wire, names.join(", "))
        } else {
            format!("{}?{}", self.wire, names.join("&"))
        }
    }

    /// What a parameter is called in the report.
    fn noun(&self) -> &'static str {
        if self.model { "field" } else { "parameter" }
    }
}

impl Cx<'_> {
    /// The Rust item a parameter of `owner` is set through: `builder(…)` for an argument, else
    /// its setter of the value.
    fn param_rust(&self, owner: &Owner<'_, '_>, p: &ParamView<'_>) -> String {
        match &p.setting {
            Setting::Setters { value, .. } => rust_view::path(&[self.module(), owner.builder, value]),
            Setting::Argument(_) => rust_view::path(&[self.module(), owner.request, names::BUILDER_FN]),
        }
    }

    /// The parameters of an action on both sides.
    pub(super) fn params(&mut self, old_op: &Operation, new_op: &Operation) {
        let (old_api, new_api) = (api(old_op), api(new_op));
        self.param_list(&Owner::action(&old_api), &Owner::action(&new_api));
    }

    /// The parameters of `old_api` and `new_api` (an action's, or a request model's fields):
    /// matched by wire name or as renames, and whether they were reordered.
    pub(super) fn param_list(&mut self, old_api: &Owner<'_, '_>, new_api: &Owner<'_, '_>) {
        let in_new = |p: &ParamView<'_>| new_api.params.iter().any(|n| n.param.wire_name == p.param.wire_name);
        let in_old = |p: &ParamView<'_>| old_api.params.iter().any(|o| o.param.wire_name == p.param.wire_name);
        let removed: Vec<&ParamView<'_>> = old_api.params.iter().filter(|p| !in_new(p)).collect();
        let added: Vec<&ParamView<'_>> = new_api.params.iter().filter(|p| !in_old(p)).collect();
        // A parameter removed while one of the same type, set the same way, sent in the same
        // place, and of the same description or position appears is reported once, as a rename.
        let pos = |view: &Owner<'_, '_>, p: &ParamView<'_>| {
            view.params.iter().position(|q| q.param.wire_name == p.param.wire_name)
        };
        // A path parameter is known by its place in the path: one removed while another appears
        // at the same place was renamed, whatever its type (a new name often brings a newtype
        // of that name, reported as a type change).
        let alike = |r: &ParamView<'_>, a: &ParamView<'_>| {
            let in_path = r.param.location == Location::Path && a.param.location == Location::Path;
            (in_path && pos(old_api, r) == pos(new_api, a))
                || (r.is_argument() == a.is_argument()
                    && r.param.location == a.param.location
                    && self.param_type_eq(&r.param.ty, &a.param.ty)
                    && (r.param.description == a.param.description || pos(old_api, r) == pos(new_api, a)))
        };
        // New wire name → the old parameter it renames.
        let mut renamed: BTreeMap<&str, &ParamView<'_>> = BTreeMap::new();
        for r in &removed {
            let candidates: Vec<&&ParamView<'_>> = added.iter().filter(|a| alike(r, a)).collect();
            if let [only] = candidates.as_slice()
                && removed.iter().filter(|o| alike(o, only)).count() == 1
            {
                renamed.insert(&only.param.wire_name, r);
            }
        }
        for p in new_api.params {
            if let Some(before) = old_api.param(p.param) {
                self.param(old_api, new_api, before, p);
            } else if let Some(before) = renamed.get(p.param.wire_name.as_str()) {
                self.param_renamed(old_api, new_api, before, p);
            } else {
                self.param_added(new_api, p);
            }
        }
        for p in &removed {
            if !renamed.values().any(|r| r.param.wire_name == p.param.wire_name) {
                self.param_removed(old_api, p);
            }
        }
        self.params_reordered(old_api, new_api, &renamed);
    }

    /// Whether the parameters in both `old` and `new` come in another order: the arguments of
    /// `builder(…)` (breaking), or only the setters. `renamed` maps a new wire name to the old
    /// parameter it renames.
    fn params_reordered(&mut self, old: &Owner<'_, '_>, new: &Owner<'_, '_>, renamed: &BTreeMap<&str, &ParamView<'_>>) {
        // The parameter of `new` that one of `old` is, by wire name or through a rename.
        let new_name = |p: &ParamView<'_>| {
            let wire = renamed
                .iter()
                .find(|(_, r)| r.param.wire_name == p.param.wire_name)
                .map_or(p.param.wire_name.as_str(), |(a, _)| *a);
            new.params.iter().find(|q| q.param.wire_name == wire)
        };
        let old_args: Vec<&str> = old
            .arguments()
            .filter_map(new_name)
            .filter(|q| q.is_argument())
            .map(|q| q.param.wire_name.as_str())
            .collect();
        let new_args: Vec<&str> = new
            .arguments()
            .map(|p| p.param.wire_name.as_str())
            .filter(|w| old_args.contains(w))
            .collect();
        let old_all: Vec<&str> = old
            .params
            .iter()
            .filter_map(new_name)
            .map(|q| q.param.wire_name.as_str())
            .collect();
        let new_all: Vec<&str> = new
            .params
            .iter()
            .map(|p| p.param.wire_name.as_str())
            .filter(|w| old_all.contains(w))
            .collect();
        if old_args == new_args && old_all != new_all {
            self.push(
                Class::Compatible,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), new.builder]),
                new.wire.to_owned(),
                format!("optional {}s reordered", new.noun()),
                "only the order of the builder's setters in the documentation and of the query string sent changes"
                    .into(),
            );
        }
        if old_args != new_args {
            let call = |order: &[&str]| {
                let args: Vec<&str> = order
                    .iter()
                    .filter_map(|w| new.params.iter().find(|p| p.param.wire_name == *w))
                    .map(|p| p.param.rust_name.as_str())
                    .collect();
                format!("{}({})", names::BUILDER_FN, args.join(", "))
            };
            self.push(
                Class::Breaking,
                Kind::ParamsReordered,
                rust_view::path(&[self.module(), new.request, names::BUILDER_FN]),
                new.wire_list(&new_args),
                format!("required {}s reordered", new.noun()),
                format!(
                    "`{}` becomes `{}`: calls stop compiling or, where the arguments have the same type, silently send each value under the other name",
                    call(&old_args),
                    call(&new_args)
                ),
            );
        }
    }

    /// A parameter only the new side has.
    fn param_added(&mut self, view: &Owner<'_, '_>, p: &ParamView<'_>) {
        let brought = self.types_brought(&self.new.param_ref(&p.param.ty).into_iter().collect::<Vec<_>>());
        let wire = view.wire_of(p.param);
        let (class, effect) = match &p.setting {
            Setting::Argument(_) => (
                Class::Breaking,
                format!(
                    "`{}` takes a new argument `{}`: every existing call stops compiling{brought}",
                    builder_fn(view),
                    p.param.rust_name
                ),
            ),
            Setting::Setters { value, option } => (
                Class::Compatible,
                format!(
                    "new setters {} and getter `{}`; existing calls compile and send the same request{brought}",
                    both(view.builder, value, option),
                    getter(view, p),
                ),
            ),
        };
        let what = format!(
            "new {} {} `{}`",
            required(p),
            what_param(view, p.param),
            p.param.wire_name
        );
        self.push(class, Kind::ParamAdded, self.param_rust(view, p), wire, what, effect);
    }

    /// A parameter only the old side has.
    fn param_removed(&mut self, view: &Owner<'_, '_>, p: &ParamView<'_>) {
        let dropped = self.types_dropped(&self.old.param_ref(&p.param.ty).into_iter().collect::<Vec<_>>());
        let effect = match &p.setting {
            Setting::Argument(_) => format!(
                "`{}` loses its argument `{}`: every existing call stops compiling{dropped}",
                builder_fn(view),
                p.param.rust_name
            ),
            Setting::Setters { .. } => format!(
                "{} and the getter `{}` are removed: code that uses them stops compiling{dropped}",
                p.how_set(view.builder),
                getter(view, p),
            ),
        };
        self.push(
            Class::Breaking,
            Kind::ParamRemoved,
            self.param_rust(view, p),
            view.wire_of(p.param),
            format!(
                "{} {} `{}` removed",
                required(p),
                what_param(view, p.param),
                p.param.wire_name
            ),
            effect,
        );
    }

    /// A parameter of `new_view` that took the place of one of `old_view` of the same type, set
    /// the same way.
    fn param_renamed(
        &mut self,
        old_view: &Owner<'_, '_>,
        new_view: &Owner<'_, '_>,
        old: &ParamView<'_>,
        new: &ParamView<'_>,
    ) {
        let effect = match (&old.setting, &new.setting) {
            (
                Setting::Setters {
                    value: old_value,
                    option: old_option,
                },
                Setting::Setters { value, option },
            ) => format!(
                "the setters {} and the getter `{}` are now `{}`, `{}` and `{}`: code that uses them stops compiling",
                both(old_view.builder, old_value, old_option),
                getter(old_view, old),
                rust_view::path(&[new_view.builder, value]),
                rust_view::path(&[new_view.builder, option]),
                getter(new_view, new),
            ),
            // What code depends on in an argument is its position, which is kept: only the getter
            // breaks code.
            _ => format!(
                "the argument `{}` of `{}` is now `{}` and keeps its position, so calls of `{}(…)` are unaffected; the getter `{}` is now `{}`: code that calls it stops compiling",
                old.param.rust_name,
                builder_fn(new_view),
                new.param.rust_name,
                names::BUILDER_FN,
                getter(old_view, old),
                getter(new_view, new),
            ),
        };
        self.push(
            Class::Breaking,
            Kind::ParamRenamed,
            self.param_rust(old_view, old),
            format!("{} → {}", old_view.wire_of(old.param), new_view.wire_of(new.param)),
            format!(
                "{} `{}` renamed to `{}`",
                what_param(new_view, new.param),
                old.param.wire_name,
                new.param.wire_name
            ),
            effect,
        );
        self.param_type(new_view, old, new);
    }

    /// A parameter on both sides: argument or setters, its type, role, deprecation and docs.
    fn param(
        &mut self,
        old_view: &Owner<'_, '_>,
        new_view: &Owner<'_, '_>,
        old_p: &ParamView<'_>,
        new_p: &ParamView<'_>,
    ) {
        let (old, new) = (old_p.param, new_p.param);
        let wire = new_view.wire_of(new);
        let builder = rust_view::path(&[self.module(), new_view.request, names::BUILDER_FN]);
        match (old_p.is_argument(), new_p.is_argument()) {
            (false, true) => self.push(
                Class::Breaking,
                Kind::ParamMadeRequired,
                builder,
                wire.clone(),
                format!("optional {} `{}` made required", what_param(new_view, new), new.wire_name),
                format!(
                    "`{}` takes a new argument `{}` and {} are removed: existing calls stop compiling",
                    builder_fn(new_view),
                    new.rust_name,
                    old_p.how_set(old_view.builder)
                ),
            ),
            (true, false) => self.push(
                Class::Breaking,
                Kind::ParamMadeOptional,
                builder,
                wire.clone(),
                format!("required {} `{}` made optional", what_param(new_view, new), new.wire_name),
                format!(
                    "accepted by the server either way, but `{}` loses its argument `{}` (now {}){}: existing calls stop compiling",
                    builder_fn(new_view),
                    new.rust_name,
                    new_p.how_set(new_view.builder),
                    // A list's getter returns a slice either way.
                    if new_p.is_list() {
                        ""
                    } else {
                        " and the getter returns an `Option`"
                    }
                ),
            ),
            _ => {}
        }
        self.param_type(new_view, old_p, new_p);
        if old.is_region != new.is_region {
            self.push(
                Class::NeedsReview,
                Kind::ParamRoleChanged,
                self.param_rust(new_view, new_p),
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
        if old.location != new.location {
            self.param_moved(new_view, new_p, old.location);
        }
        if old.logged != new.logged {
            let (class, what, effect) = if new.logged {
                (
                    Class::NeedsReview,
                    "now logged (`x-ncp-parameter-is-logged` no longer false)",
                    "its value is now shown in `Debug` output, logs and validation errors, where it was `***`: check that it is no secret",
                )
            } else {
                (
                    Class::Compatible,
                    "no longer logged (`x-ncp-parameter-is-logged: false`)",
                    "its value is shown as `***` in `Debug` output, logs and validation errors; the Rust API is unchanged",
                )
            };
            self.push(
                class,
                Kind::ParamLoggingChanged,
                self.param_rust(new_view, new_p),
                wire.clone(),
                format!("`{}` {what}", new.wire_name),
                effect.into(),
            );
        }
        if old.deprecated != new.deprecated {
            self.push(
                Class::Compatible,
                Kind::ParamDeprecated,
                self.param_rust(new_view, new_p),
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
                self.param_rust(new_view, new_p),
                wire,
                format!("{} changed", what.join(", ")),
                "documentation only".into(),
            );
        }
    }

    /// A parameter sent in another place (query, path, header, body) than before. The Rust API
    /// only changes through what the other rules report (required or not, argument order); a
    /// string newly sent in the path or a header is checked by `build()` for what that place
    /// cannot carry, so values accepted before may be rejected.
    fn param_moved(&mut self, view: &Owner<'_, '_>, p: &ParamView<'_>, from: Location) {
        let param = p.param;
        let to = param.location;
        let text = matches!(param.ty, ParamType::Scalar(_))
            && rust_view::raw_scalar(&self.new.service.types, &param.ty.scalar()).is_string();
        let rejected = match to {
            Location::Path if text => Some("the empty text, `.` and `..` (they would change the path)"),
            Location::Header if text => {
                Some("text with characters outside printable ASCII, or with a leading or trailing space")
            }
            _ => None,
        };
        let build = rust_view::path(&[view.builder, names::BUILD_FN]);
        let (class, effect) = match rejected {
            Some(values) if from != to => (
                Class::Breaking,
                format!(
                    "requests carry the value in the {} instead of the {}, and `{build}` now rejects {values}, accepted before",
                    to.as_str(),
                    from.as_str()
                ),
            ),
            _ => (
                Class::NeedsReview,
                format!(
                    "requests carry the value in the {} instead of the {}; the Rust API is unchanged: check that the server reads it there",
                    to.as_str(),
                    from.as_str()
                ),
            ),
        };
        self.push(
            class,
            Kind::ParamMoved,
            self.param_rust(view, p),
            view.wire_of(param),
            format!(
                "`{}` moved from the {} to the {}",
                param.wire_name,
                from.as_str(),
                to.as_str()
            ),
            effect,
        );
    }

    /// The type of a parameter on both sides: list bounds, rules gained or lost, another type.
    fn param_type(&mut self, view: &Owner<'_, '_>, old_p: &ParamView<'_>, new_p: &ParamView<'_>) {
        let (old, new) = (old_p.param, new_p.param);
        let wire = view.wire_of(new);
        let rust = self.param_rust(view, new_p);
        if let (ParamType::List { max_items: old_max, .. }, ParamType::List { max_items: new_max, .. }) =
            (&old.ty, &new.ty)
        {
            let build = rust_view::path(&[view.builder, names::BUILD_FN]);
            // The least count the client accepts: a required list has at least one item whether
            // the spec says `minItems: 1` or not.
            let (old_min, new_min) = (old.min_items(), new.min_items());
            for (key, bound, before, after) in [
                ("minItems", Bound::Lower, &old_min, &new_min),
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
                ParamType::Scalar(s) | ParamType::List { item: s, .. } | ParamType::Map { value: s } => s,
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
                        "{}, accepted before, are now rejected by `{}()`; the value's type becomes {} instead of `{old_t}`, so the getter's type changes{brought}",
                        affected.join(" and "),
                        names::BUILD_FN,
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
                        new_p.how_set(view.builder)
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

/// `CreateX::builder`.
fn builder_fn(view: &Owner<'_, '_>) -> String {
    rust_view::path(&[view.request, names::BUILDER_FN])
}

/// The getter of a parameter: `CreateX::is_encrypted`.
fn getter(view: &Owner<'_, '_>, p: &ParamView<'_>) -> String {
    rust_view::path(&[view.request, p.getter()])
}

/// The two setters of an optional parameter: `` `CreateXBuilder::x` and `CreateXBuilder::set_x` ``.
fn both(builder: &str, value: &str, option: &str) -> String {
    format!(
        "`{}` and `{}`",
        rust_view::path(&[builder, value]),
        rust_view::path(&[builder, option])
    )
}

/// Whether the spec requires a parameter, in words.
fn required(p: &ParamView<'_>) -> &'static str {
    if p.param.required { "required" } else { "optional" }
}

/// What a parameter is, in words: `parameter` (query), `path parameter`, `header`, `body
/// property`, or a request model's `field`.
fn what_param(owner: &Owner<'_, '_>, p: &Param) -> &'static str {
    if owner.model {
        return "field";
    }
    match p.location {
        Location::Query => "parameter",
        Location::Path => "path parameter",
        Location::Header => "header",
        Location::Body => "body property",
    }
}
