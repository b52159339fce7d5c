//! Files in, files out: a list of images (or folders of them) processed in parallel
//! with one palette (and one set of tile sub-palettes) for all, each written through
//! a temporary file and a rename. Frames in the palette are written as indexed
//! PNGs in its order. A failed input is reported and gets no output file; the
//! others still run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::dither::PaletteMap;
use crate::error::{Result, RetroError};
use crate::image::Image;
use oneshot_model::files::FileSet;

use crate::io::{IMAGE_EXTENSIONS, encode_png, encode_png_indexed, load_image};
use crate::metrics::{Quality, quality};
use crate::pipeline::{Pipeline, Prepared};
use crate::quantize::Histogram;
use crate::tiles::sample;

/// Native pixels kept in memory between the palette pass and the mapping pass of an
/// adaptive palette (beyond this, frames are decoded a second time).
const KEEP_NATIVE_PIXELS: usize = 32 << 20;

/// One input image and where its result goes (`None`: keep it in memory, e.g. for a sheet).
#[derive(Debug, Clone)]
pub struct Job {
    pub input: PathBuf,
    pub output: Option<PathBuf>,
}

/// What happened to one input.
#[derive(Debug)]
pub struct Processed {
    pub input: PathBuf,
    pub output: Option<PathBuf>,
    /// The result, when the job had no output file.
    pub image: Option<Image>,
    pub width: u32,
    pub height: u32,
    /// Quality of the native-resolution result against the downscaled source.
    pub quality: Option<Quality>,
    /// Whether the picture was there but all of it under half opaque: retro
    /// pixels are opaque or clear, so the result is clear throughout.
    pub vanished: bool,
}

/// The outcome of a batch: one result per job, in job order, the shared palette,
/// and the jobs' output files, written beside their places: they go into place
/// together ([`FileSet::commit`]) only when every job went well, so that a
/// sequence is never half in one palette and half in another.
pub struct Batch {
    pub results: Vec<Result<Processed>>,
    pub palette: Option<std::sync::Arc<PaletteMap>>,
    pub written: FileSet,
}

/// The image files named by `inputs`: files as given, folders expanded to their PNG and
/// JPEG files in name order, but for hidden ones (`.name.png`; macOS leaves `._name.png`
/// beside every file it copies, which is no picture).
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| RetroError::io(input, e))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && has_image_extension(p) && !is_hidden(p))
                .collect();
            if found.is_empty() {
                return Err(RetroError::Decode {
                    file: input.clone(),
                    message: "folder has no .png or .jpg images".into(),
                });
            }
            found.sort_by(|a, b| frame_order(a, b));
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.as_encoded_bytes().starts_with(b"."))
}

/// File names in the order frames are numbered: runs of digits compare as
/// numbers, so `2.png` comes before `10.png` (and `shot_9` before `shot_10`).
fn frame_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (a.to_string_lossy(), b.to_string_lossy());
    let mut a = a.as_bytes();
    let mut b = b.as_bytes();
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    while let (Some(&x), Some(&y)) = (a.first(), b.first()) {
        let (run_a, run_b) = (digits(a), digits(b));
        let order = if run_a > 0 && run_b > 0 {
            // Leading zeros aside, the longer number is the larger.
            fn value(run: &[u8]) -> &[u8] {
                let zeros = run.iter().take_while(|&&c| c == b'0').count();
                &run[zeros.min(run.len() - 1)..]
            }
            let (n, m) = (value(&a[..run_a]), value(&b[..run_b]));
            let order = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
            a = &a[run_a..];
            b = &b[run_b..];
            order.then(run_a.cmp(&run_b))
        } else {
            a = &a[1..];
            b = &b[1..];
            x.cmp(&y)
        };
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

fn has_image_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        IMAGE_EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
    })
}

