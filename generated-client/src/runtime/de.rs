//! Lenient field decoders, identical for XML (quick-xml) and JSON (serde_json).
//!
//! A generated response model ([`Model`]) decodes each field it knows through one method of
//! [`Field`], chosen by the field's kind:
//!
//! - [`Field::scalar`] for scalars (strings, numbers, booleans, timestamps, open enums), via
//!   [`FromWire`];
//! - [`Field::object`] for a nested model such as a `{code, codeName}` object;
//! - [`Field::list`] and [`Field::scalar_list`] for lists, which are JSON arrays but XML wrapper
//!   elements holding repeated item elements.
//!
//! # What quick-xml 0.42 hands to `deserialize_any`
//!
//! Checked by the tests at the bottom of this file. For a struct field, quick-xml never calls
//! `visit_str` directly: it presents the field's element as a map.
//!
//! | XML | what the visitor sees |
//! |---|---|
//! | `<x>text</x>` | `visit_map` with one key `$text` whose value is a string `"text"` (not trimmed) |
//! | `<x>&amp;</x>`, `<x><![CDATA[..]]></x>` | the same, unescaped |
//! | `<x></x>`, `<x/>`, `<x>  \n </x>` | `visit_map` with no keys (whitespace-only text is dropped) |
//! | `<x><a>1</a><a>2</a></x>` | `visit_map` with keys `a`, `a`, each value again a `$text` map |
//! | `<x attr="v">t</x>` | `visit_map` with keys `@attr` and `$text` |
//!
//! JSON gives what one would expect: `visit_str`, `visit_u64`/`visit_i64`/`visit_f64`,
//! `visit_bool`, `visit_unit` for `null`, `visit_seq` for arrays, `visit_map` for objects.
//!
//! So every helper here accepts both shapes: a scalar is a string *or* a `$text` map, an empty
//! value is an empty string *or* an empty map, a list is a sequence *or* a map of repeated keys.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};

use crate::runtime::model::Model;
use crate::runtime::truncate_chars;

/// The map key under which quick-xml presents an element's text content.
const TEXT_KEY: &str = "$text";

/// How many characters of an offending wire value an error message keeps.
const EXCERPT_CHARS: usize = 64;

/// A scalar that can be decoded from any of the forms NCP sends it in: text (XML, and JSON
/// strings), JSON numbers and JSON booleans.
///
/// Implemented here for `String`, `i32`, `i64`, `f64` and `bool`; [`Timestamp`] and the generated
/// open enums implement it too. Only [`FromWire::from_text`] is required: the other constructors
/// default to decoding the value's text.
///
/// [`Timestamp`]: crate::runtime::Timestamp
pub trait FromWire: Sized {
    /// Whether an empty value (`""`, `<x></x>`, `<x/>`) means "absent" (`None`). `String` sets it to
    /// `false`, so that an empty string decodes to `Some(String::new())`.
    const EMPTY_IS_NONE: bool = true;

    /// What the value should look like, for error messages: "a string", "an integer".
    const EXPECTING: &'static str = "a scalar value";

    /// Decodes the value from its text. The error says what was wrong with the text.
    fn from_text(s: &str) -> Result<Self, String>;

    /// Decodes the value from a JSON integer.
    fn from_i64(v: i64) -> Result<Self, String> {
        Self::from_text(&v.to_string())
    }

    /// Decodes the value from a JSON non-negative integer.
    fn from_u64(v: u64) -> Result<Self, String> {
        Self::from_text(&v.to_string())
    }

    /// Decodes the value from a JSON number with a fraction or exponent.
    fn from_f64(v: f64) -> Result<Self, String> {
        Self::from_text(&v.to_string())
    }

    /// Decodes the value from a JSON boolean.
    fn from_bool(v: bool) -> Result<Self, String> {
        Self::from_text(if v { "true" } else { "false" })
    }
}

/// `"abc"`, escaped and cut to a bounded length, for error messages.
fn quoted(s: &str) -> String {
    format!("{:?}", truncate_chars(s, EXCERPT_CHARS))
}

impl FromWire for String {
    const EMPTY_IS_NONE: bool = false;
    const EXPECTING: &'static str = "a string";

    fn from_text(s: &str) -> Result<Self, String> {
        Ok(s.to_owned())
    }
    fn from_i64(v: i64) -> Result<Self, String> {
        Ok(v.to_string())
    }
    fn from_u64(v: u64) -> Result<Self, String> {
        Ok(v.to_string())
    }
    fn from_f64(v: f64) -> Result<Self, String> {
        Ok(v.to_string())
    }
    fn from_bool(v: bool) -> Result<Self, String> {
        Ok(v.to_string())
    }
}

