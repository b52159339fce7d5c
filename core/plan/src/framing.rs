//! Framing math: where a camera stands, which lens it carries and where it looks so
//! that a shot of a given size holds its subjects.
//!
//! Conventions are Blender's: Z up, metres, a camera looks down its local -Z with
//! +Y up, lens in millimetres on a sensor whose width is fitted to the longer side
//! of the frame (Blender's "Auto" sensor fit).

use glam::{Mat3, Quat, Vec2, Vec3};
use oneshot_model::{CameraData, ShotSize, Transform};

/// Full-frame sensor width, Blender's default.
pub const SENSOR_WIDTH_MM: f32 = 36.0;
/// The widest lens the planner will mount; beyond it a shot is framed looser instead.
pub const WIDEST_LENS_MM: f32 = 14.0;
/// The longest lens the planner will mount.
pub const LONGEST_LENS_MM: f32 = 135.0;

/// Someone (or something) the camera must hold in frame: feet on the ground at
/// `position`, standing `height` metres tall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subject {
    pub position: Vec3,
    pub height: f32,
}

impl Subject {
    /// The top of the head.
    pub fn head(&self) -> Vec3 {
        self.position + Vec3::Z * self.height
    }

    /// Eye line, a little under the top of the head.
    pub fn eyes(&self) -> Vec3 {
        self.position + Vec3::Z * (self.height - 0.12)
    }
}

/// The frame's shape: aspect ratio and the sensor dimensions the lens projects onto.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Film {
    pub aspect: f32,
}

impl Film {
    /// Sensor extent (width, height) in millimetres actually covered by the frame.
    pub fn sensor_mm(self) -> Vec2 {
        if self.aspect >= 1.0 {
            Vec2::new(SENSOR_WIDTH_MM, SENSOR_WIDTH_MM / self.aspect)
        } else {
            Vec2::new(SENSOR_WIDTH_MM * self.aspect, SENSOR_WIDTH_MM)
        }
    }
}

/// The lens a camera operator reaches for first at each shot size.
pub fn preferred_lens_mm(size: ShotSize) -> f32 {
    match size {
        ShotSize::Ews => 18.0,
        ShotSize::Ws => 24.0,
        ShotSize::Fs => 32.0,
        ShotSize::Ms => 40.0,
        ShotSize::Mcu => 50.0,
        ShotSize::Cu => 75.0,
        ShotSize::Ecu => 100.0,
    }
}

/// The focal lengths of a set of cine primes, millimetres: what a camera
/// department carries, from [`WIDEST_LENS_MM`] to [`LONGEST_LENS_MM`].
pub const PRIMES_MM: [f32; 15] = [
    14.0, 16.0, 18.0, 21.0, 24.0, 25.0, 27.0, 32.0, 35.0, 40.0, 50.0, 65.0, 75.0, 100.0, 135.0,
];

/// The prime to mount where a frame wants a `lens` of millimetres: the longest
/// not longer, so that the frame is never tighter than asked (an 81 mm is a
/// 75 mm), or the widest of the set.
fn prime_for(lens: f32) -> f32 {
    PRIMES_MM
        .iter()
        .rev()
        .copied()
        .find(|&prime| prime <= lens + 0.01)
        .unwrap_or(WIDEST_LENS_MM)
}

/// What a framing asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    pub size: ShotSize,
    /// Horizontal direction from the subjects towards the camera.
    pub from: Vec3,
    /// The farthest the camera may stand from the subjects (walls, set edge).
    pub max_distance: f32,
    /// The nearest it may stand (to stay behind a foreground shoulder).
    pub min_distance: f32,
    /// Camera height above the look-at point, in metres per metre of distance
    /// (0 = level, 0.3 = looking gently down).
    pub elevation: f32,
}

/// The result: a camera placement with lens and focus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub transform: Transform,
    pub lens_mm: f32,
    /// Distance from the camera to the look-at point.
    pub focus_distance: f32,
    pub target: Vec3,
}

impl Placement {
    pub fn camera(&self, name: impl Into<String>) -> CameraData {
        CameraData {
            name: name.into(),
            transform: self.transform,
            lens_mm: self.lens_mm,
            sensor_width_mm: SENSOR_WIDTH_MM,
            focus_distance: Some(self.focus_distance),
            ortho_scale: None,
        }
    }
}

