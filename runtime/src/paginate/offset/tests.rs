//! Tests of paging by offset and limit.

use std::sync::Arc;

use super::*;
use crate::client::RetryPolicy;
use crate::decode::Format;
use crate::request::{QueryWriter, Server, Site, Style};
use crate::test_support::{Scripted, client_with, response};

/// `GET /widgets/v1/widgets?offset=&limit=`, with limits of 1 to 100 as the spec says.
#[derive(Debug, Clone)]
struct ListWidgets {
    offset: Option<i64>,
    limit: Option<i64>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListWidgetsResponse {
    widgets: Option<Vec<String>>,
    total: Option<i64>,
}

impl Action for ListWidgets {
    const NAME: &'static str = "listWidgets";
    const PATH: &'static str = "/widgets/v1/widgets";
    const BASE_PATH: &'static str = "/widgets/v1";
    const STYLE: Style = Style::Rest;
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://widgets.apigw.ntruss.com",
        base_path: "/widgets/v1",
        region_paths: &[],
    }];
    type Response = ListWidgetsResponse;

    fn write_query(&self, query: &mut QueryWriter) {
        query.push_opt("offset", self.offset.as_ref());
        query.push_opt("limit", self.limit.as_ref());
    }

    fn decode_response(body: &[u8], _: Format) -> Result<ListWidgetsResponse, crate::DecodeError> {
        crate::decode::rest::rest_json(body)
    }
}

impl OffsetPaginated for ListWidgets {
    type Item = String;
    const DEFAULT_LIMIT: i64 = 2;
    const OFFSET_PARAM: &'static str = "offset";
    const LIMIT_PARAM: &'static str = "limit";

    fn with_offset(&self, offset: i64, limit: i64) -> Result<Self, ValidationError> {
        let mut violations = Vec::new();
        crate::constraint::check_int(
            "limit",
            limit,
            &[crate::constraint::IntRule::Maximum(100)],
            &mut violations,
        );
        ValidationError::from_violations(violations)?;
        Ok(ListWidgets {
            offset: Some(offset),
            limit: Some(limit),
        })
    }

    fn items(response: &ListWidgetsResponse) -> &[String] {
        response.widgets.as_deref().unwrap_or_default()
    }

    fn into_items(response: ListWidgetsResponse) -> Vec<String> {
        response.widgets.unwrap_or_default()
    }

    fn total(response: &ListWidgetsResponse) -> Option<i64> {
        response.total
    }
}

const REQUEST: ListWidgets = ListWidgets {
    offset: None,
    limit: None,
};

/// A page holding the widgets `w-<n>` for `numbers`, with `total` if given.
fn page(
    total: Option<i64>,
    numbers: impl IntoIterator<Item = u32>,
) -> Result<crate::HttpResponse, crate::TransportError> {
    let items: Vec<String> = numbers.into_iter().map(|n| format!("\"w-{n}\"")).collect();
    let total = total.map(|t| format!(r#", "total": {t}"#)).unwrap_or_default();
    response(200, &format!(r#"{{"widgets": [{}]{total}}}"#, items.join(", ")))
}

fn pages(transport: &Arc<Scripted>, options: PageOptions) -> Result<OffsetPageStream<ListWidgets>, Error> {
    OffsetPageStream::new(&client_with(transport.clone(), RetryPolicy::none()), REQUEST, options)
}

#[tokio::test]
async fn pages_follow_the_items_received_and_a_short_page_ends_the_stream() {
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=4), page(None, [5])]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    let mut seen = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        seen.push((page.offset(), page.items().join(","), page.next_offset()));
    }
    assert_eq!(
        seen,
        [
            (0, "w-1,w-2".to_owned(), Some(2)),
            (2, "w-3,w-4".to_owned(), Some(4)),
            (4, "w-5".to_owned(), None)
        ]
    );
    assert_eq!(stream.next_offset(), None);
    let targets: Vec<String> = transport.sent().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/widgets/v1/widgets?offset=0&limit=2",
            "/widgets/v1/widgets?offset=2&limit=2",
            "/widgets/v1/widgets?offset=4&limit=2"
        ]
    );
}

