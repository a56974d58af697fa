//! Enumerations of wire strings: what every generated enum shares, written once.
//!
//! A response enum is *open* ([`OpenEnum`]): the documented values plus `Unknown(String)`, so a
//! value the server adds later never breaks decoding. Its text is trimmed first, like numbers
//! and booleans. Request enums are never decoded, and parsing one from text stays exact. A request enum is *closed* ([`ClosedEnum`]):
//! only the documented values exist, and parsing anything else is an error naming the parameter.
//!
//! A generated enum implements the trait (its values as a table) and gets its standard trait
//! impls, each a one-line call into this module, from [`open_enum_impls!`] or
//! [`closed_enum_impls!`].

use crate::constraint::{ValidationError, unknown_enum_value};

/// A response enum: known values plus `Unknown`.
pub trait OpenEnum: Clone + 'static {
    /// The known values and their wire text, in the spec's order.
    const KNOWN: &'static [(&'static str, Self)];

    /// The `Unknown` variant holding `value`.
    fn unknown(value: String) -> Self;

    /// The value as sent on the wire.
    fn wire(&self) -> &str;
}

/// The value whose wire text is `text`, or `Unknown(text)`; surrounding whitespace is ignored
/// (XML such as `<code> KVM </code>`), as it is for numbers and booleans.
pub fn open_from_str<E: OpenEnum>(text: &str) -> E {
    let text = text.trim();
    match E::KNOWN.iter().find(|(wire, _)| *wire == text) {
        Some((_, value)) => value.clone(),
        None => E::unknown(text.to_owned()),
    }
}

/// As [`open_from_str`], without copying the text when it needs no trimming.
pub fn open_from_string<E: OpenEnum>(text: String) -> E {
    let text = if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_owned()
    };
    match E::KNOWN.iter().find(|(wire, _)| *wire == text) {
        Some((_, value)) => value.clone(),
        None => E::unknown(text),
    }
}

impl<E: OpenEnum> crate::decode::scalar::FromWire for E {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(open_from_str(text))
    }
}

/// A request enum: only the documented values.
pub trait ClosedEnum: Copy + 'static {
    /// The parameter's wire name, for the error of a value that is not allowed.
    const FIELD: &'static str;
    /// Every value, in the spec's order.
    const VALUES: &'static [Self];
    /// The wire text of every value, in the same order.
    const WIRE_VALUES: &'static [&'static str];
}

/// The value whose wire text is `text`, or an error naming the parameter and the allowed values.
pub fn closed_from_str<E: ClosedEnum>(text: &str) -> Result<E, ValidationError> {
    match E::WIRE_VALUES.iter().position(|wire| *wire == text) {
        Some(i) => Ok(E::VALUES[i]),
        None => Err(ValidationError::new(vec![unknown_enum_value(
            E::FIELD,
            E::WIRE_VALUES,
            text,
        )])),
    }
}

/// `as_str`, `From<&str>`, `From<String>`, `Display`, `Serialize` and `Deserialize` for a response
/// enum that implements [`OpenEnum`] (which gives it `FromWire`).
#[doc(hidden)]
#[macro_export]
macro_rules! __ncloud_open_enum_impls {
    ($t:ty) => {
        impl $t {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                $crate::enums::OpenEnum::wire(self)
            }
        }

        impl ::std::convert::From<&str> for $t {
            fn from(value: &str) -> Self {
                $crate::enums::open_from_str(value)
            }
        }

        impl ::std::convert::From<::std::string::String> for $t {
            fn from(value: ::std::string::String) -> Self {
                $crate::enums::open_from_string(value)
            }
        }

        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map($crate::enums::open_from_string)
            }
        }
    };
}

