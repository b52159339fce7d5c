//! `oneshot serve`: the local-socket server the Blender add-on talks to.

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    socket: super::SocketArg,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.path();
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
