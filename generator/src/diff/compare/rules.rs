//! Rules of values (`minLength`, `maxLength`, `x-ncp-max-bytes`, `minimum`, `maximum`, `minItems`,
//! `maxItems`, `pattern`): which way a changed bound moves, the values it newly rejects or
//! accepts, and the words for both. A changed `pattern` is never judged: it needs review.

use crate::diff::{Class, Kind};
use crate::ir::{Constraint, Newtype};

/// Which way a bound limits values.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    /// A minimum: larger is stricter.
    Lower,
    /// A maximum: smaller is stricter.
    Upper,
}

/// One comparable rule: its spec name, its unit and its value.
pub(super) struct Rule {
    pub(super) key: &'static str,
    pub(super) unit: &'static str,
    pub(super) bound: Bound,
    pub(super) value: i128,
}

/// A bound as a comparable rule; `None` for a pattern.
pub(super) fn rule_of(c: &Constraint) -> Option<Rule> {
    let (key, unit, bound, value) = match c {
        Constraint::MinLength(n) => ("minLength", " characters", Bound::Lower, i128::from(*n)),
        Constraint::MaxLength(n) => ("maxLength", " characters", Bound::Upper, i128::from(*n)),
        Constraint::MaxBytes(n) => ("x-ncp-max-bytes", " bytes of UTF-8", Bound::Upper, i128::from(*n)),
        Constraint::Minimum(n) => ("minimum", "", Bound::Lower, i128::from(*n)),
        Constraint::Maximum(n) => ("maximum", "", Bound::Upper, i128::from(*n)),
        Constraint::Pattern(_) => return None,
    };
    Some(Rule {
        key,
        unit,
        bound,
        value,
    })
}

/// The order rules are compared and reported in.
pub(super) const RULE_KEYS: [&str; 6] = [
    "minLength",
    "maxLength",
    "x-ncp-max-bytes",
    "pattern",
    "minimum",
    "maximum",
];

/// The rule of `n` named `key`, if it has one.
pub(super) fn find_rule(n: &Newtype, key: &str) -> Option<Constraint> {
    n.rules().into_iter().find(|c| rule_key(c) == key)
}

/// The spec name of a rule (`maxLength`).
fn rule_key(c: &Constraint) -> &'static str {
    match c {
        Constraint::Pattern(_) => "pattern",
        other => rule_of(other).map_or("", |r| r.key),
    }
}

/// How one bound changed: the class, the kind, the words for what changed and the values (or
/// lists: `noun`) it affects. `None` when it did not change.
pub(super) fn compare_bound(
    key: &str,
    unit: &str,
    noun: &str,
    bound: Bound,
    old: Option<i128>,
    new: Option<i128>,
) -> Option<(Class, Kind, String, String)> {
    let what = match (old, new) {
        (Some(o), Some(n)) if o == n => return None,
        (None, None) => return None,
        (Some(o), Some(n)) => {
            let verb = if n < o { "lowered" } else { "raised" };
            format!("`{key}` {verb} from {o} to {n}{unit}")
        }
        (None, Some(n)) => format!("`{key}` of {n}{unit} added"),
        (Some(o), None) => format!("`{key}` of {o}{unit} removed"),
    };
    let tighter = match (bound, old, new) {
        (_, None, _) => true,
        (_, _, None) => false,
        (Bound::Upper, Some(o), Some(n)) => n < o,
        (Bound::Lower, Some(o), Some(n)) => n > o,
    };
    // The values accepted before and rejected now, or the reverse.
    let span = |low: i128, high: i128| match (unit.is_empty(), low == high) {
        (true, true) => format!("{noun} equal to {low}"),
        (true, false) => format!("{noun} from {low} to {high}"),
        (false, true) => format!("{noun} of exactly {low}{unit}"),
        (false, false) => format!("{noun} of {low} to {high}{unit}"),
    };
    let affected = match (bound, old, new) {
        (Bound::Upper, Some(o), Some(n)) => span(o.min(n) + 1, o.max(n)),
        (Bound::Lower, Some(o), Some(n)) => span(o.min(n), o.max(n) - 1),
        (Bound::Upper, None, Some(n)) | (Bound::Upper, Some(n), None) if unit.is_empty() => format!("{noun} above {n}"),
        (Bound::Upper, None, Some(n)) | (Bound::Upper, Some(n), None) => format!("{noun} of more than {n}{unit}"),
        (Bound::Lower, None, Some(n)) | (Bound::Lower, Some(n), None) if unit.is_empty() => format!("{noun} below {n}"),
        (Bound::Lower, None, Some(n)) | (Bound::Lower, Some(n), None) => format!("{noun} of fewer than {n}{unit}"),
        (_, None, None) => return None,
    };
    Some(if tighter {
        (Class::Breaking, Kind::ConstraintTightened, what, affected)
    } else {
        (Class::Compatible, Kind::ConstraintLoosened, what, affected)
    })
}

/// A rule in the spec's words (`maxLength` 30).
pub(super) struct RuleText<'a>(pub(super) &'a Constraint);

impl std::fmt::Display for RuleText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Constraint::Pattern(p) => write!(f, "`pattern` `{p}`"),
            other => match rule_of(other) {
                Some(r) => write!(f, "`{}` {}{}", r.key, r.value, r.unit),
                None => write!(f, "{other}"),
            },
        }
    }
}

/// The values a rule rejects, in words, when it is added where there was none.
pub(super) fn newly_rejected(c: &Constraint) -> String {
    match c {
        Constraint::Pattern(p) => format!("values that do not match `{p}`"),
        other => rule_of(other)
            .and_then(|r| compare_bound(r.key, r.unit, "values", r.bound, None, Some(r.value)))
            .map(|(_, _, _, affected)| affected)
            .unwrap_or_else(|| format!("values that break the rule {other}")),
    }
}

/// What a changed bound does to values.
pub(super) fn bound_effect(class: Class, affected: &str, checked_by: &str) -> String {
    if class == Class::Breaking {
        format!("{affected}, accepted before, are now rejected by {checked_by}")
    } else {
        format!("everything accepted before is still accepted, and {affected} are now accepted too")
    }
}

/// How a `pattern` changed. Two different patterns are never compared: whether one accepts more
/// than the other is not decided here, so the change needs review.
pub(super) fn compare_pattern(
    old: Option<String>,
    new: Option<String>,
    checked_by: &str,
) -> Option<(Class, Kind, String, String)> {
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (None, Some(p)) => Some((
            Class::Breaking,
            Kind::ConstraintTightened,
            format!("`pattern` `{p}` added"),
            format!("values that do not match it, accepted before, are now rejected by {checked_by}"),
        )),
        (Some(p), None) => Some((
            Class::Compatible,
            Kind::ConstraintLoosened,
            format!("`pattern` `{p}` removed"),
            "every value accepted before is still accepted".into(),
        )),
        (Some(a), Some(b)) => Some((
            Class::NeedsReview,
            Kind::PatternChanged,
            format!("`pattern` `{a}` → `{b}`"),
            format!(
                "the generator cannot prove whether the new pattern accepts more or fewer values: check that values accepted before by {checked_by} still are"
            ),
        )),
    }
}
