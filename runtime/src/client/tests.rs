//! Tests of the client.

use super::*;
use crate::request::{QueryWriter, Server};
use crate::test_support::{Scripted, client_with, response};

/// A request with one parameter and a region, answering the NAS payload shape.
struct Ping {
    region: Option<String>,
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Pong {
    #[serde(rename = "returnCode", default, deserialize_with = "crate::decode::scalar::option")]
    return_code: Option<String>,
}

impl Action for Ping {
    const NAME: &'static str = "createPing";
    const PATH: &'static str = "/vserver/v2/createPing";
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://ncloud.apigw.ntruss.com",
        base_path: "",
        region_paths: &[],
    }];
    const REGION_PARAM: Option<&'static str> = Some("regionCode");
    const XML_ROOT: &'static str = "createPingResponse";
    const JSON_ENVELOPE: &'static str = "createPingResponse";
    type Response = Pong;

    fn write_query(&self, query: &mut QueryWriter) {
        query.push("name", "a b");
        query.push_opt("regionCode", self.region.as_deref());
    }

    fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
}

const OK_JSON: &str = r#"{"createPingResponse": {"returnCode": "0"}}"#;
const THROTTLED: &str = r#"{"error": {"errorCode": "410", "message": "Throttle Limited", "details": ""}}"#;

fn client(transport: Arc<Scripted>) -> Client {
    client_with(
        transport,
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        },
    )
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(future)
}

/// `Ping`, but served (per a hostile spec) at an origin with user info.
struct Hijacked;

impl Action for Hijacked {
    const NAME: &'static str = "createPing";
    const PATH: &'static str = "/vserver/v2/createPing";
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://ncloud.apigw.ntruss.com@evil.example",
        base_path: "",
        region_paths: &[],
    }];
    const REGION_PARAM: Option<&'static str> = None;
    const XML_ROOT: &'static str = "createPingResponse";
    const JSON_ENVELOPE: &'static str = "createPingResponse";
    type Response = Pong;

    fn write_query(&self, _: &mut QueryWriter) {}
}

#[test]
fn a_generated_server_origin_is_checked_like_ncloud_api_gw_and_nothing_is_sent_to_a_bad_one() {
    let transport = Scripted::new(vec![response(200, OK_JSON)]);
    let error = run(client(transport.clone()).call(&Hijacked)).unwrap_err();
    assert!(
        matches!(&error, Error::Config(ConfigError::InvalidEndpoint { .. })),
        "{error:?}"
    );
    assert!(transport.sent().is_empty(), "nothing is sent");
}

