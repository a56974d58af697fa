//! Rules written in descriptions, as NCP's API Gateway exports write them, made into schema keys.
//!
//! NCP's exported documents (and the references generated from them) state a value's rules in
//! its `description`, one a line, lines separated by `<br>`:
//!
//! ```text
//! API key name<br>Length(Min/Max): 0/20<br>Pattern: ^[a-z]+$
//! Page size<br>Min: 1<br>Max: 9,223,372,036,854,775,807
//! Subscription Code<br>Allowable values: PROTECTED, PUBLIC<br>Default value: PUBLIC
//! ```
//!
//! Only in documents that say so (root `x-ncp-rules-in-descriptions: true`), [`apply`] turns
//! them into `minLength`/`maxLength`, `minimum`/`maximum`, `enum`, `default` and `pattern` on
//! the RAW document, before it is checked and typed, so that every later stage sees ordinary
//! OpenAPI. A parameter's description goes onto its `schema`; a schema's (or property's) own
//! description onto itself. A key the schema already has is kept; a different value in the
//! description is a warning naming both. A rule that cannot be used (a date format given as a
//! pattern, a regular expression `regex-lite` cannot compile, a bound that does not fit the
//! type) is a warning naming its place: warnings never stop generation.

use serde_yaml::{Mapping, Number, Value};

use crate::error::{Diagnostics, Loc};

/// The root key that turns the reading of rules in descriptions on.
pub const FLAG: &str = "x-ncp-rules-in-descriptions";

/// One rule read from a description.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// `Length(Min/Max): 0/20`: the bounds, as written (either may be missing).
    Length(Option<String>, Option<String>),
    /// `Min: 1`.
    Min(String),
    /// `Max: 9,223,372,036,854,775,807`.
    Max(String),
    /// `Allowable values: A, B`.
    Allowed(Vec<String>),
    /// `Default value: A`.
    Default(String),
    /// `Pattern: ^[a-z]+$`.
    Pattern(String),
}

impl Rule {
    /// The rule as the description writes it, for messages.
    fn text(&self) -> String {
        match self {
            Rule::Length(min, max) => format!(
                "Length(Min/Max): {}/{}",
                min.as_deref().unwrap_or(""),
                max.as_deref().unwrap_or("")
            ),
            Rule::Min(v) => format!("Min: {v}"),
            Rule::Max(v) => format!("Max: {v}"),
            Rule::Allowed(values) => format!("Allowable values: {}", values.join(", ")),
            Rule::Default(v) => format!("Default value: {v}"),
            Rule::Pattern(p) => format!("Pattern: {p}"),
        }
    }
}

/// The markers, longest first so that `Length(Min/Max):` is not read as `Max:`.
const MARKERS: [&str; 6] = [
    "Length(Min/Max):",
    "Allowable values:",
    "Default value:",
    "Pattern:",
    "Min:",
    "Max:",
];

/// The rules of `description`, in order. Lines are split at `<br>` (any case, `<br/>`,
/// `<br />`) and line breaks; a marker counts at the start of a line or after a character that
/// is not a letter or digit (`이름 (Min: 1)`), and its value runs to the end of the line.
/// Never panics, whatever the text.
pub fn parse(description: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    for line in lines(description) {
        let Some((marker, value)) = find_marker(&line) else {
            continue;
        };
        let value = value.trim();
        // A bound is the number that starts the value: `Min: 1,000 이상` is 1,000.
        let number_part = |allowed: &str| -> &str {
            let end = value
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_digit() || allowed.contains(*c)))
                .map_or(value.len(), |(i, _)| i);
            let part = value[..end].trim();
            if part.is_empty() { value } else { part }
        };
        let rule = match marker {
            "Length(Min/Max):" => {
                let value = number_part(",_ /");
                let (min, max) = value.split_once('/').unwrap_or((value, ""));
                let side = |s: &str| {
                    let s = s.trim();
                    (!s.is_empty()).then(|| s.to_owned())
                };
                Rule::Length(side(min), side(max))
            }
            "Allowable values:" => Rule::Allowed(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            "Default value:" => Rule::Default(value.to_owned()),
            "Pattern:" => Rule::Pattern(value.to_owned()),
            "Min:" => Rule::Min(number_part(",._ -+").to_owned()),
            _ => Rule::Max(number_part(",._ -+").to_owned()),
        };
        let empty = match &rule {
            Rule::Length(a, b) => a.is_none() && b.is_none(),
            Rule::Allowed(v) => v.is_empty(),
            Rule::Min(v) | Rule::Max(v) | Rule::Default(v) | Rule::Pattern(v) => v.is_empty(),
        };
        if !empty {
            rules.push(rule);
        }
    }
    rules
}

