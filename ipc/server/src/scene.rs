//! What the server understood of a scene graph: counts, names and warnings.

use std::collections::{BTreeMap, HashSet};

use oneshot_ipc::SceneSummary;
use oneshot_model::{Role, SceneGraph, Transform};

/// How many names a warning lists before it says "and N more".
const NAMES_IN_WARNING: usize = 5;

/// Summarises `graph`: objects per role, cameras, lights, frame range, and warnings
/// about what the production cannot use as it is.
pub fn summarize(graph: &SceneGraph) -> SceneSummary {
    let mut roles: BTreeMap<String, u32> = Role::ALL
        .iter()
        .map(|role| (role.as_str().to_owned(), 0))
        .collect();
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    for object in &graph.objects {
        match object.role {
            Some(role) => {
                *roles.entry(role.as_str().to_owned()).or_default() += 1;
                names
                    .entry(role.as_str().to_owned())
                    .or_default()
                    .push(object.name.clone());
            }
            None => unassigned.push(object.name.as_str()),
        }
    }
    SceneSummary {
        scene: graph.name.clone(),
        objects: count(graph.objects.len()),
        roles,
        unassigned: count(unassigned.len()),
        names,
        cameras: graph.cameras.iter().map(|c| c.name.clone()).collect(),
        lights: graph.lights.iter().map(|l| l.name.clone()).collect(),
        active_camera: graph.active_camera.clone(),
        frame_start: graph.frame_start,
        frame_end: graph.frame_end,
        fps: graph.fps,
        animated: count(
            graph
                .objects
                .iter()
                .filter(|o| !o.samples.is_empty())
                .count(),
        ),
        warnings: warnings(graph, &unassigned),
    }
}

fn warnings(graph: &SceneGraph, unassigned: &[&str]) -> Vec<String> {
    let mut warnings = Vec::new();
    if !unassigned.is_empty() {
        warnings.push(format!(
            "{} without a role (set the custom property `oneshot_role` to one of {}): {}",
            plural(unassigned.len(), "object"),
            Role::ALL.map(Role::as_str).join(", "),
            listing(unassigned)
        ));
    }
    if graph.cameras.is_empty() {
        warnings.push("no camera in the scene".to_owned());
    }
    if let Some(active) = &graph.active_camera
        && !graph.cameras.iter().any(|c| &c.name == active)
    {
        warnings.push(format!(
            "the active camera `{active}` is not among the cameras"
        ));
    }
    if graph.frame_end < graph.frame_start {
        warnings.push(format!(
            "the frame range ends ({}) before it starts ({})",
            graph.frame_end, graph.frame_start
        ));
    }
    if !(graph.fps.is_finite() && graph.fps > 0.0) {
        warnings.push(format!(
            "the frame rate {} is not a positive number",
            graph.fps
        ));
    }
    let mut seen = HashSet::new();
    let duplicates: Vec<&str> = graph
        .objects
        .iter()
        .map(|o| o.name.as_str())
        .filter(|name| !seen.insert(*name))
        .collect();
    if !duplicates.is_empty() {
        warnings.push(format!("duplicate object names: {}", listing(&duplicates)));
    }
    let broken: Vec<&str> = graph
        .objects
        .iter()
        .filter(|o| {
            let sound = finite(&o.transform)
                && o.bounds.min.is_finite()
                && o.bounds.max.is_finite()
                && o.samples.iter().all(|s| finite(&s.transform));
            !sound
        })
        .map(|o| o.name.as_str())
        .chain(
            graph
                .cameras
                .iter()
                .filter(|c| !finite(&c.transform))
                .map(|c| c.name.as_str()),
        )
        .chain(
            graph
                .lights
                .iter()
                .filter(|l| !finite(&l.transform))
                .map(|l| l.name.as_str()),
        )
        .collect();
    if !broken.is_empty() {
        warnings.push(format!(
            "non-finite transforms or bounds (NaN or infinity): {}",
            listing(&broken)
        ));
    }
    warnings
}

fn finite(t: &Transform) -> bool {
    t.location.is_finite() && t.rotation.is_finite() && t.scale.is_finite()
}

/// `a, b, c, d, e and 3 more`.
fn listing(names: &[&str]) -> String {
    let shown = names[..names.len().min(NAMES_IN_WARNING)].join(", ");
    match names.len().saturating_sub(NAMES_IN_WARNING) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Counts are `u32` on the wire; a scene with more than 4 billion objects does not
/// fit in a frame anyway.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use oneshot_model::{Aabb, CameraData, SceneObject};

    use super::*;

    fn object(name: &str, role: Option<Role>) -> SceneObject {
        SceneObject {
            name: name.to_owned(),
            role,
            transform: Transform::default(),
            bounds: Aabb::default(),
            samples: Vec::new(),
        }
    }

    fn graph(objects: Vec<SceneObject>) -> SceneGraph {
        SceneGraph {
            name: "Alley".to_owned(),
            frame_start: 1,
            frame_end: 48,
            fps: 24.0,
            objects,
            cameras: vec![CameraData {
                name: "Camera".to_owned(),
                transform: Transform::default(),
                lens_mm: 35.0,
                sensor_width_mm: 36.0,
                focus_distance: None,
                ortho_scale: None,
            }],
            lights: Vec::new(),
            active_camera: Some("Camera".to_owned()),
        }
    }

    #[test]
    fn counts_roles_and_names() {
        let summary = summarize(&graph(vec![
            object("Kid", Some(Role::Character)),
            object("Bin", Some(Role::Prop)),
            object("Wall", Some(Role::Set)),
            object("Boss", Some(Role::Character)),
        ]));
        assert_eq!(summary.objects, 4);
        assert_eq!(summary.roles["character"], 2);
        assert_eq!(summary.roles["obstacle"], 0);
        assert_eq!(summary.names["character"], ["Kid", "Boss"]);
        assert_eq!(summary.cameras, ["Camera"]);
        assert_eq!(summary.unassigned, 0);
        assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    }

    #[test]
    fn warns_about_objects_without_roles_and_bad_values() {
        let mut g = graph(
            (0..7)
                .map(|i| object(&format!("Cube.{i:03}"), None))
                .collect(),
        );
        g.objects.push(object("Cube.000", Some(Role::Prop)));
        g.objects[0].transform.location.x = f32::NAN;
        g.fps = 0.0;
        g.active_camera = Some("Gone".to_owned());
        let summary = summarize(&g);
        assert_eq!(summary.unassigned, 7);
        let text = summary.warnings.join("\n");
        assert!(text.contains("7 objects without a role"), "{text}");
        assert!(text.contains("Cube.004 and 2 more"), "{text}");
        assert!(text.contains("`Gone`"), "{text}");
        assert!(text.contains("frame rate 0"), "{text}");
        assert!(text.contains("duplicate object names: Cube.000"), "{text}");
        assert!(text.contains("non-finite"), "{text}");
    }
}
