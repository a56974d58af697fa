//! Decoding whole response bodies: XML with a known root element, JSON with a known envelope key.
//!
//! NCP answers in XML (`<{action}Response>…</{action}Response>`, the service's default) or in JSON
//! (`{"{action}Response": {…}}`), chosen by the `responseFormatType` parameter ([`Format`]). The
//! fields inside are decoded leniently, the same way from both formats, by the generated models.
//!
//! REST actions answer bare JSON, no content, or bytes instead: their decoders are in
//! `rest` ([`__private::rest_json`](crate::__private::rest_json) and its siblings).

pub(crate) mod cap;
#[cfg(test)]
mod field_tests;
pub(crate) mod model;
pub(crate) mod rest;
pub(crate) mod scalar;

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use quick_xml::events::Event;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};

use crate::truncate_chars;

/// How many characters of a body an error message quotes at most.
const EXCERPT_CHARS: usize = 200;

/// How many characters of other values taken from a body (element names, keys, parser messages) an
/// error message keeps at most.
const NAME_CHARS: usize = 100;

/// How many keys a [`DecodeError::MissingJsonEnvelope`] lists at most.
const MAX_KEYS: usize = 10;

/// A response format: the value of NCP's `responseFormatType` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `xml`, the service's default.
    Xml,
    /// `json`, what the official SDKs always ask for.
    Json,
}

impl Format {
    /// The parameter value: `"xml"` or `"json"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is neither `xml` nor `json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown response format {0:?}; expected `xml` or `json`")]
pub struct ParseFormatError(String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// `xml` or `json`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("xml") {
            Ok(Format::Xml)
        } else if s.eq_ignore_ascii_case("json") {
            Ok(Format::Json)
        } else {
            Err(ParseFormatError(truncate_chars(s, NAME_CHARS)))
        }
    }
}

/// Why a response body could not be decoded. Messages quote at most 200 characters of the body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is not well-formed XML, or its content does not fit the expected model.
    #[error("invalid XML response: {message}; the body starts with {excerpt:?}")]
    Xml {
        /// What the XML parser or decoder reported.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The body is not valid JSON, or its content does not fit the expected model.
    #[error("invalid JSON response: {message}; the body starts with {excerpt:?}")]
    Json {
        /// What the JSON parser or decoder reported, with line and column.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The XML root element is not the expected one.
    #[error("unexpected XML root element <{found}>, expected <{expected}>")]
    WrongXmlRoot {
        /// The root element the model is decoded from.
        expected: &'static str,
        /// The root element's name in the body.
        found: String,
    },
    /// The body holds no XML element at all (empty, or plain text such as an HTML proxy's error).
    #[error("XML response has no root element, expected <{expected}>; the body starts with {excerpt:?}")]
    NoXmlRoot {
        /// The root element the model is decoded from.
        expected: &'static str,
        /// The start of the body.
        excerpt: String,
    },
    /// The JSON object lacks the envelope key.
    #[error(
        "JSON response has no {expected:?} key; found {}",
        if found.is_empty() { "no keys".to_owned() } else { format!("keys: {}", found.join(", ")) }
    )]
    MissingJsonEnvelope {
        /// The key the model is decoded from, such as `createNasVolumeSnapshotResponse`.
        expected: &'static str,
        /// The keys found instead (at most 10, each cut to 100 characters).
        found: Vec<String>,
    },
    /// The body is not UTF-8.
    #[error("response body is not valid UTF-8 (invalid byte at offset {valid_up_to})")]
    NotUtf8 {
        /// How many bytes at the start of the body are valid UTF-8.
        valid_up_to: usize,
    },
}

/// The start of `body`, for error messages.
fn excerpt(body: &str) -> String {
    truncate_chars(body.trim_start(), EXCERPT_CHARS)
}

