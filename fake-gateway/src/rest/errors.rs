//! The REST services' own errors (widgets, NKS) and their two envelopes (REST_NOTES section 2.2
//! and 2.3): NKS's (numeric `errorCode`, `statusCode`, object `details`, top-level `timestamp`)
//! and the standardized one (string `errorCode`, `detail`, `fieldErrors`).

use serde_json::{Map, Value, json};

use crate::clock::utc_millis;
use crate::config::RestErrorStyle;

/// Most fields a `detail` names (the rest are counted).
const MAX_DETAIL_FIELDS: usize = 10;

/// One step of the path to a value in a request body: a property or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Field(String),
    Index(usize),
}

/// One rule a request breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// Where, from the body's (or the query's) top.
    pub path: Vec<Step>,
    /// The rule's name, class-validator style: `isDefined`, `isString`, `isEnum`…
    pub constraint: &'static str,
    pub message: String,
}

/// `tags[0].key`: a path as the standardized envelope's `field` writes it.
pub(crate) fn field_name(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(name) if out.is_empty() => out.push_str(name),
            Step::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// What a refusal is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A widget, by `widgetId`.
    Widget(String),
    /// An NKS cluster, by `uuid`.
    Cluster(String),
    /// An NKS node pool: its cluster's `uuid` and its `instanceNo`.
    NodePool { uuid: String, instance_no: i64 },
}

impl Subject {
    /// `Widget "w-1"`, `Cluster "…"`, `Node pool 1001 of cluster "…"`.
    fn describe(&self) -> String {
        match self {
            Self::Widget(widget_id) => format!("Widget {widget_id:?}"),
            Self::Cluster(uuid) => format!("Cluster {uuid:?}"),
            Self::NodePool { uuid, instance_no } => format!("Node pool {instance_no} of cluster {uuid:?}"),
        }
    }

    /// The status in which it can be changed again.
    fn settled(&self) -> &'static str {
        match self {
            Self::Widget(_) => "READY",
            Self::Cluster(_) => "RUNNING",
            Self::NodePool { .. } => "RUN",
        }
    }

    /// The NKS envelope's `details`, naming it: `{"widgetId"}`, `{"uuid"}` or `{"uuid",
    /// "instanceNo"}`.
    fn details(&self) -> Map<String, Value> {
        let mut details = Map::new();
        match self {
            Self::Widget(widget_id) => {
                details.insert("widgetId".into(), widget_id.clone().into());
            }
            Self::Cluster(uuid) => {
                details.insert("uuid".into(), uuid.clone().into());
            }
            Self::NodePool { uuid, instance_no } => {
                details.insert("uuid".into(), uuid.clone().into());
                details.insert("instanceNo".into(), (*instance_no).into());
            }
        }
        details
    }
}

/// Why the service refuses a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// 404: no such widget, cluster or node pool (never was, or deleted and gone).
    NotFound(Subject),
    /// 409: it is busy (`CREATING`, `DELETING`, scaling) and cannot be changed now.
    Conflict { subject: Subject, status: &'static str },
    /// 400: the body, the query or a path parameter breaks these rules.
    Invalid(Vec<Violation>),
    /// 400: the store already holds `max` of `what` (`widgets`, `clusters`, …).
    LimitExceeded { max: usize, what: &'static str },
    /// 400: the request is well formed but the service cannot do this for it (`detail` says
    /// why).
    Unavailable { subject: Subject, detail: String },
}

impl Failure {
    pub(crate) fn status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::Conflict { .. } => 409,
            Self::Invalid(_) | Self::LimitExceeded { .. } | Self::Unavailable { .. } => 400,
        }
    }

    /// The HTTP reason phrase, the envelope's `message`.
    pub(crate) fn message(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Not Found",
            Self::Conflict { .. } => "Conflict",
            Self::Invalid(_) | Self::LimitExceeded { .. } | Self::Unavailable { .. } => "Bad Request",
        }
    }

    /// The standardized envelope's `errorCode` (`NotFound` is documented, the others are the
    /// fake's choice).
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "NotFound",
            Self::Conflict { .. } => "Conflict",
            Self::Invalid(_) | Self::LimitExceeded { .. } | Self::Unavailable { .. } => "BadRequest",
        }
    }

    /// One sentence saying what went wrong.
    pub(crate) fn detail(&self) -> String {
        match self {
            Self::NotFound(subject) => format!("{} does not exist.", subject.describe()),
            Self::Conflict { subject, status } => format!(
                "{} is {status}: it cannot be changed until it is {}.",
                subject.describe(),
                subject.settled()
            ),
            Self::Invalid(violations) => {
                // Bounded: it is also the recorded verdict's message.
                let fields: Vec<String> = violations
                    .iter()
                    .take(MAX_DETAIL_FIELDS)
                    .map(|v| field_name(&v.path))
                    .collect();
                let more = violations.len().saturating_sub(MAX_DETAIL_FIELDS);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!("Invalid request: {}{more}.", fields.join(", "))
            }
            Self::LimitExceeded { max, what } => format!("The fake gateway already holds {max} {what}, its limit."),
            Self::Unavailable { detail, .. } => detail.clone(),
        }
    }

    /// The body answered, in `style`; `now_ms` is the NKS envelope's `timestamp`.
    pub(crate) fn render(&self, style: RestErrorStyle, now_ms: i128) -> String {
        let status = self.status();
        match style {
            RestErrorStyle::Nks => {
                let details = match self {
                    Self::NotFound(subject) | Self::Unavailable { subject, .. } => {
                        let mut details = subject.details();
                        details.insert("message".into(), self.detail().into());
                        details.into()
                    }
                    Self::Conflict { subject, status } => {
                        let mut details = subject.details();
                        details.insert("status".into(), (*status).into());
                        details.insert("message".into(), self.detail().into());
                        details.into()
                    }
                    Self::Invalid(violations) => json!({"error": tree(violations)}),
                    Self::LimitExceeded { .. } => json!({"message": self.detail()}),
                };
                json!({
                    "error": {"errorCode": status, "statusCode": status, "message": self.message(), "details": details},
                    "timestamp": utc_millis(now_ms),
                })
                .to_string()
            }
            RestErrorStyle::Standard => {
                let mut error = Map::new();
                error.insert("errorCode".into(), self.code().into());
                error.insert("message".into(), self.message().into());
                error.insert("detail".into(), self.detail().into());
                if let Self::Invalid(violations) = self {
                    let fields: Vec<Value> = violations
                        .iter()
                        .map(|v| json!({"field": field_name(&v.path), "message": v.message}))
                        .collect();
                    error.insert("fieldErrors".into(), fields.into());
                }
                json!({ "error": error }).to_string()
            }
        }
    }
}

