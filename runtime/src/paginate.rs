//! Paging through list actions: a [`Stream`] of pages ([`PageStream`]) or of their items
//! ([`ItemStream`]).
//!
//! NCP's list actions take `pageNo` and `pageSize` and answer with one page of items and, usually,
//! `totalRows` (the count across all pages). A generated list request type implements
//! [`Paginated`], which says how to set the page on a copy of the request and where the items are
//! in the response; everything else is here:
//!
//! - every page is its own [`Client::call`]: the page request is built by
//!   [`Paginated::with_page`], so it is validated like any request, and signed anew when sent;
//! - the stream ends after a short page (fewer items than the page size), an empty page, or the
//!   page on which the items seen reach `totalRows`, whichever comes first;
//! - a page with the same items as the page before it (a service that ignores `pageNo`) is an
//!   error, [`PageError::RepeatedPage`], not another page: the stream never loops;
//! - a page with more items than the page size asked for is an error,
//!   [`PageError::OversizedPage`], not a full page: the page size bounds every page. While a
//!   page is decoded (into a generated model), only that many of its items are built; the
//!   others are counted, not decoded;
//! - at most [`PageOptions::max_pages`] pages are fetched (default [`DEFAULT_MAX_PAGES`]), then
//!   [`PageError::TooManyPages`];
//! - at most [`PageOptions::max_items`] items are taken (default [`DEFAULT_MAX_ITEMS`]): a page
//!   that would go past it is not taken, and the stream ends with [`PageError::TooManyItems`]. So
//!   what [`ItemStream::collect_all`] holds is bounded, whatever the service answers;
//! - each [`Page`] says which page comes next ([`Page::next_page_no`]): save it, and a later stream
//!   started there ([`PageOptions::start_page`]) picks up where this one stopped;
//! - the page size is checked against the action's rules when the stream is made, before
//!   anything is sent.
//!
//! After an error the stream ends; its [`PageStream::next_page_no`] is the page that failed, so
//! that a new stream can retry it.
//!
//! Lists paged by offset and limit ([`OffsetPaginated`], [`OffsetPageStream`],
//! [`OffsetItemStream`]) keep the same rules, with the limit as the page size, and the next
//! offset being the offset plus the items received; they end after a short or empty page or
//! when the offset reaches the `total` the service gives. The bounds on the size of a page, the
//! number of pages and the number of items do not depend on how pages are named: they are kept
//! by one private type, which names a page by a [`PagePosition`] (its number, or the offset of
//! its first item).
//!
//! # Example
//!
//! Generated crates give each paginated list action a method that makes the stream; this is what
//! such code does, for any paginated action `A`:
//!
//! ```
//! use ncloud_runtime::paginate::{PageOptions, PageStream, Paginated};
//! use ncloud_runtime::{Client, Error};
//!
//! async fn every_page<A>(client: &Client, request: A) -> Result<Vec<A::Item>, Error>
//! where
//!     A: Paginated + Send + Sync + 'static,
//!     A::Response: serde::de::DeserializeOwned + Send,
//!     A::Item: Clone + PartialEq,
//! {
//!     // Pages of 50, from the first page. A page size the action's rules forbid is an error
//!     // here, before anything is sent.
//!     let mut pages = PageStream::new(client, request, PageOptions::new().page_size(50))?;
//!     let mut items = Vec::new();
//!     while let Some(page) = pages.next().await {
//!         let page = page?;
//!         // `page.next_page_no()`: where to resume later (`None` on the last page).
//!         items.extend(page.into_items());
//!     }
//!     Ok(items)
//! }
//!
//! async fn every_item<A>(client: &Client, request: A, resume_at: i32) -> Result<Vec<A::Item>, Error>
//! where
//!     A: Paginated + Send + Sync + 'static,
//!     A::Response: serde::de::DeserializeOwned + Send,
//!     A::Item: Clone + PartialEq,
//! {
//!     let options = PageOptions::new().page_size(50).start_page(resume_at);
//!     PageStream::new(client, request, options)?.items().collect_all().await
//! }
//! ```
//!
//! Both streams implement [`Stream`] (from `futures-core`), so `futures::StreamExt` and its kin
//! work on them too.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

