//! The production plan: what the planner (`oneshot-plan`) hands the Blender
//! add-on to build and render, scene by scene and shot by shot.
//!
//! Set pieces, character stand-ins (`Primitive::Mannequin`, role `character`)
//! and lights are per scene; each shot has one camera set-up, with a path when
//! the camera moves.

use glam::Vec3;
use serde::{Deserialize, Serialize};

use crate::production::{RenderEngine, RetroSettings, TargetFormat, VisualStyle};
use crate::scene_graph::{CameraData, LightData, SetPiece, Transform};
use crate::shot::{CameraPath, Shot};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductionPlan {
    pub title: String,
    /// File-system-safe name of the production, used for output folders.
    pub slug: String,
    pub fps: f32,
    /// The edit's timecode is drop-frame (29.97 and 59.94 fps only; the
    /// production's `drop_frame`).
    #[serde(default)]
    pub drop_frame: bool,
    /// Render resolution `[width, height]`.
    pub resolution: [u32; 2],
    pub engine: RenderEngine,
    pub samples: u32,
    /// Every frame of each camera move is rendered (`[render] full_motion`): the
    /// cut is the finished film, `movie.mp4`, rather than the animatic.
    #[serde(default)]
    pub full_motion: bool,
    /// The temp mix is also written as stems (`[sound] stems`).
    #[serde(default)]
    pub stems: bool,
    /// The temp mix has a temp score (`[sound] score`).
    #[serde(default)]
    pub score: bool,
    /// Where the film will be shown: the temp mix is delivered at its loudness.
    #[serde(default)]
    pub target_format: TargetFormat,
    /// The production's style: `stylized` renders flat-shaded with outlines; the
    /// pixel styles come through in `retro`.
    pub style: VisualStyle,
    pub color_grade: String,
    /// The retro look every frame gets: the production's `[retro]` section, or the
    /// pixel style's machine (see [`VisualStyle::retro_look`]).
    pub retro: Option<RetroSettings>,
    pub scenes: Vec<ScenePlan>,
    /// The shot list in cutting order.
    pub shots: Vec<Shot>,
    /// One set-up per shot, same order as `shots`.
    pub setups: Vec<ShotSetup>,
    /// What the planner had to guess or ignore (unknown names, missing headings, ...).
    pub warnings: Vec<String>,
    /// The main title the film opens with, a line each: its title, then the title
    /// page's credit and author (`Written by`, `Ray Kane`).
    #[serde(default)]
    pub titles: Vec<String>,
    /// The end credits after the last shot, card by card over black: the cast in
    /// order of appearance, then the copyright.
    #[serde(default)]
    pub end_credits: Vec<CreditCard>,
}

/// A card of the end credits: its lines, centred over black for `seconds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditCard {
    pub lines: Vec<String>,
    pub seconds: f32,
}

/// One scene's set, cast on their marks, and light plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenePlan {
    pub scene: u32,
    /// The scene number the script prints (`12A`); `None` when it prints none
    /// and the scene goes by its order.
    #[serde(default)]
    pub scene_number: Option<String>,
    pub heading: String,
    /// Walls, floor, door, window (INT) or ground, horizon, sky (EXT); props;
    /// and the cast as mannequins on their marks.
    pub pieces: Vec<SetPiece>,
    /// The light plot, its key light first.
    pub lights: Vec<LightData>,
    /// Background (world) colour, sRGB `#RRGGBB`.
    pub world_color: String,
    /// Built as a room (the heading's `INT.`, or the production file's location),
    /// else outdoors.
    #[serde(default)]
    pub interior: bool,
    /// Lit as a night (`CONTINUOUS` carrying the scene before's).
    #[serde(default)]
    pub night: bool,
    /// Shot where the lamps can tie into the location's own power (its
    /// production file `features` say so, see `Location::has_power`).
    #[serde(default)]
    pub power_on_site: bool,
    /// The scene's own grade (`grades` in the production file), in place of the
    /// plan's `color_grade`; `None`: the plan's.
    #[serde(default)]
    pub color_grade: Option<String>,
    /// How the cut comes into the scene: a dissolve from the previous scene, a fade
    /// up from black, or a cut.
    #[serde(default)]
    pub transition_in: Transition,
    /// How the cut leaves it: a fade to black, or a cut (a dissolve belongs to the
    /// next scene's `transition_in`).
    #[serde(default)]
    pub transition_out: Transition,
    /// Weather, atmosphere and fire composited over the scene's rendered frames:
    /// the VFX department's temp elements for the breakdown's special effects.
    #[serde(default)]
    pub effects: Vec<EffectLayer>,
    /// The air of the set as a volume the light scatters in; `None`: clear air.
    #[serde(default)]
    pub atmosphere: Option<Atmosphere>,
}

