//! Every payload of NCP_API_NOTES.md section 8, in the format it was captured in and converted to
//! the other, decodes to the same values; the values are asserted field by field.

use ncloud_client::runtime::{GatewayError, ServiceError};
use ncloud_client::server::CreateNasVolumeSnapshotResponse;
use ncloud_client::vserver::{
    BlockStorageSnapshotInstance, BlockStorageSnapshotInstanceOperationCode, BlockStorageSnapshotInstanceStatusCode,
    BlockStorageSnapshotTypeCode, BlockStorageVolumeTypeCode, CreateBlockStorageSnapshotInstanceResponse,
    HypervisorTypeCode,
};
use ncloud_client::{Format, Timestamp};
use ncloud_tests::payload;

fn block_storage(
    name: &str,
) -> (
    CreateBlockStorageSnapshotInstanceResponse,
    CreateBlockStorageSnapshotInstanceResponse,
) {
    let xml = CreateBlockStorageSnapshotInstanceResponse::from_xml(&payload(&format!("{name}.xml")))
        .unwrap_or_else(|e| panic!("{name}.xml: {e}"));
    let json = CreateBlockStorageSnapshotInstanceResponse::from_json(&payload(&format!("{name}.json")))
        .unwrap_or_else(|e| panic!("{name}.json: {e}"));
    (xml, json)
}

fn only_item(response: &CreateBlockStorageSnapshotInstanceResponse) -> &BlockStorageSnapshotInstance {
    let list = response
        .block_storage_snapshot_instance_list
        .as_deref()
        .expect("the list is present");
    assert_eq!(list.len(), 1);
    &list[0]
}

fn code<T: Clone>(object: Option<T>) -> T {
    object.expect("the code is present")
}

#[test]
fn payload_a_block_storage_2024_xml_and_its_json_twin_decode_to_the_same_values() {
    let (xml, json) = block_storage("a_block_storage_2024");
    assert_eq!(xml, json, "XML and JSON must decode to the same value");
    assert_eq!(xml.request_id.as_deref(), Some("a24ea78f-c7b4-46b4-b7dd-1cc16b735f2b"));
    assert_eq!(xml.return_code.as_deref(), Some("0"));
    assert_eq!(xml.return_message.as_deref(), Some("success"));
    assert_eq!(xml.total_rows, Some(1));
    let item = only_item(&xml);
    assert_eq!(item.block_storage_snapshot_instance_no.as_deref(), Some("3183468"));
    assert_eq!(item.block_storage_snapshot_name.as_deref(), Some("sh1901b16230a"));
    assert_eq!(item.block_storage_snapshot_volume_size, Some(53_687_091_200));
    assert_eq!(item.original_block_storage_instance_no.as_deref(), Some("3081227"));
    let status = item.block_storage_snapshot_instance_status.clone().expect("status");
    assert_eq!(status.code, Some(BlockStorageSnapshotInstanceStatusCode::Init));
    assert_eq!(status.code_name.as_deref(), Some("Block Storage INIT State"));
    let operation = item
        .block_storage_snapshot_instance_operation
        .clone()
        .expect("operation");
    assert_eq!(operation.code, Some(BlockStorageSnapshotInstanceOperationCode::Creat));
    assert_eq!(operation.code_name.as_deref(), Some("Block storage CREATE OP"));
    assert_eq!(
        item.block_storage_snapshot_instance_status_name.as_deref(),
        Some("creating")
    );
    let created = item.create_date.expect("createDate");
    assert_eq!(created.to_string(), "2024-06-15T17:49:14+0900");
    assert_eq!(
        created.offset_date_time().offset().whole_hours(),
        9,
        "the +0900 offset is kept"
    );
    assert_eq!(created.unix_timestamp(), 1_718_441_354);
    assert_eq!(item.is_encrypted_original_block_storage_volume, Some(false));
    assert_eq!(
        item.block_storage_snapshot_description.as_deref(),
        Some(""),
        "an empty element is an empty string"
    );
    let snapshot_type = code(item.snapshot_type.clone());
    assert_eq!(snapshot_type.code, Some(BlockStorageSnapshotTypeCode::Full));
    assert_eq!(snapshot_type.code_name.as_deref(), Some("Full Storage Snapshot"));
    assert_eq!(item.base_snapshot_instance_no.as_deref(), Some(""));
    assert_eq!(item.snapshot_chain_depth, Some(0));
    assert_eq!(item.is_bootable, Some(false));
    assert_eq!(code(item.hypervisor_type.clone()).code, Some(HypervisorTypeCode::Xen));
    assert_eq!(
        item.block_storage_volume_type, None,
        "the 2024 capture has no blockStorageVolumeType"
    );
}