impl FromWire for i64 {
    const EXPECTING: &'static str = "an integer";

    fn from_text(s: &str) -> Result<Self, String> {
        s.trim()
            .parse()
            .map_err(|_| format!("expected an integer, found {}", quoted(s)))
    }
    fn from_i64(v: i64) -> Result<Self, String> {
        Ok(v)
    }
    fn from_u64(v: u64) -> Result<Self, String> {
        i64::try_from(v).map_err(|_| format!("integer {v} is out of range for a 64-bit integer"))
    }
    fn from_f64(v: f64) -> Result<Self, String> {
        // 2^63 as f64; every integral f64 in [-2^63, 2^63) converts exactly.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
            Ok(v as i64)
        } else {
            Err(format!("expected an integer, found the number {v}"))
        }
    }
    fn from_bool(v: bool) -> Result<Self, String> {
        Err(format!("expected an integer, found the boolean {v}"))
    }
}

impl FromWire for i32 {
    const EXPECTING: &'static str = "a 32-bit integer";

    fn from_text(s: &str) -> Result<Self, String> {
        i64::from_text(s).and_then(Self::from_i64)
    }
    fn from_i64(v: i64) -> Result<Self, String> {
        i32::try_from(v).map_err(|_| format!("integer {v} is out of range for a 32-bit integer"))
    }
    fn from_u64(v: u64) -> Result<Self, String> {
        i32::try_from(v).map_err(|_| format!("integer {v} is out of range for a 32-bit integer"))
    }
    fn from_f64(v: f64) -> Result<Self, String> {
        i64::from_f64(v).and_then(Self::from_i64)
    }
    fn from_bool(v: bool) -> Result<Self, String> {
        Err(format!("expected an integer, found the boolean {v}"))
    }
}

impl FromWire for f64 {
    const EXPECTING: &'static str = "a number";

    fn from_text(s: &str) -> Result<Self, String> {
        s.trim()
            .parse()
            .map_err(|_| format!("expected a number, found {}", quoted(s)))
    }
    fn from_i64(v: i64) -> Result<Self, String> {
        Ok(v as f64)
    }
    fn from_u64(v: u64) -> Result<Self, String> {
        Ok(v as f64)
    }
    fn from_f64(v: f64) -> Result<Self, String> {
        Ok(v)
    }
    fn from_bool(v: bool) -> Result<Self, String> {
        Err(format!("expected a number, found the boolean {v}"))
    }
}

impl FromWire for bool {
    const EXPECTING: &'static str = "a boolean";

    fn from_text(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if t.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(format!("expected `true` or `false`, found {}", quoted(s)))
        }
    }
    fn from_bool(v: bool) -> Result<Self, String> {
        Ok(v)
    }
}

/// A map key, borrowed from the body when the deserializer lends it (serde_json's keys without
/// escapes, quick-xml's element names and `$text`), so that walking a body allocates no strings
/// for the keys it only compares.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

/// Reads a map key as a [`Key`].
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key::Owned(v))
    }
}

/// Reads a map key and tells whether it is `name`, without keeping it.
#[derive(Clone, Copy)]
struct KeyIs(&'static str);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

/// Decodes `text` as a `T`, or `None` when it is empty and `T` treats empty as absent.
fn scalar_from_text<T: FromWire, E: de::Error>(text: &str) -> Result<Option<T>, E> {
    if T::EMPTY_IS_NONE && text.trim().is_empty() {
        return Ok(None);
    }
    T::from_text(text).map(Some).map_err(E::custom)
}

/// Visits any wire form of a scalar; see [`Field::scalar`].
struct ScalarVisitor<T>(PhantomData<T>);

impl<T> ScalarVisitor<T> {
    fn new() -> Self {
        ScalarVisitor(PhantomData)
    }
}

impl<'de, T: FromWire> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        scalar_from_text(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i64(v).map(Some).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_u64(v).map(Some).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v).map(Some).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::from_bool(v).map(Some).map_err(E::custom)
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

    /// quick-xml's form of an element: `$text` holds the text, `@name` keys are attributes
    /// (ignored); any other key is a child element, which a scalar cannot have.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut text = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let key = key.as_str();
            if key == TEXT_KEY {
                text = Some(map.next_value_seed(ScalarSeed::<T>::new())?);
            } else if key.starts_with('@') {
                map.next_value::<IgnoredAny>()?;
            } else {
                return Err(de::Error::custom(format!(
                    "expected {}, found a nested element or object `{}`",
                    T::EXPECTING,
                    truncate_chars(key, EXCERPT_CHARS)
                )));
            }
        }
        match text {
            Some(value) => Ok(value),
            // An element without text: `<x></x>`, `<x/>`.
            None => scalar_from_text(""),
        }
    }
}