/// Air that scatters light: haze, fog or smoke filling the set, as a box of
/// it round the set and its cameras (the world beyond stays clear, so the sky
/// still lights the set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Atmosphere {
    /// The box's centre and full size, metres.
    pub center: Vec3,
    pub size: Vec3,
    /// How much light a metre of it scatters or absorbs (a volume's density).
    pub density: f32,
    /// How far forward it scatters, -1 to 1 (Henyey-Greenstein `g`): haze
    /// scatters forward, so a beam glows looking towards its lamp.
    pub anisotropy: f32,
    /// Its colour, sRGB `#RRGGBB`.
    pub color: String,
    /// The scene's composited layers it stands for (its fog or smoke): a render
    /// that has the volume leaves them out of the composite.
    #[serde(default)]
    pub replaces: Vec<EffectKind>,
}

/// The words of special effects that are composited, and the layers each calls
/// for. Others (a breakaway, a bullet hole) are practical work on a real set.
const EFFECT_WORDS: &[(&str, &[EffectKind])] = {
    use EffectKind::{Blast, Fire, Haze, Lightning, Rain, Smoke, Snow, Sparks};
    &[
        ("rain", &[Rain]),
        ("raining", &[Rain]),
        ("downpour", &[Rain]),
        ("drizzle", &[Rain]),
        ("storm", &[Lightning, Rain]),
        ("thunderstorm", &[Lightning, Rain]),
        ("hurricane", &[Lightning, Rain]),
        ("snow", &[Snow]),
        ("snowing", &[Snow]),
        ("blizzard", &[Snow]),
        ("fog", &[Haze]),
        ("foggy", &[Haze]),
        ("mist", &[Haze]),
        ("misty", &[Haze]),
        ("haze", &[Haze]),
        ("steam", &[Haze]),
        ("smoke", &[Smoke]),
        ("fire", &[Fire]),
        ("flames", &[Fire]),
        ("blaze", &[Fire]),
        ("explosion", &[Smoke, Fire, Blast]),
        ("explodes", &[Smoke, Fire, Blast]),
        ("fireball", &[Smoke, Fire, Blast]),
        ("blast", &[Blast]),
        ("lightning", &[Lightning]),
        ("sparks", &[Sparks]),
    ]
};

/// Words of special effects that make a storm: full rain, lightning and wind.
pub const STORM_WORDS: [&str; 4] = ["storm", "thunderstorm", "hurricane", "blizzard"];
/// Words of special effects that blow: rain slants, snow, smoke and embers drift.
pub const WIND_WORDS: [&str; 3] = ["wind", "windy", "gale"];

/// One effect composited over rendered frames, in screen space, as a compositor
/// lays a stock element over a plate. The same layers at the same time and seed
/// give the same pixels: a camera move's frames animate it, a re-render repeats it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EffectLayer {
    pub kind: EffectKind,
    /// How heavy, above 0 and at most 1: a drizzle is light, a storm's rain full.
    pub strength: f32,
    /// The wind across the frame, -1 (blowing to the left) to 1 (to the right):
    /// rain slants, snow, smoke and embers drift.
    pub wind: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    /// Streaks as long as a drop falls while the shutter is open.
    Rain,
    /// Soft flakes falling and swaying.
    Snow,
    /// Fog, mist or steam: a pale veil, thicker low in the frame, drifting.
    Haze,
    /// Billowing dark smoke rising.
    Smoke,
    /// Flashes of cold light, a strike every few seconds.
    Lightning,
    /// Warm flickering firelight from below, and embers rising.
    Fire,
    /// Bright sparks showering down.
    Sparks,
    /// An explosion's flash: the frame burnt hot at the layer's time 0, a
    /// fireball's glow swelling low in the frame, both dying in a second. A plan
    /// puts it on the one shot the blast is in (`ShotSetup::effects`).
    Blast,
}

