//! The secret key never shows: not in `tracing` output, errors, or `Debug` of anything; nor do
//! the values of a request's query (only the action and parameter names).
//!
//! In its own test binary, with one process-wide subscriber: `tracing` caches per call site
//! whether anyone listens, so a subscriber set for one test thread would miss call sites that
//! other tests' threads hit first. Each test looks in the shared capture for its own values.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use ncloud_client::vserver::{CreateBlockStorageSnapshotInstance, SnapshotTypeCode};
use ncloud_client::{Client, Credentials, Format, RetryPolicy};
use ncloud_fake_gateway::{Behavior, FakeGateway, GatewayConfig};

const ACCESS: &str = "e2e-access-key";
const SECRET: &str = "e2e-secret-key-do-not-print";

/// Collects everything `tracing` writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything `tracing` writes in this process, from the first call on.
fn captured() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
            captured
        })
        .clone()
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn the_secret_key_is_in_no_log_error_or_debug_output() {
    let captured = captured();
    let gateway = FakeGateway::start(GatewayConfig::new(ACCESS, SECRET)).await.unwrap();

    let client = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
        .format(Format::Json)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .unwrap();
    let request = || {
        CreateBlockStorageSnapshotInstance::builder("3168")
            .snapshot_type_code(SnapshotTypeCode::Full)
            .build()
            .unwrap()
    };
    let ok = client.vserver().create_block_storage_snapshot_instance(request()).await;
    gateway.push(Behavior::throttle_limited());
    gateway.push(Behavior::authentication_failed());
    let failed = client
        .vserver()
        .create_block_storage_snapshot_instance(request())
        .await
        .unwrap_err();

    let logs = captured.text();
    assert!(
        logs.contains("ncloud.call") && logs.contains("createBlockStorageSnapshotInstance"),
        "{logs}"
    );
    assert!(logs.contains("status=200") && logs.contains("request_id="), "{logs}");
    for shown in [
        logs,
        format!("{client:?}"),
        format!("{failed}"),
        format!("{failed:?}"),
        format!("{ok:?}"),
    ] {
        assert!(!shown.contains(SECRET), "the secret leaked: {shown}");
    }
    gateway.shutdown().await;
}

/// A value that must not leave the request: in no error text and no log line.
const QUERY_VALUE: &str = "query-value-marker-4f7c";

#[tokio::test]
async fn query_values_are_in_no_transport_error_or_retry_log() {
    let captured = captured();
    let request = CreateBlockStorageSnapshotInstance::builder("3168")
        .block_storage_snapshot_description(QUERY_VALUE)
        .build()
        .unwrap();
    let retry = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    };

    // Nothing listens: every attempt fails to connect, is logged as retried, then reported.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(format!("http://127.0.0.1:{port}"))
        .retry(retry)
        .build()
        .unwrap()
        .vserver()
        .create_block_storage_snapshot_instance(request.clone())
        .await
        .unwrap_err();
    assert!(refused.request_not_sent(), "{refused}");

    // The connection breaks after the request: an error after sending.
    let gateway = FakeGateway::start(GatewayConfig::new(ACCESS, SECRET)).await.unwrap();
    gateway.push(Behavior::DropConnection);
    let lost = Client::builder()
        .credentials(Credentials::new(ACCESS, SECRET))
        .api_gateway(gateway.base_url())
        .retry(retry)
        .build()
        .unwrap()
        .vserver()
        .create_block_storage_snapshot_instance(request)
        .await
        .unwrap_err();
    gateway.shutdown().await;

    let logs = captured.text();
    assert!(logs.contains("retrying"), "the retries were logged: {logs}");
    for shown in [
        logs,
        refused.to_string(),
        format!("{refused:?}"),
        lost.to_string(),
        format!("{lost:?}"),
    ] {
        assert!(!shown.contains(QUERY_VALUE), "a query value leaked: {shown}");
    }
    // The action and the parameter's name still say which call it was.
    let lost = lost.to_string();
    assert!(
        lost.contains("createBlockStorageSnapshotInstance") && lost.contains("blockStorageSnapshotDescription"),
        "{lost}"
    );
}
