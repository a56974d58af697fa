//! The generator's own model of an API: plain data, lowered from OpenAPI once. Nothing after
//! lowering looks at `openapiv3` types again. Every item keeps its wire name beside its Rust name.
//!
//! Named types live in one table per kind ([`Types::newtypes`], [`Types::enums`],
//! [`Types::models`]) and are referred to by a typed index ([`NewtypeId`], [`EnumId`],
//! [`ModelId`]), never by name: a reference to a newtype can only find a newtype, and a lookup
//! cannot miss and fall through to some default. Ids are made only by pushing into a table (inside
//! this crate), so an id always points into the table of the service that made it.

use std::marker::PhantomData;

/// One spec file: one NCP API family, one Rust module.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The Rust module name (`vserver`), from the file stem.
    pub module: String,
    /// The spec file name (`vserver.yaml`).
    pub spec_file: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The API path every action lives under (`/vserver/v2`), common to all servers.
    pub base_path: String,
    /// The endpoints per NCP site.
    pub servers: Vec<Server>,
    /// The actions, in spec order.
    pub operations: Vec<Operation>,
    /// The named types the actions use.
    pub types: Types,
}

/// The named types of a service, one table per kind. Rust names are unique across the tables
/// (lowering makes sure of it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Types {
    /// Constrained request values, in the order lowering made them.
    pub newtypes: Table<NewtypeId, Newtype>,
    /// Request and response enums, in the order lowering made them.
    pub enums: Table<EnumId, Enum>,
    /// Response models, in the order lowering made them.
    pub models: Table<ModelId, Model>,
    /// Request models (objects in JSON request bodies), in the order lowering made them.
    pub request_models: Table<RequestModelId, RequestModel>,
}

impl Types {
    /// The newtype `id`.
    pub fn newtype(&self, id: NewtypeId) -> &Newtype {
        &self.newtypes[id]
    }

    /// The enum `id`.
    pub fn enumeration(&self, id: EnumId) -> &Enum {
        &self.enums[id]
    }

    /// The model `id`.
    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id]
    }

    /// The request model `id`.
    pub fn request_model(&self, id: RequestModelId) -> &RequestModel {
        &self.request_models[id]
    }

    /// The named type `id`, whatever its kind.
    pub fn get(&self, id: TypeId) -> TypeDef<'_> {
        match id {
            TypeId::Newtype(id) => TypeDef::Newtype(self.newtype(id)),
            TypeId::Enum(id) => TypeDef::Enum(self.enumeration(id)),
            TypeId::Model(id) => TypeDef::Model(self.model(id)),
            TypeId::RequestModel(id) => TypeDef::RequestModel(self.request_model(id)),
        }
    }

    /// The Rust name of the named type `id`.
    pub fn type_name(&self, id: TypeId) -> &str {
        self.get(id).name()
    }

    /// Every named type, sorted by Rust name: the order of the generated module.
    pub fn sorted(&self) -> Vec<(TypeId, TypeDef<'_>)> {
        let mut all: Vec<(TypeId, TypeDef<'_>)> =
            Vec::with_capacity(self.newtypes.len() + self.enums.len() + self.models.len() + self.request_models.len());
        all.extend(
            self.newtypes
                .iter()
                .map(|(id, t)| (TypeId::Newtype(id), TypeDef::Newtype(t))),
        );
        all.extend(self.enums.iter().map(|(id, t)| (TypeId::Enum(id), TypeDef::Enum(t))));
        all.extend(self.models.iter().map(|(id, t)| (TypeId::Model(id), TypeDef::Model(t))));
        all.extend(
            self.request_models
                .iter()
                .map(|(id, t)| (TypeId::RequestModel(id), TypeDef::RequestModel(t))),
        );
        all.sort_by(|a, b| a.1.name().cmp(b.1.name()));
        all
    }
}

/// Finds a service's named types by id: its whole [`Types`], or the part of them one emitted item
/// may read (the emitter's `TypeSlice`, which refuses any other).
pub trait TypeLookup<'a>: Copy {
    /// The newtype `id`.
    fn newtype(self, id: NewtypeId) -> &'a Newtype;
    /// The enum `id`.
    fn enumeration(self, id: EnumId) -> &'a Enum;
    /// The model `id`.
    fn model(self, id: ModelId) -> &'a Model;
    /// The request model `id`.
    fn request_model(self, id: RequestModelId) -> &'a RequestModel;
}

