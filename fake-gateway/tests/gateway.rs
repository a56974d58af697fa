//! The fake NCP API Gateway, exercised over real sockets with the hand-written HTTP/1.1 client
//! of `common/`: routing, authentication, parameters, queued behaviours and robustness. The
//! snapshot lifecycle is in `lifecycle.rs`.

mod common;

use std::io;
use std::time::{Duration, Instant};

use common::*;
use ncloud_fake_gateway::{
    Action, Answer, AuthFailure, Behavior, FakeGateway, Format, GATEWAY_ERRORS, GatewayConfig, MAX_BODY_BYTES, Verdict,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

const BLOCK: &str = "/vserver/v2/createBlockStorageSnapshotInstance";
const NAS: &str = "/server/v2/createNasVolumeSnapshot";

const BLOCK_XML: &str = include_str!("../payloads/a_block_storage_2024.xml");
const BLOCK_JSON: &str = include_str!("../payloads/a_block_storage_2024.json");
const NAS_XML: &str = include_str!("../payloads/d_nas_snapshot_seed.xml");
const NAS_JSON: &str = include_str!("../payloads/d_nas_snapshot_seed.json");

async fn gateway() -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET)).await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Normal processing

#[tokio::test]
async fn create_answers_have_the_shape_of_the_real_payloads_in_xml_and_json() {
    let gw = gateway().await;
    let cases = [
        (
            BLOCK,
            "regionCode=KR&originalBlockStorageInstanceNo=1234567",
            Format::Xml,
            BLOCK_XML,
        ),
        (
            BLOCK,
            "originalBlockStorageInstanceNo=1234567&responseFormatType=xml",
            Format::Xml,
            BLOCK_XML,
        ),
        (
            BLOCK,
            "regionCode=KR&originalBlockStorageInstanceNo=1234567&responseFormatType=json",
            Format::Json,
            BLOCK_JSON,
        ),
        (NAS, "nasVolumeInstanceNo=3901", Format::Xml, NAS_XML),
        (
            NAS,
            "nasVolumeInstanceNo=3902&responseFormatType=json",
            Format::Json,
            NAS_JSON,
        ),
    ];
    let mut answers = vec![];
    for (path, query, format, payload) in cases {
        let response = send(gw.local_addr(), &Req::signed_get(&target(path, query))).await;
        assert_eq!(response.status, 200, "{path}?{query}: {}", response.text());
        assert_eq!(response.header("content-type"), Some(format.content_type()));
        assert!(response.header("x-ncp-trace-id").is_some_and(|t| !t.is_empty()));
        match format {
            Format::Xml => assert_eq!(xml_tags(response.text()), xml_tags(payload), "{}", response.text()),
            Format::Json => assert_eq!(
                json_shape(&response.json()),
                json_shape(&serde_json::from_str(payload).unwrap()),
                "{}",
                response.text()
            ),
        }
        answers.push(response);
    }
    // Each create made a snapshot: numbers in creation order, the request's volume, creating.
    let xml = answers[0].text();
    assert_eq!(xml_one(xml, "blockStorageSnapshotInstanceNo"), "3183468");
    assert_eq!(xml_one(xml, "originalBlockStorageInstanceNo"), "1234567");
    assert_eq!(xml_one(xml, "blockStorageSnapshotInstanceStatusName"), "creating");
    assert_eq!(xml_all(xml, "code"), ["INIT", "CREAT", "FULL", "XEN"]);
    assert_eq!(xml_one(xml, "createDate"), "2024-06-15T17:49:14+0900");
    let json = answers[2].json();
    let item = &json["createBlockStorageSnapshotInstanceResponse"]["blockStorageSnapshotInstanceList"][0];
    assert_eq!(item["blockStorageSnapshotInstanceNo"], "3183470");
    assert_eq!(item["blockStorageSnapshotVolumeSize"], 53_687_091_200i64);
    let numbers: Vec<u64> = gw.block_storage_snapshots().iter().map(|s| s.instance_no).collect();
    assert_eq!(numbers, [3_183_468, 3_183_469, 3_183_470]);
    assert_eq!(
        xml_one(answers[3].text(), "nasVolumeSnapshotName"),
        "now.20210916.000000"
    );
    assert_eq!(gw.snapshot_count(), 5);
    assert_eq!(gw.request_count(Action::CreateBlockStorageSnapshotInstance), 3);
    assert_eq!(gw.request_count(Action::CreateNasVolumeSnapshot), 2);
    gw.shutdown().await;
}

