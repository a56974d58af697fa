//! Strict check of a raw spec document, before `openapiv3` sees it.
//!
//! `openapiv3` silently drops keys it does not know (a `maxLenght` typo would become an
//! unenforced rule) and the `xml` object entirely, and it has no `$ref` resolver. This walk
//! rejects every key that is not OpenAPI 3.0 or one of the generator's own extensions, names
//! the constructs the generator does not support, and checks that every `$ref` resolves.
//!
//! Besides hand-written specs it reads the OpenAPI 3 documents NCP's API Gateway exports, which
//! carry keys of their own (`x-ncp-apigateway-filters`, `x-ncp-parameter-is-logged`, …; see
//! [`EXTENSIONS`]) and Java generics in component names (`ApigwPage«ApiKeySearchDto»`).

use serde_yaml::Value;

use crate::error::{Diagnostics, Loc, key_text};

/// The kinds of OpenAPI objects the walk understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Paths,
    PathItem,
    Operation,
    RequestBody,
    Parameter,
    Schema,
    Xml,
    Responses,
    Response,
    MediaType,
    Components,
    SecurityScheme,
    Tag,
    ExternalDocs,
    Example,
}

/// What a key of an object holds.
#[derive(Clone, Copy)]
enum Child {
    /// A value the walk does not descend into (a string, a number, an example).
    Scalar,
    /// One object of a kind.
    One(Kind),
    /// A list of objects of a kind.
    List(Kind),
    /// A map from names to objects of a kind.
    Map(Kind),
    /// A value with a check of its own.
    Checked(Value_),
    /// Valid OpenAPI that the generator does not support, with the reason.
    Unsupported(&'static str),
}

/// Values checked by a rule rather than walked as an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value_ {
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A list of Security Requirement objects: each maps names of `components.securitySchemes`
    /// to a list (empty for API keys).
    Security,
    /// `additionalProperties`: `true`, `false` or a schema.
    AdditionalProperties,
    /// `x-ncp-region-paths`: region codes to base paths (`{KR: /vnks/v2, SGN: /vnks/sgn-v2}`).
    RegionPaths,
    /// A Server Variable's `enum`: a list of strings.
    Strings,
    /// Read by lowering, which checks the value (`x-ncp-site`, `x-ncp-waiters`, …).
    Lowered,
    /// NCP API Gateway's own settings, which its exports carry: accepted and not read.
    Ignored,
    /// `x-ncp-apigw-auth-ver` on the IAM security scheme: the signature version, `v2` (the one
    /// the client signs).
    AuthVersion,
}

use Child::*;

const NO_COMPOSITION: &str =
    "write the schema out with a `type`, or use a `$ref` (composed schemas cannot be decoded from XML reliably)";

