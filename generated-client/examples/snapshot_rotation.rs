//! Rotate the snapshots of a block storage (VPC): create one, wait until it is created, list every
//! snapshot of that block storage (every page), delete the oldest beyond `--keep` (by
//! `createDate`; only those named with `--name-prefix`, when given), wait until they are gone, and
//! print what was done as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example snapshot_rotation -- \
//!     --original-block-storage-instance-no 3168 --keep 7 [--name-prefix nightly-] [--dry-run] \
//!     [--max-wait SECS] [--format xml|json]
//! ```
//!
//! `--dry-run` sends only reads: it lists, and says what it would create and delete (keeping the
//! newest `keep - 1` existing snapshots, as a real run would after its create). With a prefix the
//! new snapshot is named `<prefix><seconds since 1970>`; without one NCP names it. The
//! create is sent once and never retried after it may have run; the waits only read. When a step
//! fails after a create or a delete was answered, it still prints what it created and deleted
//! (with the error), then exits 1.
//!
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway: `cargo run -p ncloud-fake-gateway -- --seed-block-snapshots 3168:5`.

mod common;

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{Failed, Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::runtime::PageOptions;
use ncloud_client::vserver::{
    BlockStorageSnapshotInstance, CreateBlockStorageSnapshotInstance, DeleteBlockStorageSnapshotInstances,
    GetBlockStorageSnapshotInstanceDetail, GetBlockStorageSnapshotInstanceList,
};
use ncloud_client::{Client, Format};
use serde_json::json;

const HELP: Help = Help {
    name: "snapshot_rotation",
    about: "Rotate the snapshots of a block storage (VPC, vserver/v2): create one, wait until it is \
created, list every snapshot of that block storage (every page), delete the oldest beyond --keep (by \
createDate; only those named with --name-prefix, when given), wait until they are gone, and print what \
was done as JSON.

--dry-run sends only reads: it lists, and says what it would create and delete (keeping the newest \
keep - 1 existing snapshots, as a real run would after its create). With a prefix the new snapshot is \
named <prefix><seconds since 1970>; without one NCP names it. The create is sent once and never retried \
after it may have run; the waits only read. --max-wait bounds each wait (default: the spec's).

When a step fails after a create or a delete was answered, it still prints what it created and \
deleted (with the error, as \"error\"), then the error on stderr, and exits 1.",
    usage: "--original-block-storage-instance-no NO --keep K [--name-prefix PREFIX] [--dry-run] \
[--max-wait SECS] [--format xml|json]",
};

struct Options {
    original: String,
    keep: usize,
    prefix: Option<String>,
    dry_run: bool,
    max_wait: Option<Duration>,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let (mut original, mut keep, mut prefix, mut dry_run, mut max_wait) = (None, None, None, false, None);
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("original-block-storage-instance-no") => original = Some(flags.string()?),
            Long("keep") => keep = Some(flags.parse::<usize>()?),
            Long("name-prefix") => prefix = Some(flags.string()?),
            Long("dry-run") => dry_run = true,
            Long("max-wait") => max_wait = Some(Duration::from_secs(flags.parse()?)),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let original = required(original, "--original-block-storage-instance-no")?;
    let keep = required(keep, "--keep")?;
    if keep == 0 {
        return Err(Stop::Usage(
            "--keep must be at least 1: the new snapshot is always kept".into(),
        ));
    }
    Ok(Options {
        original,
        keep,
        prefix,
        dry_run,
        max_wait,
        format,
    })
}

fn describe(s: &BlockStorageSnapshotInstance) -> serde_json::Value {
    json!({
        "blockStorageSnapshotInstanceNo": s.block_storage_snapshot_instance_no,
        "blockStorageSnapshotName": s.block_storage_snapshot_name,
        "createDate": s.create_date.map(|d| d.to_string()),
    })
}

/// What a run has done so far: its JSON result once it is over, or what it did before a step
/// failed.
struct Report {
    dry_run: bool,
    original: String,
    /// The name a dry run would give the new snapshot (none: NCP names it).
    would_create: Option<String>,
    /// Answered by the create (then waited for).
    created: Option<BlockStorageSnapshotInstance>,
    /// Listed and kept (none: not listed yet).
    kept: Option<Vec<BlockStorageSnapshotInstance>>,
    /// Accepted by the delete (then waited for); in a dry run, those it would delete.
    deleted: Vec<BlockStorageSnapshotInstance>,
}

impl Report {
    /// Whether the run changed anything (a create or a delete was answered).
    fn changed_anything(&self) -> bool {
        !self.dry_run && (self.created.is_some() || !self.deleted.is_empty())
    }

    fn json(&self) -> serde_json::Value {
        let deleted: Vec<serde_json::Value> = self.deleted.iter().map(describe).collect();
        json!({
            "dryRun": self.dry_run,
            "originalBlockStorageInstanceNo": self.original,
            "created": self.created.as_ref().map(describe),
            "wouldCreate": if self.dry_run { json!({ "blockStorageSnapshotName": self.would_create }) } else { serde_json::Value::Null },
            "kept": self.kept.as_ref().map(|kept| kept.iter().map(describe).collect::<Vec<_>>()),
            if self.dry_run { "wouldDelete" } else { "deleted" }: deleted,
        })
    }
}

async fn run(options: Options) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut report = Report {
        dry_run: options.dry_run,
        original: options.original.clone(),
        would_create: None,
        created: None,
        kept: None,
        deleted: Vec::new(),
    };
    match rotate(&options, &mut report).await {
        Ok(()) => Ok(report.json()),
        // What was created or deleted before the failure is printed, not lost.
        Err(error) if report.changed_anything() => Err(Failed::after(report.json(), error)),
        Err(error) => Err(error),
    }
}

/// The steps of a run, each recorded in `report` as soon as it is done.
async fn rotate(options: &Options, report: &mut Report) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.format(options.format).build()?;
    let api = client.vserver();

    // 1. Create (not in a dry run), then wait until the snapshot is usable.
    let name = options.prefix.as_ref().map(|p| format!("{p}{}", stamp()));
    if options.dry_run {
        report.would_create = name;
    } else {
        let mut request = CreateBlockStorageSnapshotInstance::builder(options.original.clone());
        if let Some(name) = &name {
            request = request.block_storage_snapshot_name(name.clone());
        }
        let response = api.create_block_storage_snapshot_instance(request.build()?).await?;
        let snapshot = response
            .block_storage_snapshot_instance_list
            .unwrap_or_default()
            .into_iter()
            .next()
            .ok_or("the create answered without the new snapshot")?;
        let no = snapshot
            .block_storage_snapshot_instance_no
            .clone()
            .ok_or("the new snapshot has no number")?;
        report.created = Some(snapshot);
        let detail = GetBlockStorageSnapshotInstanceDetail::builder(no).build()?;
        let mut wait = api.wait_until_block_storage_snapshot_created(detail);
        if let Some(max_wait) = options.max_wait {
            wait = wait.max_wait(max_wait);
        }
        wait.await?;
    }

    // 2. Every snapshot of this block storage, every page.
    let list = GetBlockStorageSnapshotInstanceList::builder()
        .original_block_storage_instance_no_list([options.original.clone()])
        .build()?;
    let mut all = api
        .get_block_storage_snapshot_instance_list_items(list, PageOptions::new())?
        .collect_all()
        .await?;
    if let Some(prefix) = &options.prefix {
        all.retain(|s| {
            s.block_storage_snapshot_name
                .as_deref()
                .is_some_and(|n| n.starts_with(prefix.as_str()))
        });
    }
    // Newest first: by createDate, then by number (NCP numbers grow).
    let number = |s: &BlockStorageSnapshotInstance| {
        s.block_storage_snapshot_instance_no
            .as_deref()
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    all.sort_by_key(|s| std::cmp::Reverse((s.create_date.map(|d| d.unix_timestamp()), number(s))));
    let keep = if options.dry_run {
        options.keep - 1
    } else {
        options.keep
    };
    let old = all.split_off(keep.min(all.len()));
    report.kept = Some(all);
    if options.dry_run {
        report.deleted = old;
        return Ok(());
    }

    // 3. Delete the oldest beyond `keep`, then wait until each is gone.
    let numbers: Vec<String> = old
        .iter()
        .filter_map(|s| s.block_storage_snapshot_instance_no.clone())
        .collect();
    if !numbers.is_empty() {
        let delete = DeleteBlockStorageSnapshotInstances::builder(numbers.clone()).build()?;
        api.delete_block_storage_snapshot_instances(delete).await?;
        report.deleted = old;
        for no in &numbers {
            let detail = GetBlockStorageSnapshotInstanceDetail::builder(no.clone()).build()?;
            let mut wait = api.wait_until_block_storage_snapshot_deleted(detail);
            if let Some(max_wait) = options.max_wait {
                wait = wait.max_wait(max_wait);
            }
            wait.await?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}

/// The time in seconds since 1970, for snapshot names: unique per second, and sorting like time.
fn stamp() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
