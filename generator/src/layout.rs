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
///   one (a relative path when the crate is inside the workspace, so the checkout can move). A
///   `--runtime-path` given relative is written relative to the crate's `Cargo.toml`, one given
///   absolute stays absolute. With neither, and no `runtime/` to find, it is an error: the runtime
///   is not published, so a dependency by version alone would not build;
/// - whether `out_dir/README.md` exists, to become the crate's documentation;
/// - the command that regenerates it, for the files' headers ([`regenerate_instruction`]).
pub fn crate_options(
    spec_dir: &Path,
    out_dir: &Path,
    crate_name: Option<&str>,
    runtime: Option<RuntimeChoice>,
    workspace: Option<&Path>,
) -> Result<CrateOptions, Error> {
    let out_dir = normalize(out_dir);
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
    let default_runtime = workspace
        .map(|root| root.join("runtime"))
        .filter(|runtime| runtime.join("Cargo.toml").is_file())
        .map(|runtime| RuntimeDep::Path(dependency_path(&out_dir, &runtime, workspace)));
    let runtime = match runtime {
        Some(RuntimeChoice::Version(v)) => RuntimeDep::Version(v),
        Some(RuntimeChoice::Path(path)) if path.is_relative() => {
            let path = normalize(&path);
            RuntimeDep::Path(relative_path(&out_dir, &path).unwrap_or_else(|| shown(&path)))
        }
        Some(RuntimeChoice::Path(path)) => RuntimeDep::Path(shown(&normalize(&path))),
        None => default_runtime
            .clone()
            .ok_or_else(|| Error::Options(NO_RUNTIME.to_owned()))?,
    };
    let mut options = CrateOptions::new(name, runtime);
    options.readme = out_dir.join("README.md").is_file();
    options.spec_dir_name = spec_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    crate::naming::check_file_name(&options.spec_dir_name)
        .map_err(|problem| Error::Options(format!("the spec folder: {problem}")))?;
    options.regenerate = regenerate_instruction(
        &normalize(spec_dir),
        &out_dir,
        &options,
        default_runtime.as_ref(),
        workspace,
    );
    Ok(options)
}

/// Why a run without a runtime to depend on stops, and what to pass instead.
pub const NO_RUNTIME: &str = "no ncloud-runtime to depend on (no cargo workspace with a runtime/ folder from the current \
directory up, and the runtime is not published yet): pass --runtime-path PATH/TO/ncloud-rs/runtime, or \
--runtime-version VERSION for a registry that has it";