/// The keys an object of `kind` may have, and what each holds.
fn keys(kind: Kind) -> &'static [(&'static str, Child)] {
    match kind {
        Kind::Document => &[
            ("openapi", Scalar),
            ("info", One(Kind::Info)),
            ("servers", List(Kind::Server)),
            ("paths", One(Kind::Paths)),
            ("components", One(Kind::Components)),
            ("tags", List(Kind::Tag)),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("security", Checked(Value_::Security)),
        ],
        Kind::Info => &[
            ("title", Scalar),
            ("description", Scalar),
            ("termsOfService", Scalar),
            ("contact", One(Kind::Contact)),
            ("license", One(Kind::License)),
            ("version", Scalar),
        ],
        Kind::Contact => &[("name", Scalar), ("url", Scalar), ("email", Scalar)],
        Kind::License => &[("name", Scalar), ("url", Scalar)],
        Kind::Server => &[
            ("url", Scalar),
            ("description", Scalar),
            ("variables", Map(Kind::ServerVariable)),
        ],
        Kind::ServerVariable => &[
            ("enum", Checked(Value_::Strings)),
            ("default", Checked(Value_::Text)),
            ("description", Scalar),
        ],
        Kind::Paths => &[],
        Kind::PathItem => &[
            ("summary", Scalar),
            ("description", Scalar),
            ("get", One(Kind::Operation)),
            ("put", One(Kind::Operation)),
            ("post", One(Kind::Operation)),
            ("delete", One(Kind::Operation)),
            ("options", One(Kind::Operation)),
            ("head", One(Kind::Operation)),
            ("patch", One(Kind::Operation)),
            ("trace", One(Kind::Operation)),
            ("servers", Unsupported("servers belong to the document")),
            ("parameters", List(Kind::Parameter)),
        ],
        Kind::Operation => &[
            ("tags", Scalar),
            ("summary", Scalar),
            ("description", Scalar),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("operationId", Scalar),
            ("parameters", List(Kind::Parameter)),
            ("requestBody", One(Kind::RequestBody)),
            ("responses", One(Kind::Responses)),
            ("callbacks", Unsupported("")),
            ("deprecated", Scalar),
            ("security", Checked(Value_::Security)),
            ("servers", Unsupported("servers belong to the document")),
        ],
        Kind::RequestBody => &[
            ("description", Scalar),
            ("content", Map(Kind::MediaType)),
            ("required", Checked(Value_::Bool)),
        ],
        Kind::Parameter => &[
            ("name", Scalar),
            ("in", Scalar),
            ("description", Scalar),
            ("required", Scalar),
            ("deprecated", Scalar),
            ("allowEmptyValue", Unsupported("")),
            // Checked by lowering, which knows whether the operation is REST or RPC.
            ("style", Checked(Value_::Text)),
            ("explode", Checked(Value_::Bool)),
            (
                "allowReserved",
                Unsupported("the client percent-encodes every reserved character"),
            ),
            ("schema", One(Kind::Schema)),
            ("example", Scalar),
            ("examples", Map(Kind::Example)),
            ("content", Unsupported("use `schema`")),
        ],
        Kind::Schema => &[
            ("title", Scalar),
            ("multipleOf", Unsupported("")),
            ("maximum", Scalar),
            ("exclusiveMaximum", Unsupported("use `maximum`")),
            ("minimum", Scalar),
            ("exclusiveMinimum", Unsupported("use `minimum`")),
            ("maxLength", Scalar),
            ("minLength", Scalar),
            ("pattern", Scalar),
            ("maxItems", Scalar),
            ("minItems", Scalar),
            ("uniqueItems", Unsupported("")),
            ("maxProperties", Unsupported("")),
            ("minProperties", Unsupported("")),
            ("required", Scalar),
            ("enum", Scalar),
            ("type", Scalar),
            ("allOf", Unsupported(NO_COMPOSITION)),
            ("oneOf", Unsupported(NO_COMPOSITION)),
            ("anyOf", Unsupported(NO_COMPOSITION)),
            ("not", Unsupported(NO_COMPOSITION)),
            ("items", One(Kind::Schema)),
            ("properties", Map(Kind::Schema)),
            ("additionalProperties", Checked(Value_::AdditionalProperties)),
            ("description", Scalar),
            ("format", Scalar),
            ("default", Scalar),
            ("nullable", Scalar),
            ("discriminator", Unsupported(NO_COMPOSITION)),
            ("readOnly", Scalar),
            ("writeOnly", Scalar),
            ("xml", One(Kind::Xml)),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("example", Scalar),
            ("deprecated", Scalar),
        ],
        Kind::Xml => &[
            ("name", Scalar),
            ("namespace", Unsupported("")),
            ("prefix", Unsupported("")),
            ("attribute", Unsupported("NCP sends elements")),
            ("wrapped", Scalar),
        ],
        Kind::Responses => &[],
        Kind::Response => &[
            ("description", Scalar),
            ("headers", Unsupported("")),
            ("content", Map(Kind::MediaType)),
            ("links", Unsupported("")),
        ],
        Kind::MediaType => &[
            ("schema", One(Kind::Schema)),
            ("example", Scalar),
            ("examples", Map(Kind::Example)),
            ("encoding", Unsupported("")),
        ],
        Kind::Components => &[
            ("schemas", Map(Kind::Schema)),
            ("responses", Map(Kind::Response)),
            ("parameters", Map(Kind::Parameter)),
            ("examples", Map(Kind::Example)),
            ("requestBodies", Map(Kind::RequestBody)),
            ("headers", Unsupported("")),
            ("securitySchemes", Map(Kind::SecurityScheme)),
            ("links", Unsupported("")),
            ("callbacks", Unsupported("")),
        ],
        Kind::SecurityScheme => &[
            ("type", Scalar),
            ("description", Scalar),
            ("name", Checked(Value_::Text)),
            ("in", Scalar),
            ("scheme", Unsupported(API_KEYS_ONLY)),
            ("bearerFormat", Unsupported(API_KEYS_ONLY)),
            ("flows", Unsupported(API_KEYS_ONLY)),
            ("openIdConnectUrl", Unsupported(API_KEYS_ONLY)),
        ],
        Kind::Tag => &[
            ("name", Scalar),
            ("description", Scalar),
            ("externalDocs", One(Kind::ExternalDocs)),
        ],
        Kind::ExternalDocs => &[("description", Scalar), ("url", Scalar)],
        Kind::Example => &[
            ("summary", Scalar),
            ("description", Scalar),
            ("value", Scalar),
            ("externalValue", Scalar),
        ],
    }
}

