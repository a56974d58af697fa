//! Cross-crate tests of the generator and the generated client.
//!
//! The client code generated from each fixture spec under `fixtures/specs/valid/` is compiled
//! here (see `build.rs`), so the edge cases the fixtures exercise (keywords as names, lists,
//! nested objects, byte limits…) are proven to compile and lint clean, not only snapshotted.

use std::path::{Path, PathBuf};

/// The generated code refers to `crate::runtime`, as it would inside `ncloud-client`.
pub mod runtime {
    pub use ncloud_client::runtime::*;
}

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
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative)
}

/// The text of a file under `tests/fixtures/`.
pub fn read_fixture(relative: &str) -> String {
    let path = fixture(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub mod fake_gateway;
pub mod synth;
