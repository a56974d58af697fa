//! The one error type of a call, [`Error`], and the errors it wraps that are not another
//! module's own: a configuration's ([`ConfigError`]), a page stream's ([`PageError`], with
//! [`PagePosition`]) and a wait's ([`WaitError`]).
//!
//! They are here, rather than in `credentials`, `paginate` and `wait` (which re-export them), so
//! that this module depends on nothing that depends on it. [`WaitError`] is in this file because
//! it and [`Error`] hold each other.

pub(crate) mod config;
mod page;
pub(crate) mod rest;
mod wire;

pub use config::ConfigError;
pub use page::{PageError, PagePosition};
pub use rest::RestError;
pub use wire::{GatewayError, ServiceError};

use std::fmt;
use std::time::Duration;

use crate::constraint::ValidationError;
use crate::decode::DecodeError;
use crate::transport::TransportError;

/// How much of an undecodable body an error keeps, in bytes.
pub(crate) const BODY_PREFIX_BYTES: usize = 512;

/// How many characters of a text that came in a response (a kept body, NCP's error codes and
/// messages) `Display` and `Debug` show: a hostile or broken service must not flood a log.
const SHOWN_CHARS: usize = 512;

/// What went wrong with a call. `Display` says what, where, and with which status; no variant
/// ever holds a secret.
///
/// Texts that came in a response are kept whole in the fields ([`Error::body`] is the whole
/// body of an undecodable success response), but `Display` and `Debug` show at most their first
/// 512 characters, and `Debug` their length in bytes after a cut.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke its rules: nothing was sent.
    #[error("request not sent: {0}")]
    Validation(#[from] ValidationError),
    /// The client is not configured to make the call: nothing was sent.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The service refused the action (`responseError`).
    #[error(
        "NCP error {} from {action} (HTTP {status}): {}",
        Shown(return_code),
        Shown(return_message)
    )]
    Service {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// NCP's return code (`1300`).
        return_code: String,
        /// NCP's message.
        return_message: String,
    },
    /// A REST service refused the action (`{"error": {"errorCode": …}}` with a status and code
    /// that are not one of the gateway's own pairs). The body's fields are kept as sent.
    #[error(
        "NCP error {} from {action} (HTTP {status}): {}",
        Shown(&error.code),
        Shown(&error.message)
    )]
    RestService {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// The error body (boxed: it is large, and errors are moved around a lot).
        error: Box<RestError>,
    },
    /// The API Gateway refused the call before it reached the service (`error`).
    #[error("{}", gateway_text(action, *status, error_code, message, details.as_deref()))]
    Gateway {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// The gateway's error code (`410`).
        error_code: String,
        /// The gateway's message (`Throttle Limited`).
        message: String,
        /// Details, when the gateway gives any.
        details: Option<String>,
    },
    /// No complete response: the connection failed, timed out, or broke.
    #[error("{action} failed after {attempts} attempt{}: {source}", if *.attempts == 1 { "" } else { "s" })]
    Transport {
        /// The action called.
        action: &'static str,
        /// How many times the request was sent or tried.
        attempts: u32,
        /// What happened on the last attempt.
        source: TransportError,
    },
    /// A success response (2xx) came back but could not be decoded: the action ran, so the call
    /// must not simply be made again. The whole body is kept (see [`Error::body`]), so that what
    /// the action created can still be found in it; `Display` and `Debug` show only its start.
    #[error(
        "{action} ran (HTTP {status}) but its response could not be decoded: {source}; the body is kept in the error"
    )]
    Decode {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// The whole body (lossy UTF-8), within the client's largest body size.
        body: String,
        /// Why it could not be decoded.
        source: DecodeError,
    },
    /// An error status with a body that is neither NCP error envelope.
    #[error("unexpected HTTP {status} from {action}; the body starts with {body_prefix:?}")]
    Http {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// The first bytes of the body (lossy UTF-8, bounded).
        body_prefix: String,
    },
    /// A page stream stopped rather than loop or run on without bound.
    #[error("{0}")]
    Pagination(#[from] PageError),
    /// A waiter did not see its resource reach the state waited for: a failure state, its time
    /// ran out, or a poll failed.
    #[error("{0}")]
    Wait(#[source] Box<WaitError>),
}

impl From<WaitError> for Error {
    fn from(error: WaitError) -> Self {
        Error::Wait(Box::new(error))
    }
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service { status, .. }
            | Error::RestService { status, .. }
            | Error::Gateway { status, .. }
            | Error::Decode { status, .. }
            | Error::Http { status, .. } => Some(*status),
            Error::Transport {
                source: TransportError::BodyTooLarge { status, .. },
                ..
            } => Some(*status),
            _ => None,
        }
    }

    /// The whole body of a success response that could not be decoded ([`Error::Decode`]): the
    /// action ran, and what it returned (such as the number of a created instance) is in there.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the API Gateway refused the call for its rate (HTTP 429: quota exceeded, throttle
    /// or rate limited). The action did not run.
    pub fn is_throttling(&self) -> bool {
        matches!(self, Error::Gateway { status: 429, .. })
    }

    /// Whether the credentials were refused (HTTP 401: authentication failed or permission
    /// denied).
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Gateway { status: 401, .. })
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Error::Transport {
                source: TransportError::Timeout(_),
                ..
            }
        )
    }

    /// Whether nothing reached the service, so that the same call can be made again without any
    /// risk of doing its action twice.
    pub fn request_not_sent(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Config(_) => true,
            Error::Transport { source, .. } => source.request_not_sent(),
            // The gateway answers 4xx before forwarding; a 5xx (endpoint error or timeout) comes
            // after the service may have acted.
            Error::Gateway { status, .. } => *status < 500,
            _ => false,
        }
    }
}