pub use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::constraint::{Rule, ValidationError, Violation};
use crate::decode::cap::ItemCap;
use crate::error::Error;
#[doc(inline)]
pub use crate::error::{PageError, PagePosition};
use crate::request::Action;

mod engine;
mod offset;

use engine::{Engine, Paging};

pub use offset::{OffsetItemStream, OffsetPage, OffsetPageStream, OffsetPaginated};

/// How many pages a stream fetches at most, unless [`PageOptions::max_pages`] says otherwise:
/// a safety net against a service that never says it is done.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// How many items a stream takes at most, unless [`PageOptions::max_items`] says otherwise: far
/// more than the lists of an account hold (NCP's quotas count servers and volumes in hundreds or
/// thousands), and about 100 MB of decoded items, so that collecting a list that never ends
/// fails before it exhausts memory.
pub const DEFAULT_MAX_ITEMS: u64 = 100_000;

/// A list action that pages with a page number and a page size. Generated code implements it
/// for each list action its spec declares paginated.
///
/// ```
/// # use ncloud_runtime::{Action, ValidationError, paginate::Paginated};
/// # use ncloud_runtime::request::QueryWriter;
/// #[derive(Clone, Debug)]
/// struct ListSnapshots { page_no: Option<i32>, page_size: Option<i32> }
///
/// #[derive(Debug, Default, serde::Deserialize)]
/// struct ListSnapshotsResponse { #[serde(rename = "totalRows")] total_rows: Option<i32>, list: Option<Vec<String>> }
///
/// # impl Action for ListSnapshots {
/// #     const NAME: &'static str = "getSnapshotList";
/// #     const PATH: &'static str = "/vserver/v2/getSnapshotList";
/// #     const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
/// #     const SERVERS: &'static [ncloud_runtime::Server] = &[];
/// #     const XML_ROOT: &'static str = "getSnapshotListResponse";
/// #     const JSON_ENVELOPE: &'static str = "getSnapshotListResponse";
/// #     type Response = ListSnapshotsResponse;
/// #     fn write_query(&self, query: &mut QueryWriter) {
/// #         query.push_opt("pageNo", self.page_no.as_ref());
/// #         query.push_opt("pageSize", self.page_size.as_ref());
/// #     }
/// # }
/// impl Paginated for ListSnapshots {
///     type Item = String;
///     const DEFAULT_PAGE_SIZE: i32 = 100;
///
///     fn with_page(&self, page_no: i32, page_size: i32) -> Result<Self, ValidationError> {
///         // Generated code checks both values against the spec's rules here.
///         Ok(ListSnapshots { page_no: Some(page_no), page_size: Some(page_size), ..self.clone() })
///     }
///     fn items(response: &Self::Response) -> &[String] {
///         response.list.as_deref().unwrap_or_default()
///     }
///     fn into_items(response: Self::Response) -> Vec<String> {
///         response.list.unwrap_or_default()
///     }
///     fn total_rows(response: &Self::Response) -> Option<i64> {
///         response.total_rows.map(i64::from)
///     }
/// }
/// ```
pub trait Paginated: Action + Clone {
    /// An item of a page (`BlockStorageSnapshotInstance`).
    type Item;

    /// The number of the first page. NCP reads both `0` and `1` as the first page, so `1` (the
    /// default) is the only choice that makes every page number name a different page.
    const FIRST_PAGE: i32 = 1;
    /// The page size used when [`PageOptions::page_size`] is not set.
    const DEFAULT_PAGE_SIZE: i32;
    /// The wire name of the page number, for errors (`pageNo`).
    const PAGE_NO_PARAM: &'static str = "pageNo";
    /// The wire name of the page size, for errors (`pageSize`).
    const PAGE_SIZE_PARAM: &'static str = "pageSize";

