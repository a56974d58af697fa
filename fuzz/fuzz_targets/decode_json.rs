//! Every response model and both error envelopes, decoded from arbitrary bytes as JSON: an
//! error is fine, a panic, a hang or unbounded memory is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncloud_client::Format;
use ncloud_client::runtime::{GatewayError, ServiceError};
use ncloud_client::server::CreateNasVolumeSnapshotResponse;
use ncloud_client::vserver::CreateBlockStorageSnapshotInstanceResponse;

fuzz_target!(|data: &[u8]| {
    let _ = CreateBlockStorageSnapshotInstanceResponse::from_slice(data, Format::Json);
    let _ = CreateNasVolumeSnapshotResponse::from_slice(data, Format::Json);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ServiceError::from_json(text);
        let _ = GatewayError::from_json(text);
    }
});
