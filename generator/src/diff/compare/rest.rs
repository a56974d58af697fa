//! What REST operations add to an action: a name derived from the method and path (the
//! generated names follow it), the method, the kind of answer (a JSON model or other value, no
//! content, bytes) and its success status, and whether the API key is needed.

use super::{Cx, api};
use crate::diff::{Class, Kind};
use crate::ir::{FieldType, Operation, Response};
use crate::rust_view::{self, OperationView, names};

impl Cx<'_> {
    /// The REST facts of an action on both sides; `request` is its request type's path.
    pub(super) fn rest_operation(&mut self, old: &Operation, new: &Operation, request: &str) {
        self.renamed(old, new);
        let m = self.module();
        let wire = new.wire_name.clone();
        if old.method != new.method {
            self.push(
                Class::NeedsReview,
                Kind::ActionMethodChanged,
                request.to_owned(),
                wire.clone(),
                format!("`{} {}` → `{} {}`", old.method, old.path, new.method, new.path),
                "requests are sent with the new method; the Rust API is unchanged: check that the server answers it (a method that is not idempotent may have other effects)"
                    .into(),
            );
        }
        if old.is_rest() != new.is_rest() {
            let style = |op: &Operation| {
                if op.is_rest() {
                    "REST (JSON only)"
                } else {
                    "RPC (XML or JSON in an envelope)"
                }
            };
            self.push(
                Class::NeedsReview,
                Kind::ActionStyleChanged,
                request.to_owned(),
                wire.clone(),
                format!("the action is {} instead of {}", style(new), style(old)),
                "requests and answers, errors included, are read as the new style; check the action against the server"
                    .into(),
            );
        }
        let method = rust_view::path(&[m, names::API_TYPE, &api(new).method]);
        let method_short = rust_view::path(&[names::API_TYPE, &api(new).method]);
        let both_rpc = !old.is_rest() && !new.is_rest();
        if !both_rpc && !self.response_eq(&old.response, &new.response) {
            let (before, after) = (self.old.response(old), self.new.response(new));
            let roots_before: Vec<&str> = self.old.field_root(&old.response).into_iter().collect();
            let roots_after: Vec<&str> = self.new.field_root(&new.response).into_iter().collect();
            let brought = self.types_brought(&roots_after);
            let dropped = self.types_dropped(&roots_before);
            self.push(
                Class::Breaking,
                Kind::ActionResponseChanged,
                method.clone(),
                wire.clone(),
                format!(
                    "response `{before}` ({}) → `{after}` ({})",
                    answer(&old.response),
                    answer(&new.response)
                ),
                format!(
                    "`{method_short}` returns `{after}` instead of `{before}`: code that uses the result stops compiling{brought}{dropped}"
                ),
            );
        }
        if let (Some(a), Some(b)) = (old.response.status(), new.response.status())
            && a != b
        {
            self.push(
                Class::NeedsReview,
                Kind::ActionStatusChanged,
                method.clone(),
                wire.clone(),
                format!("success status {a} → {b}"),
                "the client takes any 2xx answer as a success and decodes it the same way; the Rust API is unchanged: check what the new status means for callers"
                    .into(),
            );
        }
        if old.api_key != new.api_key {
            let (class, what, effect) = if new.api_key {
                (
                    Class::NeedsReview,
                    "now needs the API key (`x-ncp-apigw-api-key` in `security`)",
                    "calls by a client without an API key (`ClientBuilder::api_key`, `NCLOUD_API_KEY`) now fail with a configuration error before anything is sent; the Rust API is unchanged",
                )
            } else {
                (
                    Class::Compatible,
                    "no longer needs the API key",
                    "the key is no longer sent with this action; calls work with or without one",
                )
            };
            self.push(
                class,
                Kind::ActionApiKeyChanged,
                method,
                wire,
                what.into(),
                effect.into(),
            );
        }
    }

    /// An action matched by its method and path whose name changed: an `operationId` given or
    /// dropped, or a name derived from a path whose parameters were renamed. The generated names
    /// follow the action's name.
    fn renamed(&mut self, old: &Operation, new: &Operation) {
        if old.wire_name == new.wire_name {
            return;
        }
        let (before, after) = (api(old), api(new));
        let what = match (old.derived_name, new.derived_name) {
            (true, false) => format!(
                "`operationId: {}` given to `{} {}` (its name was derived from the method and path: `{}`)",
                new.wire_name, new.method, new.path, old.wire_name
            ),
            (false, true) => format!(
                "`operationId: {}` removed from `{} {}`: its name is derived from the method and path, `{}`",
                old.wire_name, new.method, new.path, new.wire_name
            ),
            _ => format!(
                "name derived from the method and path `{}` → `{}` (path `{}` → `{}`)",
                old.wire_name, new.wire_name, old.path, new.path
            ),
        };
        let renames = renamed_items(&before, &after);
        let (class, effect) = if renames.is_empty() {
            (
                Class::Compatible,
                format!(
                    "the generated names are unchanged; errors and documentation name the action `{}`",
                    new.wire_name
                ),
            )
        } else {
            (
                Class::Breaking,
                format!("{}: code that names them stops compiling", renames.join(", ")),
            )
        };
        self.push(
            class,
            Kind::ActionRenamed,
            rust_view::path(&[self.module(), &before.request]),
            format!("{} {}", new.method, new.path),
            what,
            effect,
        );
    }

    /// Whether two answers are the same Rust value, types compared through renames.
    fn response_eq(&self, a: &Response, b: &Response) -> bool {
        match (a, b) {
            (Response::Rpc { model: x, .. }, Response::Rpc { model: y, .. }) => {
                self.same_type((*x).into(), (*y).into())
            }
            (Response::Json { ty: x, .. }, Response::Json { ty: y, .. }) => self.field_type_eq(x, y),
            (
                Response::Rpc { model: x, .. },
                Response::Json {
                    ty: FieldType::Model(y),
                    ..
                },
            )
            | (
                Response::Json {
                    ty: FieldType::Model(x),
                    ..
                },
                Response::Rpc { model: y, .. },
            ) => self.same_type((*x).into(), (*y).into()),
            (Response::Empty { .. }, Response::Empty { .. }) | (Response::Bytes { .. }, Response::Bytes { .. }) => true,
            _ => false,
        }
    }
}

