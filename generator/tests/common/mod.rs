//! Helpers shared by the generator's command-line tests.

// Each test binary includes this module and uses only some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the workspace")
        .to_path_buf()
}

/// Run the generator binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("the generator runs")
}

/// Everything it printed.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every file below `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

/// Copy the shipped specs into `to`.
pub fn copy_specs(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["server.yaml", "vserver.yaml"] {
        std::fs::copy(workspace().join("spec").join(name), to.join(name)).unwrap();
    }
}

/// A temporary copy of the shipped specs and an output crate folder, removed on drop.
pub struct Sandbox {
    _dir: tempfile::TempDir,
    /// The spec folder, holding copies of `spec/*.yaml`.
    pub spec: PathBuf,
    /// The output folder.
    pub out: PathBuf,
}

impl Sandbox {
    /// Copies of the shipped specs, nothing generated yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        let out = dir.path().join("client");
        copy_specs(&spec);
        Sandbox { _dir: dir, spec, out }
    }

    /// Copies of the shipped specs, already generated once into the output folder.
    pub fn generated() -> Self {
        let sandbox = Sandbox::new();
        let output = run(&sandbox.args());
        assert!(output.status.success(), "{}", text(&output));
        sandbox
    }

    /// `--spec-dir SPEC --out-dir OUT`.
    pub fn args(&self) -> Vec<&str> {
        vec![
            "--spec-dir",
            self.spec.to_str().unwrap(),
            "--out-dir",
            self.out.to_str().unwrap(),
        ]
    }
}
