//! Waiting for a resource to reach a state, by polling a read action: [`Waiter`] (what a spec
//! declares), [`Wait`] (one wait, with its [`WaitOptions`]), [`Waited`] and [`WaitError`] (how it
//! ended).
//!
//! A generated crate declares one [`Waiter`] per waiter in its specs: a name, default
//! [`WaitOptions`], and [`Acceptor`]s, each a [`WaitState`] and a condition on a poll's outcome.
//! Everything else is here:
//!
//! - **Polls.** The waiter sends the caller's request, a read action, again and again through
//!   [`Client::call`], and nothing else; each poll is signed anew (NCP accepts a signature for
//!   about 5 minutes only).
//! - **Acceptors.** Each outcome is matched against the acceptors in order; the first that matches
//!   decides: [`WaitState::Success`] ends the wait with [`Waited`], [`WaitState::Failure`] with
//!   [`WaitFailure::Acceptor`], [`WaitState::Retry`] polls again. A response no acceptor matches
//!   is polled again.
//! - **Errors no acceptor matches.** Throttling (HTTP 429, [`Error::is_throttling`]) is polled
//!   through, after a longer delay; so are NCP's transient service errors
//!   ([`TRANSIENT_RETURN_CODES`], "try again later" and "object in operation"). Any other error
//!   ends the wait: [`WaitFailure::Error`].
//! - **Delays.** As Smithy's waiters do: the first poll is sent at once (or after the
//!   `initial_delay`, if the waiter or the caller sets one: a resource some APIs report only a
//!   while after creating it), the second `min_delay` later; after that the delay is random ("full jitter") between `min_delay` and a ceiling that
//!   starts at `min_delay` and doubles after each poll, up to `max_delay`. After throttling, the
//!   delay is at least the ceiling it would have had, and the ceiling doubles once more.
//! - **Deadline.** No sleep goes past `max_wait`: the last one is cut short so that the last poll
//!   is sent at the deadline. When a poll ends at or after the deadline without deciding,
//!   the wait fails with [`WaitFailure::Timeout`]. The initial delay counts towards `max_wait`
//!   (one longer than it is cut to it). A poll that has started is allowed to finish
//!   (the client's own timeout bounds it), but the client retries a poll (after throttling, a
//!   refused connection) only when the retry's delay ends by the deadline. So a wait ends by
//!   `max_wait` plus at most one request's timeout, retries included.
//!
//! A [`WaitError`] says which waiter, why (the failure acceptor, the timeout, or the error), the
//! last state seen, how many polls and requests were made and how long it took.
//!
//! # Example
//!
//! What a generated crate declares for a waiter, and how it is used:
//!
//! ```
//! use std::time::Duration;
//!
//! use ncloud_runtime::request::QueryWriter;
//! use ncloud_runtime::wait::{Acceptor, Wait, WaitOptions, WaitState, Waited, Waiter};
//! use ncloud_runtime::{Action, Client, Server, Site};
//!
//! # #[derive(Debug, Clone)]
//! # struct GetSnapshotDetail { no: String }
//! #[derive(Debug, serde::Deserialize)]
//! struct GetSnapshotDetailResponse {
//!     #[serde(rename = "snapshotList")]
//!     snapshot_list: Option<Vec<Snapshot>>,
//! }
//! #[derive(Debug, serde::Deserialize)]
//! struct Snapshot {
//!     status: Option<String>,
//! }
//! # impl Action for GetSnapshotDetail {
//! #     const NAME: &'static str = "getSnapshotDetail";
//! #     const PATH: &'static str = "/vserver/v2/getSnapshotDetail";
//! #     const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
//! #     const SERVERS: &'static [Server] = &[Server { site: Site::Public, origin: "https://ncloud.apigw.ntruss.com", base_path: "", region_paths: &[] }];
//! #     const XML_ROOT: &'static str = "getSnapshotDetailResponse";
//! #     const JSON_ENVELOPE: &'static str = "getSnapshotDetailResponse";
//! #     type Response = GetSnapshotDetailResponse;
//! #     fn write_query(&self, query: &mut QueryWriter) { query.push("snapshotNo", self.no.as_str()); }
//! # }
//!
//! // Generated: the values at a path of the response, and the waiter.
//! fn status(r: &GetSnapshotDetailResponse, _item: Option<&str>) -> Vec<String> {
//!     r.snapshot_list.iter().flatten().filter_map(|s| s.status.clone()).collect()
//! }
//!
//! static SNAPSHOT_CREATED: Waiter<GetSnapshotDetail> = Waiter::new(
//!     "snapshotCreated",
//!     WaitOptions::new(Duration::from_secs(3600), Duration::from_secs(2), Duration::from_secs(10)),
//!     &[
//!         Acceptor::path_any(WaitState::Success, "snapshotList[].status", status, &["CREAT"]),
//!         Acceptor::path_any(WaitState::Failure, "snapshotList[].status", status, &["TERMT", "NAVAI"]),
//!     ],
//! );
//!
//! // Generated: one method per waiter.
//! fn wait_until_snapshot_created(client: &Client, request: GetSnapshotDetail) -> Wait<GetSnapshotDetail> {
//!     Wait::new(client, request, &SNAPSHOT_CREATED)
//! }
//!
//! // The caller: the spec's defaults, or its own.
//! async fn caller(client: &Client) -> Result<(), ncloud_runtime::Error> {
//!     let request = GetSnapshotDetail { no: "3183468".into() };
//!     let waited = wait_until_snapshot_created(client, request)
//!         .max_wait(Duration::from_secs(600))
//!         .await?;
//!     if let Waited::Response(detail) = waited {
//!         println!("ready: {:?}", detail.snapshot_list);
//!     }
//!     Ok(())
//! }
//! ```

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::time::Instant;

