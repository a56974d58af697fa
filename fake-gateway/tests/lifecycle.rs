//! The snapshot lifecycle the fake gateway simulates, over real sockets with the hand-written
//! client of `common/`: block storage snapshots created, observed, deleted and gone; lists with
//! every filter, paging and sorting; NAS snapshots busy then ready, deleted and restored; unknown
//! numbers and names; seeding through the API and through the binary's flags. Every answer is
//! read in both formats, and XML and JSON must say the same.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::*;
use ncloud_fake_gateway::{
    Action, Behavior, BlockStorageSnapshotSeed, FakeGateway, Format, GatewayConfig, Lifecycle, NasApi,
    NasVolumeSnapshotSeed, SeedError, SnapshotState, UnknownSnapshotDetail,
};

const CREATE: &str = "/vserver/v2/createBlockStorageSnapshotInstance";
const LIST: &str = "/vserver/v2/getBlockStorageSnapshotInstanceList";
const DETAIL: &str = "/vserver/v2/getBlockStorageSnapshotInstanceDetail";
const DELETE: &str = "/vserver/v2/deleteBlockStorageSnapshotInstances";

/// The NAS actions of one API: (create, list, delete, restore).
struct NasPaths {
    api: NasApi,
    create: &'static str,
    list: &'static str,
    delete: &'static str,
    restore: &'static str,
}

const VNAS: NasPaths = NasPaths {
    api: NasApi::Vpc,
    create: "/vnas/v2/createNasVolumeSnapshot",
    list: "/vnas/v2/getNasVolumeSnapshotList",
    delete: "/vnas/v2/deleteNasVolumeSnapshot",
    restore: "/vnas/v2/restoreNasVolumeWithSnapshot",
};
const CLASSIC: NasPaths = NasPaths {
    api: NasApi::Classic,
    create: "/server/v2/createNasVolumeSnapshot",
    list: "/server/v2/getNasVolumeSnapshotList",
    delete: "/server/v2/deleteNasVolumeSnapshot",
    restore: "/server/v2/restoreNasVolumeWithSnapshot",
};

const BLOCK_FIELDS: [&str; 16] = [
    "blockStorageSnapshotInstanceNo",
    "blockStorageSnapshotName",
    "blockStorageSnapshotVolumeSize",
    "originalBlockStorageInstanceNo",
    "blockStorageSnapshotInstanceStatus",
    "blockStorageSnapshotInstanceOperation",
    "blockStorageSnapshotInstanceStatusName",
    "createDate",
    "isEncryptedOriginalBlockStorageVolume",
    "blockStorageSnapshotDescription",
    "snapshotType",
    "baseSnapshotInstanceNo",
    "snapshotChainDepth",
    "isBootable",
    "hypervisorType",
    "blockStorageVolumeType",
];
const NAS_FIELDS: [&str; 4] = ["nasVolumeSnapshotName", "createDate", "snapshotSize", "isBusy"];

async fn gateway_with(lifecycle: Lifecycle) -> FakeGateway {
    FakeGateway::start(GatewayConfig::new(ACCESS, SECRET).with_lifecycle(lifecycle))
        .await
        .unwrap()
}

/// One item of an answer: field name → text (a code object gives its `code`).
type Item = BTreeMap<String, String>;

/// A successful answer, read the same way from XML and JSON.
#[derive(Debug, PartialEq)]
struct Listing {
    total_rows: u64,
    items: Vec<Item>,
}

impl Listing {
    /// One field of every item.
    fn column(&self, field: &str) -> Vec<String> {
        self.items
            .iter()
            .map(|i| i.get(field).cloned().unwrap_or_default())
            .collect()
    }

    fn numbers(&self) -> Vec<String> {
        self.column("blockStorageSnapshotInstanceNo")
    }

    fn names(&self) -> Vec<String> {
        self.column("blockStorageSnapshotName")
    }

    fn nas_names(&self) -> Vec<String> {
        self.column("nasVolumeSnapshotName")
    }

    /// (status code, operation code, status name) of the one item.
    fn state(&self) -> (String, String, String) {
        assert_eq!(self.items.len(), 1, "{self:?}");
        let item = &self.items[0];
        (
            item["blockStorageSnapshotInstanceStatus"].clone(),
            item["blockStorageSnapshotInstanceOperation"].clone(),
            item["blockStorageSnapshotInstanceStatusName"].clone(),
        )
    }
}

fn state(status: &str, operation: &str, name: &str) -> (String, String, String) {
    (status.into(), operation.into(), name.into())
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads a 200 answer of the gateway in `format`.
fn listing(response: &Resp, format: Format) -> Listing {
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(format.content_type()));
    match format {
        Format::Xml => {
            let text = response.text();
            assert!(
                text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
                "{text}"
            );
            assert_eq!(xml_one(text, "returnCode"), "0");
            let (item, fields): (&str, &[&str]) = if text.contains("<blockStorageSnapshotInstanceList") {
                ("blockStorageSnapshotInstance", &BLOCK_FIELDS)
            } else {
                ("nasVolumeSnapshot", &NAS_FIELDS)
            };
            let items = xml_all(text, item)
                .iter()
                .map(|xml| {
                    fields
                        .iter()
                        .filter_map(|field| {
                            let value = xml_all(xml, field).into_iter().next()?;
                            let value = if value.contains("<code>") {
                                xml_one(&value, "code")
                            } else {
                                value
                            };
                            Some((field.to_string(), xml_unescape(&value)))
                        })
                        .collect()
                })
                .collect();
            Listing {
                total_rows: xml_one(text, "totalRows").parse().unwrap(),
                items,
            }
        }
        Format::Json => {
            let json = response.json();
            let root = json.as_object().unwrap();
            assert_eq!(root.len(), 1, "{json}");
            let body = root.values().next().unwrap();
            assert_eq!(body["returnCode"], "0");
            let list = body
                .as_object()
                .unwrap()
                .iter()
                .find(|(k, _)| k.ends_with("List"))
                .map(|(_, v)| v.as_array().unwrap().clone())
                .unwrap();
            let items = list
                .iter()
                .map(|item| {
                    item.as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| {
                            let text = match v {
                                serde_json::Value::String(s) => s.clone(),
                                serde_json::Value::Object(code) => code["code"].as_str().unwrap().to_owned(),
                                other => other.to_string(),
                            };
                            (k.clone(), text)
                        })
                        .collect()
                })
                .collect();
            Listing {
                total_rows: body["totalRows"].as_u64().unwrap(),
                items,
            }
        }
    }
}

