//! The API model: the generated API as its users see it, worked out once from the IR for every
//! stage that needs it.
//!
//! - [`names`]: how every generated name is spelled, and the names generated items keep for
//!   themselves (`Api::new`, `builder`, `build`, the `Client`'s methods);
//! - [`surface`]: per operation, the request and builder types, the `Api` methods, which
//!   parameters are `builder(…)` arguments and in what order, and the setters of the others;
//! - `types` (its items re-exported here): the Rust type of each IR value, as tokens for the emitter and as text for the
//!   diff.
//!
//! Lowering checks the names for collisions, the emitter generates them, the diff reports changes
//! to them, and the cache keys cover them; no other module spells a generated name.

pub mod names;
pub mod surface;
mod types;

pub use surface::{OperationView, PagingView, ParamView, RequestModelView, ServiceView, Setting, WaiterView};
pub use types::*;
