//! The page-fetching loop that paging by number ([`PageStream`](super::PageStream)) and paging
//! by offset ([`OffsetPageStream`](super::OffsetPageStream)) share: one call in flight at a time,
//! each page request built anew (and so checked) from the caller's request, the bounds on pages
//! and items kept by [`Bounds`], a page equal to the one before it refused, and the stream over
//! on a short or empty page or once the list says it ended. A [`Paging`] says only what differs:
//! how a page is named and asked for, and where the next one starts.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use serde::de::DeserializeOwned;

use super::{Bounds, PageOptions};
use crate::client::{CallBounds, Called, Client};
use crate::constraint::ValidationError;
use crate::error::{Error, PageError, PagePosition};
use crate::request::Action;

/// The response of a paging's request.
pub(super) type ResponseOf<P> = <<P as Paging>::Request as Action>::Response;

/// What a kind of paging is: how a page is named and asked for, and where the next one starts.
pub(super) trait Paging {
    /// The list request.
    type Request: Action + Clone;
    /// An item of a page.
    type Item;
    /// Where a page is: its number, or the offset of its first item.
    type At: Copy + fmt::Debug;

    /// `at` as the bounds' errors name a page.
    fn position(at: Self::At) -> PagePosition;

    /// `request` asking for the page at `at` of `size` items, checked against its rules.
    fn request_at(request: &Self::Request, at: Self::At, size: i64) -> Result<Self::Request, ValidationError>;

    /// The items of a page.
    fn items(response: &ResponseOf<Self>) -> &[Self::Item];

    /// Where the page after the full page at `at`, of `count` items, starts, `seen` items having
    /// been seen from the start of the list; `None` when `response` says the list ended there.
    fn after(at: Self::At, count: i64, seen: i64, response: &ResponseOf<Self>) -> Option<Self::At>;

    /// The error for the page at `at` repeating the `items` items of the page before it.
    fn repeated(at: Self::At, items: usize) -> PageError;

    /// The error for the page at `at` being past `max_pages`.
    fn too_many_pages(max_pages: u32, at: Self::At) -> PageError;
}

/// A page as the engine hands it on.
pub(super) struct Fetched<P: Paging> {
    /// Where it is.
    pub(super) at: P::At,
    /// Where the next page is; `None` on the last page.
    pub(super) next: Option<P::At>,
    /// The whole response.
    pub(super) response: ResponseOf<P>,
}

/// One call in flight: where the page it asks for is, and the call.
type InFlight<P> = (
    <P as Paging>::At,
    Pin<Box<dyn Future<Output = Called<ResponseOf<P>>> + Send>>,
);

/// The state of a page stream.
pub(super) struct Engine<P: Paging> {
    client: Client,
    request: P::Request,
    /// The page size (or limit) asked for: at least 1.
    size: i64,
    bounds: Bounds,
    /// The page to fetch next; after an error, the page that failed.
    next: P::At,
    /// No more pages: the last one was seen, or an error ended the stream.
    done: bool,
    /// Whether the last page was seen (as opposed to an error ending the stream).
    complete: bool,
    /// How many items come before the next page.
    seen: i64,
    /// The items of the page before the next one, to recognise a repeated page.
    previous: Option<Vec<P::Item>>,
    in_flight: Option<InFlight<P>>,
}

impl<P: Paging> Engine<P> {
    /// A stream of the pages of `request` from `start`, `seen` items before it, pages of `size`
    /// items (at least 1: the caller checked it, and the first page request).
    pub(super) fn new(
        client: &Client,
        request: P::Request,
        size: i64,
        start: P::At,
        seen: i64,
        options: &PageOptions,
    ) -> Self {
        Engine {
            client: client.clone(),
            request,
            size,
            bounds: Bounds::new(P::Request::NAME, size.unsigned_abs(), options),
            next: start,
            done: false,
            complete: false,
            seen,
            previous: None,
            in_flight: None,
        }
    }

    /// The page the stream would fetch next (after an error, the page that failed); `None` once
    /// the last page was seen.
    pub(super) fn next_at(&self) -> Option<P::At> {
        (!self.complete).then_some(self.next)
    }

    /// The page size (or limit) asked for.
    pub(super) fn size(&self) -> i64 {
        self.size
    }

    /// `Stream::size_hint` of a page stream.
    pub(super) fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done && self.in_flight.is_none() {
            (0, Some(0))
        } else {
            (0, None)
        }
    }

    /// The fields a page stream's `Debug` shows, after its name and `next_name`.
    pub(super) fn debug(
        &self,
        name: &str,
        size_name: &str,
        next_name: &str,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        f.debug_struct(name)
            .field("action", &P::Request::NAME)
            .field(size_name, &self.size)
            .field(next_name, &self.next)
            .field("done", &self.done)
            .field("fetched", &self.bounds.fetched)
            .field("max_pages", &self.bounds.max_pages)
            .field("taken", &self.bounds.taken)
            .field("max_items", &self.bounds.max_items)
            .finish_non_exhaustive()
    }
}

impl<P> Engine<P>
where
    P: Paging,
    P::Request: Send + Sync + 'static,
    ResponseOf<P>: DeserializeOwned + Send,
    P::Item: Clone + PartialEq + 'static,
{
    /// The next page: `Stream::poll_next` of a page stream.
    pub(super) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Fetched<P>, Error>>> {
        loop {
            if let Some((at, call)) = &mut self.in_flight {
                let at = *at;
                let called = ready!(call.as_mut().poll(cx));
                self.in_flight = None;
                let result = called
                    .result
                    .and_then(|response| self.check_and_take(at, response, called.items));
                if result.is_err() {
                    self.done = true;
                }
                return Poll::Ready(Some(result));
            }
            if self.done {
                return Poll::Ready(None);
            }
            if !self.bounds.fetch() {
                self.done = true;
                return Poll::Ready(Some(Err(P::too_many_pages(self.bounds.max_pages, self.next).into())));
            }
            // Every page request is built anew from the caller's request, and so checked again.
            let at = self.next;
            let request = match P::request_at(&self.request, at, self.size) {
                Ok(request) => request,
                Err(error) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(error.into())));
                }
            };
            let client = self.client.clone();
            let bounds = CallBounds {
                items: Some(self.bounds.cap::<P::Item>()),
                ..CallBounds::default()
            };
            self.in_flight = Some((at, Box::pin(async move { client.call_bounded(&request, bounds).await })));
        }
    }

    /// Takes in the page at `at`, whose list of items held `counted` items in all if its
    /// decoding counted them (only the page size of them were then kept): checks it against the
    /// bounds and the page before, decides whether it is the last one, and remembers what the
    /// next page needs.
    fn check_and_take(
        &mut self,
        at: P::At,
        response: ResponseOf<P>,
        counted: Option<usize>,
    ) -> Result<Fetched<P>, Error> {
        let page = P::position(at);
        let items = P::items(&response);
        let count = counted.unwrap_or(0).max(items.len());
        self.bounds.check_size(page, count as u64)?;
        if count > 0 && self.previous.as_deref() == Some(items) {
            return Err(P::repeated(at, count).into());
        }
        self.bounds.take(page, count as u64)?;
        // `count` is at most the page size, an i64, checked just above.
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.seen = self.seen.saturating_add(count);
        let full = count > 0 && count >= self.size;
        let next = if full {
            P::after(at, count, self.seen, &response)
        } else {
            None
        };
        match next {
            Some(next) => {
                self.previous = Some(items.to_vec());
                self.next = next;
            }
            None => {
                self.previous = None;
                self.done = true;
                self.complete = true;
            }
        }
        Ok(Fetched { at, next, response })
    }
}
