//! `cargo run -p generator [-- OPTIONS]`: regenerate the client crate `generated-client/` from
//! `spec/*.yaml`, or write a whole crate elsewhere (`--out-dir`).
//! `cargo run -p generator -- diff [OPTIONS]`: report what a spec change does to the generated API.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates millions of small tokens and syntax nodes, which the system allocator
/// serves slowly: mimalloc makes a 1,000-action run about 1.5× faster (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use generator::diff::Report;
use generator::emit::CrateOptions;
use generator::layout;
use generator::write::{self, Change};

const HELP: &str = "\
Regenerate the ncloud-client crate from the OpenAPI specs, or write a client crate of your own.

Usage: cargo run -p generator [-- OPTIONS]
       cargo run -p generator -- diff [OPTIONS]   report what a spec change does to the
                                                  generated API (see `diff --help`)

Options:
  --spec-dir DIR            the specs to read (default: the workspace's spec/)
  --out-dir DIR             the crate to write: Cargo.toml, src/lib.rs, src/generated/
                            (default: the workspace's generated-client/)
  --crate-name NAME         the package name (default: the name in DIR/Cargo.toml, else the
                            folder's name)
  --runtime-path PATH       depend on the ncloud-runtime crate at PATH, written relative to the
                            crate when given relative (default: the workspace's runtime/;
                            needed outside a checkout: the runtime is not published yet)
  --runtime-version VERSION depend on ncloud-runtime VERSION from a registry instead
  --check                   write nothing; list the files that differ and exit 1 if any do
                            (everything is generated anew: the cache is not read)
  --no-cache                format every part anew (for a crate inside the workspace, formatted
                            parts are cached in target/ncloud-generator-cache/, or in
                            $CARGO_TARGET_DIR's; output is the same either way)
  --timings                 print how long each stage took, to stderr
  -h, --help                print this help
  -V, --version             print the generator's version

The workspace is found from the current directory, as cargo finds it; relative paths are
relative to the current directory. Files of DIR that the generator did not write (examples, a
README, the part of Cargo.toml below its marked line) are never touched. Every generated file's
header says how to regenerate it. Exit codes: 0 success, 1 files differ (--check), 2 bad
arguments or specs, 3 an I/O error.";

const DIFF_HELP: &str = "\
Report what a change to the specs does to the generated API: each change as the Rust item a user
of the generated crate touches and the wire item it stands for, classified as breaking, needs
review or compatible, and the generated files it rewrites.

Usage: cargo run -p generator -- diff [OPTIONS]

Both sides are read through the same loader and IR as generation, so meaning is compared, not
text: reordering keys or reformatting YAML reports nothing.

Options:
  --base REV        compare against the specs committed at git revision REV (default: HEAD)
  --base-dir DIR    compare against the specs in DIR instead (no git needed)
  --spec-dir DIR    the changed specs (default: the workspace's spec/, as in the working tree)
  --format FORMAT   text (default), markdown (a pull-request comment; `md` for short) or json
                    (for tools)
  --deny-breaking   exit 1 when any change is breaking (changes that need review do not count)
  -h, --help        print this help
  -V, --version     print the generator's version

The workspace is found from the current directory, as cargo finds it; relative paths are
relative to the current directory. Exit codes: 0 success, 1 a breaking change was found
(--deny-breaking), 2 bad arguments or specs (either side), 3 an I/O or git error.";

/// What `--version` prints: the package version, the hash of the generator's sources (what its
/// cache keys on, so that two builds of one version can be told apart) and the runtime version it
/// generates code for.
fn version() -> String {
    format!(
        "generator {} (sources {}; generates code for {} {})",
        env!("CARGO_PKG_VERSION"),
        env!("NCLOUD_GENERATOR_SOURCE_HASH"),
        generator::runtime::CRATE,
        generator::runtime::VERSION
    )
}

struct Options {
    spec_dir: PathBuf,
    out_dir: PathBuf,
    crate_name: Option<String>,
    runtime: Option<RuntimeChoice>,
    check: bool,
    cache: bool,
    timings: bool,
}

use generator::layout::RuntimeChoice;

/// What to compare the changed specs with.
enum Base {
    /// A git revision of the repository that holds the spec folder.
    Revision(String),
    /// Another spec folder.
    Dir(PathBuf),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
}

struct DiffOptions {
    spec_dir: PathBuf,
    base: Base,
    format: Format,
    deny_breaking: bool,
}

enum Command {
    Generate(Options),
    Diff(DiffOptions),
    /// Print this (the help, the version) and exit 0.
    Print(String),
}

/// A command line that cannot be run: the problem, and the help that explains the options.
struct UsageError {
    message: String,
    /// The command that prints the help to read: `generator --help`, `generator diff --help`.
    help: &'static str,
}

impl UsageError {
    fn new(error: lexopt::Error, help: &'static str) -> Self {
        use generator::error::escape_controls;
        use lexopt::Error;
        let message = match error {
            Error::UnexpectedOption(option) => format!("unknown option {}", escape_controls(&option)),
            Error::UnexpectedArgument(argument) => {
                format!("unexpected argument `{}`", escape_controls(&argument.to_string_lossy()))
            }
            Error::MissingValue { option: Some(option) } => format!("{option} needs a value"),
            Error::UnexpectedValue { option, value } => format!(
                "{option} takes no value (got `{}`)",
                escape_controls(&value.to_string_lossy())
            ),
            other => escape_controls(&other.to_string()),
        };
        UsageError { message, help }
    }
}

/// The workspace of the current directory; see [`layout::find_workspace`].
fn find_workspace() -> Option<PathBuf> {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| layout::find_workspace(&cwd))
}

/// The workspace, or an error saying which option to give instead.
fn workspace_root() -> Result<PathBuf, lexopt::Error> {
    find_workspace().ok_or_else(|| {
        lexopt::Error::Custom(
            "not inside a cargo workspace (no Cargo.toml with [workspace] from the current directory up): \
             give the folders explicitly (--spec-dir, --out-dir)"
                .into(),
        )
    })
}

/// The parsed command line.
fn parse_args() -> Result<Command, UsageError> {
    let mut parser = lexopt::Parser::from_env();
    let mut args = parser.raw_args().map_err(|e| UsageError::new(e, "generator --help"))?;
    let is_diff = args.peek().is_some_and(|a| a == "diff");
    if is_diff {
        args.next();
        return parse_diff(&mut parser).map_err(|e| UsageError::new(e, "generator diff --help"));
    }
    parse_generate(&mut parser).map_err(|e| UsageError::new(e, "generator --help"))
}

fn parse_diff(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut spec_dir: Option<PathBuf> = None;
    let mut rev: Option<String> = None;
    let mut base_dir: Option<PathBuf> = None;
    let mut format = Format::Text;
    let mut deny_breaking = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("base") => rev = Some(parser.value()?.string()?),
            Long("base-dir") => base_dir = Some(parser.value()?.into()),
            Long("spec-dir") => spec_dir = Some(parser.value()?.into()),
            Long("format") => {
                format = match parser.value()?.string()?.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(lexopt::Error::Custom(
                            format!("unknown format `{other}`: use text, markdown (or md) or json").into(),
                        ));
                    }
                }
            }
            Long("deny-breaking") => deny_breaking = true,
            Short('h') | Long("help") => return Ok(Command::Print(DIFF_HELP.to_owned())),
            Short('V') | Long("version") => return Ok(Command::Print(version())),
            _ => return Err(arg.unexpected()),
        }
    }
    let spec_dir = match spec_dir {
        Some(dir) => dir,
        None => workspace_root()?.join("spec"),
    };
    let base = match (rev, base_dir) {
        (Some(_), Some(_)) => {
            return Err(lexopt::Error::Custom(
                "--base and --base-dir cannot be used together".into(),
            ));
        }
        (None, Some(dir)) => Base::Dir(dir),
        (rev, None) => Base::Revision(rev.unwrap_or_else(|| "HEAD".to_owned())),
    };
    Ok(Command::Diff(DiffOptions {
        spec_dir,
        base,
        format,
        deny_breaking,
    }))
}

