//! Lower: OpenAPI (`openapiv3`, plus the raw document for the `xml` object) → the IR.
//!
//! Every rule the generated client must enforce is turned into data here, and every rule it
//! could not enforce is an error here, naming the file and the path inside it.

use std::collections::{BTreeMap, HashMap};

use openapiv3::{
    IntegerFormat, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use crate::error::{Diagnostic, Diagnostics, Error, Loc};
use crate::ir::*;
use crate::load::Spec;
use crate::naming::{module_name, snake_name, type_name};
use crate::rust_view;

const SCHEMAS: &str = "#/components/schemas/";
const PARAMETERS: &str = "#/components/parameters/";

mod extensions;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Lower one loaded spec into a service.
pub fn lower(spec: &Spec) -> std::result::Result<Service, Error> {
    let mut lowerer = Lowerer {
        spec,
        api: &spec.api,
        diags: Diagnostics::default(),
        types: Types::default(),
        names: BTreeMap::new(),
        shared_enums: HashMap::new(),
        shared_models: HashMap::new(),
        components: HashMap::new(),
        visiting: Vec::new(),
    };
    let service = lowerer.service();
    let Lowerer {
        mut diags,
        types,
        names,
        ..
    } = lowerer;
    let Some(mut service) = service else {
        diags.finish(())?;
        return Err(Error::Spec(Vec::new()));
    };
    let root = spec.loc();
    // Names a user writes must be unique within the module, whatever produced them.
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for (name, (_, loc)) in &names {
        owners.insert(name.clone(), loc.to_string());
    }
    if let Some(other) = owners.get("Api") {
        diags.push(
            &root,
            format!("`Api` is the name of the generated per-API handle, but {other} also becomes it: rename it"),
        );
    }
    for op in &service.operations {
        for generated in [&op.type_name, &op.builder_name] {
            if let Some(other) = owners.insert(generated.clone(), format!("operation `{}`", op.wire_name)) {
                diags.push(
                    &root.key("paths").key(&op.path),
                    format!(
                        "the type name `{generated}` generated for this operation is also used by {other}: rename one"
                    ),
                );
            }
        }
    }
    service.types = types;
    extensions::lower(spec, &mut service, &mut diags);
    diags.finish(service)
}

/// A schema as written: a `$ref` or inline.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }

    fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// What decides whether two enums can be one Rust type: open or closed, and the values in order.
/// Descriptions do not count.
type EnumShape = (bool, Vec<String>);

/// What decides whether two models can be one Rust type: each field's wire name and type (with
/// its XML item name), in order. Descriptions and deprecation, which only change documentation,
/// do not count.
type ModelShape = Vec<(String, FieldType)>;

fn enum_shape(e: &Enum) -> EnumShape {
    (e.open, e.values.iter().map(|v| v.wire.clone()).collect())
}

fn model_shape(m: &Model) -> ModelShape {
    m.fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect()
}

/// What a component schema became, so that each is lowered once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lowered {
    /// A request value: plain, a newtype or a closed enum.
    Request(Scalar),
    /// A response value: plain or an open enum.
    Response(FieldScalar),
    /// A response model.
    Model(ModelId),
}

