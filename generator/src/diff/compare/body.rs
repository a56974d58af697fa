//! JSON request bodies: the body of an action as a whole (required or not; its properties are
//! the action's parameters in the body, compared in [`super::params`]), and request models (the
//! objects inside a body), whose builders are public API like a request's: their fields are
//! compared as parameters are.

use super::Cx;
use super::params::Owner;
use crate::diff::{Class, Kind};
use crate::ir::{Operation, RequestModel};
use crate::rust_view::RequestModelView;

impl Cx<'_> {
    /// The body of an action on both sides: made required or optional, its description. Its
    /// properties are reported as parameters.
    pub(super) fn body(&mut self, old: &Operation, new: &Operation, request: &str) {
        let (Some(before), Some(after)) = (&old.body, &new.body) else {
            return;
        };
        let wire = format!("{} body", new.wire_name);
        if before.required != after.required {
            let (what, effect) = if after.required {
                (
                    "request body made required",
                    "a request with no body property set now sends `{}` where it sent no body; its required properties become arguments of `builder(…)` (reported with each)",
                )
            } else {
                (
                    "request body made optional",
                    "a request with no body property set now sends no body where it sent `{}`; its required properties become setters, checked only when a property is set (reported with each)",
                )
            };
            self.push(
                Class::NeedsReview,
                Kind::BodyChanged,
                request.to_owned(),
                wire.clone(),
                what.into(),
                effect.into(),
            );
        }
        if before.description != after.description {
            self.push(
                Class::Compatible,
                Kind::ActionDocs,
                request.to_owned(),
                wire,
                "description of the request body changed".into(),
                "documentation only".into(),
            );
        }
    }

    /// A request model on both sides: its fields (as a request's parameters) and description.
    pub(super) fn request_model(&mut self, old: &RequestModel, new: &RequestModel) {
        let (old_view, new_view) = (RequestModelView::new(old), RequestModelView::new(new));
        let (old_wire, new_wire) = (self.old.object_wire(&old.name), self.new.object_wire(&new.name));
        self.param_list(&Owner::model(&old_view, &old_wire), &Owner::model(&new_view, &new_wire));
        self.type_docs(&new.name, &old.description, &new.description);
    }
}
