//! The one error type of a call.

mod wire;

pub use wire::{GatewayError, ServiceError};

use crate::constraint::ValidationError;
use crate::credentials::ConfigError;
use crate::decode::DecodeError;
use crate::paginate::PageError;
use crate::transport::TransportError;
use crate::wait::WaitError;

/// How much of an undecodable body an error keeps, in bytes.
pub(crate) const BODY_PREFIX_BYTES: usize = 512;

/// What went wrong with a call. `Display` says what, where, and with which status; no variant
/// ever holds a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke its rules: nothing was sent.
    #[error("request not sent: {0}")]
    Validation(#[from] ValidationError),
    /// The client is not configured to make the call: nothing was sent.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The service refused the action (`responseError`).
    #[error("NCP error {return_code} from {action} (HTTP {status}): {return_message}")]
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
    /// the action created can still be found in it; `Display` quotes only its start.
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

/// `NCP API Gateway error 410 from createX (HTTP 429): Throttle Limited (details)`, leaving
/// out what the gateway left empty.
fn gateway_text(action: &str, status: u16, code: &str, message: &str, details: Option<&str>) -> String {
    let mut text = String::from("NCP API Gateway error");
    if !code.is_empty() {
        text.push(' ');
        text.push_str(code);
    }
    text.push_str(&format!(" from {action} (HTTP {status})"));
    if !message.is_empty() {
        text.push_str(": ");
        text.push_str(message);
    }
    if let Some(details) = details.filter(|d| !d.is_empty()) {
        text.push_str(&format!(" ({details})"));
    }
    text
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
