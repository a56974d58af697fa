//! Diff: what a change to the specs does to the generated API, for reviewing a spec change.
//!
//! Both sides go through the same loader and lowering as generation ([`crate::load`],
//! [`crate::lower_all`]) and the comparison runs on the [`ir`](crate::ir), so meaning is compared,
//! not text: reordering keys or reformatting YAML reports nothing. Each change is reported as the
//! Rust item a user of the generated crate touches (module, type, method, field, variant) and the
//! wire item it stands for (action, parameter, field), and is classified for code that depends on
//! the generated crate:
//!
//! - [`Class::Breaking`]: code that compiled or worked before may stop compiling, or a value it
//!   sent before may now be rejected;
//! - [`Class::NeedsReview`]: the generator cannot prove either way (a changed `pattern`, a moved
//!   endpoint): a person must look;
//! - [`Class::Compatible`]: existing code keeps compiling and working.
//!
//! The rules are in `compare/`, a module per kind of item (service, operations, polling,
//! params, types, models, rules); the README's section "Reviewing a spec change" lists them.
//! Every generated name they report comes from the API model ([`crate::rust_view`]).
//!
//! # Why not `drift`
//!
//! `drift` (oxidecomputer) compares two OpenAPI documents on top of `openapiv3`. It was evaluated
//! and not used: it reports in terms of OpenAPI paths, not of the generated Rust items; it treats
//! `x-` extensions as opaque metadata (a smaller `x-ncp-max-bytes` would be a "trivial" change),
//! reports changed `minItems`/`maxItems` and added properties as "unhandled", knows nothing of
//! what this generator makes of a schema (a response property is always optional, a constrained
//! string is a newtype, a request enum is closed, a response enum is open), and would have to be
//! taught the raw `xml` object that `openapiv3` drops. The IR already holds every one of those
//! facts, so the comparison is done on it.
//!
//! # JSON
//!
//! `--format json` prints [`Report`] with `serde`: field names and the `snake_case` spellings of
//! [`Class`], [`Kind`] and [`FileStatus`] are stable; `format_version` changes if that ever has to
//! change incompatibly. `rust`, `wire`, `change` and `effect` are text for people.

mod compare;
mod git;
mod render;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Error;
use crate::ir::Service;

pub use git::load_at_revision;
pub use render::{markdown, text};

/// The version of the JSON form of [`Report`].
pub const FORMAT_VERSION: u32 = 1;

/// What a change to the specs does to the generated API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The version of this JSON form ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// What the changed specs are compared against (`HEAD (1a2b3c4d5e6f)`, a directory).
    pub base: String,
    /// The changed specs (a directory).
    pub head: String,
    /// How many changes of each class.
    pub summary: Summary,
    /// The changes per service (spec file), by module name; services without changes are left out.
    pub services: Vec<ServiceChanges>,
    /// The generated files the change rewrites, by path.
    pub files: Vec<FileChange>,
}

/// How many changes of each class a report holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Changes that can break code that depends on the generated crate.
    pub breaking: usize,
    /// Changes the generator cannot classify.
    pub needs_review: usize,
    /// Changes existing code is unaffected by.
    pub compatible: usize,
}

/// The changes to one service: one spec file, one Rust module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceChanges {
    /// The Rust module (`vserver`).
    pub module: String,
    /// The spec file (`vserver.yaml`).
    pub spec_file: String,
    /// The changes, breaking first, then those that need review, then compatible ones.
    pub changes: Vec<Change>,
}

/// One change, as the generated API and the wire see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it does to code that depends on the generated crate.
    pub class: Class,
    /// What kind of change it is.
    pub kind: Kind,
    /// The Rust item a user touches, as a path below the crate root
    /// (`vserver::CreateBlockStorageSnapshotInstanceBuilder::block_storage_snapshot_name`).
    pub rust: String,
    /// The wire item: an action (`createX`), a parameter (`createX?name`) or a response field
    /// (`createXResponse.list[].name`).
    pub wire: String,
    /// What changed in the spec.
    pub change: String,
    /// What that does to code that depends on the generated crate.
    pub effect: String,
}

/// How a change affects code that depends on the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Code that compiled or worked may stop compiling, or a value accepted before be rejected.
    Breaking,
    /// The generator cannot prove it looser or stricter: a person must review it.
    NeedsReview,
    /// Existing code keeps compiling and working.
    Compatible,
}