const API_KEYS_ONLY: &str = "only API keys in a header (`type: apiKey`, `in: header`) are supported: requests are \
     signed by the client (API Gateway signature v2), and the API key is NCP's `x-ncp-apigw-api-key` header";

/// The extensions the generator reads or accepts, by the kind of object that may carry them.
/// `spec/README.md` documents each one.
///
/// Besides the generator's own (`x-ncp-site`, `x-ncp-role`, `x-ncp-max-bytes`,
/// `x-ncp-pagination`, `x-ncp-waiters`, `x-ncp-region-paths`, `x-ncp-rules-in-descriptions`),
/// these are the keys NCP's API Gateway writes into its exports, as found in exported documents
/// published by NCP (the CLOVA OCR guide's API Gateway export, 2020):
///
/// ```json
/// "security": [{"x-ncp-apigw-api-key": []}],
/// "securityDefinitions": {"x-ncp-apigw-api-key": {"type": "apiKey", "name": "x-ncp-apigw-api-key", "in": "header"}},
/// …
/// {"name": "X-OCR-SECRET", "in": "header", "type": "string", "x-ncp-parameter-is-logged": false}
/// "x-ncp-apigw-use-body-when-formdata": false,
/// "x-ncp-apigateway-filters": {"valid": {"type": "NONE"}, "apiKey": {"required": false}, "auth": {"platform": "NONE"}},
/// "x-ncp-apigateway-endpoint": {"HTTP": {"stream": true, "method": "POST", "url": "/{path}"}}
/// ```
///
/// The security schemes are named after the header (`x-ncp-apigw-api-key`; `x-ncp-iam` for
/// IAM-authenticated APIs). An OpenAPI 3 export (`platform=OPENAPI3_JSON`) puts them under
/// `components.securitySchemes`, and NCP's own exports of IAM APIs (the API Gateway API and
/// the CDN edge API, 2023–2024, published with NCP's Terraform code generator) write the IAM
/// scheme as
///
/// ```json
/// "x-ncp-iam": {"type": "apiKey", "name": "x-ncp-iam", "in": "header", "x-ncp-apigw-auth-ver": "v2"}
/// ```
///
/// and query lists with `"style": "form", "explode": true`. Converters (swagger2openapi) add
/// `x-original-swagger-version` and `x-codegen-request-body-name`.
pub const EXTENSIONS: &[(&str, &str)] = &[
    ("x-ncp-site", "server"),
    ("x-ncp-region-paths", "server"),
    ("x-ncp-role", "parameter"),
    ("x-ncp-parameter-is-logged", "parameter, schema"),
    ("x-ncp-max-bytes", "schema"),
    ("x-ncp-pagination", "operation"),
    ("x-ncp-waiters", "operation"),
    ("x-ncp-apigateway-filters", "operation"),
    ("x-ncp-apigateway-endpoint", "operation"),
    ("x-ncp-apigw-use-body-when-formdata", "operation"),
    ("x-codegen-request-body-name", "operation"),
    ("x-ncp-apigw-auth-ver", "security scheme"),
    ("x-ncp-rules-in-descriptions", "document"),
    ("x-original-swagger-version", "document"),
];

