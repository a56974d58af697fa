//! Generate client code from the valid fixture specs into `OUT_DIR`, so that the tests crate
//! compiles it (and clippy lints it) exactly as the client crate would. The same is done for a
//! synthetic spec of `synth::SHARED_INLINE_COMPILED` actions that repeat the same inline schemas
//! (`src/synth.rs`), to prove that the one type made of each compiles at that scale.

use std::path::Path;

// Only the spec writers and their sizes are used here; the rest serves the benchmarks and tests.
#[allow(dead_code)]
#[path = "src/synth.rs"]
mod synth;

fn main() {
    let dir = Path::new("fixtures/specs/valid");
    println!("cargo::rerun-if-changed={}", dir.display());
    println!("cargo::rerun-if-changed=src/synth.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let shared = synth::shared_inline_spec(synth::SHARED_INLINE_COMPILED);
    let code = match generator::generate_one(synth::FILE_NAME, shared.as_bytes()) {
        Ok(code) => code,
        Err(e) => panic!("the shared-inline synthetic spec should generate:\n{e}"),
    };
    write_module(&out_dir, "synth_shared_inline", &code);
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/specs/valid exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    // The NCP-export-shaped documents of the generator's own tests, compiled here too.
    for export in ["apigw_keys.json", "edge_iam.json"] {
        entries.push(Path::new("../generator/tests/fixtures/exports").join(export));
    }
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
    {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let yaml = std::fs::read(&path).expect("readable fixture");
        let code = match generator::generate_one(name, &yaml) {
            Ok(code) => code,
            Err(e) => panic!("fixture {} should generate:\n{e}", path.display()),
        };
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file stem");
        write_module(&out_dir, stem, &code);
    }
}

/// Write a generated module to `OUT_DIR/<stem>.rs` for `include!`.
fn write_module(out_dir: &str, stem: &str, code: &str) {
    // `include!` takes items only: turn the module's inner doc comments into plain comments.
    let code: String = code.lines().map(|l| l.replacen("//!", "//", 1) + "\n").collect();
    std::fs::write(Path::new(out_dir).join(format!("{stem}.rs")), code).expect("OUT_DIR is writable");
}
