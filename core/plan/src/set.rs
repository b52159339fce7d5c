//! The set builder: a room with walls, a door and a window for interiors; ground,
//! horizon and sky for exteriors; the cast on their marks and the props the
//! breakdown names, all as primitives the add-on builds without assets.
//!
//! Layout, seen from above with the audience at -Y: the cast stands on an arc
//! around the origin facing its centre, props ring them further out, and an
//! interior's back wall is at +Y with the fourth wall (-Y) left open for cameras.

use std::f32::consts::PI;

use glam::{Quat, Vec3};
use oneshot_model::{Dressing, Primitive, Role, SetPiece, Transform};

use crate::color;
use crate::framing::Subject;

/// Wall height of an interior set.
pub const WALL_HEIGHT_M: f32 = 3.0;
/// How close a camera may come to a wall.
const WALL_CLEARANCE_M: f32 = 0.3;
/// How far an exterior camera may stand from the action.
const EXTERIOR_REACH_M: f32 = 40.0;
/// How far along the left wall from the back the door is.
const DOOR_FROM_BACK_M: f32 = 1.5;
/// The name of an interior's door among its set pieces.
pub const DOOR: &str = "Door";

/// A cast member as the set sees them: name, height, build and what they wear.
#[derive(Debug, Clone, PartialEq)]
pub struct Performer {
    pub name: String,
    pub height: f32,
    /// Width against an average body (slim 0.85, heavy 1.3).
    pub build: f32,
    /// sRGB `#rrggbb`.
    pub color: String,
    pub dressing: Option<Dressing>,
}

/// Where a performer stands and which way they face (horizontal unit vector).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub name: String,
    pub subject: Subject,
    pub facing: Vec3,
}

/// Something the breakdown names that gets built as a primitive.
#[derive(Debug, Clone, PartialEq)]
pub struct PropSpec {
    pub name: String,
    pub vehicle: bool,
}

/// A built set: its pieces, the marks, and the room cameras have to work in.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub interior: bool,
    pub pieces: Vec<SetPiece>,
    pub marks: Vec<Mark>,
    /// Positions of props that light up (lamps, neon), with their colour.
    pub practicals: Vec<(Vec3, String)>,
    /// Interior walls: `x` from `-half_width` to `half_width`, back wall at `back_y`,
    /// the floor ending (open fourth wall) at `front_y`.
    pub half_width: f32,
    pub back_y: f32,
    pub front_y: f32,
}

impl Stage {
    /// The farthest a camera looking at `target` may stand in direction `from` (a
    /// horizontal unit vector) before it backs into a wall.
    pub fn reach(&self, target: Vec3, from: Vec3) -> f32 {
        if !self.interior {
            return EXTERIOR_REACH_M;
        }
        let limit_x = self.half_width - WALL_CLEARANCE_M;
        let limit_back = self.back_y - WALL_CLEARANCE_M;
        let mut reach = EXTERIOR_REACH_M;
        if from.x.abs() > 1e-4 {
            let wall = limit_x * from.x.signum();
            reach = reach.min((wall - target.x) / from.x);
        }
        if from.y > 1e-4 {
            reach = reach.min((limit_back - target.y) / from.y);
        } else if from.y < -1e-4 {
            reach = reach.min((self.front_y - target.y) / from.y);
        }
        reach.max(0.5)
    }

    /// The mark of a performer, by name.
    pub fn mark(&self, name: &str) -> Option<&Mark> {
        self.marks.iter().find(|m| m.name == name)
    }

    /// The foot of an interior's door, in the left wall (see [`room`]).
    pub fn door(&self) -> Vec3 {
        Vec3::new(-self.half_width, self.back_y - DOOR_FROM_BACK_M, 0.0)
    }

    /// Everyone on a mark, as framing subjects.
    pub fn subjects(&self) -> Vec<Subject> {
        self.marks.iter().map(|m| m.subject).collect()
    }
}

