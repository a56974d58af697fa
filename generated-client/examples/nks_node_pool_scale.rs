//! Scale a node pool of an Ncloud Kubernetes Service cluster: set its node count, wait until the
//! pool runs again, and print the pool and its worker nodes as JSON.
//!
//! ```text
//! cargo run -p ncloud-client --example nks_node_pool_scale -- \
//!     --cluster-uuid UUID --node-pool NAME --node-count N [--max-wait SECS] [--poll-every SECS]
//! ```
//!
//! The pool is found by name among the cluster's pools (NKS numbers pools, but creating one
//! answers no number, so names are what people know). The change is sent once and never retried
//! after it may have run; the wait only reads. `NCLOUD_REGION` chooses the region's base path
//! (`KR` by default, `SGN`, `JPN`). `--help` lists the environment it reads: credentials, and
//! `NCLOUD_API_GW` to point it at the fake gateway (`cargo run -p ncloud-fake-gateway`).

mod common;

use std::process::ExitCode;
use std::time::Duration;

use common::{Failed, Flags, Help, Stop, required};
use lexopt::Arg::Long;
use ncloud_client::Client;
use ncloud_client::vnks::{GetNodePools, GetWorkerNodes, NodePool, UpdateNodePool};
use serde_json::json;

const HELP: Help = Help {
    name: "nks_node_pool_scale",
    about: "Scale a node pool of an Ncloud Kubernetes Service cluster (vnks/v2): set its node count, \
wait until the pool runs again (RUN), and print the pool and its worker nodes as JSON.

The pool is found by name among the cluster's pools. The change is sent once and never retried after \
it may have run; the wait only reads. --max-wait bounds the wait (default: the spec's hour); \
--poll-every sets every delay of the wait (default: a first poll after 5 s, then 3 to 10 s apart, as \
NCP's Terraform provider waits). NCLOUD_REGION chooses the region's base path (KR by default, SGN, JPN).

When the wait fails after the change was answered, it prints what was changed (with the error, as \
\"error\"), then the error on stderr, and exits 1.",
    usage: "--cluster-uuid UUID --node-pool NAME --node-count N [--max-wait SECS] [--poll-every SECS]",
};

struct Options {
    cluster: String,
    pool: String,
    count: i32,
    max_wait: Option<Duration>,
    poll_every: Option<Duration>,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let (mut cluster, mut pool, mut count, mut max_wait, mut poll_every) = (None, None, None, None, None);
    while let Some(arg) = flags.next()? {
        match arg {
            Long("cluster-uuid") => cluster = Some(flags.string()?),
            Long("node-pool") => pool = Some(flags.string()?),
            Long("node-count") => count = Some(flags.parse::<i32>()?),
            Long("max-wait") => max_wait = Some(Duration::from_secs(flags.parse()?)),
            Long("poll-every") => poll_every = Some(Duration::from_secs(flags.parse()?)),
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(Options {
        cluster: required(cluster, "--cluster-uuid")?,
        pool: required(pool, "--node-pool")?,
        count: required(count, "--node-count")?,
        max_wait,
        poll_every,
    })
}

fn describe(pool: &NodePool) -> serde_json::Value {
    json!({
        "instanceNo": pool.instance_no,
        "name": pool.name,
        "status": pool.status.as_ref().map(|s| s.to_string()),
        "nodeCount": pool.node_count,
    })
}

async fn run(options: Options) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.build()?;
    let api = client.vnks();
    let pools = api
        .get_node_pools(GetNodePools::builder(options.cluster.clone()).build()?)
        .await?;
    let pool = pools
        .node_pool
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.name.as_deref() == Some(options.pool.as_str()))
        .ok_or_else(|| format!("cluster {} has no node pool named {:?}", options.cluster, options.pool))?;
    let number = pool
        .instance_no
        .ok_or_else(|| format!("node pool {:?} came without its instanceNo", options.pool))?;
    // `build()` checks the count (1 to 250) before anything is sent.
    let update = UpdateNodePool::builder(options.cluster.clone(), number)
        .node_count(options.count)
        .build()?;
    api.update_node_pool(update).await?;
    let done = json!({ "cluster": options.cluster, "nodePool": describe(&pool), "nodeCount": options.count });
    let mut wait = api.wait_until_node_pool_running(
        GetNodePools::builder(options.cluster.clone()).build()?,
        options.pool.clone(),
    );
    if let Some(max_wait) = options.max_wait {
        wait = wait.max_wait(max_wait);
    }
    if let Some(every) = options.poll_every {
        wait = wait.initial_delay(every).min_delay(every).max_delay(every);
    }
    let waited = wait.await.map_err(|e| Failed::after(done.clone(), e.into()))?;
    let running = waited
        .response()
        .and_then(|r| r.node_pool.as_ref())
        .and_then(|pools| pools.iter().find(|p| p.name.as_deref() == Some(options.pool.as_str())))
        .map(describe);
    let nodes = api
        .get_worker_nodes(GetWorkerNodes::builder(options.cluster.clone()).build()?)
        .await
        .map_err(|e| Failed::after(done.clone(), e.into()))?;
    let nodes: Vec<_> = nodes
        .nodes
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.node_pool_id == Some(number) || n.node_pool_name.as_deref() == Some(options.pool.as_str()))
        .collect();
    Ok(json!({
        "cluster": options.cluster,
        "nodePool": running,
        "nodes": nodes,
    }))
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
