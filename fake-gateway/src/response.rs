//! What the gateway answers, and the bodies it answers with.

use std::convert::Infallible;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, SizeHint};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};

use super::action::{Action, Format};
use super::behavior::Behavior;
use super::evaluate::Evaluation;
use super::render::{json_escape, xml_escape};
use super::verdict::Verdict;

/// What the gateway answered (or did instead of answering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 200 with the action's answer: the store's state after the request, in `format`.
    Payload {
        /// The action.
        action: Action,
        /// The format of the payload.
        format: Format,
    },
    /// A REST operation's answer, success or the service's own error (the body is the store's,
    /// not recorded).
    Rest {
        /// HTTP status.
        status: u16,
        /// `Content-Type`; `None`: no body (204, and `updateWidget`'s empty 200).
        content_type: Option<&'static str>,
    },
    /// An API Gateway error envelope (JSON).
    GatewayError {
        /// HTTP status.
        status: u16,
        /// `errorCode`.
        error_code: String,
        /// `message`.
        message: String,
        /// `details`: empty, or why normal processing refused the request (the fake's
        /// addition, to help whoever reads the body).
        details: String,
    },
    /// A service error (`responseError`).
    ServiceError {
        /// HTTP status.
        status: u16,
        /// `returnCode`.
        return_code: String,
        /// `returnMessage`.
        return_message: String,
        /// The format of the envelope.
        format: Format,
    },
    /// 200 with a truncated payload.
    MalformedBody {
        /// The action whose payload was truncated.
        action: Action,
        /// The format of the payload.
        format: Format,
    },
    /// 200 with a huge streamed body.
    HugeBody {
        /// Body length.
        bytes: u64,
        /// Whether it was sent chunked (else with `Content-Length`).
        chunked: bool,
        /// The format the body pretends to be.
        format: Format,
    },
    /// No answer; the connection was kept open.
    Hang,
    /// No answer; the connection was closed.
    DropConnection,
}

