//! REST routing: the operations of the widget API and of NKS, and which one a method and a
//! path name.
//!
//! A route is a method and a path template below a base path. Paths are matched segment by
//! segment on the text as received: literal segments byte for byte, a `{parameter}` segment
//! matching any non-empty segment. When several templates match, the one whose first differing
//! segment is literal wins (`/widgets/{widgetId}/tags` before a hypothetical
//! `/widgets/{widgetId}/{part}`). Parameters are percent-decoded only afterwards, to find the
//! widget: the signature is checked over the path as received.

use std::fmt;

/// The base paths the widget API is served under (KR and SGN; one store for both).
pub const WIDGETS_BASE_PATHS: [&str; 2] = ["/widgets/v1", "/widgets/sgn-v1"];

/// The base paths NKS (`vnks/v2`) is served under: KR (public, and gov KR), SGN, JPN, gov KRS
/// (REST_NOTES section 1.1); one store for all.
pub const NKS_BASE_PATHS: [&str; 4] = ["/vnks/v2", "/vnks/sgn-v2", "/vnks/jpn-v2", "/vnks/krs-v2"];

/// The REST APIs served, each with its base paths and store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestApi {
    /// The REST fixture API ("widgets", contract section 3), under [`WIDGETS_BASE_PATHS`].
    Widgets,
    /// Ncloud Kubernetes Service v2 (clusters, node pools, worker nodes), under
    /// [`NKS_BASE_PATHS`].
    Nks,
}

impl RestApi {
    /// Every API served.
    pub const ALL: [RestApi; 2] = [Self::Widgets, Self::Nks];

    /// The base paths it is served under.
    pub fn base_paths(self) -> &'static [&'static str] {
        match self {
            Self::Widgets => &WIDGETS_BASE_PATHS,
            Self::Nks => &NKS_BASE_PATHS,
        }
    }
}

/// The operations of the REST APIs: the fixture API ("widgets", contract section 3) and NKS
/// (`vnks/v2`, the `operationId`s of `spec/vnks.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestOperation {
    /// `GET /widgets`: a page of widgets (`offset`, `limit`, `nameFilter`) and their `total`.
    ListWidgets,
    /// `POST /widgets`: creates a widget (201, `CREATING`).
    CreateWidget,
    /// `GET /widgets/{widgetId}`: one widget; counts toward its lifecycle.
    GetWidget,
    /// `PUT /widgets/{widgetId}`: replaces a widget, or creates it (`READY`) when missing.
    ReplaceWidget,
    /// `PATCH /widgets/{widgetId}`: changes `size` or `description`; 200 with an empty body.
    UpdateWidget,
    /// `DELETE /widgets/{widgetId}`: starts deleting a widget; 204.
    DeleteWidget,
    /// `GET /widgets/{widgetId}/tags`: its tags, a JSON list.
    GetWidgetTags,
    /// `GET /widgets/{widgetId}/name`: its name, a JSON string.
    GetWidgetName,
    /// `GET /widgets/{widgetId}/export`: its JSON as `application/octet-stream`; needs the API
    /// key.
    ExportWidget,
    /// NKS `GET /clusters`: `{"clusters": [Cluster]}`.
    GetClusters,
    /// NKS `GET /clusters/{uuid}`: `{"cluster": Cluster}`; counts toward its lifecycle.
    GetCluster,
    /// NKS `POST /clusters`: `{"uuid"}` of a new cluster, `CREATING`.
    CreateCluster,
    /// NKS `DELETE /clusters/{uuid}`: starts deleting a cluster; 204.
    DeleteCluster,
    /// NKS `GET /clusters/{uuid}/kubeconfig`: `{"kubeconfig": "apiVersion: v1…"}`.
    GetKubeconfig,
    /// NKS `GET /clusters/{uuid}/node-pool`: `{"nodePool": [NodePool]}`; counts toward the
    /// pools' lifecycles.
    GetNodePools,
    /// NKS `POST /clusters/{uuid}/node-pool`: `{"uuid"}` of the cluster; the pool `CREATING`.
    CreateNodePool,
    /// NKS `PATCH /clusters/{uuid}/node-pool/{instanceNo}`: scales a pool.
    UpdateNodePool,
    /// NKS `DELETE /clusters/{uuid}/node-pool/{instanceNo}`: starts deleting a pool; 204.
    DeleteNodePool,
    /// NKS `GET /clusters/{uuid}/nodes`: `{"nodes": [WorkerNode]}`.
    GetWorkerNodes,
}