/// The rotation that points a Blender camera at `position` towards `target`
/// (its -Z along the view, its +Y as close to world up as the view allows).
pub fn look_at(position: Vec3, target: Vec3) -> Quat {
    let forward = (target - position).normalize_or(Vec3::Y);
    let side = forward.cross(Vec3::Z);
    // Looking straight up or down: any horizontal right vector will do.
    let right = if side.length_squared() < 1e-8 {
        Vec3::X
    } else {
        side.normalize()
    };
    let up = right.cross(forward);
    Quat::from_mat3(&Mat3::from_cols(right, up, -forward)).normalize()
}

/// Places a camera so that `subjects` fill a `framing.size` frame seen from `framing.from`.
///
/// The frame height is the shot size's (a full shot covers 2.2 m of a standing person)
/// widened until the group fits side to side; the lens is the size's preferred one
/// unless the set is too small to step back, in which case the camera stands at
/// `max_distance` and goes wider, or it must stand back further (`min_distance`),
/// in which case it goes longer.
pub fn place(subjects: &[Subject], framing: Framing, film: Film) -> Placement {
    // Perspective makes the near end of a group look wider than the flat estimate:
    // loosen the frame until every head is in (a few steps at most).
    let mut looser = 1.0;
    let mut placement = place_with_margin(subjects, framing, film, looser);
    for _ in 0..8 {
        let camera = placement.camera("fit");
        let holds =
            |s: &Subject| in_frame(&camera, film, s.head()) && in_frame(&camera, film, s.eyes());
        if subjects.iter().all(holds) {
            break;
        }
        looser *= 1.2;
        placement = place_with_margin(subjects, framing, film, looser);
    }
    placement
}

/// [`place`] with the frame height scaled by `looser`.
fn place_with_margin(subjects: &[Subject], framing: Framing, film: Film, looser: f32) -> Placement {
    let from = Vec3::new(framing.from.x, framing.from.y, 0.0).normalize_or(Vec3::NEG_Y);
    let across = Vec3::Z.cross(from); // horizontal, perpendicular to the view
    let (mut lo, mut hi) = (f32::MAX, f32::MIN);
    let (mut top, mut shortest) = (0.0f32, f32::MAX);
    let mut centroid = Vec3::ZERO;
    for subject in subjects {
        let offset = subject.position.dot(across);
        lo = lo.min(offset);
        hi = hi.max(offset);
        top = top.max(subject.head().z);
        shortest = shortest.min(subject.height);
        centroid += subject.position;
    }
    if subjects.is_empty() {
        (lo, hi, top, shortest) = (0.0, 0.0, 1.7, 1.7);
    } else {
        centroid /= subjects.len() as f32;
    }
    // Shoulders stick out of the feet-to-head line; leave room either side, as much
    // as the size shows of a person: a close-up holds a face, not the shoulders,
    // which would widen it into a medium close-up.
    let group_width = (hi - lo) + (framing.size.frame_height_m() * 1.2).min(1.0);
    let frame_height = framing.size.frame_height_m().max(group_width / film.aspect) * looser;
    let headroom = 0.15 * frame_height.min(3.0);
    let center_z = (top + headroom - frame_height / 2.0).max(shortest * 0.5);
    let middle = (lo + hi) / 2.0;
    let target = centroid - across * (centroid.dot(across) - middle) + Vec3::Z * center_z;

    let sensor_h = film.sensor_mm().y;
    let mut lens = preferred_lens_mm(framing.size);
    let mut distance = lens * frame_height / sensor_h;
    let allowed = framing.max_distance.max(0.3);
    let wanted = distance.clamp(framing.min_distance.min(allowed), allowed);
    if wanted != distance {
        distance = wanted;
        lens = sensor_h * distance / frame_height;
    }
    let lens = prime_for(lens);
    let position = target + from * distance + Vec3::Z * (framing.elevation * distance);
    Placement {
        transform: Transform {
            location: position,
            rotation: look_at(position, target),
            scale: Vec3::ONE,
        },
        lens_mm: lens,
        focus_distance: position.distance(target),
        target,
    }
}