#[tokio::test]
async fn every_request_is_recorded_as_received() {
    let gw = gateway().await;
    // Escapes, a `+`, a repeated and an empty parameter: recorded and signed verbatim.
    let t = target(
        BLOCK,
        "originalBlockStorageInstanceNo=12%2B3&blockStorageSnapshotDescription=%E8%AA%AC+x&&regionCode=KR&regionCode=JP",
    );
    let response = send(gw.local_addr(), &Req::signed_get(&t).header("X-Custom", "Value")).await;
    assert_eq!(response.status, 200, "{}", response.text());
    send(gw.local_addr(), &Req::get("/unknown?a=b")).await;

    let requests = gw.requests();
    assert_eq!(requests.len(), 2);
    let r = &requests[0];
    assert_eq!(
        (r.sequence, r.method.as_str(), r.target.as_str()),
        (0, "GET", t.as_str())
    );
    assert_eq!(r.header("x-custom"), Some("Value"));
    assert_eq!(r.header("X-NCP-IAM-ACCESS-KEY"), Some(ACCESS));
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    };
    assert_eq!(
        r.query,
        Ok(pairs(&[
            ("originalBlockStorageInstanceNo", "12+3"),
            ("blockStorageSnapshotDescription", "説+x"),
            ("regionCode", "KR"),
            ("regionCode", "JP"),
        ]))
    );
    assert_eq!(r.param("regionCode"), Some("KR"));
    assert_eq!(r.action, Some(Action::CreateBlockStorageSnapshotInstance));
    assert_eq!(r.auth, Ok(()));
    assert!(r.signature_valid && r.timestamp_valid);
    let timestamp = r.header("x-ncp-apigw-timestamp").unwrap();
    assert_eq!(
        r.string_to_sign.as_deref(),
        Some(format!("GET {t}\n{timestamp}\n{ACCESS}").as_str())
    );
    assert_eq!(r.verdict, Verdict::Success);
    assert_eq!(r.behavior, None);
    assert_eq!(
        r.answer,
        Answer::Payload {
            action: Action::CreateBlockStorageSnapshotInstance,
            format: Format::Xml
        }
    );
    assert_eq!(r.status(), Some(200));
    assert_eq!(response.header("x-ncp-trace-id"), Some(r.trace_id.as_str()));

    let r = &requests[1];
    assert_eq!(
        (r.target.as_str(), r.action, r.status()),
        ("/unknown?a=b", None, Some(404))
    );
    assert_eq!(r.auth, Err(AuthFailure::MissingHeader("x-ncp-apigw-timestamp")));
    assert!(!r.signature_valid && !r.timestamp_valid);
    assert_eq!(gw.total_request_count(), 2);
    assert_eq!(gw.request_count(Action::CreateNasVolumeSnapshot), 0);
    assert!(
        r.to_string()
            .starts_with("GET /unknown?a=b | not found | 404 gateway error 300"),
        "{r}"
    );
}

#[tokio::test]
async fn bad_signatures_are_refused_with_401() {
    let gw = gateway().await;
    let t = target(NAS, "nasVolumeInstanceNo=1");
    let now = now_ms();
    let refused = [
        Req::get(&t).signed_with(ACCESS, "wrong-secret", now),
        Req::get(&t).signed_with("unknown-access-key", SECRET, now),
        // Signed over another target than the one sent.
        Req::get(&target(NAS, "nasVolumeInstanceNo=2"))
            .signed_with(ACCESS, SECRET, now)
            .with_target(&t),
        // Signed as POST, sent as GET.
        Req {
            method: "POST".into(),
            ..Req::get(&t)
        }
        .signed_with(ACCESS, SECRET, now)
        .with_method("GET"),
        Req::get(&t)
            .signed_with(ACCESS, SECRET, now)
            .without("x-ncp-apigw-signature-v2")
            .header("x-ncp-apigw-signature-v2", "bm90IGEgc2lnbmF0dXJl"),
    ];
    for request in &refused {
        let response = send(gw.local_addr(), request).await;
        response.assert_gateway_error(401, "200", "Authentication Failed");
    }
    let verdicts: Vec<_> = gw.requests().into_iter().map(|r| r.auth).collect();
    assert_eq!(
        verdicts,
        [
            Err(AuthFailure::BadSignature),
            Err(AuthFailure::UnknownAccessKey),
            Err(AuthFailure::BadSignature),
            Err(AuthFailure::BadSignature),
            Err(AuthFailure::BadSignature),
        ]
    );
}

