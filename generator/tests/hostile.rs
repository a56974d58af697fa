//! Hostile and unsupported specs: every one fails with a message naming the file and the path
//! inside it, exits non-zero, never panics or overflows the stack, and changes no byte of the
//! output directory, even when a valid spec beside it has changes that would be written.
//!
//! The corpus is `tests/fixtures/specs/invalid/` (each message is snapshotted by the tests
//! crate) plus two cases made here because they are too big to commit: a 10 MB spec and a
//! schema nested 10,000 deep.

mod common;

use std::path::Path;

use common::{Sandbox, run, snapshot, text, workspace};

/// The shipped specs, generated once, with one of them edited so that a successful run would
/// write: each hostile spec is tried beside them, one at a time.
struct Stage(Sandbox);

impl Stage {
    fn new() -> Self {
        let sandbox = Sandbox::generated();
        let server = std::fs::read_to_string(sandbox.spec.join("server.yaml")).unwrap();
        std::fs::write(
            sandbox.spec.join("server.yaml"),
            server.replace("Create a NAS volume snapshot.", "Edited."),
        )
        .unwrap();
        Stage(sandbox)
    }

    /// Run the generator with `hostile` added to the specs as `name`, check that it fails cleanly
    /// without touching the output, and take the file away again.
    fn assert_rejected(&self, name: &str, hostile: &[u8]) -> String {
        let (spec, out) = (&self.0.spec, &self.0.out);
        std::fs::write(spec.join(name), hostile).unwrap();
        let before = snapshot(out);

        let output = run(&self.0.args());
        let message = text(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {message}");
        assert!(
            !message.contains("panicked") && !message.contains("overflow"),
            "{name}: {message}"
        );
        assert!(
            message.contains(&format!("{name}:")),
            "{name}: the message names the file: {message}"
        );
        assert!(message.contains("nothing was written"), "{name}: {message}");
        assert_eq!(snapshot(out), before, "{name}: the output directory changed");
        std::fs::remove_file(spec.join(name)).unwrap();
        message
    }
}

/// [`Stage::assert_rejected`] on a stage of its own.
fn assert_rejected(name: &str, hostile: &[u8]) -> String {
    Stage::new().assert_rejected(name, hostile)
}

#[test]
fn every_spec_of_the_invalid_corpus_is_rejected_without_writing() {
    let dir = workspace().join("tests/fixtures/specs/invalid");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    assert!(entries.len() >= 40, "the corpus has {} specs", entries.len());
    // One generated crate for the whole corpus (generating it is most of a case's time): each
    // case is checked to leave it as it found it, and takes its spec away again.
    let stage = Stage::new();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap().to_owned();
        let message = stage.assert_rejected(&name, &std::fs::read(&path).unwrap());
        // Apart from documents that cannot be read at all, the message points inside the file.
        let whole_file = [
            "empty.yaml",
            "not_yaml.yaml",
            "not_utf8.yaml",
            "document_is_a_list.yaml",
        ];
        if !whole_file.contains(&name.as_str()) {
            assert!(
                message.contains(&format!("{name}: ")),
                "{name}: no path inside the file: {message}"
            );
        }
    }
}

#[test]
fn a_10_mb_spec_is_read_and_rejected_quickly() {
    let valid = std::fs::read_to_string(workspace().join("spec/server.yaml")).unwrap();
    let filler = "a".repeat(10 * 1024 * 1024);
    let huge = valid.replacen("info:\n", &format!("info:\n  x-filler: {filler}\n"), 1);
    assert!(huge.len() > 10_000_000);
    let message = assert_rejected("huge.yaml", huge.as_bytes());
    assert!(
        message.contains("huge.yaml: info.x-filler: unknown extension"),
        "{message}"
    );
}

#[test]
fn schemas_nested_10000_deep_do_not_overflow_the_stack() {
    let depth = 10_000;
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep: ",
    );
    for _ in 0..depth {
        spec.push_str("{type: object, properties: {a: ");
    }
    spec.push_str("{type: string}");
    for _ in 0..depth {
        spec.push_str("}}");
    }
    spec.push('\n');
    let message = assert_rejected("deep.yaml", spec.as_bytes());
    assert!(
        message.contains("deep.yaml: line 6, column ") && message.contains("nested deeper than 128 levels"),
        "{message}"
    );
}

