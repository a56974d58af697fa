//! Client-side rules of request parameters.
//!
//! The rules as data ([`StrRule`], [`IntRule`]) and the errors they produce
//! ([`Violation`], [`ValidationError`]), and the constrained types ([`ValidStr`],
//! [`ValidInt`]) that every generated constrained parameter type aliases.

mod rest;
mod rule;
mod value;

pub use rule::{IntRule, Pattern, Rule, StrRule, ValidationError, Violation, check_int, check_str};
pub use value::{Int, IntRules, StrRules, ValidInt, ValidStr};

/// The checks builders run, for generated code (re-exported by `__private`).
pub(crate) mod check {
    pub use super::rest::{
        check_at, check_header_value, check_items_at, check_required, check_segment, index_path, join_path, redact_from,
    };
    pub use super::rule::check_items;
    pub use super::value::{check_each, check_opt};
}

pub(crate) use rule::unknown_enum_value;
