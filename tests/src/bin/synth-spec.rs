//! `synth-spec`: write a synthetic NCP-style spec with N actions (see `ncloud_tests::synth`).
//!
//! ```text
//! cargo run -p ncloud-tests --bin synth-spec -- [--shared-inline] N PATH
//! ```
//!
//! `PATH` is the file to write (its folder must exist); name it `synth.yaml` so that the generated
//! module is `synth`. `--shared-inline` writes list actions that all repeat the same inline
//! schemas (`synth::shared_inline_spec`) instead of actions with types of their own. Exit codes: 0
//! written, 2 bad arguments, 3 the file could not be written.

use std::process::ExitCode;

const USAGE: &str = "usage: synth-spec [--shared-inline] N PATH   (N actions, N >= 1; PATH such as /tmp/x/synth.yaml)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let shared_inline = args.first().is_some_and(|a| a == "--shared-inline");
    if shared_inline {
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
    let text = if shared_inline {
        ncloud_tests::synth::shared_inline_spec(count)
    } else {
        ncloud_tests::synth::spec(count)
    };
    if let Err(e) = std::fs::write(path, &text) {
        eprintln!("synth-spec: {path}: {e}");
        return ExitCode::from(3);
    }
    eprintln!("synth-spec: wrote {count} actions ({} bytes) to {path}", text.len());
    ExitCode::SUCCESS
}
