//! Response models: one generic decoder and one generic encoder for every generated model.
//!
//! A generated model is a plain struct of `Option` fields. Instead of a `serde` derive per model,
//! which expands to hundreds of lines per struct and dominated the compile time of large clients,
//! each model implements [`Model`]: one `match` from wire name to field for decoding, one list of
//! fields for encoding. Everything else (the visitor, XML's and JSON's shapes, lenient scalars,
//! wrapped lists) is written once, here and in the `scalar` module beside this one.
//!
//! The model's `serde` impls are one-liners that call [`deserialize`] and [`serialize`].

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeStruct, Serializer};

use crate::decode::cap::{self, ItemCap};
use crate::decode::scalar::{EXCERPT_CHARS, FromWire, ItemSeed, KeySeed, ListSeed, ScalarSeed, TEXT_KEY};
use crate::truncate_chars;

/// A generated response model: a struct of optional fields, decoded by wire name.
pub trait Model: Default {
    /// The model's Rust name, for error messages and `serialize_struct`.
    const NAME: &'static str;

    /// Decodes the value of `field` into the matching struct field; a key that names no field
    /// (a field added by NCP later, an XML attribute, a stray element) is skipped.
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error>;

    /// Hands every field to `sink`, with its wire name, in declaration order. The sink keeps
    /// the first error itself, so the generated body is a plain list of calls (a `?` per field
    /// made the largest part of a model's compiled code).
    fn encode_fields<S: FieldSink>(&self, sink: &mut S);
}

/// Receives a model's fields, one by one; see [`Model::encode_fields`].
pub trait FieldSink {
    /// Receives the field named `name` (its wire name); `None` means the field is absent.
    fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>);
}

/// Counts the present fields, for `serialize_struct`'s length.
struct CountPresent(usize);

impl FieldSink for CountPresent {
    fn field<T: serde::Serialize>(&mut self, _: &'static str, value: &Option<T>) {
        self.0 += usize::from(value.is_some());
    }
}

/// Writes the present fields into a `serde` struct, skipping absent ones, until the first error,
/// which it keeps.
struct StructSink<'a, S: SerializeStruct> {
    out: &'a mut S,
    result: Result<(), S::Error>,
}

impl<S: SerializeStruct> FieldSink for StructSink<'_, S> {
    fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if self.result.is_ok() {
            self.result = match value {
                Some(value) => self.out.serialize_field(name, value),
                None => self.out.skip_field(name),
            };
        }
    }
}

/// Serializes a model as a struct of its present fields under their wire names: what
/// `#[derive(Serialize)]` with `rename` and `skip_serializing_if = "Option::is_none"` on every field
/// would give. Generated models' `Serialize` impls call this.
pub fn serialize<T: Model, S: Serializer>(model: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut count = CountPresent(0);
    model.encode_fields(&mut count);
    let mut st = serializer.serialize_struct(T::NAME, count.0)?;
    let mut sink = StructSink {
        out: &mut st,
        result: Ok(()),
    };
    model.encode_fields(&mut sink);
    sink.result?;
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
        // The response of a page being decoded: its list of items is capped (see `cap`).
        decode_fields(&mut model, &mut map, cap::claim())?;
        Ok(model)
    }
}

/// Deserializes a model from a struct-like value (a JSON object, an XML element) with every field
/// decoded leniently, the same way from XML and from JSON, by [`Field`].
/// Generated models' `Deserialize` impls call this.
pub fn deserialize<'de, T: Model, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, &[], ModelVisitor(PhantomData))
}