#[tokio::test]
async fn the_stream_ends_when_the_offset_reaches_the_total_and_on_an_empty_page() {
    let transport = Scripted::new(vec![page(Some(4), 1..=2), page(Some(4), 3..=4), page(Some(4), 5..=6)]);
    let items = pages(&transport, PageOptions::new())
        .unwrap()
        .items()
        .collect_all()
        .await;
    assert_eq!(items.unwrap(), ["w-1", "w-2", "w-3", "w-4"]);
    assert_eq!(transport.sent().len(), 2, "4 of 4: no third request");

    let transport = Scripted::new(vec![page(None, 1..=2), page(None, [])]);
    let items = pages(&transport, PageOptions::new())
        .unwrap()
        .items()
        .collect_all()
        .await;
    assert_eq!(items.unwrap().len(), 2);
    assert_eq!(transport.sent().len(), 2);
}

#[tokio::test]
async fn a_service_ignoring_the_offset_or_the_limit_stops_the_stream() {
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 1..=2), page(None, 1..=2)]);
    let mut stream = pages(&transport, PageOptions::new()).unwrap();
    stream.next().await.unwrap().unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::RepeatedOffset {
                offset: 2,
                items: 2,
                ..
            })
        ),
        "{error:?}"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(stream.next_offset(), Some(2), "resume at the page that failed");

    let transport = Scripted::new(vec![page(None, 1..=3)]);
    let error = pages(&transport, PageOptions::new())
        .unwrap()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::OversizedPage {
                page: PagePosition::Offset(0),
                asked: 2,
                got: 3,
                ..
            })
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("the page at offset 0 holds 3 items"),
        "{error}"
    );
}

#[tokio::test]
async fn max_pages_and_max_items_bound_the_stream_naming_where_to_resume() {
    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=4), page(None, 5..=6)]);
    let mut stream = pages(&transport, PageOptions::new().max_pages(2)).unwrap();
    stream.next().await.unwrap().unwrap();
    stream.next().await.unwrap().unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::TooManyOffsetPages {
                max_pages: 2,
                next_offset: 4,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(transport.sent().len(), 2);

    let transport = Scripted::new(vec![page(None, 1..=2), page(None, 3..=4)]);
    let mut items = pages(&transport, PageOptions::new().max_items(3)).unwrap().items();
    assert_eq!(items.next().await.unwrap().unwrap(), "w-1");
    assert_eq!(items.next_offset(), Some(1), "the first item not yet taken");
    assert_eq!(items.next().await.unwrap().unwrap(), "w-2");
    let error = items.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination(PageError::TooManyItems {
                max_items: 3,
                page: PagePosition::Offset(2),
                ..
            })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stream_resumes_at_a_saved_offset_and_bad_options_are_refused_unsent() {
    let transport = Scripted::new(vec![page(Some(5), [5])]);
    let options = PageOptions::new().start_offset(4).page_size(3);
    let items = pages(&transport, options).unwrap().items().collect_all().await.unwrap();
    assert_eq!(items, ["w-5"]);
    assert_eq!(transport.sent()[0].target, "/widgets/v1/widgets?offset=4&limit=3");

    let transport = Scripted::new(vec![]);
    for (options, field) in [
        (PageOptions::new().start_offset(-1), "offset"),
        (PageOptions::new().page_size(0), "limit"),
        (PageOptions::new().page_size(101), "limit"),
    ] {
        let error = pages(&transport, options).unwrap_err();
        assert!(
            matches!(&error, Error::Validation(v) if v.violations()[0].field == field),
            "{error:?}"
        );
    }
    assert!(transport.sent().is_empty());
}