fn with_format(query: &str, format: Format) -> String {
    let sep = if query.is_empty() { "" } else { "&" };
    match format {
        // XML is the default: leave it out half of the time, ask for it the other half.
        Format::Xml if query.len().is_multiple_of(2) => query.to_owned(),
        format => format!("{query}{sep}responseFormatType={format}"),
    }
}

async fn call(gw: &FakeGateway, path: &str, query: &str, format: Format) -> Resp {
    send(
        gw.local_addr(),
        &Req::signed_get(&target(path, &with_format(query, format))),
    )
    .await
}

async fn answer(gw: &FakeGateway, path: &str, query: &str, format: Format) -> Listing {
    listing(&call(gw, path, query, format).await, format)
}

/// The answer in XML and in JSON, which must agree (for actions that only look).
async fn both(gw: &FakeGateway, path: &str, query: &str) -> Listing {
    let xml = answer(gw, path, query, Format::Xml).await;
    let json = answer(gw, path, query, Format::Json).await;
    assert_eq!(xml, json, "{path}?{query}: XML and JSON differ");
    xml
}

/// Asserts a `responseError` with `status` in `format`; returns its `returnCode`.
async fn error(gw: &FakeGateway, path: &str, query: &str, format: Format, status: u16) -> String {
    call(gw, path, query, format).await.assert_service_error(status, format)
}

async fn create(gw: &FakeGateway, query: &str, format: Format) -> Item {
    let mut created = answer(gw, CREATE, query, format).await;
    assert_eq!(created.total_rows, 1);
    created.items.remove(0)
}

async fn detail(gw: &FakeGateway, no: &str, format: Format) -> Listing {
    answer(gw, DETAIL, &format!("blockStorageSnapshotInstanceNo={no}"), format).await
}

// ---------------------------------------------------------------------------------------------
// Block storage snapshots: create, observe, delete

#[tokio::test]
async fn a_created_snapshot_is_init_for_n_observations_then_creat() {
    let gw = gateway_with(Lifecycle::default()).await;
    let created = create(
        &gw,
        "originalBlockStorageInstanceNo=3168&blockStorageSnapshotName=snap-1",
        Format::Xml,
    )
    .await;
    let no = created["blockStorageSnapshotInstanceNo"].clone();
    assert_eq!(no, "3183468");
    assert_eq!(created["blockStorageSnapshotName"], "snap-1");
    assert_eq!(created["originalBlockStorageInstanceNo"], "3168");
    assert_eq!(created["blockStorageSnapshotInstanceStatus"], "INIT");
    assert_eq!(created["blockStorageSnapshotInstanceOperation"], "CREAT");
    assert_eq!(created["blockStorageSnapshotInstanceStatusName"], "creating");
    // Default: the first 2 observations still see it creating, whatever the format.
    let seen = [
        detail(&gw, &no, Format::Json).await.state(),
        detail(&gw, &no, Format::Xml).await.state(),
        detail(&gw, &no, Format::Json).await.state(),
        detail(&gw, &no, Format::Xml).await.state(),
    ];
    let creating = state("INIT", "CREAT", "creating");
    let created = state("CREAT", "NULL", "created");
    assert_eq!(
        seen,
        [creating.clone(), creating.clone(), created.clone(), created.clone()]
    );
    assert_eq!(
        gw.block_storage_snapshot(3_183_468).unwrap().state,
        SnapshotState::Created
    );

    // Lists observe the snapshots on the page they answer, and only those.
    let gw = gateway_with(Lifecycle {
        observations_until_created: 3,
        ..Lifecycle::default()
    })
    .await;
    let no =
        create(&gw, "originalBlockStorageInstanceNo=1", Format::Json).await["blockStorageSnapshotInstanceNo"].clone();
    let only = format!("blockStorageSnapshotInstanceNoList.1={no}");
    assert_eq!(answer(&gw, LIST, &only, Format::Xml).await.state(), creating); // 1
    let elsewhere = answer(&gw, LIST, "originalBlockStorageInstanceNoList.1=2", Format::Json).await;
    assert_eq!(elsewhere.total_rows, 0); // not observed
    let page_two = answer(&gw, LIST, "pageNo=2&pageSize=1", Format::Json).await;
    assert_eq!((page_two.total_rows, page_two.items.len()), (1, 0)); // not observed
    assert_eq!(detail(&gw, &no, Format::Json).await.state(), creating); // 2
    assert_eq!(answer(&gw, LIST, "", Format::Json).await.state(), creating); // 3
    assert_eq!(answer(&gw, LIST, &only, Format::Xml).await.state(), created);

    // Zero observations: created in the create answer already.
    let gw = gateway_with(Lifecycle::immediate()).await;
    let item = create(&gw, "originalBlockStorageInstanceNo=1", Format::Xml).await;
    assert_eq!(item["blockStorageSnapshotInstanceStatus"], "CREAT");
    assert_eq!(item["blockStorageSnapshotInstanceOperation"], "NULL");
}