use crate::backoff::{Backoff, Jitter};
use crate::client::{CallBounds, Client};
use crate::error::{Error, human};
#[doc(inline)]
pub use crate::error::{WaitError, WaitFailure};
use crate::request::Action;
use crate::truncate_chars;

/// NCP return codes that mean "not now" rather than "no": a waiter polls through them. `1000`
/// ("Please try your call again later", HTTP 500), `1017013` ("try again in a moment", HTTP
/// 400), and the "object in operation" codes NCP's Terraform provider waits out (`1012005`,
/// `25013`, `23006`, `25017`, `1007009`).
pub const TRANSIENT_RETURN_CODES: &[&str] = &["1000", "1017013", "1012005", "25013", "23006", "25017", "1007009"];

/// How many characters of a state description a [`WaitError`] keeps.
const STATE_MAX_CHARS: usize = 300;

/// How long a wait may take and how often it polls. A generated waiter starts from the defaults
/// its spec declares ([`Waiter::default_options`]); the setters change one value each.
///
/// Checked when the wait starts: `max_wait` and `min_delay` must not be zero, and `min_delay`
/// may not exceed `max_delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct WaitOptions {
    /// The longest the wait may take, from its start (the initial delay included).
    pub max_wait: Duration,
    /// The delay before the second poll, and the shortest delay between polls.
    pub min_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// The delay before the first poll (default zero: poll at once).
    pub initial_delay: Duration,
}

impl WaitOptions {
    /// Options with these values, and no initial delay.
    pub const fn new(max_wait: Duration, min_delay: Duration, max_delay: Duration) -> Self {
        WaitOptions {
            max_wait,
            min_delay,
            max_delay,
            initial_delay: Duration::ZERO,
        }
    }

    /// The same options, with this delay before the first poll.
    #[must_use]
    pub const fn with_initial_delay(mut self, initial_delay: Duration) -> Self {
        self.initial_delay = initial_delay;
        self
    }

    /// The same options, with this `max_wait`.
    #[must_use]
    pub const fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The same options, with this `min_delay`.
    #[must_use]
    pub const fn min_delay(mut self, min_delay: Duration) -> Self {
        self.min_delay = min_delay;
        self
    }

