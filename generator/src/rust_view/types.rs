//! The Rust types of IR values: the paths and types a user of the generated crate writes. The
//! emitter turns a [`RustType`] into tokens and the diff into text for its reports, from the same
//! function here, so what a report says a value's type is, is the type that was generated.
//!
//! ```text
//! Scalar::Newtype(id)            → BlockStorageSnapshotName   (tokens: BlockStorageSnapshotName)
//! ParamType::List { String, .. } → Vec<String>                (tokens: ::std::vec::Vec<::std::string::String>)
//! FieldType::Scalar(DateTime)    → Option<Timestamp>          (tokens: ::std::option::Option<__rt::Timestamp>)
//! ```

use std::fmt;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ir::{BaseType, FieldScalar, FieldType, ListItem, ParamType, Scalar, TypeLookup};
use crate::naming::ident;
use crate::runtime as rt;

/// A Rust type as generated code spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType<'a> {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// The runtime's `Timestamp`.
    Timestamp,
    /// Any JSON value (`serde_json::Value`, which the runtime names `JsonValue`).
    Json,
    /// A JSON object (`serde_json::Map<String, serde_json::Value>`, which the runtime names
    /// `JsonMap`).
    JsonObject,
    /// A named type of the service's module, by its Rust name (not yet escaped).
    Named(&'a str),
    /// The builder of the request model of this Rust name (`TagBuilder`).
    Builder(&'a str),
    /// `Vec<T>`.
    Vec(Box<RustType<'a>>),
    /// `Option<T>`.
    Option(Box<RustType<'a>>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType<'a>>),
    /// `Vec<u8>`: bytes as they came.
    Bytes,
    /// `()`: nothing.
    Unit,
}

impl<'a> RustType<'a> {
    /// `Vec<self>`.
    pub fn vec(self) -> RustType<'a> {
        RustType::Vec(Box::new(self))
    }

    /// `Option<self>`.
    pub fn option(self) -> RustType<'a> {
        RustType::Option(Box::new(self))
    }

    /// `BTreeMap<String, self>`.
    pub fn map(self) -> RustType<'a> {
        RustType::Map(Box::new(self))
    }

    /// Whether this is `String`.
    pub fn is_string(&self) -> bool {
        *self == RustType::String
    }
}

/// The short form a person reads: `Option<Vec<BlockStorageSnapshotName>>`.
impl fmt::Display for RustType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::String => f.write_str("String"),
            RustType::I32 => f.write_str("i32"),
            RustType::I64 => f.write_str("i64"),
            RustType::F64 => f.write_str("f64"),
            RustType::Bool => f.write_str("bool"),
            RustType::Timestamp => f.write_str("Timestamp"),
            RustType::Json => f.write_str("JsonValue"),
            RustType::JsonObject => f.write_str("JsonMap"),
            RustType::Named(name) => write!(f, "{}", ident(name)),
            RustType::Builder(name) => write!(f, "{}", ident(&super::names::builder_type(name))),
            RustType::Vec(item) => write!(f, "Vec<{item}>"),
            RustType::Option(inner) => write!(f, "Option<{inner}>"),
            RustType::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            RustType::Bytes => f.write_str("Vec<u8>"),
            RustType::Unit => f.write_str("()"),
        }
    }
}

/// The form generated code uses: standard types fully qualified (`::std::string::String`), so that
/// no type a spec names can shadow them, and runtime types through the [`runtime`](crate::runtime)
/// registry.
impl ToTokens for RustType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            RustType::String => quote!(::std::string::String),
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::Timestamp => rt::timestamp(),
            RustType::Json => rt::json_value(),
            RustType::JsonObject => rt::json_map(),
            RustType::Named(name) => ident(name).into_token_stream(),
            RustType::Builder(name) => ident(&super::names::builder_type(name)).into_token_stream(),
            RustType::Vec(item) => quote!(::std::vec::Vec<#item>),
            RustType::Option(inner) => quote!(::std::option::Option<#inner>),
            RustType::Map(value) => quote!(::std::collections::BTreeMap<::std::string::String, #value>),
            RustType::Bytes => quote!(::std::vec::Vec<u8>),
            RustType::Unit => quote!(()),
        });
    }
}

/// The Rust path of an item below the crate root (`vserver::BlockStorageSnapshotName`,
/// `vserver::CreateXBuilder::is_encrypted`), each segment escaped as the emitter escapes it.
pub fn path(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| ident(s).to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The type a newtype wraps.
pub fn base(base: BaseType) -> RustType<'static> {
    match base {
        BaseType::String => RustType::String,
        BaseType::Int32 => RustType::I32,
        BaseType::Int64 => RustType::I64,
    }
}