#[tokio::test]
async fn a_deleted_snapshot_is_terminating_for_n_observations_then_gone_from_detail_and_list() {
    let gw = gateway_with(Lifecycle {
        observations_until_created: 0,
        observations_until_gone: 2,
        ..Lifecycle::default()
    })
    .await;
    let no = create(&gw, "originalBlockStorageInstanceNo=3168", Format::Json).await["blockStorageSnapshotInstanceNo"]
        .clone();
    let kept = create(&gw, "originalBlockStorageInstanceNo=3168", Format::Json).await["blockStorageSnapshotInstanceNo"]
        .clone();
    let deleted = answer(
        &gw,
        DELETE,
        &format!("blockStorageSnapshotInstanceNoList.1={no}"),
        Format::Json,
    )
    .await;
    // As in NCP's example answer: still CREAT, operation TERMT, "terminating".
    let terminating = state("CREAT", "TERMT", "terminating");
    assert_eq!((deleted.total_rows, deleted.state()), (1, terminating.clone()));
    assert_eq!(detail(&gw, &no, Format::Xml).await.state(), terminating); // 1
    let list = answer(&gw, LIST, "", Format::Json).await; // 2
    assert_eq!((list.total_rows, list.numbers()), (2, vec![no.clone(), kept.clone()]));
    assert_eq!(list.column("blockStorageSnapshotInstanceOperation"), ["TERMT", "NULL"]);
    // Gone: the detail is an empty list in both formats (the default), lists omit it.
    let empty = Listing {
        total_rows: 0,
        items: vec![],
    };
    assert_eq!(
        both(&gw, DETAIL, &format!("blockStorageSnapshotInstanceNo={no}")).await,
        empty
    );
    let list = both(&gw, LIST, "").await;
    assert_eq!((list.total_rows, list.numbers()), (1, vec![kept.clone()]));
    let filtered = both(&gw, LIST, &format!("blockStorageSnapshotInstanceNoList.1={no}")).await;
    assert_eq!(filtered, empty);
    assert_eq!(gw.snapshot_count(), 1);

    // Zero observations: gone at once, though the delete answer lists it.
    let gw = gateway_with(Lifecycle::immediate()).await;
    let no =
        create(&gw, "originalBlockStorageInstanceNo=1", Format::Xml).await["blockStorageSnapshotInstanceNo"].clone();
    let deleted = answer(
        &gw,
        DELETE,
        &format!("blockStorageSnapshotInstanceNoList.1={no}"),
        Format::Xml,
    )
    .await;
    assert_eq!(deleted.state(), terminating);
    assert_eq!(detail(&gw, &no, Format::Json).await, empty);
    assert_eq!(gw.snapshot_count(), 0);
}

#[tokio::test]
async fn an_unknown_number_is_an_empty_detail_by_default_or_an_error_on_request() {
    assert_eq!(
        Lifecycle::default().unknown_snapshot_detail,
        UnknownSnapshotDetail::EmptyList
    );
    let gw = gateway_with(Lifecycle::default()).await;
    for format in [Format::Xml, Format::Json] {
        let response = call(&gw, DETAIL, "blockStorageSnapshotInstanceNo=404", format).await;
        assert_eq!(
            listing(&response, format),
            Listing {
                total_rows: 0,
                items: vec![]
            }
        );
        match format {
            Format::Xml => assert!(response.text().contains("<blockStorageSnapshotInstanceList />")),
            Format::Json => assert_eq!(
                response.json()["getBlockStorageSnapshotInstanceDetailResponse"]["blockStorageSnapshotInstanceList"],
                serde_json::json!([])
            ),
        }
    }
    // Deleting an unknown number is still an error.
    let code = error(
        &gw,
        DELETE,
        "blockStorageSnapshotInstanceNoList.1=404",
        Format::Json,
        400,
    )
    .await;
    assert_eq!(code, "920");

    let gw = gateway_with(Lifecycle {
        unknown_snapshot_detail: UnknownSnapshotDetail::Error,
        ..Lifecycle::immediate()
    })
    .await;
    for format in [Format::Xml, Format::Json] {
        assert_eq!(
            error(&gw, DETAIL, "blockStorageSnapshotInstanceNo=404", format, 400).await,
            "920"
        );
    }
}

#[tokio::test]
async fn deleting_is_all_or_nothing_and_refused_while_a_snapshot_is_busy() {
    let gw = gateway_with(Lifecycle::default()).await;
    let creating =
        create(&gw, "originalBlockStorageInstanceNo=1", Format::Xml).await["blockStorageSnapshotInstanceNo"].clone();
    for format in [Format::Xml, Format::Json] {
        let query = format!("blockStorageSnapshotInstanceNoList.1={creating}");
        assert_eq!(error(&gw, DELETE, &query, format, 400).await, "1200004");
    }
    let ready = gw
        .seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("1").name("ready"))
        .unwrap()
        .instance_no;
    // One unknown number: nothing is deleted.
    let query = format!("blockStorageSnapshotInstanceNoList.1={ready}&blockStorageSnapshotInstanceNoList.2=999");
    assert_eq!(error(&gw, DELETE, &query, Format::Json, 400).await, "920");
    assert_eq!(gw.block_storage_snapshot(ready).unwrap().state, SnapshotState::Created);
    // A number given twice is deleted once.
    let query = format!("blockStorageSnapshotInstanceNoList.1={ready}&blockStorageSnapshotInstanceNoList.2={ready}");
    let deleted = answer(&gw, DELETE, &query, Format::Xml).await;
    assert_eq!((deleted.total_rows, deleted.numbers()), (1, vec![ready.to_string()]));
    // Already being deleted: busy.
    let query = format!("blockStorageSnapshotInstanceNoList.1={ready}");
    assert_eq!(error(&gw, DELETE, &query, Format::Xml, 400).await, "1200004");
    // Numbers are compared as NCP writes them: another spelling is another (unknown) number.
    for odd in ["0{ready}", "+{ready}", "{ready} ", "abc"] {
        let query = format!(
            "blockStorageSnapshotInstanceNo={}",
            odd.replace("{ready}", &ready.to_string())
        );
        assert_eq!(
            both(&gw, DETAIL, &query.replace(' ', "%20")).await.total_rows,
            0,
            "{odd}"
        );
    }
}

#[tokio::test]
async fn incremental_snapshots_chain_on_the_volume_newest_and_stop_at_seven() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    let code = error(
        &gw,
        CREATE,
        "originalBlockStorageInstanceNo=77&snapshotTypeCode=INCREMENTAL",
        Format::Json,
        400,
    )
    .await;
    assert_eq!(code, "910");
    gw.seed_block_storage_snapshot(
        BlockStorageSnapshotSeed::new("77")
            .hypervisor_type("KVM")
            .volume_type("CB1")
            .encrypted(true)
            .volume_size(107_374_182_400),
    )
    .unwrap();
    let mut base = gw.block_storage_snapshots()[0].instance_no.to_string();
    for depth in 1..=7 {
        let item = create(
            &gw,
            "originalBlockStorageInstanceNo=77&snapshotTypeCode=INCREMENTAL",
            Format::Xml,
        )
        .await;
        assert_eq!(item["snapshotType"], "INCREMENTAL");
        assert_eq!(item["baseSnapshotInstanceNo"], base);
        assert_eq!(item["snapshotChainDepth"], depth.to_string());
        // The volume's properties carry over.
        assert_eq!(item["hypervisorType"], "KVM");
        assert_eq!(item["blockStorageVolumeType"], "CB1");
        assert_eq!(item["isEncryptedOriginalBlockStorageVolume"], "true");
        assert_eq!(item["blockStorageSnapshotVolumeSize"], "107374182400");
        base = item["blockStorageSnapshotInstanceNo"].clone();
    }
    let query = "originalBlockStorageInstanceNo=77&snapshotTypeCode=INCREMENTAL";
    assert_eq!(error(&gw, CREATE, query, Format::Xml, 400).await, "910");
    let full = create(
        &gw,
        "originalBlockStorageInstanceNo=77&snapshotTypeCode=FULL",
        Format::Json,
    )
    .await;
    assert_eq!(
        (
            full["snapshotChainDepth"].as_str(),
            full["baseSnapshotInstanceNo"].as_str()
        ),
        ("0", "")
    );
}

