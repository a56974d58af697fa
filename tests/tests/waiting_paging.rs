//! The waiters and paginators generated from the specs' `x-ncp-waiters` and `x-ncp-pagination`,
//! through the generated client: against the fake gateway's snapshot lifecycle (every poll and
//! page a signed call), and against a scripted transport for what the gateway does not do (a
//! failure state, a server that ignores `pageNo`). Delays are milliseconds here; the timing logic
//! itself is tested on a paused clock in `ncloud-runtime`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ncloud_client::runtime::transport::SendFuture;
use ncloud_client::runtime::{
    HttpRequest, HttpResponse, PageError, PageOptions, PagePosition, Transport, WaitError, WaitOptions,
};
use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceStatusCode, CreateBlockStorageSnapshotInstance, DeleteBlockStorageSnapshotInstances,
    GetBlockStorageSnapshotInstanceDetail, GetBlockStorageSnapshotInstanceList,
};
use ncloud_client::{Client, Credentials, Error, Format, vnas};
use ncloud_fake_gateway::{Behavior, FakeGateway, GatewayConfig, Lifecycle, NasApi, UnknownSnapshotDetail};

const ACCESS: &str = "wait-access-key";
const SECRET: &str = "wait-secret-key";

/// Polls every few milliseconds; gives up after two seconds.
fn fast() -> WaitOptions {
    WaitOptions::new(
        Duration::from_secs(2),
        Duration::from_millis(2),
        Duration::from_millis(10),
    )
}

async fn gateway(lifecycle: Lifecycle) -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_lifecycle(lifecycle))
        .await
        .expect("the fake gateway starts")
}

fn client(gateway: &FakeGateway, format: Format) -> Client {
    Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
        .format(format)
        .build()
        .expect("a valid configuration")
}

fn detail(no: &str) -> GetBlockStorageSnapshotInstanceDetail {
    GetBlockStorageSnapshotInstanceDetail::builder(no).build().unwrap()
}

async fn create(client: &Client) -> String {
    let request = CreateBlockStorageSnapshotInstance::builder("3168").build().unwrap();
    let created = client
        .vserver()
        .create_block_storage_snapshot_instance(request)
        .await
        .unwrap();
    created.block_storage_snapshot_instance_list.unwrap()[0]
        .block_storage_snapshot_instance_no
        .clone()
        .unwrap()
}