/// Builds a set for `cast` (speaking order) with `extras` (crowd names from the
/// breakdown) and `props`; `night` darkens the window.
pub fn build(
    interior: bool,
    night: bool,
    cast: &[Performer],
    extras: &[String],
    props: &[PropSpec],
) -> Stage {
    let radius = arc_radius(cast.len());
    let marks = place_cast(cast, radius);
    let crowd = place_extras(extras, radius);
    let crowd_depth = if crowd.is_empty() { 0.0 } else { 1.5 };
    let half_width = (radius + 3.0).max(3.5);
    let back_y = radius + 2.5 + crowd_depth;
    // The open fourth wall: floor enough in front of the cast for a wide shot of all of them.
    let front_y = -(2.0 * half_width + 4.0);

    let mut pieces = if interior {
        room(half_width, back_y, front_y, night)
    } else {
        exterior(night)
    };
    let (prop_pieces, practicals) = place_props(props, radius, interior.then_some(half_width));
    pieces.extend(prop_pieces);
    for mark in marks.iter().chain(&crowd) {
        let performer = cast.iter().find(|c| c.name == mark.name);
        pieces.push(mannequin(mark, performer));
    }
    Stage {
        interior,
        pieces,
        marks,
        practicals,
        half_width,
        back_y,
        front_y,
    }
}

/// Radius of the arc the cast stands on: two people talk 1.8 m apart, each extra
/// person widens the circle.
fn arc_radius(count: usize) -> f32 {
    match count {
        0 | 1 => 0.0,
        n => 0.9 + 0.35 * (n - 2) as f32,
    }
}

/// Cast on an arc over the far side of the origin, facing its centre; a lone
/// performer stands at the origin facing the audience.
fn place_cast(cast: &[Performer], radius: f32) -> Vec<Mark> {
    let count = cast.len();
    cast.iter()
        .enumerate()
        .map(|(i, performer)| {
            let (position, facing) = if count == 1 {
                (Vec3::ZERO, Vec3::NEG_Y)
            } else {
                let angle = PI - PI * i as f32 / (count - 1) as f32;
                let position = Vec3::new(angle.cos(), angle.sin(), 0.0) * radius;
                (position, -position.normalize())
            };
            Mark {
                name: performer.name.clone(),
                subject: Subject {
                    position,
                    height: performer.height,
                },
                facing,
            }
        })
        .collect()
}

/// A plural crowd name (`THUGS`) gets three stand-ins, a singular one gets one; they
/// stand in a row behind the cast facing the audience.
fn place_extras(extras: &[String], radius: f32) -> Vec<Mark> {
    let names: Vec<String> = extras
        .iter()
        .flat_map(|name| {
            let count = if name.to_ascii_uppercase().ends_with('S') {
                3
            } else {
                1
            };
            (1..=count).map(move |i| {
                if count == 1 {
                    name.clone()
                } else {
                    format!("{name} {i}")
                }
            })
        })
        .collect();
    let spacing = 1.1;
    let start = -(names.len().saturating_sub(1) as f32) * spacing / 2.0;
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Mark {
            name,
            subject: Subject {
                position: Vec3::new(start + i as f32 * spacing, radius + 1.5, 0.0),
                height: 1.8,
            },
            facing: Vec3::NEG_Y,
        })
        .collect()
}

/// A standing character as an articulated mannequin: `scale` is its bounding size.
/// Mannequins face -Y when unrotated, as Blender's front view expects. An extra
/// in the crowd (no performer) stands in grey.
fn mannequin(mark: &Mark, performer: Option<&Performer>) -> SetPiece {
    let build = performer.map_or(1.0, |p| p.build);
    SetPiece {
        name: mark.name.clone(),
        role: Role::Character,
        primitive: Primitive::Mannequin,
        transform: Transform {
            location: mark.subject.position,
            rotation: facing_rotation(mark.facing),
            scale: Vec3::new(0.5 * build, 0.3 * build, mark.subject.height),
        },
        color: performer.map_or_else(|| "#6b6b6b".to_owned(), |p| p.color.clone()),
        dressing: performer.and_then(|p| p.dressing.clone()),
    }
}

