//! The follow camera: a camera path through the user's own Blender scene that
//! follows a moving subject, looks ahead of where it is going and keeps obstacles
//! out of the way. The add-on sends the scene graph (with each moving object's
//! transform frame by frame); this gives back a key per frame.
//!
//! The camera rides behind the subject's direction of travel and a little to its
//! side, above its eye line, and aims ahead of it by the distance it covers in
//! [`LEAD_S`]. Its course is smoothed both ways in time (no lag, no jitter), then
//! pulled in towards the subject wherever an `obstacle` would come between them
//! or swallow the camera.

use glam::Vec3;
use oneshot_model::{Aabb, CameraKey, CameraPath, Role, SceneGraph, SceneObject, Transform};

use crate::framing::look_at;

/// Metres behind the subject.
pub const DISTANCE_M: f32 = 4.5;
/// Metres to the subject's right.
pub const SIDE_M: f32 = 1.2;
/// Metres above the point the camera aims at on the subject.
pub const RISE_M: f32 = 0.5;
/// The camera aims where the subject will be this many seconds on (at most
/// [`MAX_LEAD_M`] ahead).
pub const LEAD_S: f32 = 0.5;
pub const MAX_LEAD_M: f32 = 2.0;
/// Time constant of the smoothing, in seconds.
pub const SMOOTHING_S: f32 = 0.4;
/// Obstacles are kept this far from the line of sight and the camera.
pub const CLEARANCE_M: f32 = 0.3;
/// The camera comes no nearer the subject than this.
pub const MIN_DISTANCE_M: f32 = 1.0;
pub const LENS_MM: f32 = 35.0;
/// The longest frame range followed (a little over an hour at 24 fps).
pub const MAX_FRAMES: i32 = 100_000;

/// Why a follow camera could not be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FollowError {
    /// The subject named is not in the scene.
    #[error("the scene has no object named `{0}` to follow")]
    NoSuchSubject(String),
    /// No subject was named and no object has the role `character`.
    #[error("nothing to follow: name an object, or give one the role `character`")]
    NoSubject,
    /// The scene's frame range is empty or too long.
    #[error("frames {start} to {end} are not a range to follow (at most {MAX_FRAMES} frames)")]
    FrameRange { start: i32, end: i32 },
}

/// A camera path following `subject` (or the first moving `character`) through
/// `graph`'s frame range, a key per frame.
pub fn follow_camera(graph: &SceneGraph, subject: Option<&str>) -> Result<CameraPath, FollowError> {
    let (start, end) = (graph.frame_start, graph.frame_end);
    if end < start || end - start >= MAX_FRAMES {
        return Err(FollowError::FrameRange { start, end });
    }
    let subject = find_subject(graph, subject)?;
    let fps = if graph.fps.is_finite() && graph.fps > 0.0 {
        graph.fps
    } else {
        24.0
    };
    let frames: Vec<i32> = (start..=end).collect();
    // The point aimed at: the middle of the subject's box, a quarter of its height up.
    let height = (subject.bounds.max.z - subject.bounds.min.z).max(0.0);
    let offset = subject.bounds.center() - subject.transform.location + Vec3::Z * 0.25 * height;
    let aim: Vec<Vec3> = frames
        .iter()
        .map(|&f| location(subject, f) + offset)
        .collect();

    let lead = ((LEAD_S * fps).round() as usize).max(1);
    let headings = headings(&aim, lead);
    let speed_lead = |i: usize| {
        let ahead = aim[(i + lead).min(aim.len() - 1)];
        (ahead - aim[i]).truncate().length().min(MAX_LEAD_M)
    };
    let mut eyes: Vec<Vec3> = Vec::with_capacity(aim.len());
    let mut targets: Vec<Vec3> = Vec::with_capacity(aim.len());
    for (i, (&at, &heading)) in aim.iter().zip(&headings).enumerate() {
        let right = Vec3::new(heading.y, -heading.x, 0.0);
        eyes.push(at - heading * DISTANCE_M + right * SIDE_M + Vec3::Z * RISE_M);
        targets.push(at + heading * speed_lead(i));
    }
    let alpha = 1.0 - (-1.0 / (SMOOTHING_S * fps)).exp();
    smooth(&mut eyes, alpha);
    smooth(&mut targets, alpha);

    let obstacles: Vec<Aabb> = graph
        .with_role(Role::Obstacle)
        .map(|o| grown(&o.bounds, CLEARANCE_M))
        .collect();
    let keys = frames
        .iter()
        .zip(eyes.iter().zip(&targets))
        .zip(&aim)
        .map(|((&frame, (&eye, &target)), &at)| {
            let eye = clear(at, eye, &obstacles);
            CameraKey {
                frame,
                transform: Transform {
                    location: eye,
                    rotation: look_at(eye, target),
                    ..Transform::default()
                },
                lens_mm: LENS_MM,
                focus_distance: eye.distance(at),
            }
        })
        .collect();
    Ok(CameraPath {
        shot_id: format!("follow {}", subject.name),
        keys,
    })
}

