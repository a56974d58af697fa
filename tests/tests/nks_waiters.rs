//! The NKS (`vnks`) waiters on a paused clock, against scripted answers: their defaults (a first
//! poll after 5 s, then 3 to 10 s apart, as NCP's Terraform provider waits), what each treats as
//! done, pending or failed, and that a gateway `404` is never taken for a deleted cluster.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ncloud_client::runtime::transport::SendFuture;
use ncloud_client::runtime::{HttpRequest, HttpResponse, Transport};
use ncloud_client::vnks::{ClusterStatus, GetCluster, GetNodePools, NodePoolStatus};
use ncloud_client::{Client, Credentials, Error};
use tokio::time::Instant;

/// Answers each request with the next `(status, body)`, the last one over and over, and records
/// when (on the paused clock) and where each request went.
#[derive(Debug)]
struct Script {
    answers: Vec<(u16, String)>,
    start: Instant,
    sent: Mutex<Vec<(Duration, String)>>,
}

impl Transport for Script {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let mut sent = self.sent.lock().unwrap();
        let (status, body) = self.answers[sent.len().min(self.answers.len() - 1)].clone();
        sent.push((self.start.elapsed(), request.target));
        Box::pin(async move {
            Ok(HttpResponse {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.into_bytes(),
            })
        })
    }
}

fn script(answers: &[(u16, String)]) -> (Client, Arc<Script>) {
    let transport = Arc::new(Script {
        answers: answers.to_vec(),
        start: Instant::now(),
        sent: Mutex::default(),
    });
    let client = Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .transport(transport.clone())
        .build()
        .unwrap();
    (client, transport)
}

