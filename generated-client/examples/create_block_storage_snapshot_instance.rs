//! Create a block storage snapshot (VPC), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example create_block_storage_snapshot_instance -- \
//!     --original-block-storage-instance-no 3168 [--region-code KR] \
//!     [--block-storage-snapshot-name snap-1] [--block-storage-snapshot-description TEXT] \
//!     [--snapshot-type-code FULL|INCREMENTAL] [--format xml|json]
//! ```
//!
//! Credentials come from `NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY` (or
//! `~/.ncloud/configure`); `NCLOUD_API_GW` replaces the endpoint, e.g. with the fake gateway of the
//! `ncloud-fake-gateway` crate: `cargo run -p ncloud-fake-gateway`.

use std::process::ExitCode;

use ncloud_client::vserver::{CreateBlockStorageSnapshotInstance, SnapshotTypeCode};
use ncloud_client::{Client, Format};

const USAGE: &str = "usage: create_block_storage_snapshot_instance --original-block-storage-instance-no NO \
[--region-code CODE] [--block-storage-snapshot-name NAME] [--block-storage-snapshot-description TEXT] \
[--snapshot-type-code FULL|INCREMENTAL] [--format xml|json]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, Box<dyn std::error::Error>> {
    use lexopt::prelude::*;
    let mut original = None;
    let mut region = None;
    let mut name = None;
    let mut description = None;
    let mut snapshot_type = None;
    let mut format = Format::Json;
    let mut args = lexopt::Parser::from_env();
    while let Some(arg) = args.next()? {
        match arg {
            Long("original-block-storage-instance-no") => original = Some(args.value()?.string()?),
            Long("region-code") => region = Some(args.value()?.string()?),
            Long("block-storage-snapshot-name") => name = Some(args.value()?.string()?),
            Long("block-storage-snapshot-description") => description = Some(args.value()?.string()?),
            Long("snapshot-type-code") => snapshot_type = Some(args.value()?.string()?.parse::<SnapshotTypeCode>()?),
            Long("format") => format = args.value()?.string()?.parse()?,
            Long("help") => return Ok(USAGE.to_owned()),
            _ => return Err(format!("{}\n{USAGE}", arg.unexpected()).into()),
        }
    }
    let original = original.ok_or(format!("missing --original-block-storage-instance-no\n{USAGE}"))?;

    let mut request = CreateBlockStorageSnapshotInstance::builder(original);
    if let Some(region) = region {
        request = request.region_code(region);
    }
    if let Some(name) = name {
        request = request.block_storage_snapshot_name(name);
    }
    if let Some(description) = description {
        request = request.block_storage_snapshot_description(description);
    }
    if let Some(snapshot_type) = snapshot_type {
        request = request.snapshot_type_code(snapshot_type);
    }
    let request = request.build()?;

    let client = Client::builder().from_env()?.format(format).build()?;
    let response = client.vserver().create_block_storage_snapshot_instance(request).await?;
    Ok(serde_json::to_string_pretty(&response)?)
}
