//! Response models: one generic decoder and one generic encoder for every generated model.
//!
//! A generated model is a plain struct of `Option` fields. Instead of a `serde` derive per model,
//! which expands to hundreds of lines per struct and dominated the compile time of large clients,
//! each model implements [`Model`]: one `match` from wire name to field for decoding, one list of
//! fields for encoding. Everything else (the visitor, XML's and JSON's shapes, lenient scalars,
//! wrapped lists) is written once, here and in [`de`](crate::runtime::de).
//!
//! The model's `serde` impls are one-liners that call [`deserialize`] and [`serialize`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};

use crate::runtime::de::{Field, decode_fields};

/// A generated response model: a struct of optional fields, decoded by wire name.
pub trait Model: Default {
    /// The model's Rust name, for error messages and `serialize_struct`.
    const NAME: &'static str;

    /// Decodes the value of `field` into the matching struct field; a key that names no field
    /// (a field added by NCP later, an XML attribute, a stray element) is skipped.
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error>;

    /// Hands every field to `sink`, with its wire name, in declaration order.
    fn encode_fields<S: FieldSink>(&self, sink: &mut S) -> Result<(), S::Error>;
}

/// Receives a model's fields, one by one; see [`Model::encode_fields`].
pub trait FieldSink {
    /// What can go wrong while receiving a field.
    type Error;

    /// Receives the field named `name` (its wire name); `None` means the field is absent.
    fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), Self::Error>;
}

/// Counts the present fields, for `serialize_struct`'s length.
struct CountPresent(usize);

impl FieldSink for CountPresent {
    type Error = std::convert::Infallible;

    fn field<T: serde::Serialize>(&mut self, _: &'static str, value: &Option<T>) -> Result<(), Self::Error> {
        self.0 += usize::from(value.is_some());
        Ok(())
    }
}

/// Writes the present fields into a `serde` struct, skipping absent ones.
struct StructSink<'a, S>(&'a mut S);

impl<S: SerializeStruct> FieldSink for StructSink<'_, S> {
    type Error = S::Error;

    fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), Self::Error> {
        match value {
            Some(value) => self.0.serialize_field(name, value),
            None => self.0.skip_field(name),
        }
    }
}

/// Serializes a model as a struct of its present fields under their wire names: what
/// `#[derive(Serialize)]` with `rename` and `skip_serializing_if = "Option::is_none"` on every field
/// would give. Generated models' `Serialize` impls call this.
pub fn serialize<T: Model, S: Serializer>(model: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut count = CountPresent(0);
    let Ok(()) = model.encode_fields(&mut count);
    let mut st = serializer.serialize_struct(T::NAME, count.0)?;
    model.encode_fields(&mut StructSink(&mut st))?;
    st.end()
}

/// Visits a whole model: an object (JSON) or an element with children (XML).
struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut model = T::default();
        decode_fields(&mut model, &mut map)?;
        Ok(model)
    }
}

/// Deserializes a model from a struct-like value (a JSON object, an XML element) with every field
/// decoded leniently, the same way from XML and from JSON: see [`de`](crate::runtime::de).
/// Generated models' `Deserialize` impls call this.
pub fn deserialize<'de, T: Model, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, &[], ModelVisitor(PhantomData))
}

/// Implements `serde::Serialize` and `serde::Deserialize` for models through [`serialize`] and
/// [`deserialize`]: `crate::runtime::model::serde_via_model!(NasVolumeSnapshot);`.
#[doc(hidden)]
#[macro_export]
macro_rules! __ncloud_serde_via_model {
    ($($model:ty),* $(,)?) => {$(
        impl ::serde::Serialize for $model {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::model::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $model {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::model::deserialize(deserializer)
            }
        }
    )*};
}

#[doc(inline)]
pub use crate::__ncloud_serde_via_model as serde_via_model;
