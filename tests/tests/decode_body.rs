//! Whole-body decoding (`ncloud_runtime::decode`): the XML root element and the JSON envelope,
//! decoded into the generated vserver response, as the client decodes bodies in practice.

use ncloud_runtime::decode::{from_json, from_slice, from_xml};
use ncloud_runtime::{DecodeError, Format};
// The generated response of fixtures A and B: what these functions decode in practice.
use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceStatusCode, BlockStorageVolumeTypeCode,
    CreateBlockStorageSnapshotInstanceResponse as CreateResponse, HypervisorTypeCode,
};

const ROOT: &str = "createBlockStorageSnapshotInstanceResponse";

/// Fixture A of the notes: captured from the live service in 2024.
const FIXTURE_A: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<createBlockStorageSnapshotInstanceResponse>
  <requestId>a24ea78f-c7b4-46b4-b7dd-1cc16b735f2b</requestId>
  <returnCode>0</returnCode>
  <returnMessage>success</returnMessage>
  <totalRows>1</totalRows>
  <blockStorageSnapshotInstanceList>
<blockStorageSnapshotInstance>
  <blockStorageSnapshotInstanceNo>3183468</blockStorageSnapshotInstanceNo>
  <blockStorageSnapshotName>sh1901b16230a</blockStorageSnapshotName>
  <blockStorageSnapshotVolumeSize>53687091200</blockStorageSnapshotVolumeSize>
  <originalBlockStorageInstanceNo>3081227</originalBlockStorageInstanceNo>
  <blockStorageSnapshotInstanceStatus>
    <code>INIT</code>
    <codeName>Block Storage INIT State</codeName>
  </blockStorageSnapshotInstanceStatus>
  <blockStorageSnapshotInstanceOperation>
    <code>CREAT</code>
    <codeName>Block storage CREATE OP</codeName>
  </blockStorageSnapshotInstanceOperation>
  <blockStorageSnapshotInstanceStatusName>creating</blockStorageSnapshotInstanceStatusName>
  <createDate>2024-06-15T17:49:14+0900</createDate>
  <isEncryptedOriginalBlockStorageVolume>false</isEncryptedOriginalBlockStorageVolume>
  <blockStorageSnapshotDescription></blockStorageSnapshotDescription>
  <snapshotType>
    <code>FULL</code>
    <codeName>Full Storage Snapshot</codeName>
  </snapshotType>
  <baseSnapshotInstanceNo></baseSnapshotInstanceNo>
  <snapshotChainDepth>0</snapshotChainDepth>
  <isBootable>false</isBootable>
  <hypervisorType>
    <code>XEN</code>
    <codeName>XEN</codeName>
  </hypervisorType>
</blockStorageSnapshotInstance>
  </blockStorageSnapshotInstanceList>
</createBlockStorageSnapshotInstanceResponse>"#;

/// Fixture B of the notes: the JSON example of the Japanese documentation page.
const FIXTURE_B: &str = r#"{
  "createBlockStorageSnapshotInstanceResponse": {
"totalRows": 1,
"blockStorageSnapshotInstanceList": [
  {
    "blockStorageSnapshotInstanceNo": "*****4323",
    "blockStorageSnapshotName": "snapshot-test",
    "blockStorageSnapshotVolumeSize": 10737418240,
    "originalBlockStorageInstanceNo": "*****3168",
    "blockStorageSnapshotInstanceStatus": {
      "code": "INIT",
      "codeName": "ブロックストレージ INIT状態"
    },
    "blockStorageSnapshotInstanceOperation": {
      "code": "CREAT",
      "codeName": "ブロックストレージ CREAT OP"
    },
    "blockStorageSnapshotInstanceStatusName": "creating",
    "createDate": "2025-06-25T16:50:14+0900",
    "isEncryptedOriginalBlockStorageVolume": false,
    "snapshotType": {
      "code": "FULL",
      "codeName": "Full Storage Snapshot"
    },
    "snapshotChainDepth": 0,
    "isBootable": false,
    "hypervisorType": {
      "code": "KVM",
      "codeName": "KVM"
    },
    "blockStorageVolumeType": {
      "code": "CB1",
      "codeName": "Common BlockStorage 1"
    }
  }
],
"requestId": "bd72f843-****-****-****-3a56b6bf2a69",
"returnCode": "0",
"returnMessage": "success"
  }
}"#;

