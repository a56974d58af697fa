//! JSON request bodies: the body's object, whose properties are flattened into the request as
//! parameters in [`Location::Body`], and the request models of the objects inside it.
//!
//! A component schema used in a request body and also reached from a success response is two
//! Rust types: the response model keeps the component's name and the request model takes
//! `Input` after it (`Cluster` and `ClusterInput`), so that which one a name means never depends
//! on the order of the spec. Inline objects are named after where they are: the request or
//! request model they are in and the property (`CreateWidgetSpec`, list items with `Item`).
//!
//! A property marked `readOnly: true` (on its schema, or on the component its `$ref` names) is
//! left out of requests: OpenAPI says it may be sent in responses but not in requests, and a
//! `required` that lists it applies to responses only. The response model keeps it.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, ObjectType, ReferenceOr, RequestBody, Schema, SchemaKind, Type};

use super::operations::media_type;
use super::params::is_logged;
use super::types::wire_text;
use super::{Lowerer, REQUEST_BODIES, Result, SCHEMAS, SchemaRef};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;
use crate::naming::{component_type_name, snake_name, type_name};

impl<'a> Lowerer<'a> {
    /// The body of an operation whose request type is `owner`: the body, its properties as
    /// parameters, and where each property is. A body without properties (a free-form object, a
    /// map) is one parameter named `whole_name`, the whole object.
    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        owner: &str,
        whole_name: &str,
        loc: &Loc,
    ) -> Result<(Body, Vec<Param>, Vec<Loc>)> {
        let (body, loc) = match body {
            ReferenceOr::Item(b) => (b, loc.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(REQUEST_BODIES).unwrap_or(reference);
                match self.api.components.as_ref().and_then(|c| c.request_bodies.get(name)) {
                    Some(ReferenceOr::Item(b)) => (b, loc.of_ref(reference)),
                    _ => {
                        return Err(Diagnostic::new(
                            &loc.key("$ref"),
                            format!("`$ref: {reference}` does not resolve to a request body"),
                        ));
                    }
                }
            }
        };
        let content = loc.key("content");
        let mut json = None;
        for (media, value) in &body.content {
            if media_type(media) == "application/json" {
                json = Some((media, value));
            } else {
                return Err(Diagnostic::new(
                    &content.key(media),
                    format!("request bodies of type `{media}` are not supported: only `application/json`"),
                ));
            }
        }
        let Some((media, value)) = json else {
            return Err(Diagnostic::new(
                &content,
                "a request body needs `application/json` content with a schema",
            ));
        };
        let schema_loc = content.key(media).key("schema");
        let Some(schema) = &value.schema else {
            return Err(Diagnostic::new(&content.key(media), "the JSON body needs a `schema`"));
        };
        let (object, object_loc, owner) = match SchemaRef::of(schema) {
            SchemaRef::Inline(s) => (s, schema_loc.clone(), owner.to_owned()),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, &schema_loc)?;
                (s, target, self.request_model_name(&component))
            }
        };
        let Some(properties) = object_properties(object) else {
            return Err(Diagnostic::new(
                &object_loc,
                "a request body must be `type: object` with `properties`: its properties become the request's setters",
            ));
        };
        if properties.properties.is_empty()
            && !matches!(properties.additional_properties, Some(AdditionalProperties::Any(false)))
        {
            // No property to flatten: the whole object is one parameter, sent as given.
            let mut param = self.body_param(SchemaRef::of(schema), whole_name, &owner, body.required, &schema_loc)?;
            if param.description.is_none() {
                param.description.clone_from(&body.description);
            }
            return Ok((
                Body {
                    required: body.required,
                    description: body.description.clone(),
                    required_properties: Vec::new(),
                    whole: true,
                },
                vec![param],
                vec![schema_loc],
            ));
        }
        let required_properties: Vec<String> = properties
            .properties
            .iter()
            .filter(|(k, p)| properties.required.contains(k) && !self.read_only(p))
            .map(|(k, _)| k.clone())
            .collect();
        if let Some(missing) = properties
            .required
            .iter()
            .find(|r| !properties.properties.contains_key(*r))
        {
            return Err(Diagnostic::new(
                &object_loc.key("required"),
                format!("`{missing}` is listed as required but is not a property"),
            ));
        }
        let (fields, locs) = self.object_fields(properties, &owner, body.required, &object_loc)?;
        Ok((
            Body {
                required: body.required,
                description: body.description.clone(),
                required_properties,
                whole: false,
            },
            fields,
            locs,
        ))
    }

    /// The properties of an object as body parameters, in schema order. A property is required
    /// when the object lists it and `enforce_required` (false for the top object of an optional
    /// body, whose required properties are checked only when the body is sent).
    fn object_fields(
        &mut self,
        object: &'a ObjectType,
        owner: &str,
        enforce_required: bool,
        loc: &Loc,
    ) -> Result<(Vec<Param>, Vec<Loc>)> {
        let mut fields: Vec<Param> = Vec::new();
        let mut locs: Vec<Loc> = Vec::new();
        for (wire_name, property) in &object.properties {
            if self.read_only(property) {
                continue;
            }
            let prop_loc = loc.key("properties").key(wire_name);
            let required = enforce_required && object.required.contains(wire_name);
            let result = self.body_param(SchemaRef::of_boxed(property), wire_name, owner, required, &prop_loc);
            let Some(param) = self.diags.take(result) else {
                continue;
            };
            if let Some(other) = fields.iter().find(|f| f.rust_name == param.rust_name) {
                self.diags.push(
                    &prop_loc,
                    format!(
                        "properties `{}` and `{wire_name}` both become the Rust name `{}`: rename one",
                        other.wire_name, param.rust_name
                    ),
                );
                continue;
            }
            fields.push(param);
            locs.push(prop_loc);
        }
        Ok((fields, locs))
    }

    /// One property of a body object, as a parameter.
    fn body_param(
        &mut self,
        schema: SchemaRef<'a>,
        wire_name: &str,
        owner: &str,
        required: bool,
        loc: &Loc,
    ) -> Result<Param> {
        if wire_name.is_empty() {
            return Err(Diagnostic::new(loc, "a property needs a name"));
        }
        let resolved = match schema {
            SchemaRef::Inline(s) => s,
            SchemaRef::Ref(r) => self.resolve(r, loc)?.1,
        };
        let inline_name = format!("{owner}{}", type_name(wire_name, "T"));
        let ty = match &resolved.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                let items = array
                    .items
                    .as_ref()
                    .ok_or_else(|| Diagnostic::new(loc, "an array needs `items`"))?;
                let items_loc = match schema {
                    SchemaRef::Inline(_) => loc.key("items"),
                    SchemaRef::Ref(r) => loc.of_ref(r).key("items"),
                };
                let item = self.body_value(
                    SchemaRef::of_boxed(items),
                    wire_name,
                    &format!("{inline_name}Item"),
                    &items_loc,
                )?;
                let min_items = array.min_items.map(|n| n as u64);
                let max_items = array.max_items.map(|n| n as u64);
                if let (Some(min), Some(max)) = (min_items, max_items)
                    && min > max
                {
                    return Err(Diagnostic::new(
                        &loc.key("minItems"),
                        format!("`minItems` {min} is greater than `maxItems` {max}"),
                    ));
                }
                ParamType::List {
                    item,
                    min_items,
                    max_items,
                }
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        let value_loc = loc.key("additionalProperties");
                        let value = self.body_value(
                            SchemaRef::of(value),
                            wire_name,
                            &format!("{inline_name}Value"),
                            &value_loc,
                        )?;
                        if matches!(value, Scalar::Object(_)) {
                            return Err(Diagnostic::new(
                                &value_loc,
                                "maps of objects are not supported in request bodies: maps of strings, numbers and booleans are",
                            ));
                        }
                        ParamType::Map { value }
                    }
                    _ => ParamType::Scalar(self.body_value(schema, wire_name, &inline_name, loc)?),
                }
            }
            _ => ParamType::Scalar(self.body_value(schema, wire_name, &inline_name, loc)?),
        };
        let data = &resolved.schema_data;
        let default = data.default.as_ref().map(wire_text);
        let example = data.example.as_ref().map(wire_text);
        for (what, value) in [("default", &default), ("example", &example)] {
            if let Some(value) = value {
                self.check_value(&ty, value, loc, what)?;
            }
        }
        let logged = is_logged(
            data.extensions.get("x-ncp-parameter-is-logged"),
            &loc.key("x-ncp-parameter-is-logged"),
        )?;
        Ok(Param {
            wire_name: wire_name.to_owned(),
            rust_name: snake_name(wire_name),
            description: data.description.clone(),
            required,
            deprecated: data.deprecated,
            default,
            example,
            is_region: false,
            location: Location::Body,
            logged,
            ty,
        })
    }

    /// A value in a body: a request model for an object, a float for a number, else what a
    /// parameter's value would be.
    fn body_value(&mut self, schema: SchemaRef<'a>, wire_name: &str, inline_name: &str, loc: &Loc) -> Result<Scalar> {
        let resolved = match schema {
            SchemaRef::Inline(s) => s,
            SchemaRef::Ref(r) => self.resolve(r, loc)?.1,
        };
        match &resolved.schema_kind {
            SchemaKind::Type(Type::Object(object)) if super::responses::is_free_form(object) => Ok(Scalar::Json),
            SchemaKind::Type(Type::Object(_)) => Ok(Scalar::Object(self.request_model(schema, inline_name, loc)?)),
            SchemaKind::Type(Type::Number(n)) => {
                if n.minimum.is_some() || n.maximum.is_some() || n.multiple_of.is_some() {
                    return Err(Diagnostic::new(
                        loc,
                        "rules on `type: number` values are not supported: use an integer, or leave the number without rules",
                    ));
                }
                Ok(Scalar::Float)
            }
            _ => self.request_scalar(schema, wire_name, inline_name, loc),
        }
    }

    /// The request model of an object schema: a component once, whatever uses it; an inline one
    /// named `inline_name`.
    fn request_model(&mut self, schema: SchemaRef<'a>, inline_name: &str, loc: &Loc) -> Result<RequestModelId> {
        let (object, loc, name, component) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), inline_name.to_owned(), None),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                if let Some(id) = self.request_models.get(&component) {
                    return Ok(*id);
                }
                if self.visiting.contains(&component) {
                    let mut cycle = self.visiting.clone();
                    cycle.push(component);
                    return Err(Diagnostic::new(
                        &target,
                        format!("recursive request models are not supported: {}", cycle.join(" → ")),
                    ));
                }
                (s, target, self.request_model_name(&component), Some(component))
            }
        };
        let Some(properties) = object_properties(object) else {
            return Err(Diagnostic::new(&loc, "an object in a request body needs `properties`"));
        };
        if let Some(missing) = properties
            .required
            .iter()
            .find(|r| !properties.properties.contains_key(*r))
        {
            return Err(Diagnostic::new(
                &loc.key("required"),
                format!("`{missing}` is listed as required but is not a property"),
            ));
        }
        if let Some(c) = &component {
            self.visiting.push(c.clone());
        }
        let result = self.object_fields(properties, &name, true, &loc);
        if component.is_some() {
            self.visiting.pop();
        }
        let (fields, _) = result?;
        let def = RequestModel {
            name: name.clone(),
            description: object.schema_data.description.clone(),
            fields,
        };
        if let Some((existing, first)) = self.names.get(&name) {
            let (existing, first) = (*existing, first.clone());
            return Err(self.collision(existing, TypeDef::RequestModel(&def), &first, &loc));
        }
        let id = self.types.request_models.push(def);
        self.names.insert(name, (id.into(), loc.clone()));
        if let Some(component) = component {
            self.request_models.insert(component, id);
        }
        Ok(id)
    }

    /// The Rust name of the request model made from the component `component`.
    fn request_model_name(&self, component: &str) -> String {
        let name = component_type_name(component);
        if self.in_responses.contains(component) {
            format!("{name}Input")
        } else {
            name
        }
    }

    /// Every component schema a success response reaches, through properties, items and maps.
    pub(super) fn response_component_names(&self) -> HashSet<String> {
        let mut found = HashSet::new();
        let mut stack: Vec<&'a Schema> = Vec::new();
        for item in self.api.paths.paths.values() {
            let ReferenceOr::Item(item) = item else { continue };
            for (_, op) in item.iter() {
                for (status, response) in &op.responses.responses {
                    if !status.to_string().starts_with('2') {
                        continue;
                    }
                    let ReferenceOr::Item(response) = response else {
                        continue;
                    };
                    for media in response.content.values() {
                        if let Some(schema) = &media.schema {
                            self.reach(SchemaRef::of(schema), &mut found, &mut stack);
                        }
                    }
                }
            }
        }
        while let Some(schema) = stack.pop() {
            for child in children(schema) {
                self.reach(child, &mut found, &mut stack);
            }
        }
        found
    }

    /// Records the component `schema` names, if any and new, and queues what it holds.
    fn reach(&self, schema: SchemaRef<'a>, found: &mut HashSet<String>, stack: &mut Vec<&'a Schema>) {
        match schema {
            SchemaRef::Inline(s) => stack.push(s),
            SchemaRef::Ref(r) => {
                if let Some(name) = r.strip_prefix(SCHEMAS)
                    && found.insert(name.to_owned())
                    && let Some(s) = self.component(r)
                {
                    stack.push(s);
                }
            }
        }
    }
}