impl<'a> TypeLookup<'a> for &'a Types {
    fn newtype(self, id: NewtypeId) -> &'a Newtype {
        &self.newtypes[id]
    }

    fn enumeration(self, id: EnumId) -> &'a Enum {
        &self.enums[id]
    }

    fn model(self, id: ModelId) -> &'a Model {
        &self.models[id]
    }

    fn request_model(self, id: RequestModelId) -> &'a RequestModel {
        &self.request_models[id]
    }
}

/// The named types of one kind, indexed by their typed id `I`. Items can be read and changed but
/// neither removed nor reordered, so every id a table handed out stays valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<I, T> {
    items: Vec<T>,
    ids: PhantomData<fn() -> I>,
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Self {
        Table {
            items: Vec::new(),
            ids: PhantomData,
        }
    }
}

impl<I, T> Table<I, T> {
    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, in the order they were made.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The items, to change in place.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
}

/// Declares the typed id of one kind of named type, the only way to make one (pushing into its
/// table) and the lookups by it.
macro_rules! type_id {
    ($(#[$doc:meta])* $id:ident => $item:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $id(usize);

        impl $id {
            /// The position in its table.
            pub fn index(self) -> usize {
                self.0
            }
        }

        impl Table<$id, $item> {
            /// Add an item and return its id.
            pub(crate) fn push(&mut self, item: $item) -> $id {
                self.items.push(item);
                $id(self.items.len() - 1)
            }

            /// The items with their ids, in the order they were made.
            pub fn iter(&self) -> impl Iterator<Item = ($id, &$item)> {
                self.items.iter().enumerate().map(|(i, item)| ($id(i), item))
            }
        }

        impl std::ops::Index<$id> for Table<$id, $item> {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self.items[id.0]
            }
        }

        impl std::ops::IndexMut<$id> for Table<$id, $item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self.items[id.0]
            }
        }

        impl From<$id> for TypeId {
            fn from(id: $id) -> TypeId {
                TypeId::$item(id)
            }
        }
    };
}

type_id!(
    /// A constrained request value of a service: an index into [`Types::newtypes`].
    NewtypeId => Newtype
);
type_id!(
    /// An enum of a service: an index into [`Types::enums`].
    EnumId => Enum
);
type_id!(
    /// A response model of a service: an index into [`Types::models`].
    ModelId => Model
);
type_id!(
    /// A request model of a service: an index into [`Types::request_models`].
    RequestModelId => RequestModel
);

/// Any named type of a service, by kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeId {
    /// A constrained request value.
    Newtype(NewtypeId),
    /// An enum.
    Enum(EnumId),
    /// A response model.
    Model(ModelId),
    /// A request model.
    RequestModel(RequestModelId),
}

/// An endpoint of the service at one NCP site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `public`, `gov` or `fin`.
    pub site: Site,
    /// Scheme and host (`https://ncloud.apigw.ntruss.com`).
    pub origin: String,
    /// The server's description.
    pub description: Option<String>,
    /// The base path per region, for APIs with the region in the path (`x-ncp-region-paths`):
    /// region code (`SGN`) and base path (`/vnks/sgn-v2`), in spec order. Empty for others.
    pub region_paths: Vec<(String, String)>,
}

/// An NCP site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Site {
    /// The public site.
    Public,
    /// The government site.
    Gov,
    /// The financial site.
    Fin,
}

