//! What the gateway decides about a request when it behaves normally: a pure function of the
//! configuration, the request and the clock, so that it can be tested without a socket.

use std::time::Duration;

use super::action::{Action, Format};
use super::config::GatewayConfig;
use super::operation::{self, Operation};
use super::query::{QueryError, decode_pairs};
use super::rest::{self, RestCall};
use super::signature;
use super::verdict::{AuthFailure, INVALID_PARAMETER_RETURN_CODE, Verdict};

/// Header carrying the request's timestamp (milliseconds since the Unix epoch).
pub const TIMESTAMP_HEADER: &str = "x-ncp-apigw-timestamp";
/// Header carrying the access key.
pub const ACCESS_KEY_HEADER: &str = "x-ncp-iam-access-key";
/// Header carrying the signature (v2). The `-v1` name some SDKs send is not accepted.
pub const SIGNATURE_HEADER: &str = "x-ncp-apigw-signature-v2";

/// The request body as read by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BodyRead {
    /// The whole body (empty when there was none).
    Complete(Vec<u8>),
    /// More than the limit: reading stopped.
    TooLarge,
}

/// A request as the evaluation sees it.
pub(crate) struct RequestView<'a> {
    pub method: &'a str,
    /// The request target exactly as on the request line.
    pub target: &'a str,
    pub path: &'a str,
    pub raw_query: Option<&'a str>,
    /// Lower-case names, values as received (lossily decoded as UTF-8).
    pub headers: &'a [(String, String)],
    pub body: &'a BodyRead,
    /// The gateway's clock, milliseconds since the Unix epoch.
    pub now_ms: i128,
}

/// Everything normal processing found out about a request.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    pub action: Option<Action>,
    pub auth: Result<(), AuthFailure>,
    pub signature_valid: bool,
    pub timestamp_valid: bool,
    pub string_to_sign: Option<String>,
    pub query: Result<Vec<(String, String)>, QueryError>,
    pub form: Option<Result<Vec<(String, String)>, QueryError>>,
    /// The format to answer in: the requested one when it is valid, else XML.
    pub format: Format,
    pub verdict: Verdict,
    /// What the request asks the service to do, when the verdict is [`Verdict::Success`].
    pub operation: Option<Operation>,
    /// The REST operation the method and path name, with what it needs (`None` for RPC).
    pub rest: Option<RestCall>,
}

pub(crate) fn evaluate(config: &GatewayConfig, request: &RequestView<'_>) -> Evaluation {
    if let Some(route) = rest::route::route(request.method, request.path) {
        return rest::evaluate(config, request, route);
    }
    let action = Action::from_path(request.path);
    let raw_query = request.raw_query.unwrap_or("");
    let query = decode_pairs(raw_query, false);
    let form = match request.body {
        BodyRead::Complete(bytes) if request.method == "POST" && is_form(request.headers) => {
            Some(match std::str::from_utf8(bytes) {
                Ok(text) => decode_pairs(text, true),
                Err(e) => Err(QueryError::InvalidUtf8 {
                    offset: e.valid_up_to(),
                }),
            })
        }
        _ => None,
    };
    let (auth, signature_valid, timestamp_valid, string_to_sign) = authenticate(config, request);

    // Parameters: the query's, then the form body's.
    let params: Result<Vec<(String, String)>, QueryError> = match (&query, &form) {
        (Err(e), _) | (_, Some(Err(e))) => Err(e.clone()),
        (Ok(q), None) => Ok(q.clone()),
        (Ok(q), Some(Ok(f))) => Ok(q.iter().chain(f).cloned().collect()),
    };
    let requested_format = match &params {
        Ok(params) => match first(params, "responseFormatType") {
            None => Ok(Format::Xml),
            Some("xml") => Ok(Format::Xml),
            Some("json") => Ok(Format::Json),
            Some(other) => Err(other.to_owned()),
        },
        Err(_) => Ok(raw_format(raw_query)),
    };
    let format = requested_format.clone().unwrap_or_default();

    // In the order the real gateway works: route, method, size, authentication, then the
    // service's own checks of the parameters.
    let (verdict, operation) = if let Some(action) = action {
        if request.method != "GET" && request.method != "POST" {
            (Verdict::MethodNotAllowed, None)
        } else if *request.body == BodyRead::TooLarge {
            (Verdict::PayloadTooLarge, None)
        } else if let Err(why) = &auth {
            (Verdict::Unauthorized(why.clone()), None)
        } else {
            match check_parameters(action, &params, &requested_format) {
                Ok(operation) => (Verdict::Success, Some(operation)),
                Err(verdict) => (verdict, None),
            }
        }
    } else {
        (Verdict::NotFound, None)
    };

    Evaluation {
        action,
        auth,
        signature_valid,
        timestamp_valid,
        string_to_sign,
        query,
        form,
        format,
        verdict,
        operation,
        rest: None,
    }
}

