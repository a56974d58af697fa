//! Named types: how the types of the two sides pair up (by Rust name, or as a rename when one of
//! the same shape takes the place of another), whether two references name the same type, and
//! what changed in each newtype and enum (models are in [`super::models`]); types no change
//! named are reported last.

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{RULE_KEYS, bound_effect, compare_bound, compare_pattern, find_rule, rule_of};
use super::side::Side;
use super::{Cx, reordered};
use crate::diff::{Class, Kind};
use crate::ir::{
    Constraint, Enum, FieldScalar, FieldType, ListItem, Newtype, ParamType, Scalar, TypeDef, TypeId, Types,
};
use crate::rust_view::{self, names};

/// How the named types of two sides pair up.
pub(super) struct TypeMatch {
    /// Renamed types: old name → new name.
    pub(super) renames: BTreeMap<String, String>,
    /// Types only in the new side, not as a rename.
    pub(super) added: BTreeSet<String>,
    /// Types only in the old side, not as a rename.
    pub(super) removed: BTreeSet<String>,
}

impl TypeMatch {
    /// Pair the types of `old` with those of `new`.
    pub(super) fn new(old: &Side<'_>, new: &Side<'_>) -> Self {
        let gone: Vec<TypeDef<'_>> = old
            .types
            .values()
            .copied()
            .filter(|t| !new.types.contains_key(t.name()))
            .collect();
        let came: Vec<TypeDef<'_>> = new
            .types
            .values()
            .copied()
            .filter(|t| !old.types.contains_key(t.name()))
            .collect();
        // A type that goes while one of the same shape comes, at a common wire place, was
        // renamed (a component renamed in the spec). Look-alikes elsewhere (NCP has many
        // `{code, codeName}` models) are not paired, nor are ambiguous candidates.
        let renamed = |g: TypeDef<'_>, c: TypeDef<'_>| {
            same_shape(&old.service.types, g, &new.service.types, c) && old.shares_site(g.name(), new, c.name())
        };
        let mut renames = BTreeMap::new();
        for g in &gone {
            let candidates: Vec<&TypeDef<'_>> = came.iter().filter(|c| renamed(*g, **c)).collect();
            if let [only] = candidates.as_slice()
                && gone.iter().filter(|o| renamed(**o, **only)).count() == 1
            {
                renames.insert(g.name().to_owned(), only.name().to_owned());
            }
        }
        let targets: BTreeSet<&String> = renames.values().collect();
        let added = came
            .iter()
            .map(|t| t.name().to_owned())
            .filter(|n| !targets.contains(n))
            .collect();
        let removed = gone
            .iter()
            .map(|t| t.name().to_owned())
            .filter(|n| !renames.contains_key(n))
            .collect();
        TypeMatch {
            renames,
            added,
            removed,
        }
    }
}

