//! The path of a REST request: literal parts as the spec writes them, and path parameters, each
//! percent-encoded as exactly one segment ([`PathWriter`]).

use percent_encoding::utf8_percent_encode;

use crate::request::QueryValue;
use crate::request::query::ENCODE;

/// Builds the path of a request target below its base path, as it is signed and sent.
///
/// A path parameter ([`segment`](Self::segment)) is percent-encoded like a query value: every
/// byte of its UTF-8 text except the unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX`, so a `/`,
/// a space, a `?` or a non-ASCII character in a value can never add a segment, start a query or
/// be re-encoded on the way out. (A value of `""`, `.` or `..` would still be rewritten by URL
/// normalisation; generated builders refuse those with
/// [`check_segment`](crate::__private::check_segment).)
///
/// ```
/// # use ncloud_runtime::request::PathWriter;
/// let mut path = PathWriter::new();
/// path.literal("/widgets/");
/// path.segment("a/b cé");
/// path.literal("/tags");
/// assert_eq!(path.finish(), "/widgets/a%2Fb%20c%C3%A9/tags");
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathWriter {
    buf: String,
}

impl PathWriter {
    /// An empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `text` as it is: a literal part of the spec's path template.
    pub fn literal(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Appends `value` percent-encoded as one path segment.
    pub fn segment<V: QueryValue + ?Sized>(&mut self, value: &V) {
        self.buf.extend(utf8_percent_encode(&value.to_query_value(), ENCODE));
    }

    /// The path written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished path.
    pub fn finish(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_can_never_add_a_segment_or_start_a_query() {
        let mut path = PathWriter::new();
        path.literal("/w/");
        path.segment("../x?y=1#z");
        path.literal("/");
        path.segment(&42i64);
        assert_eq!(path.as_str(), "/w/..%2Fx%3Fy%3D1%23z/42");
        let mut unreserved = PathWriter::new();
        unreserved.segment("Az09-._~");
        assert_eq!(unreserved.finish(), "Az09-._~");
    }
}
