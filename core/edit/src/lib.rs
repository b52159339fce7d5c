//! Editorial: the cut of a production as OpenTimelineIO and CMX 3600 EDL.
//!
//! An [`Edit`] lays the planned shots end to end in cutting order, one clip per
//! shot holding its still, in whole frames at the plan's frame rate, and then the
//! end credits' cards over black. It is written two ways:
//!
//! * [`Edit::otio`]: an OpenTimelineIO timeline: a video track, with the shot
//!   list's metadata on each clip and markers where scenes start and lines are
//!   spoken, and an audio track for each of its [`soundtracks`](Edit::soundtracks).
//! * [`Edit::edl`]: a CMX 3600 edit decision list, one cut event per shot, and
//!   the [`mix`](Edit::mix) on both audio channels.
//!
//! ```no_run
//! # use oneshot_edit::Edit;
//! # fn show(plan: &oneshot_model::ProductionPlan) -> Result<(), Box<dyn std::error::Error>> {
//! let edit = Edit::from_plan(plan, |shot| format!("frames/{}.png", shot.id))?;
//! std::fs::write("edit.otio", edit.otio())?;
//! std::fs::write("edit.edl", edit.edl()?)?;
//! # Ok(()) }
//! ```

mod edl;
mod otio;

use std::collections::HashSet;

use oneshot_model::{ProductionPlan, Shot, Transition, TransitionKind};

/// Frame rates above this are not frame rates a plan could mean.
pub const MAX_FPS: f32 = 1000.0;
/// Nor is a shot longer than a day (this also keeps frame counts far from overflow).
pub const MAX_SHOT_S: f32 = 86_400.0;

/// Why an edit could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The plan's frame rate is not a finite number in `0 < fps <= MAX_FPS`.
    #[error("{0} is not a frame rate (frames per second above 0, at most {MAX_FPS})")]
    Fps(f32),
    /// A shot lasts a negative or non-finite number of seconds, or more than
    /// `MAX_SHOT_S`.
    #[error("shot {shot}: {seconds} s is not a duration")]
    Duration { shot: String, seconds: f32 },
    /// A card of the end credits lasts a negative or non-finite number of
    /// seconds, or more than `MAX_SHOT_S`; cards count from 1.
    #[error("end credits, card {card}: {seconds} s is not a duration")]
    CreditDuration { card: usize, seconds: f32 },
    /// CMX 3600 timecode has two digits for frames, so it cannot count this rate.
    #[error("CMX 3600 timecode counts at most 99 frames a second; {fps} fps has no EDL")]
    EdlRate { fps: f64 },
    /// Drop-frame timecode was asked for at a rate it does not count: it skips
    /// frame numbers to keep 29.97 and 59.94 fps on the clock, and only those.
    #[error("drop-frame timecode counts 29.97 or 59.94 fps, not {fps}")]
    DropFrame { fps: f64 },
}

/// How an edit counts time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The plan's frames per second as written (`23.976`, not the `f64` of the
    /// `f32` nearest to it); the clips are cut in frames at this rate.
    pub fps: f64,
    /// The rate the timeline declares: `fps`, except that rates within 0.005 of an
    /// NTSC rate (`23.976`, `29.97`, `59.94`, ...) become the exact `N * 1000 / 1001`
    /// that timecode tools expect.
    pub timeline_fps: f64,
    /// Frames per timecode second: the nearest whole number to `fps` (24 for
    /// 23.976, 13 for 12.5). Non-drop timecode counts every frame and, when the
    /// rate is not whole, lets its clock run off wall-clock time (3.6 s an hour at
    /// 29.97); frame counts are exact either way.
    pub timecode_base: u32,
    /// Drop-frame timecode (29.97 and 59.94 fps only): the frame numbers `;00` and
    /// `;01` (at 59.94, `;00` to `;03`) are skipped at the start of every minute but
    /// each tenth, so that the clock keeps wall-clock time, as broadcast delivery asks.
    pub drop_frame: bool,
}

