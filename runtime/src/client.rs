//! The client: configuration, signing, sending, retrying where no duplicate can result, and
//! turning responses into values or typed errors.
//!
//! For every call the client builds the request target once: the base path (for REST actions,
//! the one of its site and region, see [`Server`](crate::Server)), the path the action writes,
//! and its query. It signs exactly that target with the action's method, and sends it with the
//! action's header parameters, its JSON body (unchanged, with `Content-Type: application/json`),
//! its `Accept` header and, for actions that need one, the API key. Whatever it cannot send as
//! it should (no endpoint, an unknown region, no API key, a header value HTTP would change) is an
//! error before anything is sent.
//!
//! Responses are read as the action's [`Style`] says: RPC actions in the format
//! asked for, with NCP's `responseError` and gateway error bodies; REST actions as JSON, with
//! their `{"error": …}` bodies told apart by status and code ([`Error::RestService`],
//! [`Error::Gateway`]).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;

use crate::backoff::doubled;
use crate::credentials::{self, Credentials, SecretKey, Settings};
use crate::decode::Format;
use crate::decode::cap::ItemCap;
use crate::endpoint::Origin;
use crate::error::{ConfigError, Error};
use crate::request::{self, Action, HeaderWriter, Site, Style};
use crate::sign;
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

mod response;

use response::{interpret, request_id};

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole call attempt: connect, send, and read the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default largest response body accepted: 10 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;

/// When a call is sent again. Only failures that prove the action did not run are retried: a
/// connection that could not be established, and the API Gateway's HTTP 429 (it answers before
/// forwarding). Timeouts, broken connections and 5xx responses are never retried, since the
/// action may have run, and a create action must not create twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles after each attempt.
    pub initial_backoff: Duration,
    /// The longest wait between attempts, also the cap on a `Retry-After` header.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// No retries at all.
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        }
    }

    /// The wait before attempt `attempt + 1` (`attempt` ≥ 1), honouring a `Retry-After` in seconds.
    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        retry_after
            .unwrap_or_else(|| doubled(self.initial_backoff, attempt.saturating_sub(1), self.max_backoff))
            .min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    /// Three attempts, waiting 200 ms then 400 ms, at most 5 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

/// What a call made inside the runtime (a wait's poll, a page of a stream) must keep to, beyond
/// what [`Client::call`] does.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallBounds {
    /// No retry is made whose delay would end after this instant: a call that starts before it
    /// ends by it plus at most one attempt's timeout.
    pub(crate) deadline: Option<tokio::time::Instant>,
    /// The cap on a page's list of items while its response is decoded.
    pub(crate) items: Option<ItemCap>,
}

/// How a call made with [`CallBounds`] ended, and what it cost.
#[derive(Debug)]
pub(crate) struct Called<R> {
    pub(crate) result: Result<R, Error>,
    /// How many times the request was sent or tried (0 if it could not be made at all).
    pub(crate) attempts: u32,
    /// How many items the capped list of a page held in all (see [`CallBounds::items`]), if
    /// the response had one.
    pub(crate) items: Option<usize>,
}

