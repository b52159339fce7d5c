//! Wardrobe and hair & makeup: what each character wears and looks like, scene by scene.

use serde::{Deserialize, Serialize};

/// The state a costume is in; continuity tracks it from scene to scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    #[default]
    Pristine,
    Worn,
    Dirty,
    Damaged,
}

/// One costume: worn by one character over an inclusive range of scene numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costume {
    pub name: String,
    /// First and last scene number (1-based, inclusive) this costume is worn in.
    #[serde(deserialize_with = "crate::exactly::array")]
    pub scenes: [u32; 2],
    #[serde(default)]
    pub pieces: Vec<String>,
    /// Main colours, `#RRGGBB`; the mannequin is dressed in the first.
    #[serde(default)]
    pub colors: Vec<String>,
    #[serde(default)]
    pub condition: Condition,
}

impl Costume {
    pub fn covers(&self, scene_number: u32) -> bool {
        (self.scenes[0]..=self.scenes[1]).contains(&scene_number)
    }
}

/// A hair and makeup look over an inclusive range of scene numbers (bruises, ageing, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MakeupLook {
    pub name: String,
    #[serde(deserialize_with = "crate::exactly::array")]
    pub scenes: [u32; 2],
    #[serde(default)]
    pub hair: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Minutes in the makeup chair for this look (prosthetics, ageing); the call
    /// sheet has the actor in the chair this long before the first scene of the
    /// day they wear it in.
    #[serde(default)]
    pub minutes: Option<u32>,
}

impl MakeupLook {
    pub fn covers(&self, scene_number: u32) -> bool {
        (self.scenes[0]..=self.scenes[1]).contains(&scene_number)
    }
}
