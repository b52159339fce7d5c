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
        Serve::start_with(socket, &[])
    }

    fn start_with(socket: &Path, extra: &[&str]) -> Serve {
        let child = oneshot()
            .args(["serve", "--socket"])
            .arg(socket)
            .args(extra)
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

/// Asks `server` to shut down, as the add-on's Stop does.
fn shut_down(server: &Serve) {
    let client = oneshot_ipc::Client::connect(&server.socket).unwrap();
    client.shutdown().unwrap();
}

#[test]
fn shutdown_stops_the_server_and_removes_its_socket() {
    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    shut_down(&server);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!server.socket.exists());
    let stderr = run_err(&["ping", "--socket", server.socket()]);
    assert!(stderr.contains("no oneshot server answers"), "{stderr}");
}

#[test]
fn a_server_whose_folder_goes_once_it_has_answered_shutdown_still_exits() {
    // The add-on clears a batch run's private folder as soon as the server answers.
    for _ in 0..5 {
        let dir = tempdir();
        let mut server = Serve::start(&dir.path().join("oneshot.sock"));
        shut_down(&server);
        std::fs::remove_dir_all(dir.path()).unwrap();
        assert!(exited(&mut server).success());
    }
    // A shutdown that finds the socket file gone cannot wake it: a signal then ends it.
    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    let client = oneshot_ipc::Client::connect(&server.socket).unwrap();
    std::fs::remove_file(&server.socket).unwrap();
    client.shutdown().unwrap();
    signal(&server, "-TERM");
    exited(&mut server);
}

#[test]
fn a_server_told_to_exit_when_idle_does_once_its_clients_are_gone() {
    let dir = tempdir();
    let mut server = Serve::start_with(
        &dir.path().join("oneshot.sock"),
        &["--exit-when-idle", "0.5"],
    );
    // A client connected for longer than that keeps it.
    let mut client = oneshot_ipc::Client::connect(&server.socket).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "stopped under a client"
    );
    client.ping().unwrap();
    drop(client);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!server.socket.exists());
    let stderr = run_err(&["serve", "--socket", server.socket(), "--exit-when-idle=-1"]);
    assert!(stderr.contains("not a number of seconds"), "{stderr}");
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

/// Sends `signal` (e.g. `-TERM`) to the server.
fn signal(server: &Serve, signal: &str) {
    let kill = std::process::Command::new("kill")
        .args([signal, &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
}

/// Waits up to 10 s for the server to exit.
fn exited(server: &mut Serve) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn sigterm_stops_a_server_whose_socket_file_was_removed() {
    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    std::fs::remove_file(&server.socket).unwrap();
    signal(&server, "-TERM");
    exited(&mut server);
}

#[test]
fn sigterm_lets_the_request_being_answered_finish() {
    use oneshot_ipc::{ClientError, Image};

    let dir = tempdir();
    let mut server = Serve::start(&dir.path().join("oneshot.sock"));
    let mut client = oneshot_ipc::Client::connect(&server.socket).unwrap();
    let (width, height) = (1500u32, 1500u32);
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| {
            [
                (i % 251) as u8,
                (i / 7 % 253) as u8,
                (i / 1500 % 256) as u8,
                255,
            ]
        })
        .collect();
    let request = std::thread::spawn(move || {
        let settings = oneshot_model::RetroSettings {
            colors: Some(256),
            dither: Some("floyd-steinberg".into()),
            ..Default::default()
        };
        let image = Image {
            width,
            height,
            pixels: pixels.into(),
        };
        client.retro(settings, image).map(|image| image.width)
    });
    std::thread::sleep(Duration::from_millis(300));
    signal(&server, "-TERM");
    // Answered, or (had the request not arrived yet) refused in words: never cut off.
    match request.join().unwrap() {
        Ok(answered_width) => assert_eq!(answered_width, width),
        Err(ClientError::Server(message)) => assert!(message.contains("stopping"), "{message}"),
        Err(err) => panic!("the request was cut off: {err}"),
    }
    assert!(exited(&mut server).success());
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
