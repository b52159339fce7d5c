//! `oneshot plan`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`oneshot plan` is not available in this build yet")
}
