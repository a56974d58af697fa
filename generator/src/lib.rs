//! The generator of NCP client crates such as `ncloud-client`.
//!
//! The flow, one stage per module:
//!
//! ```text
//! spec/*.yaml ─load + check─▶ openapiv3 ─lower─▶ IR ─emit─▶ tokens ─write─▶ a crate (generated-client/)
//! ```
//!
//! - [`load`] reads the files, checks the OpenAPI version and rejects every unknown key
//!   ([`check`]), then deserializes into `openapiv3` types;
//! - [`lower`] turns them into the plain-data [`ir`], where every constraint is data and every
//!   construct the client could not honour is an error naming the file and path;
//! - [`emit`] turns the IR into tokens that call the hand-written `ncloud-runtime` crate, whose
//!   items it names only through the [`runtime`] registry;
//! - [`write`](mod@write) formats them with `prettyplease` and writes only what changed, atomically.
//!
//! [`diff`] compares two sets of specs through the same stages and reports what the change does to
//! the generated API (`cargo run -p generator -- diff`). What an IR item is in Rust (its path, its
//! type) is worked out once, in [`rust_view`], for the emitter and the diff alike.

pub mod bounds;
pub mod cache;
pub mod check;
pub mod description_rules;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod layout;
pub mod load;
pub mod lower;
pub mod naming;
pub mod runtime;
pub mod rust_view;
pub mod write;

use std::path::Path;

pub use error::{Diagnostic, Error, Loc};

/// Load, check and lower every spec in `spec_dir`. All problems in all files are reported;
/// warnings are dropped (see [`load_services_with_warnings`]).
pub fn load_services(spec_dir: &Path) -> Result<Vec<ir::Service>, Error> {
    load_services_with_warnings(spec_dir).map(|(services, _)| services)
}

/// [`load_services`], with the warnings of every spec, in file order: what the loader made of
/// things it could not use (see [`load::Spec::warnings`]). Warnings never fail a run; the
/// command line prints them with [`error::render_warnings`].
pub fn load_services_with_warnings(spec_dir: &Path) -> Result<(Vec<ir::Service>, Vec<Diagnostic>), Error> {
    let specs = load::load_dir(spec_dir)?;
    let warnings = load::warnings(&specs);
    Ok((lower_all(&specs)?, warnings))
}

/// Lower loaded specs, reporting the problems of every file, and check that module names are
/// unique.
pub fn lower_all(specs: &[load::Spec]) -> Result<Vec<ir::Service>, Error> {
    let mut services: Vec<ir::Service> = Vec::new();
    let mut problems = Vec::new();
    for spec in specs {
        match lower::lower(spec) {
            Ok(service) => {
                if rust_view::names::CLIENT_METHODS.contains(&service.module.as_str()) {
                    problems.push(Diagnostic::new(
                        &spec.loc(),
                        format!(
                            "the module name `{}` clashes with a method or item of the generated crate's `Client`: rename the file",
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

/// The files of the crate generated from `services`, with paths below the crate's folder:
/// `Cargo.toml`, `src/lib.rs`, `src/generated/mod.rs` and one `src/generated/<module>.rs` per
/// service.
pub fn generate(services: &[ir::Service], options: &emit::CrateOptions) -> Result<Vec<write::File>, Error> {
    generate_cached(services, options, None)
}

/// [`generate`], reusing the formatted parts `cache` holds from an earlier run (see
/// [`cache`]): the files are the same with or without it.
pub fn generate_cached(
    services: &[ir::Service],
    options: &emit::CrateOptions,
    cache: Option<&cache::Cache>,
) -> Result<Vec<write::File>, Error> {
    let spec_dir_name = &options.spec_dir_name;
    let mut files = Vec::new();
    let sources: Vec<String> = services
        .iter()
        .map(|s| format!("`{spec_dir_name}/{}`", s.spec_file))
        .collect();
    let sources = sources.join(", ");
    let regenerate = &options.regenerate;
    files.push(write::manifest(
        &sources,
        regenerate,
        &emit::cargo_toml(services, options),
    ));
    files.push(write::render(
        "src/lib.rs",
        &sources,
        regenerate,
        emit::lib_rs(services, options),
    )?);
    for service in services {
        let path = format!("{}/{}.rs", write::OWNED_DIR, service.module);
        let source = format!("`{spec_dir_name}/{}`", service.spec_file);
        let emitter = emit::ServiceEmitter::new(service, &options.root);
        let parts = emitter.parts();
        let fingerprint = |i: usize, out: &mut dyn std::fmt::Write| emitter.fingerprint(&parts[i], out);
        files.push(write::render_parts_cached(
            &path,
            &source,
            regenerate,
            (parts.len(), |i| parts[i].continues()),
            |i| emitter.emit(&parts[i]),
            cache.map(|c| (c, fingerprint)),
        )?);
    }
    let index_path = format!("{}/mod.rs", write::OWNED_DIR);
    files.push(write::render(
        &index_path,
        &sources,
        regenerate,
        emit::index(services, options),
    )?);
    Ok(files)
}

/// Generate the client code for the specs in one YAML document, for tests and tools: the
/// module's file content. `file_name` (like `vserver.yaml`) names the module.
pub fn generate_one(file_name: &str, yaml: &[u8]) -> Result<String, Error> {
    let spec = load::load_bytes(Path::new(file_name), yaml)?;
    let services = lower_all(std::slice::from_ref(&spec))?;
    let options = emit::CrateOptions::new("ncloud-client", emit::RuntimeDep::Version(runtime::VERSION.into()));
    let files = generate(&services, &options)?;
    let module = format!("{}/{}.rs", write::OWNED_DIR, services[0].module);
    Ok(files
        .into_iter()
        .find(|f| f.path == Path::new(&module))
        .map(|f| f.contents)
        .unwrap_or_default())
}
