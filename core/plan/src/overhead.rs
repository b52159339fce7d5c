//! Overheads: each scene's set seen from above, to scale, as the director of
//! photography and the first assistant director draw it before it is shot.
//!
//! On each: the set's walls, door and window (an interior's floor under them),
//! its props, dressing and stand-ins as their footprints, the cast on their
//! marks (a tick for where each faces, each walk a dashed line to or from the
//! mark), the light plot (each lamp with its aim and name; the sun as an arrow
//! at the edge, pointing the way its light goes), and every camera set-up of
//! the scene: where it stands, what its lens takes in across (a wedge as deep
//! as its focus), labelled with its shot, a move drawn from its first key to its
//! last. North (+Y) is up; a scale bar gives the metres.
//!
//! [`html`] lays the scenes out one to a printed page.

use std::fmt::Write as _;

use glam::{Vec2, Vec3};
use oneshot_model::{
    LightData, LightKind, Primitive, ProductionPlan, Role, ScenePlan, SetPiece, ShotSetup, quote,
};

use crate::set;

/// Room around what is drawn.
const MARGIN_M: f32 = 1.0;
/// The smallest area an overhead shows, so a bare set is not drawn huge.
const SMALLEST_M: f32 = 6.0;
/// How far a camera's wedge reaches when it has no focus distance, and at most.
const WEDGE_M: f32 = 3.0;
const FARTHEST_WEDGE_M: f32 = 30.0;
/// The drawing's width on screen, in pixels.
const WIDTH_PX: f32 = 720.0;
/// Line widths and lettering, in metres of the set.
const LINE_M: f32 = 0.03;
const LETTER_M: f32 = 0.28;

/// The overhead of one scene as an SVG document.
pub fn svg(scene: &ScenePlan, setups: &[&ShotSetup]) -> String {
    let drawn: Vec<&SetPiece> = scene.pieces.iter().filter(|p| !set::is_world(p)).collect();
    let points = drawn
        .iter()
        .flat_map(|p| footprint(p))
        .chain(setups.iter().flat_map(|s| camera_points(s)))
        .chain(
            scene
                .lights
                .iter()
                .filter(|l| l.kind != LightKind::Sun)
                .map(|l| top(l.transform.location)),
        );
    let (mut low, mut high) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for point in points {
        low = low.min(point);
        high = high.max(point);
    }
    if low.x > high.x {
        (low, high) = (Vec2::ZERO, Vec2::ZERO);
    }
    let centre = (low + high) / 2.0;
    let half = ((high - low) / 2.0 + MARGIN_M).max(Vec2::splat(SMALLEST_M / 2.0));
    let (low, size) = (centre - half, half * 2.0);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{:.2} {:.2} {:.2} {:.2}\" width=\"{WIDTH_PX}\" height=\"{:.0}\" font-family=\"sans-serif\" stroke-width=\"{LINE_M}\">\n",
        low.x,
        -(low.y + size.y),
        size.x,
        size.y,
        WIDTH_PX * size.y / size.x
    );
    let _ = writeln!(
        out,
        "<title>{}</title>",
        quote::html(&format!("Scene {}: {}", scene.scene, scene.heading))
    );
    for piece in drawn.iter().filter(|p| p.role != Role::Character) {
        draw_piece(&mut out, piece);
    }
    for setup in setups {
        draw_view(&mut out, setup, (low, size));
    }
    for setup in setups {
        for walk in &setup.walks {
            let path: Vec<Vec2> = walk
                .keys
                .iter()
                .map(|k| top(k.transform.location))
                .collect();
            polyline(
                &mut out,
                &path,
                "none",
                "#1565c0",
                "stroke-dasharray=\"0.15 0.1\"",
            );
        }
    }
    for piece in drawn.iter().filter(|p| p.role == Role::Character) {
        draw_mark(&mut out, piece);
    }
    for light in &scene.lights {
        draw_light(&mut out, light, low, size);
    }
    for setup in setups {
        draw_camera(&mut out, setup);
    }
    scale_bar(&mut out, low, size);
    out.push_str("</svg>\n");
    out
}

