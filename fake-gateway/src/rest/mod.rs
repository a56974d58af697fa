//! The REST side of the gateway: routing ([`route`]), the checks every REST call goes through
//! (here), the services' errors ([`errors`]) and body checks ([`check`]), and two services with
//! a store each: the widget API of the contract's section 3 ([`widgets`]) and NKS ([`nks`]).
//! The order of the checks, the answers and the errors are described in the crate's
//! documentation, sections "REST: the widget API" and "REST: NKS".

pub(crate) mod check;
pub(crate) mod errors;
pub(crate) mod nks;
pub(crate) mod route;
pub(crate) mod widgets;

use std::sync::Mutex;

use crate::action::Format;
use crate::config::{GatewayConfig, RestErrorStyle};
use crate::evaluate::{BodyRead, Evaluation, RequestView, authenticate, single_header};
use crate::query::{decode_component, decode_pairs};
use crate::verdict::{AuthFailure, Verdict};
use errors::Failure;
use nks::store::NksStore;
use route::{RestApi, Route};
use widgets::WidgetStore;

pub use route::RestOperation;

/// Header carrying the API key of the operations that need one.
pub const API_KEY_HEADER: &str = "x-ncp-apigw-api-key";
/// `Content-Type` of the JSON answers.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// `Content-Type` of `exportWidget`'s answer (unless the request accepts only JSON).
pub const OCTET_STREAM_CONTENT_TYPE: &str = "application/octet-stream";

/// A request for a REST operation, as far as the service needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RestCall {
    pub operation: RestOperation,
    /// The decoded path parameters, in path order (empty when one does not decode).
    pub params: Vec<String>,
    /// The decoded query (empty when it does not decode).
    pub query: Vec<(String, String)>,
    /// The body, when one was sent.
    pub body: Option<Vec<u8>>,
    /// The `Accept` header asks for JSON and not for bytes (`exportWidget` answers JSON then).
    pub accepts_only_json: bool,
    pub now_ms: i128,
    /// Once the service ran: the status and `Content-Type` answered (`None`: no body).
    pub answer: Option<(u16, Option<&'static str>)>,
}

/// Judges a request `route` matched: everything up to (not including) the service.
pub(crate) fn evaluate(config: &GatewayConfig, request: &RequestView<'_>, route: Route) -> Evaluation {
    let (auth, signature_valid, timestamp_valid, string_to_sign) = authenticate(config, request);
    let query = decode_pairs(request.raw_query.unwrap_or(""), false);
    let params: Result<Vec<String>, String> = route
        .raw_params
        .iter()
        .map(|raw| decode_component(raw, 0, false).map_err(|e| format!("path segment {raw:?}: {e}")))
        .collect();
    let body = match request.body {
        BodyRead::Complete(bytes) if !bytes.is_empty() => Some(bytes.clone()),
        _ => None,
    };
    let verdict = if *request.body == BodyRead::TooLarge {
        Verdict::PayloadTooLarge
    } else if let Err(why) = &auth {
        Verdict::Unauthorized(why.clone())
    } else if let Err(why) = check_api_key(config, route.operation, request.headers) {
        Verdict::Unauthorized(why)
    } else if let Err(why) = check_content_type(request.headers, body.is_some()) {
        Verdict::BadRequest(why)
    } else if let Err(why) = &params {
        Verdict::BadRequest(why.clone())
    } else if let Err(e) = &query {
        Verdict::BadRequest(format!("query: {e}"))
    } else {
        Verdict::Success
    };
    let accepts_only_json = request.headers.iter().any(|(name, value)| {
        let value = value.to_ascii_lowercase();
        name == "accept" && value.contains("application/json") && !value.contains("application/octet-stream")
    });
    let call = RestCall {
        operation: route.operation,
        params: params.unwrap_or_default(),
        query: query.clone().unwrap_or_default(),
        body,
        accepts_only_json,
        now_ms: request.now_ms,
        answer: None,
    };
    Evaluation {
        action: None,
        auth,
        signature_valid,
        timestamp_valid,
        string_to_sign,
        query,
        form: None,
        format: Format::Json,
        verdict,
        operation: None,
        rest: Some(call),
    }
}

fn check_api_key(
    config: &GatewayConfig,
    operation: RestOperation,
    headers: &[(String, String)],
) -> Result<(), AuthFailure> {
    if !operation.needs_api_key() {
        return Ok(());
    }
    let key = single_header(headers, API_KEY_HEADER)?;
    if key == config.api_key {
        Ok(())
    } else {
        Err(AuthFailure::UnknownApiKey)
    }
}

/// A body needs `Content-Type: application/json`, optionally with `charset=UTF-8` (names and
/// values in any case, spaces around `;` allowed), sent once.
fn check_content_type(headers: &[(String, String)], has_body: bool) -> Result<(), String> {
    if !has_body {
        return Ok(());
    }
    let mut values = headers
        .iter()
        .filter(|(n, _)| n == "content-type")
        .map(|(_, v)| v.as_str());
    let value = match (values.next(), values.next()) {
        (None, _) => return Err("a request with a body needs Content-Type: application/json; none was sent".into()),
        (Some(_), Some(_)) => return Err("Content-Type was sent more than once".into()),
        (Some(value), None) => value,
    };
    let wrong = || format!("the body must be sent as Content-Type: application/json, not {value:?}");
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(wrong());
    }
    for parameter in parts.map(str::trim).filter(|p| !p.is_empty()) {
        let utf8 = parameter.split_once('=').is_some_and(|(name, charset)| {
            name.trim().eq_ignore_ascii_case("charset")
                && charset.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        });
        if !utf8 {
            return Err(wrong());
        }
    }
    Ok(())
}

