//! The error bodies of REST APIs: `{"error": {"errorCode": …, "message": …, …}}`, sent both by
//! the API Gateway (before the call reaches the service) and by the services themselves, which
//! tell them apart only by the pair of HTTP status and code.
//!
//! What the services send varies (REST_NOTES §2): NKS sends a numeric `errorCode`, an object
//! `details` and a top-level `timestamp`; the standardized APIs a string code (`"NotFound"`),
//! `detail` (singular) and `fieldErrors`. [`RestError`] keeps each as sent, and the whole body.

use std::fmt;

use serde_json::{Map, Value};

use super::{Error, Shown};

/// The `(HTTP status, errorCode)` pairs of the API Gateway's own errors (its documented table):
/// a body with one of them is the gateway's ([`Error::Gateway`]), any other the service's
/// ([`Error::RestService`]).
pub(crate) const GATEWAY_ERRORS: &[(u16, &str)] = &[
    (400, "100"),
    (401, "200"),
    (401, "210"),
    (403, "230"),
    (404, "300"),
    (413, "430"),
    (429, "400"),
    (429, "410"),
    (429, "420"),
    (503, "500"),
    (504, "510"),
    (500, "900"),
];

/// A REST service's error body, its fields as sent (`Debug` shows each text bounded).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct RestError {
    /// `error.errorCode`: `"404"` (a number is kept as its text) or `"NotFound"`.
    pub code: String,
    /// `error.message`; empty if there was none.
    pub message: String,
    /// `error.details`, else `error.detail`, as sent: a string or an object.
    pub details: Option<Value>,
    /// `error.fieldErrors`, as sent (standardized APIs: `[{"field", "message"}]`).
    pub field_errors: Option<Value>,
    /// `timestamp`, at the top level (NKS) or in `error`, as text.
    pub timestamp: Option<String>,
    /// The whole body.
    pub body: String,
}

impl fmt::Debug for RestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |value: &Option<Value>| value.as_ref().map(Value::to_string);
        f.debug_struct("RestError")
            .field("code", &Shown(&self.code))
            .field("message", &Shown(&self.message))
            .field("details", &shown(&self.details).as_deref().map(Shown))
            .field("field_errors", &shown(&self.field_errors).as_deref().map(Shown))
            .field("timestamp", &self.timestamp.as_deref().map(Shown))
            .field("body", &Shown(&self.body))
            .finish()
    }
}

/// The text of a code or a timestamp: a string as it is, a number as its digits.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The error a response of a REST action describes: the gateway's for one of its pairs
/// ([`GATEWAY_ERRORS`]), else the service's; `None` for a body of another shape (the client then
/// reports [`Error::Http`], keeping the status and the body's start).
pub(crate) fn parse(action: &'static str, status: u16, body: &[u8]) -> Option<Error> {
    let text_body = std::str::from_utf8(body).ok()?;
    let trimmed = text_body.trim_start_matches('\u{feff}');
    let Value::Object(mut top) = serde_json::from_str::<Value>(trimmed).ok()? else {
        return None;
    };
    let Some(Value::Object(mut error)) = top.remove("error") else {
        return None;
    };
    let code = text(error.get("errorCode")?)?;
    let message = match error.remove("message") {
        Some(Value::String(s)) => s,
        Some(other @ (Value::Number(_) | Value::Bool(_))) => other.to_string(),
        _ => String::new(),
    };
    let details = error.remove("details").or_else(|| error.remove("detail"));
    if GATEWAY_ERRORS.contains(&(status, code.as_str())) {
        return Some(Error::Gateway {
            action,
            status,
            error_code: code,
            message,
            details: details.filter(|d| !d.is_null()).map(|d| match d {
                Value::String(s) => s,
                other => other.to_string(),
            }),
        });
    }
    let timestamp = take_text(&mut top, "timestamp").or_else(|| take_text(&mut error, "timestamp"));
    Some(Error::RestService {
        action,
        status,
        error: Box::new(RestError {
            code,
            message,
            details,
            field_errors: error.remove("fieldErrors"),
            timestamp,
            body: text_body.to_owned(),
        }),
    })
}