/// Trucks a placement sideways by `metres` (along the camera's own right) and pans
/// back by `pan_metres` at the subject's distance: the subject slides off-centre by
/// `metres - pan_metres`, as in an over-the-shoulder shot.
pub fn offset_sideways(placement: Placement, metres: f32, pan_metres: f32) -> Placement {
    let right = placement.transform.rotation * Vec3::X;
    let location = placement.transform.location + right * metres;
    let aim = placement.target + right * pan_metres;
    Placement {
        transform: Transform {
            location,
            rotation: look_at(location, aim),
            scale: Vec3::ONE,
        },
        focus_distance: location.distance(placement.target),
        ..placement
    }
}

/// Where `point` lands in the frame of `camera`, in normalised device coordinates
/// (-1..1 on both axes, +Y up), or `None` when it is behind the camera.
pub fn project(camera: &CameraData, film: Film, point: Vec3) -> Option<Vec2> {
    let local = camera.transform.rotation.inverse() * (point - camera.transform.location);
    let depth = -local.z;
    if depth <= 1e-4 {
        return None;
    }
    let sensor = film.sensor_mm() * (SENSOR_WIDTH_MM / camera.sensor_width_mm);
    let on_sensor = local.truncate() * (camera.lens_mm / depth);
    Some(on_sensor / (sensor / 2.0))
}

