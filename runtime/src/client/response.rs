//! Turning a response into a value or an error, as the action's [`Style`] says.

use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::decode::Format;
use crate::decode::cap::{self, ItemCap};
use crate::error::{Error, GatewayError, ServiceError, body_prefix, rest};
use crate::request::{Action, Style};
use crate::transport::HttpResponse;

/// A request id from the response headers, for tracing.
pub(super) fn request_id(response: &HttpResponse) -> Option<&str> {
    ["x-ncp-trace-id", "x-ncp-request-id", "x-request-id"]
        .iter()
        .find_map(|h| response.header(h))
}

/// A response as a value, with the count of its capped list (see [`interpret`]); or as an error,
/// with the delay its `Retry-After` asks for.
pub(super) type Interpreted<R> = Result<(R, Option<usize>), (Error, Option<Duration>)>;

/// A response as a value (with the count of its capped list, if `cap` is given and the response
/// has one), or as an error with an optional `Retry-After`.
pub(super) fn interpret<A>(response: HttpResponse, format: Format, cap: Option<ItemCap>) -> Interpreted<A::Response>
where
    A: Action,
    A::Response: DeserializeOwned,
{
    let status = response.status;
    if (200..300).contains(&status) {
        let (decoded, items) = match cap {
            Some(cap) => cap::count_items(cap, || A::decode_response(&response.body, format)),
            None => (A::decode_response(&response.body, format), None),
        };
        return decoded.map(|value| (value, items)).map_err(|source| {
            // A 2xx carrying an error body is still an error the caller must see as such.
            let error = error_body::<A>(status, &response.body).unwrap_or_else(|| Error::Decode {
                action: A::NAME,
                status,
                body: String::from_utf8(response.body)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                source,
            });
            (error, None)
        });
    }
    let retry_after = response
        .header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let error = error_body::<A>(status, &response.body).unwrap_or_else(|| Error::Http {
        action: A::NAME,
        status,
        body_prefix: body_prefix(&response.body),
    });
    Err((error, retry_after))
}

/// The error an error body of `A`'s style describes, if the body is one.
fn error_body<A: Action>(status: u16, body: &[u8]) -> Option<Error> {
    match A::STYLE {
        Style::Rpc => envelope_error::<A>(status, body),
        Style::Rest => rest::parse(A::NAME, status, body),
    }
}

/// The error an NCP error envelope describes, in either format.
fn envelope_error<A: Action>(status: u16, body: &[u8]) -> Option<Error> {
    let text = std::str::from_utf8(body)
        .ok()?
        .trim_start_matches('\u{feff}')
        .trim_start();
    let json = text.starts_with('{');
    let gateway = if json {
        GatewayError::from_json(text).ok()
    } else {
        GatewayError::from_xml(text).ok()
    };
    if let Some(g) = gateway {
        return Some(Error::Gateway {
            action: A::NAME,
            status,
            error_code: g.error_code.unwrap_or_default(),
            message: g.message.unwrap_or_default(),
            details: g.details,
        });
    }
    let service = if json {
        ServiceError::from_json(text).ok()
    } else {
        ServiceError::from_xml(text).ok()
    };
    service.map(|s| Error::Service {
        action: A::NAME,
        status,
        return_code: s.return_code.unwrap_or_default(),
        return_message: s.return_message.unwrap_or_default(),
    })
}
