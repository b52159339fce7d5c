//! The shot list as the camera department prints it: `shotlist.html`, a table per
//! scene with one row per shot, and `shotlist.csv`, the same rows for a
//! spreadsheet. (`shotlist.json` is the machine-readable list.)
//!
//! Each row has what the DP and the 1st AD plan a set-up by: size, kind and move,
//! the rig (see [`crate::grip_electric`]), how sound records it ([`recording`]),
//! lens, camera height and focus distance, who is in it, what is said or done,
//! who walks on or off in it, how long it runs and the transitions on it in the
//! cut; and its set-up as the slate names it, with the set-up rolling beside it
//! on a B camera (see [`crate::setups`]). Each scene's table closes with its
//! set-ups in shooting order: what the 1st AD schedules the day by.

use glam::Vec3;
use oneshot_edit::{Clip, Edit};
use oneshot_model::{
    CameraMove, EffectKind, LightData, ProductionPlan, Shot, ShotKind, ShotSetup, ShotSize, quote,
};
use serde::Serialize;

use crate::grip_electric::rig;
use crate::post::serde_name;
use crate::setups::{Setup, setups};

/// The set-up's columns (camera, rig and production sound), as the CSV and the
/// printed table head them.
const SETUP_COLUMNS: [(&str, &str); 8] = [
    ("size", "Size"),
    ("kind", "Kind"),
    ("movement", "Move"),
    ("support", "Rig"),
    ("sound", "Sound"),
    ("lens_mm", "Lens mm"),
    ("camera_height_m", "Height m"),
    ("focus_m", "Focus m"),
];
/// The last three set-up columns are numbers.
const SETUP_NUMBERS: usize = 3;

/// One shot's row, as text.
struct Row {
    shot: String,
    scene: u32,
    /// One cell per [`SETUP_COLUMNS`]: the height is metres above the floor, at
    /// the move's first key.
    setup: [String; 8],
    /// The height and focus at a move's last key, where it moved them (empty
    /// else): with the first, the focus puller's marks.
    ends: [String; 2],
    subjects: String,
    speaker: String,
    description: String,
    /// Who walks on or off in it (`NINA walks on; RAY runs off`).
    blocking: String,
    duration_s: String,
    transitions: String,
    /// The set-up's slate name (`4A`) and the one rolling with it on a B camera.
    slate: String,
    b_camera: String,
}

/// What the shot list says of one shot, found once for its three forms.
struct Facts<'p, 's> {
    clip: &'p Clip,
    setup: Option<&'p ShotSetup>,
    /// The key light as the set-up has it (its scene's, or where it relights it).
    key: Option<&'p LightData>,
    blocking: String,
    slate: Option<&'s Setup>,
}

impl<'p> Facts<'p, '_> {
    /// A move's last key; none for a camera that stays put.
    fn last_key(&self) -> Option<&'p oneshot_model::CameraKey> {
        self.setup.and_then(|s| s.path.as_ref()?.keys.last())
    }
}

/// One shot of `shotlist.json`: the plan's shot, and what the printed list adds:
/// its set-up as the slate names it and the B camera beside it, the rig, how
/// sound records it, the camera's height and focus (a move's at its first key
/// and its last: the focus puller's marks), who walks on or off, and the
/// transitions on it in the cut.
#[derive(Serialize)]
pub struct Entry<'p> {
    #[serde(flatten)]
    shot: &'p Shot,
    setup: Option<String>,
    b_camera: Option<String>,
    support: Option<&'static str>,
    sound: &'static str,
    camera_height_m: Option<f32>,
    focus_m: Option<f32>,
    end_camera_height_m: Option<f32>,
    end_focus_m: Option<f32>,
    blocking: String,
    transitions: Vec<&'static str>,
}

/// The shot list for programs, one [`Entry`] per shot in cutting order.
pub fn entries<'p>(plan: &'p ProductionPlan, edit: &'p Edit) -> Vec<Entry<'p>> {
    let setups = setups(plan);
    facts(plan, edit, &setups)
        .into_iter()
        .map(|facts| {
            let camera = facts.setup.map(|s| &s.camera);
            let last = facts.last_key();
            Entry {
                shot: &facts.clip.shot,
                setup: facts.slate.map(|s| s.name.clone()),
                b_camera: facts.slate.and_then(|s| s.b_camera.clone()),
                support: facts.setup.map(|s| rig(&facts.clip.shot, s).support),
                sound: recording(&facts.clip.shot, facts.setup, facts.key),
                camera_height_m: camera.map(|c| c.transform.location.z),
                focus_m: camera.and_then(|c| c.focus_distance),
                end_camera_height_m: last.map(|k| k.transform.location.z),
                end_focus_m: last.map(|k| k.focus_distance),
                blocking: facts.blocking,
                transitions: facts.clip.transition_names(),
            }
        })
        .collect()
}

