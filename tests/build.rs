//! Generate client code from the valid fixture specs into `OUT_DIR`, so that the tests crate
//! compiles it (and clippy lints it) exactly as the client crate would.

use std::path::Path;

fn main() {
    let dir = Path::new("fixtures/specs/valid");
    println!("cargo::rerun-if-changed={}", dir.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/specs/valid exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let yaml = std::fs::read(&path).expect("readable fixture");
        let code = match generator::generate_one(name, &yaml) {
            Ok(code) => code,
            Err(e) => panic!("fixture {} should generate:\n{e}", path.display()),
        };
        // `include!` takes items only: turn the module's inner doc comments into plain comments.
        let code: String = code.lines().map(|l| l.replacen("//!", "//", 1) + "\n").collect();
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file stem");
        std::fs::write(Path::new(&out_dir).join(format!("{stem}.rs")), code).expect("OUT_DIR is writable");
    }
}
