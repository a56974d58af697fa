//! Constrained parameter values: a string or an integer held only once it has passed its rules.
//!
//! Every constrained parameter type of a generated API is an alias of [`ValidStr`] or
//! [`ValidInt`] with its own rules type ([`StrRules`], [`IntRules`]), generated as data:
//!
//! ```
//! use ncloud_runtime::constraint::{StrRules, ValidStr};
//! use ncloud_runtime::constraint::StrRule;
//!
//! pub enum NameRules {}
//! impl StrRules for NameRules {
//!     const FIELD: &'static str = "name";
//!     fn rules() -> &'static [StrRule] {
//!         static RULES: [StrRule; 2] = [StrRule::MinLength(3), StrRule::MaxLength(30)];
//!         &RULES
//!     }
//! }
//! pub type Name = ValidStr<NameRules>;
//!
//! let name = Name::new("snapshot-1").unwrap();
//! assert_eq!(name.as_str(), "snapshot-1");
//! let err = "x".parse::<Name>().unwrap_err();
//! assert_eq!(err.to_string(), "invalid request: name: must be at least 3 characters, got 1 character: \"x\"");
//! ```
//!
//! Written once here rather than as a dozen trait impls per generated type: a large API has
//! thousands of such types, and what the compiler had to check for each of them was a large share
//! of the generated client's compile time.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use crate::constraint::{IntRule, StrRule, ValidationError, Violation, check_int, check_str};
use crate::request::QueryValue;

/// The rules of one constrained string type.
pub trait StrRules {
    /// The wire name [`ValidStr::new`] reports violations under (the parameter's name).
    const FIELD: &'static str;

    /// The rules a value must satisfy, in the order violations are reported.
    fn rules() -> &'static [StrRule];
}

/// A string that satisfies the rules `R`: the only way to get one is through a check.
///
/// Compares, hashes and orders like its text; `Debug` and `Display` show the text.
pub struct ValidStr<R> {
    value: String,
    rules: PhantomData<fn() -> R>,
}

impl<R: StrRules> ValidStr<R> {
    /// Checks `value` against the rules, recording every broken rule under the wire name `field`
    /// in `violations`; the value, if it broke none.
    pub fn collect(value: String, field: &'static str, violations: &mut Vec<Violation>) -> Option<Self> {
        let before = violations.len();
        check_str(field, &value, R::rules(), violations);
        (violations.len() == before).then_some(ValidStr {
            value,
            rules: PhantomData,
        })
    }

    /// Validates `value`; the error lists every rule it breaks.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let mut violations = Vec::new();
        Self::collect(value.into(), R::FIELD, &mut violations).ok_or_else(|| ValidationError::new(violations))
    }
}

impl<R> ValidStr<R> {
    /// The value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The value, as an owned string.
    pub fn into_inner(self) -> String {
        self.value
    }
}

impl<R: StrRules> TryFrom<String> for ValidStr<R> {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: StrRules> TryFrom<&str> for ValidStr<R> {
    type Error = ValidationError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: StrRules> FromStr for ValidStr<R> {
    type Err = ValidationError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::new(value)
    }
}

impl<R> From<ValidStr<R>> for String {
    fn from(value: ValidStr<R>) -> Self {
        value.value
    }
}

impl<R> AsRef<str> for ValidStr<R> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<R> Clone for ValidStr<R> {
    fn clone(&self) -> Self {
        ValidStr {
            value: self.value.clone(),
            rules: PhantomData,
        }
    }
}

impl<R> PartialEq for ValidStr<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R> Eq for ValidStr<R> {}

impl<R> PartialOrd for ValidStr<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R> Ord for ValidStr<R> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<R> Hash for ValidStr<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<R> fmt::Debug for ValidStr<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl<R> fmt::Display for ValidStr<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<R> QueryValue for ValidStr<R> {
    fn to_query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.value)
    }
}

impl<R> serde::Serialize for ValidStr<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

/// A value checked against rules when it is made: [`ValidStr`] and [`ValidInt`]. Generated
/// builders check their parameters through [`check_opt`] and [`check_each`].
pub trait Checked: Sized {
    /// The unchecked value: `String`, or the integer.
    type Raw;

    /// Checks `raw`, recording every broken rule under the wire name `field`.
    fn check(raw: Self::Raw, field: &'static str, violations: &mut Vec<Violation>) -> Option<Self>;
}

impl<R: StrRules> Checked for ValidStr<R> {
    type Raw = String;
    fn check(raw: String, field: &'static str, violations: &mut Vec<Violation>) -> Option<Self> {
        Self::collect(raw, field, violations)
    }
}

impl<R: IntRules> Checked for ValidInt<R> {
    type Raw = R::Int;
    fn check(raw: R::Int, field: &'static str, violations: &mut Vec<Violation>) -> Option<Self> {
        Self::collect(raw, field, violations)
    }
}

/// Checks an optional parameter: `None` stays `None`; a value that breaks a rule is recorded in
/// `violations` and gives `None`.
pub fn check_opt<T: Checked>(raw: Option<T::Raw>, field: &'static str, violations: &mut Vec<Violation>) -> Option<T> {
    raw.and_then(|raw| T::check(raw, field, violations))
}

/// Checks every item of a list parameter; items that break a rule are recorded in `violations`
/// and left out.
pub fn check_each<T: Checked>(raw: Vec<T::Raw>, field: &'static str, violations: &mut Vec<Violation>) -> Vec<T> {
    raw.into_iter()
        .filter_map(|raw| T::check(raw, field, violations))
        .collect()
}

/// An integer type a constrained integer can wrap: `i32` or `i64`.
pub trait Int: Copy + Eq + Ord + Hash + fmt::Debug + fmt::Display + Into<i64> + sealed::Sealed {}

impl Int for i32 {}
impl Int for i64 {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
}

/// The rules of one constrained integer type.
pub trait IntRules {
    /// The integer it wraps.
    type Int: Int;

