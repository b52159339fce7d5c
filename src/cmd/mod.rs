//! One module per subcommand: its clap arguments and a `run` that calls the library crates.

pub mod breakdown;
pub mod continuity;
pub mod grade;
pub mod ping;
pub mod plan;
pub mod retro;
pub mod schedule;
pub mod serve;

/// The `--socket` argument shared by the commands that talk over the local socket.
#[derive(clap::Args)]
pub struct SocketArg {
    /// Socket path [default: $XDG_RUNTIME_DIR/oneshot.sock, else a per-user temp dir].
    #[arg(long = "socket", value_name = "PATH")]
    path: Option<std::path::PathBuf>,
}

impl SocketArg {
    /// The path given, or the default one.
    pub fn path(self) -> std::path::PathBuf {
        self.path.unwrap_or_else(oneshot_ipc::default_socket_path)
    }
}

/// Where each image's result goes, for the commands that turn image files into PNGs:
/// OUTPUT itself for one input file when OUTPUT names a `.png`, else OUTPUT/NAME.png
/// (the folder is created). `given` are the inputs as typed, `files` what they
/// expanded to. Two inputs that would land on the same file are refused before
/// anything is written.
pub fn image_outputs(
    given: &[std::path::PathBuf],
    files: &[std::path::PathBuf],
    output: &std::path::Path,
) -> anyhow::Result<Vec<std::path::PathBuf>> {
    use anyhow::Context;

    let single_file = files.len() == 1
        && !given.first().is_some_and(|input| input.is_dir())
        && output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if single_file {
        return Ok(vec![output.to_owned()]);
    }
    std::fs::create_dir_all(output)
        .with_context(|| format!("{}: cannot create output folder", output.display()))?;
    let mut seen = std::collections::HashMap::new();
    files
        .iter()
        .map(|input| {
            let stem = input.file_stem().context("input has no file name")?;
            let target = output.join(stem).with_extension("png");
            if let Some(other) = seen.insert(target.clone(), input) {
                anyhow::bail!(
                    "{} and {} would both be written to {}",
                    other.display(),
                    input.display(),
                    target.display()
                );
            }
            Ok(target)
        })
        .collect()
}
