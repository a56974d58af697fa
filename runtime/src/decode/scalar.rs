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

use crate::truncate_chars;

/// The map key under which quick-xml presents an element's text content.
pub(crate) const TEXT_KEY: &str = "$text";

/// How many characters of an offending wire value an error message keeps.
pub(crate) const EXCERPT_CHARS: usize = 64;

/// A scalar that can be decoded from any of the forms NCP sends it in: text (XML, and JSON
/// strings), JSON numbers and JSON booleans.
///
/// Implemented here for `String`, `i32`, `i64`, `f64` and `bool`; [`Timestamp`] and the generated
/// open enums implement it too. Only [`FromWire::from_text`] is required: the other constructors
/// default to decoding the value's text.
///
/// [`Timestamp`]: crate::Timestamp
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
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

/// Reads a map key as a [`Key`].
pub(crate) struct KeySeed;

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
pub(crate) struct ScalarSeed<T>(PhantomData<T>);

impl<T> ScalarSeed<T> {
    pub(crate) fn new() -> Self {
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
/// for `#[serde(default, deserialize_with = "crate::decode::scalar::option")]` in tests (NCP's
/// error envelopes implement `Model` instead, so that the runtime needs no `serde` derive).
#[cfg(test)]
pub fn option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromWire,
{
    d.deserialize_any(ScalarVisitor::new())
}

/// Decodes a list whose items are decoded with `seed`; see [`Field::list`].
pub(crate) struct ListSeed<'a, S> {
    /// The list's own name (the wrapper element in XML), for errors.
    pub(crate) list: &'a str,
    /// The name of the item elements in XML.
    pub(crate) item: &'static str,
    pub(crate) seed: S,
    /// At most this many items are decoded, the others counted (a page's list of items, see
    /// `cap`).
    pub(crate) cap: Option<usize>,
}

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for ListSeed<'_, S> {
    type Value = Option<Vec<S::Value>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ListVisitor {
            list: self.list,
            item: self.item,
            seed: self.seed,
            cap: self.cap,
        })
    }
}

/// Visits a list whose items are decoded with `seed`; see [`Field::list`].
struct ListVisitor<'a, S> {
    list: &'a str,
    item: &'static str,
    seed: S,
    cap: Option<usize>,
}

/// The items of a list being decoded: every one counted, at most `cap` kept.
struct Items<T> {
    kept: Vec<T>,
    count: usize,
    cap: Option<usize>,
}

impl<T> Items<T> {
    fn new(cap: Option<usize>) -> Self {
        Items {
            kept: Vec::new(),
            count: 0,
            cap,
        }
    }

    /// Whether the next item is to be decoded and kept, rather than skipped and counted.
    fn keeps_next(&self) -> bool {
        self.cap.is_none_or(|cap| self.kept.len() < cap)
    }

    /// The items kept; for a capped list, the count is recorded for the page stream.
    fn finish(self) -> Vec<T> {
        if self.cap.is_some() {
            crate::decode::cap::record(self.count);
        }
        self.kept
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for ListVisitor<'_, S> {
    type Value = Option<Vec<S::Value>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a list (a JSON array, or XML <{}> elements in a wrapper element)",
            self.item
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Items::new(self.cap);
        loop {
            if items.keeps_next() {
                let Some(item) = seq.next_element_seed(self.seed)? else {
                    break;
                };
                items.kept.push(item);
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            items.count += 1;
        }
        Ok(Some(items.finish()))
    }

    /// quick-xml's form of a wrapper element: one key per child element, repeated.
    ///
    /// Children with another name among the items are skipped (a stray `<script />`); but a
    /// wrapper whose children all have another name holds items under a name other than the
    /// spec's (Classic's `<blockStorageSnapshot>` where VPC has `<blockStorageSnapshotInstance>`,
    /// a wrong `xml.name`): that is an error, not an empty list that would lose them.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Items::new(self.cap);
        let mut other_child = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let key = key.as_str();
            if key == self.item {
                if items.keeps_next() {
                    items.kept.push(map.next_value_seed(self.seed)?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                items.count += 1;
                continue;
            }
            // `@name` keys are the wrapper's attributes and `$text` its text, not children.
            if other_child.is_none() && key != TEXT_KEY && !key.starts_with('@') {
                other_child = Some(truncate_chars(key, EXCERPT_CHARS));
            }
            map.next_value::<IgnoredAny>()?;
        }
        match other_child {
            Some(found) if items.count == 0 => Err(de::Error::custom(format_args!(
                "list <{}> holds <{found}> elements but no <{}>, the name of its items",
                truncate_chars(self.list, EXCERPT_CHARS),
                self.item
            ))),
            _ => Ok(Some(items.finish())),
        }
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
pub(crate) struct ItemSeed<T>(pub(crate) PhantomData<T>);

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
