//! The client: connect (starting a server when none answers), then one call at a time.

use std::ffi::OsString;
use std::io::{self, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use interprocess::local_socket::Stream;
use interprocess::local_socket::traits::Stream as _;
use oneshot_model::{EffectLayer, RetroSettings, SceneGraph};

use crate::frame::{self, FrameError};
use crate::message::{Envelope, Image, Reply, Request, Response, SceneSummary};
use crate::socket;

/// Environment variable naming the server binary to start.
pub const SERVER_ENV: &str = "ONESHOT_SERVER";

/// Write buffer size: small messages go out in one write, large byte strings
/// bypass the buffer.
const WRITE_BUFFER: usize = 64 << 10;

/// How long a server may take to answer the hello (a hung server does not hang
/// its clients' connection attempts).
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a starting server is polled.
const START_POLL: Duration = Duration::from_millis(10);

/// Why a call or a connection failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Nothing listens at the socket path.
    #[error("no oneshot server answers at {}: {source}", path.display())]
    Unreachable { path: PathBuf, source: io::Error },
    /// A server could not be started, or did not answer in time.
    #[error("cannot start the oneshot server ({binary}): {reason}")]
    Start { binary: String, reason: String },
    /// Something answers, but the handshake failed: not a oneshot server, or a
    /// different protocol version.
    #[error("handshake with the server at {} failed: {source}", path.display())]
    Handshake { path: PathBuf, source: FrameError },
    /// The connection broke during a call, e.g. the server died.
    #[error("lost the connection to the oneshot server: {0}")]
    ConnectionLost(String),
    /// No answer within the call timeout (see [`Client::set_call_timeout`]). The
    /// answer may still come, so the connection is given up.
    #[error("the oneshot server did not answer within {0:?} (is it stuck?)")]
    TimedOut(Duration),
    /// The request is larger than a frame may be; nothing was sent.
    #[error("request not sent: {0}")]
    TooLarge(FrameError),
    /// The server refused the request or could not carry it out.
    #[error("{0}")]
    Server(String),
    /// The server's answer does not answer the request.
    #[error("the server broke the protocol: {0}")]
    Protocol(String),
}

impl ClientError {
    /// Whether the connection is unusable after this error (the next call must
    /// reconnect).
    pub fn breaks_connection(&self) -> bool {
        !matches!(self, ClientError::Server(_) | ClientError::TooLarge(_))
    }

    /// Whether no live server answered a connection: nothing listens, or what
    /// listened went away during the handshake (a server on its way out).
    pub fn nobody_answers(&self) -> bool {
        match self {
            ClientError::Unreachable { .. } => true,
            // A server too busy to say hello in time (`TimedOut`) is there all the same.
            ClientError::Handshake { source, .. } => {
                matches!(source, FrameError::Truncated { .. } | FrameError::Io(_))
            }
            _ => false,
        }
    }
}

/// The server's identity, from a ping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    pub version: String,
    pub protocol: u32,
    pub pid: u32,
}

/// One connection to a server. Calls are sequential: each waits for its answer.
#[derive(Debug)]
pub struct Client {
    stream: BufWriter<Stream>,
    /// The last answer's payload; answers borrow from it.
    buf: Vec<u8>,
    next_id: u64,
    call_timeout: Option<Duration>,
}

