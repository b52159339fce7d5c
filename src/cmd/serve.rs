//! `oneshot serve`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`oneshot serve` is not available in this build yet")
}