struct Lowerer<'a> {
    spec: &'a Spec,
    api: &'a OpenAPI,
    diags: Diagnostics,
    /// The named types made so far.
    types: Types,
    /// Every Rust name a named type took: the type and where its schema is.
    names: BTreeMap<String, (TypeId, Loc)>,
    /// Inline response enums by the wire name they are found under and their shape, so that the
    /// same enum repeated inline under the same name, in any model, is one type.
    shared_enums: HashMap<(String, EnumShape), EnumId>,
    /// Inline response models likewise.
    shared_models: HashMap<(String, ModelShape), ModelId>,
    /// Component schemas already lowered, by component name and use (request/response).
    components: HashMap<(String, bool), Lowered>,
    /// Component models being lowered, to find cycles.
    visiting: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn root(&self) -> Loc {
        self.spec.loc()
    }

    fn service(&mut self) -> Option<Service> {
        let root = self.root();
        let module = module_name(&self.spec.stem);
        if module.is_empty() || module.starts_with('_') {
            self.diags.push(
                &root,
                format!(
                    "the file name `{}` does not give a module name: name it like `vserver.yaml`",
                    self.spec.file_name
                ),
            );
        }
        let (base_path, servers) = self.diags.take(self.servers())?;
        let mut operations = Vec::new();
        let mut seen_ids: HashMap<String, Loc> = HashMap::new();
        let mut seen_types: HashMap<String, String> = HashMap::new();
        for (path, item) in &self.api.paths.paths {
            let loc = root.key("paths").key(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.push(&loc, "path items given as `$ref` are not supported");
                    continue;
                }
            };
            if path.contains('{') {
                self.diags.push(
                    &loc,
                    "path parameters are not supported: NCP actions take query parameters only",
                );
                continue;
            }
            let others = [
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
                ("trace", &item.trace),
            ];
            for (method, op) in others {
                if op.is_some() {
                    self.diags.push(&loc.key(method), format!("`{method}` operations are not supported: describe each action once, as `get` (the client sends GET with query parameters)"));
                }
            }
            let Some(op) = &item.get else {
                self.diags.push(&loc, "a path needs a `get` operation");
                continue;
            };
            let op_loc = loc.key("get");
            let result = self.operation(path, &item.parameters, op, &op_loc);
            let Some(op) = self.diags.take(result) else {
                continue;
            };
            if let Some(first) = seen_ids.insert(op.wire_name.clone(), op_loc.clone()) {
                self.diags.push(
                    &op_loc.key("operationId"),
                    format!("duplicate operationId `{}`: already used at {first}", op.wire_name),
                );
                continue;
            }
            if let Some(first) = seen_types.insert(op.type_name.clone(), op.wire_name.clone()) {
                self.diags.push(
                    &op_loc.key("operationId"),
                    format!(
                        "operationId `{}` and `{first}` both become the Rust type `{}`: rename one",
                        op.wire_name, op.type_name
                    ),
                );
                continue;
            }
            operations.push(op);
        }
        if self.api.paths.paths.is_empty() {
            self.diags.push(&root.key("paths"), "the spec has no actions");
        }
        Some(Service {
            module,
            spec_file: self.spec.file_name.clone(),
            title: self.api.info.title.clone(),
            description: self.api.info.description.clone(),
            base_path,
            servers,
            operations,
            types: Types::default(),
        })
    }

    fn servers(&self) -> Result<(String, Vec<Server>)> {
        let loc = self.root().key("servers");
        if self.api.servers.is_empty() {
            return Err(Diagnostic::new(
                &loc,
                "list at least one server (one per NCP site, with `x-ncp-site`)",
            ));
        }
        let mut base_path: Option<String> = None;
        let mut servers: Vec<Server> = Vec::new();
        for (i, server) in self.api.servers.iter().enumerate() {
            let loc = loc.index(i);
            let site = match server.extensions.get("x-ncp-site") {
                Some(Json::String(s)) if s == "public" => Site::Public,
                Some(Json::String(s)) if s == "gov" => Site::Gov,
                Some(Json::String(s)) if s == "fin" => Site::Fin,
                Some(other) => {
                    return Err(Diagnostic::new(
                        &loc.key("x-ncp-site"),
                        format!("`x-ncp-site` must be `public`, `gov` or `fin`, found {other}"),
                    ));
                }
                None => {
                    return Err(Diagnostic::new(&loc, "missing `x-ncp-site: public|gov|fin`"));
                }
            };
            let url = server.url.as_str();
            let (host, path) = server_url_parts(url)
                .map_err(|reason| Diagnostic::new(&loc.key("url"), format!("`{}` {reason}", url.escape_debug())))?;
            match &base_path {
                None => base_path = Some(path),
                Some(first) if *first != path => {
                    return Err(Diagnostic::new(
                        &loc.key("url"),
                        format!("every server must have the same API path: `{path}` differs from `{first}`"),
                    ));
                }
                Some(_) => {}
            }
            if servers.iter().any(|s| s.site == site) {
                return Err(Diagnostic::new(
                    &loc.key("x-ncp-site"),
                    format!("two servers for the site {site:?}"),
                ));
            }
            servers.push(Server {
                site,
                origin: format!("https://{host}"),
                description: server.description.clone(),
            });
        }
        Ok((base_path.unwrap_or_default(), servers))
    }

    fn operation(
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
        let type_name = type_name(&wire_name, "Op");
        let mut params: Vec<Param> = Vec::new();
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
            let role = match data.extensions.get("x-ncp-role") {
                None => None,
                Some(Json::String(r)) if r == "response-format" || r == "region" => Some(r.as_str()),
                Some(other) => {
                    self.diags.push(
                        &param_loc.key("x-ncp-role"),
                        format!("`x-ncp-role` must be `response-format` or `region`, found {other}"),
                    );
                    continue;
                }
            };
            if role == Some("response-format") {
                if let Some(d) = self.check_format_param(data, &param_loc) {
                    self.diags.push(&d.loc, d.message);
                } else {
                    response_format_param = Some(data.name.clone());
                }
                continue;
            }
            let result = self.param(data, role == Some("region"), &param_loc);
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
            if matches!(param.rust_name.as_str(), "builder" | "build") {
                self.diags.push(
                    &param_loc.key("name"),
                    format!(
                        "parameter `{}` would clash with the generated method `{}`",
                        param.wire_name, param.rust_name
                    ),
                );
                continue;
            }
            params.push(param);
        }
        let (response, xml_root, json_envelope) = self.response(op, loc)?;
        Ok(Operation {
            fn_name: snake_name(&wire_name),
            builder_name: format!("{type_name}Builder"),
            type_name,
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
        })
    }

    fn resolve_param(
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
    fn check_format_param(&self, data: &openapiv3::ParameterData, loc: &Loc) -> Option<Diagnostic> {
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

    fn param(&mut self, data: &'a openapiv3::ParameterData, is_region: bool, loc: &Loc) -> Result<Param> {
        let wire_name = data.name.clone();
        if wire_name.is_empty() {
            return Err(Diagnostic::new(&loc.key("name"), "a parameter needs a name"));
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Diagnostic::new(
                loc,
                "parameters with `content` are not supported: use `schema`",
            ));
        };
        let schema_loc = loc.key("schema");
        let ty = self.param_type(SchemaRef::of(schema), &wire_name, &schema_loc)?;
        if is_region && ty != ParamType::Scalar(Scalar::String) {
            return Err(Diagnostic::new(
                &schema_loc,
                "the region parameter must be a plain `type: string`",
            ));
        }
        let (default, deprecated) = match schema {
            ReferenceOr::Item(s) => (s.schema_data.default.as_ref(), s.schema_data.deprecated),
            ReferenceOr::Reference { reference } => (
                self.component(reference).and_then(|s| s.schema_data.default.as_ref()),
                false,
            ),
        };
        // A type made for this parameter alone is documented by the parameter's description.
        let description = match ty.scalar() {
            Scalar::Newtype(id) => Some(&mut self.types.newtypes[id].description),
            Scalar::Enum(id) => Some(&mut self.types.enums[id].description),
            Scalar::String | Scalar::Int32 | Scalar::Int64 | Scalar::Bool => None,
        };
        if let Some(description) = description
            && description.is_none()
        {
            description.clone_from(&data.description);
        }
        let default = default.map(wire_text);
        let example = data.example.as_ref().map(wire_text);
        for (what, value, at) in [("default", &default, &schema_loc), ("example", &example, loc)] {
            if let Some(value) = value {
                self.check_value(&ty, value, at, what)?;
            }
        }
        Ok(Param {
            rust_name: snake_name(&wire_name),
            wire_name,
            description: data.description.clone(),
            required: data.required,
            deprecated: data.deprecated.unwrap_or(false) || deprecated,
            default,
            example,
            is_region,
            ty,
        })
    }

    /// A documented default or example must itself be a valid value.
    fn check_value(&self, ty: &ParamType, value: &str, loc: &Loc, what: &str) -> Result<()> {
        let ParamType::Scalar(scalar) = ty else {
            return Ok(());
        };
        let problem = match *scalar {
            Scalar::Enum(id) => {
                let e = &self.types.enums[id];
                (!e.values.iter().any(|v| v.wire == value)).then(|| {
                    format!(
                        "is not one of the enum values ({})",
                        e.values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ")
                    )
                })
            }
            Scalar::Newtype(id) => self.types.newtypes[id]
                .rules()
                .iter()
                .find(|c| !satisfies(c, value))
                .map(|c| format!("breaks the rule: {c}")),
            Scalar::String | Scalar::Int32 | Scalar::Int64 | Scalar::Bool => None,
        };
        match problem {
            Some(problem) => Err(Diagnostic::new(
                &loc.key(what),
                format!("the {what} `{value}` {problem}"),
            )),
            None => Ok(()),
        }
    }

    fn component(&self, reference: &str) -> Option<&'a Schema> {
        let name = reference.strip_prefix(SCHEMAS)?;
        match self.api.components.as_ref()?.schemas.get(name)? {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Follow a `$ref` to a component schema: its name, the schema and its location.
    fn resolve(&self, reference: &str, loc: &Loc) -> Result<(String, &'a Schema, Loc)> {
        let Some(name) = reference.strip_prefix(SCHEMAS) else {
            return Err(Diagnostic::new(
                &loc.key("$ref"),
                format!("`$ref: {reference}` must point into `{SCHEMAS}`"),
            ));
        };
        let target = loc.of_ref(reference);
        match self.api.components.as_ref().and_then(|c| c.schemas.get(name)) {
            Some(ReferenceOr::Item(s)) => Ok((name.to_owned(), s, target)),
            Some(ReferenceOr::Reference { .. }) => Err(Diagnostic::new(
                &target,
                "a `$ref` to a `$ref` is not supported: point at the schema itself",
            )),
            None => Err(Diagnostic::new(
                &loc.key("$ref"),
                format!("`$ref: {reference}` does not resolve"),
            )),
        }
    }

    fn param_type(&mut self, schema: SchemaRef<'a>, wire_name: &str, loc: &Loc) -> Result<ParamType> {
        let (resolved, resolved_loc, name) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), type_name(wire_name, "T")),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                (s, target, type_name(&component, "T"))
            }
        };
        let SchemaKind::Type(Type::Array(array)) = &resolved.schema_kind else {
            let inline_name = type_name(wire_name, "T");
            return self
                .request_scalar(schema, wire_name, &inline_name, loc)
                .map(ParamType::Scalar);
        };
        let items = array
            .items
            .as_ref()
            .ok_or_else(|| Diagnostic::new(&resolved_loc, "an array needs `items`"))?;
        let item = self.request_scalar(
            SchemaRef::of_boxed(items),
            wire_name,
            &format!("{name}Item"),
            &resolved_loc.key("items"),
        )?;
        let min_items = array.min_items.map(|n| n as u64);
        let max_items = array.max_items.map(|n| n as u64);
        if let (Some(min), Some(max)) = (min_items, max_items)
            && min > max
        {
            return Err(Diagnostic::new(
                &resolved_loc.key("minItems"),
                format!("`minItems` {min} is greater than `maxItems` {max}"),
            ));
        }
        Ok(ParamType::List {
            item,
            min_items,
            max_items,
        })
    }

    /// A scalar request value: plain, a constrained newtype or a closed enum.
    fn request_scalar(&mut self, schema: SchemaRef<'a>, field: &str, inline_name: &str, loc: &Loc) -> Result<Scalar> {
        let (schema, loc, name, component) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), inline_name.to_owned(), None),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                if let Some(done) = self.components.get(&(component.clone(), false)) {
                    return match done {
                        Lowered::Request(s) => Ok(*s),
                        Lowered::Response(_) | Lowered::Model(_) => Err(Diagnostic::new(
                            &target,
                            "internal: component lowered for the wrong use",
                        )),
                    };
                }
                let name = type_name(&component, "T");
                (s, target, name, Some(component))
            }
        };
        if let Some(component) = &component
            && let Some(Lowered::Response(FieldScalar::Enum(_))) = self.components.get(&(component.clone(), true))
        {
            return Err(Diagnostic::new(
                &loc,
                format!(
                    "the enum `{component}` is used by a request parameter and a response field: request enums are closed and response enums open, so give each its own schema"
                ),
            ));
        }
        let data = &schema.schema_data;
        if data.nullable {
            return Err(Diagnostic::new(
                &loc.key("nullable"),
                "`nullable` is not supported for request parameters: make the parameter optional instead",
            ));
        }
        let result = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !matches!(s.format, VariantOrUnknownOrEmpty::Empty) {
                    return Err(Diagnostic::new(
                        &loc.key("format"),
                        format!(
                            "string format `{}` is not supported for request parameters: the client could not enforce it; describe the value with `pattern`",
                            format_name(&s.format)
                        ),
                    ));
                }
                let max_bytes = max_bytes(data, &loc)?;
                if let Some(p) = &s.pattern
                    && let Err(e) = regex_lite::Regex::new(p)
                {
                    return Err(Diagnostic::new(
                        &loc.key("pattern"),
                        format!("invalid or unsupported regular expression `{p}`: {e}"),
                    ));
                }
                let rules = StrRules {
                    min_length: s.min_length.map(|n| n as u64),
                    max_length: s.max_length.map(|n| n as u64),
                    max_bytes,
                    pattern: s.pattern.clone(),
                };
                check_lengths(s.min_length, s.max_length, &loc)?;
                if !s.enumeration.is_empty() {
                    let values = enum_values(&s.enumeration, &loc)?;
                    for v in &values {
                        if let Some(c) = rules.list().iter().find(|c| !satisfies(c, &v.wire)) {
                            return Err(Diagnostic::new(
                                &loc.key("enum"),
                                format!("the enum value `{}` breaks the rule: {c}", v.wire),
                            ));
                        }
                    }
                    let def = Enum {
                        name,
                        field: field.to_owned(),
                        description: data.description.clone(),
                        values,
                        open: false,
                    };
                    Lowered::Request(Scalar::Enum(self.register_enum(def, &loc, None)?))
                } else if rules.is_empty() {
                    Lowered::Request(Scalar::String)
                } else {
                    let def = Newtype {
                        name,
                        field: field.to_owned(),
                        description: data.description.clone(),
                        base: NewtypeBase::String(rules),
                    };
                    Lowered::Request(Scalar::Newtype(self.register_newtype(def, &loc)?))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if !i.enumeration.is_empty() {
                    return Err(Diagnostic::new(&loc.key("enum"), "integer enums are not supported"));
                }
                let wide = match &i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => false,
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => true,
                    VariantOrUnknownOrEmpty::Unknown(f) => {
                        return Err(Diagnostic::new(
                            &loc.key("format"),
                            format!("integer format `{f}` is not supported: use int32 or int64"),
                        ));
                    }
                };
                let rules = IntRules {
                    minimum: i.minimum,
                    maximum: i.maximum,
                };
                if let (Some(min), Some(max)) = (i.minimum, i.maximum)
                    && min > max
                {
                    return Err(Diagnostic::new(
                        &loc.key("minimum"),
                        format!("`minimum` {min} is greater than `maximum` {max}"),
                    ));
                }
                if rules.is_empty() {
                    Lowered::Request(if wide { Scalar::Int64 } else { Scalar::Int32 })
                } else {
                    let base = if wide {
                        NewtypeBase::Int64(rules)
                    } else {
                        NewtypeBase::Int32(rules)
                    };
                    let def = Newtype {
                        name,
                        field: field.to_owned(),
                        description: data.description.clone(),
                        base,
                    };
                    Lowered::Request(Scalar::Newtype(self.register_newtype(def, &loc)?))
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => Lowered::Request(Scalar::Bool),
            SchemaKind::Type(Type::Array(_)) => {
                return Err(Diagnostic::new(&loc, "lists of lists are not supported"));
            }
            SchemaKind::Type(Type::Object(_)) => {
                return Err(Diagnostic::new(
                    &loc,
                    "object parameters (`name.N.field`) are not supported yet",
                ));
            }
            SchemaKind::Type(Type::Number(_)) => {
                return Err(Diagnostic::new(
                    &loc,
                    "`type: number` is not supported for request parameters: use `integer` or `string`",
                ));
            }
            other => return Err(unsupported_kind(&loc, other)),
        };
        if let Some(component) = component {
            self.components.insert((component, false), result);
        }
        match result {
            Lowered::Request(s) => Ok(s),
            Lowered::Response(_) | Lowered::Model(_) => Err(Diagnostic::new(
                &loc,
                "internal: a request value lowered as a response one",
            )),
        }
    }

    /// Two different schemas at `first` (which made `existing`) and `loc` (which would make
    /// `new`) want the same Rust name.
    fn collision(&self, existing: TypeId, new: TypeDef<'_>, first: &Loc, loc: &Loc) -> Diagnostic {
        let old = self.types.get(existing);
        let (there, here) = self.difference(old, new);
        Diagnostic::new(
            loc,
            format!(
                "this schema and the one at {first} both become the Rust type `{}`, but they differ: there {there}, here {here}. Identical schemas share one type; different ones cannot share a name: make them identical, or give one a name of its own with a schema in `components/schemas` that its users `$ref`",
                new.name()
            ),
        )
    }

    /// How two types that want one name differ, in words, as (the first, the second).
    fn difference(&self, a: TypeDef<'_>, b: TypeDef<'_>) -> (String, String) {
        let describe = |t: TypeDef<'_>| match t {
            TypeDef::Newtype(n) => {
                let rules: Vec<String> = n.rules().iter().map(ToString::to_string).collect();
                format!("`{}` ({})", rust_view::base(n.base.base_type()), rules.join("; "))
            }
            TypeDef::Enum(e) => {
                let values: Vec<String> = e.values.iter().map(|v| format!("`{}`", v.wire)).collect();
                let kind = if e.open { "response" } else { "request" };
                format!("a {kind} enum ({})", values.join(", "))
            }
            TypeDef::Model(m) => {
                let names: Vec<String> = m.fields.iter().map(|f| format!("`{}`", f.wire_name)).collect();
                format!("a response model (properties {})", names.join(", "))
            }
        };
        // Models with the same properties differ in the type of one: name it.
        if let (TypeDef::Model(x), TypeDef::Model(y)) = (a, b)
            && x.fields
                .iter()
                .map(|f| &f.wire_name)
                .eq(y.fields.iter().map(|f| &f.wire_name))
            && let Some((f, g)) = x.fields.iter().zip(&y.fields).find(|(f, g)| f.ty != g.ty)
        {
            let ty = |f: &Field| rust_view::field(&self.types, &f.ty).to_string();
            return (
                format!("a response model whose `{}` is `{}`", f.wire_name, ty(f)),
                format!("a response model whose `{}` is `{}`", g.wire_name, ty(g)),
            );
        }
        (describe(a), describe(b))
    }

    /// The newtype for `def`: the one of its name made already if it has the same base type and
    /// rules (an inline schema repeated by several actions is one type), else a new one.
    fn register_newtype(&mut self, def: Newtype, loc: &Loc) -> Result<NewtypeId> {
        if let Some((existing, first)) = self.names.get(&def.name) {
            return match *existing {
                TypeId::Newtype(id) if self.types.newtypes[id].base == def.base => Ok(id),
                other => Err(self.collision(other, TypeDef::Newtype(&def), first, loc)),
            };
        }
        let name = def.name.clone();
        let id = self.types.newtypes.push(def);
        self.names.insert(name, (id.into(), loc.clone()));
        Ok(id)
    }

    /// The enum for `def`: the one of its name made already if it has the same values and is as
    /// open, else a new one. An inline response enum found under the wire name `role` is also the
    /// same type as an earlier one of the same shape under that wire name, whatever its name.
    fn register_enum(&mut self, def: Enum, loc: &Loc, role: Option<&str>) -> Result<EnumId> {
        // The shape is worked out only where it is needed: most types are neither inline nor
        // wanted twice.
        let key = role.map(|role| (role.to_owned(), enum_shape(&def)));
        if let Some(id) = key.as_ref().and_then(|k| self.shared_enums.get(k)) {
            return Ok(*id);
        }
        let id = match self.names.get(&def.name) {
            Some((existing, first)) => match *existing {
                TypeId::Enum(id) if enum_shape(&self.types.enums[id]) == enum_shape(&def) => id,
                other => return Err(self.collision(other, TypeDef::Enum(&def), first, loc)),
            },
            None => {
                let name = def.name.clone();
                let id = self.types.enums.push(def);
                self.names.insert(name, (id.into(), loc.clone()));
                id
            }
        };
        if let Some(key) = key {
            self.shared_enums.insert(key, id);
        }
        Ok(id)
    }

    /// The model for `def`, made once per shape like [`register_enum`](Self::register_enum).
    fn register_model(&mut self, def: Model, loc: &Loc, role: Option<&str>) -> Result<ModelId> {
        // The shape is worked out only where it is needed: most types are neither inline nor
        // wanted twice.
        let key = role.map(|role| (role.to_owned(), model_shape(&def)));
        if let Some(id) = key.as_ref().and_then(|k| self.shared_models.get(k)) {
            return Ok(*id);
        }
        let id = match self.names.get(&def.name) {
            Some((existing, first)) => match *existing {
                TypeId::Model(id) if model_shape(&self.types.models[id]) == model_shape(&def) => id,
                other => return Err(self.collision(other, TypeDef::Model(&def), first, loc)),
            },
            None => {
                let name = def.name.clone();
                let id = self.types.models.push(def);
                self.names.insert(name, (id.into(), loc.clone()));
                id
            }
        };
        if let Some(key) = key {
            self.shared_models.insert(key, id);
        }
        Ok(id)
    }

    /// The response model of an operation, the XML root element and the JSON envelope key.
    fn response(&mut self, op: &'a openapiv3::Operation, loc: &Loc) -> Result<(ModelId, String, String)> {
        let loc = loc.key("responses");
        if let Some(_default) = &op.responses.default {
            return Err(Diagnostic::new(
                &loc.key("default"),
                "only a `200` response is supported; errors are decoded by the runtime",
            ));
        }
        let mut found = None;
        for (status, response) in &op.responses.responses {
            let status_text = status.to_string();
            if status_text != "200" {
                return Err(Diagnostic::new(
                    &loc.key(&status_text),
                    "only a `200` response is supported; errors are decoded by the runtime",
                ));
            }
            found = Some(response);
        }
        let response_loc = loc.key("200");
        let response = match found {
            Some(ReferenceOr::Item(r)) => r,
            Some(ReferenceOr::Reference { .. }) => {
                return Err(Diagnostic::new(
                    &response_loc,
                    "responses given as `$ref` are not supported",
                ));
            }
            None => return Err(Diagnostic::new(&loc, "missing the `200` response")),
        };
        let content_loc = response_loc.key("content");
        for media in response.content.keys() {
            if media != "application/xml" && media != "application/json" {
                return Err(Diagnostic::new(
                    &content_loc.key(media),
                    "only `application/xml` and `application/json` are supported",
                ));
            }
        }
        let schema_of = |media: &str| -> Result<&'a ReferenceOr<Schema>> {
            response
                .content
                .get(media)
                .and_then(|m| m.schema.as_ref())
                .ok_or_else(|| {
                    Diagnostic::new(
                        &content_loc,
                        format!("the `200` response needs `{media}` with a schema: NCP answers in XML and JSON"),
                    )
                })
        };
        let xml_schema = schema_of("application/xml")?;
        let json_schema = schema_of("application/json")?;
        let xml_loc = content_loc.key("application/xml").key("schema");
        let ReferenceOr::Reference { reference } = xml_schema else {
            return Err(Diagnostic::new(
                &xml_loc,
                "the XML response schema must be a `$ref` to a component object schema",
            ));
        };
        let (component, _, target) = self.resolve(reference, &xml_loc)?;
        let model = self.model_ref(reference, &xml_loc)?;
        let xml_root = self.xml_name(&target)?.unwrap_or(component);
        // JSON wraps the same model in `{"<key>": …}`.
        let json_loc = content_loc.key("application/json").key("schema");
        let envelope = match json_schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.resolve(reference, &json_loc)?.1,
        };
        let wrong = || {
            Diagnostic::new(
                &json_loc,
                format!(
                    "the JSON response schema must be an object with exactly one property, a `$ref` to `{reference}` (NCP's `{{\"<action>Response\": …}}` envelope)"
                ),
            )
        };
        let SchemaKind::Type(Type::Object(object)) = &envelope.schema_kind else {
            return Err(wrong());
        };
        if object.properties.len() != 1 {
            return Err(wrong());
        }
        let (key, inner) = object.properties.first().ok_or_else(wrong)?;
        match inner {
            ReferenceOr::Reference { reference: r } if r == reference => {}
            _ => return Err(wrong()),
        }
        Ok((model, xml_root, key.clone()))
    }

    /// The `xml.name` written at `loc`, read from the raw document (`openapiv3` drops it).
    fn xml_name(&self, loc: &Loc) -> Result<Option<String>> {
        match loc.key("xml").key("name").find(&self.spec.raw) {
            None => Ok(None),
            Some(serde_yaml::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(Diagnostic::new(
                &loc.key("xml").key("name"),
                "`xml.name` must be a non-empty string",
            )),
        }
    }

    /// `xml.wrapped` at `loc`.
    fn xml_wrapped(&self, loc: &Loc) -> Result<bool> {
        match loc.key("xml").key("wrapped").find(&self.spec.raw) {
            None => Ok(false),
            Some(serde_yaml::Value::Bool(b)) => Ok(*b),
            Some(_) => Err(Diagnostic::new(
                &loc.key("xml").key("wrapped"),
                "`xml.wrapped` must be true or false",
            )),
        }
    }

    /// Lower a component model, once.
    fn model_ref(&mut self, reference: &str, loc: &Loc) -> Result<ModelId> {
        let (component, schema, target) = self.resolve(reference, loc)?;
        if let Some(Lowered::Model(id)) = self.components.get(&(component.clone(), true)) {
            return Ok(*id);
        }
        if self.visiting.contains(&component) {
            let mut cycle = self.visiting.clone();
            cycle.push(component);
            return Err(Diagnostic::new(
                &target,
                format!("recursive models are not supported: {}", cycle.join(" → ")),
            ));
        }
        self.visiting.push(component.clone());
        let name = type_name(&component, "T");
        let result = self.model(schema, &name, &target, None);
        self.visiting.pop();
        let id = result?;
        self.components.insert((component, true), Lowered::Model(id));
        Ok(id)
    }

    /// Lower an object schema into a model named `name`; `role` is the wire name an inline
    /// schema is found under (see [`register_model`](Self::register_model)).
    fn model(&mut self, schema: &'a Schema, name: &str, loc: &Loc, role: Option<&str>) -> Result<ModelId> {
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Err(Diagnostic::new(
                loc,
                "a response model must be `type: object` with `properties`",
            ));
        };
        if schema.schema_data.nullable {
            return Err(Diagnostic::new(
                &loc.key("nullable"),
                "`nullable` is not needed: every response field is optional",
            ));
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (wire_name, property) in &object.properties {
            let prop_loc = loc.key("properties").key(wire_name);
            let field_name = snake_name(wire_name);
            if let Some(other) = seen.insert(field_name.clone(), wire_name.clone()) {
                self.diags.push(
                    &prop_loc,
                    format!(
                        "properties `{other}` and `{wire_name}` both become the Rust field `{field_name}`: rename one"
                    ),
                );
                continue;
            }
            let inline_name = format!("{name}{}", type_name(wire_name, "T"));
            match self.field(SchemaRef::of_boxed(property), wire_name, &inline_name, &prop_loc) {
                Ok((ty, description, deprecated)) => fields.push(Field {
                    wire_name: wire_name.clone(),
                    rust_name: field_name,
                    description,
                    deprecated,
                    ty,
                }),
                Err(d) => self.diags.push(&d.loc, d.message),
            }
        }
        if let Some(first) = object.required.iter().find(|r| !object.properties.contains_key(*r)) {
            self.diags.push(
                &loc.key("required"),
                format!("`{first}` is listed as required but is not a property"),
            );
        }
        // A field with a problem was recorded and left out; the run fails at the end, after
        // every problem has been found.
        let def = Model {
            name: name.to_owned(),
            description: schema.schema_data.description.clone(),
            fields,
        };
        self.register_model(def, loc, role)
    }

    /// A response field: its type, description and deprecation.
    fn field(
        &mut self,
        schema: SchemaRef<'a>,
        wire_name: &str,
        inline_name: &str,
        loc: &Loc,
    ) -> Result<(FieldType, Option<String>, bool)> {
        match schema {
            SchemaRef::Ref(reference) => {
                let (_, s, _) = self.resolve(reference, loc)?;
                let ty = match &s.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => FieldType::Model(self.model_ref(reference, loc)?),
                    SchemaKind::Type(Type::Array(_)) => {
                        return Err(Diagnostic::new(
                            loc,
                            "a list property must be written inline (`type: array` with `xml.wrapped`), not as a `$ref`",
                        ));
                    }
                    _ => FieldType::Scalar(self.response_scalar(SchemaRef::Ref(reference), inline_name, loc, None)?),
                };
                Ok((ty, s.schema_data.description.clone(), s.schema_data.deprecated))
            }
            SchemaRef::Inline(s) => {
                if let Some(xml_name) = self.xml_name(loc)?
                    && xml_name != wire_name
                {
                    return Err(Diagnostic::new(
                        &loc.key("xml").key("name"),
                        "an XML element name that differs from the JSON property name is only supported for list items and response roots",
                    ));
                }
                let ty = match &s.schema_kind {
                    SchemaKind::Type(Type::Object(_)) => {
                        FieldType::Model(self.model(s, inline_name, loc, Some(wire_name))?)
                    }
                    SchemaKind::Type(Type::Array(array)) => {
                        if !self.xml_wrapped(loc)? {
                            return Err(Diagnostic::new(
                                loc,
                                "response lists must set `xml: {wrapped: true}`: NCP wraps list items in an element named like the list",
                            ));
                        }
                        let items_loc = loc.key("items");
                        let items = array
                            .items
                            .as_ref()
                            .ok_or_else(|| Diagnostic::new(loc, "an array needs `items`"))?;
                        let (item, xml_item) = match SchemaRef::of_boxed(items) {
                            SchemaRef::Ref(reference) => {
                                let (component, item_schema, target) = self.resolve(reference, &items_loc)?;
                                let xml_item = self.xml_name(&target)?.unwrap_or(component);
                                let item = match &item_schema.schema_kind {
                                    SchemaKind::Type(Type::Object(_)) => {
                                        ListItem::Model(self.model_ref(reference, &items_loc)?)
                                    }
                                    _ => ListItem::Scalar(self.response_scalar(
                                        SchemaRef::Ref(reference),
                                        inline_name,
                                        &items_loc,
                                        None,
                                    )?),
                                };
                                (item, xml_item)
                            }
                            SchemaRef::Inline(item_schema) => {
                                let xml_item = self.xml_name(&items_loc)?.unwrap_or_else(|| wire_name.to_owned());
                                let item_name = format!("{inline_name}Item");
                                // Items are found under the list's name, with `[]`.
                                let role = format!("{wire_name}[]");
                                let item = match &item_schema.schema_kind {
                                    SchemaKind::Type(Type::Object(_)) => {
                                        ListItem::Model(self.model(item_schema, &item_name, &items_loc, Some(&role))?)
                                    }
                                    _ => ListItem::Scalar(self.response_scalar(
                                        SchemaRef::Inline(item_schema),
                                        &item_name,
                                        &items_loc,
                                        Some(&role),
                                    )?),
                                };
                                (item, xml_item)
                            }
                        };
                        FieldType::List { item, xml_item }
                    }
                    _ => {
                        if self.xml_wrapped(loc)? {
                            return Err(Diagnostic::new(
                                &loc.key("xml").key("wrapped"),
                                "`xml.wrapped` only applies to arrays",
                            ));
                        }
                        FieldType::Scalar(self.response_scalar(schema, inline_name, loc, Some(wire_name))?)
                    }
                };
                Ok((ty, s.schema_data.description.clone(), s.schema_data.deprecated))
            }
        }
    }

    /// A scalar response value. Length rules are not checked on responses: the server's word
    /// is taken as it comes. `role` is the wire name an inline schema is found under (see
    /// [`register_enum`](Self::register_enum)).
    fn response_scalar(
        &mut self,
        schema: SchemaRef<'a>,
        inline_name: &str,
        loc: &Loc,
        role: Option<&str>,
    ) -> Result<FieldScalar> {
        let (schema, loc, name, component) = match schema {
            SchemaRef::Inline(s) => (s, loc.clone(), inline_name.to_owned(), None),
            SchemaRef::Ref(r) => {
                let (component, s, target) = self.resolve(r, loc)?;
                if let Some(Lowered::Response(s)) = self.components.get(&(component.clone(), true)) {
                    return Ok(*s);
                }
                if let Some(Lowered::Request(Scalar::Enum(_))) = self.components.get(&(component.clone(), false)) {
                    return Err(Diagnostic::new(
                        &target,
                        format!(
                            "the enum `{component}` is used by a request parameter and a response field: request enums are closed and response enums open, so give each its own schema"
                        ),
                    ));
                }
                let name = type_name(&component, "T");
                (s, target, name, Some(component))
            }
        };
        let result = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                max_bytes(&schema.schema_data, &loc)?;
                check_lengths(s.min_length, s.max_length, &loc)?;
                if let Some(p) = &s.pattern
                    && let Err(e) = regex_lite::Regex::new(p)
                {
                    return Err(Diagnostic::new(
                        &loc.key("pattern"),
                        format!("invalid or unsupported regular expression `{p}`: {e}"),
                    ));
                }
                if !s.enumeration.is_empty() {
                    let values = enum_values(&s.enumeration, &loc)?;
                    if let Some(v) = values.iter().find(|v| v.variant == "Unknown") {
                        return Err(Diagnostic::new(
                            &loc.key("enum"),
                            format!(
                                "the value `{}` would clash with the `Unknown` variant every response enum has",
                                v.wire
                            ),
                        ));
                    }
                    let def = Enum {
                        name: name.clone(),
                        field: name,
                        description: schema.schema_data.description.clone(),
                        values,
                        open: true,
                    };
                    Lowered::Response(FieldScalar::Enum(self.register_enum(def, &loc, role)?))
                } else {
                    match &s.format {
                        VariantOrUnknownOrEmpty::Empty => Lowered::Response(FieldScalar::String),
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                            Lowered::Response(FieldScalar::DateTime)
                        }
                        other => {
                            return Err(Diagnostic::new(
                                &loc.key("format"),
                                format!(
                                    "string format `{}` is not supported in responses: only `date-time`",
                                    format_name(other)
                                ),
                            ));
                        }
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => Lowered::Response(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => FieldScalar::Int32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => {
                    FieldScalar::Int64
                }
                VariantOrUnknownOrEmpty::Unknown(f) => {
                    return Err(Diagnostic::new(
                        &loc.key("format"),
                        format!("integer format `{f}` is not supported: use int32 or int64"),
                    ));
                }
            }),
            SchemaKind::Type(Type::Number(_)) => Lowered::Response(FieldScalar::Float),
            SchemaKind::Type(Type::Boolean(_)) => Lowered::Response(FieldScalar::Bool),
            SchemaKind::Type(Type::Array(_)) => {
                return Err(Diagnostic::new(&loc, "lists of lists are not supported"));
            }
            SchemaKind::Type(Type::Object(_)) => {
                return Err(Diagnostic::new(&loc, "internal: objects are models, not scalars"));
            }
            other => return Err(unsupported_kind(&loc, other)),
        };
        if let Some(component) = component {
            self.components.insert((component, true), result);
        }
        match result {
            Lowered::Response(s) => Ok(s),
            Lowered::Request(_) | Lowered::Model(_) => Err(Diagnostic::new(
                &loc,
                "internal: a response value lowered as a request one",
            )),
        }
    }
}

