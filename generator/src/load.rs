//! Load: read the spec files, parse YAML, check the OpenAPI version and every key, then
//! deserialize into `openapiv3` types.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::check;
use crate::error::{Diagnostic, Diagnostics, Error, Loc};

/// One spec file, loaded and strictly checked.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file as it was found (`spec/vserver.yaml`).
    pub file: PathBuf,
    /// The file name (`vserver.yaml`), used in headers so output does not depend on where the
    /// specs live.
    pub file_name: String,
    /// The file stem (`vserver`): the name of the generated module.
    pub stem: String,
    /// The raw document, for what `openapiv3` drops (the `xml` object).
    pub raw: Value,
    /// The typed document.
    pub api: openapiv3::OpenAPI,
}

impl Spec {
    /// The root location of this spec, for diagnostics.
    pub fn loc(&self) -> Loc {
        Loc::root(&self.file)
    }
}

/// The spec files in `dir`: every `*.yaml` and `*.yml`, sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::new(&Loc::root(dir), "no spec files (*.yaml) in this directory").into());
    }
    Ok(files)
}

/// Load every spec in `dir`. All problems in all files are reported together.
pub fn load_dir(dir: &Path) -> Result<Vec<Spec>, Error> {
    let mut specs = Vec::new();
    let mut diags = Diagnostics::default();
    for file in spec_files(dir)? {
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        match load_bytes(&file, &bytes) {
            Ok(spec) => specs.push(spec),
            Err(Error::Spec(found)) => found.into_iter().for_each(|d| diags.push(&d.loc, d.message)),
            Err(other) => return Err(other),
        }
    }
    diags.finish(specs)
}

/// Load one spec from its bytes; `file` is used for names and diagnostics.
pub fn load_bytes(file: &Path, bytes: &[u8]) -> Result<Spec, Error> {
    let root = Loc::root(file);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Err(problem) = crate::naming::check_file_name(&file_name) {
        return Err(Diagnostic::new(&root, problem).into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            &root,
            format!("not UTF-8 text: invalid byte sequence at byte {}", e.valid_up_to()),
        )
    })?;
    // What the text stands for is bounded before any tree is built (see `bounds`).
    crate::bounds::check(text, crate::bounds::MAX_ALIAS_NODES, crate::bounds::MAX_DEPTH)
        .map_err(|problem| Diagnostic::new(&root, problem))?;
    // The typed document is read straight from the text on a second thread while this one builds
    // and checks the raw tree (about 15% less time to load a 1,000-action spec than one parse
    // followed by deserializing from the tree). It is used only once the checks pass; when it
    // could not be read, it is deserialized again from the tree, with paths, for the message.
    let (checked, direct) = std::thread::scope(|scope| {
        let direct = scope.spawn(|| serde_yaml::from_str::<openapiv3::OpenAPI>(text).ok());
        let checked = parse_and_check(text, &root);
        (checked, direct.join().ok().flatten())
    });
    let raw = checked?;
    let api: openapiv3::OpenAPI = match direct {
        Some(api) => api,
        None => serde_path_to_error::deserialize(&raw).map_err(|e| {
            let path = e.path().to_string();
            let loc = if path == "." { root.clone() } else { root.at_text(path) };
            Diagnostic::new(&loc, format!("not a valid OpenAPI 3.0 document: {}", e.inner()))
        })?,
    };
    Ok(Spec {
        file: file.to_path_buf(),
        file_name,
        stem,
        raw,
        api,
    })
}

/// The raw tree of `text`, once it passes the version check and the strict key check.
fn parse_and_check(text: &str, root: &Loc) -> Result<Value, Error> {
    let raw: Value = serde_yaml::from_str(text).map_err(|e| Diagnostic::new(root, format!("invalid YAML: {e}")))?;
    check_version(&raw, root)?;
    let mut diags = Diagnostics::default();
    check::check_document(&raw, root, &mut diags);
    diags.finish(raw)
}

fn check_version(raw: &Value, root: &Loc) -> Result<(), Diagnostic> {
    let Value::Mapping(map) = raw else {
        return Err(Diagnostic::new(
            root,
            format!(
                "expected an OpenAPI document (a mapping), found {}",
                check::describe(raw)
            ),
        ));
    };
    if map.contains_key("swagger") {
        return Err(Diagnostic::new(
            &root.key("swagger"),
            "Swagger 2.0 is not supported: convert the spec to OpenAPI 3.0.x (`openapi: 3.0.3`)",
        ));
    }
    let loc = root.key("openapi");
    match map.get("openapi") {
        None => Err(Diagnostic::new(
            root,
            "missing `openapi: 3.0.x`: only OpenAPI 3.0 documents are supported",
        )),
        Some(Value::String(v)) => {
            let mut parts = v.split('.');
            let ok = parts.next() == Some("3")
                && parts.next() == Some("0")
                && parts
                    .next()
                    .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                && parts.next().is_none();
            if ok {
                Ok(())
            } else {
                Err(Diagnostic::new(
                    &loc,
                    format!("OpenAPI {v} is not supported: only 3.0.x (such as 3.0.3)"),
                ))
            }
        }
        Some(other) => Err(Diagnostic::new(
            &loc,
            format!(
                "`openapi` must be a string such as \"3.0.3\", found {}",
                check::describe(other)
            ),
        )),
    }
}
