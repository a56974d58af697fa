//! A fake NCP API Gateway: an HTTP/1.1 server on 127.0.0.1 that checks what the real one
//! checks, simulates the snapshot lifecycle (RPC), a REST widget API and NKS with state of their
//! own, and misbehaves on demand.
//!
//! # Actions
//!
//! Twelve actions ([`Action`]), GET or POST, answering in XML (the default) or JSON
//! (`responseFormatType=json`), both formats for every answer:
//!
//! | API | actions |
//! |---|---|
//! | `/vserver/v2` (VPC block storage) | `createBlockStorageSnapshotInstance`, `getBlockStorageSnapshotInstanceList`, `getBlockStorageSnapshotInstanceDetail`, `deleteBlockStorageSnapshotInstances` |
//! | `/vnas/v2` (VPC NAS) | `createNasVolumeSnapshot`, `getNasVolumeSnapshotList`, `deleteNasVolumeSnapshot`, `restoreNasVolumeWithSnapshot` |
//! | `/server/v2` (Classic NAS) | the same four |
//!
//! Each request goes, in the order the real gateway works:
//!
//! 1. **Route**: a path other than those (compared byte for byte) → gateway 404, `300`.
//! 2. **Method**: GET, or POST whose parameters may also be in an
//!    `application/x-www-form-urlencoded` body (signed target: path plus any query left in the
//!    URL). Anything else → 405 with `{"error": {"errorCode": "405", …}}`, the fake's choice:
//!    the notes do not say what the real gateway answers.
//! 3. **Size**: a body over [`MAX_BODY_BYTES`] → gateway 413, `430`.
//! 4. **Authentication** → gateway 401, `200` "Authentication Failed" when
//!    `x-ncp-apigw-timestamp`, `x-ncp-iam-access-key` or `x-ncp-apigw-signature-v2` is
//!    missing, empty or repeated, the access key is not the configured one, the timestamp is
//!    not decimal milliseconds within [`GatewayConfig::max_clock_skew`] of now, or the
//!    signature is not base64(HMAC-SHA256(secret, `METHOD TARGET\nTIMESTAMP\nACCESS_KEY`))
//!    over the request target **exactly as it arrived** (see [`signature`]). The `details`
//!    field says which (the real gateway's is empty).
//! 5. **Parameters** → 400 `responseError` with [`MISSING_PARAMETER_RETURN_CODE`] when one of
//!    the action's required parameters ([`Action::required_parameters`]; a list needs its
//!    `.1`) is absent or empty, or when `pageNo` comes without `pageSize` (as documented); with
//!    [`INVALID_PARAMETER_RETURN_CODE`] when the query (or form body) has a malformed `%`
//!    escape or is not UTF-8 once decoded (`+` is *not* a space in a query), when
//!    `responseFormatType` is neither `xml` nor `json` (exact case), or when a value breaks a
//!    documented rule: `blockStorageSnapshotName` (3 to 30 letters, digits, `-`, `_`, a letter
//!    first, a letter or digit last), `blockStorageSnapshotDescription` (1000 bytes),
//!    `snapshotTypeCode` (`FULL`, `INCREMENTAL`), `pageNo`/`pageSize`/
//!    `blockStorageSnapshotVolumeSize` (decimal, not negative), `isBootable`/
//!    `isEncryptedOriginalBlockStorageVolume` (`true`, `false`), `sortedBy`
//!    (`blockStorageSnapshotName`), `sortingOrder` (`ASC`, `DESC`).
//! 6. **The service** carries the request out on the gateway's store (next section) and
//!    answers 200 with the result, `Content-Type: application/{xml,json};charset=UTF-8`, or
//!    refuses it with a 400 `responseError` ([`Verdict::Refused`]).
//!
//! Every response carries an `x-ncp-trace-id` header. Service errors are in the requested
//! format (XML when it is absent or invalid); gateway errors are always JSON. Answers follow the
//! real payloads: XML with a declaration and wrapped lists (`<blockStorageSnapshotInstanceList>
//! <blockStorageSnapshotInstance>`, `<nasVolumeSnapshotList><nasVolumeSnapshot>`, an empty list
//! as `<…List />`), JSON with one envelope key, `returnCode` `"0"`, `totalRows` and sizes as
//! numbers; `requestId` is a UUID for `vserver` and empty for NAS, as in NCP's examples.
//!
//! # REST: the widget API
//!
//! The REST fixture API of the contract (section 3), in JSON, under both base paths
//! [`WIDGETS_BASE_PATHS`] (`/widgets/v1`, `/widgets/sgn-v1`: one store). [`RestOperation`]
//! lists the routes: `GET`/`POST /widgets`, `GET`/`PUT`/`PATCH`/`DELETE /widgets/{widgetId}`,
//! `GET /widgets/{widgetId}/tags`, `/name`, `/export`. A route is a method and a path template;
//! segments are matched as received (a literal byte for byte, a parameter any non-empty
//! segment; literal segments win over parameters), and a parameter is percent-decoded only then,
//! to find the widget: an id may hold `/` (`%2F`), a space (`%20`, a `+` stays a `+`) or
//! UTF-8 (`%E8%AA%AC`). Each request goes:
//!
//! 1. **Route**: no operation has this method and path → gateway 404, `300` (a known path with
//!    another method too).
//! 2. **Size** → gateway 413, `430`, as for RPC.
//! 3. **Authentication**, as for RPC: the signature covers the method and the request target
//!    *as received*, escapes and all (a signature over the decoded path is refused) → 401, `200`.
//! 4. **API key** (`exportWidget` only): [`API_KEY_HEADER`] absent, empty, repeated, or not
//!    [`GatewayConfig::api_key`] (default [`DEFAULT_API_KEY`], `test-api-key`) → gateway 401,
//!    `200` "Authentication Failed" (the gateway's row for credentials "not provided or
//!    invalid"; its 403 `230` is about permissions), `details` saying which.
//! 5. **Encoding** → gateway 400, `100` "Bad Request Exception", `details` saying why: a body
//!    without `Content-Type: application/json` (optionally `;charset=UTF-8`, any case; sent
//!    once), or a path parameter or query with a malformed `%` escape or not UTF-8 once decoded.
//! 6. **The service** answers from the widget store: `201` and the widget (`w-1`, `w-2`…,
//!    `CREATING`) for a create; `200` and the widget for a get or a replace (which creates a
//!    missing widget, `READY`, under the id of the path); `200` with an empty body and no
//!    `Content-Type` for an update; `204` for a delete; `200` and a JSON list for the tags, a
//!    JSON string for the name; `200` and the widget's JSON as `application/octet-stream` for
//!    an export (as `application/json` when `Accept` names JSON and not octet-stream); for a
//!    list, `{"widgets": […], "total": N}`, `offset` (default 0) and `limit` (1 to 100, default
//!    [`DEFAULT_LIST_LIMIT`]) paging the matches of `nameFilter` (a substring of the name) in
//!    creation order, `total` counting every match. JSON answers are
//!    `application/json;charset=UTF-8`.
//!
//! **Lifecycle**, counted in `getWidget` calls only (lists, tags, names, exports do not count;
//! [`WidgetsConfig`]): the first [`WidgetsConfig::reads_until_ready`] (default 2) see a new
//! widget `CREATING`, the next ones `READY`; after a delete, the first
//! [`WidgetsConfig::reads_until_gone`] (default 2) see it `DELETING`, the next one gets a 404
//! and it is gone. A replace, update or delete of a widget `CREATING` or `DELETING` → 409.
//!
//! **Service errors** ([`RestErrorStyle`], NKS's by default): unknown widget → 404; busy → 409;
//! a body or query that breaks the contract → 400, naming every violation. The fake checks what
//! the contract states and no more: a JSON object; `name` (string) and `kind` (`SMALL`,
//! `LARGE`) on a create or replace; `size`, `spec.cpu` integers; `description`, tag keys and
//! values, label values strings; no `null`; no property the API does not define. The NKS
//! envelope is `{"error": {"errorCode": 400, "statusCode": 400, "message": "Bad Request",
//! "details": {"error": [{"property", "children", "constraints"}]}}, "timestamp": "…"}` (404
//! and 409 carry `details` `{"widgetId", "message"}`, 409 also `status`); the standardized one
//! `{"error": {"errorCode": "BadRequest", "message", "detail", "fieldErrors": [{"field":
//! "tags[0].key", "message"}]}}` (`NotFound`, `Conflict`). At most
//! [`WidgetsConfig::max_widgets`] widgets: a create beyond → 400.
//!
//! Queued [`Behavior`]s apply to REST routes too; their bodies are the RPC ones (a
//! [`Behavior::ServiceError`] answers a JSON `responseError`, a malformed or huge body is cut
//! from an RPC JSON payload). Records name the operation ([`RecordedRequest::operation`],
//! [`FakeGateway::rest_request_count`]); [`FakeGateway::widgets`] looks at the store without
//! reading, [`FakeGateway::settle_widgets`] ends every transition.
//!
//! # REST: NKS
//!
//! Ncloud Kubernetes Service v2 ([`RestApi::Nks`]), under every base path of
//! [`NKS_BASE_PATHS`] (`/vnks/v2` for KR and gov KR, `/vnks/sgn-v2`, `/vnks/jpn-v2`,
//! `/vnks/krs-v2`: one store), checked as the widget API is (route, size, signature over the
//! target as received, `Content-Type`; no API key), in JSON: `GET /clusters` → `{"clusters":
//! […]}`; `GET /clusters/{uuid}` → `{"cluster": …}`; `POST /clusters` → `{"uuid"}`; `DELETE
//! /clusters/{uuid}` → 204; `GET …/kubeconfig` → `{"kubeconfig": "apiVersion: v1…"}` (a 400
//! for a cluster whose `authType` is `API`: IAM only); `GET …/node-pool` → `{"nodePool": […]}`;
//! `POST …/node-pool` → `{"uuid"}` of the cluster (no `instanceNo`); `PATCH
//! …/node-pool/{instanceNo}` → `{"uuid", "instanceNo"}` (or 204,
//! [`UpdateNodePoolAnswer::NoContent`]); `DELETE …/node-pool/{instanceNo}` → 204; `GET
//! …/nodes` → `{"nodes": […]}`, one per node of every pool. [`NksCluster::to_json`],
//! [`NksNodePool::to_json`] give the models (camelCase, absent optionals omitted); pools are
//! numbered store-wide from [`FIRST_NODE_POOL_INSTANCE_NO`], nodes from
//! [`FIRST_WORKER_NODE_ID`]; a cluster's uuid is version-4 shaped and the same on every run.
//!
//! **Lifecycles**, counted in reads ([`NksConfig`], 2 each by default): a new cluster is
//! `CREATING` for `cluster_reads_until_running` `getCluster` calls, then `RUNNING` (`NO_NODE`
//! without pools), the pools of its body (`defaultNodePool`, `nodePool`) `CREATING` with it and
//! then `RUN`; a deleted one `DELETING`, its pools too, for `cluster_reads_until_gone` reads
//! (`getCluster` of it or any `getClusters`), then gone. A pool of a settled cluster is
//! `CREATING`, `NODE_SCALE_OUT` / `NODE_SCALE_DOWN` (its new `nodeCount` at once, its nodes
//! when it ends; autoscale brings the count within `min`..`max`) or `DELETING` for
//! `node_pool_reads_until_settled` `getNodePools` calls of its cluster, then `RUN` or gone.
//!
//! **Errors**, NKS's envelope always ([`RestErrorStyle::Nks`]): unknown cluster or pool → 404
//! (`details` `{"uuid"[, "instanceNo"], "message"}`); a change (delete the cluster; create,
//! update or delete a pool) to a cluster `CREATING` or `DELETING`, or to a pool not `RUN` →
//! 409 (`details` also `status`); a body that breaks a documented rule → 400 naming every
//! violation class-validator style: the required create-cluster fields (`name`, `clusterType`,
//! `loginKeyName`, `regionCode`, `vpcNo`, `subnetNoList`, in that order) and a pool's `name`;
//! names ([`NAME_LENGTH`] characters, letters, digits, `-`, a letter first, no `-` last; unique
//! in the store, a pool's in its cluster); `nodeCount` 1 to [`MAX_NODES_PER_POOL`] unless
//! autoscale is on (then `max` ≤ 250, `min` ≥ 1, `min` ≤ `max`); `storageSize` in
//! [`STORAGE_SIZE_RANGE`]; `hypervisorCode` `XEN` or `KVM`; JSON types. A `null` is an absent
//! property and properties the fake does not model are ignored, as NKS does. At most
//! [`NksConfig::max_clusters`] clusters and [`MAX_NODE_POOLS_PER_CLUSTER`] pools in one: 400.
//! [`FakeGateway::nks_clusters`] and [`FakeGateway::nks_cluster`] look without reading,
//! [`FakeGateway::settle_nks`] ends every transition.
//!
//! # The snapshot lifecycle
//!
//! The gateway holds state behind one lock: block storage snapshots, and NAS snapshots per NAS
//! volume in **two separate stores**, one for `vnas/v2` and one for Classic `server/v2` (a VPC
//! volume is not a Classic one, even with the same number: [`NasApi`]). There is no wall clock
//! in it: transitions are counted in the calls that observe a snapshot, and dates come from
//! virtual clocks, so a test sees the same answers on every run and every machine.
//!
//! **Block storage snapshots** ([`BlockStorageSnapshot`], every field of the spec's
//! `BlockStorageSnapshotInstance`):
//!
//! - A create gets the next number (the first is [`FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO`],
//!   `3183468`, that of the captured payload), the requested name or an automatic one
//!   (`sh` + the number in hex, which follows the naming rule), the next date of the block
//!   clock (from `2024-06-15T17:49:14+0900`, one second per snapshot). A snapshot of a volume
//!   the store has seen takes that volume's size, hypervisor, volume type, encryption and
//!   bootability from its newest snapshot; of another volume: 50 GiB
//!   ([`DEFAULT_VOLUME_SIZE`]), `XEN`, no volume type, neither encrypted nor bootable.
//!   `INCREMENTAL` chains on the volume's newest snapshot (`baseSnapshotInstanceNo`,
//!   `snapshotChainDepth` + 1); without one, or beyond depth 7, it is refused with
//!   [`INVALID_PARAMETER_RETURN_CODE`] (the documented rules).
//! - States ([`SnapshotState`]), counted in **observations**: a
//!   `getBlockStorageSnapshotInstanceDetail` of the snapshot, or a
//!   `getBlockStorageSnapshotInstanceList` whose returned page holds it (filtered out or on
//!   another page: not observed). Creates, deletes and [`FakeGateway::block_storage_snapshots`]
//!   do not count.
//!
//!   | state | status | operation | status name | for |
//!   |---|---|---|---|---|
//!   | creating | `INIT` | `CREAT` | `creating` | the create answer and the first [`Lifecycle::observations_until_created`] observations (default 2; `0`: created in the create answer already) |
//!   | created | `CREAT` | `NULL` | `created` | until deleted |
//!   | terminating | `CREAT` | `TERMT` | `terminating` | the delete answer and the next [`Lifecycle::observations_until_gone`] observations (default 1; `0`: gone right after the delete answer) |
//!   | gone | | | | detail → 200 with an empty list (or 400 [`NOT_FOUND_RETURN_CODE`]: [`UnknownSnapshotDetail`]); lists omit it |
//!
//!   The terminating row is NCP's example answer to `deleteBlockStorageSnapshotInstances`: the
//!   status stays `CREAT`, the operation says `TERMT` (NCP's Terraform provider waits through
//!   `CREAT` after a delete). Status code `TERMT` is never sent.
//! - A delete is all or nothing: an unknown number refuses the whole request (400,
//!   [`NOT_FOUND_RETURN_CODE`]), and so does a snapshot still creating or already terminating
//!   (400, [`BUSY_RETURN_CODE`] `1200004`, NCP's "busy" code). A number given twice counts once.
//! - The list filters on `blockStorageSnapshotInstanceNoList.N`,
//!   `originalBlockStorageInstanceNoList.N`, `hypervisorTypeCodeList.N` (any of the values),
//!   `blockStorageSnapshotInstanceStatusCode` (the status code), `blockStorageSnapshotName`
//!   (exact), `blockStorageSnapshotVolumeSize` (at most that many GiB),
//!   `isEncryptedOriginalBlockStorageVolume` and `isBootable`; sorts by instance number (the
//!   creation order) or, with `sortedBy=blockStorageSnapshotName`, by name then number;
//!   `sortingOrder=DESC` reverses either order. Then it pages: `pageNo` `0` and `1` are both
//!   the first page; without `pageSize` (or with `0`) every match is answered. `totalRows`
//!   counts every match, not the page.
//! - Numbers are matched as NCP writes them: decimal digits, no sign, no leading zero.
//!
//! **NAS snapshots** ([`NasVolumeSnapshot`]), per volume, oldest first:
//!
//! - A create takes the volume's next date (its clock starts at `2021-09-16T00:00:00+0900`, the
//!   date of the documentation's payload, one second per snapshot, never reused) and is named
//!   after it as NCP does (`now.20210916.000000`), [`DEFAULT_NAS_SNAPSHOT_SIZE`] bytes. It is
//!   `isBusy` true in the create answer and the first [`Lifecycle::nas_list_calls_until_ready`]
//!   `getNasVolumeSnapshotList` calls of its volume (default 1; `0`: never busy, not even in
//!   the create answer).
//! - Every NAS answer lists the volume's snapshots after the request (as NCP's do); a volume
//!   without any lists none (volumes are not modelled: any number is a volume).
//! - A delete removes the named snapshot; a restore keeps the named snapshot and the older
//!   ones and discards every newer one. An unknown name (or volume) → 400
//!   [`NOT_FOUND_RETURN_CODE`].
//!
//! **Limits.** The store holds at most [`GatewayConfig::max_snapshots`] snapshots, block and NAS
//! together (default [`DEFAULT_MAX_SNAPSHOTS`], 10,000); a create beyond → 400
//! [`LIMIT_EXCEEDED_RETURN_CODE`]. Deletes make room again.
//!
//! **Return codes.** `900` ([`MISSING_PARAMETER_RETURN_CODE`]) is from NCP's old common error
//! table as remembered; `910`, `920` and `930` are the fake's own; `1200004` is seen from NCP
//! (the notes, section 7) with a status and message of the fake's choosing. None of the notes'
//! sources records NCP's codes for these cases: tests should check the status and the
//! `responseError` envelope, and the code only against these constants.
//!
//! # Configuration, seeding, inspection
//!
//! [`GatewayConfig`] holds the keys, the clock skew, the [`Lifecycle`] (the pace above;
//! [`Lifecycle::immediate`] makes every snapshot ready at once) and `max_snapshots`.
//! Before or during a test:
//!
//! - [`FakeGateway::seed_block_storage_snapshot`] with a [`BlockStorageSnapshotSeed`] (number,
//!   name, description, volume, size, state, date, type and chain, hypervisor, volume type,
//!   encryption, bootability; anything left out as a create would set it, state `Created`),
//!   [`FakeGateway::seed_block_storage_snapshots`] for several at once;
//!   [`FakeGateway::seed_nas_volume_snapshot`] with a [`NasVolumeSnapshotSeed`],
//!   [`FakeGateway::seed_nas_volume_snapshots`]. A seed the store refuses is a [`SeedError`].
//! - [`FakeGateway::block_storage_snapshots`], [`FakeGateway::block_storage_snapshot`],
//!   [`FakeGateway::nas_volume_snapshots`], [`FakeGateway::snapshot_count`] look without
//!   observing; [`FakeGateway::settle`] ends every transition now;
//!   [`FakeGateway::clear_snapshots`] empties the store.
//!
//! The binary (`fake-ncp-gateway --help`) takes the same settings as flags (the widget API's
//! and NKS's too: `--api-key`, `--widget-reads-until-ready`, …, `--nks-cluster-reads-until-running`,
//! `--nks-update-node-pool-answer`, …), and seeds with `--seed-block-snapshots NO:COUNT` and
//! `--seed-nas-snapshots NO:COUNT`.
//!
//! # Misbehaviour and records
//!
//! A test can queue [`Behavior`]s ([`FakeGateway::push`]): each request, whatever it is,
//! consumes the next one instead of being answered normally; normal processing still judges
//! and records it. Whether the service still carries the request out is
//! [`Behavior::reaches_service`]: not after a queued service or gateway error; yes when only
//! the answer goes wrong (dropped, hung, cut, huge, delayed), as when a real response is lost
//! after the service acted. Every request is recorded ([`FakeGateway::requests`]).
//!
//! Robustness: no input makes it panic; memory is bounded (request heads up to 64 KiB, bodies
//! up to [`MAX_BODY_BYTES`], at most [`MAX_CONNECTIONS`] connections, the last
//! [`MAX_RECORDED_REQUESTS`] records without their bodies, at most `max_snapshots` snapshots;
//! huge bodies are streamed from a static buffer). Idle connections cannot lock others out: a
//! connection that does not send a complete request head within
//! [`GatewayConfig::header_read_timeout`] (30 s by default; between requests too) is closed, and
//! at [`MAX_CONNECTIONS`] a new connection takes the place of the one idle longest. A request
//! head that HTTP/1.1 cannot parse
//! (or a URI with characters `http::Uri` refuses) is answered 400 by hyper itself, before the
//! gateway sees it: such requests are not recorded. A `#fragment` in the request target is
//! dropped by hyper's URI parser.
//!
//! ```no_run
//! use ncloud_fake_gateway::{
//!     Action, Behavior, BlockStorageSnapshotSeed, FakeGateway, GatewayConfig, Lifecycle, NasApi,
//! };
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let config = GatewayConfig::new("my-access-key", "my-secret").with_lifecycle(Lifecycle {
//!     observations_until_created: 3,
//!     ..Lifecycle::default()
//! });
//! let gateway = FakeGateway::start(config).await?;
//! // Point the client at gateway.base_url(), e.g. NCLOUD_API_GW=http://127.0.0.1:PORT.
//! gateway.seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("3168").name("nightly"))?;
//! gateway.seed_nas_volume_snapshots(NasApi::Vpc, "3901", 2)?;
//! gateway.push(Behavior::rate_limited()); // the first call gets 429 / 420…
//! // … the next ones are answered from the store.
//! assert_eq!(gateway.request_count(Action::CreateNasVolumeSnapshot), 0);
//! assert_eq!(gateway.snapshot_count(), 3);
//! gateway.shutdown().await;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod action;
mod behavior;
mod clock;
mod config;
mod evaluate;
mod operation;
mod query;
mod record;
mod render;
mod response;
mod rest;
pub mod signature;
mod snapshot;
mod store;
mod verdict;

/// The README (how to use the crate from a test), compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

use std::collections::{HashMap, VecDeque};
use std::future::poll_fn;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::body::{Body as _, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, broadcast, oneshot};
use tokio::task::{self, AbortHandle, JoinHandle, JoinSet};

pub use action::{Action, Format};
pub use behavior::{Behavior, GATEWAY_ERRORS};
pub use config::{
    DEFAULT_API_KEY, DEFAULT_MAX_NKS_CLUSTERS, DEFAULT_MAX_SNAPSHOTS, DEFAULT_MAX_WIDGETS, GatewayConfig, Lifecycle,
    NksConfig, RestErrorStyle, UnknownSnapshotDetail, UpdateNodePoolAnswer, WidgetsConfig,
};
pub use evaluate::{ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
pub use query::{QueryError, decode_pairs};
pub use record::RecordedRequest;
pub use response::Answer;
pub use rest::nks::body::{MAX_NODES_PER_POOL, NAME_LENGTH, STORAGE_SIZE_RANGE};
pub use rest::nks::model::{
    ClusterStatus, NksAutoscale, NksCluster, NksLabel, NksNodePool, NksTaint, NksWorkerNode, NodePoolStatus,
};
pub use rest::nks::{
    DEFAULT_K8S_VERSION, FIRST_NODE_POOL_INSTANCE_NO, FIRST_WORKER_NODE_ID, MAX_NODE_POOLS_PER_CLUSTER,
};
pub use rest::route::{NKS_BASE_PATHS, RestApi, WIDGETS_BASE_PATHS};
pub use rest::widgets::{DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, Widget, WidgetSpec, WidgetStatus, WidgetTag};
pub use rest::{API_KEY_HEADER, JSON_CONTENT_TYPE, OCTET_STREAM_CONTENT_TYPE, RestOperation};
pub use signature::string_to_sign;
pub use snapshot::{BlockStorageSnapshot, NasApi, NasVolumeSnapshot, SnapshotState, SnapshotType};
pub use store::block::{DEFAULT_VOLUME_SIZE, FIRST_BLOCK_STORAGE_SNAPSHOT_INSTANCE_NO};
pub use store::nas::DEFAULT_NAS_SNAPSHOT_SIZE;
pub use store::seed::{BlockStorageSnapshotSeed, NasVolumeSnapshotSeed, SeedError};
pub use verdict::{
    AuthFailure, BUSY_RETURN_CODE, INVALID_PARAMETER_RETURN_CODE, LIMIT_EXCEEDED_RETURN_CODE,
    MISSING_PARAMETER_RETURN_CODE, NOT_FOUND_RETURN_CODE, Verdict,
};

use evaluate::{BodyRead, Evaluation, RequestView, evaluate};
use render::Envelope;
use response::GatewayBody;
use rest::RestStores;
use store::{Outcome, Store};

/// Largest request body read (POST form bodies); more is answered 413 / `430`.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Largest request head (request line and headers) hyper reads; more is answered 431/400 by
/// hyper.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Connections open at once. At the limit, a new connection closes the open one that has waited
/// longest for a request head (idle between requests, or still sending one), so idle
/// connections never keep a new one out; one whose request is being handled is never closed for
/// it. Only when every connection is handling a request do new ones wait to be accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// Default [`GatewayConfig::header_read_timeout`]: how long a connection may wait for, or take
/// to send, a complete request head before it is closed (hyper's default).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Records kept by [`FakeGateway::requests`] (the oldest go first); counts are kept for all.
pub const MAX_RECORDED_REQUESTS: usize = 1024;

/// A running fake gateway. Stops on [`shutdown`](Self::shutdown) or when dropped.
#[derive(Debug)]
pub struct FakeGateway {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct Shared {
    config: GatewayConfig,
    queue: Mutex<VecDeque<Behavior>>,
    records: Mutex<VecDeque<RecordedRequest>>,
    sequence: AtomicU64,
    counts: [AtomicUsize; Action::ALL.len()],
    rest_counts: [AtomicUsize; RestOperation::ALL.len()],
    trace_prefix: u64,
    log: broadcast::Sender<RecordedRequest>,
    store: Mutex<Store>,
    rest: RestStores,
    /// A clock counting connection events (accepts, request ends): how recently a connection
    /// was active, for choosing which idle one to close at [`MAX_CONNECTIONS`].
    ticks: AtomicU64,
    /// Told when a request ends: its connection is idle, and may make room for a new one.
    request_ended: Notify,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn action_index(action: Action) -> usize {
    Action::ALL.iter().position(|a| *a == action).unwrap_or(0)
}

impl FakeGateway {
    /// Starts a gateway on `127.0.0.1` with a free port chosen by the system.
    ///
    /// Must be called inside a tokio runtime (it spawns the server task).
    pub async fn start(config: GatewayConfig) -> std::io::Result<FakeGateway> {
        Self::start_on_port(config, 0).await
    }

    /// Starts a gateway on `127.0.0.1:port` (`0`: a free port chosen by the system).
    pub async fn start_on_port(config: GatewayConfig, port: u16) -> std::io::Result<FakeGateway> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let shared = Arc::new(Shared {
            queue: Mutex::new(VecDeque::new()),
            records: Mutex::new(VecDeque::new()),
            sequence: AtomicU64::new(0),
            counts: Default::default(),
            rest_counts: Default::default(),
            trace_prefix: nanos.as_secs() ^ u64::from(nanos.subsec_nanos()) << 32 ^ u64::from(addr.port()),
            log: broadcast::channel(256).0,
            store: Mutex::new(Store::new(config.lifecycle, config.max_snapshots)),
            rest: RestStores::new(&config),
            ticks: AtomicU64::new(0),
            request_ended: Notify::new(),
            config,
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stopped));
        Ok(FakeGateway {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash: the value for `NCLOUD_API_GW`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address listened on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration in force.
    pub fn config(&self) -> &GatewayConfig {
        &self.shared.config
    }

    /// Queues a behaviour for a coming request (first in, first out).
    pub fn push(&self, behavior: Behavior) {
        lock(&self.shared.queue).push_back(behavior);
    }

    /// How many queued behaviours no request has consumed yet.
    pub fn pending_behaviors(&self) -> usize {
        lock(&self.shared.queue).len()
    }

    /// Drops every queued behaviour.
    pub fn clear_behaviors(&self) {
        lock(&self.shared.queue).clear();
    }

    /// Every request received so far, oldest first (the last [`MAX_RECORDED_REQUESTS`]).
    ///
    /// A request is recorded once its head and body are read and its answer decided, before
    /// the answer is sent (and so also for [`Behavior::Hang`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.records).iter().cloned().collect()
    }

    /// How many requests named `action`'s path, whatever they were answered.
    pub fn request_count(&self, action: Action) -> usize {
        self.shared
            .counts
            .get(action_index(action))
            .map_or(0, |c| c.load(Ordering::SeqCst))
    }

    /// How many requests named `operation`'s method and path, whatever they were answered.
    pub fn rest_request_count(&self, operation: RestOperation) -> usize {
        let index = RestOperation::ALL.iter().position(|o| *o == operation).unwrap_or(0);
        self.shared
            .rest_counts
            .get(index)
            .map_or(0, |c| c.load(Ordering::SeqCst))
    }

    /// How many requests were received in all, on any path.
    pub fn total_request_count(&self) -> u64 {
        self.shared.sequence.load(Ordering::SeqCst)
    }

    /// A stream of the requests recorded from now on (for logging). A receiver that falls
    /// more than 256 requests behind loses the oldest ones (`RecvError::Lagged`).
    pub fn subscribe(&self) -> broadcast::Receiver<RecordedRequest> {
        self.shared.log.subscribe()
    }

    /// Puts a block storage snapshot in the store, as if it had been created earlier; returns
    /// it as stored.
    ///
    /// ```no_run
    /// # use ncloud_fake_gateway::*;
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// let gateway = FakeGateway::start(GatewayConfig::default()).await?;
    /// let full = gateway.seed_block_storage_snapshot(
    ///     BlockStorageSnapshotSeed::new("24498861").name("data-full-0701").hypervisor_type("KVM").volume_type("CB1"),
    /// )?;
    /// gateway.seed_block_storage_snapshot(
    ///     BlockStorageSnapshotSeed::new("24498861").name("data-incr-0702").incremental(full.instance_no, 1).creating(),
    /// )?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn seed_block_storage_snapshot(
        &self,
        seed: BlockStorageSnapshotSeed,
    ) -> Result<BlockStorageSnapshot, SeedError> {
        lock(&self.shared.store).seed_block(seed)
    }

    /// Seeds `count` created snapshots of block storage instance `original`, named
    /// `seed-ORIGINAL-1`, `seed-ORIGINAL-2`, … (or automatically when that is over 30
    /// characters), with the next numbers and dates. Stops at the first refusal.
    pub fn seed_block_storage_snapshots(
        &self,
        original: &str,
        count: usize,
    ) -> Result<Vec<BlockStorageSnapshot>, SeedError> {
        let mut store = lock(&self.shared.store);
        (1..=count)
            .map(|i| {
                let name = format!("seed-{original}-{i}");
                let seed = BlockStorageSnapshotSeed::new(original);
                let seed = if name.len() <= 30 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    seed.name(name)
                } else {
                    seed
                };
                store.seed_block(seed)
            })
            .collect()
    }

    /// Puts a snapshot of a NAS volume in the store of `api` (VPC `vnas/v2` and Classic
    /// `server/v2` keep separate stores); returns it as stored.
    pub fn seed_nas_volume_snapshot(
        &self,
        api: NasApi,
        seed: NasVolumeSnapshotSeed,
    ) -> Result<NasVolumeSnapshot, SeedError> {
        lock(&self.shared.store).seed_nas(api, seed)
    }

    /// Seeds `count` ready snapshots of NAS volume `volume` in the store of `api`, named and
    /// dated by the volume's clock. Stops at the first refusal.
    pub fn seed_nas_volume_snapshots(
        &self,
        api: NasApi,
        volume: &str,
        count: usize,
    ) -> Result<Vec<NasVolumeSnapshot>, SeedError> {
        let mut store = lock(&self.shared.store);
        (0..count)
            .map(|_| store.seed_nas(api, NasVolumeSnapshotSeed::new(volume)))
            .collect()
    }

    /// Every block storage snapshot in the store, in number order, as it is now (looking does
    /// not count as an observation).
    pub fn block_storage_snapshots(&self) -> Vec<BlockStorageSnapshot> {
        lock(&self.shared.store).block_snapshots()
    }

    /// The block storage snapshot numbered `instance_no`, if the store holds it.
    pub fn block_storage_snapshot(&self, instance_no: u64) -> Option<BlockStorageSnapshot> {
        self.block_storage_snapshots()
            .into_iter()
            .find(|s| s.instance_no == instance_no)
    }

    /// The snapshots of NAS volume `volume` in the store of `api`, oldest first (looking does
    /// not count as a list call).
    pub fn nas_volume_snapshots(&self, api: NasApi, volume: &str) -> Vec<NasVolumeSnapshot> {
        lock(&self.shared.store).nas_snapshots(api, volume)
    }

    /// How many snapshots the store holds, block storage and NAS together.
    pub fn snapshot_count(&self) -> usize {
        lock(&self.shared.store).len()
    }

    /// Ends every transition now: creating snapshots are created, terminating ones gone, busy
    /// NAS snapshots ready.
    pub fn settle(&self) {
        lock(&self.shared.store).settle();
    }

    /// Every widget in the store, in creation order, as it is now (looking does not count as a
    /// read).
    pub fn widgets(&self) -> Vec<Widget> {
        lock(&self.shared.rest.widgets).widgets()
    }

    /// The widget `widget_id` (decoded), if the store holds it.
    pub fn widget(&self, widget_id: &str) -> Option<Widget> {
        self.widgets().into_iter().find(|w| w.widget_id == widget_id)
    }

    /// Ends every widget transition now: creating widgets are ready, deleting ones gone.
    pub fn settle_widgets(&self) {
        lock(&self.shared.rest.widgets).settle();
    }

    /// Every NKS cluster in the store, in creation order, with its node pools and their nodes,
    /// as it is now (looking does not count as a read).
    pub fn nks_clusters(&self) -> Vec<NksCluster> {
        lock(&self.shared.rest.nks).clusters()
    }

    /// The NKS cluster `uuid`, if the store holds it.
    pub fn nks_cluster(&self, uuid: &str) -> Option<NksCluster> {
        self.nks_clusters().into_iter().find(|c| c.uuid == uuid)
    }

    /// Ends every NKS transition now: creating clusters are `RUNNING` (or `NO_NODE`), creating
    /// and scaling node pools `RUN` with their nodes, deleting clusters and pools gone.
    pub fn settle_nks(&self) {
        lock(&self.shared.rest.nks).settle();
    }

    /// Forgets every snapshot. Numbers and dates go on from where they were, so none is reused.
    pub fn clear_snapshots(&self) {
        lock(&self.shared.store).clear();
    }

    /// Stops accepting, closes every connection (hanging ones included) and waits until the
    /// port is released.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeGateway {
    /// Aborts the server task: the listener and every connection task go with it (they are
    /// owned by it), at the runtime's next turn.
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// What the accept loop knows of an open connection.
#[derive(Debug, Default)]
struct Activity {
    /// A request of it is being handled (its head is read, its answer not yet returned).
    busy: AtomicBool,
    /// [`Shared::ticks`] when it was accepted or its last request ended.
    last: AtomicU64,
}

/// Marks a connection busy while its request is handled; idle again (and recently active) when
/// dropped, whether the request ended or the connection went.
struct Busy {
    activity: Arc<Activity>,
    shared: Arc<Shared>,
}

impl Busy {
    fn start(activity: Arc<Activity>, shared: Arc<Shared>) -> Self {
        activity.busy.store(true, Ordering::SeqCst);
        Busy { activity, shared }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let tick = self.shared.ticks.fetch_add(1, Ordering::SeqCst);
        self.activity.last.store(tick, Ordering::SeqCst);
        self.activity.busy.store(false, Ordering::SeqCst);
        self.shared.request_ended.notify_one();
    }
}

/// The open connection that has been idle longest (least recently accepted or done with a
/// request), if any is idle.
fn longest_idle(open: &HashMap<task::Id, (AbortHandle, Arc<Activity>)>) -> Option<task::Id> {
    open.iter()
        .filter(|(_, (_, activity))| !activity.busy.load(Ordering::SeqCst))
        .min_by_key(|(_, (_, activity))| activity.last.load(Ordering::SeqCst))
        .map(|(id, _)| *id)
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    // The connections not closed yet, by task: an evicted one leaves at once, before its task
    // is joined.
    let mut open = HashMap::new();
    loop {
        let room = open.len() < MAX_CONNECTIONS || longest_idle(&open).is_some();
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept(), if room => match accepted {
                Ok((stream, _)) => {
                    let evicted = (open.len() >= MAX_CONNECTIONS).then(|| longest_idle(&open)).flatten();
                    if let Some((abort, _)) = evicted.and_then(|id| open.remove(&id)) {
                        abort.abort();
                    }
                    let activity = Arc::new(Activity::default());
                    activity.last.store(shared.ticks.fetch_add(1, Ordering::SeqCst), Ordering::SeqCst);
                    let abort = connections.spawn(serve_connection(stream, Arc::clone(&shared), Arc::clone(&activity)));
                    open.insert(abort.id(), (abort, activity));
                }
                // Out of file descriptors or the like: wait instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            // Every connection was handling a request: one that is done may make room.
            () = shared.request_ended.notified(), if !room => {}
            Some(done) = connections.join_next_with_id(), if !connections.is_empty() => {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(error) => error.id(),
                };
                open.remove(&id);
            }
        }
    }
    drop(listener);
    connections.shutdown().await;
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, activity: Arc<Activity>) {
    let _ = stream.set_nodelay(true);
    let timeout = Some(shared.config.header_read_timeout).filter(|t| !t.is_zero());
    let service = service_fn(move |request| {
        let busy = Busy::start(Arc::clone(&activity), Arc::clone(&shared));
        let shared = Arc::clone(&shared);
        async move {
            let answer = handle(shared, request).await;
            drop(busy);
            answer
        }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .max_buf_size(MAX_HEAD_BYTES)
        .timer(TokioTimer::new())
        .header_read_timeout(timeout)
        .serve_connection(TokioIo::new(stream), service);
    // Errors are the client's doing (or DropConnection's, or a head not sent in time): the
    // connection just ends.
    let _ = connection.await;
}

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
struct CloseWithoutAnswer;

impl std::fmt::Display for CloseWithoutAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed without an answer")
    }
}

impl std::error::Error for CloseWithoutAnswer {}

async fn read_body(mut body: Incoming) -> Option<BodyRead> {
    let mut bytes = Vec::new();
    loop {
        match poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => return Some(BodyRead::Complete(bytes)),
            Some(Err(_)) => return None,
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > MAX_BODY_BYTES {
                        return Some(BodyRead::TooLarge);
                    }
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
}

async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Response<GatewayBody>, CloseWithoutAnswer> {
    let (parts, body) = request.into_parts();
    // The client went away mid-body: nothing to answer, nobody to answer to.
    let body = read_body(body).await.ok_or(CloseWithoutAnswer)?;
    let received_at = SystemTime::now();
    let now_ms = received_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_millis()).unwrap_or(i128::MAX));

    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    // Origin form (`/path?query`) is kept verbatim by `http::Uri`; absolute form is rebuilt
    // from its parts, which are kept verbatim too.
    let target = parts.uri.to_string();
    let method = parts.method.as_str().to_owned();
    let view = RequestView {
        method: &method,
        target: &target,
        path: parts.uri.path(),
        raw_query: parts.uri.query(),
        headers: &headers,
        body: &body,
        now_ms,
    };
    let mut evaluation = evaluate(&shared.config, &view);

    let behavior = lock(&shared.queue).pop_front();
    let sequence = shared.sequence.fetch_add(1, Ordering::SeqCst);
    let trace_id = format!("{:016x}{sequence:08x}", shared.trace_prefix);
    let body = if behavior.as_ref().is_none_or(Behavior::reaches_service) {
        perform(&shared, &mut evaluation, sequence)
    } else {
        None
    };
    let (delay, answer) = match &behavior {
        Some(behavior) => Answer::from_behavior(behavior, &evaluation),
        None => (Duration::ZERO, Answer::from_verdict(&evaluation)),
    };
    if let Some(count) = evaluation.action.and_then(|a| shared.counts.get(action_index(a))) {
        count.fetch_add(1, Ordering::SeqCst);
    }
    let operation = evaluation.rest.as_ref().map(|call| call.operation);
    let rest_index = operation.and_then(|op| RestOperation::ALL.iter().position(|o| *o == op));
    if let Some(count) = rest_index.and_then(|i| shared.rest_counts.get(i)) {
        count.fetch_add(1, Ordering::SeqCst);
    }
    let record = RecordedRequest {
        sequence,
        received_at,
        trace_id: trace_id.clone(),
        method,
        target,
        headers,
        query: evaluation.query,
        form: evaluation.form,
        action: evaluation.action,
        operation,
        auth: evaluation.auth,
        signature_valid: evaluation.signature_valid,
        timestamp_valid: evaluation.timestamp_valid,
        string_to_sign: evaluation.string_to_sign,
        verdict: evaluation.verdict,
        behavior,
        delay,
        answer: answer.clone(),
    };
    {
        let mut records = lock(&shared.records);
        if records.len() >= MAX_RECORDED_REQUESTS {
            records.pop_front();
        }
        records.push_back(record.clone());
    }
    // Nobody listening is fine.
    let _ = shared.log.send(record);

    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match answer {
        Answer::Hang => std::future::pending().await,
        Answer::DropConnection => Err(CloseWithoutAnswer),
        answer => answer.render(&trace_id, body).ok_or(CloseWithoutAnswer),
    }
}

/// Carries out an accepted request on the store: returns the answer's body, or turns the
/// verdict into [`Verdict::Refused`].
fn perform(shared: &Shared, evaluation: &mut Evaluation, sequence: u64) -> Option<String> {
    if evaluation.rest.is_some() {
        return rest::perform(&shared.rest, &shared.config, evaluation);
    }
    let (Verdict::Success, Some(action), Some(operation)) =
        (&evaluation.verdict, evaluation.action, evaluation.operation.as_ref())
    else {
        return None;
    };
    let outcome = lock(&shared.store).apply(operation);
    match outcome {
        Ok(outcome) => {
            // VPC server actions carry a UUID; NCP's NAS examples an empty requestId.
            let request_id = if action.api_path() == "/vserver/v2" {
                let hex = format!("{:016x}{sequence:016x}", shared.trace_prefix);
                let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or("0");
                format!(
                    "{}-{}-{}-{}-{}",
                    part(0..8),
                    part(8..12),
                    part(12..16),
                    part(16..20),
                    part(20..32)
                )
            } else {
                String::new()
            };
            Some(match outcome {
                Outcome::Block { total_rows, items } => render::block_storage_snapshots(
                    evaluation.format,
                    &Envelope {
                        root: action.response_root(),
                        request_id: &request_id,
                        total_rows,
                        list: "blockStorageSnapshotInstanceList",
                        item: "blockStorageSnapshotInstance",
                    },
                    &items,
                ),
                Outcome::Nas { items } => render::nas_volume_snapshots(
                    evaluation.format,
                    &Envelope {
                        root: action.response_root(),
                        request_id: &request_id,
                        total_rows: items.len(),
                        list: "nasVolumeSnapshotList",
                        item: "nasVolumeSnapshot",
                    },
                    &items,
                ),
            })
        }
        Err(refusal) => {
            evaluation.verdict = Verdict::Refused {
                status: refusal.status,
                return_code: refusal.return_code,
                message: refusal.message,
            };
            None
        }
    }
}