#[test]
fn payload_b_seed_json_and_its_xml_twin_decode_to_the_same_values() {
    let (xml, json) = block_storage("b_block_storage_seed");
    assert_eq!(xml, json);
    assert_eq!(json.request_id.as_deref(), Some("bd72f843-****-****-****-3a56b6bf2a69"));
    assert_eq!(json.return_code.as_deref(), Some("0"));
    assert_eq!(json.total_rows, Some(1));
    let item = only_item(&json);
    assert_eq!(item.block_storage_snapshot_instance_no.as_deref(), Some("*****4323"));
    assert_eq!(item.block_storage_snapshot_name.as_deref(), Some("snapshot-test"));
    assert_eq!(item.block_storage_snapshot_volume_size, Some(10_737_418_240));
    assert_eq!(item.original_block_storage_instance_no.as_deref(), Some("*****3168"));
    let status = code(item.block_storage_snapshot_instance_status.clone());
    assert_eq!(status.code_name.as_deref(), Some("ブロックストレージ INIT状態"));
    assert_eq!(
        item.create_date.expect("createDate").to_string(),
        "2025-06-25T16:50:14+0900"
    );
    assert_eq!(item.block_storage_snapshot_description, None, "absent in the seed");
    assert_eq!(item.base_snapshot_instance_no, None, "absent in the seed");
    assert_eq!(item.is_bootable, Some(false));
    assert_eq!(code(item.hypervisor_type.clone()).code, Some(HypervisorTypeCode::Kvm));
    let volume_type = code(item.block_storage_volume_type.clone());
    assert_eq!(volume_type.code, Some(BlockStorageVolumeTypeCode::Cb1));
    assert_eq!(volume_type.code_name.as_deref(), Some("Common BlockStorage 1"));
}

#[test]
fn payload_c_2020_json_without_newer_fields_and_its_xml_twin_decode_to_the_same_values() {
    let (xml, json) = block_storage("c_block_storage_2020");
    assert_eq!(xml, json);
    assert_eq!(json.request_id.as_deref(), Some("82de18de-f08f-4490-84c7-5849fbfd9a5d"));
    let item = only_item(&json);
    assert_eq!(item.block_storage_snapshot_instance_no.as_deref(), Some("***1951"));
    assert_eq!(item.block_storage_snapshot_volume_size, Some(53_687_091_200));
    let operation = code(item.block_storage_snapshot_instance_operation.clone());
    assert_eq!(operation.code, Some(BlockStorageSnapshotInstanceOperationCode::Null));
    assert_eq!(operation.code_name.as_deref(), Some("Block Storage NULLOP"));
    assert_eq!(
        item.block_storage_snapshot_instance_status_name.as_deref(),
        Some("initialized")
    );
    assert_eq!(
        item.create_date.expect("createDate").to_string(),
        "2020-08-25T10:50:30+0900"
    );
    assert_eq!(
        item.block_storage_snapshot_description.as_deref(),
        Some(""),
        "`<x />` and \"\" are both empty"
    );
    assert_eq!(item.snapshot_chain_depth, Some(0));
    assert_eq!(
        (item.is_bootable, &item.hypervisor_type, &item.block_storage_volume_type),
        (None, &None, &None)
    );
}

#[test]
fn payload_d_nas_seed_xml_without_declaration_and_its_json_twin_decode_to_the_same_values() {
    let xml = CreateNasVolumeSnapshotResponse::from_xml(&payload("d_nas_snapshot_seed.xml")).unwrap();
    let json = CreateNasVolumeSnapshotResponse::from_json(&payload("d_nas_snapshot_seed.json")).unwrap();
    assert_eq!(xml, json);
    assert_eq!(xml.request_id.as_deref(), Some(""));
    assert_eq!(xml.return_code.as_deref(), Some("0"));
    assert_eq!(xml.total_rows, Some(1));
    let list = xml.nas_volume_snapshot_list.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].nas_volume_snapshot_name.as_deref(), Some("now.20210916.000000"));
    assert_eq!(
        list[0].create_date.map(|d| d.to_string()).as_deref(),
        Some("2021-09-16T00:00:00+0900")
    );
    assert_eq!(list[0].snapshot_size, Some(139_264));
    assert_eq!(list[0].is_busy, Some(false));
}

