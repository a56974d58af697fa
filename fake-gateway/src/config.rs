//! How the gateway is set up: the keys it accepts, the clock skew it tolerates, how fast its
//! snapshots, widgets and NKS clusters move through their lifecycles, and how many it holds.

use std::time::Duration;

/// Default [`GatewayConfig::max_snapshots`].
pub const DEFAULT_MAX_SNAPSHOTS: usize = 10_000;
/// Default [`GatewayConfig::api_key`].
pub const DEFAULT_API_KEY: &str = "test-api-key";
/// Default [`WidgetsConfig::max_widgets`].
pub const DEFAULT_MAX_WIDGETS: usize = 10_000;
/// Default [`NksConfig::max_clusters`].
pub const DEFAULT_MAX_NKS_CLUSTERS: usize = 100;

/// What the gateway accepts, and how its snapshots behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayConfig {
    /// The one access key the gateway knows.
    pub access_key: String,
    /// Its secret key.
    pub secret_key: String,
    /// How far a request's timestamp may be from the gateway's clock, either way (NCP: 5
    /// minutes).
    pub max_clock_skew: Duration,
    /// How fast snapshots are created, deleted and stop being busy.
    pub lifecycle: Lifecycle,
    /// Most snapshots held at once, block storage and NAS together (default
    /// [`DEFAULT_MAX_SNAPSHOTS`]); a create beyond it gets a `responseError` with
    /// [`LIMIT_EXCEEDED_RETURN_CODE`](super::LIMIT_EXCEEDED_RETURN_CODE), a seed [`SeedError::LimitExceeded`](super::SeedError::LimitExceeded).
    pub max_snapshots: usize,
    /// How long a connection may wait for, or take to send, a complete request head (the first
    /// one, or the next one on a kept-alive connection) before the gateway closes it (default
    /// [`HEADER_READ_TIMEOUT`](super::HEADER_READ_TIMEOUT), 30 s). `Duration::ZERO`: never.
    pub header_read_timeout: Duration,
    /// The API key (`x-ncp-apigw-api-key`) the operations that need one expect (default
    /// [`DEFAULT_API_KEY`], `test-api-key`).
    pub api_key: String,
    /// How the REST widget API behaves.
    pub widgets: WidgetsConfig,
    /// How NKS (`vnks/v2`) behaves.
    pub nks: NksConfig,
}

impl GatewayConfig {
    /// Keys as given, a clock skew of 5 minutes, the default [`Lifecycle`], at most
    /// [`DEFAULT_MAX_SNAPSHOTS`] snapshots, a header read timeout of
    /// [`HEADER_READ_TIMEOUT`](super::HEADER_READ_TIMEOUT), the API key [`DEFAULT_API_KEY`],
    /// the default [`WidgetsConfig`] and [`NksConfig`].
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            max_clock_skew: Duration::from_secs(5 * 60),
            lifecycle: Lifecycle::default(),
            max_snapshots: DEFAULT_MAX_SNAPSHOTS,
            header_read_timeout: super::HEADER_READ_TIMEOUT,
            api_key: DEFAULT_API_KEY.to_owned(),
            widgets: WidgetsConfig::default(),
            nks: NksConfig::default(),
        }
    }

    /// The same configuration with another lifecycle, e.g. [`Lifecycle::immediate`].
    #[must_use]
    pub fn with_lifecycle(mut self, lifecycle: Lifecycle) -> Self {
        self.lifecycle = lifecycle;
        self
    }

    /// The same configuration with another limit on the number of snapshots.
    #[must_use]
    pub fn with_max_snapshots(mut self, max_snapshots: usize) -> Self {
        self.max_snapshots = max_snapshots;
        self
    }

    /// The same configuration with another header read timeout (`Duration::ZERO`: none).
    #[must_use]
    pub fn with_header_read_timeout(mut self, header_read_timeout: Duration) -> Self {
        self.header_read_timeout = header_read_timeout;
        self
    }

    /// The same configuration with another expected API key.
    #[must_use]
    pub fn with_api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = api_key.into();
        self
    }

    /// The same configuration with another widget API behaviour.
    #[must_use]
    pub fn with_widgets(mut self, widgets: WidgetsConfig) -> Self {
        self.widgets = widgets;
        self
    }

    /// The same configuration with another NKS behaviour.
    #[must_use]
    pub fn with_nks(mut self, nks: NksConfig) -> Self {
        self.nks = nks;
        self
    }
}

