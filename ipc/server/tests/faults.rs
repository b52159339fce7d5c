//! The server against well-behaved and badly-behaved clients, over real sockets.
//!
//! Every test runs its own server on a socket in a fresh temporary directory.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use interprocess::local_socket::Stream;
use oneshot_ipc::frame::{self, MAGIC, PROTOCOL_VERSION, SCHEMA};
use oneshot_ipc::{Client, ClientError, Envelope, Reply, Request, socket};
use oneshot_model::{Aabb, Role, SceneGraph, SceneObject, Transform};
use oneshot_server::{ServeError, Server, Stopper};

/// A server running on a thread; stopped and joined when dropped.
struct Running {
    _dir: tempfile::TempDir,
    path: PathBuf,
    stopper: Stopper,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    fn start() -> Running {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oneshot.sock");
        let server = Server::bind(&path).unwrap();
        let stopper = server.stopper();
        let thread = Some(std::thread::spawn(move || server.run()));
        Running {
            _dir: dir,
            path,
            stopper,
            thread,
        }
    }

    fn client(&self) -> Client {
        Client::connect(&self.path).unwrap()
    }

    /// A raw connection that has said hello.
    fn greeted(&self) -> Stream {
        let mut stream = socket::connect(&self.path).unwrap();
        frame::write_hello(&mut stream).unwrap();
        frame::read_hello(&mut stream).unwrap().check().unwrap();
        stream
    }

    /// Panics unless the server answers a ping on a new connection.
    fn assert_alive(&self) {
        let info = self.client().ping().unwrap();
        assert_eq!(info.protocol, PROTOCOL_VERSION);
        assert_eq!(info.version, oneshot_model::VERSION);
    }

    fn join(mut self) {
        self.stopper.stop();
        self.thread.take().unwrap().join().unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stopper.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads until the server closes the connection; returns what it sent. A reset
/// (the server closed with our bytes unread) is a close too.
fn read_to_close(stream: &mut Stream) -> Vec<u8> {
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => rest,
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => rest,
        Err(err) => panic!("reading until close: {err}"),
    }
}

fn read_reply(stream: &mut Stream) -> (u64, Result<String, String>) {
    let mut buf = Vec::new();
    let payload = frame::read_frame(stream, &mut buf)
        .unwrap()
        .expect("a reply");
    let answer: Envelope<Reply> = frame::decode(payload).unwrap();
    let body = match answer.body {
        Reply::Ok(response) => Ok(format!("{response:?}")),
        Reply::Err(message) => Err(message),
    };
    (answer.id, body)
}

fn scene(objects: usize) -> SceneGraph {
    SceneGraph {
        name: "Scene".to_owned(),
        frame_start: 1,
        frame_end: 250,
        fps: 24.0,
        objects: (0..objects)
            .map(|i| SceneObject {
                name: format!("Object.{i}"),
                role: (i % 2 == 0).then_some(Role::Prop),
                transform: Transform::default(),
                bounds: Aabb::default(),
                samples: Vec::new(),
            })
            .collect(),
        cameras: Vec::new(),
        lights: Vec::new(),
        active_camera: None,
    }
}

#[test]
fn ping_sync_scene_and_shutdown() {
    let server = Running::start();
    let mut client = server.client();
    let info = client.ping().unwrap();
    assert_eq!(info.pid, std::process::id());
    let summary = client.sync_scene(scene(5)).unwrap();
    assert_eq!(summary.objects, 5);
    assert_eq!(summary.roles["prop"], 3);
    assert_eq!(summary.unassigned, 2);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("without a role"))
    );

    client.shutdown().unwrap();
    let Running { path, .. } = &server;
    let deadline = Instant::now() + Duration::from_secs(5);
    while path.exists() {
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
    server.join();
}

