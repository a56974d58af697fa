//! Actions: added, removed, reordered, and for an action on both sides its documentation,
//! deprecation, path, response model, response root and response-format parameter (its paging
//! and waiters are in [`super::polling`], its parameters in [`super::params`]).

use super::{Cx, api};
use crate::diff::{Class, Kind};
use crate::ir::{Operation, Response};
use crate::rust_view::{self, names};

impl<'a> Cx<'a> {
    /// Every action: added, removed, changed, and whether they were reordered. Actions are
    /// matched by `operationId`; one without (named from its method and path) by its method and
    /// path template, whatever its parameters are called ([`pairs`]).
    pub(super) fn operations(&mut self) {
        let (old, new) = (self.old.service, self.new.service);
        let pairs = pairs(&old.operations, &new.operations);
        for (i, op) in new.operations.iter().enumerate() {
            match pairs.iter().find(|(_, n)| *n == i) {
                Some((o, _)) => self.operation(&old.operations[*o], op),
                None => self.action_added(op),
            }
        }
        for (i, op) in old.operations.iter().enumerate() {
            if !pairs.iter().any(|(o, _)| *o == i) {
                self.action_removed(op);
            }
        }
        // `pairs` is in the new order; the old indices then rise unless actions moved.
        if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            self.push(
                Class::Compatible,
                Kind::ActionsReordered,
                rust_view::path(&[self.module(), names::API_TYPE]),
                "paths".into(),
                "actions reordered".into(),
                "only the order of items in the generated module changes".into(),
            );
        }
    }

    /// The items generated for `op`, whose response model is `response`.
    fn action_items(op: &Operation, response: &str) -> String {
        let view = api(op);
        format!(
            "`{}`, `{}`, `{}` and the response `{}`",
            rust_view::path(&[&view.request]),
            rust_view::path(&[&view.builder]),
            rust_view::path(&[names::API_TYPE, &view.method]),
            rust_view::path(&[response]),
        )
    }

    /// An action only the new side has, with the types it brings.
    fn action_added(&mut self, op: &Operation) {
        // The response model is named already.
        let response = self.new.response(op);
        let root = self.new.field_root(&op.response);
        self.mentioned.extend(root.map(str::to_owned));
        let mut roots: Vec<&str> = root.into_iter().collect();
        roots.extend(op.params.iter().filter_map(|p| self.new.param_ref(&p.ty)));
        let brought = self.types_brought(&roots);
        let effect = format!(
            "new {}; existing code is unaffected{brought}",
            Self::action_items(op, &response)
        );
        self.push(
            Class::Compatible,
            Kind::ActionAdded,
            rust_view::path(&[self.module(), &api(op).request]),
            op.wire_name.clone(),
            format!("new action `{}`", op.wire_name),
            effect,
        );
    }

    /// An action only the old side has, with the types that go with it.
    fn action_removed(&mut self, op: &Operation) {
        let response = self.old.response(op);
        let root = self.old.field_root(&op.response);
        self.mentioned.extend(root.map(str::to_owned));
        let mut roots: Vec<&str> = root.into_iter().collect();
        roots.extend(op.params.iter().filter_map(|p| self.old.param_ref(&p.ty)));
        let dropped = self.types_dropped(&roots);
        let effect = format!(
            "{} are removed: code that calls the action stops compiling{dropped}",
            Self::action_items(op, &response)
        );
        self.push(
            Class::Breaking,
            Kind::ActionRemoved,
            rust_view::path(&[self.module(), &api(op).request]),
            op.wire_name.clone(),
            format!("action `{}` removed", op.wire_name),
            effect,
        );
    }

    /// An action on both sides: its paging and waiters, docs, deprecation, path, response and
    /// parameters.
    fn operation(&mut self, old: &Operation, new: &Operation) {
        let m = self.module();
        let view = api(new);
        let request = rust_view::path(&[m, &view.request]);
        let method = rust_view::path(&[m, names::API_TYPE, &view.method]);
        let method_short = rust_view::path(&[names::API_TYPE, &view.method]);
        let wire = new.wire_name.clone();
        self.pagination(old, new);
        self.waiters(old, new);
        if old.summary != new.summary || old.description != new.description {
            self.push(
                Class::Compatible,
                Kind::ActionDocs,
                request.clone(),
                wire.clone(),
                "summary or description changed".into(),
                "documentation only".into(),
            );
        }
        if old.deprecated != new.deprecated {
            let (what, effect) = if new.deprecated {
                (
                    "marked deprecated",
                    format!(
                        "`{method_short}` is `#[deprecated]`: calls compile with a warning (an error under `-D warnings`)"
                    ),
                )
            } else {
                (
                    "no longer deprecated",
                    format!("`{method_short}` is no longer `#[deprecated]`"),
                )
            };
            self.push(
                Class::Compatible,
                Kind::ActionDeprecated,
                method.clone(),
                wire.clone(),
                what.into(),
                effect,
            );
        }
        self.rest_operation(old, new, &request);
        if old.path != new.path && old.method == new.method && route(&old.path) != route(&new.path) {
            self.push(
                Class::NeedsReview,
                Kind::ActionPathChanged,
                request.clone(),
                wire.clone(),
                format!("path `{}` → `{}`", old.path, new.path),
                "requests are sent to the new path; the Rust API is unchanged: check that the server answers there"
                    .into(),
            );
        }
        let (old_response, new_response) = (self.old.response(old), self.new.response(new));
        let (old_response, new_response) = (old_response.as_str(), new_response.as_str());
        let both_rpc = !old.is_rest() && !new.is_rest();
        if both_rpc && !self.same_name(old_response, new_response) {
            let brought = self.types_brought(&[new_response]);
            let dropped = self.types_dropped(&[old_response]);
            self.push(
                Class::Breaking,
                Kind::ActionResponseChanged,
                method.clone(),
                wire.clone(),
                format!("response model `{old_response}` → `{new_response}`"),
                format!(
                    "`{method_short}` returns `{new_response}` instead of `{old_response}`: code that names the old type stops compiling{brought}{dropped}"
                ),
            );
        }
        let roots = |op: &'_ Operation| match &op.response {
            Response::Rpc {
                xml_root,
                json_envelope,
                ..
            } => (xml_root.clone(), json_envelope.clone()),
            _ => (String::new(), String::new()),
        };
        let ((old_xml, old_json), (new_xml, new_json)) = (roots(old), roots(new));
        if both_rpc && (old_xml != new_xml || old_json != new_json) {
            self.push(
                Class::NeedsReview,
                Kind::ActionResponseWireChanged,
                rust_view::path(&[m, new_response]),
                wire.clone(),
                format!("response root `{old_xml}` (XML) / `{old_json}` (JSON) → `{new_xml}` / `{new_json}`"),
                "responses are decoded from the new root; bodies of the old shape no longer decode: check it against the server"
                    .into(),
            );
        }
        if old.response_format_param != new.response_format_param {
            let name = |p: &Option<String>| p.clone().map_or("none".to_owned(), |p| format!("`{p}`"));
            self.push(
                Class::NeedsReview,
                Kind::ParamRoleChanged,
                request.clone(),
                format!(
                    "{}?{}",
                    wire,
                    new.response_format_param
                        .as_deref()
                        .or(old.response_format_param.as_deref())
                        .unwrap_or_default()
                ),
                format!(
                    "response-format parameter {} → {}",
                    name(&old.response_format_param),
                    name(&new.response_format_param)
                ),
                "the client selects XML or JSON through the new parameter; the Rust API is unchanged".into(),
            );
        }
        self.params(old, new);
        self.body(old, new, &request);
    }
}

