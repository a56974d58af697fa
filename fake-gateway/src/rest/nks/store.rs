//! The NKS store: clusters with their node pools and worker nodes, and their lifecycles, counted
//! in reads (no wall clock).
//!
//! - A cluster is `CREATING` for [`NksConfig::cluster_reads_until_running`] `getCluster` calls
//!   of it, then `RUNNING` (or `NO_NODE` without a node pool); the pools it was created with
//!   move with it (`CREATING`, then `RUN` with their nodes). After a delete it is `DELETING`,
//!   its pools too, for [`NksConfig::cluster_reads_until_gone`] reads (a `getCluster` of it, or
//!   any `getClusters`), then gone.
//! - A node pool of a settled cluster is `CREATING` (no nodes), `NODE_SCALE_OUT` /
//!   `NODE_SCALE_DOWN` (the old nodes) or `DELETING` for
//!   [`NksConfig::node_pool_reads_until_settled`] `getNodePools` calls of its cluster, then
//!   `RUN` with its nodes as asked, or gone.
//!
//! With N reads to go, those N reads see the transition, the next one its end.

use super::body::{ClusterInput, NodePoolInput, NodePoolUpdate};
use super::model::{ClusterStatus, NksCluster, NksNodePool, NksWorkerNode, NodePoolStatus};
use super::{DEFAULT_K8S_VERSION, FIRST_NODE_POOL_INSTANCE_NO, FIRST_WORKER_NODE_ID, MAX_NODE_POOLS_PER_CLUSTER};
use crate::clock::{NKS_CLOCK_START, utc_millis};
use crate::config::NksConfig;
use crate::rest::errors::{Failure, Step, Subject, Violation};

/// The clusters, in creation order.
#[derive(Debug)]
pub(crate) struct NksStore {
    config: NksConfig,
    clusters: Vec<NksCluster>,
    next_cluster: u64,
    next_instance_no: i64,
    next_node_id: i64,
    next_second: i64,
}

/// `00000000-0000-4000-8000-000000000000`-shaped, from `n` (SplitMix64): version 4, variant
/// 10, the same for the same `n` on every run.
fn uuid_like(n: u64) -> String {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let high = mix(n);
    let low = mix(high ^ n);
    let high = (high & !0xf000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

/// The next date of the store's clock, `next_second`: `2024-10-08T08:56:48.000Z`.
fn tick(next_second: &mut i64) -> String {
    let date = utc_millis(i128::from(*next_second) * 1000);
    *next_second = next_second.saturating_add(1);
    date
}

/// The cluster `uuid`, if it may be changed (neither creating nor deleting).
fn changeable<'c>(clusters: &'c mut [NksCluster], uuid: &str) -> Result<&'c mut NksCluster, Failure> {
    let cluster = clusters
        .iter_mut()
        .find(|c| c.uuid == uuid)
        .ok_or_else(|| not_found(uuid))?;
    if cluster.status.is_settled() {
        Ok(cluster)
    } else {
        Err(Failure::Conflict {
            subject: Subject::Cluster(uuid.to_owned()),
            status: cluster.status.as_str(),
        })
    }
}

/// The pool `instance_no` of `cluster`, if it may be changed (`RUN`).
fn changeable_pool(cluster: &mut NksCluster, instance_no: i64) -> Result<&mut NksNodePool, Failure> {
    let subject = || Subject::NodePool {
        uuid: cluster.uuid.clone(),
        instance_no,
    };
    let pool = cluster.node_pools.iter().position(|p| p.instance_no == instance_no);
    let pool = pool.ok_or_else(|| Failure::NotFound(subject()))?;
    let status = cluster.node_pools.get(pool).map_or(NodePoolStatus::Run, |p| p.status);
    if status != NodePoolStatus::Run {
        return Err(Failure::Conflict {
            subject: subject(),
            status: status.as_str(),
        });
    }
    cluster
        .node_pools
        .get_mut(pool)
        .ok_or_else(|| Failure::NotFound(subject()))
}

