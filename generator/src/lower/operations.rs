//! Operations: the name (`operationId`, or one derived from the method and path), the path
//! template, the parameters by place and role, the body, the response and the security.
//!
//! An operation is RPC when its success response offers `application/xml` (NCP's older APIs:
//! `GET /{action}?query`, XML or JSON in an envelope) and REST otherwise (any method, path and
//! header parameters, a JSON body, JSON responses). RPC operations keep every rule they always
//! had: `get` only, query parameters only, no body.

use std::collections::HashMap;

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, SchemaKind, Type};
use serde_json::Value as Json;

use super::{Lowerer, PARAMETERS, Result};
use crate::error::{Diagnostic, Loc};
use crate::ir::*;
use crate::naming::operation_name;

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

/// Headers the client writes itself: a parameter may not set them.
const RESERVED_HEADERS: &[&str] = &[
    "x-ncp-apigw-timestamp",
    "x-ncp-iam-access-key",
    "x-ncp-apigw-signature-v1",
    "x-ncp-apigw-signature-v2",
    "x-ncp-apigw-api-key",
    "content-type",
    "content-length",
    "accept",
    "host",
    "authorization",
];

impl<'a> Lowerer<'a> {
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: Method,
        path_params: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        loc: &Loc,
    ) -> Result<Operation> {
        let (wire_name, derived_name) = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => (id.clone(), false),
            Some(_) => return Err(Diagnostic::new(&loc.key("operationId"), "`operationId` is empty")),
            None => (operation_name(method.key(), path), true),
        };
        let rest = !self.offers_xml(op);
        if !rest {
            self.check_rpc(path, method, op, loc)?;
        }
        let template = template_params(path).map_err(|problem| {
            Diagnostic::new(
                &self.root().key("paths").key(path),
                format!("the path `{path}` {problem}"),
            )
        })?;
        let mut params: Vec<Param> = Vec::new();
        let mut param_locs: Vec<Loc> = Vec::new();
        let mut response_format_param = None;
        let mut seen: HashMap<String, String> = HashMap::new();
        // Operation parameters override path-item ones of the same name and place.
        let own: Vec<(&str, &str)> = op
            .parameters
            .iter()
            .filter_map(|p| self.resolve_param(p, loc).ok())
            .map(|(data, _, place, _)| (data.name.as_str(), place.as_str()))
            .collect();
        let path_loc = self.root().key("paths").key(path).key("parameters");
        let all = path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_loc.index(i), true))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, loc.key("parameters").index(i), false)),
            );
        for (param, param_loc, from_path_item) in all {
            let result = self.resolve_param(param, &param_loc);
            let Some((data, param_loc, location, style)) = self.diags.take(result) else {
                continue;
            };
            if from_path_item && own.contains(&(data.name.as_str(), location.as_str())) {
                continue;
            }
            if let Err(d) = self.check_place(data, location, rest, &template, &param_loc) {
                self.diags.push(&d.loc, d.message);
                continue;
            }
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
            if role.is_some() && location != Location::Query {
                self.diags
                    .push(&param_loc.key("x-ncp-role"), "`x-ncp-role` is for query parameters");
                continue;
            }
            if role == Some(Role::ResponseFormat) {
                if let Some(d) = self.check_format_param(data, &param_loc) {
                    self.diags.push(&d.loc, d.message);
                } else {
                    response_format_param = Some(data.name.clone());
                }
                continue;
            }
            let result = self
                .param(data, role == Some(Role::Region), location, &param_loc)
                .and_then(|param| check_encoding(&param, style, data.explode, rest, &param_loc).map(|()| param));
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
        for name in &template {
            if !params
                .iter()
                .any(|p| p.location == Location::Path && p.wire_name == *name)
            {
                return Err(Diagnostic::new(
                    &loc.key("parameters"),
                    format!("the path `{path}` has `{{{name}}}` but the operation has no path parameter `{name}`"),
                ));
            }
        }
        // Path parameters come first, in path order; the others keep the spec's order.
        let mut order: Vec<usize> = (0..params.len()).collect();
        order.sort_by_key(|&i| match params[i].location {
            Location::Path => template.iter().position(|t| *t == params[i].wire_name).unwrap_or(0),
            _ => template.len(),
        });
        let (mut params, mut param_locs): (Vec<Param>, Vec<Loc>) = order
            .into_iter()
            .map(|i| (params[i].clone(), param_locs[i].clone()))
            .unzip();
        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let body_loc = loc.key("requestBody");
                let request_type = crate::rust_view::names::request_type(&wire_name);
                let body_name = op
                    .extensions
                    .get("x-codegen-request-body-name")
                    .and_then(Json::as_str)
                    .filter(|name| !name.is_empty())
                    .unwrap_or("body");
                let (body, fields, field_locs) = self.body(body, &request_type, body_name, &body_loc)?;
                for (field, field_loc) in fields.iter().zip(&field_locs) {
                    if let Some(p) = params.iter().find(|p| p.rust_name == field.rust_name) {
                        return Err(Diagnostic::new(
                            field_loc,
                            format!(
                                "the body property `{}` and the {} parameter `{}` would both be the request's `{}`: rename one",
                                field.wire_name,
                                p.location.as_str(),
                                p.wire_name,
                                field.rust_name
                            ),
                        ));
                    }
                }
                params.extend(fields);
                param_locs.extend(field_locs);
                Some(body)
            }
        };
        let response = if rest {
            self.rest_response(op, &wire_name, loc)?
        } else {
            let (model, xml_root, json_envelope) = self.response(op, loc)?;
            Response::Rpc {
                model,
                xml_root,
                json_envelope,
            }
        };
        let api_key = self.api_key(op, loc)?;
        let operation = Operation {
            wire_name,
            derived_name,
            method,
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            response_format_param,
            response,
            api_key,
            pagination: None,
            waiters: Vec::new(),
        };
        super::names::check_params(&operation, &param_locs, &mut self.diags);
        Ok(operation)
    }

    /// Whether the success response offers `application/xml`: then the operation is RPC.
    fn offers_xml(&self, op: &openapiv3::Operation) -> bool {
        op.responses.responses.iter().any(|(status, response)| {
            status.to_string().starts_with('2')
                && matches!(response, ReferenceOr::Item(r) if r.content.keys().any(|m| media_type(m) == "application/xml"))
        })
    }

    /// The rules RPC operations keep: `get`, a plain path, no body.
    fn check_rpc(&self, path: &str, method: Method, op: &openapiv3::Operation, loc: &Loc) -> Result<()> {
        if method != Method::Get {
            return Err(Diagnostic::new(
                loc,
                format!(
                    "`{}` operations are not supported for RPC actions (their response offers XML): describe each action once, as `get` (the client sends GET with query parameters)",
                    method.key()
                ),
            ));
        }
        if path.contains('{') {
            return Err(Diagnostic::new(
                &self.root().key("paths").key(path),
                "path parameters are not supported for RPC actions (their response offers XML): NCP actions take query parameters only",
            ));
        }
        if op.request_body.is_some() {
            return Err(Diagnostic::new(
                &loc.key("requestBody"),
                "request bodies are not supported for RPC actions (their response offers XML): NCP actions take every parameter in the query",
            ));
        }
        Ok(())
    }

    /// Where a parameter may be, for this operation: RPC actions take the query only; a path
    /// parameter must be required and in the template; a header parameter may not be one the
    /// client writes itself.
    fn check_place(
        &self,
        data: &openapiv3::ParameterData,
        location: Location,
        rest: bool,
        template: &[String],
        loc: &Loc,
    ) -> Result<()> {
        if !rest && location != Location::Query {
            return Err(Diagnostic::new(
                &loc.key("in"),
                format!(
                    "parameter `{}` is `in: {}`: RPC actions (whose response offers XML) take every parameter in the query",
                    data.name,
                    location.as_str()
                ),
            ));
        }
        match location {
            Location::Path => {
                if !data.required {
                    return Err(Diagnostic::new(
                        &loc.key("required"),
                        format!("the path parameter `{}` must be `required: true`", data.name),
                    ));
                }
                if !template.contains(&data.name) {
                    return Err(Diagnostic::new(
                        &loc.key("name"),
                        format!("the path parameter `{}` is not in the path template", data.name),
                    ));
                }
            }
            Location::Header => {
                let name = data.name.to_ascii_lowercase();
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
                    return Err(Diagnostic::new(
                        &loc.key("name"),
                        format!(
                            "`{}` is not a header name the client can send (letters, digits, `-` and `_`)",
                            data.name.escape_debug()
                        ),
                    ));
                }
                if RESERVED_HEADERS.contains(&name.as_str()) {
                    return Err(Diagnostic::new(
                        &loc.key("name"),
                        format!(
                            "the header `{}` is written by the client itself (signing, API key, body): it cannot be a parameter",
                            data.name
                        ),
                    ));
                }
            }
            Location::Query | Location::Body => {}
        }
        Ok(())
    }

    pub(super) fn resolve_param(
        &self,
        param: &'a ReferenceOr<Parameter>,
        loc: &Loc,
    ) -> Result<(&'a openapiv3::ParameterData, Loc, Location, Option<&'static str>)> {
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
            Parameter::Query {
                parameter_data, style, ..
            } => {
                let style = match style {
                    QueryStyle::Form => None,
                    QueryStyle::SpaceDelimited => Some("spaceDelimited"),
                    QueryStyle::PipeDelimited => Some("pipeDelimited"),
                    QueryStyle::DeepObject => Some("deepObject"),
                };
                Ok((parameter_data, loc, Location::Query, style))
            }
            Parameter::Header { parameter_data, .. } => Ok((parameter_data, loc, Location::Header, None)),
            Parameter::Path { parameter_data, style } => {
                let style = match style {
                    PathStyle::Simple => None,
                    PathStyle::Label => Some("label"),
                    PathStyle::Matrix => Some("matrix"),
                };
                Ok((parameter_data, loc, Location::Path, style))
            }
            Parameter::Cookie { parameter_data, .. } => Err(Diagnostic::new(
                &loc.key("in"),
                format!(
                    "parameter `{}` is `in: cookie`: cookies are not supported (NCP takes parameters in the path, the query, headers and the body)",
                    parameter_data.name
                ),
            )),
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

    /// Whether a call needs the API key: the operation's `security` (or the document's) has no
    /// alternative without an API-key scheme. Every call is signed whatever `security` says.
    fn api_key(&self, op: &'a openapiv3::Operation, loc: &Loc) -> Result<bool> {
        let (requirements, at) = match &op.security {
            Some(r) => (r, loc.key("security")),
            None => match &self.api.security {
                Some(r) => (r, self.root().key("security")),
                None => return Ok(false),
            },
        };
        let mut needs_key = !requirements.is_empty();
        for (i, alternative) in requirements.iter().enumerate() {
            let mut has_key = false;
            for name in alternative.keys() {
                match self.security_scheme(name) {
                    Some(Scheme::ApiKey) => has_key = true,
                    Some(Scheme::Iam) => {}
                    None => {
                        return Err(Diagnostic::new(
                            &at.index(i).key(name),
                            format!(
                                "the security scheme `{name}` is neither NCP's signature (`x-ncp-iam`) nor its API key (an `apiKey` in the header `x-ncp-apigw-api-key`)"
                            ),
                        ));
                    }
                }
            }
            needs_key &= has_key;
        }
        Ok(needs_key)
    }

    /// What the security scheme `name` of `components.securitySchemes` is, if the client knows it.
    fn security_scheme(&self, name: &str) -> Option<Scheme> {
        let scheme = self.api.components.as_ref()?.security_schemes.get(name)?;
        match scheme {
            ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name: header,
                ..
            }) => {
                let header = header.to_ascii_lowercase();
                if header == "x-ncp-apigw-api-key" {
                    Some(Scheme::ApiKey)
                } else if header.starts_with("x-ncp-iam") || name.eq_ignore_ascii_case("x-ncp-iam") {
                    Some(Scheme::Iam)
                } else {
                    None
                }
            }
            _ if name.eq_ignore_ascii_case("x-ncp-iam") => Some(Scheme::Iam),
            _ => None,
        }
    }
}

