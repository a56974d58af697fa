//! The secret key never shows: not in `tracing` output, errors, or `Debug` of anything.
//!
//! In its own test binary: `tracing` caches per call site whether anyone listens, so a
//! subscriber set for one test thread would miss call sites that other tests' threads hit
//! first.

use std::sync::{Arc, Mutex};
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

#[tokio::test]
async fn the_secret_key_is_in_no_log_error_or_debug_output() {
    let gateway = FakeGateway::start(GatewayConfig::new(ACCESS, SECRET)).await.unwrap();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
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
