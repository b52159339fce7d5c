//! Output files are written whole or not at all; input files are read up to a
//! limit.
//!
//! Every file oneshot writes (breakdowns, schedules, plans, frames, sound, LUTs)
//! goes through [`write_atomically`]: a crash, a full disk or a killed run leaves
//! the previous file or none, never half of one that a later run would trust.
//! Every file it reads goes through [`read_at_most`]: `/dev/zero` or an endless
//! pipe is refused once past the limit, not read until memory runs out.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Marks the temporaries [`write_atomically`] leaves behind only when the process
/// is killed mid-write (`.NAME.partial-` and random letters): the add-on sweeps
/// them up.
pub const PARTIAL_MARK: &str = ".partial-";

/// The bytes of `path`, refused (`FileTooLarge`) when there are more than
/// `limit`: a device or a pipe says nothing of its size beforehand, so the limit
/// is kept while reading.
pub fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let expected = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(expected as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("more than {limit} bytes, too large to read"),
        ));
    }
    Ok(bytes)
}

/// [`read_at_most`], as UTF-8 text.
pub fn read_text_at_most(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_at_most(path, limit)?)
        .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err.utf8_error()))
}

/// Creates the folder `dir` and the folders above it, as `create_dir_all` does,
/// saying plainly when a file stands where one of them goes.
pub fn create_folder(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir).map_err(|err| {
        // A file, a device (`/dev/full`) or a pipe where a folder goes.
        let in_the_way = (dir.ancestors()).find(|above| above.exists() && !above.is_dir());
        match in_the_way {
            Some(file) => io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is a file, where a folder goes", file.display()),
            ),
            None => err,
        }
    })
}

/// Removes the temporaries of `files` (paths) in their folders.
fn remove_partials_of(files: &[&Path]) -> io::Result<()> {
    let mut folders: Vec<&Path> = files.iter().filter_map(|file| file.parent()).collect();
    folders.dedup();
    for dir in folders {
        remove_partials_in(dir, files)?;
    }
    Ok(())
}

fn remove_partials_in(dir: &Path, files: &[&Path]) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        entries => entries?,
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let of = |file: &&Path| {
            let stem = file
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            file.parent() == Some(dir) && name.starts_with(&format!(".{stem}{PARTIAL_MARK}"))
        };
        if files.iter().any(of) {
            match std::fs::remove_file(entry.path()) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
    }
    Ok(())
}

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
///
/// What is not a file is written to, not replaced: a device or a pipe (`-o
/// /dev/null`, `-o /dev/stdout`, a FIFO) gets the data straight, and a symbolic
/// link keeps pointing where it did, at the file replaced.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = FileSet::default();
    file.write(path, write)?;
    file.commit()
}

/// Whether `path` names one of the process's own streams (`/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): a command writing its result there says
/// what it did on stderr, not into its result.
pub fn is_a_process_stream(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr"]
        .iter()
        .any(|s| path == Path::new(s))
        || path.starts_with("/dev/fd")
        || path.starts_with("/proc") && path.parent().is_some_and(|dir| dir.ends_with("fd"))
}

/// Files written together, each as [`write_atomically`] writes one, and renamed
/// into place only once every one is written ([`FileSet::commit`]). A run that
/// fails on the way (a full disk, a folder where a file should be) leaves all of
/// them as they were, not a folder half new and half old that a later step would
/// trust; dropped without a commit, it removes what it wrote.
#[derive(Default)]
pub struct FileSet {
    written: Vec<Written>,
}

/// A file written beside its place, to be renamed there.
struct Written {
    temp: tempfile::TempPath,
    path: PathBuf,
    _listed: Unfinished,
}

