//! Client-side validation of request parameters.
//!
//! Generated code keeps the constraints of each parameter as data (`static` arrays of [`StrRule`]
//! or [`IntRule`]) and calls the `check_*` functions, which push one [`Violation`] per broken rule
//! into a shared `Vec`. Every violation is collected, not just the first, and each one names the
//! wire field, the rule, the limit and the offending value.
//!
//! ```
//! use ncloud_runtime::constraint::{check_str, Pattern, StrRule, ValidationError};
//!
//! static NAME: [StrRule; 3] = [
//!     StrRule::MinLength(3),
//!     StrRule::MaxLength(30),
//!     StrRule::Pattern(Pattern::new(r"^[A-Za-z][A-Za-z0-9_-]{1,28}[A-Za-z0-9]$")),
//! ];
//!
//! let mut violations = Vec::new();
//! check_str("blockStorageSnapshotName", "1a", &NAME, &mut violations);
//! let err = ValidationError::from_violations(violations).unwrap_err();
//! assert_eq!(err.violations().len(), 2);
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use crate::truncate_chars;

/// How many characters of an offending value a [`Violation`] keeps.
const VALUE_MAX_CHARS: usize = 64;

/// A constraint that a request value broke, with its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// At least this many characters (Unicode scalar values).
    MinLength(u64),
    /// At most this many characters (Unicode scalar values).
    MaxLength(u64),
    /// At most this many bytes once encoded as UTF-8.
    MaxBytes(u64),
    /// Must match this regular expression (JSON Schema semantics: unanchored search).
    Pattern(&'static str),
    /// At least this number.
    Minimum(i64),
    /// At most this number.
    Maximum(i64),
    /// A list with at least this many items.
    MinItems(u64),
    /// A list with at most this many items.
    MaxItems(u64),
    /// One of these values (an enum).
    OneOf(&'static [&'static str]),
    /// A path parameter: not `""`, `.` or `..`, which URL normalisation would remove or turn
    /// into another path.
    PathSegment,
    /// A header parameter: printable ASCII only (bytes 0x20 to 0x7E), without a leading or
    /// trailing space.
    HeaderValue,
    /// A property a JSON body needs whenever it is sent (the required properties of an optional
    /// body).
    Required,
}

/// `"1 character"`, `"30 characters"`.
fn count(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("{n} {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MinLength(n) => write!(f, "at least {}", count(*n, "character")),
            Rule::MaxLength(n) => write!(f, "at most {}", count(*n, "character")),
            Rule::MaxBytes(n) => write!(f, "at most {} (UTF-8)", count(*n, "byte")),
            Rule::Pattern(p) => write!(f, "must match the pattern `{p}`"),
            Rule::Minimum(n) => write!(f, "at least {n}"),
            Rule::Maximum(n) => write!(f, "at most {n}"),
            Rule::MinItems(n) => write!(f, "at least {}", count(*n, "item")),
            Rule::MaxItems(n) => write!(f, "at most {}", count(*n, "item")),
            Rule::OneOf(values) => write!(f, "one of: {}", values.join(", ")),
            Rule::PathSegment => f.write_str("a path segment other than \"\", \".\" and \"..\""),
            Rule::Required => f.write_str("set whenever the body is sent"),
            Rule::HeaderValue => f.write_str("printable ASCII (0x20 to 0x7E) without a leading or trailing space"),
        }
    }
}

/// One broken rule: which wire field, which rule, what was found and the offending value.
///
/// Its `Display` reads, for example:
///
/// ```text
/// blockStorageSnapshotName: must be at most 30 characters, got 31 characters: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
/// blockStorageSnapshotName: must match the pattern `^[A-Za-z]$`: "1abc"
/// snapshotTypeCode: must be one of: FULL, INCREMENTAL: "PARTIAL"
/// snapshotChainDepth: must be at least 0, got -1
/// serverInstanceNoList: must have at most 2 items, got 3 items
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The parameter's name on the wire, e.g. `blockStorageSnapshotName` or `serverInstanceNoList.2`.
    pub field: Cow<'static, str>,
    /// The rule that was broken, with its limit.
    pub rule: Rule,
    /// What was measured, e.g. `"31 characters"`, `"1002 bytes"`, `"5 items"`; empty when there is
    /// nothing to measure (numbers, enums, patterns). For a pattern that could not be compiled it
    /// says so.
    pub actual: String,
    /// The offending value, cut to 64 characters followed by `…` when longer; empty for lists.
    pub value: String,
}

