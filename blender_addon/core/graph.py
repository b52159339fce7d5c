"""The scene graph as the server expects it, built from plain data.

The ``bpy`` side reads names, matrices and custom properties into tuples; this
module turns them into the dict that ``oneshot_ipc`` sends (the ``SceneGraph`` of
the production data model). Coordinates are Blender's (metres, Z up). Blender
stores quaternions as ``(w, x, y, z)``; the wire uses glam's ``[x, y, z, w]``.
"""

from .roles import ROLES, RoleError, parse_role


def quat_to_wire(wxyz):
    """Blender ``(w, x, y, z)`` -> wire ``[x, y, z, w]``."""
    w, x, y, z = wxyz
    return [float(x), float(y), float(z), float(w)]


def quat_from_wire(xyzw):
    """Wire ``[x, y, z, w]`` -> Blender ``(w, x, y, z)``."""
    x, y, z, w = xyzw
    return (float(w), float(x), float(y), float(z))


def transform(location, rotation_wxyz, scale):
    """A ``Transform`` dict from a location, a Blender quaternion and a scale."""
    return {
        "location": [float(v) for v in location],
        "rotation": quat_to_wire(rotation_wxyz),
        "scale": [float(v) for v in scale],
    }


def bounds(corners):
    """The world-space axis-aligned bounds (``Aabb``) of a set of points.

    An object without geometry (an empty) has no corners: its bounds collapse to
    its origin, which the caller passes as the single corner.
    """
    corners = list(corners)
    if not corners:
        raise ValueError("bounds need at least one point")
    return {
        "min": [float(min(c[i] for c in corners)) for i in range(3)],
        "max": [float(max(c[i] for c in corners)) for i in range(3)],
    }


def samples(frames_and_transforms):
    """Per-frame samples, or ``[]`` when the object never moves over the range.

    Static objects send no samples: a 10,000-object set would otherwise send the
    same transform once per frame for every wall.
    """
    entries = [{"frame": int(f), "transform": t} for f, t in frames_and_transforms]
    if len(entries) < 2 or all(e["transform"] == entries[0]["transform"] for e in entries):
        return []
    return entries


def scene_object(name, role_value, xform, aabb, frame_samples=(), warnings=None):
    """A ``SceneObject`` dict. An unknown role is sent as ``None`` and noted in ``warnings``."""
    try:
        role = parse_role(role_value)
    except RoleError as err:
        if warnings is None:
            raise
        warnings.append(f"{name}: {err}")
        role = None
    return {
        "name": name,
        "role": role,
        "transform": xform,
        "bounds": aabb,
        "samples": list(frame_samples),
    }


def camera(name, xform, lens_mm, sensor_width_mm, focus_distance=None, ortho_scale=None):
    """A ``CameraData`` dict; ``focus_distance`` is ``None`` when depth of field is
    off, ``ortho_scale`` (metres across the frame) for an orthographic camera only."""
    return {
        "name": name,
        "transform": xform,
        "lens_mm": float(lens_mm),
        "sensor_width_mm": float(sensor_width_mm),
        "focus_distance": None if focus_distance is None else float(focus_distance),
        "ortho_scale": None if ortho_scale is None else float(ortho_scale),
    }


LIGHT_KINDS = ("point", "sun", "spot", "area")


def light(name, kind, xform, color, energy, size):
    """A ``LightData`` dict from Blender's light type (``'POINT'``, ``'SUN'``, ...)."""
    kind = kind.lower()
    if kind not in LIGHT_KINDS:
        raise ValueError(f"light {name!r}: unsupported light type {kind!r}")
    return {
        "name": name,
        "kind": kind,
        "transform": xform,
        "color": [float(c) for c in color],
        "energy": float(energy),
        "size": float(size),
    }


def scene_graph(name, frame_start, frame_end, fps, objects, cameras, lights, active_camera):
    """The ``SceneGraph`` dict the add-on sends with ``sync_scene``."""
    if frame_end < frame_start:
        raise ValueError(f"scene {name!r}: frame range {frame_start}-{frame_end} is empty")
    return {
        "name": name,
        "frame_start": int(frame_start),
        "frame_end": int(frame_end),
        "fps": float(fps),
        "objects": list(objects),
        "cameras": list(cameras),
        "lights": list(lights),
        "active_camera": active_camera,
    }


def role_counts(graph):
    """``{role: count}`` over the graph's objects, with ``"none"`` for objects without a role."""
    counts = {}
    for obj in graph.get("objects", ()):
        key = obj.get("role") or "none"
        counts[key] = counts.get(key, 0) + 1
    return counts


def summary(graph):
    """One line describing a scene graph, e.g. for ``run.py --check`` and the panel."""
    counts = role_counts(graph)
    order = [*ROLES, "none"]
    roles = ", ".join(f"{counts[r]} {r}" for r in order if r in counts)
    animated = sum(1 for o in graph.get("objects", ()) if o.get("samples"))
    objects = len(graph.get("objects", ()))
    parts = [
        f"scene {graph.get('name', '?')!r}",
        f"{objects} object{'s' if objects != 1 else ''}" + (f" ({roles})" if roles else ""),
        f"{animated} animated",
        f"{len(graph.get('cameras', ()))} camera(s)",
        f"{len(graph.get('lights', ()))} light(s)",
        f"frames {graph.get('frame_start')}-{graph.get('frame_end')} @ {graph.get('fps'):g} fps",
    ]
    return ", ".join(parts)
