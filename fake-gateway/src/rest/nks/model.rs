//! NKS's models as the store holds them ([`NksCluster`], [`NksNodePool`], [`NksWorkerNode`]),
//! and their JSON (REST_NOTES section 1.5): camelCase keys, absent optionals omitted.

use serde_json::{Map, Value, json};

/// Where a cluster is in its lifecycle (the wire `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterStatus {
    /// `CREATING`, for this many more `getCluster` calls.
    Creating {
        /// `getCluster` calls that will still see it creating.
        reads_left: u32,
    },
    /// `RUNNING`: created, with at least one node pool.
    Running,
    /// `NO_NODE`: created, without any node pool.
    NoNode,
    /// `DELETING`, for this many more reads (`getCluster` of it, or `getClusters`); gone after
    /// them.
    Deleting {
        /// Reads that will still see it deleting.
        reads_left: u32,
    },
}

impl ClusterStatus {
    /// The wire text: `CREATING`, `RUNNING`, `NO_NODE` or `DELETING`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating { .. } => "CREATING",
            Self::Running => "RUNNING",
            Self::NoNode => "NO_NODE",
            Self::Deleting { .. } => "DELETING",
        }
    }

    /// Neither creating nor deleting: the cluster may be changed.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Running | Self::NoNode)
    }
}

/// Where a node pool is in its lifecycle (the wire `status`); each transition lasts a number of
/// `getNodePools` calls of its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodePoolStatus {
    /// `CREATING`: no nodes yet.
    Creating {
        /// `getNodePools` calls that will still see it creating.
        reads_left: u32,
    },
    /// `RUN`.
    Run,
    /// `NODE_SCALE_OUT`: nodes are being added (its `nodeCount` is already the new one).
    ScaleOut {
        /// `getNodePools` calls that will still see it scaling.
        reads_left: u32,
    },
    /// `NODE_SCALE_DOWN`: nodes are being removed (its `nodeCount` is already the new one).
    ScaleDown {
        /// `getNodePools` calls that will still see it scaling.
        reads_left: u32,
    },
    /// `DELETING`; gone after the reads.
    Deleting {
        /// `getNodePools` calls that will still see it deleting.
        reads_left: u32,
    },
}

impl NodePoolStatus {
    /// The wire text: `CREATING`, `RUN`, `NODE_SCALE_OUT`, `NODE_SCALE_DOWN` or `DELETING`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating { .. } => "CREATING",
            Self::Run => "RUN",
            Self::ScaleOut { .. } => "NODE_SCALE_OUT",
            Self::ScaleDown { .. } => "NODE_SCALE_DOWN",
            Self::Deleting { .. } => "DELETING",
        }
    }
}

/// A node pool's `autoscale`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NksAutoscale {
    /// `enabled`.
    pub enabled: bool,
    /// `max` (0 when never set).
    pub max: i64,
    /// `min` (0 when never set).
    pub min: i64,
}

/// A Kubernetes label of a node pool's nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NksLabel {
    /// `key`.
    pub key: String,
    /// `value`.
    pub value: String,
}

/// A Kubernetes taint of a node pool's nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NksTaint {
    /// `key`.
    pub key: String,
    /// `value`, optional.
    pub value: Option<String>,
    /// `effect` (`NoSchedule`, …; not checked).
    pub effect: String,
}

/// A worker node: one server of a node pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NksWorkerNode {
    /// `id`, unique in the store (from [`FIRST_WORKER_NODE_ID`](super::FIRST_WORKER_NODE_ID)).
    pub id: i64,
    /// `name` and `serverName`: the pool's name, `-w-`, the id.
    pub name: String,
    /// `privateIp`, from the id.
    pub private_ip: String,
}

/// A node pool as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NksNodePool {
    /// `instanceNo`, unique in the store (from
    /// [`FIRST_NODE_POOL_INSTANCE_NO`](super::FIRST_NODE_POOL_INSTANCE_NO)).
    pub instance_no: i64,
    /// `isDefault`: created as the cluster's `defaultNodePool`.
    pub is_default: bool,
    /// `name`, unique in its cluster.
    pub name: String,
    /// `status`.
    pub status: NodePoolStatus,
    /// `nodeCount`: the count asked for (the nodes follow once a scale ends).
    pub node_count: i64,
    /// `k8sVersion`: the cluster's unless the pool asked for one.
    pub k8s_version: String,
    /// `storageSize`.
    pub storage_size: Option<i64>,
    /// `softwareCode`.
    pub software_code: Option<String>,
    /// `productCode`.
    pub product_code: Option<String>,
    /// `serverSpecCode`.
    pub server_spec_code: Option<String>,
    /// `serverRoleId`.
    pub server_role_id: Option<String>,
    /// `subnetNoList`: the pool's `subnetNoList` or `subnetNo`, else the cluster's.
    pub subnet_no_list: Vec<i64>,
    /// `autoscale`.
    pub autoscale: NksAutoscale,
    /// `labels`.
    pub labels: Vec<NksLabel>,
    /// `taints`.
    pub taints: Vec<NksTaint>,
    /// Its worker nodes as they are now (none while `CREATING`; the old ones while scaling).
    pub nodes: Vec<NksWorkerNode>,
}