impl Default for GatewayConfig {
    /// `test-access-key` / `test-secret-key`, as [`GatewayConfig::new`] for the rest.
    fn default() -> Self {
        Self::new("test-access-key", "test-secret-key")
    }
}

/// How fast snapshots move through their lifecycle, counted in the calls that observe them (no
/// wall clock: a test that polls N times sees the same thing on every machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    /// How many observations (a `getBlockStorageSnapshotInstanceDetail` of the snapshot, or a
    /// `getBlockStorageSnapshotInstanceList` whose page holds it) still see a new block storage
    /// snapshot as `INIT` / `CREAT` ("creating"); the next ones see `CREAT` / `NULL`
    /// ("created"). `0`: created at once, in the create answer already. Default 2.
    pub observations_until_created: u32,
    /// How many observations still see a deleted block storage snapshot, as `CREAT` / `TERMT`
    /// ("terminating"); after them it is gone. `0`: gone at once (the delete answer still lists
    /// it, terminating). Default 1.
    pub observations_until_gone: u32,
    /// How many `getNasVolumeSnapshotList` calls of its volume still see a new NAS snapshot with
    /// `isBusy` true; the next ones see it false. `0`: never busy, not even in the create
    /// answer. Default 1.
    pub nas_list_calls_until_ready: u32,
    /// What `getBlockStorageSnapshotInstanceDetail` answers for a number the store does not
    /// hold (never created, or deleted and gone). Default [`UnknownSnapshotDetail::EmptyList`],
    /// what the generated `wait_until_block_storage_snapshot_deleted` waits for.
    pub unknown_snapshot_detail: UnknownSnapshotDetail,
}

impl Lifecycle {
    /// Every snapshot ready at once: created in its create answer, gone right after its delete
    /// answer, never busy.
    pub const fn immediate() -> Self {
        Self {
            observations_until_created: 0,
            observations_until_gone: 0,
            nas_list_calls_until_ready: 0,
            unknown_snapshot_detail: UnknownSnapshotDetail::EmptyList,
        }
    }
}

impl Default for Lifecycle {
    /// 2 observations until created, 1 until gone, 1 NAS list call until ready, the detail of
    /// an unknown number an empty list.
    fn default() -> Self {
        Self {
            observations_until_created: 2,
            observations_until_gone: 1,
            nas_list_calls_until_ready: 1,
            unknown_snapshot_detail: UnknownSnapshotDetail::EmptyList,
        }
    }
}

/// What `getBlockStorageSnapshotInstanceDetail` answers for an unknown snapshot number.
///
/// None of the project's sources records an error code for it, and NCP's Terraform provider
/// (which NCP maintains) reads a deleted snapshot as a detail with an empty list and fails on any
/// error: its delete could not finish if NCP answered an error. So the default is an empty list,
/// as in the constructed payload `g_block_storage_snapshot_detail_gone` and as the spec's
/// `blockStorageSnapshotDeleted` waiter expects. The error is offered to test how a client
/// copes with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownSnapshotDetail {
    /// HTTP 400, `responseError` with [`NOT_FOUND_RETURN_CODE`](super::NOT_FOUND_RETURN_CODE).
    Error,
    /// HTTP 200, `totalRows` 0 and an empty `blockStorageSnapshotInstanceList` (the default).
    #[default]
    EmptyList,
}

/// How the REST widget API (`/widgets/v1`, `/widgets/sgn-v1`) behaves: the pace of its
/// lifecycle, counted in `getWidget` calls (no wall clock), the shape of its errors, its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WidgetsConfig {
    /// How many `getWidget` calls still see a new widget `CREATING`; the next ones see it
    /// `READY`. `0`: `READY` in the create answer already. Default 2.
    pub reads_until_ready: u32,
    /// How many `getWidget` calls still see a deleted widget `DELETING`; after them it is gone
    /// (404). `0`: gone right after the delete answer. Default 2.
    pub reads_until_gone: u32,
    /// The shape of the service's errors (404, 409, 400 validation). Default
    /// [`RestErrorStyle::Nks`].
    pub error_style: RestErrorStyle,
    /// Most widgets held at once (default [`DEFAULT_MAX_WIDGETS`]); a create beyond it is
    /// refused with a 400 service error.
    pub max_widgets: usize,
}

