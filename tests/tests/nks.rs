//! Ncloud Kubernetes Service (`vnks`) end to end: the generated client against the fake
//! gateway's stateful NKS on 127.0.0.1. Every action (signature verified), a create-cluster
//! body with nested node pools, labels and taints, each waiter against the fake, a `409` and a
//! `400` decoded into typed errors with NKS's details kept, and the region's base path.

use std::time::Duration;

use ncloud_client::vnks::{
    ClusterStatus, CreateCluster, CreateNodePool, DefaultNodePoolParam, DeleteCluster, DeleteNodePool, GetCluster,
    GetClusters, GetKubeconfig, GetNodePools, GetWorkerNodes, HypervisorCode, NodePoolDto, NodePoolLabelInput,
    NodePoolStatus, NodePoolTaintInput, NodePoolTaintInputEffect, UpdateNodePool,
};
use ncloud_client::{Client, Credentials, Error, RetryPolicy};
use ncloud_fake_gateway::{FakeGateway, GatewayConfig, NksConfig, RestOperation, UpdateNodePoolAnswer};

const ACCESS: &str = "nks-access-key";
const SECRET: &str = "nks-secret-key-do-not-print";
const CLUSTER_TYPE: &str = "SVR.VNKS.STAND.C002.M008.NET.SSD.B050.G002";

async fn gateway(nks: NksConfig) -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_nks(nks))
        .await
        .expect("the fake gateway starts on 127.0.0.1")
}

fn client(gateway: &FakeGateway, region: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
        });
    if let Some(region) = region {
        builder = builder.region(region);
    }
    builder.build().expect("a valid configuration")
}

/// A cluster with a default pool and one more, with labels and taints.
fn create_request(name: &str) -> CreateCluster {
    CreateCluster::builder(name, CLUSTER_TYPE, "my-key", "KR", 101, [201, 202])
        .hypervisor_code(HypervisorCode::Xen)
        .k8s_version("1.30.8-nks.1")
        .default_node_pool(
            DefaultNodePoolParam::builder("default", 2)
                .labels([NodePoolLabelInput::builder("role", "system")])
                .storage_size(100),
        )
        .node_pool([NodePoolDto::builder("workers", 3)
            .labels([NodePoolLabelInput::builder("role", "app")])
            .taints([NodePoolTaintInput::builder("dedicated", NodePoolTaintInputEffect::NoSchedule).value("app")])])
        .build()
        .expect("a valid request")
}

/// Every delay of a wait: quick, the fake counts reads, not time.
fn quick<A: ncloud_client::Action + 'static>(wait: ncloud_client::runtime::Wait<A>) -> ncloud_client::runtime::Wait<A> {
    let d = Duration::from_millis(1);
    wait.initial_delay(d).min_delay(d).max_delay(d)
}