impl FileSet {
    /// Lets `write` fill the file that will be `path`.
    pub fn write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
    ) -> io::Result<()> {
        // The process's own streams are written to where they point, even a file:
        // it is the shell's to replace or append to.
        let a_stream = is_a_process_stream(path);
        match std::fs::metadata(path) {
            // Found now, not when the files are renamed into place.
            Ok(meta) if meta.is_dir() => return Err(io::ErrorKind::IsADirectory.into()),
            // A device or a pipe cannot wait: it is written now.
            Ok(meta) if !meta.is_file() || a_stream => {
                let file = std::fs::OpenOptions::new().append(true).open(path)?;
                let mut out = BufWriter::with_capacity(WRITE_BUFFER, &file);
                write(&mut out)?;
                return out.flush();
            }
            _ => {}
        }
        let linked =
            std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
        let path = match linked {
            true => link_target(path)?,
            false => path.to_owned(),
        };
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
        let temp = builder.tempfile_in(dir).map_err(|err| match err.kind() {
            io::ErrorKind::NotFound if !dir.is_dir() => io::Error::new(
                io::ErrorKind::NotFound,
                format!("there is no folder {}", dir.display()),
            ),
            // A folder files cannot be made in (`/proc`) says so, as `open` does not.
            io::ErrorKind::NotFound => io::Error::new(
                io::ErrorKind::NotFound,
                format!("no file can be made in {}", dir.display()),
            ),
            // The system's own words (`Too many open files`), without the path.
            kind => err
                .raw_os_error()
                .map_or(io::Error::from(kind), io::Error::from_raw_os_error),
        })?;
        let listed = Unfinished::new(temp.path());
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, temp.as_file());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        temp.as_file().sync_all()?;
        // Closed now, still removed if the set is dropped: a set of thousands of
        // frames holds no file open each.
        self.written.push(Written {
            temp: temp.into_temp_path(),
            path,
            _listed: listed,
        });
        Ok(())
    }

    /// Renames every file written into its place, as [`FileSet::commit`] does, then
    /// removes what temporaries of them a killed run left: the run that writes them
    /// again sweeps up after the one that died. Another file's temporary in the
    /// same folder may be a write going on now: it stays. The sweep is the best it
    /// can do: a temporary it cannot remove costs nothing but room.
    pub fn commit_and_sweep(self) -> io::Result<()> {
        let files: Vec<PathBuf> = self.written.iter().map(|w| w.path.clone()).collect();
        self.commit()?;
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let _ = remove_partials_of(&files);
        Ok(())
    }

    /// Takes in the files `other` wrote, to go into place with these.
    pub fn append(&mut self, other: FileSet) {
        self.written.extend(other.written);
    }

    /// Renames every file written into its place, in the order written.
    pub fn commit(self) -> io::Result<()> {
        for written in self.written {
            written
                .temp
                .persist(&written.path)
                .map_err(|err| err.error)?;
        }
        Ok(())
    }
}

