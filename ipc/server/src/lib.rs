//! oneshot local-socket server: one named thread per connection, dispatch to the core crates.
//!
//! [`Server::bind`] takes the socket path (replacing a stale socket file left by a
//! server that died, refusing to start next to a live one), [`Server::run`] accepts
//! connections until a client sends `Shutdown` or a [`Stopper`] is used, then
//! finishes the requests being answered (a retro batch stopped halfway would leave
//! half its frames changed) and starts no new ones. Each connection gets its own
//! thread (`oneshot-conn-N`), so a silent or idle client never delays another; see
//! [`connection`] for what each thread checks.

pub mod connection;
pub mod dispatch;
pub mod scene;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use interprocess::local_socket::traits::{ListenerExt as _, Stream as _};
use interprocess::local_socket::{Listener, ListenerOptions};
#[cfg(unix)]
use interprocess::os::unix::local_socket::ListenerOptionsExt as _;
use oneshot_ipc::frame::{self, FrameError};
use oneshot_ipc::socket;

/// Connections served at once; more are closed on arrival, so that a flood of
/// clients cannot exhaust the server's threads.
pub const MAX_CONNECTIONS: usize = 256;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Another server answers at the socket path.
    #[error("a oneshot server is already listening on {}", .0.display())]
    AlreadyRunning(PathBuf),
    /// The socket path is taken by something that is not a socket.
    #[error("{} exists and is not a socket; not replacing it", .0.display())]
    NotASocket(PathBuf),
    /// The socket or its directory cannot be created or used.
    #[error("cannot listen on {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A bound, not yet running server.
#[derive(Debug)]
pub struct Server {
    listener: Listener,
    shared: Arc<Shared>,
}

/// State shared by the accept loop, the connection threads and [`Stopper`]s.
#[derive(Debug)]
struct Shared {
    path: PathBuf,
    stopping: AtomicBool,
    /// Whether the stop woke the accept loop (see [`Stopper::stop`]).
    woken: AtomicBool,
    connections: AtomicUsize,
    /// Requests being answered right now.
    busy: AtomicUsize,
    /// When a client last came or went, in milliseconds after `started`.
    last_seen_ms: AtomicU64,
    started: Instant,
}

/// What [`Shared::connections`] is set to when an idle server closes its doors:
/// no connection slot is free from then on.
const CLOSED: usize = MAX_CONNECTIONS;

