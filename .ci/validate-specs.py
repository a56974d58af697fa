"""Validate OpenAPI documents (YAML or JSON) with openapi-spec-validator, as `.ci/run` does.

OpenAPI 3.0 restricts component names to `^[a-zA-Z0-9.\\-_]+$`; NCP's API Gateway exports name
components after Java generics (`ApigwPage«ApiKeySearchDto»`), which the generator reads. So that
such a file is validated against the rule rather than excused from it (openapi-spec-validator
0.9.0 does not apply the name pattern, a stricter validator refuses the file), a copy is
validated with each such name mapped as the generator maps it to a Rust type (brackets and
commas dropped, parts camel-joined: `ApigwPageApiKeySearchDto`) and every `$ref` to it
rewritten, percent-encoded or not. What was mapped, and what could not be (names in other
scripts, which only the generator checks), is said on stdout. Everything else is validated as
it is.

Usage: python validate-specs.py FILE...
"""

import json
import re
import sys
import urllib.parse

import yaml
from openapi_spec_validator import validate

NAME = re.compile(r"^[a-zA-Z0-9.\-_]+$")
COMPONENT_KINDS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers",
                   "securitySchemes", "links", "callbacks")


def rust_like(name):
    """`ApigwPage«ApiKeySearchDto»` -> `ApigwPageApiKeySearchDto` (see naming::component_type_name)."""
    parts = [p for p in re.split(r"[«»,<>\s]+", name) if p]
    mapped = "".join(p[:1].upper() + p[1:] for p in parts)
    return mapped if NAME.match(mapped or "-") else None


def rewrite_refs(node, renames):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                decoded = urllib.parse.unquote(value)
                node[key] = renames.get(decoded, value)
            else:
                rewrite_refs(value, renames)
    elif isinstance(node, list):
        for item in node:
            rewrite_refs(item, renames)


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            return json.load(f)
        return yaml.safe_load(f)


def main(paths):
    failed = 0
    for path in paths:
        doc = load(path)
        renames = {}
        components = doc.get("components") if isinstance(doc, dict) else None
        for kind in COMPONENT_KINDS:
            entries = components.get(kind) if isinstance(components, dict) else None
            if not isinstance(entries, dict):
                continue
            for name in list(entries):
                if NAME.match(name):
                    continue
                new = rust_like(name)
                if new is None:
                    print(f"{path}: components.{kind}.`{name}` is not an OpenAPI component name and is "
                          "validated under its own name (the generator checks it)")
                    continue
                if new in entries:
                    print(f"{path}: components.{kind}.`{name}` would be named `{new}`, which exists")
                    failed += 1
                    continue
                entries[new] = entries.pop(name)
                renames[f"#/components/{kind}/{name}"] = f"#/components/{kind}/{new}"
                print(f"{path}: validating a copy with components.{kind}.`{name}` named `{new}` "
                      "(OpenAPI's component names cannot hold it)")
        if renames:
            rewrite_refs(doc, renames)
        try:
            validate(doc)
        except Exception as e:  # the validator raises its own error types
            print(f"{path}: INVALID: {str(e).splitlines()[0]}")
            failed += 1
        else:
            print(f"{path}: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