/// An action's path with its parameters' names left out (`/widgets/{}`): two paths that differ
/// only in those names are one route.
pub(super) fn route(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

/// The actions of the two sides that are the same action, as (old index, new index) in the new
/// order: those with one `operationId` first, then, among the rest, those with the same method
/// and route when either side has no `operationId` (its name was derived from the path, so an
/// `operationId` given or a path parameter renamed must not make it another action).
fn pairs(old: &[Operation], new: &[Operation]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (n, op) in new.iter().enumerate() {
        if op.derived_name {
            continue;
        }
        if let Some(o) = old.iter().position(|o| !o.derived_name && o.wire_name == op.wire_name) {
            pairs.push((o, n));
        }
    }
    for (n, op) in new.iter().enumerate() {
        if pairs.iter().any(|(_, p)| *p == n) {
            continue;
        }
        let same_route = |o: &(usize, &Operation)| {
            !pairs.iter().any(|(p, _)| *p == o.0)
                && (o.1.derived_name || op.derived_name)
                && o.1.method == op.method
                && route(&o.1.path) == route(&op.path)
        };
        if let Some((o, _)) = old.iter().enumerate().find(same_route) {
            pairs.push((o, n));
        }
    }
    pairs.sort_by_key(|(_, n)| *n);
    pairs
}

#[cfg(test)]
mod tests {
    use super::route;

    #[test]
    fn a_route_ignores_the_names_of_path_parameters_only() {
        assert_eq!(route("/a/{x}/b"), route("/a/{y}/b"));
        assert_eq!(route("/a/{x}/b"), "/a/{}/b");
        assert_ne!(route("/a/{x}/b"), route("/a/{x}/c"));
        assert_ne!(route("/a/{x}"), route("/a/x"));
    }
}