#[tokio::test]
async fn the_signature_covers_the_query_exactly_as_sent() {
    let gw = gateway().await;
    let sent = target(NAS, "nasVolumeInstanceNo=a%20b%2Bc&responseFormatType=json");
    // Signing a re-encoded or decoded form of the same query is refused...
    for signed in [
        target(NAS, "nasVolumeInstanceNo=a+b%2Bc&responseFormatType=json"),
        target(NAS, "nasVolumeInstanceNo=a b+c&responseFormatType=json"),
        target(NAS, "nasVolumeInstanceNo=a%20b%2bc&responseFormatType=json"),
    ] {
        let request = Req::get(&signed)
            .signed_with(ACCESS, SECRET, now_ms())
            .with_target(&sent);
        send(gw.local_addr(), &request)
            .await
            .assert_gateway_error(401, "200", "Authentication Failed");
    }
    // ... signing the exact bytes sent is not.
    let response = send(gw.local_addr(), &Req::signed_get(&sent)).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        gw.requests().last().unwrap().param("nasVolumeInstanceNo"),
        Some("a b+c")
    );
}

#[tokio::test]
async fn stale_or_malformed_timestamps_are_refused_with_401() {
    let gw = gateway().await;
    let t = target(BLOCK, "originalBlockStorageInstanceNo=1");
    let minute = 60_000;
    for offset in [-6 * minute, 6 * minute, -10 * 24 * 60 * minute] {
        let response = send(
            gw.local_addr(),
            &Req::get(&t).signed_with(ACCESS, SECRET, now_ms() + offset),
        )
        .await;
        response.assert_gateway_error(401, "200", "Authentication Failed");
        let record = gw.requests().pop().unwrap();
        assert!(record.signature_valid && !record.timestamp_valid, "{record:?}");
        assert!(
            matches!(record.auth, Err(AuthFailure::StaleTimestamp { .. })),
            "{record:?}"
        );
    }
    for offset in [-4 * minute, 4 * minute] {
        let response = send(
            gw.local_addr(),
            &Req::get(&t).signed_with(ACCESS, SECRET, now_ms() + offset),
        )
        .await;
        assert_eq!(response.status, 200, "{}", response.text());
    }
    // Seconds instead of milliseconds, or not a number: signed correctly, still refused.
    for timestamp in [
        (now_ms() / 1000).to_string(),
        "soon".to_string(),
        format!("{}.0", now_ms()),
    ] {
        let signature = sign("GET", &t, &timestamp, ACCESS, SECRET);
        let request = Req::get(&t)
            .header("x-ncp-apigw-timestamp", &timestamp)
            .header("x-ncp-iam-access-key", ACCESS)
            .header("x-ncp-apigw-signature-v2", &signature);
        send(gw.local_addr(), &request)
            .await
            .assert_gateway_error(401, "200", "Authentication Failed");
    }
}

#[tokio::test]
async fn a_missing_empty_or_repeated_auth_header_is_refused_with_401() {
    let gw = gateway().await;
    let t = target(BLOCK, "originalBlockStorageInstanceNo=1");
    let names = [
        "x-ncp-apigw-timestamp",
        "x-ncp-iam-access-key",
        "x-ncp-apigw-signature-v2",
    ];
    for name in names {
        let missing = Req::signed_get(&t).without(name);
        send(gw.local_addr(), &missing)
            .await
            .assert_gateway_error(401, "200", "Authentication Failed");
        let empty = Req::signed_get(&t).without(name).header(name, "");
        send(gw.local_addr(), &empty)
            .await
            .assert_gateway_error(401, "200", "Authentication Failed");
    }
    // The -v1 name some SDKs use instead is not accepted.
    let request = Req::signed_get(&t);
    let signature = request.headers.last().unwrap().1.clone();
    let v1 = request
        .without("x-ncp-apigw-signature-v2")
        .header("x-ncp-apigw-signature-v1", &signature);
    send(gw.local_addr(), &v1)
        .await
        .assert_gateway_error(401, "200", "Authentication Failed");
    let twice = Req::signed_get(&t).header("x-ncp-apigw-signature-v2", &signature);
    send(gw.local_addr(), &twice)
        .await
        .assert_gateway_error(401, "200", "Authentication Failed");

    let failures: Vec<_> = gw.requests().into_iter().map(|r| r.auth.unwrap_err()).collect();
    assert_eq!(
        &failures[..2],
        [
            AuthFailure::MissingHeader(names[0]),
            AuthFailure::MissingHeader(names[0])
        ]
    );
    assert_eq!(failures[6], AuthFailure::MissingHeader(names[2]));
    assert_eq!(failures[7], AuthFailure::DuplicateHeader(names[2]));
}

