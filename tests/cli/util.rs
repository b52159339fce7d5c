//! Helpers shared by the CLI tests: running the binary, fixtures and the shared corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `Command` for the `oneshot` binary under test.
pub fn oneshot() -> Command {
    Command::new(env!("CARGO_BIN_EXE_oneshot"))
}

/// Runs `oneshot` with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    oneshot()
        .args(args)
        .output()
        .expect("the oneshot binary runs")
}

/// Stdout of a run that must succeed; panics with stderr otherwise.
pub fn run_ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "oneshot {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Stderr of a run that must succeed (its warnings); panics with stderr otherwise.
pub fn run_warned(args: &[&str]) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "oneshot {args:?} failed: {stderr}");
    stderr
}

/// Stderr of a run that must fail with a non-zero exit and no panic.
pub fn run_err(args: &[&str]) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "oneshot {args:?} should have failed");
    assert!(
        !stderr.contains("panicked"),
        "oneshot {args:?} panicked: {stderr}"
    );
    stderr
}

/// A file under `examples/` or `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    repo().join(relative)
}

/// The shared corpus (`../shared/corpus`, or `$ONESHOT_CORPUS`), when present. A fresh
/// clone has none: callers print that and return, which is not a failure.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("ONESHOT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/corpus"));
    let path = root.join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "corpus absent ({}): skipping corpus-backed checks",
            path.display()
        );
        None
    }
}

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// True when `path` exists and is a non-empty file.
pub fn non_empty(path: &Path) -> bool {
    path.metadata()
        .map(|m| m.is_file() && m.len() > 0)
        .unwrap_or(false)
}
