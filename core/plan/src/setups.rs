//! Camera set-ups as the 1st AD counts them. Every shot a camera takes from one
//! place with one lens (a line and its reprise in the same single) is one set-up:
//! lit, rehearsed and rolled once, the cut's shots taken from it. Set-ups are
//! named as the slate names them: the scene's number as the script prints it for
//! the first, then a letter for each next one (`4`, `4A`, `4B`...; no `I` or
//! `O`, which read as 1 and 0; `12A-A` after a number that ends in a letter).
//!
//! Two locked-off coverage set-ups of the same scene, of different people, whose
//! cameras (bodies, operators and all) stand apart and out of each other's frame
//! can roll together on an A and a B camera: the cross-coverage that shoots both
//! sides of a conversation in one take.

use std::collections::BTreeMap;

use glam::Vec3;
use oneshot_model::{CameraData, CameraPath, ProductionPlan, Shot, ShotKind, ShotSetup};

/// Cameras closer than this, metres, stand in the same place.
const SAME_PLACE_M: f32 = 0.01;
/// Cameras turned less than this apart (cosine of the angle) look the same way.
const SAME_AIM: f32 = 0.9999;
/// The room a camera on its tripod and its operator take round the lens, metres:
/// another camera keeps this much of itself out of the frame, and two stand at
/// least twice this apart.
const CAMERA_BODY_M: f32 = 0.4;

/// One set-up of a scene: its slate name, its shots in cutting order, and the
/// set-up rolling with it on the B camera, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub name: String,
    pub scene: u32,
    pub shots: Vec<String>,
    pub b_camera: Option<String>,
}

/// The set-ups of every scene of the plan, scene by scene, each scene's in the
/// order shot (see `of_shots`).
pub fn setups(plan: &ProductionPlan) -> Vec<Setup> {
    let label = |scene: u32| {
        let planned = plan.scenes.iter().find(|s| s.scene == scene);
        planned
            .and_then(|s| s.scene_number.clone())
            .unwrap_or_else(|| scene.to_string())
    };
    of_shots(&plan.shots, &plan.setups, label)
}

/// Lights the cross-coverage pairs of one scene's set-ups once: two cameras that
/// roll on one take see one set of lamps, so a pair keeps the plot (set for the
/// master, across both their views) rather than each camera's relight.
pub(crate) fn light_pairs_once(shots: &[Shot], cameras: &mut [ShotSetup]) {
    let paired: Vec<String> = of_shots(shots, cameras, |_| String::new())
        .into_iter()
        .filter(|setup| setup.b_camera.is_some())
        .flat_map(|setup| setup.shots)
        .collect();
    for camera in cameras.iter_mut().filter(|c| paired.contains(&c.shot_id)) {
        camera.relit.clear();
    }
}

/// The set-ups of `shots`, each taken as `cameras` (one per shot) set it up, in
/// scenes printed as `label` gives them.
fn of_shots(shots: &[Shot], cameras: &[ShotSetup], label: impl Fn(u32) -> String) -> Vec<Setup> {
    let mut found: Vec<(Setup, &Shot, &ShotSetup)> = Vec::new();
    for (shot, setup) in shots.iter().zip(cameras) {
        let same = found.iter_mut().find(|(known, _, first_setup)| {
            known.scene == shot.scene && same_camera(first_setup, setup)
        });
        match same {
            Some((known, _, _)) => known.shots.push(shot.id.clone()),
            None => {
                let setup_entry = Setup {
                    name: String::new(),
                    scene: shot.scene,
                    shots: vec![shot.id.clone()],
                    b_camera: None,
                };
                found.push((setup_entry, shot, setup));
            }
        }
    }
    // A scene is shot from the outside in: its establishing shot, its masters,
    // then the coverage from the widest to the closest, each in cutting order;
    // the coverage looking one way along the action before the coverage looking
    // the other (the way the scene's first coverage looks first), so that the
    // lights are turned round once. Slates are lettered in the order shot.
    let inside = |shot: &Shot| !matches!(shot.kind, ShotKind::Establishing | ShotKind::Master);
    let looks_right =
        |camera: &ShotSetup| (camera.camera.transform.rotation * Vec3::NEG_Z).x >= 0.0;
    let mut first_way: BTreeMap<u32, bool> = BTreeMap::new();
    for (_, shot, camera) in found.iter().filter(|(_, shot, _)| inside(shot)) {
        first_way.entry(shot.scene).or_insert(looks_right(camera));
    }
    let outside_in = |shot: &Shot, camera: &ShotSetup| {
        let kind = match shot.kind {
            ShotKind::Establishing => 0,
            ShotKind::Master => 1,
            _ => 2,
        };
        let turned = inside(shot) && Some(&looks_right(camera)) != first_way.get(&shot.scene);
        (kind, turned, shot.size as u8)
    };
    found.sort_by_key(|(setup, shot, camera)| (setup.scene, outside_in(shot, camera)));
    for i in 0..found.len() {
        let index = found[..i]
            .iter()
            .filter(|(s, _, _)| s.scene == found[i].0.scene)
            .count();
        found[i].0.name = slate(&label(found[i].0.scene), index);
    }
    pair_cross_coverage(&mut found);
    found.into_iter().map(|(setup, _, _)| setup).collect()
}