impl RestOperation {
    /// Every operation served.
    pub const ALL: [RestOperation; 19] = [
        Self::ListWidgets,
        Self::CreateWidget,
        Self::GetWidget,
        Self::ReplaceWidget,
        Self::UpdateWidget,
        Self::DeleteWidget,
        Self::GetWidgetTags,
        Self::GetWidgetName,
        Self::ExportWidget,
        Self::GetClusters,
        Self::GetCluster,
        Self::CreateCluster,
        Self::DeleteCluster,
        Self::GetKubeconfig,
        Self::GetNodePools,
        Self::CreateNodePool,
        Self::UpdateNodePool,
        Self::DeleteNodePool,
        Self::GetWorkerNodes,
    ];

    /// The API it belongs to.
    pub fn api(self) -> RestApi {
        match self {
            Self::ListWidgets
            | Self::CreateWidget
            | Self::GetWidget
            | Self::ReplaceWidget
            | Self::UpdateWidget
            | Self::DeleteWidget
            | Self::GetWidgetTags
            | Self::GetWidgetName
            | Self::ExportWidget => RestApi::Widgets,
            Self::GetClusters
            | Self::GetCluster
            | Self::CreateCluster
            | Self::DeleteCluster
            | Self::GetKubeconfig
            | Self::GetNodePools
            | Self::CreateNodePool
            | Self::UpdateNodePool
            | Self::DeleteNodePool
            | Self::GetWorkerNodes => RestApi::Nks,
        }
    }

    /// The spec's `operationId`, e.g. `getWidget`.
    pub fn operation_id(self) -> &'static str {
        match self {
            Self::ListWidgets => "listWidgets",
            Self::CreateWidget => "createWidget",
            Self::GetWidget => "getWidget",
            Self::ReplaceWidget => "replaceWidget",
            Self::UpdateWidget => "updateWidget",
            Self::DeleteWidget => "deleteWidget",
            Self::GetWidgetTags => "getWidgetTags",
            Self::GetWidgetName => "getWidgetName",
            Self::ExportWidget => "exportWidget",
            Self::GetClusters => "getClusters",
            Self::GetCluster => "getCluster",
            Self::CreateCluster => "createCluster",
            Self::DeleteCluster => "deleteCluster",
            Self::GetKubeconfig => "getKubeconfig",
            Self::GetNodePools => "getNodePools",
            Self::CreateNodePool => "createNodePool",
            Self::UpdateNodePool => "updateNodePool",
            Self::DeleteNodePool => "deleteNodePool",
            Self::GetWorkerNodes => "getWorkerNodes",
        }
    }

    /// The HTTP method, e.g. `PATCH`.
    pub fn method(self) -> &'static str {
        match self {
            Self::ListWidgets
            | Self::GetWidget
            | Self::GetWidgetTags
            | Self::GetWidgetName
            | Self::ExportWidget
            | Self::GetClusters
            | Self::GetCluster
            | Self::GetKubeconfig
            | Self::GetNodePools
            | Self::GetWorkerNodes => "GET",
            Self::CreateWidget | Self::CreateCluster | Self::CreateNodePool => "POST",
            Self::ReplaceWidget => "PUT",
            Self::UpdateWidget | Self::UpdateNodePool => "PATCH",
            Self::DeleteWidget | Self::DeleteCluster | Self::DeleteNodePool => "DELETE",
        }
    }

    /// The path template below the base path, e.g. `/widgets/{widgetId}/tags`.
    pub fn path_template(self) -> &'static str {
        match self {
            Self::ListWidgets | Self::CreateWidget => "/widgets",
            Self::GetWidget | Self::ReplaceWidget | Self::UpdateWidget | Self::DeleteWidget => "/widgets/{widgetId}",
            Self::GetWidgetTags => "/widgets/{widgetId}/tags",
            Self::GetWidgetName => "/widgets/{widgetId}/name",
            Self::ExportWidget => "/widgets/{widgetId}/export",
            Self::GetClusters | Self::CreateCluster => "/clusters",
            Self::GetCluster | Self::DeleteCluster => "/clusters/{uuid}",
            Self::GetKubeconfig => "/clusters/{uuid}/kubeconfig",
            Self::GetNodePools | Self::CreateNodePool => "/clusters/{uuid}/node-pool",
            Self::UpdateNodePool | Self::DeleteNodePool => "/clusters/{uuid}/node-pool/{instanceNo}",
            Self::GetWorkerNodes => "/clusters/{uuid}/nodes",
        }
    }

    /// Whether the operation needs the API key header `x-ncp-apigw-api-key`.
    pub fn needs_api_key(self) -> bool {
        self == Self::ExportWidget
    }
}