/// The turn (about Z) of a mannequin facing `facing`, a horizontal direction:
/// unturned, it faces -Y.
pub fn facing_rotation(facing: Vec3) -> Quat {
    Quat::from_rotation_z(facing.x.atan2(-facing.y))
}

fn block(
    name: &str,
    role: Role,
    primitive: Primitive,
    center: Vec3,
    size: Vec3,
    color: &str,
) -> SetPiece {
    SetPiece {
        name: name.to_owned(),
        role,
        primitive,
        transform: Transform {
            location: center,
            rotation: Quat::IDENTITY,
            scale: size,
        },
        color: color.to_owned(),
        dressing: None,
    }
}

/// Floor, back and side walls, a door in the left wall and a window in the back wall.
fn room(half_width: f32, back_y: f32, front_y: f32, night: bool) -> Vec<SetPiece> {
    let depth = back_y - front_y;
    let mid_y = (back_y + front_y) / 2.0;
    let h = WALL_HEIGHT_M;
    let (wall, floor) = ("#b9a98c", "#5b4b3b");
    let window_color = if night { "#141c33" } else { "#cfe3f5" };
    let wall_piece = |name: &str, center: Vec3, size: Vec3| {
        block(name, Role::Set, Primitive::Cube, center, size, wall)
    };
    vec![
        block(
            "Floor",
            Role::Set,
            Primitive::Plane,
            Vec3::new(0.0, mid_y, 0.0),
            Vec3::new(2.0 * half_width, depth, 1.0),
            floor,
        ),
        wall_piece(
            "Back wall",
            Vec3::new(0.0, back_y + 0.05, h / 2.0),
            Vec3::new(2.0 * half_width + 0.2, 0.1, h),
        ),
        wall_piece(
            "Left wall",
            Vec3::new(-half_width - 0.05, mid_y, h / 2.0),
            Vec3::new(0.1, depth, h),
        ),
        wall_piece(
            "Right wall",
            Vec3::new(half_width + 0.05, mid_y, h / 2.0),
            Vec3::new(0.1, depth, h),
        ),
        block(
            DOOR,
            Role::Set,
            Primitive::Cube,
            Vec3::new(-half_width + 0.02, back_y - DOOR_FROM_BACK_M, 1.05),
            Vec3::new(0.06, 0.95, 2.1),
            "#6a3f22",
        ),
        block(
            "Window",
            Role::Set,
            Primitive::Cube,
            Vec3::new(half_width / 2.0, back_y + 0.02, 1.7),
            Vec3::new(1.6, 0.06, 1.1),
            window_color,
        ),
    ]
}

/// Ground to the horizon, a low skyline band and a sky backdrop behind it.
fn exterior(night: bool) -> Vec<SetPiece> {
    let (sky, skyline) = if night {
        ("#0b1026", "#05070d")
    } else {
        ("#8fb8e8", "#4a5566")
    };
    vec![
        block(
            "Ground",
            Role::Set,
            Primitive::Plane,
            Vec3::new(0.0, 10.0, 0.0),
            Vec3::new(120.0, 100.0, 1.0),
            "#3c3c42",
        ),
        block(
            "Horizon",
            Role::Set,
            Primitive::Cube,
            Vec3::new(0.0, 58.0, 4.0),
            Vec3::new(160.0, 1.0, 8.0),
            skyline,
        ),
        block(
            "Sky",
            Role::Set,
            Primitive::Cube,
            Vec3::new(0.0, 60.0, 30.0),
            Vec3::new(200.0, 0.5, 60.0),
            sky,
        ),
    ]
}

