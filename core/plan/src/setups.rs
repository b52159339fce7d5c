//! Camera set-ups as the 1st AD counts them. Every shot a camera takes from one
//! place with one lens (a line and its reprise in the same single) is one set-up:
//! lit, rehearsed and rolled once, the cut's shots taken from it. Set-ups are
//! named as the slate names them: the scene's number for the first, then a letter
//! for each next one (`4`, `4A`, `4B`...; no `I` or `O`, which read as 1 and 0).
//!
//! Two locked-off coverage set-ups of the same scene whose cameras stay out of
//! each other's frame can roll together, on an A and a B camera: the
//! cross-coverage that shoots both sides of a conversation in one take.

use glam::Vec3;
use oneshot_model::{CameraData, CameraPath, ProductionPlan, Shot, ShotKind, ShotSetup};

/// Cameras closer than this, metres, stand in the same place.
const SAME_PLACE_M: f32 = 0.01;
/// Cameras turned less than this apart (cosine of the angle) look the same way.
const SAME_AIM: f32 = 0.9999;
/// A B camera this far outside the A camera's frame, degrees, is clear of it: the
/// width of a camera body and its operator at a few metres.
const OUT_OF_FRAME_DEG: f32 = 8.0;

/// One set-up of a scene: its slate name, its shots in cutting order, and the
/// set-up rolling with it on the B camera, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub name: String,
    pub scene: u32,
    pub shots: Vec<String>,
    pub b_camera: Option<String>,
}

/// The set-ups of every scene of the plan, scene by scene, each scene's in order
/// of first use.
pub fn setups(plan: &ProductionPlan) -> Vec<Setup> {
    of_shots(&plan.shots, &plan.setups)
}

/// The set-ups of `shots`, each taken as `cameras` (one per shot) set it up.
fn of_shots(shots: &[Shot], cameras: &[ShotSetup]) -> Vec<Setup> {
    let mut found: Vec<(Setup, &Shot, &ShotSetup)> = Vec::new();
    for (shot, setup) in shots.iter().zip(cameras) {
        let same = found.iter_mut().find(|(known, _, first_setup)| {
            known.scene == shot.scene && same_camera(first_setup, setup)
        });
        match same {
            Some((known, _, _)) => known.shots.push(shot.id.clone()),
            None => {
                let index = found
                    .iter()
                    .filter(|(s, _, _)| s.scene == shot.scene)
                    .count();
                let setup_entry = Setup {
                    name: slate(shot.scene, index),
                    scene: shot.scene,
                    shots: vec![shot.id.clone()],
                    b_camera: None,
                };
                found.push((setup_entry, shot, setup));
            }
        }
    }
    pair_cross_coverage(&mut found);
    found.into_iter().map(|(setup, _, _)| setup).collect()
}

/// The slate name of a scene's `index`th set-up (0-based): `4`, `4A`, ... `4Z`,
/// then `4AA`, `4AB`...
fn slate(scene: u32, index: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut name = scene.to_string();
    if index == 0 {
        return name;
    }
    let n = index - 1;
    let base = LETTERS.len();
    if n >= base {
        name.push(LETTERS[(n / base - 1) % base] as char);
    }
    name.push(LETTERS[n % base] as char);
    name
}

/// Whether two set-ups are the same camera: in the same place, aimed the same way,
/// with the same lens, and moving (if at all) the same way.
fn same_camera(a: &ShotSetup, b: &ShotSetup) -> bool {
    same_lens_and_place(&a.camera, &b.camera)
        && match (&a.path, &b.path) {
            (None, None) => true,
            (Some(a), Some(b)) => same_path(a, b),
            _ => false,
        }
}

fn same_lens_and_place(a: &CameraData, b: &CameraData) -> bool {
    a.lens_mm == b.lens_mm
        && a.ortho_scale == b.ortho_scale
        && a.transform.location.distance(b.transform.location) < SAME_PLACE_M
        && a.transform.rotation.dot(b.transform.rotation).abs() > SAME_AIM
}

fn same_path(a: &CameraPath, b: &CameraPath) -> bool {
    a.keys.len() == b.keys.len()
        && a.keys.iter().zip(&b.keys).all(|(a, b)| {
            a.frame == b.frame
                && a.lens_mm == b.lens_mm
                && a.transform.location.distance(b.transform.location) < SAME_PLACE_M
                && a.transform.rotation.dot(b.transform.rotation).abs() > SAME_AIM
        })
}

/// Pairs each scene's locked-off singles, over-the-shoulders and reactions, in
/// order, with the first later one of another subject whose camera it is clear of
/// and that is clear of it.
fn pair_cross_coverage(found: &mut [(Setup, &Shot, &ShotSetup)]) {
    for a in 0..found.len() {
        if found[a].0.b_camera.is_some() || !coverage(found[a].1, found[a].2) {
            continue;
        }
        let partner = (a + 1..found.len()).find(|&b| {
            let ((first, shot_a, setup_a), (second, shot_b, setup_b)) = (&found[a], &found[b]);
            second.scene == first.scene
                && second.b_camera.is_none()
                && coverage(shot_b, setup_b)
                && shot_a.subjects.first() != shot_b.subjects.first()
                && clear_of(&setup_a.camera, &setup_b.camera)
                && clear_of(&setup_b.camera, &setup_a.camera)
        });
        if let Some(b) = partner {
            let (a_name, b_name) = (found[a].0.name.clone(), found[b].0.name.clone());
            found[a].0.b_camera = Some(b_name);
            found[b].0.b_camera = Some(a_name);
        }
    }
}

