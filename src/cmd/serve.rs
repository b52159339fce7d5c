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
        stop_when_idle(server.stopper(), idle)?;
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

/// Stops the server once no client has been connected for `idle` (see
/// [`oneshot_server::Stopper::stop_if_idle`]): a server started for a client ends
/// some time after its last one went away. One whose socket file was removed
/// under it (the runtime folder gone at logout) leaves at once.
fn stop_when_idle(
    stopper: oneshot_server::Stopper,
    idle: std::time::Duration,
) -> anyhow::Result<()> {
    let check = (idle / 10).clamp(
        std::time::Duration::from_millis(10),
        std::time::Duration::from_secs(1),
    );
    std::thread::Builder::new()
        .name("oneshot-idle".to_owned())
        .spawn(move || {
            while !stopper.is_stopping() {
                std::thread::sleep(check);
                if let Some(woken) = stopper.stop_if_idle(idle) {
                    tell!(
                        "oneshot serve: no client for {} s: stopping",
                        idle.as_secs_f64()
                    );
                    if !woken {
                        tell!("oneshot serve: the socket file is gone; leaving now");
                        std::process::exit(0);
                    }
                    return;
                }
            }
        })?;
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
