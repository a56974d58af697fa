//! Tests of the client with REST actions: method, path, query, headers and body as signed and
//! sent; base paths by region; the API key; retries; REST error bodies.

use super::*;
use crate::request::{JsonObject, Method, PathWriter, QueryWriter, Server};
use crate::test_support::{Scripted, client_with, response};

/// Where the widgets API is served: a default base path, and one per region.
const SERVERS: &[Server] = &[Server {
    site: Site::Public,
    origin: "https://widgets.apigw.ntruss.com",
    base_path: "/base",
    region_paths: &[("KR", "/widgets/v1"), ("SGN", "/widgets/sgn-v1")],
}];

#[derive(Debug, Default, PartialEq, serde::Deserialize)]
struct Widget {
    #[serde(rename = "widgetId")]
    id: Option<String>,
}

/// `POST /widgets/v1/x/{id}?q=1` with a JSON body and a header parameter.
struct CreateX {
    id: &'static str,
    region_header: Option<&'static str>,
}

impl Action for CreateX {
    const NAME: &'static str = "createX";
    const PATH: &'static str = "/widgets/v1/x/{id}";
    const BASE_PATH: &'static str = "/widgets/v1";
    const METHOD: Method = Method::Post;
    const STYLE: Style = Style::Rest;
    const ACCEPT: Option<&'static str> = Some("application/json");
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [Server] = SERVERS;
    type Response = Widget;

    fn write_path(&self, path: &mut PathWriter) {
        path.literal("/x/");
        path.segment(self.id);
    }

    fn write_query(&self, query: &mut QueryWriter) {
        query.push("q", "1");
    }

    fn write_headers(&self, headers: &mut HeaderWriter) {
        headers.push_opt("x-ncp-region_code", self.region_header);
    }

    fn body(&self) -> Option<Vec<u8>> {
        let mut body = JsonObject::new();
        body.field("name", "hunter2-name");
        body.opt::<i64>("size", None);
        Some(body.finish())
    }

    fn decode_response(body: &[u8], _: Format) -> Result<Widget, crate::DecodeError> {
        crate::decode::rest::rest_json(body)
    }
}

const BODY: &[u8] = br#"{"name":"hunter2-name"}"#;

fn create() -> CreateX {
    CreateX {
        id: "a/b cé",
        region_header: None,
    }
}

/// `GET /widgets/v1/x/export`, which needs the API key and answers bytes.
struct Export;

impl Action for Export {
    const NAME: &'static str = "exportX";
    const PATH: &'static str = "/widgets/v1/x/export";
    const BASE_PATH: &'static str = "/widgets/v1";
    const STYLE: Style = Style::Rest;
    const API_KEY: bool = true;
    const ACCEPT: Option<&'static str> = Some("application/octet-stream");
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [Server] = SERVERS;
    type Response = Vec<u8>;

    fn write_query(&self, _: &mut QueryWriter) {}

    fn decode_response(body: &[u8], _: Format) -> Result<Vec<u8>, crate::DecodeError> {
        crate::decode::rest::rest_bytes(body)
    }
}

const API_KEY: &str = "apikey-s3cr3t";

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(future)
}