/// A new pool `instance_no` from `input`, in `cluster`, `CREATING`.
fn new_pool(
    instance_no: i64,
    config: &NksConfig,
    input: NodePoolInput,
    cluster: &NksCluster,
    is_default: bool,
) -> NksNodePool {
    NksNodePool {
        instance_no,
        is_default,
        name: input.name,
        status: NodePoolStatus::Creating {
            reads_left: config.node_pool_reads_until_settled,
        },
        node_count: input.node_count,
        k8s_version: input.k8s_version.unwrap_or_else(|| cluster.k8s_version.clone()),
        storage_size: input.storage_size,
        software_code: input.software_code,
        product_code: input.product_code,
        server_spec_code: input.server_spec_code,
        server_role_id: input.server_role_id,
        subnet_no_list: input.subnet_no_list.unwrap_or_else(|| cluster.subnet_no_list.clone()),
        autoscale: input.autoscale,
        labels: input.labels,
        taints: input.taints,
        nodes: Vec::new(),
    }
}

fn not_found(uuid: &str) -> Failure {
    Failure::NotFound(Subject::Cluster(uuid.to_owned()))
}

/// A name already taken: 400, as a violation of `path`.
fn taken(path: Vec<Step>, what: &str, name: &str) -> Failure {
    Failure::Invalid(vec![Violation {
        path,
        constraint: "isUnique",
        message: format!("{what} {name:?} already exists"),
    }])
}

impl NksStore {
    pub(crate) fn new(config: NksConfig) -> Self {
        Self {
            config,
            clusters: Vec::new(),
            next_cluster: 1,
            next_instance_no: FIRST_NODE_POOL_INSTANCE_NO,
            next_node_id: FIRST_WORKER_NODE_ID,
            next_second: NKS_CLOCK_START,
        }
    }

    pub(crate) fn config(&self) -> &NksConfig {
        &self.config
    }

    /// Every cluster, in creation order, as it is now (not a read).
    pub(crate) fn clusters(&self) -> Vec<NksCluster> {
        self.clusters.clone()
    }

    fn position(&self, uuid: &str) -> Result<usize, Failure> {
        self.clusters
            .iter()
            .position(|c| c.uuid == uuid)
            .ok_or_else(|| not_found(uuid))
    }

    /// The cluster, for the calls that do not count as reads.
    pub(crate) fn find(&self, uuid: &str) -> Result<&NksCluster, Failure> {
        self.clusters
            .iter()
            .find(|c| c.uuid == uuid)
            .ok_or_else(|| not_found(uuid))
    }

    /// `count` new worker nodes for the pool `pool_name`.
    fn new_nodes(next_node_id: &mut i64, pool_name: &str, count: i64) -> Vec<NksWorkerNode> {
        (0..count.max(0))
            .map(|_| {
                let id = *next_node_id;
                *next_node_id = next_node_id.saturating_add(1);
                NksWorkerNode {
                    id,
                    name: format!("{pool_name}-w-{id}"),
                    private_ip: format!("10.0.{}.{}", (id / 250) % 256, id % 250 + 4),
                }
            })
            .collect()
    }

    /// Ends a pool's transition (not a deletion): `RUN`, with its nodes as many as asked.
    fn run(next_node_id: &mut i64, pool: &mut NksNodePool) {
        let want = usize::try_from(pool.node_count).unwrap_or(0);
        if pool.nodes.len() > want {
            pool.nodes.truncate(want);
        } else {
            let more = i64::try_from(want - pool.nodes.len()).unwrap_or(0);
            let name = pool.name.clone();
            pool.nodes.extend(Self::new_nodes(next_node_id, &name, more));
        }
        pool.status = NodePoolStatus::Run;
    }

    /// `RUNNING` or `NO_NODE`, by whether it has pools.
    fn settled_status(cluster: &NksCluster) -> ClusterStatus {
        if cluster.node_pools.is_empty() {
            ClusterStatus::NoNode
        } else {
            ClusterStatus::Running
        }
    }

    /// Ends a cluster's creation: settled, its pools `RUN` with their nodes.
    fn created(next_node_id: &mut i64, cluster: &mut NksCluster) {
        for pool in &mut cluster.node_pools {
            Self::run(next_node_id, pool);
        }
        cluster.status = Self::settled_status(cluster);
    }

