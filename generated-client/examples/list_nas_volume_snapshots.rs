//! List the snapshots of a NAS volume, on VPC (`vnas/v2`, the default) or Classic (`server/v2`,
//! `--classic`), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example list_nas_volume_snapshots -- \
//!     --nas-volume-instance-no 3901 [--classic] [--region-code KR] [--format xml|json]
//! ```
//!
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway (`cargo run -p ncloud-fake-gateway`).

mod common;

use std::process::ExitCode;

use common::{Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::{Client, Format, server, vnas};

const HELP: Help = Help {
    name: "list_nas_volume_snapshots",
    about: "List the snapshots of a NAS volume, on VPC (vnas/v2, the default) or Classic (server/v2, \
--classic), then print the response as JSON.",
    usage: "--nas-volume-instance-no NO [--classic] [--region-code CODE] [--format xml|json]",
};

/// The request of the chosen API.
enum Request {
    Vpc(vnas::GetNasVolumeSnapshotList),
    Classic(server::GetNasVolumeSnapshotList),
}

struct Options {
    request: Request,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let (mut volume, mut classic, mut region) = (None, false, None);
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("nas-volume-instance-no") => volume = Some(flags.string()?),
            Long("classic") => classic = true,
            Long("region-code") => region = Some(flags.string()?),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let volume = required(volume, "--nas-volume-instance-no")?;
    let invalid = |error: ncloud_client::runtime::ValidationError| Stop::Usage(error.to_string());
    let request = match (classic, region) {
        (true, Some(_)) => {
            return Err(Stop::Usage(
                "--region-code applies to VPC only: Classic NAS actions take no region".into(),
            ));
        }
        (true, None) => Request::Classic(
            server::GetNasVolumeSnapshotList::builder(volume)
                .build()
                .map_err(invalid)?,
        ),
        (false, region) => {
            let mut request = vnas::GetNasVolumeSnapshotList::builder(volume);
            if let Some(region) = region {
                request = request.region_code(region);
            }
            Request::Vpc(request.build().map_err(invalid)?)
        }
    };
    Ok(Options { request, format })
}

/// The response of the chosen API, printed as it is.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Response {
    Vpc(vnas::GetNasVolumeSnapshotListResponse),
    Classic(server::GetNasVolumeSnapshotListResponse),
}

async fn run(options: Options) -> Result<Response, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.format(options.format).build()?;
    Ok(match options.request {
        Request::Classic(request) => Response::Classic(client.server().get_nas_volume_snapshot_list(request).await?),
        Request::Vpc(request) => Response::Vpc(client.vnas().get_nas_volume_snapshot_list(request).await?),
    })
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