fn find_subject<'a>(
    graph: &'a SceneGraph,
    name: Option<&str>,
) -> Result<&'a SceneObject, FollowError> {
    match name {
        Some(name) => graph
            .objects
            .iter()
            .find(|o| o.name == name)
            .ok_or_else(|| FollowError::NoSuchSubject(name.to_owned())),
        None => {
            let mut characters = graph.with_role(Role::Character);
            let first = characters.next().ok_or(FollowError::NoSubject)?;
            Ok(std::iter::once(first)
                .chain(characters)
                .find(|o| !o.samples.is_empty())
                .unwrap_or(first))
        }
    }
}

/// Where `object` is at `frame`: its sample there, the nearest one before it (or
/// after, before the first), or where it stands when it does not move.
fn location(object: &SceneObject, frame: i32) -> Vec3 {
    let samples = &object.samples;
    let at = samples.partition_point(|s| s.frame <= frame);
    match (
        at.checked_sub(1).and_then(|i| samples.get(i)),
        samples.first(),
    ) {
        (Some(sample), _) | (None, Some(sample)) => sample.transform.location,
        (None, None) => object.transform.location,
    }
}

/// The horizontal direction of travel at each point of `path`, over `lead` frames
/// either side; standing still keeps the last direction (the first one found, or
/// north, before any).
fn headings(path: &[Vec3], lead: usize) -> Vec<Vec3> {
    let raw: Vec<Option<Vec3>> = (0..path.len())
        .map(|i| {
            let ahead = path[(i + lead).min(path.len() - 1)];
            let behind = path[i.saturating_sub(lead)];
            (ahead - behind)
                .truncate()
                .try_normalize()
                .map(|d| d.extend(0.0))
        })
        .collect();
    let mut last = raw.iter().flatten().next().copied().unwrap_or(Vec3::Y);
    raw.into_iter()
        .map(|heading| {
            last = heading.unwrap_or(last);
            last
        })
        .collect()
}

/// Exponential smoothing forwards then backwards: no lag, and still at the ends.
fn smooth(points: &mut [Vec3], alpha: f32) {
    for i in 1..points.len() {
        points[i] = points[i - 1].lerp(points[i], alpha);
    }
    for i in (0..points.len().saturating_sub(1)).rev() {
        points[i] = points[i + 1].lerp(points[i], alpha);
    }
}

fn grown(b: &Aabb, by: f32) -> Aabb {
    Aabb {
        min: b.min - Vec3::splat(by),
        max: b.max + Vec3::splat(by),
    }
}

/// `eye`, pulled in along the line from `at` to where no obstacle comes between
/// them, but no nearer than [`MIN_DISTANCE_M`].
fn clear(at: Vec3, eye: Vec3, obstacles: &[Aabb]) -> Vec3 {
    let line = eye - at;
    let length = line.length();
    if length <= MIN_DISTANCE_M {
        return eye;
    }
    let Some(entry) = obstacles
        .iter()
        .filter_map(|b| entry(at, line, b))
        .min_by(f32::total_cmp)
    else {
        return eye;
    };
    // Just short of the obstacle's (grown) face.
    let reach = (entry * length - 0.01).max(MIN_DISTANCE_M);
    at + line / length * reach
}

