//! Strict check of a raw spec document, before `openapiv3` sees it.
//!
//! `openapiv3` silently drops keys it does not know (a `maxLenght` typo would become an
//! unenforced rule) and the `xml` object entirely, and it has no `$ref` resolver. This walk
//! rejects every key that is not OpenAPI 3.0 or one of the generator's own extensions, names
//! the constructs the generator does not support, and checks that every `$ref` resolves.

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
    Paths,
    PathItem,
    Operation,
    Parameter,
    Schema,
    Xml,
    Responses,
    Response,
    MediaType,
    Components,
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
    /// Valid OpenAPI that the generator does not support, with the reason.
    Unsupported(&'static str),
}

use Child::*;

const NO_BODY: &str = "NCP actions take every parameter in the query";
const NO_SECURITY: &str =
    "requests are signed by the client (API Gateway signature v2); security declarations are not supported";
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
            ("security", Scalar),
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
            ("variables", Unsupported("list one server per site")),
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
            ("requestBody", Scalar),
            ("responses", One(Kind::Responses)),
            ("callbacks", Unsupported("")),
            ("deprecated", Scalar),
            ("security", Scalar),
            ("servers", Unsupported("servers belong to the document")),
        ],
        Kind::Parameter => &[
            ("name", Scalar),
            ("in", Scalar),
            ("description", Scalar),
            ("required", Scalar),
            ("deprecated", Scalar),
            ("allowEmptyValue", Unsupported("")),
            ("style", Unsupported("NCP encodes lists as `name.N`")),
            ("explode", Unsupported("NCP encodes lists as `name.N`")),
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
            ("additionalProperties", Scalar),
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
            ("requestBodies", Scalar),
            ("headers", Unsupported("")),
            ("securitySchemes", Scalar),
            ("links", Unsupported("")),
            ("callbacks", Unsupported("")),
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

/// The generator's own extensions, by the kind of object that may carry them.
/// `spec/README.md` documents each one.
pub const EXTENSIONS: &[(&str, &str)] = &[
    ("x-ncp-site", "server"),
    ("x-ncp-role", "parameter"),
    ("x-ncp-max-bytes", "schema"),
    ("x-ncp-pagination", "operation"),
    ("x-ncp-waiters", "operation"),
];

fn extensions(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Server => &["x-ncp-site", "x-ncp-region-paths"],
        Kind::Parameter => &["x-ncp-role", "x-ncp-parameter-is-logged"],
        Kind::Schema => &["x-ncp-max-bytes", "x-ncp-parameter-is-logged"],
        Kind::Operation => &["x-ncp-pagination", "x-ncp-waiters"],
        _ => &[],
    }
}

/// Kinds that may be written as a `$ref` instead of inline.
fn may_be_ref(kind: Kind) -> bool {
    matches!(kind, Kind::Parameter | Kind::Schema | Kind::Response | Kind::Example)
}

/// Where a `$ref` to an object of `kind` must point.
fn ref_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Parameter => "#/components/parameters/",
        Kind::Schema => "#/components/schemas/",
        Kind::Response => "#/components/responses/",
        _ => "#/components/examples/",
    }
}

/// Check the whole document rooted at `doc`, recording every problem.
pub fn check_document(doc: &Value, loc: &Loc, diags: &mut Diagnostics) {
    Walker { doc, diags }.walk(Kind::Document, doc, loc);
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
        if kind == Kind::Schema {
            self.check_schema_values(map, loc);
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
                if !extensions(kind).contains(&key.as_str()) {
                    self.diags.push(&child_loc, unknown_extension(kind, &key));
                }
                continue;
            }
            let Some((_, what)) = keys(kind).iter().find(|(k, _)| *k == key) else {
                self.diags.push(&child_loc, unknown_key(kind, &key));
                continue;
            };
            match *what {
                Scalar => {}
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
    let here = extensions(kind);
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
        Kind::Paths => "the Paths object",
        Kind::PathItem => "a Path Item object",
        Kind::Operation => "an Operation object",
        Kind::Parameter => "a Parameter object",
        Kind::Schema => "a Schema object",
        Kind::Xml => "an XML object",
        Kind::Responses => "a Responses object",
        Kind::Response => "a Response object",
        Kind::MediaType => "a Media Type object",
        Kind::Components => "the Components object",
        Kind::Tag => "a Tag object",
        Kind::ExternalDocs => "an External Documentation object",
        Kind::Example => "an Example object",
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
