//! The set builder: a room with walls, a door and a window for interiors; ground,
//! horizon and sky for exteriors; the cast on their marks and the props the
//! breakdown names, all as primitives the add-on builds without assets.
//!
//! Visual effects that are things (a hologram, a ghost, a portal, a monster) get
//! a stand-in on the set, as a shoot puts a maquette or a lit frame where the CG
//! will go: every angle then sees it in the same place, and the cast plays to
//! it. Glowing stand-ins light the set like a lamp does.
//!
//! Layout, seen from above with the audience at -Y: the cast stands on an arc
//! around the origin facing its centre (or whom they talk to, see
//! [`Stage::face_partners`]), props ring them further out, and an
//! interior's back wall is at +Y with the fourth wall (-Y) left open for cameras.

use std::f32::consts::PI;

use glam::{Mat3, Quat, Vec3};
use oneshot_model::script::{name_at, sentence_words};
use oneshot_model::{Dressing, Primitive, Role, SetPiece, Surface, Transform};

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
    pub kind: PropKind,
}

/// Which of the breakdown's categories a [`PropSpec`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropKind {
    /// A prop or a piece of set dressing.
    Prop,
    Vehicle,
    /// A visual effect: built only when it has a [`stand_in`].
    Effect,
}

/// A set piece that lights up, and the light in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Practical {
    /// The set piece's name (`lamp`).
    pub piece: String,
    /// A prop that lights up (`Role::Practical`), or an effect's glowing stand-in.
    pub role: Role,
    /// Where its light is.
    pub light_at: Vec3,
    /// Its colour, sRGB `#RRGGBB`.
    pub color: String,
}

/// A built set: its pieces, the marks, and the room cameras have to work in.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub interior: bool,
    pub pieces: Vec<SetPiece>,
    pub marks: Vec<Mark>,
    /// The props and stand-ins that light up (lamps, neon, a hologram).
    pub practicals: Vec<Practical>,
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

    /// Turns each of the cast to whom they talk to (`partners`: who, to whom), so
    /// that eyelines meet across the cut; the others keep facing the middle. Never
    /// turned upstage, but not cheated out to the audience as on a stage either:
    /// the coverage shows the faces, and an eyeline turned towards the cameras'
    /// side would pass the wrong side of an over-the-shoulder's lens, away from
    /// the shoulder it plays to.
    pub fn face_partners(&mut self, partners: &[(String, String)]) {
        for (who, whom) in partners {
            let at = |name: &str| self.mark(name).map(|m| m.subject.position);
            let (Some(from), Some(to)) = (at(who), at(whom)) else {
                continue;
            };
            let toward = to - from;
            let Some(facing) = Vec3::new(toward.x, toward.y.min(0.0), 0.0).try_normalize() else {
                continue;
            };
            for mark in self.marks.iter_mut().filter(|m| &m.name == who) {
                mark.facing = facing;
            }
            let figure = |p: &&mut SetPiece| p.role == Role::Character && &p.name == who;
            for piece in self.pieces.iter_mut().filter(figure) {
                piece.transform.rotation = facing_rotation(facing);
            }
        }
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
    let room = interior.then_some((half_width, back_y));
    let (prop_pieces, practicals) = place_props(props, radius, room);
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
        surface: Surface::Matte,
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
        surface: Surface::Matte,
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
            WORLD[0],
            Role::Set,
            Primitive::Plane,
            Vec3::new(0.0, 10.0, 0.0),
            Vec3::new(120.0, 100.0, 1.0),
            "#3c3c42",
        ),
        block(
            WORLD[1],
            Role::Set,
            Primitive::Cube,
            Vec3::new(0.0, 58.0, 4.0),
            Vec3::new(160.0, 1.0, 8.0),
            skyline,
        ),
        block(
            WORLD[2],
            Role::Set,
            Primitive::Cube,
            Vec3::new(0.0, 60.0, 30.0),
            Vec3::new(200.0, 0.5, 60.0),
            sky,
        ),
    ]
}

/// How a prop or stand-in is built: `size` is the primitive's full size before
/// `tilt` turns it, `lift` is how far its bottom is above the floor.
struct Shape {
    primitive: Primitive,
    size: Vec3,
    color: &'static str,
    role: Role,
    surface: Surface,
    tilt: Quat,
    lift: f32,
}

impl Shape {
    fn new(primitive: Primitive, size: Vec3, color: &'static str) -> Shape {
        Shape {
            primitive,
            size,
            color,
            role: Role::Prop,
            surface: Surface::Matte,
            tilt: Quat::IDENTITY,
            lift: 0.0,
        }
    }

