//! List the snapshots of a NAS volume, on VPC (`vnas/v2`, the default) or Classic (`server/v2`,
//! `--classic`), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example list_nas_volume_snapshots -- \
//!     --nas-volume-instance-no 3901 [--classic] [--region-code KR] [--format xml|json]
//! ```
//!
//! Credentials come from `NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY` (or
//! `~/.ncloud/configure`); `NCLOUD_API_GW` replaces the endpoint, e.g. with the fake gateway:
//! `cargo run -p ncloud-fake-gateway`.

use std::process::ExitCode;

use ncloud_client::{Client, Format, server, vnas};

const USAGE: &str =
    "usage: list_nas_volume_snapshots --nas-volume-instance-no NO [--classic] [--region-code CODE] [--format xml|json]";

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
    let mut volume = None;
    let mut classic = false;
    let mut region = None;
    let mut format = Format::Json;
    let mut args = lexopt::Parser::from_env();
    while let Some(arg) = args.next()? {
        match arg {
            Long("nas-volume-instance-no") => volume = Some(args.value()?.string()?),
            Long("classic") => classic = true,
            Long("region-code") => region = Some(args.value()?.string()?),
            Long("format") => format = args.value()?.string()?.parse()?,
            Long("help") => return Ok(USAGE.to_owned()),
            _ => return Err(format!("{}\n{USAGE}", arg.unexpected()).into()),
        }
    }
    let volume = volume.ok_or(format!("missing --nas-volume-instance-no\n{USAGE}"))?;
    let client = Client::builder().from_env()?.format(format).build()?;
    if classic {
        if region.is_some() {
            return Err("--region-code applies to VPC only: Classic NAS actions take no region".into());
        }
        let request = server::GetNasVolumeSnapshotList::builder(volume).build()?;
        let response = client.server().get_nas_volume_snapshot_list(request).await?;
        return Ok(serde_json::to_string_pretty(&response)?);
    }
    let mut request = vnas::GetNasVolumeSnapshotList::builder(volume);
    if let Some(region) = region {
        request = request.region_code(region);
    }
    let response = client.vnas().get_nas_volume_snapshot_list(request.build()?).await?;
    Ok(serde_json::to_string_pretty(&response)?)
}