/// True when `point` is inside the frame of `camera`.
pub fn in_frame(camera: &CameraData, film: Film, point: Vec3) -> bool {
    project(camera, film, point).is_some_and(|p| p.x.abs() <= 1.0 && p.y.abs() <= 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILM: Film = Film { aspect: 16.0 / 9.0 };

    /// Every shot size, from the widest.
    const SIZES: [ShotSize; 7] = [
        ShotSize::Ews,
        ShotSize::Ws,
        ShotSize::Fs,
        ShotSize::Ms,
        ShotSize::Mcu,
        ShotSize::Cu,
        ShotSize::Ecu,
    ];

    fn person(x: f32, y: f32) -> Subject {
        Subject {
            position: Vec3::new(x, y, 0.0),
            height: 1.8,
        }
    }

    fn framing(size: ShotSize) -> Framing {
        Framing {
            size,
            from: Vec3::NEG_Y,
            max_distance: 50.0,
            min_distance: 0.0,
            elevation: 0.0,
        }
    }

    #[test]
    fn look_at_points_minus_z_at_the_target_with_y_up() {
        let eye = Vec3::new(3.0, -4.0, 2.0);
        let target = Vec3::new(0.0, 1.0, 1.0);
        let q = look_at(eye, target);
        let forward = q * Vec3::NEG_Z;
        assert!(forward.abs_diff_eq((target - eye).normalize(), 1e-5));
        let up = q * Vec3::Y;
        assert!(up.z > 0.0, "camera up must point skywards: {up}");
        assert!((q * Vec3::X).z.abs() < 1e-5, "no roll");
    }

    #[test]
    fn look_at_straight_down_is_finite() {
        let q = look_at(Vec3::Z * 10.0, Vec3::ZERO);
        assert!(q.is_finite() && q.is_normalized());
        assert!((q * Vec3::NEG_Z).abs_diff_eq(Vec3::NEG_Z, 1e-5));
    }

    #[test]
    fn a_lens_is_one_of_the_primes_and_never_tighter_than_asked() {
        assert_eq!(prime_for(81.0), 75.0);
        assert_eq!(prime_for(39.35), 35.0);
        assert_eq!(prime_for(50.0), 50.0);
        assert_eq!(prime_for(9.0), WIDEST_LENS_MM);
        assert_eq!(prime_for(500.0), LONGEST_LENS_MM);
        for size in SIZES {
            assert!(PRIMES_MM.contains(&preferred_lens_mm(size)), "{size:?}");
        }
        // Up against a wall, a full shot goes wider, onto a prime.
        let cramped = Framing {
            max_distance: 2.0,
            ..framing(ShotSize::Fs)
        };
        let placed = place(&[person(0.0, 0.0)], cramped, FILM);
        assert!(PRIMES_MM.contains(&placed.lens_mm) && placed.lens_mm < 32.0);
    }

    #[test]
    fn a_single_is_framed_as_tight_as_its_size() {
        // Frame height at the subject, from the lens and the distance: a close-up
        // holds a face (0.4 m), not the shoulders of a medium close-up.
        for size in [ShotSize::Ms, ShotSize::Mcu, ShotSize::Cu] {
            let placed = place(&[person(0.0, 0.0)], framing(size), FILM);
            let height = placed.focus_distance * FILM.sensor_mm().y / placed.lens_mm;
            let wanted = size.frame_height_m();
            assert!(
                (height - wanted).abs() < 0.05 * wanted,
                "{size:?}: {height} m"
            );
        }
    }

    #[test]
    fn every_size_holds_a_single_head() {
        // Not the extreme close-up: it holds a detail.
        for size in SIZES.into_iter().filter(|&size| size != ShotSize::Ecu) {
            let subject = person(0.5, 2.0);
            let camera = place(&[subject], framing(size), FILM).camera("c");
            assert!(
                in_frame(&camera, FILM, subject.eyes()),
                "{size:?} loses the eyes"
            );
            assert!(
                in_frame(&camera, FILM, subject.head()),
                "{size:?} crops the head"
            );
        }
    }

    #[test]
    fn full_shots_hold_head_and_feet_closer_shots_do_not() {
        let subject = person(0.0, 0.0);
        let full = place(&[subject], framing(ShotSize::Fs), FILM).camera("fs");
        assert!(in_frame(&full, FILM, subject.position));
        let close = place(&[subject], framing(ShotSize::Cu), FILM).camera("cu");
        assert!(
            !in_frame(&close, FILM, subject.position),
            "a close-up shows no feet"
        );
    }

    #[test]
    fn a_group_fits_side_to_side() {
        let group = [person(-3.0, 0.0), person(0.0, 0.5), person(3.0, 0.0)];
        let camera = place(&group, framing(ShotSize::Ms), FILM).camera("g");
        for subject in group {
            assert!(
                in_frame(&camera, FILM, subject.eyes()),
                "{subject:?} out of frame"
            );
        }
    }

    #[test]
    fn a_small_room_means_a_wider_lens_not_a_tighter_frame() {
        let subject = person(0.0, 0.0);
        let roomy = place(&[subject], framing(ShotSize::Fs), FILM);
        let cramped = place(
            &[subject],
            Framing {
                max_distance: 2.0,
                ..framing(ShotSize::Fs)
            },
            FILM,
        );
        assert!(cramped.lens_mm < roomy.lens_mm);
        assert!(cramped.focus_distance <= 2.0 + 1e-4);
        let camera = cramped.camera("c");
        assert!(in_frame(&camera, FILM, subject.head()));
        assert!(in_frame(&camera, FILM, subject.position));
    }

    #[test]
    fn standing_back_means_a_longer_lens() {
        let subject = person(0.0, 0.0);
        let near = place(&[subject], framing(ShotSize::Mcu), FILM);
        let far = place(
            &[subject],
            Framing {
                min_distance: 3.0,
                ..framing(ShotSize::Mcu)
            },
            FILM,
        );
        assert!(far.lens_mm > near.lens_mm);
        assert!(in_frame(&far.camera("c"), FILM, subject.eyes()));
    }

    #[test]
    fn lens_follows_size_and_distance() {
        // A medium shot (1.1 m of person) on the preferred 40 mm lens of a 16:9 frame
        // (20.25 mm of sensor height) stands 40 * 1.1 / 20.25 = 2.17 m away.
        let placement = place(&[person(0.0, 0.0)], framing(ShotSize::Ms), FILM);
        assert_eq!(placement.lens_mm, 40.0);
        assert!((placement.focus_distance - 40.0 * 1.1 / 20.25).abs() < 1e-3);
    }

    #[test]
    fn over_the_shoulder_keeps_the_speaker() {
        let speaker = person(1.0, 0.0);
        let placement = place(
            &[speaker],
            Framing {
                from: Vec3::NEG_X,
                ..framing(ShotSize::Mcu)
            },
            FILM,
        );
        let camera = offset_sideways(placement, 0.35, 0.15).camera("ots");
        assert!(in_frame(&camera, FILM, speaker.eyes()));
        let p = project(&camera, FILM, speaker.eyes()).unwrap();
        assert!(
            p.x.abs() > 0.05,
            "the speaker sits off-centre over a shoulder"
        );
    }

    #[test]
    fn points_behind_the_camera_do_not_project() {
        let placement = place(&[person(0.0, 0.0)], framing(ShotSize::Ms), FILM);
        let camera = placement.camera("c");
        let behind = camera.transform.location + Vec3::NEG_Y * 5.0;
        assert!(project(&camera, FILM, behind).is_none());
    }
}
