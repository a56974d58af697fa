//! Request parameters: their types, rules and documented values.

use openapiv3::{
    IntegerFormat, IntegerType, ParameterSchemaOrContent, ReferenceOr, SchemaData, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};

use super::types::{check_lengths, enum_values, format_name, max_bytes, satisfies, unsupported_kind, wire_text};
use super::{Lowered, Lowerer, Result, SchemaRef};
use crate::error::{Diagnostic, Loc, shown};
use crate::ir::*;
use crate::naming::{component_type_name, snake_name, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn param(
        &mut self,
        data: &'a openapiv3::ParameterData,
        is_region: bool,
        location: Location,
        loc: &Loc,
    ) -> Result<Param> {
        let wire_name = data.name.clone();
        if wire_name.is_empty() {
            return Err(Diagnostic::new(&loc.key("name"), "a parameter needs a name"));
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Diagnostic::new(
                loc,
                "parameters with `content` are not supported: use `schema`",
            ));
        };
        let schema_loc = loc.key("schema");
        let ty = self.param_type(SchemaRef::of(schema), &wire_name, &schema_loc)?;
        if matches!(location, Location::Path | Location::Header) && !matches!(ty, ParamType::Scalar(_)) {
            return Err(Diagnostic::new(
                &schema_loc,
                format!("a {} parameter must be a single value, not a list", location.as_str()),
            ));
        }
        let logged = is_logged(
            data.extensions.get("x-ncp-parameter-is-logged"),
            &loc.key("x-ncp-parameter-is-logged"),
        )?;
        if is_region && ty != ParamType::Scalar(Scalar::String) {
            return Err(Diagnostic::new(
                &schema_loc,
                "the region parameter must be a plain `type: string`",
            ));
        }
        let (default, deprecated) = match schema {
            ReferenceOr::Item(s) => (s.schema_data.default.as_ref(), s.schema_data.deprecated),
            ReferenceOr::Reference { reference } => (
                self.component(reference).and_then(|s| s.schema_data.default.as_ref()),
                false,
            ),
        };
        // A type made for this parameter alone is documented by the parameter's description.
        let description = match ty.scalar() {
            Scalar::Newtype(id) => Some(&mut self.types.newtypes[id].description),
            Scalar::Enum(id) => Some(&mut self.types.enums[id].description),
            _ => None,
        };
        if let Some(description) = description
            && description.is_none()
        {
            description.clone_from(&data.description);
        }
        let default = default.map(wire_text);
        let example = data.example.as_ref().map(wire_text);
        for (what, value, at) in [("default", &default, &schema_loc), ("example", &example, loc)] {
            if let Some(value) = value {
                self.check_value(&ty, value, at, what)?;
            }
        }
        Ok(Param {
            rust_name: snake_name(&wire_name),
            wire_name,
            description: data.description.clone(),
            required: data.required,
            deprecated: data.deprecated.unwrap_or(false) || deprecated,
            default,
            example,
            is_region,
            location,
            logged,
            ty,
        })
    }

    /// A documented default or example must itself be a valid value.
    pub(super) fn check_value(&self, ty: &ParamType, value: &str, loc: &Loc, what: &str) -> Result<()> {
        let ParamType::Scalar(scalar) = ty else {
            return Ok(());
        };
        let problem = match *scalar {
            Scalar::Enum(id) => {
                let e = &self.types.enums[id];
                (!e.values.iter().any(|v| v.wire == value)).then(|| {
                    format!(
                        "is not one of the enum values ({})",
                        shown(e.values.iter().map(|v| &v.wire), 20)
                    )
                })
            }
            Scalar::Newtype(id) => self.types.newtypes[id]
                .rules()
                .iter()
                .find(|c| !satisfies(c, value))
                .map(|c| format!("breaks the rule: {c}")),
            _ => None,
        };
        match problem {
            Some(problem) => Err(Diagnostic::new(
                &loc.key(what),
                format!("the {what} `{value}` {problem}"),
            )),
            None => Ok(()),
        }
    }

    pub(super) fn param_type(&mut self, schema: SchemaRef<'a>, wire_name: &str, loc: &Loc) -> Result<ParamType> {
        let (resolved, resolved_loc, name) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), type_name(wire_name, "T")),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                (s, target, component_type_name(&component))
            }
        };
        let SchemaKind::Type(Type::Array(array)) = &resolved.schema_kind else {
            let inline_name = type_name(wire_name, "T");
            return self
                .request_scalar(schema, wire_name, &inline_name, loc)
                .map(ParamType::Scalar);
        };
        let items = array
            .items
            .as_ref()
            .ok_or_else(|| Diagnostic::new(&resolved_loc, "an array needs `items`"))?;
        let item = self.request_scalar(
            SchemaRef::of_boxed(items),
            wire_name,
            &format!("{name}Item"),
            &resolved_loc.key("items"),
        )?;
        let min_items = array.min_items.map(|n| n as u64);
        let max_items = array.max_items.map(|n| n as u64);
        if let (Some(min), Some(max)) = (min_items, max_items)
            && min > max
        {
            return Err(Diagnostic::new(
                &resolved_loc.key("minItems"),
                format!("`minItems` {min} is greater than `maxItems` {max}"),
            ));
        }
        Ok(ParamType::List {
            item,
            min_items,
            max_items,
        })
    }

    /// A scalar request value: plain, a constrained newtype or a closed enum. A component schema
    /// is lowered once, whatever number of parameters use it.
    pub(super) fn request_scalar(
        &mut self,
        schema: SchemaRef<'a>,
        field: &str,
        inline_name: &str,
        loc: &Loc,
    ) -> Result<Scalar> {
        let (schema, loc, name, component) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), inline_name.to_owned(), None),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                if let Some(done) = self.request_components.get(&component) {
                    return Ok(*done);
                }
                if let Some(Lowered::Scalar(FieldScalar::Enum(_))) = self.response_components.get(&component) {
                    return Err(shared_enum(&component, &target));
                }
                (s, target, component_type_name(&component), Some(component))
            }
        };
        let data = &schema.schema_data;
        if data.nullable {
            return Err(Diagnostic::new(
                &loc.key("nullable"),
                "`nullable` is not supported for request parameters: make the parameter optional instead",
            ));
        }
        let value = Value {
            name,
            field,
            description: &data.description,
            loc: &loc,
        };
        let scalar = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.request_string(s, data, value)?,
            SchemaKind::Type(Type::Integer(i)) => self.request_integer(i, value)?,
            SchemaKind::Type(Type::Boolean(_)) => Scalar::Bool,
            SchemaKind::Type(Type::Array(_)) => {
                return Err(Diagnostic::new(&loc, "lists of lists are not supported"));
            }
            SchemaKind::Type(Type::Object(_)) => {
                return Err(Diagnostic::new(
                    &loc,
                    "object parameters (`name.N.field`) are not supported yet",
                ));
            }
            SchemaKind::Type(Type::Number(_)) => {
                return Err(Diagnostic::new(
                    &loc,
                    "`type: number` is not supported for request parameters: use `integer` or `string`",
                ));
            }
            other => return Err(unsupported_kind(&loc, other)),
        };
        if let Some(component) = component {
            self.request_components.insert(component, scalar);
        }
        Ok(scalar)
    }

    /// A request string: plain, a closed enum, or a newtype with its rules.
    fn request_string(&mut self, s: &StringType, data: &SchemaData, value: Value<'_>) -> Result<Scalar> {
        let loc = value.loc;
        let mut pattern = s.pattern.clone();
        if !matches!(s.format, VariantOrUnknownOrEmpty::Empty) {
            let name = format_name(&s.format);
            let Some(format_pattern) = format_pattern(&name) else {
                return Err(Diagnostic::new(
                    &loc.key("format"),
                    format!(
                        "string format `{name}` is not supported for request parameters: the client could not enforce it; describe the value with `pattern` (the formats it enforces: {})",
                        FORMAT_PATTERNS
                            .iter()
                            .map(|(f, _)| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            if let Some(own) = &s.pattern {
                return Err(Diagnostic::new(
                    &loc.key("format"),
                    format!(
                        "`format: {name}` and `pattern: {own}` together are not supported: keep one (the client checks `{name}` as the pattern `{format_pattern}`)"
                    ),
                ));
            }
            pattern = Some(format_pattern.to_owned());
        }
        let max_bytes = max_bytes(data, loc)?;
        if let Some(p) = &s.pattern
            && let Err(e) = regex_lite::Regex::new(p)
        {
            return Err(Diagnostic::new(
                &loc.key("pattern"),
                format!("invalid or unsupported regular expression `{p}`: {e}"),
            ));
        }
        let rules = StrRules {
            min_length: s.min_length.map(|n| n as u64),
            max_length: s.max_length.map(|n| n as u64),
            max_bytes,
            pattern,
        };
        check_lengths(s.min_length, s.max_length, loc)?;
        if !s.enumeration.is_empty() {
            let values = enum_values(&s.enumeration, loc)?;
            for v in &values {
                if let Some(c) = rules.list().iter().find(|c| !satisfies(c, &v.wire)) {
                    return Err(Diagnostic::new(
                        &loc.key("enum"),
                        format!("the enum value `{}` breaks the rule: {c}", v.wire),
                    ));
                }
            }
            let def = Enum {
                name: value.name,
                field: value.field.to_owned(),
                description: value.description.clone(),
                values,
                open: false,
            };
            Ok(Scalar::Enum(self.register_enum(def, loc, None)?))
        } else if rules.is_empty() {
            Ok(Scalar::String)
        } else {
            self.request_newtype(NewtypeBase::String(rules), value)
        }
    }

    /// A request integer: plain, or a newtype with its bounds.
    fn request_integer(&mut self, i: &IntegerType, value: Value<'_>) -> Result<Scalar> {
        let loc = value.loc;
        if !i.enumeration.is_empty() {
            return Err(Diagnostic::new(&loc.key("enum"), "integer enums are not supported"));
        }
        let wide = match &i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => false,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => true,
            VariantOrUnknownOrEmpty::Unknown(f) => {
                return Err(Diagnostic::new(
                    &loc.key("format"),
                    format!("integer format `{f}` is not supported: use int32 or int64"),
                ));
            }
        };
        if let (Some(min), Some(max)) = (i.minimum, i.maximum)
            && min > max
        {
            return Err(Diagnostic::new(
                &loc.key("minimum"),
                format!("`minimum` {min} is greater than `maximum` {max}"),
            ));
        }
        let rules = IntRules {
            minimum: i.minimum,
            maximum: i.maximum,
        };
        match (rules.is_empty(), wide) {
            (true, true) => Ok(Scalar::Int64),
            (true, false) => Ok(Scalar::Int32),
            (false, true) => self.request_newtype(NewtypeBase::Int64(rules), value),
            (false, false) => self.request_newtype(NewtypeBase::Int32(rules), value),
        }
    }

    fn request_newtype(&mut self, base: NewtypeBase, value: Value<'_>) -> Result<Scalar> {
        let def = Newtype {
            name: value.name,
            field: value.field.to_owned(),
            description: value.description.clone(),
            base,
        };
        Ok(Scalar::Newtype(self.register_newtype(def, value.loc)?))
    }
}

/// The string formats a request value may have, each with the pattern the client checks it
/// with: the syntax the format names (RFC 3339's `full-date` and `date-time`, RFC 4122's textual
/// UUID), not whether the date exists. Any other format is refused, since nothing would enforce it.
pub(super) const FORMAT_PATTERNS: &[(&str, &str)] = &[
    ("date", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    (
        "date-time",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
    ),
    (
        "uuid",
        "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
    ),
];

/// The pattern the client checks a request value of string format `format` with, if it can.
fn format_pattern(format: &str) -> Option<&'static str> {
    FORMAT_PATTERNS.iter().find(|(f, _)| *f == format).map(|(_, p)| *p)
}

/// The value of `x-ncp-parameter-is-logged` (at `loc`): whether the value may be shown in
/// logs and errors (default true).
pub(super) fn is_logged(value: Option<&serde_json::Value>, loc: &Loc) -> Result<bool> {
    match value {
        None => Ok(true),
        Some(serde_json::Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Diagnostic::new(
            loc,
            format!("`x-ncp-parameter-is-logged` must be true or false, found {other}"),
        )),
    }
}

/// What names and documents a request value's type, and where its schema is.
struct Value<'v> {
    /// The Rust name its type would get.
    name: String,
    /// The wire name its errors use when it is parsed on its own.
    field: &'v str,
    description: &'v Option<String>,
    loc: &'v Loc,
}

/// A component enum used by both a request parameter and a response field.
pub(super) fn shared_enum(component: &str, loc: &Loc) -> Diagnostic {
    Diagnostic::new(
        loc,
        format!(
            "the enum `{component}` is used by a request parameter and a response field: request enums are closed and response enums open, so give each its own schema"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_pattern_accepts_its_syntax_and_nothing_else() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "date",
                &["2024-02-29", "1999-12-31"],
                &["2024-2-29", "2024-02-29T00:00:00Z", "20240229", ""],
            ),
            (
                "date-time",
                &[
                    "2024-02-29T12:30:00Z",
                    "2024-02-29t12:30:00.123+09:00",
                    "2024-02-29T12:30:00-05:00",
                ],
                &[
                    "2024-02-29 12:30:00Z",
                    "2024-02-29T12:30:00",
                    "2024-02-29T12:30Z",
                    "2024-02-29T12:30:00+0900",
                ],
            ),
            (
                "uuid",
                &[
                    "123e4567-e89b-12d3-a456-426614174000",
                    "123E4567-E89B-12D3-A456-426614174000",
                ],
                &[
                    "123e4567e89b12d3a456426614174000",
                    "123e4567-e89b-12d3-a456-42661417400",
                    "{123e4567-e89b-12d3-a456-426614174000}",
                ],
            ),
        ];
        assert_eq!(cases.len(), FORMAT_PATTERNS.len());
        for (format, good, bad) in cases {
            let regex = regex_lite::Regex::new(format_pattern(format).unwrap()).unwrap();
            for value in *good {
                assert!(regex.is_match(value), "{format}: {value} refused");
            }
            for value in *bad {
                assert!(!regex.is_match(value), "{format}: {value} accepted");
            }
        }
        assert_eq!(format_pattern("email"), None);
    }

    fn generate(query_schema: &str, body_schema: &str) -> std::result::Result<String, String> {
        let spec = format!(
            r#"
openapi: 3.0.1
info: {{title: Things, version: "1"}}
servers: [{{url: "https://things.apigw.ntruss.com/things/v1"}}]
paths:
  /things:
    post:
      operationId: createThing
      parameters:
        - {{name: since, in: query, schema: {query_schema}}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                at: {body_schema}
      responses:
        '204': {{description: done}}
"#
        );
        crate::generate_one("things.yaml", spec.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_request_value_with_a_format_the_client_can_check_gets_its_pattern() {
        let code = generate("{type: string, format: date}", "{type: string, format: date-time}").unwrap();
        assert!(
            code.contains(r#"Pattern::new("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")"#),
            "{code}"
        );
        assert!(
            code.contains(r#"[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$""#),
            "{code}"
        );

        let other = generate("{type: string, format: email}", "{type: string}").unwrap_err();
        assert!(
            other.contains("string format `email` is not supported") && other.contains("`date-time`"),
            "{other}"
        );
        let both = generate("{type: string, format: uuid, pattern: '^a'}", "{type: string}").unwrap_err();
        assert!(
            both.contains("`format: uuid` and `pattern: ^a` together are not supported"),
            "{both}"
        );
    }
}
