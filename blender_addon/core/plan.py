"""Reading a ``ProductionPlan``: what to build for each scene and what to render per shot.

The plan arrives from the server as plain dicts (the ``ProductionPlan`` of the
production data model). This module answers the questions the builder and the
renderer ask of it, without touching Blender: colours in Blender's linear space,
the parts of an articulated mannequin and its stride when it walks, which shots
belong to which scene, which frames of a shot to render and when in the shot each
one is (for its effects), where each frame goes on disk, and what the cut is called.
"""

import math
import os


# The cut: a preview holds a few frames of each camera move; a full-motion plan
# renders every frame of every move, so its cut is the finished film.
ANIMATIC = "animatic.mp4"
MOVIE = "movie.mp4"


class PlanError(ValueError):
    """A plan the add-on cannot build (a bad colour, a shot without a set-up, ...)."""


def srgb_to_linear(hex_color):
    """``"#RRGGBB"`` (sRGB) -> linear ``(r, g, b, 1.0)``, as Blender's material colours want it."""
    text = hex_color.strip().lstrip("#") if isinstance(hex_color, str) else ""
    if len(text) != 6:
        raise PlanError(f"colour {hex_color!r} is not #RRGGBB")
    try:
        channels = [int(text[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    except ValueError:
        raise PlanError(f"colour {hex_color!r} is not #RRGGBB") from None
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return (*linear, 1.0)


# How each ``Surface`` of the plan is shaded: emission strength (Cycles and EEVEE
# light it up), alpha (what is behind shows through), and how far Workbench, which
# has no emission, lightens the colour towards white so that it reads as lit.
SURFACES = {
    "matte": (0.0, 1.0, 0.0),
    "glowing": (3.0, 1.0, 0.35),
    "spectral": (1.5, 0.45, 0.35),
}


def surface_shading(hex_color, surface="matte"):
    """How a piece of ``hex_color`` with ``surface`` is shaded: ``{"color": rgba,
    "workbench": rgba, "emission": strength, "alpha": a}`` in linear light."""
    if surface not in SURFACES:
        raise PlanError(f"unknown surface {surface!r} (expected one of: {', '.join(SURFACES)})")
    strength, alpha, lighten = SURFACES[surface]
    color = srgb_to_linear(hex_color)
    shown = tuple(c + (1.0 - c) * lighten for c in color[:3])
    return {"color": color, "workbench": (*shown, alpha), "emission": strength, "alpha": alpha}


# The mannequin, in fractions of its height (z) and shoulder width (x). Joints are
# empties, each a child of the one before it, so a pose is a rotation per joint;
# segments are meshes hanging from a joint. The origin is between the feet, and
# the figure faces -Y (Blender's front view looks at it).
_JOINTS = (
    # name, parent, (x in widths, z in heights)
    ("pelvis", None, (0.0, 0.52)),
    ("spine", "pelvis", (0.0, 0.60)),
    ("neck", "spine", (0.0, 0.83)),
    ("shoulder.L", "spine", (0.52, 0.80)),
    ("elbow.L", "shoulder.L", (0.52, 0.62)),
    ("shoulder.R", "spine", (-0.52, 0.80)),
    ("elbow.R", "shoulder.R", (-0.52, 0.62)),
    ("hip.L", "pelvis", (0.22, 0.50)),
    ("knee.L", "hip.L", (0.22, 0.27)),
    ("hip.R", "pelvis", (-0.22, 0.50)),
    ("knee.R", "hip.R", (-0.22, 0.27)),
)

_SEGMENTS = (
    # name, joint, primitive, centre (x in widths, y in depths, z in heights),
    # size (x, y in heights unless "w"/"d" noted below, z in heights)
    ("head", "neck", "sphere", (0.0, 0.0, 0.92), (0.12, 0.13, 0.14)),
    ("nose", "neck", "cube", (0.0, -0.48, 0.925), (0.03, 0.03, 0.03)),
    ("torso", "spine", "cube", (0.0, 0.0, 0.71), ("w0.80", "d1.0", 0.22)),
    ("hips", "pelvis", "cube", (0.0, 0.0, 0.54), ("w0.70", "d0.9", 0.09)),
    ("upper_arm.L", "shoulder.L", "cylinder", (0.52, 0.0, 0.71), (0.055, 0.055, 0.17)),
    ("forearm.L", "elbow.L", "cylinder", (0.52, 0.0, 0.53), (0.045, 0.045, 0.17)),
    ("upper_arm.R", "shoulder.R", "cylinder", (-0.52, 0.0, 0.71), (0.055, 0.055, 0.17)),
    ("forearm.R", "elbow.R", "cylinder", (-0.52, 0.0, 0.53), (0.045, 0.045, 0.17)),
    ("thigh.L", "hip.L", "cylinder", (0.22, 0.0, 0.385), (0.08, 0.08, 0.23)),
    ("shin.L", "knee.L", "cylinder", (0.22, 0.0, 0.14), (0.065, 0.065, 0.27)),
    ("thigh.R", "hip.R", "cylinder", (-0.22, 0.0, 0.385), (0.08, 0.08, 0.23)),
    ("shin.R", "knee.R", "cylinder", (-0.22, 0.0, 0.14), (0.065, 0.065, 0.27)),
)

# A cap of hair over the crown and the back of the head, clear of the face.
_HAIR = ("hair", "neck", "sphere", (0.0, 0.15, 0.955), (0.13, 0.138, 0.11))

# The segments a costume's second colour (``dressing.legs``) covers.
LEGS = frozenset({"hips", "thigh.L", "thigh.R", "shin.L", "shin.R"})


def mannequin(size, hair=False):
    """Joints and segments of an articulated stand-in ``size = (width, depth, height)`` metres,
    with a cap of hair on its head when ``hair``.

    Returns ``(joints, segments)``: joints are ``{"name", "parent", "head"}`` and
    segments ``{"name", "joint", "primitive", "center", "size"}``, all positions in
    the mannequin's own space (origin between the feet, before its rotation).
    """
    width, depth, height = (float(v) for v in size)
    if min(width, depth, height) <= 0:
        raise PlanError(f"mannequin size {tuple(size)} must be positive")

    def extent(v):
        if isinstance(v, str):
            unit = width if v[0] == "w" else depth
            return unit * float(v[1:])
        return v * height

    joints = [
        {"name": name, "parent": parent, "head": (x * width, 0.0, z * height)}
        for name, parent, (x, z) in _JOINTS
    ]
    segments = [
        {
            "name": name,
            "joint": joint,
            "primitive": primitive,
            "center": (cx * width, cy * depth, cz * height),
            "size": tuple(extent(v) for v in size_spec),
        }
        for name, joint, primitive, (cx, cy, cz), size_spec in _SEGMENTS + ((_HAIR,) if hair else ())
    ]
    return joints, segments


def segment_color(piece, segment):
    """The colour a mannequin ``piece`` wears on ``segment``: its hair, the costume's
    second colour on the hips and legs, else its main colour."""
    dressing = piece.get("dressing") or {}
    if segment == _HAIR[0] and dressing.get("hair"):
        return dressing["hair"]
    if segment in LEGS and dressing.get("legs"):
        return dressing["legs"]
    return piece["color"]


def shots_by_scene(plan):
    """``[(scene_plan, [(shot, setup), ...]), ...]`` in script order; shots keep cutting order.

    Every shot must have a set-up and a scene plan: the renderer cannot guess either.
    """
    setups = {s["shot_id"]: s for s in plan.get("setups", ())}
    scenes = {s["scene"]: (s, []) for s in plan.get("scenes", ())}
    for shot in plan.get("shots", ()):
        if shot["id"] not in setups:
            raise PlanError(f"shot {shot['id']} has no camera set-up")
        if shot["scene"] not in scenes:
            raise PlanError(f"shot {shot['id']} belongs to scene {shot['scene']}, which has no set")
        scenes[shot["scene"]][1].append((shot, setups[shot["id"]]))
    return [scenes[n] for n in sorted(scenes) if scenes[n][1]]


def render_frames(setup):
    """The frames of a shot: ``frames`` spread over a move of the camera or of the
    cast (every frame of it when ``frames`` is the move's length); one for a
    locked-off shot, or ``frames`` from 1 when its effects move (see :func:`is_held`)."""
    keys = _key_frames(setup)
    first = keys[0] if keys else 1
    count = max(1, int(setup.get("frames", 1)))
    if is_held(setup):
        return list(range(1, count + 1))
    if count == 1 or len(keys) < 2 or keys[-1] == first:
        return [first]
    last = keys[-1]
    frames = [round(first + (last - first) * i / (count - 1)) for i in range(count)]
    return sorted(set(frames))


# The effect layers the server composites (``EffectKind``), for the N-panel's menu.
EFFECT_KINDS = (
    ("rain", "Rain", "Streaks of falling rain, slanted by the wind"),
    ("snow", "Snow", "Soft flakes falling and swaying"),
    ("haze", "Haze", "Fog, mist or steam: a veil thicker low in the frame"),
    ("smoke", "Smoke", "Dark smoke billowing up"),
    ("lightning", "Lightning", "Flashes of cold light every few seconds"),
    ("fire", "Fire", "Warm flickering light from below, embers rising"),
    ("sparks", "Sparks", "Showers of sparks falling in arcs"),
    ("blast", "Blast", "An explosion going off at frame 0: a hot flash, a fireball's glow"),
)


def renders_air(engine, style):
    """Whether a render has the plan's atmosphere: Cycles and EEVEE draw its
    volume; Workbench cannot, and the ink-line style leaves it out."""
    return engine != "workbench" and style != "stylized"


def composited_layers(scene_plan, engine, style):
    """The scene's effect layers to composite over its frames: all of them, less
    those its atmosphere stands for (``replaces``) when the render has it."""
    layers = list(scene_plan.get("effects") or ())
    air = scene_plan.get("atmosphere")
    if not air or not renders_air(engine, style):
        return layers
    return [layer for layer in layers if layer["kind"] not in (air.get("replaces") or ())]


def rendered(setup):
    """What of a set-up its frames show, for their fingerprint: its supers are laid
    over them in the cut, and a set-up with no practical on a dimmer is the one
    rendered before dimmers existed, so frames rendered then are still good."""
    return {k: v for k, v in setup.items() if k != "supers" and not (k == "dimmers" and not v)}


def is_held(setup):
    """Whether a shot is a locked-off camera on a still set held for several
    frames: rendered once, its effects (rain, smoke) composited over that plate
    frame by frame."""
    return not _key_frames(setup) and int(setup.get("frames", 1)) > 1


def shot_seconds(setup, frame, fps):
    """Seconds into the shot at ``frame``, counted from the camera move's first
    key or from frame 1. Effects are composited as they look then."""
    keys = _key_frames(setup)
    first = keys[0] if keys else 1
    return max(0.0, (frame - first) / fps) if fps > 0 else 0.0


def _key_frames(setup):
    """The frames of the camera path's keys, or else of the walks' (the cast moving
    before a locked-off camera) and of the dimmers that change (a lamp switched off)."""
    path = setup.get("path")
    if path and path.get("keys"):
        return sorted(k["frame"] for k in path["keys"])
    walks = [k["frame"] for walk in setup.get("walks") or () for k in walk["keys"]]
    changing = [d for d in setup.get("dimmers") or () if len({k["level"] for k in d["keys"]}) > 1]
    return sorted(walks + [k["frame"] for dimmer in changing for k in dimmer["keys"]])


def dimmer_level(dimmer, frame):
    """A ``Dimmer``'s level at ``frame``: 0 dark to 1 full, faded straight between
    its keys, the first key's before them and the last key's after."""
    keys = sorted(dimmer["keys"], key=lambda k: k["frame"])
    if not keys:
        return 1.0
    a, b, t = _bracket(keys, frame)
    return a["level"] + (b["level"] - a["level"]) * t


def cut_name(plan):
    """The cut's file name: :data:`MOVIE`, the finished film, for a full-motion plan
    (``[render] full_motion``), else :data:`ANIMATIC`; the manifest names the same."""
    return MOVIE if plan.get("full_motion") else ANIMATIC


def camera_pose(setup, frame):
    """``(transform, lens_mm, focus_distance)`` of the shot's camera at ``frame``.

    Between keys the location, lens and focus move linearly and the rotation turns
    along the shortest arc (slerp); before the first key and after the last, the
    camera holds. ``focus_distance`` is ``None`` when the camera has no depth of
    field; otherwise the focus follows the path's keys, so a push-in pulls focus
    and the subject stays sharp. The renderer poses the camera with this for each
    frame it renders, rather than relying on Blender re-evaluating animation in a
    scene that is not the window's (which it does not do reliably in background
    renders).
    """
    camera = setup["camera"]
    depth_of_field = camera.get("focus_distance") is not None
    path = setup.get("path")
    keys = sorted(path["keys"], key=lambda k: k["frame"]) if path and path.get("keys") else []
    if not keys:
        return camera["transform"], camera["lens_mm"], camera.get("focus_distance")

    def held(key):
        return key["transform"], key["lens_mm"], key["focus_distance"] if depth_of_field else None

    a, b, t = _bracket(keys, frame)
    if a is b:
        return held(a)
    lens, focus = _lerp([a["lens_mm"], a["focus_distance"]], [b["lens_mm"], b["focus_distance"]], t)
    return _between(a["transform"], b["transform"], t), lens, focus if depth_of_field else None


# A walking stand-in's stride, heel to heel, in its heights; how far its legs
# swing (radians) per metre a second of pace, and at most; how far the knee of
# the leg swinging through bends, and the arms swing, against the legs' swing.
STRIDE_HEIGHTS = 0.8
SWING_PER_M_S = math.radians(18.0)
MOST_SWING = math.radians(40.0)
KNEE_BEND = 1.2
ARM_SWING = 0.7


def swing_pose(swing, frame):
    """The transform of a swinging set piece (a ``Swing``: a door) at ``frame``,
    between its keys as :func:`walk_pose` moves a walker, without the stride."""
    keys = sorted(swing["keys"], key=lambda k: k["frame"])
    if not keys:
        raise PlanError(f"the swing of {swing.get('piece')!r} has no keys")
    a, b, t = _bracket(keys, frame)
    return a["transform"] if a is b else _between(a["transform"], b["transform"], t)


def walk_pose(walk, frame, fps):
    """``(transform, joint_angles)`` of a walking stand-in (a ``Walk``) at ``frame``.

    Between keys it moves in a straight line and turns the short way (as
    :func:`camera_pose` moves a camera); before the first key and after the last
    it stands. ``joint_angles`` turn the mannequin's joints (``mannequin``) about
    their X axis (positive swings a limb back): the legs swing from the hips with
    the pace, a stride every :data:`STRIDE_HEIGHTS` of its height walked, the
    knee of the leg swinging through bends, the arms swing against the legs.
    Standing, every angle is 0.
    """
    keys = sorted(walk["keys"], key=lambda k: k["frame"])
    if not keys:
        raise PlanError(f"the walk of {walk.get('character')!r} has no keys")
    a, b, t = _bracket(keys, frame)
    transform = a["transform"] if a is b else _between(a["transform"], b["transform"], t)
    stride = STRIDE_HEIGHTS * transform["scale"][2]
    swing = phase = 0.0
    if a is not b and stride > 0:
        metres = math.dist(a["transform"]["location"], b["transform"]["location"])
        pace = metres * fps / (b["frame"] - a["frame"])
        walked = sum(
            math.dist(k["transform"]["location"], n["transform"]["location"])
            for k, n in zip(keys, keys[1:keys.index(a) + 1])
        ) + t * metres
        phase = 2 * math.pi * walked / stride
        swing = min(MOST_SWING, pace * SWING_PER_M_S)
    through = math.cos(phase)
    left = -swing * math.sin(phase)
    angles = {
        "hip.L": left,
        "hip.R": -left,
        "knee.L": KNEE_BEND * swing * max(0.0, through),
        "knee.R": KNEE_BEND * swing * max(0.0, -through),
        "shoulder.L": -ARM_SWING * left,
        "shoulder.R": ARM_SWING * left,
    }
    return transform, angles


# How a speaker holds their arms (a ``Gesture``'s ``pose``): the turn of each
# joint of the mannequin (``mannequin``) about its X, Y and Z axes, in radians; a
# joint not named stays straight. A negative X raises a limb forward, a negative
# Y lifts the left arm out to the side (a positive Y the right), and a positive Z
# turns the left arm's bent forearm outwards (a negative Z the right's).
POSES = {
    "talk": {"shoulder.R": (-0.45, 0.0, 0.0), "elbow.R": (-1.35, 0.0, 0.0)},
    "ask": {
        "shoulder.L": (-0.3, -0.15, 0.4),
        "elbow.L": (-1.3, 0.0, 0.0),
        "shoulder.R": (-0.3, 0.15, -0.4),
        "elbow.R": (-1.3, 0.0, 0.0),
    },
    "exclaim": {
        "shoulder.L": (-1.1, -0.15, 0.0),
        "elbow.L": (-1.2, 0.0, 0.0),
        "shoulder.R": (-1.1, 0.15, 0.0),
        "elbow.R": (-1.2, 0.0, 0.0),
    },
    "point": {"shoulder.R": (-1.5, 0.0, 0.0)},
    "shrug": {
        "shoulder.L": (0.0, -0.2, 0.9),
        "elbow.L": (-1.5, 0.0, 0.0),
        "shoulder.R": (0.0, 0.2, -0.9),
        "elbow.R": (-1.5, 0.0, 0.0),
    },
    # A fight: the left foot forward, fists up before the face; a punch throws
    # the right straight out at shoulder height and steps into it.
    "guard": {
        "shoulder.L": (-0.55, 0.0, 0.0),
        "elbow.L": (-2.1, 0.0, 0.0),
        "shoulder.R": (-0.55, 0.0, 0.0),
        "elbow.R": (-2.1, 0.0, 0.0),
        "hip.L": (-0.2, 0.0, 0.0),
        "knee.L": (0.25, 0.0, 0.0),
        "hip.R": (0.15, 0.0, 0.0),
    },
    "punch": {
        "shoulder.L": (-0.55, 0.0, 0.0),
        "elbow.L": (-2.1, 0.0, 0.0),
        "shoulder.R": (-1.55, 0.0, 0.0),
        "hip.L": (-0.35, 0.0, 0.0),
        "knee.L": (0.35, 0.0, 0.0),
        "hip.R": (0.25, 0.0, 0.0),
    },
}


def gesture_turns(gesture):
    """``{joint: (x, y, z)}`` for a ``Gesture``'s pose (see :data:`POSES`)."""
    pose = gesture.get("pose")
    if pose not in POSES:
        raise PlanError(f"{gesture.get('character')!r} has an unknown pose {pose!r}")
    return POSES[pose]


def _bracket(keys, frame):
    """``(a, b, t)``: the keys (sorted by frame) either side of ``frame`` and how far
    between them it is; ``a is b`` before the first key and after the last."""
    if frame <= keys[0]["frame"]:
        return keys[0], keys[0], 0.0
    for a, b in zip(keys, keys[1:]):
        if frame <= b["frame"]:
            return a, b, (frame - a["frame"]) / (b["frame"] - a["frame"])
    return keys[-1], keys[-1], 0.0


def _between(ta, tb, t):
    """The transform ``t`` of the way from ``ta`` to ``tb``: locations and scales
    linearly, the rotation along the shortest arc."""
    return {
        "location": _lerp(ta["location"], tb["location"], t),
        "rotation": _slerp(ta["rotation"], tb["rotation"], t),
        "scale": _lerp(ta["scale"], tb["scale"], t),
    }


def _lerp(a, b, t):
    return [x + (y - x) * t for x, y in zip(a, b)]


def _slerp(a, b, t):
    """Spherical interpolation of unit quaternions (any component order, same for both)."""
    dot = sum(x * y for x, y in zip(a, b))
    if dot < 0:  # the shorter way round
        b, dot = [-y for y in b], -dot
    if dot > 0.9995:  # nearly parallel: linear is exact enough and avoids dividing by ~0
        q = _lerp(a, b, t)
    else:
        theta = math.acos(dot)
        sa, sb = math.sin((1 - t) * theta), math.sin(t * theta)
        q = [(x * sa + y * sb) / math.sin(theta) for x, y in zip(a, b)]
    norm = math.sqrt(sum(x * x for x in q))
    return [x / norm for x in q]


def still_path(out_dir, shot_id):
    """The shot's storyboard still: ``<out>/frames/<shot id>.png``."""
    return os.path.join(out_dir, "frames", f"{safe_name(shot_id)}.png")


def sequence_paths(out_dir, shot_id, frames):
    """Where the frames of a moving shot go: ``<out>/frames/<shot id>/<frame>.png``."""
    folder = os.path.join(out_dir, "frames", safe_name(shot_id))
    return [os.path.join(folder, f"{frame:04d}.png") for frame in frames]


def safe_name(text):
    """A file name from a shot id (``3-2`` stays ``3-2``; separators and dots become ``_``)."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(text))
    if not cleaned:
        raise PlanError(f"shot id {text!r} gives an empty file name")
    return cleaned


# Workbench's shadows stay at least this high, so a key at or below the horizon
# does not leave the whole set in shadow.
LOWEST_SHADOW_LIGHT_DEG = 10.0


def _local_z(rotation):
    """The local +Z of ``rotation`` (wire order x, y, z, w) in the world: the way
    to a light, which shines down its -Z, or back from where a camera looks."""
    x, y, z, w = (float(v) for v in rotation)
    return 2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)


def _key_toward(scene_plan, setup=None):
    """``(east, north, up)``, the unit way to the light Workbench's one studio light
    stands for: the scene's key (the first of its lights), but in a ``setup``
    whose camera sees the key light the cast from behind (a window or the sun
    beyond them, where the plan brings the fill up to light their faces), the
    fill. ``None`` for a scene without lights."""
    lights = scene_plan.get("lights") or []
    if not lights:
        return None
    toward = _local_z(lights[0]["transform"]["rotation"])
    fill = next((light for light in lights if light.get("name", "").startswith("Fill")), None)
    if setup is not None and fill is not None:
        back = _local_z(setup["camera"]["transform"]["rotation"])  # the camera looks down its -Z
        if toward[0] * back[0] + toward[1] * back[1] < 0:  # beyond the cast, as it looks
            return _local_z(fill["transform"]["rotation"])
    return toward


def lit_for(scene_plan, setup):
    """``scene_plan`` with its lamps standing where ``setup`` relights them (its
    ``relit``: the key, fill and back turned round to its camera)."""
    moved = {light["name"]: light for light in setup.get("relit") or ()}
    return dict(scene_plan, lights=[moved.get(light["name"], light) for light in scene_plan["lights"]])


def workbench_light_direction(scene_plan, setup=None):
    """Workbench's ``scene.display.light_direction`` for the scene's key light (the
    first of its lights; in a ``setup`` the key lights from behind, the fill: see
    ``_key_toward``), so that its studio shadows fall away from it as the plan's
    lights cast them in Cycles; ``None`` for a scene without lights.

    Workbench takes the way to its light with Y up and Z to the south (measured
    in Blender 3.4 and 5.0: a key in +X, 45 degrees up, is ``(0.71, 0.71, 0)``).
    """
    toward = _key_toward(scene_plan, setup)
    if toward is None:
        return None
    east, north, up = toward
    lowest = math.radians(LOWEST_SHADOW_LIGHT_DEG)
    across = math.hypot(east, north)
    if across > 1e-9 and math.atan2(up, across) < lowest:
        east, north = east / across * math.cos(lowest), north / across * math.cos(lowest)
        up = math.sin(lowest)
    elif across <= 1e-9:
        east, north, up = 0.0, 0.0, 1.0  # straight up or down: from overhead
    length = math.sqrt(east * east + north * north + up * up)
    return (east / length, up / length, -north / length)


# Where Workbench's default studio light has its key in world space
# (``use_world_space_lighting``, no rotation): degrees counter-clockwise from east,
# measured from above in Blender 3.4 and 5.0 (the south-south-west). Turning the
# studio light by ``studiolight_rotate_z`` turns the key clockwise by as much.
STUDIO_KEY_AZIMUTH_DEG = -115.8


def workbench_studio_rotation(scene_plan, setup=None):
    """Workbench's ``studiolight_rotate_z`` (radians, -pi to pi) that turns its
    world-space studio light so that its key comes from the azimuth of the
    scene's key (or, as ``_key_toward`` picks it for a ``setup``, the fill): the
    shading agrees with the shadows. ``None`` for a scene without lights, or a key
    straight overhead."""
    toward = _key_toward(scene_plan, setup)
    if toward is None or math.hypot(toward[0], toward[1]) <= 1e-9:
        return None
    azimuth = math.degrees(math.atan2(toward[1], toward[0]))
    turn = (STUDIO_KEY_AZIMUTH_DEG - azimuth + 180.0) % 360.0 - 180.0
    return math.radians(turn)


def frame_counts(durations_s, fps):
    """Whole frames per shot for an edit, keeping the total equal to the rounded running time.

    Rounding each shot on its own drifts (ten 1.02 s shots at 24 fps would lose
    five frames); rounding the running total and differencing does not.
    """
    counts, elapsed, cut = [], 0.0, 0
    for duration in durations_s:
        elapsed += max(0.0, float(duration))
        next_cut = max(cut + 1, round(elapsed * fps))
        counts.append(next_cut - cut)
        cut = next_cut
    return counts


def edit_segments(entries, fps, start=1):
    """Lay shots end to end for the cut: ``[(image, first frame, length), ...]``.

    ``entries`` are ``(duration_s, [image, ...])`` in cutting order: a still holds
    for the whole shot, the frames of a moving shot share its length evenly (one
    frame each when every frame of the move is rendered). A shot is always exactly
    its length in the edit, even when its move is a frame longer or shorter.
    """
    return [segment for shot in _shots_laid(entries, fps, start) for segment in shot]


def _shots_laid(entries, fps, start):
    """:func:`edit_segments`, shot by shot."""
    shots = []
    frame = start
    counts = frame_counts([duration for duration, _ in entries], fps)
    for (_, images), length in zip(entries, counts):
        if not images:
            raise PlanError("a shot in the edit has no image")
        if len(images) > length:  # more frames rendered than the shot lasts: show the first ones
            images = images[:length]
        shares = frame_counts([1.0] * len(images), length / len(images))
        segments = []
        for image, share in zip(images, shares):
            segments.append((image, frame, share))
            frame += share
        shots.append(segments)
    return shots


# Words over the picture, as shares of its height: a super's letters and the lowest
# line's place in the lower third, then each line above; the main title's letters
# and its place above the middle, its credit's letters and each line below (the
# end credits' lines are spaced the same).
SUPER_SIZE = 0.05
SUPER_BOTTOM = 0.08
SUPER_LINE = 0.07
TITLE_SIZE = 0.1
TITLE_BOTTOM = 0.5
CREDIT_SIZE = 0.045
CREDIT_LINE = 0.07


# Words take at most this share of the picture's width; a letter is about this
# share of its height wide (Blender's sans serif; capitals are wider).
WORDS_WIDTH = 0.9
EM_WIDTH = 0.6
# Below this many pixels letters do not read.
MIN_FONT_PX = 8


def font_size(text, size, width, height):
    """Pixels high for a line of words ``size`` of the picture's ``height`` high
    (as :func:`super_strips` gives it), smaller if need be to fit the picture's
    ``width`` on one line: a long name, a copyright line."""
    fitting = width * WORDS_WIDTH / (EM_WIDTH * max(1, len(text)))
    return max(MIN_FONT_PX, round(min(height * size, fitting)))


def super_strips(plan, entries, start=1):
    """The supers of the cut (each set-up's ``supers``) as text strips: ``[(text,
    first frame, length, height, size)]`` (the line's bottom and its letters, as
    shares of the picture's height), a line each in the lower third of its shot,
    the last line lowest. See :func:`_clear_of_transitions` for when they show."""
    setups = {setup["shot_id"]: setup for setup in plan["setups"]}
    strips = []
    for shot, (first, length) in zip(plan["shots"], _clear_of_transitions(plan, entries, start)):
        lines = setups.get(shot["id"], {}).get("supers") or ()
        for row, text in enumerate(reversed(lines)):
            strips.append((text, first, length, SUPER_BOTTOM + row * SUPER_LINE, SUPER_SIZE))
    return strips


def title_strips(plan, entries, start=1):
    """The main title (the plan's ``titles``) as text strips like
    :func:`super_strips`' over the film's first shot: its title large above the
    middle, its credit's lines below."""
    lines = plan.get("titles") or ()
    spans = _clear_of_transitions(plan, entries, start)
    if not lines or not spans:
        return []
    first, length = spans[0]
    strips = [(lines[0], first, length, TITLE_BOTTOM, TITLE_SIZE)]
    for row, text in enumerate(lines[1:], start=1):
        strips.append((text, first, length, TITLE_BOTTOM - row * CREDIT_LINE, CREDIT_SIZE))
    return strips


def credit_strips(plan, entries, start=1):
    """The end credits (the plan's ``end_credits``) as text strips in the form
    :func:`super_strips` gives, card after card over black after the last shot, each
    card's lines centred on the middle of the picture. A card's frames follow the
    running time as the shots' do (:func:`frame_counts`), so the cut and the edit
    (``edit.otio``, ``edit.edl``) end on the same frame."""
    cards = plan.get("end_credits") or ()
    if not cards or not entries:
        return []
    durations = [duration for duration, _ in entries] + [card["seconds"] for card in cards]
    counts = frame_counts(durations, plan["fps"])
    frame = start + sum(counts[: len(entries)])
    strips = []
    for card, length in zip(cards, counts[len(entries) :]):
        lines = card["lines"]
        for row, text in enumerate(lines):
            height = 0.5 + ((len(lines) - 1) / 2 - row) * CREDIT_LINE - CREDIT_SIZE / 2
            strips.append((text, frame, length, height, CREDIT_SIZE))
        frame += length
    return strips


def _clear_of_transitions(plan, entries, start):
    """``(first frame, length)`` of each shot of the cut as :func:`edit_segments`
    lays them, less its fades and dissolve (:func:`shot_transitions`): words come
    up on the picture, not on black. A shot its transitions leave less than half
    a second of keeps them over the whole of it, rather than flash them."""
    laid = _shots_laid(entries, plan["fps"], start)
    counts = [sum(share for _, _, share in segments) for segments in laid]
    spans = []
    for segments, count, (dissolve_in, fade_in, fade_out) in zip(laid, counts, shot_transitions(plan, counts)):
        head = segments[0][1]
        first = head + max(dissolve_in, fade_in)
        length = head + count - fade_out - first
        spans.append((first, length) if length >= plan["fps"] / 2 else (head, count))
    return spans


def shot_transitions(plan, counts):
    """``(dissolve_in, fade_in, fade_out)`` frames for each of the plan's shots
    (cutting order; ``counts`` are their lengths in frames), placed as the edit
    (``edit.otio``, ``edit.edl``) places them.

    A scene's ``transition_in`` takes the head of its first shot, at most all of
    it (a dissolve into the very first shot fades up instead); its fade out takes
    the tail of its last shot, at most what the head leaves but one frame.
    """
    fps = float(plan["fps"])
    scenes = {scene["scene"]: scene for scene in plan.get("scenes", ())}
    shots = plan["shots"]

    def frames(transition):
        return max(0, round(float(transition.get("seconds", 0.0)) * fps))

    placed = []
    for index, (shot, count) in enumerate(zip(shots, counts)):
        dissolve_in = fade_in = fade_out = 0
        scene = scenes.get(shot["scene"])
        if scene is not None:
            first = index == 0 or shots[index - 1]["scene"] != shot["scene"]
            last = index + 1 == len(shots) or shots[index + 1]["scene"] != shot["scene"]
            entering = scene.get("transition_in") or {}
            if first and entering.get("kind", "cut") != "cut":
                head = min(frames(entering), count)
                if entering["kind"] == "dissolve" and index > 0:
                    dissolve_in = head
                else:
                    fade_in = head
            leaving = scene.get("transition_out") or {}
            if last and leaving.get("kind") == "fade":
                fade_out = min(frames(leaving), max(0, count - max(dissolve_in, fade_in, 1)))
        placed.append((dissolve_in, fade_in, fade_out))
    return placed


def cut_strips(entries, plan, start=1):
    """The cut as sequencer strips: ``[(image, first frame, length, channel,
    opacity, brightness), ...]`` in frame order.

    Shots lie end to end on channel 1 as :func:`edit_segments` lays them; the
    frames of their transitions (:func:`shot_transitions`) are strips of one frame
    each. A fade dims the shot's head up from black, or its tail down to it
    (``brightness``). A dissolve holds the previous shot's last picture on channel
    1 under the new shot's head on channel 2, which crosses over it (``opacity``).
    """
    laid = _shots_laid(entries, plan["fps"], start)
    counts = [sum(length for _, _, length in segments) for segments in laid]
    strips = []
    for index, (segments, placed) in enumerate(zip(laid, shot_transitions(plan, counts))):
        dissolve_in, fade_in, fade_out = placed
        first = segments[0][1]
        end = first + counts[index]
        held_from, held_to = first + max(dissolve_in, fade_in), end - fade_out
        for image, frame, length in segments:
            held = (max(frame, held_from), min(frame + length, held_to))
            if held[0] < held[1]:
                strips.append((image, held[0], held[1] - held[0], 1, 1.0, 1.0))
            head = range(frame, min(frame + length, held_from))
            tail = range(max(frame, held_to), frame + length)
            for f in head:
                step = f - first
                if dissolve_in:
                    strips.append((laid[index - 1][-1][0], f, 1, 1, 1.0, 1.0))
                    strips.append((image, f, 1, 2, (step + 1) / (dissolve_in + 1), 1.0))
                else:
                    strips.append((image, f, 1, 1, 1.0, step / fade_in))
            for f in tail:
                strips.append((image, f, 1, 1, 1.0, (end - 1 - f) / fade_out))
    return sorted(strips, key=lambda strip: (strip[1], strip[3]))