impl NksNodePool {
    /// The node pool's JSON.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("instanceNo".into(), self.instance_no.into());
        object.insert("isDefault".into(), self.is_default.into());
        object.insert("name".into(), self.name.clone().into());
        object.insert("status".into(), self.status.as_str().into());
        object.insert("nodeCount".into(), self.node_count.into());
        object.insert("k8sVersion".into(), self.k8s_version.clone().into());
        insert_opt(&mut object, "storageSize", self.storage_size.map(Value::from));
        for (key, value) in [
            ("softwareCode", &self.software_code),
            ("productCode", &self.product_code),
            ("serverSpecCode", &self.server_spec_code),
            ("serverRoleId", &self.server_role_id),
        ] {
            insert_opt(&mut object, key, value.clone().map(Value::from));
        }
        object.insert("subnetNoList".into(), self.subnet_no_list.clone().into());
        let NksAutoscale { enabled, max, min } = self.autoscale;
        object.insert("autoscale".into(), json!({"enabled": enabled, "max": max, "min": min}));
        let labels: Vec<Value> = self
            .labels
            .iter()
            .map(|l| json!({"key": l.key, "value": l.value}))
            .collect();
        object.insert("labels".into(), labels.into());
        let taints: Vec<Value> = self
            .taints
            .iter()
            .map(|t| {
                let mut taint = Map::new();
                taint.insert("key".into(), t.key.clone().into());
                insert_opt(&mut taint, "value", t.value.clone().map(Value::from));
                taint.insert("effect".into(), t.effect.clone().into());
                Value::Object(taint)
            })
            .collect();
        object.insert("taints".into(), taints.into());
        object.into()
    }

    /// The JSON of each of its nodes, as `getWorkerNodes` lists them.
    pub(crate) fn nodes_json(&self, login_key_name: &str) -> Vec<Value> {
        let (cpu, memory_gib) = self.size();
        self.nodes
            .iter()
            .map(|node| {
                let mut object = Map::new();
                object.insert("id".into(), node.id.into());
                object.insert("name".into(), node.name.clone().into());
                object.insert("serverName".into(), node.name.clone().into());
                insert_opt(
                    &mut object,
                    "serverSpec",
                    self.server_spec_code.clone().map(Value::from),
                );
                insert_opt(&mut object, "specCode", self.server_spec_code.clone().map(Value::from));
                insert_opt(&mut object, "productCode", self.product_code.clone().map(Value::from));
                insert_opt(&mut object, "softwareCode", self.software_code.clone().map(Value::from));
                object.insert("nodePoolId".into(), self.instance_no.into());
                object.insert("nodePoolName".into(), self.name.clone().into());
                object.insert("status".into(), "run".into());
                object.insert("statusCode".into(), "RUN".into());
                object.insert("statusName".into(), "running".into());
                object.insert("k8sStatus".into(), "Ready".into());
                object.insert("privateIp".into(), node.private_ip.clone().into());
                object.insert("cpuCount".into(), cpu.into());
                object.insert("memorySize".into(), memory_gib.saturating_mul(1 << 30).into());
                object.insert("loginKeyName".into(), login_key_name.into());
                object.insert("returnProtectionYn".into(), "N".into());
                object.insert("providerID".into(), format!("navercloudplatform://{}", node.id).into());
                Value::Object(object)
            })
            .collect()
    }

    /// CPUs and GiB of memory of each node: read from the server spec or product code
    /// (`….C004.M016.…`), else 2 and 8.
    fn size(&self) -> (i64, i64) {
        let codes = [&self.server_spec_code, &self.product_code];
        let find = |letter: char| {
            codes.iter().filter_map(|code| code.as_deref()).find_map(|code| {
                code.split('.')
                    .find_map(|part| part.strip_prefix(letter).filter(|n| n.len() == 3)?.parse().ok())
            })
        };
        (find('C').unwrap_or(2), find('M').unwrap_or(8))
    }
}

