//! The cut as an OpenTimelineIO timeline (`.otio` JSON).
//!
//! `Timeline.1` > `Stack.1` > a video `Track.1` of `Clip.2`s, the schema versions
//! OpenTimelineIO 0.18 writes. Each clip is named by its shot id, holds its still
//! through an `ExternalReference.1` (a URL relative to the output folder), or
//! every frame of a moving shot rendered in full motion through an
//! `ImageSequenceReference.1`, and
//! carries the shot list's entry and the grade its frames were given
//! (`color_grade`) under `metadata["oneshot"]` and its EDL reel name
//! under `metadata["cmx_3600"]`. Each sound file (the temp mix, or its stems) is an
//! audio track of one clip from the first frame to the last. Dissolves are
//! `Transition.1`s starting on the cut; a fade is a dissolve from or into a
//! `Gap.1` of black. Each card of the end credits is a `Gap.1` named `end
//! credits`, its lines under `metadata["oneshot"]["end_credits"]`. The timeline
//! starts at `01:00:00:00`, as
//! the EDL's record timecode does.

use serde_json::{Value, json};

use crate::{Clip, Edit, ImageSequence, Marker, Soundtrack, as_written};

impl Edit {
    /// The cut as OpenTimelineIO JSON.
    pub fn otio(&self) -> String {
        let rate = self.rate.timeline_fps;
        let mut video = Vec::with_capacity(self.clips.len());
        for c in &self.clips {
            if c.fade_in > 0 {
                // A transition needs an item on each side: black before a fade up.
                if video
                    .last()
                    .is_none_or(|item: &Value| item["OTIO_SCHEMA"] != "Gap.1")
                {
                    video.push(gap(0, rate));
                }
                video.push(dissolve(c.fade_in, rate));
            }
            if c.dissolve_in > 0 {
                video.push(dissolve(c.dissolve_in, rate));
            }
            video.push(clip(c, rate));
            if c.fade_out > 0 {
                video.push(dissolve(c.fade_out, rate));
                video.push(gap(c.fade_out, rate));
            }
        }
        for card in &self.credits {
            let mut black = gap(card.frames, rate);
            black["name"] = json!("end credits");
            black["metadata"] = json!({"oneshot": {"end_credits": card.lines}});
            video.push(black);
        }
        let mut tracks = vec![track("V1", "Video", video)];
        if self.frames() > 0 {
            for (n, sound) in self.soundtracks().iter().enumerate() {
                let clip = soundtrack(sound, self.rate.record_start(), self.frames(), rate);
                tracks.push(track(&format!("A{}", n + 1), "Audio", vec![clip]));
            }
        }
        let timeline = json!({
            "OTIO_SCHEMA": "Timeline.1",
            "metadata": {"oneshot": {"fps": self.rate.fps}},
            "name": self.title,
            "global_start_time": time(self.rate.record_start(), rate),
            "tracks": {
                "OTIO_SCHEMA": "Stack.1",
                "metadata": {},
                "name": "tracks",
                "source_range": null,
                "effects": [],
                "markers": [],
                "enabled": true,
                "color": null,
                "children": tracks
            }
        });
        format!("{timeline:#}\n")
    }
}

fn track(name: &str, kind: &str, children: Vec<Value>) -> Value {
    json!({
        "OTIO_SCHEMA": "Track.1",
        "metadata": {},
        "name": name,
        "source_range": null,
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null,
        "children": children,
        "kind": kind
    })
}

/// A sound file as one clip of the cut's length: the file is exactly that long,
/// and its time starts where the cut's does (`start`, 01:00:00:00), as its
/// Broadcast Wave time reference says.
fn soundtrack(sound: &Soundtrack, start: u64, frames: u64, rate: f64) -> Value {
    external_clip(&sound.name, &sound.url, start, frames, Some(frames), rate)
}