fn xml_error(message: impl fmt::Display, body: &str) -> DecodeError {
    DecodeError::Xml {
        message: truncate_chars(&message.to_string(), EXCERPT_CHARS),
        excerpt: excerpt(body),
    }
}

fn json_error(error: serde_json::Error, body: &str) -> DecodeError {
    DecodeError::Json {
        message: truncate_chars(&error.to_string(), EXCERPT_CHARS),
        excerpt: excerpt(body),
    }
}

/// Checks that the first element of `body` is `<root>`, skipping the XML declaration, comments,
/// processing instructions, a doctype and whitespace. Namespace prefixes are ignored.
fn check_xml_root(body: &str, root: &'static str) -> Result<(), DecodeError> {
    let mut reader = quick_xml::Reader::from_str(body);
    loop {
        let event = reader.read_event().map_err(|e| xml_error(e, body))?;
        let element = match event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
            Event::Text(t) if t.trim().is_empty() => continue,
            Event::Eof | Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) | Event::End(_) => {
                return Err(DecodeError::NoXmlRoot {
                    expected: root,
                    excerpt: excerpt(body),
                });
            }
        };
        if element.local_name().as_ref() == root {
            return Ok(());
        }
        let found = element.name().as_ref().to_owned();
        return Err(DecodeError::WrongXmlRoot {
            expected: root,
            found: truncate_chars(&found, NAME_CHARS),
        });
    }
}

/// `body` without a leading UTF-8 byte order mark, which some gateways and proxies prepend and
/// which neither parser accepts before the document.
fn without_bom(body: &str) -> &str {
    body.strip_prefix('\u{feff}').unwrap_or(body)
}

/// Decodes an XML body whose root element must be `<root>` (a leading byte order mark is
/// skipped).
///
/// ```
/// # use ncloud_runtime::decode::from_xml;
/// #[derive(serde::Deserialize)]
/// struct Response {
///     #[serde(rename = "returnCode")]
///     return_code: String,
/// }
/// let body = r#"<?xml version="1.0" encoding="UTF-8"?>
/// <createNasVolumeSnapshotResponse><returnCode>0</returnCode></createNasVolumeSnapshotResponse>"#;
/// let r: Response = from_xml(body, "createNasVolumeSnapshotResponse").unwrap();
/// assert_eq!(r.return_code, "0");
/// ```
pub fn from_xml<T: DeserializeOwned>(body: &str, root: &'static str) -> Result<T, DecodeError> {
    let body = without_bom(body);
    check_xml_root(body, root)?;
    quick_xml::de::from_str(body).map_err(|e| xml_error(e, body))
}

/// What the envelope visitor found: the value under the key, or the other keys.
enum Envelope<T> {
    Found(T),
    Missing(Vec<String>),
}

/// Visits the outer JSON object, decoding only the value under `key` and skipping the rest.
struct EnvelopeVisitor<T> {
    key: &'static str,
    _value: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<T> {
    type Value = Envelope<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object with a {:?} key", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let mut others = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                if found.is_some() {
                    return Err(de::Error::duplicate_field(self.key));
                }
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
                if others.len() < MAX_KEYS {
                    others.push(truncate_chars(&key, NAME_CHARS));
                }
            }
        }
        Ok(match found {
            Some(value) => Envelope::Found(value),
            None => Envelope::Missing(others),
        })
    }
}

/// Decodes a JSON body `{"<envelope>": {…}}`, taking only the value under `envelope`; other keys
/// are skipped without being built into values. A leading byte order mark is skipped.
///
/// ```
/// # use ncloud_runtime::decode::from_json;
/// #[derive(serde::Deserialize)]
/// struct Response {
///     #[serde(rename = "returnCode")]
///     return_code: String,
/// }
/// let body = r#"{"createNasVolumeSnapshotResponse": {"returnCode": "0"}}"#;
/// let r: Response = from_json(body, "createNasVolumeSnapshotResponse").unwrap();
/// assert_eq!(r.return_code, "0");
/// ```
pub fn from_json<T: DeserializeOwned>(body: &str, envelope: &'static str) -> Result<T, DecodeError> {
    let body = without_bom(body);
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let visitor = EnvelopeVisitor {
        key: envelope,
        _value: PhantomData,
    };
    let outcome = de::Deserializer::deserialize_map(&mut deserializer, visitor)
        .and_then(|outcome| deserializer.end().map(|()| outcome))
        .map_err(|e| json_error(e, body))?;
    match outcome {
        Envelope::Found(value) => Ok(value),
        Envelope::Missing(found) => Err(DecodeError::MissingJsonEnvelope {
            expected: envelope,
            found,
        }),
    }
}

