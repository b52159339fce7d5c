//! `oneshot serve`: the local-socket server the Blender add-on talks to.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Socket path [default: $XDG_RUNTIME_DIR/oneshot.sock, else a per-user temp dir].
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.unwrap_or_else(oneshot_ipc::default_socket_path);
    let server = oneshot_server::Server::bind(&path)?;
    eprintln!(
        "oneshot serve: listening on {} (oneshot {}, protocol {})",
        path.display(),
        oneshot_model::VERSION,
        oneshot_ipc::PROTOCOL_VERSION
    );
    server.run();
    Ok(())
}
