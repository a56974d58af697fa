//! The cache of formatted parts (`generator::cache`): regenerating after a one-action change
//! re-formats only the parts that depend on it, and the output is byte for byte what a run
//! without the cache writes, whatever state the cache is in.

use generator::cache::Cache;
use generator::emit::{CrateOptions, RuntimeDep};
use generator::write::File;

fn options() -> CrateOptions {
    CrateOptions::new("synth-client", RuntimeDep::Version("0.1.0".into()))
}

/// The files of the crate generated from `yaml` (a spec named `synth.yaml`), with `cache`, which
/// is then saved, as the generator saves it after a run.
fn generate(yaml: &str, cache: Option<&Cache>) -> Vec<File> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("synth.yaml"), yaml).unwrap();
    let services = generator::load_services(dir.path()).expect("the synthetic spec is valid");
    let files = generator::generate_cached(&services, &options(), cache).expect("it generates");
    if let Some(cache) = cache {
        cache.save();
    }
    files
}

#[test]
fn a_one_action_change_reformats_only_what_depends_on_it_and_the_output_is_the_same() {
    let spec = ncloud_tests::synth::spec(40);
    let cache_dir = tempfile::tempdir().unwrap();

    // Cold: every part is a miss, and the files are those of a run without a cache.
    let cold = generate(&spec, None);
    let first = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&spec, Some(&first)), cold);
    let (hits, misses) = first.stats();
    assert_eq!(hits, 0);
    assert!(misses > 80, "{misses} parts");

    // Warm, nothing changed: every part is a hit.
    let warm = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&spec, Some(&warm)), cold);
    assert_eq!(warm.stats(), (misses, 0));

    // One action's summary changes: its part and its methods on the API handle (which document
    // it) are formatted again, nothing else: not the handle itself, nor the other actions'
    // methods.
    let changed = spec.replacen(
        "summary: Create a resource0007 instance.",
        "summary: Make a resource0007 instance.",
        1,
    );
    assert_ne!(changed, spec);
    let after = Cache::new(cache_dir.path(), "v1");
    let files = generate(&changed, Some(&after));
    assert_eq!(files, generate(&changed, None), "the same as a cold run");
    assert_eq!(after.stats(), (misses - 2, 2));

    // A rule of one action's parameter changes: its type, its rules, the action and its methods.
    let tightened = spec.replacen("maxLength: 30", "maxLength: 29", 1);
    assert_ne!(tightened, spec);
    let ruled = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&tightened, Some(&ruled)), generate(&tightened, None));
    let (_, missed) = ruled.stats();
    assert!((1..=6).contains(&missed), "{missed} parts formatted again");
}

#[test]
fn another_generator_version_misses_everything() {
    let spec = ncloud_tests::synth::spec(5);
    let cache_dir = tempfile::tempdir().unwrap();
    let cold = generate(&spec, None);
    let old = Cache::new(cache_dir.path(), "v1");
    generate(&spec, Some(&old));
    let new = Cache::new(cache_dir.path(), "v2");
    assert_eq!(generate(&spec, Some(&new)), cold);
    let (hits, misses) = new.stats();
    assert_eq!((hits, misses), (0, old.stats().1));
}

#[test]
fn a_corrupt_cache_costs_time_not_correctness() {
    let spec = ncloud_tests::synth::spec(5);
    let cache_dir = tempfile::tempdir().unwrap();
    let cold = generate(&spec, None);
    generate(&spec, Some(&Cache::new(cache_dir.path(), "v1")));
    // The pack damaged: its text changed under an intact-looking header, or truncated.
    let pack = cache_dir.path().join(generator::cache::PACK);
    let text = std::fs::read_to_string(&pack).unwrap();
    assert!(text.contains("pub "), "the pack holds the parts");
    std::fs::write(&pack, text.replacen("pub", "pib", 1)).unwrap();
    let cache = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&spec, Some(&cache)), cold);
    assert_eq!(cache.stats().0, 0, "no part of a damaged pack is used");
    std::fs::write(&pack, &text.as_bytes()[..text.len() / 2]).unwrap();
    let cache = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&spec, Some(&cache)), cold);
    assert_eq!(cache.stats().0, 0, "no damaged entry is used");
    // The misses were written again: the next run hits.
    let again = Cache::new(cache_dir.path(), "v1");
    assert_eq!(generate(&spec, Some(&again)), cold);
    assert_eq!(again.stats().1, 0);
}