#[tokio::test]
async fn unknown_paths_are_404_before_authentication() {
    let gw = gateway().await;
    for path in [
        "/vserver/v2/createBlockStorageSnapshotInstance/",
        "/vserver/v2/createblockstoragesnapshotinstance",
        "/vserver/v2/create%42lockStorageSnapshotInstance",
        "/vnas/v2/createBlockStorageSnapshotInstance",
        "/vserver/v2/getNasVolumeSnapshotList",
        "/server/v2/createBlockStorageSnapshotInstance",
        "/",
    ] {
        let signed = send(gw.local_addr(), &Req::signed_get(&format!("{path}?x=1"))).await;
        signed.assert_gateway_error(404, "300", "Not Found Exception");
        let unsigned = send(gw.local_addr(), &Req::get(path)).await;
        unsigned.assert_gateway_error(404, "300", "Not Found Exception");
    }
}

#[tokio::test]
async fn missing_or_invalid_parameters_are_400_response_errors() {
    let gw = gateway().await;
    let cases = [
        // (target, format of the answer)
        (target(BLOCK, "regionCode=KR"), Format::Xml),
        (target(BLOCK, "regionCode=KR&responseFormatType=json"), Format::Json),
        (
            target(BLOCK, "originalBlockStorageInstanceNo=&responseFormatType=json"),
            Format::Json,
        ),
        (target(BLOCK, "originalBlockStorageInstanceNo"), Format::Xml),
        (target(NAS, "nasvolumeinstanceno=1"), Format::Xml),
        (NAS.to_string(), Format::Xml),
        (
            target(NAS, "responseFormatType=json&originalBlockStorageInstanceNo=1"),
            Format::Json,
        ),
        // Malformed escape, not UTF-8, unknown format.
        (
            target(NAS, "nasVolumeInstanceNo=1%2&responseFormatType=json"),
            Format::Json,
        ),
        (target(NAS, "nasVolumeInstanceNo=%ff%fe"), Format::Xml),
        (
            target(NAS, "nasVolumeInstanceNo=1&responseFormatType=JSON"),
            Format::Xml,
        ),
        (
            target(NAS, "nasVolumeInstanceNo=1&responseFormatType=yaml"),
            Format::Xml,
        ),
        (target(NAS, "nasVolumeInstanceNo=1&responseFormatType="), Format::Xml),
    ];
    for (t, format) in &cases {
        let response = send(gw.local_addr(), &Req::signed_get(t)).await;
        let code = response.assert_service_error(400, *format);
        assert!(code == "900" || code == "910", "{t}: {code}");
    }
    for record in gw.requests() {
        assert!(record.signature_valid, "{record:?}");
        assert!(matches!(record.verdict, Verdict::InvalidRequest { .. }), "{record:?}");
    }
}

