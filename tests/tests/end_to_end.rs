//! The client against the fake NCP API Gateway on 127.0.0.1: real signed HTTP calls, both
//! actions in both formats, every error kind, the timeout, and that a create is never sent twice
//! when the response is lost.

use std::time::Duration;

use ncloud_client::runtime::TransportError;
use ncloud_client::server::CreateNasVolumeSnapshot;
use ncloud_client::vserver::{CreateBlockStorageSnapshotInstance, HypervisorTypeCode, SnapshotTypeCode};
use ncloud_client::{Client, ClientBuilder, Credentials, Error, Format, RetryPolicy};
use ncloud_fake_gateway::{Action, Behavior, FakeGateway, Format as WireFormat, GATEWAY_ERRORS, GatewayConfig};

const ACCESS: &str = "e2e-access-key";
const SECRET: &str = "e2e-secret-key-do-not-print";

async fn gateway() -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET))
        .await
        .expect("the fake gateway starts on 127.0.0.1")
}

/// A client of `gateway` with the right keys and defaults for everything else.
fn builder(gateway: &FakeGateway) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
}

fn client(gateway: &FakeGateway, format: Format) -> Client {
    builder(gateway)
        .format(format)
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .expect("a valid configuration")
}

fn snapshot_request() -> CreateBlockStorageSnapshotInstance {
    CreateBlockStorageSnapshotInstance::builder("3168")
        .block_storage_snapshot_name("snap-1")
        .block_storage_snapshot_description("説明 & = + / %")
        .snapshot_type_code(SnapshotTypeCode::Full)
        .build()
        .expect("a valid request")
}

fn nas_request() -> CreateNasVolumeSnapshot {
    CreateNasVolumeSnapshot::builder("3901")
        .build()
        .expect("a valid request")
}

#[tokio::test]
async fn both_actions_in_both_formats_are_signed_sent_and_decoded() {
    let gateway = gateway().await;
    // The gateway keeps its snapshots: the second create makes the next one.
    for (format, number) in [(Format::Xml, "3183468"), (Format::Json, "3183469")] {
        let client = client(&gateway, format);
        let response = client
            .vserver()
            .create_block_storage_snapshot_instance(snapshot_request())
            .await
            .unwrap();
        assert_eq!(response.return_code.as_deref(), Some("0"));
        let item = &response.block_storage_snapshot_instance_list.unwrap()[0];
        assert_eq!(item.block_storage_snapshot_instance_no.as_deref(), Some(number));
        assert_eq!(
            item.hypervisor_type.as_ref().and_then(|h| h.code.clone()),
            Some(HypervisorTypeCode::Xen)
        );

        let response = client.server().create_nas_volume_snapshot(nas_request()).await.unwrap();
        let snapshots = response.nas_volume_snapshot_list.unwrap();
        assert_eq!(
            snapshots[0].nas_volume_snapshot_name.as_deref(),
            Some("now.20210916.000000")
        );
        assert_eq!(snapshots[0].snapshot_size, Some(139_264));
    }
    let requests = gateway.requests();
    assert_eq!(requests.len(), 4);
    for request in &requests {
        assert!(request.signature_valid && request.timestamp_valid, "{request:?}");
        assert_eq!(request.status(), Some(200));
    }
    assert_eq!(
        requests[0].param("blockStorageSnapshotDescription"),
        Some("説明 & = + / %")
    );
    assert_eq!(requests[0].param("responseFormatType"), Some("xml"));
    assert_eq!(requests[1].param("nasVolumeInstanceNo"), Some("3901"));
    assert_eq!(requests[2].param("responseFormatType"), Some("json"));
    gateway.shutdown().await;
}