/// The sentence of the generated files' headers that says how to regenerate the crate: the
/// command that writes the same files, and the folder to run it in, with paths relative where they
/// can be (absolute when the two share nothing but the file system's root).
///
/// In a workspace the command is `cargo run -p generator`, run in the workspace root, with only
/// the options that differ from the defaults (for `generated-client/` with the workspace's specs
/// and runtime, none: `run \`cargo run -p generator\` to regenerate`). Without one, it is the
/// `generator` binary with every option, run in the crate's folder. Built from what the crate is
/// (its folder, name, specs and runtime dependency), never from how the options were spelled, so
/// that every command that writes the same crate writes the same header.
pub fn regenerate_instruction(
    spec_dir: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    default_runtime: Option<&RuntimeDep>,
    workspace: Option<&Path>,
) -> String {
    // The folder the command is run in, and paths as seen from there.
    let base = workspace.unwrap_or(out_dir);
    let from_base = |path: &Path| relative_path(base, path).unwrap_or_else(|| shown(path));
    let mut args: Vec<String> = Vec::new();
    let mut option = |name: &str, value: String| {
        args.push(name.to_owned());
        args.push(shell_word(&value));
    };
    let default_crate = workspace.map(|root| root.join("generated-client"));
    if workspace.is_none_or(|root| spec_dir != root.join("spec")) {
        option("--spec-dir", from_base(spec_dir));
    }
    if default_crate.as_deref() != Some(out_dir) {
        option("--out-dir", from_base(out_dir));
    }
    // The name is kept from the crate's own Cargo.toml: recorded only when the crate, generated
    // anew, would otherwise be named after its folder (the workspace's own crate keeps its name).
    let folder_name = out_dir.file_name().map(|n| n.to_string_lossy());
    if default_crate.as_deref() != Some(out_dir) && folder_name.as_deref() != Some(options.name.as_str()) {
        option("--crate-name", options.name.clone());
    }
    match &options.runtime {
        dep if Some(dep) == default_runtime => {}
        RuntimeDep::Version(v) => option("--runtime-version", v.clone()),
        // Written relative to the crate: given relative to the command's folder, it is written the
        // same way again; an absolute path stays absolute.
        RuntimeDep::Path(path) if Path::new(path).is_relative() => {
            option("--runtime-path", from_base(&normalize(&out_dir.join(path))));
        }
        RuntimeDep::Path(path) => option("--runtime-path", path.clone()),
    }
    let args = args.iter().map(|a| format!(" {a}")).collect::<String>();
    match workspace {
        None => format!("run `generator{args}` in this folder to regenerate"),
        Some(_) if args.is_empty() => "run `cargo run -p generator` to regenerate".to_owned(),
        Some(root) => {
            let dir = relative_path(out_dir, root).unwrap_or_else(|| shown(root));
            format!(
                "run `cargo run -p generator --{args}` in `{}` (the generator's workspace) to regenerate",
                shell_word(&dir)
            )
        }
    }
}