/// The lines of a description: split at line breaks and at `<br>` tags.
fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some((before, after)) = split_br(rest) {
            out.push(before.to_owned());
            rest = after;
        }
        out.push(rest.to_owned());
    }
    out
}

/// `text` split at its first `<br>`, `<br/>` or `<br />` (any case; not `<bread>`).
fn split_br(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = text[from..].find('<').map(|i| i + from) {
        from = start + 1;
        let tag = &bytes[start + 1..];
        if tag.len() < 2 || !tag[..2].eq_ignore_ascii_case(b"br") {
            continue;
        }
        // After `<br`: spaces, an optional `/`, spaces, then `>`.
        let mut i = 2;
        while tag.get(i) == Some(&b' ') {
            i += 1;
        }
        if tag.get(i) == Some(&b'/') {
            i += 1;
        }
        while tag.get(i) == Some(&b' ') {
            i += 1;
        }
        if tag.get(i) == Some(&b'>') {
            // Every byte looked at is ASCII, so both cuts are on character boundaries.
            return Some((&text[..start], &text[start + 1 + i + 1..]));
        }
    }
    None
}

/// The first marker in `line` at a word boundary, and the text after it.
fn find_marker(line: &str) -> Option<(&'static str, &str)> {
    let mut best: Option<(usize, &'static str)> = None;
    for marker in MARKERS {
        let mut from = 0;
        while let Some(i) = line[from..].find(marker).map(|i| i + from) {
            let boundary = line[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            if boundary {
                if best.is_none_or(|(b, _)| i < b) {
                    best = Some((i, marker));
                }
                break;
            }
            from = i + marker.len();
        }
    }
    best.map(|(i, marker)| (marker, &line[i + marker.len()..]))
}

/// Whether the document asks for rules in descriptions (`x-ncp-rules-in-descriptions: true`).
pub fn enabled(doc: &Value) -> bool {
    matches!(doc.get(FLAG), Some(Value::Bool(true)))
}

/// Apply the rules of every description in `doc` (see the module's documentation); warnings go
/// to `warnings`. Returns whether anything was added. Malformed parts of the document are
/// skipped: the strict check that follows reports them.
pub fn apply(doc: &mut Value, root: &Loc, warnings: &mut Diagnostics) -> bool {
    let mut walker = Walker {
        warnings,
        changed: false,
    };
    if let Some(Value::Mapping(paths)) = doc.get_mut("paths") {
        let paths_loc = root.key("paths");
        for (path, item) in paths.iter_mut() {
            let Some(path) = path.as_str() else { continue };
            let item_loc = paths_loc.key(path);
            let Value::Mapping(item) = item else { continue };
            for (key, value) in item.iter_mut() {
                let Some(key) = key.as_str() else { continue };
                let loc = item_loc.key(key);
                if key == "parameters" {
                    walker.parameters(value, &loc);
                } else if let Value::Mapping(op) = value {
                    walker.operation(op, &loc);
                }
            }
        }
    }
    if let Some(Value::Mapping(components)) = doc.get_mut("components") {
        let loc = root.key("components");
        for (key, value) in components.iter_mut() {
            let (Some(key), Value::Mapping(entries)) = (key.as_str(), value) else {
                continue;
            };
            let loc = loc.key(key);
            for (name, entry) in entries.iter_mut() {
                let Some(name) = name.as_str() else { continue };
                let loc = loc.key(name);
                match key {
                    "schemas" => walker.schema(entry, &loc),
                    "parameters" => walker.parameter(entry, &loc),
                    "requestBodies" | "responses" => walker.content(entry, &loc),
                    _ => {}
                }
            }
        }
    }
    walker.changed
}

struct Walker<'w> {
    warnings: &'w mut Diagnostics,
    changed: bool,
}

impl Walker<'_> {
    fn operation(&mut self, op: &mut Mapping, loc: &Loc) {
        for (key, value) in op.iter_mut() {
            match key.as_str() {
                Some("parameters") => self.parameters(value, &loc.key("parameters")),
                Some("requestBody") => self.content(value, &loc.key("requestBody")),
                Some("responses") => {
                    let Value::Mapping(responses) = value else { continue };
                    for (status, response) in responses.iter_mut() {
                        if let Some(status) = crate::error::key_text(status) {
                            self.content(response, &loc.key("responses").key(&status));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn parameters(&mut self, list: &mut Value, loc: &Loc) {
        let Value::Sequence(items) = list else { return };
        for (i, param) in items.iter_mut().enumerate() {
            self.parameter(param, &loc.index(i));
        }
    }

    /// A parameter: its description's rules onto its schema, then the schema's own.
    fn parameter(&mut self, param: &mut Value, loc: &Loc) {
        let Value::Mapping(param) = param else { return };
        let description = param.get("description").and_then(Value::as_str).map(str::to_owned);
        let Some(schema) = param.get_mut("schema") else { return };
        if let Some(description) = description {
            self.rules_onto(&description, &loc.key("description"), schema, &loc.key("schema"));
        }
        self.schema(schema, &loc.key("schema"));
    }

    /// A request body or response: the schema of each media type.
    fn content(&mut self, holder: &mut Value, loc: &Loc) {
        let Some(Value::Mapping(content)) = holder.get_mut("content") else {
            return;
        };
        for (media, value) in content.iter_mut() {
            let Some(media) = media.as_str() else { continue };
            if let Some(schema) = value.get_mut("schema") {
                self.schema(schema, &loc.key("content").key(media).key("schema"));
            }
        }
    }

    /// A schema: its own description's rules onto itself, then its properties and items.
    fn schema(&mut self, schema: &mut Value, loc: &Loc) {
        let Value::Mapping(map) = schema else { return };
        if let Some(description) = map.get("description").and_then(Value::as_str).map(str::to_owned) {
            self.rules_onto(&description, &loc.key("description"), schema, loc);
        }
        let Value::Mapping(map) = schema else { return };
        for (key, value) in map.iter_mut() {
            match key.as_str() {
                Some("properties") => {
                    let Value::Mapping(properties) = value else { continue };
                    for (name, property) in properties.iter_mut() {
                        if let Some(name) = name.as_str() {
                            self.schema(property, &loc.key("properties").key(name));
                        }
                    }
                }
                Some(k @ ("items" | "additionalProperties")) => self.schema(value, &loc.key(k)),
                _ => {}
            }
        }
    }

    /// The rules of `description` (at `at`) onto `schema` (at `loc`).
    fn rules_onto(&mut self, description: &str, at: &Loc, schema: &mut Value, loc: &Loc) {
        let rules = parse(description);
        if rules.is_empty() {
            return;
        }
        let Value::Mapping(map) = schema else { return };
        if map.contains_key("$ref") {
            for rule in &rules {
                self.warn(
                    at,
                    rule,
                    "the schema is a `$ref`, which cannot take other keys: write the rule in the referenced schema",
                );
            }
            return;
        }
        let ty = map.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
        // Rules on a list are about its items (NCP writes `Allowable values` for a list of codes).
        let (target, ty) = if ty == "array" {
            match map.get_mut("items") {
                Some(Value::Mapping(items)) if !items.contains_key("$ref") => {
                    let ty = items.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
                    (items, ty)
                }
                _ => {
                    for rule in &rules {
                        self.warn(at, rule, "the schema is a list whose items are not written inline");
                    }
                    return;
                }
            }
        } else {
            (map, ty)
        };
        for rule in &rules {
            if let Err(why) = self.one(rule, target, &ty, at, loc) {
                self.warn(at, rule, &why);
            }
        }
    }

    /// One rule onto one schema of type `ty`; `Err` says why it cannot be used.
    fn one(&mut self, rule: &Rule, schema: &mut Mapping, ty: &str, at: &Loc, loc: &Loc) -> Result<(), String> {
        let numeric = matches!(ty, "integer" | "number");
        match rule {
            Rule::Length(min, max) => {
                if ty != "string" {
                    return Err(not_for(ty, "a string"));
                }
                let count = |v: &str| -> Result<Value, String> {
                    parse_u64(v)
                        .map(Value::from)
                        .ok_or_else(|| format!("`{v}` is not a length (a whole number of characters)"))
                };
                let values = [("minLength", min), ("maxLength", max)]
                    .into_iter()
                    .filter_map(|(key, v)| v.as_deref().map(|v| count(v).map(|v| (key, v))))
                    .collect::<Result<Vec<_>, _>>()?;
                for (key, value) in values {
                    self.set(schema, key, value, at, loc);
                }
            }
            Rule::Min(v) | Rule::Max(v) => {
                if !numeric {
                    return Err(not_for(ty, "a number"));
                }
                let key = if matches!(rule, Rule::Min(_)) {
                    "minimum"
                } else {
                    "maximum"
                };
                let format = schema.get("format").and_then(Value::as_str).unwrap_or("").to_owned();
                let value = number(v, ty, &format)?;
                self.set(schema, key, value, at, loc);
            }
            Rule::Allowed(values) => {
                let format = schema.get("format").and_then(Value::as_str).unwrap_or("").to_owned();
                let values = values
                    .iter()
                    .map(|v| typed(v, ty, &format))
                    .collect::<Result<Vec<_>, _>>()?;
                self.set(schema, "enum", Value::Sequence(values), at, loc);
            }
            Rule::Default(v) => {
                let format = schema.get("format").and_then(Value::as_str).unwrap_or("").to_owned();
                let value = typed(v, ty, &format)?;
                self.set(schema, "default", value, at, loc);
            }
            Rule::Pattern(p) => {
                if ty != "string" {
                    return Err(not_for(ty, "a string"));
                }
                if is_date_format(p) {
                    return Err("a date format, not a regular expression: not enforced".into());
                }
                if let Err(e) = regex_lite::Regex::new(p) {
                    let first = e.to_string();
                    let first = first.lines().next().unwrap_or_default().to_owned();
                    return Err(format!(
                        "not a regular expression the generator can compile ({first}): not enforced"
                    ));
                }
                self.set(schema, "pattern", Value::String(p.clone()), at, loc);
            }
        }
        Ok(())
    }

    /// `key: value` on `schema`, unless it has that key: then a different value is a warning.
    fn set(&mut self, schema: &mut Mapping, key: &str, value: Value, at: &Loc, loc: &Loc) {
        match schema.get(key) {
            None => {
                schema.insert(Value::String(key.to_owned()), value);
                self.changed = true;
            }
            Some(existing) if same(existing, &value) => {}
            Some(existing) => {
                let (said, kept) = (show(&value), show(existing));
                self.warnings.push(
                    at,
                    format!(
                        "the description says `{key}` {said}, but the schema at {} has `{key}` {kept}: the schema's value is kept",
                        path_of(loc)
                    ),
                );
            }
        }
    }

    fn warn(&mut self, at: &Loc, rule: &Rule, why: &str) {
        let text = crate::error::escape_controls(&rule.text());
        self.warnings.push(at, format!("`{text}`: {why}"));
    }
}

/// Whether two values are the same rule (`20` and `20.0` are).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64()),
        _ => a == b,
    }
}

/// A value for messages: numbers and strings as written, lists as `[a, b]`.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Sequence(items) => format!("[{}]", crate::error::shown(items.iter().map(show), 20)),
        other => crate::check::describe(other),
    }
}

/// The path part of a location, for messages that name a second place in the same file.
fn path_of(loc: &Loc) -> String {
    let whole = loc.to_string();
    let file = Loc::root(&loc.file).to_string();
    whole
        .strip_prefix(&file)
        .map(|p| p.trim_start_matches(": ").to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "the document root".into())
}

fn not_for(ty: &str, wants: &str) -> String {
    if ty.is_empty() {
        format!("the schema has no `type`; the rule is for {wants}")
    } else {
        format!("the rule is for {wants}, the schema is `type: {ty}`")
    }
}

/// A whole number as NCP writes them: digits with `,` between thousands, spaces allowed.
fn digits(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
    let unsigned = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    (!unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit())).then_some(cleaned)
}

fn parse_u64(text: &str) -> Option<u64> {
    digits(text)?.parse().ok()
}

/// A bound of a number schema of type `ty` and `format`, or why it does not fit.
fn number(text: &str, ty: &str, format: &str) -> Result<Value, String> {
    if ty == "integer" {
        let Some(cleaned) = digits(text) else {
            return Err(format!("`{text}` is not a whole number"));
        };
        let fits = |min: i128, max: i128| cleaned.parse::<i128>().is_ok_and(|v| (min..=max).contains(&v));
        let (min, max, name) = if format == "int32" {
            (i128::from(i32::MIN), i128::from(i32::MAX), "an int32")
        } else {
            (i128::from(i64::MIN), i128::from(i64::MAX), "an int64")
        };
        if !fits(min, max) {
            return Err(format!("`{text}` does not fit {name}: not enforced"));
        }
        let value: i64 = cleaned.parse().map_err(|_| format!("`{text}` does not fit an int64"))?;
        return Ok(Value::Number(Number::from(value)));
    }
    let cleaned: String = text.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Value::Number(Number::from(v))),
        _ => Err(format!("`{text}` is not a number")),
    }
}