impl Lowerer<'_> {
    /// Whether a property is `readOnly: true`, on its own schema or on the component its `$ref`
    /// names (a `$ref` that does not resolve is not: lowering the property reports it).
    fn read_only(&self, property: &ReferenceOr<Box<Schema>>) -> bool {
        match SchemaRef::of_boxed(property) {
            SchemaRef::Inline(s) => s.schema_data.read_only,
            SchemaRef::Ref(r) => self
                .resolve(r, &Loc::root(std::path::Path::new("")))
                .is_ok_and(|(_, s, _)| s.schema_data.read_only),
        }
    }
}

/// The object type of a schema, if it is an object.
fn object_properties(schema: &Schema) -> Option<&ObjectType> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(object),
        _ => None,
    }
}

/// The schemas a schema holds directly: properties, items, map values, composed parts.
fn children(schema: &Schema) -> Vec<SchemaRef<'_>> {
    let mut out = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            out.extend(o.properties.values().map(SchemaRef::of_boxed));
            if let Some(AdditionalProperties::Schema(s)) = &o.additional_properties {
                out.push(SchemaRef::of(s));
            }
        }
        SchemaKind::Type(Type::Array(a)) => out.extend(a.items.iter().map(SchemaRef::of_boxed)),
        SchemaKind::OneOf { one_of: all } | SchemaKind::AllOf { all_of: all } | SchemaKind::AnyOf { any_of: all } => {
            out.extend(all.iter().map(SchemaRef::of));
        }
        _ => {}
    }
    out
}
