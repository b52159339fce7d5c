//! The reports a production office runs on a broken-down script: character,
//! location, scene (the [`Scene`] list itself), element (each department's list),
//! script statistics and pacing.

use std::collections::BTreeMap;

use oneshot_model::{Category, DayNight, IntExt, Scene, Script};
use serde::Serialize;

use crate::lexicon;

/// A scene this many times longer than the average is flagged by the pacing report.
pub const LONG_SCENE_FACTOR: f32 = 2.5;
/// A speech this long (seconds) is flagged as a long speech.
pub const LONG_SPEECH_SECONDS: f32 = 30.0;

/// Every report at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reports {
    pub characters: Vec<CharacterReport>,
    pub locations: Vec<LocationReport>,
    pub elements: Vec<ElementReport>,
    pub statistics: Statistics,
    pub pacing: Pacing,
}

/// One character across the script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CharacterReport {
    pub name: String,
    pub speeches: u32,
    pub words: u32,
    /// Scenes the character speaks or appears in.
    pub scenes: u32,
    /// Page length of those scenes, in eighths.
    pub eighths: u32,
    pub locations: Vec<String>,
}

/// One location (set) across the script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationReport {
    pub location: String,
    /// Its scenes' INT or EXT: INT/EXT when it has scenes of both.
    pub int_ext: Option<IntExt>,
    pub scenes: Vec<u32>,
    pub eighths: u32,
    pub day_scenes: u32,
    pub night_scenes: u32,
}

/// One breakdown element (a prop, a vehicle, an extra, ...) across the script: what
/// its department must have ready, and for which scenes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementReport {
    pub category: Category,
    pub element: String,
    pub scenes: Vec<u32>,
    /// Story days it is needed on (continuity: the same state day to day).
    pub story_days: Vec<u32>,
}

/// Script statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub scenes: u32,
    /// Total length in eighths of a page.
    pub eighths: u32,
    pub int_scenes: u32,
    pub ext_scenes: u32,
    pub int_ext_scenes: u32,
    pub day_scenes: u32,
    pub night_scenes: u32,
    pub speaking_characters: u32,
    pub dialogue_words: u32,
    pub dialogue_seconds: f32,
    pub action_seconds: f32,
    pub runtime_seconds: f32,
    pub story_days: u32,
}

