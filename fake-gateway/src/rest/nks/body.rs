//! NKS's request bodies and the rules they are checked against (REST_NOTES sections 1.3 and
//! 1.4): `ClusterInputBody`, `NodePoolCreationBody` (also each of its `nodePool` and its
//! `defaultNodePool`) and `NodePoolUpdateBody`.
//!
//! As NKS does (class-validator with `@IsOptional()`), a `null` is an absent property, and a
//! property the fake does not model is ignored, never refused: the real service takes fields
//! the fake leaves out. Every violation is named, in the order of the body's documentation
//! (the cluster's required properties first, in the spec's order).

use serde_json::{Map, Value};

use super::model::{NksAutoscale, NksLabel, NksTaint};
use crate::rest::check::{Checker, Nulls, at, index, parse_json};
use crate::rest::errors::{Failure, Step, field_name};

/// Most nodes in a pool, and the bound of `autoscale.max` and of `nodeCount`.
pub const MAX_NODES_PER_POOL: i64 = 250;
/// Smallest and largest `storageSize` (GB).
pub const STORAGE_SIZE_RANGE: (i64, i64) = (50, 2000);
/// Shortest and longest cluster or node pool name.
pub const NAME_LENGTH: (usize, usize) = (3, 30);

/// What a node pool body asks for (`createNodePool`, or an item of a cluster's `nodePool`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodePoolInput {
    pub name: String,
    /// How many nodes: `nodeCount`, brought within the autoscale bounds when autoscale is on.
    pub node_count: i64,
    pub autoscale: NksAutoscale,
    pub k8s_version: Option<String>,
    pub storage_size: Option<i64>,
    pub software_code: Option<String>,
    pub product_code: Option<String>,
    pub server_spec_code: Option<String>,
    pub server_role_id: Option<String>,
    /// `subnetNoList`, else `[subnetNo]`, else none (the cluster's).
    pub subnet_no_list: Option<Vec<i64>>,
    pub labels: Vec<NksLabel>,
    pub taints: Vec<NksTaint>,
}

/// What a `createCluster` body asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClusterInput {
    pub name: String,
    pub cluster_type: String,
    pub login_key_name: String,
    pub region_code: String,
    pub vpc_no: i64,
    pub subnet_no_list: Vec<i64>,
    pub k8s_version: Option<String>,
    pub hypervisor_code: Option<String>,
    pub zone_code: Option<String>,
    pub zone_no: Option<i64>,
    pub public_network: Option<bool>,
    pub kube_network_plugin: Option<String>,
    pub subnet_lb_no: Option<i64>,
    pub lb_private_subnet_no: Option<i64>,
    pub lb_public_subnet_no: Option<i64>,
    pub audit_log: Option<bool>,
    pub kms_key_tag: Option<String>,
    pub auth_type: Option<String>,
    pub is_regional: Option<bool>,
    pub default_node_pool: Option<NodePoolInput>,
    pub node_pools: Vec<NodePoolInput>,
}

/// What an `updateNodePool` body changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodePoolUpdate {
    /// `nodeCount`; absent only when autoscale is enabled.
    pub node_count: Option<i64>,
    pub autoscale: Option<NksAutoscale>,
}

impl NodePoolUpdate {
    /// The count the pool is to have, from `current`: the one asked for, brought within the
    /// autoscale bounds when the body enables autoscale.
    pub(crate) fn target(&self, current: i64) -> i64 {
        let count = self.node_count.unwrap_or(current);
        match self.autoscale {
            Some(a) if a.enabled => count.clamp(a.min, a.max.max(a.min)),
            _ => count,
        }
    }
}

/// The name rule: 3 to 30 characters, letters, digits and `-`, a letter first, a letter or a
/// digit last.
fn check_name(check: &mut Checker, name: &str, path: Vec<Step>) {
    let (min, max) = NAME_LENGTH;
    let label = field_name(&path);
    let length = name.chars().count();
    if !(min..=max).contains(&length) {
        let message =
            format!("{label} must be longer than or equal to {min} and shorter than or equal to {max} characters");
        check.fail(path.clone(), "isLength", message);
    }
    let bytes = name.as_bytes();
    let valid = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    if !valid {
        let message = format!("{label} must match /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/ regular expression");
        check.fail(path, "matches", message);
    }
}

