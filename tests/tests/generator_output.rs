//! Snapshots of what the generator makes of the fixture specs: the code for the valid ones, the
//! error messages for the invalid ones. A snapshot is reviewed like code.

use std::path::Path;

fn generate(path: &Path) -> Result<String, generator::Error> {
    let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 fixture name");
    let yaml = std::fs::read(path).expect("readable fixture");
    generator::generate_one(name, &yaml)
}

#[test]
fn generated_code_for_each_valid_fixture_spec() {
    insta::glob!("../fixtures/specs/valid", "*.yaml", |path| {
        let code = generate(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        insta::assert_snapshot!(code);
    });
}

#[test]
fn generator_error_for_each_invalid_fixture_spec() {
    insta::glob!("../fixtures/specs/invalid", "*.{yaml,json}", |path| {
        let error = match generate(path) {
            Ok(_) => panic!("{} should be rejected", path.display()),
            Err(e) => e.to_string(),
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(error.contains(name), "the message names the file: {error}");
        insta::assert_snapshot!(error);
    });
}

#[test]
fn generation_of_the_shipped_specs_is_deterministic() {
    let spec = ncloud_tests::workspace_root().join("spec");
    let options = ncloud_tests::client_crate_options();
    let first = generator::generate(&generator::load_services(&spec).unwrap(), &options).unwrap();
    for _ in 0..3 {
        let again = generator::generate(&generator::load_services(&spec).unwrap(), &options).unwrap();
        assert_eq!(first, again);
    }
}

#[test]
fn generated_client_is_up_to_date_with_the_specs() {
    let root = ncloud_tests::workspace_root();
    let files = ncloud_tests::client_crate_files();
    let report = generator::write::plan(&root.join("generated-client"), &files).expect("generated-client/ is readable");
    let stale: Vec<_> = report
        .iter()
        .filter(|(_, change)| *change != generator::write::Change::Unchanged)
        .collect();
    assert!(
        stale.is_empty(),
        "generated-client/ is stale against spec/: {stale:?}\nrun `cargo run -p generator` and commit the result"
    );
}

#[test]
fn the_client_readme_lists_every_api_family() {
    // The README is the crate's documentation and hand-written: a new spec must be listed there.
    let root = ncloud_tests::workspace_root();
    let readme = std::fs::read_to_string(root.join("generated-client/README.md")).expect("README.md");
    let services = generator::load_services(&root.join("spec")).expect("the shipped specs are valid");
    assert!(!services.is_empty());
    for service in &services {
        assert!(
            readme.contains(&format!("[`{}`]", service.module)),
            "generated-client/README.md does not list the family `{}` (spec/{})",
            service.module,
            service.spec_file
        );
    }
}

#[test]
fn generated_code_names_the_runtime_only_through_the_registry() {
    let files = ncloud_tests::client_crate_files();
    let mut used = std::collections::BTreeSet::new();
    for file in &files {
        assert!(
            !file.contents.contains("crate::runtime"),
            "{} spells a runtime path inline",
            file.path.display()
        );
        for (i, _) in file.contents.match_indices("__rt::") {
            let rest = &file.contents[i + "__rt::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            used.insert(name);
        }
    }
    let unknown: Vec<_> = used
        .iter()
        .filter(|name| !generator::runtime::ITEMS.contains(&name.as_str()))
        .collect();
    assert!(unknown.is_empty(), "not in the registry: {unknown:?}");
    // The shipped specs exercise most of the registry; an item no generated code names is dead.
    assert!(used.len() >= 25, "{used:?}");
}

#[test]
fn the_generator_emits_code_for_the_runtime_version_of_the_workspace() {
    let manifest = std::fs::read_to_string(ncloud_tests::workspace_root().join("runtime/Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("runtime/Cargo.toml has a version");
    assert_eq!(version, generator::runtime::VERSION);
    assert_eq!(
        generator::runtime::CRATE,
        manifest
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .map(|v| v.trim_matches('"'))
            .unwrap()
    );
}

/// NCP documents that a required list takes at least one item; the client refuses an empty one
/// either way, but the spec is the documentation and the diff's input, so each says it.
#[test]
fn every_required_list_of_the_shipped_specs_documents_at_least_one_item() {
    let services = generator::load_services(&ncloud_tests::workspace_root().join("spec")).unwrap();
    let mut lists = 0;
    for service in &services {
        for op in &service.operations {
            for p in op.params.iter().filter(|p| p.required) {
                if let generator::ir::ParamType::List { min_items, .. } = p.ty {
                    lists += 1;
                    assert!(
                        min_items.is_some_and(|n| n >= 1),
                        "{}: {}?{} is a required list without `minItems: 1`",
                        service.spec_file,
                        op.wire_name,
                        p.wire_name
                    );
                }
            }
        }
    }
    assert!(lists > 0, "the shipped specs have required lists");
}