impl Cx<'_> {
    /// Whether the old type `a` is the new type `b`, through a rename if there was one.
    pub(super) fn same_name(&self, a: &str, b: &str) -> bool {
        self.renames.get(a).map_or(a == b, |renamed| renamed == b)
    }

    /// Whether the old named type `a` is the new named type `b`: types are matched by Rust name
    /// (through a rename), whatever their kind; a kind that changed is reported on the type.
    pub(super) fn same_type(&self, a: TypeId, b: TypeId) -> bool {
        self.same_name(self.old.service.types.type_name(a), self.new.service.types.type_name(b))
    }

    fn scalar_eq(&self, a: &Scalar, b: &Scalar) -> bool {
        match (a.type_id(), b.type_id()) {
            (Some(x), Some(y)) => self.same_type(x, y),
            (None, None) => a == b,
            _ => false,
        }
    }

    fn field_scalar_eq(&self, a: &FieldScalar, b: &FieldScalar) -> bool {
        match (a, b) {
            (FieldScalar::Enum(x), FieldScalar::Enum(y)) => self.same_type((*x).into(), (*y).into()),
            (FieldScalar::Enum(_), _) | (_, FieldScalar::Enum(_)) => false,
            _ => a == b,
        }
    }

    pub(super) fn field_type_eq(&self, a: &FieldType, b: &FieldType) -> bool {
        match (a, b) {
            (FieldType::Scalar(x), FieldType::Scalar(y)) => self.field_scalar_eq(x, y),
            (FieldType::Model(x), FieldType::Model(y)) => self.same_type((*x).into(), (*y).into()),
            (FieldType::Map(x), FieldType::Map(y)) => self.field_scalar_eq(x, y),
            (FieldType::Json, FieldType::Json) => true,
            (FieldType::List { item: x, .. }, FieldType::List { item: y, .. }) => match (x, y) {
                (ListItem::Scalar(x), ListItem::Scalar(y)) => self.field_scalar_eq(x, y),
                (ListItem::Model(x), ListItem::Model(y)) => self.same_type((*x).into(), (*y).into()),
                _ => false,
            },
            _ => false,
        }
    }

    pub(super) fn param_type_eq(&self, a: &ParamType, b: &ParamType) -> bool {
        match (a, b) {
            (ParamType::Scalar(x), ParamType::Scalar(y)) => self.scalar_eq(x, y),
            (ParamType::List { item: x, .. }, ParamType::List { item: y, .. }) => self.scalar_eq(x, y),
            (ParamType::Map { value: x }, ParamType::Map { value: y }) => self.scalar_eq(x, y),
            _ => false,
        }
    }

    /// Every named type on both sides, by name or through a rename.
    pub(super) fn types(&mut self) {
        let names: Vec<&str> = self.new.types.keys().copied().collect();
        for name in names {
            let new = self.new.types[name];
            if let Some(old) = self.old.types.get(name).copied() {
                self.typedef(old, new);
            }
        }
        let renames: Vec<(String, String)> = self.renames.clone().into_iter().collect();
        for (from, to) in renames {
            let (Some(old), Some(new)) = (
                self.old.types.get(from.as_str()).copied(),
                self.new.types.get(to.as_str()).copied(),
            ) else {
                continue;
            };
            let m = self.module();
            self.push(
                Class::Breaking,
                Kind::TypeRenamed,
                rust_view::path(&[m, &from]),
                self.new.type_wire(&to),
                format!("{} `{from}` renamed to `{to}` (same shape)", kind_name(old)),
                format!(
                    "code that names `{}` stops compiling: it is now `{}`",
                    rust_view::path(&[&from]),
                    rust_view::path(&[&to])
                ),
            );
            self.typedef(old, new);
        }
    }

    /// A named type on both sides.
    fn typedef(&mut self, old: TypeDef<'_>, new: TypeDef<'_>) {
        match (old, new) {
            (TypeDef::Newtype(a), TypeDef::Newtype(b)) => self.newtype(a, b),
            (TypeDef::Enum(a), TypeDef::Enum(b)) => self.enumeration(a, b),
            (TypeDef::Model(a), TypeDef::Model(b)) => self.model(a, b),
            (TypeDef::RequestModel(a), TypeDef::RequestModel(b)) => self.request_model(a, b),
            _ => {
                let m = self.module();
                self.push(
                    Class::Breaking,
                    Kind::TypeKindChanged,
                    rust_view::path(&[m, new.name()]),
                    self.new.type_wire(new.name()),
                    format!(
                        "`{}` was a {} and is now a {}",
                        new.name(),
                        kind_name(old),
                        kind_name(new)
                    ),
                    "code that uses the type stops compiling".into(),
                );
            }
        }
    }

    /// A documentation change of a type, unless it only follows its parameter's or field's.
    pub(super) fn type_docs(&mut self, name: &str, old: &Option<String>, new: &Option<String>) {
        if old == new {
            return;
        }
        let follows = self.docs.iter().any(|d| d.ty == name && d.old == *old && d.new == *new);
        if follows {
            return;
        }
        let m = self.module();
        self.push(
            Class::Compatible,
            Kind::TypeDocs,
            rust_view::path(&[m, name]),
            self.new.type_wire(name),
            "description changed".into(),
            "documentation only".into(),
        );
    }

    /// The wire name a request type's own errors use (`X::new`), when it changes.
    fn error_field(&mut self, name: &str, old: &str, new: &str) {
        if old == new {
            return;
        }
        let m = self.module();
        self.push(
            Class::Compatible,
            Kind::TypeDocs,
            rust_view::path(&[m, name, names::NEWTYPE_NEW]),
            self.new.type_wire(name),
            format!(
                "errors of `{}` name `{new}` instead of `{old}`",
                rust_view::path(&[name, names::NEWTYPE_NEW])
            ),
            "only the wording of validation errors changes".into(),
        );
    }

    /// A newtype on both sides: what it wraps, its rules, its description.
    fn newtype(&mut self, old: &Newtype, new: &Newtype) {
        let m = self.module();
        let rust = rust_view::path(&[m, &new.name]);
        let wire = self.new.type_wire(&new.name);
        if old.base.base_type() != new.base.base_type() {
            self.push(
                Class::Breaking,
                Kind::TypeKindChanged,
                rust.clone(),
                wire.clone(),
                format!(
                    "`{}` wraps `{}` instead of `{}`",
                    new.name,
                    rust_view::base(new.base.base_type()),
                    rust_view::base(old.base.base_type())
                ),
                "code that creates or reads the value stops compiling".into(),
            );
        }
        let checked_by = format!(
            "`{}()` and `{}`",
            names::BUILD_FN,
            rust_view::path(&[&new.name, names::NEWTYPE_NEW])
        );
        for key in RULE_KEYS {
            let (before, after) = (find_rule(old, key), find_rule(new, key));
            let (before, after) = (before.as_ref(), after.as_ref());
            if key == "pattern" {
                let text = |c: Option<&Constraint>| match c {
                    Some(Constraint::Pattern(p)) => Some(p.clone()),
                    _ => None,
                };
                if let Some((class, kind, what, effect)) = compare_pattern(text(before), text(after), &checked_by) {
                    self.push(class, kind, rust.clone(), wire.clone(), what, effect);
                }
                continue;
            }
            let value = |c: Option<&Constraint>| c.and_then(rule_of);
            let (b, a) = (value(before), value(after));
            let Some(rule) = b.as_ref().or(a.as_ref()) else {
                continue;
            };
            if let Some((class, kind, what, affected)) = compare_bound(
                rule.key,
                rule.unit,
                "values",
                rule.bound,
                b.as_ref().map(|r| r.value),
                a.as_ref().map(|r| r.value),
            ) {
                let effect = bound_effect(class, &affected, &checked_by);
                self.push(class, kind, rust.clone(), wire.clone(), what, effect);
            }
        }
        self.type_docs(&new.name, &old.description, &new.description);
        self.error_field(&new.name, &old.field, &new.field);
    }

    /// An enum on both sides: open or closed, its values and their order, its description.
    fn enumeration(&mut self, old: &Enum, new: &Enum) {
        let m = self.module();
        let rust = rust_view::path(&[m, &new.name]);
        let wire = self.new.type_wire(&new.name);
        if old.open != new.open {
            let what = if new.open {
                "the enum is now used in responses: it gains an `Unknown(String)` variant and `#[non_exhaustive]`, and is no longer `Copy`"
            } else {
                "the enum is now used in requests: it loses its `Unknown(String)` variant and `#[non_exhaustive]`"
            };
            self.push(
                Class::Breaking,
                Kind::EnumOpennessChanged,
                rust.clone(),
                wire.clone(),
                what.into(),
                "code that matches on, copies or builds the enum may stop compiling".into(),
            );
        }
        for v in &new.values {
            if old.values.iter().any(|o| o.wire == v.wire) {
                continue;
            }
            let variant = rust_view::path(&[m, &new.name, &v.variant]);
            let short = rust_view::path(&[&new.name, &v.variant]);
            let (class, effect) = if new.open {
                (
                    Class::Compatible,
                    format!(
                        "new variant `{short}`; the enum is `#[non_exhaustive]`, so every `match` on it already has a wildcard arm. The value now decodes as `{short}` instead of `Unknown(\"{}\")`: code that looked for the latter must look for the former",
                        v.wire
                    ),
                )
            } else {
                // Request enums are closed and exhaustive (no `#[non_exhaustive]`): adding a
                // variant is a breaking change in Rust's semver rules, although every request that
                // was valid before stays valid.
                (
                    Class::Breaking,
                    format!(
                        "new variant `{short}` of an exhaustive request enum: a `match` on `{}` without a wildcard arm stops compiling; requests built before are unchanged",
                        new.name
                    ),
                )
            };
            self.push(
                class,
                Kind::EnumValueAdded,
                variant,
                wire.clone(),
                format!("value `{}` added", v.wire),
                effect,
            );
        }
        for v in &old.values {
            if new.values.iter().any(|n| n.wire == v.wire) {
                continue;
            }
            let variant = rust_view::path(&[m, &new.name, &v.variant]);
            let short = rust_view::path(&[&new.name, &v.variant]);
            let effect = if new.open {
                format!(
                    "the variant `{short}` is removed: code that names it stops compiling; the value still decodes, as `Unknown(\"{}\")`",
                    v.wire
                )
            } else {
                format!("the variant `{short}` is removed: code that sends it stops compiling")
            };
            self.push(
                Class::Breaking,
                Kind::EnumValueRemoved,
                variant,
                wire.clone(),
                format!("value `{}` removed", v.wire),
                effect,
            );
        }
        if reordered(&old.values, &new.values, |v| &v.wire) {
            self.push(
                Class::Compatible,
                Kind::EnumValuesReordered,
                rust.clone(),
                wire.clone(),
                "values reordered".into(),
                "the variants keep their names; only their order changes (the order of `ALL`, `WIRE_VALUES` and the values listed in errors)".into(),
            );
        }
        self.type_docs(&new.name, &old.description, &new.description);
        if !new.open {
            self.error_field(&new.name, &old.field, &new.field);
        }
    }

    /// Added or removed types that no change has named (a safety net: every type is reached
    /// from an action, so one normally has).
    pub(super) fn leftover_types(&mut self) {
        let m = self.module();
        let added: Vec<String> = self.added_types.difference(&self.mentioned).cloned().collect();
        for name in added {
            self.push(
                Class::Compatible,
                Kind::TypeAdded,
                rust_view::path(&[m, &name]),
                self.new.type_wire(&name),
                format!("new type `{name}`"),
                "existing code is unaffected".into(),
            );
        }
        let removed: Vec<String> = self.removed_types.difference(&self.mentioned).cloned().collect();
        for name in removed {
            self.push(
                Class::Breaking,
                Kind::TypeRemoved,
                rust_view::path(&[m, &name]),
                self.old.type_wire(&name),
                format!("type `{name}` removed"),
                "code that names it stops compiling".into(),
            );
        }
    }
}

