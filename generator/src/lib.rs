//! The generator of the `ncloud-client` crate.
//!
//! The flow, one stage per module:
//!
//! ```text
//! spec/*.yaml ─load + check─▶ openapiv3 ─lower─▶ IR ─emit─▶ tokens ─write─▶ generated-client/src/generated/
//! ```
//!
//! - [`load`] reads the files, checks the OpenAPI version and rejects every unknown key
//!   ([`check`]), then deserializes into `openapiv3` types;
//! - [`lower`] turns them into the plain-data [`ir`], where every constraint is data and every
//!   construct the client could not honour is an error naming the file and path;
//! - [`emit`] turns the IR into tokens that call the client's hand-written runtime;
//! - [`write`](mod@write) formats them with `prettyplease` and writes only what changed, atomically.
//!
//! [`diff`] compares two sets of specs through the same stages and reports what the change does to
//! the generated API (`cargo run -p generator -- diff`).

pub mod check;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod write;

use std::path::Path;

pub use error::{Diagnostic, Error, Loc};

/// Load, check and lower every spec in `spec_dir`. All problems in all files are reported.
pub fn load_services(spec_dir: &Path) -> Result<Vec<ir::Service>, Error> {
    let specs = load::load_dir(spec_dir)?;
    lower_all(&specs)
}

/// Methods of the hand-written `Client`; a module of the same name would clash with its accessor.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "format",
    "call",
    "request_target",
    "clone",
    "fmt",
    "runtime",
    "generated",
];

/// Lower loaded specs, reporting the problems of every file, and check that module names are
/// unique.
pub fn lower_all(specs: &[load::Spec]) -> Result<Vec<ir::Service>, Error> {
    let mut services: Vec<ir::Service> = Vec::new();
    let mut problems = Vec::new();
    for spec in specs {
        match lower::lower(spec) {
            Ok(service) => {
                if CLIENT_METHODS.contains(&service.module.as_str()) {
                    problems.push(Diagnostic::new(
                        &spec.loc(),
                        format!(
                            "the module name `{}` clashes with a method of `Client`: rename the file",
                            service.module
                        ),
                    ));
                }
                if let Some(other) = services.iter().find(|s| s.module == service.module) {
                    problems.push(Diagnostic::new(
                        &spec.loc(),
                        format!(
                            "becomes the module `{}`, like `{}`: rename one file",
                            service.module, other.spec_file
                        ),
                    ));
                }
                services.push(service);
            }
            Err(Error::Spec(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(services)
    } else {
        Err(Error::Spec(problems))
    }
}

/// The files generated from `services`, with paths below the client crate.
pub fn generate(services: &[ir::Service], spec_dir_name: &str) -> Result<Vec<write::File>, Error> {
    let mut files = Vec::new();
    for service in services {
        let path = format!("{}/{}.rs", write::OWNED_DIR, service.module);
        let source = format!("`{spec_dir_name}/{}`", service.spec_file);
        let emitter = emit::ServiceEmitter::new(service);
        let parts = emitter.parts();
        files.push(write::render_parts(&path, &source, parts.len(), |i| {
            emitter.emit(parts[i])
        })?);
    }
    let sources: Vec<String> = services
        .iter()
        .map(|s| format!("`{spec_dir_name}/{}`", s.spec_file))
        .collect();
    let index_path = format!("{}/mod.rs", write::OWNED_DIR);
    files.push(write::render(&index_path, &sources.join(", "), emit::index(services))?);
    Ok(files)
}

/// Generate the client code for the specs in one YAML document, for tests and tools: the
/// module's file content. `file_name` (like `vserver.yaml`) names the module.
pub fn generate_one(file_name: &str, yaml: &[u8]) -> Result<String, Error> {
    let spec = load::load_bytes(Path::new(file_name), yaml)?;
    let services = lower_all(std::slice::from_ref(&spec))?;
    let files = generate(&services, "spec")?;
    Ok(files.into_iter().next().map(|f| f.contents).unwrap_or_default())
}
