//! Header parameters of a request ([`HeaderWriter`]).

use crate::request::QueryValue;

/// Collects the header parameters of a request, in the order written. Values are sent as they
/// are: generated builders check them first
/// ([`check_header_value`](crate::__private::check_header_value): printable ASCII, no leading or
/// trailing space), and the client refuses to send one that breaks that rule.
///
/// ```
/// # use ncloud_runtime::request::HeaderWriter;
/// let mut headers = HeaderWriter::new();
/// headers.push("x-ncp-region_code", "KR");
/// headers.push_opt::<str>("x-ncp-lang", None);
/// assert_eq!(headers.finish(), [("x-ncp-region_code", "KR".to_owned())]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeaderWriter {
    headers: Vec<(&'static str, String)>,
}

impl HeaderWriter {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the header `name: value`.
    pub fn push<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.headers.push((name, value.to_query_value().into_owned()));
    }

    /// Adds the header `name: value` when `value` is `Some`; nothing for `None`.
    pub fn push_opt<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// The headers written so far.
    pub fn as_slice(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The headers, in the order written.
    pub fn finish(self) -> Vec<(&'static str, String)> {
        self.headers
    }
}
