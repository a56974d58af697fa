//! `fake-ncp-gateway`: the fake NCP API Gateway of `ncloud_fake_gateway`, as a program.
//!
//! ```text
//! cargo run -p ncloud-fake-gateway -- [--port N] [--access-key K] [--secret-key S]
//! ```
//!
//! Listens on 127.0.0.1 (port 0, the default, lets the system choose), prints exactly one line
//! `listening on http://127.0.0.1:PORT` to stdout, then one line per request to stderr
//! (`METHOD TARGET | verdict | answer`), until Ctrl-C. Keys default to `NCLOUD_ACCESS_KEY_ID` /
//! `NCLOUD_SECRET_ACCESS_KEY` when set, else `test-access-key` / `test-secret-key`.
//!
//! Point a client at it with `NCLOUD_API_GW=http://127.0.0.1:PORT` and the same keys.
//! Exit codes: 0 after Ctrl-C, 1 when it cannot listen, 2 for bad arguments.

use std::io::Write as _;
use std::process::ExitCode;

use ncloud_fake_gateway::{Action, FakeGateway, GatewayConfig};
use tokio::sync::broadcast::error::RecvError;

const USAGE: &str = "\
usage: fake-ncp-gateway [--port N] [--access-key K] [--secret-key S]

A fake NCP API Gateway on 127.0.0.1 for testing clients. It verifies signature v2 and answers
GET /vserver/v2/createBlockStorageSnapshotInstance and GET /server/v2/createNasVolumeSnapshot
with real payloads.

options:
  --port N          port to listen on (default 0: a free port)
  --access-key K    the access key accepted (default: $NCLOUD_ACCESS_KEY_ID, else test-access-key)
  --secret-key S    its secret key (default: $NCLOUD_SECRET_ACCESS_KEY, else test-secret-key)
  -h, --help        this help
";

struct Args {
    port: u16,
    access_key: String,
    secret_key: String,
}

/// `Ok(None)`: help was asked for.
fn parse_args() -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
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
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("port") => args.port = parser.value()?.parse()?,
            Long("access-key") => args.access_key = parser.value()?.string()?,
            Long("secret-key") => args.secret_key = parser.value()?.string()?,
            Short('h') | Long("help") => return Ok(None),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some(args))
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
            eprintln!("fake-ncp-gateway: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = GatewayConfig::new(args.access_key, args.secret_key);
    let access_key = config.access_key.clone();
    let gateway = match FakeGateway::start_on_port(config, args.port).await {
        Ok(gateway) => gateway,
        Err(e) => {
            eprintln!("fake-ncp-gateway: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    let mut log = gateway.subscribe();

    let mut stdout = std::io::stdout().lock();
    let printed = writeln!(stdout, "listening on {}", gateway.base_url()).and_then(|()| stdout.flush());
    drop(stdout);
    if let Err(e) = printed {
        eprintln!("fake-ncp-gateway: cannot write to stdout: {e}");
        return ExitCode::from(1);
    }
    let actions: Vec<_> = Action::ALL.iter().map(|a| a.path()).collect();
    eprintln!(
        "fake-ncp-gateway: access key {access_key:?}; serving {}; Ctrl-C to stop",
        actions.join(", ")
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
