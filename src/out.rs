//! What the commands print: results on stdout, warnings and errors on stderr.
//!
//! Printing never panics. A reader that closed the pipe (`oneshot retro --list |
//! head -1`) has what it wanted: the rest of the output is dropped and the command
//! finishes its work. Any other failure to print a result (a full disk under `>
//! out.txt`) is the command's error. A warning that cannot be printed is lost.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;

/// Set once stdout's reader has gone.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Prints a line of a command's result on stdout: `say!("{n} frames")?`.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}

/// Prints a warning or an error on stderr: `tell!("warning: {w}")`.
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::out::note(format_args!($($arg)*))
    };
}

pub(crate) use {say, tell};

pub(crate) fn line(args: fmt::Arguments) -> anyhow::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{args}").and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        written => written.context("cannot write to stdout"),
    }
}

pub(crate) fn note(args: fmt::Arguments) {
    let _ = writeln!(io::stderr(), "{args}");
}