    /// The wire name [`ValidInt::new`] reports violations under (the parameter's name).
    const FIELD: &'static str;

    /// The rules a value must satisfy, in the order violations are reported.
    const RULES: &'static [IntRule];
}

/// An integer that satisfies the rules `R`: the only way to get one is through a check.
pub struct ValidInt<R: IntRules> {
    value: R::Int,
}

impl<R: IntRules> ValidInt<R> {
    /// Checks `value` against the rules, recording every broken rule under the wire name `field`
    /// in `violations`; the value, if it broke none.
    pub fn collect(value: R::Int, field: &'static str, violations: &mut Vec<Violation>) -> Option<Self> {
        let before = violations.len();
        check_int(field, value.into(), R::RULES, violations);
        (violations.len() == before).then_some(ValidInt { value })
    }

    /// Validates `value`; the error lists every rule it breaks.
    pub fn new(value: R::Int) -> Result<Self, ValidationError> {
        let mut violations = Vec::new();
        Self::collect(value, R::FIELD, &mut violations).ok_or_else(|| ValidationError::new(violations))
    }

    /// The value.
    pub fn get(self) -> R::Int {
        self.value
    }
}

impl<R: IntRules<Int = i32>> TryFrom<i32> for ValidInt<R> {
    type Error = ValidationError;
    fn try_from(value: i32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: IntRules<Int = i64>> TryFrom<i64> for ValidInt<R> {
    type Error = ValidationError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: IntRules> Clone for ValidInt<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: IntRules> Copy for ValidInt<R> {}

impl<R: IntRules> PartialEq for ValidInt<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R: IntRules> Eq for ValidInt<R> {}

impl<R: IntRules> PartialOrd for ValidInt<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R: IntRules> Ord for ValidInt<R> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<R: IntRules> Hash for ValidInt<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<R: IntRules> fmt::Debug for ValidInt<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl<R: IntRules> fmt::Display for ValidInt<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl<R: IntRules> QueryValue for ValidInt<R> {
    fn to_query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.value.to_string())
    }
}

impl<R: IntRules> serde::Serialize for ValidInt<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.value.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraint::Pattern;

    enum NameRules {}

    impl StrRules for NameRules {
        const FIELD: &'static str = "name";
        fn rules() -> &'static [StrRule] {
            static RULES: [StrRule; 3] = [
                StrRule::MinLength(3),
                StrRule::MaxLength(5),
                StrRule::Pattern(Pattern::new("^[a-z]+$")),
            ];
            &RULES
        }
    }

    type Name = ValidStr<NameRules>;

    enum PortRules {}

    impl IntRules for PortRules {
        type Int = i32;
        const FIELD: &'static str = "port";
        const RULES: &'static [IntRule] = &[IntRule::Minimum(1), IntRule::Maximum(65535)];
    }

    type Port = ValidInt<PortRules>;

    #[test]
    fn valid_str_accepts_what_passes_every_rule_and_reports_every_broken_one() {
        let name = Name::new("abcd").unwrap();
        assert_eq!(name.as_str(), "abcd");
        assert_eq!(format!("{name} {name:?}"), "abcd \"abcd\"");
        assert_eq!(name.to_query_value(), "abcd");
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"abcd\"");
        assert_eq!(String::from(name.clone()), "abcd");
        assert_eq!(Name::try_from("abcd".to_owned()).unwrap(), name);
        assert_eq!(Name::try_from("abcd").unwrap(), name);
        assert_eq!("abcd".parse::<Name>().unwrap(), name);

        let err = Name::new("A").unwrap_err();
        let rules: Vec<_> = err
            .violations()
            .iter()
            .map(|v| (v.field.as_ref(), v.rule.clone()))
            .collect();
        assert_eq!(
            rules,
            [
                ("name", crate::Rule::MinLength(3)),
                ("name", crate::Rule::Pattern("^[a-z]+$")),
            ]
        );
        let mut violations = Vec::new();
        assert_eq!(Name::collect("abcdefg".into(), "names.1", &mut violations), None);
        assert_eq!(violations[0].field, "names.1");
    }

    #[test]
    fn valid_str_compares_and_orders_like_its_text() {
        let (a, b) = (Name::new("abc").unwrap(), Name::new("abd").unwrap());
        assert!(a < b);
        assert_ne!(a, b);
        let set: std::collections::HashSet<Name> = [a.clone(), a.clone(), b].into_iter().collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn valid_int_checks_bounds() {
        let port = Port::new(443).unwrap();
        assert_eq!(port.get(), 443);
        assert_eq!(Port::try_from(443).unwrap(), port);
        assert_eq!(format!("{port} {port:?}"), "443 443");
        assert_eq!(port.to_query_value(), "443");
        assert_eq!(serde_json::to_string(&port).unwrap(), "443");
        assert!(Port::new(0).is_err());
        assert!(Port::new(65536).is_err());
        assert_eq!(Port::new(1).unwrap().get(), 1);
        assert_eq!(Port::new(65535).unwrap().get(), 65535);
        assert!(Port::new(1).unwrap() < Port::new(2).unwrap());
    }
}