fn take_text(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    object.remove(key).as_ref().and_then(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(status: u16, body: &str) -> Error {
        parse("getWidget", status, body.as_bytes()).unwrap_or_else(|| Error::Http {
            action: "getWidget",
            status,
            body_prefix: crate::error::body_prefix(body.as_bytes()),
        })
    }

    #[test]
    fn an_nks_error_keeps_its_numeric_code_object_details_and_timestamp() {
        let body = r#"{"error":{"errorCode":400,"statusCode":400,"message":"Bad Request","details":{"error":[{"property":"storageSize","children":[],"constraints":{"max":"storageSize must not be greater than 2000"}}]}},"timestamp":"2024-10-08T08:56:48.855Z"}"#;
        let error = classify(400, body);
        let Error::RestService {
            action,
            status,
            error: rest,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!((*action, *status), ("getWidget", 400));
        assert_eq!(rest.code, "400");
        assert_eq!(rest.message, "Bad Request");
        assert_eq!(
            rest.details.as_ref().unwrap()["error"][0]["property"],
            Value::from("storageSize")
        );
        assert_eq!(rest.timestamp.as_deref(), Some("2024-10-08T08:56:48.855Z"));
        assert_eq!(rest.field_errors, None);
        assert_eq!(rest.body, body);
        assert_eq!(error.status(), Some(400));
        assert!(!error.request_not_sent());
        assert_eq!(
            error.to_string(),
            "NCP error 400 from getWidget (HTTP 400): Bad Request"
        );
    }

    #[test]
    fn a_standardized_error_keeps_its_detail_and_field_errors() {
        let body = r#"{"error":{"errorCode":"NotFound","message":"no such widget","detail":"widget w-9","fieldErrors":[{"field":"widgetId","message":"unknown"}]}}"#;
        let Error::RestService { error: rest, .. } = classify(404, body) else {
            panic!()
        };
        assert_eq!(rest.code, "NotFound");
        assert_eq!(rest.details, Some(Value::from("widget w-9")));
        assert_eq!(rest.field_errors.as_ref().unwrap()[0]["field"], Value::from("widgetId"));
        assert_eq!(rest.timestamp, None);
    }

    #[test]
    fn a_gateway_pair_stays_the_gateways_and_another_code_with_its_status_is_the_services() {
        let wrong_path = r#"{"error":{"errorCode":"300","message":"Not Found Exception","details":"no route"}}"#;
        let error = classify(404, wrong_path);
        assert!(
            matches!(&error, Error::Gateway { status: 404, error_code, details: Some(d), .. } if error_code == "300" && d == "no route"),
            "{error:?}"
        );
        // The same code with a status the gateway never pairs it with: the service's.
        assert!(matches!(classify(400, wrong_path), Error::RestService { .. }));
        // Numbers are codes too; a 429 of the gateway is throttling (and retried).
        let throttled = classify(429, r#"{"error":{"errorCode":410,"message":"Throttle Limited"}}"#);
        assert!(throttled.is_throttling(), "{throttled:?}");
        // The service's own 404 is not the gateway's.
        let missing = classify(404, r#"{"error":{"errorCode":404,"message":"Not Found"}}"#);
        assert!(matches!(missing, Error::RestService { status: 404, .. }), "{missing:?}");
    }

    #[test]
    fn any_other_body_is_an_http_error_keeping_status_and_prefix() {
        for body in [
            "<html>bad gateway</html>",
            "",
            r#"{"message":"no error key"}"#,
            r#"{"error":"text"}"#,
            r#"{"error":{"message":"no code"}}"#,
            r#"{"responseError":{"returnCode":"1","returnMessage":"rpc"}}"#,
            "\u{ff}",
        ] {
            let error = classify(502, body);
            assert!(
                matches!(&error, Error::Http { status: 502, body_prefix, .. } if body_prefix == &String::from_utf8_lossy(body.as_bytes())),
                "{body:?}: {error:?}"
            );
        }
    }

    #[test]
    fn debug_and_display_stay_bounded() {
        let huge = "m".repeat(1 << 20);
        let body = format!(r#"{{"error":{{"errorCode":"{huge}","message":"{huge}","details":{{"x":"{huge}"}}}}}}"#);
        let error = classify(409, &body);
        let (debug, display) = (format!("{error:?}"), error.to_string());
        assert!(debug.len() < 5000, "{} bytes", debug.len());
        assert!(display.len() < 5000, "{} bytes", display.len());
        let Error::RestService { error: rest, .. } = error else {
            panic!()
        };
        assert_eq!(rest.body.len(), body.len(), "kept whole");
    }
}
