//! Where the server listens: the default socket path and connecting to a path.

use std::io;
use std::path::{Path, PathBuf};

use interprocess::local_socket::traits::Stream as _;
use interprocess::local_socket::{GenericFilePath, Name, Stream, ToFsName};

/// File name of the socket inside its directory.
const SOCKET_NAME: &str = "oneshot.sock";

/// The socket path when none is given: `$XDG_RUNTIME_DIR/oneshot.sock` (a
/// per-user directory that only the user can enter), else `oneshot.sock` in a
/// per-user directory under the system temp dir (see [`fallback_socket_dir`]).
pub fn default_socket_path() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() && Path::new(&dir).is_dir() => {
            PathBuf::from(dir).join(SOCKET_NAME)
        }
        _ => fallback_socket_dir().join(SOCKET_NAME),
    }
}

/// `oneshot-<uid>` under the system temp dir; the server creates it with mode 0700.
pub fn fallback_socket_dir() -> PathBuf {
    std::env::temp_dir().join(format!("oneshot-{}", user_id()))
}

#[cfg(unix)]
fn user_id() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn user_id() -> String {
    std::env::var("USERNAME").unwrap_or_else(|_| "user".to_owned())
}

/// The local-socket name of a filesystem path.
pub fn socket_name(path: &Path) -> io::Result<Name<'_>> {
    path.to_fs_name::<GenericFilePath>()
}

/// Connects to the socket at `path` (no handshake).
pub fn connect(path: &Path) -> io::Result<Stream> {
    Stream::connect(socket_name(path)?)
}

/// Creates the socket's directory when missing. The fallback directory (see
/// [`fallback_socket_dir`]) is created with mode 0700 and must belong to the
/// current user: another user could otherwise plant a socket there.
pub fn ensure_socket_dir(socket: &Path) -> io::Result<()> {
    let Some(dir) = socket.parent().filter(|dir| !dir.as_os_str().is_empty()) else {
        return Ok(());
    };
    let private = dir == fallback_socket_dir();
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    if private {
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    }
    builder.create(dir)?;
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(dir)?;
        if meta.uid() != user_id() || meta.mode() & 0o077 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} must belong to the current user and be private (mode 0700)",
                    dir.display()
                ),
            ));
        }
    }
    Ok(())
}