/// The generated names that differ between two views of one action, as `` `A` → `B` ``.
fn renamed_items(before: &OperationView<'_>, after: &OperationView<'_>) -> Vec<String> {
    let api_item = |m: &str| rust_view::path(&[names::API_TYPE, m]);
    let mut pairs = vec![
        (rust_view::path(&[&before.request]), rust_view::path(&[&after.request])),
        (rust_view::path(&[&before.builder]), rust_view::path(&[&after.builder])),
        (api_item(&before.method), api_item(&after.method)),
    ];
    if let (Some(a), Some(b)) = (&before.paging, &after.paging) {
        pairs.push((api_item(&a.pages), api_item(&b.pages)));
        pairs.push((api_item(&a.items), api_item(&b.items)));
    }
    pairs
        .into_iter()
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("`{a}` → `{b}`"))
        .collect()
}

/// What an answer is, in words.
fn answer(response: &Response) -> &'static str {
    match response {
        Response::Rpc { .. } => "a model, from XML or JSON",
        Response::Json {
            ty: FieldType::Model(_),
            ..
        } => "a JSON model",
        Response::Json {
            ty: FieldType::List { .. },
            ..
        } => "a JSON list",
        Response::Json {
            ty: FieldType::Map(_), ..
        } => "a JSON object",
        Response::Json {
            ty: FieldType::Scalar(_),
            ..
        } => "a JSON value",
        Response::Json {
            ty: FieldType::Json, ..
        } => "any JSON, kept as it came",
        Response::Empty { .. } => "no content",
        Response::Bytes { .. } => "the bytes as sent",
    }
}