fn check_parameters(
    action: Action,
    params: &Result<Vec<(String, String)>, QueryError>,
    requested_format: &Result<Format, String>,
) -> Result<Operation, Verdict> {
    let params = match params {
        Ok(params) => params,
        Err(e) => {
            return Err(Verdict::InvalidRequest {
                return_code: INVALID_PARAMETER_RETURN_CODE,
                message: format!("Invalid parameters: {e}."),
            });
        }
    };
    if let Err(value) = requested_format {
        return Err(Verdict::InvalidRequest {
            return_code: INVALID_PARAMETER_RETURN_CODE,
            message: format!("responseFormatType must be xml or json, not {value:?}."),
        });
    }
    operation::parse(action, params)
}

/// The first value of `name` (a repeated parameter counts once, the first time).
fn first<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The format asked for by a query that does not decode, read from its raw text.
fn raw_format(raw_query: &str) -> Format {
    let json = raw_query.split('&').any(|pair| pair == "responseFormatType=json");
    if json { Format::Json } else { Format::Xml }
}

fn is_form(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(name, value)| {
        name == "content-type"
            && value
                .split(';')
                .next()
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
    })
}

/// The one value of a header; `Err` when it is absent, empty or repeated.
pub(crate) fn single_header<'h>(headers: &'h [(String, String)], name: &'static str) -> Result<&'h str, AuthFailure> {
    let mut values = headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str());
    match (values.next(), values.next()) {
        (Some(_), Some(_)) => Err(AuthFailure::DuplicateHeader(name)),
        (Some(value), None) if !value.is_empty() => Ok(value),
        _ => Err(AuthFailure::MissingHeader(name)),
    }
}

/// Returns (verdict, signature valid, timestamp valid, string to sign). The signature and the
/// timestamp are judged separately whenever the headers allow it, whatever fails first.
pub(crate) fn authenticate(
    config: &GatewayConfig,
    request: &RequestView<'_>,
) -> (Result<(), AuthFailure>, bool, bool, Option<String>) {
    let timestamp = single_header(request.headers, TIMESTAMP_HEADER);
    let access_key = single_header(request.headers, ACCESS_KEY_HEADER);
    let provided = single_header(request.headers, SIGNATURE_HEADER);

    let timestamp_check = timestamp
        .clone()
        .and_then(|t| check_timestamp(t, request.now_ms, config.max_clock_skew));
    let string_to_sign = match (&timestamp, &access_key) {
        (Ok(t), Ok(k)) => Some(signature::string_to_sign(request.method, request.target, t, k)),
        _ => None,
    };
    let key_known = matches!(&access_key, Ok(k) if *k == config.access_key);
    let signature_valid = match (&string_to_sign, &provided) {
        (Some(message), Ok(provided)) if key_known => signature::verify(&config.secret_key, message, provided),
        _ => false,
    };

    let verdict = (|| {
        timestamp.clone()?;
        access_key.clone()?;
        provided.clone()?;
        if !key_known {
            return Err(AuthFailure::UnknownAccessKey);
        }
        timestamp_check.clone()?;
        if !signature_valid {
            return Err(AuthFailure::BadSignature);
        }
        Ok(())
    })();
    (verdict, signature_valid, timestamp_check.is_ok(), string_to_sign)
}

