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

#[test]
fn an_inline_schema_repeated_by_several_actions_is_one_type() {
    use ncloud_tests::fixtures::shared_inline::{
        GetBlockStorageInstanceList, GetPublicIpInstanceList, GetServerInstanceDetailResponse, GetServerInstanceList,
        GetServerInstanceListResponse, GetServerInstanceListResponseServerInstanceListItem, PageNo, PageSize,
        SortingOrder,
    };
    // `pageNo`, `pageSize` and `sortingOrder` are written inline in each action (and `pageNo` once
    // as a component schema): one Rust type each, so a value read from one request builds another.
    let first = GetServerInstanceList::builder()
        .page_no(2)
        .page_size(50)
        .sorting_order(SortingOrder::Desc)
        .build()
        .unwrap();
    let page_size: PageSize = first.page_size().unwrap();
    let second = GetBlockStorageInstanceList::builder(page_size.get())
        .page_no(first.page_no().map(PageNo::get).unwrap())
        .build()
        .unwrap();
    let third = GetPublicIpInstanceList::builder().page_no(9).build().unwrap();
    let pages: [Option<PageNo>; 3] = [first.page_no(), second.page_no(), third.page_no()];
    assert_eq!(pages.map(|p| p.map(PageNo::get)), [Some(2), Some(2), Some(9)]);
    assert_eq!(
        second.query_string(Format::Json),
        "pageNo=2&pageSize=50&responseFormatType=json"
    );
    // Every action keeps its own rules' errors: one type, one set of rules.
    let error = GetBlockStorageInstanceList::builder(0).page_no(-1).build().unwrap_err();
    let summary: Vec<String> = error
        .violations()
        .iter()
        .map(|v| format!("{} {}", v.field, v.rule))
        .collect();
    assert_eq!(summary, ["pageNo at least 0", "pageSize at least 1"]);

    // The list items repeated inline in two responses are one model.
    fn numbers(items: &[GetServerInstanceListResponseServerInstanceListItem]) -> Vec<&str> {
        items.iter().filter_map(|i| i.server_instance_no.as_deref()).collect()
    }
    let list = GetServerInstanceListResponse::from_json(
        r#"{"getServerInstanceListResponse": {"serverInstanceList": [{"serverInstanceNo": "1"}, {"serverInstanceNo": "2"}]}}"#,
    )
    .unwrap();
    let detail = GetServerInstanceDetailResponse::from_xml(
        "<getServerInstanceDetailResponse><serverInstanceList><serverInstance><serverInstanceNo>3</serverInstanceNo>\
         </serverInstance></serverInstanceList></getServerInstanceDetailResponse>",
    )
    .unwrap();
    assert_eq!(numbers(list.server_instance_list.as_deref().unwrap()), ["1", "2"]);
    assert_eq!(numbers(detail.server_instance_list.as_deref().unwrap()), ["3"]);
}

#[test]
fn fifty_actions_repeating_the_same_inline_parameters_compile_to_one_type_each() {
    use ncloud_tests::fixtures::synth_shared_inline::{
        GetResource0001InstanceList, GetResource0050InstanceList, PageNo, PageSize, SortingOrder,
    };
    assert_eq!(ncloud_tests::synth::SHARED_INLINE_COMPILED, 50);
    let first = GetResource0001InstanceList::builder()
        .page_no(1)
        .page_size(10)
        .build()
        .unwrap();
    let last = GetResource0050InstanceList::builder()
        .page_no(first.page_no().map(PageNo::get).unwrap())
        .page_size(first.page_size().map(PageSize::get).unwrap())
        .sorting_order(SortingOrder::Asc)
        .build()
        .unwrap();
    let sizes: [Option<PageSize>; 2] = [first.page_size(), last.page_size()];
    assert_eq!(sizes.map(|s| s.map(PageSize::get)), [Some(10), Some(10)]);
    assert_eq!(
        last.query_string(Format::Xml),
        "pageNo=1&pageSize=10&sortingOrder=ASC&responseFormatType=xml"
    );
}
