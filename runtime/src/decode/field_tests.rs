//! Tests of the field decoders: what quick-xml and serde_json hand to a visitor, and how
//! scalars, nested models and lists decode from both.

use super::model::*;
use super::scalar::*;
use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

// ---- what quick-xml 0.42 actually does -------------------------------------------------

/// Records the visitor calls `deserialize_any` produces, as text.
struct Describe;

impl<'de> Visitor<'de> for Describe {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(format!("str {v:?}"))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(format!("i64 {v}"))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(format!("u64 {v}"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(format!("f64 {v}"))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(format!("bool {v}"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("unit".into())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut parts = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(DescribeSeed)?;
            parts.push(format!("{key}: {value}"));
        }
        Ok(format!("map {{{}}}", parts.join(", ")))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut parts = Vec::new();
        while let Some(value) = seq.next_element_seed(DescribeSeed)? {
            parts.push(value);
        }
        Ok(format!("seq [{}]", parts.join(", ")))
    }
}

struct DescribeSeed;

impl<'de> DeserializeSeed<'de> for DescribeSeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(Describe)
    }
}

fn describe<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(Describe)
}

#[derive(Debug, serde::Deserialize)]
struct Probe {
    #[serde(deserialize_with = "describe")]
    x: String,
}

fn probe_xml(inner: &str) -> String {
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <x>{inner}</x>\n</r>");
    quick_xml::de::from_str::<Probe>(&xml).unwrap().x
}

