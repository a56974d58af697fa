//! The widget store: the widgets themselves, their lifecycle (counted in `getWidget` calls), the
//! checks on request bodies and queries, and the JSON answered.
//!
//! Bodies are checked for what the contract states and no more, so that any request its spec
//! allows passes: a JSON object; `name` (a string) and `kind` (`SMALL` or `LARGE`) present on a
//! create or replace; `size` and `spec.cpu` integers; `description`, tag keys and values and
//! label values strings; `tags` a list of `{key, value}` objects; `spec` and `spec.labels`
//! objects; no `null`, and no property the API does not define (a client sending
//! `widget_name` learns of it). Query: `offset` an integer ≥ 0, `limit` 1 to 100.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::check::{Checker, Nulls, at, parse_json};
use super::errors::{Failure, Step, Subject};
use crate::clock::{WIDGET_CLOCK_START, utc_date};
use crate::config::WidgetsConfig;

/// `limit` of `listWidgets` when the query has none.
pub const DEFAULT_LIST_LIMIT: usize = 20;
/// Largest `limit` of `listWidgets`.
pub const MAX_LIST_LIMIT: usize = 100;

/// Where a widget is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetStatus {
    /// `CREATING`, for this many more `getWidget` calls.
    Creating {
        /// `getWidget` calls that will still see it creating.
        reads_left: u32,
    },
    /// `READY`.
    Ready,
    /// `DELETING`, for this many more `getWidget` calls; gone after them.
    Deleting {
        /// `getWidget` calls that will still see it deleting.
        reads_left: u32,
    },
}

impl WidgetStatus {
    /// The wire text: `CREATING`, `READY` or `DELETING`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating { .. } => "CREATING",
            Self::Ready => "READY",
            Self::Deleting { .. } => "DELETING",
        }
    }
}

/// A widget's tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetTag {
    /// `key`.
    pub key: String,
    /// `value`.
    pub value: String,
}

/// A widget's `spec`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WidgetSpec {
    /// `cpu`.
    pub cpu: Option<i64>,
    /// `labels`.
    pub labels: Option<BTreeMap<String, String>>,
}

/// A widget as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widget {
    /// `widgetId`: `w-1`, `w-2`… for a create, anything for a replace that created it.
    pub widget_id: String,
    /// `name`.
    pub name: String,
    /// `kind`: `SMALL` or `LARGE`.
    pub kind: String,
    /// `size`.
    pub size: Option<i64>,
    /// `status`.
    pub status: WidgetStatus,
    /// `tags`.
    pub tags: Option<Vec<WidgetTag>>,
    /// `spec`.
    pub spec: Option<WidgetSpec>,
    /// `description`.
    pub description: Option<String>,
    /// `createdAt`, from the store's clock (`2024-10-08T08:56:48Z`, one second per widget).
    pub created_at: String,
}

impl Widget {
    /// The widget's JSON, absent optionals omitted.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("widgetId".into(), self.widget_id.clone().into());
        object.insert("name".into(), self.name.clone().into());
        object.insert("kind".into(), self.kind.clone().into());
        if let Some(size) = self.size {
            object.insert("size".into(), size.into());
        }
        object.insert("status".into(), self.status.as_str().into());
        if let Some(tags) = &self.tags {
            object.insert("tags".into(), tags_json(tags));
        }
        if let Some(spec) = &self.spec {
            let mut value = Map::new();
            if let Some(cpu) = spec.cpu {
                value.insert("cpu".into(), cpu.into());
            }
            if let Some(labels) = &spec.labels {
                let labels: Map<String, Value> = labels.iter().map(|(k, v)| (k.clone(), v.clone().into())).collect();
                value.insert("labels".into(), labels.into());
            }
            object.insert("spec".into(), value.into());
        }
        if let Some(description) = &self.description {
            object.insert("description".into(), description.clone().into());
        }
        object.insert("createdAt".into(), self.created_at.clone().into());
        object.into()
    }
}

/// `[{"key": …, "value": …}]`.
pub(crate) fn tags_json(tags: &[WidgetTag]) -> Value {
    tags.iter()
        .map(|t| json!({"key": t.key, "value": t.value}))
        .collect::<Vec<_>>()
        .into()
}

/// What a create or replace body sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WidgetBody {
    name: String,
    kind: String,
    size: Option<i64>,
    tags: Option<Vec<WidgetTag>>,
    spec: Option<WidgetSpec>,
    description: Option<String>,
}

