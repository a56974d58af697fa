//! How every generated name is spelled, from the wire name or Rust name it is made of, and the
//! names the generated items already have for themselves. This file is the only place in the
//! generator that spells a generated name (`…Builder`, `…_pages`, `…_items`, `wait_until_…`,
//! `set_…`, `WAITER_…`); lowering's collision checks, the emitter, the diff and the cache read
//! them through [`super::surface`].

use crate::naming::{snake_name, type_name};

/// The per-API handle of every service module (`vserver::Api`).
pub const API_TYPE: &str = "Api";

/// Methods of the `Api` handle besides one per action: `new`, and those of `Clone`, `Copy` and
/// `Debug`, which it derives. No action, paging or waiter method may take one.
pub const API_METHODS: &[&str] = &["new", "clone", "clone_from", "fmt"];

/// The associated function of every request type that starts its builder; the required
/// parameters are its arguments (`CreateX::builder(…)`).
pub const BUILDER_FN: &str = "builder";

/// The builder method that checks every value and makes the request (`CreateXBuilder::build`).
pub const BUILD_FN: &str = "build";

/// The associated function of every request type besides its getters (one per parameter).
pub const REQUEST_METHODS: &[&str] = &[BUILDER_FN];

/// The method of every builder besides its setters.
pub const BUILDER_METHODS: &[&str] = &[BUILD_FN];

/// The function that checks a constrained value and makes it (`SnapshotName::new`): the
/// runtime's, on every newtype (an alias of `ValidStr` or `ValidInt`).
pub const NEWTYPE_NEW: &str = "new";

/// The constant of every service module that holds the path its actions live under.
pub const BASE_PATH_CONST: &str = "BASE_PATH";

/// The constant of every service module that lists where it is served, per site.
pub const SERVERS_CONST: &str = "SERVERS";

/// The generated crate's client, with one accessor per service module, named like the module
/// (`Client::vserver()`).
pub const CLIENT_TYPE: &str = "Client";

/// The methods of the generated `Client` besides the per-family accessors, and the methods of the
/// traits it implements that method-call syntax would find: a family module of one of these names
/// would clash with (or silently shadow) it, so the generator refuses it.
pub const CLIENT_METHODS: &[&str] = &[
    // Inherent methods of the generated `Client`.
    "builder",
    "from_env",
    "runtime_client",
    // Trait methods: Clone, Debug, Deref, From/Into, AsRef.
    "clone",
    "clone_from",
    "fmt",
    "deref",
    "from",
    "into",
    "as_ref",
    // Names of the crate's own items next to the family modules, and of its other features.
    "generated",
    "runtime",
    "reqwest",
    "default",
];

/// The request type of an operation (`createBlockStorageSnapshotInstance` →
/// `CreateBlockStorageSnapshotInstance`).
pub fn request_type(operation: &str) -> String {
    type_name(operation, "Op")
}

/// The builder of a request type (`CreateXBuilder`).
pub fn builder_type(request_type: &str) -> String {
    format!("{request_type}Builder")
}

/// The method of the `Api` handle that calls an operation (`create_block_storage_snapshot_instance`).
pub fn api_method(operation: &str) -> String {
    snake_name(operation)
}

/// The method that streams every page of a paged list, from the action's method.
pub fn pages_method(api_method: &str) -> String {
    format!("{api_method}_pages")
}

/// The method that streams every item of every page, from the action's method.
pub fn items_method(api_method: &str) -> String {
    format!("{api_method}_items")
}

/// A waiter's Rust name (`blockStorageSnapshotCreated` → `block_storage_snapshot_created`).
pub fn waiter(name: &str) -> String {
    snake_name(name)
}

/// The method of the `Api` handle that waits (`wait_until_block_storage_snapshot_created`).
pub fn wait_method(waiter: &str) -> String {
    format!("wait_until_{waiter}")
}

/// The `static` holding a waiter's acceptors (`WAITER_BLOCK_STORAGE_SNAPSHOT_CREATED`).
pub fn waiter_static(waiter: &str) -> String {
    format!("WAITER_{}", waiter.to_uppercase())
}

/// The function reading the values a waiter's acceptors look at (`waiter_block_storage_snapshot_created_0`).
pub fn waiter_extractor(waiter: &str, index: usize) -> String {
    format!("waiter_{waiter}_{index}")
}

/// The hidden method of a request model's builder that checks it as part of a request, naming
/// each violation by its path in the body. Its leading underscores keep it apart from every
/// setter (setters are snake-case names, which never start with `_`).
pub const CHECK_FN: &str = "__check";

/// The builder method that sets an optional parameter to `Option<T>` (`set_block_storage_snapshot_name`),
/// beside the one named like the parameter, which takes `T`.
pub fn optional_setter(param: &str) -> String {
    format!("set_{param}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelled_from_the_wire_name() {
        let request = request_type("createBlockStorageSnapshotInstance");
        assert_eq!(request, "CreateBlockStorageSnapshotInstance");
        assert_eq!(builder_type(&request), "CreateBlockStorageSnapshotInstanceBuilder");
        let method = api_method("getNasVolumeSnapshotList");
        assert_eq!(method, "get_nas_volume_snapshot_list");
        assert_eq!(pages_method(&method), "get_nas_volume_snapshot_list_pages");
        assert_eq!(items_method(&method), "get_nas_volume_snapshot_list_items");
        let w = waiter("nasVolumeSnapshotAvailable");
        assert_eq!(wait_method(&w), "wait_until_nas_volume_snapshot_available");
        assert_eq!(waiter_static(&w), "WAITER_NAS_VOLUME_SNAPSHOT_AVAILABLE");
        assert_eq!(optional_setter("is_encrypted"), "set_is_encrypted");
        assert_eq!(request_type("1x"), "Op1x");
    }
}
