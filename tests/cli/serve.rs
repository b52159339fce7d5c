//! `oneshot serve` and `oneshot ping` end to end.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{oneshot, run, run_err, run_ok, tempdir};

/// A `oneshot serve` process; killed when dropped unless it was shut down.
struct Serve {
    child: Child,
    socket: PathBuf,
}

impl Serve {
    fn start(socket: &Path) -> Serve {
        let child = oneshot()
            .args(["serve", "--socket"])
            .arg(socket)
            .stderr(Stdio::null())
            .spawn()
            .expect("oneshot serve starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while oneshot_ipc::Client::connect(socket).is_err() {
            assert!(Instant::now() < deadline, "oneshot serve did not answer");
            std::thread::sleep(Duration::from_millis(10));
        }
        Serve {
            child,
            socket: socket.to_owned(),
        }
    }

    fn socket(&self) -> &str {
        self.socket.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn ping_prints_the_servers_version() {
    let dir = tempdir();
    let server = Serve::start(&dir.path().join("oneshot.sock"));
    let out = run_ok(&["ping", "--socket", server.socket()]);
    assert!(
        out.starts_with(&format!("oneshot {} (protocol ", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
}

#[test]
fn shutdown_stops_the_server_and_removes_its_socket() {
    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    oneshot_ipc::Client::connect(&server.socket)
        .unwrap()
        .shutdown()
        .unwrap();
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!server.socket.exists());
    let stderr = run_err(&["ping", "--socket", server.socket()]);
    assert!(stderr.contains("no oneshot server answers"), "{stderr}");
}

#[test]
fn sigterm_stops_the_server_and_removes_its_socket() {
    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!server.socket.exists());
}

#[test]
fn ping_fails_clearly_when_nothing_answers() {
    let dir = tempdir();
    let socket = dir.path().join("nobody.sock");
    let stderr = run_err(&["ping", "--socket", socket.to_str().unwrap()]);
    assert!(stderr.contains("no oneshot server answers at"), "{stderr}");
    assert!(stderr.contains("nobody.sock"), "{stderr}");
}

#[test]
fn a_second_server_on_the_same_socket_is_refused() {
    let dir = tempdir();
    let server = Serve::start(&dir.path().join("oneshot.sock"));
    let stderr = run_err(&["serve", "--socket", server.socket()]);
    assert!(stderr.contains("already listening"), "{stderr}");
    run_ok(&["ping", "--socket", server.socket()]);
}

#[test]
fn a_stale_socket_left_by_a_killed_server_is_replaced() {
    let dir = tempdir();
    let socket = dir.path().join("oneshot.sock");
    let mut first = Serve::start(&socket);
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    assert!(socket.exists(), "a killed server leaves its socket file");
    let second = Serve::start(&socket);
    run_ok(&["ping", "--socket", second.socket()]);
}

#[test]
fn serve_refuses_a_path_that_is_not_a_socket() {
    let dir = tempdir();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "keep me").unwrap();
    let out = run(&["serve", "--socket", path.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a socket"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
}