/// What an update body changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WidgetUpdate {
    size: Option<i64>,
    description: Option<String>,
}

/// A page of `listWidgets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub offset: usize,
    pub limit: usize,
    pub name_filter: Option<String>,
}

/// The widgets, in creation order.
#[derive(Debug)]
pub(crate) struct WidgetStore {
    config: WidgetsConfig,
    widgets: Vec<Widget>,
    next_number: u64,
    next_second: i64,
}

impl WidgetStore {
    pub(crate) fn new(config: WidgetsConfig) -> Self {
        Self {
            config,
            widgets: Vec::new(),
            next_number: 1,
            next_second: WIDGET_CLOCK_START,
        }
    }

    /// Every widget, in creation order, as it is now (not a read).
    pub(crate) fn widgets(&self) -> Vec<Widget> {
        self.widgets.clone()
    }

    fn position(&self, widget_id: &str) -> Result<usize, Failure> {
        self.widgets
            .iter()
            .position(|w| w.widget_id == widget_id)
            .ok_or_else(|| Failure::NotFound(Subject::Widget(widget_id.to_owned())))
    }

    /// The widget, for the calls that do not count as reads (tags, name, export).
    pub(crate) fn find(&self, widget_id: &str) -> Result<&Widget, Failure> {
        let i = self.position(widget_id)?;
        self.widgets
            .get(i)
            .ok_or_else(|| Failure::NotFound(Subject::Widget(widget_id.to_owned())))
    }

    /// The position of a widget that may change: not creating, not deleting.
    fn changeable(&self, widget_id: &str) -> Result<usize, Failure> {
        let i = self.position(widget_id)?;
        match self.widgets.get(i).map(|w| w.status) {
            Some(WidgetStatus::Ready) => Ok(i),
            Some(status) => Err(Failure::Conflict {
                subject: Subject::Widget(widget_id.to_owned()),
                status: status.as_str(),
            }),
            None => Err(Failure::NotFound(Subject::Widget(widget_id.to_owned()))),
        }
    }

    fn insert(&mut self, widget_id: String, body: WidgetBody, status: WidgetStatus) -> Result<Widget, Failure> {
        if self.widgets.len() >= self.config.max_widgets {
            return Err(Failure::LimitExceeded {
                max: self.config.max_widgets,
                what: "widgets",
            });
        }
        let created_at = utc_date(self.next_second);
        self.next_second = self.next_second.saturating_add(1);
        let widget = Widget {
            widget_id,
            name: body.name,
            kind: body.kind,
            size: body.size,
            status,
            tags: body.tags,
            spec: body.spec,
            description: body.description,
            created_at,
        };
        self.widgets.push(widget.clone());
        Ok(widget)
    }

    /// `createWidget`: the next free `w-N`, `CREATING` (or `READY` when no read is to see it
    /// creating).
    pub(crate) fn create(&mut self, body: WidgetBody) -> Result<Widget, Failure> {
        let widget_id = loop {
            let id = format!("w-{}", self.next_number);
            self.next_number = self.next_number.saturating_add(1);
            if self.position(&id).is_err() {
                break id;
            }
        };
        let status = match self.config.reads_until_ready {
            0 => WidgetStatus::Ready,
            reads_left => WidgetStatus::Creating { reads_left },
        };
        self.insert(widget_id, body, status)
    }

    /// `getWidget`: counts as a read of a creating or deleting widget. With N reads to go, the
    /// N reads see it as it was (`CREATING`, `DELETING`), the next one `READY` or gone (404).
    pub(crate) fn read(&mut self, widget_id: &str) -> Result<Widget, Failure> {
        let i = self.position(widget_id)?;
        let Some(widget) = self.widgets.get_mut(i) else {
            return Err(Failure::NotFound(Subject::Widget(widget_id.to_owned())));
        };
        widget.status = match widget.status {
            WidgetStatus::Creating { reads_left: 0 } => WidgetStatus::Ready,
            WidgetStatus::Creating { reads_left } => WidgetStatus::Creating {
                reads_left: reads_left - 1,
            },
            WidgetStatus::Deleting { reads_left: 0 } => {
                self.widgets.remove(i);
                return Err(Failure::NotFound(Subject::Widget(widget_id.to_owned())));
            }
            WidgetStatus::Deleting { reads_left } => WidgetStatus::Deleting {
                reads_left: reads_left - 1,
            },
            WidgetStatus::Ready => WidgetStatus::Ready,
        };
        Ok(widget.clone())
    }

