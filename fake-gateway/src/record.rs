//! What the gateway remembers of each request.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::action::Action;
use super::behavior::Behavior;
use super::query::QueryError;
use super::response::Answer;
use super::rest::RestOperation;
use super::verdict::{AuthFailure, Verdict};

/// One request as the gateway received and judged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// 0 for the gateway's first request, then 1, 2…
    pub sequence: u64,
    /// When the request (head and body) had been read.
    pub received_at: SystemTime,
    /// The `x-ncp-trace-id` sent back (also recorded when nothing was sent back).
    pub trace_id: String,
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target exactly as on the request line (`/path?raw-query`), the text the
    /// signature is verified over.
    pub target: String,
    /// Headers in the order received; names in lower case, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The query's decoded pairs, in order (`+` is not a space), or why it does not decode.
    pub query: Result<Vec<(String, String)>, QueryError>,
    /// The decoded pairs of an `application/x-www-form-urlencoded` POST body (`+` is a space
    /// there), or `None` when there was no such body.
    pub form: Option<Result<Vec<(String, String)>, QueryError>>,
    /// The action the path names, if any.
    pub action: Option<Action>,
    /// The REST operation the method and path name, if any.
    pub operation: Option<RestOperation>,
    /// `Ok` when authentication passed, else the first reason it failed.
    pub auth: Result<(), AuthFailure>,
    /// Whether the signature is right for the target, timestamp and configured secret
    /// (false when a header is missing or the access key is unknown).
    pub signature_valid: bool,
    /// Whether the timestamp is well formed and within `max_clock_skew` of the gateway's clock.
    pub timestamp_valid: bool,
    /// The string the signature was checked against, when the timestamp and access key
    /// headers were there: compare with what the client signed.
    pub string_to_sign: Option<String>,
    /// What normal processing decided.
    pub verdict: Verdict,
    /// The queued behaviour this request consumed, `None` when the queue was empty.
    pub behavior: Option<Behavior>,
    /// The delay before answering (from [`Behavior::Delay`]).
    pub delay: Duration,
    /// What the gateway answered.
    pub answer: Answer,
}

impl RecordedRequest {
    /// The HTTP status answered, `None` when no response was sent.
    pub fn status(&self) -> Option<u16> {
        self.answer.status()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of parameter `name`, from the query and then the form body.
    pub fn param(&self, name: &str) -> Option<&str> {
        let query = self.query.as_ref().ok().into_iter().flatten();
        let form = self.form.as_ref().and_then(|f| f.as_ref().ok()).into_iter().flatten();
        query.chain(form).find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One log line: `METHOD TARGET | verdict | answer` (the target cut at 300 characters).
impl fmt::Display for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target: String = self.target.chars().take(300).collect();
        let cut = if target.len() < self.target.len() { "…" } else { "" };
        write!(f, "{} {target}{cut} | {}", self.method, self.verdict)?;
        if let Some(behavior) = &self.behavior {
            write!(f, " | queued: {behavior}")?;
        }
        write!(f, " | {}", self.answer)
    }
}