/// A locked-off perspective shot of one side of a conversation.
fn coverage(shot: &Shot, setup: &ShotSetup) -> bool {
    matches!(
        shot.kind,
        ShotKind::Single | ShotKind::OverTheShoulder | ShotKind::Reaction
    ) && setup.path.is_none()
        && setup.camera.ortho_scale.is_none()
}

/// Whether `other` stands outside what `camera` sees across (its horizontal
/// angle of view, with a margin for the camera body), or behind it.
fn clear_of(camera: &CameraData, other: &CameraData) -> bool {
    let to_other = other.transform.location - camera.transform.location;
    let forward = camera.transform.rotation * Vec3::NEG_Z;
    let right = camera.transform.rotation * Vec3::X;
    let ahead = to_other.dot(forward);
    if ahead <= 0.0 {
        return true;
    }
    let half_view = (camera.sensor_width_mm / (2.0 * camera.lens_mm)).atan();
    let off_axis = to_other.dot(right).abs().atan2(ahead);
    off_axis > half_view + OUT_OF_FRAME_DEG.to_radians()
}

#[cfg(test)]
mod tests {
    use glam::Quat;
    use oneshot_model::{ShotSize, Transform};

    use super::*;

    #[test]
    fn slates_letter_set_ups_after_the_scene_number_without_i_or_o() {
        let names: Vec<String> = [0, 1, 2, 8, 9, 13, 14, 24, 25]
            .map(|i| slate(4, i))
            .to_vec();
        assert_eq!(
            names,
            ["4", "4A", "4B", "4H", "4J", "4N", "4P", "4Z", "4AA"]
        );
    }

    /// A camera at `from`, aimed at `at`.
    fn camera(at: Vec3, from: Vec3, lens_mm: f32) -> CameraData {
        // Blender cameras look down their -Z with +Y up.
        let forward = (at - from).normalize();
        let rotation = Quat::from_mat3(&glam::Mat3::from_cols(
            forward.cross(Vec3::Z).normalize(),
            forward.cross(Vec3::Z).normalize().cross(forward),
            -forward,
        ));
        CameraData {
            name: "Camera".into(),
            transform: Transform {
                location: from,
                rotation,
                ..Transform::default()
            },
            lens_mm,
            sensor_width_mm: 36.0,
            focus_distance: None,
            ortho_scale: None,
        }
    }

    fn shot(id: &str, kind: ShotKind, subject: &str) -> Shot {
        Shot {
            id: id.into(),
            scene: 1,
            kind,
            size: ShotSize::Ms,
            movement: oneshot_model::CameraMove::Static,
            subjects: vec![subject.into()],
            speaker: None,
            description: String::new(),
            duration_s: 2.0,
            lens_mm: 50.0,
        }
    }

    fn setup(id: &str, camera: CameraData) -> ShotSetup {
        ShotSetup {
            shot_id: id.into(),
            camera,
            path: None,
            frames: 1,
            effects_seed: 0,
            walks: vec![],
            gestures: vec![],
            effects: vec![],
            doors: vec![],
        }
    }

    #[test]
    fn shots_from_one_camera_are_one_set_up_and_facing_singles_roll_together() {
        // Ann at x = -1 and Bob at x = 1 face each other; each single is taken
        // from behind the other, two metres off the line: each camera sees its
        // actor with the other camera a third of a frame outside its edge.
        let (ann, bob) = (Vec3::new(-1.0, 0.0, 1.6), Vec3::new(1.0, 0.0, 1.6));
        let on_ann = camera(ann, Vec3::new(2.0, -2.0, 1.5), 50.0);
        let on_bob = camera(bob, Vec3::new(-2.0, -2.0, 1.5), 50.0);
        let wide = camera(Vec3::ZERO, Vec3::new(0.0, -6.0, 1.8), 24.0);
        let (mut shots, mut cameras) = (Vec::new(), Vec::new());
        for (id, kind, subject, camera) in [
            ("1-1", ShotKind::Master, "ANN", wide),
            ("1-2", ShotKind::Single, "ANN", on_ann.clone()),
            ("1-3", ShotKind::Single, "BOB", on_bob),
            ("1-4", ShotKind::Single, "ANN", on_ann),
        ] {
            shots.push(shot(id, kind, subject));
            cameras.push(setup(id, camera));
        }
        let setups = of_shots(&shots, &cameras);
        let named: Vec<(&str, Vec<&str>, Option<&str>)> = setups
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.shots.iter().map(String::as_str).collect(),
                    s.b_camera.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                ("1", vec!["1-1"], None),
                ("1A", vec!["1-2", "1-4"], Some("1B")),
                ("1B", vec!["1-3"], Some("1A")),
            ]
        );
    }

    #[test]
    fn a_camera_in_the_other_frame_cannot_roll_with_it() {
        // Both singles from the same side, one behind the other: the far camera
        // sees the near one.
        let (ann, bob) = (Vec3::new(0.0, 3.0, 1.6), Vec3::new(0.0, 5.0, 1.6));
        let near = camera(ann, Vec3::new(0.0, 0.0, 1.5), 35.0);
        let far = camera(bob, Vec3::new(0.1, -2.0, 1.5), 35.0);
        assert!(!clear_of(&far, &near));
        assert!(clear_of(&near, &far), "the far one is behind the near one");
        let (mut shots, mut cameras) = (Vec::new(), Vec::new());
        for (id, subject, camera) in [("1-1", "ANN", near), ("1-2", "BOB", far)] {
            shots.push(shot(id, ShotKind::Single, subject));
            cameras.push(setup(id, camera));
        }
        assert!(
            of_shots(&shots, &cameras)
                .iter()
                .all(|s| s.b_camera.is_none())
        );
    }
}
