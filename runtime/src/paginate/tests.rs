//! Tests of the page streams.

use std::sync::Arc;

use super::*;
use crate::client::RetryPolicy;
use crate::decode::Format;
use crate::request::{QueryWriter, Server, Site};
use crate::sign;
use crate::test_support::{Scripted, client_with, response};

/// A list action whose spec allows pages of at most 1000 items and, to show that every page
/// request is checked, page numbers up to 9.
#[derive(Debug, Clone)]
struct ListSnapshots {
    name: String,
    page_no: Option<i32>,
    page_size: Option<i32>,
}

#[derive(Debug, serde::Deserialize)]
struct ListSnapshotsResponse {
    #[serde(rename = "totalRows")]
    total_rows: Option<i64>,
    #[serde(rename = "snapshotList")]
    snapshot_list: Option<Vec<Snapshot>>,
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Snapshot {
    #[serde(rename = "snapshotNo")]
    no: String,
}

impl Action for ListSnapshots {
    const NAME: &'static str = "getSnapshotList";
    const PATH: &'static str = "/vserver/v2/getSnapshotList";
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://ncloud.apigw.ntruss.com",
        base_path: "",
        region_paths: &[],
    }];
    const XML_ROOT: &'static str = "getSnapshotListResponse";
    const JSON_ENVELOPE: &'static str = "getSnapshotListResponse";
    type Response = ListSnapshotsResponse;

    fn write_query(&self, query: &mut QueryWriter) {
        query.push("snapshotName", self.name.as_str());
        query.push_opt("pageNo", self.page_no.as_ref());
        query.push_opt("pageSize", self.page_size.as_ref());
    }
}

impl Paginated for ListSnapshots {
    type Item = Snapshot;
    const DEFAULT_PAGE_SIZE: i32 = 2;

    fn with_page(&self, page_no: i32, page_size: i32) -> Result<Self, ValidationError> {
        let mut violations = Vec::new();
        crate::constraint::check_int(
            "pageNo",
            page_no.into(),
            &[crate::constraint::IntRule::Maximum(9)],
            &mut violations,
        );
        crate::constraint::check_int(
            "pageSize",
            page_size.into(),
            &[
                crate::constraint::IntRule::Minimum(0),
                crate::constraint::IntRule::Maximum(1000),
            ],
            &mut violations,
        );
        ValidationError::from_violations(violations)?;
        Ok(ListSnapshots {
            page_no: Some(page_no),
            page_size: Some(page_size),
            ..self.clone()
        })
    }

    fn items(response: &ListSnapshotsResponse) -> &[Snapshot] {
        response.snapshot_list.as_deref().unwrap_or_default()
    }

    fn into_items(response: ListSnapshotsResponse) -> Vec<Snapshot> {
        response.snapshot_list.unwrap_or_default()
    }

    fn total_rows(response: &ListSnapshotsResponse) -> Option<i64> {
        response.total_rows
    }
}

fn request() -> ListSnapshots {
    ListSnapshots {
        name: "snap".into(),
        page_no: None,
        page_size: None,
    }
}