impl fmt::Display for RestOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation_id())
    }
}

/// A request matched to an operation: its base path and its path parameters as received (still
/// percent-encoded), in path order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub operation: RestOperation,
    pub base_path: &'static str,
    pub raw_params: Vec<String>,
}

/// The operation `method` and `path` (as received, without the query) name, if any.
pub(crate) fn route(method: &str, path: &str) -> Option<Route> {
    let (api, base_path, below) = RestApi::ALL.iter().find_map(|api| {
        api.base_paths().iter().find_map(|base| {
            path.strip_prefix(base)
                .filter(|rest| rest.starts_with('/'))
                .map(|rest| (*api, *base, rest))
        })
    })?;
    let segments: Vec<&str> = below.get(1..).unwrap_or("").split('/').collect();
    let mut best: Option<(Vec<bool>, RestOperation, Vec<String>)> = None;
    let candidates = RestOperation::ALL
        .into_iter()
        .filter(|op| op.api() == api && op.method() == method);
    for operation in candidates {
        let Some((literals, params)) = match_template(operation.path_template(), &segments) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(best_literals, ..)| literals > *best_literals)
        {
            best = Some((literals, operation, params));
        }
    }
    best.map(|(_, operation, raw_params)| Route {
        operation,
        base_path,
        raw_params,
    })
}

