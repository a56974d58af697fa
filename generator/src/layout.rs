//! Where things are: the workspace the generator runs in, and the name and runtime dependency of
//! the crate it writes, worked out from the command line and the output folder as it is.

use std::path::{Path, PathBuf};

use crate::emit::{CrateOptions, RuntimeDep};
use crate::error::Error;

/// How the generated crate depends on the runtime, when the caller chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeChoice {
    /// The runtime crate's folder.
    Path(PathBuf),
    /// A version from a registry.
    Version(String),
}

/// The workspace `dir` belongs to: the nearest folder, from `dir` up, whose `Cargo.toml` has a
/// `[workspace]` table, as cargo finds it.
pub fn find_workspace(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
}

/// The options of the crate to write into `out_dir` from the specs in `spec_dir`:
///
/// - its name: `crate_name`, else the name in the generated part of `out_dir/Cargo.toml`, else
///   the folder's name;
/// - its runtime dependency: `runtime`, else the `runtime/` folder of `workspace` when there is
///   one (a relative path when the crate is inside the workspace, so the checkout can move), else
///   this generator's runtime version from a registry;
/// - whether `out_dir/README.md` exists, to become the crate's documentation.
pub fn crate_options(
    spec_dir: &Path,
    out_dir: &Path,
    crate_name: Option<&str>,
    runtime: Option<RuntimeChoice>,
    workspace: Option<&Path>,
) -> Result<CrateOptions, Error> {
    let out_dir = absolute(out_dir);
    let name = match crate_name {
        Some(name) => name.to_owned(),
        None => existing_package_name(&out_dir).unwrap_or_else(|| {
            out_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
    };
    crate::naming::check_crate_name(&name).map_err(Error::Options)?;
    let runtime = match runtime {
        Some(RuntimeChoice::Version(v)) => RuntimeDep::Version(v),
        Some(RuntimeChoice::Path(path)) => RuntimeDep::Path(dependency_path(&out_dir, &absolute(&path), workspace)),
        None => match workspace.map(|root| root.join("runtime")) {
            Some(runtime) if runtime.join("Cargo.toml").is_file() => {
                RuntimeDep::Path(dependency_path(&out_dir, &runtime, workspace))
            }
            _ => RuntimeDep::Version(crate::runtime::VERSION.to_owned()),
        },
    };
    let mut options = CrateOptions::new(name, runtime);
    options.readme = out_dir.join("README.md").is_file();
    options.spec_dir_name = spec_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    crate::naming::check_file_name(&options.spec_dir_name)
        .map_err(|problem| Error::Options(format!("the spec folder: {problem}")))?;
    Ok(options)
}

/// The package name in the generated part of an existing `Cargo.toml`.
fn existing_package_name(out_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out_dir.join("Cargo.toml")).ok()?;
    if !text.starts_with(crate::write::MANIFEST_MARKER) {
        return None;
    }
    let package = text.split("[package]").nth(1)?;
    let line = package.lines().find(|l| l.trim_start().starts_with("name"))?;
    let value = line.split_once('=')?.1.trim();
    Some(value.trim_matches('"').to_owned())
}

/// `path` made absolute against the current directory, without touching the file system.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// How `Cargo.toml` in `crate_dir` names the folder `target`: relative when both are in
/// `workspace`, absolute otherwise. Both paths are absolute.
pub fn dependency_path(crate_dir: &Path, target: &Path, workspace: Option<&Path>) -> String {
    let in_workspace = workspace.is_some_and(|root| crate_dir.starts_with(root) && target.starts_with(root));
    if !in_workspace {
        return target.display().to_string();
    }
    let from: Vec<_> = crate_dir.components().collect();
    let to: Vec<_> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..from.len() {
        relative.push("..");
    }
    for part in &to[common..] {
        relative.push(part);
    }
    relative.display().to_string().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_paths_are_relative_inside_the_workspace_and_absolute_outside() {
        let ws = Path::new("/w");
        assert_eq!(
            dependency_path(Path::new("/w/generated-client"), Path::new("/w/runtime"), Some(ws)),
            "../runtime"
        );
        assert_eq!(
            dependency_path(Path::new("/w/a/b"), Path::new("/w/runtime"), Some(ws)),
            "../../runtime"
        );
        assert_eq!(
            dependency_path(Path::new("/tmp/x/my-client"), Path::new("/w/runtime"), Some(ws)),
            "/w/runtime"
        );
        assert_eq!(
            dependency_path(Path::new("/w/c"), Path::new("/w/runtime"), None),
            "/w/runtime"
        );
    }
}