impl Row {
    fn new(facts: Facts) -> Row {
        // A move's height and focus from its first key to its last (`2.3 → 2.0`):
        // the focus puller's marks.
        let last = facts.last_key();
        let Facts {
            clip,
            setup,
            key,
            blocking,
            slate,
        } = facts;
        let shot = &clip.shot;
        let camera = setup.map(|s| &s.camera);
        let metres = |m: Option<f32>| m.map_or_else(String::new, |m| format!("{m:.1}"));
        // Where a move ends, when that is not where it starts.
        let moved_to = |start: Option<f32>, end: Option<f32>| {
            let end = metres(end);
            if end == metres(start) {
                String::new()
            } else {
                end
            }
        };
        Row {
            shot: shot.id.clone(),
            scene: shot.scene,
            setup: [
                serde_name(shot.size),
                serde_name(shot.kind).replace('_', " "),
                serde_name(shot.movement),
                setup.map_or_else(String::new, |s| rig(shot, s).support.to_owned()),
                recording(shot, setup, key).to_owned(),
                format!("{:.0}", camera.map_or(shot.lens_mm, |c| c.lens_mm)),
                metres(camera.map(|c| c.transform.location.z)),
                metres(camera.and_then(|c| c.focus_distance)),
            ],
            ends: [
                moved_to(
                    camera.map(|c| c.transform.location.z),
                    last.map(|k| k.transform.location.z),
                ),
                moved_to(
                    camera.and_then(|c| c.focus_distance),
                    last.map(|k| k.focus_distance),
                ),
            ],
            subjects: shot.subjects.join(", "),
            speaker: shot.speaker.clone().unwrap_or_default(),
            description: shot.description.clone(),
            blocking,
            duration_s: format!("{:.2}", shot.duration_s),
            transitions: clip.transition_names().join(", "),
            slate: slate.map_or_else(String::new, |s| s.name.clone()),
            b_camera: slate.and_then(|s| s.b_camera.clone()).unwrap_or_default(),
        }
    }
}

/// How production sound records a shot, as the mixer plans it: `MOS` (picture
/// only; the ambience comes later) for an establishing shot nobody speaks in; a
/// boom just above the frame line for a medium shot or closer on a camera that
/// stays put or tracks smoothly, coming in from the side away from the scene's
/// `key` light (as `setup`'s camera sees it) so that its shadow falls off the
/// cast; wireless lavaliers where a boom would be in a wide frame, or could not
/// follow a crane, a handheld or a Steadicam.
pub fn recording(shot: &Shot, setup: Option<&ShotSetup>, key: Option<&LightData>) -> &'static str {
    if shot.speaker.is_none() && shot.kind == ShotKind::Establishing {
        return "MOS";
    }
    let close = matches!(
        shot.size,
        ShotSize::Ms | ShotSize::Mcu | ShotSize::Cu | ShotSize::Ecu
    );
    let roams = matches!(
        shot.movement,
        CameraMove::Crane | CameraMove::Handheld | CameraMove::Steadicam
    );
    if !close || roams {
        return "lavs";
    }
    let key_right = setup.zip(key).map(|(setup, key)| {
        let camera = &setup.camera.transform;
        let right = camera.rotation * Vec3::X;
        (key.transform.location - camera.location).dot(right)
    });
    match key_right {
        Some(side) if side > 0.0 => "boom from camera left",
        Some(side) if side < 0.0 => "boom from camera right",
        _ => "boom",
    }
}

fn rows(plan: &ProductionPlan, edit: &Edit, setups: &[Setup]) -> Vec<Row> {
    facts(plan, edit, setups)
        .into_iter()
        .map(Row::new)
        .collect()
}