/// Whether `segments` fit `template`: for each segment whether it matched a literal, and the
/// parameters' raw text.
fn match_template(template: &str, segments: &[&str]) -> Option<(Vec<bool>, Vec<String>)> {
    let parts: Vec<&str> = template.get(1..).unwrap_or("").split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literals = Vec::with_capacity(parts.len());
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        if part.starts_with('{') {
            if segment.is_empty() {
                return None;
            }
            params.push((*segment).to_owned());
            literals.push(false);
        } else if part == segment {
            literals.push(true);
        } else {
            return None;
        }
    }
    Some((literals, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str) -> Option<(RestOperation, &'static str, Vec<String>)> {
        route(method, path).map(|r| (r.operation, r.base_path, r.raw_params))
    }

    #[test]
    fn methods_and_templates() {
        use RestOperation::*;
        assert_eq!(
            op("GET", "/widgets/v1/widgets"),
            Some((ListWidgets, "/widgets/v1", vec![]))
        );
        assert_eq!(
            op("POST", "/widgets/sgn-v1/widgets"),
            Some((CreateWidget, "/widgets/sgn-v1", vec![]))
        );
        for (method, operation) in [
            ("GET", GetWidget),
            ("PUT", ReplaceWidget),
            ("PATCH", UpdateWidget),
            ("DELETE", DeleteWidget),
        ] {
            assert_eq!(
                op(method, "/widgets/v1/widgets/a%2Fb"),
                Some((operation, "/widgets/v1", vec!["a%2Fb".into()]))
            );
        }
        for (suffix, operation) in [
            ("tags", GetWidgetTags),
            ("name", GetWidgetName),
            ("export", ExportWidget),
        ] {
            assert_eq!(
                op("GET", &format!("/widgets/v1/widgets/w-1/{suffix}")),
                Some((operation, "/widgets/v1", vec!["w-1".into()]))
            );
        }
        // Every operation is reachable by its own method and template, under each base path of
        // its API, and under no other API's.
        for operation in RestOperation::ALL {
            for api in RestApi::ALL {
                for base in api.base_paths() {
                    let path = format!("{base}{}", operation.path_template())
                        .replace("{widgetId}", "x")
                        .replace("{uuid}", "u")
                        .replace("{instanceNo}", "1001");
                    let found = route(operation.method(), &path).map(|r| (r.operation, r.base_path));
                    let expected = (operation.api() == api).then_some((operation, *base));
                    assert_eq!(found, expected, "{path}");
                }
            }
        }
    }

    #[test]
    fn nks_routes() {
        use RestOperation::*;
        assert_eq!(
            op("PATCH", "/vnks/jpn-v2/clusters/c-1/node-pool/1001"),
            Some((UpdateNodePool, "/vnks/jpn-v2", vec!["c-1".into(), "1001".into()]))
        );
        assert_eq!(
            op("GET", "/vnks/krs-v2/clusters/c%2D1/nodes"),
            Some((GetWorkerNodes, "/vnks/krs-v2", vec!["c%2D1".into()]))
        );
        for (method, path) in [
            ("PUT", "/vnks/v2/clusters/c-1"),
            ("GET", "/vnks/v2/clusters/c-1/node-pool/1001"),
            ("POST", "/vnks/v2/clusters/c-1/kubeconfig"),
            ("GET", "/vnks/v3/clusters"),
            ("GET", "/nks/v2/clusters"),
            ("GET", "/vnks/v2/widgets"),
            ("GET", "/widgets/v1/clusters"),
            ("DELETE", "/vnks/v2/clusters/c-1/nodes/5"),
        ] {
            assert_eq!(op(method, path), None, "{method} {path}");
        }
    }

    #[test]
    fn what_is_not_a_route() {
        for (method, path) in [
            ("DELETE", "/widgets/v1/widgets"),
            ("POST", "/widgets/v1/widgets/w-1"),
            ("PUT", "/widgets/v1/widgets/w-1/tags"),
            ("GET", "/widgets/v1/widgets/"),
            ("GET", "/widgets/v1/widgets//tags"),
            ("GET", "/widgets/v1/widgets/w-1/"),
            ("GET", "/widgets/v1/widgets/w-1/tags/x"),
            ("GET", "/widgets/v1/widgets/w-1/%74ags/x"),
            ("GET", "/widgets/v2/widgets"),
            ("GET", "/widgets/v1"),
            ("GET", "/widgets/v1x/widgets"),
            ("GET", "/widgets/V1/widgets"),
            ("HEAD", "/widgets/v1/widgets"),
            ("GET", "/vserver/v2/getBlockStorageSnapshotInstanceList"),
        ] {
            assert_eq!(op(method, path), None, "{method} {path}");
        }
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        assert_eq!(
            match_template("/widgets/{widgetId}", &["widgets", "tags"]).map(|m| m.0),
            Some(vec![true, false])
        );
        let literal = match_template("/widgets/{widgetId}/tags", &["widgets", "w", "tags"]).unwrap();
        let param = match_template("/widgets/{widgetId}/{part}", &["widgets", "w", "tags"]).unwrap();
        assert!(literal.0 > param.0);
        assert_eq!(param.1, ["w", "tags"]);
    }
}