#[test]
fn fixture_a_xml_decodes() {
    let r: CreateResponse = from_xml(FIXTURE_A, ROOT).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("a24ea78f-c7b4-46b4-b7dd-1cc16b735f2b"));
    assert_eq!(r.return_code.as_deref(), Some("0"));
    assert_eq!(r.total_rows, Some(1));
    let list = r.block_storage_snapshot_instance_list.unwrap();
    assert_eq!(list.len(), 1);
    let item = &list[0];
    assert_eq!(item.block_storage_snapshot_instance_no.as_deref(), Some("3183468"));
    assert_eq!(item.block_storage_snapshot_volume_size, Some(53687091200));
    assert_eq!(
        item.block_storage_snapshot_instance_status.as_ref().unwrap().code,
        Some(BlockStorageSnapshotInstanceStatusCode::Init)
    );
    assert_eq!(item.create_date.unwrap().to_string(), "2024-06-15T17:49:14+0900");
    assert_eq!(item.block_storage_snapshot_description.as_deref(), Some(""));
    assert_eq!(item.snapshot_chain_depth, Some(0));
    assert_eq!(item.is_bootable, Some(false));
    assert_eq!(
        item.hypervisor_type.as_ref().unwrap().code,
        Some(HypervisorTypeCode::Xen)
    );
    assert_eq!(item.block_storage_volume_type, None);
}

#[test]
fn fixture_b_json_decodes() {
    let r: CreateResponse = from_json(FIXTURE_B, ROOT).unwrap();
    assert_eq!(r.return_code.as_deref(), Some("0"));
    let list = r.block_storage_snapshot_instance_list.unwrap();
    let item = &list[0];
    assert_eq!(item.block_storage_snapshot_volume_size, Some(10737418240));
    assert_eq!(
        item.block_storage_snapshot_instance_status
            .as_ref()
            .unwrap()
            .code_name
            .as_deref(),
        Some("ブロックストレージ INIT状態")
    );
    assert_eq!(item.block_storage_snapshot_description, None);
    assert_eq!(
        item.hypervisor_type.as_ref().unwrap().code,
        Some(HypervisorTypeCode::Kvm)
    );
    assert_eq!(
        item.block_storage_volume_type.as_ref().unwrap().code,
        Some(BlockStorageVolumeTypeCode::Cb1)
    );
}

#[test]
fn from_slice_dispatches_on_format() {
    let r: CreateResponse = from_slice(FIXTURE_A.as_bytes(), Format::Xml, ROOT).unwrap();
    assert_eq!(r.total_rows, Some(1));
    let r: CreateResponse = from_slice(FIXTURE_B.as_bytes(), Format::Json, ROOT).unwrap();
    assert_eq!(r.total_rows, Some(1));
}

#[test]
fn from_slice_rejects_bodies_that_are_not_utf8() {
    let err = from_slice::<CreateResponse>(b"{\"a\": \"\xff\"}", Format::Json, ROOT).unwrap_err();
    assert!(matches!(err, DecodeError::NotUtf8 { valid_up_to: 7 }));
    assert_eq!(
        err.to_string(),
        "response body is not valid UTF-8 (invalid byte at offset 7)"
    );
}

#[test]
fn xml_root_check_skips_declaration_comments_and_whitespace() {
    let body = "\n<?xml version=\"1.0\"?>\n<!-- hi -->\n<!DOCTYPE x>\n<?pi x?>\n<r><returnCode>0</returnCode></r>";
    let r: CreateResponse = from_xml(body, "r").unwrap();
    assert_eq!(r.return_code.as_deref(), Some("0"));
    let r: CreateResponse = from_xml("<r/>", "r").unwrap();
    assert_eq!(r, CreateResponse::default());
    let r: CreateResponse = from_xml("<ns:r xmlns:ns=\"urn:x\"></ns:r>", "r").unwrap();
    assert_eq!(r, CreateResponse::default());
}

#[test]
fn xml_with_a_byte_order_mark_decodes() {
    let body = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><totalRows>1</totalRows></r>";
    let r: CreateResponse = from_xml(body, "r").unwrap();
    assert_eq!(r.total_rows, Some(1));
}

#[test]
fn xml_wrong_root_names_expected_and_found() {
    let err = from_xml::<CreateResponse>(
        "<?xml version=\"1.0\"?><responseError><returnCode>1300</returnCode></responseError>",
        ROOT,
    )
    .unwrap_err();
    assert!(matches!(err, DecodeError::WrongXmlRoot { .. }));
    assert_eq!(
        err.to_string(),
        "unexpected XML root element <responseError>, expected <createBlockStorageSnapshotInstanceResponse>"
    );
}

#[test]
fn xml_without_root_element_is_reported_with_an_excerpt() {
    for body in ["", "   \n", "<?xml version=\"1.0\"?>"] {
        let err = from_xml::<CreateResponse>(body, "r").unwrap_err();
        assert!(matches!(err, DecodeError::NoXmlRoot { .. }), "{body:?}: {err}");
    }
    let err = from_xml::<CreateResponse>("Internal Server Error", "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "XML response has no root element, expected <r>; the body starts with \"Internal Server Error\""
    );
    let long = "x".repeat(5000);
    let err = from_xml::<CreateResponse>(&long, "r").unwrap_err().to_string();
    assert!(err.len() < 300, "{err}");
}

