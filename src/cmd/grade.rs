//! `oneshot grade`: colour-grade frames with a grade preset, a grade file or a .cube LUT
//! (1D or 3D), and bake grades to `.cube` LUTs for other tools.
//!
//! The grading is in `oneshot-grade`; reading, writing and folder expansion are the
//! retro department's (`oneshot_retro::{batch, io}`), so both commands treat files
//! and folders alike.

use crate::out::say;
use std::path::{Path, PathBuf};

use anyhow::Context;
use oneshot_grade::Look;
use oneshot_retro::io::{DeepImage, encode_png, encode_png16, load_deep_image, write_atomically};

#[derive(clap::Args)]
#[command(after_help = "Grades: see `oneshot grade --list`; or give a .toml grade or a .cube LUT.")]
pub struct Args {
    /// Input images (PNG, JPEG) or folders of them.
    #[arg(required_unless_present_any = ["list", "export_cube"])]
    inputs: Vec<PathBuf>,
    /// Output PNG file (one input) or folder.
    #[arg(short, long, value_parser = super::output_file, required_unless_present_any = ["list", "export_cube"])]
    output: Option<PathBuf>,
    /// The grade: a built-in name, a .toml grade file or a .cube LUT (1D or 3D).
    #[arg(long, required_unless_present = "list")]
    grade: Option<String>,
    /// Also bake the grade into a .cube 3D LUT (for Resolve, Premiere, Nuke, OCIO).
    #[arg(long, value_name = "FILE", value_parser = super::named_file)]
    export_cube: Option<PathBuf>,
    /// Samples per axis of the exported LUT (2-256; 33 is the usual size).
    #[arg(long, default_value_t = 33, requires = "export_cube")]
    cube_size: usize,
    /// List the built-in grades, then exit.
    #[arg(long)]
    list: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.list {
        for name in oneshot_grade::builtin_names() {
            let grade = oneshot_grade::builtin(name)?;
            say!("{name:<15} {}", grade.description)?;
        }
        return Ok(());
    }
    let spec = args.grade.as_deref().context("--grade is required")?;
    let look = Look::resolve(spec)?;
    let jobs = match &args.output {
        Some(output) if !args.inputs.is_empty() => super::image_jobs(&args.inputs, output)?,
        _ => Vec::new(),
    };
    // The LUT is baked first (a bad size fails before any frame is graded) and
    // written last: frames that fail leave no LUT of the run behind either.
    let mut export = None;
    if let Some(path) = &args.export_cube {
        let (inputs, targets): (Vec<_>, Vec<_>) = jobs.iter().cloned().unzip();
        super::refuse_same_file(path, &inputs, "an input")?;
        super::refuse_same_file(path, &targets, "a graded frame's output")?;
        super::refuse_same_file(path, &[spec], "the grade it bakes")?;
        let is_cube = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("cube"));
        anyhow::ensure!(
            is_cube,
            "--export-cube {}: a LUT's file ends in .cube",
            path.display()
        );
        super::make_folder_of(path)?;
        let title = Path::new(spec)
            .file_stem()
            .map_or(spec.into(), |s| s.to_string_lossy());
        export = Some((path, look.to_cube(&title, args.cube_size)?));
    }
    if !args.inputs.is_empty() {
        let output = args.output.as_deref().context("--output is required")?;
        // One frame at a time: grading itself runs on every core, row by row.
        super::run_image_jobs(
            &jobs,
            &format!("grade {spec}"),
            output,
            |_, input, target| grade_file(&look, input, target),
        )?;
    }
    if let Some((path, cube)) = export {
        write_atomically(path, cube.to_text().as_bytes())?;
        say!(
            "grade {spec}: a {size}-point 3D LUT -> {}",
            path.display(),
            size = args.cube_size
        )?;
    }
    Ok(())
}

/// Grades one frame as deep as it is: a 16-bit PNG is graded and written in 16 bits.
fn grade_file(look: &Look, input: &Path, output: &Path) -> anyhow::Result<Vec<u8>> {
    Ok(match load_deep_image(input)? {
        DeepImage::Eight(mut image) => {
            look.apply(image.width, image.height, &mut image.rgba)
                .with_context(|| input.display().to_string())?;
            encode_png(&image, output)?
        }
        DeepImage::Sixteen(mut image) => {
            look.apply16(image.width, image.height, &mut image.rgba)
                .with_context(|| input.display().to_string())?;
            encode_png16(&image, output)?
        }
    })
}
