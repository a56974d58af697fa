//! One side of the comparison: a service with the lookups the rules need (its types by name,
//! where each type and model sits on the wire, the types reachable from a root).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::ir::{
    FieldScalar, FieldType, ListItem, Location, Operation, Param, ParamType, Response, Scalar, Service, TypeDef,
};
use crate::rust_view;

/// One side of the comparison, with its lookups.
pub(super) struct Side<'a> {
    /// The service.
    pub(super) service: &'a Service,
    /// Its named types, by Rust name.
    pub(super) types: BTreeMap<&'a str, TypeDef<'a>>,
    /// Where each model sits in the responses: `createXResponse.list[]`, per action.
    model_paths: BTreeMap<&'a str, Vec<String>>,
    /// The models that RPC responses hold, which are also decoded from XML.
    xml_models: BTreeSet<&'a str>,
    /// Where each request model sits in the requests: `createWidget body.tags[]`, per action.
    object_paths: BTreeMap<&'a str, Vec<String>>,
    /// The wire items each named type stands for: the parameters that use a request type
    /// (`createX?name`, `createWidget body.tags[].key`), the places of a model in the
    /// responses, the fields that hold a response enum (`createXResponse.list[].status.code`).
    /// They do not depend on Rust names.
    sites: BTreeMap<&'a str, Vec<String>>,
}

impl<'a> Side<'a> {
    /// The lookups of `service`.
    pub(super) fn new(service: &'a Service) -> Self {
        let types: BTreeMap<&str, TypeDef<'a>> =
            service.types.sorted().into_iter().map(|(_, t)| (t.name(), t)).collect();
        let mut model_paths: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut sites: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut object_paths: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut xml_models = BTreeSet::new();
        for op in &service.operations {
            // The parameters, then the fields of the request models they reach, breadth first.
            let mut queue: VecDeque<(&Param, String)> =
                op.params.iter().map(|p| (p, param_wire(&op.wire_name, p))).collect();
            let mut seen = BTreeSet::new();
            while let Some((p, at)) = queue.pop_front() {
                let Some(name) = p.ty.type_id().map(|id| service.types.type_name(id)) else {
                    continue;
                };
                sites.entry(name).or_default().push(at.clone());
                if let Scalar::Object(id) = p.ty.scalar()
                    && seen.insert(id)
                {
                    let place = match p.ty {
                        ParamType::Scalar(_) => at,
                        ParamType::List { .. } => format!("{at}[]"),
                        ParamType::Map { .. } => format!("{at}.*"),
                    };
                    let model = service.types.request_model(id);
                    queue.extend(model.fields.iter().map(|f| (f, format!("{place}.{}", f.wire_name))));
                    object_paths.entry(model.name.as_str()).or_default().push(place);
                }
            }
        }
        for op in &service.operations {
            let mut seen = BTreeSet::new();
            let Some(model) = op.model() else { continue };
            let xml = !op.is_rest();
            let root = match &op.response {
                Response::Rpc { xml_root, .. } => xml_root.clone(),
                _ => op.wire_name.clone(),
            };
            let mut queue = VecDeque::from([(model, root)]);
            while let Some((id, path)) = queue.pop_front() {
                if !seen.insert(id) {
                    continue;
                }
                let model = service.types.model(id);
                let name = model.name.as_str();
                if xml {
                    xml_models.insert(name);
                }
                for f in &model.fields {
                    let at = format!("{path}.{}", f.wire_name);
                    match &f.ty {
                        FieldType::Model(m) => queue.push_back((*m, at)),
                        FieldType::List {
                            item: ListItem::Model(m),
                            ..
                        } => queue.push_back((*m, format!("{at}[]"))),
                        FieldType::Scalar(FieldScalar::Enum(e))
                        | FieldType::List {
                            item: ListItem::Scalar(FieldScalar::Enum(e)),
                            ..
                        } => sites
                            .entry(service.types.enumeration(*e).name.as_str())
                            .or_default()
                            .push(at),
                        FieldType::Scalar(_) | FieldType::Map(_) | FieldType::List { .. } | FieldType::Json => {}
                    }
                }
                sites.entry(name).or_default().push(path.clone());
                model_paths.entry(name).or_default().push(path);
            }
        }
        Side {
            service,
            types,
            model_paths,
            xml_models,
            object_paths,
            sites,
        }
    }

