//! Reading a JSON request body while collecting every rule it breaks, class-validator style
//! (the checks NCP's REST services run): shared by the widget API and NKS, which differ in how
//! they take `null` ([`Nulls`]) and whether they refuse properties they do not define
//! ([`Checker::only`], widgets only).

use serde_json::{Map, Value};

use super::errors::{Failure, Step, Violation, field_name};

/// What a `null` property value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nulls {
    /// A violation (`isNotNull`, or `isDefined` when the property is required): the widget
    /// API takes no `null`.
    Refused,
    /// The property is absent (class-validator's `@IsOptional()`, which NKS uses).
    Absent,
}

/// `path` and then the property `name`.
pub(crate) fn at(path: &[Step], name: &str) -> Vec<Step> {
    let mut path = path.to_vec();
    path.push(Step::Field(name.to_owned()));
    path
}

/// `path` and then the list index `i`.
pub(crate) fn index(path: &[Step], i: usize) -> Vec<Step> {
    let mut path = path.to_vec();
    path.push(Step::Index(i));
    path
}

/// The body as JSON: `Ok(None)` when there is none.
pub(crate) fn parse_json(body: Option<&[u8]>) -> Result<Option<Value>, Failure> {
    let Some(bytes) = body else {
        return Ok(None);
    };
    serde_json::from_slice(bytes).map(Some).map_err(|e| {
        Failure::Invalid(vec![Violation {
            path: vec![Step::Field("body".into())],
            constraint: "isJson",
            message: format!("body is not valid JSON: {e}"),
        }])
    })
}

/// Collects violations while reading a JSON object.
pub(crate) struct Checker {
    pub violations: Vec<Violation>,
    nulls: Nulls,
}

impl Checker {
    pub(crate) fn new(nulls: Nulls) -> Self {
        Self {
            violations: Vec::new(),
            nulls,
        }
    }

    pub(crate) fn fail(&mut self, path: Vec<Step>, constraint: &'static str, message: String) {
        self.violations.push(Violation {
            path,
            constraint,
            message,
        });
    }

    /// The body's top object (an absent body is not one).
    pub(crate) fn body<'v>(&mut self, body: Option<&'v Value>) -> Option<&'v Map<String, Value>> {
        match body {
            Some(Value::Object(object)) => Some(object),
            _ => {
                let path = vec![Step::Field("body".into())];
                self.fail(path, "isObject", "body must be a JSON object".into());
                None
            }
        }
    }

    /// Refuses the properties of `object` not in `known`.
    pub(crate) fn only(&mut self, object: &Map<String, Value>, path: &[Step], known: &[&str]) {
        for name in object.keys().filter(|k| !known.contains(&k.as_str())) {
            let path = at(path, name);
            let message = format!("property {} should not exist", field_name(&path));
            self.fail(path, "whitelistValidation", message);
        }
    }

    /// The value of `name`: `None` when absent (a violation if `required`) or `null` (see
    /// [`Nulls`]).
    pub(crate) fn value<'v>(
        &mut self,
        object: &'v Map<String, Value>,
        path: &[Step],
        name: &str,
        required: bool,
    ) -> Option<(&'v Value, Vec<Step>)> {
        let path = at(path, name);
        match object.get(name) {
            Some(Value::Null) | None if required => {
                let message = format!("{} should not be null or undefined", field_name(&path));
                self.fail(path, "isDefined", message);
                None
            }
            Some(Value::Null) if self.nulls == Nulls::Refused => {
                let message = format!("{} must not be null (leave it out)", field_name(&path));
                self.fail(path, "isNotNull", message);
                None
            }
            Some(Value::Null) | None => None,
            Some(value) => Some((value, path)),
        }
    }

    pub(crate) fn string(&mut self, value: &Value, path: Vec<Step>) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            _ => {
                let message = format!("{} must be a string", field_name(&path));
                self.fail(path, "isString", message);
                None
            }
        }
    }

    pub(crate) fn int(&mut self, value: &Value, path: Vec<Step>) -> Option<i64> {
        match value.as_i64() {
            Some(number) => Some(number),
            None => {
                let message = format!("{} must be an integer number", field_name(&path));
                self.fail(path, "isInt", message);
                None
            }
        }
    }

    pub(crate) fn bool(&mut self, value: &Value, path: Vec<Step>) -> Option<bool> {
        match value {
            Value::Bool(flag) => Some(*flag),
            _ => {
                let message = format!("{} must be a boolean value", field_name(&path));
                self.fail(path, "isBoolean", message);
                None
            }
        }
    }

    pub(crate) fn object<'v>(&mut self, value: &'v Value, path: &[Step]) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            _ => {
                let message = format!("{} must be an object", field_name(path));
                self.fail(path.to_vec(), "isObject", message);
                None
            }
        }
    }

    pub(crate) fn array<'v>(&mut self, value: &'v Value, path: &[Step]) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            _ => {
                let message = format!("{} must be an array", field_name(path));
                self.fail(path.to_vec(), "isArray", message);
                None
            }
        }
    }

    pub(crate) fn opt_string(&mut self, object: &Map<String, Value>, path: &[Step], name: &str) -> Option<String> {
        let (value, path) = self.value(object, path, name, false)?;
        self.string(value, path)
    }

    pub(crate) fn opt_int(&mut self, object: &Map<String, Value>, path: &[Step], name: &str) -> Option<i64> {
        let (value, path) = self.value(object, path, name, false)?;
        self.int(value, path)
    }

    pub(crate) fn opt_bool(&mut self, object: &Map<String, Value>, path: &[Step], name: &str) -> Option<bool> {
        let (value, path) = self.value(object, path, name, false)?;
        self.bool(value, path)
    }

    pub(crate) fn req_string(&mut self, object: &Map<String, Value>, path: &[Step], name: &str) -> Option<String> {
        let (value, path) = self.value(object, path, name, true)?;
        self.string(value, path)
    }

    /// A list of integers (`subnetNoList`); `None` when absent or when an item is not one.
    pub(crate) fn int_list(
        &mut self,
        object: &Map<String, Value>,
        path: &[Step],
        name: &str,
        required: bool,
    ) -> Option<Vec<i64>> {
        let (value, path) = self.value(object, path, name, required)?;
        let items = self.array(value, &path)?;
        let numbers: Vec<Option<i64>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.int(item, index(&path, i)))
            .collect();
        numbers.into_iter().collect()
    }

    /// `number` within `min..=max`, else a violation (`min` / `max`, as NKS words them).
    pub(crate) fn range(&mut self, number: i64, path: &[Step], min: i64, max: i64) -> bool {
        let name = field_name(path);
        if number < min {
            self.fail(path.to_vec(), "min", format!("{name} must not be less than {min}"));
            false
        } else if number > max {
            self.fail(path.to_vec(), "max", format!("{name} must not be greater than {max}"));
            false
        } else {
            true
        }
    }

    /// `Ok(value)` when nothing was violated and there is a value.
    pub(crate) fn done<T>(self, value: Option<T>) -> Result<T, Failure> {
        match value {
            Some(value) if self.violations.is_empty() => Ok(value),
            _ => Err(Failure::Invalid(self.violations)),
        }
    }
}
