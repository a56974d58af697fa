//! Checks of REST request parameters: members of a JSON body, whose violations are named by a
//! path computed at run time (`tags[0].key`, `spec.cpu`; list items count from 0), path
//! parameters and header parameters; and the redaction of values that must not be shown.

use std::borrow::Cow;

use crate::constraint::rule::check_items;
use crate::constraint::value::Checked;
use crate::constraint::{Rule, Violation};

/// Names every violation from index `from` on by `path`.
fn rename_from(violations: &mut [Violation], from: usize, path: &str) {
    for violation in violations.iter_mut().skip(from) {
        violation.field = Cow::Owned(path.to_owned());
    }
}

/// Checks `raw` as [`check_opt`](crate::__private::check_opt) and
/// [`check_each`](crate::__private::check_each) do, reporting violations under the dynamic
/// `path` (a body member such as `tags[0].key`).
pub fn check_at<T: Checked>(raw: T::Raw, path: String, violations: &mut Vec<Violation>) -> Option<T> {
    let from = violations.len();
    let checked = T::check(raw, "", violations);
    rename_from(violations, from, &path);
    checked
}

/// Checks the length `len` of the list at the dynamic `path` against optional item limits, as
/// [`check_items`](crate::__private::check_items) does.
pub fn check_items_at(path: String, len: usize, min: Option<u64>, max: Option<u64>, violations: &mut Vec<Violation>) {
    let from = violations.len();
    check_items("", len, min, max, violations);
    rename_from(violations, from, &path);
}

/// Checks the text of the path parameter `field`: `""`, `.` and `..` are refused, since URL
/// normalisation (by a proxy, or the gateway) would drop the segment or climb a level, and the
/// request would reach another resource than the one signed for. Anything else is fine: the
/// value is percent-encoded as one segment ([`PathWriter::segment`](crate::request::PathWriter::segment)).
pub fn check_segment(field: &str, value: &str, violations: &mut Vec<Violation>) {
    if matches!(value, "" | "." | "..") {
        violations.push(Violation::new(field.to_owned(), Rule::PathSegment, "", value));
    }
}

/// Checks the text of the header parameter `field`: only bytes 0x20 to 0x7E (printable ASCII and
/// the space), and no space at either end (HTTP would drop it, and the value received would not
/// be the one given). A line break could otherwise add a header of its own.
pub fn check_header_value(field: &str, value: &str, violations: &mut Vec<Violation>) {
    let printable = value.bytes().all(|b| (0x20..=0x7e).contains(&b));
    if !printable || value.starts_with(' ') || value.ends_with(' ') {
        violations.push(Violation::new(field.to_owned(), Rule::HeaderValue, "", value));
    }
}

/// `parent.name`: the path of the member `name` of the object at `parent` in a JSON body, or
/// `name` at the top (`parent` empty).
pub fn join_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// `parent[index]`: the path of an item of the list at `parent` in a JSON body (items count from
/// 0, unlike RPC's `name.1`).
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Records that `field`, a required property of an optional JSON body, is not set although the
/// body is sent (another property is).
pub fn check_required(field: &str, present: bool, violations: &mut Vec<Violation>) {
    if !present {
        violations.push(Violation::new(field.to_owned(), Rule::Required, "", ""));
    }
}

/// Replaces the value of every violation from index `from` on by `***`: for parameters the spec
/// says must not be logged (`x-ncp-parameter-is-logged: false`), checked just before.
pub fn redact_from(violations: &mut [Violation], from: usize) {
    for violation in violations.iter_mut().skip(from) {
        violation.value = "***".to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraint::{IntRule, IntRules, StrRule, StrRules, ValidInt, ValidStr};

    enum KeyRules {}
    impl StrRules for KeyRules {
        const FIELD: &'static str = "key";
        fn rules() -> &'static [StrRule] {
            static RULES: [StrRule; 1] = [StrRule::MaxLength(3)];
            &RULES
        }
    }

    enum CpuRules {}
    impl IntRules for CpuRules {
        type Int = i32;
        const FIELD: &'static str = "cpu";
        const RULES: &'static [IntRule] = &[IntRule::Minimum(1)];
    }

    #[test]
    fn violations_of_body_members_are_named_by_their_dynamic_path() {
        let mut violations = Vec::new();
        let ok: Option<ValidStr<KeyRules>> = check_at("abc".into(), "tags[0].key".into(), &mut violations);
        assert_eq!(ok.map(|k| k.into_inner()).as_deref(), Some("abc"));
        let bad: Option<ValidStr<KeyRules>> = check_at("abcd".into(), "tags[1].key".into(), &mut violations);
        assert!(bad.is_none());
        let cpu: Option<ValidInt<CpuRules>> = check_at(0, "spec.cpu".into(), &mut violations);
        assert!(cpu.is_none());
        check_items_at("tags".into(), 3, Some(1), Some(2), &mut violations);
        let fields: Vec<_> = violations.iter().map(|v| (v.field.as_ref(), v.rule.clone())).collect();
        assert_eq!(
            fields,
            [
                ("tags[1].key", Rule::MaxLength(3)),
                ("spec.cpu", Rule::Minimum(1)),
                ("tags", Rule::MaxItems(2))
            ]
        );
    }

    #[test]
    fn body_paths_join_members_with_dots_and_count_items_from_zero() {
        assert_eq!(join_path("", "spec"), "spec");
        assert_eq!(join_path("spec", "cpu"), "spec.cpu");
        assert_eq!(join_path(&index_path("tags", 0), "key"), "tags[0].key");
        let mut violations = Vec::new();
        check_required("name", true, &mut violations);
        assert!(violations.is_empty());
        check_required("name", false, &mut violations);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].to_string(), "name: must be set whenever the body is sent");
    }

    #[test]
    fn a_path_segment_may_be_anything_but_empty_dot_or_dot_dot() {
        let mut violations = Vec::new();
        for ok in ["w-1", "a/b", "...", ".x", " ", "é"] {
            check_segment("widgetId", ok, &mut violations);
        }
        assert!(violations.is_empty(), "{violations:?}");
        for bad in ["", ".", ".."] {
            check_segment("widgetId", bad, &mut violations);
        }
        assert_eq!(violations.len(), 3);
        assert!(
            violations
                .iter()
                .all(|v| v.rule == Rule::PathSegment && v.field == "widgetId")
        );
        assert_eq!(
            violations[2].to_string(),
            "widgetId: must be a path segment other than \"\", \".\" and \"..\": \"..\""
        );
    }

    #[test]
    fn a_header_value_is_printable_ascii_without_spaces_at_the_ends() {
        let mut violations = Vec::new();
        for ok in ["KR", "a b", "", "~!"] {
            check_header_value("x-ncp-region_code", ok, &mut violations);
        }
        assert!(violations.is_empty(), "{violations:?}");
        for bad in ["KR\r\nx-evil: 1", " KR", "KR ", "é", "\t", "\u{7f}"] {
            check_header_value("x-ncp-region_code", bad, &mut violations);
        }
        assert_eq!(violations.len(), 6);
        assert!(violations.iter().all(|v| v.rule == Rule::HeaderValue));
    }

    #[test]
    fn redaction_hides_the_values_checked_from_the_index_on() {
        let mut violations = Vec::new();
        check_header_value("x-a", " public", &mut violations);
        let from = violations.len();
        check_header_value("x-secret", "hunter2 ", &mut violations);
        redact_from(&mut violations, from);
        assert_eq!(violations[0].value, " public");
        assert_eq!(violations[1].value, "***");
        assert!(!violations[1].to_string().contains("hunter2"));
    }
}