// ---------------------------------------------------------------------------------------------
// Lists: filters, paging, sorting

#[tokio::test]
async fn every_list_filter_narrows_the_result_in_xml_and_json() {
    let gw = gateway_with(Lifecycle::default()).await;
    let seed = |seed: BlockStorageSnapshotSeed| gw.seed_block_storage_snapshot(seed).unwrap().instance_no.to_string();
    let a = seed(
        BlockStorageSnapshotSeed::new("100")
            .name("alpha")
            .description("a <full> one & more")
            .hypervisor_type("KVM")
            .volume_type("CB1")
            .volume_size(10 << 30)
            .encrypted(true)
            .create_date("2025-07-01T03:00:12+0900"),
    );
    let b = seed(
        BlockStorageSnapshotSeed::new("100")
            .name("bravo")
            .hypervisor_type("KVM")
            .volume_size(100 << 30),
    );
    let c = seed(
        BlockStorageSnapshotSeed::new("200")
            .name("charlie")
            .bootable(true)
            .state(SnapshotState::Creating {
                observations_left: 1000,
            }),
    );
    let d = seed(BlockStorageSnapshotSeed::new("300").name("alpha"));
    let all = both(&gw, LIST, "").await;
    assert_eq!(
        (all.total_rows, all.numbers()),
        (4, vec![a.clone(), b.clone(), c.clone(), d.clone()])
    );
    // Every field of the model, as seeded.
    let expected: Item = [
        ("blockStorageSnapshotInstanceNo", a.as_str()),
        ("blockStorageSnapshotName", "alpha"),
        ("blockStorageSnapshotVolumeSize", "10737418240"),
        ("originalBlockStorageInstanceNo", "100"),
        ("blockStorageSnapshotInstanceStatus", "CREAT"),
        ("blockStorageSnapshotInstanceOperation", "NULL"),
        ("blockStorageSnapshotInstanceStatusName", "created"),
        ("createDate", "2025-07-01T03:00:12+0900"),
        ("isEncryptedOriginalBlockStorageVolume", "true"),
        ("blockStorageSnapshotDescription", "a <full> one & more"),
        ("snapshotType", "FULL"),
        ("baseSnapshotInstanceNo", ""),
        ("snapshotChainDepth", "0"),
        ("isBootable", "false"),
        ("hypervisorType", "KVM"),
        ("blockStorageVolumeType", "CB1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(all.items[0], expected);
    assert!(!all.items[3].contains_key("blockStorageVolumeType"));

    let cases: [(&str, Vec<&String>); 14] = [
        (
            "blockStorageSnapshotInstanceNoList.1={c}&blockStorageSnapshotInstanceNoList.2={a}",
            vec![&a, &c],
        ),
        ("blockStorageSnapshotInstanceNoList.1=1", vec![]),
        ("originalBlockStorageInstanceNoList.1=100", vec![&a, &b]),
        (
            "originalBlockStorageInstanceNoList.1=300&originalBlockStorageInstanceNoList.2=200",
            vec![&c, &d],
        ),
        ("blockStorageSnapshotInstanceStatusCode=INIT", vec![&c]),
        ("blockStorageSnapshotInstanceStatusCode=CREAT", vec![&a, &b, &d]),
        ("blockStorageSnapshotName=alpha", vec![&a, &d]),
        ("blockStorageSnapshotName=alp", vec![]),
        ("hypervisorTypeCodeList.1=KVM", vec![&a, &b]),
        (
            "hypervisorTypeCodeList.1=XEN&hypervisorTypeCodeList.2=KVM",
            vec![&a, &b, &c, &d],
        ),
        ("blockStorageSnapshotVolumeSize=50", vec![&a, &c, &d]),
        ("isEncryptedOriginalBlockStorageVolume=true", vec![&a]),
        ("isBootable=true", vec![&c]),
        (
            "originalBlockStorageInstanceNoList.1=100&hypervisorTypeCodeList.1=KVM&blockStorageSnapshotName=bravo",
            vec![&b],
        ),
    ];
    for (query, expected) in cases {
        let query = query.replace("{a}", &a).replace("{c}", &c);
        let listed = both(&gw, LIST, &query).await;
        let expected: Vec<String> = expected.into_iter().cloned().collect();
        assert_eq!(listed.numbers(), expected, "{query}");
        assert_eq!(listed.total_rows, expected.len() as u64, "{query}");
    }
    // Invalid filter values are 400 responseErrors.
    for query in [
        "isBootable=yes",
        "blockStorageSnapshotVolumeSize=-1",
        "sortingOrder=desc",
    ] {
        assert_eq!(error(&gw, LIST, query, Format::Json, 400).await, "910", "{query}");
    }
}

#[tokio::test]
async fn paging_across_three_pages_counts_every_match_in_total_rows() {
    let gw = gateway_with(Lifecycle::default()).await;
    gw.seed_block_storage_snapshots("500", 7).unwrap();
    gw.seed_block_storage_snapshots("600", 2).unwrap();
    let names =
        |range: std::ops::RangeInclusive<u32>| -> Vec<String> { range.map(|i| format!("seed-500-{i}")).collect() };
    let page = |no: u32| format!("originalBlockStorageInstanceNoList.1=500&pageNo={no}&pageSize=3");
    for (no, expected) in [
        (0, names(1..=3)),
        (1, names(1..=3)),
        (2, names(4..=6)),
        (3, names(7..=7)),
        (4, vec![]),
    ] {
        let listed = both(&gw, LIST, &page(no)).await;
        assert_eq!((listed.total_rows, listed.names()), (7, expected), "page {no}");
    }
    // Without paging: everything; a page size of 0 as well.
    assert_eq!(both(&gw, LIST, "").await.items.len(), 9);
    assert_eq!(both(&gw, LIST, "pageNo=2&pageSize=0").await.items.len(), 9);
    let last = both(&gw, LIST, "pageNo=5&pageSize=2").await;
    assert_eq!((last.total_rows, last.names()), (9, vec!["seed-600-2".to_owned()]));
    // The documentation: pageSize is required with pageNo.
    for format in [Format::Xml, Format::Json] {
        assert_eq!(error(&gw, LIST, "pageNo=1", format, 400).await, "900");
        assert_eq!(error(&gw, LIST, "pageNo=1&pageSize=x", format, 400).await, "910");
    }
}

#[tokio::test]
async fn lists_sort_by_name_either_way_and_by_creation_otherwise() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    for name in ["delta", "alpha", "echo", "charlie", "bravo", "echo"] {
        gw.seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("1").name(name))
            .unwrap();
    }
    let names = |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
    let listed = both(&gw, LIST, "").await;
    assert_eq!(
        listed.names(),
        names(&["delta", "alpha", "echo", "charlie", "bravo", "echo"])
    );
    let asc = both(&gw, LIST, "sortedBy=blockStorageSnapshotName").await;
    assert_eq!(
        asc.names(),
        names(&["alpha", "bravo", "charlie", "delta", "echo", "echo"])
    );
    let explicit = both(&gw, LIST, "sortedBy=blockStorageSnapshotName&sortingOrder=ASC").await;
    assert_eq!(explicit, asc);
    // Equal names keep creation order (numbers ascending); DESC reverses the whole order.
    let echoes = asc.numbers()[4..].to_vec();
    assert!(echoes[0] < echoes[1]);
    let desc = both(&gw, LIST, "sortedBy=blockStorageSnapshotName&sortingOrder=DESC").await;
    assert_eq!(
        desc.names(),
        names(&["echo", "echo", "delta", "charlie", "bravo", "alpha"])
    );
    let newest_first = both(&gw, LIST, "sortingOrder=DESC").await;
    let mut numbers = listed.numbers();
    numbers.reverse();
    assert_eq!(newest_first.numbers(), numbers);
    // Sorting comes before paging.
    let page = both(&gw, LIST, "sortedBy=blockStorageSnapshotName&pageNo=2&pageSize=2").await;
    assert_eq!((page.total_rows, page.names()), (6, names(&["charlie", "delta"])));
    assert_eq!(error(&gw, LIST, "sortedBy=createDate", Format::Xml, 400).await, "910");
}