    /// `createCluster`: its uuid; the cluster `CREATING` (settled at once when no read is to
    /// see it creating).
    pub(crate) fn create(&mut self, input: ClusterInput) -> Result<String, Failure> {
        if self.clusters.len() >= self.config.max_clusters {
            return Err(Failure::LimitExceeded {
                max: self.config.max_clusters,
                what: "clusters",
            });
        }
        if self.clusters.iter().any(|c| c.name == input.name) {
            return Err(taken(vec![Step::Field("name".into())], "A cluster named", &input.name));
        }
        let pools: Vec<(bool, NodePoolInput)> = input
            .default_node_pool
            .into_iter()
            .map(|p| (true, p))
            .chain(input.node_pools.into_iter().map(|p| (false, p)))
            .collect();
        if pools.len() > MAX_NODE_POOLS_PER_CLUSTER {
            return Err(Failure::LimitExceeded {
                max: MAX_NODE_POOLS_PER_CLUSTER,
                what: "node pools in a cluster",
            });
        }
        for (i, (_, pool)) in pools.iter().enumerate() {
            if pools.iter().take(i).any(|(_, p)| p.name == pool.name) {
                return Err(taken(
                    vec![Step::Field("nodePool".into())],
                    "A node pool named",
                    &pool.name,
                ));
            }
        }
        let uuid = loop {
            let uuid = uuid_like(self.next_cluster);
            self.next_cluster = self.next_cluster.saturating_add(1);
            if self.position(&uuid).is_err() {
                break uuid;
            }
        };
        let now = tick(&mut self.next_second);
        let mut cluster = NksCluster {
            uuid: uuid.clone(),
            name: input.name,
            status: ClusterStatus::Creating {
                reads_left: self.config.cluster_reads_until_running,
            },
            cluster_type: input.cluster_type,
            hypervisor_code: input.hypervisor_code.unwrap_or_else(|| "XEN".into()),
            k8s_version: input.k8s_version.unwrap_or_else(|| DEFAULT_K8S_VERSION.into()),
            region_code: input.region_code,
            zone_code: input.zone_code,
            zone_no: input.zone_no,
            vpc_no: input.vpc_no,
            subnet_no_list: input.subnet_no_list,
            subnet_lb_no: input.subnet_lb_no,
            lb_private_subnet_no: input.lb_private_subnet_no,
            lb_public_subnet_no: input.lb_public_subnet_no,
            login_key_name: input.login_key_name,
            kube_network_plugin: input.kube_network_plugin.unwrap_or_else(|| "cilium".into()),
            auth_type: input.auth_type.unwrap_or_else(|| "CONFIG_MAP".into()),
            kms_key_tag: input.kms_key_tag,
            public_network: input.public_network,
            is_regional: input.is_regional,
            audit_log: input.audit_log.unwrap_or(false),
            node_pools: Vec::new(),
            created_at: now.clone(),
            updated_at: now,
        };
        for (is_default, pool) in pools {
            let instance_no = self.next_instance_no;
            self.next_instance_no = self.next_instance_no.saturating_add(1);
            let pool = new_pool(instance_no, &self.config, pool, &cluster, is_default);
            cluster.node_pools.push(pool);
        }
        if self.config.cluster_reads_until_running == 0 {
            Self::created(&mut self.next_node_id, &mut cluster);
        }
        self.clusters.push(cluster);
        Ok(uuid)
    }

    /// Moves a deleting cluster on by one read; `false` when it is gone.
    fn read_deleting(cluster: &mut NksCluster) -> bool {
        match cluster.status {
            ClusterStatus::Deleting { reads_left: 0 } => false,
            ClusterStatus::Deleting { reads_left } => {
                cluster.status = ClusterStatus::Deleting {
                    reads_left: reads_left - 1,
                };
                true
            }
            _ => true,
        }
    }

