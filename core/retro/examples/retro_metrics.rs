//! Measurements for `tests/bench/retro_vs_peers.sh`, on image files:
//!
//! * `retro_metrics quality REFERENCE IMAGE...`: per image, PSNR, mean CIEDE2000 and
//!   blurred mean CIEDE2000 against the reference, as JSON lines;
//! * `retro_metrics flicker FRAME...`: the fraction of pixels that change between
//!   consecutive frames (of a static scene), as one number;
//! * `retro_metrics noisy SOURCE COUNT DIR`: COUNT copies of SOURCE with slight
//!   independent noise (±2 levels), i.e. a static shot with sensor/render noise.

use std::path::{Path, PathBuf};

use oneshot_retro::Image;
use oneshot_retro::io::{load_image, save_png};
use oneshot_retro::metrics::quality;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("quality") if args.len() >= 3 => {
            let reference = load_image(Path::new(&args[1]))?;
            for path in &args[2..] {
                let q = quality(&reference, &load_image(Path::new(path))?);
                println!(
                    "{{\"image\": {:?}, \"psnr\": {:.3}, \"delta_e\": {:.4}, \"delta_e_blurred\": {:.4}}}",
                    path, q.psnr, q.delta_e, q.delta_e_blurred
                );
            }
        }
        Some("flicker") if args.len() >= 3 => {
            let frames: Vec<Image> = args[1..]
                .iter()
                .map(|p| load_image(Path::new(p)))
                .collect::<Result<_, _>>()?;
            let (mut changed, mut total) = (0usize, 0usize);
            for pair in frames.windows(2) {
                let (a, b) = (&pair[0].rgba, &pair[1].rgba);
                changed += a
                    .chunks_exact(4)
                    .zip(b.chunks_exact(4))
                    .filter(|(p, q)| p != q)
                    .count();
                total += a.len() / 4;
            }
            println!("{:.5}", changed as f64 / total as f64);
        }
        Some("noisy") if args.len() == 4 => {
            let source = load_image(Path::new(&args[1]))?;
            let count: u32 = args[2].parse()?;
            let dir = PathBuf::from(&args[3]);
            std::fs::create_dir_all(&dir)?;
            let mut state = 0x2545_F491u32;
            for i in 0..count {
                let mut frame = source.clone();
                for (k, v) in frame.rgba.iter_mut().enumerate() {
                    if k % 4 == 3 {
                        continue;
                    }
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    *v = (*v as i32 + (state % 5) as i32 - 2).clamp(0, 255) as u8;
                }
                save_png(&frame, &dir.join(format!("{i:04}.png")))?;
            }
        }
        _ => {
            eprintln!(
                "usage: retro_metrics quality REF IMAGE... | flicker FRAME... | noisy SOURCE COUNT DIR"
            );
            std::process::exit(2);
        }
    }
    Ok(())
}
