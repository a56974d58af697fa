//! List block storage snapshots (VPC) with filters and paging, then print the response as JSON:
//! what a backup script runs first to see what it has.
//!
//! ```text
//! cargo run -p ncloud-client --example list_block_storage_snapshots -- \
//!     [--original-block-storage-instance-no NO]... [--block-storage-snapshot-instance-no NO]... \
//!     [--status INIT|CREAT] [--name NAME] [--hypervisor-type-code XEN|KVM]... \
//!     [--page-no N --page-size N] [--sorted-by blockStorageSnapshotName] [--sorting-order ASC|DESC] \
//!     [--region-code KR] [--format xml|json]
//! ```
//!
//! Flags that may repeat add one item to the matching `…List.N` parameter each. Credentials come
//! from `NCLOUD_ACCESS_KEY_ID`/`NCLOUD_SECRET_ACCESS_KEY` (or `~/.ncloud/configure`);
//! `NCLOUD_API_GW` replaces the endpoint, e.g. with the fake gateway:
//! `cargo run -p ncloud-fake-gateway`.

use std::process::ExitCode;

use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceStatusFilter, BlockStorageSnapshotSortedBy, GetBlockStorageSnapshotInstanceList,
    HypervisorTypeFilter, SortingOrder,
};
use ncloud_client::{Client, Format};

const USAGE: &str = "usage: list_block_storage_snapshots [--original-block-storage-instance-no NO]... \
[--block-storage-snapshot-instance-no NO]... [--status INIT|CREAT] [--name NAME] \
[--hypervisor-type-code XEN|KVM]... [--page-no N --page-size N] [--sorted-by blockStorageSnapshotName] \
[--sorting-order ASC|DESC] [--region-code CODE] [--format xml|json]";

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
    let mut request = GetBlockStorageSnapshotInstanceList::builder();
    let (mut originals, mut numbers, mut hypervisors) = (Vec::new(), Vec::new(), Vec::new());
    let mut format = Format::Json;
    let mut args = lexopt::Parser::from_env();
    while let Some(arg) = args.next()? {
        match arg {
            Long("original-block-storage-instance-no") => originals.push(args.value()?.string()?),
            Long("block-storage-snapshot-instance-no") => numbers.push(args.value()?.string()?),
            Long("hypervisor-type-code") => hypervisors.push(args.value()?.string()?.parse::<HypervisorTypeFilter>()?),
            Long("status") => {
                let status = args
                    .value()?
                    .string()?
                    .parse::<BlockStorageSnapshotInstanceStatusFilter>()?;
                request = request.block_storage_snapshot_instance_status_code(status);
            }
            Long("name") => request = request.block_storage_snapshot_name(args.value()?.string()?),
            Long("page-no") => request = request.page_no(args.value()?.parse()?),
            Long("page-size") => request = request.page_size(args.value()?.parse()?),
            Long("sorted-by") => {
                request = request.sorted_by(args.value()?.string()?.parse::<BlockStorageSnapshotSortedBy>()?)
            }
            Long("sorting-order") => request = request.sorting_order(args.value()?.string()?.parse::<SortingOrder>()?),
            Long("region-code") => request = request.region_code(args.value()?.string()?),
            Long("format") => format = args.value()?.string()?.parse()?,
            Long("help") => return Ok(USAGE.to_owned()),
            _ => return Err(format!("{}\n{USAGE}", arg.unexpected()).into()),
        }
    }
    let request = request
        .original_block_storage_instance_no_list(originals)
        .block_storage_snapshot_instance_no_list(numbers)
        .hypervisor_type_code_list(hypervisors)
        .build()?;

    let client = Client::builder().from_env()?.format(format).build()?;
    let response = client
        .vserver()
        .get_block_storage_snapshot_instance_list(request)
        .await?;
    Ok(serde_json::to_string_pretty(&response)?)
}