fn extensions(kind: Kind) -> &'static [(&'static str, Value_)] {
    match kind {
        Kind::Document => &[
            (crate::description_rules::FLAG, Value_::Bool),
            ("x-original-swagger-version", Value_::Ignored),
        ],
        Kind::Server => &[
            ("x-ncp-site", Value_::Lowered),
            ("x-ncp-region-paths", Value_::RegionPaths),
        ],
        Kind::Parameter => &[
            ("x-ncp-role", Value_::Lowered),
            ("x-ncp-parameter-is-logged", Value_::Bool),
        ],
        Kind::Schema => &[
            ("x-ncp-max-bytes", Value_::Lowered),
            ("x-ncp-parameter-is-logged", Value_::Bool),
        ],
        Kind::Operation => &[
            ("x-ncp-pagination", Value_::Lowered),
            ("x-ncp-waiters", Value_::Lowered),
            ("x-ncp-apigateway-filters", Value_::Ignored),
            ("x-ncp-apigateway-endpoint", Value_::Ignored),
            ("x-ncp-apigw-use-body-when-formdata", Value_::Bool),
            ("x-codegen-request-body-name", Value_::Text),
        ],
        Kind::SecurityScheme => &[("x-ncp-apigw-auth-ver", Value_::AuthVersion)],
        _ => &[],
    }
}

/// Kinds that may be written as a `$ref` instead of inline.
fn may_be_ref(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Parameter | Kind::Schema | Kind::Response | Kind::Example | Kind::RequestBody | Kind::SecurityScheme
    )
}

/// Where a `$ref` to an object of `kind` must point.
fn ref_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Parameter => "#/components/parameters/",
        Kind::Schema => "#/components/schemas/",
        Kind::Response => "#/components/responses/",
        Kind::RequestBody => "#/components/requestBodies/",
        Kind::SecurityScheme => "#/components/securitySchemes/",
        _ => "#/components/examples/",
    }
}

/// Check the whole document rooted at `doc`, recording every problem.
pub fn check_document(doc: &Value, loc: &Loc, diags: &mut Diagnostics) {
    let mut walker = Walker { doc, diags };
    walker.walk(Kind::Document, doc, loc);
    walker.check_component_names(loc);
}

