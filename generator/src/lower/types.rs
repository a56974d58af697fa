//! Named types: component schemas found by `$ref`, one Rust type per name and shape, and the
//! rules and values every kind of schema shares.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, VariantOrUnknownOrEmpty};
use serde_json::Value as Json;

use super::{Lowerer, Result, SCHEMAS, enum_shape, model_shape};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;
use crate::naming::type_name;
use crate::rust_view;

impl<'a> Lowerer<'a> {
    pub(super) fn component(&self, reference: &str) -> Option<&'a Schema> {
        let name = reference.strip_prefix(SCHEMAS)?;
        match self.api.components.as_ref()?.schemas.get(name)? {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Follow a `$ref` to a component schema: its name, the schema and its location.
    pub(super) fn resolve(&self, reference: &str, loc: &Loc) -> Result<(String, &'a Schema, Loc)> {
        let Some(name) = reference.strip_prefix(SCHEMAS) else {
            return Err(Diagnostic::new(
                &loc.key("$ref"),
                format!("`$ref: {reference}` must point into `{SCHEMAS}`"),
            ));
        };
        let target = loc.of_ref(reference);
        match self.api.components.as_ref().and_then(|c| c.schemas.get(name)) {
            Some(ReferenceOr::Item(s)) => Ok((name.to_owned(), s, target)),
            Some(ReferenceOr::Reference { .. }) => Err(Diagnostic::new(
                &target,
                "a `$ref` to a `$ref` is not supported: point at the schema itself",
            )),
            None => Err(Diagnostic::new(
                &loc.key("$ref"),
                format!("`$ref: {reference}` does not resolve"),
            )),
        }
    }

    /// Two different schemas at `first` (which made `existing`) and `loc` (which would make
    /// `new`) want the same Rust name.
    pub(super) fn collision(&self, existing: TypeId, new: TypeDef<'_>, first: &Loc, loc: &Loc) -> Diagnostic {
        let old = self.types.get(existing);
        let (there, here) = self.difference(old, new);
        Diagnostic::new(
            loc,
            format!(
                "this schema and the one at {first} both become the Rust type `{}`, but they differ: there {there}, here {here}. Identical schemas share one type; different ones cannot share a name: make them identical, or give one a name of its own with a schema in `components/schemas` that its users `$ref`",
                new.name()
            ),
        )
    }

    /// How two types that want one name differ, in words, as (the first, the second).
    pub(super) fn difference(&self, a: TypeDef<'_>, b: TypeDef<'_>) -> (String, String) {
        let describe = |t: TypeDef<'_>| match t {
            TypeDef::Newtype(n) => {
                let rules: Vec<String> = n.rules().iter().map(ToString::to_string).collect();
                format!("`{}` ({})", rust_view::base(n.base.base_type()), rules.join("; "))
            }
            TypeDef::Enum(e) => {
                let values: Vec<String> = e.values.iter().map(|v| format!("`{}`", v.wire)).collect();
                let kind = if e.open { "response" } else { "request" };
                format!("a {kind} enum ({})", crate::error::shown(&values, 20))
            }
            TypeDef::Model(m) => {
                let names: Vec<String> = m.fields.iter().map(|f| format!("`{}`", f.wire_name)).collect();
                format!("a response model (properties {})", crate::error::shown(&names, 20))
            }
            TypeDef::RequestModel(m) => {
                let names: Vec<String> = m.fields.iter().map(|f| format!("`{}`", f.wire_name)).collect();
                format!("a request model (properties {})", crate::error::shown(&names, 20))
            }
        };
        // Models with the same properties differ in the type of one: name it.
        if let (TypeDef::Model(x), TypeDef::Model(y)) = (a, b)
            && x.fields
                .iter()
                .map(|f| &f.wire_name)
                .eq(y.fields.iter().map(|f| &f.wire_name))
            && let Some((f, g)) = x.fields.iter().zip(&y.fields).find(|(f, g)| f.ty != g.ty)
        {
            let ty = |f: &Field| rust_view::field(&self.types, &f.ty).to_string();
            return (
                format!("a response model whose `{}` is `{}`", f.wire_name, ty(f)),
                format!("a response model whose `{}` is `{}`", g.wire_name, ty(g)),
            );
        }
        (describe(a), describe(b))
    }

    /// The newtype for `def`: the one of its name made already if it has the same base type and
    /// rules (an inline schema repeated by several actions is one type), else a new one.
    pub(super) fn register_newtype(&mut self, def: Newtype, loc: &Loc) -> Result<NewtypeId> {
        if let Some((existing, first)) = self.names.get(&def.name) {
            return match *existing {
                TypeId::Newtype(id) if self.types.newtypes[id].base == def.base => Ok(id),
                other => Err(self.collision(other, TypeDef::Newtype(&def), first, loc)),
            };
        }
        let name = def.name.clone();
        let id = self.types.newtypes.push(def);
        self.names.insert(name, (id.into(), loc.clone()));
        Ok(id)
    }

