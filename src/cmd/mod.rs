//! One module per subcommand: its clap arguments and a `run` that calls the library crates.

use crate::out::{say, tell};
use std::path::{Path, PathBuf};

pub mod breakdown;
pub mod continuity;
pub mod fx;
pub mod grade;
pub mod ping;
pub mod plan;
pub mod retro;
pub mod schedule;
pub mod serve;

// The `--socket` argument shared by the commands that talk over the local socket
// (a plain comment: clap would show a doc comment as their help text).
#[derive(clap::Args)]
pub struct SocketArg {
    /// Socket path [default: $XDG_RUNTIME_DIR/oneshot.sock, else a per-user temp dir].
    #[arg(long = "socket", value_name = "PATH")]
    path: Option<PathBuf>,
}

impl SocketArg {
    /// The path given, or the default one.
    pub fn path(self) -> PathBuf {
        self.path.unwrap_or_else(oneshot_ipc::default_socket_path)
    }
}

/// An output file as given after `-o`: `-` is stdout, as in every Unix tool.
pub fn output_file(given: &str) -> Result<PathBuf, String> {
    match given {
        "" => Err("an empty path".into()),
        "-" => Ok(PathBuf::from("/dev/stdout")),
        path => Ok(PathBuf::from(path)),
    }
}

/// An output folder as given after `-o`: `-` (stdout) cannot hold one.
pub fn output_folder(given: &str) -> Result<PathBuf, String> {
    match given {
        "" => Err("an empty path".into()),
        "-" => Err("a folder of files is written here; `-` (stdout) cannot hold it".into()),
        path => Ok(PathBuf::from(path)),
    }
}

/// A file whose format its extension names (`--save-palette`, `--export-cube`):
/// `-` (stdout) has none.
pub fn named_file(given: &str) -> Result<PathBuf, String> {
    match given {
        "-" => Err("its format comes from its extension: name the file, not `-`".into()),
        path => output_file(path),
    }
}

/// Image formats an output could be mistaken for: results are always PNG.
const OTHER_IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"];

/// Each input image file (folders expanded, in name order) and where its result
/// goes (see [`image_outputs`]).
pub fn image_jobs(inputs: &[PathBuf], output: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let files = oneshot_retro::batch::expand_inputs(inputs)?;
    let outputs = image_outputs(inputs, &files, output)?;
    Ok(files.into_iter().zip(outputs).collect())
}

/// Runs `each` on every job (its index, input and output), one after the other:
/// it gives the PNG the output is to hold. Each failure is reported as it comes,
/// and the run fails if any did, with nothing written: the outputs go into place
/// together once every one is made, so that a folder is never half graded one way
/// and half another. Says what was done (`grade noir: 12 frames -> out`) when all
/// went well.
pub fn run_image_jobs(
    jobs: &[(PathBuf, PathBuf)],
    what: &str,
    output: &Path,
    each: impl Fn(usize, &Path, &Path) -> anyhow::Result<Vec<u8>>,
) -> anyhow::Result<()> {
    use anyhow::Context;

    let mut failed = 0;
    let mut written = oneshot_model::files::FileSet::default();
    for (index, (input, output)) in jobs.iter().enumerate() {
        let made = each(index, input, output).and_then(|png| {
            written
                .write(output, |out| std::io::Write::write_all(out, &png))
                .with_context(|| format!("cannot write {}", output.display()))
        });
        if let Err(failure) = made {
            tell!("oneshot: {}", crate::report(&failure));
            failed += 1;
        }
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} inputs failed: nothing written", jobs.len());
    }
    written
        .commit_and_sweep()
        .with_context(|| format!("cannot put the results in place in {}", output.display()))?;
    print_done(what, jobs.len(), output)
}

/// The one line an image command prints when it is done: `{what}: 3 frames -> OUTPUT`,
/// on stderr when the result itself went to stdout (`-o /dev/stdout`).
pub fn print_done(what: &str, frames: usize, output: &Path) -> anyhow::Result<()> {
    let plural = if frames == 1 { "" } else { "s" };
    let line = format!("{what}: {frames} frame{plural} -> {}", output.display());
    if oneshot_model::files::is_a_process_stream(output) {
        tell!("{line}");
        return Ok(());
    }
    say!("{line}")
}

