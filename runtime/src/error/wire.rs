//! NCP's two error bodies, which any action can return instead of its response.
//!
//! - The service's error, in the requested format:
//!   `{"responseError": {"returnCode": "1007009", "returnMessage": "…"}}` or
//!   `<responseError><returnCode>1300</returnCode><returnMessage>…</returnMessage></responseError>`.
//! - The API Gateway's error, in JSON: `{"error": {"errorCode": "500", "message": "Endpoint Error",
//!   "details": ""}}`. `errorCode` is documented as an integer but sent as a string; both are
//!   accepted.

use serde::de::MapAccess;

use crate::decode::model::{Field, FieldSink, Model};
use crate::decode::{DecodeError, ResponseBody};

/// The service's error body, `responseError`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceError {
    /// NCP's error code, e.g. `"1300"` (sent as a string or a number).
    pub return_code: Option<String>,
    /// The error's description.
    pub return_message: Option<String>,
}

impl ServiceError {
    /// The envelope key in JSON and the root element in XML.
    pub const ENVELOPE: &'static str = "responseError";

    /// Decodes `<responseError>…</responseError>`.
    pub fn from_xml(body: &str) -> Result<Self, DecodeError> {
        <Self as ResponseBody>::from_xml(body)
    }

    /// Decodes `{"responseError": {…}}`.
    pub fn from_json(body: &str) -> Result<Self, DecodeError> {
        <Self as ResponseBody>::from_json(body)
    }
}

// `Serialize` and `Deserialize` through the runtime's generic visitor, as generated models have
// them: a field is read as `Field::scalar` reads it (a string or a number, `<x/>` as `""`), an
// absent field is `None` and is not written, and no proc-macro is needed to build the runtime.
impl Model for ServiceError {
    const NAME: &'static str = "ServiceError";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "returnCode" => field.scalar(&mut self.return_code),
            "returnMessage" => field.scalar(&mut self.return_message),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: FieldSink>(&self, sink: &mut S) {
        sink.field("returnCode", &self.return_code);
        sink.field("returnMessage", &self.return_message);
    }
}

crate::__ncloud_serde_via_model!(ServiceError, GatewayError);

impl ResponseBody for ServiceError {
    const XML_ROOT: &'static str = Self::ENVELOPE;
    const JSON_ENVELOPE: &'static str = Self::ENVELOPE;
}

/// The API Gateway's error body, `error`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GatewayError {
    /// The gateway's error code, e.g. `"200"` for "Authentication Failed" (sent as a string or a
    /// number).
    pub error_code: Option<String>,
    /// The error's name, e.g. `"Authentication Failed"`.
    pub message: Option<String>,
    /// More details; often empty.
    pub details: Option<String>,
}

impl GatewayError {
    /// The envelope key in JSON and the root element in XML.
    pub const ENVELOPE: &'static str = "error";

    /// Decodes `<error>…</error>` (the gateway answers in JSON; this is for completeness).
    pub fn from_xml(body: &str) -> Result<Self, DecodeError> {
        <Self as ResponseBody>::from_xml(body)
    }

    /// Decodes `{"error": {…}}`.
    pub fn from_json(body: &str) -> Result<Self, DecodeError> {
        <Self as ResponseBody>::from_json(body)
    }
}

impl Model for GatewayError {
    const NAME: &'static str = "GatewayError";
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, 'de, A>) -> Result<(), A::Error> {
        match field.key() {
            "errorCode" => field.scalar(&mut self.error_code),
            "message" => field.scalar(&mut self.message),
            "details" => field.scalar(&mut self.details),
            _ => field.skip(),
        }
    }
    fn encode_fields<S: FieldSink>(&self, sink: &mut S) {
        sink.field("errorCode", &self.error_code);
        sink.field("message", &self.message);
        sink.field("details", &self.details);
    }
}

