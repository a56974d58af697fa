//! Bounds on what reading one spec file may cost, checked on the YAML event stream before any
//! tree is built: a small file must not be able to cost gigabytes or minutes.
//!
//! - **Aliases** (`*a`) are expanded by the YAML reader into copies of their anchor's node, so
//!   a 23 KB file of aliases to aliases can stand for billions of nodes. The nodes aliases add
//!   are counted as the events arrive (an alias of an alias counts everything it stands for),
//!   and reading stops once they pass [`MAX_ALIAS_NODES`]. Nodes written out are bounded by the
//!   file's size.
//! - **Nesting** (`[[[[…`) deeper than [`MAX_DEPTH`] is refused at the first level too deep, before
//!   the reader's own recursion (quadratic on such input) is reached.
//!
//! Syntax errors are left to the reader proper, which words them better.

use std::collections::HashMap;
use std::mem::MaybeUninit;

/// The most nodes aliases may add to a document: far more than sharing a few parameters needs,
/// and a tree of that size costs tens of megabytes, not gigabytes.
pub const MAX_ALIAS_NODES: u64 = 200_000;

/// The deepest nesting of mappings and sequences: an OpenAPI document needs some 20 levels, and
/// the YAML reader refuses more than 128.
pub const MAX_DEPTH: usize = 128;

/// What a document costs to read, as far as [`check`] read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cost {
    /// Nodes, aliases expanded.
    pub nodes: u64,
    /// Of these, the nodes aliases added.
    pub alias_nodes: u64,
    /// The deepest nesting.
    pub depth: usize,
}

/// Reads the events of `text` and fails, with a message saying where, as soon as its aliases
/// add more than `max_alias_nodes` nodes or it nests deeper than `max_depth` levels.
pub fn check(text: &str, max_alias_nodes: u64, max_depth: usize) -> Result<Cost, String> {
    let mut parser = Parser::new(text);
    // One frame per open mapping or sequence: its anchor and the nodes it holds so far.
    let mut frames: Vec<(Option<Vec<u8>>, u64)> = vec![(None, 0)];
    let mut anchors: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut cost = Cost::default();
    while let Some(event) = parser.next() {
        let (line, column) = (event.line, event.column);
        let at = || format!("line {}, column {}", line + 1, column + 1);
        // The nodes this event adds to the document, and to its enclosing mapping or sequence.
        let (added, to_parent) = match event.kind {
            Kind::Open(anchor) => {
                frames.push((anchor, 1));
                cost.depth = cost.depth.max(frames.len() - 1);
                if frames.len() - 1 > max_depth {
                    return Err(format!(
                        "{}: mappings and lists nested deeper than {max_depth} levels: no spec needs that many",
                        at()
                    ));
                }
                (1, 0)
            }
            Kind::Close => {
                let Some((anchor, nodes)) = frames.pop() else { break };
                if let Some(anchor) = anchor {
                    anchors.insert(anchor, nodes);
                }
                (0, nodes)
            }
            Kind::Scalar(anchor) => {
                if let Some(anchor) = anchor {
                    anchors.insert(anchor, 1);
                }
                (1, 1)
            }
            Kind::Alias(anchor) => {
                let nodes = anchors.get(&anchor).copied().unwrap_or(1);
                cost.alias_nodes = cost.alias_nodes.saturating_add(nodes);
                (nodes, nodes)
            }
            Kind::Other => continue,
        };
        cost.nodes = cost.nodes.saturating_add(added);
        if let Some(parent) = frames.last_mut() {
            parent.1 = parent.1.saturating_add(to_parent);
        }
        if cost.alias_nodes > max_alias_nodes {
            return Err(format!(
                "{}: the aliases (`*name`) of this document stand for more than {max_alias_nodes} values once expanded: write the values out, or use `$ref`",
                at()
            ));
        }
    }
    Ok(cost)
}

/// What one event is, as the bounds see it.
enum Kind {
    /// A mapping or sequence starts, with its anchor.
    Open(Option<Vec<u8>>),
    /// A mapping or sequence ends.
    Close,
    /// A scalar, with its anchor.
    Scalar(Option<Vec<u8>>),
    /// An alias of an anchor.
    Alias(Vec<u8>),
    /// Stream and document boundaries.
    Other,
}

struct Event {
    kind: Kind,
    line: u64,
    column: u64,
}