/// One API action.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The wire name: the `operationId` (`createBlockStorageSnapshotInstance`), or, for an
    /// operation without one, the name derived from its method and path (`getApiKeysApiKeyId`).
    /// The names of its Rust items are made from it by the [API model](crate::rust_view).
    pub wire_name: String,
    /// Whether [`wire_name`](Self::wire_name) was derived from the method and path (the spec has
    /// no `operationId`): the diff then matches the operation by method and path.
    pub derived_name: bool,
    /// The HTTP method.
    pub method: Method,
    /// The path below the service's base path, as the spec writes it: a template for REST
    /// operations (`/clusters/{uuid}`), the action for RPC ones (`/createBlockStorageSnapshotInstance`).
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the action is deprecated.
    pub deprecated: bool,
    /// The parameters the request type exposes, in the order of `builder(…)`'s arguments among
    /// the required ones: path parameters in path order, then query and header parameters in spec
    /// order, then the properties of the JSON body in the order of its schema.
    pub params: Vec<Param>,
    /// The JSON request body, whose properties are the parameters in [`Location::Body`].
    pub body: Option<Body>,
    /// The wire name of the parameter that selects the response format, if any.
    pub response_format_param: Option<String>,
    /// What a success answers.
    pub response: Response,
    /// Whether a call needs the API key (`security` naming an `x-ncp-apigw-api-key` scheme).
    pub api_key: bool,
    /// How to walk every page, when the action is a paged list (`x-ncp-pagination`).
    pub pagination: Option<Pagination>,
    /// The waiters that poll this action (`x-ncp-waiters`), in spec order.
    pub waiters: Vec<Waiter>,
}

impl Operation {
    /// The response model, when a success answers with one.
    pub fn model(&self) -> Option<ModelId> {
        self.response.model()
    }

    /// Whether the operation is REST (JSON only, any method, path, header and body parameters)
    /// rather than RPC (XML or JSON in NCP's envelope).
    pub fn is_rest(&self) -> bool {
        !matches!(self.response, Response::Rpc { .. })
    }

    /// The parameters in `location`, in [`params`](Self::params) order.
    pub fn params_in(&self, location: Location) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method as sent (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The key of its operation in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// `requestBody.required`: when false, every property is optional and, when no property is
    /// set, no body is sent.
    pub required: bool,
    /// `requestBody.description`.
    pub description: Option<String>,
    /// The wire names of the properties the schema lists as `required`, in schema order. With a
    /// required body they are builder arguments; with an optional one they must be set whenever
    /// any property is.
    pub required_properties: Vec<String>,
    /// The body's schema has no properties to flatten (a free-form object, or a map): the
    /// operation's one body parameter (named by `x-codegen-request-body-name`, else `body`) is
    /// the whole JSON object, sent as given.
    pub whole: bool,
}

/// What a success answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// An RPC action: the model in XML (root element `xml_root`) or in JSON's envelope.
    Rpc {
        /// The response model.
        model: ModelId,
        /// The root element of the XML response (`createBlockStorageSnapshotInstanceResponse`).
        xml_root: String,
        /// The key of the JSON envelope (`createBlockStorageSnapshotInstanceResponse`).
        json_envelope: String,
    },
    /// A REST JSON body: a model, or another value (a string, a list) where the schema says so.
    /// An empty body decodes as the empty value (a model with every field absent).
    Json {
        /// The success status (`200`, `201`).
        status: u16,
        /// The value.
        ty: FieldType,
    },
    /// No content (`204`, or a 2xx without content): the call gives `()`.
    Empty {
        /// The success status.
        status: u16,
    },
    /// `application/octet-stream`: the call gives the bytes.
    Bytes {
        /// The success status.
        status: u16,
        /// The response is also offered as JSON; the client asks for the bytes.
        also_json: bool,
    },
}

impl Response {
    /// The response model, when the response is one.
    pub fn model(&self) -> Option<ModelId> {
        match self {
            Response::Rpc { model, .. }
            | Response::Json {
                ty: FieldType::Model(model),
                ..
            } => Some(*model),
            _ => None,
        }
    }

    /// The success status of a REST response (`None` for RPC: 200).
    pub fn status(&self) -> Option<u16> {
        match self {
            Response::Rpc { .. } => None,
            Response::Json { status, .. } | Response::Empty { status } | Response::Bytes { status, .. } => {
                Some(*status)
            }
        }
    }
}

/// How to walk every page of a paged list action (`x-ncp-pagination`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pagination {
    /// How pages are asked for.
    pub kind: PageKind,
    /// The response field holding a page's items: a list, an index into the response model's
    /// fields.
    pub items_field: usize,
    /// The response field with the number of items across all pages (`totalRows`), if any.
    pub total_field: Option<usize>,
}