fn retrying(transport: Arc<Scripted>) -> Client {
    client_with(
        transport,
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        },
    )
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_post_signs_its_method_and_exact_target_and_sends_the_exact_body() {
    let transport = Scripted::new(vec![response(201, r#"{"widgetId": "w-1"}"#)]);
    let client = retrying(transport.clone());
    let widget = run(client.call(&create())).unwrap();
    assert_eq!(widget.id.as_deref(), Some("w-1"));
    let sent = transport.sent();
    let request = &sent[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/base/x/a%2Fb%20c%C3%A9?q=1");
    assert_eq!(client.request_target(&create()), request.target);
    assert_eq!(
        request.url,
        "https://widgets.apigw.ntruss.com/base/x/a%2Fb%20c%C3%A9?q=1"
    );
    assert_eq!(request.body.as_deref(), Some(BODY));
    let timestamp: u64 = header(request, sign::TIMESTAMP_HEADER).unwrap().parse().unwrap();
    assert_eq!(
        header(request, sign::SIGNATURE_HEADER),
        Some(sign::signature("POST", "/base/x/a%2Fb%20c%C3%A9?q=1", timestamp, "access", "secret").as_str())
    );
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(
        header(request, sign::API_KEY_HEADER),
        None,
        "not an action that needs it"
    );
}

#[test]
fn header_parameters_are_sent_and_a_value_http_would_change_is_refused_unsent() {
    let transport = Scripted::new(vec![response(201, "{}"), response(201, "{}")]);
    let client = retrying(transport.clone());
    let ok = CreateX {
        region_header: Some("KR"),
        ..create()
    };
    run(client.call(&ok)).unwrap();
    assert_eq!(header(&transport.sent()[0], "x-ncp-region_code"), Some("KR"));
    let evil = CreateX {
        region_header: Some("KR\r\nx-evil: hunter2"),
        ..create()
    };
    let error = run(client.call(&evil)).unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("hunter2"), "{error}");
    assert_eq!(transport.sent().len(), 1, "nothing more sent");
}

#[test]
fn an_action_needing_the_api_key_fails_unsent_without_one_and_sends_it_otherwise() {
    let transport = Scripted::new(vec![response(200, "\x00bytes")]);
    let error = run(retrying(transport.clone()).call(&Export)).unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::MissingApiKey { action: "exportX" })),
        "{error:?}"
    );
    assert!(error.request_not_sent());
    assert!(error.to_string().contains("NCLOUD_API_KEY"), "{error}");
    assert!(transport.sent().is_empty(), "nothing sent");

    let client = Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .api_key(API_KEY)
        .transport(transport.clone())
        .build()
        .unwrap();
    assert_eq!(run(client.call(&Export)).unwrap(), b"\x00bytes");
    let sent = transport.sent();
    assert_eq!(header(&sent[0], sign::API_KEY_HEADER), Some(API_KEY));
    assert_eq!(header(&sent[0], "accept"), Some("application/octet-stream"));
    assert_eq!(header(&sent[0], "content-type"), None, "no body, no content type");
    assert_eq!(sent[0].body, None);
    let shown = format!("{client:?} {:?}", sent[0]);
    assert!(!shown.contains(API_KEY), "{shown}");
}

#[test]
fn the_base_path_is_the_regions_and_an_unknown_region_is_refused_unsent() {
    let target = |region: Option<&str>, gateway: Option<&str>| {
        let transport = Scripted::new(vec![response(201, "{}")]);
        let mut builder = Client::builder()
            .credentials(Credentials::new("a", "s"))
            .transport(transport.clone());
        if let Some(region) = region {
            builder = builder.region(region);
        }
        if let Some(gateway) = gateway {
            builder = builder.api_gateway(gateway);
        }
        let client = builder.build().unwrap();
        let result = run(client.call(&create()));
        (client, result, transport.sent())
    };
    let (_, _, sent) = target(Some("sgn"), None);
    assert_eq!(
        sent[0].target, "/widgets/sgn-v1/x/a%2Fb%20c%C3%A9?q=1",
        "case does not matter"
    );
    let (_, _, sent) = target(Some("KR"), None);
    assert_eq!(sent[0].target, "/widgets/v1/x/a%2Fb%20c%C3%A9?q=1");
    let (_, _, sent) = target(None, None);
    assert_eq!(
        sent[0].target, "/base/x/a%2Fb%20c%C3%A9?q=1",
        "no region: the server's default"
    );
    let (_, _, sent) = target(Some("SGN"), Some("http://127.0.0.1:9"));
    assert_eq!(
        sent[0].url, "http://127.0.0.1:9/widgets/sgn-v1/x/a%2Fb%20c%C3%A9?q=1",
        "NCLOUD_API_GW replaces the origin only"
    );

    let (client, result, sent) = target(Some("JPN"), None);
    assert!(sent.is_empty(), "nothing sent");
    let error = result.unwrap_err();
    assert!(
        matches!(&error, Error::Config(ConfigError::UnknownRegion { region, known, .. }) if region == "JPN" && known == &["KR", "SGN"]),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "region \"JPN\" has no endpoint for /widgets/v1/x/{id} (at the public site); the known regions are: KR, SGN"
    );
    assert!(client.try_request_target(&create()).is_err());
    assert_eq!(client.request_target(&create()), "/widgets/v1/x/a%2Fb%20c%C3%A9?q=1");
}