    /// `replaceWidget`: replaces every field the body sets (absent optionals are removed), or
    /// creates the widget `READY` under that id.
    pub(crate) fn replace(&mut self, widget_id: &str, body: WidgetBody) -> Result<Widget, Failure> {
        if self.position(widget_id).is_err() {
            return self.insert(widget_id.to_owned(), body, WidgetStatus::Ready);
        }
        let i = self.changeable(widget_id)?;
        let Some(widget) = self.widgets.get_mut(i) else {
            return Err(Failure::NotFound(Subject::Widget(widget_id.to_owned())));
        };
        widget.name = body.name;
        widget.kind = body.kind;
        widget.size = body.size;
        widget.tags = body.tags;
        widget.spec = body.spec;
        widget.description = body.description;
        Ok(widget.clone())
    }

    /// `updateWidget`: sets what the body sets, keeps the rest.
    pub(crate) fn update(&mut self, widget_id: &str, update: WidgetUpdate) -> Result<(), Failure> {
        let i = self.changeable(widget_id)?;
        if let Some(widget) = self.widgets.get_mut(i) {
            if update.size.is_some() {
                widget.size = update.size;
            }
            if update.description.is_some() {
                widget.description = update.description;
            }
        }
        Ok(())
    }

    /// `deleteWidget`: `DELETING`, or gone at once when no read is to see it deleting.
    pub(crate) fn delete(&mut self, widget_id: &str) -> Result<(), Failure> {
        let i = self.changeable(widget_id)?;
        match self.config.reads_until_gone {
            0 => {
                self.widgets.remove(i);
            }
            reads_left => {
                if let Some(widget) = self.widgets.get_mut(i) {
                    widget.status = WidgetStatus::Deleting { reads_left };
                }
            }
        }
        Ok(())
    }

    /// `listWidgets`: the page asked for (not reads) and how many match in all.
    pub(crate) fn list(&self, query: &ListQuery) -> (Vec<Widget>, usize) {
        let matching: Vec<&Widget> = self
            .widgets
            .iter()
            .filter(|w| query.name_filter.as_ref().is_none_or(|f| w.name.contains(f.as_str())))
            .collect();
        let page = matching
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .map(|w| (*w).clone())
            .collect();
        (page, matching.len())
    }