/// Every scene's overhead, one to a printed page, with the shots on it listed.
pub fn html(plan: &ProductionPlan) -> String {
    let mut body = String::new();
    for scene in &plan.scenes {
        let setups: Vec<&ShotSetup> = plan
            .shots
            .iter()
            .filter(|shot| shot.scene == scene.scene)
            .filter_map(|shot| plan.setups.iter().find(|s| s.shot_id == shot.id))
            .collect();
        let _ = writeln!(
            body,
            "<div class=\"page\"><h2>Scene {}: {}</h2>\n{}<p>{}</p></div>",
            scene.scene,
            quote::html(&scene.heading),
            svg(scene, &setups),
            quote::html(&legend(&setups))
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} overheads</title><style>body{{font-family:sans-serif;margin:1.5em}}svg{{border:1px solid #888;max-width:100%;height:auto}}@media print{{.page{{page-break-after:always}}}}</style></head><body>\n<h1>{} &mdash; overheads</h1>\n<p>Each set from above, north up: cameras (red, with what each lens takes in), cast marks and walks (blue), lights (orange), set pieces and props (grey), stand-ins for visual effects (cyan).</p>\n{body}</body></html>\n",
        quote::html(&plan.title),
        quote::html(&plan.title)
    )
}

/// The shots on an overhead: `1-1 (24 mm), 1-2 (50 mm, moving)`.
fn legend(setups: &[&ShotSetup]) -> String {
    let shots: Vec<String> = setups
        .iter()
        .map(|s| {
            let moving = if s.path.is_some() { ", moving" } else { "" };
            format!("{} ({:.0} mm{moving})", s.shot_id, s.camera.lens_mm)
        })
        .collect();
    format!("Set-ups: {}.", shots.join(", "))
}

/// A point of the set seen from above: north up, as SVG draws it (y down).
fn top(point: Vec3) -> Vec2 {
    Vec2::new(point.x, point.y)
}

/// SVG coordinates of a point seen from above.
fn at(point: Vec2) -> String {
    format!("{:.3},{:.3}", tidy(point.x), tidy(-point.y))
}

/// `value` to the millimetre, without a minus on zero.
fn tidy(value: f32) -> f32 {
    (value * 1000.0).round() / 1000.0 + 0.0
}

/// A piece's outline seen from above: the hull of its box's corners as turned.
fn footprint(piece: &SetPiece) -> Vec<Vec2> {
    hull(
        set::corners(piece)
            .iter()
            .map(|&corner| top(corner))
            .collect(),
    )
}

/// The convex hull of `points`, counter-clockwise (Andrew's monotone chain).
fn hull(mut points: Vec<Vec2>) -> Vec<Vec2> {
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    points.dedup_by(|a, b| a.distance_squared(*b) < 1e-10);
    if points.len() < 3 {
        return points;
    }
    let turn = |o: Vec2, a: Vec2, b: Vec2| (a - o).perp_dot(b - o);
    let mut hull: Vec<Vec2> = Vec::with_capacity(points.len() + 1);
    for pass in [
        &points[..],
        &points.iter().rev().copied().collect::<Vec<_>>()[..],
    ] {
        let start = hull.len();
        for &point in pass {
            while hull.len() >= start + 2
                && turn(hull[hull.len() - 2], hull[hull.len() - 1], point) <= 0.0
            {
                hull.pop();
            }
            hull.push(point);
        }
        hull.pop();
    }
    hull
}

fn polyline(out: &mut String, points: &[Vec2], fill: &str, stroke: &str, extra: &str) {
    let points: Vec<String> = points.iter().map(|p| at(*p)).collect();
    let _ = writeln!(
        out,
        "<polyline points=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" {extra}/>",
        points.join(" ")
    );
}

fn label(out: &mut String, point: Vec2, text: &str, color: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{:.3}\" y=\"{:.3}\" font-size=\"{LETTER_M}\" fill=\"{color}\" stroke=\"none\">{}</text>",
        tidy(point.x),
        tidy(-point.y),
        quote::html(text)
    );
}

/// A set piece, prop or stand-in as its outline, coloured by its role.
fn draw_piece(out: &mut String, piece: &SetPiece) {
    let (fill, stroke, extra) = match piece.role {
        Role::Set if piece.primitive == Primitive::Plane => ("#f4f1ea", "#bbb", ""),
        Role::Set => ("#9e9e9e", "#555", ""),
        Role::Practical => ("#ffe082", "#a07800", ""),
        Role::Effect => ("#b2ebf2", "#00838f", "stroke-dasharray=\"0.1 0.08\""),
        _ => ("#e0e0e0", "#616161", ""),
    };
    let mut outline = footprint(piece);
    if let Some(&first) = outline.first() {
        outline.push(first);
    }
    polyline(out, &outline, fill, stroke, extra);
    let floor_or_wall = piece.role == Role::Set && piece.name != set::DOOR;
    if !floor_or_wall {
        label(
            out,
            top(piece.transform.location),
            &piece.name.to_lowercase(),
            "#424242",
        );
    }
}

/// A cast member on their mark: a disc in their colour, a tick for where they
/// face, their name.
fn draw_mark(out: &mut String, piece: &SetPiece) {
    let mark = top(piece.transform.location);
    let radius = (piece.transform.scale.x / 2.0).max(0.2);
    let _ = writeln!(
        out,
        "<circle cx=\"{:.3}\" cy=\"{:.3}\" r=\"{radius:.3}\" fill=\"{}\" stroke=\"#0d47a1\"/>",
        mark.x,
        -mark.y,
        quote::html(&piece.color)
    );
    // Unturned, a mannequin faces -Y.
    let facing = top(piece.transform.rotation * Vec3::NEG_Y).normalize_or_zero();
    polyline(
        out,
        &[mark, mark + facing * radius * 1.8],
        "none",
        "#0d47a1",
        "",
    );
    label(
        out,
        mark + Vec2::new(radius, radius),
        &piece.name,
        "#0d47a1",
    );
}

/// A lamp with its aim and name; the sun as an arrow at the drawing's edge.
fn draw_light(out: &mut String, light: &LightData, low: Vec2, size: Vec2) {
    // Lights shine down their local -Z.
    let aim = top(light.transform.rotation * Vec3::NEG_Z).normalize_or_zero();
    if light.kind == LightKind::Sun {
        let corner = low + Vec2::new(size.x - 1.2, size.y - 1.2);
        polyline(
            out,
            &[corner - aim * 0.6, corner + aim * 0.6],
            "none",
            "#ef6c00",
            "",
        );
        let head = corner + aim * 0.6;
        let _ = writeln!(
            out,
            "<circle cx=\"{:.3}\" cy=\"{:.3}\" r=\"0.08\" fill=\"#ef6c00\"/>",
            head.x, -head.y
        );
        label(out, corner + Vec2::new(-0.9, 0.7), &light.name, "#ef6c00");
        return;
    }
    let at_lamp = top(light.transform.location);
    let _ = writeln!(
        out,
        "<rect x=\"{:.3}\" y=\"{:.3}\" width=\"0.3\" height=\"0.3\" fill=\"#ffb74d\" stroke=\"#ef6c00\"/>",
        at_lamp.x - 0.15,
        -at_lamp.y - 0.15
    );
    polyline(out, &[at_lamp, at_lamp + aim * 0.8], "none", "#ef6c00", "");
    label(out, at_lamp + Vec2::new(0.2, -0.35), &light.name, "#ef6c00");
}

/// Where a camera looks, seen from above: its local -Z.
fn view(setup: &ShotSetup) -> Vec2 {
    top(setup.camera.transform.rotation * Vec3::NEG_Z).normalize_or_zero()
}

/// What a camera takes in: a wedge of the lens's horizontal angle of view, as
/// deep as its focus, and its path when it moves.
fn draw_view(out: &mut String, setup: &ShotSetup, drawing: (Vec2, Vec2)) {
    let camera = &setup.camera;
    let eye = top(camera.transform.location);
    let view = view(setup);
    let outline = match camera.ortho_scale {
        // An orthographic camera stands off the drawing: a band as wide as its
        // frame, from where it stands across the whole drawing.
        Some(across) => {
            let (low, size) = drawing;
            let depth = eye.distance(low + size / 2.0) + size.length() / 2.0;
            let side = view.perp() * across / 2.0;
            [
                eye + side,
                eye + side + view * depth,
                eye - side + view * depth,
                eye - side,
            ]
        }
        None => {
            let depth = camera
                .focus_distance
                .unwrap_or(WEDGE_M)
                .min(FARTHEST_WEDGE_M);
            let half_angle = (camera.sensor_width_mm / 2.0 / camera.lens_mm).atan();
            let side =
                |turn: f32| eye + Vec2::from_angle(turn).rotate(view) * depth / half_angle.cos();
            [eye, side(half_angle), side(-half_angle), eye]
        }
    };
    polyline(out, &outline, "#ef9a9a", "#e57373", "fill-opacity=\"0.12\"");
    if let Some(path) = &setup.path {
        let track: Vec<Vec2> = path
            .keys
            .iter()
            .map(|k| top(k.transform.location))
            .collect();
        polyline(
            out,
            &track,
            "none",
            "#c62828",
            "stroke-dasharray=\"0.2 0.1\"",
        );
    }
}

/// The camera itself, pointing where it looks, labelled with its shot.
fn draw_camera(out: &mut String, setup: &ShotSetup) {
    let eye = top(setup.camera.transform.location);
    let view = view(setup);
    let body = [
        view * 0.35,
        view.perp() * 0.2 - view * 0.1,
        -view.perp() * 0.2 - view * 0.1,
    ];
    let outline = [eye + body[0], eye + body[1], eye + body[2], eye + body[0]];
    polyline(out, &outline, "#c62828", "#c62828", "");
    label(
        out,
        eye - view * 0.5 + view.perp() * 0.2,
        &setup.shot_id,
        "#c62828",
    );
}

/// Where a camera and its moves stand, for the drawing's extent; nowhere for an
/// orthographic camera, which stands far off (see [`draw_view`]).
fn camera_points(setup: &ShotSetup) -> Vec<Vec2> {
    if setup.camera.ortho_scale.is_some() {
        return Vec::new();
    }
    let mut points = vec![top(setup.camera.transform.location)];
    if let Some(path) = &setup.path {
        points.extend(path.keys.iter().map(|k| top(k.transform.location)));
    }
    points
}

/// A one- or five-metre bar in the bottom left corner.
fn scale_bar(out: &mut String, low: Vec2, size: Vec2) {
    let metres = if size.x > 20.0 { 5.0 } else { 1.0 };
    let start = low + Vec2::new(0.4, 0.4);
    polyline(
        out,
        &[start, start + Vec2::new(metres, 0.0)],
        "none",
        "#000",
        "stroke-width=\"0.06\"",
    );
    label(
        out,
        start + Vec2::new(0.0, 0.15),
        &format!("{metres:.0} m"),
        "#000",
    );
    let north = low + Vec2::new(size.x - 0.4, 0.4);
    polyline(
        out,
        &[north, north + Vec2::new(0.0, 0.6)],
        "none",
        "#000",
        "",
    );
    label(out, north + Vec2::new(-0.08, 0.7), "N", "#000");
}

#[cfg(test)]
mod tests {
    use glam::Quat;
    use oneshot_model::{CameraData, Transform};

    use super::*;

    fn piece(name: &str, role: Role, location: Vec3, scale: Vec3, rotation: Quat) -> SetPiece {
        SetPiece {
            name: name.into(),
            role,
            primitive: Primitive::Cube,
            transform: Transform {
                location,
                rotation,
                scale,
            },
            color: "#336699".into(),
            dressing: None,
            surface: Default::default(),
        }
    }

    #[test]
    fn footprints_are_turned_boxes_seen_from_above() {
        let turned = piece(
            "table",
            Role::Prop,
            Vec3::new(1.0, 2.0, 0.4),
            Vec3::new(2.0, 1.0, 0.8),
            Quat::from_rotation_z(std::f32::consts::FRAC_PI_2),
        );
        let outline = footprint(&turned);
        assert_eq!(outline.len(), 4, "{outline:?}");
        let (low, high) = outline
            .iter()
            .fold((Vec2::splat(9.0), Vec2::splat(-9.0)), |(l, h), p| {
                (l.min(*p), h.max(*p))
            });
        // Turned a quarter: one wide across y, half as wide across x.
        assert!((low - Vec2::new(0.5, 1.0)).length() < 1e-5, "{low}");
        assert!((high - Vec2::new(1.5, 3.0)).length() < 1e-5, "{high}");
    }

    #[test]
    fn the_overhead_draws_the_set_the_cast_and_each_camera_to_scale() {
        let scene = ScenePlan {
            scene: 3,
            scene_number: None,
            heading: "INT. DINER - NIGHT".into(),
            pieces: vec![
                piece(
                    "Floor",
                    Role::Set,
                    Vec3::ZERO,
                    Vec3::new(8.0, 6.0, 0.0),
                    Quat::IDENTITY,
                ),
                piece(
                    "Ground",
                    Role::Set,
                    Vec3::ZERO,
                    Vec3::new(200.0, 200.0, 0.0),
                    Quat::IDENTITY,
                ),
                piece(
                    "RAY",
                    Role::Character,
                    Vec3::new(-0.6, 0.0, 0.9),
                    Vec3::new(0.5, 0.3, 1.8),
                    Quat::IDENTITY,
                ),
                piece(
                    "hologram",
                    Role::Effect,
                    Vec3::new(1.5, 1.5, 1.0),
                    Vec3::splat(0.6),
                    Quat::IDENTITY,
                ),
            ],
            lights: vec![],
            world_color: "#000000".into(),
            interior: true,
            night: true,
            power_on_site: false,
            color_grade: None,
            transition_in: Default::default(),
            transition_out: Default::default(),
            effects: vec![],
            atmosphere: None,
        };
        let setup = ShotSetup::locked_off(
            "3-1".into(),
            CameraData {
                name: "3-1".into(),
                // Looking north (down -Z turned to +Y), from 4 m south.
                transform: Transform {
                    location: Vec3::new(0.0, -4.0, 1.6),
                    rotation: Quat::from_rotation_x(std::f32::consts::FRAC_PI_2),
                    scale: Vec3::ONE,
                },
                lens_mm: 36.0,
                sensor_width_mm: 36.0,
                focus_distance: Some(4.0),
                ortho_scale: None,
            },
        );
        let mut isometric = setup.clone();
        isometric.shot_id = "3-2".into();
        // From the south-west, looking north-east at the set and down.
        isometric.camera.transform.location = Vec3::new(-40.0, -40.0, 30.0);
        isometric.camera.transform.rotation =
            Quat::from_rotation_z(-std::f32::consts::FRAC_PI_4) * Quat::from_rotation_x(1.0);
        isometric.camera.ortho_scale = Some(12.0);
        let both = svg(&scene, &[&setup, &isometric]);
        let svg = svg(&scene, &[&setup]);
        // An isometric camera far off leaves the drawing's extent alone, and
        // draws its band across it.
        let view_box = |svg: &str| svg.split("viewBox").nth(1).unwrap()[..30].to_owned();
        assert_eq!(view_box(&both), view_box(&svg));
        let band = both
            .lines()
            .filter(|l| l.contains("fill-opacity"))
            .nth(1)
            .unwrap();
        let points: Vec<(f32, f32)> = band
            .split('"')
            .nth(1)
            .unwrap()
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        // Its far edge lies past the set's centre to the north-east: it crosses the set.
        let far = (
            (points[1].0 + points[2].0) / 2.0,
            (points[1].1 + points[2].1) / 2.0,
        );
        assert!(far.0 > 2.0 && far.1 < -2.0, "{band}");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        // The ground is the world, not the set: the drawing spans the floor and the camera.
        assert!(svg.contains("viewBox=\"-5.00 -4.00 10.00 9.00\""), "{svg}");
        assert!(svg.contains(">RAY</text>") && svg.contains(">hologram</text>"));
        assert!(svg.contains(">3-1</text>"), "{svg}");
        // A 36 mm lens on a 36 mm sensor takes in 53 degrees: at 4 m, 2 m either side.
        assert!(
            svg.contains("points=\"0.000,4.000 -2.000,0.000 2.000,0.000 0.000,4.000\""),
            "{svg}"
        );
    }
}