fn unsupported_in(loc: &Loc, data: &openapiv3::ParameterData, place: &str) -> Diagnostic {
    Diagnostic::new(
        &loc.key("in"),
        format!(
            "parameter `{}` is `in: {place}`: only query parameters are supported (NCP actions take every parameter in the query)",
            data.name
        ),
    )
}

fn unsupported_kind(loc: &Loc, kind: &SchemaKind) -> Diagnostic {
    let what = match kind {
        SchemaKind::OneOf { .. } => "`oneOf`",
        SchemaKind::AllOf { .. } => "`allOf`",
        SchemaKind::AnyOf { .. } => "`anyOf`",
        SchemaKind::Not { .. } => "`not`",
        _ => "a schema without a `type`",
    };
    Diagnostic::new(
        loc,
        format!(
            "{what} is not supported: give the schema a `type` (string, integer, number, boolean, array or object)"
        ),
    )
}

/// `x-ncp-max-bytes`: a positive integer.
fn max_bytes(data: &openapiv3::SchemaData, loc: &Loc) -> Result<Option<u64>> {
    match data.extensions.get("x-ncp-max-bytes") {
        None => Ok(None),
        Some(Json::Number(n)) if n.as_u64().is_some_and(|n| n > 0) => Ok(n.as_u64()),
        Some(other) => Err(Diagnostic::new(
            &loc.key("x-ncp-max-bytes"),
            format!("`x-ncp-max-bytes` must be a positive integer (a number of UTF-8 bytes), found {other}"),
        )),
    }
}

