//! The HTTP layer under the client, behind a small trait so that tests and users can substitute
//! their own. The default, [`ReqwestTransport`], is reqwest with rustls (ring), or with the
//! platform's TLS under the `native-tls` feature.
//!
//! What the default transport promises, whatever features other crates enable on reqwest:
//! HTTP/1.1 only (`http1_only`, and TLS offers only `http/1.1` by ALPN), no retries of its own
//! (`retry(reqwest::retry::never())`: reqwest 0.13 retries HTTP/2 protocol NACKs by default),
//! no redirects, no proxy, and its own rustls configuration with the ring provider given
//! explicitly, so that rustls's process-wide default provider is neither needed nor installed.
//! It sends the request's method and body as they are, and refuses (before sending anything) a
//! request whose target the HTTP library would send in other bytes than those signed.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A request, ready to go: nothing below this point may change its bytes, since they are signed.
///
/// Its `Debug` output shows no query value and no header value but the timestamp's and the access
/// key's (`***` instead): the signature, with the timestamp and access key next to it, is enough
/// to replay the request for as long as the gateway accepts the timestamp, the API key is a
/// secret, and parameter values are the caller's data. The body is shown by its length only.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE` ([`Method::as_str`](crate::request::Method::as_str)),
    /// as signed.
    pub method: &'static str,
    /// The origin followed by the request target, exactly as signed.
    pub url: String,
    /// The request target alone (path and query), exactly as signed.
    pub target: String,
    /// Headers to send, in order. They include the signature, so never log them.
    pub headers: Vec<(&'static str, String)>,
    /// The body to send as it is (JSON, with its `Content-Type` among the headers), if any.
    pub body: Option<Vec<u8>>,
    /// The largest response body to accept; a longer one is an error, not a truncation.
    pub max_body_bytes: u64,
}

/// A body in `Debug` output: its length only.
struct BodyLength(usize);