/// How the pages of a paged list are asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// By page number and page size (NCP's RPC lists: `pageNo`, `pageSize`).
    Number {
        /// The page-number parameter, an index into [`Operation::params`]: optional, 32-bit.
        page_param: usize,
        /// The page-size parameter, likewise.
        size_param: usize,
        /// The page size when the caller gives none.
        default_size: i32,
    },
    /// By the offset of the first item and a limit (API Gateway's lists: `offset`, `limit`).
    Offset {
        /// The offset parameter, an index into [`Operation::params`]: optional, 64-bit.
        offset_param: usize,
        /// The limit parameter, likewise.
        limit_param: usize,
        /// The limit when the caller gives none.
        default_limit: i64,
    },
}

/// A waiter: polls its action until an acceptor decides (`x-ncp-waiters`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Waiter {
    /// The name as the spec writes it (`blockStorageSnapshotCreated`), shown in errors. The names
    /// of its Rust items are made from it by the [API model](crate::rust_view).
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The delay before the first poll, in seconds (`initial-delay`, default 0).
    pub initial_delay: u64,
    /// The delay before the second poll and the least delay between polls, in seconds.
    pub min_delay: u64,
    /// The most delay between polls, in seconds.
    pub max_delay: u64,
    /// The longest wait, in seconds.
    pub max_wait: u64,
    /// When the waiter is about one item of a list, chosen by a key the caller gives.
    pub select: Option<Select>,
    /// The acceptors, in order: the first that holds decides.
    pub acceptors: Vec<Acceptor>,
}

/// One item of a response list, chosen by the value of one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Select {
    /// The list field, on the response model (wire and Rust name).
    pub list: PathStep,
    /// The item's string field whose value the caller gives (`nasVolumeSnapshotName`).
    pub key: PathStep,
}

/// A condition on a poll's outcome and what it decides.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Acceptor {
    /// What it decides when it holds.
    pub state: WaitState,
    /// When it holds.
    pub matcher: Matcher,
}

/// What an acceptor decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaitState {
    /// The wait succeeded.
    Success,
    /// The wait failed: the resource will not reach the state.
    Failure,
    /// Poll again.
    Retry,
}

/// When an acceptor holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Matcher {
    /// A value at the path is one of `values` (`all`: there are values, and every one is).
    Path {
        /// Where the values are.
        path: ResponsePath,
        /// The wire values that match.
        values: Vec<String>,
        /// Every value must match, rather than any.
        all: bool,
    },
    /// Nothing is at the path: a list (through the path) is empty or absent.
    Empty(ResponsePath),
    /// The selected item is not in the list.
    Absent,
    /// The poll failed with an NCP service error whose `returnCode` is one of these.
    ErrorCodes(Vec<String>),
    /// The poll failed with the service's own error (never the gateway's) of this HTTP status
    /// (`404`: gone).
    Status(u16),
}

/// A path into a response, from the response model (or the selected item) to a value or list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponsePath {
    /// As the spec writes it (`blockStorageSnapshotInstanceList[].blockStorageSnapshotInstanceStatus.code`).
    pub text: String,
    /// The fields, in order.
    pub steps: Vec<PathStep>,
    /// What the last field holds.
    pub end: PathEnd,
}

/// One field of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathStep {
    /// The wire name.
    pub wire_name: String,
    /// The Rust name, not yet escaped.
    pub rust_name: String,
    /// The field is a list, and the path goes through each of its items (`[]`).
    pub each: bool,
}

/// What the value at the end of a path is, for turning it into wire text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathEnd {
    /// A string.
    String,
    /// An open enum: its wire text.
    Enum,
    /// A number, a boolean or a timestamp: its text.
    Display,
    /// List items (for `empty`).
    Items,
}

/// A parameter of a request: in the query, the path, a header, or a property of the JSON body
/// (the body's properties are flattened into the request, and a request model's fields are
/// these too).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The wire name (`blockStorageSnapshotName`).
    pub wire_name: String,
    /// The Rust name (`block_storage_snapshot_name`), not yet escaped for keywords.
    pub rust_name: String,
    /// `description`.
    pub description: Option<String>,
    /// Whether the request cannot be built without it.
    pub required: bool,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// The server's default, as wire text, for documentation.
    pub default: Option<String>,
    /// An example value, as wire text, for documentation.
    pub example: Option<String>,
    /// Whether this is the region parameter (`x-ncp-role: region`).
    pub is_region: bool,
    /// Where it is sent.
    pub location: Location,
    /// Whether its value may be shown in logs, `Debug` output and errors
    /// (`x-ncp-parameter-is-logged`, default true).
    pub logged: bool,
    /// The value's type.
    pub ty: ParamType,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// In the query string.
    Query,
    /// As one segment of the path.
    Path,
    /// As a header.
    Header,
    /// As a property of the JSON body (or of a request model inside it).
    Body,
}