fn check_lengths(min: Option<usize>, max: Option<usize>, loc: &Loc) -> Result<()> {
    match (min, max) {
        (Some(min), Some(max)) if min > max => Err(Diagnostic::new(
            &loc.key("minLength"),
            format!("`minLength` {min} is greater than `maxLength` {max}: no value could be valid"),
        )),
        _ => Ok(()),
    }
}

fn enum_values(values: &[Option<String>], loc: &Loc) -> Result<Vec<EnumValue>> {
    let mut out: Vec<EnumValue> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let Some(wire) = value else {
            return Err(Diagnostic::new(
                &loc.key("enum").index(i),
                "`null` is not supported as an enum value",
            ));
        };
        let variant = type_name(wire, "V");
        if let Some(other) = out.iter().find(|v| v.variant == variant) {
            let why = if other.wire == *wire {
                "is listed twice".to_owned()
            } else {
                format!("and `{}` both become the variant `{variant}`", other.wire)
            };
            return Err(Diagnostic::new(
                &loc.key("enum").index(i),
                format!("the enum value `{wire}` {why}"),
            ));
        }
        out.push(EnumValue {
            wire: wire.clone(),
            variant,
        });
    }
    Ok(out)
}

/// A value's wire text (strings without quotes).
fn wire_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `value` satisfies a string rule (the same semantics as the runtime's checks).
fn satisfies(constraint: &Constraint, value: &str) -> bool {
    let chars = value.chars().count() as u64;
    match constraint {
        Constraint::MinLength(n) => chars >= *n,
        Constraint::MaxLength(n) => chars <= *n,
        Constraint::MaxBytes(n) => value.len() as u64 <= *n,
        Constraint::Pattern(p) => regex_lite::Regex::new(p).is_ok_and(|r| r.is_match(value)),
        Constraint::Minimum(n) => value.parse::<i64>().is_ok_and(|v| v >= *n),
        Constraint::Maximum(n) => value.parse::<i64>().is_ok_and(|v| v <= *n),
    }
}

/// The name of a string format as written in the spec.
fn format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> String {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }
        .to_owned(),
        VariantOrUnknownOrEmpty::Unknown(f) => f.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

/// The host (with its port, if any) and the API path of a server URL, or why it cannot be one:
/// only `https://host[:port]/api/path`, where the host is a DNS name or an IPv4 address. No user
/// info (`https://ncloud.apigw.ntruss.com@evil.example/`), query, fragment, template variable,
/// `http://` (the client refuses plain HTTP to anything but loopback) or control character: a
/// server URL becomes the origin every signed request goes to.
fn server_url_parts(url: &str) -> std::result::Result<(&str, String), String> {
    let like = "must be a URL like `https://host/vserver/v2`, with the API path";
    let rest = url.strip_prefix("https://").ok_or_else(|| {
        if url.starts_with("http://") {
            "must use `https://`: requests are signed and carry credentials".to_owned()
        } else {
            format!("{like} (an absolute https URL)")
        }
    })?;
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters".to_owned());
    }
    if url.contains(['{', '}', '?', '#']) {
        return Err(format!("{like}: no template variables, query or fragment"));
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.contains('@') {
        return Err("must not contain user info (`user@`): the host is what follows `https://`".to_owned());
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok_and(|n| n > 0));
    if !name_ok || !port_ok {
        return Err(format!(
            "{like}: `{}` is not a host name (with an optional port)",
            host.escape_debug()
        ));
    }
    let path = path.trim_end_matches('/');
    if path.len() < 2 || path.contains("//") || !path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c))
    {
        return Err(format!(
            "{like}: the API path must be plain segments of letters, digits, `-`, `_`, `.`"
        ));
    }
    Ok((host, path.to_owned()))
}
