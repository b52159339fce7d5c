//! `oneshot continuity SCRIPT [--production FILE] [-o DIR]`: the wardrobe and hair &
//! makeup continuity bible (`continuity.json`, `continuity.csv`, `continuity.html`).

use crate::out::say;
use std::path::PathBuf;

use oneshot_continuity::render;

#[derive(clap::Args)]
pub struct Args {
    /// The screenplay (.fountain or .fdx).
    pub script: PathBuf,
    /// The production file with the characters' costumes and makeup looks. Without
    /// it every character is listed as undressed.
    #[arg(long, value_name = "FILE")]
    pub production: Option<PathBuf>,
    /// Directory for the documents (created when missing; files replaced atomically).
    #[arg(short, long, value_parser = super::output_folder, value_name = "DIR", default_value = "continuity")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let script = oneshot_script::load(&args.script)?;
    let production = super::production_for(&script, args.production.as_deref())?;
    let bible = oneshot_continuity::continuity(&script, &production);
    render::write_documents(&bible, &args.output)?;
    say!(
        "{} characters ({} undressed), {} scenes, {} changes, {} warnings -> {}",
        bible.characters.len(),
        bible.undressed.len(),
        bible.scene_count,
        bible.change_count(),
        bible.warnings.len(),
        args.output.display()
    )?;
    Ok(())
}
