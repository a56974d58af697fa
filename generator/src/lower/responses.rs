//! Responses: the `200` answer of an operation, its XML root and JSON envelope, and the models,
//! fields and scalar values inside it.

use std::collections::HashMap;

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::params::shared_enum;
use super::types::{check_lengths, enum_values, format_name, max_bytes, unsupported_kind};
use super::{Lowered, Lowerer, Result, SchemaRef};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;
use crate::naming::{snake_name, type_name};

impl<'a> Lowerer<'a> {
    /// The response model of an operation, the XML root element and the JSON envelope key.
    pub(super) fn response(&mut self, op: &'a openapiv3::Operation, loc: &Loc) -> Result<(ModelId, String, String)> {
        let loc = loc.key("responses");
        if let Some(_default) = &op.responses.default {
            return Err(Diagnostic::new(
                &loc.key("default"),
                "only a `200` response is supported; errors are decoded by the runtime",
            ));
        }
        let mut found = None;
        for (status, response) in &op.responses.responses {
            let status_text = status.to_string();
            if status_text != "200" {
                return Err(Diagnostic::new(
                    &loc.key(&status_text),
                    "only a `200` response is supported; errors are decoded by the runtime",
                ));
            }
            found = Some(response);
        }
        let response_loc = loc.key("200");
        let response = match found {
            Some(ReferenceOr::Item(r)) => r,
            Some(ReferenceOr::Reference { .. }) => {
                return Err(Diagnostic::new(
                    &response_loc,
                    "responses given as `$ref` are not supported",
                ));
            }
            None => return Err(Diagnostic::new(&loc, "missing the `200` response")),
        };
        let content_loc = response_loc.key("content");
        for media in response.content.keys() {
            if media != "application/xml" && media != "application/json" {
                return Err(Diagnostic::new(
                    &content_loc.key(media),
                    "only `application/xml` and `application/json` are supported",
                ));
            }
        }
        let schema_of = |media: &str| -> Result<&'a ReferenceOr<Schema>> {
            response
                .content
                .get(media)
                .and_then(|m| m.schema.as_ref())
                .ok_or_else(|| {
                    Diagnostic::new(
                        &content_loc,
                        format!("the `200` response needs `{media}` with a schema: NCP answers in XML and JSON"),
                    )
                })
        };
        let xml_schema = schema_of("application/xml")?;
        let json_schema = schema_of("application/json")?;
        let xml_loc = content_loc.key("application/xml").key("schema");
        let ReferenceOr::Reference { reference } = xml_schema else {
            return Err(Diagnostic::new(
                &xml_loc,
                "the XML response schema must be a `$ref` to a component object schema",
            ));
        };
        let (component, _, target) = self.resolve(reference, &xml_loc)?;
        let model = self.model_ref(reference, &xml_loc)?;
        let xml_root = self.xml_name(&target)?.unwrap_or(component);
        // JSON wraps the same model in `{"<key>": …}`.
        let json_loc = content_loc.key("application/json").key("schema");
        let envelope = match json_schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.resolve(reference, &json_loc)?.1,
        };
        let wrong = || {
            Diagnostic::new(
                &json_loc,
                format!(
                    "the JSON response schema must be an object with exactly one property, a `$ref` to `{reference}` (NCP's `{{\"<action>Response\": …}}` envelope)"
                ),
            )
        };
        let SchemaKind::Type(Type::Object(object)) = &envelope.schema_kind else {
            return Err(wrong());
        };
        if object.properties.len() != 1 {
            return Err(wrong());
        }
        let (key, inner) = object.properties.first().ok_or_else(wrong)?;
        match inner {
            ReferenceOr::Reference { reference: r } if r == reference => {}
            _ => return Err(wrong()),
        }
        Ok((model, xml_root, key.clone()))
    }

    /// The `xml.name` written at `loc`, read from the raw document (`openapiv3` drops it).
    pub(super) fn xml_name(&self, loc: &Loc) -> Result<Option<String>> {
        match loc.key("xml").key("name").find(&self.spec.raw) {
            None => Ok(None),
            Some(serde_yaml::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(Diagnostic::new(
                &loc.key("xml").key("name"),
                "`xml.name` must be a non-empty string",
            )),
        }
    }

    /// `xml.wrapped` at `loc`.
    pub(super) fn xml_wrapped(&self, loc: &Loc) -> Result<bool> {
        match loc.key("xml").key("wrapped").find(&self.spec.raw) {
            None => Ok(false),
            Some(serde_yaml::Value::Bool(b)) => Ok(*b),
            Some(_) => Err(Diagnostic::new(
                &loc.key("xml").key("wrapped"),
                "`xml.wrapped` must be true or false",
            )),
        }
    }

    /// Lower a component model, once.
    pub(super) fn model_ref(&mut self, reference: &str, loc: &Loc) -> Result<ModelId> {
        let (component, schema, target) = self.resolve(reference, loc)?;
        if let Some(Lowered::Model(id)) = self.response_components.get(&component) {
            return Ok(*id);
        }
        if self.visiting.contains(&component) {
            let mut cycle = self.visiting.clone();
            cycle.push(component);
            return Err(Diagnostic::new(
                &target,
                format!("recursive models are not supported: {}", cycle.join(" → ")),
            ));
        }
        self.visiting.push(component.clone());
        let name = type_name(&component, "T");
        let result = self.model(schema, &name, &target, None);
        self.visiting.pop();
        let id = result?;
        self.response_components.insert(component, Lowered::Model(id));
        Ok(id)
    }

    /// Lower an object schema into a model named `name`; `role` is the wire name an inline
    /// schema is found under (see [`register_model`](Self::register_model)).
    pub(super) fn model(&mut self, schema: &'a Schema, name: &str, loc: &Loc, role: Option<&str>) -> Result<ModelId> {
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Err(Diagnostic::new(
                loc,
                "a response model must be `type: object` with `properties`",
            ));
        };
        if schema.schema_data.nullable {
            return Err(Diagnostic::new(
                &loc.key("nullable"),
                "`nullable` is not needed: every response field is optional",
            ));
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (wire_name, property) in &object.properties {
            let prop_loc = loc.key("properties").key(wire_name);
            let field_name = snake_name(wire_name);
            if let Some(other) = seen.insert(field_name.clone(), wire_name.clone()) {
                self.diags.push(
                    &prop_loc,
                    format!(
                        "properties `{other}` and `{wire_name}` both become the Rust field `{field_name}`: rename one"
                    ),
                );
                continue;
            }
            let inline_name = format!("{name}{}", type_name(wire_name, "T"));
            match self.field(SchemaRef::of_boxed(property), wire_name, &inline_name, &prop_loc) {
                Ok((ty, description, deprecated)) => fields.push(Field {
                    wire_name: wire_name.clone(),
                    rust_name: field_name,
                    description,
                    deprecated,
                    ty,
                }),
                Err(d) => self.diags.push(&d.loc, d.message),
            }
        }
        if let Some(first) = object.required.iter().find(|r| !object.properties.contains_key(*r)) {
            self.diags.push(
                &loc.key("required"),
                format!("`{first}` is listed as required but is not a property"),
            );
        }
        // A field with a problem was recorded and left out; the run fails at the end, after
        // every problem has been found.
        let def = Model {
            name: name.to_owned(),
            description: schema.schema_data.description.clone(),
            fields,
        };
        self.register_model(def, loc, role)
    }

    /// A response field: its type, description and deprecation.
    pub(super) fn field(
        &mut self,
        schema: SchemaRef<'a>,
        wire_name: &str,
        inline_name: &str,
        loc: &Loc,
    ) -> Result<(FieldType, Option<String>, bool)> {
        match schema {
            SchemaRef::Ref(reference) => {
                let (_, s, _) = self.resolve(reference, loc)?;
                let ty = match &s.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => FieldType::Model(self.model_ref(reference, loc)?),
                    SchemaKind::Type(Type::Array(_)) => {
                        return Err(Diagnostic::new(
                            loc,
                            "a list property must be written inline (`type: array` with `xml.wrapped`), not as a `$ref`",
                        ));
                    }
                    _ => FieldType::Scalar(self.response_scalar(SchemaRef::Ref(reference), inline_name, loc, None)?),
                };
                Ok((ty, s.schema_data.description.clone(), s.schema_data.deprecated))
            }
            SchemaRef::Inline(s) => {
                if let Some(xml_name) = self.xml_name(loc)?
                    && xml_name != wire_name
                {
                    return Err(Diagnostic::new(
                        &loc.key("xml").key("name"),
                        "an XML element name that differs from the JSON property name is only supported for list items and response roots",
                    ));
                }
                let ty = match &s.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => {
                        FieldType::Model(self.model(s, inline_name, loc, Some(wire_name))?)
                    }
                    SchemaKind::Type(Type::Array(array)) => {
                        if !self.xml_wrapped(loc)? {
                            return Err(Diagnostic::new(
                                loc,
                                "response lists must set `xml: {wrapped: true}`: NCP wraps list items in an element named like the list",
                            ));
                        }
                        let items_loc = loc.key("items");
                        let items = array
                            .items
                            .as_ref()
                            .ok_or_else(|| Diagnostic::new(loc, "an array needs `items`"))?;
                        let (item, xml_item) = match SchemaRef::of_boxed(items) {
                            SchemaRef::Ref(reference) => {
                                let (component, item_schema, target) = self.resolve(reference, &items_loc)?;
                                let xml_item = self.xml_name(&target)?.unwrap_or(component);
                                let item = match &item_schema.schema_kind {
                                    SchemaKind::Type(Type::Object(_)) => {
                                        ListItem::Model(self.model_ref(reference, &items_loc)?)
                                    }
                                    _ => ListItem::Scalar(self.response_scalar(
                                        SchemaRef::Ref(reference),
                                        inline_name,
                                        &items_loc,
                                        None,
                                    )?),
                                };
                                (item, xml_item)
                            }
                            SchemaRef::Inline(item_schema) => {
                                let xml_item = self.xml_name(&items_loc)?.unwrap_or_else(|| wire_name.to_owned());
                                let item_name = format!("{inline_name}Item");
                                // Items are found under the list's name, with `[]`.
                                let role = format!("{wire_name}[]");
                                let item = match &item_schema.schema_kind {
                                    SchemaKind::Type(Type::Object(_)) => {
                                        ListItem::Model(self.model(item_schema, &item_name, &items_loc, Some(&role))?)
                                    }
                                    _ => ListItem::Scalar(self.response_scalar(
                                        SchemaRef::Inline(item_schema),
                                        &item_name,
                                        &items_loc,
                                        Some(&role),
                                    )?),
                                };
                                (item, xml_item)
                            }
                        };
                        FieldType::List { item, xml_item }
                    }
                    _ => {
                        if self.xml_wrapped(loc)? {
                            return Err(Diagnostic::new(
                                &loc.key("xml").key("wrapped"),
                                "`xml.wrapped` only applies to arrays",
                            ));
                        }
                        FieldType::Scalar(self.response_scalar(schema, inline_name, loc, Some(wire_name))?)
                    }
                };
                Ok((ty, s.schema_data.description.clone(), s.schema_data.deprecated))
            }
        }
    }

    /// A scalar response value. Length rules are not checked on responses: the server's word
    /// is taken as it comes. `role` is the wire name an inline schema is found under (see
    /// [`register_enum`](Self::register_enum)).
    pub(super) fn response_scalar(
        &mut self,
        schema: SchemaRef<'a>,
        inline_name: &str,
        loc: &Loc,
        role: Option<&str>,
    ) -> Result<FieldScalar> {
        let (schema, loc, name, component) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), inline_name.to_owned(), None),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                if let Some(Lowered::Scalar(s)) = self.response_components.get(&component) {
                    return Ok(*s);
                }
                if let Some(Scalar::Enum(_)) = self.request_components.get(&component) {
                    return Err(shared_enum(&component, &target));
                }
                let name = type_name(&component, "T");
                (s, target, name, Some(component))
            }
        };
        let result = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                max_bytes(&schema.schema_data, &loc)?;
                check_lengths(s.min_length, s.max_length, &loc)?;
                if let Some(p) = &s.pattern
                    && let Err(e) = regex_lite::Regex::new(p)
                {
                    return Err(Diagnostic::new(
                        &loc.key("pattern"),
                        format!("invalid or unsupported regular expression `{p}`: {e}"),
                    ));
                }
                if !s.enumeration.is_empty() {
                    let values = enum_values(&s.enumeration, &loc)?;
                    if let Some(v) = values.iter().find(|v| v.variant == "Unknown") {
                        return Err(Diagnostic::new(
                            &loc.key("enum"),
                            format!(
                                "the value `{}` would clash with the `Unknown` variant every response enum has",
                                v.wire
                            ),
                        ));
                    }
                    let def = Enum {
                        name: name.clone(),
                        field: name,
                        description: schema.schema_data.description.clone(),
                        values,
                        open: true,
                    };
                    FieldScalar::Enum(self.register_enum(def, &loc, role)?)
                } else {
                    match &s.format {
                        VariantOrUnknownOrEmpty::Empty => FieldScalar::String,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => FieldScalar::DateTime,
                        other => {
                            return Err(Diagnostic::new(
                                &loc.key("format"),
                                format!(
                                    "string format `{}` is not supported in responses: only `date-time`",
                                    format_name(other)
                                ),
                            ));
                        }
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => FieldScalar::Int32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => {
                    FieldScalar::Int64
                }
                VariantOrUnknownOrEmpty::Unknown(f) => {
                    return Err(Diagnostic::new(
                        &loc.key("format"),
                        format!("integer format `{f}` is not supported: use int32 or int64"),
                    ));
                }
            },
            SchemaKind::Type(Type::Number(_)) => FieldScalar::Float,
            SchemaKind::Type(Type::Boolean(_)) => FieldScalar::Bool,
            SchemaKind::Type(Type::Array(_)) => {
                return Err(Diagnostic::new(&loc, "lists of lists are not supported"));
            }
            SchemaKind::Type(Type::Object(_)) => {
                return Err(Diagnostic::new(&loc, "internal: objects are models, not scalars"));
            }
            other => return Err(unsupported_kind(&loc, other)),
        };
        if let Some(component) = component {
            self.response_components.insert(component, Lowered::Scalar(result));
        }
        Ok(result)
    }
}
