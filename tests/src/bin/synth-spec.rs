//! `synth-spec`: write a synthetic NCP-style spec with N actions (see `ncloud_tests::synth`).
//!
//! ```text
//! cargo run -p ncloud-tests --bin synth-spec -- [--shared-inline | --rest | --vserver] N PATH
//! ```
//!
//! `PATH` is the file to write (its folder must exist); name it `synth.yaml` so that the generated
//! module is `synth`. `--shared-inline` writes list actions that all repeat the same inline
//! schemas (`synth::shared_inline_spec`) instead of actions with types of their own; `--rest`
//! writes REST operations, copies of the widgets fixture (`synth::rest_spec`: N rounded up to a
//! multiple of 9); `--vserver` writes copies of `spec/vserver.yaml`'s four actions, each copy's names
//! numbered (`synth::vserver_spec`: N rounded up to a multiple of 4). Exit codes: 0 written, 2 bad arguments, 3 the file could not be written.

use std::process::ExitCode;

const USAGE: &str = "usage: synth-spec [--shared-inline | --rest | --vserver] N PATH   (N actions, N >= 1; PATH such as /tmp/x/synth.yaml)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let mode = match args.first().map(String::as_str) {
        Some(flag @ ("--shared-inline" | "--rest" | "--vserver")) => Some(flag.to_owned()),
        _ => None,
    };
    if mode.is_some() {
        args.remove(0);
    }
    let [count, path] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(count) = count.parse::<usize>().ok().filter(|&n| n >= 1) else {
        eprintln!("synth-spec: N must be a positive integer, got {count:?}\n{USAGE}");
        return ExitCode::from(2);
    };
    let text = match mode.as_deref() {
        Some("--shared-inline") => ncloud_tests::synth::shared_inline_spec(count),
        Some("--rest") => ncloud_tests::synth::rest_spec(count),
        Some(_) => ncloud_tests::synth::vserver_spec(count),
        None => ncloud_tests::synth::spec(count),
    };
    if let Err(e) = std::fs::write(path, &text) {
        eprintln!("synth-spec: {path}: {e}");
        return ExitCode::from(3);
    }
    eprintln!("synth-spec: wrote {count} actions ({} bytes) to {path}", text.len());
    ExitCode::SUCCESS
}