/// The shape of a field's type with type names left out, to recognise a renamed model.
fn field_shape(types: &Types, t: &FieldType) -> String {
    let scalar = |s: &FieldScalar| match s {
        FieldScalar::Enum(_) => "enum".to_owned(),
        plain => rust_view::field_scalar(types, plain).to_string(),
    };
    match t {
        FieldType::Scalar(s) => scalar(s),
        FieldType::Model(_) => "model".into(),
        FieldType::Map(s) => format!("{{{}}}", scalar(s)),
        FieldType::Json => "json".into(),
        FieldType::List { item, xml_item } => match item {
            ListItem::Scalar(s) => format!("[{}]<{xml_item}>", scalar(s)),
            ListItem::Model(_) => format!("[model]<{xml_item}>"),
        },
    }
}

/// Whether two types, `a` of `a_types` and `b` of `b_types`, have the same shape, so that one
/// replacing the other is a rename.
fn same_shape(a_types: &Types, a: TypeDef<'_>, b_types: &Types, b: TypeDef<'_>) -> bool {
    match (a, b) {
        (TypeDef::Newtype(x), TypeDef::Newtype(y)) => x.base == y.base,
        (TypeDef::Enum(x), TypeDef::Enum(y)) => {
            x.open == y.open && x.values.iter().map(|v| &v.wire).eq(y.values.iter().map(|v| &v.wire))
        }
        (TypeDef::Model(x), TypeDef::Model(y)) => {
            x.fields.len() == y.fields.len()
                && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                    f.wire_name == g.wire_name && field_shape(a_types, &f.ty) == field_shape(b_types, &g.ty)
                })
        }
        (TypeDef::RequestModel(x), TypeDef::RequestModel(y)) => {
            x.fields.len() == y.fields.len()
                && x.fields
                    .iter()
                    .zip(&y.fields)
                    .all(|(f, g)| f.wire_name == g.wire_name && f.required == g.required)
        }
        _ => false,
    }
}

/// The kind of a type in words.
fn kind_name(t: TypeDef<'_>) -> &'static str {
    match t {
        TypeDef::Newtype(_) => "newtype",
        TypeDef::Enum(e) if e.open => "response enum",
        TypeDef::Enum(_) => "request enum",
        TypeDef::Model(_) => "model",
        TypeDef::RequestModel(_) => "request model",
    }
}
