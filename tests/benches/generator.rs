//! Generator benchmarks: load + check + lower + emit + format, in-process.
//!
//! ```text
//! cargo bench -p ncloud-tests --bench generator
//! ```
//!
//! - `generate/shipped`: `generator::load_services("spec/")` + `generator::generate`, what
//!   `cargo run -p generator` does before comparing files (reads the files too);
//! - `generate/synth/N`: the same from the bytes of a synthetic spec of N actions
//!   (`ncloud_tests::synth`), for N = 10, 100, 1000: how generation grows with a spec;
//! - `stages/synth/100/*`: the stages one by one, to see where the time goes.
//!
//! Runs with the generator binary's global allocator (mimalloc), so the figures are what
//! `cargo run -p generator` spends.
//!
//! Sample counts and times are kept small so that the whole suite runs in about a minute on two
//! cores; see BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ncloud_tests::synth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Load, check, lower and generate one spec held in memory; returns the generated files.
/// The options of the generated crate, as for `generated-client/`.
fn options() -> generator::emit::CrateOptions {
    generator::emit::CrateOptions::new("ncloud-client", generator::emit::RuntimeDep::Path("../runtime".into()))
}

fn generate_bytes(yaml: &[u8]) -> Vec<generator::write::File> {
    let spec = generator::load::load_bytes(Path::new(synth::FILE_NAME), yaml).expect("the spec loads");
    let services = generator::lower_all(std::slice::from_ref(&spec)).expect("the spec lowers");
    generator::generate(&services, &options()).expect("the spec generates")
}

fn shipped(c: &mut Criterion) {
    let spec_dir = ncloud_tests::workspace_root().join("spec");
    let mut group = c.benchmark_group("generate");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("shipped", |b| {
        b.iter(|| {
            let services = generator::load_services(black_box(&spec_dir)).expect("the shipped specs load");
            generator::generate(&services, &options()).expect("the shipped specs generate")
        })
    });
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate/synth");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for n in synth::SIZES {
        let yaml = synth::spec(n);
        // Longer inputs get fewer, longer samples; criterion needs at least 10.
        group.measurement_time(Duration::from_secs(if n >= 1000 { 8 } else { 3 }));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), yaml.as_bytes(), |b, yaml| {
            b.iter(|| generate_bytes(black_box(yaml)))
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let yaml = synth::spec(100);
    let path = Path::new(synth::FILE_NAME);
    let spec = generator::load::load_bytes(path, yaml.as_bytes()).expect("the spec loads");
    let services = generator::lower_all(std::slice::from_ref(&spec)).expect("the spec lowers");
    let mut group = c.benchmark_group("stages/synth/100");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("load", |b| {
        b.iter(|| generator::load::load_bytes(path, black_box(yaml.as_bytes())).expect("loads"))
    });
    group.bench_function("lower", |b| {
        b.iter(|| generator::lower_all(std::slice::from_ref(black_box(&spec))).expect("lowers"))
    });
    group.bench_function("emit", |b| {
        b.iter(|| generator::emit::service(black_box(&services[0]), generator::runtime::DEFAULT_ROOT))
    });
    group.bench_function("emit+format", |b| {
        b.iter(|| generator::generate(black_box(&services), &options()).expect("generates"))
    });
    group.finish();
}

criterion_group!(benches, shipped, synthetic, stages);
criterion_main!(benches);
