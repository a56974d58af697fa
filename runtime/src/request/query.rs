//! Query-string encoding: the exact bytes that are signed and then sent.
//!
//! NCP's gateway signs the request target (path, `?`, query) as it goes on the wire, so the client
//! builds the query string itself, once, and never lets an HTTP library re-encode it.
//!
//! The encoding is RFC 3986 strict: every byte except the unreserved characters
//! `A-Z a-z 0-9 - . _ ~` becomes `%XX` with uppercase hex; text is encoded as UTF-8; a space is
//! `%20`, never `+`. Lists use NCP's 1-based form `name.1=a&name.2=b`.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Every byte is encoded except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
pub(crate) const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes `s` for use as a query-string name or value.
///
/// ```
/// # use ncloud_runtime::request::percent_encode;
/// assert_eq!(percent_encode("a b&c=d"), "a%20b%26c%3Dd");
/// assert_eq!(percent_encode("snap-1.2_3~"), "snap-1.2_3~");
/// ```
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE).to_string()
}

/// A value that can be written into a query string, as text before percent-encoding.
pub trait QueryValue {
    /// The value's text on the wire, before percent-encoding.
    fn to_query_value(&self) -> Cow<'_, str>;
}

impl QueryValue for str {
    fn to_query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for String {
    fn to_query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl QueryValue for bool {
    fn to_query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! integer_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query_value(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
integer_query_value!(i32, i64, u32, u64);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query_value(&self) -> Cow<'_, str> {
        (**self).to_query_value()
    }
}

/// Builds a query string `name=value&name=value` in insertion order, percent-encoding names and
/// values.
///
/// ```
/// # use ncloud_runtime::request::QueryWriter;
/// let mut q = QueryWriter::new();
/// q.push("regionCode", "KR");
/// q.push_opt::<String>("zoneCode", None);
/// q.push_list("serverInstanceNoList", &["937507", "1021003"]);
/// q.push("responseFormatType", "json");
/// assert_eq!(
///     q.finish(),
///     "regionCode=KR&serverInstanceNoList.1=937507&serverInstanceNoList.2=1021003&responseFormatType=json"
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct QueryWriter {
    buf: String,
}

impl QueryWriter {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`.
    pub fn push<V: QueryValue + ?Sized>(&mut self, name: &str, value: &V) {
        if !self.buf.is_empty() {
            self.buf.push('&');
        }
        self.buf.extend(utf8_percent_encode(name, ENCODE));
        self.buf.push('=');
        self.buf.extend(utf8_percent_encode(&value.to_query_value(), ENCODE));
    }

    /// Appends `name=value` when `value` is `Some`; writes nothing for `None`.
    pub fn push_opt<V: QueryValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// Appends `name.1=v1&name.2=v2…` (1-based, NCP's list form); an empty list writes nothing.
    pub fn push_list<V: QueryValue>(&mut self, name: &str, values: &[V]) {
        for (index, value) in values.iter().enumerate() {
            self.push(&format!("{name}.{}", index + 1), value);
        }
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The query string written so far, without a leading `?`.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished query string, without a leading `?`.
    pub fn finish(self) -> String {
        self.buf
    }
}

/// Why [`parse_query`] rejected a query string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryParseError {
    /// Two `&` in a row, or a `&` at the start or the end.
    #[error("empty name=value pair at byte {offset} of the query string")]
    EmptyPair {
        /// Byte offset of the empty pair in the query string.
        offset: usize,
    },
    /// A pair without `=`.
    #[error("query pair {pair:?} has no `=`")]
    MissingEquals {
        /// The pair as written.
        pair: String,
    },
    /// A `%` not followed by two hexadecimal digits.
    #[error("query pair {pair:?} has a `%` that is not followed by two hexadecimal digits")]
    BadEscape {
        /// The pair as written.
        pair: String,
    },
    /// The percent-decoded bytes are not UTF-8.
    #[error("query pair {pair:?} does not decode to valid UTF-8")]
    InvalidUtf8 {
        /// The pair as written.
        pair: String,
    },
}

/// Parses a query string written by [`QueryWriter`] back into decoded `(name, value)` pairs, in
/// order.
///
/// The inverse of the encoding, and strict about it, so tests and fake gateways catch malformed
/// queries: pairs are split on `&` and on the first `=`, must not be empty and must contain `=`;
/// `%XX` escapes must be well formed and decode to UTF-8. A `+` stays a `+` (it is not a space).
/// An empty string gives no pairs.
pub fn parse_query(q: &str) -> Result<Vec<(String, String)>, QueryParseError> {
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let mut pairs = Vec::new();
    let mut offset = 0;
    for pair in q.split('&') {
        if pair.is_empty() {
            return Err(QueryParseError::EmptyPair { offset });
        }
        let Some((name, value)) = pair.split_once('=') else {
            return Err(QueryParseError::MissingEquals {
                pair: crate::truncate_chars(pair, 200),
            });
        };
        pairs.push((decode_component(name, pair)?, decode_component(value, pair)?));
        offset += pair.len() + 1;
    }
    Ok(pairs)
}

/// Percent-decodes one name or value; `pair` is only used in error messages.
fn decode_component(s: &str, pair: &str) -> Result<String, QueryParseError> {
    let bytes = s.as_bytes();
    for (i, _) in s.match_indices('%') {
        let well_formed = bytes
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if !well_formed {
            return Err(QueryParseError::BadEscape {
                pair: crate::truncate_chars(pair, 200),
            });
        }
    }
    percent_decode_str(s)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| QueryParseError::InvalidUtf8 {
            pair: crate::truncate_chars(pair, 200),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encode_keeps_only_unreserved_characters() {
        assert_eq!(
            percent_encode("AZaz09-._~"),
            "AZaz09-._~",
            "unreserved characters stay as they are"
        );
        assert_eq!(percent_encode("a b"), "a%20b", "space is %20, never +");
        assert_eq!(percent_encode("&=+/%?#"), "%26%3D%2B%2F%25%3F%23");
        assert_eq!(percent_encode("!*'()"), "%21%2A%27%28%29");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn percent_encode_writes_utf8_bytes_with_uppercase_hex() {
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(
            percent_encode("スナップショット"),
            "%E3%82%B9%E3%83%8A%E3%83%83%E3%83%97%E3%82%B7%E3%83%A7%E3%83%83%E3%83%88"
        );
        assert_eq!(percent_encode("🦀"), "%F0%9F%A6%80");
    }

    #[test]
    fn query_values_have_their_wire_text() {
        assert_eq!(true.to_query_value(), "true");
        assert_eq!(false.to_query_value(), "false");
        assert_eq!((-5i32).to_query_value(), "-5");
        assert_eq!(i64::MAX.to_query_value(), "9223372036854775807");
        assert_eq!(7u32.to_query_value(), "7");
        assert_eq!(u64::MAX.to_query_value(), "18446744073709551615");
        assert_eq!("x".to_query_value(), "x");
        assert_eq!(String::from("y").to_query_value(), "y");
        assert_eq!((&&"z").to_query_value(), "z");
    }

    #[test]
    fn writer_keeps_insertion_order_and_encodes_names_and_values() {
        let mut q = QueryWriter::new();
        assert!(q.is_empty());
        q.push("regionCode", "KR");
        q.push("originalBlockStorageInstanceNo", &1234567i64);
        q.push("blockStorageSnapshotDescription", "a b&c=d+e/f%g~");
        q.push("odd name", "v");
        q.push("isEncrypted", &false);
        q.push("empty", "");
        assert!(!q.is_empty());
        assert_eq!(
            q.as_str(),
            "regionCode=KR&originalBlockStorageInstanceNo=1234567\
             &blockStorageSnapshotDescription=a%20b%26c%3Dd%2Be%2Ff%25g~\
             &odd%20name=v&isEncrypted=false&empty="
        );
    }

    #[test]
    fn writer_matches_the_signed_target_of_the_notes() {
        let mut q = QueryWriter::new();
        q.push("regionCode", "KR");
        q.push("originalBlockStorageInstanceNo", "1234567");
        q.push("responseFormatType", "json");
        assert_eq!(
            q.finish(),
            "regionCode=KR&originalBlockStorageInstanceNo=1234567&responseFormatType=json"
        );
    }

    #[test]
    fn push_opt_skips_none() {
        let mut q = QueryWriter::new();
        q.push_opt::<str>("a", None);
        q.push_opt("b", Some(&3i32));
        q.push_opt::<String>("c", None);
        q.push_opt("d", Some("x"));
        assert_eq!(q.finish(), "b=3&d=x");
    }

    #[test]
    fn push_list_is_one_based_and_empty_list_writes_nothing() {
        let mut q = QueryWriter::new();
        q.push_list::<&str>("none", &[]);
        assert!(q.is_empty());
        q.push_list("serverInstanceNoList", &["937507", "1021003"]);
        q.push_list("n", &[10u64]);
        q.push_list("names", &[String::from("a b"), String::from("スナ")]);
        assert_eq!(
            q.finish(),
            "serverInstanceNoList.1=937507&serverInstanceNoList.2=1021003&n.1=10\
             &names.1=a%20b&names.2=%E3%82%B9%E3%83%8A"
        );
    }

    #[test]
    fn parse_query_of_empty_string_is_empty() {
        assert_eq!(parse_query(""), Ok(vec![]));
    }

    #[test]
    fn parse_query_decodes_and_keeps_plus() {
        assert_eq!(
            parse_query("a=1&b=x%20y+z&c=&d=a=b"),
            Ok(vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y+z".into()),
                ("c".into(), String::new()),
                ("d".into(), "a=b".into()),
            ])
        );
    }

    #[test]
    fn parse_query_rejects_malformed_queries_with_clear_messages() {
        let err = |q| parse_query(q).unwrap_err().to_string();
        assert_eq!(err("a=1&&b=2"), "empty name=value pair at byte 4 of the query string");
        assert_eq!(err("a=1&"), "empty name=value pair at byte 4 of the query string");
        assert_eq!(err("a=1&flag"), "query pair \"flag\" has no `=`");
        assert_eq!(
            err("a=%zz"),
            "query pair \"a=%zz\" has a `%` that is not followed by two hexadecimal digits"
        );
        assert_eq!(
            err("a=%4"),
            "query pair \"a=%4\" has a `%` that is not followed by two hexadecimal digits"
        );
        assert_eq!(err("a=%FF"), "query pair \"a=%FF\" does not decode to valid UTF-8");
    }

    #[test]
    fn encode_then_parse_round_trips_tricky_values() {
        let values = [
            "",
            " ",
            "a b",
            "&",
            "=",
            "+",
            "/",
            "%",
            "%20",
            "~",
            "a&b=c+d/e%f~g",
            "スナップショット",
            "🦀 crab",
            "line\nbreak\ttab",
            "\u{0}",
        ];
        let mut q = QueryWriter::new();
        for (i, value) in values.iter().enumerate() {
            q.push(&format!("k{i} &="), value);
        }
        q.push_list("list", &values);
        let parsed = parse_query(q.as_str()).unwrap();
        let mut expected: Vec<(String, String)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("k{i} &="), v.to_string()))
            .collect();
        expected.extend(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("list.{}", i + 1), v.to_string())),
        );
        assert_eq!(parsed, expected);
    }
}
