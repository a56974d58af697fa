//! Response models and their fields: fields added, removed, retyped, reordered, deprecated or
//! redocumented, and whether a model still implements `Eq`.

use super::{Cx, DocsChange, reordered};
use crate::diff::{Class, Kind};
use crate::ir::{Field, FieldType, Model};
use crate::rust_view;

impl Cx<'_> {
    /// A model on both sides: its fields, their order, whether it is `Eq`, its description.
    pub(super) fn model(&mut self, old: &Model, new: &Model) {
        let m = self.module();
        for f in &new.fields {
            let wire = self.new.field_wire(&new.name, &f.wire_name);
            let rust = rust_view::path(&[m, &new.name, &f.rust_name]);
            match old.fields.iter().find(|o| o.wire_name == f.wire_name) {
                None => {
                    let brought = self.types_brought(&self.new.field_ref(&f.ty).into_iter().collect::<Vec<_>>());
                    self.push(
                        Class::Compatible,
                        Kind::FieldAdded,
                        rust,
                        wire,
                        format!("new response field `{}`", f.wire_name),
                        format!(
                            "new field `{}: {}`; the struct is `#[non_exhaustive]` (never built with a struct literal outside the crate), so existing code is unaffected{brought}",
                            f.rust_name,
                            rust_view::field(&self.new.service.types, &f.ty),
                        ),
                    );
                }
                Some(before) => self.field(&new.name, before, f, rust, wire),
            }
        }
        for f in &old.fields {
            if new.fields.iter().any(|n| n.wire_name == f.wire_name) {
                continue;
            }
            let dropped = self.types_dropped(&self.old.field_ref(&f.ty).into_iter().collect::<Vec<_>>());
            self.push(
                Class::Breaking,
                Kind::FieldRemoved,
                rust_view::path(&[m, &new.name, &f.rust_name]),
                self.old.field_wire(&old.name, &f.wire_name),
                format!("response field `{}` removed", f.wire_name),
                format!(
                    "the field `{}` is removed: code that reads it stops compiling{dropped}",
                    rust_view::path(&[&new.name, &f.rust_name])
                ),
            );
        }
        if reordered(&old.fields, &new.fields, |f| &f.wire_name) {
            self.push(
                Class::Compatible,
                Kind::FieldsReordered,
                rust_view::path(&[m, &new.name]),
                self.new.type_wire(&new.name),
                "properties reordered".into(),
                "only the order of the struct's fields changes; fields are named, so code is unaffected".into(),
            );
        }
        let was_eq = old.is_eq(&self.old.service.types);
        let is_eq = new.is_eq(&self.new.service.types);
        if was_eq != is_eq {
            let (class, what, effect) = if was_eq {
                (
                    Class::Breaking,
                    format!("`{}` no longer implements `Eq`", new.name),
                    "it now holds an `f64` (a `type: number` field, here or in a nested model): code that needs `Eq` stops compiling"
                        .to_owned(),
                )
            } else {
                (
                    Class::Compatible,
                    format!("`{}` now implements `Eq`", new.name),
                    "it no longer holds an `f64`".to_owned(),
                )
            };
            self.push(
                class,
                Kind::TypeTraitsChanged,
                rust_view::path(&[m, &new.name]),
                self.new.type_wire(&new.name),
                what,
                effect,
            );
        }
        self.type_docs(&new.name, &old.description, &new.description);
    }

    /// A field on both sides of `model`: its type, XML item name, deprecation and description.
    fn field(&mut self, model: &str, old: &Field, new: &Field, rust: String, wire: String) {
        if !self.field_type_eq(&old.ty, &new.ty) {
            let brought = self.types_brought(&self.new.field_ref(&new.ty).into_iter().collect::<Vec<_>>());
            let dropped = self.types_dropped(&self.old.field_ref(&old.ty).into_iter().collect::<Vec<_>>());
            let (before, after) = (
                rust_view::field(&self.old.service.types, &old.ty),
                rust_view::field(&self.new.service.types, &new.ty),
            );
            self.push(
                Class::Breaking,
                Kind::FieldTypeChanged,
                rust.clone(),
                wire.clone(),
                format!("type of `{}` changed", new.wire_name),
                format!(
                    "the field `{}` is `{after}` instead of `{before}`: code that reads it stops compiling{brought}{dropped}",
                    rust_view::path(&[model, &new.rust_name])
                ),
            );
        }
        // REST answers are JSON only: their lists have no XML item name that matters.
        if let (FieldType::List { xml_item: a, .. }, FieldType::List { xml_item: b, .. }) = (&old.ty, &new.ty)
            && a != b
            && self.new.in_xml(model)
        {
            self.push(
                Class::NeedsReview,
                Kind::FieldXmlChanged,
                rust.clone(),
                wire.clone(),
                format!("XML item element `<{a}>` → `<{b}>`"),
                "XML lists are decoded from the new element name; the Rust API is unchanged: check it against the server"
                    .into(),
            );
        }
        if old.deprecated != new.deprecated {
            self.push(
                Class::Compatible,
                Kind::FieldDeprecated,
                rust.clone(),
                wire.clone(),
                if new.deprecated {
                    "marked deprecated".into()
                } else {
                    "no longer deprecated".into()
                },
                "documentation only".into(),
            );
        }
        if old.description != new.description {
            if let Some(ty) = self.new.field_ref(&new.ty) {
                self.docs.push(DocsChange {
                    ty: ty.to_owned(),
                    old: old.description.clone(),
                    new: new.description.clone(),
                });
            }
            self.push(
                Class::Compatible,
                Kind::FieldDocs,
                rust,
                wire,
                "description changed".into(),
                "documentation only".into(),
            );
        }
    }
}