#[test]
fn quick_xml_presents_text_as_a_map_with_a_text_key_untrimmed() {
    assert_eq!(probe_xml("text"), r#"map {$text: str "text"}"#);
    assert_eq!(probe_xml("0"), r#"map {$text: str "0"}"#);
    assert_eq!(probe_xml("  a b \n "), r#"map {$text: str "  a b \n "}"#);
    assert_eq!(probe_xml("a &amp; b"), r#"map {$text: str "a & b"}"#);
    assert_eq!(probe_xml("<![CDATA[<c>]]>"), r#"map {$text: str "<c>"}"#);
}

#[test]
fn quick_xml_presents_empty_and_blank_elements_as_an_empty_map() {
    assert_eq!(probe_xml(""), "map {}");
    assert_eq!(probe_xml("  \n  "), "map {}");
    let xml = "<r><x/></r>";
    assert_eq!(quick_xml::de::from_str::<Probe>(xml).unwrap().x, "map {}");
    let xml = "<r><x /></r>";
    assert_eq!(quick_xml::de::from_str::<Probe>(xml).unwrap().x, "map {}");
}

#[test]
fn quick_xml_presents_children_as_a_map_with_repeated_keys() {
    assert_eq!(
        probe_xml("\n <a>1</a>\n <script />\n <a>2</a>\n"),
        r#"map {a: map {$text: str "1"}, script: map {}, a: map {$text: str "2"}}"#
    );
    assert_eq!(
        probe_xml(r#"<a k="v">t</a>"#),
        r#"map {a: map {@k: str "v", $text: str "t"}}"#
    );
}

// ---- models shaped like the generated ones ---------------------------------------------

/// `Serialize` and `Deserialize` through [`Model`], as generated models have them.
macro_rules! serde_via_model {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::decode::model::serialize(self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::decode::model::deserialize(d)
            }
        }
    )*};
}
serde_via_model!(Code, Snapshot, Response);

#[derive(Debug, Clone, PartialEq, Default)]
struct Code {
    code: Option<String>,
    code_name: Option<String>,
}

impl Model for Code {
    const NAME: &'static str = "Code";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "code" => field.scalar(&mut self.code),
            "codeName" => field.scalar(&mut self.code_name),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("code", &self.code);
        sink.field("codeName", &self.code_name);
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Snapshot {
    name: Option<String>,
    size: Option<i64>,
    depth: Option<i32>,
    is_busy: Option<bool>,
    ratio: Option<f64>,
    snapshot_type: Option<Code>,
}

impl Model for Snapshot {
    const NAME: &'static str = "Snapshot";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "nasVolumeSnapshotName" => field.scalar(&mut self.name),
            "snapshotSize" => field.scalar(&mut self.size),
            "snapshotChainDepth" => field.scalar(&mut self.depth),
            "isBusy" => field.scalar(&mut self.is_busy),
            "ratio" => field.scalar(&mut self.ratio),
            "snapshotType" => field.object(&mut self.snapshot_type),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("nasVolumeSnapshotName", &self.name);
        sink.field("snapshotSize", &self.size);
        sink.field("snapshotChainDepth", &self.depth);
        sink.field("isBusy", &self.is_busy);
        sink.field("ratio", &self.ratio);
        sink.field("snapshotType", &self.snapshot_type);
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Response {
    request_id: Option<String>,
    return_code: Option<String>,
    total_rows: Option<i32>,
    snapshots: Option<Vec<Snapshot>>,
    server_instance_nos: Option<Vec<String>>,
    sizes: Option<Vec<i64>>,
}

impl Model for Response {
    const NAME: &'static str = "Response";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "requestId" => field.scalar(&mut self.request_id),
            "returnCode" => field.scalar(&mut self.return_code),
            "totalRows" => field.scalar(&mut self.total_rows),
            "nasVolumeSnapshotList" => field.list(&mut self.snapshots, "nasVolumeSnapshot"),
            "serverInstanceNoList" => field.scalar_list(&mut self.server_instance_nos, "serverInstanceNo"),
            "sizes" => field.scalar_list(&mut self.sizes, "size"),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("requestId", &self.request_id);
        sink.field("returnCode", &self.return_code);
        sink.field("totalRows", &self.total_rows);
        sink.field("nasVolumeSnapshotList", &self.snapshots);
        sink.field("serverInstanceNoList", &self.server_instance_nos);
        sink.field("sizes", &self.sizes);
    }
}

fn xml<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
    quick_xml::de::from_str(body).map_err(|e| e.to_string())
}

/// Decodes JSON; errors without serde_json's " at line L column C" suffix.
fn json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|e| {
        let text = e.to_string();
        match text.rfind(" at line ") {
            Some(at) => text[..at].to_owned(),
            None => text,
        }
    })
}

fn snap_xml(inner: &str) -> Result<Snapshot, String> {
    xml(&format!("<nasVolumeSnapshot>{inner}</nasVolumeSnapshot>"))
}

#[test]
fn option_decodes_bare_numbers_and_booleans_from_xml() {
    let s = snap_xml(
        "<nasVolumeSnapshotName>now.20240403.164347</nasVolumeSnapshotName>\
         <snapshotSize>139264</snapshotSize><snapshotChainDepth>0</snapshotChainDepth>\
         <isBusy>false</isBusy><ratio>0.5</ratio>",
    )
    .unwrap();
    assert_eq!(
        s,
        Snapshot {
            name: Some("now.20240403.164347".into()),
            size: Some(139264),
            depth: Some(0),
            is_busy: Some(false),
            ratio: Some(0.5),
            snapshot_type: None,
        }
    );
}

#[test]
fn option_decodes_json_numbers_booleans_and_numeric_strings() {
    let s: Snapshot = json(
        r#"{"nasVolumeSnapshotName": "n", "snapshotSize": 53687091200, "snapshotChainDepth": "3",
            "isBusy": true, "ratio": 2}"#,
    )
    .unwrap();
    assert_eq!(s.size, Some(53687091200));
    assert_eq!(s.depth, Some(3));
    assert_eq!(s.is_busy, Some(true));
    assert_eq!(s.ratio, Some(2.0));
    let s: Snapshot = json(r#"{"snapshotSize": "-5", "isBusy": "TRUE", "snapshotChainDepth": 4.0}"#).unwrap();
    assert_eq!(s.size, Some(-5));
    assert_eq!(s.is_busy, Some(true));
    assert_eq!(s.depth, Some(4));
}

#[test]
fn option_trims_whitespace_around_numbers_and_booleans() {
    let s = snap_xml("<snapshotSize>\n  42\n</snapshotSize><isBusy> true </isBusy>").unwrap();
    assert_eq!(s.size, Some(42));
    assert_eq!(s.is_busy, Some(true));
    let s: Snapshot = json(r#"{"snapshotSize": " 7 "}"#).unwrap();
    assert_eq!(s.size, Some(7));
}

#[test]
fn return_code_decodes_as_a_string_from_json_string_number_and_xml() {
    for body in [
        r#"{"returnCode": "0"}"#,
        r#"{"returnCode": 0}"#,
        r#"{"returnCode": 0, "unknown": [1, {"a": null}]}"#,
    ] {
        let r: Response = json(body).unwrap();
        assert_eq!(r.return_code.as_deref(), Some("0"), "{body}");
    }
    let r: Response = xml("<r><returnCode>0</returnCode></r>").unwrap();
    assert_eq!(r.return_code.as_deref(), Some("0"));
    let r: Response = json(r#"{"returnCode": 1.5}"#).unwrap();
    assert_eq!(r.return_code.as_deref(), Some("1.5"));
    let r: Response = json(r#"{"returnCode": false}"#).unwrap();
    assert_eq!(r.return_code.as_deref(), Some("false"));
}

#[test]
fn empty_values_are_none_except_strings_which_are_empty() {
    for body in [
        "<r><requestId></requestId><totalRows></totalRows></r>",
        "<r><requestId/><totalRows/></r>",
        "<r><requestId /><totalRows>  </totalRows></r>",
    ] {
        let r: Response = xml(body).unwrap();
        assert_eq!(r.request_id.as_deref(), Some(""), "{body}");
        assert_eq!(r.total_rows, None, "{body}");
    }
    let r: Response = json(r#"{"requestId": "", "totalRows": ""}"#).unwrap();
    assert_eq!(r.request_id.as_deref(), Some(""));
    assert_eq!(r.total_rows, None);
    let r: Response = json(r#"{"requestId": null, "totalRows": null}"#).unwrap();
    assert_eq!(r.request_id, None);
    assert_eq!(r.total_rows, None);
    let s = snap_xml("<isBusy/><ratio></ratio><snapshotType/>").unwrap();
    assert_eq!(s, Snapshot::default());
}

#[test]
fn missing_fields_are_none() {
    assert_eq!(xml::<Response>("<r/>").unwrap(), Response::default());
    assert_eq!(xml::<Response>("<r></r>").unwrap(), Response::default());
    assert_eq!(json::<Response>("{}").unwrap(), Response::default());
}

#[test]
fn unknown_fields_and_elements_and_stray_script_are_ignored() {
    let r: Response = xml(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <script />\n  <!-- note -->\n  \
         <returnCode>0</returnCode>\n  <newField><deep>1</deep></newField>\n  <totalRows>2</totalRows>\n</r>",
    )
    .unwrap();
    assert_eq!(r.return_code.as_deref(), Some("0"));
    assert_eq!(r.total_rows, Some(2));
    let r: Response = json(r#"{"newField": {"deep": [1, 2]}, "totalRows": 2, "other": null}"#).unwrap();
    assert_eq!(r.total_rows, Some(2));
}

#[test]
fn a_field_seen_twice_is_an_error_in_both_formats() {
    let err = json::<Response>(r#"{"totalRows": 1, "totalRows": 2}"#).unwrap_err();
    assert_eq!(err, "duplicate field `totalRows`");
    let err = xml::<Response>("<r><returnCode>0</returnCode><returnCode>1</returnCode></r>").unwrap_err();
    assert!(err.contains("duplicate field `returnCode`"), "{err}");
    let err = json::<Snapshot>(r#"{"snapshotType": {"code": "FULL"}, "snapshotType": {}}"#).unwrap_err();
    assert_eq!(err, "duplicate field `snapshotType`");
    let err = json::<Response>(r#"{"sizes": [1], "sizes": [2]}"#).unwrap_err();
    assert_eq!(err, "duplicate field `sizes`");
}

#[test]
fn option_reports_the_expected_type() {
    assert_eq!(
        snap_xml("<snapshotSize>big</snapshotSize>").unwrap_err(),
        r#"expected an integer, found "big""#
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotSize": "big"}"#).unwrap_err(),
        r#"expected an integer, found "big""#
    );
    assert_eq!(
        json::<Snapshot>(r#"{"isBusy": "yes"}"#).unwrap_err(),
        "expected `true` or `false`, found \"yes\""
    );
    assert_eq!(
        json::<Snapshot>(r#"{"isBusy": 1}"#).unwrap_err(),
        "expected `true` or `false`, found \"1\""
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotChainDepth": 3000000000}"#).unwrap_err(),
        "integer 3000000000 is out of range for a 32-bit integer"
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotSize": 1.5}"#).unwrap_err(),
        "expected an integer, found the number 1.5"
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotSize": [1]}"#).unwrap_err(),
        "invalid type: sequence, expected an integer"
    );
    assert_eq!(
        json::<Snapshot>(r#"{"nasVolumeSnapshotName": {"code": "x"}}"#).unwrap_err(),
        "expected a string, found a nested element or object `code`"
    );
    assert_eq!(
        snap_xml("<nasVolumeSnapshotName><code>x</code></nasVolumeSnapshotName>").unwrap_err(),
        "expected a string, found a nested element or object `code`"
    );
}

#[test]
fn option_error_messages_bound_long_values() {
    let body = format!(r#"{{"snapshotSize": "{}"}}"#, "9x".repeat(500));
    let err = json::<Snapshot>(&body).unwrap_err();
    assert!(err.len() < 150, "{err}");
}

#[test]
fn xml_attributes_on_scalars_are_ignored() {
    let s = snap_xml(r#"<snapshotSize unit="bytes">5</snapshotSize>"#).unwrap();
    assert_eq!(s.size, Some(5));
}

#[test]
fn object_decodes_nested_models_from_both_formats() {
    let expected = Some(Code {
        code: Some("FULL".into()),
        code_name: Some("Full Storage Snapshot".into()),
    });
    let s =
        snap_xml("<snapshotType>\n  <code>FULL</code>\n  <codeName>Full Storage Snapshot</codeName>\n</snapshotType>")
            .unwrap();
    assert_eq!(s.snapshot_type, expected);
    let s: Snapshot = json(r#"{"snapshotType": {"code": "FULL", "codeName": "Full Storage Snapshot"}}"#).unwrap();
    assert_eq!(s.snapshot_type, expected);
    // Partial objects and unknown keys inside.
    let s = snap_xml("<snapshotType><extra/><code>FULL</code></snapshotType>").unwrap();
    assert_eq!(s.snapshot_type.unwrap().code.as_deref(), Some("FULL"));
}

#[test]
fn object_treats_null_empty_string_empty_object_and_empty_element_as_none() {
    for body in [
        r#"{"snapshotType": null}"#,
        r#"{"snapshotType": ""}"#,
        r#"{"snapshotType": {}}"#,
    ] {
        assert_eq!(json::<Snapshot>(body).unwrap().snapshot_type, None, "{body}");
    }
    for inner in [
        "<snapshotType/>",
        "<snapshotType></snapshotType>",
        "<snapshotType>\n  </snapshotType>",
    ] {
        assert_eq!(snap_xml(inner).unwrap().snapshot_type, None, "{inner}");
    }
}

#[test]
fn object_rejects_text_where_an_object_belongs_in_both_formats() {
    assert_eq!(
        snap_xml("<snapshotType>KVM</snapshotType>").unwrap_err(),
        r#"invalid type: string "KVM", expected an object"#
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotType": "KVM"}"#).unwrap_err(),
        r#"invalid type: string "KVM", expected an object"#
    );
    assert_eq!(
        json::<Snapshot>(r#"{"snapshotType": 3}"#).unwrap_err(),
        "invalid type: integer `3`, expected an object"
    );
}

#[test]
fn wrapped_list_decodes_zero_one_and_two_items_from_xml() {
    let r: Response = xml("<r><nasVolumeSnapshotList></nasVolumeSnapshotList></r>").unwrap();
    assert_eq!(r.snapshots, Some(vec![]));
    let r: Response = xml("<r><nasVolumeSnapshotList/></r>").unwrap();
    assert_eq!(r.snapshots, Some(vec![]));
    let r: Response = xml(
        "<r><nasVolumeSnapshotList>\n  <nasVolumeSnapshot><snapshotSize>1</snapshotSize></nasVolumeSnapshot>\n\
         </nasVolumeSnapshotList></r>",
    )
    .unwrap();
    assert_eq!(r.snapshots.unwrap()[0].size, Some(1));
    let r: Response = xml(
        "<r><totalRows>2</totalRows><nasVolumeSnapshotList>\
           <nasVolumeSnapshot><snapshotSize>1</snapshotSize><snapshotType><code>FULL</code></snapshotType></nasVolumeSnapshot>\
           <script />\
           <nasVolumeSnapshot><snapshotSize>2</snapshotSize></nasVolumeSnapshot>\
         </nasVolumeSnapshotList><returnCode>0</returnCode></r>",
    )
    .unwrap();
    let snapshots = r.snapshots.unwrap();
    assert_eq!(snapshots.len(), 2);
    assert_eq!(snapshots[0].size, Some(1));
    assert_eq!(
        snapshots[0].snapshot_type.as_ref().unwrap().code.as_deref(),
        Some("FULL")
    );
    assert_eq!(snapshots[1].size, Some(2));
    assert_eq!(r.total_rows, Some(2));
    assert_eq!(r.return_code.as_deref(), Some("0"));
}

#[test]
fn an_xml_list_whose_children_all_have_another_name_is_an_error_naming_both() {
    // Classic's item name in a VPC list, or a spec's wrong `xml.name`: not an empty list.
    assert_eq!(
        xml::<Response>(
            "<r><nasVolumeSnapshotList>\
               <nasVolumeSnapshotInstance><snapshotSize>1</snapshotSize></nasVolumeSnapshotInstance>\
               <nasVolumeSnapshotInstance/>\
             </nasVolumeSnapshotList></r>"
        )
        .unwrap_err(),
        "list <nasVolumeSnapshotList> holds <nasVolumeSnapshotInstance> elements but no \
         <nasVolumeSnapshot>, the name of its items"
    );
    assert_eq!(
        xml::<Response>("<r><sizes><sise>1</sise><sise>2</sise></sizes></r>").unwrap_err(),
        "list <sizes> holds <sise> elements but no <size>, the name of its items"
    );
    // Names that came in the body are cut in the message.
    let long = "n".repeat(1000);
    let error = xml::<Response>(&format!("<r><sizes><{long}>1</{long}></sizes></r>")).unwrap_err();
    assert!(error.len() < 200, "{error}");

    // Whatever else is in the wrapper: attributes, text, strays among items, no children.
    let r: Response = xml("<r><nasVolumeSnapshotList count=\"2\">\
           <script/><nasVolumeSnapshot/><other>x</other><nasVolumeSnapshot/>\
         </nasVolumeSnapshotList><sizes n=\"0\"/></r>")
    .unwrap();
    assert_eq!(r.snapshots.map(|s| s.len()), Some(2), "strays among items are skipped");
    assert_eq!(r.sizes, Some(vec![]), "an attribute is not an item of another name");
    let r: Response = xml("<r><sizes>  </sizes></r>").unwrap();
    assert_eq!(r.sizes, Some(vec![]));
}

#[test]
fn a_capped_list_keeps_at_most_the_cap_counts_every_item_and_leaves_other_lists_whole() {
    use crate::decode::cap::{ItemCap, count_items};
    // The third snapshot would not decode: it is counted, not decoded.
    const JSON_BODY: &str = r#"{"nasVolumeSnapshotList": [{"snapshotSize": 1}, {"snapshotSize": 2}, {"snapshotSize": "x"}, {}],
        "sizes": [1, 2, 3]}"#;
    const XML_BODY: &str = "<r><nasVolumeSnapshotList><nasVolumeSnapshot><snapshotSize>1</snapshotSize></nasVolumeSnapshot>\
        <nasVolumeSnapshot><snapshotSize>2</snapshotSize></nasVolumeSnapshot><script/>\
        <nasVolumeSnapshot><snapshotSize>x</snapshotSize></nasVolumeSnapshot><nasVolumeSnapshot/>\
        </nasVolumeSnapshotList><sizes><size>1</size><size>2</size><size>3</size></sizes></r>";
    type Decode = fn() -> Result<Response, String>;
    let decoders: [(&str, Decode); 2] = [("json", || json(JSON_BODY)), ("xml", || xml(XML_BODY))];
    for (format, decode) in decoders {
        let (response, counted) = count_items(ItemCap::of::<Snapshot>(2), decode);
        let response = response.unwrap();
        let sizes: Vec<_> = response.snapshots.unwrap().iter().map(|s| s.size).collect();
        assert_eq!(sizes, [Some(1), Some(2)], "{format}");
        assert_eq!(counted, Some(4), "{format}");
        assert_eq!(response.sizes, Some(vec![1, 2, 3]), "{format}: a list of another type");

        // A cap on a type no list of the response holds changes nothing.
        let (response, counted) = count_items(ItemCap::of::<Code>(1), decode);
        assert!(response.is_err(), "{format}: every snapshot is decoded");
        assert_eq!(counted, None, "{format}");
        // Nor is a cap left behind for the next body decoded on this thread.
        assert!(decode().is_err(), "{format}");
    }
    // Scalar lists are capped the same way.
    let (response, counted) = count_items(ItemCap::of::<i64>(1), || json::<Response>(r#"{"sizes": [1, "x"]}"#));
    assert_eq!((response.unwrap().sizes, counted), (Some(vec![1]), Some(2)));
}

#[test]
fn wrapped_list_empty_item_element_is_a_default_item() {
    let r: Response = xml("<r><nasVolumeSnapshotList><nasVolumeSnapshot/></nasVolumeSnapshotList></r>").unwrap();
    assert_eq!(r.snapshots, Some(vec![Snapshot::default()]));
}

#[test]
fn wrapped_list_decodes_zero_one_and_two_items_from_json() {
    for (body, expected) in [
        (r#"{"nasVolumeSnapshotList": []}"#, Some(0)),
        (r#"{"nasVolumeSnapshotList": ""}"#, Some(0)),
        (r#"{"nasVolumeSnapshotList": null}"#, None),
        (r#"{}"#, None),
        (r#"{"nasVolumeSnapshotList": [{"snapshotSize": 1}]}"#, Some(1)),
        (
            r#"{"nasVolumeSnapshotList": [{"snapshotSize": 1}, {"snapshotSize": "2"}]}"#,
            Some(2),
        ),
    ] {
        let r: Response = json(body).unwrap();
        assert_eq!(r.snapshots.as_ref().map(Vec::len), expected, "{body}");
    }
    assert_eq!(
        json::<Response>(r#"{"nasVolumeSnapshotList": "x"}"#).unwrap_err(),
        "invalid type: string \"x\", expected a list (a JSON array, or XML <nasVolumeSnapshot> \
         elements in a wrapper element)"
    );
}

#[test]
fn wrapped_scalar_list_decodes_both_formats() {
    let r: Response = xml("<r><serverInstanceNoList><serverInstanceNo>937507</serverInstanceNo>\
         <serverInstanceNo></serverInstanceNo><serverInstanceNo>1021003</serverInstanceNo>\
         </serverInstanceNoList><sizes><size> 1 </size><script/><size>2</size></sizes></r>")
    .unwrap();
    assert_eq!(
        r.server_instance_nos,
        Some(vec!["937507".into(), String::new(), "1021003".into()])
    );
    assert_eq!(r.sizes, Some(vec![1, 2]));
    let r: Response = xml(
        "<r><serverInstanceNoList><serverInstanceNo>1</serverInstanceNo></serverInstanceNoList>\
         <sizes/></r>",
    )
    .unwrap();
    assert_eq!(r.server_instance_nos, Some(vec!["1".into()]));
    assert_eq!(r.sizes, Some(vec![]));

    let r: Response = json(r#"{"serverInstanceNoList": ["937507", 1021003, ""], "sizes": [1, "2"]}"#).unwrap();
    assert_eq!(
        r.server_instance_nos,
        Some(vec!["937507".into(), "1021003".into(), String::new()])
    );
    assert_eq!(r.sizes, Some(vec![1, 2]));
}

#[test]
fn wrapped_scalar_list_rejects_empty_non_string_items() {
    assert_eq!(
        xml::<Response>("<r><sizes><size>1</size><size/></sizes></r>").unwrap_err(),
        "a list item is empty, expected an integer"
    );
    assert_eq!(
        json::<Response>(r#"{"sizes": [1, ""]}"#).unwrap_err(),
        "a list item is empty, expected an integer"
    );
    assert_eq!(
        json::<Response>(r#"{"serverInstanceNoList": [null]}"#).unwrap_err(),
        "a list item is empty, expected a string"
    );
}

#[test]
fn json_round_trip_gives_an_equal_value() {
    let value = Response {
        request_id: Some(String::new()),
        return_code: Some("0".into()),
        total_rows: Some(2),
        snapshots: Some(vec![
            Snapshot {
                name: Some("now.20240403.164347".into()),
                size: Some(i64::MAX),
                depth: Some(-1),
                is_busy: Some(true),
                ratio: Some(0.25),
                snapshot_type: Some(Code {
                    code: Some("FULL".into()),
                    code_name: None,
                }),
            },
            Snapshot::default(),
        ]),
        server_instance_nos: Some(vec!["1".into(), String::new()]),
        sizes: Some(vec![]),
    };
    let text = serde_json::to_string(&value).unwrap();
    assert_eq!(json::<Response>(&text).unwrap(), value);
    // A default value serializes to `{}` and comes back equal too.
    let text = serde_json::to_string(&Response::default()).unwrap();
    assert_eq!(text, "{}");
    assert_eq!(json::<Response>(&text).unwrap(), Response::default());
}

#[test]
fn from_wire_conversions() {
    assert_eq!(i64::from_text(" 12 "), Ok(12));
    assert_eq!(
        i64::from_u64(u64::MAX),
        Err("integer 18446744073709551615 is out of range for a 64-bit integer".into())
    );
    assert_eq!(i64::from_f64(-3.0), Ok(-3));
    assert!(i64::from_f64(f64::NAN).is_err());
    assert!(i64::from_f64(f64::INFINITY).is_err());
    assert!(i64::from_f64(9.3e18).is_err());
    assert_eq!(i32::from_text("2147483647"), Ok(i32::MAX));
    assert_eq!(
        i32::from_text("2147483648"),
        Err("integer 2147483648 is out of range for a 32-bit integer".into())
    );
    assert_eq!(f64::from_text("1e3"), Ok(1000.0));
    assert_eq!(bool::from_text("False"), Ok(false));
    assert_eq!(String::from_f64(0.5), Ok("0.5".into()));
    assert_eq!(String::from_i64(-1), Ok("-1".into()));
}

// ---- maps of scalars (REST models) -----------------------------------------------------

#[derive(Debug, Clone, PartialEq, Default)]
struct Spec {
    labels: Option<std::collections::BTreeMap<String, String>>,
    limits: Option<std::collections::BTreeMap<String, i64>>,
}

impl Model for Spec {
    const NAME: &'static str = "Spec";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "labels" => field.map(&mut self.labels),
            "limits" => field.map(&mut self.limits),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("labels", &self.labels);
        sink.field("limits", &self.limits);
    }
}
serde_via_model!(Spec);

#[test]
fn a_map_of_scalars_decodes_from_a_json_object_leniently() {
    let spec: Spec =
        json(r#"{"labels": {"env": "prod", "n": 1, "gone": null}, "limits": {"cpu": "2", "mem": 512}}"#).unwrap();
    let labels = spec.labels.unwrap();
    assert_eq!(labels.get("env").map(String::as_str), Some("prod"));
    assert_eq!(labels.get("n").map(String::as_str), Some("1"), "a number's text");
    assert!(!labels.contains_key("gone"), "a null value leaves its key out");
    let limits = spec.limits.unwrap();
    assert_eq!((limits["cpu"], limits["mem"]), (2, 512));
    assert_eq!(json::<Spec>(r#"{"labels": null}"#).unwrap().labels, None);
    assert_eq!(
        json::<Spec>(r#"{"labels": {}}"#).unwrap().labels,
        Some(Default::default())
    );
    for (body, expected) in [
        (r#"{"limits": {"cpu": "many"}}"#, "many"),
        (r#"{"labels": "text"}"#, "text"),
        (r#"{"labels": {"a": "1", "a": "2"}}"#, "duplicate key `a`"),
        (r#"{"labels": {"a": {"nested": 1}}}"#, "nested"),
    ] {
        let error = json::<Spec>(body).unwrap_err();
        assert!(error.contains(expected), "{body}: {error}");
    }
}