fn clip(clip: &Clip, rate: f64) -> Value {
    let shot = &clip.shot;
    // A still has no length of its own: it holds as long as it is cut.
    let mut value = external_clip(&shot.id, &clip.media, 0, clip.event_frames(), None, rate);
    value["metadata"] = json!({
        "oneshot": {
            "scene": shot.scene,
            "kind": shot.kind,
            "size": shot.size,
            "movement": shot.movement,
            "lens_mm": as_written(shot.lens_mm),
            "subjects": shot.subjects,
            "speaker": shot.speaker,
            "description": shot.description,
            "duration_s": as_written(shot.duration_s),
            "color_grade": clip.grade
        },
        // Where OpenTimelineIO's CMX 3600 adapter looks for a reel name.
        "cmx_3600": {"reel": clip.reel}
    });
    value["markers"] = clip.markers().iter().map(|m| marker(m, rate)).collect();
    if let Some(sequence) = &clip.sequence {
        value["media_references"]["DEFAULT_MEDIA"] = image_sequence(sequence, rate);
    } else if !clip.rendered {
        value["media_references"]["DEFAULT_MEDIA"] = json!({
            "OTIO_SCHEMA": "MissingReference.1",
            "metadata": {"oneshot": {"expected_url": clip.media}},
            "name": "",
            "available_range": null,
            "available_image_bounds": null
        });
    }
    value
}

/// Every frame of a moving shot, as OpenTimelineIO names an image sequence.
fn image_sequence(sequence: &ImageSequence, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "ImageSequenceReference.1",
        "metadata": {},
        "name": "",
        "available_range": range(0, sequence.frames, rate),
        "available_image_bounds": null,
        "target_url_base": sequence.folder,
        "name_prefix": "",
        "name_suffix": ".png",
        "start_frame": sequence.first,
        "frame_step": 1,
        "rate": rate,
        "frame_zero_padding": 4,
        // A cut a frame longer than the render, or a fade out past it, holds the last.
        "missing_frame_policy": "hold"
    })
}

/// A clip playing the first `frames` of the file at `url` (relative to the output
/// folder), whose own time starts at `start` and whose length is `available`
/// frames (`None`: a still).
fn external_clip(
    name: &str,
    url: &str,
    start: u64,
    frames: u64,
    available: Option<u64>,
    rate: f64,
) -> Value {
    json!({
        "OTIO_SCHEMA": "Clip.2",
        "metadata": {},
        "name": name,
        "source_range": range(start, frames, rate),
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null,
        "media_references": {
            "DEFAULT_MEDIA": {
                "OTIO_SCHEMA": "ExternalReference.1",
                "metadata": {},
                "name": "",
                "available_range": available.map(|frames| range(start, frames, rate)),
                "available_image_bounds": null,
                "target_url": url
            }
        },
        "active_media_reference_key": "DEFAULT_MEDIA"
    })
}

/// A dissolve that starts on the cut and runs `frames` into the next item, as
/// OpenTimelineIO's CMX 3600 adapter reads an EDL's; into or out of a gap, a fade.
fn dissolve(frames: u64, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "Transition.1",
        "metadata": {},
        "name": "",
        "transition_type": "SMPTE_Dissolve",
        "in_offset": time(0, rate),
        "out_offset": time(frames, rate)
    })
}

/// Black for `frames`.
fn gap(frames: u64, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "Gap.1",
        "metadata": {},
        "name": "",
        "source_range": range(0, frames, rate),
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null
    })
}

fn marker(marker: &Marker, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "Marker.2",
        "metadata": {},
        "name": marker.name,
        "color": marker.color,
        "marked_range": range(0, marker.frames, rate),
        "comment": marker.comment
    })
}

fn range(start: u64, frames: u64, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "TimeRange.1",
        "duration": time(frames, rate),
        "start_time": time(start, rate)
    })
}

fn time(frames: u64, rate: f64) -> Value {
    json!({"OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": frames as f64})
}

#[cfg(test)]
mod tests {
    use crate::tests::{credited_edit, edit, shot};
    use serde_json::Value;

