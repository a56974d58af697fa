//! Create or delete an Ncloud Kubernetes Service cluster, and wait until it runs or is gone.
//!
//! ```text
//! cargo run -p ncloud-client --example nks_cluster -- create --name NAME --cluster-type TYPE \
//!     --login-key-name KEY --region-code KR --vpc-no N --subnet-no N [--subnet-no N …] \
//!     [--k8s-version V] [--node-pool NAME:COUNT] [--kubeconfig FILE] [--max-wait SECS] [--poll-every SECS]
//! cargo run -p ncloud-client --example nks_cluster -- delete --name NAME [--max-wait SECS] [--poll-every SECS]
//! ```
//!
//! `create` first looks for a cluster of that name: one that exists is reused (printed, waited
//! for), never created twice. A new one is created once (the create is never retried after it
//! may have run). Once it runs, its kubeconfig is written to `--kubeconfig` (default
//! `kubeconfig-NAME.yaml`, readable by its owner only) when the API gives one; clusters that use
//! IAM authentication get none from this API, and it says so instead. `delete` deletes the
//! cluster of that name and waits until it is gone; with no such cluster there is nothing to do.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use common::{Failed, Flags, Help, Stop, required};
use lexopt::Arg::{Long, Value};
use lexopt::ValueExt as _;
use ncloud_client::Client;
use ncloud_client::runtime::{Action, Wait};
use ncloud_client::vnks::{
    Api, Cluster, CreateCluster, DeleteCluster, GetCluster, GetClusters, GetKubeconfig, NodePoolDto,
};
use serde_json::json;

const HELP: Help = Help {
    name: "nks_cluster",
    about: "Create or delete an Ncloud Kubernetes Service cluster (vnks/v2), and wait until it runs \
(RUNNING or NO_NODE) or is gone.

create first looks for a cluster of that name: one that exists is reused (printed, waited for), never \
created twice. A new one is created once: the create is never retried after it may have run. Once it \
runs, its kubeconfig is written to --kubeconfig (default kubeconfig-NAME.yaml, readable by its owner \
only) when the API gives one; clusters that use IAM authentication get none from this API (use \
ncp-iam-authenticator), and it says so instead. --node-pool NAME:COUNT adds a node pool to a new \
cluster.

delete deletes the cluster of that name and waits until NKS answers 404 for it; with no such cluster \
there is nothing to do.

--max-wait bounds each wait (default: the spec's hour); --poll-every sets every delay of a wait \
(default: a first poll after 5 s, then 3 to 10 s apart, as NCP's Terraform provider waits). \
NCLOUD_REGION chooses the region's base path (KR by default, SGN, JPN).",
    usage: "create --name NAME --cluster-type TYPE --login-key-name KEY --region-code CODE --vpc-no N \
--subnet-no N [--subnet-no N ...] [--k8s-version V] [--node-pool NAME:COUNT] [--kubeconfig FILE] \
[--max-wait SECS] [--poll-every SECS] | delete --name NAME [--max-wait SECS] [--poll-every SECS]",
};

/// What a `create` is made of.
struct Create {
    cluster_type: String,
    login_key_name: String,
    region_code: String,
    vpc_no: i32,
    subnets: Vec<i32>,
    k8s_version: Option<String>,
    node_pool: Option<(String, i32)>,
    kubeconfig: Option<String>,
}

struct Options {
    name: String,
    create: Option<Create>,
    max_wait: Option<Duration>,
    poll_every: Option<Duration>,
}

fn options(flags: &mut Flags) -> Result<Options, Stop> {
    let command = match flags.next()? {
        Some(Value(command)) => command.string()?,
        Some(other) => return Err(other.unexpected().into()),
        None => return Err(Stop::Usage("missing the command: create or delete".into())),
    };
    let (mut name, mut cluster_type, mut login_key_name, mut region_code, mut vpc_no) = (None, None, None, None, None);
    let (mut subnets, mut k8s_version, mut node_pool, mut kubeconfig) = (Vec::new(), None, None, None);
    let (mut max_wait, mut poll_every) = (None, None);
    let create = command == "create";
    if !create && command != "delete" {
        return Err(Stop::Usage(format!("unknown command {command:?}: create or delete")));
    }
    while let Some(arg) = flags.next()? {
        match arg {
            Long("name") => name = Some(flags.string()?),
            Long("max-wait") => max_wait = Some(Duration::from_secs(flags.parse()?)),
            Long("poll-every") => poll_every = Some(Duration::from_secs(flags.parse()?)),
            Long("cluster-type") if create => cluster_type = Some(flags.string()?),
            Long("login-key-name") if create => login_key_name = Some(flags.string()?),
            Long("region-code") if create => region_code = Some(flags.string()?),
            Long("vpc-no") if create => vpc_no = Some(flags.parse::<i32>()?),
            Long("subnet-no") if create => subnets.push(flags.parse::<i32>()?),
            Long("k8s-version") if create => k8s_version = Some(flags.string()?),
            Long("kubeconfig") if create => kubeconfig = Some(flags.string()?),
            Long("node-pool") if create => {
                let value = flags.string()?;
                let parsed = value
                    .rsplit_once(':')
                    .and_then(|(pool, count)| Some((pool.to_owned(), count.parse::<i32>().ok()?)));
                node_pool = Some(parsed.ok_or_else(|| {
                    Stop::Usage(format!("invalid value {value:?} for --node-pool: expected NAME:COUNT"))
                })?);
            }
            other => return Err(other.unexpected().into()),
        }
    }
    let name = required(name, "--name")?;
    let create = if create {
        if subnets.is_empty() {
            return Err(Stop::Usage("missing --subnet-no".into()));
        }
        Some(Create {
            cluster_type: required(cluster_type, "--cluster-type")?,
            login_key_name: required(login_key_name, "--login-key-name")?,
            region_code: required(region_code, "--region-code")?,
            vpc_no: required(vpc_no, "--vpc-no")?,
            subnets,
            k8s_version,
            node_pool,
            kubeconfig,
        })
    } else {
        None
    };
    Ok(Options {
        name,
        create,
        max_wait,
        poll_every,
    })
}

