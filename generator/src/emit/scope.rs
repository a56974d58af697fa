//! What each part of a module is made from. An emitter reads its part and the part's [`Scope`],
//! nothing else, and the part's cache key is written from the same values ([`PartInput`]'s
//! `Debug`), so the key covers everything the code depends on by construction: a named type the
//! part's roots do not reach cannot even be looked up ([`TypeSlice`] refuses it).

use std::collections::BTreeSet;
use std::fmt;

use crate::ir::{
    Enum, EnumId, Model, ModelId, Newtype, NewtypeId, RequestModel, RequestModelId, Response, Server, Service, TypeDef,
    TypeId, TypeLookup, Types,
};
use crate::rust_view::OperationView;

/// One piece of a service module, emitted (and formatted) on its own, so that a large module is
/// never held as one token tree and its pieces can be formatted in parallel.
#[derive(Debug)]
pub enum Part<'a> {
    /// The module's documentation, `BASE_PATH`, `SERVERS` and the `Api` handle with the methods
    /// of every operation.
    Head(Vec<OperationView<'a>>),
    /// A request type, its builder, and its paging impl and waiters.
    Operation(OperationView<'a>),
    /// The decoding entry points on the response model of an operation.
    ResponseRoot(ResponseRoot<'a>),
    /// A named type.
    Type(TypeDef<'a>),
    /// The `rules` module of the constrained parameter types.
    Rules(Vec<&'a Newtype>),
}

/// What the decoding entry points of a response model are made from: where its operation's
/// response body puts it.
#[derive(Debug)]
pub struct ResponseRoot<'a> {
    /// The response model.
    pub response: ModelId,
    /// The root element of the XML body.
    pub xml_root: &'a str,
    /// The key of the JSON envelope.
    pub json_envelope: &'a str,
}

impl<'a> ResponseRoot<'a> {
    /// The response root of `op`, an RPC action's (REST responses are plain JSON).
    pub fn of(op: &OperationView<'a>) -> Option<Self> {
        match &op.op.response {
            Response::Rpc {
                model,
                xml_root,
                json_envelope,
            } => Some(ResponseRoot {
                response: *model,
                xml_root,
                json_envelope,
            }),
            _ => None,
        }
    }
}

/// A part and everything its code is made from: the emitter's whole input, and (as `Debug`
/// text) its cache key.
#[derive(Debug)]
pub struct PartInput<'a> {
    /// The service-wide values and the types the part may read.
    pub scope: Scope<'a>,
    /// The part.
    pub part: Part<'a>,
}

/// What a part may read besides its own IR: the service's own fields, the runtime's root path in
/// generated code, and the named types its roots reach.
#[derive(Debug)]
pub struct Scope<'a> {
    /// The Rust module name (`vserver`).
    pub module: &'a str,
    /// The spec file (`vserver.yaml`).
    pub spec_file: &'a str,
    /// `info.title`.
    pub title: &'a str,
    /// `info.description`.
    pub description: Option<&'a str>,
    /// The API path every action lives under.
    pub base_path: &'a str,
    /// The endpoints per site.
    pub servers: &'a [Server],
    /// Where generated code finds the runtime.
    pub root: &'a str,
    /// The named types the part may read.
    pub types: TypeSlice<'a>,
}

impl<'a> Scope<'a> {
    /// The scope of a part of `service` that reads the types reachable from `roots`.
    pub fn new(service: &'a Service, root: &'a str, roots: impl IntoIterator<Item = TypeId>) -> Self {
        Scope {
            module: &service.module,
            spec_file: &service.spec_file,
            title: &service.title,
            description: service.description.as_deref(),
            base_path: &service.base_path,
            servers: &service.servers,
            root,
            types: TypeSlice::reachable(&service.types, roots),
        }
    }
}

/// The named types one part may read: those its roots reach, through model fields. A lookup of
/// any other type is a bug in the emitter (it would read something its cache key does not
/// cover), and panics.
#[derive(Clone)]
pub struct TypeSlice<'a> {
    types: &'a Types,
    ids: BTreeSet<TypeId>,
}

impl<'a> TypeSlice<'a> {
    /// The types reachable from `roots`.
    pub fn reachable(types: &'a Types, roots: impl IntoIterator<Item = TypeId>) -> Self {
        let mut ids = BTreeSet::new();
        let mut stack: Vec<TypeId> = roots.into_iter().collect();
        while let Some(id) = stack.pop() {
            if !ids.insert(id) {
                continue;
            }
            match types.get(id) {
                TypeDef::Model(m) => stack.extend(m.fields.iter().filter_map(|f| f.ty.type_id())),
                TypeDef::RequestModel(m) => stack.extend(m.fields.iter().filter_map(|f| f.ty.type_id())),
                TypeDef::Newtype(_) | TypeDef::Enum(_) => {}
            }
        }
        TypeSlice { types, ids }
    }

    /// The type `id`, which must be in the slice.
    pub fn get(&self, id: TypeId) -> TypeDef<'a> {
        assert!(
            self.ids.contains(&id),
            "internal: an emitter read the type {id:?}, which its part's scope (and cache key) does not cover"
        );
        self.types.get(id)
    }

    /// Every type of the slice, by id.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.ids.iter().copied()
    }
}

impl<'a> TypeLookup<'a> for &TypeSlice<'a> {
    fn newtype(self, id: NewtypeId) -> &'a Newtype {
        match self.get(id.into()) {
            TypeDef::Newtype(n) => n,
            _ => unreachable!("a newtype id names a newtype"),
        }
    }

    fn enumeration(self, id: EnumId) -> &'a Enum {
        match self.get(id.into()) {
            TypeDef::Enum(e) => e,
            _ => unreachable!("an enum id names an enum"),
        }
    }

    fn model(self, id: ModelId) -> &'a Model {
        match self.get(id.into()) {
            TypeDef::Model(m) => m,
            _ => unreachable!("a model id names a model"),
        }
    }

    fn request_model(self, id: RequestModelId) -> &'a RequestModel {
        match self.get(id.into()) {
            TypeDef::RequestModel(m) => m,
            _ => unreachable!("a request model id names a request model"),
        }
    }
}

/// Every type of the slice with its definition: what the part's code may depend on.
impl fmt::Debug for TypeSlice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.ids.iter().map(|id| (id, self.types.get(*id))))
            .finish()
    }
}