    /// The same options, with this `max_delay`.
    #[must_use]
    pub const fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// What is wrong with these options, if anything.
    pub fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.max_wait.is_zero() {
            problems.push("max_wait is zero".to_owned());
        }
        if self.min_delay.is_zero() {
            problems.push("min_delay is zero (the waiter would poll without pause)".to_owned());
        }
        if self.min_delay > self.max_delay {
            problems.push(format!(
                "min_delay ({}) is longer than max_delay ({})",
                human(self.min_delay),
                human(self.max_delay)
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

/// What an acceptor that matches decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaitState {
    /// The wait is over: the resource is in the state waited for.
    Success,
    /// The wait is over: the resource will never reach the state waited for.
    Failure,
    /// Poll again.
    Retry,
}

/// A condition on a poll's outcome and what it decides when it holds. Acceptors are plain data
/// (`const fn` constructors, function pointers), so a generated waiter is a `static`.
pub struct Acceptor<R> {
    state: WaitState,
    matcher: Matcher<R>,
}

/// How an acceptor reads the values at its path: from the response alone, or from the response
/// and the key of the list item the wait is about (for waiters that select one item).
pub enum Values<R> {
    /// The values in a response.
    Response(fn(&R) -> Vec<String>),
    /// The values of the item whose key is given, in a response.
    Item(fn(&R, &str) -> Vec<String>),
}

/// How an acceptor tells that a response holds nothing at its path, like [`Values`].
pub enum Emptiness<R> {
    /// Whether a response holds nothing at the path.
    Response(fn(&R) -> bool),
    /// Whether a response holds nothing at the path of the item whose key is given (or no such
    /// item at all).
    Item(fn(&R, &str) -> bool),
}

/// What an acceptor reads from a response, with or without the key of the item a wait is about.
enum Read<R, T> {
    Response(fn(&R) -> T),
    Item(fn(&R, &str) -> T),
    /// The form of [`Acceptor::path_any`] and the others: the key if there is one.
    Target(fn(&R, Option<&str>) -> T),
}

impl<R, T> Read<R, T> {
    /// What `response` holds, or `None` when the acceptor needs an item's key and the wait has
    /// none (it then never holds).
    fn read(&self, response: &R, target: Option<&str>) -> Option<T> {
        match (self, target) {
            (Read::Response(f), _) => Some(f(response)),
            (Read::Item(f), Some(key)) => Some(f(response, key)),
            (Read::Item(_), None) => None,
            (Read::Target(f), target) => Some(f(response, target)),
        }
    }
}

// Function pointers are `Copy` whatever `R` is; derives would demand `R: Copy`.
impl<R, T> Clone for Read<R, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, T> Copy for Read<R, T> {}

enum Matcher<R> {
    /// One of the values at `path` is one of `expected`.
    Any {
        path: &'static str,
        values: Read<R, Vec<String>>,
        expected: &'static [&'static str],
    },
    /// There are values at `path`, and every one is one of `expected`.
    All {
        path: &'static str,
        values: Read<R, Vec<String>>,
        expected: &'static [&'static str],
    },
    /// `path` holds nothing: the resource is gone from a list or detail response.
    Empty {
        path: &'static str,
        is_empty: Read<R, bool>,
    },
    /// The poll failed with an NCP service error (`responseError`) whose `returnCode` is one of
    /// `codes`.
    ErrorCode { codes: &'static [&'static str] },
    /// The poll failed with a service's own error (RPC or REST, never the gateway's) with this
    /// HTTP status.
    Status { description: &'static str, status: u16 },
}

// Function pointers and references are `Copy` whatever `R` is; derives would demand `R: Copy`.
impl<R> Clone for Matcher<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Matcher<R> {}

impl<R> Clone for Acceptor<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Acceptor<R> {}

impl<R> Values<R> {
    const fn read(self) -> Read<R, Vec<String>> {
        match self {
            Values::Response(f) => Read::Response(f),
            Values::Item(f) => Read::Item(f),
        }
    }
}

impl<R> Emptiness<R> {
    const fn read(self) -> Read<R, bool> {
        match self {
            Emptiness::Response(f) => Read::Response(f),
            Emptiness::Item(f) => Read::Item(f),
        }
    }
}

impl<R> Acceptor<R> {
    /// Holds when one of the values at `path` is one of `expected`. `path` names the field for
    /// messages (`blockStorageSnapshotInstanceList[].blockStorageSnapshotInstanceStatus.code`).
    pub const fn any(
        state: WaitState,
        path: &'static str,
        values: Values<R>,
        expected: &'static [&'static str],
    ) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Any {
                path,
                values: values.read(),
                expected,
            },
        }
    }

    /// Holds when there is at least one value at `path` and every one is one of `expected`.
    pub const fn all(
        state: WaitState,
        path: &'static str,
        values: Values<R>,
        expected: &'static [&'static str],
    ) -> Self {
        Acceptor {
            state,
            matcher: Matcher::All {
                path,
                values: values.read(),
                expected,
            },
        }
    }

    /// Holds when the response holds nothing at `path`: the resource is gone.
    pub const fn nothing(state: WaitState, path: &'static str, is_empty: Emptiness<R>) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Empty {
                path,
                is_empty: is_empty.read(),
            },
        }
    }

    /// [`any`](Self::any), with values read by one function that is given the key of the item
    /// the wait is about when there is one.
    pub const fn path_any(
        state: WaitState,
        path: &'static str,
        values: fn(&R, Option<&str>) -> Vec<String>,
        expected: &'static [&'static str],
    ) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Any {
                path,
                values: Read::Target(values),
                expected,
            },
        }
    }

    /// [`all`](Self::all), with values read like [`path_any`](Self::path_any).
    pub const fn path_all(
        state: WaitState,
        path: &'static str,
        values: fn(&R, Option<&str>) -> Vec<String>,
        expected: &'static [&'static str],
    ) -> Self {
        Acceptor {
            state,
            matcher: Matcher::All {
                path,
                values: Read::Target(values),
                expected,
            },
        }
    }

    /// [`nothing`](Self::nothing), with emptiness read like [`path_any`](Self::path_any).
    pub const fn empty(state: WaitState, path: &'static str, is_empty: fn(&R, Option<&str>) -> bool) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Empty {
                path,
                is_empty: Read::Target(is_empty),
            },
        }
    }

    /// Holds when the poll failed with an NCP service error whose `returnCode` is one of `codes`
    /// (a "not found" code, for a waiter on deletion).
    pub const fn error_code(state: WaitState, codes: &'static [&'static str]) -> Self {
        Acceptor {
            state,
            matcher: Matcher::ErrorCode { codes },
        }
    }

    /// Holds when the poll failed with a service's own error with this HTTP status
    /// ([`Error::RestService`] or [`Error::Service`]: a 404 for a waiter on deletion), never with
    /// the gateway's ([`Error::Gateway`]: its 404 means a wrong path, not a deleted resource) nor
    /// with a body of no known shape ([`Error::Http`]). `description` is the condition as messages
    /// show it (`HTTP status 404` when empty).
    pub const fn status(state: WaitState, description: &'static str, status: u16) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Status { description, status },
        }
    }

    /// What this acceptor decides when it holds.
    pub fn state(&self) -> WaitState {
        self.state
    }

    /// The condition, as messages show it: `blockStorageSnapshotInstanceStatus.code = TERMT`,
    /// `… in [TERMT, NAVAI]`, `every … = CREAT`, `… is empty`, `error returnCode = 5001017`.
    pub fn description(&self) -> String {
        fn one_of(expected: &[&str]) -> String {
            match expected {
                [one] => format!("= {one}"),
                many => format!("in [{}]", many.join(", ")),
            }
        }
        match self.matcher {
            Matcher::Any { path, expected, .. } => format!("{path} {}", one_of(expected)),
            Matcher::All { path, expected, .. } => format!("every {path} {}", one_of(expected)),
            Matcher::Empty { path, .. } => format!("{path} is empty"),
            Matcher::ErrorCode { codes } => format!("error returnCode {}", one_of(codes)),
            Matcher::Status {
                description: "",
                status,
            } => format!("HTTP status {status}"),
            Matcher::Status { description, .. } => description.to_owned(),
        }
    }

    fn matches_response(&self, response: &R, target: Option<&str>) -> bool {
        match self.matcher {
            Matcher::Any { values, expected, .. } => values
                .read(response, target)
                .is_some_and(|values| values.iter().any(|v| expected.contains(&v.as_str()))),
            Matcher::All { values, expected, .. } => values
                .read(response, target)
                .is_some_and(|values| !values.is_empty() && values.iter().all(|v| expected.contains(&v.as_str()))),
            Matcher::Empty { is_empty, .. } => is_empty.read(response, target).unwrap_or(false),
            Matcher::ErrorCode { .. } | Matcher::Status { .. } => false,
        }
    }

    fn matches_error(&self, error: &Error) -> bool {
        match (self.matcher, error) {
            (Matcher::ErrorCode { codes }, Error::Service { return_code, .. }) => codes.contains(&return_code.as_str()),
            (
                Matcher::Status { status, .. },
                Error::Service { status: got, .. } | Error::RestService { status: got, .. },
            ) => status == *got,
            _ => false,
        }
    }
}

