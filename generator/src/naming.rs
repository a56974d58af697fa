//! Rust names from wire names: case conversion, sanitising, keywords.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that cannot even be raw identifiers; names equal to them get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2024, written `r#name` when used as names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A type or variant name: `UpperCamelCase`, a valid identifier. `prefix` is put in front of
/// names that would start with a digit (`V1`).
///
/// In scripts without letter case (such as Japanese) the snake and camel forms are the same, so a
/// type would share its name with the parameter or field of the same wire name; such names get
/// the prefix too (`T名前`), which keeps types and values apart.
pub fn type_name(wire: &str, prefix: &str) -> String {
    let camel = sanitize(&wire.to_upper_camel_case(), prefix);
    if camel.chars().next().is_some_and(|c| !c.is_uppercase() && c != '_') {
        format!("{prefix}{camel}")
    } else {
        camel
    }
}

/// The name of an operation without an `operationId`: the method followed by the path's
/// segments and parameter names, camel-cased, as NCP's own exports name their generated schemas
/// (`get` and `/api-keys/{api-key-id}` → `getApiKeysApiKeyId`; `post` and `/api-keys` →
/// `postApiKeys`).
pub fn operation_name(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for segment in path.split('/') {
        let words = segment.trim_matches(|c| c == '{' || c == '}');
        name.push_str(&words.to_upper_camel_case());
    }
    name
}

/// The Rust type name of a component schema (`components.schemas.<name>`).
///
/// Exports made by Java tools (NCP's API Gateway among them) name components after Java
/// generics: `ApigwPage«ApiKeySearchDto»`, `List«Foo»`, `Map«string,List«Foo»»`. The brackets
/// and commas are dropped and the parts camel-joined: `ApigwPageApiKeySearchDto`,
/// `ListFoo`, `MapStringListFoo`. Plain names are named as by [`type_name`] (the same result:
/// `type_name` splits words at these characters too, so lowering, which calls it with the
/// prefix `T`, agrees). Two components whose names map to one type are refused by the check
/// (`check::check_document`).
pub fn component_type_name(component: &str) -> String {
    let spaced: String = component
        .chars()
        .map(|c| {
            if matches!(c, '«' | '»' | ',' | '<' | '>') {
                ' '
            } else {
                c
            }
        })
        .collect();
    type_name(&spaced, "T")
}

/// A field, parameter or function name: `snake_case`, a valid identifier (keywords are escaped
/// later, by [`ident`]).
pub fn snake_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    sanitize(&snake, "_")
}

/// A module name from a spec file stem: also the name of its file, `src/generated/<name>.rs`.
///
/// Keywords that cannot be raw identifiers (`self`, `super`, `crate`) get a `_` suffix here
/// rather than in [`ident`], so that the module and its file agree; `mod` gets one too, since
/// `src/generated/mod.rs` is the index of the modules. Other keywords stay as they are: `r#type`
/// is declared by `pub mod r#type;` and lives in `type.rs`.
pub fn module_name(stem: &str) -> String {
    let name = snake_name(stem);
    if NOT_RAW.contains(&name.as_str()) || name == "mod" {
        format!("{name}_")
    } else {
        name
    }
}

fn sanitize(name: &str, prefix: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if unicode_ident::is_xid_continue(c) { c } else { '_' })
        .collect();
    if out.chars().all(|c| c == '_') {
        return format!("{prefix}Empty");
    }
    let starts_ok = out
        .chars()
        .next()
        .is_some_and(|c| unicode_ident::is_xid_start(c) || c == '_');
    if !starts_ok {
        out.insert_str(0, prefix);
    }
    out
}

/// Checks the name of a spec file (`vserver.yaml`) or of the spec folder: it is written into
/// generated files' headers and docs, so it must be a plain name: letters (any script), digits,
/// `_`, `-` and `.`, not starting with `.`.
pub fn check_file_name(name: &str) -> Result<(), String> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if plain {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a plain file name: generated files name their spec, so only letters, digits, `_`, `-` and `.` are allowed; rename it",
            crate::error::escape_controls(name)
        ))
    }
}

/// Checks a package name as cargo accepts it and as a library name can be made from it: ASCII
/// letters, digits, `-` and `_`, starting with a letter.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` cannot be a crate name: use ASCII letters, digits, `-` and `_`, starting with a letter (--crate-name)"
        ))
    }
}

/// The identifier for `name`: raw (`r#type`) for keywords, `name_` for the few that cannot be raw.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_without_an_id_are_named_by_method_and_path() {
        assert_eq!(operation_name("get", "/api-keys/{api-key-id}"), "getApiKeysApiKeyId");
        assert_eq!(operation_name("post", "/api-keys"), "postApiKeys");
        assert_eq!(
            operation_name("patch", "/clusters/{uuid}/node-pool/{instanceNo}"),
            "patchClustersUuidNodePoolInstanceNo"
        );
        assert_eq!(operation_name("get", "/"), "get");
    }

    #[test]
    fn keywords_become_raw_identifiers_and_the_rest_gets_a_suffix() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("region_code").to_string(), "region_code");
    }

    #[test]
    fn names_are_valid_identifiers() {
        assert_eq!(type_name("FULL", "V"), "Full");
        assert_eq!(type_name("NULL", "V"), "Null");
        assert_eq!(type_name("1a", "V"), "V1a");
        assert_eq!(type_name("", "V"), "VEmpty");
        assert_eq!(type_name("a.b-c", "V"), "ABC");
        assert_eq!(snake_name("blockStorageSnapshotName"), "block_storage_snapshot_name");
        assert_eq!(snake_name("名前"), "名前");
        assert_eq!(snake_name("9lives"), "_9lives");
        assert_eq!(type_name("スナップショット", "V"), "Vスナップショット");
    }

    #[test]
    fn java_generic_component_names_are_camel_joined() {
        let cases = [
            ("ApigwPage«ApiKeySearchDto»", "ApigwPageApiKeySearchDto"),
            ("List«Foo»", "ListFoo"),
            ("A«B«C»»", "ABC"),
            ("Map«string,List«Foo»»", "MapStringListFoo"),
            ("Map«string, int»", "MapStringInt"),
            ("ResponseEntity<Foo>", "ResponseEntityFoo"),
            ("PageNo", "PageNo"),
            ("«»", "TEmpty"),
        ];
        for (component, rust) in cases {
            assert_eq!(component_type_name(component), rust, "{component}");
            // Lowering names component types with `type_name(name, "T")`: it must agree.
            assert_eq!(type_name(component, "T"), rust, "{component}");
        }
    }
}