#[tokio::test]
async fn the_default_region_is_sent_when_the_request_has_none() {
    let gateway = gateway().await;
    let client = builder(&gateway).region("KR").build().unwrap();
    client
        .vserver()
        .create_block_storage_snapshot_instance(snapshot_request())
        .await
        .unwrap();
    let with_region = CreateBlockStorageSnapshotInstance::builder("1")
        .region_code("JPN")
        .build()
        .unwrap();
    client
        .vserver()
        .create_block_storage_snapshot_instance(with_region)
        .await
        .unwrap();
    let requests = gateway.requests();
    assert_eq!(requests[0].param("regionCode"), Some("KR"));
    assert_eq!(requests[1].param("regionCode"), Some("JPN"));
    assert!(requests.iter().all(|r| r.signature_valid));
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error_and_is_not_retried() {
    let gateway = gateway().await;
    let client = Client::builder()
        .credentials(Credentials::new(ACCESS, "not-the-secret"))
        .api_gateway(gateway.base_url())
        .build()
        .unwrap();
    let error = client
        .server()
        .create_nas_volume_snapshot(nas_request())
        .await
        .unwrap_err();
    assert!(error.is_auth(), "{error}");
    assert_eq!(error.status(), Some(401));
    assert!(
        matches!(&error, Error::Gateway { error_code, .. } if error_code == "200"),
        "{error:?}"
    );
    assert_eq!(gateway.request_count(Action::CreateNasVolumeSnapshot), 1);
    assert!(!gateway.requests()[0].signature_valid);
    gateway.shutdown().await;
}

#[tokio::test]
async fn every_gateway_error_is_typed_and_only_429_is_retried() {
    let gateway = gateway().await;
    let client = client(&gateway, Format::Json);
    for (status, code, message) in GATEWAY_ERRORS {
        gateway.clear_behaviors();
        // Enough for every attempt; leftovers are cleared before the next row.
        for _ in 0..3 {
            gateway.push(Behavior::gateway_error(status, code, message));
        }
        let before = gateway.request_count(Action::CreateBlockStorageSnapshotInstance);
        let error = client
            .vserver()
            .create_block_storage_snapshot_instance(snapshot_request())
            .await
            .unwrap_err();
        let sent = gateway.request_count(Action::CreateBlockStorageSnapshotInstance) - before;
        match &error {
            Error::Gateway {
                status: s,
                error_code,
                message: m,
                ..
            } => {
                assert_eq!((*s, error_code.as_str(), m.as_str()), (status, code, message));
            }
            other => panic!("{status}/{code}: {other:?}"),
        }
        assert_eq!(error.is_throttling(), status == 429, "{error}");
        assert_eq!(error.is_auth(), status == 401, "{error}");
        let expected = if status == 429 { 3 } else { 1 };
        assert_eq!(sent, expected, "{status}/{code} was sent {sent} times");
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn throttling_then_success_succeeds_after_one_retry() {
    let gateway = gateway().await;
    gateway.push(Behavior::throttle_limited());
    let client = client(&gateway, Format::Xml);
    client
        .vserver()
        .create_block_storage_snapshot_instance(snapshot_request())
        .await
        .unwrap();
    assert_eq!(gateway.request_count(Action::CreateBlockStorageSnapshotInstance), 2);
    gateway.shutdown().await;
}

#[tokio::test]
async fn service_errors_in_both_formats_are_typed_and_never_retried() {
    let gateway = gateway().await;
    let cases = [
        (Behavior::try_again_later(), 500, "1000"),
        (Behavior::product_code_not_found(), 400, "1413"),
        (Behavior::busy(), 400, "1200004"),
        (Behavior::invalid_consumer_key(), 401, "800"),
    ];
    for format in [Format::Xml, Format::Json] {
        let client = client(&gateway, format);
        for (behavior, status, code) in cases.clone() {
            gateway.push(behavior);
            let before = gateway.request_count(Action::CreateNasVolumeSnapshot);
            let error = client
                .server()
                .create_nas_volume_snapshot(nas_request())
                .await
                .unwrap_err();
            assert!(
                matches!(&error, Error::Service { status: s, return_code, .. } if *s == status && return_code == code),
                "{format}: {error:?}"
            );
            assert_eq!(gateway.request_count(Action::CreateNasVolumeSnapshot) - before, 1);
        }
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_missing_required_parameter_is_caught_by_the_gateway_as_a_service_error() {
    // The client cannot build such a request; a hand-made action shows the gateway's check.
    struct Unchecked;
    impl ncloud_client::Action for Unchecked {
        const NAME: &'static str = "createNasVolumeSnapshot";
        const PATH: &'static str = "/server/v2/createNasVolumeSnapshot";
        const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
        const SERVERS: &'static [ncloud_client::Server] = &[];
        const XML_ROOT: &'static str = "createNasVolumeSnapshotResponse";
        const JSON_ENVELOPE: &'static str = "createNasVolumeSnapshotResponse";
        type Response = ncloud_client::server::CreateNasVolumeSnapshotResponse;
        fn write_query(&self, _: &mut ncloud_client::runtime::request::QueryWriter) {}
    }
    let gateway = gateway().await;
    let error = client(&gateway, Format::Json).call(&Unchecked).await.unwrap_err();
    assert!(matches!(error, Error::Service { status: 400, .. }), "{error:?}");
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_malformed_2xx_body_is_a_decode_error_that_keeps_the_whole_body() {
    let gateway = gateway().await;
    for (format, wire) in [(Format::Xml, WireFormat::Xml), (Format::Json, WireFormat::Json)] {
        gateway.push(Behavior::MalformedBody);
        let error = client(&gateway, format)
            .server()
            .create_nas_volume_snapshot(nas_request())
            .await
            .unwrap_err();
        // The gateway sends the first half of the action's payload.
        let payload = Action::CreateNasVolumeSnapshot.payload(wire);
        match &error {
            Error::Decode { status, body, .. } => {
                assert_eq!(*status, 200);
                assert!(
                    payload.starts_with(body.as_str()) && body.len() >= payload.len() / 2 - 3,
                    "{format}: {body:?}"
                );
                assert_eq!(error.body(), Some(body.as_str()));
                assert!(!error.request_not_sent(), "the action ran");
            }
            other => panic!("{format}: {other:?}"),
        }
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_huge_body_is_refused_at_the_limit_whether_announced_or_streamed() {
    let gateway = gateway().await;
    let client = builder(&gateway).max_body_bytes(64 * 1024).build().unwrap();
    // Bodies of 1 GiB, announced or streamed, stop at the limit: the client never holds more
    // than the limit in memory.
    let gib = 1 << 30;
    for behavior in [
        Behavior::HugeBody { bytes: 8 * 1024 * 1024 },
        Behavior::HugeChunkedBody { bytes: 8 * 1024 * 1024 },
        Behavior::HugeBody { bytes: gib },
        Behavior::HugeChunkedBody { bytes: gib },
    ] {
        gateway.push(behavior.clone());
        let error = client
            .server()
            .create_nas_volume_snapshot(nas_request())
            .await
            .unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Transport {
                    source: TransportError::BodyTooLarge { limit: 65536, .. },
                    attempts: 1,
                    ..
                }
            ),
            "{behavior}: {error:?}"
        );
    }
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_gateway_that_never_answers_times_out_and_is_not_retried() {
    let gateway = gateway().await;
    gateway.push(Behavior::Hang);
    let client = builder(&gateway).timeout(Duration::from_millis(300)).build().unwrap();
    let started = std::time::Instant::now();
    let error = client
        .vserver()
        .create_block_storage_snapshot_instance(snapshot_request())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        gateway.request_count(Action::CreateBlockStorageSnapshotInstance),
        1,
        "a timed-out create is not resent"
    );
    gateway.shutdown().await;
}

#[tokio::test]
async fn no_create_is_sent_twice_when_the_response_is_lost() {
    let gateway = gateway().await;
    gateway.push(Behavior::DropConnection);
    let error = client(&gateway, Format::Json)
        .vserver()
        .create_block_storage_snapshot_instance(snapshot_request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { attempts: 1, .. }), "{error:?}");
    assert!(
        !error.request_not_sent(),
        "the request may have reached the service: {error}"
    );
    assert_eq!(gateway.request_count(Action::CreateBlockStorageSnapshotInstance), 1);
    gateway.shutdown().await;
}

#[tokio::test]
async fn a_connection_that_never_opens_is_retried_because_nothing_was_sent() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .unwrap();
    let error = client
        .server()
        .create_nas_volume_snapshot(nas_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Transport {
                attempts: 3,
                source: TransportError::Connect(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.request_not_sent());
}

/// The `Display` text of every kind of call error, as users read it (ports are masked).
#[tokio::test]
async fn every_error_kind_displays_what_where_and_status() {
    let gateway = gateway().await;
    let port = gateway.local_addr().port().to_string();
    let mut lines = Vec::new();
    let mut record =
        |kind: &str, error: Error| lines.push(format!("{kind}: {}", error.to_string().replace(&port, "PORT")));

    let invalid = CreateBlockStorageSnapshotInstance::builder("1")
        .block_storage_snapshot_name("x")
        .build()
        .unwrap_err();
    record("validation", Error::from(invalid));
    let missing = ncloud_client::runtime::credentials::Settings::resolve(|_| None, None).unwrap_err();
    record("configuration", Error::from(missing));
    let insecure = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway("http://example.com")
        .build();
    record("configuration", Error::from(insecure.unwrap_err()));

    let client = client(&gateway, Format::Xml);
    let call = || client.server().create_nas_volume_snapshot(nas_request());
    gateway.push(Behavior::try_again_later());
    record("service (XML)", call().await.unwrap_err());
    gateway.push(Behavior::busy());
    record(
        "service",
        client
            .vserver()
            .create_block_storage_snapshot_instance(snapshot_request())
            .await
            .unwrap_err(),
    );
    gateway.push(Behavior::authentication_failed());
    record("gateway (auth)", call().await.unwrap_err());
    for _ in 0..3 {
        gateway.push(Behavior::rate_limited());
    }
    record("gateway (throttling)", call().await.unwrap_err());
    gateway.push(Behavior::endpoint_timeout());
    record("gateway (endpoint)", call().await.unwrap_err());
    gateway.push(Behavior::MalformedBody);
    record("decode", call().await.unwrap_err());
    gateway.push(Behavior::gateway_error(502, "", ""));
    record("gateway (empty envelope)", call().await.unwrap_err());
    gateway.push(Behavior::Hang);
    let impatient = builder(&gateway).timeout(Duration::from_millis(200)).build().unwrap();
    record(
        "timeout",
        impatient
            .server()
            .create_nas_volume_snapshot(nas_request())
            .await
            .unwrap_err(),
    );
    gateway.push(Behavior::DropConnection);
    record("lost response", call().await.unwrap_err());
    gateway.push(Behavior::HugeBody {
        bytes: 20 * 1024 * 1024,
    });
    record("body too large", call().await.unwrap_err());
    gateway.shutdown().await;

    let lines = lines.join("\n");
    assert!(!lines.contains(SECRET));
    insta::assert_snapshot!(lines);
}

/// The fake gateway keeps state: what a waiter sees, decoded by the client in both formats.
#[tokio::test]
async fn the_snapshot_lifecycle_decodes_in_both_formats_as_a_waiter_sees_it() {
    use ncloud_client::vnas;
    use ncloud_client::vserver::{
        BlockStorageSnapshotInstanceOperationCode as Operation, BlockStorageSnapshotInstanceStatusCode as Status,
        DeleteBlockStorageSnapshotInstances, GetBlockStorageSnapshotInstanceDetail,
        GetBlockStorageSnapshotInstanceList,
    };

    // The default pace: 2 observations until created, 1 until gone, 1 NAS list call until ready.
    let gateway = gateway().await;
    for (format, volume) in [(Format::Xml, "3901"), (Format::Json, "3902")] {
        let client = client(&gateway, format);
        let vserver = client.vserver();
        let created = vserver
            .create_block_storage_snapshot_instance(snapshot_request())
            .await
            .unwrap();
        let no = created.block_storage_snapshot_instance_list.unwrap()[0]
            .block_storage_snapshot_instance_no
            .clone()
            .unwrap();
        let detail = || {
            GetBlockStorageSnapshotInstanceDetail::builder(no.clone())
                .build()
                .unwrap()
        };
        let mut seen = vec![];
        for _ in 0..3 {
            let response = vserver
                .get_block_storage_snapshot_instance_detail(detail())
                .await
                .unwrap();
            let item = &response.block_storage_snapshot_instance_list.unwrap()[0];
            seen.push(
                item.block_storage_snapshot_instance_status
                    .as_ref()
                    .and_then(|s| s.code.clone()),
            );
        }
        assert_eq!(seen, [Some(Status::Init), Some(Status::Init), Some(Status::Creat)]);

        let list = GetBlockStorageSnapshotInstanceList::builder()
            .original_block_storage_instance_no_list(["3168"])
            .page_no(1)
            .page_size(1)
            .build()
            .unwrap();
        let page = vserver.get_block_storage_snapshot_instance_list(list).await.unwrap();
        assert_eq!(page.total_rows, Some(1));

        let delete = DeleteBlockStorageSnapshotInstances::builder([no.clone()])
            .build()
            .unwrap();
        let deleted = vserver.delete_block_storage_snapshot_instances(delete).await.unwrap();
        let item = &deleted.block_storage_snapshot_instance_list.unwrap()[0];
        let operation = item.block_storage_snapshot_instance_operation.as_ref();
        assert_eq!(operation.and_then(|o| o.code.clone()), Some(Operation::Termt));
        vserver
            .get_block_storage_snapshot_instance_detail(detail())
            .await
            .unwrap();
        // Gone: an empty list, as the deleted-waiter waits for.
        let gone = vserver
            .get_block_storage_snapshot_instance_detail(detail())
            .await
            .unwrap();
        assert_eq!(gone.total_rows, Some(0));
        assert_eq!(gone.block_storage_snapshot_instance_list.as_deref(), Some(&[][..]));

        // NAS on VPC: busy in the create answer and the first list, then ready.
        let create = vnas::CreateNasVolumeSnapshot::builder(volume).build().unwrap();
        let taken = client.vnas().create_nas_volume_snapshot(create).await.unwrap();
        let snapshot = &taken.nas_volume_snapshot_list.unwrap()[0];
        assert_eq!((snapshot.is_busy, snapshot.snapshot_size), (Some(true), Some(139_264)));
        assert!(snapshot.create_date.is_some());
        let mut busy = vec![];
        for _ in 0..2 {
            let list = vnas::GetNasVolumeSnapshotList::builder(volume).build().unwrap();
            let listed = client.vnas().get_nas_volume_snapshot_list(list).await.unwrap();
            busy.push(listed.nas_volume_snapshot_list.unwrap()[0].is_busy);
        }
        assert_eq!(busy, [Some(true), Some(false)]);
    }
    gateway.shutdown().await;
}

/// The NAS lifecycle actions of both APIs, in both formats, through the generated client: list,
/// delete and restore (which keeps the restored snapshot and the older ones), every request
/// signed and verified.
#[tokio::test]
async fn nas_list_delete_and_restore_work_on_vpc_and_classic_in_both_formats() {
    use ncloud_client::{server, vnas};
    use ncloud_fake_gateway::NasApi;

    let gateway = gateway().await;
    for (format, volume) in [(Format::Xml, "5001"), (Format::Json, "5002")] {
        let client = client(&gateway, format);
        for api in [NasApi::Vpc, NasApi::Classic] {
            let seeded = gateway.seed_nas_volume_snapshots(api, volume, 4).unwrap();
            let names: Vec<String> = seeded.iter().map(|s| s.name.clone()).collect();
            let (listed, after_delete, after_restore) = match api {
                NasApi::Vpc => {
                    let vnas = client.vnas();
                    let list = || vnas::GetNasVolumeSnapshotList::builder(volume).build().unwrap();
                    let listed = vnas.get_nas_volume_snapshot_list(list()).await.unwrap();
                    let delete = vnas::DeleteNasVolumeSnapshot::builder(volume, names[3].clone())
                        .build()
                        .unwrap();
                    let deleted = vnas.delete_nas_volume_snapshot(delete).await.unwrap();
                    let restore = vnas::RestoreNasVolumeWithSnapshot::builder(volume, names[1].clone())
                        .build()
                        .unwrap();
                    let restored = vnas.restore_nas_volume_with_snapshot(restore).await.unwrap();
                    let names_of = |l: Option<Vec<vnas::NasVolumeSnapshot>>| -> Vec<String> {
                        l.unwrap_or_default()
                            .into_iter()
                            .filter_map(|s| s.nas_volume_snapshot_name)
                            .collect()
                    };
                    (
                        names_of(listed.nas_volume_snapshot_list),
                        names_of(deleted.nas_volume_snapshot_list),
                        names_of(restored.nas_volume_snapshot_list),
                    )
                }
                NasApi::Classic => {
                    let server = client.server();
                    let list = || server::GetNasVolumeSnapshotList::builder(volume).build().unwrap();
                    let listed = server.get_nas_volume_snapshot_list(list()).await.unwrap();
                    let delete = server::DeleteNasVolumeSnapshot::builder(volume, names[3].clone())
                        .build()
                        .unwrap();
                    let deleted = server.delete_nas_volume_snapshot(delete).await.unwrap();
                    let restore = server::RestoreNasVolumeWithSnapshot::builder(volume, names[1].clone())
                        .build()
                        .unwrap();
                    let restored = server.restore_nas_volume_with_snapshot(restore).await.unwrap();
                    let names_of = |l: Option<Vec<server::NasVolumeSnapshot>>| -> Vec<String> {
                        l.unwrap_or_default()
                            .into_iter()
                            .filter_map(|s| s.nas_volume_snapshot_name)
                            .collect()
                    };
                    (
                        names_of(listed.nas_volume_snapshot_list),
                        names_of(deleted.nas_volume_snapshot_list),
                        names_of(restored.nas_volume_snapshot_list),
                    )
                }
            };
            assert_eq!(listed, names, "{api:?} {format}");
            assert_eq!(after_delete, names[..3], "{api:?} {format}: the named one went");
            assert_eq!(
                after_restore,
                names[..2],
                "{api:?} {format}: the newer ones went with the restore"
            );
            assert_eq!(gateway.nas_volume_snapshots(api, volume).len(), 2);
        }
    }
    let requests = gateway.requests();
    assert_eq!(requests.len(), 12);
    assert!(
        requests.iter().all(|r| r.signature_valid && r.status() == Some(200)),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r.target.starts_with("/vnas/v2/restoreNasVolumeWithSnapshot?"))
    );
    assert!(
        requests
            .iter()
            .any(|r| r.target.starts_with("/server/v2/restoreNasVolumeWithSnapshot?"))
    );
    gateway.shutdown().await;
}