impl Rate {
    /// The rate of a plan at `fps` frames per second, its timecode drop-frame or not.
    pub fn new(fps: f32, drop_frame: bool) -> Result<Rate, EditError> {
        if !(fps.is_finite() && fps > 0.0 && fps <= MAX_FPS) {
            return Err(EditError::Fps(fps));
        }
        let fps = as_written(fps);
        let nominal = fps.round().max(1.0);
        let ntsc = nominal * 1000.0 / 1001.0;
        let timeline_fps = if fps != nominal && (fps - ntsc).abs() < 0.005 {
            ntsc
        } else {
            fps
        };
        if drop_frame && !(timeline_fps != fps && (nominal == 30.0 || nominal == 60.0)) {
            return Err(EditError::DropFrame { fps });
        }
        Ok(Rate {
            fps,
            timeline_fps,
            timecode_base: nominal as u32,
            drop_frame,
        })
    }

    /// The frame at `01:00:00:00` (drop-frame `01:00:00;00`), where the cut starts
    /// as is customary.
    pub fn record_start(self) -> u64 {
        6 * self.frames_per_ten_minutes()
    }

    /// `HH:MM:SS:FF` of `frame` (`HH:MM:SS;FF` when drop-frame), counted from
    /// `00:00:00:00`; the hours wrap at 24 as a clock's do.
    pub fn timecode(self, frame: u64) -> String {
        let base = u64::from(self.timecode_base.max(1));
        let (label, separator) = if self.drop_frame {
            // Frame numbers skipped at each minute's start but every tenth's.
            let skipped = base / 15;
            let per_minute = 60 * base - skipped;
            let tens = frame / self.frames_per_ten_minutes();
            let into_ten = frame % self.frames_per_ten_minutes();
            let minutes = into_ten.saturating_sub(skipped) / per_minute;
            (frame + skipped * (9 * tens + minutes), ';')
        } else {
            (frame, ':')
        };
        let seconds = label / base;
        format!(
            "{:02}:{:02}:{:02}{separator}{:02}",
            seconds / 3600 % 24,
            seconds / 60 % 60,
            seconds % 60,
            label % base
        )
    }

    /// Frames in ten minutes of timecode: drop-frame skips 2 numbers (4 at 59.94)
    /// in each of nine of its minutes.
    fn frames_per_ten_minutes(self) -> u64 {
        let base = u64::from(self.timecode_base.max(1));
        let skipped = if self.drop_frame { 9 * (base / 15) } else { 0 };
        600 * base - skipped
    }
}

/// The cut: every shot of the plan, end to end in cutting order.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub title: String,
    pub rate: Rate,
    pub clips: Vec<Clip>,
    /// The end credits after the last clip, card by card over black.
    pub credits: Vec<CreditSpan>,
    /// The temp mix (stereo, the length of the cut), which the EDL lays on its two
    /// audio channels: a CMX 3600 list has no room for the stems. `None` for a
    /// silent cut.
    pub mix: Option<Soundtrack>,
    /// The mix's stems, each the length of the cut; empty when there are none.
    pub stems: Vec<Soundtrack>,
}

/// A sound file that runs the length of the cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Soundtrack {
    /// What it is: `temp mix`, `dialogue`, ...
    pub name: String,
    /// The file, relative to the output folder.
    pub url: String,
}

/// A card of the end credits on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditSpan {
    pub lines: Vec<String>,
    /// First frame on the timeline, counted from 0 at the start of the cut.
    pub record_in: u64,
    /// Length in frames, at least 1.
    pub frames: u64,
}

/// One shot in the cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    pub shot: Shot,
    /// The shot's still, relative to the output folder (`frames/<id>.png`).
    pub media: String,
    /// Whether `media` is there: false for a shot not rendered, which the
    /// finishing step stood a placeholder in for (OpenTimelineIO's
    /// `MissingReference`; the EDL says so in a comment).
    pub rendered: bool,
    /// The EDL's name for the still: up to eight letters and digits, one per shot.
    pub reel: String,
    /// The scene heading, on the first clip of each scene only.
    pub opens_scene: Option<String>,
    /// Words on the screen over the clip: the main title over the first (its lines
    /// joined by ` / `), then the shot's supers (`The Eastside`).
    pub on_screen: Vec<String>,
    /// The grade the shot's frames were given: its scene's, else the plan's (a
    /// preset's name or a `.cube` file), for the colourist.
    pub grade: String,
    /// Every frame of the shot as rendered, when it moves in a full-motion plan
    /// and they are all there: what the OpenTimelineIO clip plays instead of its
    /// still (set by the finishing step, which sees the files).
    pub sequence: Option<ImageSequence>,
    /// First frame on the timeline, counted from 0 at the start of the cut.
    pub record_in: u64,
    /// Length in frames, at least 1.
    pub frames: u64,
    /// Frames at the head that dissolve from the previous clip's last picture;
    /// 0 for a cut. A dissolve starts on the cut, as an EDL's does.
    pub dissolve_in: u64,
    /// Frames at the head that fade up from black.
    pub fade_in: u64,
    /// Frames at the tail that fade to black.
    pub fade_out: u64,
}