/// Why a wait failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitFailure {
    /// An acceptor whose state is [`WaitState::Failure`](crate::wait::WaitState::Failure) matched the last poll's outcome.
    Acceptor {
        /// Its place among the waiter's acceptors, from 0.
        index: usize,
        /// Its condition ([`Acceptor::description`](crate::wait::Acceptor::description)).
        description: String,
    },
    /// `max_wait` went by without an acceptor ending the wait.
    Timeout {
        /// The time allowed.
        max_wait: Duration,
    },
    /// A poll failed with an error that no acceptor matches and that is not worth waiting out.
    Error(Box<Error>),
    /// The options are not usable; nothing was sent.
    InvalidOptions(String),
}

/// A wait that did not succeed: which waiter, why, the last state seen, how many polls (and
/// requests, when the client retried some polls), how long.
///
/// `Display` says all of it, e.g.:
///
/// ```text
/// waiter snapshotCreated failed: acceptor 1 (snapshotList[].status in [TERMT, NAVAI]) matched; after 3 polls in 6s; last state: snapshotList[].status = TERMT
/// waiter snapshotCreated timed out: max_wait 10m elapsed; after 64 polls (70 requests) in 10m; last state: snapshotList[].status = INIT
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct WaitError {
    /// The waiter's name.
    pub waiter: &'static str,
    /// Why it failed.
    pub reason: WaitFailure,
    /// The last state seen: the values at the acceptors' paths in the last response, or the last
    /// error polled through (when the wait stopped on an error, the state before it). `None` if
    /// nothing was seen.
    pub last_state: Option<String>,
    /// How many polls were sent.
    pub polls: u32,
    /// How many requests were sent or tried: the polls, and the client's own retries of them
    /// (after throttling or a refused connection).
    pub requests: u32,
    /// How long the wait took.
    pub elapsed: Duration,
}

impl WaitError {
    /// Whether `max_wait` went by.
    pub fn is_timeout(&self) -> bool {
        matches!(self.reason, WaitFailure::Timeout { .. })
    }

