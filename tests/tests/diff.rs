//! The spec diff (`cargo run -p generator -- diff`): a snapshot of the report for each fixture
//! pair under `fixtures/diff/` (one per rule), the Markdown and JSON forms, and that a change of
//! form but not of meaning reports nothing. A snapshot is reviewed like code.

use std::path::{Path, PathBuf};

use generator::diff::{self, Class, Kind, Report};

fn fixtures() -> PathBuf {
    ncloud_tests::workspace_root().join("tests/fixtures/diff")
}

/// The report for a case folder: against the `base/` beside it (`fixtures/diff/base/` for the
/// RPC cases, `fixtures/diff/rest/base/` for the REST ones), or between its own `base/` and
/// `head/`. The sides are labelled with their paths, so a snapshot says how to reproduce it.
fn report(case: &Path) -> Report {
    let (base, head) = if case.join("base").is_dir() {
        (case.join("base"), case.join("head"))
    } else {
        let beside = case.parent().unwrap_or(case).join("base");
        (beside, case.to_path_buf())
    };
    let load = |dir: &Path| generator::load_services(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let label = |dir: &Path| {
        let relative = dir.strip_prefix(ncloud_tests::workspace_root()).unwrap_or(dir);
        format!("{}/", relative.display())
    };
    Report::new(&label(&base), &load(&base), &label(&head), &load(&head)).expect("both sides generate")
}

/// The outcome a case's `case.md` announces, checked against the report so that a snapshot
/// accepted by mistake cannot hide a wrong classification.
fn check_outcome(case: &Path, rule: &str, report: &Report) {
    let s = report.summary;
    let name = case.display();
    if rule.starts_with("Breaking") {
        assert!(s.breaking > 0, "{name}: expected a breaking change: {s:?}");
    } else if rule.starts_with("Compatible") {
        assert_eq!((s.breaking, s.needs_review), (0, 0), "{name}: expected compatible only");
        assert!(s.compatible > 0, "{name}: expected a compatible change");
    } else if rule.starts_with("Needs review") {
        assert_eq!(s.breaking, 0, "{name}: expected no breaking change");
        assert!(s.needs_review > 0, "{name}: expected a change that needs review");
    } else if rule.starts_with("No change") {
        assert!(report.is_empty(), "{name}: expected no change: {report:?}");
    } else {
        panic!("{name}: case.md must start with Breaking, Compatible, Needs review or No change");
    }
    // Every change that the API sees rewrites a generated file, and the reverse; but for a REST
    // success status, which generated code does not hold (the client takes any 2xx answer).
    let seen = report
        .services
        .iter()
        .flat_map(|s| &s.changes)
        .any(|c| c.kind != Kind::ActionStatusChanged);
    assert_eq!(seen, !report.files.is_empty(), "{name}: {report:?}");
}

#[test]
fn report_for_each_fixture_pair() {
    insta::glob!("../fixtures/diff", "**/case.md", |path| {
        let case = path.parent().expect("case.md is in a case folder");
        let rule = std::fs::read_to_string(path).expect("readable case.md");
        let report = report(case);
        check_outcome(case, &rule, &report);
        insta::with_settings!({ description => rule.trim(), omit_expression => true }, {
            insta::assert_snapshot!(diff::text(&report));
        });
    });
}

#[test]
fn reformatting_and_reordering_report_nothing() {
    let report = report(&fixtures().join("reformatted"));
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(report.summary, Default::default());
    assert!(diff::text(&report).contains("No change to the generated API"));
}

#[test]
fn the_shipped_specs_against_themselves_report_nothing() {
    let spec = ncloud_tests::workspace_root().join("spec");
    let services = generator::load_services(&spec).expect("the shipped specs load");
    let report = Report::new("spec/", &services, "spec/", &services).unwrap();
    assert!(report.is_empty(), "{report:?}");
    // The REST fixture too: its actions without `operationId` pair with themselves.
    let rest = ncloud_tests::workspace_root().join("tests/fixtures/diff/rest/base");
    let services = generator::load_services(&rest).expect("the REST base loads");
    assert!(services[0].operations.iter().any(|o| o.derived_name));
    let report = Report::new("rest/", &services, "rest/", &services).unwrap();
    assert!(report.is_empty(), "{report:?}");
}

#[test]
fn markdown_report_has_a_table_per_service_with_breaking_changes_first() {
    let report = report(&fixtures().join("readme_example"));
    let markdown = diff::markdown(&report);
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| |"))
        .collect();
    assert_eq!(rows.len(), 3, "{markdown}");
    assert!(rows[0].starts_with("| **breaking** |"), "{markdown}");
    insta::assert_snapshot!(markdown);
}

#[test]
fn the_readme_shows_the_current_markdown_report() {
    let markdown = diff::markdown(&report(&fixtures().join("readme_example")));
    let readme = std::fs::read_to_string(ncloud_tests::workspace_root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("```markdown\n{markdown}```")),
        "README.md's section \"Reviewing a spec change\" must show this report verbatim:\n{markdown}"
    );
}

#[test]
fn markdown_of_several_services_and_classes() {
    // A change touching two services, in all three classes, with pipes in a pattern.
    let base_dir = fixtures().join("service_removed/base");
    let base = generator::load_services(&base_dir).unwrap();
    let mut head = base.clone();
    let vserver = head.iter_mut().find(|s| s.module == "vserver").unwrap();
    for n in vserver.types.newtypes.values_mut() {
        if n.name == "SnapshotName"
            && let generator::ir::NewtypeBase::String(rules) = &mut n.base
        {
            rules.pattern = Some("^(snap|backup)-[a-z0-9]+$".into());
        }
    }
    let server = head.iter_mut().find(|s| s.module == "server").unwrap();
    server.operations[0].params.clear();
    server.operations[0].description = Some("Changed.".into());
    let report = Report::new("before", &base, "after", &head).unwrap();
    let markdown = diff::markdown(&report);
    assert!(
        markdown.contains("`^(snap\\|backup)-[a-z0-9]+$`"),
        "pipes are escaped in tables: {markdown}"
    );
    insta::assert_snapshot!(markdown);
}

#[test]
fn json_report_is_stable_and_complete() {
    let report = report(&fixtures().join("readme_example"));
    let json = report.json();
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["summary"]["breaking"], 1);
    let change = &value["services"][0]["changes"][0];
    assert_eq!(change["class"], "breaking");
    assert_eq!(change["kind"], "constraint_tightened");
    assert_eq!(change["rust"], "vserver::BlockStorageSnapshotName");
    assert_eq!(value["files"][0]["status"], "changed");
    insta::assert_snapshot!(json);
}

#[test]
fn classes_sort_breaking_first_and_kinds_have_stable_names() {
    assert!(Class::Breaking < Class::NeedsReview && Class::NeedsReview < Class::Compatible);
    assert_eq!(serde_json::to_value(Class::NeedsReview).unwrap(), "needs_review");
    assert_eq!(
        serde_json::to_value(Kind::ParamMadeRequired).unwrap(),
        "param_made_required"
    );
}
