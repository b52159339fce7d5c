//! `oneshot ping`: ask a running server for its version.

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    socket: super::SocketArg,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.path();
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