    /// The error that ended the wait, if one did.
    pub fn error(&self) -> Option<&Error> {
        match &self.reason {
            WaitFailure::Error(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let waiter = self.waiter;
        match &self.reason {
            WaitFailure::Acceptor { index, description } => {
                write!(f, "waiter {waiter} failed: acceptor {index} ({description}) matched")?
            }
            WaitFailure::Timeout { max_wait } => {
                write!(f, "waiter {waiter} timed out: max_wait {} elapsed", human(*max_wait))?
            }
            WaitFailure::Error(error) => write!(f, "waiter {waiter} stopped by an error: {error}")?,
            WaitFailure::InvalidOptions(problem) => {
                return write!(f, "waiter {waiter} not started, nothing sent: {problem}");
            }
        }
        let plural = if self.polls == 1 { "" } else { "s" };
        write!(f, "; after {} poll{plural}", self.polls)?;
        if self.requests != self.polls {
            write!(f, " ({} requests)", self.requests)?;
        }
        write!(f, " in {}", human(self.elapsed))?;
        if let Some(state) = &self.last_state {
            write!(f, "; last state: {state}")?;
        }
        Ok(())
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error().map(|e| e as _)
    }
}

/// `750ms`, `2s`, `12.5s`, `10m`, `1h`, `1h30m5s`: short, exact to the millisecond.
pub(crate) fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (secs, frac) = (d.as_secs(), ms % 1000);
    if frac != 0 {
        let frac = format!("{frac:03}");
        return format!("{secs}.{}s", frac.trim_end_matches('0'));
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut text = String::new();
    if h > 0 {
        text.push_str(&format!("{h}h"));
    }
    if m > 0 {
        text.push_str(&format!("{m}m"));
    }
    if s > 0 || text.is_empty() {
        text.push_str(&format!("{s}s"));
    }
    text
}

/// `NCP API Gateway error 410 from createX (HTTP 429): Throttle Limited (details)`, leaving
/// out what the gateway left empty.
fn gateway_text(action: &str, status: u16, code: &str, message: &str, details: Option<&str>) -> String {
    let mut text = String::from("NCP API Gateway error");
    if !code.is_empty() {
        text.push_str(&format!(" {}", Shown(code)));
    }
    text.push_str(&format!(" from {action} (HTTP {status})"));
    if !message.is_empty() {
        text.push_str(&format!(": {}", Shown(message)));
    }
    if let Some(details) = details.filter(|d| !d.is_empty()) {
        text.push_str(&format!(" ({})", Shown(details)));
    }
    text
}

/// A text that came in a response, as messages show it: `Display` gives at most
/// [`SHOWN_CHARS`] characters (then `…`), `Debug` the same quoted, followed by the whole length
/// when it was cut (`"{\"createXResponse\": …"… (10485760 bytes)`).
struct Shown<'a>(&'a str);

impl Shown<'_> {
    /// The text up to the cut, and whether there was one.
    fn cut(&self) -> (&str, bool) {
        match self.0.char_indices().nth(SHOWN_CHARS) {
            Some((at, _)) => (&self.0[..at], true),
            None => (self.0, false),
        }
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.cut();
        f.write_str(shown)?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.cut();
        fmt::Debug::fmt(shown, f)?;
        if cut {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// As `#[derive(Debug)]` would, except that texts which came in a response are shown bounded: the
/// kept body of [`Error::Decode`] can be 10 MiB.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(error) => f.debug_tuple("Validation").field(error).finish(),
            Error::Config(error) => f.debug_tuple("Config").field(error).finish(),
            Error::Service {
                action,
                status,
                return_code,
                return_message,
            } => f
                .debug_struct("Service")
                .field("action", action)
                .field("status", status)
                .field("return_code", &Shown(return_code))
                .field("return_message", &Shown(return_message))
                .finish(),
            Error::RestService { action, status, error } => f
                .debug_struct("RestService")
                .field("action", action)
                .field("status", status)
                .field("error", error)
                .finish(),
            Error::Gateway {
                action,
                status,
                error_code,
                message,
                details,
            } => f
                .debug_struct("Gateway")
                .field("action", action)
                .field("status", status)
                .field("error_code", &Shown(error_code))
                .field("message", &Shown(message))
                .field("details", &details.as_deref().map(Shown))
                .finish(),
            Error::Transport {
                action,
                attempts,
                source,
            } => f
                .debug_struct("Transport")
                .field("action", action)
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
            Error::Decode {
                action,
                status,
                body,
                source,
            } => f
                .debug_struct("Decode")
                .field("action", action)
                .field("status", status)
                .field("body", &Shown(body))
                .field("source", source)
                .finish(),
            // Already bounded: the prefix is all that is kept.
            Error::Http {
                action,
                status,
                body_prefix,
            } => f
                .debug_struct("Http")
                .field("action", action)
                .field("status", status)
                .field("body_prefix", body_prefix)
                .finish(),
            Error::Pagination(error) => f.debug_tuple("Pagination").field(error).finish(),
            Error::Wait(error) => f.debug_tuple("Wait").field(error).finish(),
        }
    }
}

/// The start of a body, as lossy UTF-8, cut at a character boundary within the limit.
pub(crate) fn body_prefix(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_PREFIX_BYTES)];
    let text = String::from_utf8_lossy(cut);
    let mut text = text.into_owned();
    if body.len() > BODY_PREFIX_BYTES {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_messages_are_short_and_exact() {
        let secs = Duration::from_secs;
        assert_eq!(human(Duration::from_millis(750)), "750ms");
        assert_eq!(human(secs(2)), "2s");
        assert_eq!(human(Duration::from_millis(12_500)), "12.5s");
        assert_eq!(human(secs(600)), "10m");
        assert_eq!(human(secs(3600)), "1h");
        assert_eq!(human(secs(5405)), "1h30m5s");
    }
}