fn parse_generate(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut spec_dir: Option<PathBuf> = None;
    let mut out_dir: Option<PathBuf> = None;
    let mut crate_name = None;
    let mut runtime = None;
    let mut check = false;
    let mut cache = true;
    let mut timings = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("spec-dir") => spec_dir = Some(parser.value()?.into()),
            Long("out-dir") => out_dir = Some(parser.value()?.into()),
            Long("crate-name") => crate_name = Some(parser.value()?.string()?),
            Long("runtime-path") => runtime = Some(RuntimeChoice::Path(parser.value()?.into())),
            Long("runtime-version") => runtime = Some(RuntimeChoice::Version(parser.value()?.string()?)),
            Long("check") => check = true,
            Long("no-cache") => cache = false,
            Long("timings") => timings = true,
            Short('h') | Long("help") => return Ok(Command::Print(HELP.to_owned())),
            Short('V') | Long("version") => return Ok(Command::Print(version())),
            _ => return Err(arg.unexpected()),
        }
    }
    let (spec_dir, out_dir) = match (spec_dir, out_dir) {
        (Some(spec), Some(out)) => (spec, out),
        (spec, out) => {
            let root = workspace_root()?;
            (
                spec.unwrap_or_else(|| root.join("spec")),
                out.unwrap_or_else(|| root.join("generated-client")),
            )
        }
    };
    Ok(Command::Generate(Options {
        spec_dir,
        out_dir,
        crate_name,
        runtime,
        check,
        cache,
        timings,
    }))
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Command::Generate(o)) => o,
        Ok(Command::Diff(o)) => return diff(&o),
        Ok(Command::Print(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(UsageError { message, help }) => {
            eprintln!("error: {message}; see '{help}'");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(code) => code,
        // An option that cannot work, found before anything is read or written: one line.
        Err(generator::Error::Options(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e}");
            let code = if matches!(e, generator::Error::Io { .. } | generator::Error::Output { .. }) {
                3
            } else {
                2
            };
            eprintln!("generation failed: nothing was written");
            ExitCode::from(code)
        }
    }
}

fn run(options: &Options) -> Result<ExitCode, generator::Error> {
    let shown = |path: &Path| generator::error::escape_controls(&path.display().to_string());
    let mut timings = Timings::new(options.timings);
    // What the crate is called and depends on, first: a problem there needs no spec to be read.
    let crate_options = crate_options(options)?;
    println!("specs: {}", shown(&options.spec_dir));
    println!("crate: {}", shown(&options.out_dir));
    let specs = generator::load::load_dir(&options.spec_dir)?;
    print_warnings(&generator::load::warnings(&specs));
    timings.stage("load");
    let services = generator::lower_all(&specs)?;
    drop(specs);
    timings.stage("lower");
    // `--check` is what CI trusts to say that the committed code is what the specs make: it never
    // reads cached text, which anyone who can write the target folder could have planted.
    let cache = (options.cache && !options.check)
        .then(|| cache_for(&options.out_dir))
        .flatten();
    let files = generator::generate_cached(&services, &crate_options, cache.as_ref())?;
    timings.stage("emit+format");
    if let Some(cache) = &cache {
        let (hits, misses) = cache.stats();
        println!(
            "cache: reused {hits} of {} formatted parts ({})",
            hits + misses,
            cache.dir().display()
        );
    }
    let files = write::prepare(&options.out_dir, files)?;
    let report = write::plan(&options.out_dir, &files)?;
    timings.stage("compare");
    let out = options.out_dir.display();
    if options.check {
        timings.report();
        let differing: Vec<_> = report.iter().filter(|(_, c)| *c != Change::Unchanged).collect();
        for (path, change) in &differing {
            let what = if *change == Change::Removed { "stale" } else { "differs" };
            println!("{what}: {out}/{}", path.display());
        }
        if differing.is_empty() {
            println!("up to date: {} files in {out}", report.len());
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "{} of {} files are out of date: {}",
            differing.len(),
            report.len(),
            crate_options.regenerate
        );
        return Ok(ExitCode::from(1));
    }
    write::apply(&options.out_dir, &files, &report)?;
    timings.stage("write");
    if let Some(cache) = &cache {
        cache.save();
    }
    timings.stage("save cache");
    timings.report();
    for (path, change) in &report {
        let what = match change {
            Change::Written => "wrote",
            Change::Unchanged => "unchanged",
            Change::Removed => "removed",
        };
        println!("{what:>9}: {out}/{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Wall-clock time per stage, printed to stderr with `--timings`.
struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Timings {
            on,
            start: now,
            last: now,
            stages: Vec::new(),
        }
    }

    fn stage(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", ms(*d)))
            .collect();
        eprintln!(
            "timings: {}; total {:.1} ms",
            stages.join(", "),
            ms(self.last - self.start)
        );
    }
}

/// The cache of formatted parts for the crate in `out_dir`, when that crate is inside the
/// workspace: in the workspace's `target/` (or `$CARGO_TARGET_DIR`), one folder per output crate.
/// A crate written elsewhere is generated without a cache, so nothing is left behind for it.
fn cache_for(out_dir: &Path) -> Option<generator::cache::Cache> {
    let workspace = find_workspace()?;
    let out = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    if !out.starts_with(&workspace) {
        return None;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from);
    Some(generator::cache::Cache::for_crate(&target, &out))
}

/// The generated crate's name, runtime dependency and README, from the options and the output
/// folder as it is.
fn crate_options(options: &Options) -> Result<CrateOptions, generator::Error> {
    layout::crate_options(
        &options.spec_dir,
        &options.out_dir,
        options.crate_name.as_deref(),
        options.runtime.clone(),
        find_workspace().as_deref(),
    )
}

/// `diff`: load both sides, compare, print the report in the chosen format.
fn diff(options: &DiffOptions) -> ExitCode {
    match run_diff(options) {
        Ok(report) => {
            let out = match options.format {
                Format::Text => generator::diff::text(&report),
                Format::Markdown => generator::diff::markdown(&report),
                Format::Json => report.json(),
            };
            print!("{out}");
            if options.deny_breaking && report.has_breaking() {
                eprintln!(
                    "error: {} breaking change{} (--deny-breaking)",
                    report.summary.breaking,
                    if report.summary.breaking == 1 { "" } else { "s" }
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            let code = if matches!(e, generator::Error::Io { .. }) { 3 } else { 2 };
            eprintln!("diff failed: no report");
            ExitCode::from(code)
        }
    }
}

fn run_diff(options: &DiffOptions) -> Result<Report, generator::Error> {
    // The changed side first: a problem in the working tree is the likelier one to fix.
    let (head, warnings) = generator::load_services_with_warnings(&options.spec_dir)?;
    print_warnings(&warnings);
    let (base_label, base) = match &options.base {
        Base::Dir(dir) => {
            let (base, warnings) = generator::load_services_with_warnings(dir)?;
            print_warnings(&warnings);
            (shown(dir), base)
        }
        Base::Revision(rev) => {
            let (label, specs) = generator::diff::load_at_revision(&options.spec_dir, rev)?;
            print_warnings(&generator::load::warnings(&specs));
            (label, generator::lower_all(&specs)?)
        }
    };
    Report::new(&base_label, &base, &shown(&options.spec_dir), &head)
}

/// Warnings to stderr, one a line (`warning: <file>: <path>: <message>`): they never change the
/// exit code.
fn print_warnings(warnings: &[generator::Diagnostic]) {
    if !warnings.is_empty() {
        eprintln!("{}", generator::error::render_warnings(warnings));
    }
}

/// A folder as the report names it: relative to the workspace root when it is inside it.
fn shown(dir: &Path) -> String {
    let root = find_workspace().unwrap_or_default();
    let path = dir.strip_prefix(&root).unwrap_or(dir).display().to_string();
    if path.ends_with('/') { path } else { format!("{path}/") }
}