/// What the service answers when it succeeds: status, `Content-Type` (`None`: no body), body.
pub(crate) type Reply = (u16, Option<&'static str>, String);

/// The REST services' stores, each behind its own lock.
#[derive(Debug)]
pub(crate) struct RestStores {
    pub widgets: Mutex<WidgetStore>,
    pub nks: Mutex<NksStore>,
}

impl RestStores {
    pub(crate) fn new(config: &GatewayConfig) -> Self {
        Self {
            widgets: Mutex::new(WidgetStore::new(config.widgets)),
            nks: Mutex::new(NksStore::new(config.nks)),
        }
    }
}

/// Carries out an accepted REST request on its API's store: returns the body answered and
/// records status and content type in the call; a refusal also becomes the verdict.
pub(crate) fn perform(stores: &RestStores, config: &GatewayConfig, evaluation: &mut Evaluation) -> Option<String> {
    let call = evaluation.rest.as_mut()?;
    if evaluation.verdict != Verdict::Success {
        return None;
    }
    let (result, style) = match call.operation.api() {
        RestApi::Widgets => (
            serve(&mut crate::lock(&stores.widgets), call),
            config.widgets.error_style,
        ),
        // NKS answers its own envelope, whatever the widgets' style.
        RestApi::Nks => (nks::serve(&mut crate::lock(&stores.nks), call), RestErrorStyle::Nks),
    };
    match result {
        Ok((status, content_type, body)) => {
            call.answer = Some((status, content_type));
            Some(body)
        }
        Err(failure) => {
            let status = failure.status();
            call.answer = Some((status, Some(JSON_CONTENT_TYPE)));
            evaluation.verdict = Verdict::RestRefused {
                status,
                error_code: failure.code().to_owned(),
                message: failure.detail(),
            };
            Some(failure.render(style, call.now_ms))
        }
    }
}

/// Carries out a widget API call on `store`.
fn serve(store: &mut WidgetStore, call: &RestCall) -> Result<Reply, Failure> {
    let id = call.params.first().map_or("", String::as_str);
    let body = call.body.as_deref();
    let json = |status: u16, value: serde_json::Value| (status, Some(JSON_CONTENT_TYPE), value.to_string());
    Ok(match call.operation {
        RestOperation::ListWidgets => {
            let (page, total) = store.list(&widgets::list_query(&call.query)?);
            let items: Vec<serde_json::Value> = page.iter().map(widgets::Widget::to_json).collect();
            json(200, serde_json::json!({"widgets": items, "total": total}))
        }
        RestOperation::CreateWidget => json(201, store.create(widgets::widget_body(body)?)?.to_json()),
        RestOperation::GetWidget => json(200, store.read(id)?.to_json()),
        RestOperation::ReplaceWidget => json(200, store.replace(id, widgets::widget_body(body)?)?.to_json()),
        RestOperation::UpdateWidget => {
            store.update(id, widgets::update_body(body)?)?;
            (200, None, String::new())
        }
        RestOperation::DeleteWidget => {
            store.delete(id)?;
            (204, None, String::new())
        }
        RestOperation::GetWidgetTags => {
            let widget = store.find(id)?;
            json(200, widgets::tags_json(widget.tags.as_deref().unwrap_or_default()))
        }
        RestOperation::GetWidgetName => json(200, store.find(id)?.name.clone().into()),
        RestOperation::ExportWidget => {
            let content_type = if call.accepts_only_json {
                JSON_CONTENT_TYPE
            } else {
                OCTET_STREAM_CONTENT_TYPE
            };
            (200, Some(content_type), store.find(id)?.to_json().to_string())
        }
        // NKS operations are routed to the NKS store, never here.
        _ => return Err(Failure::NotFound(errors::Subject::Widget(id.to_owned()))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_type(value: Option<&str>) -> Result<(), String> {
        let headers: Vec<(String, String)> = value.map(|v| ("content-type".into(), v.into())).into_iter().collect();
        check_content_type(&headers, true)
    }

    #[test]
    fn content_types() {
        for ok in [
            "application/json",
            "application/json;charset=UTF-8",
            "Application/JSON; charset=utf-8",
            "application/json; charset=\"UTF-8\";",
        ] {
            assert_eq!(content_type(Some(ok)), Ok(()), "{ok}");
        }
        for wrong in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("application/json;charset=ISO-8859-1"),
            Some("application/jsonx"),
            Some("application/json;boundary=x"),
        ] {
            assert!(content_type(wrong).is_err(), "{wrong:?}");
        }
        assert_eq!(check_content_type(&[], false), Ok(()));
        let twice = [
            ("content-type".to_owned(), "application/json".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        assert!(check_content_type(&twice, true).unwrap_err().contains("more than once"));
    }
}
