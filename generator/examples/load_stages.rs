//! The load stage of one spec taken apart: each step timed on its own, three passes in one
//! process (the first pass touches fresh memory, which costs on some machines; see
//! BENCHMARKS.md), then lowering.
//!
//! ```text
//! cargo run --release -p generator --example load_stages -- PATH/TO/spec.yaml
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

/// The generator binary's allocator, so that the figures are what `cargo run -p generator` spends.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: load_stages PATH")?;
    let path = Path::new(&path);
    let text = std::fs::read_to_string(path)?;
    println!("{}: {} bytes", path.display(), text.len());
    for pass in 1..=3 {
        let (bounds, t_bounds) =
            timed(|| generator::bounds::check(&text, generator::bounds::MAX_ALIAS_NODES, generator::bounds::MAX_DEPTH));
        bounds?;
        let (raw, t_raw) = timed(|| serde_yaml::from_str::<serde_yaml::Value>(&text));
        let raw = raw?;
        let (typed, t_typed) = timed(|| serde_yaml::from_str::<openapiv3::OpenAPI>(&text));
        drop(typed?);
        let (_, t_check) = timed(|| {
            let mut diags = generator::error::Diagnostics::default();
            generator::check::check_document(&raw, &generator::error::Loc::root(path), &mut diags);
        });
        let (spec, t_load) = timed(|| generator::load::load_bytes(path, text.as_bytes()));
        let spec = spec?;
        let (service, t_lower) = timed(|| generator::lower::lower(&spec));
        let service = service?;
        let (_, t_drop) = timed(|| drop((service, spec, raw)));
        println!(
            "pass {pass}: bounds {t_bounds:.0?}, raw tree {t_raw:.0?}, typed document {t_typed:.0?}, \
             key check {t_check:.0?} | load_bytes (all of it, two threads) {t_load:.0?}, lower {t_lower:.0?}, \
             drop {t_drop:.0?}"
        );
    }
    Ok(())
}