#[test]
fn socket_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let server = Running::start();
    let mode = std::fs::metadata(&server.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[test]
fn garbage_bytes_are_refused() {
    let server = Running::start();
    let mut stream = socket::connect(&server.path).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    assert!(
        read_to_close(&mut stream).is_empty(),
        "no answer to a stranger"
    );
    server.assert_alive();
}

#[test]
fn wrong_magic_is_refused() {
    let server = Running::start();
    let mut stream = socket::connect(&server.path).unwrap();
    stream.write_all(b"ONESHOX\0\x01\0\0\0").unwrap();
    assert!(read_to_close(&mut stream).is_empty());
    server.assert_alive();
}

#[test]
fn wrong_version_gets_the_servers_version_then_close() {
    let server = Running::start();
    let mut stream = socket::connect(&server.path).unwrap();
    let mut hello = MAGIC.to_vec();
    hello.extend(99u32.to_le_bytes());
    stream.write_all(&hello).unwrap();
    assert_eq!(
        frame::read_hello(&mut stream).unwrap().version,
        PROTOCOL_VERSION
    );
    assert!(read_to_close(&mut stream).is_empty());
    server.assert_alive();
}

#[test]
fn a_client_from_another_build_gets_the_servers_schema_then_close() {
    let server = Running::start();
    let mut stream = socket::connect(&server.path).unwrap();
    let mut hello = MAGIC.to_vec();
    hello.extend(PROTOCOL_VERSION.to_le_bytes());
    hello.extend((SCHEMA ^ 1).to_le_bytes());
    stream.write_all(&hello).unwrap();
    assert_eq!(frame::read_hello(&mut stream).unwrap().schema, Some(SCHEMA));
    assert!(read_to_close(&mut stream).is_empty());
    server.assert_alive();
}

#[test]
fn a_4_gib_length_prefix_is_refused_without_allocating() {
    let server = Running::start();
    let mut stream = server.greeted();
    stream.write_all(&u32::MAX.to_le_bytes()).unwrap();
    let (id, body) = read_reply(&mut stream);
    assert_eq!(id, 0);
    let message = body.unwrap_err();
    assert!(
        message.contains("4294967295 bytes exceeds the limit"),
        "{message}"
    );
    assert!(read_to_close(&mut stream).is_empty());
    server.assert_alive();
}

#[test]
fn truncated_frames_close_only_their_connection() {
    let server = Running::start();
    // Cut inside the length prefix, and inside the payload.
    for wire in [&[7u8, 0][..], &[100, 0, 0, 0, 1, 2, 3]] {
        let mut stream = server.greeted();
        stream.write_all(wire).unwrap();
        drop(stream);
        server.assert_alive();
    }
    // And a hello cut short.
    let mut stream = socket::connect(&server.path).unwrap();
    stream.write_all(&MAGIC[..3]).unwrap();
    drop(stream);
    server.assert_alive();
}

#[test]
fn a_malformed_request_gets_an_error_reply_and_the_connection_goes_on() {
    let server = Running::start();
    let mut stream = server.greeted();
    // Request id 42, then a variant index no request has.
    stream.write_all(&[2, 0, 0, 0, 42, 200]).unwrap();
    let (id, body) = read_reply(&mut stream);
    assert_eq!(id, 42);
    assert!(body.unwrap_err().contains("bad request"));

    frame::write_frame(
        &mut stream,
        &Envelope {
            id: 43,
            body: Request::Ping,
        },
    )
    .unwrap();
    let (id, body) = read_reply(&mut stream);
    assert_eq!(id, 43);
    assert!(body.unwrap().starts_with("Pong"));
}

#[test]
fn a_silent_client_blocks_nobody_and_is_dropped() {
    let server = Running::start();
    let mut silent = socket::connect(&server.path).unwrap();
    server.assert_alive();
    let started = Instant::now();
    assert!(read_to_close(&mut silent).is_empty());
    let waited = started.elapsed();
    assert!(
        waited >= oneshot_server::connection::HELLO_TIMEOUT / 2,
        "dropped after {waited:?}"
    );
    server.assert_alive();
}

#[test]
fn sixty_four_idle_clients_do_not_block_another() {
    let server = Running::start();
    // Half have said hello and wait between requests, half have said nothing.
    let idle: Vec<Stream> = (0..64)
        .map(|i| {
            if i % 2 == 0 {
                server.greeted()
            } else {
                socket::connect(&server.path).unwrap()
            }
        })
        .collect();
    let mut client = server.client();
    for _ in 0..10 {
        client.ping().unwrap();
    }
    assert_eq!(client.sync_scene(scene(100)).unwrap().objects, 100);
    drop(idle);
    server.assert_alive();
}

#[test]
fn a_stale_socket_file_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oneshot.sock");
    // A socket file whose listener is gone, as a killed server leaves it.
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let server = Server::bind(&path).unwrap();
    drop(server);
}