/// Where each image's result goes, for the commands that turn image files into PNGs:
/// OUTPUT itself for one input file when OUTPUT names a `.png` or a stream
/// (`/dev/stdout`, a pipe), else OUTPUT/NAME.png (the folder is created, either way). `given` are the inputs as typed, `files` what they
/// expanded to. Two inputs that would land on the same file, and a result that
/// would be written over an input, are refused before anything is written.
pub fn image_outputs(
    given: &[PathBuf],
    files: &[PathBuf],
    output: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    use anyhow::Context;

    let extension = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let one_file = files.len() == 1 && !given.first().is_some_and(|input| input.is_dir());
    // A stream (`/dev/stdout`, a pipe, a device) takes one result as it is; a file
    // named otherwise than .png is not written over.
    match extension.as_deref() {
        _ if is_a_stream(output) => {
            if !one_file {
                anyhow::bail!(
                    "{}: a stream takes one result; several inputs need an output folder",
                    output.display()
                );
            }
            refuse_same_file(output, files, "an input")?;
            return Ok(vec![output.to_owned()]);
        }
        Some("png") if one_file => {
            refuse_same_file(output, files, "an input")?;
            make_folder_of(output)?;
            return Ok(vec![output.to_owned()]);
        }
        Some("png") => anyhow::bail!(
            "{}: several inputs need an output folder, not a .png file",
            output.display()
        ),
        Some(other) if OTHER_IMAGE_EXTENSIONS.contains(&other) => anyhow::bail!(
            "{}: results are written as PNG: name the output .png, or give a folder",
            output.display()
        ),
        _ => {}
    }
    oneshot_model::files::create_folder(output)
        .with_context(|| format!("{}: cannot create output folder", output.display()))?;
    let mut seen = std::collections::HashMap::new();
    files
        .iter()
        .map(|input| {
            // `plate.0001.png` is `plate.0001`: `with_extension` would cut its frame.
            let mut name = input
                .file_stem()
                .context("input has no file name")?
                .to_owned();
            name.push(".png");
            let target = output.join(name);
            if let Some(other) = seen.insert(target.clone(), input) {
                anyhow::bail!(
                    "{} and {} would both be written to {}",
                    other.display(),
                    input.display(),
                    target.display()
                );
            }
            refuse_same_file(&target, files, "an input")?;
            Ok(target)
        })
        .collect()
}

/// The production file at `path`, its mismatches with `script` warned of (see
/// [`ProductionConfig::mismatches`]); without one, an untitled production.
pub fn production_for(
    script: &oneshot_model::Script,
    path: Option<&Path>,
) -> anyhow::Result<oneshot_model::ProductionConfig> {
    let Some(path) = path else {
        return Ok(oneshot_model::ProductionConfig::untitled(
            script.title.clone(),
        ));
    };
    let production = oneshot_model::ProductionConfig::load(path)?;
    for warning in production.mismatches(script) {
        tell!("warning: {}: {warning}", path.display());
    }
    Ok(production)
}

/// Whether `output` is a stream (`/dev/stdout`, `-`, a pipe, a device), not a
/// file or a folder: it takes one result as it is.
pub fn is_a_stream(output: &Path) -> bool {
    oneshot_model::files::is_a_process_stream(output)
        || std::fs::metadata(output).is_ok_and(|meta| !meta.is_dir() && !meta.is_file())
}

/// Creates the folder a file is to be written in, before any work is done.
pub fn make_folder_of(file: &Path) -> anyhow::Result<()> {
    use anyhow::Context;

    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => oneshot_model::files::create_folder(folder)
            .with_context(|| format!("{}: cannot create output folder", folder.display())),
        None => Ok(()),
    }
}

/// Refuses to write `output` when it is one of `others` (the same file, by whatever
/// path): `what` says what those are, e.g. "an input". Nothing is written over a
/// source, and no two results share a file.
pub fn refuse_same_file(
    output: &Path,
    others: &[impl AsRef<Path>],
    what: &str,
) -> anyhow::Result<()> {
    if others.iter().any(|other| same_file(output, other.as_ref())) {
        anyhow::bail!(
            "{}: is also {what}; write it somewhere else",
            output.display()
        );
    }
    Ok(())
}

/// Whether two paths name one file, each [`resolved`].
fn same_file(a: &Path, b: &Path) -> bool {
    resolved(a).is_some_and(|a| resolved(b).is_some_and(|b| a == b))
}

/// `path` as the file it names: its longest existing part resolved through links,
/// the rest (folders not made yet) read as written, `..` stepping up
/// (`new/../frame.png` is `frame.png`).
fn resolved(path: &Path) -> Option<PathBuf> {
    use std::path::Component;

    let path = std::path::absolute(path).ok()?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    let mut real = loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            break real;
        }
        rest.push(existing.components().next_back()?);
        existing = existing.parent()?;
    };
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            part => real.push(part),
        }
    }
    Some(real)
}