#[test]
fn another_site_without_a_server_uses_the_gateway_and_the_actions_own_base_path() {
    let transport = Scripted::new(vec![response(201, "{}")]);
    let client = Client::builder()
        .credentials(Credentials::new("a", "s"))
        .site(Site::Gov)
        .region("SGN")
        .api_gateway("http://127.0.0.1:9")
        .transport(transport.clone())
        .build()
        .unwrap();
    run(client.call(&create())).unwrap();
    assert_eq!(
        transport.sent()[0].url,
        "http://127.0.0.1:9/widgets/v1/x/a%2Fb%20c%C3%A9?q=1"
    );
}

#[test]
fn a_post_is_never_sent_again_once_it_may_have_run_but_a_429_is() {
    for answer in [
        Err(TransportError::Timeout("no complete response".into())),
        Err(TransportError::Other("connection reset".into())),
        response(503, r#"{"error":{"errorCode":"500","message":"Endpoint Error"}}"#),
        response(500, r#"{"error":{"errorCode":500,"message":"Internal"}}"#),
    ] {
        let transport = Scripted::new(vec![answer, response(201, "{}")]);
        let error = run(retrying(transport.clone()).call(&create())).unwrap_err();
        assert_eq!(transport.sent().len(), 1, "sent twice after: {error}");
    }
    let throttled = r#"{"error":{"errorCode":"410","message":"Throttle Limited"}}"#;
    let transport = Scripted::new(vec![
        response(429, throttled),
        Err(TransportError::Connect("refused".into())),
        response(201, r#"{"widgetId": "w-2"}"#),
    ]);
    let widget = run(retrying(transport.clone()).call(&create())).unwrap();
    assert_eq!(widget.id.as_deref(), Some("w-2"));
    let sent = transport.sent();
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|r| r.body.as_deref() == Some(BODY) && r.method == "POST")
    );
}

#[test]
fn rest_error_bodies_are_the_services_the_gateways_or_plain_http() {
    let nks = r#"{"error":{"errorCode":409,"statusCode":409,"message":"Conflict","details":{"reason":"busy"}},"timestamp":"2024-10-08T08:56:48.855Z"}"#;
    type Expected = fn(&Error) -> bool;
    let cases: Vec<(u16, &str, Expected)> = vec![
        (
            409,
            nks,
            |e| matches!(e, Error::RestService { status: 409, error, .. } if error.code == "409" && error.details.as_ref().is_some_and(|d| d["reason"] == "busy")),
        ),
        (
            404,
            r#"{"error":{"errorCode":"NotFound","message":"m","detail":"d","fieldErrors":[]}}"#,
            |e| matches!(e, Error::RestService { status: 404, error, .. } if error.code == "NotFound"),
        ),
        (
            404,
            r#"{"error":{"errorCode":"300","message":"Not Found Exception"}}"#,
            |e| matches!(e, Error::Gateway { status: 404, .. }),
        ),
        (
            502,
            "<html>bad gateway</html>",
            |e| matches!(e, Error::Http { status: 502, body_prefix, .. } if body_prefix == "<html>bad gateway</html>"),
        ),
        // A success whose body does not decode: the action ran, and the body is kept.
        (200, "not json", |e| matches!(e, Error::Decode { status: 200, .. })),
    ];
    for (status, body, expected) in cases {
        let transport = Scripted::new(vec![response(status, body)]);
        let error = run(retrying(transport).call(&create())).unwrap_err();
        assert!(expected(&error), "{status} {body}: {error:?}");
    }
}

#[test]
fn an_empty_success_body_is_the_default_response() {
    let transport = Scripted::new(vec![response(200, "")]);
    assert_eq!(run(retrying(transport).call(&create())).unwrap(), Widget::default());
}

#[test]
fn the_debug_output_of_a_sent_request_shows_no_value_key_or_body() {
    let transport = Scripted::new(vec![response(201, "{}")]);
    let client = Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .api_key(API_KEY)
        .transport(transport.clone())
        .build()
        .unwrap();
    let request = CreateX {
        region_header: Some("header-value-1"),
        ..create()
    };
    run(client.call(&request)).unwrap();
    let shown = format!("{:?}", transport.sent()[0]);
    for hidden in ["q=1", "header-value-1", "hunter2-name", "application/json"] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }
    assert!(
        shown.contains("q=…") && shown.contains(&format!("<{} bytes>", BODY.len())),
        "{shown}"
    );
    assert!(shown.contains("\"access\""), "the access key is shown: {shown}");
}
