//! Bounded property tests (proptest's default 256 cases each): what the encoder writes, the
//! query parser reads back; what a constrained newtype accepts satisfies every rule, checked
//! here independently of the runtime, and what it rejects breaks at least one; decoders never
//! panic, whatever the input.

use ncloud_client::runtime::request::{QueryWriter, parse_query, percent_encode};
use ncloud_client::runtime::{GatewayError, ServiceError};
use ncloud_client::server::CreateNasVolumeSnapshotResponse;
use ncloud_client::vserver::{
    BlockStorageSnapshotDescription, BlockStorageSnapshotName, CreateBlockStorageSnapshotInstanceResponse,
};
use proptest::prelude::*;

/// Strings mixing ASCII, reserved characters, multi-byte text and control characters.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => prop::sample::select(vec!['-', '_', '.', '~', ' ', '&', '=', '+', '/', '%', '?', '#', '\n']),
            2 => proptest::char::range('0', '9'),
            1 => proptest::char::range('A', 'Z'),
            1 => prop::sample::select(vec!['説', 'ス', 'é', '😀', '\u{0}', '\u{feff}']),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// The snapshot-name rules, written out by hand rather than as a regex.
fn is_valid_snapshot_name(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let allowed = |c: &char| c.is_ascii_alphanumeric() || *c == '-' || *c == '_';
    (3..=30).contains(&chars.len())
        && chars.iter().all(allowed)
        && chars.first().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.last().is_some_and(|c| c.is_ascii_alphanumeric())
}

proptest! {
    #[test]
    fn encoding_then_parsing_a_query_returns_the_parameters(
        pairs in proptest::collection::vec((text().prop_filter("names are not empty", |n| !n.is_empty()), text()), 0..8)
    ) {
        let mut query = QueryWriter::new();
        for (name, value) in &pairs {
            query.push(name.as_str(), value.as_str());
        }
        let encoded = query.finish();
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%&=".contains(&b)), "{}", encoded);
        prop_assert_eq!(parse_query(&encoded).unwrap(), pairs);
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters(value in text()) {
        let encoded = percent_encode(&value);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", encoded);
    }

    #[test]
    fn a_snapshot_name_is_accepted_exactly_when_it_satisfies_every_rule(name in text()) {
        let accepted = BlockStorageSnapshotName::new(name.clone());
        prop_assert_eq!(accepted.is_ok(), is_valid_snapshot_name(&name), "{:?}: {:?}", name, accepted);
    }

    #[test]
    fn likely_names_are_judged_like_the_rules_say(name in "[A-Za-z0-9_-]{0,33}") {
        prop_assert_eq!(BlockStorageSnapshotName::new(name.clone()).is_ok(), is_valid_snapshot_name(&name));
    }

    #[test]
    fn a_description_is_accepted_exactly_when_it_is_at_most_1000_bytes(
        unit in prop::sample::select(vec!["a", "é", "説", "😀"]),
        count in 0usize..400,
    ) {
        let description = unit.repeat(count);
        prop_assert_eq!(BlockStorageSnapshotDescription::new(description.clone()).is_ok(), description.len() <= 1000);
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_text(body in ".{0,200}") {
        let _ = CreateBlockStorageSnapshotInstanceResponse::from_xml(&body);
        let _ = CreateBlockStorageSnapshotInstanceResponse::from_json(&body);
        let _ = CreateNasVolumeSnapshotResponse::from_xml(&body);
        let _ = ServiceError::from_xml(&body);
        let _ = ServiceError::from_json(&body);
        let _ = GatewayError::from_json(&body);
    }

    #[test]
    fn decoders_never_panic_on_mangled_real_payloads(
        cut in 0usize..2000,
        insert in prop::sample::select(vec!["<", ">", "</x>", "<a/>", "\"", "{", "}", "[", "]", ",", "&amp;", "&bogus;", "\u{0}", "😀", ""]),
        at in 0usize..2000,
    ) {
        for name in ["a_block_storage_2024.xml", "a_block_storage_2024.json", "b_block_storage_seed.json", "c_block_storage_2020.xml"] {
            let payload = ncloud_tests::payload(name);
            let mut mangled: String = payload.chars().take(cut.max(1)).collect();
            let at = mangled.char_indices().map(|(i, _)| i).nth(at).unwrap_or(mangled.len());
            mangled.insert_str(at, insert);
            let _ = CreateBlockStorageSnapshotInstanceResponse::from_xml(&mangled);
            let _ = CreateBlockStorageSnapshotInstanceResponse::from_json(&mangled);
        }
    }
}

/// Markdown-ish text from fragments that open code blocks in every way CommonMark knows: fences
/// of both kinds with and without info strings, indentation, block quotes, list items, tabs.
fn markdown() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "```", "~~~", "````", "```rust", "```text", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "    ", "  ", " ",
            "\t", "\n", "\n\n", "\r", "code();", "x", "\u{202E}",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// Whatever a spec's description says, no line of the doc comment made from it is Rust code
    /// that rustdoc would run: read by the Markdown parser rustdoc uses, every code block is a
    /// fenced `text` block (indented blocks and other fences would be doctests).
    #[test]
    fn spec_prose_never_becomes_a_doctest(text in markdown()) {
        let lines = generator::emit::doc_lines(&text);
        let doc: String = lines.iter().map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l))).collect();
        for event in pulldown_cmark::Parser::new(&doc) {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(kind)) = event {
                let runs = match &kind {
                    pulldown_cmark::CodeBlockKind::Indented => true,
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.as_ref() != "text",
                };
                prop_assert!(!runs, "{kind:?} in\n{doc}\nfrom {text:?}");
            }
        }
        prop_assert!(!doc.contains('\u{202E}'), "a text-direction control is left in");
    }
}