#[test]
fn a_live_server_is_not_displaced() {
    let server = Running::start();
    let err = Server::bind(&server.path).unwrap_err();
    assert!(matches!(err, ServeError::AlreadyRunning(_)), "{err}");
    server.assert_alive();
}

#[test]
fn a_file_that_is_not_a_socket_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oneshot.sock");
    std::fs::write(&path, "precious").unwrap();
    let err = Server::bind(&path).unwrap_err();
    assert!(err.to_string().contains("is not a socket"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
}

#[test]
fn nothing_listening_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let err = Client::connect(&dir.path().join("none.sock")).unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("none.sock"), "{err}");
}

#[test]
fn a_client_that_hangs_up_mid_call_is_reported() {
    // A fake server that accepts, says hello, reads the request and dies.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fake.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let fake = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        frame::read_hello(&mut stream).unwrap();
        frame::write_hello(&mut stream).unwrap();
        frame::read_frame(&mut stream, &mut Vec::new()).unwrap();
    });
    let mut client = Client::connect(&path).unwrap();
    let err = client.ping().unwrap_err();
    fake.join().unwrap();
    assert!(matches!(err, ClientError::ConnectionLost(_)), "{err}");
    assert!(err.breaks_connection());
    assert!(
        err.to_string().contains("hung up before answering"),
        "{err}"
    );
}

#[test]
fn a_server_from_another_build_is_named_in_the_clients_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other-build.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let other_build = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        frame::read_hello(&mut stream).unwrap();
        let mut hello = MAGIC.to_vec();
        hello.extend(PROTOCOL_VERSION.to_le_bytes());
        hello.extend((SCHEMA ^ 1).to_le_bytes());
        stream.write_all(&hello).unwrap();
    });
    let err = Client::connect(&path).unwrap_err();
    other_build.join().unwrap();
    assert!(!err.nobody_answers(), "{err}");
    assert!(err.to_string().contains("same release"), "{err}");
}

#[test]
fn a_call_timeout_gives_up_on_a_stuck_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stuck.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    // Shakes hands, reads the request, and never answers.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let stuck = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        frame::read_hello(&mut stream).unwrap();
        frame::write_hello(&mut stream).unwrap();
        frame::read_frame(&mut stream, &mut Vec::new()).unwrap();
        released.recv().ok();
    });
    let mut client = Client::connect(&path).unwrap();
    client
        .set_call_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let err = client.ping().unwrap_err();
    release.send(()).unwrap();
    stuck.join().unwrap();
    assert!(matches!(err, ClientError::TimedOut(_)), "{err}");
    assert!(err.breaks_connection());
    assert!(
        err.to_string().contains("did not answer within 100ms"),
        "{err}"
    );
}

#[test]
fn a_server_on_its_way_out_is_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oneshot.sock");
    // Accepts and hangs up without a hello for a while, then goes, as a server
    // being killed does.
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    listener.set_nonblocking(true).unwrap();
    let leaving = std::thread::spawn(move || {
        let until = Instant::now() + Duration::from_millis(300);
        while Instant::now() < until {
            if let Ok((stream, _)) = listener.accept() {
                drop(stream);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    let server = Server::bind(&path).unwrap();
    leaving.join().unwrap();
    drop(server);
}

#[test]
fn an_idle_server_stops_only_once_its_clients_are_gone_a_while() {
    let server = Running::start();
    let idle = Duration::from_millis(300);
    // Connected for longer than the idle time: not idle.
    let client = server.client();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.stopper.stop_if_idle(idle), None);
    drop(client);
    // Just gone, and short visits again and again: not yet.
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(100));
        server.client().ping().unwrap();
        assert_eq!(server.stopper.stop_if_idle(idle), None);
    }
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.stopper.stop_if_idle(idle), Some(true));
    assert!(server.stopper.is_stopping());
}
