//! The cut as a CMX 3600 edit decision list.
//!
//! ```text
//! TITLE: ALLEY KINGS
//! FCM: NON-DROP FRAME
//!
//! 001  1X1      V     C        00:00:00:00 00:00:06:00 01:00:00:00 01:00:06:00
//! * FROM CLIP NAME: 1-1.png
//! * FROM FILE: frames/1-1.png
//! * LOC: 00:00:00:00 GREEN   SC 1: INT. GARAGE - NIGHT
//! ```
//!
//! One cut event per shot on the video channel, then one of black per card of
//! the end credits, its lines in a comment; a shot that dissolves or fades
//! in is a dissolve event from the previous reel or from black (`BL`), and a fade
//! out is a dissolve event into black. Source timecode runs from zero over a
//! still; a moving shot rendered frame by frame names its files as a range
//! (`frames/1-1/[0001-0072].png`) and its source timecode counts their numbers
//! (`0001` is `00:00:00:01`). Record timecode starts at `01:00:00:00`. Locators carry the
//! clip's markers at source timecode, as OpenTimelineIO's CMX adapter reads and
//! writes them. Event numbers have three digits, so a cut of more than 999 shots
//! numbers on from `001` again, as tape-era EDLs did. The temp mix is one event
//! on both audio channels (`AA`), the whole length of the cut, after the picture's;
//! its source timecode is its record timecode, as its time reference says.

use std::collections::HashSet;
use std::path::Path;

use crate::{Edit, EditError, ImageSequence, Rate};

/// Reel names are at most this long in CMX 3600.
const REEL_LEN: usize = 8;

impl Edit {
    /// The cut as a CMX 3600 EDL. Fails only for rates of more than 99 frames a
    /// timecode second, which two-digit timecode frames cannot count.
    pub fn edl(&self) -> Result<String, EditError> {
        if self.rate.timecode_base > 99 {
            return Err(EditError::EdlRate { fps: self.rate.fps });
        }
        let mut edl = Events {
            lines: vec![
                format!("TITLE: {}", one_line(&self.title)),
                if self.rate.drop_frame {
                    "FCM: DROP FRAME"
                } else {
                    "FCM: NON-DROP FRAME"
                }
                .to_owned(),
            ],
            count: 0,
            rate: self.rate,
        };
        let start = self.rate.record_start();
        for (index, clip) in self.clips.iter().enumerate() {
            let length = clip.event_frames();
            let record = (start + clip.record_in, start + clip.record_in + length);
            let source_in = clip.source_in();
            let incoming = Cut {
                reel: &clip.reel,
                edit: "C".to_owned(),
                source: (source_in, source_in + length),
                record,
            };
            let file = file_name(&clip.media);
            let mut comments = Vec::new();
            let cuts = if clip.fade_in > 0 || clip.dissolve_in > 0 {
                // The outgoing picture: the previous still where it was cut, or black.
                let (outgoing, source_out, outgoing_name, frames) = match index.checked_sub(1) {
                    Some(p) if clip.dissolve_in > 0 => {
                        let previous = &self.clips[p];
                        let name = file_name(&previous.media);
                        (
                            &previous.reel[..],
                            previous.source_in() + previous.event_frames(),
                            name,
                            clip.dissolve_in,
                        )
                    }
                    _ => (BLACK, 0, BLACK.to_owned(), clip.fade_in),
                };
                if edl.count == 0 {
                    // OpenTimelineIO reads no transition at the very start of a track.
                    edl.event(&[Cut::still(BLACK, 0, record.0)], &[]);
                }
                comments.push(format!("* FROM CLIP NAME: {outgoing_name}"));
                comments.push(format!("* TO CLIP NAME: {file}"));
                vec![
                    Cut::still(outgoing, source_out, record.0),
                    Cut {
                        edit: format!("D    {frames:03}"),
                        ..incoming
                    },
                ]
            } else {
                comments.push(format!("* FROM CLIP NAME: {file}"));
                vec![incoming]
            };
            let media =
                (clip.sequence.as_ref()).map_or_else(|| clip.media.clone(), ImageSequence::files);
            comments.push(format!("* FROM FILE: {}", one_line(&media)));
            if !clip.rendered {
                comments.push("* COMMENT: NOT RENDERED, A PLACEHOLDER IN THE CUT".to_owned());
            }
            for marker in clip.markers() {
                comments.push(format!(
                    "* LOC: {} {:7} {}",
                    self.rate.timecode(source_in),
                    marker.color,
                    one_line(&marker.name)
                ));
            }
            edl.event(&cuts, &comments);
            if clip.fade_out > 0 {
                let black = Cut {
                    reel: BLACK,
                    edit: format!("D    {:03}", clip.fade_out),
                    source: (0, clip.fade_out),
                    record: (record.1, record.1 + clip.fade_out),
                };
                let comments = [
                    format!("* FROM CLIP NAME: {file}"),
                    format!("* TO CLIP NAME: {BLACK}"),
                ];
                edl.event(
                    &[Cut::still(&clip.reel, source_in + length, record.1), black],
                    &comments,
                );
            }
        }
        for card in &self.credits {
            let record = start + card.record_in;
            let black = Cut {
                reel: BLACK,
                edit: "C".to_owned(),
                source: (0, card.frames),
                record: (record, record + card.frames),
            };
            let comments = [
                "* FROM CLIP NAME: END CREDITS".to_owned(),
                format!("* COMMENT: {}", one_line(&card.lines.join(" / "))),
            ];
            edl.event(&[black], &comments);
        }
        if let Some(mix) = self.mix.as_ref().filter(|_| self.frames() > 0) {
            let mut taken = self.clips.iter().map(|clip| clip.reel.clone()).collect();
            let length = self.frames();
            let sound = Cut {
                reel: &reel_name(&mix.name, edl.count, &mut taken),
                edit: "C".to_owned(),
                // The file's time starts with the cut's, as its time reference says.
                source: (start, start + length),
                record: (start, start + length),
            };
            let comments = [
                format!("* FROM CLIP NAME: {}", file_name(&mix.url)),
                format!("* FROM FILE: {}", one_line(&mix.url)),
            ];
            edl.event_on(STEREO, &[sound], &comments);
        }
        edl.lines.push(String::new());
        Ok(edl.lines.join("\n"))
    }
}