    /// `getCluster`: a read of it (creating: one read less; deleting: one read less, or gone).
    pub(crate) fn read(&mut self, uuid: &str) -> Result<NksCluster, Failure> {
        let i = self.position(uuid)?;
        let Some(cluster) = self.clusters.get_mut(i) else {
            return Err(not_found(uuid));
        };
        match cluster.status {
            ClusterStatus::Creating { reads_left: 0 } => Self::created(&mut self.next_node_id, cluster),
            ClusterStatus::Creating { reads_left } => {
                cluster.status = ClusterStatus::Creating {
                    reads_left: reads_left - 1,
                }
            }
            _ => {
                if !Self::read_deleting(cluster) {
                    self.clusters.remove(i);
                    return Err(not_found(uuid));
                }
            }
        }
        Ok(cluster.clone())
    }

    /// `getClusters`: every cluster; a read of each deleting one (creating ones do not move).
    pub(crate) fn list(&mut self) -> Vec<NksCluster> {
        self.clusters.retain_mut(Self::read_deleting);
        self.clusters.clone()
    }

    /// `deleteCluster`: the cluster and its pools `DELETING`, or gone at once when no read is
    /// to see them deleting.
    pub(crate) fn delete(&mut self, uuid: &str) -> Result<(), Failure> {
        let reads_left = self.config.cluster_reads_until_gone;
        let cluster = changeable(&mut self.clusters, uuid)?;
        cluster.status = ClusterStatus::Deleting { reads_left };
        cluster.updated_at = tick(&mut self.next_second);
        for pool in &mut cluster.node_pools {
            pool.status = NodePoolStatus::Deleting { reads_left };
        }
        if reads_left == 0 {
            self.clusters.retain(|c| c.uuid != uuid);
        }
        Ok(())
    }

    /// `getNodePools`: the cluster's pools, after a read of each (a pool's transition moves
    /// on only while its cluster is settled: the pools of a cluster being created or deleted
    /// move with it).
    pub(crate) fn node_pools(&mut self, uuid: &str) -> Result<Vec<NksNodePool>, Failure> {
        let i = self.position(uuid)?;
        let next_node_id = &mut self.next_node_id;
        let Some(cluster) = self.clusters.get_mut(i) else {
            return Err(not_found(uuid));
        };
        if !cluster.status.is_settled() {
            return Ok(cluster.node_pools.clone());
        }
        cluster.node_pools.retain_mut(|pool| {
            match pool.status {
                NodePoolStatus::Deleting { reads_left: 0 } => return false,
                NodePoolStatus::Creating { reads_left: 0 }
                | NodePoolStatus::ScaleOut { reads_left: 0 }
                | NodePoolStatus::ScaleDown { reads_left: 0 } => Self::run(next_node_id, pool),
                NodePoolStatus::Creating { reads_left } => {
                    pool.status = NodePoolStatus::Creating {
                        reads_left: reads_left - 1,
                    }
                }
                NodePoolStatus::ScaleOut { reads_left } => {
                    pool.status = NodePoolStatus::ScaleOut {
                        reads_left: reads_left - 1,
                    }
                }
                NodePoolStatus::ScaleDown { reads_left } => {
                    pool.status = NodePoolStatus::ScaleDown {
                        reads_left: reads_left - 1,
                    }
                }
                NodePoolStatus::Deleting { reads_left } => {
                    pool.status = NodePoolStatus::Deleting {
                        reads_left: reads_left - 1,
                    }
                }
                NodePoolStatus::Run => {}
            }
            true
        });
        cluster.status = Self::settled_status(cluster);
        Ok(cluster.node_pools.clone())
    }

    /// `createNodePool`: a new pool `CREATING` (`RUN` at once when no read is to see it
    /// creating) in a settled cluster.
    pub(crate) fn create_pool(&mut self, uuid: &str, input: NodePoolInput) -> Result<(), Failure> {
        let cluster = changeable(&mut self.clusters, uuid)?;
        if cluster.node_pools.len() >= MAX_NODE_POOLS_PER_CLUSTER {
            return Err(Failure::LimitExceeded {
                max: MAX_NODE_POOLS_PER_CLUSTER,
                what: "node pools in a cluster",
            });
        }
        if cluster.node_pools.iter().any(|p| p.name == input.name) {
            return Err(taken(
                vec![Step::Field("name".into())],
                "A node pool named",
                &input.name,
            ));
        }
        let instance_no = self.next_instance_no;
        self.next_instance_no = self.next_instance_no.saturating_add(1);
        let mut pool = new_pool(instance_no, &self.config, input, cluster, false);
        if self.config.node_pool_reads_until_settled == 0 {
            Self::run(&mut self.next_node_id, &mut pool);
        }
        cluster.node_pools.push(pool);
        cluster.updated_at = tick(&mut self.next_second);
        cluster.status = Self::settled_status(cluster);
        Ok(())
    }