impl<R> fmt::Debug for Acceptor<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acceptor")
            .field("state", &self.state)
            .field("condition", &self.description())
            .finish()
    }
}

/// A waiter as a spec declares it: a name, default options, and acceptors over the responses
/// of the read action `A` it polls.
pub struct Waiter<A: Action + 'static> {
    name: &'static str,
    defaults: WaitOptions,
    acceptors: &'static [Acceptor<A::Response>],
}

impl<A: Action + 'static> Waiter<A> {
    /// A waiter called `name` (for messages), with these default options and acceptors,
    /// evaluated in this order.
    pub const fn new(name: &'static str, defaults: WaitOptions, acceptors: &'static [Acceptor<A::Response>]) -> Self {
        Waiter {
            name,
            defaults,
            acceptors,
        }
    }

    /// The waiter's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The options the spec declares; a [`Wait`] starts from them.
    pub fn default_options(&self) -> WaitOptions {
        self.defaults
    }

    /// The acceptors, in the order they are evaluated.
    pub fn acceptors(&self) -> &'static [Acceptor<A::Response>] {
        self.acceptors
    }
}

impl<A: Action + 'static> fmt::Debug for Waiter<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("action", &A::NAME)
            .field("defaults", &self.defaults)
            .field("acceptors", &self.acceptors)
            .finish()
    }
}

