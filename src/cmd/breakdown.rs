//! `oneshot breakdown FILE [--format json|html|csv] [-o OUT]`: the script breakdown
//! of a `.fountain` or `.fdx` screenplay, to stdout or written atomically to OUT.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use oneshot_model::files::write_atomically;
use oneshot_script::render::{self, Format};

/// Output is written in chunks this large: a feature's JSON breakdown is ~500 KB.
const WRITE_BUFFER: usize = 64 * 1024;

#[derive(clap::Args)]
pub struct Args {
    /// The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).
    pub file: PathBuf,
    /// Output format: the JSON breakdown, an HTML report, or a CSV scene list.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Write here instead of stdout (replaced atomically: never half-written).
    #[arg(short, long, value_parser = super::output_file)]
    pub output: Option<PathBuf>,
    /// Indent the JSON for reading. It is indented anyway when printed to a
    /// terminal; for a pipe or a file it is one compact line unless this is given.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Json,
    Html,
    Csv,
}

/// A closed pipe (`| head`, `-o /dev/stdout | head`) is the reader's choice, not an error.
fn reader_gone(err: std::io::Error) -> std::io::Result<()> {
    match err.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(err),
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let script = oneshot_script::load(&args.file)?;
    let format = match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
        OutputFormat::Csv => Format::Csv,
    };
    if let Some(output) = &args.output {
        super::refuse_same_file(output, &[&args.file], "the screenplay")?;
    }
    let indent = args.pretty || args.output.is_none() && std::io::stdout().is_terminal();
    let written = match args.output {
        Some(path) => write_atomically(&path, |out| render::write(&script, format, indent, out))
            .or_else(reader_gone)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut stdout = BufWriter::with_capacity(WRITE_BUFFER, std::io::stdout().lock());
            render::write(&script, format, indent, &mut stdout)
                .and_then(|()| stdout.flush())
                .or_else(reader_gone)
                .context("cannot write the breakdown to stdout")?;
            Ok(())
        }
    };
    // The process ends here: the operating system takes the script's memory back
    // at once, without thousands of `free` calls first.
    std::mem::forget(script);
    written
}