#[tokio::test]
async fn post_with_a_form_body_is_served_and_other_methods_are_not() {
    let gw = gateway().await;
    let post = Req::signed_post;
    let response = send(
        gw.local_addr(),
        &post(NAS, "nasVolumeInstanceNo=3901&responseFormatType=json"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.json()["createNasVolumeSnapshotResponse"]["nasVolumeSnapshotList"][0]["nasVolumeSnapshotName"],
        "now.20210916.000000"
    );
    let record = gw.requests().pop().unwrap();
    assert_eq!(record.param("nasVolumeInstanceNo"), Some("3901"));
    assert_eq!(record.query, Ok(vec![]));

    // The query and the body combine; `+` is a space in a form body.
    let response = send(
        gw.local_addr(),
        &post(
            &target(BLOCK, "responseFormatType=json"),
            "originalBlockStorageInstanceNo=1+2",
        ),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        gw.requests().pop().unwrap().param("originalBlockStorageInstanceNo"),
        Some("1 2")
    );

    let response = send(gw.local_addr(), &post(NAS, "responseFormatType=json")).await;
    response.assert_service_error(400, Format::Json);

    let huge = "a".repeat(MAX_BODY_BYTES + 1);
    send(gw.local_addr(), &post(NAS, &huge))
        .await
        .assert_gateway_error(413, "430", "Request Entity Too Large");

    for method in ["PUT", "DELETE", "PATCH"] {
        let request = Req::get(&target(NAS, "nasVolumeInstanceNo=1"))
            .with_method(method)
            .signed_with(ACCESS, SECRET, now_ms());
        let response = send(gw.local_addr(), &request).await;
        response.assert_gateway_error(405, "405", "Method Not Allowed");
    }
}

#[tokio::test]
async fn keep_alive_connections_serve_several_requests() {
    let gw = gateway().await;
    let exchange = async {
        let stream = TcpStream::connect(gw.local_addr()).await?;
        let mut reader = BufReader::new(stream);
        let mut statuses = vec![];
        for t in [
            target(NAS, "nasVolumeInstanceNo=1"),
            "/nope".into(),
            target(BLOCK, "originalBlockStorageInstanceNo=1"),
        ] {
            reader.get_mut().write_all(&Req::signed_get(&t).bytes(false)).await?;
            statuses.push(read_response(&mut reader).await?.status);
        }
        io::Result::Ok(statuses)
    };
    assert_eq!(timeout(LIMIT, exchange).await.unwrap().unwrap(), [200, 404, 200]);
}

// ---------------------------------------------------------------------------------------------
// Queued behaviours

fn good_target(format: Format) -> String {
    target(NAS, &format!("nasVolumeInstanceNo=1&responseFormatType={format}"))
}

#[tokio::test]
async fn every_gateway_error_row_is_answered_as_the_real_gateway_would() {
    let gw = gateway().await;
    let constructors = [
        Behavior::bad_request(),
        Behavior::authentication_failed(),
        Behavior::permission_denied(),
        Behavior::not_found(),
        Behavior::quota_exceeded(),
        Behavior::throttle_limited(),
        Behavior::rate_limited(),
        Behavior::request_entity_too_large(),
        Behavior::endpoint_error(),
        Behavior::endpoint_timeout(),
        Behavior::unexpected_error(),
    ];
    assert_eq!(constructors.to_vec(), Behavior::all_gateway_errors());
    for behavior in constructors {
        gw.push(behavior);
    }
    for (status, code, message) in GATEWAY_ERRORS {
        let response = send(gw.local_addr(), &Req::signed_get(&good_target(Format::Xml))).await;
        response.assert_gateway_error(status, code, message);
        assert_eq!(response.json()["error"]["details"], "");
    }
    // A behaviour applies whatever the request: even an unsigned one to an unknown path.
    gw.push(Behavior::gateway_error(503, "500", "Endpoint Error"));
    send(gw.local_addr(), &Req::get("/nope"))
        .await
        .assert_gateway_error(503, "500", "Endpoint Error");
    let record = gw.requests().pop().unwrap();
    assert_eq!(record.verdict, Verdict::NotFound);
    assert_eq!(record.behavior, Some(Behavior::endpoint_error()));
}

#[tokio::test]
async fn service_errors_come_in_the_requested_format() {
    let gw = gateway().await;
    let seen = [
        (Behavior::try_again_later(), 500, "1000"),
        (Behavior::product_code_not_found(), 400, "1413"),
        (Behavior::busy(), 400, "1200004"),
        (Behavior::invalid_consumer_key(), 401, "800"),
        (
            Behavior::service_error(503, "1300", "Temporarily <out> of \"service\" & co."),
            503,
            "1300",
        ),
    ];
    for (behavior, status, code) in &seen {
        for format in [Format::Xml, Format::Json] {
            gw.push(behavior.clone());
            let response = send(gw.local_addr(), &Req::signed_get(&good_target(format))).await;
            assert_eq!(response.assert_service_error(*status, format), *code);
        }
    }
    // Special characters are escaped in both formats.
    gw.push(Behavior::service_error(
        503,
        "1300",
        "Temporarily <out> of \"service\" & co.",
    ));
    let xml = send(gw.local_addr(), &Req::signed_get(&good_target(Format::Xml))).await;
    assert_eq!(
        xml.text(),
        "<responseError><returnCode>1300</returnCode><returnMessage>Temporarily &lt;out&gt; of &quot;service&quot; \
         &amp; co.</returnMessage></responseError>"
    );
    gw.push(Behavior::try_again_later());
    let json = send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json))).await;
    assert_eq!(
        json.json(),
        serde_json::json!({"responseError": {"returnCode": "1000", "returnMessage": "Please try your call again later."}})
    );
}

