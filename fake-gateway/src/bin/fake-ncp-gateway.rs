//! `fake-ncp-gateway`: the fake NCP API Gateway of `ncloud_fake_gateway`, as a program.
//!
//! ```text
//! cargo run -p ncloud-fake-gateway -- [--port N] [--access-key K] [--secret-key S]
//!     [--seed-block-snapshots NO:COUNT]... [--seed-nas-snapshots NO:COUNT]...
//!     [--observations-until-created N] [--observations-until-gone N]
//!     [--nas-list-calls-until-ready N] [--unknown-snapshot-detail error|empty-list]
//!     [--max-snapshots N] [--api-key K] [--widget-reads-until-ready N]
//!     [--widget-reads-until-gone N] [--rest-error-style nks|standard] [--max-widgets N]
//!     [--nks-cluster-reads-until-running N] [--nks-cluster-reads-until-gone N]
//!     [--nks-node-pool-reads-until-settled N] [--nks-update-node-pool-answer body|no-content]
//!     [--nks-max-clusters N]
//! ```
//!
//! Listens on 127.0.0.1 (port 0, the default, lets the system choose), seeds the store, prints
//! exactly one line `listening on http://127.0.0.1:PORT` to stdout, then one line per request to
//! stderr (`METHOD TARGET | verdict | answer`), until Ctrl-C. Keys default to
//! `NCLOUD_ACCESS_KEY_ID` / `NCLOUD_SECRET_ACCESS_KEY` when set, else `test-access-key` /
//! `test-secret-key`; the API key to `NCLOUD_API_KEY`, else `test-api-key`.
//!
//! Point a client at it with `NCLOUD_API_GW=http://127.0.0.1:PORT` and the same keys.
//! Exit codes: 0 after Ctrl-C, 1 when it cannot listen, 2 for bad arguments (one line on stderr,
//! `error: …; see 'fake-ncp-gateway --help'`) and for a seed the store refuses.

use std::io::Write as _;
use std::process::ExitCode;

use ncloud_fake_gateway::{
    Action, DEFAULT_MAX_SNAPSHOTS, FakeGateway, GatewayConfig, Lifecycle, NasApi, NksConfig, RestApi, RestErrorStyle,
    RestOperation, SeedError, UnknownSnapshotDetail, UpdateNodePoolAnswer, WidgetsConfig,
};
use tokio::sync::broadcast::error::RecvError;

const USAGE: &str = "\
usage: fake-ncp-gateway [--port N] [--access-key K] [--secret-key S]
                        [--seed-block-snapshots NO:COUNT]... [--seed-nas-snapshots NO:COUNT]...
                        [--observations-until-created N] [--observations-until-gone N]
                        [--nas-list-calls-until-ready N]
                        [--unknown-snapshot-detail error|empty-list] [--max-snapshots N]
                        [--api-key K] [--widget-reads-until-ready N] [--widget-reads-until-gone N]
                        [--rest-error-style nks|standard] [--max-widgets N]
                        [--nks-cluster-reads-until-running N] [--nks-cluster-reads-until-gone N]
                        [--nks-node-pool-reads-until-settled N]
                        [--nks-update-node-pool-answer body|no-content] [--nks-max-clusters N]

A fake NCP API Gateway on 127.0.0.1 for testing clients. It verifies signature v2 and simulates
the snapshot lifecycle of vserver/v2 (block storage snapshots: create, list, detail, delete),
vnas/v2 and server/v2 (NAS snapshots: create, list, delete, restore), answering in XML or JSON,
serves the REST widget API (list, create, get, replace, update, delete, tags, name, export)
under /widgets/v1 and /widgets/sgn-v1, and NKS (clusters, kubeconfig, node pools, worker
nodes) under /vnks/v2, /vnks/sgn-v2, /vnks/jpn-v2 and /vnks/krs-v2, in JSON.

