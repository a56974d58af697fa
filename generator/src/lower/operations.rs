//! Operations: the path, the `operationId`, the parameters by role, the response.

use std::collections::HashMap;

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};
use serde_json::Value as Json;

use super::{Lowerer, PARAMETERS, Result};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;

/// What a parameter is for, besides being a parameter (`x-ncp-role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// It selects the response format: the client sets it.
    ResponseFormat,
    /// It is the region: the client fills in its default region when the caller gives none.
    Region,
}

impl Role {
    /// The role `x-ncp-role` gives, or the value found when it is not one.
    fn of(value: Option<&Json>) -> std::result::Result<Option<Role>, &Json> {
        match value {
            None => Ok(None),
            Some(Json::String(r)) if r == "response-format" => Ok(Some(Role::ResponseFormat)),
            Some(Json::String(r)) if r == "region" => Ok(Some(Role::Region)),
            Some(other) => Err(other),
        }
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn operation(
        &mut self,
        path: &str,
        path_params: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        loc: &Loc,
    ) -> Result<Operation> {
        let wire_name = op
            .operation_id
            .clone()
            .ok_or_else(|| Diagnostic::new(loc, "missing `operationId`: it names the action and its Rust types"))?;
        let mut params: Vec<Param> = Vec::new();
        let mut param_locs: Vec<Loc> = Vec::new();
        let mut response_format_param = None;
        let mut seen: HashMap<String, String> = HashMap::new();
        let path_loc = self.root().key("paths").key(path).key("parameters");
        let all = path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_loc.index(i)))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, loc.key("parameters").index(i))),
            );
        for (param, param_loc) in all {
            let result = self.resolve_param(param, &param_loc);
            let Some((data, param_loc)) = self.diags.take(result) else {
                continue;
            };
            let role = match Role::of(data.extensions.get("x-ncp-role")) {
                Ok(role) => role,
                Err(found) => {
                    self.diags.push(
                        &param_loc.key("x-ncp-role"),
                        format!("`x-ncp-role` must be `response-format` or `region`, found {found}"),
                    );
                    continue;
                }
            };
            if role == Some(Role::ResponseFormat) {
                if let Some(d) = self.check_format_param(data, &param_loc) {
                    self.diags.push(&d.loc, d.message);
                } else {
                    response_format_param = Some(data.name.clone());
                }
                continue;
            }
            let result = self.param(data, role == Some(Role::Region), &param_loc);
            let Some(param) = self.diags.take(result) else {
                continue;
            };
            if let Some(other) = seen.insert(param.rust_name.clone(), param.wire_name.clone()) {
                let why = if other == param.wire_name {
                    "is listed twice".to_owned()
                } else {
                    format!("and `{other}` both become the Rust name `{}`", param.rust_name)
                };
                self.diags
                    .push(&param_loc.key("name"), format!("parameter `{}` {why}", param.wire_name));
                continue;
            }
            params.push(param);
            param_locs.push(param_loc);
        }
        let (response, xml_root, json_envelope) = self.response(op, loc)?;
        let operation = Operation {
            wire_name,
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            response_format_param,
            response,
            xml_root,
            json_envelope,
            pagination: None,
            waiters: Vec::new(),
        };
        super::names::check_params(&operation, &param_locs, &mut self.diags);
        Ok(operation)
    }

    pub(super) fn resolve_param(
        &self,
        param: &'a ReferenceOr<Parameter>,
        loc: &Loc,
    ) -> Result<(&'a openapiv3::ParameterData, Loc)> {
        let (param, loc) = match param {
            ReferenceOr::Item(p) => (p, loc.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(PARAMETERS).unwrap_or(reference);
                let target = loc.of_ref(reference);
                match self.api.components.as_ref().and_then(|c| c.parameters.get(name)) {
                    Some(ReferenceOr::Item(p)) => (p, target),
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(Diagnostic::new(&target, "a `$ref` to a `$ref` is not supported"));
                    }
                    None => {
                        return Err(Diagnostic::new(
                            &loc.key("$ref"),
                            format!("`$ref: {reference}` does not resolve"),
                        ));
                    }
                }
            }
        };
        match param {
            Parameter::Query { parameter_data, .. } => Ok((parameter_data, loc)),
            Parameter::Header { parameter_data, .. } => Err(unsupported_in(&loc, parameter_data, "header")),
            Parameter::Path { parameter_data, .. } => Err(unsupported_in(&loc, parameter_data, "path")),
            Parameter::Cookie { parameter_data, .. } => Err(unsupported_in(&loc, parameter_data, "cookie")),
        }
    }

    /// The response-format parameter is set by the client: it must offer `xml` and `json`.
    pub(super) fn check_format_param(&self, data: &openapiv3::ParameterData, loc: &Loc) -> Option<Diagnostic> {
        if data.required {
            return Some(Diagnostic::new(
                &loc.key("required"),
                "the response-format parameter must be optional",
            ));
        }
        let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format else {
            return Some(Diagnostic::new(
                &loc.key("schema"),
                "the response-format parameter needs an inline schema `type: string, enum: [xml, json]`",
            ));
        };
        let values = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        if !(values.iter().any(|v| v == "xml") && values.iter().any(|v| v == "json")) {
            return Some(Diagnostic::new(
                &loc.key("schema"),
                "the response-format parameter must be `type: string` with `enum: [xml, json]`",
            ));
        }
        None
    }
}

pub(super) fn unsupported_in(loc: &Loc, data: &openapiv3::ParameterData, place: &str) -> Diagnostic {
    Diagnostic::new(
        &loc.key("in"),
        format!(
            "parameter `{}` is `in: {place}`: only query parameters are supported (NCP actions take every parameter in the query)",
            data.name
        ),
    )
}