/// class-validator's nested shape: one node per property (a list index is a property named by
/// its number), its own `constraints` (omitted when none) and its `children`, in the order the
/// violations were found.
fn tree(violations: &[Violation]) -> Vec<Value> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: Vec<Vec<&Violation>> = Vec::new();
    for violation in violations {
        let Some(first) = violation.path.first() else {
            continue;
        };
        let name = match first {
            Step::Field(name) => name.clone(),
            Step::Index(i) => i.to_string(),
        };
        match order.iter().position(|n| *n == name) {
            Some(i) => {
                if let Some(group) = groups.get_mut(i) {
                    group.push(violation);
                }
            }
            None => {
                order.push(name);
                groups.push(vec![violation]);
            }
        }
    }
    order
        .into_iter()
        .zip(groups)
        .map(|(property, group)| {
            let mut constraints = Map::new();
            let mut below = Vec::new();
            for violation in group {
                if violation.path.len() == 1 {
                    constraints.insert(violation.constraint.into(), violation.message.clone().into());
                } else {
                    below.push(Violation {
                        path: violation.path.get(1..).unwrap_or_default().to_vec(),
                        ..violation.clone()
                    });
                }
            }
            let mut node = Map::new();
            node.insert("property".into(), property.into());
            node.insert("children".into(), tree(&below).into());
            if !constraints.is_empty() {
                node.insert("constraints".into(), constraints.into());
            }
            Value::Object(node)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(path: Vec<Step>, constraint: &'static str, message: &str) -> Violation {
        Violation {
            path,
            constraint,
            message: message.into(),
        }
    }

    fn field(name: &str) -> Step {
        Step::Field(name.into())
    }

    #[test]
    fn nks_validation_error_nests_children_like_class_validator() {
        let failure = Failure::Invalid(vec![
            violation(vec![field("name")], "isDefined", "name should not be null or undefined"),
            violation(vec![field("tags"), Step::Index(1), field("key")], "isString", "k"),
            violation(vec![field("name")], "isString", "name must be a string"),
        ]);
        let body: Value = serde_json::from_str(&failure.render(RestErrorStyle::Nks, 1_728_377_808_855)).unwrap();
        assert_eq!(
            body,
            json!({
                "error": {"errorCode": 400, "statusCode": 400, "message": "Bad Request", "details": {"error": [
                    {"property": "name", "children": [], "constraints": {
                        "isDefined": "name should not be null or undefined", "isString": "name must be a string"}},
                    {"property": "tags", "children": [
                        {"property": "1", "children": [
                            {"property": "key", "children": [], "constraints": {"isString": "k"}}]}]},
                ]}},
                "timestamp": "2024-10-08T08:56:48.855Z",
            })
        );
    }

    #[test]
    fn standard_envelope_flattens_fields() {
        let failure = Failure::Invalid(vec![violation(
            vec![field("tags"), Step::Index(0), field("key")],
            "isString",
            "tags[0].key must be a string",
        )]);
        let body: Value = serde_json::from_str(&failure.render(RestErrorStyle::Standard, 0)).unwrap();
        assert_eq!(
            body,
            json!({"error": {"errorCode": "BadRequest", "message": "Bad Request",
                "detail": "Invalid request: tags[0].key.",
                "fieldErrors": [{"field": "tags[0].key", "message": "tags[0].key must be a string"}]}})
        );
        let many = Failure::Invalid(
            (0..12)
                .map(|i| violation(vec![field("tags"), Step::Index(i)], "isObject", "m"))
                .collect(),
        );
        assert!(many.detail().ends_with("tags[9] and 2 more."), "{}", many.detail());
        let gone = Failure::NotFound(Subject::Widget("w/1".into()));
        let body: Value = serde_json::from_str(&gone.render(RestErrorStyle::Standard, 0)).unwrap();
        assert_eq!(body["error"]["errorCode"], "NotFound");
        assert!(body["error"].get("fieldErrors").is_none() && body.get("timestamp").is_none());
    }
}
