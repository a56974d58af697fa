//! The hand-written runtime that generated code calls.
//!
//! Everything under `crate::generated` is produced by the generator and stays thin and declarative:
//! models, parameter structs and one small function per operation. Anything with logic lives here,
//! is written by hand and is unit-tested on its own:
//!
//! - [`action`]: the [`Action`](action::Action) trait every generated request implements.
//! - [`query`]: the exact query-string bytes that are signed and sent (`name=value&list.1=value`).
//! - [`validate`]: client-side checks of request parameters, collecting every violation.
//! - [`valid`]: the constrained string and integer types every generated parameter type aliases.
//! - [`model`]: the [`Model`](model::Model) trait every generated response model implements, and
//!   its one generic decoder and encoder.
//! - [`de`]: lenient field decoders that behave the same for XML (quick-xml) and JSON (serde_json).
//! - [`decode`]: whole-body decoding: the XML root element and the JSON envelope key.
//! - [`timestamp`]: NCP's date-time form `2024-06-15T17:49:14+0900`.
//! - [`errors`]: NCP's two error bodies, the service's `responseError` and the API Gateway's `error`.
//! - [`client`]: the [`Client`](client::Client) that signs ([`sign`]), sends ([`transport`]) and
//!   retries calls, configured by [`credentials`], failing with one [`Error`](error::Error).
//!
//! Generated code refers to these items by their full paths (`crate::runtime::valid::ValidStr`), so
//! renaming or moving an item here is a breaking change for the generator.

#![warn(missing_docs)]

pub mod action;
pub mod client;
pub mod credentials;
pub mod de;
pub mod decode;
pub mod enums;
pub mod error;
pub mod errors;
pub mod model;
pub mod query;
pub mod sign;
pub mod timestamp;
pub mod transport;
pub mod valid;
pub mod validate;

pub use decode::{DecodeError, Format};
pub use timestamp::Timestamp;
pub use validate::{Rule, ValidationError, Violation};

/// Returns at most `max` characters of `s`, followed by `…` when something was cut off.
///
/// Used wherever a value that came from outside (a response body, a user's parameter) ends up in
/// an error message, so that messages stay bounded.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::truncate_chars;

    #[test]
    fn truncate_chars_keeps_short_values_and_cuts_long_ones_on_char_boundaries() {
        assert_eq!(truncate_chars("", 3), "");
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("abcd", 3), "abc…");
        assert_eq!(truncate_chars("スナップショット", 4), "スナップ…");
    }
}