    /// `updateNodePool`: a new count scales the pool out or down (at once when no read is to
    /// see it scaling); autoscale settings apply at once.
    pub(crate) fn update_pool(&mut self, uuid: &str, instance_no: i64, update: &NodePoolUpdate) -> Result<(), Failure> {
        let reads_left = self.config.node_pool_reads_until_settled;
        let cluster = changeable(&mut self.clusters, uuid)?;
        let pool = changeable_pool(cluster, instance_no)?;
        let target = update.target(pool.node_count);
        if let Some(autoscale) = update.autoscale {
            pool.autoscale = autoscale;
        }
        pool.status = if target > pool.node_count {
            NodePoolStatus::ScaleOut { reads_left }
        } else if target < pool.node_count {
            NodePoolStatus::ScaleDown { reads_left }
        } else {
            NodePoolStatus::Run
        };
        pool.node_count = target;
        if reads_left == 0 {
            Self::run(&mut self.next_node_id, pool);
        }
        cluster.updated_at = tick(&mut self.next_second);
        Ok(())
    }

    /// `deleteNodePool`: the pool `DELETING`, or gone at once when no read is to see it
    /// deleting.
    pub(crate) fn delete_pool(&mut self, uuid: &str, instance_no: i64) -> Result<(), Failure> {
        let reads_left = self.config.node_pool_reads_until_settled;
        let cluster = changeable(&mut self.clusters, uuid)?;
        changeable_pool(cluster, instance_no)?.status = NodePoolStatus::Deleting { reads_left };
        if reads_left == 0 {
            cluster.node_pools.retain(|p| p.instance_no != instance_no);
        }
        cluster.updated_at = tick(&mut self.next_second);
        cluster.status = Self::settled_status(cluster);
        Ok(())
    }

    /// Ends every transition now.
    pub(crate) fn settle(&mut self) {
        self.clusters
            .retain(|c| !matches!(c.status, ClusterStatus::Deleting { .. }));
        for cluster in &mut self.clusters {
            cluster
                .node_pools
                .retain(|p| !matches!(p.status, NodePoolStatus::Deleting { .. }));
            for pool in &mut cluster.node_pools {
                Self::run(&mut self.next_node_id, pool);
            }
            cluster.status = Self::settled_status(cluster);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::nks::body::{cluster_body, node_pool_body, update_body};

    fn store(reads: u32) -> NksStore {
        NksStore::new(NksConfig {
            cluster_reads_until_running: reads,
            cluster_reads_until_gone: reads,
            node_pool_reads_until_settled: reads,
            ..NksConfig::default()
        })
    }

    fn cluster(name: &str, pools: &str) -> ClusterInput {
        let body = format!(
            r#"{{"name": "{name}", "clusterType": "SVR.VNKS.STAND.C002.M008.NET.SSD.B050.G002", "loginKeyName": "key",
                "regionCode": "KR", "vpcNo": 1, "subnetNoList": [2], "nodePool": [{pools}]}}"#
        );
        cluster_body(Some(body.as_bytes())).unwrap()
    }