    #[test]
    fn clips_hold_their_stills_for_their_frames() {
        let mut line = shot("1-2", 1, 2.5);
        line.speaker = Some("NINA".into());
        let edit = edit(23.976, vec![shot("1-1", 1, 6.0), line]).unwrap();
        let otio: Value = serde_json::from_str(&edit.otio()).unwrap();
        assert_eq!(otio["OTIO_SCHEMA"], "Timeline.1");
        assert_eq!(otio["global_start_time"]["value"], 86_400.0);
        let track = &otio["tracks"]["children"][0];
        assert_eq!(
            (&track["OTIO_SCHEMA"], &track["kind"]),
            (&"Track.1".into(), &"Video".into())
        );
        let clips = track["children"].as_array().unwrap();
        assert_eq!(clips.len(), 2);
        let second = &clips[1];
        assert_eq!(second["name"], "1-2");
        let duration = &second["source_range"]["duration"];
        assert_eq!(duration["value"], 60.0);
        assert_eq!(duration["rate"], 24000.0 / 1001.0);
        let media = &second["media_references"]["DEFAULT_MEDIA"];
        assert_eq!(media["target_url"], "frames/1-2.png");
        assert_eq!(second["metadata"]["oneshot"]["size"], "MCU");
        assert_eq!(second["metadata"]["oneshot"]["color_grade"], "neutral");
        // As the shot list writes it, without the noise of single precision.
        let noisy = crate::tests::edit(24.0, vec![shot("1-1", 1, 3.8)]).unwrap();
        let otio: Value = serde_json::from_str(&noisy.otio()).unwrap();
        let clip = &otio["tracks"]["children"][0]["children"][0];
        assert_eq!(clip["metadata"]["oneshot"]["duration_s"], 3.8);
        assert_eq!(second["metadata"]["cmx_3600"]["reel"], "1X2");
        let names: Vec<&Value> = clips
            .iter()
            .flat_map(|c| c["markers"].as_array().unwrap())
            .map(|m| &m["name"])
            .collect();
        assert_eq!(names, ["SC 1: INT. GARAGE - NIGHT", "NINA"]);
        assert_eq!(
            second["markers"][0]["marked_range"]["duration"]["value"],
            60.0
        );
        assert_eq!(otio["tracks"]["children"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn end_credits_are_named_black_and_the_soundtrack_runs_under_them() {
        let mut edit = credited_edit();
        edit.mix = Some(crate::Soundtrack {
            name: "temp mix".into(),
            url: "sound/temp_mix.wav".into(),
        });
        let otio: Value = serde_json::from_str(&edit.otio()).unwrap();
        let video = &otio["tracks"]["children"][0]["children"];
        let credits = &video[1];
        assert_eq!(
            (&credits["OTIO_SCHEMA"], &credits["name"]),
            (&"Gap.1".into(), &"end credits".into())
        );
        assert_eq!(credits["source_range"]["duration"]["value"], 96.0);
        let lines = &credits["metadata"]["oneshot"]["end_credits"];
        assert_eq!(lines, &serde_json::json!(["CAST", "NINA"]));
        let mix = &otio["tracks"]["children"][1]["children"][0];
        assert_eq!(mix["source_range"]["duration"]["value"], 144.0);
        // The mix's own time starts at 01:00:00:00, as its time reference says.
        assert_eq!(mix["source_range"]["start_time"]["value"], 86400.0);
        let available = &mix["media_references"]["DEFAULT_MEDIA"]["available_range"];
        assert_eq!(available["start_time"]["value"], 86400.0);
    }

    #[test]
    fn the_soundtrack_runs_the_length_of_the_cut() {
        let mut edit = edit(25.0, vec![shot("1-1", 1, 2.0), shot("1-2", 1, 1.5)]).unwrap();
        edit.stems = ["dialogue", "effects"]
            .map(|name| crate::Soundtrack {
                name: name.to_owned(),
                url: format!("sound/stems/{name}.wav"),
            })
            .to_vec();
        let otio: Value = serde_json::from_str(&edit.otio()).unwrap();
        let audio = &otio["tracks"]["children"][2];
        assert_eq!(
            (&audio["kind"], &audio["name"]),
            (&"Audio".into(), &"A2".into())
        );
        let [effects] = audio["children"].as_array().unwrap().as_slice() else {
            panic!("one clip: {audio}")
        };
        assert_eq!(effects["name"], "effects");
        assert_eq!(effects["source_range"]["duration"]["value"], 88.0);
        let media = &effects["media_references"]["DEFAULT_MEDIA"];
        assert_eq!(media["target_url"], "sound/stems/effects.wav");
        edit.clips.clear();
        let empty: Value = serde_json::from_str(&edit.otio()).unwrap();
        let tracks = empty["tracks"]["children"].as_array().unwrap();
        assert_eq!(tracks.len(), 1, "no sound without a cut");
    }
}
