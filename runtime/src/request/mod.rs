//! Requests: the [`Action`] trait every generated request type implements, where an API is
//! served ([`Server`], [`Site`]), and the exact request target that is signed and sent: its path
//! ([`PathWriter`]) and query string ([`QueryWriter`]); and what else a REST request carries, its
//! header parameters ([`HeaderWriter`]) and JSON body ([`JsonObject`], [`ToJson`]).

mod action;
mod body;
mod header;
mod path;
mod query;

pub(crate) use action::request_target;
pub use action::{Action, Method, Server, Site, Style};
pub use body::{JsonObject, ToJson, whole_body};
pub use header::HeaderWriter;
pub use path::PathWriter;
pub use query::{QueryParseError, QueryValue, QueryWriter, parse_query, percent_encode};