/// Builds a [`Client`], or a generated crate's client type that wraps one (`C`).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder<C = Client> {
    credentials: Option<Credentials>,
    api_key: Option<SecretKey>,
    profile: Option<String>,
    /// `from_env` ran: a `profile` set later would be ignored, which `build` reports.
    env_read: bool,
    late_profile: Option<String>,
    origin: Option<String>,
    site: Option<Site>,
    region: Option<String>,
    format: Option<Format>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_body_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    transport: Option<Arc<dyn Transport>>,
    output: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            credentials: None,
            api_key: None,
            profile: None,
            env_read: false,
            late_profile: None,
            origin: None,
            site: None,
            region: None,
            format: None,
            connect_timeout: None,
            timeout: None,
            max_body_bytes: None,
            retry: None,
            transport: None,
            output: PhantomData,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with nothing set; [`Client::builder`] is the usual way to get one.
    pub fn new() -> Self {
        Self::default()
    }

    /// Take whatever is not set yet from the environment and `~/.ncloud/configure`
    /// (credentials, `NCLOUD_API_GW`, `NCLOUD_SITE`, `NCLOUD_REGION`, `NCLOUD_API_KEY`).
    ///
    /// Credentials already given with [`credentials`](Self::credentials) are kept, and then
    /// neither the credential variables nor the file are read. Otherwise complete credentials
    /// in the environment come first, then the profile of the file chosen with
    /// [`profile`](Self::profile) (call it before `from_env`), else `NCLOUD_PROFILE`, else
    /// `[DEFAULT]`; see [`credentials`].
    pub fn from_env(mut self) -> Result<Self, ConfigError> {
        let resolved = credentials::resolve(
            &|name| std::env::var(name).ok(),
            credentials::home_dir().as_deref(),
            self.profile.as_deref(),
            self.credentials.is_some(),
        )?;
        self.env_read = true;
        if let Some(credentials) = resolved.credentials {
            self.credentials.get_or_insert(credentials);
        }
        if self.origin.is_none() {
            self.origin = resolved.origin.map(|o| o.as_str().to_owned());
        }
        self.site = self.site.or(resolved.site);
        self.region = self.region.or(resolved.region);
        self.api_key = self.api_key.or(resolved.api_key);
        Ok(self)
    }

    /// The profile (section) of `~/.ncloud/configure` that [`from_env`](Self::from_env) reads,
    /// instead of `NCLOUD_PROFILE` or `[DEFAULT]`. Call it before `from_env`; `build` fails if
    /// it comes after. Complete credentials in the environment still come first, as with NCP's
    /// tools.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if self.env_read {
            self.late_profile = Some(name);
        } else {
            self.profile = Some(name);
        }
        self
    }

    /// Take whatever is not set yet from resolved [`Settings`].
    pub fn with_settings(mut self, settings: Settings) -> Result<Self, ConfigError> {
        self.credentials.get_or_insert(settings.credentials);
        if self.origin.is_none() {
            self.origin = settings.origin.map(|o| o.as_str().to_owned());
        }
        self.site = self.site.or(settings.site);
        self.region = self.region.or(settings.region);
        Ok(self)
    }

    /// The key pair to sign with.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The API key (`x-ncp-apigw-api-key`) sent with the actions that need one
    /// (`NCLOUD_API_KEY`). A secret, like the secret key: never shown.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretKey::new(key));
        self
    }

    /// Send every call to this scheme and host instead of the site's (`NCLOUD_API_GW`). REST
    /// actions keep the base path of their site and region: only the scheme and host change.
    pub fn api_gateway(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// The NCP site whose endpoints to use (default: public).
    pub fn site(mut self, site: Site) -> Self {
        self.site = Some(site);
        self
    }

    /// The region sent with actions that take one, when the request does not set it; for REST
    /// APIs that put the region in their path, the region whose base path is used.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The response format to ask for (default: JSON, as NCP's official SDKs do).
    pub fn format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// The time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed for each attempt of a call, from connecting to the last byte of the
    /// response (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body accepted (default 10 MiB).
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = Some(bytes);
        self
    }

    /// When calls are sent again (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Send through this transport instead of the default one.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Check the configuration and build the client.
    pub fn build(self) -> Result<C, ConfigError> {
        if let Some(profile) = self.late_profile {
            return Err(ConfigError::ProfileAfterFromEnv(profile));
        }
        let credentials = self.credentials.ok_or(ConfigError::MissingCredentials { file: None })?;
        let origin = self.origin.as_deref().map(Origin::parse).transpose()?;
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(connect_timeout)?,
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                credentials,
                api_key: self.api_key.filter(|k| !k.expose().is_empty()),
                origin,
                site: self.site.unwrap_or(Site::Public),
                region: self.region.filter(|r| !r.is_empty()),
                format: self.format.unwrap_or(Format::Json),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                retry: self.retry.unwrap_or_default(),
                transport,
            }),
        }))
    }
}

