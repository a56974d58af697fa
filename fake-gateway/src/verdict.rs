//! What the gateway decides about a request, and the `returnCode`s it answers with: the verdict
//! of normal processing, why authentication failed, and what the store refuses.

use std::fmt;

/// `returnCode` of the 400 `responseError` for a missing or empty required parameter.
///
/// The notes list no code for this case; `900` ("Required field is not specified") is from
/// NCP's old common error table as remembered, unverified. Clients must not depend on it.
pub const MISSING_PARAMETER_RETURN_CODE: &str = "900";
/// `returnCode` of the 400 `responseError` for parameters that cannot be decoded or have an
/// invalid value (`responseFormatType`). Chosen by the fake (unverified against the service).
pub const INVALID_PARAMETER_RETURN_CODE: &str = "910";
/// `returnCode` of the 400 `responseError` for a block storage snapshot number or a NAS snapshot
/// name the store does not hold. Chosen by the fake: the notes record no code for this case.
pub const NOT_FOUND_RETURN_CODE: &str = "920";
/// `returnCode` of the 400 `responseError` when a create would hold more than
/// [`GatewayConfig::max_snapshots`](super::GatewayConfig::max_snapshots). Chosen by the fake.
pub const LIMIT_EXCEEDED_RETURN_CODE: &str = "930";
/// `returnCode` of the 400 `responseError` for deleting a block storage snapshot that is still
/// being created or already being deleted: `1200004`, the "busy" code seen from NCP (the
/// notes, section 7; the HTTP status and message are the fake's, as in
/// [`Behavior::busy`](super::Behavior::busy)).
pub const BUSY_RETURN_CODE: &str = "1200004";
/// Why a request failed authentication (all answered 401, errorCode `200`), the API key of the
/// REST operations that need one included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    /// One of the three authentication headers is absent or empty (names the header).
    MissingHeader(&'static str),
    /// One of the three authentication headers was sent more than once (names the header).
    DuplicateHeader(&'static str),
    /// The access key is not the configured one.
    UnknownAccessKey,
    /// The timestamp is not decimal milliseconds.
    MalformedTimestamp,
    /// The timestamp is further than `max_clock_skew` from the gateway's clock.
    StaleTimestamp {
        /// Timestamp minus the gateway's clock, in milliseconds (negative: in the past).
        offset_ms: i128,
    },
    /// The signature is not the one computed over the request as received.
    BadSignature,
    /// The API key (`x-ncp-apigw-api-key`) is not [`GatewayConfig::api_key`](super::GatewayConfig::api_key)
    /// (a missing one is [`MissingHeader`](Self::MissingHeader)).
    UnknownApiKey,
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "missing header {name}"),
            Self::DuplicateHeader(name) => write!(f, "header {name} sent more than once"),
            Self::UnknownAccessKey => f.write_str("unknown access key"),
            Self::MalformedTimestamp => f.write_str("timestamp is not decimal milliseconds"),
            Self::StaleTimestamp { offset_ms } => write!(f, "timestamp is {offset_ms} ms off the gateway clock"),
            Self::BadSignature => f.write_str("signature mismatch"),
            Self::UnknownApiKey => f.write_str("unknown API key"),
        }
    }
}

/// What normal processing decides about a request (before any queued behaviour is applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// All checks passed: 200 with the action's payload.
    Success,
    /// The path is not an action's: gateway 404 / `300`.
    NotFound,
    /// Neither GET nor POST: 405 (the fake's choice, see [`FakeGateway`](super::FakeGateway)).
    MethodNotAllowed,
    /// The request body is over [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES): gateway 413 / `430`.
    PayloadTooLarge,
    /// Authentication failed: gateway 401 / `200`.
    Unauthorized(AuthFailure),
    /// The gateway cannot read a REST request: a body without `Content-Type: application/json`,
    /// a path parameter or query that does not decode. Gateway 400 / `100`, the text as
    /// `details`.
    BadRequest(String),
    /// Parameters are malformed, invalid or missing: 400 `responseError`.
    InvalidRequest {
        /// The `returnCode` answered.
        return_code: &'static str,
        /// The `returnMessage` answered.
        message: String,
    },
    /// The parameters are fine but the service refuses what they ask given its state: an
    /// unknown snapshot, a snapshot that is busy, a full store. A `responseError`.
    Refused {
        /// The HTTP status answered.
        status: u16,
        /// The `returnCode` answered.
        return_code: &'static str,
        /// The `returnMessage` answered.
        message: String,
    },
    /// The REST service refuses the request (unknown or busy widget, cluster or node pool,
    /// invalid body, query or path parameter, full store, no kubeconfig for an IAM-only
    /// cluster): its own error envelope.
    RestRefused {
        /// The HTTP status answered.
        status: u16,
        /// The standardized `errorCode` (`NotFound`, `Conflict`, `BadRequest`), whatever the
        /// envelope style answered.
        error_code: String,
        /// What went wrong (the standardized envelope's `detail`).
        message: String,
    },
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Success => f.write_str("ok"),
            Self::NotFound => f.write_str("not found"),
            Self::MethodNotAllowed => f.write_str("method not allowed"),
            Self::PayloadTooLarge => f.write_str("request body too large"),
            Self::Unauthorized(why) => write!(f, "unauthorized ({why})"),
            Self::BadRequest(why) => write!(f, "bad request ({why})"),
            Self::RestRefused {
                status,
                error_code,
                message,
            } => write!(f, "refused ({status} {error_code}: {message})"),
            Self::InvalidRequest { return_code, message } => write!(f, "invalid request ({return_code}: {message})"),
            Self::Refused {
                status,
                return_code,
                message,
            } => write!(f, "refused ({status} {return_code}: {message})"),
        }
    }
}

/// A request the store refuses: the `responseError` it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub return_code: &'static str,
    pub message: String,
}

pub(crate) fn refusal(return_code: &'static str, message: String) -> Refusal {
    Refusal {
        status: 400,
        return_code,
        message,
    }
}