impl Server {
    /// Listens on `path` with a socket file of mode 0600. A socket file that
    /// nobody answers on is stale and replaced; a live server is left alone.
    pub fn bind(path: &Path) -> Result<Server, ServeError> {
        let io_error = |source| ServeError::Io {
            path: path.to_owned(),
            source,
        };
        socket::ensure_socket_dir(path).map_err(io_error)?;
        remove_stale_socket(path)?;
        let options = ListenerOptions::new()
            .name(socket::socket_name(path).map_err(io_error)?)
            .reclaim_name(true);
        #[cfg(unix)]
        let options = options.mode(0o600);
        let listener = options.create_sync().map_err(|source| {
            if source.kind() == io::ErrorKind::AddrInUse {
                ServeError::AlreadyRunning(path.to_owned())
            } else {
                io_error(source)
            }
        })?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                path: path.to_owned(),
                stopping: AtomicBool::new(false),
                woken: AtomicBool::new(false),
                connections: AtomicUsize::new(0),
                busy: AtomicUsize::new(0),
                last_seen_ms: AtomicU64::new(0),
                started: Instant::now(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// A handle that stops the server from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper(Arc::clone(&self.shared))
    }

    /// Accepts connections until stopped, removes the socket file, then waits for
    /// the requests being answered. Connections idle between requests are left to
    /// end with the process.
    pub fn run(self) {
        let Server { listener, shared } = self;
        let mut accepted: u64 = 0;
        for stream in listener.incoming() {
            if shared.stopping.load(Ordering::SeqCst) {
                break;
            }
            let stream = match stream {
                Ok(stream) => stream,
                Err(err) => {
                    // E.g. out of file descriptors: back off instead of spinning.
                    log(format_args!("accept failed: {err}"));
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            };
            accepted += 1;
            let Some(slot) = ConnectionSlot::take(&shared) else {
                log(format_args!(
                    "refusing connection {accepted}: {MAX_CONNECTIONS} connections already open"
                ));
                continue;
            };
            let name = format!("oneshot-conn-{accepted}");
            let spawned = std::thread::Builder::new().name(name.clone()).spawn({
                let name = name.clone();
                move || {
                    connection::serve(stream, &name, &slot.0);
                    drop(slot);
                }
            });
            if let Err(err) = spawned {
                log(format_args!("cannot start a thread for {name}: {err}"));
            }
        }
        // Dropping the listener removes the socket file: a new server may start.
        drop(listener);
        let mut waiting_logged = false;
        while shared.busy.load(Ordering::SeqCst) > 0 {
            if !waiting_logged {
                log(format_args!("finishing the requests being answered"));
                waiting_logged = true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Stops a running server: the accept loop is woken and returns.
#[derive(Debug, Clone)]
pub struct Stopper(Arc<Shared>);

impl Stopper {
    /// Asks the server to stop. Returns false when its accept loop cannot be woken
    /// because the socket file was removed or replaced under it: nobody can
    /// connect to such a server any more, and the caller should end the process.
    pub fn stop(&self) -> bool {
        self.0.stop()
    }

    /// Whether the server is stopping: connections then take no new requests.
    pub fn is_stopping(&self) -> bool {
        self.0.stopping.load(Ordering::SeqCst)
    }

    /// Stops the server if no client has been connected for `idle`: then no new
    /// connection is taken (one that comes now is hung up on before its hello, so
    /// its client starts a server of its own), and the result is [`Stopper::stop`]'s.
    /// `None` while a client is connected or came or went within `idle`.
    pub fn stop_if_idle(&self, idle: Duration) -> Option<bool> {
        let shared = &self.0;
        let seen = Duration::from_millis(shared.last_seen_ms.load(Ordering::SeqCst));
        if shared.started.elapsed().saturating_sub(seen) < idle {
            return None;
        }
        let closed =
            shared
                .connections
                .compare_exchange(0, CLOSED, Ordering::SeqCst, Ordering::SeqCst);
        closed.is_ok().then(|| shared.stop())
    }

    /// Counts a request as being answered until the guard is dropped.
    pub(crate) fn busy(&self) -> Busy<'_> {
        self.0.busy.fetch_add(1, Ordering::SeqCst);
        Busy(&self.0)
    }
}

/// A request being answered; see [`Stopper::busy`].
pub(crate) struct Busy<'a>(&'a Shared);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    fn stop(&self) -> bool {
        if self.stopping.swap(true, Ordering::SeqCst) {
            // Stopped before: whether that woke the accept loop (a signal after a
            // stop that could not must end the process).
            return self.woken.load(Ordering::SeqCst);
        }
        // The accept loop sleeps in accept(): a connection of our own wakes it
        // to see the flag.
        let woken = socket::connect(&self.path).is_ok();
        self.woken.store(woken, Ordering::SeqCst);
        woken
    }
}

/// One counted connection; frees its slot when dropped.
struct ConnectionSlot(Stopper);

impl ConnectionSlot {
    fn take(shared: &Arc<Shared>) -> Option<ConnectionSlot> {
        let open = shared.connections.fetch_add(1, Ordering::SeqCst);
        let slot = ConnectionSlot(Stopper(Arc::clone(shared)));
        slot.seen();
        (open < MAX_CONNECTIONS).then_some(slot)
    }

    /// A client came or went: the server is not idle.
    fn seen(&self) {
        let shared = &self.0.0;
        let now = shared.started.elapsed().as_millis() as u64;
        shared.last_seen_ms.fetch_max(now, Ordering::SeqCst);
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.0.connections.fetch_sub(1, Ordering::SeqCst);
        self.seen();
    }
}

/// Removes a socket file nobody listens on (left by a server that died). A
/// server that still accepts but hangs up without a hello is on its way out:
/// it gets [`LEAVING_GRACE`] to go before it counts as running.
fn remove_stale_socket(path: &Path) -> Result<(), ServeError> {
    let io_error = |source| ServeError::Io {
        path: path.to_owned(),
        source,
    };
    let deadline = Instant::now() + LEAVING_GRACE;
    loop {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(io_error(source)),
        };
        #[cfg(unix)]
        if !std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()) {
            return Err(ServeError::NotASocket(path.to_owned()));
        }
        match probe(path) {
            Probe::Refused => {
                log(format_args!("removing stale socket {}", path.display()));
                return match std::fs::remove_file(path) {
                    Err(err) if err.kind() != io::ErrorKind::NotFound => Err(io_error(err)),
                    _ => Ok(()),
                };
            }
            Probe::Leaving if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Probe::Answers | Probe::Leaving => {
                return Err(ServeError::AlreadyRunning(path.to_owned()));
            }
            Probe::Failed(source) => return Err(io_error(source)),
        }
    }
}

/// How long a server on its way out may take to release its socket.
const LEAVING_GRACE: Duration = Duration::from_secs(3);

/// How long a live server may take to say hello to a [`probe`].
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What answers at a socket path.
enum Probe {
    /// Nothing listens: the socket file is stale.
    Refused,
    /// Something listens and answers (or is busy but there).
    Answers,
    /// Something accepted the connection and hung up without a word.
    Leaving,
    /// The socket cannot be probed.
    Failed(io::Error),
}

fn probe(path: &Path) -> Probe {
    let mut stream = match socket::connect(path) {
        Ok(stream) => stream,
        Err(err) if err.kind() == io::ErrorKind::ConnectionRefused => return Probe::Refused,
        Err(err) => return Probe::Failed(err),
    };
    let hello = stream
        .set_recv_timeout(Some(PROBE_TIMEOUT))
        .and_then(|()| frame::write_hello(&mut stream))
        .map_err(FrameError::from)
        .and_then(|()| frame::read_hello(&mut stream));
    match hello {
        Ok(_) | Err(FrameError::BadMagic { .. }) => Probe::Answers,
        Err(FrameError::Io(err))
            if matches!(
                err.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Probe::Answers
        }
        Err(_) => Probe::Leaving,
    }
}

/// The server's log: one line on stderr per event.
fn log(message: std::fmt::Arguments<'_>) {
    eprintln!("oneshot serve: {message}");
}