fn check_timestamp(text: &str, now_ms: i128, max_skew: Duration) -> Result<(), AuthFailure> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AuthFailure::MalformedTimestamp);
    }
    let timestamp: i128 = text.parse().map_err(|_| AuthFailure::MalformedTimestamp)?;
    let offset_ms = timestamp - now_ms;
    let max = i128::try_from(max_skew.as_millis()).unwrap_or(i128::MAX);
    if offset_ms.abs() > max {
        return Err(AuthFailure::StaleTimestamp { offset_ms });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i128 = 1_668_407_407_855;

    fn config() -> GatewayConfig {
        GatewayConfig::new("access", "secret")
    }

    fn signed(method: &str, target: &str, timestamp: &str) -> Vec<(String, String)> {
        let message = signature::string_to_sign(method, target, timestamp, "access");
        vec![
            (TIMESTAMP_HEADER.into(), timestamp.into()),
            (ACCESS_KEY_HEADER.into(), "access".into()),
            (SIGNATURE_HEADER.into(), signature::signature("secret", &message)),
        ]
    }

    fn run(method: &str, target: &str, headers: &[(String, String)], body: &BodyRead) -> Evaluation {
        let (path, raw_query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        let view = RequestView {
            method,
            target,
            path,
            raw_query,
            headers,
            body,
            now_ms: NOW,
        };
        evaluate(&config(), &view)
    }

    fn get(target: &str) -> Evaluation {
        run(
            "GET",
            target,
            &signed("GET", target, &NOW.to_string()),
            &BodyRead::Complete(vec![]),
        )
    }

    #[test]
    fn the_python_vector_request_succeeds() {
        let target = "/vserver/v2/createBlockStorageSnapshotInstance?regionCode=KR\
                      &originalBlockStorageInstanceNo=1234567&responseFormatType=json";
        let headers = signed("GET", target, "1668407407855");
        assert_eq!(headers[2].1, "MxXjlKjpJagHosGuauFz8D5msi3HOU1JLrYlYxCpyYw=");
        let e = run("GET", target, &headers, &BodyRead::Complete(vec![]));
        assert_eq!(e.verdict, Verdict::Success);
        assert_eq!(
            (e.format, e.action),
            (Format::Json, Some(Action::CreateBlockStorageSnapshotInstance))
        );
        assert!(e.signature_valid && e.timestamp_valid);
    }

    #[test]
    fn order_of_checks() {
        // Unknown path first, even unsigned.
        let e = run("GET", "/vserver/v2/nope", &[], &BodyRead::Complete(vec![]));
        assert_eq!(e.verdict, Verdict::NotFound);
        // Authentication before parameters.
        let e = run(
            "GET",
            "/server/v2/createNasVolumeSnapshot",
            &[],
            &BodyRead::Complete(vec![]),
        );
        assert_eq!(
            e.verdict,
            Verdict::Unauthorized(AuthFailure::MissingHeader(TIMESTAMP_HEADER))
        );
        // Then the parameters.
        let e = get("/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=");
        assert!(
            matches!(e.verdict, Verdict::InvalidRequest { return_code: "900", .. }),
            "{:?}",
            e.verdict
        );
        let e = get("/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=1&responseFormatType=JSON");
        assert!(
            matches!(e.verdict, Verdict::InvalidRequest { return_code: "910", .. }),
            "{:?}",
            e.verdict
        );
        let e = get("/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=%zz&responseFormatType=json");
        assert!(
            matches!(e.verdict, Verdict::InvalidRequest { return_code: "910", .. }),
            "{:?}",
            e.verdict
        );
        assert_eq!(e.format, Format::Json);
    }

    #[test]
    fn timestamps() {
        let skew = Duration::from_secs(300);
        assert_eq!(check_timestamp(&NOW.to_string(), NOW, skew), Ok(()));
        assert_eq!(check_timestamp(&(NOW - 300_000).to_string(), NOW, skew), Ok(()));
        assert_eq!(
            check_timestamp(&(NOW + 300_001).to_string(), NOW, skew),
            Err(AuthFailure::StaleTimestamp { offset_ms: 300_001 })
        );
        for bad in ["", "+1668407407855", "1668407407855.0", " 1", "99999999999999999999"] {
            assert_eq!(
                check_timestamp(bad, NOW, skew),
                Err(AuthFailure::MalformedTimestamp),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn signature_is_over_the_target_as_received() {
        // Signed over the decoded query: refused.
        let sent = "/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=a%20b";
        let headers = signed(
            "GET",
            "/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=a b",
            &NOW.to_string(),
        );
        let e = run("GET", sent, &headers, &BodyRead::Complete(vec![]));
        assert_eq!(e.verdict, Verdict::Unauthorized(AuthFailure::BadSignature));
        assert!(!e.signature_valid && e.timestamp_valid);
    }

    #[test]
    fn duplicate_auth_header_is_refused() {
        let target = "/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=1";
        let mut headers = signed("GET", target, &NOW.to_string());
        headers.push(headers[2].clone());
        let e = run("GET", target, &headers, &BodyRead::Complete(vec![]));
        assert_eq!(
            e.verdict,
            Verdict::Unauthorized(AuthFailure::DuplicateHeader(SIGNATURE_HEADER))
        );
    }

    #[test]
    fn post_form_body() {
        let path = "/server/v2/createNasVolumeSnapshot";
        let mut headers = signed("POST", path, &NOW.to_string());
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded; charset=UTF-8".into(),
        ));
        let body = BodyRead::Complete(b"nasVolumeInstanceNo=12&responseFormatType=json".to_vec());
        let e = run("POST", path, &headers, &body);
        assert_eq!((e.verdict, e.format), (Verdict::Success, Format::Json));
        let e = run("POST", path, &headers, &BodyRead::TooLarge);
        assert_eq!(e.verdict, Verdict::PayloadTooLarge);
        let e = run("PUT", path, &headers, &body);
        assert_eq!(e.verdict, Verdict::MethodNotAllowed);
    }
}
