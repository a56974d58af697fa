//! What each part of a module is made from. An emitter reads its part and the part's [`Scope`],
//! nothing else, and the part's cache key is written from the same values ([`PartInput`]'s
//! `Debug`), so the key covers everything the code depends on by construction: a named type the
//! part's roots do not reach cannot even be looked up ([`TypeSlice`] refuses it).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use crate::ir::{
    Enum, EnumId, Model, ModelId, Newtype, NewtypeId, RequestModel, RequestModelId, Response, Server, Service, TypeDef,
    TypeId, TypeLookup, Types,
};
use crate::rust_view::OperationView;

/// One piece of a service module, emitted (and formatted) on its own, so that a large module is
/// never held as one token tree and its pieces can be formatted in parallel.
#[derive(Debug)]
pub enum Part<'a> {
    /// The module's documentation, `BASE_PATH`, `SERVERS` and the `Api` handle with its
    /// constructor.
    Head,
    /// The `Api` handle's methods that call one operation. Its code is an `impl` block of its
    /// own, which the file joins to the handle's (see [`PartInput::continues`]), so that one
    /// operation's change formats that operation's methods again, not every operation's.
    ApiMethods(OperationView<'a>),
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

impl PartInput<'_> {
    /// Whether the part's code continues the previous part's last block: the file drops the
    /// previous part's closing line and this part's opening line where they meet.
    pub fn continues(&self) -> bool {
        matches!(self.part, Part::ApiMethods(_))
    }
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
    /// The scope of a part of `service` that reads the types reachable from `roots`; `digests`
    /// are the service's [`TypeDigests`], shared by every part.
    pub fn new(
        service: &'a Service,
        root: &'a str,
        roots: impl IntoIterator<Item = TypeId>,
        digests: &Arc<TypeDigests>,
    ) -> Self {
        Scope {
            module: &service.module,
            spec_file: &service.spec_file,
            title: &service.title,
            description: service.description.as_deref(),
            base_path: &service.base_path,
            servers: &service.servers,
            root,
            types: TypeSlice::reachable(&service.types, roots, digests),
        }
    }
}

/// The SHA-256 of each named type's `Debug` text (its whole definition), computed at most once
/// per run, when a cache key first needs it. Parts name the types they read by these digests in
/// their keys instead of repeating each definition: the keys cover the same input in a fraction
/// of the text (a type read by many parts is written out once, not once per part).
#[derive(Debug, Default)]
pub struct TypeDigests(HashMap<TypeId, OnceLock<[u8; 32]>>);

impl TypeDigests {
    /// A table for every type of `types`, each digest still to be computed.
    pub fn new(types: &Types) -> Self {
        let ids = (types.newtypes.iter().map(|(id, _)| TypeId::Newtype(id)))
            .chain(types.enums.iter().map(|(id, _)| TypeId::Enum(id)))
            .chain(types.models.iter().map(|(id, _)| TypeId::Model(id)))
            .chain(types.request_models.iter().map(|(id, _)| TypeId::RequestModel(id)));
        TypeDigests(ids.map(|id| (id, OnceLock::new())).collect())
    }

    /// The digest of type `id` of `types` (the table's own), computed on first use.
    fn digest(&self, types: &Types, id: TypeId) -> [u8; 32] {
        let compute = || Sha256::digest(format!("{:?}", types.get(id)).as_bytes()).into();
        match self.0.get(&id) {
            Some(cell) => *cell.get_or_init(compute),
            // Not in the table (a table made for other types): computed every time, still exact.
            None => compute(),
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
    digests: Arc<TypeDigests>,
}

impl<'a> TypeSlice<'a> {
    /// The types reachable from `roots`; `digests` write them in the slice's `Debug` text.
    pub fn reachable(types: &'a Types, roots: impl IntoIterator<Item = TypeId>, digests: &Arc<TypeDigests>) -> Self {
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
        TypeSlice {
            types,
            ids,
            digests: Arc::clone(digests),
        }
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

/// Every type of the slice with the digest of its definition: what the part's code may depend
/// on, as a cache key needs it.
impl fmt::Debug for TypeSlice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.ids
                    .iter()
                    .map(|id| (id, Hex(self.digests.digest(self.types, *id)))),
            )
            .finish()
    }
}

/// A digest written as hexadecimal digits.
struct Hex([u8; 32]);

impl fmt::Debug for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::ServiceEmitter;

    fn vserver() -> Service {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vserver.yaml");
        let spec = crate::load::load_bytes(std::path::Path::new(path), &std::fs::read(path).unwrap()).unwrap();
        crate::lower::lower(&spec).unwrap()
    }

    /// The keys of every part, in order.
    fn keys(service: &Service) -> Vec<String> {
        let emitter = ServiceEmitter::new(service, crate::runtime::DEFAULT_ROOT);
        emitter
            .parts()
            .iter()
            .map(|part| {
                let mut key = String::new();
                emitter.fingerprint(part, &mut key).unwrap();
                key
            })
            .collect()
    }

    #[test]
    fn a_key_names_the_types_it_reads_by_digest_and_follows_their_definitions() {
        let mut service = vserver();
        let before = keys(&service);
        let (_, model) = service.types.models.iter().next().unwrap();
        let marker = "A description only the model's own key holds as text.";
        let marked = |s: &mut Service| {
            let model = s.types.models.values_mut().next().unwrap();
            model.description = Some(marker.into());
        };
        let name = model.name.clone();
        marked(&mut service);
        let after = keys(&service);
        // The model's own part holds its definition; every other part names it by digest.
        assert_eq!(after.iter().filter(|key| key.contains(marker)).count(), 1);
        // Exactly the parts that read the model have new keys, and some do.
        let changed = before.iter().zip(&after).filter(|(b, a)| b != a).count();
        let readers = ServiceEmitter::new(&service, crate::runtime::DEFAULT_ROOT)
            .parts()
            .iter()
            .filter(|part| part.scope.types.ids().any(|id| service.types.get(id).name() == name))
            .count();
        assert!(
            readers > 0 && changed == readers,
            "{changed} keys changed, {readers} parts read {name}"
        );
    }

    #[test]
    fn a_digest_is_computed_once_and_one_outside_the_table_is_still_exact() {
        let service = vserver();
        let digests = TypeDigests::new(&service.types);
        let (id, def) = service.types.sorted()[0];
        let expected: [u8; 32] = Sha256::digest(format!("{def:?}").as_bytes()).into();
        assert_eq!(digests.digest(&service.types, id), expected);
        assert!(digests.0[&id].get().is_some(), "kept for the next part");
        assert_eq!(TypeDigests::default().digest(&service.types, id), expected);
    }
}