    /// This request asking for page `page_no` of `page_size` items, everything else unchanged;
    /// an error if either value breaks the action's rules.
    fn with_page(&self, page_no: i32, page_size: i32) -> Result<Self, ValidationError>;

    /// The items of a page.
    fn items(response: &Self::Response) -> &[Self::Item];

    /// The items of a page, by value.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// The number of items across all pages, if the response says (`totalRows`).
    fn total_rows(response: &Self::Response) -> Option<i64>;
}

/// Where a page stream starts, how large its pages are, and how many pages and items it
/// fetches at most. Built with [`PageOptions::new`] (or `default()`) and its setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[must_use]
pub struct PageOptions {
    start_page: Option<i32>,
    start_offset: Option<i64>,
    page_size: Option<i32>,
    max_pages: Option<u32>,
    max_items: Option<u64>,
}

impl PageOptions {
    /// From the first page, with the action's default page size, at most
    /// [`DEFAULT_MAX_PAGES`] pages and at most [`DEFAULT_MAX_ITEMS`] items.
    pub const fn new() -> Self {
        PageOptions {
            start_page: None,
            start_offset: None,
            page_size: None,
            max_pages: None,
            max_items: None,
        }
    }

    /// Start at this page (a [`Page::next_page_no`] saved earlier, to resume); it may not be
    /// below the action's first page ([`Paginated::FIRST_PAGE`]).
    pub const fn start_page(mut self, page_no: i32) -> Self {
        self.start_page = Some(page_no);
        self
    }

    /// For a list paged by offset ([`OffsetPageStream`]): start at this offset (from 0; an
    /// [`OffsetPage::next_offset`] saved earlier, to resume). Lists paged by number ignore it.
    pub const fn start_offset(mut self, offset: i64) -> Self {
        self.start_offset = Some(offset);
        self
    }

    /// Ask for this many items per page (for a list paged by offset, the limit): at least 1, and
    /// within the action's rules for its page size. A stream resumed from a saved page number
    /// must keep the page size it was saved with.
    pub const fn page_size(mut self, page_size: i32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// Fetch at most this many pages (at least 1; default [`DEFAULT_MAX_PAGES`]), then end with
    /// [`PageError::TooManyPages`] instead of fetching more.
    pub const fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = Some(max_pages);
        self
    }

    /// Take at most this many items (default [`DEFAULT_MAX_ITEMS`]; `u64::MAX` for no bound but
    /// [`max_pages`](Self::max_pages)): a page whose items would go past it is not taken, and
    /// the stream ends with [`PageError::TooManyItems`], naming that page to resume from.
    /// Counted from where the stream starts.
    pub const fn max_items(mut self, max_items: u64) -> Self {
        self.max_items = Some(max_items);
        self
    }
}

/// The bounds a page stream keeps, whatever numbers its pages: how large a page may be, how many
/// pages may be fetched and how many items taken. A stream paged by offset and limit keeps them
/// the same way, naming its pages by offset.
#[derive(Debug)]
struct Bounds {
    action: &'static str,
    /// The page size asked for.
    page_size: u64,
    max_pages: u32,
    max_items: u64,
    /// Pages fetched so far.
    fetched: u32,
    /// Items taken so far.
    taken: u64,
}

impl Bounds {
    fn new(action: &'static str, page_size: u64, options: &PageOptions) -> Self {
        Bounds {
            action,
            page_size,
            max_pages: options.max_pages.unwrap_or(DEFAULT_MAX_PAGES).max(1),
            max_items: options.max_items.unwrap_or(DEFAULT_MAX_ITEMS),
            fetched: 0,
            taken: 0,
        }
    }

    /// Counts a page about to be fetched: `false` if no more may be.
    fn fetch(&mut self) -> bool {
        if self.fetched >= self.max_pages {
            return false;
        }
        self.fetched += 1;
        true
    }

