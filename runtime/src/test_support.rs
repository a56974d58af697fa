//! What the unit tests of the client, the waiters and the page streams share: a [`Transport`]
//! that answers from a script and records every request it was asked to send.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::client::{Client, RetryPolicy};
use crate::credentials::Credentials;
use crate::transport::{HttpRequest, HttpResponse, SendFuture, Transport, TransportError};

/// Answers from a script, one entry per request, and records what it was asked to send and when
/// (on tokio's clock, which tests of waiting pause).
#[derive(Debug, Default)]
pub(crate) struct Scripted {
    answers: Mutex<Vec<Result<HttpResponse, TransportError>>>,
    sent: Mutex<Vec<HttpRequest>>,
    sent_at: Mutex<Vec<tokio::time::Instant>>,
    /// Blocks each send for this long on the wall clock: signing timestamps are wall-clock
    /// milliseconds, which a paused tokio clock does not move.
    wall_clock_step: Option<Duration>,
}

impl Scripted {
    pub(crate) fn new(answers: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
        let mut answers = answers;
        answers.reverse();
        Arc::new(Scripted {
            answers: Mutex::new(answers),
            ..Scripted::default()
        })
    }

    /// Like [`Scripted::new`], each send taking `step` of wall-clock time.
    pub(crate) fn with_wall_clock_step(
        answers: Vec<Result<HttpResponse, TransportError>>,
        step: Duration,
    ) -> Arc<Self> {
        let mut answers = answers;
        answers.reverse();
        Arc::new(Scripted {
            answers: Mutex::new(answers),
            wall_clock_step: Some(step),
            ..Scripted::default()
        })
    }

    /// When each request was sent, on tokio's clock.
    pub(crate) fn sent_at(&self) -> Vec<tokio::time::Instant> {
        self.sent_at.lock().unwrap().clone()
    }

    pub(crate) fn sent(&self) -> Vec<HttpRequest> {
        self.sent.lock().unwrap().clone()
    }

    /// The value of the query parameter `name` in each request sent, if it had one.
    pub(crate) fn sent_param(&self, name: &str) -> Vec<Option<String>> {
        self.sent()
            .iter()
            .map(|r| {
                let query = r.target.split_once('?').map(|(_, q)| q).unwrap_or("");
                crate::request::parse_query(query)
                    .unwrap()
                    .into_iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v)
            })
            .collect()
    }
}

impl Transport for Scripted {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        if let Some(step) = self.wall_clock_step {
            std::thread::sleep(step);
        }
        self.sent.lock().unwrap().push(request);
        self.sent_at.lock().unwrap().push(tokio::time::Instant::now());
        let answer = self
            .answers
            .lock()
            .unwrap()
            .pop()
            .unwrap_or(Err(TransportError::Other("script ended".into())));
        Box::pin(async move { answer })
    }
}

/// A complete response with this status and body.
pub(crate) fn response(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status,
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    })
}

/// A client that sends through `transport`, signs with `access`/`secret` and retries as `retry`.
pub(crate) fn client_with(transport: Arc<Scripted>, retry: RetryPolicy) -> Client {
    Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .retry(retry)
        .transport(transport)
        .build()
        .unwrap()
}
