//! Behaviours a test queues to make the gateway misbehave on purpose.

use std::fmt;
use std::time::Duration;

/// Every row of the notes' section-7 API Gateway error table: (HTTP status, `errorCode`,
/// `message`).
pub const GATEWAY_ERRORS: [(u16, &str, &str); 11] = [
    (400, "100", "Bad Request Exception"),
    (401, "200", "Authentication Failed"),
    (401, "210", "Permission Denied"),
    (404, "300", "Not Found Exception"),
    (429, "400", "Quota Exceeded"),
    (429, "410", "Throttle Limited"),
    (429, "420", "Rate Limited"),
    (413, "430", "Request Entity Too Large"),
    (503, "500", "Endpoint Error"),
    (504, "510", "Endpoint Timeout"),
    (500, "900", "Unexpected Error"),
];

/// How the gateway answers one request.
///
/// [`FakeGateway::push`](super::FakeGateway::push) queues behaviours; each request, whatever its
/// path or credentials, takes the next one (FIFO) in place of normal processing. With the queue
/// empty, requests get [`Behavior::Normal`]. Normal processing still runs for every request, so
/// its record says whether the signature and timestamp were valid.
///
/// Statuses outside 200..=599 are answered as 500.
///
/// Whether the request still changes the gateway's state is [`Behavior::reaches_service`]: an
/// error means the service never ran the action; any other behaviour means it did and only the
/// answer went wrong (lost, cut, delayed, never sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behavior {
    /// Normal processing: routing, authentication, parameters, then the payload.
    Normal,
    /// A service error: the `responseError` envelope, in the format the request asked for
    /// (`responseFormatType`, XML when absent or invalid), `returnCode` and `returnMessage` as
    /// strings.
    ServiceError {
        /// HTTP status.
        status: u16,
        /// `returnCode`.
        return_code: String,
        /// `returnMessage`.
        return_message: String,
    },
    /// An API Gateway error: `{"error": {"errorCode": "…", "message": "…", "details": ""}}`,
    /// always JSON, `errorCode` as a string like the real gateway.
    GatewayError {
        /// HTTP status.
        status: u16,
        /// `errorCode`.
        error_code: String,
        /// `message`.
        message: String,
    },
    /// Status 200, the right `Content-Type`, and the first half of the action's payload (XML
    /// or JSON as asked): a body that does not parse. `Content-Length` matches what is sent.
    MalformedBody,
    /// Status 200 and a body of exactly `bytes` bytes with a matching `Content-Length`: the
    /// start of a response document, then filler. Streamed from a static buffer, never held in
    /// memory.
    HugeBody {
        /// Length of the body.
        bytes: u64,
    },
    /// As [`HugeBody`](Self::HugeBody) but sent with `Transfer-Encoding: chunked` and no
    /// `Content-Length`, so only counting what arrives can stop it.
    HugeChunkedBody {
        /// Length of the body (before chunked framing).
        bytes: u64,
    },
    /// Read the whole request, then never answer; the connection stays open until the client
    /// gives up or the gateway shuts down.
    Hang,
    /// Read the whole request, then close the connection without a byte of response: the
    /// response was lost, and the request may well have reached the service.
    DropConnection,
    /// Wait, then behave as the inner behaviour.
    Delay(Duration, Box<Behavior>),
}

impl Behavior {
    /// A service error (`responseError`) with any status, code and message.
    pub fn service_error(status: u16, return_code: impl Into<String>, return_message: impl Into<String>) -> Self {
        Self::ServiceError {
            status,
            return_code: return_code.into(),
            return_message: return_message.into(),
        }
    }

    /// A gateway error (`{"error": …}`) with any status, code and message.
    pub fn gateway_error(status: u16, error_code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::GatewayError {
            status,
            error_code: error_code.into(),
            message: message.into(),
        }
    }

    /// Waits `delay`, then behaves as `then`.
    pub fn delay(delay: Duration, then: Behavior) -> Self {
        Self::Delay(delay, Box::new(then))
    }