/// A small file of aliases to aliases (31 KB standing for ten million values) is refused from
/// its event stream, before any tree is built: it took 54 s and 2.4 GB before.
#[test]
fn a_small_spec_whose_aliases_stand_for_millions_of_values_is_refused() {
    let valid = std::fs::read_to_string(workspace().join("spec/server.yaml")).unwrap();
    let bomb = format!(
        "x-a: &a [{}]\nx-b: [{}]\n",
        vec!["x"; 10_000].join(", "),
        vec!["*a"; 1_000].join(", ")
    );
    assert!(bomb.len() < 40_000);
    let spec = valid.replacen("info:\n", &format!("{bomb}info:\n"), 1);
    let message = assert_rejected("aliases.yaml", spec.as_bytes());
    assert!(
        message.contains("aliases.yaml: line ") && message.contains("stand for more than 200000 values"),
        "{message}"
    );
}

/// `[` a hundred thousand times: refused at the 129th, not after minutes of quadratic work.
#[test]
fn a_hundred_thousand_open_brackets_are_refused_at_once() {
    let message = assert_rejected("brackets.yaml", "[".repeat(100_000).as_bytes());
    assert!(
        message.contains("brackets.yaml: line 1, column 129: mappings and lists nested deeper than 128 levels"),
        "{message}"
    );
}

/// A 100,000-value enum and 2,000 acceptors naming a value it does not have: every message
/// lists at most 20 values, and at most 100 problems are listed (before: 1.8 GB of errors).
#[test]
fn many_problems_with_huge_value_lists_give_a_bounded_report() {
    let values: Vec<String> = (0..100_000).map(|i| format!("V{i}")).collect();
    let acceptors: Vec<String> = (0..2_000)
        .map(|i| format!("          - {{state: success, path: status, any: [NOPE{i}]}}"))
        .collect();
    let spec = format!(
        "openapi: 3.0.3
info: {{title: Huge, version: '1'}}
servers:
  - {{url: 'https://ncloud.apigw.ntruss.com/huge/v1', x-ncp-site: public}}
paths:
  /getThing:
    get:
      operationId: getThing
      x-ncp-waiters:
        ready:
          acceptors:
{}
      responses:
        '200':
          description: ok
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/GetThingResponse'}}
            application/json:
              schema:
                type: object
                properties:
                  getThingResponse: {{$ref: '#/components/schemas/GetThingResponse'}}
components:
  schemas:
    GetThingResponse:
      type: object
      properties:
        status: {{type: string, enum: [{}]}}
",
        acceptors.join("\n"),
        values.join(", ")
    );
    let message = assert_rejected("huge_enum.yaml", spec.as_bytes());
    assert!(message.len() < 200_000, "{} bytes of errors", message.len());
    assert!(
        message.contains("and 99980 more"),
        "{}",
        &message[..2_000.min(message.len())]
    );
    assert!(
        message.contains("more problems not shown"),
        "{}",
        &message[message.len().saturating_sub(2_000)..]
    );
}

#[test]
fn keywords_and_non_ascii_names_generate_code() {
    // The valid corpus (compiled by the tests crate) covers keywords; here a whole run works.
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    let fixture = workspace().join("tests/fixtures/specs/valid/unicode_names.yaml");
    std::fs::copy(&fixture, spec.join("unicode_names.yaml")).unwrap();
    let out = tmp.path().join("client");
    let output = run(&["--spec-dir", spec.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(Path::new(&out.join("src/generated/unicode_names.rs")).exists());
}

#[test]
fn a_spec_file_name_that_would_break_out_of_the_generated_header_is_rejected() {
    // A newline in the name would end the `// @generated … from` comment and put the rest of
    // the name into the crate as code.
    let name = "evil\npub fn injected() {}\n.yaml";
    let sandbox = Sandbox::generated();
    std::fs::write(
        sandbox.spec.join(name),
        std::fs::read(workspace().join("spec/server.yaml")).unwrap(),
    )
    .unwrap();
    let before = snapshot(&sandbox.out);
    let output = run(&sandbox.args());
    let message = text(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains(r"`evil\npub fn injected() {}\n.yaml` is not a plain file name"),
        "{message}"
    );
    assert!(
        !message.contains("evil\npub"),
        "control characters are escaped in messages: {message}"
    );
    assert_eq!(snapshot(&sandbox.out), before, "nothing was written");
}

#[test]
fn a_spec_folder_name_that_is_not_plain_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec\n x");
    common::copy_specs(&spec);
    let out = tmp.path().join("client");
    let output = run(&["--spec-dir", spec.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("the spec folder: `spec\\n x` is not a plain file name"),
        "{}",
        text(&output)
    );
    assert!(!out.exists(), "nothing was written");
}