    /// The enum for `def`: the one of its name made already if it has the same values and is as
    /// open, else a new one. An inline response enum found under the wire name `role` is also the
    /// same type as an earlier one of the same shape under that wire name, whatever its name.
    pub(super) fn register_enum(&mut self, def: Enum, loc: &Loc, role: Option<&str>) -> Result<EnumId> {
        // The shape is worked out only where it is needed: most types are neither inline nor
        // wanted twice.
        let key = role.map(|role| (role.to_owned(), enum_shape(&def)));
        if let Some(id) = key.as_ref().and_then(|k| self.shared_enums.get(k)) {
            return Ok(*id);
        }
        let id = match self.names.get(&def.name) {
            Some((existing, first)) => match *existing {
                TypeId::Enum(id) if enum_shape(&self.types.enums[id]) == enum_shape(&def) => id,
                other => return Err(self.collision(other, TypeDef::Enum(&def), first, loc)),
            },
            None => {
                let name = def.name.clone();
                let id = self.types.enums.push(def);
                self.names.insert(name, (id.into(), loc.clone()));
                id
            }
        };
        if let Some(key) = key {
            self.shared_enums.insert(key, id);
        }
        Ok(id)
    }

    /// The model for `def`, made once per shape like [`register_enum`](Self::register_enum).
    pub(super) fn register_model(&mut self, def: Model, loc: &Loc, role: Option<&str>) -> Result<ModelId> {
        // The shape is worked out only where it is needed: most types are neither inline nor
        // wanted twice.
        let key = role.map(|role| (role.to_owned(), model_shape(&def)));
        if let Some(id) = key.as_ref().and_then(|k| self.shared_models.get(k)) {
            return Ok(*id);
        }
        let id = match self.names.get(&def.name) {
            Some((existing, first)) => match *existing {
                TypeId::Model(id) if model_shape(&self.types.models[id]) == model_shape(&def) => id,
                other => return Err(self.collision(other, TypeDef::Model(&def), first, loc)),
            },
            None => {
                let name = def.name.clone();
                let id = self.types.models.push(def);
                self.names.insert(name, (id.into(), loc.clone()));
                id
            }
        };
        if let Some(key) = key {
            self.shared_models.insert(key, id);
        }
        Ok(id)
    }
}

pub(super) fn unsupported_kind(loc: &Loc, kind: &SchemaKind) -> Diagnostic {
    let what = match kind {
        SchemaKind::OneOf { .. } => "`oneOf`",
        SchemaKind::AllOf { .. } => "`allOf`",
        SchemaKind::AnyOf { .. } => "`anyOf`",
        SchemaKind::Not { .. } => "`not`",
        _ => "a schema without a `type`",
    };
    Diagnostic::new(
        loc,
        format!(
            "{what} is not supported: give the schema a `type` (string, integer, number, boolean, array or object)"
        ),
    )
}

/// `x-ncp-max-bytes`: a positive integer.
pub(super) fn max_bytes(data: &openapiv3::SchemaData, loc: &Loc) -> Result<Option<u64>> {
    match data.extensions.get("x-ncp-max-bytes") {
        None => Ok(None),
        Some(Json::Number(n)) if n.as_u64().is_some_and(|n| n > 0) => Ok(n.as_u64()),
        Some(other) => Err(Diagnostic::new(
            &loc.key("x-ncp-max-bytes"),
            format!("`x-ncp-max-bytes` must be a positive integer (a number of UTF-8 bytes), found {other}"),
        )),
    }
}

pub(super) fn check_lengths(min: Option<usize>, max: Option<usize>, loc: &Loc) -> Result<()> {
    match (min, max) {
        (Some(min), Some(max)) if min > max => Err(Diagnostic::new(
            &loc.key("minLength"),
            format!("`minLength` {min} is greater than `maxLength` {max}: no value could be valid"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn enum_values(values: &[Option<String>], loc: &Loc) -> Result<Vec<EnumValue>> {
    let mut out: Vec<EnumValue> = Vec::new();
    // Each variant's position in `out`: a large enum is checked in linear time.
    let mut variants: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, value) in values.iter().enumerate() {
        let Some(wire) = value else {
            return Err(Diagnostic::new(
                &loc.key("enum").index(i),
                "`null` is not supported as an enum value",
            ));
        };
        let variant = type_name(wire, "V");
        if let Some(other) = variants.get(&variant).map(|i| &out[*i]) {
            let why = if other.wire == *wire {
                "is listed twice".to_owned()
            } else {
                format!("and `{}` both become the variant `{variant}`", other.wire)
            };
            return Err(Diagnostic::new(
                &loc.key("enum").index(i),
                format!("the enum value `{wire}` {why}"),
            ));
        }
        variants.insert(variant.clone(), out.len());
        out.push(EnumValue {
            wire: wire.clone(),
            variant,
        });
    }
    Ok(out)
}

/// A value's wire text (strings without quotes).
pub(super) fn wire_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `value` satisfies a string rule (the same semantics as the runtime's checks).
pub(super) fn satisfies(constraint: &Constraint, value: &str) -> bool {
    let chars = value.chars().count() as u64;
    match constraint {
        Constraint::MinLength(n) => chars >= *n,
        Constraint::MaxLength(n) => chars <= *n,
        Constraint::MaxBytes(n) => value.len() as u64 <= *n,
        Constraint::Pattern(p) => regex_lite::Regex::new(p).is_ok_and(|r| r.is_match(value)),
        Constraint::Minimum(n) => value.parse::<i64>().is_ok_and(|v| v >= *n),
        Constraint::Maximum(n) => value.parse::<i64>().is_ok_and(|v| v <= *n),
    }
}

/// The name of a string format as written in the spec.
pub(super) fn format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> String {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }
        .to_owned(),
        VariantOrUnknownOrEmpty::Unknown(f) => f.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}