    /// Whether a request given this behaviour is still carried out by the service (when normal
    /// processing accepts it): true for everything but [`ServiceError`](Self::ServiceError) and
    /// [`GatewayError`](Self::GatewayError) (also inside a [`Delay`](Self::Delay)). A create
    /// whose connection is dropped ([`DropConnection`](Self::DropConnection)) or that never gets
    /// its answer ([`Hang`](Self::Hang)) has created its snapshot, as on the real service.
    pub fn reaches_service(&self) -> bool {
        let mut behavior = self;
        while let Self::Delay(_, then) = behavior {
            behavior = then;
        }
        !matches!(behavior, Self::ServiceError { .. } | Self::GatewayError { .. })
    }

    /// Every row of [`GATEWAY_ERRORS`], in order, as behaviours.
    pub fn all_gateway_errors() -> Vec<Behavior> {
        GATEWAY_ERRORS
            .iter()
            .map(|(status, code, message)| Self::gateway_error(*status, *code, *message))
            .collect()
    }

    fn gateway_row(index: usize) -> Self {
        match GATEWAY_ERRORS.get(index) {
            Some((status, code, message)) => Self::gateway_error(*status, *code, *message),
            None => Self::gateway_error(500, "900", "Unexpected Error"),
        }
    }

    /// Gateway 400, `100` "Bad Request Exception".
    pub fn bad_request() -> Self {
        Self::gateway_row(0)
    }
    /// Gateway 401, `200` "Authentication Failed".
    pub fn authentication_failed() -> Self {
        Self::gateway_row(1)
    }
    /// Gateway 401, `210` "Permission Denied".
    pub fn permission_denied() -> Self {
        Self::gateway_row(2)
    }
    /// Gateway 404, `300` "Not Found Exception".
    pub fn not_found() -> Self {
        Self::gateway_row(3)
    }
    /// Gateway 429, `400` "Quota Exceeded".
    pub fn quota_exceeded() -> Self {
        Self::gateway_row(4)
    }
    /// Gateway 429, `410` "Throttle Limited".
    pub fn throttle_limited() -> Self {
        Self::gateway_row(5)
    }
    /// Gateway 429, `420` "Rate Limited".
    pub fn rate_limited() -> Self {
        Self::gateway_row(6)
    }
    /// Gateway 413, `430` "Request Entity Too Large".
    pub fn request_entity_too_large() -> Self {
        Self::gateway_row(7)
    }
    /// Gateway 503, `500` "Endpoint Error".
    pub fn endpoint_error() -> Self {
        Self::gateway_row(8)
    }
    /// Gateway 504, `510` "Endpoint Timeout".
    pub fn endpoint_timeout() -> Self {
        Self::gateway_row(9)
    }
    /// Gateway 500, `900` "Unexpected Error".
    pub fn unexpected_error() -> Self {
        Self::gateway_row(10)
    }

    /// Service error `1000` with HTTP 500, "Please try your call again later." (seen).
    pub fn try_again_later() -> Self {
        Self::service_error(500, "1000", "Please try your call again later.")
    }
    /// Service error `1413` with HTTP 400: product code not found (seen; the exact message is
    /// not recorded in the notes).
    pub fn product_code_not_found() -> Self {
        Self::service_error(400, "1413", "Product code not found.")
    }
    /// Service error `1200004`: the resource is busy (seen). The HTTP status and message are
    /// not recorded in the notes; 400 and this message are the fake's choice.
    pub fn busy() -> Self {
        Self::service_error(
            400,
            "1200004",
            "The resource is busy with another operation. Please try again later.",
        )
    }
    /// Service error `800`: invalid consumer key (seen, old API). The HTTP status is not
    /// recorded in the notes; 401 is the fake's choice.
    pub fn invalid_consumer_key() -> Self {
        Self::service_error(401, "800", "Invalid consumer key.")
    }
}

impl fmt::Display for Behavior {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Normal => f.write_str("normal"),
            Self::ServiceError {
                status, return_code, ..
            } => write!(f, "service error {status}/{return_code}"),
            Self::GatewayError { status, error_code, .. } => write!(f, "gateway error {status}/{error_code}"),
            Self::MalformedBody => f.write_str("malformed body"),
            Self::HugeBody { bytes } => write!(f, "huge body ({bytes} bytes)"),
            Self::HugeChunkedBody { bytes } => write!(f, "huge chunked body ({bytes} bytes)"),
            Self::Hang => f.write_str("hang"),
            Self::DropConnection => f.write_str("drop connection"),
            Self::Delay(delay, then) => write!(f, "delay {delay:?} then {then}"),
        }
    }
}
