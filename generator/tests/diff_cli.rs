//! `generator diff` as users run it: its help, its formats, its exit codes (`--deny-breaking`,
//! bad arguments, bad specs, git errors), `--base REV` in a throwaway git repository, and that it
//! never writes anything.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_specs, run, snapshot, text, workspace};

fn fixture(case: &str) -> String {
    workspace()
        .join("tests/fixtures/diff")
        .join(case)
        .to_string_lossy()
        .into_owned()
}

/// `diff --base-dir <the common base> --spec-dir <case>` plus `extra`.
fn diff_case(case: &str, extra: &[&str]) -> std::process::Output {
    let (base, head) = (fixture("base"), fixture(case));
    let args = [&["diff", "--base-dir", &base, "--spec-dir", &head][..], extra].concat();
    run(&args)
}

/// Run git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", text(&output));
}

fn edit(file: &Path, from: &str, to: &str) {
    let content = std::fs::read_to_string(file).unwrap();
    assert!(content.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, content.replacen(from, to, 1)).unwrap();
}

#[test]
fn diff_help_prints_usage_and_exit_codes() {
    let output = run(&["diff", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output);
    for expected in [
        "--base REV",
        "--base-dir DIR",
        "--spec-dir DIR",
        "--format FORMAT",
        "--deny-breaking",
    ] {
        assert!(help.contains(expected), "{help}");
    }
    assert!(help.contains("Exit codes: 0 success, 1 a breaking change"), "{help}");
    assert!(
        help.contains("relative paths are\nrelative to the current directory"),
        "{help}"
    );
    assert!(!help.contains("workspace root"), "{help}");
    assert!(
        help.contains("`md` for short") && help.contains("-V, --version"),
        "{help}"
    );
    // The generator's own help points to it.
    assert!(text(&run(&["--help"])).contains("diff --help"));
}

#[test]
fn deny_breaking_exits_1_only_for_breaking_changes() {
    let breaking = diff_case("max_length_lowered", &[]);
    assert_eq!(breaking.status.code(), Some(0), "without the flag: {}", text(&breaking));
    assert!(text(&breaking).contains("1 breaking"), "{}", text(&breaking));

    let denied = diff_case("max_length_lowered", &["--deny-breaking"]);
    assert_eq!(denied.status.code(), Some(1), "{}", text(&denied));
    assert!(
        String::from_utf8_lossy(&denied.stdout).contains("vserver::SnapshotName"),
        "the report is still printed: {}",
        text(&denied)
    );
    assert!(String::from_utf8_lossy(&denied.stderr).contains("1 breaking change (--deny-breaking)"));

    for case in ["optional_param_added", "pattern_changed", "reformatted"] {
        let output = diff_case(case, &["--deny-breaking"]);
        assert_eq!(output.status.code(), Some(0), "{case}: {}", text(&output));
    }
}

#[test]
fn formats_text_markdown_and_json() {
    let markdown = diff_case("response_field_added", &["--format", "markdown"]);
    assert_eq!(markdown.status.code(), Some(0));
    let markdown = String::from_utf8_lossy(&markdown.stdout).into_owned();
    assert!(markdown.starts_with("### Spec change: 0 breaking"), "{markdown}");
    assert!(
        markdown.contains("| compatible | `vserver::SnapshotInstance::is_encrypted` |"),
        "{markdown}"
    );

    let json = diff_case("response_field_added", &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(value["services"][0]["changes"][0]["kind"], "field_added");

    let nothing = diff_case("reformatted", &[]);
    assert!(
        text(&nothing).contains("No change to the generated API"),
        "{}",
        text(&nothing)
    );
}

#[test]
fn a_bad_argument_is_one_line_with_a_hint_to_the_diff_help_and_exit_2() {
    for (args, expected) in [
        (
            &["diff", "--format", "xml"][..],
            "unknown format `xml`: use text, markdown (or md) or json",
        ),
        (
            &["diff", "--base", "HEAD", "--base-dir", "spec"],
            "--base and --base-dir cannot be used together",
        ),
        (&["diff", "--frobnicate"], "unknown option --frobnicate"),
        (&["diff", "--base"], "--base needs a value"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("error: {expected}; see 'generator diff --help'\n"),
            "{args:?}"
        );
        assert!(output.stdout.is_empty(), "{args:?}: {}", text(&output));
    }
}

#[test]
fn md_is_markdown_and_relative_paths_are_relative_to_the_current_directory() {
    let markdown = diff_case("response_field_added", &["--format", "markdown"]);
    let md = diff_case("response_field_added", &["--format", "md"]);
    assert_eq!(md.status.code(), Some(0), "{}", text(&md));
    assert_eq!(md.stdout, markdown.stdout);

    // From a folder that is not the workspace root, paths relative to it.
    let from_fixtures = Command::new(env!("CARGO_BIN_EXE_generator"))
        .current_dir(workspace().join("tests/fixtures/diff"))
        .args(["diff", "--base-dir", "base", "--spec-dir", "response_field_added"])
        .output()
        .expect("the generator runs");
    assert_eq!(from_fixtures.status.code(), Some(0), "{}", text(&from_fixtures));
    let report = text(&from_fixtures);
    assert!(report.contains("vserver::SnapshotInstance::is_encrypted"), "{report}");
}

#[test]
fn a_bad_spec_on_either_side_exits_2_naming_it_and_a_missing_folder_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken");
    copy_specs(&broken);
    edit(&broken.join("vserver.yaml"), "maxLength: 30", "maxLenght: 30");
    let spec = workspace().join("spec");
    let (spec, broken) = (spec.to_str().unwrap(), broken.to_str().unwrap());

    for args in [
        ["diff", "--base-dir", broken, "--spec-dir", spec],
        ["diff", "--base-dir", spec, "--spec-dir", broken],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains("vserver.yaml: paths./createBlockStorageSnapshotInstance.get.parameters[1].schema.maxLenght: unknown key"), "{}", text(&output));
    }

    let missing = tmp.path().join("missing");
    let output = run(&["diff", "--base-dir", missing.to_str().unwrap(), "--spec-dir", spec]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
}

#[test]
fn base_revision_reads_the_committed_specs_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let spec = repo.join("spec");
    copy_specs(&spec);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "spec"]);
    git(&repo, &["commit", "-q", "-m", "specs"]);
    let vserver = spec.join("vserver.yaml");
    let spec_arg = spec.to_str().unwrap();

    // A clean working tree: nothing to report against HEAD (the default base).
    let clean = run(&["diff", "--spec-dir", spec_arg, "--deny-breaking"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
    assert!(text(&clean).contains("Spec change: HEAD ("), "{}", text(&clean));
    assert!(
        text(&clean).contains("No change to the generated API"),
        "{}",
        text(&clean)
    );

    // An uncommitted change is compared with the commit.
    edit(&vserver, "maxLength: 30", "maxLength: 20");
    let before = snapshot(&repo);
    let changed = run(&["diff", "--spec-dir", spec_arg, "--deny-breaking"]);
    assert_eq!(changed.status.code(), Some(1), "{}", text(&changed));
    assert!(
        text(&changed).contains("`maxLength` lowered from 30 to 20 characters"),
        "{}",
        text(&changed)
    );
    assert_eq!(snapshot(&repo), before, "diff writes nothing");

    // Once committed, HEAD has it, and the previous commit is the base that differs.
    git(&repo, &["commit", "-q", "-am", "tighter"]);
    let head = run(&["diff", "--spec-dir", spec_arg, "--deny-breaking"]);
    assert_eq!(head.status.code(), Some(0), "{}", text(&head));
    let previous = run(&["diff", "--spec-dir", spec_arg, "--base", "HEAD~1", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&previous.stdout).expect("JSON");
    assert!(value["base"].as_str().unwrap().starts_with("HEAD~1 ("), "{value}");
    assert_eq!(value["summary"]["breaking"], 1, "{value}");

    // A broken spec in the base is named with its revision.
    edit(&vserver, "maxLength: 20", "maxLenght: 20");
    git(&repo, &["commit", "-q", "-am", "typo"]);
    edit(&vserver, "maxLenght: 20", "maxLength: 20");
    let broken = run(&["diff", "--spec-dir", spec_arg]);
    assert_eq!(broken.status.code(), Some(2), "{}", text(&broken));
    assert!(
        text(&broken).contains(
            "HEAD:spec/vserver.yaml: paths./createBlockStorageSnapshotInstance.get.parameters[1].schema.maxLenght"
        ),
        "{}",
        text(&broken)
    );

    // An unknown revision, or a spec folder outside any repository, is a git error.
    let unknown = run(&["diff", "--spec-dir", spec_arg, "--base", "no-such-branch"]);
    assert_eq!(unknown.status.code(), Some(3), "{}", text(&unknown));
    assert!(
        text(&unknown).contains("`no-such-branch` is not a commit"),
        "{}",
        text(&unknown)
    );
    let option_like = run(&["diff", "--spec-dir", spec_arg, "--base=--output=x"]);
    assert_eq!(option_like.status.code(), Some(3), "{}", text(&option_like));
    let outside = tmp.path().join("outside");
    copy_specs(&outside);
    let output = run(&["diff", "--spec-dir", outside.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
}

#[test]
fn base_revision_without_the_spec_folder_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("README"), "no specs yet\n").unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "README"]);
    git(&repo, &["commit", "-q", "-m", "start"]);
    copy_specs(&repo.join("spec"));
    let output = run(&["diff", "--spec-dir", repo.join("spec").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
    assert!(
        text(&output).contains("`spec/` does not exist at `HEAD`"),
        "{}",
        text(&output)
    );
}