impl fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = [crate::sign::TIMESTAMP_HEADER, crate::sign::ACCESS_KEY_HEADER]
                    .iter()
                    .any(|public| name.eq_ignore_ascii_case(public));
                (*name, if shown { value.as_str() } else { "***" })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &without_query_values(&self.url))
            .field("target", &without_query_values(&self.target))
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(|b| BodyLength(b.len())))
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
    /// The request was not sent: the HTTP library would have sent a request target other than
    /// the one signed (it would re-encode it). Sending it again cannot help, so it is not
    /// retried.
    #[error(
        "not sent: the HTTP library would change {changed} in the signed request target {target}, \
         so its signature would not match; sending it again cannot help"
    )]
    Reencoded {
        /// The signed target, with its query values left out (`/path?name=…`).
        target: String,
        /// What would change: `the path`, or the value of a parameter (`` the value of `name` ``).
        changed: String,
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

    /// The error for a signed `target` that the HTTP library would send as `sent`: it names what
    /// differs (the path, or which parameter's value) without quoting any value.
    pub fn reencoded(target: &str, sent: &str) -> Self {
        let at = target
            .bytes()
            .zip(sent.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(target.len().min(sent.len()));
        let changed = match target.split_once('?') {
            Some((path, query)) if at > path.len() => {
                let mut start = path.len() + 1;
                let mut changed = "the query".to_owned();
                for pair in query.split('&') {
                    if at <= start + pair.len() {
                        changed = match pair.split_once('=') {
                            Some((name, _)) if at > start + name.len() => format!("the value of `{name}`"),
                            _ => format!("the parameter name `{}`", pair.split('=').next().unwrap_or(pair)),
                        };
                        break;
                    }
                    start += pair.len() + 1;
                }
                changed
            }
            _ => "the path".to_owned(),
        };
        TransportError::Reencoded {
            target: without_query_values(target),
            changed,
        }
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

/// The default transport: reqwest with rustls, using the ring crypto provider (feature `reqwest`),
/// or with the platform's TLS (feature `native-tls`, which wins when both are on).
#[cfg(any(feature = "reqwest", feature = "native-tls"))]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(any(feature = "reqwest", feature = "native-tls"))]
impl ReqwestTransport {
    /// A transport that gives up connecting after `connect_timeout`. The client bounds the whole
    /// call with its own total timeout. Redirects are not followed (a signed request is valid for
    /// one target only), no proxy is used, only HTTP/1.1 is spoken and reqwest never retries on
    /// its own (the client alone decides what may be sent again).
    pub fn new(connect_timeout: std::time::Duration) -> Result<Self, crate::credentials::ConfigError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .http1_only()
            .retry(reqwest::retry::never());
        // rustls with ring (`reqwest`), or the platform's TLS (`native-tls`, which offers no
        // ALPN, so HTTP/1.1 it is), at TLS 1.2 or later either way.
        #[cfg(not(feature = "native-tls"))]
        let client = client.tls_backend_preconfigured(tls_config()?);
        #[cfg(feature = "native-tls")]
        let client = client
            .tls_backend_native()
            .tls_version_min(reqwest::tls::Version::TLS_1_2);
        let client = client
            .build()
            .map_err(|e| crate::credentials::ConfigError::Transport(e.to_string()))?;
        Ok(ReqwestTransport { client })
    }
}

/// The TLS configuration of the default transport: rustls with the ring provider given
/// explicitly (reqwest's `rustls-no-provider` would otherwise need a process-wide default, which
/// is the application's to choose), the platform's certificate verifier as reqwest uses it, safe
/// default protocol versions, and ALPN offering `http/1.1` only.
#[cfg(all(feature = "reqwest", not(feature = "native-tls")))]
fn tls_config() -> Result<rustls::ClientConfig, crate::credentials::ConfigError> {
    use std::sync::Arc;
    let error = |e: rustls::Error| crate::credentials::ConfigError::Transport(format!("TLS configuration: {e}"));
    let provider = Arc::new(ring_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(error)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(error)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// rustls's provider backed by ring: its cipher suites, key exchange groups and certificate
/// signature algorithms, with ring's random numbers.
///
/// rustls 0.23.48 deprecates `ring::default_provider` ("no support for post-quantum algorithms":
/// ring has no ML-KEM key exchange) and offers no ring provider in its place; the providers it
/// does not deprecate are aws-lc-rs's, a C library built with the crate. The runtime keeps ring
/// and acknowledges the deprecation here, the one place that builds the provider, so that it
/// compiles without warnings against the locked rustls and the newest 0.23 alike: `allow`, not
/// `expect`, since older versions have no deprecation to expect.
#[cfg(all(feature = "reqwest", not(feature = "native-tls")))]
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

#[cfg(any(feature = "reqwest", feature = "native-tls"))]
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
                return Err(TransportError::reencoded(&request.target, &sent));
            }
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|_| TransportError::Other(format!("not sent: invalid HTTP method {:?}", request.method)))?;
            let mut builder = self.client.request(method, url);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            if let Some(body) = request.body.clone() {
                builder = builder.body(body);
            }
            let described = || format!("{} {}", request.method, without_query_values(&request.url));
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
#[cfg(any(feature = "reqwest", feature = "native-tls"))]
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
#[cfg(any(feature = "reqwest", feature = "native-tls"))]
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
            body: None,
            max_body_bytes: 1024,
        }
    }

    #[cfg(any(feature = "reqwest", feature = "native-tls"))]
    #[test]
    fn a_url_that_would_be_reencoded_is_refused_with_a_message_without_its_values() {
        let transport = ReqwestTransport::new(std::time::Duration::from_secs(1)).unwrap();
        let target = "/vserver/v2/createX?name=hunter2 x&regionCode=KR";
        let error = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(transport.send(request(target)))
            .unwrap_err();
        assert!(matches!(error, TransportError::Reencoded { .. }), "{error:?}");
        assert!(error.request_not_sent());
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("createX") && shown.contains("`name`"), "{shown}");
    }

    #[test]
    fn a_reencoding_error_names_what_changes_without_quoting_values() {
        let shown = |target: &str, sent: &str| TransportError::reencoded(target, sent).to_string();
        let error = shown("/p/x?a=1&name=a%7Eb&c=3", "/p/x?a=1&name=a~b&c=3");
        assert!(
            error.contains("the value of `name`") && error.contains("/p/x?a=…&name=…&c=…"),
            "{error}"
        );
        assert!(!error.contains("a%7Eb") && !error.contains("a~b"), "{error}");
        assert!(shown("/p/./x?a=1", "/p/x?a=1").contains("the path"));
        assert!(shown("/p?na%6De=1", "/p?name=1").contains("the parameter name `na%6De`"));
    }

    #[cfg(all(feature = "reqwest", not(feature = "native-tls")))]
    #[test]
    fn the_default_transport_speaks_only_http_1_1_with_ring_given_explicitly() {
        let config = tls_config().unwrap();
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        // ring's own lists, which rustls does not deprecate.
        let provider = config.crypto_provider();
        let suites: Vec<_> = provider.cipher_suites.iter().map(|s| s.suite()).collect();
        let ring_suites: Vec<_> = rustls::crypto::ring::DEFAULT_CIPHER_SUITES
            .iter()
            .map(|s| s.suite())
            .collect();
        assert_eq!(suites, ring_suites);
        let groups: Vec<_> = provider.kx_groups.iter().map(|g| g.name()).collect();
        let ring_groups: Vec<_> = rustls::crypto::ring::DEFAULT_KX_GROUPS
            .iter()
            .map(|g| g.name())
            .collect();
        assert_eq!(groups, ring_groups);
    }

    /// Accepts one connection on `listener`, records the raw request (head and body, as far as
    /// its `content-length` says) and answers `200 ok`.
    #[cfg(any(feature = "reqwest", feature = "native-tls"))]
    fn record_one(listener: std::net::TcpListener) -> std::thread::JoinHandle<Vec<u8>> {
        use std::io::{Read, Write};
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = stream.read(&mut buf).unwrap();
                raw.extend_from_slice(&buf[..n]);
                let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
                    assert!(n > 0, "connection closed before the head ended");
                    continue;
                };
                let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if raw.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                .unwrap();
            raw
        })
    }

    #[cfg(any(feature = "reqwest", feature = "native-tls"))]
    #[test]
    fn the_default_transport_sends_method_target_and_body_byte_for_byte() {
        let transport = ReqwestTransport::new(std::time::Duration::from_secs(5)).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let target = "/base/x/a%2Fb%20c%C3%A9?q=1&name=%2F%20";
        let body = r#"{"name":"a/b cé"}"#.as_bytes();
        for (method, body) in [("POST", Some(body)), ("DELETE", None)] {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let server = record_one(listener);
            let request = HttpRequest {
                method,
                url: format!("http://127.0.0.1:{port}{target}"),
                target: target.to_owned(),
                headers: vec![("content-type", "application/json".into())],
                body: body.map(<[u8]>::to_vec),
                max_body_bytes: 1024,
            };
            let response = runtime.block_on(transport.send(request)).unwrap();
            assert_eq!((response.status, response.body.as_slice()), (200, &b"ok"[..]));
            let raw = server.join().unwrap();
            let text = String::from_utf8_lossy(&raw);
            assert!(
                text.starts_with(&format!("{method} {target} HTTP/1.1\r\n")),
                "the request line went out as signed: {text}"
            );
            assert!(
                text.to_ascii_lowercase()
                    .contains("\r\ncontent-type: application/json\r\n"),
                "{text}"
            );
            match body {
                Some(body) => assert!(raw.ends_with(body), "the body went out unchanged: {text}"),
                None => assert!(raw.ends_with(b"\r\n\r\n"), "no body: {text}"),
            }
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
    fn the_debug_output_of_a_request_shows_no_query_value_header_value_or_body() {
        let mut sent = request("/widgets/v1/x?name=hunter2&flag=");
        sent.method = "PUT";
        sent.headers.push((crate::sign::API_KEY_HEADER, "apikey-s3cr3t".into()));
        sent.headers.push(("x-ncp-region_code", "region-value".into()));
        sent.body = Some(br#"{"password":"b0dy-secret"}"#.to_vec());
        let shown = format!("{sent:?} {sent:#?}");
        for hidden in ["hunter2", "apikey-s3cr3t", "region-value", "b0dy-secret", "LTJli9"] {
            assert!(!shown.contains(hidden), "{hidden} in {shown}");
        }
        assert!(shown.contains("/widgets/v1/x?name=…&flag=…"), "{shown}");
        assert!(
            shown.contains("x-ncp-region_code") && shown.contains("<26 bytes>"),
            "{shown}"
        );
        assert!(shown.contains("\"PUT\""), "{shown}");
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