impl Answer {
    /// The HTTP status sent, or `None` when nothing was ([`Hang`](Self::Hang),
    /// [`DropConnection`](Self::DropConnection)).
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Payload { .. } | Self::MalformedBody { .. } | Self::HugeBody { .. } => Some(200),
            Self::GatewayError { status, .. } | Self::ServiceError { status, .. } | Self::Rest { status, .. } => {
                Some(sanitize_status(*status))
            }
            Self::Hang | Self::DropConnection => None,
        }
    }

    /// The answer normal processing gives for `verdict`.
    pub(crate) fn from_verdict(evaluation: &Evaluation) -> Self {
        if let Some((status, content_type)) = evaluation.rest.as_ref().and_then(|call| call.answer) {
            return Self::Rest { status, content_type };
        }
        let format = evaluation.format;
        match (&evaluation.verdict, evaluation.action) {
            (Verdict::Success, Some(action)) => Self::Payload { action, format },
            (Verdict::Success, None) | (Verdict::NotFound, _) => gateway(404, "300", "Not Found Exception", ""),
            (Verdict::MethodNotAllowed, _) => gateway(405, "405", "Method Not Allowed", "only GET and POST are served"),
            (Verdict::PayloadTooLarge, _) => gateway(413, "430", "Request Entity Too Large", ""),
            (Verdict::Unauthorized(why), _) => gateway(401, "200", "Authentication Failed", &why.to_string()),
            (Verdict::BadRequest(why), _) => gateway(400, "100", "Bad Request Exception", why),
            // Only once the service ran, which records its answer (above).
            (Verdict::RestRefused { status, .. }, _) => Self::Rest {
                status: *status,
                content_type: None,
            },
            (Verdict::InvalidRequest { return_code, message }, _) => Self::ServiceError {
                status: 400,
                return_code: (*return_code).to_owned(),
                return_message: message.clone(),
                format,
            },
            (
                Verdict::Refused {
                    status,
                    return_code,
                    message,
                },
                _,
            ) => Self::ServiceError {
                status: *status,
                return_code: (*return_code).to_owned(),
                return_message: message.clone(),
                format,
            },
        }
    }

    /// Resolves a queued behaviour into (total delay, answer).
    pub(crate) fn from_behavior(behavior: &Behavior, evaluation: &Evaluation) -> (Duration, Self) {
        let format = evaluation.format;
        let action = evaluation.action.unwrap_or(Action::CreateBlockStorageSnapshotInstance);
        let mut delay = Duration::ZERO;
        let mut behavior = behavior;
        // A loop, not recursion: nested delays of any depth cannot overflow the stack.
        while let Behavior::Delay(wait, then) = behavior {
            delay = delay.saturating_add(*wait);
            behavior = then;
        }
        let answer = match behavior {
            Behavior::Normal | Behavior::Delay(..) => Self::from_verdict(evaluation),
            Behavior::ServiceError {
                status,
                return_code,
                return_message,
            } => Self::ServiceError {
                status: *status,
                return_code: return_code.clone(),
                return_message: return_message.clone(),
                format,
            },
            Behavior::GatewayError {
                status,
                error_code,
                message,
            } => gateway(*status, error_code, message, ""),
            Behavior::MalformedBody => Self::MalformedBody { action, format },
            Behavior::HugeBody { bytes } => Self::HugeBody {
                bytes: *bytes,
                chunked: false,
                format,
            },
            Behavior::HugeChunkedBody { bytes } => Self::HugeBody {
                bytes: *bytes,
                chunked: true,
                format,
            },
            Behavior::Hang => Self::Hang,
            Behavior::DropConnection => Self::DropConnection,
        };
        (delay, answer)
    }

    /// The HTTP response, or `None` for the answers that send none. `body` is the text of a
    /// [`Payload`](Self::Payload) (the action's sample payload when `None`).
    pub(crate) fn render(&self, trace_id: &str, body: Option<String>) -> Option<Response<GatewayBody>> {
        let (status, content_type, body) = match self {
            Self::Payload { action, format } => {
                let body = match body {
                    Some(body) => GatewayBody::full(body),
                    None => GatewayBody::full(action.payload(*format)),
                };
                (200, Some(format.content_type()), body)
            }
            Self::Rest { status, content_type } => {
                (*status, *content_type, GatewayBody::full(body.unwrap_or_default()))
            }
            Self::GatewayError {
                status,
                error_code,
                message,
                details,
            } => {
                let body = format!(
                    r#"{{"error": {{"errorCode": "{}", "message": "{}", "details": "{}"}}}}"#,
                    json_escape(error_code),
                    json_escape(message),
                    json_escape(details)
                );
                (*status, Some(Format::Json.content_type()), GatewayBody::full(body))
            }
            Self::ServiceError {
                status,
                return_code,
                return_message,
                format,
            } => {
                let body = match format {
                    Format::Json => format!(
                        r#"{{"responseError": {{"returnCode": "{}", "returnMessage": "{}"}}}}"#,
                        json_escape(return_code),
                        json_escape(return_message)
                    ),
                    Format::Xml => format!(
                        "<responseError><returnCode>{}</returnCode><returnMessage>{}</returnMessage></responseError>",
                        xml_escape(return_code),
                        xml_escape(return_message)
                    ),
                };
                (*status, Some(format.content_type()), GatewayBody::full(body))
            }
            Self::MalformedBody { action, format } => {
                let payload = action.payload(*format);
                let mut cut = payload.len() / 2;
                while !payload.is_char_boundary(cut) {
                    cut -= 1;
                }
                (
                    200,
                    Some(format.content_type()),
                    GatewayBody::full(payload.get(..cut).unwrap_or("")),
                )
            }
            Self::HugeBody { bytes, chunked, format } => (
                200,
                Some(format.content_type()),
                GatewayBody::huge(*bytes, *chunked, *format),
            ),
            Self::Hang | Self::DropConnection => return None,
        };
        let status = StatusCode::from_u16(sanitize_status(status)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // A 204 carries neither a body nor its length.
        let exact_length = body.exact_length().filter(|_| status != StatusCode::NO_CONTENT);
        let mut response = Response::new(body);
        *response.status_mut() = status;
        let headers = response.headers_mut();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        if let Some(length) = exact_length {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        if let Ok(value) = HeaderValue::from_str(trace_id) {
            headers.insert("x-ncp-trace-id", value);
        }
        Some(response)
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Payload { action, format } => write!(f, "200 {action} answer ({format})"),
            Self::Rest { status, content_type } => {
                write!(
                    f,
                    "{} REST answer ({})",
                    sanitize_status(*status),
                    content_type.unwrap_or("no body")
                )
            }
            Self::GatewayError {
                status,
                error_code,
                message,
                ..
            } => write!(f, "{} gateway error {error_code} {message:?}", sanitize_status(*status)),
            Self::ServiceError {
                status,
                return_code,
                format,
                ..
            } => write!(f, "{} responseError {return_code} ({format})", sanitize_status(*status)),
            Self::MalformedBody { format, .. } => write!(f, "200 malformed body ({format})"),
            Self::HugeBody { bytes, chunked, format } => {
                let framing = if *chunked { "chunked" } else { "content-length" };
                write!(f, "200 huge body of {bytes} bytes ({format}, {framing})")
            }
            Self::Hang => f.write_str("no answer (hang)"),
            Self::DropConnection => f.write_str("no answer (connection dropped)"),
        }
    }
}