impl Location {
    /// As OpenAPI's `in` writes it (`body` for a body property).
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Query => "query",
            Location::Path => "path",
            Location::Header => "header",
            Location::Body => "body",
        }
    }
}

impl Param {
    /// The least number of items the client accepts for a list: its `minItems`, and at least one
    /// when the list is required (a required list that is empty is not sent at all). `None` for
    /// scalars and for optional lists without `minItems`.
    pub fn min_items(&self) -> Option<u64> {
        match &self.ty {
            ParamType::List { min_items, .. } => match (*min_items, self.required) {
                (Some(n), true) => Some(n.max(1)),
                (None, true) => Some(1),
                (n, false) => n,
            },
            ParamType::Scalar(_) | ParamType::Map { .. } => None,
        }
    }
}

/// The type of a request parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    /// A scalar.
    Scalar(Scalar),
    /// A list: in an RPC query `name.1`, `name.2`, …; in a REST query the name repeated; in a
    /// body a JSON array.
    List {
        /// The items.
        item: Scalar,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
    },
    /// A map from strings to values (`additionalProperties`), in a body only.
    Map {
        /// The values.
        value: Scalar,
    },
}

impl ParamType {
    /// The scalar, or the scalar of each item or value.
    pub fn scalar(&self) -> Scalar {
        match self {
            ParamType::Scalar(s) | ParamType::List { item: s, .. } | ParamType::Map { value: s } => *s,
        }
    }

    /// The named type the value is (or whose list it is), if any.
    pub fn type_id(&self) -> Option<TypeId> {
        self.scalar().type_id()
    }
}

/// A scalar request value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// Any string.
    String,
    /// A 32-bit integer without constraints.
    Int32,
    /// A 64-bit integer without constraints.
    Int64,
    /// A boolean.
    Bool,
    /// A floating-point number (in a body only).
    Float,
    /// A constrained newtype.
    Newtype(NewtypeId),
    /// A closed enum.
    Enum(EnumId),
    /// A JSON object with its own builder (in a body only).
    Object(RequestModelId),
    /// A free-form JSON object (`type: object` without `properties`, with no
    /// `additionalProperties` or `additionalProperties: true`), sent as given: no rule applies
    /// but being an object (in a body only).
    Json,
}

impl Scalar {
    /// The named type, if the value has one.
    pub fn type_id(self) -> Option<TypeId> {
        match self {
            Scalar::Newtype(id) => Some(id.into()),
            Scalar::Enum(id) => Some(id.into()),
            Scalar::Object(id) => Some(id.into()),
            Scalar::String | Scalar::Int32 | Scalar::Int64 | Scalar::Bool | Scalar::Float | Scalar::Json => None,
        }
    }
}

/// One rule of a constrained value, as its documentation and the diff list it. Newtypes keep their
/// rules in typed slots ([`StrRules`], [`IntRules`]); this is the view of one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// `minLength`, in characters.
    MinLength(u64),
    /// `maxLength`, in characters.
    MaxLength(u64),
    /// `x-ncp-max-bytes`, in UTF-8 bytes.
    MaxBytes(u64),
    /// `pattern`, an unanchored regular expression.
    Pattern(String),
    /// `minimum`, inclusive.
    Minimum(i64),
    /// `maximum`, inclusive.
    Maximum(i64),
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Constraint::MinLength(n) => write!(f, "at least {n} {}", plural(*n, "character")),
            Constraint::MaxLength(n) => write!(f, "at most {n} {}", plural(*n, "character")),
            Constraint::MaxBytes(n) => write!(f, "at most {n} {} of UTF-8", plural(*n, "byte")),
            Constraint::Pattern(p) => write!(f, "matches the pattern `{p}`"),
            Constraint::Minimum(n) => write!(f, "at least {n}"),
            Constraint::Maximum(n) => write!(f, "at most {n}"),
        }
    }
}