/// Where the segment `from + t * line` (`t` in `0..=1`) first enters `b`; `None`
/// when it misses or starts inside (the subject is in the box: nothing to clear).
fn entry(from: Vec3, line: Vec3, b: &Aabb) -> Option<f32> {
    let (mut near, mut far) = (0.0f32, 1.0f32);
    for axis in 0..3 {
        let (o, d, lo, hi) = (from[axis], line[axis], b.min[axis], b.max[axis]);
        if d.abs() < 1e-9 {
            if o < lo || o > hi {
                return None;
            }
            continue;
        }
        let (t0, t1) = ((lo - o) / d, (hi - o) / d);
        near = near.max(t0.min(t1));
        far = far.min(t0.max(t1));
        if near > far {
            return None;
        }
    }
    (near > 0.0).then_some(near)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot_model::TransformSample;

    fn object(name: &str, role: Role, at: Vec3, size: Vec3) -> SceneObject {
        SceneObject {
            name: name.into(),
            role: Some(role),
            transform: Transform {
                location: at,
                ..Transform::default()
            },
            bounds: Aabb {
                min: at - size / 2.0,
                max: at + size / 2.0,
            },
            samples: Vec::new(),
        }
    }

    /// A 1.8 m figure walking east at 1 m/s for two seconds at 24 fps.
    fn walker() -> SceneObject {
        let mut walker = object(
            "ANA",
            Role::Character,
            Vec3::new(0.0, 0.0, 0.9),
            Vec3::new(0.5, 0.3, 1.8),
        );
        walker.samples = (1..=48)
            .map(|frame| TransformSample {
                frame,
                transform: Transform {
                    location: Vec3::new((frame - 1) as f32 / 24.0, 0.0, 0.9),
                    ..Transform::default()
                },
            })
            .collect();
        walker
    }

    fn scene(objects: Vec<SceneObject>) -> SceneGraph {
        SceneGraph {
            name: "Scene".into(),
            frame_start: 1,
            frame_end: 48,
            fps: 24.0,
            objects,
            cameras: Vec::new(),
            lights: Vec::new(),
            active_camera: None,
        }
    }

    #[test]
    fn the_camera_follows_from_behind_and_looks_ahead() {
        let path = follow_camera(&scene(vec![walker()]), None).unwrap();
        assert_eq!(path.keys.len(), 48);
        assert_eq!(path.shot_id, "follow ANA");
        for key in &path.keys {
            let subject = Vec3::new((key.frame - 1) as f32 / 24.0, 0.0, 0.9 + 0.45);
            let eye = key.transform.location;
            let forward = key.transform.rotation * Vec3::NEG_Z;
            assert!(
                eye.x < subject.x - 3.0,
                "behind: {eye} at frame {}",
                key.frame
            );
            let to_subject = (subject - eye).normalize();
            // In frame: within 15 degrees of the view's centre, on the side of travel.
            assert!(
                forward.dot(to_subject) > 15f32.to_radians().cos(),
                "frame {}",
                key.frame
            );
            assert!((key.focus_distance - eye.distance(subject)).abs() < 1e-3);
        }
        // Mid-walk it aims ahead of the subject.
        let mid = &path.keys[24];
        let forward = mid.transform.rotation * Vec3::NEG_Z;
        let subject = Vec3::new(1.0, 0.0, 1.35);
        let aim_along = mid.transform.location + forward * mid.focus_distance;
        assert!(aim_along.x > subject.x, "{aim_along}");
    }

    #[test]
    fn an_obstacle_in_the_way_pulls_the_camera_in() {
        let free = follow_camera(&scene(vec![walker()]), None).unwrap();
        let where_it_was = free.keys[24].transform.location;
        let crate_ = object("crate", Role::Obstacle, where_it_was, Vec3::splat(1.5));
        let path = follow_camera(&scene(vec![walker(), crate_.clone()]), Some("ANA")).unwrap();
        let key = &path.keys[24];
        let subject = Vec3::new(1.0, 0.0, 1.35);
        let eye = key.transform.location;
        assert!(eye.distance(subject) < where_it_was.distance(subject) - 0.5);
        assert!(eye.distance(subject) >= MIN_DISTANCE_M - 1e-4);
        let grown = grown(&crate_.bounds, CLEARANCE_M);
        assert!(
            entry(subject, eye - subject, &grown).is_none(),
            "the line of sight is clear"
        );
    }

    #[test]
    fn a_subject_standing_still_gets_a_camera_standing_still() {
        let still = object("BOX", Role::Character, Vec3::new(2.0, 3.0, 0.5), Vec3::ONE);
        let path = follow_camera(&scene(vec![still]), None).unwrap();
        let first = path.keys[0].transform.location;
        assert!(
            path.keys
                .iter()
                .all(|k| k.transform.location.abs_diff_eq(first, 1e-5))
        );
        // Facing north by default: the camera stands south of it.
        assert!(first.y < 3.0 - 3.0);
    }

    #[test]
    fn nothing_to_follow_is_a_clear_error() {
        let prop = object("lamp", Role::Prop, Vec3::ZERO, Vec3::ONE);
        assert_eq!(
            follow_camera(&scene(vec![prop.clone()]), None),
            Err(FollowError::NoSubject)
        );
        assert_eq!(
            follow_camera(&scene(vec![prop]), Some("ANA"))
                .unwrap_err()
                .to_string(),
            "the scene has no object named `ANA` to follow"
        );
        let mut empty = scene(vec![walker()]);
        empty.frame_end = 0;
        assert!(matches!(
            follow_camera(&empty, None),
            Err(FollowError::FrameRange { .. })
        ));
    }
}