/// Decodes one value with [`ScalarVisitor`].
struct ScalarSeed<T>(PhantomData<T>);

impl<T> ScalarSeed<T> {
    fn new() -> Self {
        ScalarSeed(PhantomData)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for ScalarSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarVisitor::new())
    }
}

/// Decodes a scalar field of a hand-written `serde` struct leniently, as [`Field::scalar`] does;
/// for `#[serde(default, deserialize_with = "crate::runtime::de::option")]` (NCP's error
/// envelopes use it).
pub fn option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromWire,
{
    d.deserialize_any(ScalarVisitor::new())
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
    _de: PhantomData<&'de ()>,
}

impl<'a, 'de, A: MapAccess<'de>> Field<'a, 'de, A> {
    fn new(key: &'a str, map: &'a mut A) -> Self {
        Field {
            key,
            map,
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
    /// Inside the wrapper, elements with another name (a stray `<script />`) are skipped. An empty
    /// wrapper or `""` is `Some(vec![])`; `null` is `None`; an empty item is a default model.
    pub fn list<T: Model>(self, slot: &mut Option<Vec<T>>, item: &'static str) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ListSeed {
            item,
            seed: ModelItemSeed::<T>(PhantomData),
        })?;
        Ok(())
    }

    /// Decodes a list of scalars: a JSON array, or an XML wrapper element holding repeated
    /// `<item>` elements. Items are decoded like [`scalar`](Field::scalar); an empty item is `""`
    /// for `String` and an error for other types.
    pub fn scalar_list<T: FromWire>(self, slot: &mut Option<Vec<T>>, item: &'static str) -> Result<(), A::Error> {
        self.check_unset(slot)?;
        *slot = self.map.next_value_seed(ListSeed {
            item,
            seed: ItemSeed::<T>(PhantomData),
        })?;
        Ok(())
    }

    /// Skips the value of a key that names no field.
    pub fn skip(self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Decodes every remaining key of `map` into `model`.
pub(crate) fn decode_fields<'de, T: Model, A: MapAccess<'de>>(model: &mut T, map: &mut A) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed)? {
        model.decode_field(Field::new(key.as_str(), map))?;
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
        model.decode_field(Field::new(first.as_str(), &mut map))?;
        decode_fields(&mut model, &mut map)?;
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

/// Decodes a list whose items are decoded with `seed`; see [`Field::list`].
struct ListSeed<S> {
    item: &'static str,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for ListSeed<S> {
    type Value = Option<Vec<S::Value>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ListVisitor {
            item: self.item,
            seed: self.seed,
        })
    }
}

/// Visits a list whose items are decoded with `seed`; see [`Field::list`].
struct ListVisitor<S> {
    item: &'static str,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for ListVisitor<S> {
    type Value = Option<Vec<S::Value>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a list (a JSON array, or XML <{}> elements in a wrapper element)",
            self.item
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.seed)? {
            items.push(item);
        }
        Ok(Some(items))
    }

    /// quick-xml's form of a wrapper element: one key per child element, repeated.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(is_item) = map.next_key_seed(KeyIs(self.item))? {
            if is_item {
                items.push(map.next_value_seed(self.seed)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Some(items))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(Some(Vec::new()))
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
}

/// Decodes one required scalar list item; an empty item is an error unless `T` keeps empty values.
struct ItemSeed<T>(PhantomData<T>);

impl<T> Clone for ItemSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ItemSeed<T> {}