/// `unit`, with an `s` unless `n` is 1.
fn plural(n: u64, unit: &str) -> String {
    if n == 1 { unit.to_owned() } else { format!("{unit}s") }
}

/// The rules of a constrained string. Only string rules have a slot here, so a string can never
/// carry `minimum`, nor an integer a length.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StrRules {
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `x-ncp-max-bytes`, in UTF-8 bytes.
    pub max_bytes: Option<u64>,
    /// `pattern`, an unanchored regular expression.
    pub pattern: Option<String>,
}

impl StrRules {
    /// The rules that are set, in the order they are documented, emitted and checked:
    /// `minLength`, `maxLength`, `x-ncp-max-bytes`, `pattern`.
    pub fn list(&self) -> Vec<Constraint> {
        let mut out = Vec::new();
        out.extend(self.min_length.map(Constraint::MinLength));
        out.extend(self.max_length.map(Constraint::MaxLength));
        out.extend(self.max_bytes.map(Constraint::MaxBytes));
        out.extend(self.pattern.clone().map(Constraint::Pattern));
        out
    }

    /// Whether no rule is set (the value is a plain `String`).
    pub fn is_empty(&self) -> bool {
        *self == StrRules::default()
    }
}

/// The rules of a constrained integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct IntRules {
    /// `minimum`, inclusive.
    pub minimum: Option<i64>,
    /// `maximum`, inclusive.
    pub maximum: Option<i64>,
}

impl IntRules {
    /// The rules that are set, in the order they are documented, emitted and checked:
    /// `minimum`, `maximum`.
    pub fn list(&self) -> Vec<Constraint> {
        let mut out = Vec::new();
        out.extend(self.minimum.map(Constraint::Minimum));
        out.extend(self.maximum.map(Constraint::Maximum));
        out
    }

    /// Whether no rule is set (the value is a plain integer).
    pub fn is_empty(&self) -> bool {
        *self == IntRules::default()
    }
}

/// A named type of a service, borrowed from its table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TypeDef<'a> {
    /// A constrained string or integer.
    Newtype(&'a Newtype),
    /// An enumeration of strings.
    Enum(&'a Enum),
    /// A response model.
    Model(&'a Model),
    /// A request model.
    RequestModel(&'a RequestModel),
}

impl<'a> TypeDef<'a> {
    /// The Rust name.
    pub fn name(self) -> &'a str {
        match self {
            TypeDef::Newtype(t) => &t.name,
            TypeDef::Enum(t) => &t.name,
            TypeDef::Model(t) => &t.name,
            TypeDef::RequestModel(t) => &t.name,
        }
    }

    /// The `description`.
    pub fn description(self) -> Option<&'a str> {
        match self {
            TypeDef::Newtype(t) => t.description.as_deref(),
            TypeDef::Enum(t) => t.description.as_deref(),
            TypeDef::Model(t) => t.description.as_deref(),
            TypeDef::RequestModel(t) => t.description.as_deref(),
        }
    }
}

/// A request value with constraints, held only when valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Newtype {
    /// The Rust name (`BlockStorageSnapshotName`).
    pub name: String,
    /// The wire name its errors use when it is parsed on its own.
    pub field: String,
    /// `description`.
    pub description: Option<String>,
    /// What it wraps, with its rules.
    pub base: NewtypeBase,
}

impl Newtype {
    /// Its rules, in the order they are documented, emitted and checked.
    pub fn rules(&self) -> Vec<Constraint> {
        self.base.rules()
    }
}

/// What a newtype wraps, and the rules that apply to that kind of value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NewtypeBase {
    /// `String`.
    String(StrRules),
    /// `i32`.
    Int32(IntRules),
    /// `i64`.
    Int64(IntRules),
}

impl NewtypeBase {
    /// The wrapped value's type, without the rules.
    pub fn base_type(&self) -> BaseType {
        match self {
            NewtypeBase::String(_) => BaseType::String,
            NewtypeBase::Int32(_) => BaseType::Int32,
            NewtypeBase::Int64(_) => BaseType::Int64,
        }
    }

    /// The rules, in the order they are documented, emitted and checked.
    pub fn rules(&self) -> Vec<Constraint> {
        match self {
            NewtypeBase::String(r) => r.list(),
            NewtypeBase::Int32(r) | NewtypeBase::Int64(r) => r.list(),
        }
    }
}