options:
  --port N          port to listen on, on 127.0.0.1 (default 0: a free port the system chooses)
  --access-key K    the one access key accepted (default: $NCLOUD_ACCESS_KEY_ID, else
                    test-access-key)
  --secret-key S    its secret key (default: $NCLOUD_SECRET_ACCESS_KEY, else test-secret-key)
  --seed-block-snapshots NO:COUNT
                    start with COUNT created snapshots of block storage instance NO, named
                    seed-NO-1, seed-NO-2, ... (automatically when that is over 30 characters)
                    and numbered from 3183468 on, in the order of the flags (repeatable)
  --seed-nas-snapshots NO:COUNT
                    start with COUNT ready (not busy) snapshots of NAS volume NO, named
                    now.20210916.000000, .000001, ..., in the vnas/v2 store and in the
                    server/v2 store (repeatable)
  --observations-until-created N
                    how many observations of a new block storage snapshot (a detail call of
                    it, or a list call whose returned page holds it) still see it creating
                    (status INIT); the next ones see it created (CREAT). The create answer
                    shows it creating unless N is 0: created in the create answer (default 2)
  --observations-until-gone N
                    how many observations of a deleted block storage snapshot still see it
                    terminating (status CREAT, operation TERMT); after them it is gone. The
                    delete answer shows it terminating in any case; 0: gone right after that
                    answer (default 1)
  --nas-list-calls-until-ready N
                    how many getNasVolumeSnapshotList calls of its volume (in its own API's
                    store) still see a new NAS snapshot with isBusy true; the next ones see
                    false. The create answer shows it busy unless N is 0: never busy, not even
                    in the create answer (default 1; seeded snapshots start ready)
  --unknown-snapshot-detail error|empty-list
                    what getBlockStorageSnapshotInstanceDetail answers for a number the store
                    does not hold (never created, or deleted and gone): empty-list, a 200 with
                    totalRows 0 and an empty list, as the deleted-waiter expects (the
                    default); error, a 400 responseError with returnCode 920
  --max-snapshots N most snapshots held at once, block storage and NAS together (default 10000);
                    a create beyond is refused with returnCode 930, a seed beyond stops the
                    program (exit 2)
  --api-key K       the API key (x-ncp-apigw-api-key) exportWidget expects (default:
                    $NCLOUD_API_KEY, else test-api-key); missing or other: 401, errorCode 200
  --widget-reads-until-ready N
                    how many getWidget calls of a new widget still see it CREATING; the next
                    ones see it READY. 0: READY in the create answer already (default 2)
  --widget-reads-until-gone N
                    how many getWidget calls of a deleted widget still see it DELETING; after
                    them it is gone (404). 0: gone right after the delete answer (default 2)
  --rest-error-style nks|standard
                    the envelope of the widget service's errors (404, 409, 400): nks, numeric
                    errorCode and statusCode, object details, top-level timestamp (the
                    default); standard, errorCode such as NotFound, detail, fieldErrors
  --max-widgets N   most widgets held at once (default 10000); a create beyond is refused
                    with a 400 service error
  --nks-cluster-reads-until-running N
                    how many getCluster calls of a new NKS cluster still see it CREATING; the
                    next ones see it RUNNING (NO_NODE without node pools), its node pools RUN.
                    0: settled in the create answer already (default 2)
  --nks-cluster-reads-until-gone N
                    how many reads (getCluster of it, or getClusters) still see a deleted
                    cluster DELETING; after them it is gone (404, not listed). 0: gone right
                    after the delete answer (default 2)
  --nks-node-pool-reads-until-settled N
                    how many getNodePools calls of its cluster still see a node pool CREATING,
                    NODE_SCALE_OUT, NODE_SCALE_DOWN or DELETING; the next ones see it RUN with
                    its nodes as asked, or gone. 0: at once (default 2)
  --nks-update-node-pool-answer body|no-content
                    what updateNodePool answers: body, 200 with {uuid, instanceNo} as NCP's
                    reference documents (the default); no-content, 204 as the Go SDK expects
  --nks-max-clusters N
                    most NKS clusters held at once (default 100); a create beyond is refused
                    with a 400 NKS error
  -h, --help        print this help and exit
";

struct Args {
    port: u16,
    access_key: String,
    secret_key: String,
    lifecycle: Lifecycle,
    max_snapshots: usize,
    api_key: String,
    widgets: WidgetsConfig,
    nks: NksConfig,
    block_seeds: Vec<(String, usize)>,
    nas_seeds: Vec<(String, usize)>,
}

