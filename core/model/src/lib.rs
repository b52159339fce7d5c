//! The production data model: one vocabulary for every oneshot crate, the wire
//! protocol and the Blender add-on.
//!
//! The types follow the departments of a film production:
//!
//! * [`production`]: the production file (`ProductionConfig`): one file = one movie.
//! * [`script`]: the screenplay as the breakdown sees it (scenes, lines, elements).
//! * [`shot`]: the shot list, camera set-ups and moves.
//! * [`scene_graph`]: what the add-on sends from Blender and what it builds there
//!   (objects with roles, cameras, lights, set pieces).
//! * [`plan`]: the production plan the add-on builds and renders.
//! * [`wardrobe`]: costumes and makeup looks per character and scene range.
//! * [`sun`]: sunrise, sunset and the sun's place in the sky at a location.
//! * [`files`] and [`quote`]: output files written whole or not at all, their
//!   text quoted for CSV and HTML.
//!
//! Wire rules (these types travel as bincode 2 through `oneshot-ipc`): no
//! `#[serde(flatten)]`, no `skip_serializing_if`, no internally tagged or untagged
//! enums. `Option` fields and externally tagged enums are fine.

pub mod exactly;
pub mod files;
pub mod plan;
pub mod production;
pub mod quote;
pub mod scene_graph;
pub mod script;
pub mod shot;
pub mod sun;
pub mod wardrobe;

pub use plan::{
    Atmosphere, CreditCard, Dimmer, DimmerKey, EffectKind, EffectLayer, Gesture, PieceKey, Pose,
    ProductionPlan, ScenePlan, ShotSetup, Swing, Transition, TransitionKind, Walk,
};
pub use production::{
    AspectRatio, AtmospherePreset, Character, ConfigError, Gps, IsometricSettings, Location,
    LocationKind, ProductionConfig, RenderEngine, RenderSettings, RetroSettings, ScheduleSettings,
    StripColors, TargetFormat, VisualStyle, Weekday,
};
pub use scene_graph::{
    Aabb, CameraData, Dressing, LightData, LightKind, Primitive, Role, SceneGraph, SceneObject,
    SetPiece, Surface, Transform, TransformSample,
};
pub use script::{
    Category, CharacterSummary, DayNight, DialogueLine, IntExt, Scene, Script, SourceSpan,
    TitleEntry,
};
pub use shot::{CameraKey, CameraMove, CameraPath, Shot, ShotKind, ShotSize};
pub use wardrobe::{Condition, Costume, MakeupLook};

/// The crate version, reported in the protocol handshake and by `oneshot --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
