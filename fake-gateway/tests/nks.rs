//! NKS (`vnks/v2`) in the fake gateway, over real sockets with the hand-written client of
//! `common/`: every route and status, the lifecycles counted in reads, the 409 and 400 bodies
//! in full, the kubeconfig of IAM-only clusters, the region base paths, the signature over the
//! path as sent, and the binary's NKS flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::*;
use ncloud_fake_gateway::{
    ClusterStatus, FIRST_NODE_POOL_INSTANCE_NO, FIRST_WORKER_NODE_ID, FakeGateway, GatewayConfig, NKS_BASE_PATHS,
    NksConfig, NodePoolStatus, RestOperation, UpdateNodePoolAnswer, Verdict,
};
use serde_json::{Value, json};

const KR: &str = "/vnks/v2";
const JSON_TYPE: &str = "application/json;charset=UTF-8";
const XEN_TYPE: &str = "SVR.VNKS.STAND.C002.M008.NET.SSD.B050.G002";

async fn gateway(nks: NksConfig) -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_nks(nks))
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

async fn call(gw: &FakeGateway, method: &str, path: &str, body: Option<&str>) -> Resp {
    send(gw.local_addr(), &rest(method, &format!("{KR}{path}"), body)).await
}

/// Asserts a 200 JSON answer; returns its body.
fn ok(response: &Resp) -> Value {
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    response.json()
}

/// Asserts a 204 without a body.
fn no_content(response: &Resp) {
    assert_eq!((response.status, response.text()), (204, ""));
    assert_eq!(response.header("content-type"), None);
}

/// Asserts an NKS error envelope with `status`; returns the body without its `timestamp`
/// (checked for shape), to compare in full.
fn nks_error(response: &Resp, status: u16) -> Value {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    let mut body = response.json();
    let timestamp = body["timestamp"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    assert_eq!(timestamp.len(), 24, "{timestamp}");
    assert!(
        timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T',
        "{timestamp}"
    );
    body.as_object_mut().unwrap().remove("timestamp");
    body
}

/// A create-cluster body with the required fields, and `extra` properties spliced in.
fn cluster(name: &str, extra: &str) -> String {
    format!(
        r#"{{"name": "{name}", "clusterType": "{XEN_TYPE}", "loginKeyName": "my-key", "regionCode": "KR",
            "vpcNo": 1234, "subnetNoList": [5678]{extra}}}"#
    )
}

async fn create(gw: &FakeGateway, body: &str) -> String {
    let created = ok(&call(gw, "POST", "/clusters", Some(body)).await);
    created["uuid"].as_str().unwrap().to_owned()
}

