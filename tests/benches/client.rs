//! Client benchmarks: what the generated client adds to each call.
//!
//! ```text
//! cargo bench -p ncloud-tests --bench client
//! ```
//!
//! - `request/*`: building, validating, encoding and signing one
//!   `createBlockStorageSnapshotInstance` request, all together (`request/full`) and step by step;
//! - `decode/PAYLOAD/FORMAT/generated`: the generated `…Response::from_xml` / `from_json` on each
//!   real payload of NCP_API_NOTES.md section 8 (`fake-gateway/payloads/`);
//! - `decode/PAYLOAD/FORMAT/baseline`: the same body decoded by the simplest possible code, a
//!   hand-written struct of the same shape with plain `serde` derives (`Option` fields, strings
//!   for dates and codes), through the same parsers (quick-xml, serde_json). The ratio
//!   generated / baseline is what the generated models cost; `tests/bench/summary.py` prints it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ncloud_client::runtime::sign;
use ncloud_client::server::CreateNasVolumeSnapshotResponse;
use ncloud_client::vserver::{
    CreateBlockStorageSnapshotInstance, CreateBlockStorageSnapshotInstanceResponse, SnapshotTypeCode,
};
use ncloud_client::{Action, Format};
use ncloud_tests::payload;

/// Timestamp and keys of the published signature test vector.
const TIMESTAMP: u64 = 1_668_407_407_855;
const ACCESS_KEY: &str = "access";
const SECRET_KEY: &str = "secret";

fn build() -> CreateBlockStorageSnapshotInstance {
    CreateBlockStorageSnapshotInstance::builder(black_box("3081227"))
        .region_code(black_box("KR"))
        .block_storage_snapshot_name(black_box("snapshot-test"))
        .block_storage_snapshot_description(black_box("nightly snapshot of the data volume"))
        .snapshot_type_code(SnapshotTypeCode::Full)
        .build()
        .expect("a valid request")
}

fn request(c: &mut Criterion) {
    let mut group = c.benchmark_group("request");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("full", |b| {
        b.iter(|| {
            let request = build();
            let target = request.request_target(Format::Json);
            sign::signature("GET", &target, black_box(TIMESTAMP), ACCESS_KEY, SECRET_KEY)
        })
    });
    group.bench_function("build+validate", |b| b.iter(build));
    let built = build();
    group.bench_function("encode", |b| b.iter(|| black_box(&built).request_target(Format::Json)));
    let target = built.request_target(Format::Json);
    group.bench_function("sign", |b| {
        b.iter(|| sign::signature("GET", black_box(&target), TIMESTAMP, ACCESS_KEY, SECRET_KEY))
    });
    group.finish();
}

