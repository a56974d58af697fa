//! Lower: OpenAPI (`openapiv3`, plus the raw document for the `xml` object) → the IR.
//!
//! Every rule the generated client must enforce is turned into data here, and every rule it
//! could not enforce is an error here, naming the file and the path inside it. One module per
//! concern:
//!
//! - `servers`: the servers, one origin per site, and the API path;
//! - `operations`: each operation and its parameters by role;
//! - `params`: a request parameter's type, rules and documented values;
//! - `responses`: the response of an operation, its models and fields;
//! - `types`: component schemas, one Rust type per name and shape, and shared rule helpers;
//! - `extensions`: `x-ncp-pagination` and `x-ncp-waiters`, once every type exists;
//! - `names`: the name registry: every name the generated API would have, from the
//!   [API model](crate::rust_view), checked for collisions.

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{Diagnostics, Error, Loc};
use crate::ir::*;
use crate::load::Spec;
use crate::naming::module_name;

mod body;
mod extensions;
mod names;
mod operations;
mod params;
mod responses;
mod servers;
mod types;

const SCHEMAS: &str = "#/components/schemas/";
const PARAMETERS: &str = "#/components/parameters/";
const REQUEST_BODIES: &str = "#/components/requestBodies/";

type Result<T> = std::result::Result<T, crate::error::Diagnostic>;

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
        request_components: HashMap::new(),
        response_components: HashMap::new(),
        request_models: HashMap::new(),
        in_responses: HashSet::new(),
        visiting: Vec::new(),
        rest: false,
    };
    lowerer.in_responses = lowerer.response_component_names();
    let service = lowerer.service();
    let Lowerer {
        mut diags,
        types,
        names: type_names,
        ..
    } = lowerer;
    let Some(mut service) = service else {
        diags.finish(())?;
        return Err(Error::Spec(Vec::new()));
    };
    service.types = types;
    extensions::lower(spec, &mut service, &mut diags);
    names::check(spec, &service, &type_names, &mut diags);
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

/// A path template with every parameter name blanked (`/a/{}/b`): two templates of one shape
/// name the same route.
fn route_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

/// What a component schema used by a response became, so that each is lowered once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lowered {
    /// A response value: plain or an open enum.
    Scalar(FieldScalar),
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
    /// Component schemas already lowered for a request parameter, by component name.
    request_components: HashMap<String, Scalar>,
    /// Component schemas already lowered for a response, by component name.
    response_components: HashMap<String, Lowered>,
    /// Component schemas already lowered as request models, by component name.
    request_models: HashMap<String, RequestModelId>,
    /// Every component a success response reaches: a request model made from one of them is
    /// named with `Input` after the component's name, so that request and response types never
    /// share a name.
    in_responses: HashSet<String>,
    /// Component models being lowered, to find cycles.
    visiting: Vec<String>,
    /// Whether the response being lowered is a REST (JSON-only) one: its lists need no XML
    /// wrapping and its strings of other formats are plain strings.
    rest: bool,
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
        let mut seen_routes: HashMap<(Method, String), Loc> = HashMap::new();
        for (path, item) in &self.api.paths.paths {
            let loc = root.key("paths").key(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.push(&loc, "path items given as `$ref` are not supported");
                    continue;
                }
            };
            for (method, op) in [("options", &item.options), ("head", &item.head), ("trace", &item.trace)] {
                if op.is_some() {
                    self.diags.push(
                        &loc.key(method),
                        format!("`{method}` operations are not supported: only get, post, put, patch and delete"),
                    );
                }
            }
            let methods = [
                (Method::Get, &item.get),
                (Method::Post, &item.post),
                (Method::Put, &item.put),
                (Method::Patch, &item.patch),
                (Method::Delete, &item.delete),
            ];
            // A path item without operations (`/: {}`, as NCP's exports write the root) has
            // nothing to generate.
            for (method, op) in methods {
                let Some(op) = op else { continue };
                let op_loc = loc.key(method.key());
                let result = self.operation(path, method, &item.parameters, op, &op_loc);
                let Some(op) = self.diags.take(result) else {
                    continue;
                };
                if let Some(first) = seen_ids.insert(op.wire_name.clone(), op_loc.clone()) {
                    let what = if op.derived_name {
                        format!(
                            "`{} {path}` has no operationId and its derived name `{}` is already the name of the operation at {first}: give one an `operationId`",
                            method, op.wire_name
                        )
                    } else {
                        format!("duplicate operationId `{}`: already used at {first}", op.wire_name)
                    };
                    let at = if op.derived_name {
                        op_loc.clone()
                    } else {
                        op_loc.key("operationId")
                    };
                    self.diags.push(&at, what);
                    continue;
                }
                // Two templates that differ only in their parameter names are one route.
                let route = (method, route_shape(path));
                if let Some(first) = seen_routes.insert(route, op_loc.clone()) {
                    self.diags.push(
                        &op_loc,
                        format!("`{method} {path}` is the same route as the operation at {first}: the server could not tell them apart"),
                    );
                    continue;
                }
                operations.push(op);
            }
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
}
