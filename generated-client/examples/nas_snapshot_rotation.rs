//! Rotate the snapshots of a NAS volume, on VPC (`vnas/v2`, the default) or Classic (`server/v2`,
//! `--classic`): create one, wait until it is available, list the volume's snapshots, delete the
//! oldest beyond `--keep` (by `createDate`; only those whose name starts with `--name-prefix`,
//! when given), wait until they are gone, and print what was done as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example nas_snapshot_rotation -- \
//!     --nas-volume-instance-no 3901 --keep 7 [--classic] [--name-prefix now.] [--dry-run] \
//!     [--max-wait SECS] [--format xml|json]
//! ```
//!
//! NCP names NAS snapshots itself (`now.20240403.164347`). `--dry-run` sends only reads: it lists,
//! and says what it would delete (keeping the newest `keep - 1`, as a real run would after its
//! create). The create is sent once and never retried after it may have run; the waits only read.
//! When a step fails after a create or a delete was answered, it still prints what it created and
//! deleted (with the error), then exits 1.
//!
//! `--help` lists the environment it reads: credentials, and `NCLOUD_API_GW` to point it at the
//! fake gateway: `cargo run -p ncloud-fake-gateway -- --seed-nas-snapshots 3901:5`.

mod common;

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Duration;

use common::{Failed, Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::runtime::Wait;
use ncloud_client::{Client, Format, server, vnas};
use serde_json::json;

const HELP: Help = Help {
    name: "nas_snapshot_rotation",
    about: "Rotate the snapshots of a NAS volume, on VPC (vnas/v2, the default) or Classic (server/v2, \
--classic): create one, wait until it is available, list the volume's snapshots, delete the oldest \
beyond --keep (by createDate; only those whose name starts with --name-prefix, when given), wait until \
they are gone, and print what was done as JSON.

NCP names NAS snapshots itself (now.20240403.164347). --dry-run sends only reads: it lists, and says \
what it would delete (keeping the newest keep - 1, as a real run would after its create). The create \
is sent once and never retried after it may have run; the waits only read. --max-wait bounds each \
wait (default: the spec's).

When a step fails after a create or a delete was answered, it still prints what it created and \
deleted (with the error, as \"error\"), then the error on stderr, and exits 1.",
    usage: "--nas-volume-instance-no NO --keep K [--classic] [--name-prefix PREFIX] [--dry-run] \
[--max-wait SECS] [--format xml|json]",
};

struct Options {
    volume: String,
    keep: usize,
    prefix: Option<String>,
    dry_run: bool,
    classic: bool,
    max_wait: Option<Duration>,
    format: Format,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let (mut volume, mut keep, mut prefix, mut dry_run, mut classic, mut max_wait) =
        (None, None, None, false, false, None);
    let mut format = Format::Json;
    while let Some(arg) = flags.next()? {
        match arg {
            Long("nas-volume-instance-no") => volume = Some(flags.string()?),
            Long("keep") => keep = Some(flags.parse::<usize>()?),
            Long("name-prefix") => prefix = Some(flags.string()?),
            Long("dry-run") => dry_run = true,
            Long("classic") => classic = true,
            Long("max-wait") => max_wait = Some(Duration::from_secs(flags.parse()?)),
            Long("format") => format = flags.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let volume = required(volume, "--nas-volume-instance-no")?;
    let keep = required(keep, "--keep")?;
    if keep == 0 {
        return Err(Stop::Usage(
            "--keep must be at least 1: the new snapshot is always kept".into(),
        ));
    }
    Ok(Options {
        volume,
        keep,
        prefix,
        dry_run,
        classic,
        max_wait,
        format,
    })
}

/// A NAS snapshot as this example needs it, from either API's model.
#[derive(Debug, Clone)]
struct Snapshot {
    name: String,
    create_date: Option<i64>,
    shown: serde_json::Value,
}

fn snapshot(name: Option<String>, create_date: Option<ncloud_client::Timestamp>) -> Option<Snapshot> {
    let name = name?;
    Some(Snapshot {
        shown: json!({ "nasVolumeSnapshotName": name, "createDate": create_date.map(|d| d.to_string()) }),
        name,
        create_date: create_date.map(|d| d.unix_timestamp()),
    })
}

/// The calls of the chosen API, with the same shape on VPC and Classic.
struct Nas<'c> {
    client: &'c Client,
    classic: bool,
    volume: String,
    max_wait: Option<Duration>,
}

impl Nas<'_> {
    async fn list(&self) -> Result<Vec<Snapshot>, ncloud_client::Error> {
        Ok(if self.classic {
            let request = server::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            let response = self.client.server().get_nas_volume_snapshot_list(request).await?;
            let list = response.nas_volume_snapshot_list.unwrap_or_default();
            list.into_iter()
                .filter_map(|s| snapshot(s.nas_volume_snapshot_name, s.create_date))
                .collect()
        } else {
            let request = vnas::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            let response = self.client.vnas().get_nas_volume_snapshot_list(request).await?;
            let list = response.nas_volume_snapshot_list.unwrap_or_default();
            list.into_iter()
                .filter_map(|s| snapshot(s.nas_volume_snapshot_name, s.create_date))
                .collect()
        })
    }

    /// Creates a snapshot; returns the volume's snapshots as the create answered them.
    async fn create(&self) -> Result<Vec<Snapshot>, ncloud_client::Error> {
        Ok(if self.classic {
            let request = server::CreateNasVolumeSnapshot::builder(self.volume.clone()).build()?;
            let response = self.client.server().create_nas_volume_snapshot(request).await?;
            let list = response.nas_volume_snapshot_list.unwrap_or_default();
            list.into_iter()
                .filter_map(|s| snapshot(s.nas_volume_snapshot_name, s.create_date))
                .collect()
        } else {
            let request = vnas::CreateNasVolumeSnapshot::builder(self.volume.clone()).build()?;
            let response = self.client.vnas().create_nas_volume_snapshot(request).await?;
            let list = response.nas_volume_snapshot_list.unwrap_or_default();
            list.into_iter()
                .filter_map(|s| snapshot(s.nas_volume_snapshot_name, s.create_date))
                .collect()
        })
    }

    async fn delete(&self, name: &str) -> Result<(), ncloud_client::Error> {
        if self.classic {
            let request = server::DeleteNasVolumeSnapshot::builder(self.volume.clone(), name).build()?;
            self.client.server().delete_nas_volume_snapshot(request).await?;
        } else {
            let request = vnas::DeleteNasVolumeSnapshot::builder(self.volume.clone(), name).build()?;
            self.client.vnas().delete_nas_volume_snapshot(request).await?;
        }
        Ok(())
    }

    async fn wait<A>(&self, wait: Wait<A>) -> Result<(), Box<dyn std::error::Error>>
    where
        Wait<A>: std::future::IntoFuture<
                Output = Result<ncloud_client::runtime::Waited<A::Response>, ncloud_client::runtime::WaitError>,
            >,
        A: ncloud_client::Action,
    {
        match self.max_wait {
            Some(max_wait) => wait.max_wait(max_wait).await?,
            None => wait.await?,
        };
        Ok(())
    }

    async fn wait_available(&self, name: &str) -> Result<(), Box<dyn std::error::Error>> {
        if self.classic {
            let request = server::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            self.wait(
                self.client
                    .server()
                    .wait_until_nas_volume_snapshot_available(request, name),
            )
            .await
        } else {
            let request = vnas::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            self.wait(
                self.client
                    .vnas()
                    .wait_until_nas_volume_snapshot_available(request, name),
            )
            .await
        }
    }

    async fn wait_deleted(&self, name: &str) -> Result<(), Box<dyn std::error::Error>> {
        if self.classic {
            let request = server::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            self.wait(
                self.client
                    .server()
                    .wait_until_nas_volume_snapshot_deleted(request, name),
            )
            .await
        } else {
            let request = vnas::GetNasVolumeSnapshotList::builder(self.volume.clone()).build()?;
            self.wait(self.client.vnas().wait_until_nas_volume_snapshot_deleted(request, name))
                .await
        }
    }
}

/// What a run has done so far: its JSON result once it is over, or what it did before a step
/// failed.
struct Report {
    dry_run: bool,
    classic: bool,
    volume: String,
    /// Answered by the create (then waited for).
    created: Option<Snapshot>,
    /// Listed and kept (none: not listed yet).
    kept: Option<Vec<Snapshot>>,
    /// Each accepted by its delete (then waited for); in a dry run, those it would delete.
    deleted: Vec<Snapshot>,
}

impl Report {
    /// Whether the run changed anything (a create or a delete was answered).
    fn changed_anything(&self) -> bool {
        !self.dry_run && (self.created.is_some() || !self.deleted.is_empty())
    }

    fn json(&self) -> serde_json::Value {
        let shown = |list: &[Snapshot]| list.iter().map(|s| s.shown.clone()).collect::<Vec<_>>();
        json!({
            "dryRun": self.dry_run,
            "api": if self.classic { "server/v2" } else { "vnas/v2" },
            "nasVolumeInstanceNo": self.volume,
            "created": self.created.as_ref().map(|s| s.shown.clone()),
            "kept": self.kept.as_deref().map(shown),
            if self.dry_run { "wouldDelete" } else { "deleted" }: shown(&self.deleted),
        })
    }
}

async fn run(options: Options) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut report = Report {
        dry_run: options.dry_run,
        classic: options.classic,
        volume: options.volume.clone(),
        created: None,
        kept: None,
        deleted: Vec::new(),
    };
    match rotate(options, &mut report).await {
        Ok(()) => Ok(report.json()),
        // What was created or deleted before the failure is printed, not lost.
        Err(error) if report.changed_anything() => Err(Failed::after(report.json(), error)),
        Err(error) => Err(error),
    }
}

/// The steps of a run, each recorded in `report` as soon as it is done.
async fn rotate(options: Options, report: &mut Report) -> Result<(), Box<dyn std::error::Error>> {
    let Options {
        volume,
        keep,
        prefix,
        dry_run,
        classic,
        max_wait,
        format,
    } = options;
    let client = Client::builder().from_env()?.format(format).build()?;
    let nas = Nas {
        client: &client,
        classic,
        volume,
        max_wait,
    };

    // 1. Create (not in a dry run): the new snapshot is the name the create's answer adds.
    if !dry_run {
        let before: BTreeSet<String> = nas.list().await?.into_iter().map(|s| s.name).collect();
        let after = nas.create().await?;
        let new = after
            .into_iter()
            .find(|s| !before.contains(&s.name))
            .ok_or("the create's answer lists no new snapshot")?;
        let name = new.name.clone();
        report.created = Some(new);
        nas.wait_available(&name).await?;
    }

    // 2. The volume's snapshots, newest first.
    let mut all = nas.list().await?;
    if let Some(prefix) = &prefix {
        all.retain(|s| s.name.starts_with(prefix.as_str()));
    }
    all.sort_by(|a, b| (b.create_date, &b.name).cmp(&(a.create_date, &a.name)));
    let keep = if dry_run { keep - 1 } else { keep };
    let old = all.split_off(keep.min(all.len()));
    report.kept = Some(all);
    if dry_run {
        report.deleted = old;
        return Ok(());
    }

    // 3. Delete the oldest beyond `keep`, each, then wait until each is gone.
    for s in old {
        nas.delete(&s.name).await?;
        let name = s.name.clone();
        report.deleted.push(s);
        nas.wait_deleted(&name).await?;
    }
    Ok(())
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
