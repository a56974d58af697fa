//! Errors of the generator. Every problem with a spec names the file and the path inside it.

use std::fmt;
use std::path::PathBuf;

/// A location in a spec: the file and a path inside the document such as
/// `paths./createX.get.parameters[2].schema`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// The spec file, as it was given.
    pub file: PathBuf,
    /// The path inside the document; empty for the document root.
    pub path: Vec<Seg>,
}

/// One step of a [`Loc`] path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

impl Loc {
    /// The root of `file`.
    pub fn root(file: impl Into<PathBuf>) -> Self {
        Loc {
            file: file.into(),
            path: Vec::new(),
        }
    }

    /// A key below this location (`a.b`).
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_owned()))
    }

    /// An index below this location (`a[3]`).
    pub fn index(&self, index: usize) -> Self {
        self.with(Seg::Index(index))
    }

    fn with(&self, seg: Seg) -> Self {
        let mut path = self.path.clone();
        path.push(seg);
        Loc {
            file: self.file.clone(),
            path,
        }
    }

    /// The location a local `$ref` (`#/components/schemas/X`) points to, in the same file.
    pub fn of_ref(&self, reference: &str) -> Self {
        let pointer = reference.strip_prefix("#/").unwrap_or(reference);
        let path = pointer
            .split('/')
            .map(|s| Seg::Key(s.replace("~1", "/").replace("~0", "~")))
            .collect();
        Loc {
            file: self.file.clone(),
            path,
        }
    }

    /// The same file at a path given as text (from a deserializer's error).
    pub fn at_text(&self, path: impl Into<String>) -> Self {
        Loc {
            file: self.file.clone(),
            path: vec![Seg::Key(path.into())],
        }
    }

    /// The value at this location in `doc`, if there is one.
    pub fn find<'a>(&self, doc: &'a serde_yaml::Value) -> Option<&'a serde_yaml::Value> {
        let mut node = doc;
        for seg in &self.path {
            node = match (seg, node) {
                (Seg::Key(k), serde_yaml::Value::Mapping(m)) if could_be_scalar_key(k) => {
                    m.iter()
                        .find(|(key, _)| key_text(key).as_deref() == Some(k.as_str()))?
                        .1
                }
                // No number or boolean key has this text, and string keys are unique: a hash
                // lookup finds what the scan would, without making lookups in `components` (one
                // per `$ref` and per model) linear in the number of components.
                (Seg::Key(k), serde_yaml::Value::Mapping(m)) => m.get(k.as_str())?,
                (Seg::Index(i), serde_yaml::Value::Sequence(s)) => s.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// The text of a mapping key: YAML allows numbers (`200:`) where OpenAPI means strings.
pub fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether `key` could be the text [`key_text`] gives a number or boolean
/// key (`200`, `-1`, `1.5`, `.inf`, `true`), so that a lookup by string alone could miss it.
fn could_be_scalar_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') || key == "true" || key == "false"
}

impl fmt::Display for Loc {
    /// The file and the path inside it, with control characters escaped: names come from files
    /// and specs, and a message must not be able to move the cursor or start a fake line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.file.display().to_string()))?;
        for (i, seg) in self.path.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, ": {}", escape_controls(k))?,
                Seg::Key(k) => write!(f, ".{}", escape_controls(k))?,
                Seg::Index(n) if i == 0 => write!(f, ": [{n}]")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub loc: Loc,
    /// What is wrong, and what would be right.
    pub message: String,
}

/// The longest message a diagnostic keeps, in characters: one that quotes a spec's values
/// (a list of enum values, a key) stays readable however large the spec.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// The most problems one list of diagnostics keeps; the others are counted and reported as a
/// number, so that a spec with many mistakes cannot produce gigabytes of errors.
pub const MAX_DIAGNOSTICS: usize = 100;

impl Diagnostic {
    /// A problem at `loc`.
    pub fn new(loc: &Loc, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
            message.truncate(cut);
            message.push('…');
        }
        Diagnostic {
            loc: loc.clone(),
            message,
        }
    }
}

/// At most `max` items, separated by commas, and how many more there are: for messages that
/// list a spec's values.
pub fn shown(items: impl IntoIterator<Item = impl fmt::Display>, max: usize) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, item) in items.into_iter().enumerate() {
        if i >= max {
            more += 1;
            continue;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&item.to_string());
    }
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)
    }
}

/// Everything that can stop a generator run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The specs have problems; all that were found are listed.
    #[error("{}", render_diagnostics(.0))]
    Spec(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file of the output folder that the generator must not overwrite (it lacks the generator's
    /// header), or an output folder that cannot hold a crate.
    #[error("{}: {reason}", path.display())]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// Why, and what to do.
        reason: String,
    },
    /// A command-line option or crate setting is not valid (a crate name, a runtime root).
    #[error("{0}")]
    Options(String),
    /// The emitted code did not parse as Rust (a generator bug: please report it).
    #[error("internal error: the code generated for {file} does not parse: {message}")]
    Emit {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Spec(vec![d])
    }
}

/// `text` with control characters written as escapes (`\n`, `\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Warnings as the command line prints them, one a line: `warning: <file>: <path>: <message>`.
/// A warning never stops a run: it says what the generator made of something a spec leaves
/// unclear, or could not use (a rule in a description that cannot be enforced).
pub fn render_warnings(warnings: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, w) in warnings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("warning: ");
        out.push_str(&w.to_string());
    }
    out
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("error: ");
        out.push_str(&d.to_string());
    }
    out
}

/// Errors collected while walking a spec, so that one run reports all of them (the first
/// [`MAX_DIAGNOSTICS`], and how many more).
#[derive(Debug, Default)]
pub struct Diagnostics {
    kept: Vec<Diagnostic>,
    /// Problems found beyond the first [`MAX_DIAGNOSTICS`].
    more: usize,
}

impl Diagnostics {
    /// Record a problem.
    pub fn push(&mut self, loc: &Loc, message: impl Into<String>) {
        if self.kept.len() < MAX_DIAGNOSTICS {
            self.kept.push(Diagnostic::new(loc, message));
        } else {
            self.more += 1;
        }
    }

    fn add(&mut self, d: Diagnostic) {
        if self.kept.len() < MAX_DIAGNOSTICS {
            self.kept.push(d);
        } else {
            self.more += 1;
        }
    }

    /// Record a problem returned as an `Err`, passing `Ok` values through.
    pub fn take<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(d) => {
                self.add(d);
                None
            }
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise every problem kept, then how many more
    /// were found.
    pub fn finish<T>(mut self, value: T) -> Result<T, Error> {
        if self.kept.is_empty() {
            return Ok(value);
        }
        if self.more > 0 {
            let root = Loc::root(&self.kept[0].loc.file);
            let more = self.more;
            self.kept.push(Diagnostic::new(
                &root,
                format!("{more} more problems not shown: fix the {MAX_DIAGNOSTICS} above and run again"),
            ));
        }
        Err(Error::Spec(self.kept))
    }

    /// Everything recorded, as a list, with a last entry saying how many more were found beyond
    /// the first [`MAX_DIAGNOSTICS`]: for warnings, which never stop a run.
    pub fn into_list(mut self) -> Vec<Diagnostic> {
        if self.more > 0
            && let Some(first) = self.kept.first()
        {
            let root = Loc::root(&first.loc.file);
            let more = self.more;
            self.kept.push(Diagnostic::new(&root, format!("{more} more not shown")));
        }
        self.kept
    }

    /// Move the problems of `other` into this list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.more += other.more;
        for d in other.kept {
            self.add(d);
        }
    }
}