/// The frames of a moving shot: `{folder}{first:04}.png` on, one a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSequence {
    /// Relative to the output folder, ending in `/` (`frames/1-1/`).
    pub folder: String,
    /// The number of the first frame's file.
    pub first: u64,
    /// How many frames there are, one file each.
    pub frames: u64,
}

impl ImageSequence {
    /// The files as a conform names a range of them: `frames/1-1/[0001-0072].png`.
    pub fn files(&self) -> String {
        let last = self.first + self.frames.max(1) - 1;
        format!("{}[{:04}-{last:04}].png", self.folder, self.first)
    }
}

impl Edit {
    /// Cuts `plan`'s shots together; `media` names each shot's still.
    ///
    /// A shot lasts from its start to the next shot's, both rounded to the nearest
    /// frame (ties to even) from the running time, so rounding never adds up along
    /// the cut; every shot gets at least one frame. This is the rule the add-on uses
    /// for the animatic, so the two cut on the same frames.
    ///
    /// Scenes dissolve and fade as their plans say
    /// ([`ScenePlan::transition_in`](oneshot_model::ScenePlan::transition_in) and
    /// `transition_out`), on the first and last clip of the scene: a head
    /// transition takes at most the whole clip, a fade out what the head leaves but
    /// one frame. A dissolve into the first clip of the cut fades up instead.
    ///
    /// The plan's end credits follow the last shot, each card timed by the same
    /// rule; a plan without shots has none.
    pub fn from_plan(
        plan: &ProductionPlan,
        media: impl Fn(&Shot) -> String,
    ) -> Result<Edit, EditError> {
        let rate = Rate::new(plan.fps, plan.drop_frame)?;
        let mut clips = Vec::with_capacity(plan.shots.len());
        let mut elapsed_s = 0.0f64;
        let mut cut = 0u64;
        let mut scene = None;
        let mut reels = HashSet::new();
        // Where the cut is after `seconds` more, if they are a duration: from the
        // running time, as said above.
        let mut cut_after = |seconds: f32, cut: u64| {
            (0.0..=MAX_SHOT_S).contains(&seconds).then(|| {
                elapsed_s += as_written(seconds);
                ((elapsed_s * rate.fps).round_ties_even() as u64).max(cut + 1)
            })
        };
        for (index, shot) in plan.shots.iter().enumerate() {
            let next_cut = cut_after(shot.duration_s, cut).ok_or_else(|| EditError::Duration {
                shot: shot.id.clone(),
                seconds: shot.duration_s,
            })?;
            let opens_scene = (scene != Some(shot.scene)).then(|| heading(plan, shot.scene));
            let title = (index == 0 && !plan.titles.is_empty()).then(|| plan.titles.join(" / "));
            let supers = plan.setups.iter().find(|s| s.shot_id == shot.id);
            let on_screen = title
                .into_iter()
                .chain(supers.into_iter().flat_map(|s| s.supers.iter().cloned()))
                .collect();
            scene = Some(shot.scene);
            let scene_plan = plan.scenes.iter().find(|s| s.scene == shot.scene);
            let grade = scene_plan.and_then(|s| s.color_grade.clone());
            clips.push(Clip {
                shot: shot.clone(),
                media: media(shot),
                rendered: true,
                reel: edl::reel_name(&shot.id, index, &mut reels),
                opens_scene,
                on_screen,
                grade: grade.unwrap_or_else(|| plan.color_grade.clone()),
                sequence: None,
                record_in: cut,
                frames: next_cut - cut,
                dissolve_in: 0,
                fade_in: 0,
                fade_out: 0,
            });
            cut = next_cut;
        }
        let mut credits = Vec::with_capacity(plan.end_credits.len());
        if !clips.is_empty() {
            for (index, card) in plan.end_credits.iter().enumerate() {
                let next_cut = cut_after(card.seconds, cut).ok_or(EditError::CreditDuration {
                    card: index + 1,
                    seconds: card.seconds,
                })?;
                credits.push(CreditSpan {
                    lines: card.lines.clone(),
                    record_in: cut,
                    frames: next_cut - cut,
                });
                cut = next_cut;
            }
        }
        place_transitions(&mut clips, plan, rate);
        Ok(Edit {
            title: plan.title.clone(),
            rate,
            clips,
            credits,
            mix: None,
            stems: Vec::new(),
        })
    }