/// A page holding the snapshots numbered `numbers`, with `totalRows` if given.
fn page(
    total_rows: Option<i64>,
    numbers: impl IntoIterator<Item = u32>,
) -> Result<crate::HttpResponse, crate::TransportError> {
    let items: Vec<String> = numbers
        .into_iter()
        .map(|n| format!(r#"{{"snapshotNo": "{n}"}}"#))
        .collect();
    let total = total_rows.map(|t| format!(r#""totalRows": {t}, "#)).unwrap_or_default();
    response(
        200,
        &format!(
            r#"{{"getSnapshotListResponse": {{"returnCode": "0", {total}"snapshotList": [{}]}}}}"#,
            items.join(", ")
        ),
    )
}

fn pages(transport: &Arc<Scripted>, options: PageOptions) -> Result<PageStream<ListSnapshots>, Error> {
    PageStream::new(&client_with(transport.clone(), RetryPolicy::none()), request(), options)
}

fn numbers(page: &Page<ListSnapshots>) -> Vec<&str> {
    page.items().iter().map(|s| s.no.as_str()).collect()
}

fn page_numbers_sent(transport: &Scripted) -> Vec<Option<String>> {
    transport.sent_param("pageNo")
}

#[tokio::test]
async fn three_full_pages_then_a_short_page_end_the_stream_each_page_signed_and_sent_once() {
    let transport = Scripted::new(vec![
        page(None, 1..=2),
        page(None, 3..=4),
        page(None, 5..=6),
        page(None, [7]),
    ]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    let mut seen = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        seen.push((page.page_no(), numbers(&page).join(","), page.next_page_no()));
    }
    assert_eq!(
        seen,
        [
            (1, "1,2".to_owned(), Some(2)),
            (2, "3,4".to_owned(), Some(3)),
            (3, "5,6".to_owned(), Some(4)),
            (4, "7".to_owned(), None),
        ]
    );
    assert!(stream.next().await.is_none(), "the stream stays ended");
    assert_eq!(stream.next_page_no(), None);
    let sent = transport.sent();
    assert_eq!(sent.len(), 4, "no request after the short page");
    assert_eq!(
        sent[1].target,
        "/vserver/v2/getSnapshotList?snapshotName=snap&pageNo=2&pageSize=2&responseFormatType=json"
    );
    for request in &sent {
        let header = |name: &str| request.headers.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let timestamp: u64 = header(sign::TIMESTAMP_HEADER).parse().unwrap();
        assert_eq!(
            header(sign::SIGNATURE_HEADER),
            sign::signature("GET", &request.target, timestamp, "access", "secret"),
            "each page is signed over its own target"
        );
    }
}

#[tokio::test]
async fn the_stream_stops_on_the_page_where_total_rows_items_were_seen() {
    let transport = Scripted::new(vec![page(Some(4), 1..=2), page(Some(4), 3..=4), page(Some(4), 5..=6)]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!((first.total_rows(), first.next_page_no()), (Some(4), Some(2)));
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(
        second.next_page_no(),
        None,
        "4 of 4 items seen: a full page, but the last"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(transport.sent().len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=4), page(None, [])]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    let mut last = None;
    while let Some(page) = stream.next().await {
        last = Some(page.unwrap());
    }
    let last = last.unwrap();
    assert_eq!((last.page_no(), last.items().len(), last.next_page_no()), (3, 0, None));
    assert_eq!(transport.sent().len(), 3);

    // An empty first page is a list with nothing in it: one page, no more requests.
    let transport = Scripted::new(vec![page(Some(0), []), page(None, 1..=2)]);
    let items = pages(&transport, PageOptions::new())
        .unwrap()
        .items()
        .collect_all()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(transport.sent().len(), 1);
}

#[tokio::test]
async fn the_same_page_twice_is_an_error_naming_the_page_not_an_endless_loop() {
    // A service that ignores pageNo answers page 1 to every request, with no totalRows.
    let transport = Scripted::new((0..50).map(|_| page(None, 1..=2)).collect());
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().page_no(), 1);
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::RepeatedPage {
                action: "getSnapshotList",
                page_no: 2,
                items: 2
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "getSnapshotList: page 2 holds the same 2 items as page 1: the service ignored pageNo, so paging stopped instead of looping"
    );
    assert!(stream.next().await.is_none(), "the stream ends after the error");
    assert_eq!(transport.sent().len(), 2);
    assert_eq!(stream.next_page_no(), Some(2));
}

#[tokio::test]
async fn a_stream_resumes_from_a_saved_page_number() {
    let transport = Scripted::new(vec![page(Some(5), 1..=2)]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    let saved = stream.next().await.unwrap().unwrap().next_page_no().unwrap();
    drop(stream);
    assert_eq!(saved, 2);

    // Later: the items before page 2 count towards totalRows, so the stream knows page 3
    // (holding item 5) is the last one, and stops there.
    let transport = Scripted::new(vec![page(Some(5), 3..=4), page(Some(5), [5]), page(Some(5), [6])]);
    let mut resumed = pages(&transport, PageOptions::new().start_page(saved)).unwrap();
    let mut items = Vec::new();
    while let Some(page) = resumed.next().await {
        items.extend(page.unwrap().into_items().into_iter().map(|s| s.no));
    }
    assert_eq!(items, ["3", "4", "5"]);
    assert_eq!(page_numbers_sent(&transport), [Some("2".into()), Some("3".into())]);

    // With totalRows 4, page 2 (items 3 and 4) is the last page: the offset is counted.
    let transport = Scripted::new(vec![page(Some(4), 3..=4), page(Some(4), 5..=6)]);
    let mut resumed = pages(&transport, PageOptions::new().start_page(2)).unwrap();
    assert_eq!(resumed.next().await.unwrap().unwrap().next_page_no(), None);
    assert_eq!(transport.sent().len(), 1);
}

#[tokio::test]
async fn a_page_size_or_start_page_breaking_the_rules_is_reported_before_anything_is_sent() {
    let transport = Scripted::new(vec![page(None, 1..=2)]);
    let cases = [
        (
            PageOptions::new().page_size(5000),
            "invalid request: pageSize: must be at most 1000, got 5000",
        ),
        (
            PageOptions::new().page_size(0),
            "invalid request: pageSize: must be at least 1, got 0",
        ),
        (
            PageOptions::new().start_page(0),
            "invalid request: pageNo: must be at least 1, got 0",
        ),
        (
            PageOptions::new().start_page(10),
            "invalid request: pageNo: must be at most 9, got 10",
        ),
    ];
    for (options, expected) in cases {
        let error = pages(&transport, options).unwrap_err();
        assert!(matches!(error, Error::Validation(_)), "{error:?}");
        assert_eq!(error.to_string(), format!("request not sent: {expected}"));
    }
    assert!(transport.sent().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn a_later_page_number_breaking_the_rules_ends_the_stream_without_sending_it() {
    // Pages 8 and 9 are allowed, page 10 is not (at most 9).
    let transport = Scripted::new(vec![page(None, 15..=16), page(None, 17..=18), page(None, 19..=20)]);
    let mut stream = pages(&transport, PageOptions::new().start_page(8)).unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "request not sent: invalid request: pageNo: must be at most 9, got 10"
    );
    assert_eq!(transport.sent().len(), 2);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn the_page_bound_ends_a_list_that_never_ends() {
    let transport = Scripted::new((0..10).map(|n| page(None, [2 * n + 1, 2 * n + 2])).collect());
    let mut stream = pages(&transport, PageOptions::new().max_pages(3)).unwrap();
    for _ in 0..3 {
        assert!(stream.next().await.unwrap().is_ok());
    }
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::TooManyPages {
                max_pages: 3,
                next_page_no: 4,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "getSnapshotList: stopped after 3 pages without reaching the last page (PageOptions::max_pages); page 4 is next"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(transport.sent().len(), 3);
    assert_eq!(DEFAULT_MAX_PAGES, 10_000);
}

#[tokio::test]
async fn an_error_ends_the_stream_and_names_the_page_to_retry() {
    let transport = Scripted::new(vec![
        page(None, 1..=2),
        response(
            500,
            r#"{"responseError": {"returnCode": "1000", "returnMessage": "Please try your call again later."}}"#,
        ),
        page(None, 3..=4),
    ]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&error, Error::Service { return_code, .. } if return_code == "1000"),
        "{error}"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(stream.next_page_no(), Some(2), "resume at the page that failed");
    assert_eq!(transport.sent().len(), 2);
}

#[tokio::test]
async fn the_item_stream_yields_every_item_and_knows_where_to_resume() {
    let transport = Scripted::new(vec![page(Some(5), 1..=2), page(Some(5), 3..=4), page(Some(5), [5])]);
    let mut items = pages(&transport, PageOptions::new()).unwrap().items();
    assert_eq!(items.next_page_no(), Some(1));
    assert_eq!(items.next().await.unwrap().unwrap().no, "1");
    assert_eq!(items.next_page_no(), Some(1), "item 2 of page 1 is not taken yet");
    assert_eq!(items.next().await.unwrap().unwrap().no, "2");
    assert_eq!(items.next_page_no(), Some(2));
    let rest: Vec<String> = items.collect_all().await.unwrap().into_iter().map(|s| s.no).collect();
    assert_eq!(rest, ["3", "4", "5"]);
    assert_eq!(transport.sent().len(), 3);
}

#[tokio::test]
async fn a_page_with_more_items_than_asked_for_is_an_error_naming_the_page_and_both_counts() {
    // Pages of 2 asked for; page 2 holds 3, and no totalRows says when the list ends.
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=5), page(None, [6])]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::OversizedPage {
                action: "getSnapshotList",
                page: PagePosition::Number(2),
                asked: 2,
                got: 3,
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "getSnapshotList: page 2 holds 3 items, more than the 2 asked for: paging stopped rather than take pages of any size"
    );
    assert!(stream.next().await.is_none(), "the stream ends after the error");
    assert_eq!(stream.next_page_no(), Some(2));
    assert_eq!(transport.sent().len(), 2);
}

#[tokio::test]
async fn collecting_items_ends_with_an_error_at_max_items_not_a_silent_cut() {
    // Full pages without end, each new: only the item bound stops them.
    let endless = || (0..100).map(|n| page(None, [2 * n + 1, 2 * n + 2])).collect::<Vec<_>>();
    let transport = Scripted::new(endless());
    let error = pages(&transport, PageOptions::new().max_items(5))
        .unwrap()
        .items()
        .collect_all()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::TooManyItems {
                max_items: 5,
                page: PagePosition::Number(3),
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "getSnapshotList: stopped at page 3, whose items would bring those taken past 5 (PageOptions::max_items); resume there"
    );
    assert_eq!(transport.sent().len(), 3, "nothing after the page that went past");

    // A list of exactly max_items items is collected whole.
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=4), page(None, [5])]);
    let items = pages(&transport, PageOptions::new().max_items(5))
        .unwrap()
        .items()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items.len(), 5);

    // The page stream keeps the bound too, and says where to resume.
    let transport = Scripted::new(endless());
    let mut stream = pages(&transport, PageOptions::new().max_items(4).start_page(2)).unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_err());
    assert_eq!(stream.next_page_no(), Some(4));
    assert_eq!(DEFAULT_MAX_ITEMS, 100_000);
}

#[test]
fn the_bounds_name_a_page_by_its_number_or_by_its_offset() {
    let options = PageOptions::new().max_items(250);
    let mut bounds = Bounds::new("listBuckets", 100, &options);
    for offset in [0, 100] {
        bounds.check_size(PagePosition::Offset(offset), 100).unwrap();
        bounds.take(PagePosition::Offset(offset), 100).unwrap();
    }
    assert_eq!(
        bounds
            .check_size(PagePosition::Offset(200), 101)
            .unwrap_err()
            .to_string(),
        "listBuckets: the page at offset 200 holds 101 items, more than the 100 asked for: paging stopped rather than take pages of any size"
    );
    assert_eq!(
        bounds.take(PagePosition::Offset(200), 100).unwrap_err().to_string(),
        "listBuckets: stopped at the page at offset 200, whose items would bring those taken past 250 (PageOptions::max_items); resume there"
    );
    bounds.take(PagePosition::Offset(200), 50).unwrap();
    assert_eq!(PagePosition::Number(3).to_string(), "page 3");
}

/// A list action whose response is a model like the generated ones, decoded through
/// `Field::list`: its pages are decoded with their list of items capped.
#[derive(Debug, Clone)]
struct ListTags {
    page_no: Option<i32>,
    page_size: Option<i32>,
}

#[derive(Debug, Default)]
struct ListTagsResponse {
    tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Tag {
    key: Option<String>,
}

impl crate::decode::model::Model for ListTagsResponse {
    const NAME: &'static str = "ListTagsResponse";
    fn decode_field<'de, M: serde::de::MapAccess<'de>>(
        &mut self,
        field: crate::decode::model::Field<'_, 'de, M>,
    ) -> Result<(), M::Error> {
        match field.key() {
            "tagList" => field.list(&mut self.tags, "tag"),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("tagList", &self.tags);
    }
}

impl crate::decode::model::Model for Tag {
    const NAME: &'static str = "Tag";
    fn decode_field<'de, M: serde::de::MapAccess<'de>>(
        &mut self,
        field: crate::decode::model::Field<'_, 'de, M>,
    ) -> Result<(), M::Error> {
        match field.key() {
            "key" => field.scalar(&mut self.key),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: crate::decode::model::FieldSink>(&self, sink: &mut S) {
        sink.field("key", &self.key);
    }
}

crate::__ncloud_serde_via_model!(ListTagsResponse, Tag);

impl Action for ListTags {
    const NAME: &'static str = "getTagList";
    const PATH: &'static str = "/vserver/v2/getTagList";
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://ncloud.apigw.ntruss.com",
        base_path: "",
        region_paths: &[],
    }];
    const XML_ROOT: &'static str = "getTagListResponse";
    const JSON_ENVELOPE: &'static str = "getTagListResponse";
    type Response = ListTagsResponse;

    fn write_query(&self, query: &mut QueryWriter) {
        query.push_opt("pageNo", self.page_no.as_ref());
        query.push_opt("pageSize", self.page_size.as_ref());
    }
}

impl Paginated for ListTags {
    type Item = Tag;
    const DEFAULT_PAGE_SIZE: i32 = 2;

    fn with_page(&self, page_no: i32, page_size: i32) -> Result<Self, ValidationError> {
        Ok(ListTags {
            page_no: Some(page_no),
            page_size: Some(page_size),
        })
    }
    fn items(response: &ListTagsResponse) -> &[Tag] {
        response.tags.as_deref().unwrap_or_default()
    }
    fn into_items(response: ListTagsResponse) -> Vec<Tag> {
        response.tags.unwrap_or_default()
    }
    fn total_rows(_: &ListTagsResponse) -> Option<i64> {
        None
    }
}

#[tokio::test]
async fn a_huge_page_is_decoded_only_up_to_the_page_size_and_its_items_still_counted() {
    // 100,000 items where 2 were asked for; the last one would not even decode (an object
    // where a string belongs): the items after the page size are counted, not decoded.
    let json_item = r#"{"key": "k"}"#;
    let json = format!(
        r#"{{"getTagListResponse": {{"tagList": [{}, {{"key": {{"a": 1}}}}]}}}}"#,
        vec![json_item; 99_999].join(",")
    );
    let xml = format!(
        "<getTagListResponse><tagList>{}<tag><key><a>1</a></key></tag></tagList></getTagListResponse>",
        "<tag><key>k</key></tag>".repeat(99_999)
    );
    for (format, body) in [(Format::Json, json), (Format::Xml, xml)] {
        let transport = Scripted::new(vec![response(200, &body)]);
        let client = Client::builder()
            .credentials(crate::Credentials::new("access", "secret"))
            .format(format)
            .retry(RetryPolicy::none())
            .transport(transport.clone())
            .build()
            .unwrap();
        let request = ListTags {
            page_no: None,
            page_size: None,
        };
        let error = PageStream::new(&client, request, PageOptions::new())
            .unwrap()
            .items()
            .collect_all()
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Pagination(PageError::OversizedPage {
                    page: PagePosition::Number(1),
                    asked: 2,
                    got: 100_000,
                    ..
                })
            ),
            "{format}: {error:?}"
        );
    }

    // Pages within their size decode whole, through the same path.
    let transport = Scripted::new(vec![
        response(
            200,
            r#"{"getTagListResponse": {"tagList": [{"key": "a"}, {"key": "b"}]}}"#,
        ),
        response(200, r#"{"getTagListResponse": {"tagList": [{"key": "c"}]}}"#),
    ]);
    let request = ListTags {
        page_no: None,
        page_size: None,
    };
    let client = client_with(transport, RetryPolicy::none());
    let items = PageStream::new(&client, request, PageOptions::new())
        .unwrap()
        .items()
        .collect_all()
        .await
        .unwrap();
    let keys: Vec<_> = items.into_iter().filter_map(|t| t.key).collect();
    assert_eq!(keys, ["a", "b", "c"]);
}

#[test]
fn page_and_item_streams_are_send_streams() {
    fn is_send_stream<S: Stream + Send + Unpin>() {}
    is_send_stream::<PageStream<ListSnapshots>>();
    is_send_stream::<ItemStream<ListSnapshots>>();
}
