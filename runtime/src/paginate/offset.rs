//! Lists paged by offset and limit: [`OffsetPaginated`], and their pages and items as streams
//! ([`OffsetPageStream`], [`OffsetItemStream`]). The rules are those of the
//! [module documentation](super), with the limit as the page size and each page named by the
//! offset of its first item ([`PagePosition::Offset`]).

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::PageOptions;
use super::engine::{Engine, Paging};
use crate::client::Client;
use crate::constraint::{Rule, ValidationError, Violation};
use crate::error::{Error, PageError, PagePosition};
use crate::request::Action;

/// A list action that pages with an offset (the index of the first item, from 0) and a limit
/// (the most items on a page). Generated code implements it for each such list action.
pub trait OffsetPaginated: Action + Clone {
    /// An item of a page.
    type Item;

    /// The limit used when [`PageOptions::page_size`] is not set.
    const DEFAULT_LIMIT: i64;
    /// The wire name of the offset, for errors (`offset`).
    const OFFSET_PARAM: &'static str;
    /// The wire name of the limit, for errors (`limit`).
    const LIMIT_PARAM: &'static str;

    /// This request asking for `limit` items from `offset` on, everything else unchanged; an
    /// error if either value breaks the action's rules.
    fn with_offset(&self, offset: i64, limit: i64) -> Result<Self, ValidationError>;

    /// The items of a page.
    fn items(response: &Self::Response) -> &[Self::Item];

    /// The items of a page, by value.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// The number of items across all pages, if the response says (`total`).
    fn total(response: &Self::Response) -> Option<i64>;
}

/// One page of a list paged by offset: the whole response, where it starts, and where the next
/// page starts.
pub struct OffsetPage<A: OffsetPaginated> {
    offset: i64,
    next_offset: Option<i64>,
    response: A::Response,
}

impl<A: OffsetPaginated> OffsetPage<A> {
    /// The offset of this page's first item.
    pub fn offset(&self) -> i64 {
        self.offset
    }

    /// The offset of the next page, or `None` if this is the last page. Save it to resume later
    /// ([`PageOptions::start_offset`]).
    pub fn next_offset(&self) -> Option<i64> {
        self.next_offset
    }

    /// The items on this page.
    pub fn items(&self) -> &[A::Item] {
        A::items(&self.response)
    }

    /// The items on this page, by value.
    pub fn into_items(self) -> Vec<A::Item> {
        A::into_items(self.response)
    }

    /// The number of items across all pages, if the service said.
    pub fn total(&self) -> Option<i64> {
        A::total(&self.response)
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

impl<A: OffsetPaginated> fmt::Debug for OffsetPage<A>
where
    A::Response: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OffsetPage")
            .field("offset", &self.offset)
            .field("next_offset", &self.next_offset)
            .field("response", &self.response)
            .finish()
    }
}

/// Paging by offset and limit, as the [`engine`](super::engine) sees it.
struct ByOffset<A>(PhantomData<fn() -> A>);

impl<A: OffsetPaginated> Paging for ByOffset<A> {
    type Request = A;
    type Item = A::Item;
    type At = i64;

    fn position(offset: i64) -> PagePosition {
        PagePosition::Offset(offset)
    }

    fn request_at(request: &A, offset: i64, limit: i64) -> Result<A, ValidationError> {
        request.with_offset(offset, limit)
    }

    fn items(response: &A::Response) -> &[A::Item] {
        A::items(response)
    }

    fn after(offset: i64, count: i64, _seen: i64, response: &A::Response) -> Option<i64> {
        offset
            .checked_add(count)
            .filter(|next| A::total(response).is_none_or(|total| *next < total))
    }

    fn repeated(offset: i64, items: usize) -> PageError {
        PageError::RepeatedOffset {
            action: A::NAME,
            offset,
            items,
        }
    }

    fn too_many_pages(max_pages: u32, next_offset: i64) -> PageError {
        PageError::TooManyOffsetPages {
            action: A::NAME,
            max_pages,
            next_offset,
        }
    }
}

/// The pages of a list action paged by offset, one [`Client::call`] each, as a [`Stream`] of
/// `Result<OffsetPage<A>, Error>`; see the [module documentation](super) for when it ends.
#[must_use = "a page stream fetches nothing until it is polled"]
pub struct OffsetPageStream<A: OffsetPaginated> {
    engine: Engine<ByOffset<A>>,
}