/// The file the symbolic link at `path` leads to, whether or not that exists yet.
fn link_target(path: &Path) -> io::Result<PathBuf> {
    if let Ok(file) = std::fs::canonicalize(path) {
        return Ok(file);
    }
    let target = std::fs::read_link(path)?;
    Ok(match path.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_past_the_limit_even_where_the_size_is_not_known() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("four.txt");
        std::fs::write(&file, "four").unwrap();
        assert_eq!(read_at_most(&file, 4).unwrap(), b"four");
        assert_eq!(read_text_at_most(&file, 4).unwrap(), "four");
        let err = read_at_most(&file, 3).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        // A device's size is 0 and its bytes never end.
        let err = read_at_most(Path::new("/dev/zero"), 1000).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        let err = read_text_at_most(&file, 4).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

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

    #[cfg(unix)]
    #[test]
    fn a_device_or_pipe_is_written_to_and_a_link_keeps_its_target() {
        let dir = tempfile::tempdir().unwrap();
        // A FIFO read by another thread, as `-o /dev/stdout` into a pipe.
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || std::fs::read(fifo).unwrap()
        });
        write_atomically(&fifo, |out| out.write_all(b"through")).unwrap();
        assert_eq!(reader.join().unwrap(), b"through");
        assert!(!std::fs::metadata(&fifo).unwrap().is_file(), "still a pipe");

        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomically(&link, |out| out.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // A link to itself leads nowhere: it is replaced, without going round.
        let looped = dir.path().join("loop.json");
        std::os::unix::fs::symlink("loop.json", &looped).unwrap();
        write_atomically(&looped, |out| out.write_all(b"x")).unwrap();
        assert_eq!(std::fs::read(&looped).unwrap(), b"x");
    }

    #[test]
    fn files_written_together_are_all_new_or_all_old() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("plan.json"), dir.path().join("mix.wav"));
        write_atomically(&one, |out| out.write_all(b"old plan")).unwrap();
        write_atomically(&two, |out| out.write_all(b"old mix")).unwrap();
        let mut files = FileSet::default();
        files.write(&one, |out| out.write_all(b"new plan")).unwrap();
        assert!(
            files
                .write(&two, |_| Err(io::Error::other("disk full")))
                .is_err()
        );
        drop(files);
        assert_eq!(std::fs::read(&one).unwrap(), b"old plan");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporaries"
        );
        let mut files = FileSet::default();
        files.write(&one, |out| out.write_all(b"new plan")).unwrap();
        files.write(&two, |out| out.write_all(b"new mix")).unwrap();
        assert_eq!(
            std::fs::read(&one).unwrap(),
            b"old plan",
            "not before the commit"
        );
        files.commit().unwrap();
        assert_eq!(std::fs::read(&two).unwrap(), b"new mix");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_set_of_many_files_holds_none_of_them_open() {
        let open_files = || std::fs::read_dir("/proc/self/fd").unwrap().count();
        let dir = tempfile::tempdir().unwrap();
        let before = open_files();
        let mut files = FileSet::default();
        for n in 0..64 {
            let path = dir.path().join(format!("{n:04}.png"));
            files.write(&path, |out| out.write_all(b"frame")).unwrap();
        }
        assert!(
            open_files() < before + 8,
            "{} open, {before} before",
            open_files()
        );
        files.commit().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 64);
        // Dropped without a commit, a set leaves nothing behind.
        let mut dropped = FileSet::default();
        dropped
            .write(&dir.path().join("gone.png"), |out| out.write_all(b"x"))
            .unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 64);
    }

    #[test]
    fn a_file_in_the_way_of_a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out");
        std::fs::write(&file, b"x").unwrap();
        let err = create_folder(&file.join("sound")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is a file, where a folder goes", file.display())
        );
        // A device is in the way as a file is.
        let err = create_folder(Path::new("/dev/full")).unwrap_err();
        assert_eq!(err.to_string(), "/dev/full is a file, where a folder goes");
        create_folder(&dir.path().join("a/b")).unwrap();
        assert!(dir.path().join("a/b").is_dir());
    }

    #[test]
    fn a_killed_runs_temporaries_are_swept_up() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(format!(".mix.wav{PARTIAL_MARK}Ugm1h7"));
        let others = dir
            .path()
            .join(format!(".render-state.json{PARTIAL_MARK}Ab12cd"));
        std::fs::write(&left, b"half").unwrap();
        std::fs::write(&others, b"being written").unwrap();
        let mut files = FileSet::default();
        files
            .write(&dir.path().join("mix.wav"), |out| out.write_all(b"whole"))
            .unwrap();
        files.commit_and_sweep().unwrap();
        assert!(!left.exists());
        assert!(others.exists(), "another writer's temporary stays");
        assert_eq!(std::fs::read(dir.path().join("mix.wav")).unwrap(), b"whole");
    }

    #[test]
    fn a_file_under_dev_shm_is_replaced_not_appended_to() {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            eprintln!("no /dev/shm here: skipped");
            return;
        }
        let dir = tempfile::tempdir_in(shm).unwrap();
        let path = dir.path().join("x.json");
        write_atomically(&path, |out| out.write_all(b"one")).unwrap();
        write_atomically(&path, |out| out.write_all(b"two")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
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