#[cfg(any(feature = "reqwest", feature = "native-tls"))]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new(connect_timeout)?))
}

#[cfg(not(any(feature = "reqwest", feature = "native-tls")))]
fn default_transport(_: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::Transport(
        "the `reqwest` feature is off: give the builder a transport".into(),
    ))
}

/// A client for NCP APIs: signs every call with its credentials and sends it to the endpoint of
/// its site (or `NCLOUD_API_GW`). Cheap to clone; clones share the connection pool.
///
/// Calls go through the generated per-API accessors, such as
/// `client.vserver().create_block_storage_snapshot_instance(request)`, or [`Client::call`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    credentials: Credentials,
    api_key: Option<SecretKey>,
    origin: Option<Origin>,
    site: Site,
    region: Option<String>,
    format: Format,
    timeout: Duration,
    max_body_bytes: u64,
    retry: RetryPolicy,
    transport: Arc<dyn Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("credentials", &i.credentials)
            .field("api_key", &i.api_key)
            .field("origin", &i.origin)
            .field("site", &i.site)
            .field("region", &i.region)
            .field("format", &i.format)
            .field("timeout", &i.timeout)
            .field("max_body_bytes", &i.max_body_bytes)
            .field("retry", &i.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Start configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment and `~/.ncloud/configure`, the way NCP's SDKs
    /// are.
    pub fn from_env() -> Result<Client, ConfigError> {
        Client::builder().from_env()?.build()
    }

    /// The response format this client asks for.
    pub fn format(&self) -> Format {
        self.inner.format
    }

    /// Where requests for `A` go: `NCLOUD_API_GW` if set, else the site's server for `A`'s API.
    fn origin<A: Action>(&self) -> Result<String, ConfigError> {
        if let Some(origin) = &self.inner.origin {
            return Ok(origin.as_str().to_owned());
        }
        // A generated crate's servers are checked like `NCLOUD_API_GW`: the origin every signed
        // request goes to is `https://host[:port]`, whatever the spec said.
        A::SERVERS
            .iter()
            .find(|s| s.site == self.inner.site)
            .map(|s| Origin::parse(s.origin).map(|o| o.as_str().to_owned()))
            .transpose()?
            .ok_or_else(|| ConfigError::InvalidEndpoint {
                url: String::new(),
                reason: format!(
                    "no known endpoint for {} on the {} site: set NCLOUD_API_GW or the builder's api_gateway",
                    A::PATH,
                    self.inner.site
                ),
            })
    }

    /// The base path for `A`: none for an RPC action (it writes its whole path); for a REST
    /// action, the one its server at this client's site gives for the client's region, else the
    /// server's (or the action's) default. An error for a region the API is not served in.
    fn base_path<A: Action>(&self) -> Result<&'static str, ConfigError> {
        if A::BASE_PATH.is_empty() {
            return Ok("");
        }
        let Some(server) = A::SERVERS.iter().find(|s| s.site == self.inner.site) else {
            // Only with NCLOUD_API_GW (else `origin` fails first): the action's own default.
            return Ok(A::BASE_PATH);
        };
        let default = if server.base_path.is_empty() {
            A::BASE_PATH
        } else {
            server.base_path
        };
        match (&self.inner.region, server.region_paths) {
            (Some(region), paths) if !paths.is_empty() => paths
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(region))
                .map(|(_, path)| *path)
                .ok_or_else(|| ConfigError::UnknownRegion {
                    region: region.clone(),
                    api: A::PATH,
                    site: self.inner.site.as_str(),
                    known: paths.iter().map(|(code, _)| *code).collect(),
                }),
            _ => Ok(default),
        }
    }

    /// The request target of `request` exactly as this client signs and sends it: what
    /// [`Action::request_target`] gives for this client's response format, with the client's
    /// default region added if the action takes one and the request sets none, and, for a REST
    /// action, the base path of the client's site and region.
    ///
    /// If the client's region has no base path for the action (the call would fail with
    /// [`ConfigError::UnknownRegion`], sending nothing), this is the target under the action's
    /// default base path; [`try_request_target`](Self::try_request_target) says so instead.
    pub fn request_target<A: Action>(&self, request: &A) -> String {
        self.target_under(request, self.base_path::<A>().unwrap_or(A::BASE_PATH))
    }

    /// [`request_target`](Self::request_target), or the error a call would fail with when the
    /// client's region has no base path for the action.
    pub fn try_request_target<A: Action>(&self, request: &A) -> Result<String, ConfigError> {
        Ok(self.target_under(request, self.base_path::<A>()?))
    }

    fn target_under<A: Action>(&self, request: &A, base: &str) -> String {
        request::request_target(request, self.response_format::<A>(), self.inner.region.as_deref(), base)
    }

    /// The format responses of `A` come in: JSON for a REST action; for an RPC action, the
    /// client's, if `A` can ask for it, else XML, the service's default.
    fn response_format<A: Action>(&self) -> Format {
        if A::STYLE == Style::Rest {
            Format::Json
        } else if A::RESPONSE_FORMAT_PARAM.is_some() {
            self.inner.format
        } else {
            Format::Xml
        }
    }

    /// Everything about `request` that does not change between attempts, checked: where it goes,
    /// the target signed and sent, its headers but the signing ones, its body.
    fn prepare<A: Action>(&self, request: &A) -> Result<Prepared, Error> {
        let origin = self.origin::<A>()?;
        let target = self.target_under(request, self.base_path::<A>()?);
        let mut headers = Vec::new();
        if A::API_KEY {
            let key = self
                .inner
                .api_key
                .as_ref()
                .ok_or(ConfigError::MissingApiKey { action: A::NAME })?;
            headers.push((sign::API_KEY_HEADER, key.expose().to_owned()));
        }
        if let Some(accept) = A::ACCEPT {
            headers.push(("accept", accept.to_owned()));
        }
        let body = request.body();
        if body.is_some() {
            headers.push(("content-type", "application/json".to_owned()));
        }
        let mut params = HeaderWriter::new();
        request.write_headers(&mut params);
        let params = params.finish();
        // Generated builders check header values; a hand-written action may not have, and
        // HTTP would refuse or rewrite such a value (or take a line break for a new header).
        let mut violations = Vec::new();
        for (name, value) in &params {
            let from = violations.len();
            crate::constraint::check::check_header_value(name, value, &mut violations);
            crate::constraint::check::redact_from(&mut violations, from);
        }
        crate::constraint::ValidationError::from_violations(violations)?;
        headers.extend(params);
        Ok(Prepared {
            method: A::METHOD.as_str(),
            url: format!("{origin}{target}"),
            target,
            headers,
            body,
        })
    }

    /// [`call`](Client::call), with the request moved into the future: what the generated
    /// action methods (`client.vserver().create_…(request)`) return. A plain function returning
    /// the runtime's future, rather than an `async fn` per action, keeps a large generated crate
    /// quick to compile.
    #[allow(
        clippy::manual_async_fn,
        reason = "the signature promises `Send`, which generated code relies on"
    )]
    pub fn call_owned<A>(&self, request: A) -> impl std::future::Future<Output = Result<A::Response, Error>> + Send
    where
        A: Action + Send + Sync,
        A::Response: DeserializeOwned + Send,
    {
        async move { self.call(&request).await }
    }

    /// Make a call: sign and send `request`, retrying only where no duplicate can result, and
    /// decode the response.
    pub async fn call<A>(&self, request: &A) -> Result<A::Response, Error>
    where
        A: Action,
        A::Response: DeserializeOwned,
    {
        self.call_bounded(request, CallBounds::default()).await.result
    }

    /// [`call`](Client::call), within `bounds`, saying what it cost: what waiters and page
    /// streams call.
    pub(crate) async fn call_bounded<A>(&self, request: &A, bounds: CallBounds) -> Called<A::Response>
    where
        A: Action,
        A::Response: DeserializeOwned,
    {
        let span = tracing::info_span!(
            "ncloud.call",
            action = A::NAME,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let called = tracing::Instrument::instrument(self.call_inner(request, bounds, &span), span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &called.result {
            Ok(_) => tracing::debug!(parent: &span, "call succeeded"),
            Err(e) => tracing::debug!(parent: &span, error = %e, "call failed"),
        }
        called
    }

    async fn call_inner<A>(&self, request: &A, bounds: CallBounds, span: &tracing::Span) -> Called<A::Response>
    where
        A: Action,
        A::Response: DeserializeOwned,
    {
        let prepared = match self.prepare(request) {
            Ok(prepared) => prepared,
            Err(error) => {
                return Called {
                    result: Err(error),
                    attempts: 0,
                    items: None,
                };
            }
        };
        let format = self.response_format::<A>();
        let retry = self.inner.retry;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let outcome = self.attempt(&prepared).await;
            let (error, retry_after) = match outcome {
                Ok(response) => {
                    span.record("status", response.status);
                    if let Some(id) = request_id(&response) {
                        span.record("request_id", id);
                    }
                    match interpret::<A>(response, format, bounds.items) {
                        Ok((value, items)) => {
                            return Called {
                                result: Ok(value),
                                attempts: attempt,
                                items,
                            };
                        }
                        Err((error, retry_after)) => (error, retry_after),
                    }
                }
                Err(source) => (
                    Error::Transport {
                        action: A::NAME,
                        attempts: attempt,
                        source,
                    },
                    None,
                ),
            };
            let retryable = match &error {
                // Not sent, so no duplicate can result; but a request the transport refuses as
                // it is would be refused again: fail at once.
                Error::Transport { source, .. } => {
                    source.request_not_sent() && !matches!(source, TransportError::Reencoded { .. })
                }
                other => other.is_throttling(),
            };
            let wait = retry.backoff(attempt, retry_after);
            let past_deadline = bounds.deadline.is_some_and(|deadline| {
                tokio::time::Instant::now()
                    .checked_add(wait)
                    .is_none_or(|retry_at| retry_at > deadline)
            });
            if !retryable || attempt >= retry.max_attempts.max(1) || past_deadline {
                if retryable && past_deadline {
                    tracing::debug!(parent: span, attempt, wait_ms = wait.as_millis() as u64, "not retrying: the wait would end past the caller's deadline");
                }
                let error = match error {
                    Error::Transport { action, source, .. } => Error::Transport {
                        action,
                        attempts: attempt,
                        source,
                    },
                    other => other,
                };
                return Called {
                    result: Err(error),
                    attempts: attempt,
                    items: None,
                };
            }
            tracing::debug!(parent: span, attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying: the action did not run");
            tokio::time::sleep(wait).await;
        }
    }

    /// Sign and send once, bounded by the total timeout. Each attempt is signed anew, so that its
    /// timestamp is fresh; the signed method and target never change.
    async fn attempt(&self, prepared: &Prepared) -> Result<HttpResponse, TransportError> {
        let credentials = &self.inner.credentials;
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let signature = sign::signature(
            prepared.method,
            &prepared.target,
            timestamp,
            credentials.access_key(),
            credentials.secret_key().expose(),
        );
        let mut headers = vec![
            (sign::TIMESTAMP_HEADER, timestamp.to_string()),
            (sign::ACCESS_KEY_HEADER, credentials.access_key().to_owned()),
            (sign::SIGNATURE_HEADER, signature),
        ];
        headers.extend(prepared.headers.iter().cloned());
        let request = HttpRequest {
            method: prepared.method,
            url: prepared.url.clone(),
            target: prepared.target.clone(),
            headers,
            body: prepared.body.clone(),
            max_body_bytes: self.inner.max_body_bytes,
        };
        let timeout = self.inner.timeout;
        match tokio::time::timeout(timeout, self.inner.transport.send(request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout(format!(
                "no complete response within {timeout:?}"
            ))),
        }
    }
}

/// A request as every attempt sends it, but for the signing headers.
struct Prepared {
    method: &'static str,
    url: String,
    target: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

#[cfg(test)]
mod rest_tests;
#[cfg(test)]
mod tests;