/// A path or name as one word of a POSIX shell command: as it is when it needs no quoting, else
/// single-quoted, or ANSI-C quoted (`$'…'`) when it holds control characters, which a comment
/// line of a generated file could not hold.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-./+,:@=%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_owned();
    }
    if !word.chars().any(char::is_control) {
        return format!("'{}'", word.replace('\'', "'\\''"));
    }
    let mut quoted = String::from("$'");
    for c in word.chars() {
        match c {
            '\'' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            c if c.is_control() => quoted.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
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

/// `path` made absolute against the current directory, with `.` and `..` resolved as cargo
/// resolves them in a manifest's paths: by the text alone, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) {
                    normal.pop();
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A path as written in a file: with `/` between its parts.
fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// `target` relative to the folder `from` (both absolute and normalized), or `None` when they
/// share nothing but the file system's root: a path climbing all the way up is longer and more
/// fragile than the absolute one.
fn relative_path(from: &Path, target: &Path) -> Option<String> {
    use std::path::Component;
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if !from[..common].iter().any(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in common..from.len() {
        relative.push("..");
    }
    for part in &to[common..] {
        relative.push(part);
    }
    if relative.as_os_str().is_empty() {
        return Some(".".to_owned());
    }
    Some(shown(&relative))
}

/// How `Cargo.toml` in `crate_dir` names the folder `target` by default: relative when both are
/// in `workspace`, absolute otherwise. Both paths are absolute.
pub fn dependency_path(crate_dir: &Path, target: &Path, workspace: Option<&Path>) -> String {
    let in_workspace = workspace.is_some_and(|root| crate_dir.starts_with(root) && target.starts_with(root));
    match in_workspace.then(|| relative_path(crate_dir, target)).flatten() {
        Some(relative) => relative,
        None => shown(target),
    }
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

    #[test]
    fn relative_paths_never_climb_to_the_root_and_normalized_paths_have_no_dots() {
        let rel = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to));
        assert_eq!(
            rel("/home/u/apps/client", "/home/u/ncloud-rs/runtime").as_deref(),
            Some("../../ncloud-rs/runtime")
        );
        assert_eq!(rel("/home/u/client", "/home/u/client").as_deref(), Some("."));
        assert_eq!(rel("/home/u", "/home/u/spec").as_deref(), Some("spec"));
        assert_eq!(rel("/tmp/x/client", "/home/u/ncloud-rs/runtime"), None);
        assert_eq!(normalize(Path::new("/a/./b/../c/./../../d/..")), PathBuf::from("/"));
        assert_eq!(normalize(Path::new("/a/b/../../../c")), PathBuf::from("/c"));
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed_and_never_hold_a_line_break() {
        assert_eq!(shell_word("../my-specs"), "../my-specs");
        assert_eq!(shell_word("my specs"), "'my specs'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a\nb'c"), "$'a\\x0ab\\'c'");
        assert!(!shell_word("a\r\nb").contains(['\n', '\r']));
    }

    /// The header's instruction for a crate in `out` from the specs in `spec`, named `name`, with
    /// the runtime dependency `runtime`.
    fn instruction(spec: &str, out: &str, name: &str, runtime: RuntimeDep, workspace: Option<&str>) -> String {
        let workspace = workspace.map(Path::new);
        let default_runtime =
            workspace.map(|root| RuntimeDep::Path(dependency_path(Path::new(out), &root.join("runtime"), Some(root))));
        let options = CrateOptions::new(name, runtime);
        regenerate_instruction(
            Path::new(spec),
            Path::new(out),
            &options,
            default_runtime.as_ref(),
            workspace,
        )
    }

    #[test]
    fn the_instruction_to_regenerate_names_what_differs_from_the_defaults_relative_to_where_it_runs() {
        let ws = Some("/w");
        let path = |p: &str| RuntimeDep::Path(p.into());
        // The workspace's own crate, with its own specs and runtime: the plain command.
        assert_eq!(
            instruction(
                "/w/spec",
                "/w/generated-client",
                "ncloud-client",
                path("../runtime"),
                ws
            ),
            "run `cargo run -p generator` to regenerate"
        );
        // Another crate beside the workspace: its folder, and its name, which is not the folder's.
        assert_eq!(
            instruction("/w/my-specs", "/home/client", "my-client", path("/w/runtime"), ws),
            "run `cargo run -p generator -- --spec-dir my-specs --out-dir /home/client --crate-name my-client` \
             in `/w` (the generator's workspace) to regenerate"
        );
        assert_eq!(
            instruction(
                "/h/w/spec",
                "/h/apps/client",
                "client",
                RuntimeDep::Version("0.1".into()),
                Some("/h/w")
            ),
            "run `cargo run -p generator -- --out-dir ../apps/client --runtime-version 0.1` in `../../w` \
             (the generator's workspace) to regenerate"
        );
        // A runtime written relative to the crate is given relative to the command's folder.
        assert_eq!(
            instruction("/w/spec", "/w/a/client", "client", path("../../vendor/runtime"), ws),
            "run `cargo run -p generator -- --out-dir a/client --runtime-path vendor/runtime` in `../..` \
             (the generator's workspace) to regenerate"
        );
        // No workspace: the binary, every option, run in the crate's folder.
        assert_eq!(
            instruction(
                "/h/specs",
                "/h/my client",
                "my-client",
                path("../ncloud-rs/runtime"),
                None
            ),
            "run `generator --spec-dir ../specs --out-dir . --crate-name my-client --runtime-path ../ncloud-rs/runtime` \
             in this folder to regenerate"
        );
    }

    #[test]
    fn without_a_runtime_to_find_or_given_the_options_are_an_error_naming_the_options_to_give() {
        let dir = std::env::temp_dir();
        let error = crate_options(&dir.join("spec"), &dir.join("client"), None, None, None).unwrap_err();
        assert!(error.to_string().contains("pass --runtime-path"), "{error}");
        let given = RuntimeChoice::Version("0.1.0".into());
        let options = crate_options(&dir.join("spec"), &dir.join("client"), None, Some(given), None).unwrap();
        assert_eq!(options.runtime, RuntimeDep::Version("0.1.0".into()));
    }
}
