//! One module per subcommand: its clap arguments and a `run` that calls the library crates.

pub mod breakdown;
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