/// Shape, size and whether it lights up, guessed from a prop's name.
fn prop_shape(spec: &PropSpec) -> (Primitive, Vec3, &'static str, bool) {
    let name = spec.name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&[
        "lamp", "neon", "sign", "lantern", "candle", "torch", "light",
    ]) {
        (
            Primitive::Cylinder,
            Vec3::new(0.3, 0.3, 1.6),
            "#ffd27a",
            true,
        )
    } else if has(&["van", "truck", "bus"]) {
        (Primitive::Cube, Vec3::new(2.0, 5.0, 2.2), "#202024", false)
    } else if has(&["motorcycle", "bike", "scooter"]) {
        (Primitive::Cube, Vec3::new(0.7, 2.0, 1.1), "#8a1c1c", false)
    } else if spec.vehicle || has(&["car", "taxi", "cab"]) {
        (Primitive::Cube, Vec3::new(1.8, 4.5, 1.5), "#3a4a7a", false)
    } else if has(&["tower", "tank"]) {
        (
            Primitive::Cylinder,
            Vec3::new(3.0, 3.0, 6.0),
            "#6b5a48",
            false,
        )
    } else if has(&["tire", "tyre", "barrel", "drum"]) {
        (
            Primitive::Cylinder,
            Vec3::new(0.7, 0.7, 0.9),
            "#1d1d1d",
            false,
        )
    } else if has(&["chair", "stool", "crate", "box", "table", "bench"]) {
        (Primitive::Cube, Vec3::new(0.6, 0.6, 0.9), "#7a5a3a", false)
    } else if has(&["bat", "pipe", "chain", "stick", "wrench", "knife", "bottle"]) {
        (
            Primitive::Cylinder,
            Vec3::new(0.08, 0.08, 0.9),
            "#a0a0a8",
            false,
        )
    } else if has(&["ball", "globe"]) {
        (Primitive::Sphere, Vec3::splat(0.3), "#c04040", false)
    } else {
        (Primitive::Cube, Vec3::splat(0.35), "#9a8a5a", false)
    }
}

/// Props on a ring beyond the cast across the back half of the set; vehicles further out.
/// Inside a room (`walls` = half width) they are kept clear of the walls.
fn place_props(
    props: &[PropSpec],
    radius: f32,
    walls: Option<f32>,
) -> (Vec<SetPiece>, Vec<(Vec3, String)>) {
    let mut pieces = Vec::new();
    let mut practicals = Vec::new();
    let count = props.len();
    for (i, spec) in props.iter().enumerate() {
        let (primitive, size, color, lights_up) = prop_shape(spec);
        let ring = radius + 1.4 + size.y.max(size.x) / 2.0 + if spec.vehicle { 2.0 } else { 0.0 };
        // Spread from back-left to back-right, never straight behind the cast.
        let t = if count == 1 {
            0.25
        } else {
            i as f32 / (count - 1) as f32
        };
        let angle = PI * (0.85 - 0.7 * t);
        let mut position = Vec3::new(angle.cos() * ring, angle.sin() * ring, size.z / 2.0);
        if let Some(half_width) = walls {
            let limit = half_width - size.x.max(size.y) / 2.0 - 0.1;
            position.x = position.x.clamp(-limit, limit);
        }
        let role = if lights_up {
            Role::Practical
        } else {
            Role::Prop
        };
        pieces.push(block(&spec.name, role, primitive, position, size, color));
        if lights_up {
            practicals.push((position + Vec3::Z * size.z / 2.0, color.to_owned()));
        }
    }
    (pieces, practicals)
}

/// A distinct colour for the `index`-th undressed character.
pub fn generated_color(index: usize) -> String {
    color::to_hex(color::distinct(index))
}

