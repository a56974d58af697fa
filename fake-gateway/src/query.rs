//! Strict decoding of `name=value&…` parameters, as the gateway reads them.

use std::fmt;

/// Why parameters could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset of the raw text.
    MalformedEscape {
        /// Byte offset of the `%` in the raw query (or form body).
        offset: usize,
    },
    /// A name or value that is not UTF-8 once decoded; the offset is where it starts.
    InvalidUtf8 {
        /// Byte offset of the start of the name or value in the raw query (or form body).
        offset: usize,
    },
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedEscape { offset } => write!(f, "malformed percent-escape at byte {offset}"),
            Self::InvalidUtf8 { offset } => write!(f, "parameter at byte {offset} is not UTF-8 once decoded"),
        }
    }
}

impl std::error::Error for QueryError {}

/// Decodes `name=value` pairs separated by `&`.
///
/// - Empty segments (`a=1&&b=2`, a trailing `&`) are skipped; a segment without `=` is a name
///   with an empty value.
/// - `%XX` escapes are decoded; a malformed escape or a result that is not UTF-8 is an error.
/// - `+` stays a `+` in a query (`plus_is_space == false`): NCP query strings are
///   percent-encoded, not form-encoded. In an `application/x-www-form-urlencoded` body
///   (`plus_is_space == true`) it is a space, as that format defines.
///
/// ```
/// use ncloud_fake_gateway::decode_pairs;
/// let pairs = decode_pairs("a=x+y%2Bz&b&c=%E8%AA%AC", false).unwrap();
/// assert_eq!(pairs, [("a".into(), "x+y+z".into()), ("b".into(), "".into()), ("c".into(), "説".into())]);
/// assert!(decode_pairs("a=%zz", false).is_err());
/// assert!(decode_pairs("a=%ff", false).is_err());
/// ```
pub fn decode_pairs(raw: &str, plus_is_space: bool) -> Result<Vec<(String, String)>, QueryError> {
    let mut pairs = Vec::new();
    let mut offset = 0;
    for segment in raw.split('&') {
        let start = offset;
        offset += segment.len() + 1;
        if segment.is_empty() {
            continue;
        }
        let (name, value, value_start) = match segment.split_once('=') {
            Some((name, value)) => (name, value, start + name.len() + 1),
            None => (segment, "", start + segment.len()),
        };
        pairs.push((
            decode_component(name, start, plus_is_space)?,
            decode_component(value, value_start, plus_is_space)?,
        ));
    }
    Ok(pairs)
}

/// Percent-decodes one name or value (or path segment) that starts at byte `base` of the raw
/// text.
pub(crate) fn decode_component(text: &str, base: usize, plus_is_space: bool) -> Result<String, QueryError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'%' => {
                let high = bytes.get(i + 1).and_then(|b| hex_value(*b));
                let low = bytes.get(i + 2).and_then(|b| hex_value(*b));
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(QueryError::MalformedEscape { offset: base + i });
                };
                out.push(high << 4 | low);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| QueryError::InvalidUtf8 { offset: base })
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn decodes_escapes_and_keeps_plus() {
        assert_eq!(
            decode_pairs("regionCode=KR&d=%E3%82%B9%20x+y&n=a%2Bb%26c%3Dd", false),
            Ok(pairs(&[("regionCode", "KR"), ("d", "ス x+y"), ("n", "a+b&c=d")]))
        );
        assert_eq!(decode_pairs("d=x+y", true), Ok(pairs(&[("d", "x y")])));
    }

    #[test]
    fn odd_shapes() {
        assert_eq!(decode_pairs("", false), Ok(vec![]));
        assert_eq!(decode_pairs("&&a=1&", false), Ok(pairs(&[("a", "1")])));
        assert_eq!(
            decode_pairs("a&=v&b==", false),
            Ok(pairs(&[("a", ""), ("", "v"), ("b", "=")]))
        );
        assert_eq!(decode_pairs("a=1&a=2", false), Ok(pairs(&[("a", "1"), ("a", "2")])));
    }

    #[test]
    fn errors_name_the_offset() {
        assert_eq!(
            decode_pairs("a=1&b=%4", false),
            Err(QueryError::MalformedEscape { offset: 6 })
        );
        assert_eq!(
            decode_pairs("a=1&b=%g0", false),
            Err(QueryError::MalformedEscape { offset: 6 })
        );
        assert_eq!(decode_pairs("%", false), Err(QueryError::MalformedEscape { offset: 0 }));
        assert_eq!(
            decode_pairs("a=1&b=x%C3", false),
            Err(QueryError::InvalidUtf8 { offset: 6 })
        );
        assert_eq!(
            decode_pairs("a=1&%FF=x", false),
            Err(QueryError::InvalidUtf8 { offset: 4 })
        );
    }
}