/// The type a newtype wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseType {
    /// `String`.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
}

/// An enumeration of strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The Rust name.
    pub name: String,
    /// The wire name its errors use when it is parsed on its own.
    pub field: String,
    /// `description`.
    pub description: Option<String>,
    /// The values, in spec order.
    pub values: Vec<EnumValue>,
    /// Open enums (response values) have an `Unknown(String)` variant so that a value the
    /// server adds later never breaks decoding; closed enums (request values) reject it.
    pub open: bool,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The wire text (`FULL`).
    pub wire: String,
    /// The variant name (`Full`).
    pub variant: String,
}

/// An object in a JSON request body: built with its own builder and checked with the request,
/// each violation named by its path in the body (`tags[0].key`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestModel {
    /// The Rust name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The properties, in schema order (required ones first among `builder(…)`'s arguments, in
    /// that order), each a [`Param`] in [`Location::Body`].
    pub fields: Vec<Param>,
}

/// A response model, decoded from XML and JSON alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The fields, in spec order. All are optional on the wire.
    pub fields: Vec<Field>,
}

impl Model {
    /// Whether values of this model can derive `Eq`: no `f64` anywhere inside. The emitter
    /// derives it on that condition, and the diff reports when it changes. `models` is the table
    /// of the service this model belongs to.
    pub fn is_eq<'a>(&self, types: impl TypeLookup<'a>) -> bool {
        fn walk<'a>(model: &Model, types: impl TypeLookup<'a>, depth: usize) -> bool {
            // Models cannot be recursive (lowering rejects cycles); the bound only guards that.
            depth <= 64
                && model.fields.iter().all(|f| match &f.ty {
                    FieldType::Scalar(FieldScalar::Float)
                    | FieldType::Map(FieldScalar::Float)
                    | FieldType::List {
                        item: ListItem::Scalar(FieldScalar::Float),
                        ..
                    } => false,
                    FieldType::Model(id)
                    | FieldType::List {
                        item: ListItem::Model(id),
                        ..
                    } => walk(types.model(*id), types, depth + 1),
                    FieldType::Scalar(_) | FieldType::Map(_) | FieldType::List { .. } | FieldType::Json => true,
                })
        }
        walk(self, types, 0)
    }
}

/// A field of a response model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name, the same in XML and JSON.
    pub wire_name: String,
    /// The Rust name, not yet escaped for keywords.
    pub rust_name: String,
    /// `description`.
    pub description: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// The value's type.
    pub ty: FieldType,
}

/// The type of a response field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// A scalar.
    Scalar(FieldScalar),
    /// A nested model.
    Model(ModelId),
    /// A list: a JSON array, or in XML a wrapping element named like the field holding one
    /// element per item.
    List {
        /// The items.
        item: ListItem,
        /// The XML element name of each item.
        xml_item: String,
    },
    /// A JSON object from strings to scalars (`additionalProperties`): REST responses only.
    Map(FieldScalar),
    /// Any JSON value, kept as it came: a free-form object (`type: object` without
    /// `properties`, with no `additionalProperties` or `additionalProperties: true`), which no
    /// type describes. REST responses only.
    Json,
}

impl FieldType {
    /// The named type the field holds directly (a model, a list of models, an enum…), if any.
    pub fn type_id(&self) -> Option<TypeId> {
        match self {
            FieldType::Scalar(FieldScalar::Enum(id))
            | FieldType::Map(FieldScalar::Enum(id))
            | FieldType::List {
                item: ListItem::Scalar(FieldScalar::Enum(id)),
                ..
            } => Some((*id).into()),
            FieldType::Model(id)
            | FieldType::List {
                item: ListItem::Model(id),
                ..
            } => Some((*id).into()),
            FieldType::Scalar(_) | FieldType::Map(_) | FieldType::List { .. } | FieldType::Json => None,
        }
    }
}

/// The items of a response list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListItem {
    /// Scalars.
    Scalar(FieldScalar),
    /// Models.
    Model(ModelId),
}

/// A scalar response value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldScalar {
    /// A string.
    String,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer.
    Int64,
    /// A floating-point number.
    Float,
    /// A boolean.
    Bool,
    /// A timestamp (`format: date-time`).
    DateTime,
    /// An open enum.
    Enum(EnumId),
}