fn describe(cluster: &Cluster) -> serde_json::Value {
    json!({
        "uuid": cluster.uuid,
        "name": cluster.name,
        "status": cluster.status.as_ref().map(|s| s.to_string()),
        "authType": cluster.auth_type,
        "nodePools": cluster.node_pool.as_ref().map(Vec::len),
    })
}

/// `wait` with the options' bounds and pace.
fn paced<A: Action + 'static>(mut wait: Wait<A>, options: &Options) -> Wait<A> {
    if let Some(max_wait) = options.max_wait {
        wait = wait.max_wait(max_wait);
    }
    if let Some(every) = options.poll_every {
        wait = wait.initial_delay(every).min_delay(every).max_delay(every);
    }
    wait
}

/// The cluster named `name`, if the account has one.
async fn find(api: Api<'_>, name: &str) -> Result<Option<Cluster>, ncloud_client::Error> {
    let clusters = api.get_clusters(GetClusters::builder().build()?).await?;
    Ok(clusters
        .clusters
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.name.as_deref() == Some(name)))
}

async fn run(options: Options) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let client = Client::builder().from_env()?.build()?;
    let api = client.vnks();
    let existing = find(api, &options.name).await?;
    let Some(create) = &options.create else {
        let Some(cluster) = existing else {
            return Ok(
                json!({ "name": options.name, "deleted": false, "note": "no cluster of that name: nothing to delete" }),
            );
        };
        let uuid = cluster.uuid.clone().ok_or("the cluster came without its uuid")?;
        api.delete_cluster(DeleteCluster::builder(uuid.clone()).build()?)
            .await?;
        let done = json!({ "cluster": describe(&cluster), "deleted": true });
        let wait = paced(
            api.wait_until_cluster_deleted(GetCluster::builder(uuid).build()?),
            &options,
        );
        wait.await.map_err(|e| Failed::after(done.clone(), e.into()))?;
        return Ok(done);
    };
    let (uuid, reused) = match &existing {
        Some(cluster) => (cluster.uuid.clone().ok_or("the cluster came without its uuid")?, true),
        None => {
            let mut request = CreateCluster::builder(
                options.name.clone(),
                create.cluster_type.clone(),
                create.login_key_name.clone(),
                create.region_code.clone(),
                create.vpc_no,
                create.subnets.clone(),
            );
            if let Some(version) = &create.k8s_version {
                request = request.k8s_version(version.clone());
            }
            if let Some((pool, count)) = &create.node_pool {
                request = request.node_pool([NodePoolDto::builder(pool.clone(), *count)]);
            }
            // `build()` checks the name (3 to 30 characters, …) before anything is sent.
            let created = api.create_cluster(request.build()?).await?;
            (created.uuid.ok_or("the create answered no uuid")?, false)
        }
    };
    let done = json!({ "name": options.name, "uuid": uuid, "reused": reused });
    let wait = paced(
        api.wait_until_cluster_running(GetCluster::builder(uuid.clone()).build()?),
        &options,
    );
    let waited = wait.await.map_err(|e| Failed::after(done.clone(), e.into()))?;
    let cluster = waited.response().and_then(|r| r.cluster.clone()).unwrap_or_default();
    let kubeconfig = if cluster.auth_type.as_deref() == Some("API") {
        json!({ "written": false, "note": "the cluster uses IAM authentication: this API gives no kubeconfig for it; use ncp-iam-authenticator" })
    } else {
        let answer = api
            .get_kubeconfig(GetKubeconfig::builder(uuid.clone()).build()?)
            .await
            .map_err(|e| Failed::after(done.clone(), e.into()))?;
        match answer.kubeconfig.filter(|k| !k.is_empty()) {
            Some(text) => {
                let path = create
                    .kubeconfig
                    .clone()
                    .unwrap_or_else(|| format!("kubeconfig-{}.yaml", options.name));
                write_private(&path, &text).map_err(|e| Failed::after(done.clone(), e.into()))?;
                json!({ "written": true, "path": path })
            }
            None => json!({ "written": false, "note": "the API gave no kubeconfig for this cluster" }),
        }
    };
    Ok(json!({
        "cluster": describe(&cluster),
        "reused": reused,
        "kubeconfig": kubeconfig,
    }))
}

/// Writes `text` to `path`, readable and writable by its owner only: a kubeconfig holds the keys
/// to the cluster.
fn write_private(path: &str, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn main() -> ExitCode {
    common::main(&HELP, options, run)
}
