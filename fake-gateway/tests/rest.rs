//! The REST widget API of the fake gateway (contract section 3), over real sockets with the
//! hand-written client of `common/`: every route and status, path parameters that need
//! percent-encoding, the signature over the target as sent, the JSON content type, both error
//! envelopes and the gateway's own errors, offset paging, the lifecycle counters, queued
//! behaviours and the binary's flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::*;
use ncloud_fake_gateway::{
    AuthFailure, Behavior, FakeGateway, GatewayConfig, MAX_BODY_BYTES, RestErrorStyle, RestOperation, Verdict,
    WidgetStatus, WidgetsConfig,
};
use serde_json::{Value, json};

const V1: &str = "/widgets/v1";
const SGN: &str = "/widgets/sgn-v1";
const JSON_TYPE: &str = "application/json;charset=UTF-8";
const API_KEY: &str = "test-api-key";

async fn gateway(widgets: WidgetsConfig) -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_widgets(widgets))
        .await
        .unwrap()
}

/// A signed request; a body goes with `Content-Type: application/json`.
fn rest(method: &str, target: &str, body: Option<&str>) -> Req {
    let mut request = Req::get(target).with_method(method);
    if let Some(body) = body {
        request.body = body.as_bytes().to_vec();
        request = request.header("Content-Type", "application/json");
    }
    request.signed_with(ACCESS, SECRET, now_ms())
}

async fn call(gw: &FakeGateway, method: &str, target: &str, body: Option<&str>) -> Resp {
    send(gw.local_addr(), &rest(method, target, body)).await
}

/// Asserts a 2xx JSON answer; returns its body.
fn ok_json(response: &Resp, status: u16) -> Value {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    response.json()
}

/// Asserts an NKS-style service error; returns its `details`.
fn nks_error(response: &Resp, status: u16, message: &str) -> Value {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    let body = response.json();
    assert_eq!(body["error"]["errorCode"], json!(status), "{body}");
    assert_eq!(body["error"]["statusCode"], json!(status), "{body}");
    assert_eq!(body["error"]["message"], json!(message), "{body}");
    let timestamp = body["timestamp"].as_str().unwrap_or_else(|| panic!("{body}"));
    // 2024-10-08T08:56:48.855Z
    assert_eq!(timestamp.len(), 24, "{timestamp}");
    assert!(
        timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T',
        "{timestamp}"
    );
    assert!(body["error"]["details"].is_object(), "{body}");
    body["error"]["details"].clone()
}

const SMALL: &str = r#"{"name": "alpha", "kind": "SMALL"}"#;

// ---------------------------------------------------------------------------------------------
// Routes and statuses