#[test]
fn the_signed_target_is_the_sent_target_and_the_signature_verifies() {
    let transport = Scripted::new(vec![response(200, OK_JSON)]);
    let client = Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .region("KR")
        .transport(transport.clone())
        .build()
        .unwrap();
    let pong = run(client.call(&Ping { region: None })).unwrap();
    assert_eq!(
        pong,
        Pong {
            return_code: Some("0".into())
        }
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(
        request.target,
        "/vserver/v2/createPing?name=a%20b&regionCode=KR&responseFormatType=json"
    );
    assert_eq!(
        request.url,
        format!("https://ncloud.apigw.ntruss.com{}", request.target)
    );
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let timestamp: u64 = header(sign::TIMESTAMP_HEADER).parse().unwrap();
    assert_eq!(header(sign::ACCESS_KEY_HEADER), "access");
    assert_eq!(
        header(sign::SIGNATURE_HEADER),
        sign::signature("GET", &request.target, timestamp, "access", "secret")
    );
}

#[test]
fn a_region_set_on_the_request_wins_over_the_default() {
    let transport = Scripted::new(vec![response(200, OK_JSON)]);
    let client = Client::builder()
        .credentials(Credentials::new("a", "s"))
        .region("KR")
        .format(Format::Xml)
        .api_gateway("http://127.0.0.1:9")
        .transport(transport.clone())
        .build()
        .unwrap();
    let request = Ping {
        region: Some("JPN".into()),
    };
    let target = client.request_target(&request);
    assert_eq!(
        target,
        "/vserver/v2/createPing?name=a%20b&regionCode=JPN&responseFormatType=xml"
    );
    let _ = run(client.call(&request));
    let sent = transport.sent();
    assert_eq!(sent[0].target, target, "request_target is what is sent");
    assert_eq!(sent[0].url, format!("http://127.0.0.1:9{target}"));
}

#[test]
fn a_failed_connection_is_retried_because_nothing_was_sent() {
    let transport = Scripted::new(vec![
        Err(TransportError::Connect("refused".into())),
        response(200, OK_JSON),
    ]);
    assert!(run(client(transport.clone()).call(&Ping { region: None })).is_ok());
    assert_eq!(transport.sent().len(), 2);
}

#[test]
fn a_request_that_would_be_reencoded_fails_at_once_without_retrying() {
    let reencoded = || {
        Err(TransportError::reencoded(
            "/vserver/v2/createPing?name=a%20b",
            "/vserver/v2/createPing?name=a+b",
        ))
    };
    let transport = Scripted::new(vec![reencoded(), reencoded(), response(200, OK_JSON)]);
    let error = run(client(transport.clone()).call(&Ping { region: None })).unwrap_err();
    assert_eq!(
        transport.sent().len(),
        1,
        "sending the same URL again cannot help: {error}"
    );
    assert!(
        matches!(
            error,
            Error::Transport {
                attempts: 1,
                source: TransportError::Reencoded { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.request_not_sent(), "{error}");
}

#[test]
fn throttling_is_retried_and_then_reported() {
    let transport = Scripted::new(vec![
        response(429, THROTTLED),
        response(429, THROTTLED),
        response(429, THROTTLED),
    ]);
    let error = run(client(transport.clone()).call(&Ping { region: None })).unwrap_err();
    assert_eq!(transport.sent().len(), 3, "bounded by max_attempts");
    assert!(error.is_throttling(), "{error}");
    assert_eq!(
        error.to_string(),
        "NCP API Gateway error 410 from createPing (HTTP 429): Throttle Limited"
    );
}

#[test]
fn a_timeout_a_broken_connection_or_a_5xx_is_never_retried() {
    let cases = vec![
        Err(TransportError::Timeout("no complete response".into())),
        Err(TransportError::Other(
            "connection closed before message completed".into(),
        )),
        response(
            500,
            r#"{"responseError": {"returnCode": "1000", "returnMessage": "Please try your call again later."}}"#,
        ),
        response(
            503,
            r#"{"error": {"errorCode": "500", "message": "Endpoint Error", "details": ""}}"#,
        ),
        response(502, "<html>bad gateway</html>"),
    ];
    for answer in cases {
        let transport = Scripted::new(vec![answer, response(200, OK_JSON)]);
        let error = run(client(transport.clone()).call(&Ping { region: None })).unwrap_err();
        assert_eq!(transport.sent().len(), 1, "sent twice after: {error}");
        assert!(!error.request_not_sent(), "{error}");
    }
}

#[test]
fn errors_keep_status_code_and_message() {
    let transport = Scripted::new(vec![response(
        400,
        "<responseError><returnCode>1413</returnCode><returnMessage>Product code not found</returnMessage></responseError>",
    )]);
    let error = run(client(transport).call(&Ping { region: None })).unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        error.to_string(),
        "NCP error 1413 from createPing (HTTP 400): Product code not found"
    );

    let transport = Scripted::new(vec![response(200, "{\"createPingResponse\": [")]);
    let error = run(client(transport).call(&Ping { region: None })).unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error}");
    assert!(error.to_string().contains("{\\\"createPingResponse\\\": ["), "{error}");
}

#[test]
fn a_bom_before_a_2xx_body_is_tolerated_in_both_formats() {
    let bodies = [
        (Format::Json, format!("\u{feff}{OK_JSON}")),
        (
            Format::Xml,
            "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<createPingResponse><returnCode>0</returnCode></createPingResponse>".to_owned(),
        ),
    ];
    for (format, body) in bodies {
        let transport = Scripted::new(vec![response(200, &body)]);
        let client = Client::builder()
            .credentials(Credentials::new("a", "s"))
            .format(format)
            .transport(transport)
            .build()
            .unwrap();
        let pong = run(client.call(&Ping { region: None }));
        assert_eq!(
            pong.map_err(|e| e.to_string()),
            Ok(Pong {
                return_code: Some("0".into())
            }),
            "{format}"
        );
    }
}

#[test]
fn an_undecodable_2xx_body_is_kept_whole_and_says_the_action_ran() {
    let body = format!(
        "{{\"createPingResponse\": {{\"returnCode\": \"0\", \"note\": \"{}\", \"instanceNo\": \"ID-AT-THE-END\"",
        "x".repeat(5000)
    );
    let transport = Scripted::new(vec![response(200, &body)]);
    let error = run(client(transport.clone()).call(&Ping { region: None })).unwrap_err();
    assert_eq!(transport.sent().len(), 1, "the action ran: never sent again");
    let shown = error.to_string();
    assert!(
        shown.contains("createPing ran (HTTP 200) but its response could not be decoded"),
        "{shown}"
    );
    assert!(shown.contains("the body is kept in the error"), "{shown}");
    assert!(shown.len() < 1000, "Display stays bounded: {} bytes", shown.len());
    assert_eq!(
        error.body(),
        Some(body.as_str()),
        "the whole body is in the error, not a prefix"
    );
}

#[test]
fn debug_of_an_error_shows_a_prefix_and_the_length_of_a_kept_body_or_message() {
    // A success body that does not decode, kept whole: 1 MiB, with what matters at its end.
    let body = format!(
        "{{\"createPingResponse\": {{\"note\": \"{}\", \"instanceNo\": \"ID-AT-THE-END\"",
        "x".repeat(1 << 20)
    );
    let transport = Scripted::new(vec![response(200, &body)]);
    let error = run(client(transport).call(&Ping { region: None })).unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    let debug = format!("{error:?}");
    assert!(debug.len() < 2000, "Debug is bounded: {} bytes", debug.len());
    assert!(debug.contains(&format!("({} bytes)", body.len())), "{debug}");
    assert!(
        debug.contains("{\\\"createPingResponse\\\": {\\\"note\\\": \\\"xxx"),
        "{debug}"
    );
    assert!(!debug.contains("ID-AT-THE-END"), "{debug}");
    assert!(format!("{error:#?}").len() < 2000, "and so is the pretty form");
    assert_eq!(error.body(), Some(body.as_str()), "body() still gives all of it");

    // The messages of NCP's error bodies come from the body too.
    let huge = "m".repeat(1 << 20);
    let answers = [
        response(
            400,
            &format!(r#"{{"responseError": {{"returnCode": "{huge}", "returnMessage": "{huge}"}}}}"#),
        ),
        response(
            403,
            &format!(r#"{{"error": {{"errorCode": "{huge}", "message": "{huge}", "details": "{huge}"}}}}"#),
        ),
    ];
    for answer in answers {
        let error = run(client(Scripted::new(vec![answer])).call(&Ping { region: None })).unwrap_err();
        let (debug, display) = (format!("{error:?}"), error.to_string());
        assert!(debug.len() < 5000, "Debug is bounded: {} bytes", debug.len());
        assert!(display.len() < 5000, "Display is bounded: {} bytes", display.len());
        assert!(debug.contains(&format!("({} bytes)", huge.len())), "{debug}");
        match error {
            Error::Service { return_message, .. } => assert_eq!(return_message, huge, "kept whole"),
            Error::Gateway { message, details, .. } => {
                assert_eq!(
                    (message.len(), details.map(|d| d.len())),
                    (huge.len(), Some(huge.len()))
                )
            }
            other => panic!("{other}"),
        }
    }
}

#[test]
fn the_client_debug_output_holds_no_secret() {
    let client = client(Scripted::new(Vec::new()));
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret\""), "{shown}");
    assert!(shown.contains("SecretKey(***)"), "{shown}");
}

#[test]
fn backoff_doubles_and_is_capped() {
    let policy = RetryPolicy {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(350),
    };
    assert_eq!(policy.backoff(1, None), Duration::from_millis(100));
    assert_eq!(policy.backoff(2, None), Duration::from_millis(200));
    assert_eq!(policy.backoff(3, None), Duration::from_millis(350));
    assert_eq!(
        policy.backoff(1, Some(Duration::from_secs(30))),
        Duration::from_millis(350)
    );
}