/// A value (`enum` or `default`) for a schema of type `ty`, or why it does not fit.
fn typed(text: &str, ty: &str, format: &str) -> Result<Value, String> {
    match ty {
        "string" => Ok(Value::String(text.to_owned())),
        "integer" | "number" => number(text, ty, format),
        "boolean" => match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not a boolean")),
        },
        "" => Err("the schema has no `type`: the value's type is unknown".into()),
        other => Err(format!("a `type: {other}` schema takes no such value")),
    }
}

/// Whether a `Pattern:` is a date or time format (`yyyy-MM-dd`, `yyyyMMddHHmmss`, `HH:mm`)
/// rather than a regular expression: letters of date formats and separators only, with a year,
/// month-day or hour-minute group, and no character that means something in a regex.
pub fn is_date_format(pattern: &str) -> bool {
    let only_date_chars = pattern
        .chars()
        .all(|c| "yMdHhmsSaEZXz".contains(c) || " -:./T'_,".contains(c));
    let has_group = ["yyyy", "yy", "MM", "dd", "HH", "hh", "mm", "ss"]
        .iter()
        .filter(|g| pattern.contains(*g))
        .count()
        >= 2;
    only_date_chars && has_group
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_owned()
    }

    #[test]
    fn the_forms_ncp_writes_are_read() {
        assert_eq!(
            parse("API 키 이름<br>Length(Min/Max): 0/20"),
            vec![Rule::Length(Some(s("0")), Some(s("20")))]
        );
        assert_eq!(
            parse("Page size<br>Min: 1<br>Max: 9,223,372,036,854,775,807"),
            vec![Rule::Min(s("1")), Rule::Max(s("9,223,372,036,854,775,807"))]
        );
        assert_eq!(
            parse("Subscription Code<br>Allowable values: PROTECTED, PUBLIC"),
            vec![Rule::Allowed(vec![s("PROTECTED"), s("PUBLIC")])]
        );
        assert_eq!(
            parse("Cors Allow Credentials<br>Length(Min/Max): 0/45<br>Pattern: ^$|\\S|^\\S|\\S$|^\\S.*\\S$"),
            vec![
                Rule::Length(Some(s("0")), Some(s("45"))),
                Rule::Pattern(s("^$|\\S|^\\S|\\S$|^\\S.*\\S$"))
            ]
        );
        assert_eq!(parse("Default value: PUBLIC"), vec![Rule::Default(s("PUBLIC"))]);
    }

    #[test]
    fn line_breaks_tags_spaces_and_korean_text_around_the_rules() {
        let cases: &[(&str, Vec<Rule>)] = &[
            (
                "이름\nLength(Min/Max): 1/30",
                vec![Rule::Length(Some(s("1")), Some(s("30")))],
            ),
            (
                "이름<BR/>Min:   5 <br />Max:10",
                vec![Rule::Min(s("5")), Rule::Max(s("10"))],
            ),
            (
                "이름 (Length(Min/Max): 0/20)",
                vec![Rule::Length(Some(s("0")), Some(s("20")))],
            ),
            ("Length(Min/Max): /20", vec![Rule::Length(None, Some(s("20")))]),
            ("Length(Min/Max): 3/", vec![Rule::Length(Some(s("3")), None)]),
            (
                "상태 코드<br>Allowable values:  A ,B,, C  <br>Default value: B",
                vec![Rule::Allowed(vec![s("A"), s("B"), s("C")]), Rule::Default(s("B"))],
            ),
            ("설명 Min: 1,000 이상", vec![Rule::Min(s("1,000"))]),
            ("Max: ten", vec![Rule::Max(s("ten"))]),
            ("no rules here: Minimum is not a marker, nor is XMax: 3", vec![]),
            ("<bread>Min: 2", vec![Rule::Min(s("2"))]),
            ("Pattern: ", vec![]),
            ("", vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(&parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn numbers_with_commas_fit_or_do_not_fit_their_type() {
        assert_eq!(
            number("9,223,372,036,854,775,807", "integer", "int64"),
            Ok(Value::from(i64::MAX))
        );
        assert!(number("9,223,372,036,854,775,807", "integer", "int32").is_err());
        assert!(number("9,223,372,036,854,775,808", "integer", "").is_err());
        assert_eq!(number("-5", "integer", "int32"), Ok(Value::from(-5)));
        assert_eq!(number("1,000.5", "number", ""), Ok(Value::from(1000.5)));
        assert!(number("ten", "integer", "").is_err());
        assert_eq!(parse_u64("1 000"), Some(1000));
        assert_eq!(parse_u64("-1"), None);
    }

    #[test]
    fn date_formats_are_told_from_regular_expressions() {
        for date in ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-dd'T'HH:mm:ssZ", "HH:mm"] {
            assert!(is_date_format(date), "{date}");
        }
        for regex in ["^[a-z]+$", "\\d{4}-\\d{2}", "yes|no", "MM"] {
            assert!(!is_date_format(regex), "{regex}");
        }
    }

    fn applied(yaml: &str) -> (Value, Vec<String>) {
        let mut doc: Value = serde_yaml::from_str(yaml).unwrap();
        let mut warnings = Diagnostics::default();
        apply(&mut doc, &Loc::root("x.json"), &mut warnings);
        let warnings = warnings.into_list().iter().map(ToString::to_string).collect();
        (doc, warnings)
    }

    #[test]
    fn a_parameter_description_goes_onto_its_schema_and_a_property_description_onto_itself() {
        let (doc, warnings) = applied(
            r#"
paths:
  /keys:
    get:
      parameters:
        - name: limit
          in: query
          description: "Limit<br>Min: 1<br>Max: 100<br>Default value: 10"
          schema: {type: integer, format: int32}
components:
  schemas:
    Key:
      type: object
      properties:
        name: {type: string, description: "Name<br>Length(Min/Max): 0/20<br>Pattern: ^[a-z]*$"}
        codes:
          type: array
          description: "Allowable values: A, B"
          items: {type: string}
"#,
        );
        assert_eq!(warnings, Vec::<String>::new());
        let param = &doc["paths"]["/keys"]["get"]["parameters"][0]["schema"];
        assert_eq!(param["minimum"], Value::from(1));
        assert_eq!(param["maximum"], Value::from(100));
        assert_eq!(param["default"], Value::from(10));
        let name = &doc["components"]["schemas"]["Key"]["properties"]["name"];
        assert_eq!(name["minLength"], Value::from(0));
        assert_eq!(name["maxLength"], Value::from(20));
        assert_eq!(name["pattern"], Value::from("^[a-z]*$"));
        let codes = &doc["components"]["schemas"]["Key"]["properties"]["codes"]["items"];
        assert_eq!(codes["enum"], serde_yaml::from_str::<Value>("[A, B]").unwrap());
    }

    #[test]
    fn unusable_rules_and_conflicts_are_warnings_naming_their_place() {
        let (doc, warnings) = applied(
            r#"
components:
  schemas:
    Key:
      type: object
      properties:
        day: {type: string, description: "Pattern: yyyy-MM-dd"}
        bad: {type: string, description: "Pattern: (unclosed"}
        small: {type: integer, format: int32, description: "Max: 9,223,372,036,854,775,807"}
        name: {type: string, maxLength: 30, description: "Length(Min/Max): 0/20"}
        flag: {type: boolean, description: "Length(Min/Max): 0/20"}
        other: {$ref: '#/components/schemas/Key'}
"#,
        );
        let props = &doc["components"]["schemas"]["Key"]["properties"];
        assert_eq!(props["day"].get("pattern"), None);
        assert_eq!(props["bad"].get("pattern"), None);
        assert_eq!(props["small"].get("maximum"), None);
        assert_eq!(props["name"]["maxLength"], Value::from(30));
        assert_eq!(props["name"]["minLength"], Value::from(0));
        let at = "x.json: components.schemas.Key.properties";
        let expected = [
            format!(
                "{at}.day.description: `Pattern: yyyy-MM-dd`: a date format, not a regular expression: not enforced"
            ),
            format!(
                "{at}.small.description: `Max: 9,223,372,036,854,775,807`: `9,223,372,036,854,775,807` does not fit an int32: not enforced"
            ),
            format!(
                "{at}.name.description: the description says `maxLength` 20, but the schema at components.schemas.Key.properties.name has `maxLength` 30: the schema's value is kept"
            ),
            format!(
                "{at}.flag.description: `Length(Min/Max): 0/20`: the rule is for a string, the schema is `type: boolean`"
            ),
        ];
        for e in &expected {
            assert!(warnings.contains(e), "missing {e}\nin {warnings:#?}");
        }
        assert!(
            warnings.iter().any(|w| w.starts_with(&format!(
                "{at}.bad.description: `Pattern: (unclosed`: not a regular expression"
            ))),
            "{warnings:#?}"
        );
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
    }

    #[test]
    fn without_the_flag_nothing_is_read() {
        let doc: Value = serde_yaml::from_str("x-ncp-rules-in-descriptions: false").unwrap();
        assert!(!enabled(&doc));
        let doc: Value = serde_yaml::from_str("x-ncp-rules-in-descriptions: true").unwrap();
        assert!(enabled(&doc));
        let doc: Value = serde_yaml::from_str("x-ncp-rules-in-descriptions: 'true'").unwrap();
        assert!(!enabled(&doc));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn parsing_text_made_of_markers_never_panics(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("<br".to_owned()),
                    proptest::strategy::Just("<BR />".to_owned()),
                    proptest::strategy::Just("Length(Min/Max):".to_owned()),
                    proptest::strategy::Just("Min:".to_owned()),
                    proptest::strategy::Just("Max:".to_owned()),
                    proptest::strategy::Just("Pattern:".to_owned()),
                    proptest::strategy::Just("Allowable values:".to_owned()),
                    "[0-9,/ 가-힣a-z]{0,6}",
                ],
                0..12,
            )
        ) {
            let text = parts.concat();
            for rule in parse(&text) {
                // Every rule read is written back as a marker that occurs in the text.
                let marker = rule.text();
                let name = &marker[..marker.find(':').unwrap() + 1];
                proptest::prop_assert!(text.contains(name), "{text:?} gave {rule:?}");
            }
        }

        #[test]
        fn applying_never_panics_on_any_schema(
            description in "(Min: |Max: |Length\\(Min/Max\\): |Pattern: |Allowable values: |Default value: )[ -~가]{0,12}",
            ty in proptest::prop_oneof![
                proptest::strategy::Just("string"), proptest::strategy::Just("integer"),
                proptest::strategy::Just("number"), proptest::strategy::Just("boolean"),
                proptest::strategy::Just("array"), proptest::strategy::Just("object"),
            ],
        ) {
            let mut schema = Mapping::new();
            schema.insert("type".into(), ty.into());
            schema.insert("description".into(), description.into());
            let mut doc = Mapping::new();
            let mut schemas = Mapping::new();
            schemas.insert("S".into(), Value::Mapping(schema));
            let mut components = Mapping::new();
            components.insert("schemas".into(), Value::Mapping(schemas));
            doc.insert("components".into(), Value::Mapping(components));
            let mut doc = Value::Mapping(doc);
            apply(&mut doc, &Loc::root("p.json"), &mut Diagnostics::default());
        }
    }
}