    fn pool(name: &str, count: i64) -> NodePoolInput {
        node_pool_body(Some(
            format!(r#"{{"name": "{name}", "nodeCount": {count}}}"#).as_bytes(),
        ))
        .unwrap()
    }

    #[test]
    fn uuids_look_like_version_4_and_differ() {
        let a = uuid_like(1);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{a}");
        assert_eq!(a.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert_ne!(a, uuid_like(2));
        assert_eq!(a, uuid_like(1));
    }

    #[test]
    fn a_cluster_is_created_with_its_pools_and_deleted() {
        let mut store = store(1);
        let uuid = store
            .create(cluster("c-one", r#"{"name": "pool-a", "nodeCount": 2}"#))
            .unwrap();
        assert_eq!(store.read(&uuid).unwrap().status.as_str(), "CREATING");
        // Pools of a creating cluster do not move on their own.
        let pools = store.node_pools(&uuid).unwrap();
        assert_eq!((pools[0].status.as_str(), pools[0].nodes.len()), ("CREATING", 0));
        let running = store.read(&uuid).unwrap();
        assert_eq!(running.status, ClusterStatus::Running);
        assert_eq!(running.node_pools[0].status, NodePoolStatus::Run);
        assert_eq!(running.node_pools[0].nodes.len(), 2);
        assert_eq!(running.node_pools[0].instance_no, FIRST_NODE_POOL_INSTANCE_NO);
        store.delete(&uuid).unwrap();
        assert!(matches!(
            store.delete(&uuid),
            Err(Failure::Conflict { status: "DELETING", .. })
        ));
        assert_eq!(store.list()[0].node_pools[0].status.as_str(), "DELETING");
        assert!(store.list().is_empty());
        assert!(matches!(store.read(&uuid), Err(Failure::NotFound(_))));
    }

    #[test]
    fn pools_scale_and_go() {
        let mut store = store(0);
        let uuid = store.create(cluster("c-two", "")).unwrap();
        assert_eq!(store.find(&uuid).unwrap().status, ClusterStatus::NoNode);
        let mut store = NksStore {
            config: NksConfig {
                node_pool_reads_until_settled: 1,
                ..store.config
            },
            ..store
        };
        store.create_pool(&uuid, pool("pool-b", 3)).unwrap();
        assert_eq!(store.find(&uuid).unwrap().status, ClusterStatus::Running);
        let duplicate = store.create_pool(&uuid, pool("pool-b", 1));
        assert!(matches!(duplicate, Err(Failure::Invalid(_))));
        let no = FIRST_NODE_POOL_INSTANCE_NO;
        let update = update_body(Some(br#"{"nodeCount": 1}"#)).unwrap();
        assert!(matches!(
            store.update_pool(&uuid, no, &update),
            Err(Failure::Conflict { status: "CREATING", .. })
        ));
        assert_eq!(store.node_pools(&uuid).unwrap()[0].status.as_str(), "CREATING");
        let ids: Vec<i64> = store.node_pools(&uuid).unwrap()[0].nodes.iter().map(|n| n.id).collect();
        assert_eq!(ids.len(), 3);
        store.update_pool(&uuid, no, &update).unwrap();
        let scaling = &store.find(&uuid).unwrap().node_pools[0];
        assert_eq!(
            (scaling.status.as_str(), scaling.node_count, scaling.nodes.len()),
            ("NODE_SCALE_DOWN", 1, 3)
        );
        store.node_pools(&uuid).unwrap();
        let done = &store.node_pools(&uuid).unwrap()[0];
        // The oldest node stays.
        assert_eq!(
            (done.status.as_str(), done.nodes.len(), done.nodes[0].id),
            ("RUN", 1, ids[0])
        );
        assert!(matches!(
            store.update_pool(&uuid, 9, &update),
            Err(Failure::NotFound(_))
        ));
        store.delete_pool(&uuid, no).unwrap();
        store.node_pools(&uuid).unwrap();
        assert!(store.node_pools(&uuid).unwrap().is_empty());
        assert_eq!(store.find(&uuid).unwrap().status, ClusterStatus::NoNode);
    }

    #[test]
    fn settle_ends_everything() {
        let mut store = store(5);
        let a = store
            .create(cluster("c-three", r#"{"name": "pool-c", "nodeCount": 1}"#))
            .unwrap();
        let b = store.create(cluster("c-four", "")).unwrap();
        assert!(matches!(store.create(cluster("c-four", "")), Err(Failure::Invalid(_))));
        store.settle();
        store.delete(&b).unwrap();
        store.settle();
        let clusters = store.clusters();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].uuid, a);
        assert_eq!(clusters[0].node_pools[0].nodes.len(), 1);
    }
}
