//! The specs as they were at a git revision, read with the `git` command (no work tree is
//! touched, nothing is checked out).

use std::path::Path;
use std::process::Command;

use crate::error::{Diagnostic, Diagnostics, Error, Loc};
use crate::load::{self, Spec};

/// A failed git command, as an I/O error on `dir` (exit code 3 in `main`).
fn git_error(dir: &Path, message: impl Into<String>) -> Error {
    Error::io(dir, std::io::Error::other(message.into()))
}

/// Run `git -C dir args…` and return its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| git_error(dir, format!("could not run `git`: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(git_error(
            dir,
            format!("`git {}` failed: {}", args.join(" "), stderr.trim()),
        ))
    }
}

fn utf8_line(dir: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes)
        .map(|s| s.trim_end_matches(['\n', '\r']).to_owned())
        .map_err(|_| git_error(dir, "git printed a path that is not UTF-8"))
}

/// Load the specs of `spec_dir` as they were at `rev`: every `*.yaml`, `*.yml` and `*.json` file the
/// directory held in that commit, through the same loader as generation. Returns a label for
/// the revision (`HEAD (1a2b3c4d5e6f)`) and the specs. Diagnostics name the files as
/// `REV:path/in/repo.yaml`.
pub fn load_at_revision(spec_dir: &Path, rev: &str) -> Result<(String, Vec<Spec>), Error> {
    if !spec_dir.is_dir() {
        return Err(Error::io(
            spec_dir,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        ));
    }
    // Where the spec folder sits in the repository (`spec/`, or empty at the top).
    let prefix = git(spec_dir, &["rev-parse", "--show-prefix"]).map_err(|e| match e {
        Error::Io { path, source } => Error::io(
            path,
            std::io::Error::other(format!(
                "not in a git work tree, so there is no revision to compare with (compare with a folder instead); {source}"
            )),
        ),
        other => other,
    })?;
    let prefix = utf8_line(spec_dir, prefix)?;
    // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
    let commit = git(
        spec_dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| git_error(spec_dir, format!("`{rev}` is not a commit of this repository")))?;
    let commit = utf8_line(spec_dir, commit)?;
    let shown = if prefix.is_empty() {
        "./".to_owned()
    } else {
        prefix.clone()
    };
    let listing = git(
        spec_dir,
        &["ls-tree", "-z", "--full-tree", &format!("{commit}:{prefix}")],
    )
    .map_err(|_| git_error(spec_dir, format!("`{shown}` does not exist at `{rev}`")))?;
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        // `<mode> SP <type> SP <object> TAB <name>`
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, name)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(object)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        let is_spec = crate::load::Format::of(Path::new(name)).is_some();
        // Regular files only: a symbolic link's blob is its target's path, not a spec.
        if kind == "blob" && mode != "120000" && is_spec {
            files.push((name.to_owned(), object.to_owned()));
        }
    }
    files.sort();
    let root = Loc::root(format!("{rev}:{prefix}"));
    if files.is_empty() {
        return Err(Diagnostic::new(
            &root,
            "no spec files (*.yaml, *.yml, *.json) in this directory at this revision",
        )
        .into());
    }
    let mut specs = Vec::new();
    let mut diags = Diagnostics::default();
    for (name, object) in files {
        let bytes = git(spec_dir, &["cat-file", "blob", &object])?;
        let label = format!("{rev}:{prefix}{name}");
        match load::load_bytes(Path::new(&label), &bytes) {
            Ok(mut spec) => {
                // The label names the revision in diagnostics; the module and the headers come
                // from the file name alone, as when the specs are read from a directory.
                let file = Path::new(&name);
                spec.file_name = name.clone();
                spec.stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                specs.push(spec);
            }
            Err(Error::Spec(found)) => found.into_iter().for_each(|d| diags.push(&d.loc, d.message)),
            Err(other) => return Err(other),
        }
    }
    let short: String = commit.chars().take(12).collect();
    diags.finish((format!("{rev} ({short})"), specs))
}