fn cluster(status: &str) -> (u16, String) {
    (
        200,
        format!(r#"{{"cluster": {{"uuid": "c-1", "name": "one", "status": "{status}"}}}}"#),
    )
}

fn pools(pools: &[(&str, &str)]) -> (u16, String) {
    let items: Vec<String> = pools
        .iter()
        .enumerate()
        .map(|(i, (name, status))| {
            format!(
                r#"{{"instanceNo": {}, "name": "{name}", "status": "{status}"}}"#,
                1001 + i
            )
        })
        .collect();
    (200, format!(r#"{{"nodePool": [{}]}}"#, items.join(",")))
}

const NKS_404: &str = r#"{"error":{"errorCode":404,"statusCode":404,"message":"Not Found","details":{"uuid":"c-1"}},"timestamp":"2024-10-08T08:56:48.855Z"}"#;
const GATEWAY_404: &str = r#"{"error":{"errorCode":"300","message":"Not Found Exception","details":"no such route"}}"#;

fn get_cluster() -> GetCluster {
    GetCluster::builder("c-1").build().unwrap()
}

/// The times of the requests, from the start, in seconds (the clock is paused: exact).
fn times(transport: &Script) -> Vec<f64> {
    transport
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(at, _)| at.as_secs_f64())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn cluster_running_polls_creating_and_working_after_terraforms_delays_until_running() {
    let (client, transport) = script(&[cluster("CREATING"), cluster("WORKING"), cluster("RUNNING")]);
    let waited = client.vnks().wait_until_cluster_running(get_cluster()).await.unwrap();
    let status = waited
        .response()
        .and_then(|r| r.cluster.as_ref())
        .and_then(|c| c.status.clone());
    assert_eq!(status, Some(ClusterStatus::Running));
    let at = times(&transport);
    assert_eq!(at.len(), 3);
    assert!(
        (at[0] - 5.0).abs() < 1e-9,
        "the first poll is 5 s after the call: {at:?}"
    );
    for gap in at.windows(2).map(|w| w[1] - w[0]) {
        assert!((3.0..=10.0).contains(&gap), "polls are 3 to 10 s apart: {at:?}");
    }
    assert!(transport.sent.lock().unwrap()[0].1.ends_with("/vnks/v2/clusters/c-1"));
}

#[tokio::test(start_paused = true)]
async fn a_cluster_without_nodes_counts_as_running_and_a_deleting_one_fails_the_wait() {
    let (client, _) = script(&[cluster("NO_NODE")]);
    client.vnks().wait_until_cluster_running(get_cluster()).await.unwrap();
    let (client, _) = script(&[cluster("CREATING"), cluster("DELETING")]);
    let error = client
        .vnks()
        .wait_until_cluster_running(get_cluster())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("DELETING"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn the_initial_delay_and_every_other_default_can_be_overridden() {
    let (client, transport) = script(&[cluster("CREATING"), cluster("RUNNING")]);
    client
        .vnks()
        .wait_until_cluster_running(get_cluster())
        .initial_delay(Duration::ZERO)
        .min_delay(Duration::from_secs(1))
        .max_delay(Duration::from_secs(1))
        .await
        .unwrap();
    let at = times(&transport);
    assert_eq!(at.len(), 2);
    assert!(at[0].abs() < 1e-9 && (at[1] - 1.0).abs() < 0.3, "{at:?}");
}

#[tokio::test(start_paused = true)]
async fn cluster_deleted_takes_nks_own_404_for_gone_and_polls_deleting() {
    let (client, transport) = script(&[cluster("DELETING"), cluster("DELETING"), (404, NKS_404.into())]);
    let waited = client.vnks().wait_until_cluster_deleted(get_cluster()).await.unwrap();
    assert!(waited.response().is_none(), "gone is an error answer, not a cluster");
    assert_eq!(times(&transport).len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_gateway_404_is_not_a_deleted_cluster() {
    let (client, transport) = script(&[cluster("DELETING"), (404, GATEWAY_404.into())]);
    let error = client
        .vnks()
        .wait_until_cluster_deleted(get_cluster())
        .await
        .unwrap_err();
    assert!(
        matches!(error.error(), Some(Error::Gateway { status: 404, .. })),
        "{error:?}"
    );
    assert_eq!(times(&transport).len(), 2, "it stops at the gateway's error");
}

#[tokio::test(start_paused = true)]
async fn node_pool_running_follows_the_pool_by_name_through_absent_creating_and_scaling() {
    let (client, transport) = script(&[
        pools(&[("other", "RUN")]),
        pools(&[("other", "RUN"), ("pool-1", "CREATING")]),
        pools(&[("other", "RUN"), ("pool-1", "NODE_SCALE_OUT")]),
        pools(&[("other", "NODE_SCALE_DOWN"), ("pool-1", "RUN")]),
    ]);
    let request = GetNodePools::builder("c-1").build().unwrap();
    let waited = client
        .vnks()
        .wait_until_node_pool_running(request, "pool-1")
        .await
        .unwrap();
    let pool = waited
        .response()
        .and_then(|r| r.node_pool.as_ref())
        .and_then(|p| p.iter().find(|p| p.name.as_deref() == Some("pool-1")))
        .and_then(|p| p.status.clone());
    assert_eq!(pool, Some(NodePoolStatus::Run));
    assert_eq!(times(&transport).len(), 4);
}

#[tokio::test(start_paused = true)]
async fn node_pool_deleted_waits_until_the_pool_is_no_longer_listed() {
    let (client, transport) = script(&[
        pools(&[("pool-1", "DELETING")]),
        pools(&[("pool-1", "NODE_SCALE_DOWN"), ("other", "RUN")]),
        pools(&[("other", "RUN")]),
    ]);
    let request = GetNodePools::builder("c-1").build().unwrap();
    client
        .vnks()
        .wait_until_node_pool_deleted(request, "pool-1")
        .await
        .unwrap();
    assert_eq!(times(&transport).len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_wait_gives_up_after_an_hour_by_default() {
    let (client, transport) = script(&[cluster("CREATING")]);
    let error = client
        .vnks()
        .wait_until_cluster_running(get_cluster())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let last = *times(&transport).last().unwrap();
    assert!(last <= 3600.0 && last > 3500.0, "polls for an hour: {last}");
}