/// `autoscale` and `nodeCount` of a create or update body: `nodeCount` is required (1 to 250)
/// unless autoscale is enabled; enabled autoscale needs `max` (at most 250) and `min` (at least
/// 1, at most `max`). Disabled autoscale's bounds are not checked (Terraform sends zeros).
fn count_and_autoscale(
    check: &mut Checker,
    object: &Map<String, Value>,
    path: &[Step],
) -> (Option<i64>, Option<NksAutoscale>) {
    let autoscale = check.value(object, path, "autoscale", false).and_then(|(value, path)| {
        let fields = check.object(value, &path)?;
        let enabled = check
            .value(fields, &path, "enabled", true)
            .and_then(|(v, p)| check.bool(v, p));
        let required = enabled == Some(true);
        let max = check
            .value(fields, &path, "max", required)
            .and_then(|(v, p)| check.int(v, p));
        let min = check
            .value(fields, &path, "min", required)
            .and_then(|(v, p)| check.int(v, p));
        if enabled == Some(true) {
            let max_ok = max.is_some_and(|m| check.range(m, &at(&path, "max"), 1, MAX_NODES_PER_POOL));
            let min_ok = min.is_some_and(|m| check.range(m, &at(&path, "min"), 1, MAX_NODES_PER_POOL));
            if let (true, true, Some(max), Some(min)) = (max_ok, min_ok, max, min)
                && min > max
            {
                let message = format!("{} must not be greater than {}", field_name(&at(&path, "min")), max);
                check.fail(at(&path, "min"), "isNotGreaterThanMax", message);
            }
        }
        Some(NksAutoscale {
            enabled: enabled?,
            max: max.unwrap_or(0),
            min: min.unwrap_or(0),
        })
    });
    let enabled = autoscale.is_some_and(|a| a.enabled);
    let node_count = check
        .value(object, path, "nodeCount", !enabled)
        .and_then(|(value, path)| {
            let count = check.int(value, path.clone())?;
            (enabled || check.range(count, &path, 1, MAX_NODES_PER_POOL)).then_some(count)
        });
    (node_count, autoscale)
}

/// A list of objects under `name`, each read by `item`.
fn objects<T>(
    check: &mut Checker,
    object: &Map<String, Value>,
    path: &[Step],
    name: &str,
    mut item: impl FnMut(&mut Checker, &Map<String, Value>, &[Step]) -> Option<T>,
) -> Vec<T> {
    let Some((value, path)) = check.value(object, path, name, false) else {
        return Vec::new();
    };
    let Some(items) = check.array(value, &path) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let path = index(&path, i);
        if let Some(fields) = check.object(value, &path)
            && let Some(read) = item(check, fields, &path)
        {
            out.push(read);
        }
    }
    out
}

/// A node pool body at `path` (empty: the body itself).
fn node_pool(check: &mut Checker, object: &Map<String, Value>, path: &[Step]) -> Option<NodePoolInput> {
    let name = check.value(object, path, "name", true).and_then(|(value, path)| {
        let name = check.string(value, path.clone())?;
        check_name(check, &name, path);
        Some(name)
    });
    let (node_count, autoscale) = count_and_autoscale(check, object, path);
    let storage_size = check
        .value(object, path, "storageSize", false)
        .and_then(|(value, path)| {
            let size = check.int(value, path.clone())?;
            let (min, max) = STORAGE_SIZE_RANGE;
            check.range(size, &path, min, max).then_some(size)
        });
    let k8s_version = check.opt_string(object, path, "k8sVersion");
    let software_code = check.opt_string(object, path, "softwareCode");
    let product_code = check.opt_string(object, path, "productCode");
    let server_spec_code = check.opt_string(object, path, "serverSpecCode");
    let server_role_id = check.opt_string(object, path, "serverRoleId");
    let subnet_no = check.opt_int(object, path, "subnetNo");
    let subnet_no_list = check.int_list(object, path, "subnetNoList", false);
    let labels = objects(check, object, path, "labels", |check, label, path| {
        let key = check.req_string(label, path, "key");
        let value = check.req_string(label, path, "value");
        Some(NksLabel {
            key: key?,
            value: value?,
        })
    });
    let taints = objects(check, object, path, "taints", |check, taint, path| {
        let key = check.req_string(taint, path, "key");
        let value = check.opt_string(taint, path, "value");
        let effect = check.req_string(taint, path, "effect");
        Some(NksTaint {
            key: key?,
            value,
            effect: effect?,
        })
    });
    let autoscale = autoscale.unwrap_or_default();
    let node_count = match (node_count, autoscale.enabled) {
        (count, true) => count
            .unwrap_or(autoscale.min)
            .clamp(autoscale.min, autoscale.max.max(autoscale.min)),
        (count, false) => count?,
    };
    Some(NodePoolInput {
        name: name?,
        node_count,
        autoscale,
        k8s_version,
        storage_size,
        software_code,
        product_code,
        server_spec_code,
        server_role_id,
        subnet_no_list: subnet_no_list.or(subnet_no.map(|n| vec![n])),
        labels,
        taints,
    })
}