impl Violation {
    /// A violation of `rule` by `value` (cut to 64 characters) in `field`.
    pub fn new(field: impl Into<Cow<'static, str>>, rule: Rule, actual: impl Into<String>, value: &str) -> Self {
        Violation {
            field: field.into(),
            rule,
            actual: actual.into(),
            value: truncate_chars(value, VALUE_MAX_CHARS),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Violation {
            field,
            rule,
            actual,
            value,
        } = self;
        match rule {
            Rule::Pattern(_) if actual.is_empty() => write!(f, "{field}: {rule}: {value:?}"),
            Rule::Pattern(_) => write!(f, "{field}: {rule}, but {actual}: {value:?}"),
            Rule::OneOf(_) | Rule::PathSegment | Rule::HeaderValue => write!(f, "{field}: must be {rule}: {value:?}"),
            Rule::Required => write!(f, "{field}: must be {rule}"),
            Rule::Minimum(_) | Rule::Maximum(_) => {
                write!(f, "{field}: must be {rule}, got {value}")
            }
            Rule::MinItems(_) | Rule::MaxItems(_) => {
                write!(f, "{field}: must have {rule}, got {actual}")
            }
            Rule::MinLength(_) | Rule::MaxLength(_) | Rule::MaxBytes(_) => {
                write!(f, "{field}: must be {rule}, got {actual}: {value:?}")
            }
        }
    }
}

/// A request that failed client-side validation, with every violation found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// An error made of these violations.
    pub fn new(violations: Vec<Violation>) -> Self {
        ValidationError { violations }
    }

    /// `Ok(())` when there are no violations, else the error holding them.
    pub fn from_violations(violations: Vec<Violation>) -> Result<(), ValidationError> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError::new(violations))
        }
    }

    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.as_slice() {
            [] => f.write_str("invalid request"),
            [one] => write!(f, "invalid request: {one}"),
            many => {
                write!(f, "invalid request: {} violations:", many.len())?;
                for violation in many {
                    write!(f, "\n  - {violation}")?;
                }
                Ok(())
            }
        }
    }
}

/// A regular expression kept as data, compiled on first use and cached.
///
/// `Pattern::new` is `const`, so generated code can put patterns in `static` rule arrays. Matching
/// follows JSON Schema: the pattern is searched anywhere in the value (use `^…$` to anchor it).
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<regex_lite::Regex, String>>,
}

impl Pattern {
    /// A pattern with this source text; nothing is compiled until it is first used.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern's source text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` contains a match, or why the pattern could not be compiled.
    pub fn is_match(&self, value: &str) -> Result<bool, &str> {
        let compiled = self
            .compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).map_err(|e| e.to_string()));
        match compiled {
            Ok(regex) => Ok(regex.is_match(value)),
            Err(message) => Err(message),
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// A constraint on a string parameter.
#[derive(Debug)]
pub enum StrRule {
    /// At least this many characters (Unicode scalar values).
    MinLength(u64),
    /// At most this many characters (Unicode scalar values).
    MaxLength(u64),
    /// At most this many bytes once encoded as UTF-8.
    MaxBytes(u64),
    /// Must contain a match of this pattern.
    Pattern(Pattern),
}

/// Checks `value` of the wire field `field` against every rule, pushing one [`Violation`] per
/// broken rule into `out`.
///
/// Lengths count Unicode scalar values (`chars()`), byte limits count UTF-8 bytes. Never panics: a
/// pattern that does not compile is reported as a violation.
pub fn check_str(field: &'static str, value: &str, rules: &[StrRule], out: &mut Vec<Violation>) {
    let chars = value.chars().count() as u64;
    let bytes = value.len() as u64;
    for rule in rules {
        let violation = match rule {
            StrRule::MinLength(min) if chars < *min => Some((Rule::MinLength(*min), count(chars, "character"))),
            StrRule::MaxLength(max) if chars > *max => Some((Rule::MaxLength(*max), count(chars, "character"))),
            StrRule::MaxBytes(max) if bytes > *max => Some((Rule::MaxBytes(*max), count(bytes, "byte"))),
            StrRule::Pattern(pattern) => match pattern.is_match(value) {
                Ok(true) => None,
                Ok(false) => Some((Rule::Pattern(pattern.source()), String::new())),
                Err(message) => Some((
                    Rule::Pattern(pattern.source()),
                    format!("the pattern could not be compiled ({message})"),
                )),
            },
            _ => None,
        };
        if let Some((rule, actual)) = violation {
            out.push(Violation::new(field, rule, actual, value));
        }
    }
}

/// A constraint on an integer parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntRule {
    /// At least this number (inclusive).
    Minimum(i64),
    /// At most this number (inclusive).
    Maximum(i64),
}