    /// The sound files the timeline lays on its audio tracks, one each: the stems,
    /// else the temp mix; none for a silent cut.
    pub fn soundtracks(&self) -> &[Soundtrack] {
        if self.stems.is_empty() {
            self.mix.as_slice()
        } else {
            &self.stems
        }
    }

    /// Length of the whole cut in frames, end credits included.
    pub fn frames(&self) -> u64 {
        let clips = self.clips.last().map(|c| c.record_in + c.frames);
        let credits = self.credits.last().map(|c| c.record_in + c.frames);
        credits.or(clips).unwrap_or(0)
    }
}

/// Sets each scene's first and last clip's transitions from the scene's plan.
fn place_transitions(clips: &mut [Clip], plan: &ProductionPlan, rate: Rate) {
    let frames =
        |t: Transition| (f64::from(t.seconds) * rate.fps).round_ties_even().max(0.0) as u64;
    for i in 0..clips.len() {
        let scene = plan.scenes.iter().find(|s| s.scene == clips[i].shot.scene);
        let Some(scene) = scene else { continue };
        let first = i == 0 || clips[i - 1].shot.scene != scene.scene;
        let last = clips
            .get(i + 1)
            .is_none_or(|next| next.shot.scene != scene.scene);
        let clip = &mut clips[i];
        if first {
            let head = frames(scene.transition_in).min(clip.frames);
            match scene.transition_in.kind {
                TransitionKind::Dissolve if i > 0 => clip.dissolve_in = head,
                TransitionKind::Dissolve | TransitionKind::Fade => clip.fade_in = head,
                TransitionKind::Cut => {}
            }
        }
        if last && scene.transition_out.kind == TransitionKind::Fade {
            let head = clip.dissolve_in.max(clip.fade_in).max(1);
            clip.fade_out = frames(scene.transition_out).min(clip.frames.saturating_sub(head));
        }
    }
}

