//! Doc comments made from spec prose: whatever the text, the lines `doc_lines` writes hold no
//! code block that rustdoc would run (read by pulldown-cmark, the parser rustdoc uses) and no
//! text-direction control, which rustc refuses in comments.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

fuzz_target!(|text: &str| {
    let lines = generator::emit::doc_lines(text);
    let doc: String = lines
        .iter()
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    for event in Parser::new(&doc) {
        if let Event::Start(Tag::CodeBlock(kind)) = event {
            let runs = match &kind {
                CodeBlockKind::Indented => true,
                CodeBlockKind::Fenced(info) => info.as_ref() != "text",
            };
            assert!(!runs, "{kind:?} in\n{doc}");
        }
    }
    assert!(!doc.contains(['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']));
});