/// Checks `value` of the wire field `field` against every rule, pushing one [`Violation`] per
/// broken rule into `out`.
pub fn check_int(field: &'static str, value: i64, rules: &[IntRule], out: &mut Vec<Violation>) {
    for rule in rules {
        let broken = match *rule {
            IntRule::Minimum(min) if value < min => Some(Rule::Minimum(min)),
            IntRule::Maximum(max) if value > max => Some(Rule::Maximum(max)),
            _ => None,
        };
        if let Some(rule) = broken {
            out.push(Violation::new(field, rule, "", &value.to_string()));
        }
    }
}

/// Checks the length `len` of the list parameter `field` against optional item limits, pushing
/// one [`Violation`] per broken limit into `out`.
pub fn check_items(field: &'static str, len: usize, min: Option<u64>, max: Option<u64>, out: &mut Vec<Violation>) {
    let len = len as u64;
    if let Some(min) = min.filter(|min| len < *min) {
        out.push(Violation::new(field, Rule::MinItems(min), count(len, "item"), ""));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        out.push(Violation::new(field, Rule::MaxItems(max), count(len, "item"), ""));
    }
}

/// The violation for a value of the enum parameter `field` that is not one of `allowed`.
pub fn unknown_enum_value(field: &'static str, allowed: &'static [&'static str], value: &str) -> Violation {
    Violation::new(field, Rule::OneOf(allowed), "", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME_PATTERN: &str = r"^[A-Za-z][A-Za-z0-9_-]{1,28}[A-Za-z0-9]$";

    static NAME_RULES: [StrRule; 3] = [
        StrRule::MinLength(3),
        StrRule::MaxLength(30),
        StrRule::Pattern(Pattern::new(NAME_PATTERN)),
    ];

    static DESCRIPTION_RULES: [StrRule; 1] = [StrRule::MaxBytes(1000)];

    fn check(value: &str, rules: &[StrRule]) -> Vec<Violation> {
        let mut out = Vec::new();
        check_str("field", value, rules, &mut out);
        out
    }

    #[test]
    fn min_length_boundary_2_rejected_3_accepted() {
        let rules = [StrRule::MinLength(3)];
        assert_eq!(
            check("ab", &rules),
            vec![Violation {
                field: "field".into(),
                rule: Rule::MinLength(3),
                actual: "2 characters".into(),
                value: "ab".into(),
            }]
        );
        assert!(check("abc", &rules).is_empty());
    }

    #[test]
    fn max_length_boundary_30_accepted_31_rejected() {
        let rules = [StrRule::MaxLength(30)];
        assert!(check(&"a".repeat(30), &rules).is_empty());
        let out = check(&"a".repeat(31), &rules);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, Rule::MaxLength(30));
        assert_eq!(out[0].actual, "31 characters");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let rules = [StrRule::MinLength(3), StrRule::MaxLength(3)];
        assert!(check("スナッ", &rules).is_empty());
        assert_eq!(check("スナップ", &rules)[0].actual, "4 characters");
    }

    #[test]
    fn max_bytes_boundary_999_1000_accepted_1001_rejected() {
        assert!(check(&"a".repeat(999), &DESCRIPTION_RULES).is_empty());
        assert!(check(&"a".repeat(1000), &DESCRIPTION_RULES).is_empty());
        let out = check(&"a".repeat(1001), &DESCRIPTION_RULES);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, Rule::MaxBytes(1000));
        assert_eq!(out[0].actual, "1001 bytes");
    }

    #[test]
    fn max_bytes_counts_utf8_bytes_of_japanese_text() {
        // 334 characters of 3 bytes each: 1002 bytes, far below 1000 characters.
        let out = check(&"ス".repeat(334), &DESCRIPTION_RULES);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].actual, "1002 bytes");
        // 333 * 3 + 1 = 1000 bytes exactly.
        let exactly = format!("{}a", "ス".repeat(333));
        assert_eq!(exactly.len(), 1000);
        assert!(check(&exactly, &DESCRIPTION_RULES).is_empty());
    }

    #[test]
    fn name_pattern_accepts_good_names_and_rejects_bad_first_and_last_characters() {
        assert!(check("sh1901b16230a", &NAME_RULES).is_empty());
        assert!(check("a-b_c", &NAME_RULES).is_empty());
        for bad in ["1abc", "abc-", "ab c", "スナップ"] {
            let out = check(bad, &NAME_RULES);
            assert_eq!(out.len(), 1, "{bad}: {out:?}");
            assert_eq!(out[0].rule, Rule::Pattern(NAME_PATTERN));
            assert_eq!(out[0].actual, "");
        }
    }

    #[test]
    fn pattern_is_an_unanchored_search_like_json_schema() {
        let rules = [StrRule::Pattern(Pattern::new("[0-9]"))];
        assert!(check("abc1def", &rules).is_empty());
        assert_eq!(check("abcdef", &rules).len(), 1);
    }

    #[test]
    fn several_violations_of_one_value_are_reported_together() {
        let out = check("1-", &NAME_RULES);
        let rules: Vec<_> = out.iter().map(|v| v.rule.clone()).collect();
        assert_eq!(rules, vec![Rule::MinLength(3), Rule::Pattern(NAME_PATTERN)]);
    }

    #[test]
    fn violations_of_several_fields_are_collected() {
        let mut out = Vec::new();
        check_str("blockStorageSnapshotName", "1-", &NAME_RULES, &mut out);
        check_str(
            "blockStorageSnapshotDescription",
            &"ス".repeat(334),
            &DESCRIPTION_RULES,
            &mut out,
        );
        check_int("snapshotChainDepth", -1, &[IntRule::Minimum(0)], &mut out);
        check_items("serverInstanceNoList", 3, Some(1), Some(2), &mut out);
        out.push(unknown_enum_value(
            "snapshotTypeCode",
            &["FULL", "INCREMENTAL"],
            "PARTIAL",
        ));
        let err = ValidationError::from_violations(out).unwrap_err();
        assert_eq!(err.violations().len(), 6);
        assert_eq!(
            err.to_string(),
            format!(
                "invalid request: 6 violations:\n\
                 \x20 - blockStorageSnapshotName: must be at least 3 characters, got 2 characters: \"1-\"\n\
                 \x20 - blockStorageSnapshotName: must match the pattern `{NAME_PATTERN}`: \"1-\"\n\
                 \x20 - blockStorageSnapshotDescription: must be at most 1000 bytes (UTF-8), got 1002 bytes: \"{}…\"\n\
                 \x20 - snapshotChainDepth: must be at least 0, got -1\n\
                 \x20 - serverInstanceNoList: must have at most 2 items, got 3 items\n\
                 \x20 - snapshotTypeCode: must be one of: FULL, INCREMENTAL: \"PARTIAL\"",
                "ス".repeat(64)
            )
        );
        assert_eq!(err.clone().into_violations(), err.violations());
    }

    #[test]
    fn rule_display_describes_the_rule_in_words() {
        let texts: Vec<String> = [
            Rule::MinLength(3),
            Rule::MinLength(1),
            Rule::MaxLength(30),
            Rule::MaxBytes(1000),
            Rule::Pattern("^a$"),
            Rule::Minimum(-5),
            Rule::Maximum(10),
            Rule::MinItems(1),
            Rule::MaxItems(100),
            Rule::OneOf(&["FULL", "INCREMENTAL"]),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            texts,
            [
                "at least 3 characters",
                "at least 1 character",
                "at most 30 characters",
                "at most 1000 bytes (UTF-8)",
                "must match the pattern `^a$`",
                "at least -5",
                "at most 10",
                "at least 1 item",
                "at most 100 items",
                "one of: FULL, INCREMENTAL",
            ]
        );
    }

    #[test]
    fn single_violation_display_texts() {
        let mut out = Vec::new();
        check_str(
            "blockStorageSnapshotName",
            &"a".repeat(31),
            &[StrRule::MaxLength(30)],
            &mut out,
        );
        assert_eq!(
            ValidationError::new(out).to_string(),
            format!(
                "invalid request: blockStorageSnapshotName: must be at most 30 characters, got 31 characters: \"{}\"",
                "a".repeat(31)
            )
        );

        let mut out = Vec::new();
        check_str("blockStorageSnapshotName", "1abc", &NAME_RULES, &mut out);
        assert_eq!(
            out[0].to_string(),
            format!("blockStorageSnapshotName: must match the pattern `{NAME_PATTERN}`: \"1abc\"")
        );

        let v = unknown_enum_value("snapshotTypeCode", &["FULL", "INCREMENTAL"], "PARTIAL");
        assert_eq!(
            v.to_string(),
            "snapshotTypeCode: must be one of: FULL, INCREMENTAL: \"PARTIAL\""
        );

        let mut out = Vec::new();
        check_int("count", 101, &[IntRule::Minimum(1), IntRule::Maximum(100)], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].to_string(), "count: must be at most 100, got 101");

        let mut out = Vec::new();
        check_items("serverInstanceNoList", 0, Some(1), None, &mut out);
        assert_eq!(
            out[0].to_string(),
            "serverInstanceNoList: must have at least 1 item, got 0 items"
        );
    }

    #[test]
    fn values_in_violations_are_cut_to_64_characters_and_escaped() {
        let long = format!("{}\"\n", "x".repeat(70));
        let out = check(&long, &[StrRule::MaxLength(5)]);
        assert_eq!(out[0].value, format!("{}…", "x".repeat(64)));
        let out = check("a\"b\n", &[StrRule::MaxLength(1)]);
        assert_eq!(
            out[0].to_string(),
            "field: must be at most 1 character, got 4 characters: \"a\\\"b\\n\""
        );
    }

    #[test]
    fn int_rules_are_inclusive() {
        let rules = [IntRule::Minimum(0), IntRule::Maximum(10)];
        for ok in [0, 5, 10] {
            let mut out = Vec::new();
            check_int("n", ok, &rules, &mut out);
            assert!(out.is_empty(), "{ok}");
        }
        let mut out = Vec::new();
        check_int("n", -1, &rules, &mut out);
        check_int("n", 11, &rules, &mut out);
        let got: Vec<_> = out.iter().map(|v| (v.rule.clone(), v.value.clone())).collect();
        assert_eq!(
            got,
            vec![
                (Rule::Minimum(0), "-1".to_string()),
                (Rule::Maximum(10), "11".to_string())
            ]
        );
    }

    #[test]
    fn item_limits_are_inclusive_and_optional() {
        let mut out = Vec::new();
        check_items("l", 1, Some(1), Some(2), &mut out);
        check_items("l", 2, Some(1), Some(2), &mut out);
        check_items("l", 1000, None, None, &mut out);
        assert!(out.is_empty());
        check_items("l", 0, Some(1), Some(2), &mut out);
        check_items("l", 3, Some(1), Some(2), &mut out);
        let got: Vec<_> = out.iter().map(|v| (v.rule.clone(), v.actual.clone())).collect();
        assert_eq!(
            got,
            vec![
                (Rule::MinItems(1), "0 items".to_string()),
                (Rule::MaxItems(2), "3 items".to_string())
            ]
        );
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_a_violation_not_a_panic() {
        static BROKEN: [StrRule; 1] = [StrRule::Pattern(Pattern::new("(unclosed"))];
        for _ in 0..2 {
            let out = check("anything", &BROKEN);
            assert_eq!(out.len(), 1);
            assert_eq!(out[0].rule, Rule::Pattern("(unclosed"));
            assert!(
                out[0].actual.starts_with("the pattern could not be compiled ("),
                "{}",
                out[0].actual
            );
            assert!(
                out[0]
                    .to_string()
                    .starts_with("field: must match the pattern `(unclosed`, but the pattern could not be compiled ("),
                "{}",
                out[0]
            );
        }
    }

    #[test]
    fn from_violations_is_ok_when_empty() {
        assert_eq!(ValidationError::from_violations(vec![]), Ok(()));
        assert_eq!(ValidationError::new(vec![]).to_string(), "invalid request");
    }
}