/// How a wait succeeded: the outcome of the last poll, which a success acceptor matched.
#[derive(Debug)]
pub enum Waited<R> {
    /// A response (the resource in the state waited for; or, for a waiter on deletion, a
    /// response that no longer lists it).
    Response(R),
    /// An error (for a waiter on deletion: the service's "not found").
    Error(Error),
}

impl<R> Waited<R> {
    /// The last response, if a response ended the wait.
    pub fn response(&self) -> Option<&R> {
        match self {
            Waited::Response(response) => Some(response),
            Waited::Error(_) => None,
        }
    }

    /// The last response, by value, if a response ended the wait.
    pub fn into_response(self) -> Option<R> {
        match self {
            Waited::Response(response) => Some(response),
            Waited::Error(_) => None,
        }
    }
}

/// The values at every path the acceptors look at, for messages.
fn describe_response<R>(acceptors: &[Acceptor<R>], response: &R, target: Option<&str>) -> String {
    let mut paths: Vec<&str> = Vec::new();
    let mut parts = Vec::new();
    for acceptor in acceptors {
        let part = match acceptor.matcher {
            Matcher::Any { path, values, .. } | Matcher::All { path, values, .. } if !paths.contains(&path) => {
                paths.push(path);
                let values = values.read(response, target).unwrap_or_default();
                if values.is_empty() {
                    format!("{path}: none")
                } else {
                    format!("{path} = {}", values.join(", "))
                }
            }
            Matcher::Empty { path, is_empty } if !paths.contains(&path) => {
                paths.push(path);
                if is_empty.read(response, target).unwrap_or(false) {
                    format!("{path} is empty")
                } else {
                    format!("{path} is not empty")
                }
            }
            _ => continue,
        };
        parts.push(part);
    }
    if parts.is_empty() {
        return "a response no acceptor looks into".to_owned();
    }
    truncate_chars(&parts.join("; "), STATE_MAX_CHARS)
}

