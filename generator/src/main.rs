//! `cargo run -p generator [-- OPTIONS]`: regenerate `generated-client/` from `spec/*.yaml`.

use std::path::PathBuf;
use std::process::ExitCode;

use generator::write::{self, Change};

const HELP: &str = "\
Regenerate the ncloud-client crate from the OpenAPI specs.

Usage: cargo run -p generator [-- OPTIONS]

Options:
  --spec-dir DIR   the specs to read (default: spec/)
  --out-dir DIR    the client crate to write into (default: generated-client/)
  --check          write nothing; list the files that differ and exit 1 if any do
  -h, --help       print this help

Paths are relative to the workspace root. Exit codes: 0 success, 1 files differ (--check),
2 bad arguments or specs, 3 an I/O error.";

struct Options {
    spec_dir: PathBuf,
    out_dir: PathBuf,
    check: bool,
}

fn parse_args() -> Result<Option<Options>, lexopt::Error> {
    use lexopt::prelude::*;
    // Default to paths relative to the workspace root, so the command works from any folder.
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap_or(manifest).to_path_buf();
    let mut options = Options {
        spec_dir: root.join("spec"),
        out_dir: root.join("generated-client"),
        check: false,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("spec-dir") => options.spec_dir = parser.value()?.into(),
            Long("out-dir") => options.out_dir = parser.value()?.into(),
            Long("check") => options.check = true,
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(None);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Some(o)) => o,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            let code = if matches!(e, generator::Error::Io { .. }) { 3 } else { 2 };
            eprintln!("generation failed: nothing was written");
            ExitCode::from(code)
        }
    }
}

fn run(options: &Options) -> Result<ExitCode, generator::Error> {
    let services = generator::load_services(&options.spec_dir)?;
    let spec_dir_name = options
        .spec_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    let files = generator::generate(&services, &spec_dir_name)?;
    let report = write::plan(&options.out_dir, &files)?;
    let out = options.out_dir.display();
    if options.check {
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
            "{} of {} files are out of date: run `cargo run -p generator`",
            differing.len(),
            report.len()
        );
        return Ok(ExitCode::from(1));
    }
    write::apply(&options.out_dir, &files, &report)?;
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