/// libyaml's parser over a string, as an iterator of events; `None` at the end of the stream or
/// at a syntax error.
struct Parser<'t> {
    // Boxed, as serde_yaml boxes it: the parser is never moved once initialised.
    sys: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    /// Whether `sys` was initialised (and must be deleted).
    initialised: bool,
    /// Whether no more events will be read.
    done: bool,
    _text: std::marker::PhantomData<&'t str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        let mut sys = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` initialises the whole parser; on failure (no memory)
        // the parser is marked done and never used or deleted. The input outlives the parser
        // (`'t`), which only reads it.
        let initialised = unsafe {
            let parser = sys.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_initialize(parser).fail {
                false
            } else {
                unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
                unsafe_libyaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
                true
            }
        };
        Parser {
            sys,
            initialised,
            done: !initialised,
            _text: std::marker::PhantomData,
        }
    }

    fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised (`done` is false). A successful parse initialises
        // `event`, whose anchor pointers are NUL-terminated strings owned by the event until
        // `yaml_event_delete`, after everything was copied out of it.
        unsafe {
            let parser = self.sys.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            let event = event.as_mut_ptr();
            let anchor = |ptr: *const u8| -> Option<Vec<u8>> {
                if ptr.is_null() {
                    None
                } else {
                    Some(std::ffi::CStr::from_ptr(ptr.cast()).to_bytes().to_vec())
                }
            };
            let kind = match (*event).type_ {
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Kind::Open(anchor((*event).data.sequence_start.anchor)),
                unsafe_libyaml::YAML_MAPPING_START_EVENT => Kind::Open(anchor((*event).data.mapping_start.anchor)),
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => Kind::Close,
                unsafe_libyaml::YAML_SCALAR_EVENT => Kind::Scalar(anchor((*event).data.scalar.anchor)),
                unsafe_libyaml::YAML_ALIAS_EVENT => Kind::Alias(anchor((*event).data.alias.anchor).unwrap_or_default()),
                unsafe_libyaml::YAML_STREAM_END_EVENT => {
                    self.done = true;
                    Kind::Other
                }
                _ => Kind::Other,
            };
            let mark = (*event).start_mark;
            unsafe_libyaml::yaml_event_delete(event);
            Some(Event {
                kind,
                line: mark.line,
                column: mark.column,
            })
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: the parser was initialised (see `new`) and is deleted once, here.
            unsafe { unsafe_libyaml::yaml_parser_delete(self.sys.as_mut_ptr()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_document_costs_its_nodes_and_depth() {
        let cost = check("a: [1, 2, {b: c}]\nd: e\n", 100, 10).unwrap();
        assert_eq!(
            cost,
            Cost {
                nodes: 10,
                alias_nodes: 0,
                depth: 3
            }
        );
    }

    #[test]
    fn aliases_count_as_the_nodes_they_stand_for() {
        let cost = check("a: &x [1, 2, 3]\nb: [*x, *x]\n", 100, 10).unwrap();
        // The root mapping, a, [1, 2, 3] (4), b, [*x, *x] (1 + 4 + 4).
        assert_eq!((cost.nodes, cost.alias_nodes), (16, 8));
        assert!(check("a: &x [1, 2, 3]\nb: [*x, *x]\n", 7, 10).is_err());
    }

    #[test]
    fn aliases_of_aliases_are_refused_once_they_stand_for_too_much() {
        // The example: 23 KB standing for ten million values.
        let mut text = String::from("x-a: &a [");
        text.push_str(&vec!["x"; 10_000].join(", "));
        text.push_str("]\nx-b: [");
        text.push_str(&vec!["*a"; 1000].join(", "));
        text.push_str("]\n");
        let error = check(&text, MAX_ALIAS_NODES, MAX_DEPTH).unwrap_err();
        assert!(error.starts_with("line 2, column"), "{error}");
        assert!(error.contains("aliases"), "{error}");
    }

    #[test]
    fn nesting_deeper_than_the_bound_is_refused_at_the_first_level_too_deep() {
        let text = "[".repeat(100_000);
        let error = check(&text, MAX_ALIAS_NODES, MAX_DEPTH).unwrap_err();
        assert_eq!(
            error,
            "line 1, column 129: mappings and lists nested deeper than 128 levels: no spec needs that many"
        );
        assert!(
            check(
                &format!("{}{}", "[".repeat(128), "]".repeat(128)),
                MAX_ALIAS_NODES,
                MAX_DEPTH
            )
            .is_ok()
        );
    }

    #[test]
    fn syntax_errors_are_left_to_the_reader() {
        assert!(check("a: [1, 2\nb: }", 100, 10).is_ok());
    }
}
