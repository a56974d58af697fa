//! Ncloud Kubernetes Service (`vnks/v2`): its operations on the NKS store ([`store`]), its
//! request bodies ([`body`]) and its models ([`model`]). What it answers is described in the
//! crate's documentation, section "REST: NKS".

pub(crate) mod body;
pub(crate) mod model;
pub(crate) mod store;

use base64::Engine as _;
use serde_json::json;

use super::errors::{Failure, Step, Subject, Violation};
use super::{JSON_CONTENT_TYPE, Reply, RestCall, RestOperation};
use crate::config::UpdateNodePoolAnswer;
use model::NksCluster;
use store::NksStore;

/// The `instanceNo` of the first node pool; the next ones count up, store-wide.
pub const FIRST_NODE_POOL_INSTANCE_NO: i64 = 1001;
/// The `id` of the first worker node; the next ones count up, store-wide.
pub const FIRST_WORKER_NODE_ID: i64 = 20_000_001;
/// A cluster's `k8sVersion` when its create body names none.
pub const DEFAULT_K8S_VERSION: &str = "1.30.8-nks.1";
/// Most node pools in a cluster (the fake's bound); a create beyond is refused with a 400.
pub const MAX_NODE_POOLS_PER_CLUSTER: usize = 50;

/// Carries out an NKS call on `store`.
pub(crate) fn serve(store: &mut NksStore, call: &RestCall) -> Result<Reply, Failure> {
    let uuid = call.params.first().map_or("", String::as_str);
    let body = call.body.as_deref();
    let json = |value: serde_json::Value| (200, Some(JSON_CONTENT_TYPE), value.to_string());
    let no_content = || (204, None, String::new());
    Ok(match call.operation {
        RestOperation::GetClusters => {
            let clusters: Vec<_> = store.list().iter().map(NksCluster::to_json).collect();
            json(json!({ "clusters": clusters }))
        }
        RestOperation::GetCluster => json(json!({"cluster": store.read(uuid)?.to_json()})),
        RestOperation::CreateCluster => json(json!({"uuid": store.create(body::cluster_body(body)?)?})),
        RestOperation::DeleteCluster => {
            store.delete(uuid)?;
            no_content()
        }
        RestOperation::GetKubeconfig => json(json!({"kubeconfig": kubeconfig(store.find(uuid)?)?})),
        RestOperation::GetNodePools => {
            let pools: Vec<_> = store
                .node_pools(uuid)?
                .iter()
                .map(model::NksNodePool::to_json)
                .collect();
            json(json!({ "nodePool": pools }))
        }
        RestOperation::CreateNodePool => {
            // Checked after the cluster: an unknown cluster is a 404 whatever the body.
            store.find(uuid)?;
            store.create_pool(uuid, body::node_pool_body(body)?)?;
            json(json!({ "uuid": uuid }))
        }
        RestOperation::UpdateNodePool => {
            store.find(uuid)?;
            let instance_no = instance_no(call)?;
            store.update_pool(uuid, instance_no, &body::update_body(body)?)?;
            match store.config().update_node_pool_answer {
                UpdateNodePoolAnswer::Body => json(json!({"uuid": uuid, "instanceNo": instance_no})),
                UpdateNodePoolAnswer::NoContent => no_content(),
            }
        }
        RestOperation::DeleteNodePool => {
            store.find(uuid)?;
            store.delete_pool(uuid, instance_no(call)?)?;
            no_content()
        }
        RestOperation::GetWorkerNodes => json(json!({"nodes": store.find(uuid)?.nodes_json()})),
        // Widget operations are routed to the widget store, never here.
        _ => return Err(Failure::NotFound(Subject::Cluster(uuid.to_owned()))),
    })
}

/// The `{instanceNo}` path parameter: decimal digits, else 400.
fn instance_no(call: &RestCall) -> Result<i64, Failure> {
    let text = call.params.get(1).map_or("", String::as_str);
    match text.parse::<i64>() {
        Ok(number) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(number),
        _ => Err(Failure::Invalid(vec![Violation {
            path: vec![Step::Field("instanceNo".into())],
            constraint: "isInt",
            message: format!("instanceNo must be an integer number, not {text:?}"),
        }])),
    }
}

/// A small kubeconfig naming the cluster, its endpoint and made-up credentials; refused (400)
/// for a cluster that authenticates through IAM only (`authType` `API`): NKS gives no
/// kubeconfig for those (REST_NOTES section 1.2).
fn kubeconfig(cluster: &NksCluster) -> Result<String, Failure> {
    if cluster.auth_type == "API" {
        return Err(Failure::Unavailable {
            subject: Subject::Cluster(cluster.uuid.clone()),
            detail: format!(
                "Cluster {:?} uses IAM authentication only (authType API): its kubeconfig is not available \
                 through this API; create one with ncp-iam-authenticator.",
                cluster.uuid
            ),
        });
    }
    let b64 = |text: String| base64::engine::general_purpose::STANDARD.encode(text);
    let region = cluster.region_code.to_ascii_lowercase();
    let name = format!("nks_{region}_{}_{}", cluster.name, cluster.uuid);
    let user = format!("kubernetes-admin-{}", cluster.uuid);
    Ok(format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: {name}\n  cluster:\n    server: {server}\n    \
         certificate-authority-data: {ca}\ncontexts:\n- name: {user}@{name}\n  context:\n    cluster: {name}\n    \
         user: {user}\ncurrent-context: {user}@{name}\npreferences: {{}}\nusers:\n- name: {user}\n  user:\n    \
         token: {token}\n",
        server = cluster.endpoint(),
        ca = b64(format!("fake certificate authority of cluster {}", cluster.uuid)),
        token = b64(format!("fake token of cluster {}", cluster.uuid)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_numbers() {
        let call = |no: &str| RestCall {
            operation: RestOperation::DeleteNodePool,
            params: vec!["u".into(), no.into()],
            query: vec![],
            body: None,
            accepts_only_json: false,
            now_ms: 0,
            answer: None,
        };
        assert_eq!(instance_no(&call("1001")), Ok(1001));
        for bad in ["", "+1", "-1", "1e3", "x", "99999999999999999999"] {
            assert!(matches!(instance_no(&call(bad)), Err(Failure::Invalid(_))), "{bad}");
        }
    }
}