struct Walker<'a> {
    doc: &'a Value,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    fn walk(&mut self, kind: Kind, value: &Value, loc: &Loc) {
        let Value::Mapping(map) = value else {
            self.diags.push(
                loc,
                format!("expected a mapping ({}), found {}", kind_name(kind), describe(value)),
            );
            return;
        };
        if let Some(target) = map.get("$ref") {
            self.check_ref(kind, map, target, loc);
            return;
        }
        match kind {
            Kind::Schema => self.check_schema_values(map, loc),
            Kind::SecurityScheme => self.check_security_scheme(map, loc),
            Kind::ServerVariable if !map.contains_key("default") => self
                .diags
                .push(loc, "a server variable needs a `default` (OpenAPI requires it)"),
            Kind::Parameter => self.check_parameter_in(map, loc),
            _ => {}
        }
        for (key, child) in map {
            let Some(key) = key_text(key) else {
                self.diags
                    .push(loc, format!("keys must be strings, found {}", describe(key)));
                continue;
            };
            let child_loc = loc.key(&key);
            match kind {
                Kind::Paths if key.starts_with('/') => {
                    self.walk(Kind::PathItem, child, &child_loc);
                    continue;
                }
                Kind::Responses if is_status(&key) => {
                    self.walk(Kind::Response, child, &child_loc);
                    continue;
                }
                _ => {}
            }
            if key.starts_with("x-") {
                match extensions(kind).iter().find(|(k, _)| *k == key) {
                    Some((_, rule)) => self.check_value(*rule, child, &child_loc),
                    None => self.diags.push(&child_loc, unknown_extension(kind, &key)),
                }
                continue;
            }
            let Some((_, what)) = keys(kind).iter().find(|(k, _)| *k == key) else {
                self.diags.push(&child_loc, unknown_key(kind, &key));
                continue;
            };
            match *what {
                Scalar => {}
                Checked(rule) => self.check_value(rule, child, &child_loc),
                One(k) => self.walk(k, child, &child_loc),
                List(k) => match child {
                    Value::Sequence(items) => {
                        for (i, item) in items.iter().enumerate() {
                            self.walk(k, item, &child_loc.index(i));
                        }
                    }
                    other => self
                        .diags
                        .push(&child_loc, format!("expected a list, found {}", describe(other))),
                },
                Map(k) => match child {
                    Value::Mapping(entries) => {
                        for (name, item) in entries {
                            match key_text(name) {
                                Some(name) => self.walk(k, item, &child_loc.key(&name)),
                                None => self
                                    .diags
                                    .push(&child_loc, format!("keys must be strings, found {}", describe(name))),
                            }
                        }
                    }
                    other => self
                        .diags
                        .push(&child_loc, format!("expected a mapping, found {}", describe(other))),
                },
                Unsupported("") => self.diags.push(&child_loc, format!("`{key}` is not supported")),
                Unsupported(why) => self.diags.push(&child_loc, format!("`{key}` is not supported: {why}")),
            }
        }
    }

    /// A value checked by `rule` (see [`Value_`]).
    fn check_value(&mut self, rule: Value_, value: &Value, loc: &Loc) {
        match rule {
            Value_::Lowered | Value_::Ignored => {}
            Value_::Bool => {
                if !matches!(value, Value::Bool(_)) {
                    self.diags
                        .push(loc, format!("expected `true` or `false`, found {}", describe(value)));
                }
            }
            Value_::Text => {
                if !matches!(value, Value::String(_)) {
                    self.diags
                        .push(loc, format!("expected a string, found {}", describe(value)));
                }
            }
            Value_::Strings => match value {
                Value::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if !matches!(item, Value::String(_)) {
                            self.diags
                                .push(&loc.index(i), format!("expected a string, found {}", describe(item)));
                        }
                    }
                }
                other => self
                    .diags
                    .push(loc, format!("expected a list of strings, found {}", describe(other))),
            },
            Value_::AdditionalProperties => match value {
                Value::Bool(_) => {}
                Value::Mapping(_) => self.walk(Kind::Schema, value, loc),
                other => self.diags.push(
                    loc,
                    format!(
                        "`additionalProperties` must be `true`, `false` or a schema, found {}",
                        describe(other)
                    ),
                ),
            },
            Value_::RegionPaths => self.check_region_paths(value, loc),
            Value_::Security => self.check_security(value, loc),
            Value_::AuthVersion => {
                if value.as_str() != Some("v2") {
                    self.diags.push(
                        loc,
                        format!(
                            "`x-ncp-apigw-auth-ver` must be `v2`, found {}: the client signs requests the v2 way \
                             (`x-ncp-apigw-signature-v2`), and other versions are not supported",
                            describe(value)
                        ),
                    );
                }
            }
        }
    }

    /// `x-ncp-region-paths`: `{KR: /vnks/v2, SGN: /vnks/sgn-v2}`, region codes (letters, digits,
    /// `-`) to base paths (starting with `/`, without `?`, `#` or `{`).
    fn check_region_paths(&mut self, value: &Value, loc: &Loc) {
        let Value::Mapping(map) = value else {
            self.diags.push(
                loc,
                format!(
                    "expected a mapping from region codes to base paths (`KR: /vnks/v2`), found {}",
                    describe(value)
                ),
            );
            return;
        };
        if map.is_empty() {
            self.diags
                .push(loc, "no region is listed: list one or leave the key out");
        }
        for (region, path) in map {
            let Some(region) = key_text(region) else {
                self.diags
                    .push(loc, format!("region codes must be strings, found {}", describe(region)));
                continue;
            };
            let at = loc.key(&region);
            if region.is_empty() || !region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                self.diags.push(
                    &at,
                    "a region code is ASCII letters, digits and `-` (such as `KR`, `SGN`, `JPN`)",
                );
            }
            match path {
                Value::String(p)
                    if p.starts_with('/')
                        && !p.contains(['?', '#', '{', '}'])
                        && !p.chars().any(|c| c.is_whitespace() || c.is_control()) => {}
                other => self.diags.push(
                    &at,
                    format!(
                        "a base path starts with `/` and has no query, fragment, template or space (such as `/vnks/v2`), found {}",
                        describe(other)
                    ),
                ),
            }
        }
    }

    /// A list of Security Requirement objects, each naming schemes of
    /// `components.securitySchemes`.
    fn check_security(&mut self, value: &Value, loc: &Loc) {
        let Value::Sequence(requirements) = value else {
            self.diags.push(
                loc,
                format!("expected a list of security requirements, found {}", describe(value)),
            );
            return;
        };
        let schemes = self.doc.get("components").and_then(|c| c.get("securitySchemes"));
        for (i, requirement) in requirements.iter().enumerate() {
            let at = loc.index(i);
            let Value::Mapping(requirement) = requirement else {
                self.diags.push(
                    &at,
                    format!(
                        "expected a mapping from security scheme names to lists, found {}",
                        describe(requirement)
                    ),
                );
                continue;
            };
            for (name, scopes) in requirement {
                let Some(name) = key_text(name) else {
                    self.diags
                        .push(&at, format!("keys must be strings, found {}", describe(name)));
                    continue;
                };
                let name_at = at.key(&name);
                if schemes.and_then(|s| s.get(name.as_str())).is_none() {
                    self.diags.push(
                        &name_at,
                        format!("no security scheme `{name}` in `components.securitySchemes`"),
                    );
                }
                if !matches!(scopes, Value::Sequence(s) if s.is_empty()) {
                    self.diags.push(
                        &name_at,
                        format!("expected `[]` (an API key has no scopes), found {}", describe(scopes)),
                    );
                }
            }
        }
    }

    /// A security scheme: an API key in a header, with its name. A scheme of another type is one
    /// error, not also one for each API-key field it lacks.
    fn check_security_scheme(&mut self, map: &serde_yaml::Mapping, loc: &Loc) {
        match map.get("type") {
            Some(Value::String(t)) if t == "apiKey" => {}
            Some(other) => {
                self.diags.push(
                    &loc.key("type"),
                    format!("`type: {}` is not supported: {API_KEYS_ONLY}", scalar_text(other)),
                );
                return;
            }
            None => self
                .diags
                .push(loc, format!("a security scheme needs `type: apiKey`: {API_KEYS_ONLY}")),
        }
        match map.get("in") {
            Some(Value::String(i)) if i == "header" => {}
            Some(other) => self.diags.push(
                &loc.key("in"),
                format!("`in: {}` is not supported: {API_KEYS_ONLY}", scalar_text(other)),
            ),
            None => self.diags.push(loc, "an API key scheme needs `in: header`"),
        }
        if !map.contains_key("name") {
            self.diags.push(
                loc,
                "an API key scheme needs the `name` of its header (`x-ncp-apigw-api-key`)",
            );
        }
    }

    /// A parameter's `in`: query, path or header. Cookies are never sent by the client.
    fn check_parameter_in(&mut self, map: &serde_yaml::Mapping, loc: &Loc) {
        let Some(value) = map.get("in") else { return };
        match value.as_str() {
            Some("query" | "path" | "header") => {}
            Some("cookie") => {
                let name = map.get("name").and_then(Value::as_str).unwrap_or_default();
                self.diags.push(
                    &loc.key("in"),
                    format!(
                        "parameter `{name}` is `in: cookie`: cookies are not supported (parameters go in the query, the path or a header)"
                    ),
                );
            }
            _ => self.diags.push(
                &loc.key("in"),
                format!("`in` must be `query`, `path` or `header`, found {}", describe(value)),
            ),
        }
    }

    /// Component schemas whose names become one Rust type name (`A«B»` and `AB` both become
    /// `AB`): each would hide the other.
    fn check_component_names(&mut self, root: &Loc) {
        let Some(Value::Mapping(schemas)) = self.doc.get("components").and_then(|c| c.get("schemas")) else {
            return;
        };
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for name in schemas.keys().filter_map(key_text) {
            let rust = crate::naming::component_type_name(&name);
            if let Some(first) = seen.get(&rust) {
                self.diags.push(
                    &root.key("components").key("schemas").key(&name),
                    format!(
                        "the component schemas `{first}` and `{name}` both become the Rust type `{rust}`: rename one"
                    ),
                );
            } else {
                seen.insert(rust, name);
            }
        }
    }

    /// Values `openapiv3` would otherwise misread: an unknown `type`, or enum values that do not
    /// match the type (it turns `type: string, enum: [1]` into a schema without a type).
    fn check_schema_values(&mut self, map: &serde_yaml::Mapping, loc: &Loc) {
        const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "array", "object"];
        let ty = match map.get("type") {
            None => None,
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => Some(t.as_str()),
            Some(other) => {
                let found = describe(other);
                self.diags.push(
                    &loc.key("type"),
                    format!("`type` must be one of {}, found {found}", TYPES.join(", ")),
                );
                return;
            }
        };
        let Some(values) = map.get("enum") else { return };
        let Value::Sequence(values) = values else {
            self.diags.push(
                &loc.key("enum"),
                format!("`enum` must be a list, found {}", describe(values)),
            );
            return;
        };
        for (i, value) in values.iter().enumerate() {
            let fits = match (ty, value) {
                (_, Value::Null) => true,
                (Some("string"), v) => matches!(v, Value::String(_)),
                (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
                (Some("number"), v) => matches!(v, Value::Number(_)),
                (Some("boolean"), v) => matches!(v, Value::Bool(_)),
                (Some(_), _) => false,
                (None, _) => true,
            };
            if !fits {
                let ty = ty.unwrap_or_default();
                let hint = if ty == "string" {
                    " (quote it to make it a string)"
                } else {
                    ""
                };
                self.diags.push(
                    &loc.key("enum").index(i),
                    format!(
                        "the values of a `{ty}` enum must be of that type, found {}{hint}",
                        describe(value)
                    ),
                );
            }
        }
    }

    fn check_ref(&mut self, kind: Kind, map: &serde_yaml::Mapping, target: &Value, loc: &Loc) {
        let ref_loc = loc.key("$ref");
        if !may_be_ref(kind) {
            self.diags
                .push(&ref_loc, format!("a {} cannot be a `$ref` here", kind_name(kind)));
            return;
        }
        for (key, _) in map {
            let key = key_text(key).unwrap_or_default();
            if key != "$ref" {
                self.diags.push(
                    &loc.key(&key),
                    format!("`{key}` beside `$ref` is ignored by OpenAPI 3.0: move it into the referenced object"),
                );
            }
        }
        let Value::String(reference) = target else {
            self.diags
                .push(&ref_loc, format!("`$ref` must be a string, found {}", describe(target)));
            return;
        };
        let prefix = ref_prefix(kind);
        if !reference.starts_with(prefix) || reference.len() == prefix.len() {
            self.diags.push(
                &ref_loc,
                format!("`$ref: {reference}` must point into `{prefix}` (only local references are supported)"),
            );
        } else if loc.of_ref(reference).find(self.doc).is_none() {
            self.diags.push(
                &ref_loc,
                format!("`$ref: {reference}` does not resolve: no such object in this file"),
            );
        }
    }
}

