//! A client generated from a document shaped as NCP's exports of IAM-signed APIs
//! (`generator/tests/fixtures/exports/edge_iam.json`: the `x-ncp-iam` scheme with
//! `x-ncp-apigw-auth-ver: v2`, a query list in `form` style, hidden parameters, answers that are
//! a model, a bare object, a string or a boolean), against scripted answers: what it sends, what
//! it signs, and what it decodes.

use std::sync::{Arc, Mutex};

use ncloud_runtime::transport::SendFuture;
use ncloud_runtime::{Client, Credentials, HttpRequest, HttpResponse, Transport};
use ncloud_tests::fixtures::edge_iam::{
    Api, DeleteEdgesEdgeId, GetDashboardsUsage, GetEdgesEdgeIdStatus, PostEdges, PutEdgesEdgeIdLabels,
    PutEdgesEdgeIdOptions,
};

/// Answers every request with `body` (status 200, JSON) and keeps what was sent.
#[derive(Debug)]
struct Script {
    body: &'static str,
    sent: Mutex<Vec<HttpRequest>>,
}

impl Transport for Script {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let body = self.body.as_bytes().to_vec();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json;charset=UTF-8".into())],
                body,
            })
        })
    }
}

fn scripted(body: &'static str) -> (Client, Arc<Script>) {
    let transport = Arc::new(Script {
        body,
        sent: Mutex::default(),
    });
    let client = Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "the-secret-key"))
        .transport(transport.clone())
        .build()
        .unwrap();
    (client, transport)
}

fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_form_style_list_is_sent_as_the_name_repeated_and_the_call_is_signed_over_what_is_sent() {
    let (client, transport) = scripted(
        r#"{"usages":[{"day":"2024-01-25","region":"KR","calls":3}],"total":1,"details":{"KR":{"calls":3,"peak":"10:00"}}}"#,
    );
    let request = GetDashboardsUsage::builder("2024-01-01")
        .limit(10)
        .regions(["KR", "JP 2"])
        .build()
        .unwrap();
    // `from` is `x-ncp-parameter-is-logged: false`: never shown.
    assert!(!format!("{request:?}").contains("2024-01-01"), "{request:?}");
    let usage = Api::new(&client).get_dashboards_usage(request).await.unwrap();
    let usages = usage.usages.as_deref().unwrap_or_default();
    assert_eq!(usages.len(), 1);
    assert_eq!(usages[0].calls, Some(3));
    assert_eq!(usage.total, Some(1));
    // `details` is a free-form object: kept as the JSON it is.
    assert_eq!(
        usage.details,
        Some(serde_json::json!({"KR": {"calls": 3, "peak": "10:00"}}))
    );

    let sent = transport.sent.lock().unwrap();
    let request = &sent[0];
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/api/v1/dashboards/usage?from=2024-01-01&limit=10&regions=KR&regions=JP%202"
    );
    assert_eq!(request.url, format!("https://edge.apigw.ntruss.com{}", request.target));
    // Signed with the IAM keys over the target as sent; the `x-ncp-iam` scheme is not a header.
    let timestamp: u64 = header(request, "x-ncp-apigw-timestamp").unwrap().parse().unwrap();
    assert_eq!(header(request, "x-ncp-iam-access-key"), Some("AKIDEXAMPLE"));
    assert_eq!(
        header(request, "x-ncp-apigw-signature-v2"),
        Some(
            ncloud_runtime::sign::signature("GET", &request.target, timestamp, "AKIDEXAMPLE", "the-secret-key")
                .as_str()
        )
    );
    assert_eq!(header(request, "x-ncp-iam"), None);
    assert_eq!(header(request, "x-ncp-apigw-api-key"), None);
}

#[tokio::test]
async fn bare_answers_decode_to_their_schemas_types() {
    // `type: string`
    let (client, transport) = scripted(r#""RUNNING""#);
    let status = Api::new(&client)
        .get_edges_edge_id_status(GetEdgesEdgeIdStatus::builder("edge/1").build().unwrap())
        .await
        .unwrap();
    assert_eq!(status, "RUNNING");
    assert_eq!(
        transport.sent.lock().unwrap()[0].target,
        "/api/v1/edges/edge%2F1/status"
    );

    // `type: boolean`
    let (client, transport) = scripted("true");
    let deleted = Api::new(&client)
        .delete_edges_edge_id(DeleteEdgesEdgeId::builder("e-1").build().unwrap())
        .await
        .unwrap();
    assert!(deleted);
    assert_eq!(transport.sent.lock().unwrap()[0].method, "DELETE");

    // `type: object` without properties: the answer is kept as the JSON it is.
    let (client, transport) = scripted(r#"{"edgeId": 7, "status": "CREATING"}"#);
    // `options` is a free-form object in the request: sent as given.
    let serde_json::Value::Object(options) = serde_json::json!({"cache": {"ttl": 60}, "tags": ["a"]}) else {
        unreachable!()
    };
    let request = PostEdges::builder("edge-one")
        .service_domains(["a.example.com"])
        .options(options.clone())
        .build()
        .unwrap();
    assert_eq!(request.options(), Some(&options));
    let created = Api::new(&client).post_edges(request).await.unwrap();
    let created: ncloud_runtime::JsonValue = created;
    assert_eq!(created, serde_json::json!({"edgeId": 7, "status": "CREATING"}));
    let sent = transport.sent.lock().unwrap();
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].body.as_deref(),
        Some(br#"{"edgeName":"edge-one","serviceDomains":["a.example.com"],"options":{"cache":{"ttl":60},"tags":["a"]}}"#.as_slice())
    );
}

#[tokio::test]
async fn a_body_without_properties_is_one_parameter_sent_as_the_whole_body() {
    // A free-form body, named by `x-codegen-request-body-name: options`: sent as given.
    let (client, transport) = scripted("true");
    let serde_json::Value::Object(options) = serde_json::json!({"cache": {"ttl": 60}}) else {
        unreachable!()
    };
    let request = PutEdgesEdgeIdOptions::builder("e-1", options).build().unwrap();
    assert!(Api::new(&client).put_edges_edge_id_options(request).await.unwrap());
    {
        let sent = transport.sent.lock().unwrap();
        assert_eq!(
            (sent[0].method, sent[0].target.as_str()),
            ("PUT", "/api/v1/edges/e-1/options")
        );
        assert_eq!(sent[0].body.as_deref(), Some(br#"{"cache":{"ttl":60}}"#.as_slice()));
        assert_eq!(header(&sent[0], "content-type"), Some("application/json"));
    }

    // An optional map body: its values' rules are checked, it is sent whole when set, and
    // nothing is sent when it is empty.
    let error = PutEdgesEdgeIdLabels::builder("e-1")
        .body([("team", "x".repeat(21))])
        .build()
        .unwrap_err();
    assert_eq!(error.violations().len(), 1, "{error}");
    assert!(error.to_string().contains("team"), "{error}");
    let (client, transport) = scripted("");
    let labeled = PutEdgesEdgeIdLabels::builder("e-1")
        .body([("team", "storage"), ("tier", "gold")])
        .build()
        .unwrap();
    Api::new(&client).put_edges_edge_id_labels(labeled).await.unwrap();
    let unlabeled = PutEdgesEdgeIdLabels::builder("e-1").build().unwrap();
    Api::new(&client).put_edges_edge_id_labels(unlabeled).await.unwrap();
    let sent = transport.sent.lock().unwrap();
    assert_eq!(
        sent[0].body.as_deref(),
        Some(br#"{"team":"storage","tier":"gold"}"#.as_slice())
    );
    assert_eq!(sent[1].body, None);
}