#[tokio::test]
async fn a_cluster_and_its_node_pools_through_every_action_and_waiter() {
    let gateway = gateway(NksConfig::default()).await;
    let client = client(&gateway, None);
    let nks = client.vnks();

    let created = nks.create_cluster(create_request("first-cluster")).await.unwrap();
    let uuid = created.uuid.expect("the create answers the uuid");
    let stored = gateway.nks_cluster(&uuid).expect("the fake stored the cluster");
    assert_eq!(stored.node_pools.len(), 2, "the default pool and the nested one");
    let running = quick(nks.wait_until_cluster_running(GetCluster::builder(uuid.clone()).build().unwrap()))
        .await
        .unwrap();
    let cluster = running.response().and_then(|r| r.cluster.clone()).unwrap();
    assert_eq!(cluster.status, Some(ClusterStatus::Running));
    assert_eq!(cluster.name.as_deref(), Some("first-cluster"));

    let listed = nks.get_clusters(GetClusters::builder().build().unwrap()).await.unwrap();
    assert_eq!(listed.clusters.map(|c| c.len()), Some(1));
    let kubeconfig = nks
        .get_kubeconfig(GetKubeconfig::builder(uuid.clone()).build().unwrap())
        .await
        .unwrap();
    assert!(kubeconfig.kubeconfig.unwrap_or_default().contains("apiVersion"));

    // A pool added by name, waited for by name (creating one answers no number).
    nks.create_node_pool(
        CreateNodePool::builder(uuid.clone(), "extra")
            .node_count(1)
            .labels([NodePoolLabelInput::builder("tier", "batch")])
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let waited = quick(nks.wait_until_node_pool_running(GetNodePools::builder(uuid.clone()).build().unwrap(), "extra"))
        .await
        .unwrap();
    let extra = waited
        .response()
        .and_then(|r| r.node_pool.as_ref())
        .and_then(|pools| pools.iter().find(|p| p.name.as_deref() == Some("extra")).cloned())
        .unwrap();
    assert_eq!(extra.status, Some(NodePoolStatus::Run));
    let number = extra.instance_no.expect("a listed pool has its number");

    // The number read from the list passes straight back as the path parameter.
    let updated = nks
        .update_node_pool(
            UpdateNodePool::builder(uuid.clone(), number)
                .node_count(4)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(updated.instance_no, Some(number));
    let scaling = nks
        .get_node_pools(GetNodePools::builder(uuid.clone()).build().unwrap())
        .await
        .unwrap();
    let status = scaling
        .node_pool
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.name.as_deref() == Some("extra"))
        .and_then(|p| p.status);
    assert_eq!(status, Some(NodePoolStatus::NodeScaleOut));
    quick(nks.wait_until_node_pool_running(GetNodePools::builder(uuid.clone()).build().unwrap(), "extra"))
        .await
        .unwrap();
    let nodes = nks
        .get_worker_nodes(GetWorkerNodes::builder(uuid.clone()).build().unwrap())
        .await
        .unwrap()
        .nodes
        .unwrap_or_default();
    let extra_nodes = nodes.iter().filter(|n| n.node_pool_id == Some(number)).count();
    assert_eq!(extra_nodes, 4, "{nodes:?}");
    assert_eq!(nodes.len(), 2 + 3 + 4);

    // Deletes answer 204 (`()`), then the waiters see the pool leave the list and NKS's 404.
    nks.delete_node_pool(DeleteNodePool::builder(uuid.clone(), number).build().unwrap())
        .await
        .unwrap();
    quick(nks.wait_until_node_pool_deleted(GetNodePools::builder(uuid.clone()).build().unwrap(), "extra"))
        .await
        .unwrap();
    nks.delete_cluster(DeleteCluster::builder(uuid.clone()).build().unwrap())
        .await
        .unwrap();
    let gone = quick(nks.wait_until_cluster_deleted(GetCluster::builder(uuid.clone()).build().unwrap()))
        .await
        .unwrap();
    assert!(gone.response().is_none());
    assert!(gateway.nks_cluster(&uuid).is_none());

    for r in gateway.requests() {
        assert!(r.signature_valid, "{} {} was not signed as sent", r.method, r.target);
        assert!(r.target.starts_with("/vnks/v2/"), "{}", r.target);
    }
    for operation in [
        RestOperation::CreateCluster,
        RestOperation::GetClusters,
        RestOperation::GetCluster,
        RestOperation::DeleteCluster,
        RestOperation::GetKubeconfig,
        RestOperation::GetNodePools,
        RestOperation::CreateNodePool,
        RestOperation::UpdateNodePool,
        RestOperation::DeleteNodePool,
        RestOperation::GetWorkerNodes,
    ] {
        assert!(gateway.rest_request_count(operation) >= 1, "{operation:?} was called");
    }
}

#[tokio::test]
async fn a_change_to_a_busy_cluster_is_a_typed_409_and_a_bad_body_a_typed_400_with_nks_details() {
    let gateway = gateway(NksConfig::default()).await;
    let client = client(&gateway, None);
    let nks = client.vnks();
    let uuid = nks
        .create_cluster(create_request("busy-cluster"))
        .await
        .unwrap()
        .uuid
        .unwrap();
    // Still CREATING: a new pool conflicts.
    let conflict = nks
        .create_node_pool(
            CreateNodePool::builder(uuid.clone(), "late")
                .node_count(1)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    let Error::RestService { status, error, .. } = &conflict else {
        panic!("a 409 is NKS's own error: {conflict:?}")
    };
    assert_eq!(*status, 409);
    assert_eq!(error.code, "409");
    assert!(error.details.is_some(), "{error:?}");

    // A body the client cannot know is wrong: a pool name already taken in the cluster.
    gateway.settle_nks();
    let duplicate = nks
        .create_node_pool(
            CreateNodePool::builder(uuid.clone(), "workers")
                .node_count(1)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    let Error::RestService { status, error, .. } = &duplicate else {
        panic!("a 400 is NKS's own error: {duplicate:?}")
    };
    assert_eq!(*status, 400);
    let details = error.details.as_ref().expect("NKS's validation details are kept");
    assert!(details.to_string().contains("constraints"), "{details}");
    assert!(error.timestamp.is_some());
}

#[test]
fn the_documented_rules_are_checked_before_anything_is_sent() {
    // Name rule, node counts, autoscale bounds, required lists: every violation at once.
    let error = CreateCluster::builder("1-bad-", CLUSTER_TYPE, "my-key", "KR", 101, Vec::<i32>::new())
        .node_pool([NodePoolDto::builder("p", 251)])
        .build()
        .unwrap_err();
    let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(fields, ["name", "subnetNoList", "nodePool[0].nodeCount"], "{error}");
    let error = UpdateNodePool::builder("c", 1001).node_count(0).build().unwrap_err();
    assert_eq!(error.violations()[0].field, "nodeCount");
}

#[tokio::test]
async fn the_clients_region_chooses_the_base_path_and_updates_may_answer_without_a_body() {
    let gateway = gateway(NksConfig {
        update_node_pool_answer: UpdateNodePoolAnswer::NoContent,
        ..NksConfig::immediate()
    })
    .await;
    let client = client(&gateway, Some("SGN"));
    let nks = client.vnks();
    let uuid = nks
        .create_cluster(create_request("southern"))
        .await
        .unwrap()
        .uuid
        .unwrap();
    let pools = nks
        .get_node_pools(GetNodePools::builder(uuid.clone()).build().unwrap())
        .await
        .unwrap()
        .node_pool
        .unwrap_or_default();
    let number = pools[0].instance_no.unwrap();
    // `204` without a body, as the Go SDK expects: the empty model.
    let updated = nks
        .update_node_pool(
            UpdateNodePool::builder(uuid.clone(), number)
                .node_count(3)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(updated, Default::default());
    assert!(
        gateway.requests().iter().all(|r| r.target.starts_with("/vnks/sgn-v2/")),
        "{:?}",
        gateway.requests().iter().map(|r| r.target.clone()).collect::<Vec<_>>()
    );
}
