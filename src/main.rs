//! `oneshot`: a screenplay and a production file in, a whole production out.
//!
//! This binary is deliberately thin: each subcommand parses its arguments and
//! calls into a library crate (see `src/cmd/`). Errors are printed with their
//! causes and turn into a non-zero exit code.

use crate::out::tell;
mod cmd;
mod out;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "oneshot", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Each subcommand's arguments are built only when it is the one run: the command
/// line starts in a fraction of a millisecond instead of building every option.
#[derive(Subcommand)]
#[command(defer = true)]
enum Command {
    /// Break a screenplay (.fountain or .fdx) down into scenes, cast and elements.
    Breakdown(cmd::breakdown::Args),
    /// Schedule a shoot: a talent-scheduling instance, or a screenplay's whole production.
    Schedule(cmd::schedule::Args),
    /// Wardrobe and hair & makeup continuity: each character's costume and look, scene by scene.
    Continuity(cmd::continuity::Args),
    /// Plan a production (shot list, sets, lights, cameras), or finish one after rendering (storyboard, manifest).
    Plan(cmd::plan::Args),
    /// Retro post-processing: downscale, palette, dither, scanlines, CRT, sprite sheets.
    Retro(cmd::retro::Args),
    /// Colour-grade frames with a grade preset or a 3D LUT (.cube).
    Grade(cmd::grade::Args),
    /// Composite weather, atmosphere and fire over frames: rain, fog, smoke, flames, storm...
    Fx(cmd::fx::Args),
    /// Run the local-socket server the Blender add-on talks to.
    Serve(cmd::serve::Args),
    /// Ask a running server for its version.
    Ping(cmd::ping::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The quick commands (breakdown, ping) do without: a thread costs start-up time.
    #[cfg(unix)]
    if matches!(
        cli.command,
        Command::Schedule(_)
            | Command::Continuity(_)
            | Command::Plan(_)
            | Command::Retro(_)
            | Command::Grade(_)
            | Command::Fx(_)
    ) {
        if let Err(err) = clean_up_on_signals() {
            tell!("oneshot: cannot watch for Ctrl-C: {err}");
        }
    }
    let result = match cli.command {
        Command::Breakdown(args) => cmd::breakdown::run(args),
        Command::Schedule(args) => cmd::schedule::run(args),
        Command::Continuity(args) => cmd::continuity::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::Retro(args) => cmd::retro::run(args),
        Command::Grade(args) => cmd::grade::run(args),
        Command::Fx(args) => cmd::fx::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Ping(args) => cmd::ping::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tell!("oneshot: {}", report(&err));
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, `kill` and a closed terminal end a long command without leaving the
/// temporaries of the files it was writing (a baked LUT or a temp mix can be
/// hundreds of megabytes): they are removed, then the process ends as the signal
/// would have ended it.
#[cfg(unix)]
fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("oneshot-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                oneshot_model::files::remove_unfinished();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// The error and its causes on one line. Many error messages already spell out
/// their cause (`{path}: {source}`); a cause is added only when it says something new.
pub(crate) fn report(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}