async fn statuses(gw: &FakeGateway, uuid: &str) -> Vec<(String, i64, usize)> {
    let pools = ok(&call(gw, "GET", &format!("/clusters/{uuid}/node-pool"), None).await);
    let nodes = gw.nks_cluster(uuid).map(|c| c.node_pools).unwrap_or_default();
    pools["nodePool"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let no = p["instanceNo"].as_i64().unwrap();
            let actual = nodes.iter().find(|n| n.instance_no == no).map_or(0, |n| n.nodes.len());
            (
                p["status"].as_str().unwrap().to_owned(),
                p["nodeCount"].as_i64().unwrap(),
                actual,
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Routes and statuses

#[tokio::test]
async fn every_route_answers_its_status_and_content() {
    let gw = gateway(NksConfig::immediate()).await;
    let body = cluster(
        "cluster-one",
        r#", "k8sVersion": "1.29.9-nks.1", "hypervisorCode": "XEN", "zoneCode": "KR-1", "zoneNo": 2,
            "publicNetwork": false, "kubeNetworkPlugin": "cilium", "subnetLbNo": 91, "log": {"audit": true},
            "bootstrapAccessEntry": false, "notModelled": {"kept": "out"},
            "defaultNodePool": {"name": "default-pool", "nodeCount": 2, "serverSpecCode": "s2-g3", "storageSize": 100},
            "nodePool": [{"name": "gpu-pool", "nodeCount": 1, "productCode": "SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002",
                "subnetNo": 5679, "autoscale": {"enabled": false, "max": 0, "min": 0},
                "labels": [{"key": "team", "value": "ml"}],
                "taints": [{"key": "gpu", "value": "true", "effect": "NoSchedule"}, {"key": "spot", "effect": "NoExecute"}]}]"#,
    );
    let uuid = create(&gw, &body).await;
    assert_eq!(uuid.len(), 36, "{uuid}");
    let got = ok(&call(&gw, "GET", &format!("/clusters/{uuid}"), None).await)["cluster"].clone();
    let endpoint = format!("https://{uuid}.kr.vnks.ntruss.com");
    let default_pool = json!({"instanceNo": 1001, "isDefault": true, "name": "default-pool", "status": "RUN",
        "nodeCount": 2, "k8sVersion": "1.29.9-nks.1", "storageSize": 100, "serverSpecCode": "s2-g3",
        "subnetNoList": [5678], "autoscale": {"enabled": false, "max": 0, "min": 0}, "labels": [], "taints": []});
    let gpu_pool = json!({"instanceNo": 1002, "isDefault": false, "name": "gpu-pool", "status": "RUN",
        "nodeCount": 1, "k8sVersion": "1.29.9-nks.1", "productCode": "SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002",
        "subnetNoList": [5679], "autoscale": {"enabled": false, "max": 0, "min": 0},
        "labels": [{"key": "team", "value": "ml"}],
        "taints": [{"key": "gpu", "value": "true", "effect": "NoSchedule"}, {"key": "spot", "effect": "NoExecute"}]});
    assert_eq!(
        got,
        json!({
            "uuid": uuid, "name": "cluster-one", "status": "RUNNING", "clusterType": XEN_TYPE,
            "hypervisorCode": "XEN", "k8sVersion": "1.29.9-nks.1", "regionCode": "KR", "zoneCode": "KR-1",
            "zoneNo": 2, "vpcNo": 1234, "subnetNoList": [5678], "subnetLbNo": 91, "loginKeyName": "my-key",
            "kubeNetworkPlugin": "cilium", "authType": "CONFIG_MAP", "publicNetwork": false,
            "log": {"audit": true}, "endpoint": endpoint, "nodeCount": 3, "nodeMaxCount": 10,
            "createdAt": "2024-10-08T08:56:48.000Z", "updatedAt": "2024-10-08T08:56:48.000Z",
            "nodePool": [default_pool, gpu_pool],
        })
    );
    let list = ok(&call(&gw, "GET", "/clusters", None).await);
    assert_eq!(list, json!({ "clusters": [got.clone()] }));

    let kubeconfig = ok(&call(&gw, "GET", &format!("/clusters/{uuid}/kubeconfig"), None).await);
    let text = kubeconfig["kubeconfig"].as_str().unwrap();
    assert!(text.starts_with("apiVersion: v1\n"), "{text}");
    assert!(
        text.contains(&format!("nks_kr_cluster-one_{uuid}")) && text.contains(&endpoint),
        "{text}"
    );

    let pools = ok(&call(&gw, "GET", &format!("/clusters/{uuid}/node-pool"), None).await);
    assert_eq!(pools, json!({"nodePool": got["nodePool"]}));

    // One worker node per node, numbered store-wide; sizes from the spec or product code.
    let nodes = ok(&call(&gw, "GET", &format!("/clusters/{uuid}/nodes"), None).await)["nodes"].clone();
    let summary: Vec<(i64, String, i64, String, i64, i64)> = nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_i64().unwrap(),
                n["name"].as_str().unwrap().to_owned(),
                n["nodePoolId"].as_i64().unwrap(),
                n["nodePoolName"].as_str().unwrap().to_owned(),
                n["cpuCount"].as_i64().unwrap(),
                n["memorySize"].as_i64().unwrap() >> 30,
            )
        })
        .collect();
    let first = FIRST_WORKER_NODE_ID;
    assert_eq!(
        summary,
        [
            (
                first,
                format!("default-pool-w-{first}"),
                1001,
                "default-pool".into(),
                2,
                8
            ),
            (
                first + 1,
                format!("default-pool-w-{}", first + 1),
                1001,
                "default-pool".into(),
                2,
                8
            ),
            (
                first + 2,
                format!("gpu-pool-w-{}", first + 2),
                1002,
                "gpu-pool".into(),
                4,
                16
            ),
        ]
    );
    let node = &nodes[0];
    assert_eq!((&node["status"], &node["k8sStatus"]), (&json!("run"), &json!("Ready")));
    assert_eq!(node["serverName"], node["name"]);
    assert!(node["privateIp"].as_str().unwrap().starts_with("10.0."), "{node}");

    // Node pools: create (no instanceNo in the answer), update (200 with one), delete (204).
    let pool = r#"{"name": "extra-pool", "nodeCount": 1, "storageSize": 50, "futureField": 1}"#;
    let created = ok(&call(&gw, "POST", &format!("/clusters/{uuid}/node-pool"), Some(pool)).await);
    assert_eq!(created, json!({ "uuid": uuid }));
    let extra = gw.nks_cluster(&uuid).unwrap().node_pools[2].clone();
    assert_eq!(
        (extra.instance_no, extra.status, extra.nodes.len()),
        (1003, NodePoolStatus::Run, 1)
    );
    let one = format!("/clusters/{uuid}/node-pool/1003");
    let updated = ok(&call(&gw, "PATCH", &one, Some(r#"{"nodeCount": 3}"#)).await);
    assert_eq!(updated, json!({"uuid": uuid, "instanceNo": 1003}));
    assert_eq!(gw.nks_cluster(&uuid).unwrap().node_pools[2].nodes.len(), 3);
    no_content(&call(&gw, "DELETE", &one, None).await);
    assert_eq!(gw.nks_cluster(&uuid).unwrap().node_pools.len(), 2);

    no_content(&call(&gw, "DELETE", &format!("/clusters/{uuid}"), None).await);
    assert!(gw.nks_clusters().is_empty());
    // Gone: 404 from every route about it.
    for (method, suffix, body) in [
        ("GET", "", None),
        ("DELETE", "", None),
        ("GET", "/kubeconfig", None),
        ("GET", "/node-pool", None),
        ("POST", "/node-pool", Some(pool)),
        ("PATCH", "/node-pool/1001", Some(r#"{"nodeCount": 1}"#)),
        ("DELETE", "/node-pool/1001", None),
        ("GET", "/nodes", None),
    ] {
        let response = call(&gw, method, &format!("/clusters/{uuid}{suffix}"), body).await;
        let message = format!("Cluster {uuid:?} does not exist.");
        assert_eq!(
            nks_error(&response, 404),
            json!({"error": {"errorCode": 404, "statusCode": 404, "message": "Not Found",
                "details": {"uuid": uuid, "message": message}}}),
            "{method} {suffix}"
        );
    }
    assert_eq!(ok(&call(&gw, "GET", "/clusters", None).await), json!({"clusters": []}));

    // Records and counts name the operation.
    assert_eq!(gw.rest_request_count(RestOperation::CreateCluster), 1);
    assert_eq!(gw.rest_request_count(RestOperation::GetCluster), 2);
    assert_eq!(gw.rest_request_count(RestOperation::UpdateNodePool), 2);
    let records = gw.requests();
    assert_eq!(records[0].operation, Some(RestOperation::CreateCluster));
    assert!(records.iter().all(|r| r.signature_valid));
    assert!(matches!(records.last().unwrap().verdict, Verdict::Success));
    gw.shutdown().await;
}

#[tokio::test]
async fn region_base_paths_serve_one_store_and_other_paths_are_the_gateways_404() {
    let gw = gateway(NksConfig::immediate()).await;
    let uuid = create(&gw, &cluster("regional", "")).await;
    for base in NKS_BASE_PATHS {
        let response = send(gw.local_addr(), &rest("GET", &format!("{base}/clusters/{uuid}"), None)).await;
        assert_eq!(ok(&response)["cluster"]["status"], "NO_NODE", "{base}");
    }
    let pool = format!("/vnks/v2/clusters/{uuid}/node-pool/1001");
    let upgrade = format!("/vnks/v2/clusters/{uuid}/upgrade");
    for (method, target) in [
        ("GET", "/vnks/v3/clusters"),
        ("GET", "/vnks/fin-v2/clusters"),
        ("GET", "/nks/v2/clusters"),
        ("PUT", "/vnks/v2/clusters"),
        ("GET", "/vnks/v2/clusters/"),
        ("GET", &pool),
        ("PATCH", &upgrade),
    ] {
        let response = send(gw.local_addr(), &rest(method, target, None)).await;
        response.assert_gateway_error(404, "300", "Not Found Exception");
    }
    // A body is JSON, declared so.
    let mut form = Req::get(&format!("{KR}/clusters")).with_method("POST");
    form.body = cluster("plain-text", "").into_bytes();
    let form = form
        .header("Content-Type", "text/plain")
        .signed_with(ACCESS, SECRET, now_ms());
    send(gw.local_addr(), &form)
        .await
        .assert_gateway_error(400, "100", "Bad Request Exception");
    assert_eq!(gw.nks_clusters().len(), 1);
    gw.shutdown().await;
}

#[tokio::test]
async fn a_signature_over_the_decoded_path_is_refused() {
    let gw = gateway(NksConfig::immediate()).await;
    let uuid = create(&gw, &cluster("signed", "")).await;
    // `%2D` is `-`: the same cluster once decoded, but not the same bytes to sign.
    let sent = format!("{KR}/clusters/{}", uuid.replacen('-', "%2D", 1));
    let decoded = format!("{KR}/clusters/{uuid}");
    let timestamp = now_ms().to_string();
    let request = Req::get(&sent)
        .header("x-ncp-apigw-timestamp", &timestamp)
        .header("x-ncp-iam-access-key", ACCESS)
        .header(
            "x-ncp-apigw-signature-v2",
            &sign("GET", &decoded, &timestamp, ACCESS, SECRET),
        );
    let response = send(gw.local_addr(), &request).await;
    response.assert_gateway_error(401, "200", "Authentication Failed");
    assert_eq!(response.json()["error"]["details"], "signature mismatch");
    // Signed as sent: accepted, and the parameter decoded to find the cluster.
    let response = send(gw.local_addr(), &rest("GET", &sent, None)).await;
    assert_eq!(ok(&response)["cluster"]["uuid"], uuid);
    assert_eq!(gw.requests().pop().unwrap().target, sent);
    gw.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Lifecycles

#[tokio::test]
async fn clusters_go_creating_to_running_and_deleting_to_gone_in_reads() {
    let gw = gateway(NksConfig {
        cluster_reads_until_running: 3,
        cluster_reads_until_gone: 3,
        ..NksConfig::default()
    })
    .await;
    let uuid = create(
        &gw,
        &cluster("lifecycle", r#", "nodePool": [{"name": "pool-a", "nodeCount": 2}]"#),
    )
    .await;
    let one = format!("/clusters/{uuid}");
    let mut seen = Vec::new();
    for _ in 0..4 {
        // Lists and node pool lists do not move a creating cluster, nor its pools.
        let listed = ok(&call(&gw, "GET", "/clusters", None).await);
        assert_eq!(listed["clusters"][0]["status"], "CREATING");
        assert_eq!(statuses(&gw, &uuid).await, [("CREATING".to_owned(), 2, 0)]);
        let got = ok(&call(&gw, "GET", &one, None).await)["cluster"].clone();
        seen.push((
            got["status"].as_str().unwrap().to_owned(),
            got["nodeCount"].as_i64().unwrap(),
        ));
    }
    let expected: Vec<(String, i64)> = [("CREATING", 0), ("CREATING", 0), ("CREATING", 0), ("RUNNING", 2)]
        .iter()
        .map(|(s, n)| (s.to_string(), *n))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(statuses(&gw, &uuid).await, [("RUN".to_owned(), 2, 2)]);

    no_content(&call(&gw, "DELETE", &one, None).await);
    assert_eq!(
        gw.nks_cluster(&uuid).unwrap().status,
        ClusterStatus::Deleting { reads_left: 3 }
    );
    // The three reads: a get, a list, a get; the pools go with the cluster.
    assert_eq!(ok(&call(&gw, "GET", &one, None).await)["cluster"]["status"], "DELETING");
    let listed = ok(&call(&gw, "GET", "/clusters", None).await);
    assert_eq!(listed["clusters"][0]["nodePool"][0]["status"], "DELETING");
    assert_eq!(statuses(&gw, &uuid).await, [("DELETING".to_owned(), 2, 2)]);
    assert_eq!(ok(&call(&gw, "GET", &one, None).await)["cluster"]["status"], "DELETING");
    assert_eq!(ok(&call(&gw, "GET", "/clusters", None).await), json!({"clusters": []}));
    nks_error(&call(&gw, "GET", &one, None).await, 404);
    assert!(gw.nks_clusters().is_empty());

    // Without pools a cluster ends NO_NODE; settle_nks ends everything at once.
    let bare = create(&gw, &cluster("bare", "")).await;
    assert_eq!(
        gw.nks_cluster(&bare).unwrap().status,
        ClusterStatus::Creating { reads_left: 3 }
    );
    gw.settle_nks();
    assert_eq!(gw.nks_cluster(&bare).unwrap().status, ClusterStatus::NoNode);
    gw.shutdown().await;
}

#[tokio::test]
async fn node_pools_create_scale_and_delete_in_reads() {
    let gw = gateway(NksConfig {
        cluster_reads_until_running: 0,
        node_pool_reads_until_settled: 2,
        ..NksConfig::default()
    })
    .await;
    let uuid = create(&gw, &cluster("pools", "")).await;
    let pools = format!("/clusters/{uuid}/node-pool");
    let created = call(&gw, "POST", &pools, Some(r#"{"name": "pool-a", "nodeCount": 2}"#)).await;
    assert_eq!(ok(&created), json!({ "uuid": uuid }));
    assert_eq!(
        ok(&call(&gw, "GET", &format!("/clusters/{uuid}"), None).await)["cluster"]["status"],
        "RUNNING"
    );
    let run = |count: i64, nodes: usize| vec![("RUN".to_owned(), count, nodes)];
    let at = |status: &str, count: i64, nodes: usize| vec![(status.to_owned(), count, nodes)];
    // Creating: no nodes, and no changes.
    assert_eq!(statuses(&gw, &uuid).await, at("CREATING", 2, 0));
    let no = FIRST_NODE_POOL_INSTANCE_NO;
    let pool = format!("{pools}/{no}");
    let conflict = nks_error(&call(&gw, "PATCH", &pool, Some(r#"{"nodeCount": 5}"#)).await, 409);
    let message = format!("Node pool {no} of cluster {uuid:?} is CREATING: it cannot be changed until it is RUN.");
    assert_eq!(
        conflict,
        json!({"error": {"errorCode": 409, "statusCode": 409, "message": "Conflict",
            "details": {"uuid": uuid, "instanceNo": no, "status": "CREATING", "message": message}}})
    );
    assert_eq!(statuses(&gw, &uuid).await, at("CREATING", 2, 0));
    assert_eq!(statuses(&gw, &uuid).await, run(2, 2));
    let first_nodes: Vec<i64> = gw.nks_cluster(&uuid).unwrap().node_pools[0]
        .nodes
        .iter()
        .map(|n| n.id)
        .collect();

    // Scale out: the new count at once, the nodes once it runs again.
    ok(&call(&gw, "PATCH", &pool, Some(r#"{"nodeCount": 4}"#)).await);
    assert_eq!(statuses(&gw, &uuid).await, at("NODE_SCALE_OUT", 4, 2));
    nks_error(&call(&gw, "DELETE", &pool, None).await, 409);
    assert_eq!(statuses(&gw, &uuid).await, at("NODE_SCALE_OUT", 4, 2));
    assert_eq!(statuses(&gw, &uuid).await, run(4, 4));
    let nodes = ok(&call(&gw, "GET", &format!("/clusters/{uuid}/nodes"), None).await);
    assert_eq!(nodes["nodes"].as_array().unwrap().len(), 4);
    // Scale down: the newest nodes go.
    ok(&call(&gw, "PATCH", &pool, Some(r#"{"nodeCount": 1}"#)).await);
    assert_eq!(statuses(&gw, &uuid).await, at("NODE_SCALE_DOWN", 1, 4));
    assert_eq!(statuses(&gw, &uuid).await, at("NODE_SCALE_DOWN", 1, 4));
    assert_eq!(statuses(&gw, &uuid).await, run(1, 1));
    assert_eq!(gw.nks_cluster(&uuid).unwrap().node_pools[0].nodes[0].id, first_nodes[0]);
    // Autoscale: the count brought within its bounds.
    let autoscale = r#"{"autoscale": {"enabled": true, "min": 2, "max": 3}}"#;
    ok(&call(&gw, "PATCH", &pool, Some(autoscale)).await);
    assert_eq!(statuses(&gw, &uuid).await, at("NODE_SCALE_OUT", 2, 1));
    gw.settle_nks();
    let settled = &gw.nks_cluster(&uuid).unwrap().node_pools[0];
    assert_eq!(
        (settled.status, settled.nodes.len(), settled.autoscale.max),
        (NodePoolStatus::Run, 2, 3)
    );
    // The same count: nothing to wait for.
    ok(&call(&gw, "PATCH", &pool, Some(r#"{"nodeCount": 2}"#)).await);
    assert_eq!(statuses(&gw, &uuid).await, run(2, 2));

    // Delete: DELETING for two reads, then gone, and the cluster has no node.
    no_content(&call(&gw, "DELETE", &pool, None).await);
    assert_eq!(statuses(&gw, &uuid).await, at("DELETING", 2, 2));
    assert_eq!(statuses(&gw, &uuid).await, at("DELETING", 2, 2));
    assert_eq!(statuses(&gw, &uuid).await, Vec::<(String, i64, usize)>::new());
    let got = ok(&call(&gw, "GET", &format!("/clusters/{uuid}"), None).await);
    assert_eq!(
        (&got["cluster"]["status"], &got["cluster"]["nodeCount"]),
        (&json!("NO_NODE"), &json!(0))
    );
    let missing = nks_error(&call(&gw, "DELETE", &pool, None).await, 404);
    assert_eq!(missing["error"]["details"]["instanceNo"], no);
    gw.shutdown().await;
}

#[tokio::test]
async fn update_node_pool_may_answer_204_as_the_go_sdk_expects() {
    let gw = gateway(NksConfig {
        update_node_pool_answer: UpdateNodePoolAnswer::NoContent,
        ..NksConfig::immediate()
    })
    .await;
    let uuid = create(
        &gw,
        &cluster("sdk", r#", "nodePool": [{"name": "pool-a", "nodeCount": 1}]"#),
    )
    .await;
    let pool = format!("/clusters/{uuid}/node-pool/{FIRST_NODE_POOL_INSTANCE_NO}");
    no_content(&call(&gw, "PATCH", &pool, Some(r#"{"nodeCount": 2}"#)).await);
    assert_eq!(gw.nks_cluster(&uuid).unwrap().node_pools[0].nodes.len(), 2);
    gw.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Asserts that every change to the cluster `uuid` (delete it; create, update or delete a
/// pool) is refused with a 409 naming its `status`.
async fn changes_conflict(gw: &FakeGateway, uuid: &str, status: &str) {
    let pool = r#"{"name": "pool-b", "nodeCount": 1}"#;
    let update = r#"{"nodeCount": 2}"#;
    for (method, suffix, body) in [
        ("DELETE", String::new(), None),
        ("POST", "/node-pool".into(), Some(pool)),
        (
            "PATCH",
            format!("/node-pool/{FIRST_NODE_POOL_INSTANCE_NO}"),
            Some(update),
        ),
        ("DELETE", format!("/node-pool/{FIRST_NODE_POOL_INSTANCE_NO}"), None),
    ] {
        let response = call(gw, method, &format!("/clusters/{uuid}{suffix}"), body).await;
        let message = format!("Cluster {uuid:?} is {status}: it cannot be changed until it is RUNNING.");
        assert_eq!(
            nks_error(&response, 409),
            json!({"error": {"errorCode": 409, "statusCode": 409, "message": "Conflict",
                "details": {"uuid": uuid, "status": status, "message": message}}}),
            "{status}: {method} {suffix}"
        );
        assert!(matches!(
            gw.requests().last().unwrap().verdict,
            Verdict::RestRefused { status: 409, .. }
        ));
    }
}

#[tokio::test]
async fn busy_clusters_answer_409() {
    let gw = gateway(NksConfig::default()).await;
    let uuid = create(
        &gw,
        &cluster("busy", r#", "nodePool": [{"name": "pool-a", "nodeCount": 1}]"#),
    )
    .await;
    changes_conflict(&gw, &uuid, "CREATING").await;
    gw.settle_nks();
    no_content(&call(&gw, "DELETE", &format!("/clusters/{uuid}"), None).await);
    changes_conflict(&gw, &uuid, "DELETING").await;
    // Nothing refused changed anything.
    let cluster = gw.nks_cluster(&uuid).unwrap();
    assert_eq!(cluster.status, ClusterStatus::Deleting { reads_left: 2 });
    assert_eq!(cluster.node_pools.len(), 1);
    assert_eq!(cluster.node_pools[0].nodes.len(), 1);
    gw.shutdown().await;
}

#[tokio::test]
async fn bad_bodies_answer_400_naming_every_violation() {
    let gw = gateway(NksConfig::immediate()).await;
    let bad = r#"{"name": "9lives-", "clusterType": 7, "regionCode": "KR", "vpcNo": 1.5, "subnetNoList": [1],
        "hypervisorCode": "HYPERV", "unknown": [1, 2],
        "nodePool": [{"name": "ok-pool", "nodeCount": 251, "storageSize": 30,
            "autoscale": {"enabled": true, "max": 300, "min": 0}, "labels": [{"key": "k"}]}]}"#;
    let response = call(&gw, "POST", "/clusters", Some(bad)).await;
    assert_eq!(
        nks_error(&response, 400),
        json!({"error": {"errorCode": 400, "statusCode": 400, "message": "Bad Request", "details": {"error": [
            {"property": "name", "children": [], "constraints": {
                "matches": "name must match /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/ regular expression"}},
            {"property": "clusterType", "children": [], "constraints": {"isString": "clusterType must be a string"}},
            {"property": "loginKeyName", "children": [], "constraints": {
                "isDefined": "loginKeyName should not be null or undefined"}},
            {"property": "vpcNo", "children": [], "constraints": {"isInt": "vpcNo must be an integer number"}},
            {"property": "hypervisorCode", "children": [], "constraints": {
                "isEnum": "hypervisorCode must be one of the following values: XEN, KVM"}},
            {"property": "nodePool", "children": [{"property": "0", "children": [
                {"property": "autoscale", "children": [
                    {"property": "max", "children": [], "constraints": {
                        "max": "nodePool[0].autoscale.max must not be greater than 250"}},
                    {"property": "min", "children": [], "constraints": {
                        "min": "nodePool[0].autoscale.min must not be less than 1"}}]},
                {"property": "storageSize", "children": [], "constraints": {
                    "min": "nodePool[0].storageSize must not be less than 50"}},
                {"property": "labels", "children": [{"property": "0", "children": [
                    {"property": "value", "children": [], "constraints": {
                        "isDefined": "nodePool[0].labels[0].value should not be null or undefined"}}]}]}]}]},
        ]}}})
    );
    let pools = |uuid: &str| format!("/clusters/{uuid}/node-pool");
    let uuid = create(&gw, &cluster("valid", "")).await;
    for (body, property, constraints) in [
        (
            r#"{"nodeCount": 1}"#,
            "name",
            json!({"isDefined": "name should not be null or undefined"}),
        ),
        (
            r#"{"name": "ab", "nodeCount": 1}"#,
            "name",
            json!({"isLength": "name must be longer than or equal to 3 and shorter than or equal to 30 characters"}),
        ),
        (
            r#"{"name": "pool-x"}"#,
            "nodeCount",
            json!({"isDefined": "nodeCount should not be null or undefined"}),
        ),
        (
            r#"{"name": "pool-x", "nodeCount": 0}"#,
            "nodeCount",
            json!({"min": "nodeCount must not be less than 1"}),
        ),
        (
            r#"{"name": "pool-x", "nodeCount": 1, "storageSize": 2001}"#,
            "storageSize",
            json!({"max": "storageSize must not be greater than 2000"}),
        ),
        (r#"[]"#, "body", json!({"isObject": "body must be a JSON object"})),
    ] {
        let response = call(&gw, "POST", &pools(&uuid), Some(body)).await;
        let error = &nks_error(&response, 400)["error"]["details"]["error"];
        assert_eq!(
            error,
            &json!([{"property": property, "children": [], "constraints": constraints}]),
            "{body}"
        );
    }
    // Updates: nodeCount needed without autoscale; min not above max; the path's number.
    call(
        &gw,
        "POST",
        &pools(&uuid),
        Some(r#"{"name": "pool-x", "nodeCount": 1}"#),
    )
    .await;
    let pool = format!("{}/{FIRST_NODE_POOL_INSTANCE_NO}", pools(&uuid));
    for (target, body, property, constraint) in [
        (pool.clone(), "{}", "nodeCount", "isDefined"),
        (pool.clone(), r#"{"nodeCount": 251}"#, "nodeCount", "max"),
        (
            pool.clone(),
            r#"{"autoscale": {"enabled": true, "min": 5, "max": 4}}"#,
            "autoscale",
            "isNotGreaterThanMax",
        ),
        (
            format!("{}/12ab", pools(&uuid)),
            r#"{"nodeCount": 1}"#,
            "instanceNo",
            "isInt",
        ),
    ] {
        let response = call(&gw, "PATCH", &target, Some(body)).await;
        let error = &nks_error(&response, 400)["error"]["details"]["error"][0];
        assert_eq!(error["property"], property, "{body}");
        // autoscale.min: one level down.
        let leaf = if error["children"][0].is_object() {
            &error["children"][0]
        } else {
            error
        };
        assert!(leaf["constraints"].get(constraint).is_some(), "{body}: {error}");
    }
    // Names are unique: clusters in the store, pools in their cluster.
    let taken = nks_error(&call(&gw, "POST", "/clusters", Some(&cluster("valid", ""))).await, 400);
    assert_eq!(
        taken["error"]["details"]["error"][0]["constraints"]["isUnique"],
        "A cluster named \"valid\" already exists"
    );
    let taken = call(
        &gw,
        "POST",
        &pools(&uuid),
        Some(r#"{"name": "pool-x", "nodeCount": 1}"#),
    )
    .await;
    nks_error(&taken, 400);
    assert_eq!(gw.nks_cluster(&uuid).unwrap().node_pools.len(), 1);
    assert_eq!(gw.nks_clusters().len(), 1);
    gw.shutdown().await;
}

#[tokio::test]
async fn iam_only_clusters_have_no_kubeconfig_here() {
    let gw = gateway(NksConfig::immediate()).await;
    let iam = create(&gw, &cluster("iam-only", r#", "authType": "API""#)).await;
    let response = call(&gw, "GET", &format!("/clusters/{iam}/kubeconfig"), None).await;
    let message = format!(
        "Cluster {iam:?} uses IAM authentication only (authType API): its kubeconfig is not available through \
         this API; create one with ncp-iam-authenticator."
    );
    assert_eq!(
        nks_error(&response, 400),
        json!({"error": {"errorCode": 400, "statusCode": 400, "message": "Bad Request",
            "details": {"uuid": iam, "message": message}}})
    );
    let both = create(&gw, &cluster("both-ways", r#", "authType": "API_AND_CONFIG_MAP""#)).await;
    let response = call(&gw, "GET", &format!("/clusters/{both}/kubeconfig"), None).await;
    assert!(ok(&response)["kubeconfig"].as_str().unwrap().contains("both-ways"));
    gw.shutdown().await;
}

#[tokio::test]
async fn the_cluster_limit_is_a_400() {
    let gw = gateway(NksConfig {
        max_clusters: 1,
        ..NksConfig::immediate()
    })
    .await;
    create(&gw, &cluster("first", "")).await;
    let refused = nks_error(&call(&gw, "POST", "/clusters", Some(&cluster("second", ""))).await, 400);
    assert_eq!(
        refused["error"]["details"]["message"],
        "The fake gateway already holds 1 clusters, its limit."
    );
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
async fn the_binary_flags_configure_nks() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--access-key", ACCESS, "--secret-key", SECRET])
        .args([
            "--nks-cluster-reads-until-running",
            "1",
            "--nks-cluster-reads-until-gone",
            "0",
        ])
        .args([
            "--nks-node-pool-reads-until-settled",
            "1",
            "--nks-update-node-pool-answer",
            "no-content",
        ])
        .args(["--nks-max-clusters", "1"])
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
    let call = |method: &'static str, path: String, body: Option<String>| async move {
        send(addr, &rest(method, &format!("/vnks/sgn-v2{path}"), body.as_deref())).await
    };

    let created = call("POST", "/clusters".into(), Some(cluster("from-binary", ""))).await;
    let uuid = ok(&created)["uuid"].as_str().unwrap().to_owned();
    nks_error(
        &call("POST", "/clusters".into(), Some(cluster("second", ""))).await,
        400,
    );
    let one = format!("/clusters/{uuid}");
    assert_eq!(
        ok(&call("GET", one.clone(), None).await)["cluster"]["status"],
        "CREATING"
    );
    assert_eq!(
        ok(&call("GET", one.clone(), None).await)["cluster"]["status"],
        "NO_NODE"
    );
    let pool = Some(r#"{"name": "pool-a", "nodeCount": 1}"#.to_owned());
    ok(&call("POST", format!("{one}/node-pool"), pool).await);
    let pools = |response: Resp| ok(&response)["nodePool"][0]["status"].as_str().unwrap().to_owned();
    assert_eq!(pools(call("GET", format!("{one}/node-pool"), None).await), "CREATING");
    assert_eq!(pools(call("GET", format!("{one}/node-pool"), None).await), "RUN");
    let instance = format!("{one}/node-pool/{FIRST_NODE_POOL_INSTANCE_NO}");
    no_content(&call("PATCH", instance.clone(), Some(r#"{"nodeCount": 2}"#.into())).await);
    assert_eq!(
        pools(call("GET", format!("{one}/node-pool"), None).await),
        "NODE_SCALE_OUT"
    );
    assert_eq!(pools(call("GET", format!("{one}/node-pool"), None).await), "RUN");
    no_content(&call("DELETE", instance, None).await);
    assert_eq!(pools(call("GET", format!("{one}/node-pool"), None).await), "DELETING");
    no_content(&call("DELETE", one.clone(), None).await);
    nks_error(&call("GET", one, None).await, 404);
}

#[test]
fn the_binary_refuses_a_bad_update_answer() {
    let output = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--nks-update-node-pool-answer", "empty"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--nks-update-node-pool-answer") && stderr.contains("body or no-content"),
        "{stderr}"
    );
}
