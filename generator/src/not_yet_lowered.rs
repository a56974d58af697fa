//! INTERIM (issue 20): what the check now reads for REST operations but lowering does not yet
//! turn into code. Until `lower/` handles these, each is refused here by name, so that none is
//! silently dropped (a request body, an API key requirement, region paths, a map of values).
//! Delete this module, and its call in `lower_all`, once lowering reads them all.

use serde_yaml::Value;

use crate::error::{Diagnostic, Loc, key_text};
use crate::load::Spec;

const WHY: &str = "is valid, but this generator does not generate code for it yet (REST operations, issue 20)";

/// The constructs of `spec` that lowering would drop.
pub fn problems(spec: &Spec) -> Vec<Diagnostic> {
    let root = spec.loc();
    let mut out = Vec::new();
    let raw = &spec.raw;
    if non_empty_list(raw.get("security")) {
        out.push(Diagnostic::new(&root.key("security"), format!("`security` {WHY}")));
    }
    if let Some(Value::Sequence(servers)) = raw.get("servers") {
        for (i, server) in servers.iter().enumerate() {
            if server.get("x-ncp-region-paths").is_some() {
                let loc = root.key("servers").index(i).key("x-ncp-region-paths");
                out.push(Diagnostic::new(&loc, format!("`x-ncp-region-paths` {WHY}")));
            }
        }
    }
    if let Some(Value::Mapping(paths)) = raw.get("paths") {
        for (path, item) in paths {
            let (Some(path), Value::Mapping(item)) = (key_text(path), item) else {
                continue;
            };
            for (method, op) in item {
                let Some(method) = key_text(method) else { continue };
                let loc = root.key("paths").key(&path).key(&method);
                if op.get("requestBody").is_some() {
                    out.push(Diagnostic::new(&loc.key("requestBody"), format!("`requestBody` {WHY}")));
                }
                if non_empty_list(op.get("security")) {
                    out.push(Diagnostic::new(&loc.key("security"), format!("`security` {WHY}")));
                }
            }
        }
    }
    maps(raw, &root, false, &mut out);
    out
}

fn non_empty_list(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Sequence(items)) if !items.is_empty())
}

/// Every `additionalProperties` other than `false`; `names` is true inside a map of names
/// (`properties`), whose keys are not schema keys.
fn maps(value: &Value, loc: &Loc, names: bool, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let Some(key) = key_text(key) else { continue };
                let at = loc.key(&key);
                if !names && key == "additionalProperties" && *child != Value::Bool(false) {
                    out.push(Diagnostic::new(&at, format!("`additionalProperties` {WHY}")));
                }
                maps(child, &at, !names && key == "properties", out);
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                maps(item, &loc.index(i), false, out);
            }
        }
        _ => {}
    }
}
