//! JSON request bodies: [`ToJson`], what a body's values are, and [`JsonObject`], which writes
//! a body (or a nested object) from its members.
//!
//! A generated request with a JSON body serializes it once, when it is sent
//! ([`Action::body`](crate::Action::body)): the bytes that [`JsonObject::finish`] gives are the
//! bytes on the wire. An optional member that is not set is left out, never written as `null`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::constraint::{IntRules, StrRules, ValidInt, ValidStr};

/// A value that can be a member of a JSON request body. Implemented for strings, booleans,
/// integers, `f64` (a non-finite number, which JSON cannot hold, becomes `null`), the checked
/// [`ValidStr`] and [`ValidInt`], lists and string-keyed maps of these, every generated closed
/// enum (its wire text) and generated request models.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for i32 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl<R: StrRules> ToJson for ValidStr<R> {
    fn to_json(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl<R: IntRules> ToJson for ValidInt<R> {
    fn to_json(&self) -> Value {
        Value::from(self.get().into())
    }
}

/// A free-form object: sent as given.
impl ToJson for serde_json::Map<String, Value> {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

/// `value` as compact JSON: the bytes of a body that is one value as a whole (a free-form object
/// or a map, which no properties describe).
///
/// ```
/// # use ncloud_runtime::request::whole_body;
/// let mut labels = std::collections::BTreeMap::new();
/// labels.insert("team".to_owned(), "storage".to_owned());
/// assert_eq!(whole_body(&labels), br#"{"team":"storage"}"#);
/// ```
pub fn whole_body<V: ToJson + ?Sized>(value: &V) -> Vec<u8> {
    // Writing a `Value` into a `Vec` cannot fail: its keys are strings.
    serde_json::to_vec(&value.to_json()).unwrap_or_default()
}

/// The members of a JSON object (a request body, or a model nested in one), in the order they
/// are written. An optional member that is not set is left out ([`opt`](Self::opt)), never
/// written as `null`.
///
/// [`finish`](Self::finish) writes the members in that order. A nested object handed over as a
/// `serde_json::Value` ([`into_value`](Self::into_value)) has its members in `serde_json`'s own
/// order (sorted by name, unless its `preserve_order` feature is on): JSON gives the order of
/// members no meaning.
///
/// ```
/// # use ncloud_runtime::__private::JsonObject;
/// let mut body = JsonObject::new();
/// body.field("name", &"w1");
/// body.opt::<i64>("size", None);
/// body.opt("kind", Some(&"SMALL"));
/// assert_eq!(body.finish(), br#"{"name":"w1","kind":"SMALL"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonObject {
    members: Vec<(&'static str, Value)>,
}

impl JsonObject {
    /// An object without members.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the member `name`.
    pub fn field<V: ToJson + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.members.push((name, value.to_json()));
    }

    /// Writes the member `name` if `value` is `Some`; `None` leaves it out (never `null`).
    pub fn opt<V: ToJson + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// The object as a `serde_json::Value`: what a nested request model's [`ToJson`] returns.
    pub fn into_value(self) -> Value {
        Value::Object(self.members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// The object as compact JSON, members in the order written: the body bytes.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        out.push(b'{');
        for (index, (name, value)) in self.members.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            // Writing a string or a `Value` into a `Vec` cannot fail: `Value`'s keys are strings.
            let _ = serde_json::to_writer(&mut out, name);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, value);
        }
        out.push(b'}');
        out
    }
}

impl ToJson for JsonObject {
    fn to_json(&self) -> Value {
        self.clone().into_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_their_order_and_absent_optionals_are_left_out() {
        let mut spec = JsonObject::new();
        spec.field("cpu", &2i32);
        let labels: BTreeMap<String, String> = [("b".to_owned(), "2".to_owned()), ("a".to_owned(), "1".to_owned())]
            .into_iter()
            .collect();
        spec.field("labels", &labels);
        let mut body = JsonObject::new();
        body.field("zeta", &"last letter, first member");
        body.opt::<String>("description", None);
        body.field("alpha", &vec![1i64, -2]);
        body.opt("flag", Some(&false));
        body.field("spec", &spec.into_value());
        body.field("ratio", &f64::NAN);
        let bytes = body.finish();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"zeta":"last letter, first member","alpha":[1,-2],"flag":false,"spec":{"cpu":2,"labels":{"a":"1","b":"2"}},"ratio":null}"#
        );
    }

    #[test]
    fn text_is_escaped_as_json() {
        let mut body = JsonObject::new();
        body.field("name", &"quote \" slash \\ newline \n é");
        assert_eq!(
            String::from_utf8(body.finish()).unwrap(),
            "{\"name\":\"quote \\\" slash \\\\ newline \\n é\"}"
        );
        assert_eq!(JsonObject::new().finish(), b"{}");
    }
}