/// The reel name of black, which fades start from and end in.
const BLACK: &str = "BL";

/// The channel field of pictures, and of sound on both audio channels.
const PICTURE: &str = "V";
const STEREO: &str = "AA";

/// The EDL being written: its lines so far and how many events they hold.
struct Events {
    lines: Vec<String>,
    count: usize,
    rate: Rate,
}

/// One line of an event: a reel's source range laid on the record.
struct Cut<'a> {
    reel: &'a str,
    /// `C`, or `D    024` for a 24-frame dissolve from the line before.
    edit: String,
    source: (u64, u64),
    record: (u64, u64),
}

impl<'a> Cut<'a> {
    /// No frames of `reel` from `source` at `record`: where a transition leaves it.
    fn still(reel: &'a str, source: u64, record: u64) -> Cut<'a> {
        Cut {
            reel,
            edit: "C".to_owned(),
            source: (source, source),
            record: (record, record),
        }
    }
}

impl Events {
    /// Writes a picture event of `cuts` (one, or two for a transition) and its comments.
    fn event(&mut self, cuts: &[Cut], comments: &[String]) {
        self.event_on(PICTURE, cuts, comments);
    }

    /// Writes an event of `cuts` on `channels` (`V`, `AA`) and its comments.
    /// Event numbers have three digits and start again after 999.
    fn event_on(&mut self, channels: &str, cuts: &[Cut], comments: &[String]) {
        let number = self.count % 999 + 1;
        self.count += 1;
        let tc = |frame| self.rate.timecode(frame);
        self.lines.push(String::new());
        for cut in cuts {
            self.lines.push(format!(
                "{number:03}  {:8} {channels:5} {:8} {} {} {} {}",
                cut.reel,
                cut.edit,
                tc(cut.source.0),
                tc(cut.source.1),
                tc(cut.record.0),
                tc(cut.record.1),
            ));
        }
        self.lines.extend_from_slice(comments);
    }
}

/// The file name of `media` (`1-1.png` for `frames/1-1.png`), on one line.
fn file_name(media: &str) -> String {
    let name = Path::new(media)
        .file_name()
        .map_or_else(|| media.to_owned(), |n| n.to_string_lossy().into());
    one_line(&name)
}

/// A reel name for the shot at `index` in the cut: the letters and digits of its id in upper case, each
/// run of anything else as one `X` (`3-12` is `3X12`). An id that gives nothing,
/// more than eight characters or a name already taken gets `R` and the event's
/// number instead (`R0000042`).
pub(crate) fn reel_name(id: &str, index: usize, taken: &mut HashSet<String>) -> String {
    let mut reel = String::new();
    let mut separated = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            reel.push(c.to_ascii_uppercase());
            separated = false;
        } else if !separated {
            reel.push('X');
            separated = true;
        }
    }
    let mut fallback = index + 1;
    while reel.is_empty() || reel.len() > REEL_LEN || taken.contains(&reel) {
        reel = format!("R{fallback:07}");
        fallback += 1;
    }
    taken.insert(reel.clone());
    reel
}

