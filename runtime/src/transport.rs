//! The HTTP layer under the client, behind a small trait so that tests and users can substitute
//! their own. The default, [`ReqwestTransport`], is reqwest with rustls (ring).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A request, ready to go: nothing below this point may change its bytes, since they are signed.
///
/// Its `Debug` output shows the signature header's value as `***`: with the timestamp and access
/// key next to it, the signature is enough to replay the request for as long as the gateway
/// accepts the timestamp.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`.
    pub method: &'static str,
    /// The origin followed by the request target, exactly as signed.
    pub url: String,
    /// The request target alone (path and query), exactly as signed.
    pub target: String,
    /// Headers to send, in order. They include the signature, so never log them.
    pub headers: Vec<(&'static str, String)>,
    /// The largest response body to accept; a longer one is an error, not a truncation.
    pub max_body_bytes: u64,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case(crate::sign::SIGNATURE_HEADER) {
                    "***"
                } else {
                    value.as_str()
                };
                (*name, shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("target", &self.target)
            .field("headers", &headers)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// `target` (or a URL) with the value of every query parameter replaced by `…`: what error
/// messages and logs show of a request. Parameter values are the caller's data; the path and
/// the parameter names are enough to say which call it was.
pub(crate) fn without_query_values(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_owned();
    };
    let names: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}=…"),
            None => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", names.join("&"))
}

/// A complete response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Why a request got no complete response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// No connection could be established: the request was certainly not sent.
    #[error("could not connect: {0}")]
    Connect(String),
    /// No complete response in time; the request may have reached the service.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The response body is larger than the limit.
    #[error("the response body is larger than {limit} bytes (HTTP {status})")]
    BodyTooLarge {
        /// The status of the response.
        status: u16,
        /// The limit.
        limit: u64,
    },
    /// The request could not be sent as signed (it would have been re-encoded).
    #[error("refusing to send {target:?}: the HTTP library would send {sent:?} instead of the signed target")]
    Reencoded {
        /// The signed target.
        target: String,
        /// What would have gone on the wire.
        sent: String,
    },
    /// Any other failure after the connection was made; the request may have reached the service.
    #[error("{0}")]
    Other(String),
}

impl TransportError {
    /// Whether the request certainly did not reach the service, so that sending it again cannot
    /// create anything twice.
    pub fn request_not_sent(&self) -> bool {
        matches!(self, TransportError::Connect(_) | TransportError::Reencoded { .. })
    }
}

/// A boxed future, as returned by [`Transport::send`].
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one request and reads the whole response, within `max_body_bytes`. It must not retry:
/// the client decides what may be retried.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Send `request` as it is.
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}

/// The default transport: reqwest with rustls, using the ring crypto provider.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A transport that gives up connecting after `connect_timeout`. The client bounds the whole
    /// call with its own total timeout. Redirects are not followed (a signed request is valid for
    /// one target only) and no proxy is used.
    pub fn new(connect_timeout: std::time::Duration) -> Result<Self, crate::credentials::ConfigError> {
        // reqwest's `rustls-no-provider` needs a process default; install ring unless the
        // application already chose one (then `install_default` fails and changes nothing).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| crate::credentials::ConfigError::Transport(e.to_string()))?;
        Ok(ReqwestTransport { client })
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let url =
                reqwest::Url::parse(&request.url).map_err(|e| TransportError::Other(format!("invalid URL: {e}")))?;
            let sent = match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_owned(),
            };
            if sent != request.target {
                return Err(TransportError::Reencoded {
                    target: request.target,
                    sent,
                });
            }
            let mut builder = self.client.get(url);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            let described = || format!("GET {}", without_query_values(&request.url));
            let mut response = builder.send().await.map_err(|e| classify(e, &described()))?;
            let status = response.status().as_u16();
            let limit = request.max_body_bytes;
            if response.content_length().is_some_and(|n| n > limit) {
                return Err(TransportError::BodyTooLarge { status, limit });
            }
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| classify(e, &described()))? {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(TransportError::BodyTooLarge { status, limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse { status, headers, body })
        })
    }
}

/// The transport error for a reqwest error, described without the URL reqwest would print (its
/// query holds the caller's values): `request` says which request it was instead.
#[cfg(feature = "reqwest")]
fn classify(error: reqwest::Error, request: &str) -> TransportError {
    // Only a failed connection proves the request was not sent; everything else may have
    // reached the service.
    let error = error.without_url();
    let message = format!("{} ({request})", error_chain(&error));
    if error.is_connect() {
        TransportError::Connect(message)
    } else if error.is_timeout() {
        TransportError::Timeout(message)
    } else {
        TransportError::Other(message)
    }
}

/// An error and its causes, as one line.
#[cfg(feature = "reqwest")]
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign;

    fn request(target: &str) -> HttpRequest {
        HttpRequest {
            method: "GET",
            url: format!("http://127.0.0.1:9{target}"),
            target: target.to_owned(),
            headers: vec![
                (sign::TIMESTAMP_HEADER, "1668407407855".into()),
                (sign::ACCESS_KEY_HEADER, "access".into()),
                (
                    sign::SIGNATURE_HEADER,
                    "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0=".into(),
                ),
            ],
            max_body_bytes: 1024,
        }
    }

    #[test]
    fn query_values_are_left_out_of_what_describes_a_request() {
        assert_eq!(
            without_query_values("/vserver/v2/createX?name=a%20b&regionCode=KR&flag"),
            "/vserver/v2/createX?name=…&regionCode=…&flag"
        );
        assert_eq!(without_query_values("/vserver/v2/createX"), "/vserver/v2/createX");
    }

    #[test]
    fn the_debug_output_of_a_request_hides_its_replayable_signature() {
        let shown = format!("{:?}", request("/cluster/kubeconfig"));
        assert!(
            !shown.contains("LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="),
            "{shown}"
        );
        assert!(shown.contains("x-ncp-apigw-signature-v2"), "{shown}");
        assert!(shown.contains("access") && shown.contains("1668407407855"), "{shown}");
    }
}