fn describe_error(error: &Error) -> String {
    truncate_chars(&format!("error: {error}"), STATE_MAX_CHARS)
}

/// Whether `error` is NCP saying "not now": one of [`TRANSIENT_RETURN_CODES`].
fn is_transient(error: &Error) -> bool {
    matches!(error, Error::Service { return_code, .. } if TRANSIENT_RETURN_CODES.contains(&return_code.as_str()))
}

/// Wait with `waiter` by polling `request` through `client`, as the [module documentation](self)
/// describes. [`Wait`] is the same, as a value with setters that can be awaited.
///
/// `target` is the key of the list item the wait is about, for waiters whose acceptors select
/// one item of a list (a NAS snapshot by its name); `None` for the others.
pub async fn wait<A>(
    client: &Client,
    request: &A,
    waiter: &Waiter<A>,
    options: WaitOptions,
    target: Option<&str>,
) -> Result<Waited<A::Response>, WaitError>
where
    A: Action,
    A::Response: DeserializeOwned,
{
    let span = tracing::info_span!(
        "ncloud.wait",
        waiter = waiter.name,
        action = A::NAME,
        polls = tracing::field::Empty,
        requests = tracing::field::Empty,
        outcome = tracing::field::Empty,
    );
    let outcome = tracing::Instrument::instrument(
        poll_until_decided(client, request, waiter, options, target),
        span.clone(),
    )
    .await;
    match &outcome {
        Ok(_) => span.record("outcome", "success"),
        Err(error) => span
            .record("polls", error.polls)
            .record("requests", error.requests)
            .record("outcome", tracing::field::display(error)),
    };
    outcome
}

async fn poll_until_decided<A>(
    client: &Client,
    request: &A,
    waiter: &Waiter<A>,
    options: WaitOptions,
    target: Option<&str>,
) -> Result<Waited<A::Response>, WaitError>
where
    A: Action,
    A::Response: DeserializeOwned,
{
    let started = Instant::now();
    let mut polls = 0u32;
    let mut requests = 0u32;
    let mut last_state: Option<String> = None;
    let fail = |reason, last_state, polls, requests| WaitError {
        waiter: waiter.name,
        reason,
        last_state,
        polls,
        requests,
        elapsed: started.elapsed(),
    };
    if let Err(problem) = options.check() {
        return Err(fail(WaitFailure::InvalidOptions(problem), None, 0, 0));
    }
    // Far enough for any sensible max_wait; a larger one waits ~30 years instead of overflowing.
    let deadline = started
        .checked_add(options.max_wait)
        .unwrap_or_else(|| started + Duration::from_secs(30 * 365 * 24 * 3600));
    let mut backoff = Backoff::new(options.min_delay, options.max_delay, Jitter::seeded());
    if !options.initial_delay.is_zero() {
        tokio::time::sleep_until(
            started
                .checked_add(options.initial_delay)
                .map_or(deadline, |at| at.min(deadline)),
        )
        .await;
    }
    loop {
        // The client's own retries of a poll (throttling, a refused connection) keep to the
        // deadline too.
        let called = client
            .call_bounded(
                request,
                CallBounds {
                    deadline: Some(deadline),
                    ..CallBounds::default()
                },
            )
            .await;
        polls += 1;
        requests = requests.saturating_add(called.attempts);
        let throttled = match called.result {
            Ok(response) => {
                let decided = waiter
                    .acceptors
                    .iter()
                    .enumerate()
                    .find(|(_, a)| a.matches_response(&response, target));
                if let Some((_, acceptor)) = decided
                    && acceptor.state == WaitState::Success
                {
                    tracing::debug!(polls, "success");
                    return Ok(Waited::Response(response));
                }
                let state = describe_response(waiter.acceptors, &response, target);
                tracing::debug!(polls, state = %state, "polled");
                if let Some((index, acceptor)) = decided
                    && acceptor.state == WaitState::Failure
                {
                    let reason = WaitFailure::Acceptor {
                        index,
                        description: acceptor.description(),
                    };
                    return Err(fail(reason, Some(state), polls, requests));
                }
                last_state = Some(state);
                false
            }
            Err(error) => {
                let decided = waiter
                    .acceptors
                    .iter()
                    .enumerate()
                    .find(|(_, a)| a.matches_error(&error));
                let state = describe_error(&error);
                tracing::debug!(polls, state = %state, "polled");
                match decided {
                    Some((_, acceptor)) if acceptor.state == WaitState::Success => {
                        return Ok(Waited::Error(error));
                    }
                    Some((index, acceptor)) if acceptor.state == WaitState::Failure => {
                        let reason = WaitFailure::Acceptor {
                            index,
                            description: acceptor.description(),
                        };
                        return Err(fail(reason, Some(state), polls, requests));
                    }
                    Some(_) => {}
                    None if error.is_throttling() || is_transient(&error) => {}
                    None => {
                        return Err(fail(WaitFailure::Error(Box::new(error)), last_state, polls, requests));
                    }
                }
                last_state = Some(state);
                decided.is_none() && error.is_throttling()
            }
        };
        let now = Instant::now();
        if now >= deadline {
            let reason = WaitFailure::Timeout {
                max_wait: options.max_wait,
            };
            return Err(fail(reason, last_state, polls, requests));
        }
        let delay = backoff.next(throttled).min(deadline - now);
        tokio::time::sleep(delay).await;
    }
}