/// The shortest decimal that reads back as `x`: what the plan's JSON says and what
/// the add-on reads (`23.976`, where `f64::from` would give `23.97599983...`).
pub(crate) fn as_written(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// `SC 2: INT. GARAGE - NIGHT`, or `SC 2` when the plan has no such scene.
fn heading(plan: &ProductionPlan, scene: u32) -> String {
    match plan.scenes.iter().find(|s| s.scene == scene) {
        Some(s) if !s.heading.is_empty() => format!("SC {scene}: {}", s.heading),
        _ => format!("SC {scene}"),
    }
}

/// A point or span of interest on a clip, in the clip's own frames.
#[derive(Debug, Clone, PartialEq)]
struct Marker {
    name: String,
    comment: String,
    /// One of OpenTimelineIO's marker colours (also used by EDL locators).
    color: &'static str,
    frames: u64,
}

impl Clip {
    /// The source frame the clip starts on: a sequence's first file's number (its
    /// frame numbers are its timecode), else 0 for a still.
    pub fn source_in(&self) -> u64 {
        self.sequence.as_ref().map_or(0, |sequence| sequence.first)
    }

    /// Frames the clip holds on the timeline itself: all but its fade out, which
    /// (as in an EDL) is black that the clip dissolves into.
    pub fn event_frames(&self) -> u64 {
        self.frames - self.fade_out
    }

    /// The transitions on the clip, as a shot list or storyboard names them: `FADE
    /// IN` or `DISSOLVE` at its head, `FADE OUT` at its tail.
    pub fn transition_names(&self) -> Vec<&'static str> {
        [
            (self.fade_in, "FADE IN"),
            (self.dissolve_in, "DISSOLVE"),
            (self.fade_out, "FADE OUT"),
        ]
        .into_iter()
        .filter(|&(frames, _)| frames > 0)
        .map(|(_, name)| name)
        .collect()
    }

    /// A scene marker where a scene starts, a dialogue marker over a spoken line,
    /// and one over the clip for each of its titles and supers (for the online
    /// editor to set them).
    fn markers(&self) -> Vec<Marker> {
        let scene = self.opens_scene.as_ref().map(|heading| Marker {
            name: heading.clone(),
            comment: String::new(),
            color: "GREEN",
            frames: 0,
        });
        let line = self.shot.speaker.as_ref().map(|speaker| Marker {
            name: speaker.clone(),
            comment: self.shot.description.clone(),
            color: "YELLOW",
            frames: self.event_frames(),
        });
        let on_screen = self.on_screen.iter().map(|words| Marker {
            name: words.clone(),
            comment: "on screen".into(),
            color: "CYAN",
            frames: self.event_frames(),
        });
        scene.into_iter().chain(line).chain(on_screen).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot_model::{CameraMove, ShotKind, ShotSize};

    pub(crate) fn shot(id: &str, scene: u32, duration_s: f32) -> Shot {
        Shot {
            id: id.into(),
            scene,
            kind: ShotKind::Single,
            size: ShotSize::Mcu,
            movement: CameraMove::Static,
            subjects: vec!["NINA".into()],
            speaker: None,
            description: "Nina waits.".into(),
            duration_s,
            lens_mm: 50.0,
        }
    }

    pub(crate) fn plan(fps: f32, shots: Vec<Shot>) -> ProductionPlan {
        let json = serde_json::json!({
            "title": "Alley Kings", "slug": "alley-kings", "fps": fps,
            "resolution": [320, 180], "engine": "workbench", "samples": 1,
            "style": "stylized", "color_grade": "neutral", "retro": null,
            "scenes": [{"scene": 1, "heading": "INT. GARAGE - NIGHT", "pieces": [],
                        "lights": [], "world_color": "#000000"}],
            "shots": [], "setups": [], "warnings": []
        });
        let mut plan: ProductionPlan = serde_json::from_value(json).unwrap();
        plan.shots = shots;
        plan
    }

    /// A two-second shot at 24 fps, then a four-second card of end credits.
    pub(crate) fn credited_edit() -> Edit {
        let mut edit = edit(24.0, vec![shot("1-1", 1, 2.0)]).unwrap();
        edit.credits.push(CreditSpan {
            lines: vec!["CAST".into(), "NINA".into()],
            record_in: 48,
            frames: 96,
        });
        edit
    }

    pub(crate) fn edit(fps: f32, shots: Vec<Shot>) -> Result<Edit, EditError> {
        Edit::from_plan(&plan(fps, shots), |s| format!("frames/{}.png", s.id))
    }

    #[test]
    fn each_clip_carries_the_grade_its_frames_were_given() {
        let mut plan = plan(24.0, vec![shot("1-1", 1, 1.0), shot("2-1", 2, 1.0)]);
        let mut night = plan.scenes[0].clone();
        night.scene = 2;
        night.color_grade = Some("teal-orange".into());
        plan.scenes.push(night);
        let edit = Edit::from_plan(&plan, |s| s.id.clone()).unwrap();
        let grades: Vec<&str> = edit.clips.iter().map(|c| c.grade.as_str()).collect();
        assert_eq!(grades, ["neutral", "teal-orange"]);
    }

    #[test]
    fn rounding_follows_the_running_time_and_never_drifts() {
        // Ten 1.02 s shots at 24 fps: rounded one by one each would be 24 frames
        // (240 in all); the cut is 245, the running time rounded.
        let shots = (1..=10).map(|n| shot(&format!("1-{n}"), 1, 1.02)).collect();
        let edit = edit(24.0, shots).unwrap();
        assert_eq!(edit.frames(), 245);
        let lengths: Vec<u64> = edit.clips.iter().map(|c| c.frames).collect();
        assert!(lengths.iter().all(|&n| n == 24 || n == 25), "{lengths:?}");
        for pair in edit.clips.windows(2) {
            assert_eq!(pair[0].record_in + pair[0].frames, pair[1].record_in);
        }
    }

    #[test]
    fn ties_round_to_even_like_the_animatic() {
        // 0.4375 s at 24 fps is 10.5 frames exactly, 0.5625 s is 13.5: Python's
        // round() gives 10 and 14, not 11 and 14.
        assert_eq!(edit_at(24.0, &[0.4375]).frames(), 10);
        assert_eq!(edit_at(24.0, &[0.5625]).frames(), 14);
    }

    fn edit_at(fps: f32, durations: &[f32]) -> Edit {
        let shots = durations
            .iter()
            .enumerate()
            .map(|(n, &d)| shot(&format!("1-{n}"), 1, d))
            .collect();
        edit(fps, shots).unwrap()
    }

    #[test]
    fn end_credits_follow_the_last_shot_on_the_running_time() {
        let mut plan = plan(24.0, vec![shot("1-1", 1, 1.02)]);
        plan.end_credits = ["CAST", "Made with oneshot"]
            .map(|line| oneshot_model::CreditCard {
                lines: vec![line.into()],
                seconds: 1.02,
            })
            .into();
        let edit = Edit::from_plan(&plan, |s| s.id.clone()).unwrap();
        let spans: Vec<(u64, u64)> = edit
            .credits
            .iter()
            .map(|c| (c.record_in, c.frames))
            .collect();
        // 24.48 and 48.96 frames rounded: 24, then 49.
        assert_eq!(spans, [(24, 25), (49, 24)]);
        assert_eq!(edit.frames(), 73);
        assert_eq!(edit.credits[1].lines, ["Made with oneshot"]);
        // No shots, no credits; a card that is no duration is refused.
        plan.shots.clear();
        assert!(
            Edit::from_plan(&plan, |s| s.id.clone())
                .unwrap()
                .credits
                .is_empty()
        );
        plan.shots = vec![shot("1-1", 1, 1.0)];
        plan.end_credits[0].seconds = f32::NAN;
        let err = Edit::from_plan(&plan, |s| s.id.clone()).unwrap_err();
        assert!(matches!(err, EditError::CreditDuration { card: 1, .. }));
        assert_eq!(
            err.to_string(),
            "end credits, card 1: NaN s is not a duration"
        );
    }

    #[test]
    fn every_shot_gets_a_frame() {
        let edit = edit_at(24.0, &[0.0, 0.01, 2.0]);
        let lengths: Vec<u64> = edit.clips.iter().map(|c| c.frames).collect();
        assert_eq!(lengths, [1, 1, 46]);
    }

    #[test]
    fn ntsc_rates_snap_and_count_in_whole_timecode_frames() {
        let rate = Rate::new(23.976, false).unwrap();
        assert_eq!(rate.fps, 23.976);
        assert_eq!(rate.timeline_fps, 24000.0 / 1001.0);
        assert_eq!(rate.timecode_base, 24);
        assert_eq!(Rate::new(29.97, false).unwrap().timecode_base, 30);
        let odd = Rate::new(12.5, false).unwrap();
        assert_eq!((odd.timeline_fps, odd.timecode_base), (12.5, 13));
        assert_eq!(Rate::new(0.5, false).unwrap().timecode_base, 1);
        assert_eq!(Rate::new(25.0, false).unwrap().timeline_fps, 25.0);
    }

    #[test]
    fn timecode_counts_whole_frames_in_the_base() {
        let at = |fps| Rate::new(fps, false).unwrap();
        assert_eq!(at(24.0).timecode(0), "00:00:00:00");
        assert_eq!(at(24.0).timecode(86_400), "01:00:00:00");
        assert_eq!(at(24.0).timecode(86_400 + 24 * 61 + 23), "01:01:01:23");
        assert_eq!(at(25.0).timecode(90_000 + 29), "01:00:01:04");
        // A day later the clock shows the same time.
        assert_eq!(at(24.0).timecode(24 * 86_400 * 24 + 1), "00:00:00:01");
        assert_eq!(at(29.97).record_start(), 108_000);
    }

    #[test]
    fn drop_frame_timecode_skips_the_first_numbers_of_each_minute_but_the_tenth() {
        let df = Rate::new(29.97, true).unwrap();
        let tc = |frame| df.timecode(frame);
        assert_eq!(tc(1799), "00:00:59;29");
        assert_eq!(tc(1800), "00:01:00;02");
        assert_eq!(tc(3597), "00:01:59;29");
        assert_eq!(tc(3598), "00:02:00;02");
        assert_eq!(tc(17_981), "00:09:59;29");
        assert_eq!(tc(17_982), "00:10:00;00");
        assert_eq!(tc(17_982 + 1800), "00:11:00;02");
        // The cut starts at 01:00:00;00, an hour of the clock's time to 4 ms.
        assert_eq!(df.record_start(), 107_892);
        assert_eq!(tc(df.record_start()), "01:00:00;00");
        assert!((107_892.0 / df.timeline_fps - 3600.0).abs() < 0.004);
        let df60 = Rate::new(59.94, true).unwrap();
        assert_eq!(df60.timecode(3600), "00:01:00;04");
        assert_eq!(df60.timecode(df60.record_start()), "01:00:00;00");
    }

    #[test]
    fn drop_frame_is_refused_where_there_are_no_frames_to_drop() {
        for fps in [24.0, 23.976, 25.0, 30.0, 60.0] {
            assert!(
                matches!(Rate::new(fps, true), Err(EditError::DropFrame { .. })),
                "{fps} accepted"
            );
        }
    }

    #[test]
    fn nonsense_rates_and_durations_are_refused() {
        for fps in [0.0, -24.0, f32::NAN, f32::INFINITY, 5000.0] {
            assert!(
                matches!(Rate::new(fps, false), Err(EditError::Fps(_))),
                "{fps} accepted"
            );
        }
        let err = edit(24.0, vec![shot("2-1", 2, -1.0)]).unwrap_err();
        assert_eq!(err.to_string(), "shot 2-1: -1 s is not a duration");
        for seconds in [f32::NAN, f32::INFINITY, 1e9] {
            assert!(
                edit(24.0, vec![shot("2-1", 2, seconds)]).is_err(),
                "{seconds}"
            );
        }
    }

    #[test]
    fn scenes_open_with_their_heading() {
        let edit = edit(
            24.0,
            vec![
                shot("1-1", 1, 1.0),
                shot("1-2", 1, 1.0),
                shot("2-1", 2, 1.0),
            ],
        )
        .unwrap();
        let openings: Vec<_> = edit
            .clips
            .iter()
            .map(|c| c.opens_scene.as_deref())
            .collect();
        assert_eq!(
            openings,
            [Some("SC 1: INT. GARAGE - NIGHT"), None, Some("SC 2")]
        );
    }

    /// Scene 1 fades up and cuts to scene 2, which dissolves in (1 s) from a
    /// half-second shot and fades out: at 24 fps.
    pub(crate) fn transitions() -> Edit {
        let mut plan = plan(
            24.0,
            vec![
                shot("1-1", 1, 2.0),
                shot("1-2", 1, 0.5),
                shot("2-1", 2, 0.5),
                shot("2-2", 2, 2.0),
            ],
        );
        let at = |kind, seconds| Transition { kind, seconds };
        plan.scenes[0].transition_in = at(TransitionKind::Fade, 1.0);
        let mut second = plan.scenes[0].clone();
        second.scene = 2;
        second.transition_in = at(TransitionKind::Dissolve, 1.0);
        second.transition_out = at(TransitionKind::Fade, 1.0);
        plan.scenes.push(second);
        Edit::from_plan(&plan, |s| format!("frames/{}.png", s.id)).unwrap()
    }

    #[test]
    fn transitions_land_on_the_first_and_last_clips_of_their_scenes() {
        let edit = transitions();
        let placed: Vec<_> = edit
            .clips
            .iter()
            .map(|c| (c.fade_in, c.dissolve_in, c.fade_out, c.event_frames()))
            .collect();
        // The dissolve is held to its half-second clip; the cut keeps its length.
        assert_eq!(
            placed,
            [
                (24, 0, 0, 48),
                (0, 0, 0, 12),
                (0, 12, 0, 12),
                (0, 0, 24, 24)
            ]
        );
        assert_eq!(edit.frames(), 120);
    }

    #[test]
    fn a_fade_out_leaves_the_head_and_a_frame() {
        let mut plan = plan(24.0, vec![shot("1-1", 1, 0.5)]);
        let fade = Transition {
            kind: TransitionKind::Fade,
            seconds: 1.0,
        };
        plan.scenes[0].transition_in = fade;
        plan.scenes[0].transition_out = fade;
        let edit = Edit::from_plan(&plan, |s| s.id.clone()).unwrap();
        let clip = &edit.clips[0];
        assert_eq!(
            (clip.fade_in, clip.fade_out, clip.event_frames()),
            (12, 0, 12)
        );
        plan.shots[0].duration_s = 2.0;
        let edit = Edit::from_plan(&plan, |s| s.id.clone()).unwrap();
        let clip = &edit.clips[0];
        assert_eq!(
            (clip.fade_in, clip.fade_out, clip.event_frames()),
            (24, 24, 24)
        );
    }

    #[test]
    fn an_empty_plan_is_an_empty_cut() {
        let edit = edit(24.0, vec![]).unwrap();
        assert_eq!(edit.frames(), 0);
    }
}