/// `NO:COUNT`, NO decimal digits.
fn seed_spec(value: &str) -> Result<(String, usize), String> {
    let parsed = value.split_once(':').and_then(|(no, count)| {
        let valid = !no.is_empty() && no.bytes().all(|b| b.is_ascii_digit());
        Some((no.to_owned(), count.parse().ok()?)).filter(|_| valid)
    });
    parsed.ok_or_else(|| "expected NO:COUNT (decimal numbers)".to_owned())
}

/// The command line; `Ok(None)`: help was asked for. An error is one line, naming the flag.
fn parse_args() -> Result<Option<Args>, String> {
    let env = |name: &str, default: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or(default.into())
    };
    let mut args = Args {
        port: 0,
        access_key: env("NCLOUD_ACCESS_KEY_ID", "test-access-key"),
        secret_key: env("NCLOUD_SECRET_ACCESS_KEY", "test-secret-key"),
        lifecycle: Lifecycle::default(),
        max_snapshots: DEFAULT_MAX_SNAPSHOTS,
        api_key: env("NCLOUD_API_KEY", ncloud_fake_gateway::DEFAULT_API_KEY),
        widgets: WidgetsConfig::default(),
        nks: NksConfig::default(),
        block_seeds: Vec::new(),
        nas_seeds: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        let flag = match arg {
            lexopt::Arg::Short('h') | lexopt::Arg::Long("help") => return Ok(None),
            lexopt::Arg::Long(name) => format!("--{name}"),
            lexopt::Arg::Short(letter) => format!("-{letter}"),
            lexopt::Arg::Value(_) => String::new(),
        };
        let unexpected = arg.unexpected();
        apply(&flag, unexpected, &mut parser, &mut args).map_err(|e| match e {
            lexopt::Error::ParsingFailed { value, error } => format!("invalid value {value:?} for {flag}: {error}"),
            e => e.to_string(),
        })?;
    }
    Ok(Some(args))
}

/// Reads `flag` (and its value) into `args`; `unexpected` is the error for a flag or value it
/// does not take.
fn apply(
    flag: &str,
    unexpected: lexopt::Error,
    parser: &mut lexopt::Parser,
    args: &mut Args,
) -> Result<(), lexopt::Error> {
    use lexopt::ValueExt as _;
    match flag {
        "--port" => args.port = parser.value()?.parse()?,
        "--access-key" => args.access_key = parser.value()?.string()?,
        "--secret-key" => args.secret_key = parser.value()?.string()?,
        "--seed-block-snapshots" => args.block_seeds.push(parser.value()?.parse_with(seed_spec)?),
        "--seed-nas-snapshots" => args.nas_seeds.push(parser.value()?.parse_with(seed_spec)?),
        "--observations-until-created" => args.lifecycle.observations_until_created = parser.value()?.parse()?,
        "--observations-until-gone" => args.lifecycle.observations_until_gone = parser.value()?.parse()?,
        "--nas-list-calls-until-ready" => args.lifecycle.nas_list_calls_until_ready = parser.value()?.parse()?,
        "--unknown-snapshot-detail" => {
            args.lifecycle.unknown_snapshot_detail = parser.value()?.parse_with(|v| match v {
                "error" => Ok(UnknownSnapshotDetail::Error),
                "empty-list" => Ok(UnknownSnapshotDetail::EmptyList),
                _ => Err("expected error or empty-list"),
            })?
        }
        "--max-snapshots" => args.max_snapshots = parser.value()?.parse()?,
        "--api-key" => args.api_key = parser.value()?.string()?,
        "--widget-reads-until-ready" => args.widgets.reads_until_ready = parser.value()?.parse()?,
        "--widget-reads-until-gone" => args.widgets.reads_until_gone = parser.value()?.parse()?,
        "--rest-error-style" => {
            args.widgets.error_style = parser.value()?.parse_with(|v| match v {
                "nks" => Ok(RestErrorStyle::Nks),
                "standard" => Ok(RestErrorStyle::Standard),
                _ => Err("expected nks or standard"),
            })?
        }
        "--max-widgets" => args.widgets.max_widgets = parser.value()?.parse()?,
        "--nks-cluster-reads-until-running" => args.nks.cluster_reads_until_running = parser.value()?.parse()?,
        "--nks-cluster-reads-until-gone" => args.nks.cluster_reads_until_gone = parser.value()?.parse()?,
        "--nks-node-pool-reads-until-settled" => args.nks.node_pool_reads_until_settled = parser.value()?.parse()?,
        "--nks-update-node-pool-answer" => {
            args.nks.update_node_pool_answer = parser.value()?.parse_with(|v| match v {
                "body" => Ok(UpdateNodePoolAnswer::Body),
                "no-content" => Ok(UpdateNodePoolAnswer::NoContent),
                _ => Err("expected body or no-content"),
            })?
        }
        "--nks-max-clusters" => args.nks.max_clusters = parser.value()?.parse()?,
        _ => return Err(unexpected),
    }
    Ok(())
}