/// One wait, ready to be awaited: made by generated code from a client, a request and a
/// [`Waiter`], with the waiter's default options until a setter changes them.
#[must_use = "a wait does nothing until it is awaited"]
pub struct Wait<A: Action + 'static> {
    client: Client,
    request: A,
    waiter: &'static Waiter<A>,
    options: WaitOptions,
    target: Option<String>,
}

impl<A: Action + 'static> Wait<A> {
    /// A wait with `waiter`, polling `request` through `client`.
    pub fn new(client: &Client, request: A, waiter: &'static Waiter<A>) -> Self {
        Wait {
            client: client.clone(),
            request,
            waiter,
            options: waiter.default_options(),
            target: None,
        }
    }

    /// The key of the list item this wait is about (a NAS snapshot's name), for waiters whose
    /// acceptors select one item of a list: generated methods of such waiters set it.
    pub fn target(mut self, key: impl Into<String>) -> Self {
        self.target = Some(key.into());
        self
    }

    /// Wait at most this long (from the first poll).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.options.max_wait = max_wait;
        self
    }

    /// Wait this long before the second poll, and at least this long between polls.
    pub fn min_delay(mut self, min_delay: Duration) -> Self {
        self.options.min_delay = min_delay;
        self
    }

    /// Wait at most this long between polls.
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.options.max_delay = max_delay;
        self
    }

    /// Wait this long before the first poll (it counts towards `max_wait`).
    pub fn initial_delay(mut self, initial_delay: Duration) -> Self {
        self.options.initial_delay = initial_delay;
        self
    }

    /// Use these options instead.
    pub fn options(mut self, options: WaitOptions) -> Self {
        self.options = options;
        self
    }

    /// The options this wait will use.
    pub fn wait_options(&self) -> WaitOptions {
        self.options
    }
}

impl<A> IntoFuture for Wait<A>
where
    A: Action + Send + Sync + 'static,
    A::Response: DeserializeOwned + Send,
{
    type Output = Result<Waited<A::Response>, WaitError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            wait(
                &self.client,
                &self.request,
                self.waiter,
                self.options,
                self.target.as_deref(),
            )
            .await
        })
    }
}

impl<A: Action + 'static> fmt::Debug for Wait<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.waiter.name)
            .field("action", &A::NAME)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