// ---------------------------------------------------------------------------------------------
// NAS snapshots, VPC and Classic

#[tokio::test]
async fn a_nas_snapshot_is_busy_for_n_list_calls_then_ready_on_both_apis() {
    let gw = gateway_with(Lifecycle {
        nas_list_calls_until_ready: 2,
        ..Lifecycle::default()
    })
    .await;
    for (paths, format) in [(&VNAS, Format::Json), (&CLASSIC, Format::Xml)] {
        let created = answer(&gw, paths.create, "nasVolumeInstanceNo=3901", format).await;
        assert_eq!(created.total_rows, 1);
        let item = &created.items[0];
        assert_eq!(item["nasVolumeSnapshotName"], "now.20210916.000000");
        assert_eq!(item["createDate"], "2021-09-16T00:00:00+0900");
        assert_eq!(item["snapshotSize"], "139264");
        assert_eq!(item["isBusy"], "true");
        let busy: Vec<_> = [
            answer(&gw, paths.list, "nasVolumeInstanceNo=3901", Format::Xml).await,
            answer(&gw, paths.list, "nasVolumeInstanceNo=3901", Format::Json).await,
            answer(&gw, paths.list, "nasVolumeInstanceNo=3901", Format::Xml).await,
            answer(&gw, paths.list, "nasVolumeInstanceNo=3901", Format::Json).await,
        ]
        .iter()
        .map(|l| l.column("isBusy")[0].clone())
        .collect();
        assert_eq!(busy, ["true", "true", "false", "false"]);
        // A second snapshot is busy while the first stays ready; the answer lists both.
        let second = answer(&gw, paths.create, "nasVolumeInstanceNo=3901", format).await;
        assert_eq!(second.nas_names(), ["now.20210916.000000", "now.20210916.000001"]);
        assert_eq!(second.column("isBusy"), ["false", "true"]);
        assert!(gw.nas_volume_snapshots(paths.api, "3901")[1].is_busy());
    }
    // A volume without snapshots lists none.
    let empty = both(&gw, VNAS.list, "nasVolumeInstanceNo=1").await;
    assert_eq!(
        empty,
        Listing {
            total_rows: 0,
            items: vec![]
        }
    );
}

#[tokio::test]
async fn vnas_and_classic_keep_separate_stores() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    answer(&gw, VNAS.create, "nasVolumeInstanceNo=3901", Format::Xml).await;
    answer(&gw, VNAS.create, "nasVolumeInstanceNo=3901", Format::Xml).await;
    assert_eq!(both(&gw, VNAS.list, "nasVolumeInstanceNo=3901").await.total_rows, 2);
    assert_eq!(both(&gw, CLASSIC.list, "nasVolumeInstanceNo=3901").await.total_rows, 0);
    let classic = answer(&gw, CLASSIC.create, "nasVolumeInstanceNo=3901", Format::Json).await;
    assert_eq!(classic.nas_names(), ["now.20210916.000000"]);
    assert_eq!(gw.nas_volume_snapshots(NasApi::Vpc, "3901").len(), 2);
    assert_eq!(gw.nas_volume_snapshots(NasApi::Classic, "3901").len(), 1);
}

#[tokio::test]
async fn deleting_a_nas_snapshot_removes_only_it() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    for paths in [&VNAS, &CLASSIC] {
        gw.seed_nas_volume_snapshots(paths.api, "3901", 3).unwrap();
        let deleted = answer(
            &gw,
            paths.delete,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000001",
            Format::Json,
        )
        .await;
        let left = ["now.20210916.000000", "now.20210916.000002"];
        assert_eq!(
            (deleted.total_rows, deleted.nas_names()),
            (2, left.map(String::from).to_vec())
        );
        assert_eq!(
            both(&gw, paths.list, "nasVolumeInstanceNo=3901").await.nas_names(),
            left
        );
        // Deleted means gone: a second delete is an error, in both formats.
        for format in [Format::Xml, Format::Json] {
            let query = "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000001";
            assert_eq!(error(&gw, paths.delete, query, format, 400).await, "920");
        }
    }
    assert_eq!(gw.snapshot_count(), 4);
}