impl ResponseBody for GatewayError {
    const XML_ROOT: &'static str = Self::ENVELOPE;
    const JSON_ENVELOPE: &'static str = Self::ENVELOPE;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, message: &str) -> ServiceError {
        ServiceError {
            return_code: Some(code.into()),
            return_message: Some(message.into()),
        }
    }

    fn gateway(code: &str, message: &str, details: &str) -> GatewayError {
        GatewayError {
            error_code: Some(code.into()),
            message: Some(message.into()),
            details: Some(details.into()),
        }
    }

    #[test]
    fn service_error_json_body_of_the_notes() {
        let body = r#"{"responseError": {"returnCode": "1007009", "returnMessage": "If the Acg settings are being changed, you cannot change other settings at the same time."}}"#;
        assert_eq!(
            ServiceError::from_json(body).unwrap(),
            service(
                "1007009",
                "If the Acg settings are being changed, you cannot change other settings at the same time."
            )
        );
    }

    #[test]
    fn service_error_xml_body_of_the_notes() {
        let body = "<responseError><returnCode>1300</returnCode><returnMessage>Please try your call again later. Temporarily out of service.</returnMessage></responseError>";
        assert_eq!(
            ServiceError::from_xml(body).unwrap(),
            service("1300", "Please try your call again later. Temporarily out of service.")
        );
        let with_declaration = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}");
        assert_eq!(
            ServiceError::from_xml(&with_declaration)
                .unwrap()
                .return_code
                .as_deref(),
            Some("1300")
        );
    }

    #[test]
    fn service_error_seen_codes_as_strings_and_numbers() {
        for (code, message) in [
            ("1000", "Please try your call again later."),
            ("1413", "product code not found"),
            ("1200004", "busy"),
            ("800", "invalid consumer key"),
        ] {
            let expected = service(code, message);
            let as_string = format!(r#"{{"responseError": {{"returnCode": "{code}", "returnMessage": "{message}"}}}}"#);
            let as_number = format!(r#"{{"responseError": {{"returnCode": {code}, "returnMessage": "{message}"}}}}"#);
            let as_xml = format!(
                "<responseError><returnCode>{code}</returnCode><returnMessage>{message}</returnMessage></responseError>"
            );
            assert_eq!(ServiceError::from_json(&as_string).unwrap(), expected);
            assert_eq!(ServiceError::from_json(&as_number).unwrap(), expected);
            assert_eq!(ServiceError::from_xml(&as_xml).unwrap(), expected);
        }
    }

    #[test]
    fn service_error_with_missing_or_empty_fields() {
        assert_eq!(
            ServiceError::from_json(r#"{"responseError": {}}"#).unwrap(),
            ServiceError::default()
        );
        assert_eq!(
            ServiceError::from_xml("<responseError><returnCode/></responseError>").unwrap(),
            ServiceError {
                return_code: Some(String::new()),
                return_message: None
            }
        );
    }

    #[test]
    fn gateway_error_json_body_of_the_notes() {
        let body = r#"{"error": {"errorCode": "500", "message": "Endpoint Error", "details": ""}}"#;
        assert_eq!(
            GatewayError::from_json(body).unwrap(),
            gateway("500", "Endpoint Error", "")
        );
    }

    #[test]
    fn gateway_error_every_code_of_the_table_as_string_and_number() {
        for (code, message) in [
            (100, "Bad Request Exception"),
            (200, "Authentication Failed"),
            (210, "Permission Denied"),
            (300, "Not Found Exception"),
            (400, "Quota Exceeded"),
            (410, "Throttle Limited"),
            (420, "Rate Limited"),
            (430, "Request Entity Too Large"),
            (500, "Endpoint Error"),
            (510, "Endpoint Timeout"),
            (900, "Unexpected Error"),
        ] {
            let expected = gateway(&code.to_string(), message, "");
            let as_string = format!(r#"{{"error": {{"errorCode": "{code}", "message": "{message}", "details": ""}}}}"#);
            let as_number = format!(r#"{{"error": {{"errorCode": {code}, "message": "{message}", "details": ""}}}}"#);
            let as_xml =
                format!("<error><errorCode>{code}</errorCode><message>{message}</message><details></details></error>");
            assert_eq!(GatewayError::from_json(&as_string).unwrap(), expected);
            assert_eq!(GatewayError::from_json(&as_number).unwrap(), expected);
            assert_eq!(GatewayError::from_xml(&as_xml).unwrap(), expected);
        }
    }

    #[test]
    fn the_two_envelopes_are_told_apart() {
        let gateway_body = r#"{"error": {"errorCode": "200", "message": "Authentication Failed"}}"#;
        let err = ServiceError::from_json(gateway_body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "JSON response has no \"responseError\" key; found keys: error"
        );
        let service_body = "<responseError><returnCode>1300</returnCode></responseError>";
        let err = GatewayError::from_xml(service_body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unexpected XML root element <responseError>, expected <error>"
        );
    }

    #[test]
    fn errors_round_trip_through_json() {
        let value = service("1300", "later");
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(text, r#"{"returnCode":"1300","returnMessage":"later"}"#);
        assert_eq!(serde_json::from_str::<ServiceError>(&text).unwrap(), value);
        let value = GatewayError {
            error_code: Some("500".into()),
            message: None,
            details: Some(String::new()),
        };
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<GatewayError>(&text).unwrap(), value);
    }
}