#[tokio::test]
async fn behaviours_are_consumed_first_in_first_out() {
    let gw = gateway().await;
    gw.push(Behavior::rate_limited());
    gw.push(Behavior::Normal);
    gw.push(Behavior::try_again_later());
    assert_eq!(gw.pending_behaviors(), 3);
    let mut statuses = vec![];
    for _ in 0..4 {
        statuses.push(
            send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json)))
                .await
                .status,
        );
    }
    assert_eq!(statuses, [429, 200, 500, 200]);
    assert_eq!(gw.pending_behaviors(), 0);
    let behaviors: Vec<_> = gw.requests().into_iter().map(|r| r.behavior).collect();
    assert_eq!(
        behaviors,
        [
            Some(Behavior::rate_limited()),
            Some(Behavior::Normal),
            Some(Behavior::try_again_later()),
            None
        ]
    );
    gw.push(Behavior::Hang);
    gw.clear_behaviors();
    assert_eq!(
        send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json)))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn malformed_bodies_do_not_parse() {
    let gw = gateway().await;
    for (format, payload) in [(Format::Json, NAS_JSON), (Format::Xml, NAS_XML)] {
        gw.push(Behavior::MalformedBody);
        let response = send(gw.local_addr(), &Req::signed_get(&good_target(format))).await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some(format.content_type()));
        assert_eq!(
            response.header("content-length"),
            Some(response.body.len().to_string().as_str())
        );
        assert!(!response.body.is_empty() && response.body.len() < payload.len());
        assert!(payload.starts_with(response.text()));
        if format == Format::Json {
            assert!(serde_json::from_str::<serde_json::Value>(response.text()).is_err());
        } else {
            assert!(!response.text().contains("</createNasVolumeSnapshotResponse>"));
        }
    }
}

/// Peak resident memory of this process, from /proc (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Streams a huge body and counts it without keeping it; returns (headers, bytes counted).
async fn count_huge(gw: &FakeGateway, behavior: Behavior, format: Format) -> (Vec<(String, String)>, u64, Vec<u8>) {
    gw.push(behavior);
    let exchange = async {
        let mut stream = TcpStream::connect(gw.local_addr()).await?;
        stream
            .write_all(&Req::signed_get(&good_target(format)).bytes(true))
            .await?;
        let mut reader = BufReader::with_capacity(64 * 1024, stream);
        let (status, headers) = read_head(&mut reader).await?.unwrap();
        assert_eq!(status, 200);
        let mut count = 0u64;
        let mut start = Vec::new();
        read_body(&mut reader, &headers, |piece| {
            if start.len() < 100 {
                start.extend_from_slice(&piece[..piece.len().min(100 - start.len())]);
            }
            count += piece.len() as u64;
        })
        .await?;
        io::Result::Ok((headers, count, start))
    };
    timeout(Duration::from_secs(5), exchange).await.unwrap().unwrap()
}

#[tokio::test]
async fn huge_bodies_are_streamed_not_buffered() {
    let gw = gateway().await;
    const SIZE: u64 = 48 * 1024 * 1024;
    let before = peak_rss();
    let started = Instant::now();
    let (headers, count, start) = count_huge(&gw, Behavior::HugeBody { bytes: SIZE }, Format::Json).await;
    assert_eq!(count, SIZE);
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(header("content-length"), Some(SIZE.to_string()));
    assert_eq!(header("content-type").as_deref(), Some(Format::Json.content_type()));
    assert!(start.starts_with(b"{\"createBlockStorageSnapshotInstanceResponse\": {\"requestId\": \"xxx"));

    let (headers, count, start) = count_huge(&gw, Behavior::HugeChunkedBody { bytes: SIZE }, Format::Xml).await;
    assert_eq!(count, SIZE);
    let chunked = headers
        .iter()
        .find(|(n, _)| n == "transfer-encoding")
        .map(|(_, v)| v.as_str());
    assert_eq!(chunked, Some("chunked"));
    assert!(!headers.iter().any(|(n, _)| n == "content-length"));
    assert!(start.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    eprintln!("2 x {SIZE} bytes streamed in {:?}", started.elapsed());

    // Neither side kept the body: the peak grew by far less than one body.
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        assert!(after - before < SIZE / 4, "peak RSS grew by {} bytes", after - before);
    }
    // Tiny sizes are exact too.
    for bytes in [0, 1, 10, 100, 65 * 1024 + 3] {
        let (_, count, _) = count_huge(&gw, Behavior::HugeBody { bytes }, Format::Xml).await;
        assert_eq!(count, bytes);
        let (_, count, _) = count_huge(&gw, Behavior::HugeChunkedBody { bytes }, Format::Json).await;
        assert_eq!(count, bytes);
    }
}