/// `FromStr`, `Display`, `QueryValue`, `ToJson` (for JSON bodies) and `Serialize` for a request
/// enum that implements [`ClosedEnum`] and has a `const fn as_str(&self) -> &'static str`.
#[doc(hidden)]
#[macro_export]
macro_rules! __ncloud_closed_enum_impls {
    ($t:ty) => {
        impl ::std::str::FromStr for $t {
            type Err = $crate::ValidationError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::enums::closed_from_str(value)
            }
        }

        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::request::QueryValue for $t {
            fn to_query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl $crate::request::ToJson for $t {
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                $crate::__private::serde_json::Value::String(::std::string::String::from(self.as_str()))
            }
        }

        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

#[doc(inline)]
pub use crate::{__ncloud_closed_enum_impls as closed_enum_impls, __ncloud_open_enum_impls as open_enum_impls};

#[cfg(test)]
mod tests {
    use crate::decode::scalar::FromWire;
    use crate::request::QueryValue;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Status {
        Init,
        Creat,
        Unknown(String),
    }

    impl super::OpenEnum for Status {
        const KNOWN: &'static [(&'static str, Self)] = &[("INIT", Self::Init), ("CREAT", Self::Creat)];
        fn unknown(value: String) -> Self {
            Self::Unknown(value)
        }
        fn wire(&self) -> &str {
            match self {
                Self::Init => "INIT",
                Self::Creat => "CREAT",
                Self::Unknown(value) => value,
            }
        }
    }

    crate::enums::open_enum_impls!(Status);

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Full,
        Incremental,
    }

    impl Kind {
        const fn as_str(&self) -> &'static str {
            match self {
                Self::Full => "FULL",
                Self::Incremental => "INCREMENTAL",
            }
        }
    }

    impl super::ClosedEnum for Kind {
        const FIELD: &'static str = "kind";
        const VALUES: &'static [Self] = &[Self::Full, Self::Incremental];
        const WIRE_VALUES: &'static [&'static str] = &["FULL", "INCREMENTAL"];
    }

    crate::enums::closed_enum_impls!(Kind);

    #[test]
    fn open_enums_map_known_text_to_variants_and_keep_the_rest() {
        assert_eq!(Status::from("CREAT"), Status::Creat);
        assert_eq!(Status::from("NEW".to_owned()), Status::Unknown("NEW".into()));
        assert_eq!(Status::from("init"), Status::Unknown("init".into()));
        assert_eq!(Status::from_text("INIT"), Ok(Status::Init));
        assert_eq!(Status::Unknown("NEW".into()).to_string(), "NEW");
        assert_eq!(Status::Creat.as_str(), "CREAT");
        assert_eq!(serde_json::to_string(&Status::Init).unwrap(), "\"INIT\"");
        assert_eq!(
            serde_json::from_str::<Status>("\"X\"").unwrap(),
            Status::Unknown("X".into())
        );
    }

    #[test]
    fn open_enum_text_is_trimmed_like_numbers_and_booleans() {
        assert_eq!(Status::from_text(" INIT\n"), Ok(Status::Init));
        assert_eq!(Status::from_text(" NEW "), Ok(Status::Unknown("NEW".into())));
        assert_eq!(serde_json::from_str::<Status>("\" CREAT \"").unwrap(), Status::Creat);
        assert_eq!(Status::from(" X ".to_owned()), Status::Unknown("X".into()));
    }

    #[test]
    fn closed_enums_parse_only_their_values() {
        assert_eq!("INCREMENTAL".parse::<Kind>().unwrap(), Kind::Incremental);
        let err = "full".parse::<Kind>().unwrap_err();
        assert_eq!(err.violations()[0].field, "kind");
        assert_eq!(err.violations()[0].rule, crate::Rule::OneOf(&["FULL", "INCREMENTAL"]));
        assert_eq!(Kind::Full.to_string(), "FULL");
        assert_eq!(Kind::Full.to_query_value(), "FULL");
        assert_eq!(serde_json::to_string(&Kind::Incremental).unwrap(), "\"INCREMENTAL\"");
        use crate::request::ToJson;
        assert_eq!(Kind::Full.to_json(), serde_json::Value::from("FULL"));
    }
}