    /// A visual effect's stand-in.
    fn effect(primitive: Primitive, size: Vec3, color: &'static str, surface: Surface) -> Shape {
        Shape {
            role: Role::Effect,
            surface,
            ..Shape::new(primitive, size, color)
        }
    }

    /// A stand-in shaped like a person: `height` tall, `build` times as broad as most.
    fn figure(height: f32, build: f32, color: &'static str, surface: Surface) -> Shape {
        let size = Vec3::new(0.5 * build, 0.3 * build, height);
        Shape::effect(Primitive::Mannequin, size, color, surface)
    }

    fn lifted(self, lift: f32) -> Shape {
        Shape { lift, ..self }
    }

    fn tilted(self, tilt: Quat) -> Shape {
        Shape { tilt, ..self }
    }

    /// The room it takes on each axis once tilted.
    fn extent(&self) -> Vec3 {
        Mat3::from_quat(self.tilt).abs() * self.size
    }

    fn lights_up(&self) -> bool {
        self.surface != Surface::Matte
    }
}

/// How far in front of a glowing stand-in its light is.
const LIGHT_OFF_FACE_M: f32 = 0.3;

/// A prop's shape, size and whether it lights up, guessed from its name.
fn prop_shape(name: &str, vehicle: bool) -> Shape {
    let name = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&[
        "lamp", "neon", "sign", "lantern", "candle", "torch", "light",
    ]) {
        Shape {
            role: Role::Practical,
            surface: Surface::Glowing,
            ..Shape::new(Primitive::Cylinder, Vec3::new(0.3, 0.3, 1.6), "#ffd27a")
        }
    } else if has(&["van", "truck", "bus"]) {
        Shape::new(Primitive::Cube, Vec3::new(2.0, 5.0, 2.2), "#202024")
    } else if has(&["motorcycle", "bike", "scooter"]) {
        Shape::new(Primitive::Cube, Vec3::new(0.7, 2.0, 1.1), "#8a1c1c")
    } else if vehicle || has(&["car", "taxi", "cab"]) {
        Shape::new(Primitive::Cube, Vec3::new(1.8, 4.5, 1.5), "#3a4a7a")
    } else if has(&["tower", "tank"]) {
        Shape::new(Primitive::Cylinder, Vec3::new(3.0, 3.0, 6.0), "#6b5a48")
    } else if has(&["tire", "tyre", "barrel", "drum"]) {
        Shape::new(Primitive::Cylinder, Vec3::new(0.7, 0.7, 0.9), "#1d1d1d")
    } else if has(&["chair", "stool", "crate", "box", "table", "bench"]) {
        Shape::new(Primitive::Cube, Vec3::new(0.6, 0.6, 0.9), "#7a5a3a")
    } else if has(&["bat", "pipe", "chain", "stick", "wrench", "knife", "bottle"]) {
        Shape::new(Primitive::Cylinder, Vec3::new(0.08, 0.08, 0.9), "#a0a0a8")
    } else if has(&["ball", "globe"]) {
        Shape::new(Primitive::Sphere, Vec3::splat(0.3), "#c04040")
    } else {
        Shape::new(Primitive::Cube, Vec3::splat(0.35), "#9a8a5a")
    }
}

/// What a visual effect's stand-in stands in for, as the VFX team bids it: a
/// creature to animate, or a CG asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandIn {
    Creature,
    Asset,
}