fn gateway(status: u16, error_code: &str, message: &str, details: &str) -> Answer {
    Answer::GatewayError {
        status,
        error_code: error_code.to_owned(),
        message: message.to_owned(),
        details: details.to_owned(),
    }
}

fn sanitize_status(status: u16) -> u16 {
    if (200..=599).contains(&status) { status } else { 500 }
}

/// Size of the static filler chunks huge bodies are streamed in.
const FILLER_CHUNK: usize = 64 * 1024;
static FILLER: [u8; FILLER_CHUNK] = [b'x'; FILLER_CHUNK];

/// A response body: a buffer sent at once, or a prefix followed by static filler, streamed.
#[derive(Debug)]
pub(crate) struct GatewayBody {
    head: Option<Bytes>,
    filler_left: u64,
    exact: bool,
}

impl GatewayBody {
    fn full(bytes: impl Into<Bytes>) -> Self {
        Self {
            head: Some(bytes.into()),
            filler_left: 0,
            exact: true,
        }
    }

    /// `bytes` bytes: the start of a response document, then `x` filler.
    fn huge(bytes: u64, chunked: bool, format: Format) -> Self {
        let prefix: &'static [u8] = match format {
            Format::Xml => b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<createBlockStorageSnapshotInstanceResponse>\n  <requestId>",
            Format::Json => b"{\"createBlockStorageSnapshotInstanceResponse\": {\"requestId\": \"",
        };
        let prefix_len = usize::try_from(bytes).unwrap_or(usize::MAX).min(prefix.len());
        let head = prefix.get(..prefix_len).unwrap_or_default();
        Self {
            head: Some(Bytes::from_static(head)),
            filler_left: bytes.saturating_sub(head.len() as u64),
            exact: !chunked,
        }
    }

    fn remaining(&self) -> u64 {
        self.head.as_ref().map_or(0, |h| h.len() as u64) + self.filler_left
    }

    fn exact_length(&self) -> Option<u64> {
        self.exact.then(|| self.remaining())
    }
}

impl Body for GatewayBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(head) = self.head.take().filter(|h| !h.is_empty()) {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        if self.filler_left == 0 {
            return Poll::Ready(None);
        }
        let n = usize::try_from(self.filler_left)
            .unwrap_or(FILLER_CHUNK)
            .min(FILLER_CHUNK);
        self.filler_left -= n as u64;
        let chunk = FILLER.get(..n).unwrap_or_default();
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(chunk)))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining() == 0
    }

    fn size_hint(&self) -> SizeHint {
        match self.exact_length() {
            Some(length) => SizeHint::with_exact(length),
            None => SizeHint::default(),
        }
    }
}
