//! The generator never writes outside its output folder or its cache folder, and never follows a
//! link below them that it did not make: a planted link is refused or ignored, and what it points
//! to is left as it is (issue 22, points 4 and 5).

mod common;

use std::path::Path;

use common::{run, text};
use generator::write::{self, Change, File};

fn file(path: &str, contents: &str) -> File {
    File {
        path: path.into(),
        contents: contents.to_owned(),
    }
}

fn generated(body: &str) -> String {
    format!("{} from `spec/x.yaml`.\n{body}\n", generator::write::MARKER)
}

/// The name the generator used for its temporary files before: beside the target, named after
/// it and the process id, so that anyone could plant a link there first.
fn old_temp_name(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

#[test]
fn links_planted_at_temporary_file_names_are_not_followed() {
    let out = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let generated_dir = out.path().join(write::OWNED_DIR);
    std::fs::create_dir_all(&generated_dir).unwrap();
    std::os::unix::fs::symlink(&victim, old_temp_name(&generated_dir, "vserver.rs")).unwrap();

    let files = write::prepare(
        out.path(),
        vec![file("src/generated/vserver.rs", &generated("pub fn f() {}"))],
    )
    .unwrap();
    let report = write::plan(out.path(), &files).unwrap();
    assert_eq!(report, [("src/generated/vserver.rs".into(), Change::Written)]);
    write::apply(out.path(), &files, &report).unwrap();

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let written = generated_dir.join("vserver.rs");
    assert!(!std::fs::symlink_metadata(&written).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&written).unwrap().contains("pub fn f()"));
}

#[test]
fn a_linked_file_or_folder_below_the_output_folder_is_refused_before_anything_is_written() {
    for linked in ["src/generated/vserver.rs", "src/generated", "src"] {
        let out = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        // What the link points to: a generated-looking file or a folder holding one.
        let target = if linked.ends_with(".rs") {
            let t = outside.path().join("elsewhere.rs");
            std::fs::write(&t, generated("// someone else's")).unwrap();
            t
        } else {
            let t = outside.path().join("folder");
            std::fs::create_dir_all(t.join("generated")).unwrap();
            std::fs::write(t.join("stale.rs"), generated("// stale-looking")).unwrap();
            std::fs::write(t.join("generated/stale.rs"), generated("// stale-looking")).unwrap();
            t
        };
        let link = out.path().join(linked);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let before = common::snapshot(outside.path());

        let files = vec![
            file("Cargo.toml", &format!("{} x\n[package]\n", write::MANIFEST_MARKER)),
            file("src/generated/vserver.rs", &generated("pub fn f() {}")),
            file("src/generated/mod.rs", &generated("pub mod vserver;")),
        ];
        let error = write::prepare(out.path(), files).unwrap_err().to_string();
        assert!(
            error.contains(&link.display().to_string()) && error.contains("symbolic link"),
            "{linked}: {error}"
        );
        assert_eq!(
            common::snapshot(outside.path()),
            before,
            "{linked}: the link's target changed"
        );
    }
}

#[test]
fn the_generator_refuses_a_linked_generated_folder_and_names_it() {
    let sandbox = common::Sandbox::generated();
    let outside = tempfile::tempdir().unwrap();
    let generated = sandbox.out.join(write::OWNED_DIR);
    // The generated folder moved elsewhere and linked back.
    std::fs::rename(&generated, outside.path().join("generated")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("generated"), &generated).unwrap();
    let before = common::snapshot(outside.path());
    let output = run(&sandbox.args());
    let message = text(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(message.contains("is a symbolic link"), "{message}");
    assert_eq!(common::snapshot(outside.path()), before);
}

#[test]
fn a_cache_whose_pack_or_folder_is_a_link_is_neither_read_nor_written() {
    let target = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    let cache = generator::cache::Cache::new(target.path().join("cache"), "v1");
    std::fs::create_dir_all(cache.dir()).unwrap();
    // A link where the pack goes, and one at the old predictable temporary name.
    std::os::unix::fs::symlink(&victim, cache.dir().join(generator::cache::PACK)).unwrap();
    std::os::unix::fs::symlink(&victim, old_temp_name(cache.dir(), generator::cache::PACK)).unwrap();
    assert_eq!(cache.get(&cache.key("a part")), None);
    cache.put(&cache.key("a part"), "fn a() {}");
    cache.save();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");

    // A planted link in place of the cache folder itself: nothing is written through it.
    let planted = target.path().join("planted");
    let elsewhere = outside.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &planted).unwrap();
    let cache = generator::cache::Cache::new(&planted, "v1");
    cache.put(&cache.key("a part"), "fn a() {}");
    cache.save();
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}
