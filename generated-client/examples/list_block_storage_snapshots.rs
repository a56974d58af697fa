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
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway (`cargo run -p ncloud-fake-gateway`).

mod common;

use std::process::ExitCode;

use common::{Flags, Help, Stop};
use lexopt::Arg::Long;
use ncloud_client::vserver::{
    BlockStorageSnapshotInstanceStatusFilter, BlockStorageSnapshotSortedBy, GetBlockStorageSnapshotInstanceList,
    GetBlockStorageSnapshotInstanceListResponse, HypervisorTypeFilter, SortingOrder,
};
use ncloud_client::{Client, Format};

const HELP: Help = Help {
    name: "list_block_storage_snapshots",
    about: "List block storage snapshots (VPC, vserver/v2) with filters and paging, then print the \
response as JSON: what a backup script runs first to see what it has.

Flags that may repeat (...) add one item each to the matching ...List.N parameter.",
    usage: "[--original-block-storage-instance-no NO]... [--block-storage-snapshot-instance-no NO]... \
[--status INIT|CREAT] [--name NAME] [--hypervisor-type-code XEN|KVM]... [--page-no N --page-size N] \
[--sorted-by blockStorageSnapshotName] [--sorting-order ASC|DESC] [--region-code CODE] [--format xml|json]",
};

struct Options {
    request: GetBlockStorageSnapshotInstanceList,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let mut request = GetBlockStorageSnapshotInstanceList::builder();
    let (mut originals, mut numbers, mut hypervisors) = (Vec::new(), Vec::new(), Vec::new());
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("original-block-storage-instance-no") => originals.push(flags.string()?),
            Long("block-storage-snapshot-instance-no") => numbers.push(flags.string()?),
            Long("hypervisor-type-code") => hypervisors.push(flags.parse::<HypervisorTypeFilter>()?),
            Long("status") => {
                request = request.block_storage_snapshot_instance_status_code(
                    flags.parse::<BlockStorageSnapshotInstanceStatusFilter>()?,
                )
            }
            Long("name") => request = request.block_storage_snapshot_name(flags.string()?),
            Long("page-no") => request = request.page_no(flags.parse()?),
            Long("page-size") => request = request.page_size(flags.parse()?),
            Long("sorted-by") => request = request.sorted_by(flags.parse::<BlockStorageSnapshotSortedBy>()?),
            Long("sorting-order") => request = request.sorting_order(flags.parse::<SortingOrder>()?),
            Long("region-code") => request = request.region_code(flags.string()?),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let request = request
        .original_block_storage_instance_no_list(originals)
        .block_storage_snapshot_instance_no_list(numbers)
        .hypervisor_type_code_list(hypervisors)
        .build()
        .map_err(|error| Stop::Usage(error.to_string()))?;
    Ok(Options { request, format })
}

async fn run(options: Options) -> Result<GetBlockStorageSnapshotInstanceListResponse, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.format(options.format).build()?;
    Ok(client
        .vserver()
        .get_block_storage_snapshot_instance_list(options.request)
        .await?)
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
