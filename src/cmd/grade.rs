//! `oneshot grade`: colour-grade frames with a preset or a 3D LUT.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`oneshot grade` is not available yet")
}