/// A cluster as the store holds it, with its node pools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NksCluster {
    /// `uuid` (version-4 form, deterministic: the same on every run).
    pub uuid: String,
    /// `name`, unique in the store.
    pub name: String,
    /// `status`.
    pub status: ClusterStatus,
    /// `clusterType`.
    pub cluster_type: String,
    /// `hypervisorCode`: `XEN` (default) or `KVM`.
    pub hypervisor_code: String,
    /// `k8sVersion` (default [`DEFAULT_K8S_VERSION`](super::DEFAULT_K8S_VERSION)).
    pub k8s_version: String,
    /// `regionCode`.
    pub region_code: String,
    /// `zoneCode`.
    pub zone_code: Option<String>,
    /// `zoneNo`.
    pub zone_no: Option<i64>,
    /// `vpcNo`.
    pub vpc_no: i64,
    /// `subnetNoList`.
    pub subnet_no_list: Vec<i64>,
    /// `subnetLbNo`.
    pub subnet_lb_no: Option<i64>,
    /// `lbPrivateSubnetNo`.
    pub lb_private_subnet_no: Option<i64>,
    /// `lbPublicSubnetNo`.
    pub lb_public_subnet_no: Option<i64>,
    /// `loginKeyName`.
    pub login_key_name: String,
    /// `kubeNetworkPlugin` (default `cilium`).
    pub kube_network_plugin: String,
    /// `authType` (default `CONFIG_MAP`; `API`: IAM only, no kubeconfig from this API).
    pub auth_type: String,
    /// `kmsKeyTag`.
    pub kms_key_tag: Option<String>,
    /// `publicNetwork`.
    pub public_network: Option<bool>,
    /// `isRegional`.
    pub is_regional: Option<bool>,
    /// `log.audit` (default false).
    pub audit_log: bool,
    /// `nodePool`, in creation order.
    pub node_pools: Vec<NksNodePool>,
    /// `createdAt`, from the store's clock (`2024-10-08T08:56:48.000Z`, a second per change).
    pub created_at: String,
    /// `updatedAt`: the last change to it or its pools.
    pub updated_at: String,
}

impl NksCluster {
    /// The cluster's JSON, its node pools included.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        let texts = [
            ("uuid", self.uuid.clone()),
            ("name", self.name.clone()),
            ("status", self.status.as_str().to_owned()),
            ("clusterType", self.cluster_type.clone()),
            ("hypervisorCode", self.hypervisor_code.clone()),
            ("k8sVersion", self.k8s_version.clone()),
            ("regionCode", self.region_code.clone()),
            ("loginKeyName", self.login_key_name.clone()),
            ("kubeNetworkPlugin", self.kube_network_plugin.clone()),
            ("authType", self.auth_type.clone()),
            ("endpoint", self.endpoint()),
            ("createdAt", self.created_at.clone()),
            ("updatedAt", self.updated_at.clone()),
        ];
        for (key, value) in texts {
            object.insert(key.into(), value.into());
        }
        insert_opt(&mut object, "zoneCode", self.zone_code.clone().map(Value::from));
        insert_opt(&mut object, "zoneNo", self.zone_no.map(Value::from));
        object.insert("vpcNo".into(), self.vpc_no.into());
        object.insert("subnetNoList".into(), self.subnet_no_list.clone().into());
        for (key, value) in [
            ("subnetLbNo", self.subnet_lb_no),
            ("lbPrivateSubnetNo", self.lb_private_subnet_no),
            ("lbPublicSubnetNo", self.lb_public_subnet_no),
        ] {
            insert_opt(&mut object, key, value.map(Value::from));
        }
        insert_opt(&mut object, "kmsKeyTag", self.kms_key_tag.clone().map(Value::from));
        insert_opt(&mut object, "publicNetwork", self.public_network.map(Value::from));
        insert_opt(&mut object, "isRegional", self.is_regional.map(Value::from));
        object.insert("log".into(), json!({"audit": self.audit_log}));
        let nodes: usize = self.node_pools.iter().map(|p| p.nodes.len()).sum();
        object.insert("nodeCount".into(), nodes.into());
        object.insert("nodeMaxCount".into(), self.node_max_count().into());
        let pools: Vec<Value> = self.node_pools.iter().map(NksNodePool::to_json).collect();
        object.insert("nodePool".into(), pools.into());
        object.into()
    }

    /// `https://UUID.REGION.vnks.ntruss.com`: the Kubernetes API server.
    pub fn endpoint(&self) -> String {
        format!(
            "https://{}.{}.vnks.ntruss.com",
            self.uuid,
            self.region_code.to_ascii_lowercase()
        )
    }

    /// `nodeMaxCount`, from the cluster type (REST_NOTES section 1.3): 10 for `…C002.M008…`,
    /// 250 for KVM's `…G003`, else 50.
    pub fn node_max_count(&self) -> i64 {
        if self.cluster_type.contains(".C002.M008.") {
            10
        } else if self.cluster_type.ends_with(".G003") {
            250
        } else {
            50
        }
    }

    /// Every worker node of every pool, as `getWorkerNodes` lists them.
    pub(crate) fn nodes_json(&self) -> Vec<Value> {
        self.node_pools
            .iter()
            .flat_map(|pool| pool.nodes_json(&self.login_key_name))
            .collect()
    }
}

fn insert_opt(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.into(), value);
    }
}