/// The type of a validated request value: the newtype or enum, or the plain type.
pub fn scalar<'a>(types: impl TypeLookup<'a>, scalar: &Scalar) -> RustType<'a> {
    match scalar {
        Scalar::String => RustType::String,
        Scalar::Int32 => RustType::I32,
        Scalar::Int64 => RustType::I64,
        Scalar::Bool => RustType::Bool,
        Scalar::Float => RustType::F64,
        Scalar::Json => RustType::JsonObject,
        Scalar::Newtype(id) => RustType::Named(&types.newtype(*id).name),
        Scalar::Enum(id) => RustType::Named(&types.enumeration(*id).name),
        Scalar::Object(id) => RustType::Named(&types.request_model(*id).name),
    }
}

/// The type a builder holds a request value in before `build()` checks it: a newtype's base
/// type, a request model's builder, or the same type as [`scalar`] (enums and plain values need
/// no check).
pub fn raw_scalar<'a>(types: impl TypeLookup<'a>, value: &Scalar) -> RustType<'a> {
    match value {
        Scalar::Newtype(id) => base(types.newtype(*id).base.base_type()),
        Scalar::Object(id) => RustType::Builder(&types.request_model(*id).name),
        other => scalar(types, other),
    }
}

/// The type of a validated parameter value: `T`, or `Vec<T>` for a list (an optional scalar is
/// held in an `Option` of it).
pub fn param<'a>(types: impl TypeLookup<'a>, ty: &ParamType) -> RustType<'a> {
    match ty {
        ParamType::Scalar(s) => scalar(types, s),
        ParamType::List { item, .. } => scalar(types, item).vec(),
        ParamType::Map { value } => scalar(types, value).map(),
    }
}

/// The type of a scalar response value.
pub fn field_scalar<'a>(types: impl TypeLookup<'a>, scalar: &FieldScalar) -> RustType<'a> {
    match scalar {
        FieldScalar::String => RustType::String,
        FieldScalar::Int32 => RustType::I32,
        FieldScalar::Int64 => RustType::I64,
        FieldScalar::Float => RustType::F64,
        FieldScalar::Bool => RustType::Bool,
        FieldScalar::DateTime => RustType::Timestamp,
        FieldScalar::Enum(id) => RustType::Named(&types.enumeration(*id).name),
    }
}

/// The type of a response model's field: always an `Option`, as NCP leaves fields out.
pub fn field<'a>(types: impl TypeLookup<'a>, ty: &FieldType) -> RustType<'a> {
    let inner = match ty {
        FieldType::Scalar(s) => field_scalar(types, s),
        FieldType::Model(id) => RustType::Named(&types.model(*id).name),
        FieldType::List { item, .. } => match item {
            ListItem::Scalar(s) => field_scalar(types, s).vec(),
            ListItem::Model(id) => RustType::Named(&types.model(*id).name).vec(),
        },
        FieldType::Map(s) => field_scalar(types, s).map(),
        FieldType::Json => RustType::Json,
    };
    inner.option()
}

/// The type a call of an operation gives, for its response.
pub fn response<'a>(types: impl TypeLookup<'a>, response: &crate::ir::Response) -> RustType<'a> {
    match response {
        crate::ir::Response::Rpc { model, .. } => RustType::Named(&types.model(*model).name),
        crate::ir::Response::Json { ty, .. } => json_body(types, ty),
        crate::ir::Response::Empty { .. } => RustType::Unit,
        crate::ir::Response::Bytes { .. } => RustType::Bytes,
    }
}

/// The type a REST response's JSON body decodes to: the model, or the value the schema says,
/// not wrapped in an `Option` (an empty body gives the empty value).
pub fn json_body<'a>(types: impl TypeLookup<'a>, ty: &FieldType) -> RustType<'a> {
    match field(types, ty) {
        RustType::Option(inner) => *inner,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_short_and_tokens_are_fully_qualified() {
        let ty = RustType::Named("SnapshotName").vec().option();
        assert_eq!(ty.to_string(), "Option<Vec<SnapshotName>>");
        assert_eq!(
            ty.to_token_stream().to_string(),
            ":: std :: option :: Option < :: std :: vec :: Vec < SnapshotName > >"
        );
        assert_eq!(RustType::Timestamp.to_string(), "Timestamp");
        assert_eq!(RustType::Timestamp.to_token_stream().to_string(), "__rt :: Timestamp");
    }

    #[test]
    fn names_are_escaped_like_the_emitter_escapes_them() {
        assert_eq!(RustType::Named("Self").to_string(), "Self_");
        assert_eq!(
            path(&["vserver", "CreateXBuilder", "type"]),
            "vserver::CreateXBuilder::r#type"
        );
    }
}