/// A type NCP sends as a whole response body: its root element in XML and its envelope key in
/// JSON (`{"<envelope>": {…}}`), and the decoders of both. Generated response models implement
/// it, as do the runtime's error bodies; their inherent `from_xml`, `from_json` and `from_slice`
/// call these, so that `CreateXResponse::from_xml(body)` needs no import.
pub trait ResponseBody: DeserializeOwned {
    /// The root element of an XML body (`createNasVolumeSnapshotResponse`).
    const XML_ROOT: &'static str;
    /// The key of a JSON body's envelope (`createNasVolumeSnapshotResponse`).
    const JSON_ENVELOPE: &'static str;

    /// Decodes an XML body whose root element is [`XML_ROOT`](Self::XML_ROOT).
    fn from_xml(body: &str) -> Result<Self, DecodeError> {
        from_xml(body, Self::XML_ROOT)
    }

    /// Decodes a JSON body `{"<JSON_ENVELOPE>": {…}}`.
    fn from_json(body: &str) -> Result<Self, DecodeError> {
        from_json(body, Self::JSON_ENVELOPE)
    }

    /// Decodes a body in `format`, checking first that it is UTF-8.
    fn from_slice(body: &[u8], format: Format) -> Result<Self, DecodeError> {
        let name = match format {
            Format::Xml => Self::XML_ROOT,
            Format::Json => Self::JSON_ENVELOPE,
        };
        from_slice(body, format, name)
    }
}

/// Decodes a body in `format`: `name` is the XML root element or the JSON envelope key, which NCP
/// names alike (`{action}Response`). Checks that the body is UTF-8 first.
pub fn from_slice<T: DeserializeOwned>(body: &[u8], format: Format, name: &'static str) -> Result<T, DecodeError> {
    let body = std::str::from_utf8(body).map_err(|e| DecodeError::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    match format {
        Format::Xml => from_xml(body, name),
        Format::Json => from_json(body, name),
    }
}

#[cfg(test)]
mod response_body_tests {
    use super::*;

    /// A body whose XML root and JSON envelope are named differently, so that a decoder that
    /// picked the wrong name fails.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Thing {
        #[serde(rename = "returnCode")]
        return_code: String,
    }

    impl ResponseBody for Thing {
        const XML_ROOT: &'static str = "thingXml";
        const JSON_ENVELOPE: &'static str = "thingJson";
    }

    #[test]
    fn a_response_body_decodes_from_its_own_root_in_each_format() {
        let want = Thing {
            return_code: "0".into(),
        };
        let xml = "<thingXml><returnCode>0</returnCode></thingXml>";
        let json = r#"{"thingJson": {"returnCode": "0"}}"#;
        assert_eq!(Thing::from_xml(xml).unwrap(), want);
        assert_eq!(Thing::from_json(json).unwrap(), want);
        assert_eq!(Thing::from_slice(xml.as_bytes(), Format::Xml).unwrap(), want);
        assert_eq!(Thing::from_slice(json.as_bytes(), Format::Json).unwrap(), want);
        assert!(Thing::from_slice(json.replace("thingJson", "thingXml").as_bytes(), Format::Json).is_err());
        assert!(Thing::from_slice(b"\xff", Format::Json).is_err());
    }
}