#[tokio::test]
async fn restoring_discards_every_newer_snapshot() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    for paths in [&VNAS, &CLASSIC] {
        gw.seed_nas_volume_snapshots(paths.api, "3901", 4).unwrap();
        let restored = answer(
            &gw,
            paths.restore,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000001",
            Format::Xml,
        )
        .await;
        let kept = ["now.20210916.000000", "now.20210916.000001"];
        assert_eq!(
            (restored.total_rows, restored.nas_names()),
            (2, kept.map(String::from).to_vec())
        );
        assert_eq!(
            both(&gw, paths.list, "nasVolumeInstanceNo=3901").await.nas_names(),
            kept
        );
        // Restoring to the newest keeps everything; names are never reused.
        let again = answer(
            &gw,
            paths.restore,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000001",
            Format::Json,
        )
        .await;
        assert_eq!(again.nas_names(), kept);
        let next = answer(&gw, paths.create, "nasVolumeInstanceNo=3901", Format::Json).await;
        assert_eq!(next.nas_names().last().unwrap(), "now.20210916.000004");
        let query = "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000002";
        assert_eq!(error(&gw, paths.restore, query, Format::Xml, 400).await, "920");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, signatures, behaviours, limits

#[tokio::test]
async fn unknown_numbers_and_names_get_response_errors_in_both_formats() {
    // The detail of an unknown number too, when asked for an error instead of an empty list.
    let gw = gateway_with(Lifecycle {
        unknown_snapshot_detail: UnknownSnapshotDetail::Error,
        ..Lifecycle::immediate()
    })
    .await;
    gw.seed_nas_volume_snapshots(NasApi::Vpc, "3901", 1).unwrap();
    let cases = [
        (DETAIL, "blockStorageSnapshotInstanceNo=3183468"),
        (DETAIL, "blockStorageSnapshotInstanceNo=not-a-number"),
        (DELETE, "blockStorageSnapshotInstanceNoList.1=3183468"),
        (
            VNAS.delete,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20990101.000000",
        ),
        (
            VNAS.restore,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=%3Cscript%3E",
        ),
        (
            VNAS.delete,
            "nasVolumeInstanceNo=9999&nasVolumeSnapshotName=now.20210916.000000",
        ),
        (
            CLASSIC.delete,
            "nasVolumeInstanceNo=3901&nasVolumeSnapshotName=now.20210916.000000",
        ),
        (CLASSIC.restore, "nasVolumeInstanceNo=1&nasVolumeSnapshotName=x"),
    ];
    for (path, query) in cases {
        for format in [Format::Xml, Format::Json] {
            let response = call(&gw, path, query, format).await;
            assert_eq!(response.assert_service_error(400, format), "920", "{path}?{query}");
            if format == Format::Xml {
                // Names from the request are escaped.
                assert!(!response.text().contains("<script>"), "{}", response.text());
            }
        }
        let record = gw.requests().pop().unwrap();
        assert!(record.signature_valid);
        assert!(
            matches!(
                record.verdict,
                ncloud_fake_gateway::Verdict::Refused {
                    status: 400,
                    return_code: "920",
                    ..
                }
            ),
            "{record}"
        );
    }
    // Missing required parameters are 900, as for the create actions.
    for (path, query) in [
        (DETAIL, ""),
        (DELETE, "blockStorageSnapshotInstanceNoList="),
        (VNAS.restore, "nasVolumeInstanceNo=3901"),
        (CLASSIC.list, "nasVolumeSnapshotName=x"),
    ] {
        assert_eq!(
            error(&gw, path, query, Format::Json, 400).await,
            "900",
            "{path}?{query}"
        );
    }
    assert_eq!(gw.nas_volume_snapshots(NasApi::Vpc, "3901").len(), 1);
}

/// A query that satisfies `action`'s required parameters.
fn required_query(action: Action) -> String {
    action
        .required_parameters()
        .iter()
        .map(|p| {
            if p.ends_with("List") {
                format!("{p}.1=1")
            } else {
                format!("{p}=1")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn the_signature_is_verified_on_every_action() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    for action in Action::ALL {
        let t = target(
            action.path(),
            &format!("{}&responseFormatType=json", required_query(action)),
        );
        let now = now_ms();
        for refused in [
            Req::get(&t),
            Req::get(&t).signed_with(ACCESS, "wrong-secret", now),
            Req::get(&t).signed_with(ACCESS, SECRET, now - 6 * 60_000),
            Req::get(&target(action.path(), "x=1"))
                .signed_with(ACCESS, SECRET, now)
                .with_target(&t),
        ] {
            send(gw.local_addr(), &refused)
                .await
                .assert_gateway_error(401, "200", "Authentication Failed");
        }
        // Signed: past authentication (200, or 400 for an unknown number or name), in GET and
        // in POST with a form body.
        let get = send(gw.local_addr(), &Req::signed_get(&t)).await;
        assert!(get.status == 200 || get.status == 400, "{action}: {}", get.text());
        let body = format!("{}&responseFormatType=json", required_query(action));
        let post = send(gw.local_addr(), &Req::signed_post(action.path(), &body)).await;
        assert_eq!(post.status, get.status, "{action}: {}", post.text());
        assert_eq!(gw.request_count(action), 6, "{action}");
    }
    let records = gw.requests();
    assert_eq!(records.len(), 6 * Action::ALL.len());
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.signature_valid, i % 6 == 2 || i % 6 >= 4, "{record}");
    }
}

#[tokio::test]
async fn a_lost_answer_still_acts_and_a_queued_error_does_not() {
    let gw = gateway_with(Lifecycle::immediate()).await;
    gw.push(Behavior::try_again_later());
    gw.push(Behavior::endpoint_error());
    for _ in 0..2 {
        let response = call(&gw, CREATE, "originalBlockStorageInstanceNo=1", Format::Json).await;
        assert!(response.status >= 500, "{}", response.text());
    }
    assert_eq!(gw.snapshot_count(), 0);
    // The connection is dropped after the service ran: the snapshot exists.
    gw.push(Behavior::DropConnection);
    let mut stream = tokio::net::TcpStream::connect(gw.local_addr()).await.unwrap();
    let request = Req::signed_get(&target(CREATE, "originalBlockStorageInstanceNo=1"));
    tokio::io::AsyncWriteExt::write_all(&mut stream, &request.bytes(true))
        .await
        .unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(LIMIT, tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut received))
        .await
        .unwrap()
        .unwrap();
    assert!(received.is_empty());
    let listed = both(&gw, LIST, "originalBlockStorageInstanceNoList.1=1").await;
    assert_eq!(listed.numbers(), ["3183468"]);
    // A cut answer to a delete: the delete happened.
    gw.push(Behavior::MalformedBody);
    let cut = call(
        &gw,
        DELETE,
        "blockStorageSnapshotInstanceNoList.1=3183468",
        Format::Json,
    )
    .await;
    assert!(serde_json::from_str::<serde_json::Value>(cut.text()).is_err());
    assert_eq!(gw.snapshot_count(), 0);
}

#[tokio::test]
async fn the_store_is_bounded_and_says_so_in_both_formats() {
    let gw = FakeGateway::start(
        GatewayConfig::new(ACCESS, SECRET)
            .with_lifecycle(Lifecycle::immediate())
            .with_max_snapshots(3),
    )
    .await
    .unwrap();
    create(&gw, "originalBlockStorageInstanceNo=1", Format::Xml).await;
    answer(&gw, VNAS.create, "nasVolumeInstanceNo=1", Format::Xml).await;
    answer(&gw, CLASSIC.create, "nasVolumeInstanceNo=1", Format::Xml).await;
    for format in [Format::Xml, Format::Json] {
        assert_eq!(
            error(&gw, CREATE, "originalBlockStorageInstanceNo=1", format, 400).await,
            "930"
        );
        assert_eq!(
            error(&gw, VNAS.create, "nasVolumeInstanceNo=1", format, 400).await,
            "930"
        );
    }
    assert_eq!(
        gw.seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("1")),
        Err(SeedError::LimitExceeded { max_snapshots: 3 })
    );
    // Room again after a delete.
    answer(
        &gw,
        CLASSIC.delete,
        "nasVolumeInstanceNo=1&nasVolumeSnapshotName=now.20210916.000000",
        Format::Json,
    )
    .await;
    create(&gw, "originalBlockStorageInstanceNo=1", Format::Json).await;
    assert_eq!(gw.snapshot_count(), 3);
}