impl EffectKind {
    /// The name it has in plans and on the shot list (`rain`, `haze`).
    pub fn name(self) -> &'static str {
        match self {
            EffectKind::Rain => "rain",
            EffectKind::Snow => "snow",
            EffectKind::Haze => "haze",
            EffectKind::Smoke => "smoke",
            EffectKind::Lightning => "lightning",
            EffectKind::Fire => "fire",
            EffectKind::Sparks => "sparks",
            EffectKind::Blast => "blast",
        }
    }

    /// The layers an element of a breakdown (`heavy rain`, `Explosion`) names, each
    /// once; none for effects that are not composited (a breakaway, a bullet hole).
    pub fn named_in(element: &str) -> Vec<EffectKind> {
        let mut kinds = Vec::new();
        for word in element.split_whitespace().map(str::to_lowercase) {
            let found = EFFECT_WORDS.iter().find(|(name, _)| *name == word);
            for &kind in found.map_or(&[][..], |(_, kinds)| kinds) {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        kinds
    }

    /// Whether `word` (any case) names a composited effect or a wind.
    pub fn is_effect_word(word: &str) -> bool {
        let word = word.to_lowercase();
        EFFECT_WORDS.iter().any(|(name, _)| *name == word) || WIND_WORDS.contains(&word.as_str())
    }

    /// Every word [`EffectKind::is_effect_word`] knows, for messages.
    pub fn words() -> impl Iterator<Item = &'static str> {
        EFFECT_WORDS.iter().map(|(name, _)| *name).chain(WIND_WORDS)
    }
}

/// A transition between scenes, from the screenplay's `DISSOLVE TO:`, `FADE IN:`,
/// `FADE OUT.` and the like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    pub kind: TransitionKind,
    /// How long it takes; 0 for a cut.
    pub seconds: f32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKind {
    #[default]
    Cut,
    /// One scene's last shot into the next one's first, centred on the cut.
    Dissolve,
    /// From black at the scene's head (`transition_in`), to black at its tail
    /// (`transition_out`).
    Fade,
}

/// How one shot is photographed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShotSetup {
    pub shot_id: String,
    pub camera: CameraData,
    /// Keyframes when the camera moves; `None` for a locked-off shot.
    pub path: Option<CameraPath>,
    /// Frames to render: 1 for a still; for a move, a few, or every frame of its
    /// path with full motion. A locked-off shot with more than one frame (full
    /// motion, under moving effects) is rendered once, its effects composited
    /// over that plate frame by frame.
    pub frames: u32,
    /// Where the shot's effects put their drops, flakes and lightning strikes: the
    /// same every run, other ones in each shot.
    #[serde(default)]
    pub effects_seed: u32,
    /// The cast walking in this shot: entrances onto the set, exits off it.
    /// Everyone else stands on their mark.
    #[serde(default)]
    pub walks: Vec<Walk>,
    /// The cast posed on their marks through this shot: the speaker of its line,
    /// or the fighters of a fight.
    #[serde(default)]
    pub gestures: Vec<Gesture>,
    /// Layers composited over this shot alone, over its scene's: an explosion's
    /// blast, which goes off once, as the shot starts.
    #[serde(default)]
    pub effects: Vec<EffectLayer>,
    /// The door swinging in this shot, for whoever walks through it.
    #[serde(default)]
    pub doors: Vec<Swing>,
    /// The practicals the action switches on or off (`she switches off the lamp`),
    /// as they stand through this shot, for each shot of their scene.
    #[serde(default)]
    pub dimmers: Vec<Dimmer>,
    /// Words on the screen over this shot (`SUPER: Tokyo, 1999`), a line each, in
    /// the lower third: its scene's opening supers over the establishing shot,
    /// those the action writes later over its last shot.
    #[serde(default)]
    pub supers: Vec<String>,
    /// The lamps of the scene's light plot this set-up moves, as they stand for
    /// it: for the coverage looking back along the action, the key, fill and back
    /// light turned round to the camera's side (a sun, moon or window stays where
    /// it is). The lamps it does not name stand where the plot has them.
    #[serde(default)]
    pub relit: Vec<LightData>,
}

impl ShotSetup {
    /// A locked-off set-up of `shot_id` from `camera`: one frame, nobody walking or
    /// posed, no effects, doors, dimmers, supers or lamps of its own; the planner
    /// fills in what the shot has.
    pub fn locked_off(shot_id: String, camera: CameraData) -> ShotSetup {
        ShotSetup {
            shot_id,
            camera,
            path: None,
            frames: 1,
            effects_seed: 0,
            walks: Vec::new(),
            gestures: Vec::new(),
            effects: Vec::new(),
            doors: Vec::new(),
            dimmers: Vec::new(),
            supers: Vec::new(),
            relit: Vec::new(),
        }
    }
}

/// A practical light on a dimmer through one shot, as a board operator runs it:
/// its level keyed from the shot's first frame to its last and faded straight
/// between keys. The light's set piece glows while it is up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimmer {
    /// The light's name, as in the scene's light plot (`Practical 1`).
    pub light: String,
    /// The set piece it lights up (`lamp`), as in the scene's set pieces.
    pub piece: String,
    pub keys: Vec<DimmerKey>,
    /// Lamps of the plot that ride this dimmer, at its level: by night in a room,
    /// the key and back light the practical motivates (`Key (tungsten)`, `Back`),
    /// so the cast are lit by the lamp only while it is on.
    #[serde(default)]
    pub rides: Vec<String>,
}

