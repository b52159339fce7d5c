//! The messages: what a client may ask and what the server answers.
//!
//! Every frame after the handshake carries one [`Envelope`]: a request id chosen by
//! the client and a body. The server answers each request with an envelope holding
//! the same id and a [`Reply`]. Department results that are documents (a
//! breakdown, a plan, a manifest) travel as JSON text, so this crate depends on the
//! data model only, not on the department crates.
//!
//! These types travel as bincode 2: no `#[serde(flatten)]`, no
//! `skip_serializing_if`, no internally tagged or untagged enums.

use std::borrow::Cow;
use std::collections::BTreeMap;

use oneshot_model::{EffectLayer, RetroSettings, SceneGraph};
use serde::{Deserialize, Serialize};

/// One frame's content: the request id and the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub id: u64,
    pub body: T,
}

/// What a client asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request<'a> {
    /// Is anybody there? Answered with [`Response::Pong`].
    Ping,
    /// The add-on's view of a Blender scene; answered with [`Response::Scene`].
    SyncScene(SceneGraph),
    /// Break a screenplay down; answered with a [`Response::Document`].
    Breakdown(ScriptSource),
    /// Plan a production; answered with the plan as a [`Response::Document`].
    Plan(ScriptRequest),
    /// Schedule the shoot; answered with the shooting schedule as a
    /// [`Response::Document`].
    Schedule(ScriptRequest),
    /// Storyboard and manifest for a rendered production; answered with the
    /// manifest as a [`Response::Document`].
    Finish { out_dir: String },
    /// Run the retro pipeline on a frame; answered with a [`Response::Image`].
    Retro {
        settings: RetroSettings,
        #[serde(borrow)]
        image: Image<'a>,
    },
    /// Stop the server; answered with [`Response::ShuttingDown`] before it stops.
    Shutdown,
    /// Colour-grade a frame; answered with a [`Response::Image`] of the same size.
    Grade {
        /// A built-in grade name (`teal-orange`), or the absolute path of a `.toml`
        /// grade or a `.cube` 3D LUT.
        grade: String,
        #[serde(borrow)]
        image: Image<'a>,
    },
    /// Give PNG or JPEG files (absolute paths), as one sequence, the retro look in
    /// place: one palette and one set of tile sub-palettes for all of them, so that
    /// colours hold still from frame to frame; each file is replaced atomically.
    /// Answered with a [`Response::Document`]: `{"frames": N, "palette": ["#rrggbb",
    /// ...] or null}`.
    RetroFiles {
        settings: RetroSettings,
        paths: Vec<String>,
    },
    /// A camera path following `subject` (or the first moving `character`) through
    /// the scene, a key per frame, looking ahead and clear of `obstacle`s; answered
    /// with the `CameraPath` as a [`Response::Document`].
    FollowCamera {
        graph: SceneGraph,
        subject: Option<String>,
    },
    /// A light plot for the scene's characters (key, fill, back, a light at each
    /// practical), turned to its active camera, for a `time_of_day` as a heading
    /// writes it and an interior or not; answered with the lights (`LightData`) as
    /// a [`Response::Document`].
    LightPlot {
        graph: SceneGraph,
        time_of_day: String,
        interior: bool,
    },
    /// Wardrobe and hair & makeup continuity: who wears and looks like what, scene
    /// by scene; answered with the continuity bible as a [`Response::Document`]
    /// (and its documents written when the request names an output folder).
    Continuity(ScriptRequest),
    /// Composite effect layers (a scene plan's `effects`: rain, haze, fire...) over
    /// a frame as it is `time_s` seconds into its shot; `seed` places the drops
    /// and flakes (one per shot). Answered with a [`Response::Image`] of the same size.
    Composite {
        layers: Vec<EffectLayer>,
        time_s: f32,
        seed: u64,
        #[serde(borrow)]
        image: Image<'a>,
    },
}

/// A screenplay, as a file the server reads or as text the client sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ScriptSource {
    Path(String),
    /// `file_name` tells the format (`.fountain`, `.fdx`) and names the script in
    /// messages.
    Text {
        text: String,
        file_name: String,
    },
}

/// A department job on a screenplay: planning or scheduling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScriptRequest {
    pub script: ScriptSource,
    /// Path of the production TOML; defaults apply without one.
    pub production: Option<String>,
    /// Where the department writes its documents; nothing is written without one.
    pub out_dir: Option<String>,
}

/// An RGBA8 image, rows top to bottom. The pixels borrow from the received frame
/// when decoded with [`crate::frame`], so a large image is not copied on the way in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image<'a> {
    pub width: u32,
    pub height: u32,
    #[serde(borrow, with = "serde_bytes")]
    pub pixels: Cow<'a, [u8]>,
}

impl Image<'_> {
    /// Whether `pixels` holds exactly `width * height` RGBA8 pixels.
    pub fn is_consistent(&self) -> bool {
        (self.width as usize)
            .checked_mul(self.height as usize)
            .and_then(|n| n.checked_mul(4))
            == Some(self.pixels.len())
    }
}

/// The server's answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply<'a> {
    Ok(#[serde(borrow)] Response<'a>),
    /// The request was refused or failed; the message says why.
    Err(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response<'a> {
    Pong {
        /// The server's `oneshot` version.
        version: String,
        protocol: u32,
        pid: u32,
    },
    Scene(SceneSummary),
    /// A department's result as JSON text.
    Document(String),
    Image(#[serde(borrow)] Image<'a>),
    ShuttingDown,
}

/// What the server understood of a scene graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneSummary {
    pub scene: String,
    /// All objects, with or without a role.
    pub objects: u32,
    /// Object count per role name, every role present (zero when absent).
    pub roles: BTreeMap<String, u32>,
    /// Objects without a role.
    pub unassigned: u32,
    /// Object names per role name, in scene order.
    pub names: BTreeMap<String, Vec<String>>,
    pub cameras: Vec<String>,
    pub lights: Vec<String>,
    pub active_camera: Option<String>,
    pub frame_start: i32,
    pub frame_end: i32,
    pub fps: f32,
    /// Objects with per-frame samples.
    pub animated: u32,
    pub warnings: Vec<String>,
}