// ---------------------------------------------------------------------------------------------
// Seeding, inspection, pace

#[tokio::test]
async fn seeding_through_the_api_and_inspecting_the_store() {
    let gw = gateway_with(Lifecycle::default()).await;
    let first = gw
        .seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("24498861").instance_no(24_511_203))
        .unwrap();
    assert_eq!(
        (first.name.as_str(), first.state),
        ("sh17602e3", SnapshotState::Created)
    );
    assert_eq!(first.create_date, "2024-06-15T17:49:14+0900");
    // Numbers handed out later are greater than any seeded.
    let next = create(&gw, "originalBlockStorageInstanceNo=1", Format::Json).await;
    assert_eq!(next["blockStorageSnapshotInstanceNo"], "24511204");
    assert_eq!(next["createDate"], "2024-06-15T17:49:15+0900");
    assert_eq!(
        gw.seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("1").instance_no(24_511_203)),
        Err(SeedError::DuplicateInstanceNo(24_511_203))
    );
    assert_eq!(
        gw.seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("")),
        Err(SeedError::EmptyVolume)
    );
    // A seed that starts creating follows the configured pace (2 observations).
    let creating = gw
        .seed_block_storage_snapshot(BlockStorageSnapshotSeed::new("1").name("fresh").creating())
        .unwrap();
    assert_eq!(creating.state, SnapshotState::Creating { observations_left: 2 });
    let no = creating.instance_no.to_string();
    let seen = [
        detail(&gw, &no, Format::Xml).await.state().0,
        detail(&gw, &no, Format::Json).await.state().0,
        detail(&gw, &no, Format::Xml).await.state().0,
    ];
    assert_eq!(seen, ["INIT", "INIT", "CREAT"]);
    // Bulk seeds are named after their volume.
    let bulk = gw.seed_block_storage_snapshots("3168", 3).unwrap();
    let names: Vec<_> = bulk.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["seed-3168-1", "seed-3168-2", "seed-3168-3"]);
    assert_eq!(gw.block_storage_snapshots().len(), 6);

    // NAS seeds: explicit names and dates, or the volume's clock; names unique per volume.
    let named = NasVolumeSnapshotSeed::new("3901")
        .name("now.20240403.132209")
        .create_date("2024-04-03T13:22:09+0900")
        .snapshot_size(196_608);
    gw.seed_nas_volume_snapshot(NasApi::Vpc, named.clone()).unwrap();
    assert_eq!(
        gw.seed_nas_volume_snapshot(NasApi::Vpc, named.clone()),
        Err(SeedError::DuplicateName("now.20240403.132209".into()))
    );
    gw.seed_nas_volume_snapshot(NasApi::Classic, named).unwrap();
    gw.seed_nas_volume_snapshot(NasApi::Vpc, NasVolumeSnapshotSeed::new("3901").busy())
        .unwrap();
    let listed = answer(&gw, VNAS.list, "nasVolumeInstanceNo=3901", Format::Json).await;
    assert_eq!(listed.nas_names(), ["now.20240403.132209", "now.20210916.000000"]);
    assert_eq!(listed.column("snapshotSize"), ["196608", "139264"]);
    assert_eq!(listed.column("isBusy"), ["false", "true"]);
    assert_eq!(listed.column("createDate")[0], "2024-04-03T13:22:09+0900");
    assert_eq!(gw.snapshot_count(), 9);

    // settle() ends every transition; clear_snapshots() empties the store.
    let busy =
        create(&gw, "originalBlockStorageInstanceNo=9", Format::Xml).await["blockStorageSnapshotInstanceNo"].clone();
    answer(&gw, VNAS.create, "nasVolumeInstanceNo=3901", Format::Xml).await;
    answer(
        &gw,
        DELETE,
        &format!("blockStorageSnapshotInstanceNoList.1={}", first.instance_no),
        Format::Xml,
    )
    .await;
    gw.settle();
    assert_eq!(detail(&gw, &busy, Format::Json).await.state().0, "CREAT");
    assert!(gw.block_storage_snapshot(first.instance_no).is_none());
    assert!(
        gw.nas_volume_snapshots(NasApi::Vpc, "3901")
            .iter()
            .all(|s| !s.is_busy())
    );
    gw.clear_snapshots();
    assert_eq!(gw.snapshot_count(), 0);
    let after = create(&gw, "originalBlockStorageInstanceNo=1", Format::Json).await;
    assert!(after["blockStorageSnapshotInstanceNo"].as_str() > busy.as_str());
}

