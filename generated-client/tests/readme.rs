//! The READMEs name every example of `examples/`; the workspace README's table no other.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The examples: the `.rs` files of `examples/` (its folders, such as `common/`, are not examples).
fn examples() -> BTreeSet<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "rs"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// The first `` `code` `` of each table row of the workspace README's section "Examples".
fn readme_table() -> BTreeSet<String> {
    let readme = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"));
    let (_, section) = readme
        .split_once("\n### Examples\n")
        .expect("README.md has a section \"### Examples\"");
    let section = section.split("\n#").next().unwrap_or(section);
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| row.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn the_readme_table_lists_every_example_and_only_those() {
    let examples = examples();
    assert!(examples.len() >= 6, "{examples:?}");
    assert_eq!(
        readme_table(),
        examples,
        "README.md's \"Examples\" table must have one row per file of generated-client/examples/"
    );
}

#[test]
fn the_crate_readme_names_every_example() {
    let crate_readme = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    for example in examples() {
        assert!(
            crate_readme.contains(&format!("`{example}`")),
            "generated-client/README.md does not name the example {example}"
        );
    }
}