fn facts<'p, 's>(
    plan: &'p ProductionPlan,
    edit: &'p Edit,
    setups: &'s [Setup],
) -> Vec<Facts<'p, 's>> {
    edit.clips
        .iter()
        .map(|clip| {
            let setup = plan.setups.iter().find(|s| s.shot_id == clip.shot.id);
            let blocking = setup.map_or_else(String::new, |s| blocking(plan, s));
            // The plot lights each scene with its key first; a set-up may move it.
            let key = plan
                .scenes
                .iter()
                .find(|s| s.scene == clip.shot.scene)
                .and_then(|s| s.lights.first())
                .map(|key| {
                    let relit = setup.and_then(|s| s.relit.iter().find(|l| l.name == key.name));
                    relit.unwrap_or(key)
                });
            let slate = setups.iter().find(|s| s.shots.contains(&clip.shot.id));
            Facts {
                clip,
                setup,
                key,
                blocking,
                slate,
            }
        })
        .collect()
}

/// What happens in a set-up beyond its camera: who walks on or off, which
/// practical comes up or goes out, and the super over it.
fn blocking(plan: &ProductionPlan, setup: &ShotSetup) -> String {
    let walks = setup
        .walks
        .iter()
        .filter(|walk| walk.stepping().is_some())
        .map(|walk| {
            let pace = if walk.runs(plan.fps) { "runs" } else { "walks" };
            let way = if walk.entrance { "on" } else { "off" };
            format!("{} {pace} {way}", walk.character)
        });
    let switches = setup.dimmers.iter().flat_map(|dimmer| {
        let fades = dimmer.keys.windows(2).filter(|k| k[0].level != k[1].level);
        fades.map(|k| {
            let goes = if k[1].level > k[0].level {
                "comes up"
            } else {
                "goes out"
            };
            format!("{} {goes}", dimmer.piece)
        })
    });
    let supers = setup.supers.iter().map(|text| format!("Super: {text}"));
    walks
        .chain(switches)
        .chain(supers)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The shot list as CSV (RFC 4180 quoting), one row per shot in cutting order.
pub fn csv(plan: &ProductionPlan, edit: &Edit) -> String {
    let camera = SETUP_COLUMNS.map(|(name, _)| name).join(",");
    let mut out = format!(
        "shot,scene,heading,{camera},end_camera_height_m,end_focus_m,subjects,speaker,description,duration_s,transitions,blocking,setup,b_camera\r\n"
    );
    for row in rows(plan, edit, &setups(plan)) {
        let cells = [quote::csv(&row.shot), row.scene.to_string()]
            .into_iter()
            .chain([quote::csv(heading(plan, row.scene))])
            .chain(row.setup.iter().map(|cell| quote::csv(cell)))
            .chain(row.ends.iter().map(|cell| quote::csv(cell)))
            .chain([&row.subjects, &row.speaker, &row.description].map(|t| quote::csv(t)))
            .chain([row.duration_s, quote::csv(&row.transitions)])
            .chain([&row.blocking, &row.slate, &row.b_camera].map(|t| quote::csv(t)));
        quote::csv_record(&mut out, &cells.collect::<Vec<_>>());
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;font-size:11px;margin:1.5em}\
h1{font-size:18px}h2{font-size:13px;margin:1.2em 0 .3em}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #555;padding:2px 5px;text-align:left;vertical-align:top}\
th{background:#ddd}td.n{text-align:right;white-space:nowrap}.t{font-weight:bold}p.fx{margin:0 0 .3em;font-style:italic}\
@media print{section{break-inside:avoid-page}}";

/// The shot list as a printable HTML page: a table per scene under its heading.
pub fn html(plan: &ProductionPlan, edit: &Edit) -> String {
    let title = quote::html(&plan.title);
    let setups = setups(plan);
    let rows = rows(plan, edit, &setups);
    let seconds = (edit.frames() as f64 / edit.rate.fps).round() as u64;
    let paired = setups.iter().filter(|s| s.b_camera.is_some()).count();
    let mut body = format!(
        "<h1>{title}: shot list</h1>\n<p>{} shots from {} set-ups ({paired} of them rolled in pairs on A and B cameras), running {}:{:02} at {} fps.</p>\n",
        rows.len(),
        setups.len(),
        seconds / 60,
        seconds % 60,
        plan.fps
    );
    for scene in rows.chunk_by(|a, b| a.scene == b.scene) {
        let number = scene[0].scene;
        let camera: String = SETUP_COLUMNS
            .iter()
            .map(|(_, head)| format!("<th>{head}</th>"))
            .collect();
        body.push_str(&format!(
            "<section>\n<h2>Scene {number}: {}</h2>\n",
            quote::html(heading(plan, number))
        ));
        if let Some(effects) = effects(plan, number) {
            body.push_str(&format!(
                "<p class=\"fx\">Effects composited: {effects}</p>\n"
            ));
        }
        body.push_str(&format!(
            "<table>\n<tr><th>Shot</th><th>Set-up</th>{camera}<th>Subjects</th><th>Line or action</th><th>s</th><th>Transition</th></tr>\n"
        ));
        for row in scene {
            let mut words = if row.speaker.is_empty() {
                quote::html(&row.description)
            } else {
                format!(
                    "<b>{}</b>: {}",
                    quote::html(&row.speaker),
                    quote::html(&row.description)
                )
            };
            if !row.blocking.is_empty() {
                words.push_str(&format!(
                    "<br><i class=\"b\">{}</i>",
                    quote::html(&row.blocking)
                ));
            }
            let numbers = SETUP_COLUMNS.len() - SETUP_NUMBERS;
            let camera: String = row
                .setup
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let class = if i >= numbers { " class=\"n\"" } else { "" };
                    // The height and the focus run to where a move ends: `7.6 → 6.0`.
                    let end = (i + row.ends.len()).checked_sub(row.setup.len());
                    match end.map(|end| &row.ends[end]).filter(|end| !end.is_empty()) {
                        Some(end) => format!("<td{class}>{} → {end}</td>", quote::html(cell)),
                        None => format!("<td{class}>{}</td>", quote::html(cell)),
                    }
                })
                .collect();
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td>{camera}<td>{}</td><td>{words}</td><td class=\"n\">{}</td><td class=\"t\">{}</td></tr>\n",
                quote::html(&row.shot),
                quote::html(&row.slate),
                quote::html(&row.subjects),
                row.duration_s,
                row.transitions,
            ));
        }
        body.push_str("</table>\n");
        let scene_setups: Vec<&Setup> = setups.iter().filter(|s| s.scene == number).collect();
        shooting_order(&mut body, &scene_setups);
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}: shot list</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n"
    )
}