/// Implements `serde::Serialize` and `serde::Deserialize` for models through [`serialize`] and
/// [`deserialize`]: `__private::serde_via_model!(NasVolumeSnapshot);`.
#[doc(hidden)]
#[macro_export]
macro_rules! __ncloud_serde_via_model {
    ($($model:ty),* $(,)?) => {$(
        impl $crate::__private::serde::Serialize for $model {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $model {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }
    )*};
}

/// One field of a model being decoded: its wire name, and the map its value is read from.
///
/// A generated [`Model::decode_field`] matches on [`key`](Field::key) and hands the field to the
/// decoder of the field's kind: [`scalar`](Field::scalar), [`object`](Field::object),
/// [`list`](Field::list), [`scalar_list`](Field::scalar_list), or [`skip`](Field::skip) for a key
/// that names no field. A field that already holds a value and is seen again is an error, as with
/// `#[derive(Deserialize)]`.
pub struct Field<'a, 'de, A> {
    key: &'a str,
    map: &'a mut A,
    /// The cap on a page's list of items, for the fields of a page's response.
    cap: Option<ItemCap>,
    _de: PhantomData<&'de ()>,
}

impl<'a, 'de, A: MapAccess<'de>> Field<'a, 'de, A> {
    fn new(key: &'a str, map: &'a mut A, cap: Option<ItemCap>) -> Self {
        Field {
            key,
            map,
            cap,
            _de: PhantomData,
        }
    }

    /// The wire name: a JSON key or an XML element name (or `$text`, or `@attribute`).
    pub fn key(&self) -> &'a str {
        self.key
    }

    fn check_unset<T>(&self, slot: &Option<T>) -> Result<(), A::Error> {
        match slot {
            Some(_) => Err(de::Error::custom(format_args!(
                "duplicate field `{}`",
                truncate_chars(self.key, EXCERPT_CHARS)
            ))),
            None => Ok(()),
        }
    }

    /// Decodes a scalar leniently, the same way from XML and from JSON.
    ///
    /// Accepts text (trimmed for numbers and booleans), JSON numbers and booleans (a `String`
    /// field takes their text, so `"returnCode": 0` gives `"0"`), and `null`. An empty value
    /// (`""`, `<x></x>`, `<x/>`) is `None`, except for `String`, where it is `Some("")`.
    pub fn scalar<T: FromWire>(self, slot: &mut Option<T>) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ScalarSeed::<T>::new())?;
        Ok(())
    }

    /// Decodes a nested model (a `{code, codeName}` object, say).
    ///
    /// An object or element with children is `Some(T)`; `null`, `""`, `{}` and an empty element
    /// are `None`. Non-empty text where an object belongs is an error.
    pub fn object<T: Model>(self, slot: &mut Option<T>) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ObjectSeed::<T>(PhantomData))?;
        Ok(())
    }

    /// Decodes a list of models: a JSON array, or an XML wrapper element holding repeated
    /// `<item>` elements (`<nasVolumeSnapshotList><nasVolumeSnapshot>…</nasVolumeSnapshot>…`).
    ///
    /// Inside the wrapper, elements with another name among the items (a stray `<script />`) are
    /// skipped, but a wrapper whose children all have another name is an error naming both
    /// names: its items would otherwise be lost. An empty wrapper or `""` is `Some(vec![])`;
    /// `null` is `None`; an empty item is a default model.
    pub fn list<T: Model + 'static>(self, slot: &mut Option<Vec<T>>, item: &'static str) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ListSeed {
            list: self.key,
            item,
            seed: ModelItemSeed::<T>(PhantomData),
            cap: self.cap.and_then(|cap| cap.max_for::<T>()),
        })?;
        Ok(())
    }

    /// Decodes a list of scalars: a JSON array, or an XML wrapper element holding repeated
    /// `<item>` elements, read as [`list`](Field::list) reads them. Items are decoded like
    /// [`scalar`](Field::scalar); an empty item is `""` for `String` and an error for other types.
    pub fn scalar_list<T: FromWire + 'static>(
        self,
        slot: &mut Option<Vec<T>>,
        item: &'static str,
    ) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ListSeed {
            list: self.key,
            item,
            seed: ItemSeed::<T>(PhantomData),
            cap: self.cap.and_then(|cap| cap.max_for::<T>()),
        })?;
        Ok(())
    }

    /// Decodes a map of scalars, a JSON object such as `{"env": "prod", "tier": "1"}`, each value
    /// as [`scalar`](Field::scalar) decodes it; a key whose value is `null` is left out, and a key
    /// seen twice is an error. `null` is `None`; `{}` is an empty map. (REST APIs answer JSON
    /// only; from XML, an element of child elements reads the same way.)
    pub fn map<T: FromWire>(self, slot: &mut Option<BTreeMap<String, T>>) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(MapSeed::<T>(PhantomData))?;
        Ok(())
    }

    /// Decodes any JSON value as it came (a free-form object, which no type describes); `null`
    /// is `None`.
    pub fn json(self, slot: &mut Option<serde_json::Value>) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value::<Option<serde_json::Value>>()?;
        Ok(())
    }

    /// Skips the value of a key that names no field.
    pub fn skip(self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Decodes every remaining key of `map` into `model`, with `cap` on its list of a page's items.
fn decode_fields<'de, T: Model, A: MapAccess<'de>>(
    model: &mut T,
    map: &mut A,
    cap: Option<ItemCap>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed)? {
        model.decode_field(Field::new(key.as_str(), map, cap))?;
    }
    Ok(())
}

/// Visits a nested model; see [`Field::object`].
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            let excerpt = truncate_chars(v, EXCERPT_CHARS);
            Err(E::invalid_type(Unexpected::Str(&excerpt), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Look at the first key: an empty map (`{}`, `<x/>`) is `None`, and an element holding only
        // text (`<x>KVM</x>`) is a string, not an object.
        let Some(mut first) = map.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        if first.as_str() == TEXT_KEY {
            let text: String = map.next_value()?;
            match map.next_key_seed(KeySeed)? {
                None => return self.visit_str(&text),
                Some(next) => first = next,
            }
        }
        let mut model = T::default();
        model.decode_field(Field::new(first.as_str(), &mut map, None))?;
        decode_fields(&mut model, &mut map, None)?;
        Ok(Some(model))
    }
}

/// Decodes one value with [`ObjectVisitor`].
struct ObjectSeed<T>(PhantomData<T>);

impl<'de, T: Model> DeserializeSeed<'de> for ObjectSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
}

/// Decodes one model list item; an empty item (`<item/>`, `{}`, `null`) is a default model.
struct ModelItemSeed<T>(PhantomData<T>);

impl<T> Clone for ModelItemSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ModelItemSeed<T> {}

impl<'de, T: Model> DeserializeSeed<'de> for ModelItemSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
            .map(Option::unwrap_or_default)
    }
}

/// Decodes a map of scalars; see [`Field::map`].
struct MapSeed<T>(PhantomData<T>);

impl<'de, T: FromWire> DeserializeSeed<'de> for MapSeed<T> {
    type Value = Option<BTreeMap<String, T>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: FromWire> Visitor<'de> for MapSeed<T> {
    type Value = Option<BTreeMap<String, T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object of {}", T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            let excerpt = truncate_chars(v, EXCERPT_CHARS);
            Err(E::invalid_type(Unexpected::Str(&excerpt), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let key = key.as_str();
            // quick-xml's attributes, and the whitespace between child elements.
            if key.starts_with('@') {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if key == TEXT_KEY {
                let text: String = map.next_value()?;
                if text.trim().is_empty() {
                    continue;
                }
                return self.visit_str(&text);
            }
            if out.contains_key(key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}` in a map",
                    truncate_chars(key, EXCERPT_CHARS)
                )));
            }
            let key = key.to_owned();
            if let Some(value) = map.next_value_seed(ScalarSeed::<T>::new())? {
                out.insert(key, value);
            }
        }
        Ok(Some(out))
    }
}