/// For tests: a cast of `names`, each 1.8 m tall, of average build, in their
/// own colour.
#[cfg(test)]
pub(crate) fn test_cast(names: &[impl AsRef<str>]) -> Vec<Performer> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Performer {
            name: name.as_ref().to_owned(),
            height: 1.8,
            build: 1.0,
            color: generated_color(i),
            dressing: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast(names: &[&str]) -> Vec<Performer> {
        test_cast(names)
    }

    fn piece<'a>(stage: &'a Stage, name: &str) -> &'a SetPiece {
        stage
            .pieces
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn interiors_have_walls_a_door_and_a_window() {
        let stage = build(true, false, &cast(&["A", "B"]), &[], &[]);
        for name in [
            "Floor",
            "Back wall",
            "Left wall",
            "Right wall",
            "Door",
            "Window",
        ] {
            assert_eq!(piece(&stage, name).role, Role::Set);
        }
        assert!(stage.interior);
        // Everyone stands inside the walls.
        for mark in &stage.marks {
            let p = mark.subject.position;
            assert!(
                p.x.abs() < stage.half_width && p.y < stage.back_y,
                "{mark:?}"
            );
        }
    }

    #[test]
    fn exteriors_have_ground_horizon_and_sky() {
        let stage = build(false, true, &cast(&["A"]), &[], &[]);
        for name in ["Ground", "Horizon", "Sky"] {
            piece(&stage, name);
        }
        assert!(!stage.pieces.iter().any(|p| p.name.contains("wall")));
        assert_eq!(stage.reach(Vec3::ZERO, Vec3::NEG_Y), EXTERIOR_REACH_M);
    }

    #[test]
    fn rooms_grow_with_the_cast() {
        let small = build(true, false, &cast(&["A", "B"]), &[], &[]);
        let big = build(
            true,
            false,
            &cast(&["A", "B", "C", "D", "E", "F"]),
            &[],
            &[],
        );
        assert!(big.half_width > small.half_width);
        assert!(big.back_y > small.back_y);
    }

    #[test]
    fn cast_stand_apart_and_face_each_other() {
        let stage = build(true, false, &cast(&["A", "B"]), &[], &[]);
        let (a, b) = (&stage.marks[0], &stage.marks[1]);
        let between = b.subject.position - a.subject.position;
        assert!(between.length() > 1.5);
        assert!(a.facing.dot(between.normalize()) > 0.99);
        assert!(b.facing.dot(-between.normalize()) > 0.99);
        // Mannequins carry the cast colours and face their marks' direction.
        let mannequin = piece(&stage, "A");
        assert_eq!(mannequin.primitive, Primitive::Mannequin);
        assert_eq!(mannequin.color, generated_color(0));
        let front = mannequin.transform.rotation * Vec3::NEG_Y;
        assert!(front.abs_diff_eq(a.facing, 1e-5), "{front} vs {}", a.facing);
    }

    #[test]
    fn props_extras_and_practicals_are_built() {
        let props = [
            PropSpec {
                name: "BLACK VAN".into(),
                vehicle: true,
            },
            PropSpec {
                name: "NEON SIGN".into(),
                vehicle: false,
            },
            PropSpec {
                name: "CHAIN".into(),
                vehicle: false,
            },
        ];
        let stage = build(false, true, &cast(&["A", "B"]), &["THUGS".into()], &props);
        assert_eq!(piece(&stage, "BLACK VAN").role, Role::Prop);
        assert_eq!(piece(&stage, "NEON SIGN").role, Role::Practical);
        assert_eq!(stage.practicals.len(), 1);
        let thugs = stage
            .pieces
            .iter()
            .filter(|p| p.name.starts_with("THUGS"))
            .count();
        assert_eq!(thugs, 3);
        // Extras are built but get no mark of their own: coverage is for the cast.
        assert_eq!(stage.marks.len(), 2);
        for prop in ["BLACK VAN", "NEON SIGN", "CHAIN"] {
            let p = piece(&stage, prop).transform.location;
            for mark in &stage.marks {
                assert!(
                    p.truncate().distance(mark.subject.position.truncate()) > 1.0,
                    "{prop} on a mark"
                );
            }
        }
    }

    #[test]
    fn interior_reach_stops_at_the_walls() {
        let stage = build(true, false, &cast(&["A", "B"]), &[], &[]);
        let reach = stage.reach(Vec3::ZERO, Vec3::X);
        assert!((reach - (stage.half_width - WALL_CLEARANCE_M)).abs() < 1e-4);
        // The fourth wall is open: towards the audience the camera may back off the floor's edge.
        assert!((stage.reach(Vec3::ZERO, Vec3::NEG_Y) + stage.front_y).abs() < 1e-4);
    }
}