/// Text on one EDL line: control characters (line breaks above all) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{credited_edit, edit, plan, shot};

    #[test]
    fn dissolves_and_fades_are_dissolve_events() {
        let edl = crate::tests::transitions().edl().unwrap();
        let events: Vec<&str> = edl.lines().filter(|l| l.starts_with('0')).collect();
        assert_eq!(
            events,
            [
                "001  BL       V     C        00:00:00:00 00:00:00:00 01:00:00:00 01:00:00:00",
                "002  BL       V     C        00:00:00:00 00:00:00:00 01:00:00:00 01:00:00:00",
                "002  1X1      V     D    024 00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00",
                "003  1X2      V     C        00:00:00:00 00:00:00:12 01:00:02:00 01:00:02:12",
                "004  1X2      V     C        00:00:00:12 00:00:00:12 01:00:02:12 01:00:02:12",
                "004  2X1      V     D    012 00:00:00:00 00:00:00:12 01:00:02:12 01:00:03:00",
                "005  2X2      V     C        00:00:00:00 00:00:01:00 01:00:03:00 01:00:04:00",
                "006  2X2      V     C        00:00:01:00 00:00:01:00 01:00:04:00 01:00:04:00",
                "006  BL       V     D    024 00:00:00:00 00:00:01:00 01:00:04:00 01:00:05:00",
            ]
        );
        assert!(edl.contains("* FROM CLIP NAME: 1-2.png\n* TO CLIP NAME: 2-1.png\n"));
    }

    #[test]
    fn a_moving_shot_names_its_frames_and_counts_their_numbers() {
        let mut edit = crate::tests::transitions();
        // 1-2 moves: 12 frames rendered, and 12 more held through the dissolve out.
        edit.clips[1].sequence = Some(crate::ImageSequence {
            folder: "frames/1-2/".into(),
            first: 1,
            frames: 24,
        });
        let edl = edit.edl().unwrap();
        let events: Vec<&str> = edl.lines().filter(|l| l.starts_with("00")).collect();
        assert_eq!(
            events[3..6],
            [
                "003  1X2      V     C        00:00:00:01 00:00:00:13 01:00:02:00 01:00:02:12",
                "004  1X2      V     C        00:00:00:13 00:00:00:13 01:00:02:12 01:00:02:12",
                "004  2X1      V     D    012 00:00:00:00 00:00:00:12 01:00:02:12 01:00:03:00",
            ]
        );
        assert!(
            edl.contains("* FROM CLIP NAME: 1-2.png\n* FROM FILE: frames/1-2/[0001-0024].png\n"),
            "{edl}"
        );
    }

    #[test]
    fn reels_are_short_unique_letters_and_digits() {
        let mut taken = HashSet::new();
        let mut reel = |id, index| reel_name(id, index, &mut taken);
        assert_eq!(reel("3-12", 0), "3X12");
        assert_eq!(reel("2-1a", 1), "2X1A");
        assert_eq!(reel("2-1A", 2), "R0000003", "taken");
        assert_eq!(reel("12345-6789", 3), "R0000004", "too long");
        assert_eq!(reel("--", 4), "X");
        assert_eq!(reel("", 5), "R0000006");
        assert_eq!(reel("R0000007", 6), "R0000007");
        assert_eq!(reel("x", 6), "R0000008", "fallback taken");
    }

    #[test]
    fn events_cut_end_to_end_from_one_hour() {
        let mut opening = shot("1-1", 1, 6.0);
        opening.speaker = Some("NINA".into());
        opening.description = "Voss was at\nthe diner.".into();
        let edit = edit(24.0, vec![opening, shot("1-2", 1, 2.5)]).unwrap();
        let edl = edit.edl().unwrap();
        let expected = "TITLE: Alley Kings
FCM: NON-DROP FRAME

001  1X1      V     C        00:00:00:00 00:00:06:00 01:00:00:00 01:00:06:00
* FROM CLIP NAME: 1-1.png
* FROM FILE: frames/1-1.png
* LOC: 00:00:00:00 GREEN   SC 1: INT. GARAGE - NIGHT
* LOC: 00:00:00:00 YELLOW  NINA

002  1X2      V     C        00:00:00:00 00:00:02:12 01:00:06:00 01:00:08:12
* FROM CLIP NAME: 1-2.png
* FROM FILE: frames/1-2.png
";
        assert_eq!(edl, expected);
    }

    #[test]
    fn titles_and_supers_are_located_for_the_online() {
        let mut plan = crate::tests::plan(24.0, vec![shot("1-1", 1, 6.0)]);
        plan.titles = vec!["ALLEY KINGS".into(), "Written by".into()];
        let mut setup: oneshot_model::ShotSetup = serde_json::from_value(serde_json::json!({
            "shot_id": "1-1",
            "camera": {"name": "cam", "transform": {"location": [0.0, 0.0, 0.0],
                        "rotation": [0.0, 0.0, 0.0, 1.0], "scale": [1.0, 1.0, 1.0]},
                       "lens_mm": 35.0, "sensor_width_mm": 36.0},
            "path": null, "frames": 1
        }))
        .unwrap();
        setup.supers = vec!["The Eastside".into()];
        plan.setups = vec![setup];
        let edit = Edit::from_plan(&plan, |s| format!("frames/{}.png", s.id)).unwrap();
        let edl = edit.edl().unwrap();
        assert!(
            edl.contains("* LOC: 00:00:00:00 CYAN    ALLEY KINGS / Written by\n"),
            "{edl}"
        );
        assert!(
            edl.contains("* LOC: 00:00:00:00 CYAN    The Eastside\n"),
            "{edl}"
        );
    }

    #[test]
    fn end_credits_are_black_with_their_lines_in_a_comment() {
        let edit = credited_edit();
        let edl = edit.edl().unwrap();
        let expected = "
002  BL       V     C        00:00:00:00 00:00:04:00 01:00:02:00 01:00:06:00
* FROM CLIP NAME: END CREDITS
* COMMENT: CAST / NINA
";
        assert!(edl.ends_with(expected), "{edl}");
    }

    #[test]
    fn the_temp_mix_is_on_both_audio_channels_the_length_of_the_cut() {
        let mut edit = credited_edit();
        edit.mix = Some(crate::Soundtrack {
            name: "temp mix".into(),
            url: "sound/temp_mix.wav".into(),
        });
        let expected = "
003  TEMPXMIX AA    C        01:00:00:00 01:00:06:00 01:00:00:00 01:00:06:00
* FROM CLIP NAME: temp_mix.wav
* FROM FILE: sound/temp_mix.wav
";
        let edl = edit.edl().unwrap();
        assert!(edl.ends_with(expected), "{edl}");
        edit.clips.clear();
        edit.credits.clear();
        assert!(
            !edit.edl().unwrap().contains("AA"),
            "no sound without a cut"
        );
    }

    #[test]
    fn ntsc_counts_in_its_nominal_base_and_fast_rates_have_no_edl() {
        let edl = edit(23.976, vec![shot("1-1", 1, 1.0)])
            .unwrap()
            .edl()
            .unwrap();
        assert!(
            edl.contains("00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00"),
            "{edl}"
        );
        let mut plan = plan(29.97, vec![shot("1-1", 1, 61.0)]);
        plan.drop_frame = true;
        let drop_frame = Edit::from_plan(&plan, |s| format!("frames/{}.png", s.id))
            .unwrap()
            .edl()
            .unwrap();
        assert!(drop_frame.contains("\nFCM: DROP FRAME\n"), "{drop_frame}");
        assert!(
            drop_frame.contains("00:00:00;00 00:01:01;00 01:00:00;00 01:01:01;00"),
            "{drop_frame}"
        );
        let fast = edit(120.0, vec![shot("1-1", 1, 1.0)]).unwrap();
        assert!(matches!(fast.edl(), Err(EditError::EdlRate { .. })));
    }

    #[test]
    fn event_numbers_wrap_after_999() {
        let shots = (0..1001).map(|n| shot(&format!("{n}"), 1, 0.1)).collect();
        let edl = edit(24.0, shots).unwrap().edl().unwrap();
        let events: Vec<&str> = edl
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .map(|l| &l[..3])
            .collect();
        assert_eq!(events.len(), 1001);
        assert_eq!(events[998..], ["999", "001", "002"]);
    }

    #[test]
    fn titles_and_names_stay_on_their_line() {
        assert_eq!(one_line("a\nb\r\tc"), "a b  c");
    }
}
