//! Output files are written whole or not at all.
//!
//! Every file oneshot writes (breakdowns, schedules, plans, frames, sound, LUTs)
//! goes through [`write_atomically`]: a crash, a full disk or a killed run leaves
//! the previous file or none, never half of one that a later run would trust.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Marks the temporaries [`write_atomically`] leaves behind only when the process
/// is killed mid-write (`.NAME.partial-` and random letters): the add-on sweeps
/// them up.
pub const PARTIAL_MARK: &str = ".partial-";

/// The temporaries of the writes going on now, for [`remove_unfinished`].
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporaries of the writes going on now. For a command being
/// interrupted (Ctrl-C), which then ends without finishing them: the lock is held
/// until the process ends, so no new write starts.
pub fn remove_unfinished() {
    let unfinished = UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner);
    for path in unfinished.iter() {
        let _ = std::fs::remove_file(path);
    }
    std::mem::forget(unfinished);
}

/// A temporary listed in [`UNFINISHED`] while it lives.
struct Unfinished(PathBuf);

impl Unfinished {
    fn new(path: &Path) -> Unfinished {
        let mut unfinished = UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner);
        unfinished.push(path.to_owned());
        Unfinished(path.to_owned())
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        let mut unfinished = UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = unfinished.iter().position(|path| *path == self.0) {
            unfinished.swap_remove(i);
        }
    }
}

/// Output is written in chunks this large (a temp mix runs to gigabytes).
const WRITE_BUFFER: usize = 64 * 1024;

/// Lets `write` fill a temporary file beside `path`, then renames it over `path`.
/// When `write` fails the temporary is removed and `path` is left as it was.
///
/// The file gets an ordinary new file's permissions (0666 less the umask, so
/// usually 0644), not the owner-only 0600 of a temporary file. Its data reaches
/// the disk before the rename, so that even after a power cut the file under its
/// name is whole or absent: a resumed run trusts every file it finds.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let prefix = format!(".{name}{PARTIAL_MARK}");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // The error names the temporary's made-up path: the caller names `path` instead.
    let temp = builder
        .tempfile_in(dir)
        .map_err(|err| io::Error::from(err.kind()))?;
    let _listed = Unfinished::new(temp.path());
    let mut out = BufWriter::with_capacity(WRITE_BUFFER, temp.as_file());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomically(&path, |out| out.write_all(b"one")).unwrap();
        write_atomically(&path, |out| out.write_all(b"two")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_interrupted_write_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.cube");
        let listed = |dir: &Path| std::fs::read_dir(dir).unwrap().count();
        // What the interrupt handler does while a write is under way (without the
        // lock kept: the test process goes on).
        let interrupted = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            assert_eq!(listed(dir.path()), 1, "the temporary is there");
            // Only this test's: other tests write in parallel.
            for temp in UNFINISHED.lock().unwrap().iter() {
                if temp.starts_with(dir.path()) {
                    std::fs::remove_file(temp)?;
                }
            }
            Ok(())
        });
        assert!(interrupted.is_err(), "the temporary was gone: no rename");
        assert_eq!(listed(dir.path()), 0);
        let unfinished = UNFINISHED.lock().unwrap();
        assert!(!unfinished.iter().any(|temp| temp.starts_with(dir.path())));
    }

    #[test]
    fn an_unwritable_folder_is_an_error_without_a_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("x.json");
        let err = write_atomically(&path, |out| out.write_all(b"x")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(!err.to_string().contains(PARTIAL_MARK), "{err}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomically(&path, |out| out.write_all(b"old")).unwrap();
        let failed = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_readable_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomically(&path, |out| out.write_all(b"{}")).unwrap();
        let written = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"{}").unwrap();
        let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        assert_eq!(written, expected);
    }
}