fn seed(gateway: &FakeGateway, block: &[(String, usize)], nas: &[(String, usize)]) -> Result<(), SeedError> {
    for (no, count) in block {
        let seeded = gateway.seed_block_storage_snapshots(no, *count)?;
        if let (Some(first), Some(last)) = (seeded.first(), seeded.last()) {
            eprintln!(
                "fake-ncp-gateway: seeded {count} block storage snapshots of {no}: {} to {}",
                first.instance_no, last.instance_no
            );
        }
    }
    for (no, count) in nas {
        for api in [NasApi::Vpc, NasApi::Classic] {
            gateway.seed_nas_volume_snapshots(api, no, *count)?;
        }
        eprintln!("fake-ncp-gateway: seeded {count} snapshots of NAS volume {no} (vnas/v2 and server/v2)");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}; see 'fake-ncp-gateway --help'");
            return ExitCode::from(2);
        }
    };
    let config = GatewayConfig::new(args.access_key, args.secret_key)
        .with_lifecycle(args.lifecycle)
        .with_max_snapshots(args.max_snapshots)
        .with_api_key(args.api_key)
        .with_widgets(args.widgets)
        .with_nks(args.nks);
    let access_key = config.access_key.clone();
    let gateway = match FakeGateway::start_on_port(config, args.port).await {
        Ok(gateway) => gateway,
        Err(e) => {
            eprintln!("fake-ncp-gateway: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    // Seeded before the address is printed: whoever reads it finds the store ready.
    if let Err(e) = seed(&gateway, &args.block_seeds, &args.nas_seeds) {
        eprintln!("fake-ncp-gateway: cannot seed the store: {e}");
        return ExitCode::from(2);
    }
    let mut log = gateway.subscribe();

    let mut stdout = std::io::stdout().lock();
    let printed = writeln!(stdout, "listening on {}", gateway.base_url()).and_then(|()| stdout.flush());
    drop(stdout);
    if let Err(e) = printed {
        eprintln!("fake-ncp-gateway: cannot write to stdout: {e}");
        return ExitCode::from(1);
    }
    let actions: Vec<_> = Action::ALL.iter().map(|a| a.path()).collect();
    let apis: Vec<_> = RestApi::ALL
        .iter()
        .map(|api| {
            let operations: Vec<_> = RestOperation::ALL
                .iter()
                .filter(|o| o.api() == *api)
                .map(|o| format!("{} {}", o.method(), o.path_template()))
                .collect();
            format!("under {}: {}", api.base_paths().join(" and "), operations.join(", "))
        })
        .collect();
    eprintln!(
        "fake-ncp-gateway: access key {access_key:?}; serving {}; {}; Ctrl-C to stop",
        actions.join(", "),
        apis.join("; ")
    );

    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            received = log.recv() => match received {
                Ok(request) => eprintln!("{request}"),
                Err(RecvError::Lagged(missed)) => eprintln!("fake-ncp-gateway: {missed} requests not logged"),
                Err(RecvError::Closed) => break,
            },
        }
    }
    gateway.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::USAGE;

    /// The `--flag` names in `text`, in order.
    fn flags(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|word| word.starts_with("--") && word.len() > 2)
            .collect()
    }

    #[test]
    fn every_flag_of_the_synopsis_is_explained_under_options() {
        let (synopsis, rest) = USAGE.split_once("\n\n").unwrap();
        let (_, options) = rest.split_once("options:\n").unwrap();
        let explained: Vec<&str> = options
            .lines()
            .filter(|line| line.starts_with("  -"))
            .filter_map(|line| flags(line).into_iter().find(|flag| *flag != "-h"))
            .filter(|flag| *flag != "--help")
            .collect();
        let mut listed = flags(synopsis);
        listed.dedup();
        assert_eq!(listed, explained);
    }
}
