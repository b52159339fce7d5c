//! `oneshot breakdown FILE [--format json|html|csv] [-o OUT]`: the script breakdown
//! of a `.fountain` or `.fdx` screenplay, to stdout or written atomically to OUT.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use oneshot_script::render::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).
    pub file: PathBuf,
    /// Output format: the JSON breakdown, an HTML report, or a CSV scene list.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Write here instead of stdout (replaced atomically: never half-written).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Json,
    Html,
    Csv,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let script = oneshot_script::load(&args.file)?;
    let format = match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
        OutputFormat::Csv => Format::Csv,
    };
    let text = render::render(&script, format);
    match args.output {
        Some(path) => write_atomically(&path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .or_else(|err| {
                    // A closed pipe (`| head`) is the reader's choice, not an error.
                    if err.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(err)
                    }
                })?;
            Ok(())
        }
    }
}

/// Writes to a temporary file next to `path`, then renames it into place.
fn write_atomically(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let context = || format!("cannot write {}", path.display());
    let mut file = tempfile::NamedTempFile::new_in(dir).with_context(context)?;
    file.write_all(data).with_context(context)?;
    file.as_file().sync_all().with_context(context)?;
    file.persist(path)
        .map_err(|err| err.error)
        .with_context(context)?;
    Ok(())
}
