//! `oneshot ping`: ask a running server for its version.

use std::time::Duration;

use crate::out::say;

/// A server answers a ping at once; one that does not within this is stuck.
const PING_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    socket: super::SocketArg,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.path();
    let mut client = oneshot_ipc::Client::connect(&path)?;
    client.set_call_timeout(Some(PING_TIMEOUT))?;
    let info = client.ping()?;
    say!(
        "oneshot {} (protocol {}, pid {}) at {}",
        info.version,
        info.protocol,
        info.pid,
        path.display()
    )?;
    Ok(())
}