/// The body of `createNodePool`.
pub(crate) fn node_pool_body(body: Option<&[u8]>) -> Result<NodePoolInput, Failure> {
    let json = parse_json(body)?;
    let mut check = Checker::new(Nulls::Absent);
    let Some(object) = check.body(json.as_ref()) else {
        return check.done(None);
    };
    let pool = node_pool(&mut check, object, &[]);
    check.done(pool)
}

/// The body of `updateNodePool`: `{nodeCount?, autoscale?: {enabled, max, min}}`.
pub(crate) fn update_body(body: Option<&[u8]>) -> Result<NodePoolUpdate, Failure> {
    let json = parse_json(body)?;
    let mut check = Checker::new(Nulls::Absent);
    let Some(object) = check.body(json.as_ref()) else {
        return check.done(None);
    };
    let (node_count, autoscale) = count_and_autoscale(&mut check, object, &[]);
    check.done(Some(NodePoolUpdate { node_count, autoscale }))
}

/// The body of `createCluster`.
pub(crate) fn cluster_body(body: Option<&[u8]>) -> Result<ClusterInput, Failure> {
    let json = parse_json(body)?;
    let mut check = Checker::new(Nulls::Absent);
    let Some(object) = check.body(json.as_ref()) else {
        return check.done(None);
    };
    let c = &mut check;
    let name = c.value(object, &[], "name", true).and_then(|(value, path)| {
        let name = c.string(value, path.clone())?;
        check_name(c, &name, path);
        Some(name)
    });
    let cluster_type = c.req_string(object, &[], "clusterType");
    let login_key_name = c.req_string(object, &[], "loginKeyName");
    let region_code = c.req_string(object, &[], "regionCode");
    let vpc_no = c.value(object, &[], "vpcNo", true).and_then(|(v, p)| c.int(v, p));
    let subnet_no_list = c.int_list(object, &[], "subnetNoList", true).filter(|list| {
        if list.is_empty() {
            c.fail(
                at(&[], "subnetNoList"),
                "arrayNotEmpty",
                "subnetNoList should not be empty".into(),
            );
        }
        !list.is_empty()
    });
    let hypervisor_code = c.value(object, &[], "hypervisorCode", false).and_then(|(value, path)| {
        let code = c.string(value, path.clone())?;
        if code == "XEN" || code == "KVM" {
            Some(code)
        } else {
            let message = "hypervisorCode must be one of the following values: XEN, KVM".to_owned();
            c.fail(path, "isEnum", message);
            None
        }
    });
    let k8s_version = c.opt_string(object, &[], "k8sVersion");
    let zone_code = c.opt_string(object, &[], "zoneCode");
    let zone_no = c.opt_int(object, &[], "zoneNo");
    let public_network = c.opt_bool(object, &[], "publicNetwork");
    let kube_network_plugin = c.opt_string(object, &[], "kubeNetworkPlugin");
    let subnet_lb_no = c.opt_int(object, &[], "subnetLbNo");
    let lb_private_subnet_no = c.opt_int(object, &[], "lbPrivateSubnetNo");
    let lb_public_subnet_no = c.opt_int(object, &[], "lbPublicSubnetNo");
    let audit_log = c.value(object, &[], "log", false).and_then(|(value, path)| {
        let log = c.object(value, &path)?;
        c.opt_bool(log, &path, "audit")
    });
    let kms_key_tag = c.opt_string(object, &[], "kmsKeyTag");
    let auth_type = c.opt_string(object, &[], "authType");
    let is_regional = c.opt_bool(object, &[], "isRegional");
    let _ = c.opt_bool(object, &[], "bootstrapAccessEntry");
    let default_node_pool = c
        .value(object, &[], "defaultNodePool", false)
        .and_then(|(value, path)| {
            let fields = c.object(value, &path)?;
            node_pool(c, fields, &path)
        });
    let node_pools = objects(c, object, &[], "nodePool", node_pool);
    let input = (|| {
        Some(ClusterInput {
            name: name?,
            cluster_type: cluster_type?,
            login_key_name: login_key_name?,
            region_code: region_code?,
            vpc_no: vpc_no?,
            subnet_no_list: subnet_no_list?,
            k8s_version,
            hypervisor_code,
            zone_code,
            zone_no,
            public_network,
            kube_network_plugin,
            subnet_lb_no,
            lb_private_subnet_no,
            lb_public_subnet_no,
            audit_log,
            kms_key_tag,
            auth_type,
            is_regional,
            default_node_pool,
            node_pools,
        })
    })();
    check.done(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each violation as `(field, constraint)`.
    fn invalid<T: std::fmt::Debug>(result: Result<T, Failure>) -> Vec<(String, &'static str)> {
        match result {
            Err(Failure::Invalid(violations)) => {
                violations.iter().map(|v| (field_name(&v.path), v.constraint)).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|(f, c)| (f.to_string(), *c)).collect()
    }

    #[test]
    fn names() {
        for ok in ["abc", "a-1", "Cluster-01", "a234567890123456789012345678x0"] {
            let body = format!(r#"{{"name": "{ok}", "nodeCount": 1}}"#);
            assert_eq!(node_pool_body(Some(body.as_bytes())).unwrap().name, ok);
        }
        for (bad, constraints) in [
            ("ab", &["isLength"][..]),
            ("1abc", &["matches"]),
            ("abc-", &["matches"]),
            ("a_bc", &["matches"]),
            ("a2345678901234567890123456789012", &["isLength"]),
            ("", &["isLength", "matches"]),
            ("한글이름", &["matches"]),
        ] {
            let body = format!(r#"{{"name": "{bad}", "nodeCount": 1}}"#);
            let found = invalid(node_pool_body(Some(body.as_bytes())));
            let expected: Vec<_> = constraints.iter().map(|c| ("name".to_owned(), *c)).collect();
            assert_eq!(found, expected, "{bad:?}");
        }
    }

    #[test]
    fn counts_and_autoscale() {
        let parse = |body: &str| node_pool_body(Some(body.as_bytes()));
        assert_eq!(parse(r#"{"name": "pool", "nodeCount": 3}"#).unwrap().node_count, 3);
        // Autoscale on: no nodeCount needed, the count within the bounds.
        let pool = parse(r#"{"name": "pool", "autoscale": {"enabled": true, "min": 2, "max": 5}}"#).unwrap();
        assert_eq!((pool.node_count, pool.autoscale.max), (2, 5));
        let pool = parse(r#"{"name": "pool", "nodeCount": 9, "autoscale": {"enabled": true, "min": 2, "max": 5}}"#);
        assert_eq!(pool.unwrap().node_count, 5);
        // Off, with Terraform's zeros: fine.
        let pool = parse(r#"{"name": "pool", "nodeCount": 2, "autoscale": {"enabled": false, "min": 0, "max": 0}}"#);
        assert_eq!(pool.unwrap().autoscale, NksAutoscale::default());
        for (body, expected) in [
            (r#"{"name": "pool"}"#, pairs(&[("nodeCount", "isDefined")])),
            (r#"{"name": "pool", "nodeCount": 0}"#, pairs(&[("nodeCount", "min")])),
            (r#"{"name": "pool", "nodeCount": 251}"#, pairs(&[("nodeCount", "max")])),
            (
                r#"{"name": "pool", "nodeCount": 1.5}"#,
                pairs(&[("nodeCount", "isInt")]),
            ),
            (
                r#"{"name": "pool", "autoscale": {"enabled": true, "min": 0, "max": 251}}"#,
                pairs(&[("autoscale.max", "max"), ("autoscale.min", "min")]),
            ),
            (
                r#"{"name": "pool", "autoscale": {"enabled": true, "min": 4, "max": 3}}"#,
                pairs(&[("autoscale.min", "isNotGreaterThanMax")]),
            ),
            (
                r#"{"name": "pool", "autoscale": {"enabled": true}}"#,
                pairs(&[("autoscale.max", "isDefined"), ("autoscale.min", "isDefined")]),
            ),
            (
                r#"{"name": "pool", "nodeCount": 1, "autoscale": {"enabled": "yes"}}"#,
                pairs(&[("autoscale.enabled", "isBoolean")]),
            ),
            (
                r#"{"name": "pool", "nodeCount": 1, "storageSize": 49}"#,
                pairs(&[("storageSize", "min")]),
            ),
            (
                r#"{"name": "pool", "nodeCount": 1, "storageSize": 2001}"#,
                pairs(&[("storageSize", "max")]),
            ),
        ] {
            assert_eq!(invalid(parse(body)), expected, "{body}");
        }
        assert_eq!(
            update_body(Some(br#"{"nodeCount": 4}"#)),
            Ok(NodePoolUpdate {
                node_count: Some(4),
                autoscale: None
            })
        );
        assert_eq!(invalid(update_body(Some(b"{}"))), pairs(&[("nodeCount", "isDefined")]));
        assert_eq!(invalid(update_body(None)), pairs(&[("body", "isObject")]));
        let update = update_body(Some(br#"{"autoscale": {"enabled": true, "min": 3, "max": 6}}"#)).unwrap();
        assert_eq!((update.target(1), update.target(4), update.target(9)), (3, 4, 6));
    }

    #[test]
    fn cluster_bodies() {
        // Everything missing: the required properties, in the spec's order.
        assert_eq!(
            invalid(cluster_body(Some(b"{}"))),
            pairs(&[
                ("name", "isDefined"),
                ("clusterType", "isDefined"),
                ("loginKeyName", "isDefined"),
                ("regionCode", "isDefined"),
                ("vpcNo", "isDefined"),
                ("subnetNoList", "isDefined"),
            ])
        );
        let body = br#"{"name": "c1x", "clusterType": "T", "loginKeyName": "k", "regionCode": "KR",
            "vpcNo": "1", "subnetNoList": [1, "2"], "hypervisorCode": "VMWARE", "publicNetwork": "no",
            "log": {"audit": 1}, "nodePool": [{"name": "p"}, 3], "defaultNodePool": {"nodeCount": 1},
            "unknownField": {"anything": true}, "zoneCode": null}"#;
        assert_eq!(
            invalid(cluster_body(Some(body))),
            pairs(&[
                ("vpcNo", "isInt"),
                ("subnetNoList[1]", "isInt"),
                ("hypervisorCode", "isEnum"),
                ("publicNetwork", "isBoolean"),
                ("log.audit", "isBoolean"),
                ("defaultNodePool.name", "isDefined"),
                ("nodePool[0].name", "isLength"),
                ("nodePool[0].nodeCount", "isDefined"),
                ("nodePool[1]", "isObject"),
            ])
        );
        let body = br#"{"name": "c1x", "clusterType": "T", "loginKeyName": "k", "regionCode": "KR",
            "vpcNo": 1, "subnetNoList": [], "labels": 5}"#;
        assert_eq!(
            invalid(cluster_body(Some(body))),
            pairs(&[("subnetNoList", "arrayNotEmpty")])
        );
        let body = br#"{"name": "c1x", "clusterType": "T", "loginKeyName": "k", "regionCode": "KR",
            "vpcNo": 1, "subnetNoList": [7], "nodePool": [{"name": "pool-a", "nodeCount": 2, "subnetNo": 8,
            "labels": [{"key": "k", "value": "v"}], "taints": [{"key": "t", "effect": "NoSchedule"}]}]}"#;
        let input = cluster_body(Some(body)).unwrap();
        let pool = &input.node_pools[0];
        assert_eq!(pool.subnet_no_list, Some(vec![8]));
        assert_eq!(pool.taints[0].value, None);
        assert_eq!(pool.labels[0].value, "v");
        let body = br#"{"name": "p", "nodeCount": 1, "labels": [{"key": 1}], "taints": [{"value": "v"}]}"#;
        assert_eq!(
            invalid(node_pool_body(Some(body))),
            pairs(&[
                ("name", "isLength"),
                ("labels[0].key", "isString"),
                ("labels[0].value", "isDefined"),
                ("taints[0].key", "isDefined"),
                ("taints[0].effect", "isDefined"),
            ])
        );
    }
}
