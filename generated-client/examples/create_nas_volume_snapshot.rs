//! Create a NAS volume snapshot (Classic), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example create_nas_volume_snapshot -- \
//!     --nas-volume-instance-no 3901 [--format xml|json]
//! ```
//!
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway of the `ncloud-fake-gateway` crate (`cargo run -p ncloud-fake-gateway`).

mod common;

use std::process::ExitCode;

use common::{Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::server::{CreateNasVolumeSnapshot, CreateNasVolumeSnapshotResponse};
use ncloud_client::{Client, Format};

const HELP: Help = Help {
    name: "create_nas_volume_snapshot",
    about: "Create a snapshot of a NAS volume (Classic, server/v2), then print the response as JSON: \
the volume's snapshots, the new one included.",
    usage: "--nas-volume-instance-no NO [--format xml|json]",
};

struct Options {
    request: CreateNasVolumeSnapshot,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let mut volume = None;
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("nas-volume-instance-no") => volume = Some(flags.string()?),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let request = CreateNasVolumeSnapshot::builder(required(volume, "--nas-volume-instance-no")?)
        .build()
        .map_err(|error| Stop::Usage(error.to_string()))?;
    Ok(Options { request, format })
}

async fn run(options: Options) -> Result<CreateNasVolumeSnapshotResponse, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.format(options.format).build()?;
    Ok(client.server().create_nas_volume_snapshot(options.request).await?)
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