/// The stand-in a visual effect gets, from its name: a glowing column for a
/// hologram, a see-through figure for a ghost, a lit disc for a portal, a beam
/// for a laser, a figure or a mass of the creature's size for a creature. None
/// for effects done to what is already there (`vanishes`, `transforms`).
fn effect_shape(name: &str) -> Option<(StandIn, Shape)> {
    use StandIn::{Asset, Creature};
    use Surface::{Glowing, Matte, Spectral};
    let name = name.to_ascii_lowercase();
    let has = |words: &[&str]| name.split_whitespace().any(|w| words.contains(&w));
    let upright = Quat::from_rotation_x(PI / 2.0);
    let across = Quat::from_rotation_y(PI / 2.0);
    let effect = |primitive, size, color, surface| Shape::effect(primitive, size, color, surface);
    Some(if has(&["hologram", "holograms"]) {
        let column = effect(
            Primitive::Cylinder,
            Vec3::new(0.6, 0.6, 1.4),
            "#5fd7ff",
            Spectral,
        );
        (Asset, column.lifted(0.3))
    } else if has(&["ghost", "ghosts", "spirit", "phantom"]) {
        (
            Creature,
            Shape::figure(1.75, 1.0, "#d6e4ff", Spectral).lifted(0.15),
        )
    } else if has(&["portal", "portals", "wormhole"]) {
        let disc = effect(
            Primitive::Cylinder,
            Vec3::new(2.2, 2.2, 0.12),
            "#a070ff",
            Spectral,
        );
        (Asset, disc.tilted(upright).lifted(0.1))
    } else if has(&["laser", "lasers"]) {
        let beam = effect(
            Primitive::Cylinder,
            Vec3::new(0.05, 0.05, 5.0),
            "#ff2a2a",
            Glowing,
        );
        (Asset, beam.tilted(across).lifted(1.25))
    } else if has(&["monster", "monsters", "creature", "creatures"]) {
        (Creature, Shape::figure(2.6, 1.6, "#4f6136", Matte))
    } else if has(&["giant", "giants"]) {
        (Creature, Shape::figure(4.5, 1.5, "#8c7360", Matte))
    } else if has(&["witch", "witches"]) {
        (Creature, Shape::figure(1.7, 0.9, "#2f2640", Matte))
    } else if has(&["dragon", "dragons"]) {
        let body = effect(
            Primitive::Sphere,
            Vec3::new(2.4, 6.0, 2.0),
            "#70281f",
            Matte,
        );
        (Creature, body.lifted(0.6))
    } else if has(&["spaceship", "spaceships", "ufo"]) {
        let saucer = effect(
            Primitive::Sphere,
            Vec3::new(6.0, 6.0, 1.2),
            "#9aa3b2",
            Matte,
        );
        (Asset, saucer.lifted(4.0))
    } else {
        return None;
    })
}

/// An exterior's ground, horizon and sky: the world around the set, not the set.
const WORLD: [&str; 3] = ["Ground", "Horizon", "Sky"];

/// Whether `piece` is the world around an exterior set (its ground, horizon or
/// sky), not the set itself: a big interior's floor is the set.
pub fn is_world(piece: &SetPiece) -> bool {
    piece.role == Role::Set && WORLD.contains(&piece.name.as_str())
}

/// The corners of a piece's box, as turned and placed.
pub fn corners(piece: &SetPiece) -> [Vec3; 8] {
    let t = &piece.transform;
    std::array::from_fn(|i| {
        let sign = |bit: usize| if i & (1 << bit) == 0 { -0.5 } else { 0.5 };
        t.location + t.rotation * (t.scale * Vec3::new(sign(0), sign(1), sign(2)))
    })
}

/// What a visual effect the breakdown names gets on the set, if anything.
pub fn stand_in(effect: &str) -> Option<StandIn> {
    effect_shape(effect).map(|(kind, _)| kind)
}

/// The creature `text` calls the character `name`, and its height: `KARL THE
/// GIANT`, `the giant Karl`. A character introduced as a creature plays it: the
/// set gives them no stand-in beside them (see [`same_stand_in`]). `Karl the
/// giant slayer` is no giant.
pub fn creature_played(name: &str, text: &str) -> Option<(String, f32)> {
    let creature = |word: &String| match effect_shape(word)? {
        (StandIn::Creature, shape) => Some((word.clone(), shape.size.z)),
        (StandIn::Asset, _) => None,
    };
    // Clause by clause: `the monster, Karl roars` does not make Karl the monster.
    let clauses = text.split([',', ':', '(', ')']);
    clauses.flat_map(sentence_words).find_map(|words| {
        let played = |at: usize| {
            let followed = words.get(at + 1);
            let something_else = followed.is_some_and(|w| NOT_THE_CREATURE.contains(&w.as_str()));
            words.get(at).filter(|_| !something_else).and_then(creature)
        };
        let name_words = name_at(&words, name);
        let length = words_of_name(name);
        name_words.into_iter().find_map(|i| {
            let after = i + length;
            let titled = words.get(after).is_some_and(|w| w == "the");
            let title = titled.then(|| played(after + 1)).flatten();
            title.or_else(|| i.checked_sub(1).and_then(played))
        })
    })
}

/// How many words `name` is, read as action is read.
fn words_of_name(name: &str) -> usize {
    sentence_words(name).iter().map(Vec::len).sum()
}

/// Words after a creature's that make it something else: `giant slayer`,
/// `monster mask`.
const NOT_THE_CREATURE: &[&str] = &[
    "slayer",
    "slayers",
    "hunter",
    "hunters",
    "killer",
    "killers",
    "tamer",
    "keeper",
    "catcher",
    "trainer",
    "expert",
    "doctor",
    "fighter",
    "whisperer",
    "rider",
    "lover",
    "costume",
    "mask",
    "suit",
    "movie",
    "story",
    "book",
    "toy",
    "puppet",
    "statue",
    "painting",
    "poster",
];