    /// Whether the type `name` of this side and the type `other` of `that` side stand for a
    /// common wire item.
    pub(super) fn shares_site(&self, name: &str, that: &Side<'_>, other: &str) -> bool {
        let (Some(a), Some(b)) = (self.sites.get(name), that.sites.get(other)) else {
            return false;
        };
        a.iter().any(|site| b.contains(site))
    }

    /// The Rust module of the service.
    pub(super) fn module(&self) -> &'a str {
        &self.service.module
    }

    /// The Rust name of the named type a parameter's value is, if any.
    pub(super) fn param_ref(&self, t: &ParamType) -> Option<&'a str> {
        t.type_id().map(|id| self.service.types.type_name(id))
    }

    /// The Rust name of the named type a field holds directly, if any.
    pub(super) fn field_ref(&self, t: &FieldType) -> Option<&'a str> {
        t.type_id().map(|id| self.service.types.type_name(id))
    }

    /// The Rust type a call of an action gives: its response model's name, or the type of its
    /// REST answer (`Vec<Widget>`, `()`, `Vec<u8>`).
    pub(super) fn response(&self, op: &Operation) -> String {
        rust_view::response(&self.service.types, &op.response).to_string()
    }

    /// The named type a REST answer holds (a model, or the model or enum of a list), if any.
    pub(super) fn field_root(&self, response: &Response) -> Option<&'a str> {
        match response {
            Response::Json { ty, .. } => self.field_ref(ty),
            Response::Rpc { model, .. } => Some(&self.service.types.model(*model).name),
            Response::Empty { .. } | Response::Bytes { .. } => None,
        }
    }

    /// The named types reachable from `roots`, the roots included.
    pub(super) fn reach(&self, roots: &[&str]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
        while let Some(name) = stack.pop() {
            if !out.insert(name.clone()) {
                continue;
            }
            match self.types.get(name.as_str()) {
                Some(TypeDef::Model(m)) => {
                    stack.extend(m.fields.iter().filter_map(|f| self.field_ref(&f.ty)).map(str::to_owned));
                }
                Some(TypeDef::RequestModel(m)) => {
                    stack.extend(m.fields.iter().filter_map(|f| self.param_ref(&f.ty)).map(str::to_owned));
                }
                _ => {}
            }
        }
        out
    }

    /// The wire items a named type stands for, for the report.
    pub(super) fn type_wire(&self, name: &str) -> String {
        match self.sites.get(name) {
            Some(places) if !places.is_empty() => list(places, 3),
            _ => format!("(type `{name}`)"),
        }
    }

    /// Whether the model `name` is in an RPC response, so decoded from XML too.
    pub(super) fn in_xml(&self, name: &str) -> bool {
        self.xml_models.contains(name)
    }

    /// Where the request model `model` first sits in the requests (`createWidget body.tags[]`).
    pub(super) fn object_wire(&self, model: &str) -> String {
        match self.object_paths.get(model).and_then(|p| p.first()) {
            Some(path) => path.clone(),
            None => format!("(type `{model}`)"),
        }
    }

    /// The wire path of a field of `model`.
    pub(super) fn field_wire(&self, model: &str, field: &str) -> String {
        match self.model_paths.get(model).and_then(|p| p.first()) {
            Some(path) => format!("{path}.{field}"),
            None => format!("{model}.{field}"),
        }
    }
}

/// The wire item of a parameter of the action `op`, by where it is sent: `createX?name` (query),
/// `getWidget/{widgetId}` (path), `createWidget header x-ncp-region_code`, `createWidget body.name`.
pub(super) fn param_wire(op: &str, p: &Param) -> String {
    let name = &p.wire_name;
    match p.location {
        Location::Query => format!("{op}?{name}"),
        Location::Path => format!("{op}/{{{name}}}"),
        Location::Header => format!("{op} header {name}"),
        Location::Body => format!("{op} body.{name}"),
    }
}

/// Wire items for a report, the first `max` of them: `a`, `b`, `c` and 3 more.
pub(super) fn list(items: &[String], max: usize) -> String {
    let mut shown: Vec<String> = items.iter().take(max).cloned().collect();
    if items.len() > max {
        shown.push(format!("{} more", items.len() - max));
    }
    shown.join(", ")
}
