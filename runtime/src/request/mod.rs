//! Requests: the [`Action`] trait every generated request type implements, where an API is
//! served ([`Server`], [`Site`]), and the exact query string that is signed and sent
//! ([`QueryWriter`]).

mod action;
mod query;

pub(crate) use action::request_target;
pub use action::{Action, Server, Site};
pub use query::{QueryParseError, QueryValue, QueryWriter, parse_query, percent_encode};
