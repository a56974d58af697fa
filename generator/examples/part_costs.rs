//! What each kind of part of a generated module costs to make, one thread, no cache: emitting its
//! tokens, parsing them into a syntax tree (`syn`) and printing that (`prettyplease`), with the
//! lines it comes to. The figures behind BENCHMARKS.md's "where cold generation goes".
//!
//! ```text
//! cargo run --release -p generator --example part_costs -- PATH/TO/spec.yaml
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use generator::emit::Part;
use generator::ir::TypeDef;

/// The generator binary's allocator, so that the figures are what `cargo run -p generator` spends.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parts of one kind: how many, their lines, and the time of each step.
#[derive(Default)]
struct Cost {
    parts: usize,
    lines: usize,
    emit: Duration,
    parse: Duration,
    print: Duration,
}

fn kind(part: &Part<'_>) -> &'static str {
    match part {
        Part::Head => "head",
        Part::ApiMethods(_) => "Api methods",
        Part::Operation(_) => "operation",
        Part::ResponseRoot(_) => "response root",
        Part::Type(TypeDef::Newtype(_)) => "newtype",
        Part::Type(TypeDef::Enum(_)) => "enum",
        Part::Type(TypeDef::Model(_)) => "model",
        Part::Type(TypeDef::RequestModel(_)) => "request model",
        Part::Rules(_) => "rules",
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: part_costs PATH")?;
    let path = std::path::Path::new(&path);
    let spec = generator::load::load_bytes(path, &std::fs::read(path)?)?;
    let service = generator::lower::lower(&spec)?;
    let emitter = generator::emit::ServiceEmitter::new(&service, generator::runtime::DEFAULT_ROOT);
    let mut costs: BTreeMap<&str, Cost> = BTreeMap::new();
    for part in emitter.parts() {
        let start = Instant::now();
        let tokens = emitter.emit(&part);
        let emitted = Instant::now();
        let file: syn::File = syn::parse2(tokens)?;
        let parsed = Instant::now();
        let text = prettyplease::unparse(&file);
        let printed = Instant::now();
        let cost = costs.entry(kind(&part.part)).or_default();
        cost.parts += 1;
        cost.lines += text.lines().count();
        cost.emit += emitted - start;
        cost.parse += parsed - emitted;
        cost.print += printed - parsed;
    }
    println!("kind            parts    lines    emit   parse   print  (ms, one thread)");
    for (kind, c) in costs {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{kind:14} {:6} {:8} {:7.0} {:7.0} {:7.0}",
            c.parts,
            c.lines,
            ms(c.emit),
            ms(c.parse),
            ms(c.print)
        );
    }
    Ok(())
}
