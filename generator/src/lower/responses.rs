//! Responses: the success answer of an operation (RPC: the `200` in XML and JSON's envelope;
//! REST: one 2xx in JSON, without content, or as bytes), and the models, fields and scalar values
//! inside it.

use std::collections::HashMap;

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::params::shared_enum;
use super::types::{check_lengths, enum_values, format_name, max_bytes, unsupported_kind};
use super::{Lowered, Lowerer, Result, SchemaRef};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;
use crate::naming::{component_type_name, snake_name, type_name};

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

    /// The success response of a REST operation (whose request type is named after `wire_name`):
    /// its one 2xx answer. Error answers (4xx, 5xx, `default`) may be described, for people: the
    /// runtime decodes every error body itself.
    pub(super) fn rest_response(
        &mut self,
        op: &'a openapiv3::Operation,
        wire_name: &str,
        loc: &Loc,
    ) -> Result<Response> {
        let loc = loc.key("responses");
        let success: Vec<(String, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(status, r)| (status.to_string(), r))
            .filter(|(status, _)| status.starts_with('2'))
            .collect();
        let (status_text, response) = match success.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(Diagnostic::new(
                    &loc,
                    "needs a success response (`200`, `201`, `204`, …)",
                ));
            }
            many => {
                let statuses: Vec<String> = many.iter().map(|(s, _)| format!("`{s}`")).collect();
                return Err(Diagnostic::new(
                    &loc,
                    format!(
                        "one success response per operation: found {}; describe the one the call gives",
                        statuses.join(", ")
                    ),
                ));
            }
        };
        let status: u16 = status_text.parse().unwrap_or(200);
        let response_loc = loc.key(&status_text);
        let ReferenceOr::Item(response) = response else {
            return Err(Diagnostic::new(
                &response_loc,
                "responses given as `$ref` are not supported",
            ));
        };
        if response.content.is_empty() {
            return Ok(Response::Empty { status });
        }
        let content_loc = response_loc.key("content");
        if status == 204 {
            return Err(Diagnostic::new(&content_loc, "a `204` response has no content"));
        }
        let mut json = None;
        let mut bytes = false;
        for (media, value) in &response.content {
            match super::operations::media_type(media).as_str() {
                "application/json" => json = Some((media, value)),
                "application/octet-stream" => bytes = true,
                _ => {
                    return Err(Diagnostic::new(
                        &content_loc.key(media),
                        format!(
                            "`{media}` responses are not supported: `application/json` or `application/octet-stream`"
                        ),
                    ));
                }
            }
        }
        if bytes {
            return Ok(Response::Bytes {
                status,
                also_json: json.is_some(),
            });
        }
        let Some((media, value)) = json else {
            return Ok(Response::Empty { status });
        };
        let schema_loc = content_loc.key(media).key("schema");
        let Some(schema) = &value.schema else {
            return Ok(Response::Empty { status });
        };
        let inline_name = format!("{}Response", crate::rust_view::names::request_type(wire_name));
        self.rest = true;
        let ty = self.json_value(SchemaRef::of(schema), &inline_name, &schema_loc);
        self.rest = false;
        Ok(Response::Json { status, ty: ty? })
    }

    /// The value of a REST JSON body: a model, a list, a map or a scalar.
    fn json_value(&mut self, schema: SchemaRef<'a>, inline_name: &str, loc: &Loc) -> Result<FieldType> {
        if let SchemaRef::Ref(r) = schema {
            let (_, s, target) = self.resolve(r, loc)?;
            if let SchemaKind::Type(Type::Array(_)) = &s.schema_kind {
                // A list component is the list written where it is used.
                return self.json_value(SchemaRef::Inline(s), inline_name, &target);
            }
        }
        Ok(self.field(schema, "items", inline_name, loc)?.0)
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
        let name = component_type_name(&component);
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
                    SchemaKind::Type(Type::Object(object)) if self.rest && is_free_form(object) => FieldType::Json,
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
                if !self.rest
                    && let Some(xml_name) = self.xml_name(loc)?
                    && xml_name != wire_name
                {
                    return Err(Diagnostic::new(
                        &loc.key("xml").key("name"),
                        "an XML element name that differs from the JSON property name is only supported for list items and response roots",
                    ));
                }
                let ty = match &s.schema_kind {
                    SchemaKind::Type(Type::Object(object)) if self.rest && is_free_form(object) => FieldType::Json,
                    SchemaKind::Type(Type::Object(object))
                        if object.properties.is_empty() && object.additional_properties.is_some() =>
                    {
                        self.map_field(object, inline_name, loc)?
                    }
                    SchemaKind::Type(Type::Object(_)) => {
                        FieldType::Model(self.model(s, inline_name, loc, Some(wire_name))?)
                    }
                    SchemaKind::Type(Type::Array(array)) => {
                        if !self.rest && !self.xml_wrapped(loc)? {
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
                                let xml_item = if self.rest {
                                    component
                                } else {
                                    self.xml_name(&target)?.unwrap_or(component)
                                };
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
                                let xml_item = if self.rest {
                                    wire_name.to_owned()
                                } else {
                                    self.xml_name(&items_loc)?.unwrap_or_else(|| wire_name.to_owned())
                                };
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
                        if !self.rest && self.xml_wrapped(loc)? {
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

    /// A response object without properties whose `additionalProperties` is a schema of scalars:
    /// a map (REST responses only).
    fn map_field(&mut self, object: &'a openapiv3::ObjectType, inline_name: &str, loc: &Loc) -> Result<FieldType> {
        let value_loc = loc.key("additionalProperties");
        match &object.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(value)) if self.rest => {
                let value = SchemaRef::of(value);
                let resolved = match value {
                    SchemaRef::Inline(s) => s,
                    SchemaRef::Ref(r) => self.resolve(r, &value_loc)?.1,
                };
                if matches!(resolved.schema_kind, SchemaKind::Type(Type::Object(_) | Type::Array(_))) {
                    return Err(Diagnostic::new(
                        &value_loc,
                        "maps of objects or lists are not supported: maps of strings, numbers and booleans are",
                    ));
                }
                Ok(FieldType::Map(self.response_scalar(
                    value,
                    &format!("{inline_name}Value"),
                    &value_loc,
                    None,
                )?))
            }
            Some(openapiv3::AdditionalProperties::Schema(_)) => Err(Diagnostic::new(
                &value_loc,
                "maps (`additionalProperties`) are only supported in REST (JSON) responses",
            )),
            _ => Err(Diagnostic::new(
                &value_loc,
                "`additionalProperties: true` cannot be decoded into a type: give it a schema (`{type: string}`)",
            )),
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
                let name = component_type_name(&component);
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
                        // A REST response's other formats (`date`, `uuid`, …) are documentation:
                        // the value is kept as the text it came as.
                        _ if self.rest => FieldScalar::String,
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

/// A free-form object: `type: object` without `properties`, whose `additionalProperties` is
/// absent or `true` (OpenAPI's default: any members). No type describes it, so a REST response
/// keeps it as the JSON it is, and a request body takes it as a JSON object (an empty model
/// would drop every member).
pub(super) fn is_free_form(object: &openapiv3::ObjectType) -> bool {
    object.properties.is_empty()
        && matches!(
            object.additional_properties,
            None | Some(openapiv3::AdditionalProperties::Any(true))
        )
}