/// Whether a read gave up waiting (a receive timeout reads as either kind).
fn timed_out(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl Client {
    /// Connects to the server at `path` and shakes hands.
    pub fn connect(path: &Path) -> Result<Client, ClientError> {
        let mut stream = socket::connect(path).map_err(|source| ClientError::Unreachable {
            path: path.to_owned(),
            source,
        })?;
        let handshake = |source| ClientError::Handshake {
            path: path.to_owned(),
            source,
        };
        stream
            .set_recv_timeout(Some(HELLO_TIMEOUT))
            .and_then(|()| frame::write_hello(&mut stream))
            .map_err(|err| handshake(err.into()))?;
        frame::read_hello(&mut stream)
            .and_then(frame::Hello::check)
            .map_err(|err| match err {
                FrameError::Io(io) if timed_out(&io) => ClientError::TimedOut(HELLO_TIMEOUT),
                err => handshake(err),
            })?;
        stream
            .set_recv_timeout(None)
            .map_err(|err| handshake(err.into()))?;
        Ok(Client {
            stream: BufWriter::with_capacity(WRITE_BUFFER, stream),
            buf: Vec::new(),
            next_id: 1,
            call_timeout: None,
        })
    }

    /// Connects to the server at `path`; when nothing answers there, starts
    /// `<server> serve --socket <path>` and waits up to `timeout` for it to answer.
    /// The server's stderr goes to `<path>.log`. The server outlives the client, until
    /// none has been connected for [`STARTED_SERVER_IDLE_S`].
    pub fn connect_or_start(
        path: &Path,
        server: &Path,
        timeout: Duration,
    ) -> Result<Client, ClientError> {
        match Client::connect(path) {
            Err(err) if err.nobody_answers() => {}
            connected_or_failed => return connected_or_failed,
        }
        let start_error = |reason: String| ClientError::Start {
            binary: server.display().to_string(),
            reason,
        };
        let log_path = log_path(path);
        let mut child = start_server(server, path, &log_path).map_err(|err| {
            start_error(format!(
                "{err} (pass the server binary or set {SERVER_ENV} to its path)"
            ))
        })?;
        let deadline = Instant::now() + timeout;
        loop {
            match Client::connect(path) {
                Err(err) if err.nobody_answers() => {}
                connected_or_failed => {
                    reap_in_background(child);
                    return connected_or_failed;
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                return Err(start_error(format!(
                    "it exited ({status}) without answering; its log ({}):\n{}",
                    log_path.display(),
                    log_tail(&log_path)
                )));
            }
            if Instant::now() >= deadline {
                // A server that does not answer in time is of no use: stop it.
                let _ = child.kill();
                reap_in_background(child);
                return Err(start_error(format!(
                    "it did not answer within {timeout:?}; its log: {}",
                    log_path.display()
                )));
            }
            std::thread::sleep(START_POLL);
        }
    }

    /// Bounds how long a call waits with nothing of its answer arriving; `None`
    /// (the default) waits as long as the server works, which long department
    /// jobs need.
    pub fn set_call_timeout(&mut self, timeout: Option<Duration>) -> Result<(), ClientError> {
        self.stream
            .get_ref()
            .set_recv_timeout(timeout)
            .map_err(|err| lost(err.into()))?;
        self.call_timeout = timeout;
        Ok(())
    }

    /// Sends `request` and waits for its answer; the server's refusals are
    /// [`ClientError::Server`].
    pub fn call(&mut self, request: &Request<'_>) -> Result<Response<'_>, ClientError> {
        let id = self.next_id;
        self.next_id += 1;
        frame::write_frame(&mut self.stream, &Envelope { id, body: request }).map_err(|err| {
            match err {
                FrameError::TooLarge { .. } => ClientError::TooLarge(err),
                err => lost(err),
            }
        })?;
        let call_timeout = self.call_timeout;
        let payload = frame::read_frame(self.stream.get_mut(), &mut self.buf)
            .map_err(|err| match (err, call_timeout) {
                (FrameError::Io(io), Some(after)) if timed_out(&io) => ClientError::TimedOut(after),
                (err, _) => lost(err),
            })?
            .ok_or_else(|| {
                ClientError::ConnectionLost(
                    "the server hung up before answering (did it stop or crash?)".to_owned(),
                )
            })?;
        let answer: Envelope<Reply> =
            frame::decode(payload).map_err(|err| ClientError::Protocol(err.to_string()))?;
        if answer.id != id {
            return Err(ClientError::Protocol(format!(
                "answer to request {} while waiting for request {id}",
                answer.id
            )));
        }
        match answer.body {
            Reply::Ok(response) => Ok(response),
            Reply::Err(message) => Err(ClientError::Server(message)),
        }
    }

    /// Whether the server has closed this connection while it lay idle between
    /// calls (it was stopped or killed): a call on it would only fail. A read that
    /// would wait means the server is there; the end of the stream, an error, or
    /// a byte no call asked for, that the connection is done. Nothing is waited for.
    pub fn hung_up(&mut self) -> bool {
        let stream = self.stream.get_mut();
        if stream.set_nonblocking(true).is_err() {
            return true;
        }
        let gone = match stream.read(&mut [0u8; 1]) {
            Ok(_) => true,
            Err(err) => err.kind() != io::ErrorKind::WouldBlock,
        };
        stream.set_nonblocking(false).is_err() || gone
    }

    /// The server's version, protocol version and process id.
    pub fn ping(&mut self) -> Result<ServerInfo, ClientError> {
        match self.call(&Request::Ping)? {
            Response::Pong {
                version,
                protocol,
                pid,
            } => Ok(ServerInfo {
                version,
                protocol,
                pid,
            }),
            other => Err(unexpected("Ping", &other)),
        }
    }

    /// Sends a scene graph; returns what the server understood of it.
    pub fn sync_scene(&mut self, graph: SceneGraph) -> Result<SceneSummary, ClientError> {
        match self.call(&Request::SyncScene(graph))? {
            Response::Scene(summary) => Ok(summary),
            other => Err(unexpected("SyncScene", &other)),
        }
    }

    /// Sends a department request answered with a JSON document; returns the JSON.
    pub fn document(&mut self, request: &Request<'_>) -> Result<String, ClientError> {
        match self.call(request)? {
            Response::Document(json) => Ok(json),
            other => Err(unexpected("a department request", &other)),
        }
    }

    /// Runs the retro pipeline on `image`; the result borrows from the client.
    pub fn retro(
        &mut self,
        settings: RetroSettings,
        image: Image<'_>,
    ) -> Result<Image<'_>, ClientError> {
        match self.call(&Request::Retro { settings, image })? {
            Response::Image(image) => Ok(image),
            other => Err(unexpected("Retro", &other)),
        }
    }

    /// Colour-grades `image` with `grade` (a preset name, or an absolute path to a
    /// `.toml` grade or a `.cube` LUT); the result borrows from the client.
    pub fn grade(&mut self, grade: String, image: Image<'_>) -> Result<Image<'_>, ClientError> {
        match self.call(&Request::Grade { grade, image })? {
            Response::Image(image) => Ok(image),
            other => Err(unexpected("Grade", &other)),
        }
    }

    /// Composites effect layers over a frame `time_s` seconds into its shot (see
    /// [`Request::Composite`]); the result borrows from the client.
    pub fn composite(
        &mut self,
        layers: Vec<EffectLayer>,
        time_s: f32,
        seed: u64,
        image: Image<'_>,
    ) -> Result<Image<'_>, ClientError> {
        let request = Request::Composite {
            layers,
            time_s,
            seed,
            image,
        };
        match self.call(&request)? {
            Response::Image(image) => Ok(image),
            other => Err(unexpected("Composite", &other)),
        }
    }

    /// Asks the server to stop; returns once it has acknowledged.
    pub fn shutdown(mut self) -> Result<(), ClientError> {
        match self.call(&Request::Shutdown)? {
            Response::ShuttingDown => Ok(()),
            other => Err(unexpected("Shutdown", &other)),
        }
    }
}

/// The server binary to start: `explicit`, else `$ONESHOT_SERVER`, else `oneshot`
/// from `PATH`.
pub fn server_binary(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(SERVER_ENV).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("oneshot"))
}

/// Where an auto-started server logs: next to its socket.
pub fn log_path(socket: &Path) -> PathBuf {
    let mut name = OsString::from(socket.as_os_str());
    name.push(".log");
    PathBuf::from(name)
}

/// A server started for a client stops once no client has been connected for
/// this long (`oneshot serve --exit-when-idle`): none outlives its last user for
/// good, and a client that reconnects within it finds the server still there.
pub const STARTED_SERVER_IDLE_S: u32 = 600;

fn start_server(server: &Path, socket: &Path, log_path: &Path) -> io::Result<Child> {
    socket::ensure_socket_dir(socket)?;
    let log = std::fs::File::create(log_path)?;
    let mut command = Command::new(server);
    command
        .arg("serve")
        .arg("--socket")
        .arg(socket)
        .arg("--exit-when-idle")
        .arg(STARTED_SERVER_IDLE_S.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    // Its own process group: a Ctrl-C meant for the host application (Blender in
    // a terminal) does not stop the server in the middle of a request.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn()
}

/// Waits for a started server on a helper thread, so that it does not linger as
/// a zombie after it stops.
fn reap_in_background(mut child: Child) {
    std::thread::Builder::new()
        .name("oneshot-server-reaper".to_owned())
        .spawn(move || child.wait())
        .ok();
}

/// The last lines of a log file, for error messages.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

fn lost(err: FrameError) -> ClientError {
    ClientError::ConnectionLost(err.to_string())
}

fn unexpected(request: &str, response: &Response<'_>) -> ClientError {
    let kind = match response {
        Response::Pong { .. } => "Pong",
        Response::Scene(_) => "Scene",
        Response::Document(_) => "Document",
        Response::Image(_) => "Image",
        Response::ShuttingDown => "ShuttingDown",
    };
    ClientError::Protocol(format!("{kind} is no answer to {request}"))
}