#[test]
fn payload_d_japanese_page_with_two_items_stray_script_and_numeric_return_code() {
    let xml = CreateNasVolumeSnapshotResponse::from_xml(&payload("d_nas_snapshot_ja.xml")).unwrap();
    let json = CreateNasVolumeSnapshotResponse::from_json(&payload("d_nas_snapshot_ja.json")).unwrap();
    assert_eq!(xml, json, "returnCode 0 as a JSON number decodes like the XML text");
    assert_eq!(json.return_code.as_deref(), Some("0"));
    assert_eq!(xml.total_rows, Some(2));
    let names: Vec<_> = xml
        .nas_volume_snapshot_list
        .iter()
        .flatten()
        .map(|s| s.nas_volume_snapshot_name.clone())
        .collect();
    assert_eq!(
        names,
        [
            Some("now.20240403.164347".to_owned()),
            Some("now.20240403.164400".to_owned())
        ]
    );
    assert!(
        xml.nas_volume_snapshot_list
            .iter()
            .flatten()
            .all(|s| s.snapshot_size == Some(0))
    );
}

#[test]
fn payload_e_error_envelopes_decode_in_both_formats() {
    let json = ServiceError::from_json(&payload("e_service_error.json")).unwrap();
    assert_eq!(json.return_code.as_deref(), Some("1007009"));
    assert_eq!(
        json.return_message.as_deref(),
        Some("If the Acg settings are being changed, you cannot change other settings at the same time.")
    );
    let as_xml = "<responseError><returnCode>1007009</returnCode><returnMessage>If the Acg settings are being changed, you cannot change other settings at the same time.</returnMessage></responseError>";
    assert_eq!(ServiceError::from_xml(as_xml).unwrap(), json);

    let xml = ServiceError::from_xml(&payload("e_service_error.xml")).unwrap();
    assert_eq!(xml.return_code.as_deref(), Some("1300"));
    assert_eq!(
        xml.return_message.as_deref(),
        Some("Please try your call again later. Temporarily out of service.")
    );
    let as_json = r#"{"responseError": {"returnCode": 1300, "returnMessage": "Please try your call again later. Temporarily out of service."}}"#;
    assert_eq!(ServiceError::from_json(as_json).unwrap(), xml);

    let gateway = GatewayError::from_json(&payload("e_gateway_error.json")).unwrap();
    assert_eq!(gateway.error_code.as_deref(), Some("500"));
    assert_eq!(gateway.message.as_deref(), Some("Endpoint Error"));
    assert_eq!(gateway.details.as_deref(), Some(""));
    let as_xml = "<error><errorCode>500</errorCode><message>Endpoint Error</message><details></details></error>";
    assert_eq!(GatewayError::from_xml(as_xml).unwrap(), gateway);
    let numeric = GatewayError::from_json(r#"{"error": {"errorCode": 410, "message": "Throttle Limited"}}"#).unwrap();
    assert_eq!(numeric.error_code.as_deref(), Some("410"));
}

#[test]
fn decoded_models_reemit_as_json_and_decode_back_to_the_same_value() {
    let (xml, _) = block_storage("a_block_storage_2024");
    let text = serde_json::to_string(&xml).unwrap();
    assert!(text.contains(r#""createDate":"2024-06-15T17:49:14+0900""#), "{text}");
    assert!(
        text.contains(r#""hypervisorType":{"code":"XEN","codeName":"XEN"}"#),
        "{text}"
    );
    assert!(
        !text.contains("blockStorageVolumeType"),
        "absent fields are left out: {text}"
    );
    let back: CreateBlockStorageSnapshotInstanceResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(back, xml);
}

#[test]
fn a_code_the_client_does_not_know_decodes_as_unknown_and_reemits_unchanged() {
    let body = payload("b_block_storage_seed.json").replace(r#""code": "KVM""#, r#""code": "HYPERV""#);
    let response = CreateBlockStorageSnapshotInstanceResponse::from_json(&body).unwrap();
    let hypervisor = code(only_item(&response).hypervisor_type.clone()).code.expect("code");
    assert_eq!(hypervisor, HypervisorTypeCode::Unknown("HYPERV".to_owned()));
    assert_eq!(hypervisor.as_str(), "HYPERV");
    assert!(serde_json::to_string(&response).unwrap().contains(r#""code":"HYPERV""#));
}

#[test]
fn unknown_fields_and_elements_are_ignored_in_both_formats() {
    let xml = payload("a_block_storage_2024.xml").replace(
        "<totalRows>",
        "<script /><futureField><nested>1</nested></futureField><totalRows>",
    );
    let json = payload("a_block_storage_2024.json")
        .replace(r#""totalRows""#, r#""futureField": {"nested": [1, 2]}, "totalRows""#);
    let (expected, _) = block_storage("a_block_storage_2024");
    assert_eq!(
        CreateBlockStorageSnapshotInstanceResponse::from_xml(&xml).unwrap(),
        expected
    );
    assert_eq!(
        CreateBlockStorageSnapshotInstanceResponse::from_json(&json).unwrap(),
        expected
    );
}

#[test]
fn from_slice_dispatches_on_the_format() {
    let xml = payload("a_block_storage_2024.xml");
    let json = payload("a_block_storage_2024.json");
    let a = CreateBlockStorageSnapshotInstanceResponse::from_slice(xml.as_bytes(), Format::Xml).unwrap();
    let b = CreateBlockStorageSnapshotInstanceResponse::from_slice(json.as_bytes(), Format::Json).unwrap();
    assert_eq!(a, b);
    assert!(CreateBlockStorageSnapshotInstanceResponse::from_slice(json.as_bytes(), Format::Xml).is_err());
}

#[test]
fn a_vpc_list_holding_classic_item_names_is_an_error_naming_both_not_an_empty_list() {
    // Classic answers `<blockStorageSnapshot>` items where VPC has `<blockStorageSnapshotInstance>`.
    let classic = payload("a_block_storage_2024.xml")
        .replace("<blockStorageSnapshotInstance>", "<blockStorageSnapshot>")
        .replace("</blockStorageSnapshotInstance>", "</blockStorageSnapshot>");
    assert!(
        classic.contains("<blockStorageSnapshot>"),
        "the payload changed: {classic}"
    );
    let error = CreateBlockStorageSnapshotInstanceResponse::from_xml(&classic)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "list <blockStorageSnapshotInstanceList> holds <blockStorageSnapshot> elements but no \
             <blockStorageSnapshotInstance>, the name of its items"
        ),
        "{error}"
    );
}

#[test]
fn an_error_body_given_to_a_response_decoder_is_a_clear_error_not_an_empty_response() {
    let error = CreateBlockStorageSnapshotInstanceResponse::from_xml(&payload("e_service_error.xml"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("responseError") && error.contains("createBlockStorageSnapshotInstanceResponse"),
        "{error}"
    );
    let error = CreateBlockStorageSnapshotInstanceResponse::from_json(&payload("e_service_error.json"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("responseError") && error.contains("createBlockStorageSnapshotInstanceResponse"),
        "{error}"
    );
}

#[test]
fn timestamps_accept_the_offset_without_colon_and_keep_it() {
    let t: Timestamp = "2024-06-15T17:49:14+0900".parse().unwrap();
    assert_eq!(t.to_string(), "2024-06-15T17:49:14+0900");
    assert_eq!(t.offset_date_time().offset().whole_minutes(), 540);
}

#[test]
fn bodies_nested_100000_deep_never_crash_the_decoder() {
    let depth = 100_000;
    // An unknown element is skipped without recursion: the known fields still decode.
    let xml = format!(
        "<createNasVolumeSnapshotResponse><returnCode>0</returnCode>{}{}</createNasVolumeSnapshotResponse>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let decoded = CreateNasVolumeSnapshotResponse::from_xml(&xml).unwrap();
    assert_eq!(decoded.return_code.as_deref(), Some("0"));
    // Deep nesting where a value belongs is an error.
    let xml = format!(
        "<createNasVolumeSnapshotResponse><returnCode>{}{}</returnCode></createNasVolumeSnapshotResponse>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    assert!(CreateNasVolumeSnapshotResponse::from_xml(&xml).is_err());
    let json = format!(
        r#"{{"createNasVolumeSnapshotResponse": {{"returnCode": 0, "x": {}{}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let decoded = CreateNasVolumeSnapshotResponse::from_json(&json).unwrap();
    assert_eq!(decoded.return_code.as_deref(), Some("0"));
    let json = format!(
        r#"{{"createNasVolumeSnapshotResponse": {{"returnCode": {}{}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(CreateNasVolumeSnapshotResponse::from_json(&json).is_err());
}

#[test]
fn enum_codes_padded_with_whitespace_or_after_a_bom_decode_to_their_variants() {
    let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<createBlockStorageSnapshotInstanceResponse>\
        <blockStorageSnapshotInstanceList><blockStorageSnapshotInstance>\
        <hypervisorType><code> KVM </code><codeName>KVM</codeName></hypervisorType>\
        </blockStorageSnapshotInstance></blockStorageSnapshotInstanceList>\
        </createBlockStorageSnapshotInstanceResponse>";
    let json = "\u{feff}{\"createBlockStorageSnapshotInstanceResponse\": {\"blockStorageSnapshotInstanceList\": \
        [{\"hypervisorType\": {\"code\": \"\\nKVM \", \"codeName\": \"KVM\"}}]}}";
    for (format, body) in [(Format::Xml, xml), (Format::Json, json)] {
        let response = CreateBlockStorageSnapshotInstanceResponse::from_slice(body.as_bytes(), format)
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        let hypervisor = code(only_item(&response).hypervisor_type.clone());
        assert_eq!(hypervisor.code, Some(HypervisorTypeCode::Kvm), "{format}");
    }
}