/// Every part's code and cache key, by key, for `services` (one module per service).
fn parts_by_key(services: &[generator::ir::Service]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for service in services {
        let emitter = generator::emit::ServiceEmitter::new(service, generator::runtime::DEFAULT_ROOT);
        for part in emitter.parts() {
            let mut key = String::new();
            emitter.fingerprint(&part, &mut key).unwrap();
            out.push((key, emitter.emit(&part).to_string()));
        }
    }
    out
}

/// A change to a service's IR.
type Change = Box<dyn Fn(&mut generator::ir::Service)>;

/// Each way to change one thing of a service's IR that the code of some part reads: a type's
/// name or description, an operation's summary, a field's or parameter's description.
fn perturbations(service: &generator::ir::Service) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for (i, _) in service.types.models.values().enumerate() {
        out.push(Box::new(move |s| {
            let m = s.types.models.values_mut().nth(i).unwrap();
            m.description = Some("Changed.".into());
            if let Some(f) = m.fields.first_mut() {
                f.description = Some("Changed too.".into());
            }
        }));
        out.push(Box::new(move |s| {
            let m = s.types.models.values_mut().nth(i).unwrap();
            m.name.push_str("Renamed");
        }));
    }
    for (i, _) in service.types.enums.values().enumerate() {
        out.push(Box::new(move |s| {
            let e = s.types.enums.values_mut().nth(i).unwrap();
            e.description = Some("Changed.".into());
            e.name.push_str("Renamed");
        }));
    }
    for (i, _) in service.types.newtypes.values().enumerate() {
        out.push(Box::new(move |s| {
            let n = s.types.newtypes.values_mut().nth(i).unwrap();
            n.description = Some("Changed.".into());
            n.name.push_str("Renamed");
        }));
    }
    for (i, _) in service.operations.iter().enumerate() {
        out.push(Box::new(move |s| {
            let op = &mut s.operations[i];
            op.summary = Some("Changed.".into());
            if let Some(p) = op.params.first_mut() {
                p.description = Some("Changed too.".into());
            }
        }));
    }
    out
}

/// The cache key of a part is the part's whole input: after any change to a service, a part
/// whose key is the same as before is emitted to the same code. An emitter that read something
/// its key leaves out (another type, another operation, a field of the service) would make code
/// that changes while its key does not, and the cache would serve stale code; this fails then.
#[test]
fn a_part_with_the_same_key_is_emitted_to_the_same_code_whatever_else_changes() {
    let mut specs: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["../spec", "fixtures/specs/valid"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(path);
            }
        }
    }
    assert!(specs.len() >= 6, "{specs:?}");
    let mut compared = 0;
    for path in specs {
        let spec = generator::load::load_bytes(&path, &std::fs::read(&path).unwrap()).unwrap();
        let services = generator::lower_all(std::slice::from_ref(&spec)).unwrap();
        let before: std::collections::HashMap<String, String> = parts_by_key(&services).into_iter().collect();
        for change in perturbations(&services[0]) {
            let mut changed = services.clone();
            change(&mut changed[0]);
            for (key, code) in parts_by_key(&changed) {
                if let Some(old) = before.get(&key) {
                    assert_eq!(
                        &code,
                        old,
                        "{}: a part with an unchanged key was emitted to other code:\n{key}",
                        path.display()
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000, "{compared} parts compared");
}