    /// Ends every transition now.
    pub(crate) fn settle(&mut self) {
        self.widgets
            .retain(|w| !matches!(w.status, WidgetStatus::Deleting { .. }));
        for widget in &mut self.widgets {
            widget.status = WidgetStatus::Ready;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checking bodies and queries

/// The widget API's own parts of a body.
impl Checker {
    fn tags(&mut self, object: &Map<String, Value>) -> Option<Vec<WidgetTag>> {
        let (value, path) = self.value(object, &[], "tags", false)?;
        let Value::Array(items) = value else {
            self.fail(path, "isArray", "tags must be an array".into());
            return None;
        };
        let mut tags = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut path = path.clone();
            path.push(Step::Index(i));
            let Some(tag) = self.object(item, &path) else {
                continue;
            };
            self.only(tag, &path, &["key", "value"]);
            let key = self.value(tag, &path, "key", true).and_then(|(v, p)| self.string(v, p));
            let value = self
                .value(tag, &path, "value", true)
                .and_then(|(v, p)| self.string(v, p));
            if let (Some(key), Some(value)) = (key, value) {
                tags.push(WidgetTag { key, value });
            }
        }
        Some(tags)
    }

    fn spec(&mut self, object: &Map<String, Value>) -> Option<WidgetSpec> {
        let (value, path) = self.value(object, &[], "spec", false)?;
        let spec = self.object(value, &path)?;
        self.only(spec, &path, &["cpu", "labels"]);
        let cpu = self.opt_int(spec, &path, "cpu");
        let labels = self.value(spec, &path, "labels", false).and_then(|(value, path)| {
            let labels = self.object(value, &path)?;
            let mut out = BTreeMap::new();
            for (key, value) in labels {
                if let Some(text) = self.string(value, at(&path, key)) {
                    out.insert(key.clone(), text);
                }
            }
            Some(out)
        });
        Some(WidgetSpec { cpu, labels })
    }
}

/// The body of `createWidget` and `replaceWidget`.
pub(crate) fn widget_body(body: Option<&[u8]>) -> Result<WidgetBody, Failure> {
    let json = parse_json(body)?;
    let mut check = Checker::new(Nulls::Refused);
    let Some(object) = check.body(json.as_ref()) else {
        return check.done(None);
    };
    // `secret` (a value the client must never log) and `weight` (a number) are accepted and not
    // kept: they are there for the client's tests of hidden values and floats.
    check.only(
        object,
        &[],
        &[
            "name",
            "kind",
            "size",
            "tags",
            "spec",
            "description",
            "secret",
            "weight",
        ],
    );
    let _ = check.opt_string(object, &[], "secret");
    if let Some((value, path)) = check.value(object, &[], "weight", false)
        && !value.is_number()
    {
        check.fail(path, "isNumber", "weight must be a number".into());
    }
    let name = check
        .value(object, &[], "name", true)
        .and_then(|(v, p)| check.string(v, p));
    let kind = check.value(object, &[], "kind", true).and_then(|(v, p)| {
        let kind = check.string(v, p.clone())?;
        if kind == "SMALL" || kind == "LARGE" {
            Some(kind)
        } else {
            let message = "kind must be one of the following values: SMALL, LARGE".to_owned();
            check.fail(p, "isEnum", message);
            None
        }
    });
    let size = check.opt_int(object, &[], "size");
    let tags = check.tags(object);
    let spec = check.spec(object);
    let description = check.opt_string(object, &[], "description");
    let body = name.zip(kind).map(|(name, kind)| WidgetBody {
        name,
        kind,
        size,
        tags,
        spec,
        description,
    });
    check.done(body)
}

/// The body of `updateWidget` (none: nothing changes).
pub(crate) fn update_body(body: Option<&[u8]>) -> Result<WidgetUpdate, Failure> {
    let Some(json) = parse_json(body)? else {
        return Ok(WidgetUpdate::default());
    };
    let mut check = Checker::new(Nulls::Refused);
    let Some(object) = check.body(Some(&json)) else {
        return check.done(None);
    };
    check.only(object, &[], &["size", "description"]);
    let update = WidgetUpdate {
        size: check.opt_int(object, &[], "size"),
        description: check.opt_string(object, &[], "description"),
    };
    check.done(Some(update))
}

/// The query of `listWidgets` (the first value of a repeated parameter counts).
pub(crate) fn list_query(query: &[(String, String)]) -> Result<ListQuery, Failure> {
    let get = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let mut check = Checker::new(Nulls::Refused);
    let mut number = |name: &'static str, default: usize, min: usize, max: usize| {
        let Some(text) = get(name) else {
            return default;
        };
        match text.parse::<i64>().ok().and_then(|n| usize::try_from(n).ok()) {
            Some(n) if (min..=max).contains(&n) => n,
            _ => {
                let bound = if max == usize::MAX {
                    format!("at least {min}")
                } else {
                    format!("from {min} to {max}")
                };
                let message = format!("{name} must be an integer {bound}, not {text:?}");
                check.fail(vec![Step::Field(name.into())], "isInt", message);
                default
            }
        }
    };
    let offset = number("offset", 0, 0, usize::MAX);
    let limit = number("limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
    let query = ListQuery {
        offset,
        limit,
        name_filter: get("nameFilter").map(str::to_owned),
    };
    check.done(Some(query))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(reads: u32) -> WidgetStore {
        WidgetStore::new(WidgetsConfig {
            reads_until_ready: reads,
            reads_until_gone: reads,
            ..WidgetsConfig::default()
        })
    }

    fn body(json: &str) -> WidgetBody {
        widget_body(Some(json.as_bytes())).unwrap()
    }

    fn invalid(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
        match result {
            Err(Failure::Invalid(violations)) => violations
                .iter()
                .map(|v| (super::super::errors::field_name(&v.path), v.constraint))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_move_the_lifecycle() {
        let mut store = store(2);
        let w = store.create(body(r#"{"name": "a", "kind": "SMALL"}"#)).unwrap();
        assert_eq!((w.widget_id.as_str(), w.status.as_str()), ("w-1", "CREATING"));
        assert_eq!(w.created_at, "2024-10-08T08:56:48Z");
        let statuses: Vec<_> = (0..3).map(|_| store.read("w-1").unwrap().status.as_str()).collect();
        assert_eq!(statuses, ["CREATING", "CREATING", "READY"]);
        store.delete("w-1").unwrap();
        assert_eq!(store.read("w-1").unwrap().status.as_str(), "DELETING");
        assert_eq!(store.read("w-1").unwrap().status.as_str(), "DELETING");
        assert!(matches!(store.read("w-1"), Err(Failure::NotFound(_))));
        assert!(store.widgets().is_empty());
    }

    #[test]
    fn busy_widgets_refuse_changes_and_ids_are_not_reused() {
        let mut store = store(1);
        store
            .replace("w-1", body(r#"{"name": "put", "kind": "LARGE"}"#))
            .unwrap();
        let w = store.create(body(r#"{"name": "b", "kind": "SMALL"}"#)).unwrap();
        assert_eq!(w.widget_id, "w-2");
        assert!(matches!(
            store.delete("w-2"),
            Err(Failure::Conflict { status: "CREATING", .. })
        ));
        assert!(matches!(
            store.update("w-2", WidgetUpdate::default()),
            Err(Failure::Conflict { .. })
        ));
        store.delete("w-1").unwrap();
        assert!(matches!(
            store.replace("w-1", body(r#"{"name": "c", "kind": "SMALL"}"#)),
            Err(Failure::Conflict { status: "DELETING", .. })
        ));
        store.settle();
        assert_eq!(store.widgets().len(), 1);
        assert_eq!(store.widgets()[0].status, WidgetStatus::Ready);
    }

    #[test]
    fn bodies_are_checked() {
        assert_eq!(invalid(widget_body(None)), [("body".to_owned(), "isObject")]);
        assert_eq!(invalid(widget_body(Some(b"{"))), [("body".to_owned(), "isJson")]);
        assert_eq!(
            invalid(widget_body(Some(
                br#"{"kind": "HUGE", "size": 1.5, "tags": [{"key": 1}, 2], "spec": {"cpu": "x", "labels": {"a": 1}}, "description": null, "extra": 1}"#
            ))),
            [
                ("extra".to_owned(), "whitelistValidation"),
                ("name".to_owned(), "isDefined"),
                ("kind".to_owned(), "isEnum"),
                ("size".to_owned(), "isInt"),
                ("tags[0].key".to_owned(), "isString"),
                ("tags[0].value".to_owned(), "isDefined"),
                ("tags[1]".to_owned(), "isObject"),
                ("spec.cpu".to_owned(), "isInt"),
                ("spec.labels.a".to_owned(), "isString"),
                ("description".to_owned(), "isNotNull"),
            ]
        );
        let full = body(
            r#"{"name": "n", "kind": "LARGE", "size": 3, "tags": [{"key": "k", "value": "v"}],
                "spec": {"cpu": 2, "labels": {"a": "b"}}, "description": "d"}"#,
        );
        assert_eq!(full.spec.unwrap().labels.unwrap()["a"], "b");
        assert_eq!(update_body(None), Ok(WidgetUpdate::default()));
        assert_eq!(
            invalid(update_body(Some(br#"{"name": "x"}"#))),
            [("name".to_owned(), "whitelistValidation")]
        );
    }

    #[test]
    fn list_queries() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
        };
        assert_eq!(
            list_query(&[]),
            Ok(ListQuery {
                offset: 0,
                limit: DEFAULT_LIST_LIMIT,
                name_filter: None
            })
        );
        for (name, value) in [("offset", "-1"), ("limit", "0"), ("limit", "101"), ("offset", "x")] {
            assert_eq!(
                invalid(list_query(&pairs(&[(name, value)]))),
                [(name.to_owned(), "isInt")]
            );
        }
        let mut store = store(0);
        for name in ["alpha", "beta", "alphabet"] {
            store
                .create(body(&format!(r#"{{"name": "{name}", "kind": "SMALL"}}"#)))
                .unwrap();
        }
        let query = list_query(&pairs(&[("nameFilter", "alpha"), ("offset", "1"), ("limit", "5")])).unwrap();
        let (page, total) = store.list(&query);
        assert_eq!((page.len(), page[0].name.as_str(), total), (1, "alphabet", 2));
    }
}