impl<'de, T: FromWire> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        match d.deserialize_any(ScalarVisitor::<T>::new())? {
            Some(value) => Ok(value),
            None => Err(de::Error::custom(format!(
                "a list item is empty, expected {}",
                T::EXPECTING
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    // ---- what quick-xml 0.42 actually does -------------------------------------------------

    /// Records the visitor calls `deserialize_any` produces, as text.
    struct Describe;

    impl<'de> Visitor<'de> for Describe {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("anything")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(format!("str {v:?}"))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(format!("i64 {v}"))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(format!("u64 {v}"))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(format!("f64 {v}"))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(format!("bool {v}"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            Ok("unit".into())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut parts = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let value = map.next_value_seed(DescribeSeed)?;
                parts.push(format!("{key}: {value}"));
            }
            Ok(format!("map {{{}}}", parts.join(", ")))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            let mut parts = Vec::new();
            while let Some(value) = seq.next_element_seed(DescribeSeed)? {
                parts.push(value);
            }
            Ok(format!("seq [{}]", parts.join(", ")))
        }
    }

    struct DescribeSeed;

    impl<'de> DeserializeSeed<'de> for DescribeSeed {
        type Value = String;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_any(Describe)
        }
    }

    fn describe<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(Describe)
    }

    #[derive(Debug, serde::Deserialize)]
    struct Probe {
        #[serde(deserialize_with = "describe")]
        x: String,
    }

    fn probe_xml(inner: &str) -> String {
        let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <x>{inner}</x>\n</r>");
        quick_xml::de::from_str::<Probe>(&xml).unwrap().x
    }

    #[test]
    fn quick_xml_presents_text_as_a_map_with_a_text_key_untrimmed() {
        assert_eq!(probe_xml("text"), r#"map {$text: str "text"}"#);
        assert_eq!(probe_xml("0"), r#"map {$text: str "0"}"#);
        assert_eq!(probe_xml("  a b \n "), r#"map {$text: str "  a b \n "}"#);
        assert_eq!(probe_xml("a &amp; b"), r#"map {$text: str "a & b"}"#);
        assert_eq!(probe_xml("<![CDATA[<c>]]>"), r#"map {$text: str "<c>"}"#);
    }

    #[test]
    fn quick_xml_presents_empty_and_blank_elements_as_an_empty_map() {
        assert_eq!(probe_xml(""), "map {}");
        assert_eq!(probe_xml("  \n  "), "map {}");
        let xml = "<r><x/></r>";
        assert_eq!(quick_xml::de::from_str::<Probe>(xml).unwrap().x, "map {}");
        let xml = "<r><x /></r>";
        assert_eq!(quick_xml::de::from_str::<Probe>(xml).unwrap().x, "map {}");
    }

    #[test]
    fn quick_xml_presents_children_as_a_map_with_repeated_keys() {
        assert_eq!(
            probe_xml("\n <a>1</a>\n <script />\n <a>2</a>\n"),
            r#"map {a: map {$text: str "1"}, script: map {}, a: map {$text: str "2"}}"#
        );
        assert_eq!(
            probe_xml(r#"<a k="v">t</a>"#),
            r#"map {a: map {@k: str "v", $text: str "t"}}"#
        );
    }

    // ---- models shaped like the generated ones ---------------------------------------------

    /// `Serialize` and `Deserialize` through [`Model`], as generated models have them.
    macro_rules! serde_via_model {
        ($($t:ty),*) => {$(
            impl Serialize for $t {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    crate::runtime::model::serialize(self, s)
                }
            }
            impl<'de> serde::Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    crate::runtime::model::deserialize(d)
                }
            }
        )*};
    }
    serde_via_model!(Code, Snapshot, Response);

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Code {
        code: Option<String>,
        code_name: Option<String>,
    }

    impl Model for Code {
        const NAME: &'static str = "Code";
        fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
            match field.key() {
                "code" => field.scalar(&mut self.code),
                "codeName" => field.scalar(&mut self.code_name),
                _ => field.skip(),
            }
        }
        fn encode_fields<S: crate::runtime::model::FieldSink>(&self, sink: &mut S) -> Result<(), S::Error> {
            sink.field("code", &self.code)?;
            sink.field("codeName", &self.code_name)
        }
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Snapshot {
        name: Option<String>,
        size: Option<i64>,
        depth: Option<i32>,
        is_busy: Option<bool>,
        ratio: Option<f64>,
        snapshot_type: Option<Code>,
    }

    impl Model for Snapshot {
        const NAME: &'static str = "Snapshot";
        fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
            match field.key() {
                "nasVolumeSnapshotName" => field.scalar(&mut self.name),
                "snapshotSize" => field.scalar(&mut self.size),
                "snapshotChainDepth" => field.scalar(&mut self.depth),
                "isBusy" => field.scalar(&mut self.is_busy),
                "ratio" => field.scalar(&mut self.ratio),
                "snapshotType" => field.object(&mut self.snapshot_type),
                _ => field.skip(),
            }
        }
        fn encode_fields<S: crate::runtime::model::FieldSink>(&self, sink: &mut S) -> Result<(), S::Error> {
            sink.field("nasVolumeSnapshotName", &self.name)?;
            sink.field("snapshotSize", &self.size)?;
            sink.field("snapshotChainDepth", &self.depth)?;
            sink.field("isBusy", &self.is_busy)?;
            sink.field("ratio", &self.ratio)?;
            sink.field("snapshotType", &self.snapshot_type)
        }
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Response {
        request_id: Option<String>,
        return_code: Option<String>,
        total_rows: Option<i32>,
        snapshots: Option<Vec<Snapshot>>,
        server_instance_nos: Option<Vec<String>>,
        sizes: Option<Vec<i64>>,
    }

    impl Model for Response {
        const NAME: &'static str = "Response";
        fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
            match field.key() {
                "requestId" => field.scalar(&mut self.request_id),
                "returnCode" => field.scalar(&mut self.return_code),
                "totalRows" => field.scalar(&mut self.total_rows),
                "nasVolumeSnapshotList" => field.list(&mut self.snapshots, "nasVolumeSnapshot"),
                "serverInstanceNoList" => field.scalar_list(&mut self.server_instance_nos, "serverInstanceNo"),
                "sizes" => field.scalar_list(&mut self.sizes, "size"),
                _ => field.skip(),
            }
        }
        fn encode_fields<S: crate::runtime::model::FieldSink>(&self, sink: &mut S) -> Result<(), S::Error> {
            sink.field("requestId", &self.request_id)?;
            sink.field("returnCode", &self.return_code)?;
            sink.field("totalRows", &self.total_rows)?;
            sink.field("nasVolumeSnapshotList", &self.snapshots)?;
            sink.field("serverInstanceNoList", &self.server_instance_nos)?;
            sink.field("sizes", &self.sizes)
        }
    }

    fn xml<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
        quick_xml::de::from_str(body).map_err(|e| e.to_string())
    }

    /// Decodes JSON; errors without serde_json's " at line L column C" suffix.
    fn json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
        serde_json::from_str(body).map_err(|e| {
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(at) => text[..at].to_owned(),
                None => text,
            }
        })
    }

    fn snap_xml(inner: &str) -> Result<Snapshot, String> {
        xml(&format!("<nasVolumeSnapshot>{inner}</nasVolumeSnapshot>"))
    }

    #[test]
    fn option_decodes_bare_numbers_and_booleans_from_xml() {
        let s = snap_xml(
            "<nasVolumeSnapshotName>now.20240403.164347</nasVolumeSnapshotName>\
             <snapshotSize>139264</snapshotSize><snapshotChainDepth>0</snapshotChainDepth>\
             <isBusy>false</isBusy><ratio>0.5</ratio>",
        )
        .unwrap();
        assert_eq!(
            s,
            Snapshot {
                name: Some("now.20240403.164347".into()),
                size: Some(139264),
                depth: Some(0),
                is_busy: Some(false),
                ratio: Some(0.5),
                snapshot_type: None,
            }
        );
    }

    #[test]
    fn option_decodes_json_numbers_booleans_and_numeric_strings() {
        let s: Snapshot = json(
            r#"{"nasVolumeSnapshotName": "n", "snapshotSize": 53687091200, "snapshotChainDepth": "3",
                "isBusy": true, "ratio": 2}"#,
        )
        .unwrap();
        assert_eq!(s.size, Some(53687091200));
        assert_eq!(s.depth, Some(3));
        assert_eq!(s.is_busy, Some(true));
        assert_eq!(s.ratio, Some(2.0));
        let s: Snapshot = json(r#"{"snapshotSize": "-5", "isBusy": "TRUE", "snapshotChainDepth": 4.0}"#).unwrap();
        assert_eq!(s.size, Some(-5));
        assert_eq!(s.is_busy, Some(true));
        assert_eq!(s.depth, Some(4));
    }

    #[test]
    fn option_trims_whitespace_around_numbers_and_booleans() {
        let s = snap_xml("<snapshotSize>\n  42\n</snapshotSize><isBusy> true </isBusy>").unwrap();
        assert_eq!(s.size, Some(42));
        assert_eq!(s.is_busy, Some(true));
        let s: Snapshot = json(r#"{"snapshotSize": " 7 "}"#).unwrap();
        assert_eq!(s.size, Some(7));
    }

    #[test]
    fn return_code_decodes_as_a_string_from_json_string_number_and_xml() {
        for body in [
            r#"{"returnCode": "0"}"#,
            r#"{"returnCode": 0}"#,
            r#"{"returnCode": 0, "unknown": [1, {"a": null}]}"#,
        ] {
            let r: Response = json(body).unwrap();
            assert_eq!(r.return_code.as_deref(), Some("0"), "{body}");
        }
        let r: Response = xml("<r><returnCode>0</returnCode></r>").unwrap();
        assert_eq!(r.return_code.as_deref(), Some("0"));
        let r: Response = json(r#"{"returnCode": 1.5}"#).unwrap();
        assert_eq!(r.return_code.as_deref(), Some("1.5"));
        let r: Response = json(r#"{"returnCode": false}"#).unwrap();
        assert_eq!(r.return_code.as_deref(), Some("false"));
    }

    #[test]
    fn empty_values_are_none_except_strings_which_are_empty() {
        for body in [
            "<r><requestId></requestId><totalRows></totalRows></r>",
            "<r><requestId/><totalRows/></r>",
            "<r><requestId /><totalRows>  </totalRows></r>",
        ] {
            let r: Response = xml(body).unwrap();
            assert_eq!(r.request_id.as_deref(), Some(""), "{body}");
            assert_eq!(r.total_rows, None, "{body}");
        }
        let r: Response = json(r#"{"requestId": "", "totalRows": ""}"#).unwrap();
        assert_eq!(r.request_id.as_deref(), Some(""));
        assert_eq!(r.total_rows, None);
        let r: Response = json(r#"{"requestId": null, "totalRows": null}"#).unwrap();
        assert_eq!(r.request_id, None);
        assert_eq!(r.total_rows, None);
        let s = snap_xml("<isBusy/><ratio></ratio><snapshotType/>").unwrap();
        assert_eq!(s, Snapshot::default());
    }

    #[test]
    fn missing_fields_are_none() {
        assert_eq!(xml::<Response>("<r/>").unwrap(), Response::default());
        assert_eq!(xml::<Response>("<r></r>").unwrap(), Response::default());
        assert_eq!(json::<Response>("{}").unwrap(), Response::default());
    }

    #[test]
    fn unknown_fields_and_elements_and_stray_script_are_ignored() {
        let r: Response = xml(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <script />\n  <!-- note -->\n  \
             <returnCode>0</returnCode>\n  <newField><deep>1</deep></newField>\n  <totalRows>2</totalRows>\n</r>",
        )
        .unwrap();
        assert_eq!(r.return_code.as_deref(), Some("0"));
        assert_eq!(r.total_rows, Some(2));
        let r: Response = json(r#"{"newField": {"deep": [1, 2]}, "totalRows": 2, "other": null}"#).unwrap();
        assert_eq!(r.total_rows, Some(2));
    }

    #[test]
    fn a_field_seen_twice_is_an_error_in_both_formats() {
        let err = json::<Response>(r#"{"totalRows": 1, "totalRows": 2}"#).unwrap_err();
        assert_eq!(err, "duplicate field `totalRows`");
        let err = xml::<Response>("<r><returnCode>0</returnCode><returnCode>1</returnCode></r>").unwrap_err();
        assert!(err.contains("duplicate field `returnCode`"), "{err}");
        let err = json::<Snapshot>(r#"{"snapshotType": {"code": "FULL"}, "snapshotType": {}}"#).unwrap_err();
        assert_eq!(err, "duplicate field `snapshotType`");
        let err = json::<Response>(r#"{"sizes": [1], "sizes": [2]}"#).unwrap_err();
        assert_eq!(err, "duplicate field `sizes`");
    }

    #[test]
    fn option_reports_the_expected_type() {
        assert_eq!(
            snap_xml("<snapshotSize>big</snapshotSize>").unwrap_err(),
            r#"expected an integer, found "big""#
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotSize": "big"}"#).unwrap_err(),
            r#"expected an integer, found "big""#
        );
        assert_eq!(
            json::<Snapshot>(r#"{"isBusy": "yes"}"#).unwrap_err(),
            "expected `true` or `false`, found \"yes\""
        );
        assert_eq!(
            json::<Snapshot>(r#"{"isBusy": 1}"#).unwrap_err(),
            "expected `true` or `false`, found \"1\""
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotChainDepth": 3000000000}"#).unwrap_err(),
            "integer 3000000000 is out of range for a 32-bit integer"
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotSize": 1.5}"#).unwrap_err(),
            "expected an integer, found the number 1.5"
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotSize": [1]}"#).unwrap_err(),
            "invalid type: sequence, expected an integer"
        );
        assert_eq!(
            json::<Snapshot>(r#"{"nasVolumeSnapshotName": {"code": "x"}}"#).unwrap_err(),
            "expected a string, found a nested element or object `code`"
        );
        assert_eq!(
            snap_xml("<nasVolumeSnapshotName><code>x</code></nasVolumeSnapshotName>").unwrap_err(),
            "expected a string, found a nested element or object `code`"
        );
    }

    #[test]
    fn option_error_messages_bound_long_values() {
        let body = format!(r#"{{"snapshotSize": "{}"}}"#, "9x".repeat(500));
        let err = json::<Snapshot>(&body).unwrap_err();
        assert!(err.len() < 150, "{err}");
    }

    #[test]
    fn xml_attributes_on_scalars_are_ignored() {
        let s = snap_xml(r#"<snapshotSize unit="bytes">5</snapshotSize>"#).unwrap();
        assert_eq!(s.size, Some(5));
    }

    #[test]
    fn object_decodes_nested_models_from_both_formats() {
        let expected = Some(Code {
            code: Some("FULL".into()),
            code_name: Some("Full Storage Snapshot".into()),
        });
        let s = snap_xml(
            "<snapshotType>\n  <code>FULL</code>\n  <codeName>Full Storage Snapshot</codeName>\n</snapshotType>",
        )
        .unwrap();
        assert_eq!(s.snapshot_type, expected);
        let s: Snapshot = json(r#"{"snapshotType": {"code": "FULL", "codeName": "Full Storage Snapshot"}}"#).unwrap();
        assert_eq!(s.snapshot_type, expected);
        // Partial objects and unknown keys inside.
        let s = snap_xml("<snapshotType><extra/><code>FULL</code></snapshotType>").unwrap();
        assert_eq!(s.snapshot_type.unwrap().code.as_deref(), Some("FULL"));
    }

    #[test]
    fn object_treats_null_empty_string_empty_object_and_empty_element_as_none() {
        for body in [
            r#"{"snapshotType": null}"#,
            r#"{"snapshotType": ""}"#,
            r#"{"snapshotType": {}}"#,
        ] {
            assert_eq!(json::<Snapshot>(body).unwrap().snapshot_type, None, "{body}");
        }
        for inner in [
            "<snapshotType/>",
            "<snapshotType></snapshotType>",
            "<snapshotType>\n  </snapshotType>",
        ] {
            assert_eq!(snap_xml(inner).unwrap().snapshot_type, None, "{inner}");
        }
    }

    #[test]
    fn object_rejects_text_where_an_object_belongs_in_both_formats() {
        assert_eq!(
            snap_xml("<snapshotType>KVM</snapshotType>").unwrap_err(),
            r#"invalid type: string "KVM", expected an object"#
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotType": "KVM"}"#).unwrap_err(),
            r#"invalid type: string "KVM", expected an object"#
        );
        assert_eq!(
            json::<Snapshot>(r#"{"snapshotType": 3}"#).unwrap_err(),
            "invalid type: integer `3`, expected an object"
        );
    }

    #[test]
    fn wrapped_list_decodes_zero_one_and_two_items_from_xml() {
        let r: Response = xml("<r><nasVolumeSnapshotList></nasVolumeSnapshotList></r>").unwrap();
        assert_eq!(r.snapshots, Some(vec![]));
        let r: Response = xml("<r><nasVolumeSnapshotList/></r>").unwrap();
        assert_eq!(r.snapshots, Some(vec![]));
        let r: Response = xml(
            "<r><nasVolumeSnapshotList>\n  <nasVolumeSnapshot><snapshotSize>1</snapshotSize></nasVolumeSnapshot>\n\
             </nasVolumeSnapshotList></r>",
        )
        .unwrap();
        assert_eq!(r.snapshots.unwrap()[0].size, Some(1));
        let r: Response = xml(
            "<r><totalRows>2</totalRows><nasVolumeSnapshotList>\
               <nasVolumeSnapshot><snapshotSize>1</snapshotSize><snapshotType><code>FULL</code></snapshotType></nasVolumeSnapshot>\
               <script />\
               <nasVolumeSnapshot><snapshotSize>2</snapshotSize></nasVolumeSnapshot>\
             </nasVolumeSnapshotList><returnCode>0</returnCode></r>",
        )
        .unwrap();
        let snapshots = r.snapshots.unwrap();
        assert_eq!(snapshots.len(), 2);
        assert_eq!(snapshots[0].size, Some(1));
        assert_eq!(
            snapshots[0].snapshot_type.as_ref().unwrap().code.as_deref(),
            Some("FULL")
        );
        assert_eq!(snapshots[1].size, Some(2));
        assert_eq!(r.total_rows, Some(2));
        assert_eq!(r.return_code.as_deref(), Some("0"));
    }

    #[test]
    fn wrapped_list_empty_item_element_is_a_default_item() {
        let r: Response = xml("<r><nasVolumeSnapshotList><nasVolumeSnapshot/></nasVolumeSnapshotList></r>").unwrap();
        assert_eq!(r.snapshots, Some(vec![Snapshot::default()]));
    }

    #[test]
    fn wrapped_list_decodes_zero_one_and_two_items_from_json() {
        for (body, expected) in [
            (r#"{"nasVolumeSnapshotList": []}"#, Some(0)),
            (r#"{"nasVolumeSnapshotList": ""}"#, Some(0)),
            (r#"{"nasVolumeSnapshotList": null}"#, None),
            (r#"{}"#, None),
            (r#"{"nasVolumeSnapshotList": [{"snapshotSize": 1}]}"#, Some(1)),
            (
                r#"{"nasVolumeSnapshotList": [{"snapshotSize": 1}, {"snapshotSize": "2"}]}"#,
                Some(2),
            ),
        ] {
            let r: Response = json(body).unwrap();
            assert_eq!(r.snapshots.as_ref().map(Vec::len), expected, "{body}");
        }
        assert_eq!(
            json::<Response>(r#"{"nasVolumeSnapshotList": "x"}"#).unwrap_err(),
            "invalid type: string \"x\", expected a list (a JSON array, or XML <nasVolumeSnapshot> \
             elements in a wrapper element)"
        );
    }

    #[test]
    fn wrapped_scalar_list_decodes_both_formats() {
        let r: Response = xml("<r><serverInstanceNoList><serverInstanceNo>937507</serverInstanceNo>\
             <serverInstanceNo></serverInstanceNo><serverInstanceNo>1021003</serverInstanceNo>\
             </serverInstanceNoList><sizes><size> 1 </size><script/><size>2</size></sizes></r>")
        .unwrap();
        assert_eq!(
            r.server_instance_nos,
            Some(vec!["937507".into(), String::new(), "1021003".into()])
        );
        assert_eq!(r.sizes, Some(vec![1, 2]));
        let r: Response = xml(
            "<r><serverInstanceNoList><serverInstanceNo>1</serverInstanceNo></serverInstanceNoList>\
             <sizes/></r>",
        )
        .unwrap();
        assert_eq!(r.server_instance_nos, Some(vec!["1".into()]));
        assert_eq!(r.sizes, Some(vec![]));

        let r: Response = json(r#"{"serverInstanceNoList": ["937507", 1021003, ""], "sizes": [1, "2"]}"#).unwrap();
        assert_eq!(
            r.server_instance_nos,
            Some(vec!["937507".into(), "1021003".into(), String::new()])
        );
        assert_eq!(r.sizes, Some(vec![1, 2]));
    }

    #[test]
    fn wrapped_scalar_list_rejects_empty_non_string_items() {
        assert_eq!(
            xml::<Response>("<r><sizes><size>1</size><size/></sizes></r>").unwrap_err(),
            "a list item is empty, expected an integer"
        );
        assert_eq!(
            json::<Response>(r#"{"sizes": [1, ""]}"#).unwrap_err(),
            "a list item is empty, expected an integer"
        );
        assert_eq!(
            json::<Response>(r#"{"serverInstanceNoList": [null]}"#).unwrap_err(),
            "a list item is empty, expected a string"
        );
    }

    #[test]
    fn json_round_trip_gives_an_equal_value() {
        let value = Response {
            request_id: Some(String::new()),
            return_code: Some("0".into()),
            total_rows: Some(2),
            snapshots: Some(vec![
                Snapshot {
                    name: Some("now.20240403.164347".into()),
                    size: Some(i64::MAX),
                    depth: Some(-1),
                    is_busy: Some(true),
                    ratio: Some(0.25),
                    snapshot_type: Some(Code {
                        code: Some("FULL".into()),
                        code_name: None,
                    }),
                },
                Snapshot::default(),
            ]),
            server_instance_nos: Some(vec!["1".into(), String::new()]),
            sizes: Some(vec![]),
        };
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(json::<Response>(&text).unwrap(), value);
        // A default value serializes to `{}` and comes back equal too.
        let text = serde_json::to_string(&Response::default()).unwrap();
        assert_eq!(text, "{}");
        assert_eq!(json::<Response>(&text).unwrap(), Response::default());
    }

    #[test]
    fn from_wire_conversions() {
        assert_eq!(i64::from_text(" 12 "), Ok(12));
        assert_eq!(
            i64::from_u64(u64::MAX),
            Err("integer 18446744073709551615 is out of range for a 64-bit integer".into())
        );
        assert_eq!(i64::from_f64(-3.0), Ok(-3));
        assert!(i64::from_f64(f64::NAN).is_err());
        assert!(i64::from_f64(f64::INFINITY).is_err());
        assert!(i64::from_f64(9.3e18).is_err());
        assert_eq!(i32::from_text("2147483647"), Ok(i32::MAX));
        assert_eq!(
            i32::from_text("2147483648"),
            Err("integer 2147483648 is out of range for a 32-bit integer".into())
        );
        assert_eq!(f64::from_text("1e3"), Ok(1000.0));
        assert_eq!(bool::from_text("False"), Ok(false));
        assert_eq!(String::from_f64(0.5), Ok("0.5".into()));
        assert_eq!(String::from_i64(-1), Ok("-1".into()));
    }
}
