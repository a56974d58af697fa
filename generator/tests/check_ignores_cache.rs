//! `--check`, what CI relies on to know that the committed generated code is what the specs make,
//! never reads the cache of formatted parts: a planted cache entry can make a normal run write
//! code the specs do not describe, but `--check` then says so (issue 22, point 3).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

/// The generator run in `dir` (a workspace) with its target folder at `target`.
fn generate(dir: &Path, target: &Path, extra: &[&str]) -> Output {
    let runtime = common::workspace().join("runtime");
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(["--runtime-path", runtime.to_str().unwrap()])
        .args(extra)
        .output()
        .expect("the generator runs")
}

/// Rewrites the one pack below `cache`: `edit` changes its entries' text, and the checksum is
/// computed again, as someone who can write the folder could.
fn plant(cache: &Path, edit: impl Fn(&str) -> String) {
    let pack = walk(cache)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "parts"))
        .expect("a pack");
    let text = std::fs::read_to_string(&pack).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let format = header.split_once(' ').unwrap().0;
    // Entries are `key len\ntext`: edit each text and write its new length.
    let mut out = String::new();
    let mut rest = body;
    while let Some((line, after)) = rest.split_once('\n') {
        let (key, len) = line.split_once(' ').unwrap();
        let len: usize = len.parse().unwrap();
        let (entry, after) = after.split_at(len);
        let entry = edit(entry);
        out.push_str(&format!("{key} {}\n{entry}", entry.len()));
        rest = after;
    }
    let checksum: String = Sha256::digest(out.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(&pack, format!("{format} {checksum}\n{out}")).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_planted_cache_entry_cannot_make_check_pass() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().canonicalize().unwrap();
    std::fs::write(workspace.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    common::copy_specs(&workspace.join("spec"));
    let target = workspace.join("target");
    let first = generate(&workspace, &target, &[]);
    assert!(first.status.success(), "{}", common::text(&first));
    let cache = target.join("ncloud-generator-cache");
    assert!(
        cache.is_dir(),
        "a crate inside the workspace is generated with the cache"
    );

    plant(&cache, |text| {
        text.replacen("pub struct Api<'c> {", "pub fn planted() {}\n\npub struct Api<'c> {", 1)
    });
    let normal = generate(&workspace, &target, &[]);
    assert!(normal.status.success(), "{}", common::text(&normal));
    let vserver = workspace.join("generated-client/src/generated/vserver.rs");
    assert!(
        std::fs::read_to_string(&vserver).unwrap().contains("pub fn planted()"),
        "a normal run uses the cache, planted entries included"
    );

    let check = generate(&workspace, &target, &["--check"]);
    let said = common::text(&check);
    assert_eq!(check.status.code(), Some(1), "{said}");
    assert!(said.contains("differs:") && said.contains("vserver.rs"), "{said}");
    assert!(!said.contains("cache: reused"), "{said}");
}
