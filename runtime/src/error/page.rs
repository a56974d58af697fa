//! Why a page stream stopped: [`PageError`], and which page it was at: [`PagePosition`]; both
//! re-exported by [`paginate`](crate::paginate).

use std::fmt;

/// Which page of a list: by its number (`pageNo`), or, for lists paged by offset and limit, by
/// the offset of its first item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PagePosition {
    /// The page with this number.
    Number(i32),
    /// The page whose first item is the item at this offset (from 0).
    Offset(i64),
}

impl fmt::Display for PagePosition {
    /// `page 3`, `the page at offset 200`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagePosition::Number(page_no) => write!(f, "page {page_no}"),
            PagePosition::Offset(offset) => write!(f, "the page at offset {offset}"),
        }
    }
}

/// Why a page stream stopped before the last page: going on would not end, or would hold more
/// than the service was asked for or the caller allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// A page came back with exactly the items of the page before it: the service ignores the
    /// page number, so the next page would be the same again.
    #[error(
        "{action}: page {page_no} holds the same {items} items as page {}: the service ignored pageNo, so paging stopped instead of looping",
        .page_no - 1
    )]
    RepeatedPage {
        /// The list action.
        action: &'static str,
        /// The page that repeated the one before it.
        page_no: i32,
        /// How many items both pages hold.
        items: usize,
    },
    /// A page of a list paged by offset came back with exactly the items of the page before it:
    /// the service ignores the offset, so the next page would be the same again.
    #[error(
        "{action}: the page at offset {offset} holds the same {items} items as the page before it: the service ignored the offset, so paging stopped instead of looping"
    )]
    RepeatedOffset {
        /// The list action.
        action: &'static str,
        /// The offset of the page that repeated the one before it.
        offset: i64,
        /// How many items both pages hold.
        items: usize,
    },
    /// A stream paged by offset fetched as many pages as it may
    /// ([`PageOptions::max_pages`](crate::paginate::PageOptions::max_pages)) and the last one was
    /// not the end.
    #[error(
        "{action}: stopped after {max_pages} pages without reaching the last page (PageOptions::max_pages); offset {next_offset} is next"
    )]
    TooManyOffsetPages {
        /// The list action.
        action: &'static str,
        /// The bound that was reached.
        max_pages: u32,
        /// The offset that would have been fetched next: where to resume.
        next_offset: i64,
    },
    /// The stream fetched as many pages as it may
    /// ([`PageOptions::max_pages`](crate::paginate::PageOptions::max_pages)) and the last one was
    /// not the end.
    #[error(
        "{action}: stopped after {max_pages} pages without reaching the last page (PageOptions::max_pages); page {next_page_no} is next"
    )]
    TooManyPages {
        /// The list action.
        action: &'static str,
        /// The bound that was reached.
        max_pages: u32,
        /// The page that would have been fetched next: where to resume.
        next_page_no: i32,
    },
    /// A page came back with more items than the page size asked for: a service that ignores
    /// the page size, whose pages cannot be trusted to end.
    #[error(
        "{action}: {page} holds {got} items, more than the {asked} asked for: paging stopped rather than take pages of any size"
    )]
    OversizedPage {
        /// The list action.
        action: &'static str,
        /// The page.
        page: PagePosition,
        /// The page size asked for.
        asked: u64,
        /// How many items the page held.
        got: u64,
    },
    /// The items of the next page would have brought the items taken past the bound
    /// ([`PageOptions::max_items`](crate::paginate::PageOptions::max_items)); that page was not
    /// taken.
    #[error(
        "{action}: stopped at {page}, whose items would bring those taken past {max_items} (PageOptions::max_items); resume there"
    )]
    TooManyItems {
        /// The list action.
        action: &'static str,
        /// The bound.
        max_items: u64,
        /// The page that was not taken: where to resume.
        page: PagePosition,
    },
}
