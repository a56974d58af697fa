//! Cross-crate tests of the generator and the generated client.
//!
//! The client code generated from each fixture spec under `fixtures/specs/valid/` is compiled
//! here (see `build.rs`), so the edge cases the fixtures exercise (keywords as names, lists,
//! nested objects, byte limits…) are proven to compile and lint clean, not only snapshotted.

use std::path::{Path, PathBuf};

/// Client code generated from the fixture specs.
pub mod fixtures {
    /// Generated from `fixtures/specs/valid/edge_cases.yaml`.
    #[rustfmt::skip]
    pub mod edge_cases {
        include!(concat!(env!("OUT_DIR"), "/edge_cases.rs"));
    }

    /// Generated from `fixtures/specs/valid/unicode_names.yaml`: non-ASCII and keyword names.
    #[rustfmt::skip]
    pub mod unicode_names {
        include!(concat!(env!("OUT_DIR"), "/unicode_names.rs"));
    }

    /// Generated from `fixtures/specs/valid/shared_inline.yaml`: parameters and response objects
    /// repeated inline by several actions, each one type.
    #[rustfmt::skip]
    pub mod shared_inline {
        include!(concat!(env!("OUT_DIR"), "/shared_inline.rs"));
    }

    /// Generated from `fixtures/specs/valid/widgets.yaml`: a REST API of our own (path, query,
    /// header and JSON-body parameters, every method, `201`/`204`/octet-stream answers, paging
    /// by offset, the region in the base path), which the fake gateway serves.
    #[rustfmt::skip]
    pub mod widgets {
        include!(concat!(env!("OUT_DIR"), "/widgets.rs"));
    }

    /// Generated from `generator/tests/fixtures/exports/apigw_keys.json`: an OpenAPI 3.0 document
    /// shaped as NCP's API Gateway exports them (no operationIds, `x-ncp-*` keys, rules in
    /// descriptions, Java-generic component names, `application/json;charset=UTF-8`).
    #[rustfmt::skip]
    pub mod apigw_keys {
        include!(concat!(env!("OUT_DIR"), "/apigw_keys.rs"));
    }

    /// Generated from `generator/tests/fixtures/exports/edge_iam.json`: a document shaped as
    /// NCP's exports of IAM-signed APIs (the `x-ncp-iam` scheme with `x-ncp-apigw-auth-ver`, a
    /// query list in `form` style, answers that are a bare object, string or boolean).
    #[rustfmt::skip]
    pub mod edge_iam {
        include!(concat!(env!("OUT_DIR"), "/edge_iam.rs"));
    }

    /// Generated from [`synth::shared_inline_spec`](crate::synth::shared_inline_spec) with
    /// [`SHARED_INLINE_COMPILED`](crate::synth::SHARED_INLINE_COMPILED) actions that all repeat the
    /// same inline parameters and response objects.
    #[rustfmt::skip]
    pub mod synth_shared_inline {
        include!(concat!(env!("OUT_DIR"), "/synth_shared_inline.rs"));
    }
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The crate options `cargo run -p generator` uses for `generated-client/`, worked out the same way.
pub fn client_crate_options() -> generator::emit::CrateOptions {
    let root = workspace_root();
    generator::layout::crate_options(
        &root.join("spec"),
        &root.join("generated-client"),
        None,
        None,
        Some(&root),
    )
    .expect("generated-client/ has valid crate options")
}

/// The files `cargo run -p generator` writes for `generated-client/`, as it would write them
/// (the hand-written part of `Cargo.toml` kept).
pub fn client_crate_files() -> Vec<generator::write::File> {
    let root = workspace_root();
    let services = generator::load_services(&root.join("spec")).expect("the shipped specs are valid");
    let files = generator::generate(&services, &client_crate_options()).expect("the shipped specs generate");
    generator::write::prepare(&root.join("generated-client"), files).expect("generated-client/ is readable")
}

/// The text of a response payload: the sample bodies live with the fake gateway, which answers
/// with them (`fake-gateway/payloads/`, one XML and one JSON twin each).
pub fn payload(name: &str) -> String {
    let path = workspace_root().join("fake-gateway/payloads").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub mod synth;