#[tokio::test]
async fn hang_reads_the_request_and_never_answers() {
    let gw = gateway().await;
    gw.push(Behavior::Hang);
    let mut stream = TcpStream::connect(gw.local_addr()).await.unwrap();
    stream
        .write_all(&Req::signed_get(&good_target(Format::Json)).bytes(true))
        .await
        .unwrap();
    let mut buf = [0u8; 1];
    let read = timeout(Duration::from_millis(300), stream.read(&mut buf)).await;
    assert!(read.is_err(), "the gateway answered: {read:?}");
    // The request reached the gateway and was judged.
    let record = gw.requests().pop().unwrap();
    assert_eq!(record.status(), None);
    assert_eq!((record.verdict, record.answer), (Verdict::Success, Answer::Hang));
    // Shutting down closes the hanging connection promptly.
    timeout(Duration::from_secs(1), gw.shutdown())
        .await
        .expect("shutdown does not wait for hanging requests");
    let read = timeout(Duration::from_secs(1), stream.read(&mut buf)).await.unwrap();
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
}

#[tokio::test]
async fn drop_connection_closes_without_a_byte_after_reading_the_request() {
    let gw = gateway().await;
    gw.push(Behavior::DropConnection);
    let mut stream = TcpStream::connect(gw.local_addr()).await.unwrap();
    stream
        .write_all(&Req::signed_get(&good_target(Format::Json)).bytes(false))
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = timeout(LIMIT, stream.read_to_end(&mut received)).await.unwrap();
    assert!(received.is_empty(), "{:?}", String::from_utf8_lossy(&received));
    assert_eq!(read.unwrap(), 0);
    let record = gw.requests().pop().unwrap();
    assert_eq!(
        (record.verdict, record.answer),
        (Verdict::Success, Answer::DropConnection)
    );
    assert_eq!(gw.request_count(Action::CreateNasVolumeSnapshot), 1);
    // The next request is served normally.
    assert_eq!(
        send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json)))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn delay_waits_then_behaves() {
    let gw = gateway().await;
    gw.push(Behavior::delay(Duration::from_millis(200), Behavior::Normal));
    gw.push(Behavior::delay(
        Duration::from_millis(50),
        Behavior::delay(Duration::from_millis(50), Behavior::rate_limited()),
    ));
    let started = Instant::now();
    let response = send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json))).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["createNasVolumeSnapshotResponse"]["returnCode"], "0");
    let started = Instant::now();
    send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json)))
        .await
        .assert_gateway_error(429, "420", "Rate Limited");
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(gw.requests().pop().unwrap().delay, Duration::from_millis(100));
}

// ---------------------------------------------------------------------------------------------
// Robustness and lifecycle

#[tokio::test]
async fn garbage_does_not_break_the_gateway() {
    let gw = gateway().await;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut inputs: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02garbage\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET /server/v2/createNasVolumeSnapshot?\xff\xfe HTTP/1.1\r\n\r\n".to_vec(),
        b"GET /server/v2/createNasVolumeSnapshot HTTP/1.1\r\nx-ncp-apigw-timestamp: \xff\r\n\r\n".to_vec(),
        b"POST /server/v2/createNasVolumeSnapshot HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec(),
        b"POST /server/v2/createNasVolumeSnapshot HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000)).into_bytes(),
        format!("GET / HTTP/1.1\r\n{}\r\n", "h: v\r\n".repeat(500)).into_bytes(),
    ];
    for _ in 0..40 {
        let len = (random() % 512) as usize;
        inputs.push((0..len).map(|_| random() as u8).collect());
    }
    for input in &inputs {
        let exchange = async {
            let mut stream = TcpStream::connect(gw.local_addr()).await?;
            // The gateway may close before reading everything: write errors are fine.
            let _ = stream.write_all(input).await;
            let _ = stream.shutdown().await;
            let mut sink = Vec::new();
            let _ = stream.read_to_end(&mut sink).await;
            io::Result::Ok(())
        };
        timeout(LIMIT, exchange)
            .await
            .expect("the gateway answers or closes")
            .unwrap();
    }
    let response = send(gw.local_addr(), &Req::signed_get(&good_target(Format::Json))).await;
    assert_eq!(response.status, 200);
}

