//! The isometric view (`[isometric]` in the production file): every shot seen from
//! the south-west at one elevation, orthographically and at one scale, as the
//! pixel-art games drew their worlds.
//!
//! Each set-up keeps what it looks at (its perspective camera's look-at point) and
//! becomes an orthographic camera looking there along the isometric axis. Moves
//! lock off: an isometric view does not dolly or crane. Walls between the camera
//! and the set are cut away, as isometric games draw rooms.

use std::f32::consts::{FRAC_1_SQRT_2, SQRT_2};

use glam::{Vec2, Vec3};
use oneshot_model::{
    CameraData, CameraMove, IsometricSettings, Role, SetPiece, Shot, ShotSetup, Transform,
};

use crate::framing::look_at;

/// How far back the camera stands: far enough to see over any set, as an
/// orthographic view has no perspective to change.
pub const DISTANCE_M: f32 = 60.0;

/// Turns `shots` and their `setups` (same order) into the isometric view.
pub fn apply(shots: &mut [Shot], setups: &mut [ShotSetup], settings: &IsometricSettings) {
    for (shot, setup) in shots.iter_mut().zip(setups) {
        shot.movement = CameraMove::Static;
        setup.path = None;
        setup.frames = 1;
        setup.camera = camera(&setup.camera, settings);
    }
}

/// Set pieces taller than this are walls (or doors in them) that hide a room.
pub const WALL_HEIGHT_M: f32 = 1.9;

/// Removes the walls on the camera's side of the set: set pieces taller than
/// [`WALL_HEIGHT_M`] whose middle is nearer the camera than the set's middle.
pub fn cut_away(pieces: &mut Vec<SetPiece>) {
    let set: Vec<Vec2> = pieces
        .iter()
        .filter(|p| p.role == Role::Set)
        .map(|p| p.transform.location.truncate())
        .collect();
    if set.is_empty() {
        return;
    }
    let middle = set.iter().sum::<Vec2>() / set.len() as f32;
    let toward_camera = Vec2::new(-FRAC_1_SQRT_2, -FRAC_1_SQRT_2);
    pieces.retain(|p| {
        let wall = p.role == Role::Set && p.transform.scale.z > WALL_HEIGHT_M;
        !(wall && (p.transform.location.truncate() - middle).dot(toward_camera) > 0.0)
    });
}

/// The isometric camera looking where `perspective` looks.
pub fn camera(perspective: &CameraData, settings: &IsometricSettings) -> CameraData {
    let elevation = settings.angle.to_radians();
    let toward_camera = Vec3::new(
        -FRAC_1_SQRT_2 * elevation.cos(),
        -FRAC_1_SQRT_2 * elevation.cos(),
        elevation.sin(),
    );
    let target = look_at_point(perspective);
    let location = target + toward_camera * DISTANCE_M;
    CameraData {
        name: perspective.name.clone(),
        transform: Transform {
            location,
            rotation: look_at(location, target),
            ..Transform::default()
        },
        lens_mm: perspective.lens_mm,
        sensor_width_mm: perspective.sensor_width_mm,
        focus_distance: None,
        // A one-metre floor tile seen corner to corner is √2 m wide.
        ortho_scale: Some(settings.tiles_across * SQRT_2),
    }
}

/// Where a perspective camera looks: its focus distance down its view.
fn look_at_point(camera: &CameraData) -> Vec3 {
    let forward = camera.transform.rotation * Vec3::NEG_Z;
    camera.transform.location + forward * camera.focus_distance.unwrap_or(DISTANCE_M / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::SENSOR_WIDTH_MM;

    #[test]
    fn the_near_walls_of_a_room_are_cut_away() {
        let mut room = crate::set::build(true, false, &[], &[], &[]).pieces;
        let names = |pieces: &[SetPiece]| -> Vec<String> {
            pieces.iter().map(|p| p.name.clone()).collect()
        };
        let before = names(&room);
        cut_away(&mut room);
        let after = names(&room);
        // The left wall and its door face the camera in the south-west.
        let gone: Vec<&String> = before.iter().filter(|n| !after.contains(n)).collect();
        assert_eq!(gone, ["Left wall", "Door"], "{before:?}");
        assert!(
            after.contains(&"Back wall".to_owned()) && after.contains(&"Right wall".to_owned())
        );
    }

    #[test]
    fn the_camera_looks_down_the_isometric_axis_at_the_same_point() {
        let target = Vec3::new(1.0, 2.0, 1.4);
        let eye = Vec3::new(1.0, -3.0, 1.6);
        let perspective = CameraData {
            name: "cam 1-1".into(),
            transform: Transform {
                location: eye,
                rotation: look_at(eye, target),
                ..Transform::default()
            },
            lens_mm: 35.0,
            sensor_width_mm: SENSOR_WIDTH_MM,
            focus_distance: Some(eye.distance(target)),
            ortho_scale: None,
        };
        let settings = IsometricSettings::default();
        let iso = camera(&perspective, &settings);
        let forward = iso.transform.rotation * Vec3::NEG_Z;
        // From the south-west, 30 degrees down.
        let expected = Vec3::new(0.5f32.sqrt(), 0.5f32.sqrt(), 0.0) * 30f32.to_radians().cos()
            - Vec3::Z * 30f32.to_radians().sin();
        assert!(forward.abs_diff_eq(expected, 1e-5), "{forward}");
        let looks_at = iso.transform.location + forward * DISTANCE_M;
        assert!(looks_at.abs_diff_eq(target, 1e-3), "{looks_at}");
        // Twelve tiles corner to corner, and no depth of field.
        assert!((iso.ortho_scale.unwrap() - 12.0 * SQRT_2).abs() < 1e-5);
        assert_eq!(iso.focus_distance, None);
        // The camera's up is the world's, so the floor's diamonds sit level.
        let right = iso.transform.rotation * Vec3::X;
        assert!(right.z.abs() < 1e-5, "{right}");
    }
}