/// Whether two visual effects get the same stand-in (`giant`, `giants`).
pub fn same_stand_in(a: &str, b: &str) -> bool {
    match (effect_shape(a), effect_shape(b)) {
        (Some((_, a)), Some((_, b))) => a.primitive == b.primitive && a.color == b.color,
        _ => false,
    }
}

/// Props on a ring beyond the cast across the back half of the set; vehicles further out.
/// Inside a room (`room`: its half width and its back wall's `y`) they are kept
/// clear of the walls, and stand-ins under the ceiling line. Stand-ins turn to
/// face the cast. What glows is also a practical: a light at its top, for a
/// lamp, or just in front of it, for an effect.
fn place_props(
    props: &[PropSpec],
    radius: f32,
    room: Option<(f32, f32)>,
) -> (Vec<SetPiece>, Vec<Practical>) {
    let mut pieces = Vec::new();
    let mut practicals = Vec::new();
    let shapes: Vec<(&PropSpec, Shape)> = props
        .iter()
        .filter_map(|spec| {
            let shape = match spec.kind {
                PropKind::Effect => effect_shape(&spec.name)?.1,
                kind => prop_shape(&spec.name, kind == PropKind::Vehicle),
            };
            Some((spec, shape))
        })
        .collect();
    let count = shapes.len();
    for (i, (spec, mut shape)) in shapes.into_iter().enumerate() {
        let effect = shape.role == Role::Effect;
        if let Some(under) = room.filter(|_| effect).map(|_| WALL_HEIGHT_M - 0.1) {
            // Indoors a stand-in fits under the walls: lowered, or scaled down.
            let height = shape.extent().z;
            if height > under {
                shape.size *= under / height;
                shape.lift = 0.0;
            } else {
                shape.lift = shape.lift.min(under - height);
            }
        }
        // Spread from back-left to back-right, never straight behind the cast.
        let t = if count == 1 {
            0.25
        } else {
            i as f32 / (count - 1) as f32
        };
        let angle = PI * (0.85 - 0.7 * t);
        let outward = Vec3::new(angle.cos(), angle.sin(), 0.0);
        let rotation = if effect {
            facing_rotation(-outward) * shape.tilt
        } else {
            Quat::IDENTITY
        };
        // How far it reaches towards the cast, and the room it takes on the floor.
        let extent = shape.extent();
        let depth = if effect {
            extent.y
        } else {
            extent.x.max(extent.y)
        };
        let footprint = Mat3::from_quat(rotation).abs() * shape.size;
        let vehicle = spec.kind == PropKind::Vehicle;
        let ring = radius + 1.4 + depth / 2.0 + if vehicle { 2.0 } else { 0.0 };
        let mut floor = outward * ring;
        if let Some((half_width, back_y)) = room {
            let side = (half_width - footprint.x.max(footprint.y) / 2.0 - 0.1).max(0.0);
            floor.x = floor.x.clamp(-side, side);
            floor.y = floor.y.min(back_y - footprint.y / 2.0 - 0.1);
        }
        let bottom = floor + Vec3::Z * shape.lift;
        let middle = bottom + Vec3::Z * extent.z / 2.0;
        // A figure stands on its feet (see `mannequin`).
        let at = if shape.primitive == Primitive::Mannequin {
            bottom
        } else {
            middle
        };
        let mut piece = block(
            &spec.name,
            shape.role,
            shape.primitive,
            at,
            shape.size,
            shape.color,
        );
        piece.surface = shape.surface;
        piece.transform.rotation = rotation;
        if shape.lights_up() {
            let light = if effect {
                // Just off its face, so that even a solid beam lets the light out.
                middle - outward * (depth / 2.0 + LIGHT_OFF_FACE_M)
            } else {
                bottom + Vec3::Z * extent.z
            };
            practicals.push(Practical {
                piece: spec.name.clone(),
                role: shape.role,
                light_at: light,
                color: shape.color.to_owned(),
            });
        }
        pieces.push(piece);
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
    fn a_creature_in_a_characters_introduction_is_the_part_they_play() {
        let played = |name, text| creature_played(name, text).map(|(word, _)| word);
        assert_eq!(
            played("KARL", "KARL THE GIANT is bigger than any man.").as_deref(),
            Some("giant")
        );
        assert_eq!(
            played("NORA", "Out steps the witch Nora.").as_deref(),
            Some("witch")
        );
        assert_eq!(
            played("KARL", "Edward faces the monster. Karl roars."),
            None
        );
        assert_eq!(played("KARL", "Karl the baker."), None, "not a creature");
        assert_eq!(played("KARL", "Karl the hologram."), None, "an asset");
        let (_, tall) = creature_played("KARL", "Karl the giant").unwrap();
        assert!(tall > 4.0);
        assert!(same_stand_in("giants", "giant") && !same_stand_in("giant", "witch"));
        assert_eq!(played("KARL", "KARL THE GIANT SLAYER rides in."), None);
        assert_eq!(
            played("DR. VOSS", "Dr. Voss the monster looms.").as_deref(),
            Some("monster")
        );
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
        for name in WORLD {
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
                kind: PropKind::Vehicle,
            },
            PropSpec {
                name: "NEON SIGN".into(),
                kind: PropKind::Prop,
            },
            PropSpec {
                name: "CHAIN".into(),
                kind: PropKind::Prop,
            },
        ];
        let stage = build(false, true, &cast(&["A", "B"]), &["THUGS".into()], &props);
        assert_eq!(piece(&stage, "BLACK VAN").role, Role::Prop);
        assert_eq!(piece(&stage, "NEON SIGN").role, Role::Practical);
        assert_eq!(piece(&stage, "NEON SIGN").surface, Surface::Glowing);
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
    fn visual_effects_get_stand_ins_that_face_the_cast() {
        let effects: Vec<PropSpec> = [
            "hologram", "portal", "laser", "ghost", "monster", "vanishes",
        ]
        .into_iter()
        .map(|name| PropSpec {
            name: name.into(),
            kind: PropKind::Effect,
        })
        .collect();
        let stage = build(true, true, &cast(&["A", "B"]), &[], &effects);
        assert_eq!(stand_in("vanishes"), None);
        assert_eq!(stand_in("hologram"), Some(StandIn::Asset));
        assert_eq!(stand_in("Ghosts"), Some(StandIn::Creature));
        assert!(stage.pieces.iter().all(|p| p.name != "vanishes"));
        let surface = |name| piece(&stage, name).surface;
        assert_eq!(surface("hologram"), Surface::Spectral);
        assert_eq!(surface("ghost"), Surface::Spectral);
        assert_eq!(surface("laser"), Surface::Glowing);
        assert_eq!(surface("monster"), Surface::Matte);
        // What glows lights the set; the monster does not.
        assert_eq!(stage.practicals.len(), 4);
        for name in ["hologram", "portal", "laser", "ghost", "monster"] {
            let p = piece(&stage, name);
            assert_eq!(p.role, Role::Effect, "{name}");
            let at = p.transform.location;
            assert!(at.x.abs() < stage.half_width, "{name} inside the room");
            assert!(at.y < stage.back_y, "{name} before the back wall");
            for mark in &stage.marks {
                assert!(at.truncate().distance(mark.subject.position.truncate()) > 1.0);
            }
        }
        // Figures stand (or float) with their feet at their location, facing the cast.
        let ghost = piece(&stage, "ghost");
        assert_eq!(ghost.primitive, Primitive::Mannequin);
        assert!((ghost.transform.location.z - 0.15).abs() < 1e-5);
        let front = ghost.transform.rotation * Vec3::NEG_Y;
        assert!(front.dot(-ghost.transform.location.with_z(0.0).normalize()) > 0.99);
        assert!(piece(&stage, "monster").transform.scale.z > 2.0);
        // Indoors a giant stoops under the walls; outdoors it stands tall.
        let giant = [PropSpec {
            name: "giant".into(),
            kind: PropKind::Effect,
        }];
        let height = |interior| {
            let stage = build(interior, false, &cast(&["A"]), &[], &giant);
            piece(&stage, "giant").transform.scale.z
        };
        assert!(height(true) < WALL_HEIGHT_M && height(false) > 4.0);
        // The portal's disc stands upright, its face to the cast; the beam runs level.
        let portal = piece(&stage, "portal");
        let axis = portal.transform.rotation * Vec3::Z;
        assert!(axis.z.abs() < 1e-5);
        assert!(
            axis.dot(portal.transform.location.with_z(0.0).normalize())
                .abs()
                > 0.99
        );
        assert!(
            (portal.transform.location.z - 1.2).abs() < 1e-5,
            "lifted, on its rim"
        );
        let beam = piece(&stage, "laser").transform;
        assert!((beam.rotation * Vec3::Z).z.abs() < 1e-5);
        assert!((beam.location.z - 1.25).abs() < 0.05);
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