/// A dimmer's level at one frame of its shot: 0 dark, 1 full.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DimmerKey {
    pub frame: i32,
    pub level: f32,
}

impl Dimmer {
    /// The level at `frame`: the first key's before it, the last key's after.
    pub fn level(&self, frame: i32) -> f32 {
        let Some(first) = self.keys.first() else {
            return 1.0;
        };
        let mut level = first.level;
        for pair in self.keys.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if frame >= b.frame {
                level = b.level;
            } else if frame > a.frame {
                let t = (frame - a.frame) as f32 / (b.frame - a.frame) as f32;
                return a.level + (b.level - a.level) * t;
            }
        }
        level
    }
}

/// A set piece swinging through one shot (a door on its hinges): keys from the
/// shot's first frame to its last, as a [`Walk`]'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Swing {
    /// The set piece's name, as in the scene's set pieces.
    pub piece: String,
    pub keys: Vec<PieceKey>,
}

impl Swing {
    /// The frames it starts and stops moving at; `None` when it stays put.
    pub fn moving(&self) -> Option<(i32, i32)> {
        moving_span(&self.keys)
    }
}

/// A character's stand-in holding a pose on its mark through one shot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gesture {
    /// The stand-in's name: the character's, as in the scene's set pieces.
    pub character: String,
    pub pose: Pose,
}

/// How a character holds themselves in a shot: a speaker the way their line
/// goes, a fighter squared up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pose {
    /// A hand raised as they talk.
    Talk,
    /// Both hands open, asking.
    Ask,
    /// Both fists up: an exclamation.
    Exclaim,
    /// An arm out, pointing (`(points)`).
    Point,
    /// Shoulders up, palms out (`(shrugs)`).
    Shrug,
    /// A step in and a straight right, the left fist guarding the chin.
    Punch,
    /// Fists up before the face, ready.
    Guard,
}

/// A character's stand-in walking during one shot, as the action blocks it (`SANDRA
/// enters`, `he storms out`). Its keys run from the shot's first frame to its last:
/// the stand-in moves in a straight line and turns between keys, and stands
/// before the first and after the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Walk {
    /// The stand-in's name: the character's, as in the scene's set pieces.
    pub character: String,
    /// An entrance, ending on the mark; else an exit, starting from it.
    pub entrance: bool,
    pub keys: Vec<PieceKey>,
}

impl Walk {
    /// A walk faster than this, metres a second, is a run.
    pub const RUNNING_FROM_M_S: f32 = 2.5;

    /// The frames of its first and last steps: turns on the spot are not steps.
    /// `None` when it only turns.
    pub fn stepping(&self) -> Option<(i32, i32)> {
        moving_span(&self.keys)
    }

    /// Whether any of its steps is a run, at `fps` frames a second.
    pub fn runs(&self, fps: f32) -> bool {
        moves(&self.keys).any(|(a, b)| {
            let metres = a.transform.location.distance(b.transform.location);
            metres * fps > Self::RUNNING_FROM_M_S * (b.frame - a.frame) as f32
        })
    }
}

/// Consecutive keys between which a piece moves (not only turns).
fn moves(keys: &[PieceKey]) -> impl Iterator<Item = (&PieceKey, &PieceKey)> {
    keys.iter()
        .zip(keys.iter().skip(1))
        .filter(|(a, b)| a.transform.location != b.transform.location)
}

/// The frames a piece starts and stops moving at; `None` when it stays put.
fn moving_span(keys: &[PieceKey]) -> Option<(i32, i32)> {
    let mut moving = moves(keys);
    let first = moving.next()?;
    let last = moving.last().unwrap_or(first);
    Some((first.0.frame, last.1.frame))
}

/// Where a moving piece (a walking stand-in, a swinging door) is at one frame and
/// which way it faces (the `transform`'s scale is the set piece's size, unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PieceKey {
    pub frame: i32,
    pub transform: Transform,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_name_their_effects() {
        assert_eq!(EffectKind::named_in("Heavy RAIN"), [EffectKind::Rain]);
        assert_eq!(
            EffectKind::named_in("explosion"),
            [EffectKind::Smoke, EffectKind::Fire, EffectKind::Blast]
        );
        assert!(EffectKind::named_in("breakaway").is_empty());
        let known = EffectKind::is_effect_word;
        assert!(known("Storm") && known("wind") && !known("breakaway"));
        assert!(EffectKind::words().all(known));
        assert!(
            STORM_WORDS
                .iter()
                .all(|w| !EffectKind::named_in(w).is_empty())
        );
    }
}
