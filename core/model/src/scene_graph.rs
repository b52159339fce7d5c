//! The scene graph: what the Blender add-on sends over the socket, and the set
//! pieces, cameras and lights the server sends back for the add-on to build.
//!
//! Coordinates are Blender's: metres, Z up, right-handed. Rotations are
//! quaternions, serialized by glam as `[x, y, z, w]` (Blender's
//! `rotation_quaternion` is `(w, x, y, z)`: the add-on reorders).

use glam::{Quat, Vec3};
use serde::{Deserialize, Serialize};

/// What an object is to the production; from the custom property `oneshot_role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Character,
    Prop,
    Set,
    Obstacle,
    /// A light source that is seen in shot (a lamp, a neon sign).
    Practical,
    /// A visual effect's stand-in (a hologram, a portal, a creature): what the
    /// VFX team replaces with the finished effect.
    Effect,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Character,
        Role::Prop,
        Role::Set,
        Role::Obstacle,
        Role::Practical,
        Role::Effect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Character => "character",
            Role::Prop => "prop",
            Role::Set => "set",
            Role::Obstacle => "obstacle",
            Role::Practical => "practical",
            Role::Effect => "effect",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Transform {
    pub location: Vec3,
    pub rotation: Quat,
    pub scale: Vec3,
}

impl Default for Transform {
    fn default() -> Self {
        Transform {
            location: Vec3::ZERO,
            rotation: Quat::IDENTITY,
            scale: Vec3::ONE,
        }
    }
}

impl Transform {
    pub fn at(location: Vec3) -> Self {
        Transform {
            location,
            ..Transform::default()
        }
    }
}

/// Axis-aligned bounds in world space.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Aabb {
    pub min: Vec3,
    pub max: Vec3,
}

impl Aabb {
    pub fn center(&self) -> Vec3 {
        (self.min + self.max) * 0.5
    }
    pub fn size(&self) -> Vec3 {
        self.max - self.min
    }
}

/// An object's transform at one frame, for animated objects.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TransformSample {
    pub frame: i32,
    pub transform: Transform,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneObject {
    pub name: String,
    pub role: Option<Role>,
    pub transform: Transform,
    pub bounds: Aabb,
    /// Per-frame samples over the frame range; empty for static objects.
    pub samples: Vec<TransformSample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameraData {
    pub name: String,
    pub transform: Transform,
    pub lens_mm: f32,
    pub sensor_width_mm: f32,
    /// Focus distance in metres; `None` when depth of field is off.
    pub focus_distance: Option<f32>,
    /// Metres the frame spans across for an orthographic camera (the isometric
    /// view); `None` for a perspective one.
    #[serde(default)]
    pub ortho_scale: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LightKind {
    Point,
    Sun,
    Spot,
    Area,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LightData {
    pub name: String,
    pub kind: LightKind,
    pub transform: Transform,
    /// Linear RGB.
    pub color: [f32; 3],
    /// Watts for point/spot/area, irradiance (W/m^2) for sun, as Blender uses them.
    pub energy: f32,
    /// Spot cone angle in radians, or area light size in metres.
    pub size: f32,
}

/// A Blender scene as the add-on sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneGraph {
    pub name: String,
    pub frame_start: i32,
    pub frame_end: i32,
    pub fps: f32,
    pub objects: Vec<SceneObject>,
    pub cameras: Vec<CameraData>,
    pub lights: Vec<LightData>,
    pub active_camera: Option<String>,
}

impl SceneGraph {
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &SceneObject> {
        self.objects.iter().filter(move |o| o.role == Some(role))
    }
}

/// A primitive the add-on can build without assets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Primitive {
    Cube,
    Plane,
    Cylinder,
    Sphere,
    /// An articulated stand-in for a character (the add-on builds head, torso and limbs).
    Mannequin,
}

/// One piece of a built set: walls, floor, sky, props, character stand-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetPiece {
    pub name: String,
    pub role: Role,
    pub primitive: Primitive,
    /// `scale` is the piece's full size in metres along each axis.
    pub transform: Transform,
    /// sRGB `#RRGGBB`.
    pub color: String,
    /// A character's stand-in dressed beyond its main colour; `None` for
    /// everything else (and for a character with nothing more to wear).
    #[serde(default)]
    pub dressing: Option<Dressing>,
    #[serde(default)]
    pub surface: Surface,
}

/// How a piece's surface takes and gives light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    /// Lit by the set's lights, like walls, props and people.
    #[default]
    Matte,
    /// Gives light of its own colour: a lamp, a neon sign, a laser beam.
    Glowing,
    /// Gives light and lets what is behind it show through: a hologram, a ghost,
    /// a portal.
    Spectral,
}

/// What a mannequin wears beyond its main colour (the costume's first, on the
/// head, torso and arms).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dressing {
    /// The costume's second colour, on the hips and legs (sRGB `#RRGGBB`); `None`:
    /// the main colour.
    pub legs: Option<String>,
    /// A cap of hair in this colour (sRGB `#RRGGBB`); `None`: no hair piece.
    pub hair: Option<String>,
}