/// The gateway binary, killed when dropped.
struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args`; returns it and the address it listens on.
fn start_binary(args: &[&str]) -> (Binary, std::net::SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--access-key", ACCESS, "--secret-key", SECRET])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let binary = Binary(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("{line:?}"))
        .parse()
        .unwrap();
    (binary, address)
}

#[tokio::test]
async fn seeding_through_the_binary_flags() {
    let (_binary, addr) = start_binary(&[
        "--seed-block-snapshots",
        "3168:5",
        "--seed-block-snapshots",
        "3169:2",
        "--seed-nas-snapshots",
        "3901:4",
        "--observations-until-created",
        "1",
    ]);
    let get = |path: &str, query: &str| Req::signed_get(&target(path, &format!("{query}&responseFormatType=json")));
    let listed = listing(
        &send(addr, &get(LIST, "originalBlockStorageInstanceNoList.1=3168")).await,
        Format::Json,
    );
    assert_eq!(listed.total_rows, 5);
    assert_eq!(listed.names()[4], "seed-3168-5");
    assert!(
        listed
            .column("blockStorageSnapshotInstanceStatus")
            .iter()
            .all(|s| s == "CREAT")
    );
    for paths in [&VNAS, &CLASSIC] {
        let nas = listing(
            &send(addr, &get(paths.list, "nasVolumeInstanceNo=3901")).await,
            Format::Json,
        );
        assert_eq!(nas.total_rows, 4);
        assert_eq!(nas.nas_names()[3], "now.20210916.000003");
    }
    // The pace flag applies: one observation sees a new snapshot creating.
    let created = listing(
        &send(addr, &get(CREATE, "originalBlockStorageInstanceNo=3168")).await,
        Format::Json,
    );
    let no = &created.numbers()[0];
    assert_eq!(no, "3183475");
    for expected in ["INIT", "CREAT"] {
        let seen = listing(
            &send(addr, &get(DETAIL, &format!("blockStorageSnapshotInstanceNo={no}"))).await,
            Format::Json,
        );
        assert_eq!(seen.state().0, expected);
    }
}

#[test]
fn the_binary_refuses_bad_seed_flags() {
    for args in [
        ["--seed-block-snapshots", "3168"],
        ["--seed-block-snapshots", ":3"],
        ["--seed-nas-snapshots", "3901:x"],
        ["--observations-until-created", "-1"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
        .args(["--max-snapshots", "3", "--seed-block-snapshots", "1:4"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("limit"));
}

#[test]
fn a_bad_flag_gets_one_line_of_error_and_a_hint_and_exit_2() {
    for (args, names) in [
        (&["--no-such-flag"][..], "--no-such-flag"),
        (&["--port"], "--port"),
        (&["--port", "http"], "--port"),
        (&["--unknown-snapshot-detail", "maybe"], "maybe"),
        (&["--seed-nas-snapshots", "3901:x"], "3901:x"),
        (&["extra"], "extra"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_fake-ncp-gateway"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains(names), "{args:?}: {stderr}");
        assert!(
            stderr.ends_with("; see 'fake-ncp-gateway --help'\n"),
            "{args:?}: {stderr}"
        );
    }
}

#[tokio::test]
async fn random_parameters_on_every_action_get_an_answer_and_keep_the_store_consistent() {
    let gw = FakeGateway::start(
        GatewayConfig::new(ACCESS, SECRET)
            .with_lifecycle(Lifecycle::default())
            .with_max_snapshots(40),
    )
    .await
    .unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut random = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let names = [
        "originalBlockStorageInstanceNo",
        "blockStorageSnapshotName",
        "blockStorageSnapshotDescription",
        "snapshotTypeCode",
        "blockStorageSnapshotInstanceNo",
        "blockStorageSnapshotInstanceNoList.1",
        "blockStorageSnapshotInstanceNoList.2",
        "originalBlockStorageInstanceNoList.1",
        "hypervisorTypeCodeList.1",
        "blockStorageSnapshotInstanceStatusCode",
        "blockStorageSnapshotVolumeSize",
        "isBootable",
        "pageNo",
        "pageSize",
        "sortedBy",
        "sortingOrder",
        "nasVolumeInstanceNo",
        "nasVolumeSnapshotName",
        "responseFormatType",
    ];
    let values = [
        "1",
        "2",
        "3183468",
        "3183470",
        "0",
        "-1",
        "99999999999999999999999",
        "",
        "snap-1",
        "INCREMENTAL",
        "FULL",
        "INIT",
        "CREAT",
        "KVM",
        "true",
        "blockStorageSnapshotName",
        "DESC",
        "json",
        "xml",
        "now.20210916.000000",
        "now.20210916.000001",
        "%E8%AA%AC",
        "%00%01",
        "a+b",
        "%3C%26%3E",
    ];
    for _ in 0..600 {
        let action = Action::ALL[random(Action::ALL.len())];
        let query: Vec<String> = (0..random(6))
            .map(|_| format!("{}={}", names[random(names.len())], values[random(values.len())]))
            .collect();
        let response = send(
            gw.local_addr(),
            &Req::signed_get(&target(action.path(), &query.join("&"))),
        )
        .await;
        assert!(
            response.status == 200 || response.status == 400,
            "{action}?{}: {} {}",
            query.join("&"),
            response.status,
            response.text()
        );
        if response.status == 200 && response.text().starts_with('{') {
            response.json();
        }
        assert!(gw.snapshot_count() <= 40);
    }
    // The store still answers as usual.
    gw.settle();
    let listed = both(&gw, LIST, "").await;
    assert_eq!(listed.total_rows as usize, gw.block_storage_snapshots().len());
    assert!(
        listed
            .column("blockStorageSnapshotInstanceStatus")
            .iter()
            .all(|s| s == "CREAT")
    );
}
