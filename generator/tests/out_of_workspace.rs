//! `--out-dir` writes a whole crate: generated into an empty folder outside the workspace, it
//! builds on its own, with code of the user's own (an example kept beside the generated files)
//! calling the fake gateway through it.
//!
//! The tests that run cargo on a generated crate are `#[ignore]`d by default: their first run
//! compiles the runtime's dependencies anew for the crate, about two minutes on two cores, most of
//! a cold `cargo test --workspace`'s test time. `cargo test --workspace -- --include-ignored` runs
//! them, as `.ci/run` does; the rest (what is generated, what is kept) runs every time.
//!
//! The generated crates are built `--offline` with the workspace's `Cargo.lock`, so they use the
//! versions already downloaded and reach no network, in one target folder of their own inside the
//! tests' target folder (`CARGO_TARGET_TMPDIR`, so `CARGO_TARGET_DIR` is honoured), kept between
//! runs. Every build there has the same dependencies with the same features (each crate has the
//! same dev-dependencies, and every build includes an example, which unifies their features), so
//! the dependencies are compiled once, without debug information, and every later build of the
//! run reuses them; each crate is built rather than checked for the same reason.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run, text, workspace};

/// The user's code: starts the fake gateway in-process, calls one action per family through the
/// generated crate in both formats, and checks what comes back.
const EXAMPLE: &str = r#"
use my_client::vserver::{CreateBlockStorageSnapshotInstance, SnapshotTypeCode};
use my_client::{Client, Credentials, Format};
use ncloud_fake_gateway::{FakeGateway, GatewayConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let gateway = FakeGateway::start(GatewayConfig::new("ak", "sk")).await.expect("gateway starts");
    for format in [Format::Xml, Format::Json] {
        let client = Client::builder()
            .credentials(Credentials::new("ak", "sk"))
            .api_gateway(gateway.base_url())
            .format(format)
            .build()
            .expect("valid configuration");
        let request = CreateBlockStorageSnapshotInstance::builder("3168")
            .block_storage_snapshot_name("snap-1")
            .snapshot_type_code(SnapshotTypeCode::Full)
            .build()
            .expect("valid request");
        let response = client
            .vserver()
            .create_block_storage_snapshot_instance(request)
            .await
            .expect("the call succeeds");
        assert_eq!(response.return_code.as_deref(), Some("0"));
        let list = response.block_storage_snapshot_instance_list.unwrap_or_default();
        assert!(!list.is_empty());
        println!("{format}: {} snapshot(s)", list.len());
    }
    gateway.shutdown().await;
    println!("called the fake gateway in both formats");
}
"#;

/// The shipped specs generated into `temp`, outside the workspace, as the crate `my-client`, with
/// a user's own part (dev-dependencies, an example calling the fake gateway) that regenerating
/// leaves alone.
fn crate_with_users_part(temp: &Path) -> PathBuf {
    let root = workspace();
    let out = temp.join("somewhere/my-client");
    let generated = Command::new(env!("CARGO_BIN_EXE_generator"))
        .current_dir(&root)
        .args(["--out-dir", out.to_str().unwrap(), "--crate-name", "my-client"])
        .output()
        .expect("the generator runs");
    assert!(generated.status.success(), "{}", text(&generated));
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/generated/mod.rs",
        "src/generated/vserver.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} is written");
    }

    // The user's own part: dev-dependencies below the marked line, an example.
    add_users_part(&out, "call", EXAMPLE);

    // Regenerating leaves the user's part alone.
    let again = run(&[
        "--spec-dir",
        root.join("spec").to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(!text(&again).contains("wrote:"), "{}", text(&again));
    assert!(out.join("examples/call.rs").is_file());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.ends_with(&users_manifest_part()), "{manifest}");
    out
}

#[test]
fn a_crate_generated_outside_the_workspace_is_complete_and_keeps_the_users_part() {
    let temp = tempfile::tempdir().unwrap();
    crate_with_users_part(temp.path());
}

#[test]
#[ignore = "slow: cargo builds the generated crate and its dependencies (--include-ignored runs it)"]
fn a_crate_generated_outside_the_workspace_builds_and_calls_the_fake_gateway() {
    let temp = tempfile::tempdir().unwrap();
    let out = crate_with_users_part(temp.path());
    let target = nested_target();

    let ran = cargo(&out, &target, &["run", "--quiet", "--example", "call"]);
    assert!(ran.status.success(), "{}", text(&ran));
    assert!(
        text(&ran).contains("called the fake gateway in both formats"),
        "{}",
        text(&ran)
    );

    // One family alone: code that calls only `vserver` compiles with that feature alone, and the
    // other families are not compiled at all (code naming one of them fails to compile).
    let vserver_alone = ["--no-default-features", "--features", "reqwest,vserver"];
    let built = cargo(
        &out,
        &target,
        &[&["build", "--quiet", "--example", "call"][..], &vserver_alone].concat(),
    );
    assert!(built.status.success(), "{}", text(&built));
    std::fs::write(
        out.join("examples/other_family.rs"),
        "fn main() {\n    let _ = my_client::vnas::BASE_PATH;\n}\n",
    )
    .unwrap();
    let other = ["build", "--quiet", "--example", "other_family"];
    let with_vnas = cargo(&out, &target, &other);
    assert!(with_vnas.status.success(), "{}", text(&with_vnas));
    let without = cargo(&out, &target, &[&other[..], &vserver_alone].concat());
    assert!(!without.status.success(), "vnas is compiled without its feature");
    assert!(text(&without).contains("vnas"), "{}", text(&without));
    forget(&out, &target);
}

