//! Why a page stream stopped: [`PageError`], re-exported by [`paginate`](crate::paginate).

/// Why a page stream stopped before the last page. Both mean that going on would not end.
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
}
