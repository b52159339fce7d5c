//! `oneshot serve`: the local-socket server the Blender add-on talks to.

use crate::out::tell;
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    socket: super::SocketArg,
    /// Stop once no client has been connected for this many seconds (a server
    /// started for a client stops some time after its last one went away).
    #[arg(long, value_name = "SECONDS")]
    exit_when_idle: Option<f64>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.socket.path();
    let idle = args
        .exit_when_idle
        .map(|seconds| {
            std::time::Duration::try_from_secs_f64(seconds)
                .map_err(|_| anyhow::anyhow!("--exit-when-idle {seconds}: not a number of seconds"))
        })
        .transpose()?;
    let server = oneshot_server::Server::bind(&path)?;
    #[cfg(unix)]
    stop_on_signals(server.stopper())?;
    if let Some(idle) = idle {
        server.stop_when_idle(idle)?;
    }
    tell!(
        "oneshot serve: listening on {} (oneshot {}, protocol {})",
        path.display(),
        oneshot_model::VERSION,
        oneshot_ipc::PROTOCOL_VERSION
    );
    server.run();
    Ok(())
}

/// Ctrl-C, `kill` and a closed terminal stop the server the way a `Shutdown`
/// request does: the accept loop ends, the requests being answered finish and the
/// socket file is removed, so the next start finds no stale socket. A second
/// signal, or a server whose socket file was removed under it, leaves at once.
#[cfg(unix)]
fn stop_on_signals(stopper: oneshot_server::Stopper) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("oneshot-signals".to_owned())
        .spawn(move || {
            let mut signals = signals.forever();
            if let Some(signal) = signals.next() {
                tell!("oneshot serve: stopping on signal {signal}");
                if !stopper.stop() {
                    tell!("oneshot serve: the socket file is gone; leaving now");
                    std::process::exit(1);
                }
            }
            if let Some(signal) = signals.next() {
                tell!("oneshot serve: signal {signal} again; leaving without waiting");
                std::process::exit(1);
            }
        })?;
    Ok(())
}
