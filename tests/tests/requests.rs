//! Requests encode to the exact query string that is signed and sent.

use ncloud_client::vserver::{CreateBlockStorageSnapshotInstance, SnapshotTypeCode};
use ncloud_client::{Action, Format, server::CreateNasVolumeSnapshot};
use ncloud_tests::fixtures::edge_cases::{GetThings, SortOrder, Type};

#[test]
fn parameters_are_encoded_in_spec_order_with_the_format_last() {
    let request = CreateBlockStorageSnapshotInstance::builder("1234567")
        .region_code("KR")
        .build()
        .unwrap();
    assert_eq!(
        request.request_target(Format::Json),
        "/vserver/v2/createBlockStorageSnapshotInstance?regionCode=KR&originalBlockStorageInstanceNo=1234567&responseFormatType=json"
    );
    assert_eq!(
        CreateNasVolumeSnapshot::builder("3901")
            .build()
            .unwrap()
            .request_target(Format::Xml),
        "/server/v2/createNasVolumeSnapshot?nasVolumeInstanceNo=3901&responseFormatType=xml"
    );
}

#[test]
fn everything_but_unreserved_characters_is_percent_encoded() {
    let request = CreateBlockStorageSnapshotInstance::builder("a b&c=d+e/f%g~h.i_j-k")
        .block_storage_snapshot_description("スナップ 説明")
        .snapshot_type_code(SnapshotTypeCode::Full)
        .build()
        .unwrap();
    assert_eq!(
        request.query_string(Format::Xml),
        "blockStorageSnapshotDescription=%E3%82%B9%E3%83%8A%E3%83%83%E3%83%97%20%E8%AA%AC%E6%98%8E\
         &originalBlockStorageInstanceNo=a%20b%26c%3Dd%2Be%2Ff%25g~h.i_j-k&snapshotTypeCode=FULL&responseFormatType=xml"
    );
}

#[test]
fn lists_are_sent_one_based_and_keywords_keep_their_wire_names() {
    let request = GetThings::builder(Type::XLarge)
        .self_(7)
        .thing_no_list(["11", "22", "33"])
        .tag_list(Vec::<String>::new())
        .sort_order(SortOrder::Desc)
        .region_code("KR")
        .build()
        .unwrap();
    assert_eq!(
        request.query_string(Format::Json),
        "regionCode=KR&type=x-large&self=7&thingNoList.1=11&thingNoList.2=22&thingNoList.3=33&sortOrder=DESC&responseFormatType=json"
    );
}

#[test]
fn list_items_and_counts_are_validated() {
    let error = GetThings::builder(Type::Small)
        .thing_no_list(["1", "x", "2", "3", "4", "5"])
        .build()
        .unwrap_err();
    let summary: Vec<String> = error
        .violations()
        .iter()
        .map(|v| format!("{} {}", v.field, v.rule))
        .collect();
    assert_eq!(
        summary,
        [
            "thingNoList at most 5 items",
            "thingNoList must match the pattern `^[0-9]+$`"
        ]
    );
    let error = GetThings::builder(Type::Small)
        .self_(0)
        .memo("語語語語")
        .build()
        .unwrap_err();
    let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(fields, ["self", "memo"], "{error}");
}

#[test]
fn non_ascii_names_keep_their_wire_names_and_are_percent_encoded() {
    use ncloud_tests::fixtures::unicode_names::{Match, Op取得};
    let request = Op取得::builder("スナップ").r#match(Match::Vはい).build().unwrap();
    assert_eq!(request.名前().as_str(), "スナップ");
    assert_eq!(
        request.query_string(Format::Json),
        "%E5%90%8D%E5%89%8D=%E3%82%B9%E3%83%8A%E3%83%83%E3%83%97&match=%E3%81%AF%E3%81%84"
    );
    let error = Op取得::builder("一二三四五六七八九十一").build().unwrap_err();
    assert_eq!(error.violations()[0].field, "名前");
}