#[tokio::test]
async fn a_new_snapshot_is_waited_for_through_init_until_creat_in_both_formats() {
    let lifecycle = Lifecycle {
        observations_until_created: 3,
        ..Lifecycle::default()
    };
    let gateway = gateway(lifecycle).await;
    for format in [Format::Xml, Format::Json] {
        let client = client(&gateway, format);
        let no = create(&client).await;
        let before = gateway.requests().len();
        let waited = client
            .vserver()
            .wait_until_block_storage_snapshot_created(detail(&no))
            .options(fast())
            .await
            .expect("the snapshot is created");
        let response = waited.into_response().expect("success is a response");
        let status = response.block_storage_snapshot_instance_list.unwrap()[0]
            .block_storage_snapshot_instance_status
            .clone()
            .and_then(|s| s.code);
        assert_eq!(status, Some(BlockStorageSnapshotInstanceStatusCode::Creat));
        let polls: Vec<_> = gateway.requests()[before..].to_vec();
        assert_eq!(polls.len(), 4, "three INIT answers, then CREAT: {polls:?}");
        assert!(
            polls
                .iter()
                .all(|r| r.target.contains("getBlockStorageSnapshotInstanceDetail")),
            "only reads are sent"
        );
        assert!(
            polls
                .iter()
                .all(|r| r.signature_valid && r.auth.is_ok() && r.status() == Some(200)),
            "every poll is signed anew and accepted"
        );
        let signatures: std::collections::BTreeSet<_> = polls.iter().map(|r| r.string_to_sign.clone()).collect();
        assert_eq!(
            signatures.len(),
            polls.len(),
            "each poll has its own timestamp and signature"
        );
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_wait_that_times_out_says_the_last_state_polls_and_time() {
    let lifecycle = Lifecycle {
        observations_until_created: 100_000,
        ..Lifecycle::default()
    };
    let gateway = gateway(lifecycle).await;
    let client = client(&gateway, Format::Json);
    let no = create(&client).await;
    let error: WaitError = client
        .vserver()
        .wait_until_block_storage_snapshot_created(detail(&no))
        .options(WaitOptions::new(
            Duration::from_millis(60),
            Duration::from_millis(5),
            Duration::from_millis(10),
        ))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let text = error.to_string();
    assert!(text.contains("blockStorageSnapshotCreated"), "{text}");
    assert!(
        text.contains("blockStorageSnapshotInstanceList[].blockStorageSnapshotInstanceStatus.code = INIT"),
        "{text}"
    );
    assert!(error.polls >= 2, "{text}");
    gateway.shutdown().await;
}

#[tokio::test]
async fn throttling_and_a_transient_error_during_a_wait_are_polled_through() {
    let gateway = gateway(Lifecycle::default()).await;
    let client = client(&gateway, Format::Xml);
    let no = create(&client).await;
    gateway.push(Behavior::rate_limited());
    gateway.push(Behavior::try_again_later());
    let waited = client
        .vserver()
        .wait_until_block_storage_snapshot_created(detail(&no))
        .options(fast())
        .await;
    assert!(waited.is_ok(), "{waited:?}");
    gateway.shutdown().await;
}

#[tokio::test]
async fn any_other_error_during_a_wait_ends_it_with_that_error() {
    // The gateway answers the detail of an unknown number with a service error here.
    let gateway = gateway(Lifecycle {
        unknown_snapshot_detail: UnknownSnapshotDetail::Error,
        ..Lifecycle::default()
    })
    .await;
    let client = client(&gateway, Format::Json);
    let error = client
        .vserver()
        .wait_until_block_storage_snapshot_created(detail("424242"))
        .options(fast())
        .await
        .unwrap_err();
    assert!(matches!(error.error(), Some(Error::Service { .. })), "{error}");
    assert_eq!(error.polls, 1, "an unknown number is not polled again");
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_deleted_snapshot_is_waited_for_until_it_is_gone() {
    let lifecycle = Lifecycle {
        observations_until_created: 0,
        observations_until_gone: 2,
        ..Lifecycle::default()
    };
    let gateway = gateway(lifecycle).await;
    let client = client(&gateway, Format::Xml);
    let no = create(&client).await;
    client
        .vserver()
        .wait_until_block_storage_snapshot_created(detail(&no))
        .options(fast())
        .await
        .unwrap();
    let delete = DeleteBlockStorageSnapshotInstances::builder([no.as_str()])
        .build()
        .unwrap();
    client
        .vserver()
        .delete_block_storage_snapshot_instances(delete)
        .await
        .unwrap();
    let deletes = gateway
        .requests()
        .iter()
        .filter(|r| r.target.contains("deleteBlock"))
        .count();
    let waited = client
        .vserver()
        .wait_until_block_storage_snapshot_deleted(detail(&no))
        .options(fast())
        .await
        .expect("the snapshot goes");
    let response = waited.into_response().unwrap();
    assert_eq!(response.block_storage_snapshot_instance_list.as_deref(), Some(&[][..]));
    assert!(
        gateway.block_storage_snapshot(no.parse().unwrap()).is_none(),
        "gone from the store"
    );
    let after = gateway
        .requests()
        .iter()
        .filter(|r| r.target.contains("deleteBlock"))
        .count();
    assert_eq!(deletes, after, "a waiter never re-sends the delete");
    gateway.shutdown().await;
}

/// The fake gateway as its README starts it (no lifecycle flag, no option) and the generated
/// deleted-waiter agree on what "gone" looks like: the detail of a deleted or never-created
/// number answers an empty list, as NCP's Terraform provider reads it, and the wait succeeds.
#[tokio::test]
async fn the_default_gateway_and_the_deleted_waiter_agree_on_gone() {
    let gateway = FakeGateway::start(GatewayConfig::new(ACCESS, SECRET))
        .await
        .expect("the fake gateway starts");
    for format in [Format::Xml, Format::Json] {
        let client = client(&gateway, format);
        let no = create(&client).await;
        client
            .vserver()
            .wait_until_block_storage_snapshot_created(detail(&no))
            .options(fast())
            .await
            .expect("the snapshot is created");
        let delete = DeleteBlockStorageSnapshotInstances::builder([no.as_str()])
            .build()
            .unwrap();
        client
            .vserver()
            .delete_block_storage_snapshot_instances(delete)
            .await
            .unwrap();
        let before = gateway.requests().len();
        let waited = client
            .vserver()
            .wait_until_block_storage_snapshot_deleted(detail(&no))
            .options(fast())
            .await
            .unwrap_or_else(|error| panic!("{format:?}: the deleted snapshot is gone: {error}"));
        assert_eq!(
            gateway.requests().len() - before,
            2,
            "one poll sees it terminating, the next sees it gone"
        );
        let response = waited.into_response().unwrap();
        assert_eq!(response.block_storage_snapshot_instance_list.as_deref(), Some(&[][..]));
        assert!(gateway.block_storage_snapshot(no.parse().unwrap()).is_none());
        // A number the store never held is gone at the first poll.
        let before = gateway.requests().len();
        let waited = client
            .vserver()
            .wait_until_block_storage_snapshot_deleted(detail("424242"))
            .options(fast())
            .await
            .unwrap_or_else(|error| panic!("{format:?}: an unknown number is gone: {error}"));
        assert!(waited.response().is_some());
        assert_eq!(gateway.requests().len() - before, 1, "gone at the first poll");
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn nas_snapshots_are_waited_for_by_name_until_ready_and_until_gone_on_vpc() {
    let lifecycle = Lifecycle {
        nas_list_calls_until_ready: 2,
        ..Lifecycle::default()
    };
    let gateway = gateway(lifecycle).await;
    gateway.seed_nas_volume_snapshots(NasApi::Vpc, "3901", 2).unwrap();
    let client = client(&gateway, Format::Json);
    let created = client
        .vnas()
        .create_nas_volume_snapshot(vnas::CreateNasVolumeSnapshot::builder("3901").build().unwrap())
        .await
        .unwrap();
    let newest = created
        .nas_volume_snapshot_list
        .unwrap()
        .into_iter()
        .filter_map(|s| s.nas_volume_snapshot_name)
        .max()
        .unwrap();
    let list = || vnas::GetNasVolumeSnapshotList::builder("3901").build().unwrap();
    let ready = client
        .vnas()
        .wait_until_nas_volume_snapshot_available(list(), newest.clone())
        .options(fast())
        .await
        .expect("the new snapshot becomes ready")
        .into_response()
        .unwrap();
    let mine = ready
        .nas_volume_snapshot_list
        .unwrap()
        .into_iter()
        .find(|s| s.nas_volume_snapshot_name.as_deref() == Some(newest.as_str()))
        .unwrap();
    assert_eq!(mine.is_busy, Some(false));

    let delete = vnas::DeleteNasVolumeSnapshot::builder("3901", newest.clone())
        .build()
        .unwrap();
    client.vnas().delete_nas_volume_snapshot(delete).await.unwrap();
    client
        .vnas()
        .wait_until_nas_volume_snapshot_deleted(list(), newest.clone())
        .options(fast())
        .await
        .expect("the snapshot is gone");
    assert_eq!(
        gateway.nas_volume_snapshots(NasApi::Vpc, "3901").len(),
        2,
        "only the named one went"
    );

    // A name that is not there is not available: the wait times out rather than succeed.
    let error = client
        .vnas()
        .wait_until_nas_volume_snapshot_available(list(), "no-such-snapshot")
        .options(WaitOptions::new(
            Duration::from_millis(40),
            Duration::from_millis(5),
            Duration::from_millis(10),
        ))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    gateway.shutdown().await;
}

#[tokio::test]
async fn classic_nas_snapshots_have_the_same_waiters() {
    let gateway = gateway(Lifecycle::immediate()).await;
    let seeded = gateway.seed_nas_volume_snapshots(NasApi::Classic, "3901", 1).unwrap();
    let name = seeded[0].name.clone();
    let client = client(&gateway, Format::Xml);
    let list = ncloud_client::server::GetNasVolumeSnapshotList::builder("3901")
        .build()
        .unwrap();
    client
        .server()
        .wait_until_nas_volume_snapshot_available(list, name)
        .options(fast())
        .await
        .expect("a seeded snapshot is ready");
    gateway.shutdown().await;
}

#[tokio::test]
async fn every_page_of_a_list_is_fetched_across_three_pages_in_both_formats() {
    let gateway = gateway(Lifecycle::immediate()).await;
    gateway.seed_block_storage_snapshots("3168", 7).unwrap();
    gateway.seed_block_storage_snapshots("9999", 2).unwrap();
    for format in [Format::Xml, Format::Json] {
        let client = client(&gateway, format);
        let before = gateway.requests().len();
        let request = GetBlockStorageSnapshotInstanceList::builder()
            .original_block_storage_instance_no_list(["3168"])
            .build()
            .unwrap();
        let mut pages = client
            .vserver()
            .get_block_storage_snapshot_instance_list_pages(request.clone(), PageOptions::new().page_size(3))
            .unwrap();
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.unwrap();
            sizes.push(page.items().len());
            assert_eq!(page.total_rows(), Some(7));
        }
        assert_eq!(sizes, [3, 3, 1]);
        let targets: Vec<String> = gateway.requests()[before..].iter().map(|r| r.target.clone()).collect();
        assert_eq!(targets.len(), 3, "{targets:?}");
        for (i, target) in targets.iter().enumerate() {
            assert!(target.contains(&format!("pageNo={}&pageSize=3", i + 1)), "{target}");
        }
        let items = client
            .vserver()
            .get_block_storage_snapshot_instance_list_items(request, PageOptions::new().page_size(2))
            .unwrap()
            .collect_all()
            .await
            .unwrap();
        let mut names: Vec<_> = items
            .into_iter()
            .filter_map(|s| s.block_storage_snapshot_name)
            .collect();
        names.sort();
        assert_eq!(names.len(), 7);
        names.dedup();
        assert_eq!(names.len(), 7, "no item twice");
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_page_stream_restarts_from_a_saved_page_number() {
    let gateway = gateway(Lifecycle::immediate()).await;
    gateway.seed_block_storage_snapshots("3168", 5).unwrap();
    let client = client(&gateway, Format::Json);
    let request = GetBlockStorageSnapshotInstanceList::builder().build().unwrap();
    let mut pages = client
        .vserver()
        .get_block_storage_snapshot_instance_list_pages(request.clone(), PageOptions::new().page_size(2))
        .unwrap();
    let first = pages.next().await.unwrap().unwrap();
    let saved = first.next_page_no().expect("more pages");
    drop(pages);
    let rest = client
        .vserver()
        .get_block_storage_snapshot_instance_list_items(request, PageOptions::new().page_size(2).start_page(saved))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(first.items().len() + rest.len(), 5);
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_page_size_the_spec_forbids_is_refused_before_anything_is_sent() {
    let gateway = gateway(Lifecycle::immediate()).await;
    let client = client(&gateway, Format::Json);
    let request = GetBlockStorageSnapshotInstanceList::builder().build().unwrap();
    let error = client
        .vserver()
        .get_block_storage_snapshot_instance_list_pages(request, PageOptions::new().page_size(0))
        .unwrap_err();
    assert!(error.to_string().contains("page"), "{error}");
    assert!(gateway.requests().is_empty());
    gateway.shutdown().await;
}

/// Answers every request with the same body, and records the targets.
#[derive(Debug, Default)]
struct SameAnswer {
    body: String,
    targets: Mutex<Vec<String>>,
}

impl Transport for SameAnswer {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.targets.lock().unwrap().push(request.target);
        let body = self.body.clone().into_bytes();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            })
        })
    }
}

fn scripted(body: &str) -> (Client, Arc<SameAnswer>) {
    let transport = Arc::new(SameAnswer {
        body: body.to_owned(),
        targets: Mutex::default(),
    });
    let client = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .transport(transport.clone())
        .format(Format::Json)
        .build()
        .unwrap();
    (client, transport)
}

fn list_json(names: &[&str], status: &str, total: usize) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"blockStorageSnapshotInstanceNo": "{n}", "blockStorageSnapshotName": "{n}", "blockStorageSnapshotInstanceStatus": {{"code": "{status}", "codeName": "x"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"getBlockStorageSnapshotInstanceListResponse": {{"totalRows": {total}, "blockStorageSnapshotInstanceList": [{}]}}}}"#,
        items.join(",")
    )
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_is_an_error_not_an_endless_loop() {
    let (client, transport) = scripted(&list_json(&["a", "b"], "CREAT", 100));
    let request = GetBlockStorageSnapshotInstanceList::builder().build().unwrap();
    let result = client
        .vserver()
        .get_block_storage_snapshot_instance_list_items(request, PageOptions::new().page_size(2))
        .unwrap()
        .collect_all()
        .await;
    match result {
        Err(Error::Pagination(PageError::RepeatedPage { page_no, .. })) => assert_eq!(page_no, 2),
        other => panic!("expected a repeated page error, got {other:?}"),
    }
    assert_eq!(
        transport.targets.lock().unwrap().len(),
        2,
        "it stops at the first repeat"
    );
}

#[tokio::test]
async fn a_snapshot_that_ends_not_available_fails_the_wait_naming_the_acceptor() {
    let body = list_json(&["1"], "NAVAI", 1).replace(
        "getBlockStorageSnapshotInstanceListResponse",
        "getBlockStorageSnapshotInstanceDetailResponse",
    );
    let (client, transport) = scripted(&body);
    let error = client
        .vserver()
        .wait_until_block_storage_snapshot_created(detail("1"))
        .options(fast())
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("acceptor 1"), "{text}");
    assert!(text.contains("in [TERMT, NAVAI]"), "{text}");
    assert!(text.contains("= NAVAI"), "the last state: {text}");
    assert_eq!(error.polls, 1);
    assert_eq!(transport.targets.lock().unwrap().len(), 1);
}

