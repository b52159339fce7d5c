//! The shot list and what the camera department does with it: set-ups, lenses,
//! and camera paths over a shot's frames.

use serde::{Deserialize, Serialize};

use crate::scene_graph::Transform;

/// Shot size, from extreme wide to extreme close-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ShotSize {
    /// Extreme wide shot.
    Ews,
    /// Wide shot.
    Ws,
    /// Full shot (head to toe).
    Fs,
    /// Medium shot (waist up).
    Ms,
    /// Medium close-up (chest up).
    Mcu,
    /// Close-up (face).
    Cu,
    /// Extreme close-up (detail).
    Ecu,
}

impl ShotSize {
    /// How much of a standing person (in metres of height) the frame height covers.
    pub fn frame_height_m(self) -> f32 {
        match self {
            ShotSize::Ews => 12.0,
            ShotSize::Ws => 5.0,
            ShotSize::Fs => 2.2,
            ShotSize::Ms => 1.1,
            ShotSize::Mcu => 0.7,
            ShotSize::Cu => 0.4,
            ShotSize::Ecu => 0.15,
        }
    }
}

/// What the shot is for in the cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShotKind {
    Establishing,
    Master,
    Single,
    OverTheShoulder,
    TwoShot,
    Insert,
    Reaction,
}

/// How the camera moves during the shot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraMove {
    #[default]
    Static,
    Pan,
    Tilt,
    Dolly,
    Truck,
    Crane,
    Steadicam,
    Handheld,
    Zoom,
}

/// One shot of the shot list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shot {
    /// Unique id, `<scene>-<n>` (e.g. `3-2`).
    pub id: String,
    /// Scene number (1-based, script order).
    pub scene: u32,
    pub kind: ShotKind,
    pub size: ShotSize,
    pub movement: CameraMove,
    /// Characters framed, most important first.
    pub subjects: Vec<String>,
    /// Who is speaking, for dialogue coverage.
    pub speaker: Option<String>,
    /// The line spoken or the action described, for storyboards.
    pub description: String,
    pub duration_s: f32,
    pub lens_mm: f32,
}

/// A keyframe of a camera path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CameraKey {
    pub frame: i32,
    pub transform: Transform,
    pub lens_mm: f32,
    pub focus_distance: f32,
}

/// The camera's path through one shot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameraPath {
    pub shot_id: String,
    pub keys: Vec<CameraKey>,
}