/// Opens `count` connections to `addr` that send nothing (or, every other one, half a request
/// head), as an idle pool or a slow client would, and keeps them open.
async fn idle_connections(addr: std::net::SocketAddr, count: usize) -> Vec<TcpStream> {
    let mut idle = Vec::with_capacity(count);
    for i in 0..count {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        if i % 2 == 1 {
            stream.write_all(b"GET /vserver/v2/getBlock").await.unwrap();
        }
        idle.push(stream);
    }
    idle
}

#[tokio::test]
async fn idle_connections_do_not_keep_a_real_request_waiting() {
    let gw = gateway().await;
    // A request in progress when the idle ones arrive keeps its connection.
    gw.push(Behavior::Hang);
    let mut hanging = TcpStream::connect(gw.local_addr()).await.unwrap();
    hanging
        .write_all(&Req::signed_get(&good_target(Format::Json)).bytes(false))
        .await
        .unwrap();
    while gw.requests().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let idle = idle_connections(gw.local_addr(), 300).await;
    // Generous: the point is that it is answered at all while the idle connections stay open.
    let exchange = async {
        let mut stream = TcpStream::connect(gw.local_addr()).await?;
        stream
            .write_all(&Req::signed_get(&good_target(Format::Json)).bytes(true))
            .await?;
        read_response(&mut BufReader::new(stream)).await
    };
    let response = timeout(Duration::from_secs(20), exchange)
        .await
        .expect("a signed request is answered while 300 idle connections are open")
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    let mut buf = [0u8; 1];
    let read = timeout(Duration::from_millis(200), hanging.read(&mut buf)).await;
    assert!(
        read.is_err(),
        "the connection with a request in progress was closed: {read:?}"
    );
    drop(idle);
}

#[tokio::test]
async fn a_connection_that_sends_no_complete_head_in_time_is_closed() {
    let config = GatewayConfig::new(ACCESS, SECRET).with_header_read_timeout(Duration::from_millis(200));
    let gw = FakeGateway::start(config).await.unwrap();
    assert_eq!(gw.config().header_read_timeout, Duration::from_millis(200));
    for partial in [&b""[..], b"GET /vserver/v2/getBlock"] {
        let mut stream = TcpStream::connect(gw.local_addr()).await.unwrap();
        stream.write_all(partial).await.unwrap();
        let mut received = Vec::new();
        // Generous: the point is that it is closed at all (an end or a reset, either is fine).
        let _closed = timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
            .await
            .expect("the gateway closes a connection without a complete head");
    }
    // A keep-alive connection idle past the timeout after its answer is closed too; a request
    // sent in time is answered.
    let stream = TcpStream::connect(gw.local_addr()).await.unwrap();
    let mut reader = BufReader::new(stream);
    reader
        .get_mut()
        .write_all(&Req::signed_get(&good_target(Format::Json)).bytes(false))
        .await
        .unwrap();
    let response = timeout(LIMIT, read_response(&mut reader)).await.unwrap().unwrap();
    assert_eq!(response.status, 200);
    let mut rest = Vec::new();
    let _closed = timeout(Duration::from_secs(10), reader.read_to_end(&mut rest))
        .await
        .expect("an idle keep-alive connection is closed after the timeout");
    assert_eq!(
        GatewayConfig::default().header_read_timeout,
        ncloud_fake_gateway::HEADER_READ_TIMEOUT
    );
}

#[tokio::test]
async fn shutdown_and_drop_release_the_port() {
    let gw = gateway().await;
    let addr = gw.local_addr();
    assert_eq!(gw.base_url(), format!("http://127.0.0.1:{}", addr.port()));
    assert_ne!(addr.port(), 0);
    // An idle keep-alive connection does not hold shutdown up.
    let idle = TcpStream::connect(addr).await.unwrap();
    timeout(Duration::from_secs(1), gw.shutdown()).await.unwrap();
    assert!(TcpStream::connect(addr).await.is_err());
    drop(idle);

    let gw = gateway().await;
    let addr = gw.local_addr();
    gw.push(Behavior::Hang);
    let mut hanging = TcpStream::connect(addr).await.unwrap();
    hanging
        .write_all(&Req::signed_get(&good_target(Format::Xml)).bytes(true))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(gw);
    let mut buf = [0u8; 16];
    let read = timeout(Duration::from_secs(1), hanging.read(&mut buf))
        .await
        .expect("drop closes connections");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert!(TcpStream::connect(addr).await.is_err());
}