/// How many set-ups each scene takes to light and roll: scene -> set-ups, as
/// the schedule weighs a scene's day. A pair on the A and B cameras rolls as
/// one.
pub fn per_scene(setups: &[Setup]) -> BTreeMap<u32, u32> {
    let mut counts = BTreeMap::new();
    for (i, setup) in setups.iter().enumerate() {
        let rolled_before = setup.b_camera.as_ref().is_some_and(|b| {
            setups[..i]
                .iter()
                .any(|s| s.scene == setup.scene && &s.name == b)
        });
        if !rolled_before {
            *counts.entry(setup.scene).or_insert(0) += 1;
        }
    }
    counts
}

/// The slate name of the `index`th set-up (0-based) of the scene printed as
/// `scene`: `4`, `4A`, ... `4Z`, then `4AA`, `4AB`... (letters counted as
/// spreadsheets count columns, so no two are the same).
fn slate(scene: &str, index: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    if index == 0 {
        return scene.to_owned();
    }
    let mut letters = Vec::new();
    let mut n = index;
    while n > 0 {
        n -= 1;
        letters.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
    }
    letters.reverse();
    let separator = if scene.ends_with(|c: char| c.is_alphabetic()) {
        "-"
    } else {
        ""
    };
    format!("{scene}{separator}{}", String::from_utf8_lossy(&letters))
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
/// order, with the first later one framing someone else whose camera it is clear
/// of and that is clear of it.
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

/// A locked-off perspective shot of one side of a conversation: a single, an
/// over-the-shoulder, or a reaction of one listener.
fn coverage(shot: &Shot, setup: &ShotSetup) -> bool {
    let one_side = match shot.kind {
        ShotKind::Single | ShotKind::OverTheShoulder => true,
        ShotKind::Reaction => shot.subjects.len() == 1,
        _ => false,
    };
    one_side && setup.path.is_none() && setup.camera.ortho_scale.is_none()
}

/// Whether `other`, camera body and operator, stands apart from `camera` and
/// outside what it sees across (its horizontal angle of view), or behind it.
fn clear_of(camera: &CameraData, other: &CameraData) -> bool {
    let to_other = other.transform.location - camera.transform.location;
    if to_other.length() < 2.0 * CAMERA_BODY_M {
        return false;
    }
    let forward = camera.transform.rotation * Vec3::NEG_Z;
    let right = camera.transform.rotation * Vec3::X;
    let ahead = to_other.dot(forward);
    if ahead < -CAMERA_BODY_M {
        return true;
    }
    // The body's nearest edge to the frame's axis must stay outside the frame.
    let half_view = (camera.sensor_width_mm / (2.0 * camera.lens_mm)).atan();
    let edge = to_other.dot(right).abs() - CAMERA_BODY_M;
    edge > 0.0 && edge.atan2(ahead) > half_view
}

#[cfg(test)]
mod tests {
    use glam::Quat;
    use oneshot_model::{ShotSize, Transform};

    use super::*;

    #[test]
    fn slates_letter_set_ups_after_the_scene_number_without_i_or_o() {
        let names: Vec<String> = [0, 1, 2, 8, 9, 13, 14, 24, 25, 49, 600, 601]
            .map(|i| slate("4", i))
            .to_vec();
        assert_eq!(
            names,
            [
                "4", "4A", "4B", "4H", "4J", "4N", "4P", "4Z", "4AA", "4BA", "4ZZ", "4AAA"
            ]
        );
        let unique: std::collections::HashSet<String> = (0..2000).map(|i| slate("4", i)).collect();
        assert_eq!(unique.len(), 2000);
        // A printed number that ends in a letter keeps its own.
        assert_eq!(slate("12A", 0), "12A");
        assert_eq!(slate("12A", 1), "12A-A");
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
        ShotSetup::locked_off(id.into(), camera)
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
        let setups = of_shots(&shots, &cameras, |n| n.to_string());
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
    fn coverage_looks_one_way_before_it_turns_round() {
        // Cameras south of the action, turned towards x = 0 from either side.
        let on = |x: f32, lens_mm| camera(Vec3::ZERO, Vec3::new(x, -4.0, 1.6), lens_mm);
        let cut = [
            ("1-1", ShotKind::Master, ShotSize::Fs, on(0.0, 32.0)),
            ("1-2", ShotKind::Single, ShotSize::Mcu, on(-2.0, 50.0)),
            ("1-3", ShotKind::Single, ShotSize::Mcu, on(2.0, 50.0)),
            ("1-4", ShotKind::Single, ShotSize::Cu, on(-2.5, 75.0)),
        ];
        let (mut shots, mut cameras) = (Vec::new(), Vec::new());
        for (id, kind, size, camera) in cut {
            shots.push(Shot {
                size,
                ..shot(id, kind, if id == "1-3" { "BEN" } else { "ANN" })
            });
            cameras.push(setup(id, camera));
        }
        let order: Vec<Vec<String>> = of_shots(&shots, &cameras, |n| n.to_string())
            .into_iter()
            .map(|s| s.shots)
            .collect();
        assert_eq!(order, [["1-1"], ["1-2"], ["1-4"], ["1-3"]]);
    }

    #[test]
    fn a_scene_is_shot_from_the_outside_in() {
        let on = |x: f32, lens_mm| camera(Vec3::ZERO, Vec3::new(x, -4.0, 1.6), lens_mm);
        let cut = [
            ("1-1", ShotKind::Establishing, ShotSize::Ws, on(0.0, 24.0)),
            ("1-2", ShotKind::Single, ShotSize::Mcu, on(1.0, 85.0)),
            ("1-3", ShotKind::Single, ShotSize::Ms, on(1.5, 50.0)),
            ("1-4", ShotKind::Master, ShotSize::Fs, on(0.5, 32.0)),
        ];
        let (mut shots, mut cameras) = (Vec::new(), Vec::new());
        for (id, kind, size, camera) in cut {
            shots.push(Shot {
                size,
                ..shot(id, kind, "ANN")
            });
            cameras.push(setup(id, camera));
        }
        let order: Vec<(String, Vec<String>)> = of_shots(&shots, &cameras, |n| n.to_string())
            .into_iter()
            .map(|s| (s.name, s.shots))
            .collect();
        let expected = [("1", "1-1"), ("1A", "1-4"), ("1B", "1-3"), ("1C", "1-2")];
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(name, shot)| (name.to_string(), vec![shot.to_string()]))
            .collect();
        assert_eq!(order, expected);
    }

    /// Set-ups of `shots` (id, scene, kind, subject, camera), as `(name, B camera)`.
    fn named(shots: Vec<(&str, u32, ShotKind, &str, CameraData)>) -> Vec<(String, Option<String>)> {
        let (mut planned, mut cameras) = (Vec::new(), Vec::new());
        for (id, scene, kind, subject, camera) in shots {
            planned.push(Shot {
                scene,
                ..shot(id, kind, subject)
            });
            cameras.push(setup(id, camera));
        }
        of_shots(&planned, &cameras, |n| n.to_string())
            .into_iter()
            .map(|s| (s.name, s.b_camera))
            .collect()
    }

    #[test]
    fn pairs_are_one_to_one_of_different_people_with_room_between() {
        let (ann, bob) = (Vec3::new(-1.0, 0.0, 1.6), Vec3::new(1.0, 0.0, 1.6));
        let single = ShotKind::Single;
        // A second single of Ann from the other side finds Bob's camera taken, and
        // Ann's first camera frames the same person.
        let pairs = named(vec![
            (
                "1-1",
                1,
                single,
                "ANN",
                camera(ann, Vec3::new(2.0, -2.0, 1.5), 50.0),
            ),
            (
                "1-2",
                1,
                single,
                "BOB",
                camera(bob, Vec3::new(-2.0, -2.0, 1.5), 50.0),
            ),
            (
                "1-3",
                1,
                single,
                "ANN",
                camera(ann, Vec3::new(2.0, 2.0, 1.5), 50.0),
            ),
        ]);
        let b = |name: &str| Some(name.to_owned());
        assert_eq!(
            pairs,
            [
                ("1".into(), b("1B")),
                // Ann's second single looks the way her first does: shot next.
                ("1A".into(), None),
                ("1B".into(), b("1"))
            ]
        );
        // The pair rolls as one: two set-ups' time for three.
        let setup = |name: &str, b_camera: Option<String>| Setup {
            name: name.into(),
            scene: 1,
            shots: vec![],
            b_camera,
        };
        let counted = per_scene(&[setup("1", b("1A")), setup("1A", b("1")), setup("1B", None)]);
        assert_eq!(counted, BTreeMap::from([(1, 2)]));
        // Tripods a quarter of a metre apart, or on one spot, cannot both stand.
        for (at_ann, at_bob) in [
            (Vec3::new(0.1, -3.0, 1.5), Vec3::new(-0.15, -3.0, 1.5)),
            (Vec3::new(0.0, -3.0, 1.5), Vec3::new(0.0, -3.0, 1.5)),
        ] {
            let pairs = named(vec![
                ("1-1", 1, single, "ANN", camera(ann, at_ann, 85.0)),
                ("1-2", 1, single, "BOB", camera(bob, at_bob, 85.0)),
            ]);
            assert!(pairs.iter().all(|(_, b)| b.is_none()), "{pairs:?}");
        }
        // One camera in two scenes is two set-ups, each named for its scene.
        let wide = || camera(Vec3::ZERO, Vec3::new(0.0, -6.0, 1.8), 24.0);
        let per_scene = named(vec![
            ("1-1", 1, ShotKind::Master, "ANN", wide()),
            ("2-1", 2, ShotKind::Master, "ANN", wide()),
        ]);
        assert_eq!(per_scene, [("1".into(), None), ("2".into(), None)]);
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
            of_shots(&shots, &cameras, |n| n.to_string())
                .iter()
                .all(|s| s.b_camera.is_none())
        );
    }
}