#[test]
fn xml_syntax_errors_are_reported() {
    let err = from_xml::<CreateResponse>("<r><returnCode>0</r>", "r").unwrap_err();
    assert!(matches!(err, DecodeError::Xml { .. }), "{err}");
    let text = err.to_string();
    assert!(text.starts_with("invalid XML response: "), "{text}");
    assert!(
        text.ends_with("; the body starts with \"<r><returnCode>0</r>\""),
        "{text}"
    );

    let err = from_xml::<CreateResponse>("<r", "r").unwrap_err();
    assert!(matches!(err, DecodeError::Xml { .. }), "{err}");
}

#[test]
fn xml_shape_errors_are_reported() {
    let err = from_xml::<CreateResponse>("<r><totalRows>many</totalRows></r>", "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid XML response: expected an integer, found \"many\"; \
         the body starts with \"<r><totalRows>many</totalRows></r>\""
    );
}

#[test]
fn xml_error_excerpts_are_bounded() {
    let body = format!("<r><totalRows>{}</totalRows></r>", "9x".repeat(2000));
    let err = from_xml::<CreateResponse>(&body, "r").unwrap_err().to_string();
    assert!(err.chars().count() < 450, "{err}");
}

#[test]
fn json_missing_envelope_lists_the_keys_found() {
    let err =
        from_json::<CreateResponse>(r#"{"responseError": {"returnCode": "1300"}, "other": 1}"#, ROOT).unwrap_err();
    assert!(matches!(err, DecodeError::MissingJsonEnvelope { .. }));
    assert_eq!(
        err.to_string(),
        "JSON response has no \"createBlockStorageSnapshotInstanceResponse\" key; found keys: responseError, other"
    );
    let err = from_json::<CreateResponse>("{}", "x").unwrap_err();
    assert_eq!(err.to_string(), "JSON response has no \"x\" key; found no keys");
}

#[test]
fn json_missing_envelope_lists_at_most_ten_keys() {
    let body = format!(
        "{{{}}}",
        (0..50).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(", ")
    );
    let DecodeError::MissingJsonEnvelope { found, .. } = from_json::<CreateResponse>(&body, "x").unwrap_err() else {
        panic!("wrong variant");
    };
    assert_eq!(found.len(), 10);
}

#[test]
fn json_ignores_sibling_keys_around_the_envelope() {
    let body = r#"{"before": [1, {"x": null}], "r": {"totalRows": 3}, "after": "z"}"#;
    let r: CreateResponse = from_json(body, "r").unwrap();
    assert_eq!(r.total_rows, Some(3));
}

#[test]
fn json_syntax_errors_are_reported_with_position_and_excerpt() {
    let err = from_json::<CreateResponse>("<html>Bad Gateway</html>", "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON response: expected value at line 1 column 1; \
         the body starts with \"<html>Bad Gateway</html>\""
    );
    let err = from_json::<CreateResponse>(r#"{"r": {}} trailing"#, "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON response: trailing characters at line 1 column 11; \
         the body starts with \"{\\\"r\\\": {}} trailing\""
    );
    let err = from_json::<CreateResponse>("", "r").unwrap_err();
    assert!(matches!(err, DecodeError::Json { .. }), "{err}");
}

#[test]
fn json_shape_errors_are_reported() {
    let err = from_json::<CreateResponse>("[1]", "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON response: invalid type: sequence, expected a JSON object with a \"r\" key \
         at line 1 column 0; the body starts with \"[1]\""
    );
    let err = from_json::<CreateResponse>(r#"{"r": {"totalRows": "many"}}"#, "r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON response: expected an integer, found \"many\" at line 1 column 26; \
         the body starts with \"{\\\"r\\\": {\\\"totalRows\\\": \\\"many\\\"}}\""
    );
    let err = from_json::<CreateResponse>(r#"{"r": {}, "r": {}}"#, "r").unwrap_err();
    assert!(err.to_string().contains("duplicate field `r`"), "{err}");
}

#[test]
fn json_error_excerpts_are_bounded() {
    let body = format!("{{\"r\": {{\"totalRows\": \"{}\"}}}}", "9x".repeat(2000));
    let err = from_json::<CreateResponse>(&body, "r").unwrap_err().to_string();
    assert!(err.chars().count() < 450, "{err}");
}

#[test]
fn format_parses_case_insensitively_and_prints_the_parameter_value() {
    assert_eq!("xml".parse(), Ok(Format::Xml));
    assert_eq!("JSON".parse(), Ok(Format::Json));
    assert_eq!("Json".parse(), Ok(Format::Json));
    assert_eq!(Format::Xml.as_str(), "xml");
    assert_eq!(Format::Json.to_string(), "json");
    assert_eq!(
        "yaml".parse::<Format>().unwrap_err().to_string(),
        "unknown response format \"yaml\"; expected `xml` or `json`"
    );
}
