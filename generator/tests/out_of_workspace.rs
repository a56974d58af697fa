//! `--out-dir` writes a whole crate: generated into an empty folder outside the workspace, it
//! builds on its own, with code of the user's own (an example kept beside the generated files)
//! calling the fake gateway through it.
//!
//! The crate is built with its own target folder under the workspace's `target/` (the tests'
//! own cargo holds the lock of the main one) and `--offline`, with the workspace's `Cargo.lock`,
//! so it uses the versions already downloaded and reaches no network.

mod common;

use std::path::Path;
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

#[test]
fn a_crate_generated_outside_the_workspace_builds_and_calls_the_fake_gateway() {
    let root = workspace();
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("somewhere/my-client");

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
    let manifest = out.join("Cargo.toml");
    let mut text_now = std::fs::read_to_string(&manifest).unwrap();
    text_now.push_str(&format!(
        "\n[dev-dependencies]\nncloud-fake-gateway = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
        root.join("fake-gateway").display().to_string()
    ));
    std::fs::write(&manifest, text_now).unwrap();
    std::fs::create_dir_all(out.join("examples")).unwrap();
    std::fs::write(out.join("examples/call.rs"), EXAMPLE).unwrap();
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

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

    let ran = cargo(
        &out,
        &root.join("target/out-of-workspace"),
        &["run", "--quiet", "--example", "call"],
    );
    assert!(ran.status.success(), "{}", text(&ran));
    assert!(
        text(&ran).contains("called the fake gateway in both formats"),
        "{}",
        text(&ran)
    );

    // One family alone: code that calls only `vserver` compiles with that feature alone, and the
    // other families are not compiled at all (code naming one of them fails to compile).
    let vserver_alone = ["--no-default-features", "--features", "reqwest,vserver"];
    let checked = cargo(
        &out,
        &root.join("target/out-of-workspace"),
        &[&["check", "--quiet", "--example", "call"][..], &vserver_alone].concat(),
    );
    assert!(checked.status.success(), "{}", text(&checked));
    std::fs::write(
        out.join("examples/other_family.rs"),
        "fn main() {\n    let _ = my_client::vnas::BASE_PATH;\n}\n",
    )
    .unwrap();
    let target = root.join("target/out-of-workspace");
    let other = ["check", "--quiet", "--example", "other_family"];
    let with_vnas = cargo(&out, &target, &other);
    assert!(with_vnas.status.success(), "{}", text(&with_vnas));
    let without = cargo(&out, &target, &[&other[..], &vserver_alone].concat());
    assert!(!without.status.success(), "vnas is compiled without its feature");
    assert!(text(&without).contains("vnas"), "{}", text(&without));
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .arg("--offline")
        .env("CARGO_TARGET_DIR", target)
        // Not a member of any workspace: make sure cargo does not look above the crate.
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("cargo runs")
}

#[test]
fn spec_files_named_like_keywords_or_the_index_generate_a_crate_that_compiles() {
    let root = workspace();
    let temp = tempfile::tempdir().unwrap();
    let spec = temp.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    let server = std::fs::read(root.join("spec/server.yaml")).unwrap();
    // `mod` would be the index's file, `self`/`super`/`crate` cannot be raw identifiers, `type`
    // and `match` can.
    for name in ["mod", "self", "super", "crate", "type", "match"] {
        std::fs::write(spec.join(format!("{name}.yaml")), &server).unwrap();
    }
    let out = temp.path().join("keywords");
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
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let checked = cargo(&out, &root.join("target/out-of-workspace"), &["check", "--quiet"]);
    assert!(checked.status.success(), "{}", text(&checked));
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