    /// The cap on a page's list of `Item`s while the page is decoded: the page size, so that no
    /// more than a page's worth of items is built; the count of all of them still comes back.
    fn cap<Item: 'static>(&self) -> ItemCap {
        ItemCap::of::<Item>(usize::try_from(self.page_size).unwrap_or(usize::MAX))
    }

    /// Checks that `page` holds no more items than asked for.
    fn check_size(&self, page: PagePosition, count: u64) -> Result<(), PageError> {
        if count > self.page_size {
            return Err(PageError::OversizedPage {
                action: self.action,
                page,
                asked: self.page_size,
                got: count,
            });
        }
        Ok(())
    }

    /// Takes the `count` items of `page`, unless they would bring the items taken past the bound.
    fn take(&mut self, page: PagePosition, count: u64) -> Result<(), PageError> {
        let taken = self.taken.saturating_add(count);
        if taken > self.max_items {
            return Err(PageError::TooManyItems {
                action: self.action,
                max_items: self.max_items,
                page,
            });
        }
        self.taken = taken;
        Ok(())
    }
}

/// One page of a list: the whole response, which page it is, and which page comes next.
pub struct Page<A: Paginated> {
    page_no: i32,
    next_page_no: Option<i32>,
    response: A::Response,
}

impl<A: Paginated> Page<A> {
    /// This page's number.
    pub fn page_no(&self) -> i32 {
        self.page_no
    }

    /// The page after this one, or `None` if this is the last page. Save it to resume later
    /// ([`PageOptions::start_page`]).
    pub fn next_page_no(&self) -> Option<i32> {
        self.next_page_no
    }

    /// The items on this page.
    pub fn items(&self) -> &[A::Item] {
        A::items(&self.response)
    }

    /// The items on this page, by value.
    pub fn into_items(self) -> Vec<A::Item> {
        A::into_items(self.response)
    }

    /// The number of items across all pages, if the service said (`totalRows`).
    pub fn total_rows(&self) -> Option<i64> {
        A::total_rows(&self.response)
    }

    /// The whole response.
    pub fn response(&self) -> &A::Response {
        &self.response
    }

    /// The whole response, by value.
    pub fn into_response(self) -> A::Response {
        self.response
    }
}

impl<A: Paginated> fmt::Debug for Page<A>
where
    A::Response: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("page_no", &self.page_no)
            .field("next_page_no", &self.next_page_no)
            .field("response", &self.response)
            .finish()
    }
}

/// Paging by page number, as the [`engine`] sees it.
struct ByNumber<A>(PhantomData<fn() -> A>);

impl<A: Paginated> Paging for ByNumber<A> {
    type Request = A;
    type Item = A::Item;
    type At = i32;

    fn position(page_no: i32) -> PagePosition {
        PagePosition::Number(page_no)
    }

    fn request_at(request: &A, page_no: i32, size: i64) -> Result<A, ValidationError> {
        // The size came from an i32 (`PageOptions::page_size`, `DEFAULT_PAGE_SIZE`).
        request.with_page(page_no, i32::try_from(size).unwrap_or(i32::MAX))
    }

    fn items(response: &A::Response) -> &[A::Item] {
        A::items(response)
    }

    fn after(page_no: i32, _count: i64, seen: i64, response: &A::Response) -> Option<i32> {
        let all_seen = A::total_rows(response).is_some_and(|total| seen >= total);
        page_no.checked_add(1).filter(|_| !all_seen)
    }

    fn repeated(page_no: i32, items: usize) -> PageError {
        PageError::RepeatedPage {
            action: A::NAME,
            page_no,
            items,
        }
    }

    fn too_many_pages(max_pages: u32, next_page_no: i32) -> PageError {
        PageError::TooManyPages {
            action: A::NAME,
            max_pages,
            next_page_no,
        }
    }
}

/// The pages of a list action, one [`Client::call`] each, as a [`Stream`] of
/// `Result<Page<A>, Error>`; see the [module documentation](self) for when it ends.
///
/// Without a stream library, [`PageStream::next`] gives the next page.
#[must_use = "a page stream fetches nothing until it is polled"]
pub struct PageStream<A: Paginated> {
    engine: Engine<ByNumber<A>>,
}