impl WidgetsConfig {
    /// Every widget ready in its create answer and gone right after its delete answer.
    pub const fn immediate() -> Self {
        Self {
            reads_until_ready: 0,
            reads_until_gone: 0,
            error_style: RestErrorStyle::Nks,
            max_widgets: DEFAULT_MAX_WIDGETS,
        }
    }
}

impl Default for WidgetsConfig {
    /// 2 reads until ready, 2 until gone, NKS-style errors, at most [`DEFAULT_MAX_WIDGETS`].
    fn default() -> Self {
        Self {
            reads_until_ready: 2,
            reads_until_gone: 2,
            ..Self::immediate()
        }
    }
}

/// The envelope of a REST service's own errors (REST_NOTES section 2: NCP has two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestErrorStyle {
    /// NKS's (observed): `{"error": {"errorCode": 404, "statusCode": 404, "message": "Not
    /// Found", "details": {…}}, "timestamp": "2024-10-08T08:56:48.855Z"}`: numeric codes, an
    /// object `details` (for a validation error `{"error": [{"property", "children",
    /// "constraints"}]}`), a top-level `timestamp`. The default.
    #[default]
    Nks,
    /// The standardized one ("Ncloud API 표준"): `{"error": {"errorCode": "NotFound", "message":
    /// "…", "detail": "…", "fieldErrors": [{"field": "tags[0].key", "message": "…"}]}}`: string
    /// codes (`BadRequest`, `NotFound`, `Conflict`: the fake's choice of names besides the
    /// documented `NotFound`), a string `detail`. Same HTTP statuses as [`Nks`](Self::Nks).
    Standard,
}

/// How NKS (`/vnks/v2`, `/vnks/sgn-v2`, `/vnks/jpn-v2`, `/vnks/krs-v2`) behaves: the pace of
/// its lifecycles, counted in reads (no wall clock), what `updateNodePool` answers, its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NksConfig {
    /// How many `getCluster` calls still see a new cluster `CREATING`; the next ones see it
    /// `RUNNING` (`NO_NODE` without a node pool). `0`: settled at once. Default 2.
    pub cluster_reads_until_running: u32,
    /// How many reads (a `getCluster` of it, or a `getClusters`) still see a deleted cluster
    /// `DELETING`; after them it is gone (404, absent from the list). `0`: gone right after
    /// the delete answer. Default 2.
    pub cluster_reads_until_gone: u32,
    /// How many `getNodePools` calls of its cluster still see a node pool `CREATING`,
    /// `NODE_SCALE_OUT`, `NODE_SCALE_DOWN` or `DELETING`; the next ones see it `RUN` (or gone).
    /// `0`: at once. Default 2.
    pub node_pool_reads_until_settled: u32,
    /// What `updateNodePool` answers. Default [`UpdateNodePoolAnswer::Body`].
    pub update_node_pool_answer: UpdateNodePoolAnswer,
    /// Most clusters held at once (default [`DEFAULT_MAX_NKS_CLUSTERS`]); a create beyond it is
    /// refused with a 400 NKS error.
    pub max_clusters: usize,
}

impl NksConfig {
    /// Every transition over at once: clusters settled in their create answer, pools `RUN`,
    /// deleted ones gone right after the delete answer.
    pub const fn immediate() -> Self {
        Self {
            cluster_reads_until_running: 0,
            cluster_reads_until_gone: 0,
            node_pool_reads_until_settled: 0,
            update_node_pool_answer: UpdateNodePoolAnswer::Body,
            max_clusters: DEFAULT_MAX_NKS_CLUSTERS,
        }
    }
}

impl Default for NksConfig {
    /// 2 reads for every transition, `updateNodePool` answering a body, at most
    /// [`DEFAULT_MAX_NKS_CLUSTERS`] clusters.
    fn default() -> Self {
        Self {
            cluster_reads_until_running: 2,
            cluster_reads_until_gone: 2,
            node_pool_reads_until_settled: 2,
            ..Self::immediate()
        }
    }
}

/// What `updateNodePool` answers: NCP's reference and its Go SDK disagree (REST_NOTES section
/// 1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateNodePoolAnswer {
    /// `200` with `{"uuid": …, "instanceNo": …}`, as the reference documents (the default).
    #[default]
    Body,
    /// `204` without a body, as the Go SDK expects.
    NoContent,
}