/// The script doctor's view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pacing {
    /// Dialogue words per minute of estimated screen time.
    pub words_per_minute: f32,
    pub average_scene_seconds: f32,
    pub long_speeches: Vec<LongSpeech>,
    /// Scenes over [`LONG_SCENE_FACTOR`] times the average.
    pub long_scenes: Vec<LongScene>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongSpeech {
    pub scene: u32,
    pub character: String,
    pub words: u32,
    pub seconds: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongScene {
    pub scene: u32,
    pub heading: String,
    pub seconds: f32,
    /// How many times the average scene.
    pub ratio: f32,
}

/// Runs every report.
pub fn reports(script: &Script) -> Reports {
    Reports {
        characters: characters(script),
        locations: locations(script),
        elements: elements(script),
        statistics: statistics(script),
        pacing: pacing(script),
    }
}

/// Speaking characters first (as in [`Script::characters`]), then the cast who
/// never speak (`an OLD WOMAN`, a stand-in), in order of first appearance, with
/// no speeches: a cast list, each with their pages and sets.
pub fn characters(script: &Script) -> Vec<CharacterReport> {
    let report = |name: &str, speeches: u32, words: u32| {
        let scenes: Vec<&Scene> = script
            .scenes
            .iter()
            // Heard (a voice over) or seen: the script's count, not the shoot's.
            .filter(|s| s.speaking.iter().any(|n| n == name) || s.cast().contains(&name))
            .collect();
        let mut locations: Vec<String> = Vec::new();
        for scene in &scenes {
            if !scene.location.is_empty() && !locations.contains(&scene.location) {
                locations.push(scene.location.clone());
            }
        }
        CharacterReport {
            name: name.to_owned(),
            speeches,
            words,
            scenes: scenes.len() as u32,
            eighths: scenes.iter().map(|s| s.eighths).sum(),
            locations,
        }
    };
    let mut reports: Vec<CharacterReport> = (script.characters.iter())
        .map(|summary| report(&summary.name, summary.speeches, summary.words))
        .collect();
    for scene in &script.scenes {
        for name in scene.cast() {
            if !reports.iter().any(|known| known.name == name) {
                reports.push(report(name, 0, 0));
            }
        }
    }
    reports
}

/// Locations in order of first appearance.
pub fn locations(script: &Script) -> Vec<LocationReport> {
    let mut reports: Vec<LocationReport> = Vec::new();
    let mut previous = DayNight::Day;
    for scene in &script.scenes {
        let day_night = scene.day_night(previous);
        previous = day_night;
        let report = match reports.iter_mut().find(|r| r.location == scene.location) {
            Some(report) => report,
            None => {
                reports.push(LocationReport {
                    location: scene.location.clone(),
                    int_ext: scene.int_ext,
                    scenes: Vec::new(),
                    eighths: 0,
                    day_scenes: 0,
                    night_scenes: 0,
                });
                reports.last_mut().expect("just pushed")
            }
        };
        report.int_ext = match (report.int_ext, scene.int_ext) {
            (Some(known), Some(this)) if known != this => Some(IntExt::IntExt),
            (known, this) => known.or(this),
        };
        report.scenes.push(scene.number);
        report.eighths += scene.eighths;
        match day_night {
            DayNight::Day => report.day_scenes += 1,
            DayNight::Night => report.night_scenes += 1,
        }
    }
    reports
}

/// Every element but the cast (the character report has them), by category in
/// breakdown-sheet order, then by first appearance.
pub fn elements(script: &Script) -> Vec<ElementReport> {
    let mut reports: Vec<ElementReport> = Vec::new();
    for category in Category::ALL.into_iter().filter(|c| *c != Category::Cast) {
        let first = reports.len();
        for scene in &script.scenes {
            for element in scene.elements.get(&category).into_iter().flatten() {
                let report = match reports[first..]
                    .iter_mut()
                    .find(|r| lexicon::same_element(&r.element, element))
                {
                    Some(report) => report,
                    None => {
                        reports.push(ElementReport {
                            category,
                            element: element.clone(),
                            scenes: Vec::new(),
                            story_days: Vec::new(),
                        });
                        reports.last_mut().expect("just pushed")
                    }
                };
                if report.scenes.last() != Some(&scene.number) {
                    report.scenes.push(scene.number);
                }
                if !report.story_days.contains(&scene.story_day) {
                    report.story_days.push(scene.story_day);
                }
            }
        }
    }
    reports
}

pub fn statistics(script: &Script) -> Statistics {
    let scenes = &script.scenes;
    let count =
        |int_ext: IntExt| scenes.iter().filter(|s| s.int_ext == Some(int_ext)).count() as u32;
    let mut previous = DayNight::Day;
    let mut day_night = BTreeMap::new();
    for scene in scenes {
        previous = scene.day_night(previous);
        *day_night.entry(previous).or_insert(0u32) += 1;
    }
    let dialogue_seconds: f32 = scenes
        .iter()
        .flat_map(|s| &s.lines)
        .map(|l| l.duration_s)
        .sum();
    let runtime_seconds: f32 = scenes.iter().map(|s| s.estimated_seconds).sum();
    Statistics {
        scenes: scenes.len() as u32,
        eighths: scenes.iter().map(|s| s.eighths).sum(),
        int_scenes: count(IntExt::Int),
        ext_scenes: count(IntExt::Ext),
        int_ext_scenes: count(IntExt::IntExt),
        day_scenes: day_night.get(&DayNight::Day).copied().unwrap_or(0),
        night_scenes: day_night.get(&DayNight::Night).copied().unwrap_or(0),
        speaking_characters: script.characters.len() as u32,
        dialogue_words: script.characters.iter().map(|c| c.words).sum(),
        dialogue_seconds,
        action_seconds: (runtime_seconds - dialogue_seconds).max(0.0),
        runtime_seconds,
        story_days: scenes.iter().map(|s| s.story_day).max().unwrap_or(0),
    }
}

pub fn pacing(script: &Script) -> Pacing {
    let scenes = &script.scenes;
    let runtime: f32 = scenes.iter().map(|s| s.estimated_seconds).sum();
    let words: usize = scenes
        .iter()
        .flat_map(|s| &s.lines)
        .map(|l| l.text.split_whitespace().count())
        .sum();
    let average = if scenes.is_empty() {
        0.0
    } else {
        runtime / scenes.len() as f32
    };
    let mut long_speeches = Vec::new();
    for scene in scenes {
        // A speech is the run of lines one character speaks without interruption.
        let mut run: Option<LongSpeech> = None;
        for line in &scene.lines {
            match run.as_mut() {
                Some(speech) if speech.character == line.character => {
                    speech.words += line.text.split_whitespace().count() as u32;
                    speech.seconds += line.duration_s;
                }
                _ => {
                    long_speeches.extend(run.take().filter(|s| s.seconds >= LONG_SPEECH_SECONDS));
                    run = Some(LongSpeech {
                        scene: scene.number,
                        character: line.character.clone(),
                        words: line.text.split_whitespace().count() as u32,
                        seconds: line.duration_s,
                    });
                }
            }
        }
        long_speeches.extend(run.filter(|s| s.seconds >= LONG_SPEECH_SECONDS));
    }
    let long_scenes = scenes
        .iter()
        .filter(|s| average > 0.0 && s.estimated_seconds > LONG_SCENE_FACTOR * average)
        .map(|s| LongScene {
            scene: s.number,
            heading: s.heading.clone(),
            seconds: s.estimated_seconds,
            ratio: s.estimated_seconds / average,
        })
        .collect();
    Pacing {
        words_per_minute: if runtime > 0.0 {
            words as f32 * 60.0 / runtime
        } else {
            0.0
        },
        average_scene_seconds: average,
        long_speeches,
        long_scenes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown_source;

    #[test]
    fn reports_add_up() {
        let long = "word ".repeat(90);
        let text = format!(
            "INT. A - DAY\n\nBOB\nHi there.\n\nEXT. B - NIGHT\n\nBOB\n{long}\n\nANN\nOk.\n\nINT. A - DAY\n\nBob sits."
        );
        let script = breakdown_source(&text, "t.fountain").unwrap();
        let r = reports(&script);
        assert_eq!(r.statistics.scenes, 3);
        assert_eq!((r.statistics.int_scenes, r.statistics.ext_scenes), (2, 1));
        assert_eq!((r.statistics.day_scenes, r.statistics.night_scenes), (2, 1));
        assert_eq!(r.locations[0].scenes, [1, 3]);
        assert_eq!(r.characters[0].name, "BOB");
        assert_eq!(
            r.characters[0].scenes, 3,
            "speaks in two, appears in the third"
        );
        assert_eq!(r.pacing.long_speeches.len(), 1);
        assert_eq!(r.pacing.long_speeches[0].words, 90);
    }

    #[test]
    fn the_character_report_is_a_cast_list() {
        let text = "INT. HOUSE - NIGHT\n\nAn OLD WOMAN opens the door.\n\nBOB\nHi.\n\n\
                    EXT. GATE - NIGHT\n\nThe Old Woman waves.";
        let r = reports(&breakdown_source(text, "t.fountain").unwrap());
        let cast: Vec<(&str, u32, u32)> = (r.characters.iter())
            .map(|c| (c.name.as_str(), c.speeches, c.scenes))
            .collect();
        // The speakers first, then those who never speak.
        assert_eq!(cast, [("BOB", 1, 1), ("OLD WOMAN", 0, 2)]);
    }

    #[test]
    fn one_place_however_it_is_spelt_inside_and_out() {
        let text = "INT. BIG TOP - NIGHT\n\nAll quiet.\n\nEXT. BIG-TOP - PRE-DAWN\n\nMist.\n\n\
                    INT. THE BIG TOP - DAY\n\nEmpty.\n";
        let script = breakdown_source(text, "t.fountain").unwrap();
        let places: Vec<&str> = script.scenes.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(places, ["BIG TOP"; 3]);
        let r = reports(&script);
        assert_eq!(r.locations.len(), 1);
        assert_eq!(r.locations[0].int_ext, Some(IntExt::IntExt));
        // Before dawn is still dark.
        assert_eq!(
            (r.locations[0].day_scenes, r.locations[0].night_scenes),
            (1, 2)
        );
    }

    #[test]
    fn every_department_gets_its_list_with_each_element_once() {
        let text = "INT. A - DAY\n\nBob loads a REVOLVER. Rain.\n\nINT. B - NIGHT\n\nThe revolver again.\n\nINT. C - MORNING\n\n[[prop: revolvers, chain]]";
        let script = breakdown_source(text, "t.fountain").unwrap();
        let reports = elements(&script);
        let found: Vec<(Category, &str, &[u32], &[u32])> = reports
            .iter()
            .map(|e| {
                (
                    e.category,
                    e.element.as_str(),
                    &e.scenes[..],
                    &e.story_days[..],
                )
            })
            .collect();
        assert!(
            found.contains(&(Category::Props, "revolver", &[1, 2, 3][..], &[1, 2][..])),
            "{found:?}"
        );
        assert!(found.contains(&(Category::Props, "chain", &[3][..], &[2][..])));
        assert_eq!(
            found.iter().filter(|e| e.1.starts_with("revolver")).count(),
            1
        );
        assert!(found.iter().all(|e| e.0 != Category::Cast));
        let order: Vec<Category> = found.iter().map(|e| e.0).collect();
        assert!(order.is_sorted(), "breakdown-sheet order: {order:?}");
    }
}