fn is_status(key: &str) -> bool {
    key == "default"
        || (key.len() == 3
            && key.as_bytes()[0].is_ascii_digit()
            && key[1..].bytes().all(|b| b.is_ascii_digit() || b == b'X'))
}

fn unknown_key(kind: Kind, key: &str) -> String {
    let known: Vec<&str> = keys(kind).iter().map(|(k, _)| *k).collect();
    let mut message = format!("unknown key `{key}` in {}", kind_name(kind));
    match kind {
        Kind::Paths => message.push_str(": paths must start with `/`"),
        Kind::Responses => message.push_str(": expected `default` or an HTTP status code such as `200`"),
        _ => {
            if let Some(near) = did_you_mean(key, &known) {
                message.push_str(&format!(" (did you mean `{near}`?)"));
            }
        }
    }
    message
}

fn unknown_extension(kind: Kind, key: &str) -> String {
    let here: Vec<&str> = extensions(kind).iter().map(|(k, _)| *k).collect();
    let mut message = format!("unknown extension `{key}` in {}", kind_name(kind));
    let all: Vec<&str> = EXTENSIONS.iter().map(|(k, _)| *k).collect();
    if let Some(near) = did_you_mean(key, &all) {
        message.push_str(&format!(" (did you mean `{near}`?)"));
    }
    if here.is_empty() {
        message.push_str("; no extension is allowed here");
    } else {
        message.push_str(&format!("; allowed here: {}", here.join(", ")));
    }
    message.push_str(" (see spec/README.md)");
    message
}

