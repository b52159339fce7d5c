//! `oneshot ping`: ask a running server for its version.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Socket path [default: $XDG_RUNTIME_DIR/oneshot.sock, else a per-user temp dir].
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.unwrap_or_else(oneshot_ipc::default_socket_path);
    let info = oneshot_ipc::Client::connect(&path)?.ping()?;
    println!(
        "oneshot {} (protocol {}, pid {}) at {}",
        info.version,
        info.protocol,
        info.pid,
        path.display()
    );
    Ok(())
}