impl Class {
    /// The class in words (`needs review`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::NeedsReview => "needs review",
            Class::Compatible => "compatible",
        }
    }
}

/// The kind of a change; its `snake_case` name is stable in the JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Kind {
    ServiceAdded,
    ServiceRemoved,
    ServiceDocs,
    BasePathChanged,
    ServerAdded,
    ServerRemoved,
    ServerChanged,
    RegionPathAdded,
    RegionPathRemoved,
    RegionPathChanged,
    ActionAdded,
    ActionRemoved,
    ActionDeprecated,
    ActionDocs,
    ActionPathChanged,
    ActionRenamed,
    ActionMethodChanged,
    ActionStatusChanged,
    ActionApiKeyChanged,
    ActionStyleChanged,
    BodyChanged,
    ActionResponseChanged,
    ActionResponseWireChanged,
    ActionsReordered,
    ParamAdded,
    ParamRemoved,
    ParamRenamed,
    ParamMadeRequired,
    ParamMadeOptional,
    ParamsReordered,
    ParamTypeChanged,
    ParamRoleChanged,
    ParamMoved,
    ParamLoggingChanged,
    ParamDeprecated,
    ParamDocs,
    ConstraintTightened,
    ConstraintLoosened,
    PatternChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValuesReordered,
    EnumOpennessChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeKindChanged,
    TypeDocs,
    TypeTraitsChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldXmlChanged,
    FieldDeprecated,
    FieldDocs,
    FieldsReordered,
    PaginationAdded,
    PaginationRemoved,
    PaginationChanged,
    WaiterAdded,
    WaiterRemoved,
    WaiterChanged,
}

/// A generated file the change writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// The path below the client crate (`src/generated/vserver.rs`).
    pub path: String,
    /// Whether the file appears, changes or disappears.
    pub status: FileStatus,
}

/// What happens to a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// The file is new.
    Added,
    /// The file's content changes.
    Changed,
    /// The file is no longer generated.
    Removed,
}

impl FileStatus {
    /// The status in words.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Changed => "changed",
            FileStatus::Removed => "removed",
        }
    }
}

impl Report {
    /// Compare `base` with `head` (both as [`crate::load_services`] returns them) and list the
    /// generated files that differ. `base_label` and `head_label` name the sides in the output.
    pub fn new(base_label: &str, base: &[Service], head_label: &str, head: &[Service]) -> Result<Report, Error> {
        let services = compare::services(base, head);
        let mut summary = Summary::default();
        for change in services.iter().flat_map(|s| &s.changes) {
            match change.class {
                Class::Breaking => summary.breaking += 1,
                Class::NeedsReview => summary.needs_review += 1,
                Class::Compatible => summary.compatible += 1,
            }
        }
        Ok(Report {
            format_version: FORMAT_VERSION,
            base: base_label.to_owned(),
            head: head_label.to_owned(),
            summary,
            services,
            files: file_changes(base, head)?,
        })
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.summary.breaking > 0
    }

    /// Whether nothing changes: no change to the API and no generated file rewritten.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.files.is_empty()
    }

    /// The report as pretty-printed JSON, ending with a newline.
    pub fn json(&self) -> String {
        // Serializing plain structs of strings and numbers cannot fail.
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// The generated files that differ between the two sides. Both are generated in memory, with the
/// same spec folder name in the header, so only content that follows from the specs differs.
fn file_changes(base: &[Service], head: &[Service]) -> Result<Vec<FileChange>, Error> {
    let contents = |services: &[Service]| -> Result<BTreeMap<String, String>, Error> {
        let options = crate::emit::CrateOptions::new(
            "ncloud-client",
            crate::emit::RuntimeDep::Version(crate::runtime::VERSION.into()),
        );
        Ok(crate::generate(services, &options)?
            .into_iter()
            .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.contents))
            .collect())
    };
    let before = contents(base)?;
    let after = contents(head)?;
    let mut files = Vec::new();
    for (path, text) in &after {
        match before.get(path) {
            None => files.push(FileChange {
                path: path.clone(),
                status: FileStatus::Added,
            }),
            Some(old) if old != text => files.push(FileChange {
                path: path.clone(),
                status: FileStatus::Changed,
            }),
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        files.push(FileChange {
            path: path.clone(),
            status: FileStatus::Removed,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
