//! Sound: the dialogue, effects and ambience cue sheet, and a temp mix for the animatic.
//!
//! [`cue_sheet`] lays the cues of a plan's cut on its timeline, frame-true to the
//! edit; [`write_temp_mix`] turns them into a stereo WAV of exactly the cut's
//! length that an editor can time against: an ambience bed per scene, a murmur
//! in each character's voice for each line, a whoosh at each effect, a pad under
//! music, and a temp score ([`score`]); [`loudness_gain`] brings it to the
//! delivery format's loudness, measured as broadcasters do ([`loudness`]).
//!
//! ```no_run
//! # fn show(plan: &oneshot_model::ProductionPlan, breakdown: &oneshot_model::Script)
//! # -> Result<(), Box<dyn std::error::Error>> {
//! let sheet = oneshot_sound::cue_sheet(plan, breakdown)?;
//! std::fs::write("cues.csv", sheet.csv())?;
//! let mut wav = std::io::BufWriter::new(std::fs::File::create("temp_mix.wav")?);
//! let gain = oneshot_sound::loudness_gain(&sheet, -23.0).gain;
//! oneshot_sound::write_temp_mix(&sheet, gain, &mut wav)?;
//! # Ok(()) }
//! ```

mod cues;
pub mod loudness;
mod mix;
pub mod score;

pub use cues::{
    Cue, CueKind, CueSheet, Dissolve, Fade, FadeDirection, Setting, Weather, cue_sheet,
};
pub use mix::{
    Loudness, SAMPLE_RATE, WAV_HEADER_BYTES, loudness_gain, mix_samples, wav_data_bytes,
    wav_samples, write_stem, write_temp_mix,
};

/// Why a cue sheet or a temp mix could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SoundError {
    /// The plan cannot be cut (a nonsensical frame rate or shot duration).
    #[error(transparent)]
    Edit(#[from] oneshot_edit::EditError),
    /// The cut is longer than a WAV file can hold (about six hours at 48 kHz stereo).
    #[error("the cut lasts {seconds:.0} s, longer than a WAV file can hold")]
    TooLong { seconds: f64 },
    /// The temp mix could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests;