/// Runs the jobs in parallel; `progress` is called once per finished job. Their
/// outputs are left in [`Batch::written`], for the caller to commit.
pub fn run(
    pipeline: &Pipeline,
    jobs: &[Job],
    measure: bool,
    progress: &(dyn Fn() + Sync),
) -> Batch {
    let prepare = |job: &Job| -> Result<Prepared> {
        let image = load_image(&job.input)?;
        pipeline
            .prepare(image.width, image.height, &image.rgba)
            .map_err(|e| RetroError::Decode {
                file: job.input.clone(),
                message: e.to_string(),
            })
    };
    // Pass 1, only for palettes chosen from the frames: one histogram for all of them.
    let kept: Vec<Mutex<Option<Result<Prepared>>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    let palette = if pipeline.palette_is_adaptive() {
        let budget = AtomicUsize::new(KEEP_NATIVE_PIXELS);
        let histogram = jobs
            .par_iter()
            .zip(&kept)
            .fold(Histogram::default, |histogram, (job, slot)| {
                let prepared = prepare(job);
                let merged = match &prepared {
                    Ok(p) => histogram.merged(Histogram::of_linear(&p.native)),
                    Err(_) => histogram,
                };
                let pixels = prepared.as_ref().map_or(0, |p| p.native.pixels.len());
                let keep = prepared.is_err()
                    || budget
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                            left.checked_sub(pixels)
                        })
                        .is_ok();
                if keep {
                    *slot.lock().expect("no poisoned lock") = Some(prepared);
                }
                merged
            })
            .reduce(Histogram::default, Histogram::merged);
        pipeline.palette_from_histogram(&histogram)
    } else {
        pipeline.palette_for(&[])
    };
    // For styles with tiles: sub-palettes from frames spread over the batch (those
    // not kept above are decoded once more), so that tiles keep their colours from
    // frame to frame.
    let subs = palette
        .as_deref()
        .filter(|_| pipeline.has_tiles())
        .and_then(|palette| {
            let slots: Vec<_> = jobs.iter().zip(&kept).collect();
            let frames: Vec<Prepared> = sample(&slots)
                .collect::<Vec<_>>()
                .par_iter()
                .filter_map(
                    |(job, slot)| match &*slot.lock().expect("no poisoned lock") {
                        Some(kept) => kept.as_ref().ok().cloned(),
                        // A frame that fails is reported when its turn comes below.
                        None => prepare(job).ok(),
                    },
                )
                .collect();
            pipeline.sub_palettes_for(&frames, palette)
        });
    let file_palette = palette
        .as_deref()
        .and_then(|used| pipeline.file_palette(used));
    // Pass 2: map, upscale, write.
    let results = jobs
        .par_iter()
        .zip(kept)
        .map(|(job, slot)| {
            let prepared = match slot.into_inner().expect("no poisoned lock") {
                Some(kept) => kept,
                None => prepare(job),
            }?;
            let pixels = &prepared.native.pixels;
            let vanished = pixels.iter().any(|p| p[3] > 0.0)
                && pixels.iter().all(|p| p[3] < crate::dither::ALPHA_CUTOFF);
            let native = pipeline.finish(&prepared, palette.as_deref(), subs.as_ref());
            let quality = measure.then(|| {
                let reference = crate::color::linear_image_to_rgba(&prepared.native);
                quality(&reference, &native)
            });
            let image = pipeline.display(native);
            let mut written = FileSet::default();
            if let Some(output) = &job.output {
                let png = match &file_palette {
                    Some(colours) => encode_png_indexed(&image, colours, output)?,
                    None => encode_png(&image, output)?,
                };
                written
                    .write(output, |out| out.write_all(&png))
                    .map_err(|e| RetroError::io(output, e))?;
            }
            progress();
            let processed = Processed {
                input: job.input.clone(),
                output: job.output.clone(),
                width: image.width,
                height: image.height,
                image: job.output.is_none().then_some(image),
                quality,
                vanished,
            };
            Ok((processed, written))
        })
        .collect::<Vec<_>>();
    let mut written = FileSet::default();
    let results = results
        .into_iter()
        .map(|result| {
            result.map(|(processed, files)| {
                written.append(files);
                processed
            })
        })
        .collect();
    Batch {
        results,
        palette,
        written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::save_png;
    use crate::style::Library;
    use oneshot_model::RetroSettings;

    #[test]
    fn frames_are_taken_in_the_order_they_are_numbered() {
        let mut names: Vec<PathBuf> = [
            "10.png",
            "2.png",
            "1.png",
            "shot_10.png",
            "shot_9.png",
            "b.png",
            "a.png",
            "002.png",
        ]
        .map(PathBuf::from)
        .into();
        names.sort_by(|a, b| frame_order(a, b));
        let order: Vec<_> = names
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            order,
            [
                "1.png",
                "2.png",
                "002.png",
                "10.png",
                "a.png",
                "b.png",
                "shot_9.png",
                "shot_10.png"
            ]
        );
    }

    #[test]
    fn a_bad_input_fails_alone_and_the_outputs_wait_for_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.png");
        let image = Image::new(8, 8, [10, 200, 30, 255].repeat(64)).unwrap();
        save_png(&image, &good).unwrap();
        let bad = dir.path().join("bad.png");
        std::fs::write(&bad, b"\x89PNG\r\n\x1a\ntruncated").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // A hidden file beside them (macOS's `._good.png`) is no frame.
        std::fs::write(dir.path().join("._good.png"), b"\0\x05\x16\x07").unwrap();
        let inputs = expand_inputs(&[dir.path().to_owned()]).unwrap();
        assert_eq!(inputs, [bad.clone(), good.clone()]);
        let jobs: Vec<Job> = inputs
            .iter()
            .map(|p| Job {
                input: p.clone(),
                output: Some(out.join(p.file_name().unwrap())),
            })
            .collect();
        let settings = RetroSettings {
            colors: Some(4),
            ..Default::default()
        };
        let pipeline = Pipeline::with_library(&settings, &Library::builtin()).unwrap();
        let batch = run(&pipeline, &jobs, true, &|| {});
        let err = batch.results[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("bad.png"), "{err}");
        let ok = batch.results[1].as_ref().unwrap();
        assert!(ok.quality.unwrap().delta_e < 1.0);
        // Written beside its place, the good frame's output goes there on a commit.
        assert!(!out.join("good.png").exists());
        batch.written.commit().unwrap();
        assert!(out.join("good.png").is_file());
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }
}
