//! The generator's own model of an API: plain data, lowered from OpenAPI once. Nothing after
//! lowering looks at `openapiv3` types again. Every item keeps its wire name beside its Rust name.

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
    /// Named types (newtypes, enums, models), sorted by Rust name.
    pub types: Vec<TypeDef>,
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
    /// The wire name, `operationId` (`createBlockStorageSnapshotInstance`).
    pub wire_name: String,
    /// The request type (`CreateBlockStorageSnapshotInstance`).
    pub type_name: String,
    /// The builder type (`CreateBlockStorageSnapshotInstanceBuilder`).
    pub builder_name: String,
    /// The method name a client would use (`create_block_storage_snapshot_instance`).
    pub fn_name: String,
    /// The path below the service's base path (`/createBlockStorageSnapshotInstance`).
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the action is deprecated.
    pub deprecated: bool,
    /// The parameters the request type exposes, in spec order.
    pub params: Vec<Param>,
    /// The wire name of the parameter that selects the response format, if any.
    pub response_format_param: Option<String>,
    /// The response model (a `TypeDef::Model` name).
    pub response: String,
    /// The root element of the XML response (`createBlockStorageSnapshotInstanceResponse`).
    pub xml_root: String,
    /// The key of the JSON envelope (`createBlockStorageSnapshotInstanceResponse`).
    pub json_envelope: String,
}

/// A query parameter.
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
    /// The value's type.
    pub ty: ParamType,
}

/// The type of a query parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamType {
    /// A scalar.
    Scalar(Scalar),
    /// A list, sent as `name.1`, `name.2`, …
    List {
        /// The items.
        item: Scalar,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
    },
}

/// A scalar request value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// Any string.
    String,
    /// A 32-bit integer without constraints.
    Int32,
    /// A 64-bit integer without constraints.
    Int64,
    /// A boolean.
    Bool,
    /// A named type: a constrained newtype or a closed enum.
    Named(String),
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
            Constraint::MinLength(n) => write!(f, "at least {n} characters"),
            Constraint::MaxLength(n) => write!(f, "at most {n} characters"),
            Constraint::MaxBytes(n) => write!(f, "at most {n} bytes of UTF-8"),
            Constraint::Pattern(p) => write!(f, "matches the pattern `{p}`"),
            Constraint::Minimum(n) => write!(f, "at least {n}"),
            Constraint::Maximum(n) => write!(f, "at most {n}"),
        }
    }
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

/// A named type of a service.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A constrained string or integer.
    Newtype(Newtype),
    /// An enumeration of strings.
    Enum(Enum),
    /// A response model.
    Model(Model),
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Newtype(t) => &t.name,
            TypeDef::Enum(t) => &t.name,
            TypeDef::Model(t) => &t.name,
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
    /// derives it on that condition, and the diff reports when it changes.
    pub fn is_eq(&self, types: &std::collections::BTreeMap<&str, &TypeDef>) -> bool {
        fn walk(model: &Model, types: &std::collections::BTreeMap<&str, &TypeDef>, depth: usize) -> bool {
            // Models cannot be recursive (lowering rejects cycles); the bound only guards that.
            depth <= 64
                && model.fields.iter().all(|f| match &f.ty {
                    FieldType::Scalar(FieldScalar::Float)
                    | FieldType::List {
                        item: ListItem::Scalar(FieldScalar::Float),
                        ..
                    } => false,
                    FieldType::Model(name)
                    | FieldType::List {
                        item: ListItem::Model(name),
                        ..
                    } => match types.get(name.as_str()) {
                        Some(TypeDef::Model(m)) => walk(m, types, depth + 1),
                        _ => true,
                    },
                    _ => true,
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
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// A scalar.
    Scalar(FieldScalar),
    /// A nested model.
    Model(String),
    /// A list: a JSON array, or in XML a wrapping element named like the field holding one
    /// element per item.
    List {
        /// The items.
        item: ListItem,
        /// The XML element name of each item.
        xml_item: String,
    },
}

/// The items of a response list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListItem {
    /// Scalars.
    Scalar(FieldScalar),
    /// Models.
    Model(String),
}

/// A scalar response value.
#[derive(Debug, Clone, PartialEq)]
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
    Enum(String),
}
