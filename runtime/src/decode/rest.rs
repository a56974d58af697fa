//! Decoding the responses of REST actions: bare JSON (no envelope, never XML), no content, or
//! bytes. A generated REST action's `decode_response` is one of these three.

use serde::de::DeserializeOwned;

use crate::decode::{DecodeError, json_error, without_bom};

/// Decodes a bare JSON body as `T`; an empty body (or only whitespace, or a byte order mark) is
/// `T::default()`, since a service may answer a success without content where the spec promises
/// a model.
///
/// ```
/// # use ncloud_runtime::__private::rest_json;
/// let names: Vec<String> = rest_json(br#"["a", "b"]"#).unwrap();
/// assert_eq!(names, ["a", "b"]);
/// assert_eq!(rest_json::<Vec<String>>(b" \n").unwrap(), Vec::<String>::new());
/// ```
pub fn rest_json<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|e| DecodeError::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    let text = without_bom(text);
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(text).map_err(|e| json_error(e, text))
}

/// The response of an action without content (`204`): whatever body came is ignored.
pub fn rest_empty(body: &[u8]) -> Result<(), DecodeError> {
    let _ = body;
    Ok(())
}

/// The response of an action answering bytes (`application/octet-stream`): the body as it came.
pub fn rest_bytes(body: &[u8]) -> Result<Vec<u8>, DecodeError> {
    Ok(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Widget {
        #[serde(rename = "widgetId")]
        id: Option<String>,
    }

    #[test]
    fn an_empty_body_is_the_default_and_any_other_is_json() {
        assert_eq!(rest_json::<Widget>(b"").unwrap(), Widget::default());
        assert_eq!(
            rest_json::<Widget>("\u{feff} \r\n".as_bytes()).unwrap(),
            Widget::default()
        );
        assert_eq!(
            rest_json::<Widget>(br#"{"widgetId": "w-1"}"#).unwrap(),
            Widget { id: Some("w-1".into()) }
        );
        assert_eq!(rest_json::<String>(br#""name""#).unwrap(), "name");
        assert!(matches!(rest_json::<Widget>(b"<x/>"), Err(DecodeError::Json { .. })));
        assert!(matches!(
            rest_json::<Widget>(b"\xff"),
            Err(DecodeError::NotUtf8 { valid_up_to: 0 })
        ));
    }

    #[test]
    fn no_content_ignores_the_body_and_bytes_are_kept_as_they_came() {
        assert!(rest_empty(b"anything").is_ok());
        assert_eq!(rest_bytes(b"\x00\xff{").unwrap(), b"\x00\xff{");
    }
}