// The call in flight is boxed, and nothing else is ever pinned: moving the stream is fine.
impl<A: OffsetPaginated> Unpin for OffsetPageStream<A> {}

impl<A> OffsetPageStream<A>
where
    A: OffsetPaginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    /// The pages of `request` (its own offset and limit are replaced), fetched through `client`,
    /// from [`PageOptions::start_offset`] (default 0) with [`PageOptions::page_size`] as the
    /// limit (default [`OffsetPaginated::DEFAULT_LIMIT`]). Checks both first, against the
    /// action's rules too: an error here means nothing was sent.
    pub fn new(client: &Client, request: A, options: PageOptions) -> Result<Self, Error> {
        let limit = options.page_size.map_or(A::DEFAULT_LIMIT, i64::from);
        let start = options.start_offset.unwrap_or(0);
        let mut violations = Vec::new();
        if start < 0 {
            violations.push(Violation::new(
                A::OFFSET_PARAM,
                Rule::Minimum(0),
                "",
                &start.to_string(),
            ));
        }
        if limit < 1 {
            violations.push(Violation::new(A::LIMIT_PARAM, Rule::Minimum(1), "", &limit.to_string()));
        }
        ValidationError::from_violations(violations)?;
        // The first page request is built, and so checked against the action's own rules, now.
        request.with_offset(start, limit)?;
        Ok(OffsetPageStream {
            engine: Engine::new(client, request, limit, start, start, &options),
        })
    }

    /// The next page, `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<OffsetPage<A>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, one by one.
    pub fn items(self) -> OffsetItemStream<A> {
        OffsetItemStream {
            pages: self,
            next_item: None,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<A: OffsetPaginated> OffsetPageStream<A> {
    /// The offset this stream would fetch next: where a new stream should start to carry on
    /// from here, including after an error (it is then the offset that failed). `None` once
    /// the last page was seen.
    pub fn next_offset(&self) -> Option<i64> {
        self.engine.next_at()
    }

    /// The limit this stream asks for.
    pub fn limit(&self) -> i64 {
        self.engine.size()
    }
}

impl<A> Stream for OffsetPageStream<A>
where
    A: OffsetPaginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    type Item = Result<OffsetPage<A>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let page = ready!(self.get_mut().engine.poll_page(cx));
        Poll::Ready(page.map(|page| {
            page.map(|f| OffsetPage {
                offset: f.at,
                next_offset: f.next,
                response: f.response,
            })
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.engine.size_hint()
    }
}

impl<A: OffsetPaginated> fmt::Debug for OffsetPageStream<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.engine.debug("OffsetPageStream", "limit", "next_offset", f)
    }
}

/// The items of every page of a list action paged by offset, one by one, as a [`Stream`] of
/// `Result<A::Item, Error>`; made by [`OffsetPageStream::items`].
#[must_use = "an item stream fetches nothing until it is polled"]
pub struct OffsetItemStream<A: OffsetPaginated> {
    pages: OffsetPageStream<A>,
    /// The offset of the first buffered item.
    next_item: Option<i64>,
    buffer: std::vec::IntoIter<A::Item>,
}

impl<A: OffsetPaginated> Unpin for OffsetItemStream<A> {}

impl<A> OffsetItemStream<A>
where
    A: OffsetPaginated + Send + Sync + 'static,
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

    /// Where a new stream should start to carry on from here without missing or repeating an
    /// item: the offset of the first item not yet taken. `None` once every item was taken.
    pub fn next_offset(&self) -> Option<i64> {
        if !self.buffer.as_slice().is_empty() {
            self.next_item
        } else {
            self.pages.next_offset()
        }
    }
}

impl<A> Stream for OffsetItemStream<A>
where
    A: OffsetPaginated + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
    A::Item: Clone + PartialEq,
{
    type Item = Result<A::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                this.next_item = this.next_item.map(|offset| offset.saturating_add(1));
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => {
                    this.next_item = Some(page.offset());
                    this.buffer = page.into_items().into_iter();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<A: OffsetPaginated> fmt::Debug for OffsetItemStream<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OffsetItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

#[cfg(test)]
mod tests;
