//! The report as text for a terminal and as Markdown for a pull-request comment. (JSON is
//! [`Report::json`].)

use std::fmt::Write as _;

use super::{Class, Report};

/// Words for the counts: `1 breaking, 0 need review, 2 compatible`.
fn counts(report: &Report) -> String {
    let s = report.summary;
    format!(
        "{} breaking, {} need{} review, {} compatible",
        s.breaking,
        s.needs_review,
        if s.needs_review == 1 { "s" } else { "" },
        s.compatible
    )
}

/// What to say when the generated code changes but no change to the API was found.
const UNCLASSIFIED: &str =
    "The generated code changes, but no change to its API was found: review the diff of generated-client/.";

/// The report for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Spec change: {} → {}", report.base, report.head);
    if report.is_empty() {
        out.push_str("No change to the generated API; no generated file is rewritten.\n");
        return out;
    }
    let _ = writeln!(out, "{}", counts(report));
    for service in &report.services {
        let _ = writeln!(out, "\n{} ({})", service.module, service.spec_file);
        for c in &service.changes {
            let _ = writeln!(out, "\n  {:<13}{}", c.class.as_str(), c.rust);
            let _ = writeln!(out, "    wire:   {}", one_line(&c.wire));
            let _ = writeln!(out, "    change: {}", one_line(&c.change));
            let _ = writeln!(out, "    effect: {}", one_line(&c.effect));
        }
    }
    if report.files.is_empty() {
        out.push_str("\nNo generated file is rewritten.\n");
    } else {
        out.push_str("\nGenerated files rewritten (in the client crate, generated-client/):\n");
        for f in &report.files {
            let _ = writeln!(out, "  {:<8} {}", f.status.as_str(), f.path);
        }
        if report.services.is_empty() {
            let _ = writeln!(out, "{UNCLASSIFIED}");
        }
    }
    out
}

/// The report as a pull-request comment: a table per service, breaking changes first.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let headline = if report.is_empty() {
        "no change to the generated API".to_owned()
    } else {
        counts(report)
    };
    let _ = writeln!(out, "### Spec change: {headline}\n");
    let _ = writeln!(out, "Compared {} with {}.", code(&report.base), code(&report.head));
    for service in &report.services {
        let _ = writeln!(out, "\n#### {} ({})\n", code(&service.module), code(&service.spec_file));
        out.push_str("| | Rust API | Wire | Change | Effect on dependent code |\n");
        out.push_str("|---|---|---|---|---|\n");
        for c in &service.changes {
            let class = match c.class {
                Class::Breaking => "**breaking**".to_owned(),
                other => other.as_str().to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                class,
                cell(&code(&c.rust)),
                cell(&code(&c.wire)),
                cell(&c.change),
                cell(&c.effect)
            );
        }
    }
    if !report.files.is_empty() {
        out.push_str("\nGenerated files this change rewrites, in `generated-client/`:\n\n");
        for f in &report.files {
            let _ = writeln!(out, "- {} ({})", code(&f.path), f.status.as_str());
        }
        if report.services.is_empty() {
            let _ = writeln!(out, "\n{UNCLASSIFIED}");
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// A Markdown code span that holds `text` whatever backticks it contains.
fn code(text: &str) -> String {
    let text = one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text safe inside a table cell: one line, pipes escaped (GitHub unescapes them in code spans too).
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}
