//! Load: read the spec files (YAML, or JSON as NCP's consoles export them), check the OpenAPI
//! version, normalise what exports write differently (percent-encoded `$ref`s, rules written in
//! descriptions), check every key, then deserialize into `openapiv3` types.

use std::collections::BTreeMap;
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
    /// What the loader made of things it could not use, such as a rule in a description that
    /// cannot be enforced: printed, never fatal (see [`crate::error::render_warnings`]).
    pub warnings: Vec<Diagnostic>,
}

/// How a spec file is written, by its extension: `.yaml`/`.yml`, or `.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`), read as JSON so that its errors say what JSON's rules say.
    Json,
}

impl Format {
    /// The format of a file named `name`, or `None` if it is not a spec file.
    pub fn of(name: &Path) -> Option<Format> {
        match name.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => Some(Format::Yaml),
            Some("json") => Some(Format::Json),
            _ => None,
        }
    }
}

impl Spec {
    /// The root location of this spec, for diagnostics.
    pub fn loc(&self) -> Loc {
        Loc::root(&self.file)
    }
}

/// The spec files in `dir`: every `*.yaml`, `*.yml` and `*.json`, sorted by name. The file stem
/// is the module, so two files with one stem (`keys.yaml` and `keys.json`) are an error naming
/// both.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if Format::of(&path).is_some() && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::new(
            &Loc::root(dir),
            "no spec files (*.yaml, *.yml, *.json) in this directory",
        )
        .into());
    }
    let mut stems: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for file in &files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(first) = stems.get(&stem) {
            let name = |p: &Path| crate::error::escape_controls(&p.file_name().unwrap_or_default().to_string_lossy());
            diags.push(
                &Loc::root(file),
                format!(
                    "`{}` and `{}` would both be the module `{}`: keep one of them",
                    name(first),
                    name(file),
                    crate::error::escape_controls(&stem)
                ),
            );
        } else {
            stems.insert(stem, file);
        }
    }
    diags.finish(files)
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

/// The warnings of `specs`, in order.
pub fn warnings(specs: &[Spec]) -> Vec<Diagnostic> {
    specs.iter().flat_map(|s| s.warnings.iter().cloned()).collect()
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
    let format = Format::of(file).unwrap_or(Format::Yaml);
    // What the text stands for is bounded before any tree is built (see `bounds`). JSON has no
    // aliases, and its reader refuses nesting deeper than 128 levels by itself (the bound
    // below), with the line and column.
    if format == Format::Yaml {
        crate::bounds::check(text, crate::bounds::MAX_ALIAS_NODES, crate::bounds::MAX_DEPTH)
            .map_err(|problem| Diagnostic::new(&root, problem))?;
    }
    // The typed document is read straight from the text on a second thread while this one builds
    // and checks the raw tree (about 15% less time to load a 1,000-action spec than one parse
    // followed by deserializing from the tree). It is used only once the checks pass, and only
    // when the raw tree was not changed on the way (`$ref`s decoded, rules read from
    // descriptions); otherwise, or when it could not be read, it is deserialized from the tree,
    // with paths for the message.
    let (checked, direct) = std::thread::scope(|scope| {
        let direct = scope.spawn(|| match format {
            Format::Yaml => serde_yaml::from_str::<openapiv3::OpenAPI>(text).ok(),
            Format::Json => serde_json::from_str::<openapiv3::OpenAPI>(text).ok(),
        });
        let checked = parse_and_check(text, format, &root);
        (checked, direct.join().ok().flatten())
    });
    let Checked { raw, changed, warnings } = checked?;
    let api: openapiv3::OpenAPI = match direct.filter(|_| !changed) {
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
        warnings,
    })
}

/// The raw tree of a spec that passed the checks.
struct Checked {
    raw: Value,
    /// Whether the tree differs from the text (so the text's typed reading cannot be used).
    changed: bool,
    warnings: Vec<Diagnostic>,
}

/// The raw tree of `text`, normalised, once it passes the version check and the strict key
/// check.
fn parse_and_check(text: &str, format: Format, root: &Loc) -> Result<Checked, Error> {
    let mut raw: Value = match format {
        Format::Yaml => serde_yaml::from_str(text).map_err(|e| Diagnostic::new(root, format!("invalid YAML: {e}")))?,
        Format::Json => serde_json::from_str(text).map_err(|e| Diagnostic::new(root, json_error(&e)))?,
    };
    check_version(&raw, root)?;
    let mut warnings = Diagnostics::default();
    let mut changed = decode_refs(&mut raw);
    if crate::description_rules::enabled(&raw) {
        changed |= crate::description_rules::apply(&mut raw, root, &mut warnings);
    }
    let mut diags = Diagnostics::default();
    check::check_document(&raw, root, &mut diags);
    let warnings = warnings.into_list();
    diags.finish(Checked { raw, changed, warnings })
}

/// A JSON reader's error in words: where, and what.
fn json_error(e: &serde_json::Error) -> String {
    let what = e.to_string();
    // serde_json ends its message with ` at line L column C`: say where first, as `bounds` does.
    let what = what.rsplit_once(" at line ").map_or(what.as_str(), |(m, _)| m);
    if what.contains("recursion limit") {
        return format!(
            "line {}, column {}: mappings and lists nested deeper than {} levels: no spec needs that many",
            e.line(),
            e.column(),
            crate::bounds::MAX_DEPTH
        );
    }
    format!("invalid JSON: line {}, column {}: {what}", e.line(), e.column())
}

/// Decodes percent-encoded `$ref`s (`#/components/schemas/Page%C2%ABKey%C2%BB`, as URI fragments
/// may be written) into the component names they stand for (`Page«Key»`), so that every stage
/// finds the component by its name. Returns whether any `$ref` changed. A `$ref` whose decoding
/// is not UTF-8 is left as it is (and does not resolve).
fn decode_refs(value: &mut Value) -> bool {
    match value {
        Value::Mapping(map) => {
            let mut changed = false;
            for (key, child) in map.iter_mut() {
                if key.as_str() == Some("$ref")
                    && let Value::String(reference) = child
                {
                    if let Some(decoded) = percent_decode(reference)
                        && decoded != *reference
                    {
                        *reference = decoded;
                        changed = true;
                    }
                } else {
                    changed |= decode_refs(child);
                }
            }
            changed
        }
        Value::Sequence(items) => items
            .iter_mut()
            .fold(false, |changed, item| decode_refs(item) | changed),
        _ => false,
    }
}

/// `text` with its `%XX` escapes decoded, if they make UTF-8; `None` otherwise.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
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
    if let Some(version) = map.get("swagger") {
        let version = match version {
            Value::String(v) => v.clone(),
            other => check::describe(other),
        };
        return Err(Diagnostic::new(
            &root.key("swagger"),
            format!(
                "this is a Swagger {} document, and only OpenAPI 3.0.x documents are read: export the API \
                 as OpenAPI 3 instead (NCP API Gateway: export in the \"Open API JSON 3.0\" format, \
                 `platform=OPENAPI3_JSON`), or convert this file with swagger2openapi \
                 (`npx swagger2openapi {name} -o converted.json`) and replace it with the result",
                crate::error::escape_controls(&version),
                name = crate::error::escape_controls(
                    &root
                        .file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
            ),
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
