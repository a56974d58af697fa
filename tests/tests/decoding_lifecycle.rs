//! The lifecycle actions' payloads (`fake-gateway/payloads/f_…` to `o_…`, one XML and one JSON
//! twin each) decode to the same values from both formats, and between them every field of
//! every model the spec documents for these responses is present and decoded: a field that
//! stopped decoding (a wrong wire name, a wrong list item name) would be missing.

use std::collections::BTreeSet;

use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceOperationCode, BlockStorageSnapshotInstanceStatusCode,
    DeleteBlockStorageSnapshotInstancesResponse, GetBlockStorageSnapshotInstanceDetailResponse,
    GetBlockStorageSnapshotInstanceListResponse,
};
use ncloud_client::{server, vnas};
use ncloud_tests::payload;
use serde::Serialize;

/// Decodes both twins of a payload with `xml`/`json`, checks they agree, and returns the value.
fn both<T: PartialEq + std::fmt::Debug>(
    name: &str,
    xml: impl Fn(&str) -> Result<T, ncloud_client::DecodeError>,
    json: impl Fn(&str) -> Result<T, ncloud_client::DecodeError>,
) -> T {
    let from_xml = xml(&payload(&format!("{name}.xml"))).unwrap_or_else(|e| panic!("{name}.xml: {e}"));
    let from_json = json(&payload(&format!("{name}.json"))).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    assert_eq!(from_xml, from_json, "{name}: XML and JSON decode to the same value");
    from_xml
}