/// Answers with each body in turn, over and over: a list whose pages differ and never end.
#[derive(Debug, Default)]
struct InTurn {
    bodies: Vec<String>,
    sent: Mutex<usize>,
}

impl Transport for InTurn {
    fn send(&self, _: HttpRequest) -> SendFuture<'_> {
        let mut sent = self.sent.lock().unwrap();
        let body = self.bodies[*sent % self.bodies.len()].clone().into_bytes();
        *sent += 1;
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            })
        })
    }
}

fn in_turn(bodies: Vec<String>) -> (Client, Arc<InTurn>) {
    let transport = Arc::new(InTurn {
        bodies,
        sent: Mutex::default(),
    });
    let client = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .transport(transport.clone())
        .format(Format::Json)
        .build()
        .unwrap();
    (client, transport)
}

/// A page of `count` snapshots named `{prefix}{n}`, without `totalRows`.
fn page_without_total(prefix: &str, count: usize) -> String {
    let names: Vec<String> = (0..count).map(|n| format!("{prefix}{n}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    list_json(&names, "CREAT", 0).replace(r#""totalRows": 0, "#, "")
}

#[tokio::test]
async fn pages_larger_than_asked_for_are_an_error_not_full_pages() {
    // The shape of what cost 3 GB after 34 pages: pages of 200,000 items (20,000 here) where
    // 100 were asked for, alternating, no totalRows.
    let (client, transport) = in_turn(vec![page_without_total("a", 20_000), page_without_total("b", 20_000)]);
    let request = GetBlockStorageSnapshotInstanceList::builder().build().unwrap();
    let error = client
        .vserver()
        .get_block_storage_snapshot_instance_list_items(request, PageOptions::new().page_size(100))
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::OversizedPage {
                action: "getBlockStorageSnapshotInstanceList",
                page: PagePosition::Number(1),
                asked: 100,
                got: 20_000,
            })
        ),
        "{error:?}"
    );
    assert_eq!(*transport.sent.lock().unwrap(), 1, "no page after it");
}

#[tokio::test]
async fn collecting_a_list_that_never_ends_stops_at_max_items() {
    // Full pages of the size asked for, alternating, no totalRows: only the bounds end them.
    let (client, transport) = in_turn(vec![page_without_total("a", 10), page_without_total("b", 10)]);
    let request = GetBlockStorageSnapshotInstanceList::builder().build().unwrap();
    let options = PageOptions::new().page_size(10).max_items(45);
    let error = client
        .vserver()
        .get_block_storage_snapshot_instance_list_items(request, options)
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::TooManyItems {
                max_items: 45,
                page: PagePosition::Number(5),
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(*transport.sent.lock().unwrap(), 5);
}