/// The target folder of the crates generated here: inside the tests' own target folder, kept
/// between runs so that their dependencies are compiled once.
fn nested_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("out-of-workspace")
}

/// What a user adds to the generated crate in `out`: below the marked line of `Cargo.toml`,
/// dev-dependencies (the fake gateway and tokio, the same for every crate built here), an example
/// `name` with `code`, and the workspace's `Cargo.lock`.
fn add_users_part(out: &Path, name: &str, code: &str) {
    let root = workspace();
    let manifest = out.join("Cargo.toml");
    let mut text_now = std::fs::read_to_string(&manifest).unwrap();
    text_now.push_str(&users_manifest_part());
    std::fs::write(&manifest, text_now).unwrap();
    std::fs::create_dir_all(out.join("examples")).unwrap();
    std::fs::write(out.join("examples").join(format!("{name}.rs")), code).unwrap();
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
}

/// What [`add_users_part`] adds below the marked line of `Cargo.toml`.
fn users_manifest_part() -> String {
    format!(
        "\n[dev-dependencies]\nncloud-fake-gateway = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
        workspace().join("fake-gateway").display().to_string()
    )
}

/// Cargo in the generated crate `dir`, offline, building into `target`: the dependencies without
/// debug information (nothing here debugs them) and without incremental data (each run's crate
/// is in a new temporary folder, so it would never be reused).
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .arg("--offline")
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("CARGO_INCREMENTAL", "0")
        // Not a member of any workspace: make sure cargo does not look above the crate.
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("cargo runs")
}

/// Remove what was built for the crate in `dir` from the shared target folder: the crate is in a
/// new temporary folder each run, so its artifacts would pile up there; its dependencies stay.
fn forget(dir: &Path, target: &Path) {
    let cleaned = cargo(
        dir,
        target,
        &["clean", "--quiet", "--package", package_name(dir).as_str()],
    );
    assert!(cleaned.status.success(), "{}", text(&cleaned));
}

/// The package name in `dir/Cargo.toml`.
fn package_name(dir: &Path) -> String {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let line = manifest.lines().find(|l| l.starts_with("name = ")).unwrap();
    line.trim_start_matches("name = ").trim_matches('"').to_owned()
}

/// Six copies of `spec/server.yaml` named like Rust keywords and like the index (`mod`),
/// generated into `temp/keywords`: each becomes a module of another name, declared in the index.
fn keywords_crate(temp: &Path) -> PathBuf {
    let root = workspace();
    let spec = temp.join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    let server = std::fs::read(root.join("spec/server.yaml")).unwrap();
    // `mod` would be the index's file, `self`/`super`/`crate` cannot be raw identifiers, `type`
    // and `match` can.
    for name in ["mod", "self", "super", "crate", "type", "match"] {
        std::fs::write(spec.join(format!("{name}.yaml")), &server).unwrap();
    }
    let out = temp.join("keywords");
    let generated = run(&["--spec-dir", spec.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", text(&generated));
    let index = std::fs::read_to_string(out.join("src/generated/mod.rs")).unwrap();
    for declared in [
        "pub mod mod_;",
        "pub mod self_;",
        "pub mod super_;",
        "pub mod crate_;",
        "pub mod r#type;",
        "pub mod r#match;",
    ] {
        assert!(index.contains(declared), "{declared} in\n{index}");
    }
    for file in ["mod_.rs", "self_.rs", "super_.rs", "crate_.rs", "type.rs", "match.rs"] {
        assert!(out.join("src/generated").join(file).is_file(), "{file}");
    }
    out
}

#[test]
fn spec_files_named_like_keywords_or_the_index_become_modules_of_other_names() {
    let temp = tempfile::tempdir().unwrap();
    keywords_crate(temp.path());
}

#[test]
#[ignore = "slow: cargo builds the generated crate and its dependencies (--include-ignored runs it)"]
fn spec_files_named_like_keywords_or_the_index_generate_a_crate_that_compiles() {
    let temp = tempfile::tempdir().unwrap();
    let out = keywords_crate(temp.path());
    // Code of the user's own names every module, keywords and all.
    add_users_part(
        &out,
        "names",
        "fn main() {\n    let _ = [\n        keywords::mod_::BASE_PATH,\n        keywords::self_::BASE_PATH,\n        keywords::super_::BASE_PATH,\n        keywords::crate_::BASE_PATH,\n        keywords::r#type::BASE_PATH,\n        keywords::r#match::BASE_PATH,\n    ];\n}\n",
    );
    let target = nested_target();
    let built = cargo(&out, &target, &["build", "--quiet", "--example", "names"]);
    assert!(built.status.success(), "{}", text(&built));
    forget(&out, &target);
}

#[test]
fn a_spec_file_named_like_a_method_of_the_client_is_a_clear_error() {
    let root = workspace();
    let temp = tempfile::tempdir().unwrap();
    let spec = temp.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    for name in ["builder", "from_env", "runtime", "clone"] {
        std::fs::write(
            spec.join(format!("{name}.yaml")),
            std::fs::read(root.join("spec/server.yaml")).unwrap(),
        )
        .unwrap();
    }
    let out = temp.path().join("client");
    let output = run(&["--spec-dir", spec.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    for name in ["builder", "from_env", "runtime", "clone"] {
        assert!(
            text(&output).contains(&format!(
                "the module name `{name}` clashes with a method or item of the generated crate's `Client`"
            )),
            "{name}: {}",
            text(&output)
        );
    }
    assert!(!out.exists(), "nothing was written");
}