/// A security scheme the client honours.
enum Scheme {
    /// NCP's signature, which the client always sends.
    Iam,
    /// The API key, sent as `x-ncp-apigw-api-key`.
    ApiKey,
}

/// A media type without its parameters, in lower case (`application/json;charset=UTF-8` →
/// `application/json`).
pub(super) fn media_type(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The parameter names of a path template, in order; an error for a template the client could
/// not fill in exactly (a parameter that is not a whole segment, an empty or repeated name,
/// braces that do not pair).
pub(super) fn template_params(path: &str) -> std::result::Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err("must start with `/`".to_owned());
    }
    let mut names: Vec<String> = Vec::new();
    for segment in path.split('/').skip(1) {
        if segment.contains(['?', '#']) {
            return Err("must not contain a query or fragment".to_owned());
        }
        if !segment.contains(['{', '}']) {
            continue;
        }
        let name = segment
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .filter(|n| !n.is_empty() && !n.contains(['{', '}']))
            .ok_or_else(|| {
                format!("has the segment `{segment}`: a path parameter must be a whole segment, `{{name}}`")
            })?;
        if names.iter().any(|n| n == name) {
            return Err(format!("names the parameter `{name}` twice"));
        }
        names.push(name.to_owned());
    }
    Ok(names)
}

/// How a parameter's value is written on the wire (`style`, `explode`) must be how the client
/// writes it. A REST operation's values are written as OpenAPI writes them by default: query
/// values in `form` style, a list as the name repeated (`name=a&name=b`, `explode: true`); path
/// and header values in `simple` style. An RPC action's lists are `name.1=a&name.2=b`, which no
/// `style` describes, so RPC parameters take neither key. `style` names only what differs from
/// the default (`None`: `form` or `simple`, written or not).
fn check_encoding(
    param: &Param,
    style: Option<&'static str>,
    explode: Option<bool>,
    rest: bool,
    loc: &Loc,
) -> Result<()> {
    let rpc = "NCP's RPC actions send a list as `name.1`, `name.2`, …, which no `style` describes: remove it";
    if !rest {
        if style.is_some() {
            return Err(Diagnostic::new(
                &loc.key("style"),
                format!("`style` is not supported here: {rpc}"),
            ));
        }
        if explode.is_some() {
            return Err(Diagnostic::new(
                &loc.key("explode"),
                format!("`explode` is not supported here: {rpc}"),
            ));
        }
        return Ok(());
    }
    if let Some(style) = style {
        let sent = match param.location {
            Location::Path => "a path value is sent as it is, in `simple` style (the default)",
            _ => "query values are sent in `form` style (the default), a list as `name=a&name=b`",
        };
        return Err(Diagnostic::new(
            &loc.key("style"),
            format!("`style: {style}` is not supported: {sent}"),
        ));
    }
    let list = matches!(param.ty, ParamType::List { .. });
    if param.location == Location::Query && list && explode == Some(false) {
        return Err(Diagnostic::new(
            &loc.key("explode"),
            "`explode: false` (a list as `name=a,b`) is not supported: the client sends a list as `name=a&name=b` (`explode: true`, the default)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_give_their_parameters_in_order_and_refuse_partial_segments() {
        assert_eq!(
            template_params("/clusters/{uuid}/node-pool/{instanceNo}").unwrap(),
            ["uuid", "instanceNo"]
        );
        assert!(template_params("/clusters").unwrap().is_empty());
        assert!(template_params("/").unwrap().is_empty());
        for bad in ["/a{b}", "/{}", "/{a}/{a}", "/{a", "x/{a}", "/a?b=1"] {
            assert!(template_params(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn media_types_lose_their_parameters() {
        assert_eq!(media_type("application/json;charset=UTF-8"), "application/json");
        assert_eq!(media_type("Application/JSON"), "application/json");
    }
}