#[tokio::test]
async fn every_route_answers_its_status_and_content() {
    let gw = gateway(WidgetsConfig::immediate()).await;
    let body = r#"{"name": "alpha", "kind": "LARGE", "size": 3, "tags": [{"key": "env", "value": "prod"}],
        "spec": {"cpu": 2, "labels": {"team": "core"}}, "description": "first"}"#;
    let created = ok_json(&call(&gw, "POST", &format!("{V1}/widgets"), Some(body)).await, 201);
    assert_eq!(
        created,
        json!({"widgetId": "w-1", "name": "alpha", "kind": "LARGE", "size": 3, "status": "READY",
            "tags": [{"key": "env", "value": "prod"}], "spec": {"cpu": 2, "labels": {"team": "core"}},
            "description": "first", "createdAt": "2024-10-08T08:56:48Z"})
    );
    // Both base paths serve one store.
    for base in [V1, SGN] {
        let got = ok_json(&call(&gw, "GET", &format!("{base}/widgets/w-1"), None).await, 200);
        assert_eq!(got, created);
    }
    let tags = ok_json(&call(&gw, "GET", &format!("{SGN}/widgets/w-1/tags"), None).await, 200);
    assert_eq!(tags, json!([{"key": "env", "value": "prod"}]));
    let name = ok_json(&call(&gw, "GET", &format!("{V1}/widgets/w-1/name"), None).await, 200);
    assert_eq!(name, json!("alpha"));
    let list = ok_json(&call(&gw, "GET", &format!("{V1}/widgets"), None).await, 200);
    assert_eq!(list, json!({"widgets": [created.clone()], "total": 1}));

    // PATCH: 200 and an empty body (no Content-Type), the change kept.
    let patched = call(&gw, "PATCH", &format!("{V1}/widgets/w-1"), Some(r#"{"size": 9}"#)).await;
    assert_eq!((patched.status, patched.body.len()), (200, 0), "{}", patched.text());
    assert_eq!(patched.header("content-length"), Some("0"));
    assert_eq!(patched.header("content-type"), None);
    assert_eq!(gw.widget("w-1").unwrap().size, Some(9));
    // A PATCH without a body changes nothing and needs no Content-Type.
    assert_eq!(call(&gw, "PATCH", &format!("{V1}/widgets/w-1"), None).await.status, 200);
    assert_eq!(gw.widget("w-1").unwrap().description.as_deref(), Some("first"));

    // PUT replaces: absent optionals are gone.
    let replaced = ok_json(
        &call(
            &gw,
            "PUT",
            &format!("{V1}/widgets/w-1"),
            Some(r#"{"name": "beta", "kind": "SMALL"}"#),
        )
        .await,
        200,
    );
    assert_eq!(
        replaced,
        json!({"widgetId": "w-1", "name": "beta", "kind": "SMALL", "status": "READY", "createdAt": "2024-10-08T08:56:48Z"})
    );
    let tags = ok_json(&call(&gw, "GET", &format!("{V1}/widgets/w-1/tags"), None).await, 200);
    assert_eq!(tags, json!([]));

    // Export: the widget's JSON as bytes, or as JSON when only JSON is accepted.
    let export = format!("{V1}/widgets/w-1/export");
    let bytes = send(
        gw.local_addr(),
        &rest("GET", &export, None).header("x-ncp-apigw-api-key", API_KEY),
    )
    .await;
    assert_eq!(bytes.status, 200, "{}", bytes.text());
    assert_eq!(bytes.header("content-type"), Some("application/octet-stream"));
    assert_eq!(serde_json::from_slice::<Value>(&bytes.body).unwrap(), replaced);
    let as_json = rest("GET", &export, None)
        .header("x-ncp-apigw-api-key", API_KEY)
        .header("Accept", "application/json");
    assert_eq!(ok_json(&send(gw.local_addr(), &as_json).await, 200), replaced);

    // DELETE: 204, no body, no Content-Type; immediate: gone at once.
    let deleted = call(&gw, "DELETE", &format!("{V1}/widgets/w-1"), None).await;
    assert_eq!((deleted.status, deleted.body.len()), (204, 0));
    assert_eq!(deleted.header("content-type"), None);
    assert!(gw.widgets().is_empty());

    // The unknown widget: 404 from every operation but PUT (which creates).
    for (method, suffix, body) in [
        ("GET", "", None),
        ("PATCH", "", Some("{}")),
        ("DELETE", "", None),
        ("GET", "/tags", None),
        ("GET", "/name", None),
    ] {
        let response = call(&gw, method, &format!("{V1}/widgets/w-1{suffix}"), body).await;
        let details = nks_error(&response, 404, "Not Found");
        assert_eq!(details["widgetId"], "w-1", "{method} {suffix}");
    }
    let response = send(
        gw.local_addr(),
        &rest("GET", &export, None).header("x-ncp-apigw-api-key", API_KEY),
    )
    .await;
    nks_error(&response, 404, "Not Found");

    // Records and counts name the operation.
    assert_eq!(gw.rest_request_count(RestOperation::GetWidget), 3);
    assert_eq!(gw.rest_request_count(RestOperation::ExportWidget), 3);
    assert_eq!(gw.rest_request_count(RestOperation::UpdateWidget), 3);
    let records = gw.requests();
    assert_eq!(records[0].operation, Some(RestOperation::CreateWidget));
    assert_eq!(records[0].action, None);
    assert!(records.iter().all(|r| r.signature_valid));
    assert!(matches!(
        records.last().unwrap().verdict,
        Verdict::RestRefused { status: 404, .. }
    ));
    gw.shutdown().await;
}

#[tokio::test]
async fn a_widget_id_with_slash_space_and_non_ascii_round_trips() {
    let gw = gateway(WidgetsConfig::default()).await;
    let id = "a/b c説";
    for encoded in ["a%2Fb%20c%E8%AA%AC", "a%2fb%20c%e8%aa%ac"] {
        let target = format!("{V1}/widgets/{encoded}");
        let put = ok_json(&call(&gw, "PUT", &target, Some(SMALL)).await, 200);
        assert_eq!(
            (put["widgetId"].as_str(), put["status"].as_str()),
            (Some(id), Some("READY"))
        );
        let got = ok_json(&call(&gw, "GET", &target, None).await, 200);
        assert_eq!(got["widgetId"], id);
        let name = ok_json(
            &call(&gw, "GET", &format!("{SGN}/widgets/{encoded}/name"), None).await,
            200,
        );
        assert_eq!(name, "alpha");
        // Signed and recorded as sent, still encoded.
        let record = gw.requests().pop().unwrap();
        assert!(record.target.contains(encoded), "{}", record.target);
    }
    // One widget: both spellings name it.
    assert_eq!(gw.widgets().len(), 1);
    assert_eq!(gw.widget(id).unwrap().name, "alpha");
    // Unencoded, the slash is a path separator: another route, none.
    let response = call(&gw, "GET", &format!("{V1}/widgets/a/b%20c"), None).await;
    response.assert_gateway_error(404, "300", "Not Found Exception");
    // A `+` is a `+`, not a space.
    let plus = ok_json(&call(&gw, "PUT", &format!("{V1}/widgets/x+y"), Some(SMALL)).await, 200);
    assert_eq!(plus["widgetId"], "x+y");
    gw.shutdown().await;
}

#[tokio::test]
async fn a_signature_over_the_decoded_path_is_refused() {
    let gw = gateway(WidgetsConfig::default()).await;
    let sent = format!("{V1}/widgets/a%2Fb%20c%E8%AA%AC?x=%20");
    let decoded = format!("{V1}/widgets/a/b c説?x= ");
    let timestamp = now_ms().to_string();
    let signature = sign("GET", &decoded, &timestamp, ACCESS, SECRET);
    let request = Req::get(&sent)
        .header("x-ncp-apigw-timestamp", &timestamp)
        .header("x-ncp-iam-access-key", ACCESS)
        .header("x-ncp-apigw-signature-v2", &signature);
    let response = send(gw.local_addr(), &request).await;
    response.assert_gateway_error(401, "200", "Authentication Failed");
    assert_eq!(response.json()["error"]["details"], "signature mismatch");
    let record = gw.requests().pop().unwrap();
    assert_eq!(record.auth, Err(AuthFailure::BadSignature));
    assert_eq!(
        record.string_to_sign.as_deref(),
        Some(format!("GET {sent}\n{timestamp}\n{ACCESS}").as_str())
    );
    // Signed over what was sent: accepted (and answered by the service: no such widget).
    nks_error(&call(&gw, "GET", &sent, None).await, 404, "Not Found");
    // The method is signed too.
    let wrong_method = rest("GET", &format!("{V1}/widgets/w-1"), None).with_method("DELETE");
    send(gw.local_addr(), &wrong_method)
        .await
        .assert_gateway_error(401, "200", "Authentication Failed");
    // Unsigned.
    let unsigned = Req::get(&format!("{V1}/widgets"));
    send(gw.local_addr(), &unsigned)
        .await
        .assert_gateway_error(401, "200", "Authentication Failed");
    gw.shutdown().await;
}

#[tokio::test]
async fn a_body_needs_the_json_content_type() {
    let gw = gateway(WidgetsConfig::default()).await;
    let post = |content_type: Option<&str>| {
        let mut request = Req::get(&format!("{V1}/widgets")).with_method("POST");
        request.body = SMALL.as_bytes().to_vec();
        if let Some(value) = content_type {
            request = request.header("Content-Type", value);
        }
        request.signed_with(ACCESS, SECRET, now_ms())
    };
    for (content_type, why) in [
        (None, "none was sent"),
        (Some("text/plain"), "text/plain"),
        (Some("application/x-www-form-urlencoded"), "x-www-form-urlencoded"),
        (Some("application/json;charset=EUC-KR"), "EUC-KR"),
    ] {
        let response = send(gw.local_addr(), &post(content_type)).await;
        response.assert_gateway_error(400, "100", "Bad Request Exception");
        let details = response.json()["error"]["details"].as_str().unwrap().to_owned();
        assert!(details.contains("Content-Type") && details.contains(why), "{details}");
        assert!(matches!(gw.requests().pop().unwrap().verdict, Verdict::BadRequest(_)));
    }
    assert!(gw.widgets().is_empty(), "nothing refused reached the store");
    for accepted in [
        "application/json",
        "application/json;charset=UTF-8",
        "application/json; charset=utf-8",
    ] {
        let response = send(gw.local_addr(), &post(Some(accepted))).await;
        assert_eq!(response.status, 201, "{accepted}: {}", response.text());
    }
    assert_eq!(gw.widgets().len(), 3);
    gw.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Errors

#[tokio::test]
async fn nks_error_envelopes() {
    let gw = gateway(WidgetsConfig::default()).await;
    let widgets = format!("{V1}/widgets");
    // 400: missing name, kind not in the enum, nested tag errors, an unknown property.
    let response = call(
        &gw,
        "POST",
        &widgets,
        Some(r#"{"kind": "HUGE", "tags": [{"key": "k", "value": 1}], "colour": "red"}"#),
    )
    .await;
    let details = nks_error(&response, 400, "Bad Request");
    assert_eq!(
        details,
        json!({"error": [
            {"property": "colour", "children": [], "constraints": {"whitelistValidation": "property colour should not exist"}},
            {"property": "name", "children": [], "constraints": {"isDefined": "name should not be null or undefined"}},
            {"property": "kind", "children": [], "constraints": {"isEnum": "kind must be one of the following values: SMALL, LARGE"}},
            {"property": "tags", "children": [{"property": "0", "children": [
                {"property": "value", "children": [], "constraints": {"isString": "tags[0].value must be a string"}}]}]},
        ]})
    );
    // 400: not JSON, and no body at all.
    for body in [Some("{\"name\": "), None] {
        let details = nks_error(&call(&gw, "POST", &widgets, body).await, 400, "Bad Request");
        assert_eq!(details["error"][0]["property"], "body", "{details}");
    }
    // 409: a change to a widget still creating.
    let created = ok_json(&call(&gw, "POST", &widgets, Some(SMALL)).await, 201);
    assert_eq!(created["status"], "CREATING");
    for (method, body) in [("DELETE", None), ("PATCH", Some("{}")), ("PUT", Some(SMALL))] {
        let details = nks_error(
            &call(&gw, method, &format!("{widgets}/w-1"), body).await,
            409,
            "Conflict",
        );
        assert_eq!(details["status"], "CREATING", "{method}");
        assert_eq!(details["widgetId"], "w-1", "{method}");
    }
    // 404.
    let details = nks_error(
        &call(&gw, "GET", &format!("{widgets}/w-9"), None).await,
        404,
        "Not Found",
    );
    assert!(details["message"].as_str().unwrap().contains("w-9"));
    gw.shutdown().await;
}

#[tokio::test]
async fn standardized_error_envelopes() {
    let gw = gateway(WidgetsConfig {
        error_style: RestErrorStyle::Standard,
        ..WidgetsConfig::default()
    })
    .await;
    let widgets = format!("{V1}/widgets");
    let standard = |response: &Resp, status: u16, code: &str| -> Value {
        assert_eq!(response.status, status, "{}", response.text());
        assert_eq!(response.header("content-type"), Some(JSON_TYPE));
        let body = response.json();
        assert_eq!(body["error"]["errorCode"], code, "{body}");
        assert!(
            body["error"]["message"].is_string() && body["error"]["detail"].is_string(),
            "{body}"
        );
        assert!(
            body.get("timestamp").is_none() && body["error"].get("details").is_none(),
            "{body}"
        );
        body["error"].clone()
    };
    let error = standard(
        &call(&gw, "GET", &format!("{widgets}/w-1"), None).await,
        404,
        "NotFound",
    );
    assert!(error.get("fieldErrors").is_none());
    let response = call(
        &gw,
        "POST",
        &widgets,
        Some(r#"{"name": "n", "kind": "SMALL", "tags": [{"value": "v"}], "spec": {"cpu": 1.5}}"#),
    )
    .await;
    let error = standard(&response, 400, "BadRequest");
    assert_eq!(
        error["fieldErrors"],
        json!([
            {"field": "tags[0].key", "message": "tags[0].key should not be null or undefined"},
            {"field": "spec.cpu", "message": "spec.cpu must be an integer number"},
        ])
    );
    call(&gw, "POST", &widgets, Some(SMALL)).await;
    standard(
        &call(&gw, "DELETE", &format!("{widgets}/w-1"), None).await,
        409,
        "Conflict",
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn gateway_errors_on_rest_routes() {
    let gw = FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_api_key("k-123"))
        .await
        .unwrap();
    // Unknown routes, and a known path with another method: 404 / 300.
    for (method, target) in [
        ("GET", "/widgets/v2/widgets"),
        ("POST", "/widgets/v1/widgets/w-1"),
        ("GET", "/widgets/v1/widgets/w-1/colour"),
        ("GET", "/widgets/v1/widgets/"),
    ] {
        call(&gw, method, target, None)
            .await
            .assert_gateway_error(404, "300", "Not Found Exception");
    }
    // The API key: missing, wrong, repeated → 401 / 200, saying which.
    let export = format!("{V1}/widgets/w-1/export");
    for (keys, why) in [
        (&[][..], "missing header x-ncp-apigw-api-key"),
        (&["test-api-key"], "unknown API key"),
        (&["k-123", "k-123"], "header x-ncp-apigw-api-key sent more than once"),
    ] {
        let mut request = rest("GET", &export, None);
        for key in keys {
            request = request.header("x-ncp-apigw-api-key", key);
        }
        let response = send(gw.local_addr(), &request).await;
        response.assert_gateway_error(401, "200", "Authentication Failed");
        assert_eq!(response.json()["error"]["details"], why);
    }
    let with_key = rest("GET", &export, None).header("x-ncp-apigw-api-key", "k-123");
    nks_error(&send(gw.local_addr(), &with_key).await, 404, "Not Found");
    // Path segments and queries that do not decode: 400 / 100.
    for target in [
        format!("{V1}/widgets/%zz"),
        format!("{V1}/widgets/%FF"),
        format!("{V1}/widgets?offset=%"),
    ] {
        let response = call(&gw, "GET", &target, None).await;
        response.assert_gateway_error(400, "100", "Bad Request Exception");
        assert!(!response.json()["error"]["details"].as_str().unwrap().is_empty());
    }
    // Too large: 413 / 430.
    let big = "x".repeat(MAX_BODY_BYTES + 1);
    call(&gw, "POST", &format!("{V1}/widgets"), Some(&big))
        .await
        .assert_gateway_error(413, "430", "Request Entity Too Large");
    gw.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Paging and lifecycle

#[tokio::test]
async fn offset_paging_pages_and_total() {
    let gw = gateway(WidgetsConfig::immediate()).await;
    for i in 0..7 {
        let name = if i % 2 == 0 {
            format!("even-{i}")
        } else {
            format!("odd-{i}")
        };
        let body = format!(r#"{{"name": "{name}", "kind": "SMALL"}}"#);
        call(&gw, "POST", &format!("{V1}/widgets"), Some(&body)).await;
    }
    let page = |query: String| {
        let gw = &gw;
        async move {
            let body = ok_json(&call(gw, "GET", &format!("{V1}/widgets?{query}"), None).await, 200);
            let ids: Vec<String> = body["widgets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["widgetId"].as_str().unwrap().to_owned())
                .collect();
            (ids, body["total"].as_i64().unwrap())
        }
    };
    let mut seen = Vec::new();
    for (offset, expected) in [(0, 3), (3, 3), (6, 1), (7, 0), (100, 0)] {
        let (ids, total) = page(format!("offset={offset}&limit=3")).await;
        assert_eq!((ids.len(), total), (expected, 7), "offset {offset}");
        seen.extend(ids);
    }
    let all: Vec<String> = (1..=7).map(|n| format!("w-{n}")).collect();
    assert_eq!(seen, all);
    assert_eq!(page(String::new()).await, (all.clone(), 7));
    assert_eq!(
        page("nameFilter=odd&limit=2&offset=1".into()).await,
        (vec!["w-4".to_owned(), "w-6".to_owned()], 3)
    );
    // Out of range: 400 with the property named.
    for (query, property) in [("limit=0", "limit"), ("limit=101", "limit"), ("offset=-1", "offset")] {
        let response = call(&gw, "GET", &format!("{V1}/widgets?{query}"), None).await;
        let details = nks_error(&response, 400, "Bad Request");
        assert_eq!(details["error"][0]["property"], property, "{query}");
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn creating_to_ready_and_deleting_to_gone_are_counted_in_reads() {
    let gw = gateway(WidgetsConfig {
        reads_until_ready: 3,
        reads_until_gone: 1,
        ..WidgetsConfig::default()
    })
    .await;
    let one = format!("{V1}/widgets/w-1");
    let created = ok_json(&call(&gw, "POST", &format!("{V1}/widgets"), Some(SMALL)).await, 201);
    assert_eq!(created["status"], "CREATING");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        // Lists, tags and names do not count.
        call(&gw, "GET", &format!("{V1}/widgets"), None).await;
        call(&gw, "GET", &format!("{one}/tags"), None).await;
        call(&gw, "GET", &format!("{one}/name"), None).await;
        let got = ok_json(&call(&gw, "GET", &one, None).await, 200);
        statuses.push(got["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses, ["CREATING", "CREATING", "CREATING", "READY"]);
    assert_eq!(gw.widget("w-1").unwrap().status, WidgetStatus::Ready);

    assert_eq!(call(&gw, "DELETE", &one, None).await.status, 204);
    assert_eq!(
        gw.widget("w-1").unwrap().status,
        WidgetStatus::Deleting { reads_left: 1 }
    );
    let listed = ok_json(&call(&gw, "GET", &format!("{V1}/widgets"), None).await, 200);
    assert_eq!(listed["widgets"][0]["status"], "DELETING");
    nks_error(&call(&gw, "DELETE", &one, None).await, 409, "Conflict");
    let got = ok_json(&call(&gw, "GET", &one, None).await, 200);
    assert_eq!(got["status"], "DELETING");
    nks_error(&call(&gw, "GET", &one, None).await, 404, "Not Found");
    assert!(gw.widgets().is_empty());
    // Ids are not reused.
    let next = ok_json(&call(&gw, "POST", &format!("{V1}/widgets"), Some(SMALL)).await, 201);
    assert_eq!(next["widgetId"], "w-2");
    gw.settle_widgets();
    assert_eq!(gw.widget("w-2").unwrap().status, WidgetStatus::Ready);
    gw.shutdown().await;
}

#[tokio::test]
async fn queued_behaviours_apply_to_rest_routes() {
    let gw = gateway(WidgetsConfig::immediate()).await;
    gw.push(Behavior::rate_limited());
    call(&gw, "POST", &format!("{V1}/widgets"), Some(SMALL))
        .await
        .assert_gateway_error(429, "420", "Rate Limited");
    assert!(gw.widgets().is_empty(), "a gateway error never reaches the service");
    // A lost answer: the service acted.
    gw.push(Behavior::DropConnection);
    let mut stream = tokio::net::TcpStream::connect(gw.local_addr()).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(
        &mut stream,
        &rest("POST", &format!("{V1}/widgets"), Some(SMALL)).bytes(true),
    )
    .await
    .unwrap();
    let mut reader = tokio::io::BufReader::new(stream);
    assert!(read_head(&mut reader).await.unwrap().is_none());
    assert_eq!(gw.widgets().len(), 1);
    gw.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The binary

struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_flags_configure_the_widget_api() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--access-key", ACCESS, "--secret-key", SECRET, "--api-key", "bin-key"])
        .args(["--widget-reads-until-ready", "1", "--widget-reads-until-gone", "0"])
        .args(["--rest-error-style", "standard", "--max-widgets", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _binary = Binary(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .parse()
        .unwrap();

    let created = send(addr, &rest("POST", &format!("{V1}/widgets"), Some(SMALL))).await;
    assert_eq!(ok_json(&created, 201)["status"], "CREATING");
    let refused = send(addr, &rest("POST", &format!("{V1}/widgets"), Some(SMALL))).await;
    assert_eq!(
        (refused.status, &refused.json()["error"]["errorCode"]),
        (400, &json!("BadRequest"))
    );
    let one = format!("{V1}/widgets/w-1");
    assert_eq!(
        ok_json(&send(addr, &rest("GET", &one, None)).await, 200)["status"],
        "CREATING"
    );
    assert_eq!(
        ok_json(&send(addr, &rest("GET", &one, None)).await, 200)["status"],
        "READY"
    );
    let export = format!("{one}/export");
    let with_key = rest("GET", &export, None).header("x-ncp-apigw-api-key", "bin-key");
    assert_eq!(send(addr, &with_key).await.status, 200);
    let default_key = rest("GET", &export, None).header("x-ncp-apigw-api-key", API_KEY);
    send(addr, &default_key)
        .await
        .assert_gateway_error(401, "200", "Authentication Failed");
    assert_eq!(send(addr, &rest("DELETE", &one, None)).await.status, 204);
    let gone = send(addr, &rest("GET", &one, None)).await;
    assert_eq!(
        (gone.status, &gone.json()["error"]["errorCode"]),
        (404, &json!("NotFound"))
    );
}

#[test]
fn the_binary_refuses_a_bad_error_style() {
    let output = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--rest-error-style", "xml"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--rest-error-style") && stderr.contains("nks or standard"),
        "{stderr}"
    );
}