/// A scene's set-ups in the order they are shot: each once, with the shots it
/// gives the cut, and a pair on the A and B cameras together.
fn shooting_order(body: &mut String, setups: &[&Setup]) {
    let named = |setup: &Setup| format!("<b>{}</b> ({})", setup.name, setup.shots.join(", "));
    let mut items: Vec<String> = Vec::new();
    let mut rolled: Vec<&str> = Vec::new();
    for setup in setups {
        if rolled.contains(&setup.name.as_str()) {
            continue;
        }
        let partner = setup
            .b_camera
            .as_ref()
            .and_then(|b| setups.iter().find(|s| &s.name == b));
        items.push(match partner {
            Some(b) => {
                rolled.push(&b.name);
                format!("{} with {} on B camera", named(setup), named(b))
            }
            None => named(setup),
        });
    }
    body.push_str(&format!(
        "<p class=\"order\">Shooting order: {}</p>\n",
        items.join(" &middot; ")
    ));
}

/// The effects composited over the scene's frames (`rain, haze; wind`) and where
/// an explosion goes off (`blast in 3-2, then smoke, fire`), if any.
fn effects(plan: &ProductionPlan, scene: u32) -> Option<String> {
    let layers = &plan.scenes.iter().find(|s| s.scene == scene)?.effects;
    let mut parts: Vec<String> = Vec::new();
    if !layers.is_empty() {
        let names: Vec<&str> = layers.iter().map(|layer| layer.kind.name()).collect();
        parts.push(names.join(", "));
    }
    if layers.iter().any(|layer| layer.wind != 0.0) {
        parts.push("wind".to_owned());
    }
    let blast = plan.shots.iter().zip(&plan.setups).find(|(shot, setup)| {
        shot.scene == scene && setup.effects.iter().any(|l| l.kind == EffectKind::Blast)
    });
    if let Some((shot, setup)) = blast {
        let after: Vec<&str> = setup
            .effects
            .iter()
            .filter(|l| l.kind != EffectKind::Blast)
            .map(|l| l.kind.name())
            .collect();
        let mut part = format!("blast in {}", shot.id);
        if !after.is_empty() {
            part += &format!(", then {}", after.join(", "));
        }
        parts.push(part);
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The scene's heading in the plan, or nothing.
fn heading(plan: &ProductionPlan, scene: u32) -> &str {
    plan.scenes
        .iter()
        .find(|s| s.scene == scene)
        .map_or("", |s| s.heading.as_str())
}