/// Every key, at any depth, of a decoded value serialized back (absent fields are left out).
fn keys<T: Serialize>(value: &T) -> BTreeSet<String> {
    fn walk(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if !v.is_null() {
                        out.insert(k.clone());
                    }
                    walk(v, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&serde_json::to_value(value).expect("models serialize"), &mut out);
    out
}

/// The wire names of every property of the component schema `model` and of the schemas it holds
/// (through `$ref`s, list items and inline objects), read from `spec/<module>.yaml` itself.
fn documented_fields(module: &str, model: &str) -> BTreeSet<String> {
    let path = ncloud_tests::workspace_root().join(format!("spec/{module}.yaml"));
    let spec: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schemas = &spec["components"]["schemas"];
    fn walk(
        schema: &serde_yaml::Value,
        schemas: &serde_yaml::Value,
        seen: &mut BTreeSet<String>,
        out: &mut BTreeSet<String>,
    ) {
        if let Some(reference) = schema["$ref"].as_str() {
            let name = reference.trim_start_matches("#/components/schemas/");
            if seen.insert(name.to_owned()) {
                walk(&schemas[name], schemas, seen, out);
            }
            return;
        }
        if let Some(properties) = schema["properties"].as_mapping() {
            for (key, property) in properties {
                out.insert(key.as_str().expect("property names are strings").to_owned());
                walk(property, schemas, seen, out);
            }
        }
        walk_items(schema, schemas, seen, out);
    }
    fn walk_items(
        schema: &serde_yaml::Value,
        schemas: &serde_yaml::Value,
        seen: &mut BTreeSet<String>,
        out: &mut BTreeSet<String>,
    ) {
        if schema["items"].is_mapping() {
            walk(&schema["items"], schemas, seen, out);
        }
    }
    let mut out = BTreeSet::new();
    walk(&schemas[model], schemas, &mut BTreeSet::new(), &mut out);
    assert!(!out.is_empty(), "{module}::{model} has properties");
    out
}

fn assert_every_field_decoded<T: Serialize>(module: &str, model: &str, values: &[&T]) {
    let mut seen = BTreeSet::new();
    for value in values {
        seen.extend(keys(value));
    }
    let missing: Vec<_> = documented_fields(module, model)
        .into_iter()
        .filter(|f| !seen.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "{module}::{model}: fields never decoded from the payloads: {missing:?}"
    );
}

#[test]
fn block_storage_lifecycle_payloads_decode_every_documented_field_from_xml_and_json() {
    let list = both(
        "f_block_storage_snapshot_list",
        GetBlockStorageSnapshotInstanceListResponse::from_xml,
        GetBlockStorageSnapshotInstanceListResponse::from_json,
    );
    let detail = both(
        "g_block_storage_snapshot_detail",
        GetBlockStorageSnapshotInstanceDetailResponse::from_xml,
        GetBlockStorageSnapshotInstanceDetailResponse::from_json,
    );
    let gone = both(
        "g_block_storage_snapshot_detail_gone",
        GetBlockStorageSnapshotInstanceDetailResponse::from_xml,
        GetBlockStorageSnapshotInstanceDetailResponse::from_json,
    );
    let deleted = both(
        "h_delete_block_storage_snapshots",
        DeleteBlockStorageSnapshotInstancesResponse::from_xml,
        DeleteBlockStorageSnapshotInstancesResponse::from_json,
    );

    let items = list.block_storage_snapshot_instance_list.as_deref().expect("a list");
    assert_eq!(list.total_rows, Some(5));
    assert_eq!(items[0].block_storage_snapshot_instance_no.as_deref(), Some("24511203"));
    assert_eq!(items[0].block_storage_snapshot_volume_size, Some(107_374_182_400));
    assert_eq!(
        items[0]
            .block_storage_snapshot_instance_status
            .as_ref()
            .and_then(|s| s.code.clone()),
        Some(BlockStorageSnapshotInstanceStatusCode::Creat)
    );
    assert_eq!(gone.total_rows, Some(0));
    assert_eq!(
        gone.block_storage_snapshot_instance_list.as_deref(),
        Some(&[][..]),
        "an empty list, not an absent one"
    );
    let terminating = &deleted.block_storage_snapshot_instance_list.as_deref().expect("a list")[0];
    assert_eq!(
        terminating
            .block_storage_snapshot_instance_operation
            .as_ref()
            .and_then(|o| o.code.clone()),
        Some(BlockStorageSnapshotInstanceOperationCode::Termt)
    );

    assert_every_field_decoded("vserver", "GetBlockStorageSnapshotInstanceListResponse", &[&list]);
    assert_every_field_decoded("vserver", "GetBlockStorageSnapshotInstanceDetailResponse", &[&detail]);
    assert_every_field_decoded("vserver", "DeleteBlockStorageSnapshotInstancesResponse", &[&deleted]);
}

#[test]
fn nas_snapshot_payloads_of_vpc_and_classic_decode_every_documented_field_from_xml_and_json() {
    let vpc_list = both(
        "i_vnas_snapshot_list",
        vnas::GetNasVolumeSnapshotListResponse::from_xml,
        vnas::GetNasVolumeSnapshotListResponse::from_json,
    );
    let snapshots = vpc_list.nas_volume_snapshot_list.as_deref().expect("a list");
    assert_eq!(snapshots.len(), 3);
    assert_eq!(
        snapshots[2].nas_volume_snapshot_name.as_deref(),
        Some("now.20240403.140012")
    );
    assert_eq!(snapshots[2].is_busy, Some(true));
    assert_eq!(snapshots[0].snapshot_size, Some(196_608));
    assert_eq!(
        snapshots[0].create_date.map(|t| t.to_string()).as_deref(),
        Some("2024-04-03T13:22:09+0900")
    );
    assert_every_field_decoded("vnas", "GetNasVolumeSnapshotListResponse", &[&vpc_list]);

    let created = both(
        "k_vnas_create_snapshot",
        vnas::CreateNasVolumeSnapshotResponse::from_xml,
        vnas::CreateNasVolumeSnapshotResponse::from_json,
    );
    let deleted = both(
        "l_vnas_delete_snapshot",
        vnas::DeleteNasVolumeSnapshotResponse::from_xml,
        vnas::DeleteNasVolumeSnapshotResponse::from_json,
    );
    let restored = both(
        "m_vnas_restore_snapshot",
        vnas::RestoreNasVolumeWithSnapshotResponse::from_xml,
        vnas::RestoreNasVolumeWithSnapshotResponse::from_json,
    );
    assert_every_field_decoded("vnas", "CreateNasVolumeSnapshotResponse", &[&created]);
    assert_every_field_decoded("vnas", "DeleteNasVolumeSnapshotResponse", &[&deleted]);
    assert_every_field_decoded("vnas", "RestoreNasVolumeWithSnapshotResponse", &[&restored]);

    let classic_list = both(
        "j_server_nas_snapshot_list",
        server::GetNasVolumeSnapshotListResponse::from_xml,
        server::GetNasVolumeSnapshotListResponse::from_json,
    );
    let classic_deleted = both(
        "n_server_nas_delete_snapshot",
        server::DeleteNasVolumeSnapshotResponse::from_xml,
        server::DeleteNasVolumeSnapshotResponse::from_json,
    );
    let classic_restored = both(
        "o_server_nas_restore_snapshot",
        server::RestoreNasVolumeWithSnapshotResponse::from_xml,
        server::RestoreNasVolumeWithSnapshotResponse::from_json,
    );
    assert_every_field_decoded("server", "GetNasVolumeSnapshotListResponse", &[&classic_list]);
    assert_every_field_decoded("server", "DeleteNasVolumeSnapshotResponse", &[&classic_deleted]);
    assert_every_field_decoded("server", "RestoreNasVolumeWithSnapshotResponse", &[&classic_restored]);
}