/// The baseline: plain derives, the shape of the models, nothing lenient. Fields are decoded and
/// dropped unread, as the generated values are.
#[allow(dead_code)]
mod baseline {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct Code {
        pub code: Option<String>,
        #[serde(rename = "codeName")]
        pub code_name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BlockStorageSnapshotInstance {
        pub block_storage_snapshot_instance_no: Option<String>,
        pub block_storage_snapshot_name: Option<String>,
        pub block_storage_snapshot_volume_size: Option<i64>,
        pub original_block_storage_instance_no: Option<String>,
        pub block_storage_snapshot_instance_status: Option<Code>,
        pub block_storage_snapshot_instance_operation: Option<Code>,
        pub block_storage_snapshot_instance_status_name: Option<String>,
        pub create_date: Option<String>,
        pub is_encrypted_original_block_storage_volume: Option<bool>,
        pub block_storage_snapshot_description: Option<String>,
        pub snapshot_type: Option<Code>,
        pub base_snapshot_instance_no: Option<String>,
        pub snapshot_chain_depth: Option<i32>,
        pub is_bootable: Option<bool>,
        pub hypervisor_type: Option<Code>,
        pub block_storage_volume_type: Option<Code>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NasVolumeSnapshot {
        pub nas_volume_snapshot_name: Option<String>,
        pub create_date: Option<String>,
        pub snapshot_size: Option<i64>,
        pub is_busy: Option<bool>,
    }

    /// An XML wrapper element holding repeated item elements.
    #[derive(Debug, Deserialize)]
    pub struct BlockStorageList {
        #[serde(rename = "blockStorageSnapshotInstance", default)]
        pub items: Vec<BlockStorageSnapshotInstance>,
    }

    /// An XML wrapper element holding repeated item elements.
    #[derive(Debug, Deserialize)]
    pub struct NasList {
        #[serde(rename = "nasVolumeSnapshot", default)]
        pub items: Vec<NasVolumeSnapshot>,
    }

    /// `L` is the list: a `Vec` in JSON, a wrapper struct in XML. `C` is `returnCode`: a string,
    /// except in the one payload that sends it as a JSON number.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BlockStorageResponse<L> {
        pub request_id: Option<String>,
        pub return_code: Option<String>,
        pub return_message: Option<String>,
        pub total_rows: Option<i32>,
        pub block_storage_snapshot_instance_list: Option<L>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NasResponse<L, C> {
        pub request_id: Option<String>,
        pub return_code: Option<C>,
        pub return_message: Option<String>,
        pub total_rows: Option<i32>,
        pub nas_volume_snapshot_list: Option<L>,
    }

    #[derive(Debug, Deserialize)]
    pub struct BlockStorageEnvelope {
        #[serde(rename = "createBlockStorageSnapshotInstanceResponse")]
        pub response: BlockStorageResponse<Vec<BlockStorageSnapshotInstance>>,
    }

    #[derive(Debug, Deserialize)]
    pub struct NasEnvelope<C> {
        #[serde(rename = "createNasVolumeSnapshotResponse")]
        pub response: NasResponse<Vec<NasVolumeSnapshot>, C>,
    }

    pub type BlockStorageXml = BlockStorageResponse<BlockStorageList>;
    pub type NasXml = NasResponse<NasList, String>;
}

/// One payload in one format: its generated decoder and its baseline, each returning the number
/// of list items so that both are checked to have decoded the same list.
struct Case {
    name: &'static str,
    body: String,
    generated: fn(&str) -> usize,
    baseline: fn(&str) -> usize,
}

#[inline(never)]
fn block_storage_xml(body: &str) -> usize {
    let r = CreateBlockStorageSnapshotInstanceResponse::from_xml(body).expect("generated XML decode");
    r.block_storage_snapshot_instance_list.map_or(0, |l| l.len())
}

#[inline(never)]
fn block_storage_json(body: &str) -> usize {
    let r = CreateBlockStorageSnapshotInstanceResponse::from_json(body).expect("generated JSON decode");
    r.block_storage_snapshot_instance_list.map_or(0, |l| l.len())
}

#[inline(never)]
fn nas_xml(body: &str) -> usize {
    let r = CreateNasVolumeSnapshotResponse::from_xml(body).expect("generated XML decode");
    r.nas_volume_snapshot_list.map_or(0, |l| l.len())
}

#[inline(never)]
fn nas_json(body: &str) -> usize {
    let r = CreateNasVolumeSnapshotResponse::from_json(body).expect("generated JSON decode");
    r.nas_volume_snapshot_list.map_or(0, |l| l.len())
}

#[inline(never)]
fn baseline_block_storage_xml(body: &str) -> usize {
    let r: baseline::BlockStorageXml = quick_xml::de::from_str(body).expect("baseline XML decode");
    r.block_storage_snapshot_instance_list.map_or(0, |l| l.items.len())
}

#[inline(never)]
fn baseline_block_storage_json(body: &str) -> usize {
    let r: baseline::BlockStorageEnvelope = serde_json::from_str(body).expect("baseline JSON decode");
    r.response.block_storage_snapshot_instance_list.map_or(0, |l| l.len())
}

#[inline(never)]
fn baseline_nas_xml(body: &str) -> usize {
    let r: baseline::NasXml = quick_xml::de::from_str(body).expect("baseline XML decode");
    r.nas_volume_snapshot_list.map_or(0, |l| l.items.len())
}

#[inline(never)]
fn baseline_nas_json(body: &str) -> usize {
    let r: baseline::NasEnvelope<String> = serde_json::from_str(body).expect("baseline JSON decode");
    r.response.nas_volume_snapshot_list.map_or(0, |l| l.len())
}

/// Payload D's Japanese variant sends `"returnCode": 0`, a number, which a plain `String` field
/// refuses; its baseline takes the number as it comes.
#[inline(never)]
fn baseline_nas_json_numeric_code(body: &str) -> usize {
    let r: baseline::NasEnvelope<u32> = serde_json::from_str(body).expect("baseline JSON decode");
    r.response.nas_volume_snapshot_list.map_or(0, |l| l.len())
}

fn cases() -> Vec<Case> {
    let case = |name, file: &str, generated, baseline| Case {
        name,
        body: payload(file),
        generated,
        baseline,
    };
    vec![
        case(
            "a/xml",
            "a_block_storage_2024.xml",
            block_storage_xml,
            baseline_block_storage_xml,
        ),
        case(
            "a/json",
            "a_block_storage_2024.json",
            block_storage_json,
            baseline_block_storage_json,
        ),
        case(
            "b/xml",
            "b_block_storage_seed.xml",
            block_storage_xml,
            baseline_block_storage_xml,
        ),
        case(
            "b/json",
            "b_block_storage_seed.json",
            block_storage_json,
            baseline_block_storage_json,
        ),
        case(
            "c/xml",
            "c_block_storage_2020.xml",
            block_storage_xml,
            baseline_block_storage_xml,
        ),
        case(
            "c/json",
            "c_block_storage_2020.json",
            block_storage_json,
            baseline_block_storage_json,
        ),
        case("d/xml", "d_nas_snapshot_seed.xml", nas_xml, baseline_nas_xml),
        case("d/json", "d_nas_snapshot_seed.json", nas_json, baseline_nas_json),
        case("d_ja/xml", "d_nas_snapshot_ja.xml", nas_xml, baseline_nas_xml),
        case(
            "d_ja/json",
            "d_nas_snapshot_ja.json",
            nas_json,
            baseline_nas_json_numeric_code,
        ),
    ]
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for case in cases() {
        let items = (case.generated)(&case.body);
        assert!(items > 0, "{}: the generated decoder found no items", case.name);
        assert_eq!(
            items,
            (case.baseline)(&case.body),
            "{}: the baseline decoded another list",
            case.name
        );
        group.bench_function(format!("{}/generated", case.name), |b| {
            b.iter(|| (case.generated)(black_box(&case.body)))
        });
        group.bench_function(format!("{}/baseline", case.name), |b| {
            b.iter(|| (case.baseline)(black_box(&case.body)))
        });
    }
    group.finish();
}

criterion_group!(benches, request, decode);
criterion_main!(benches);