// The call in flight is boxed, and nothing else is ever pinned: moving the stream is fine.
impl<A: Paginated> Unpin for PageStream<A> {}

impl<A> PageStream<A>
where
    A: Paginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    /// The pages of `request` (its own page number and size are replaced), fetched through
    /// `client`. Checks the start page and the page size first, against the action's rules
    /// too: an error here means nothing was sent.
    pub fn new(client: &Client, request: A, options: PageOptions) -> Result<Self, Error> {
        let page_size = options.page_size.unwrap_or(A::DEFAULT_PAGE_SIZE);
        let start = options.start_page.unwrap_or(A::FIRST_PAGE);
        let mut violations = Vec::new();
        if start < A::FIRST_PAGE {
            violations.push(Violation::new(
                A::PAGE_NO_PARAM,
                Rule::Minimum(A::FIRST_PAGE.into()),
                "",
                &start.to_string(),
            ));
        }
        if page_size < 1 {
            violations.push(Violation::new(
                A::PAGE_SIZE_PARAM,
                Rule::Minimum(1),
                "",
                &page_size.to_string(),
            ));
        }
        ValidationError::from_violations(violations)?;
        // The first page request is built, and so checked against the action's own rules, now.
        request.with_page(start, page_size)?;
        let seen = i64::from(start - A::FIRST_PAGE) * i64::from(page_size);
        Ok(PageStream {
            engine: Engine::new(client, request, page_size.into(), start, seen, &options),
        })
    }

    /// The next page, `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<Page<A>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, one by one.
    pub fn items(self) -> ItemStream<A> {
        ItemStream {
            pages: self,
            current_page: None,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<A: Paginated> PageStream<A> {
    /// The page this stream would fetch next: where a new stream should start to carry on from
    /// here, including after an error (it is then the page that failed). `None` once the last
    /// page was seen.
    pub fn next_page_no(&self) -> Option<i32> {
        self.engine.next_at()
    }

    /// The page size this stream asks for.
    pub fn page_size(&self) -> i32 {
        // Set from an i32 by `new`.
        i32::try_from(self.engine.size()).unwrap_or(i32::MAX)
    }
}

impl<A> Stream for PageStream<A>
where
    A: Paginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    type Item = Result<Page<A>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let page = ready!(self.get_mut().engine.poll_page(cx));
        Poll::Ready(page.map(|page| {
            page.map(|f| Page {
                page_no: f.at,
                next_page_no: f.next,
                response: f.response,
            })
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.engine.size_hint()
    }
}

impl<A: Paginated> fmt::Debug for PageStream<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.engine.debug("PageStream", "page_size", "next_page", f)
    }
}

/// The items of every page of a list action, one by one, as a [`Stream`] of
/// `Result<A::Item, Error>`; made by [`PageStream::items`].
#[must_use = "an item stream fetches nothing until it is polled"]
pub struct ItemStream<A: Paginated> {
    pages: PageStream<A>,
    /// The page the buffered items come from.
    current_page: Option<i32>,
    buffer: std::vec::IntoIter<A::Item>,
}

impl<A: Paginated> Unpin for ItemStream<A> {}

impl<A> ItemStream<A>
where
    A: Paginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    /// The next item, `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<A::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error: at most [`PageOptions::max_items`] of them
    /// (counted from the start of the page stream), then [`PageError::TooManyItems`].
    pub async fn collect_all(mut self) -> Result<Vec<A::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    /// Where a new stream should start to carry on from here without missing an item: the page
    /// the items not yet taken come from, else the page the page stream fetches next. `None`
    /// once every item was taken.
    pub fn next_page_no(&self) -> Option<i32> {
        if !self.buffer.as_slice().is_empty() {
            self.current_page
        } else {
            self.pages.next_page_no()
        }
    }
}

impl<A> Stream for ItemStream<A>
where
    A: Paginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    type Item = Result<A::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => {
                    this.current_page = Some(page.page_no());
                    this.buffer = page.into_items().into_iter();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<A: Paginated> fmt::Debug for ItemStream<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

#[cfg(test)]
mod tests;
