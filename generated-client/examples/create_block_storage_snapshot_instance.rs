//! Create a block storage snapshot (VPC), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example create_block_storage_snapshot_instance -- \
//!     --original-block-storage-instance-no 3168 [--region-code KR] \
//!     [--block-storage-snapshot-name snap-1] [--block-storage-snapshot-description TEXT] \
//!     [--snapshot-type-code FULL|INCREMENTAL] [--format xml|json]
//! ```
//!
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway of the `ncloud-fake-gateway` crate (`cargo run -p ncloud-fake-gateway`).

mod common;

use std::process::ExitCode;

use common::{Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::vserver::{
    CreateBlockStorageSnapshotInstance, CreateBlockStorageSnapshotInstanceResponse, SnapshotTypeCode,
};
use ncloud_client::{Client, Format};

const HELP: Help = Help {
    name: "create_block_storage_snapshot_instance",
    about: "Create a block storage snapshot (VPC, vserver/v2), then print the response as JSON. \
Each flag is a parameter of createBlockStorageSnapshotInstance, named after its wire name.",
    usage: "--original-block-storage-instance-no NO [--region-code CODE] \
[--block-storage-snapshot-name NAME] [--block-storage-snapshot-description TEXT] \
[--snapshot-type-code FULL|INCREMENTAL] [--format xml|json]",
};

struct Options {
    request: CreateBlockStorageSnapshotInstance,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let (mut original, mut region, mut name, mut description, mut snapshot_type) = (None, None, None, None, None);
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("original-block-storage-instance-no") => original = Some(flags.string()?),
            Long("region-code") => region = Some(flags.string()?),
            Long("block-storage-snapshot-name") => name = Some(flags.string()?),
            Long("block-storage-snapshot-description") => description = Some(flags.string()?),
            Long("snapshot-type-code") => snapshot_type = Some(flags.parse::<SnapshotTypeCode>()?),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let mut request =
        CreateBlockStorageSnapshotInstance::builder(required(original, "--original-block-storage-instance-no")?);
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
    let request = request.build().map_err(|error| Stop::Usage(error.to_string()))?;
    Ok(Options { request, format })
}

async fn run(options: Options) -> Result<CreateBlockStorageSnapshotInstanceResponse, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.format(options.format).build()?;
    Ok(client
        .vserver()
        .create_block_storage_snapshot_instance(options.request)
        .await?)
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
