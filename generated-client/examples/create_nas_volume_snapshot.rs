//! Create a NAS volume snapshot (Classic), then print the response as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example create_nas_volume_snapshot -- \
//!     --nas-volume-instance-no 3901 [--format xml|json]
//! ```
//!
//! Credentials come from `NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY` (or
//! `~/.ncloud/configure`); `NCLOUD_API_GW` replaces the endpoint, e.g. with the fake gateway of the
//! `ncloud-fake-gateway` crate: `cargo run -p ncloud-fake-gateway`.

use std::process::ExitCode;

use ncloud_client::server::CreateNasVolumeSnapshot;
use ncloud_client::{Client, Format};

const USAGE: &str = "usage: create_nas_volume_snapshot --nas-volume-instance-no NO [--format xml|json]";

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
    let mut instance = None;
    let mut format = Format::Json;
    let mut args = lexopt::Parser::from_env();
    while let Some(arg) = args.next()? {
        match arg {
            Long("nas-volume-instance-no") => instance = Some(args.value()?.string()?),
            Long("format") => format = args.value()?.string()?.parse()?,
            Long("help") => return Ok(USAGE.to_owned()),
            _ => return Err(format!("{}\n{USAGE}", arg.unexpected()).into()),
        }
    }
    let instance = instance.ok_or(format!("missing --nas-volume-instance-no\n{USAGE}"))?;
    let request = CreateNasVolumeSnapshot::builder(instance).build()?;
    let client = Client::builder().from_env()?.format(format).build()?;
    let response = client.server().create_nas_volume_snapshot(request).await?;
    Ok(serde_json::to_string_pretty(&response)?)
}