/// The closest known key, if it is close enough to be a typo.
fn did_you_mean<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Document => "the document",
        Kind::Info => "an Info object",
        Kind::Contact => "a Contact object",
        Kind::License => "a License object",
        Kind::Server => "a Server object",
        Kind::ServerVariable => "a Server Variable object",
        Kind::Paths => "the Paths object",
        Kind::PathItem => "a Path Item object",
        Kind::Operation => "an Operation object",
        Kind::RequestBody => "a Request Body object",
        Kind::Parameter => "a Parameter object",
        Kind::Schema => "a Schema object",
        Kind::Xml => "an XML object",
        Kind::Responses => "a Responses object",
        Kind::Response => "a Response object",
        Kind::MediaType => "a Media Type object",
        Kind::Components => "the Components object",
        Kind::SecurityScheme => "a Security Scheme object",
        Kind::Tag => "a Tag object",
        Kind::ExternalDocs => "an External Documentation object",
        Kind::Example => "an Example object",
    }
}

/// A scalar as written (`apiKey`, `3`), anything else described.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => describe(other),
    }
}

/// A short description of a YAML value for error messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos_but_not_strangers() {
        let known = ["maxLength", "minLength", "pattern", "required"];
        assert_eq!(did_you_mean("maxLenght", &known), Some("maxLength"));
        assert_eq!(did_you_mean("requried", &known), Some("required"));
        assert_eq!(did_you_mean("MAXLENGTH", &known), Some("maxLength"));
        assert_eq!(did_you_mean("colour", &known), None);
    }

    #[test]
    fn status_keys() {
        for ok in ["200", "4XX", "default"] {
            assert!(is_status(ok), "{ok}");
        }
        for bad in ["20", "abc", "2000", "OK"] {
            assert!(!is_status(bad), "{bad}");
        }
    }
}
