"""Small hand-written production plans: the regression scenes and the add-on tests' fixtures.

Each is the dict the server's ``plan`` request returns (a ``ProductionPlan``),
kept tiny so that a Workbench render takes a fraction of a second.
"""

import math


def _xform(location, scale=(1.0, 1.0, 1.0), rotation=(0.0, 0.0, 0.0, 1.0)):
    return {"location": list(location), "rotation": list(rotation), "scale": list(scale)}


def look_rotation(yaw_deg, pitch_deg):
    """A Blender camera rotation (wire order x, y, z, w) that looks along yaw (0 = +Y) and pitch.

    A camera looks down its -Z; pitching it 90 degrees about X makes it look along
    +Y, then yaw turns it about Z.
    """
    pitch = math.radians(90.0 + pitch_deg) / 2
    yaw = math.radians(yaw_deg) / 2
    # q = q_yaw(Z) * q_pitch(X)
    cx, sx = math.cos(pitch), math.sin(pitch)
    cz, sz = math.cos(yaw), math.sin(yaw)
    return [cz * sx, sz * sx, sz * cx, cz * cx]


def _piece(name, role, primitive, location, size, color):
    return {
        "name": name,
        "role": role,
        "primitive": primitive,
        "transform": _xform(location, size),
        "color": color,
    }


def _camera(shot_id, location, yaw, pitch, lens=35.0):
    return {
        "name": f"cam {shot_id}",
        "transform": _xform(location, rotation=look_rotation(yaw, pitch)),
        "lens_mm": lens,
        "sensor_width_mm": 36.0,
        "focus_distance": None,
    }


def _shot(shot_id, scene, kind, size, description, duration, movement="static", subjects=()):
    return {
        "id": shot_id,
        "scene": scene,
        "kind": kind,
        "size": size,
        "movement": movement,
        "subjects": list(subjects),
        "speaker": None,
        "description": description,
        "duration_s": duration,
        "lens_mm": 35.0,
    }


def interior_scene(number=1):
    """A room: floor, three walls, a door, a window, two mannequins and a crate."""
    return {
        "scene": number,
        "heading": "INT. DOJO - NIGHT",
        "pieces": [
            _piece("floor", "set", "plane", (0, 0, 0), (8, 8, 1), "#8a6a4a"),
            _piece("wall back", "set", "cube", (0, 4, 1.5), (8, 0.2, 3), "#c8c0b0"),
            _piece("wall left", "set", "cube", (-4, 0, 1.5), (0.2, 8, 3), "#b8b0a0"),
            _piece("wall right", "set", "cube", (4, 0, 1.5), (0.2, 8, 3), "#b8b0a0"),
            _piece("door", "set", "cube", (-3.9, 1.5, 1.0), (0.25, 1.0, 2.0), "#5a3a20"),
            _piece("window", "set", "cube", (0, 3.9, 1.7), (1.6, 0.25, 1.0), "#9fd0ff"),
            _piece("BILLY", "character", "mannequin", (-0.8, 0, 0), (0.45, 0.25, 1.8), "#2f5fd0"),
            _piece("JIMMY", "character", "mannequin", (0.8, 0, 0), (0.45, 0.25, 1.75), "#d03a2f"),
            _piece("crate", "prop", "cube", (2.2, 1.5, 0.3), (0.6, 0.6, 0.6), "#a07020"),
        ],
        "lights": [
            {
                "name": "key",
                "kind": "area",
                "transform": _xform((2, -3, 4), rotation=look_rotation(-30, -50)),
                "color": [1.0, 0.95, 0.9],
                "energy": 800.0,
                "size": 2.0,
            }
        ],
        "world_color": "#202028",
    }


def exterior_scene(number=2):
    """A street: ground, a horizon band, a car-sized block and one mannequin."""
    return {
        "scene": number,
        "heading": "EXT. STREET - DAY",
        "pieces": [
            _piece("ground", "set", "plane", (0, 0, 0), (60, 60, 1), "#606060"),
            _piece("horizon", "set", "cube", (0, 30, 2), (60, 0.5, 4), "#7a8a9a"),
            _piece("car", "obstacle", "cube", (-2, 3, 0.7), (4.2, 1.8, 1.4), "#c0c020"),
            _piece("lamp post", "practical", "cylinder", (2.5, 2, 2), (0.15, 0.15, 4), "#303030"),
            _piece("ball", "prop", "sphere", (1, -1, 0.15), (0.3, 0.3, 0.3), "#f0f0f0"),
            _piece("MARIAN", "character", "mannequin", (0, 0, 0), (0.42, 0.24, 1.7), "#30a050"),
        ],
        "lights": [
            {
                "name": "sun",
                "kind": "sun",
                "transform": _xform((0, 0, 10), rotation=look_rotation(20, -60)),
                "color": [1.0, 1.0, 0.95],
                "energy": 4.0,
                "size": 0.01,
            }
        ],
        "world_color": "#87b5e5",
    }


def small_plan(engine="workbench", resolution=(160, 90)):
    """Two scenes, four shots (one of them a dolly with three frames)."""
    shots = [
        _shot("1-1", 1, "establishing", "WS", "The dojo at night.", 2.0),
        _shot("1-2", 1, "single", "MS", "BILLY: Who took Marian?", 1.5, subjects=["BILLY"]),
        _shot("2-1", 2, "establishing", "WS", "The street.", 1.0),
        _shot("2-2", 2, "master", "FS", "Marian walks.", 1.0, movement="dolly", subjects=["MARIAN"]),
    ]
    dolly_keys = [
        {
            "frame": frame,
            "transform": _xform((x, -6, 1.6), rotation=look_rotation(0, -3)),
            "lens_mm": 35.0,
            "focus_distance": 6.0,
        }
        for frame, x in ((1, -1.5), (24, 1.5))
    ]
    setups = [
        {
            "shot_id": "1-1",
            "camera": _camera("1-1", (0, -7.5, 2.2), 0, -8, 24),
            "path": None,
            "frames": 1,
            "effects_seed": 101,
        },
        {
            "shot_id": "1-2",
            "camera": _camera("1-2", (-0.8, -2.2, 1.5), 0, -3, 50),
            "path": None,
            "frames": 1,
            "effects_seed": 102,
        },
        {
            "shot_id": "2-1",
            "camera": _camera("2-1", (0, -12, 3), 0, -8, 28),
            "path": None,
            "frames": 1,
            "effects_seed": 103,
        },
        {
            "shot_id": "2-2",
            "camera": _camera("2-2", (-1.5, -6, 1.6), 0, -3),
            "path": {"shot_id": "2-2", "keys": dolly_keys},
            "frames": 3,
            "effects_seed": 104,
        },
    ]
    return {
        "title": "Regression",
        "slug": "regression",
        "fps": 24.0,
        "resolution": list(resolution),
        "engine": engine,
        "samples": 4,
        "style": "stylized",
        "color_grade": "neutral",
        "retro": None,
        "scenes": [interior_scene(1), exterior_scene(2)],
        "shots": shots,
        "setups": setups,
        "warnings": [],
    }


def with_an_entrance(plan):
    """``plan`` (a :func:`small_plan`) with BILLY walking in from the left in the
    locked-off establishing shot 1-1 (48 frames): across 2.2 m to his mark by frame
    24, then a turn to face the front by frame 36. Three frames are rendered."""
    billy = next(p for p in plan["scenes"][0]["pieces"] if p["name"] == "BILLY")
    mark, size = billy["transform"]["location"], billy["transform"]["scale"]
    start = [mark[0] - 2.2, mark[1], mark[2]]
    # Unturned, a mannequin faces -Y; walking towards +X it is turned a quarter left.
    towards_x = [0.0, 0.0, math.sin(math.pi / 4), math.cos(math.pi / 4)]
    keys = [
        (1, start, towards_x),
        (24, mark, towards_x),
        (36, mark, billy["transform"]["rotation"]),
        (48, mark, billy["transform"]["rotation"]),
    ]
    setup = plan["setups"][0]
    setup["frames"] = 3
    setup["walks"] = [
        {
            "character": "BILLY",
            "entrance": True,
            "keys": [{"frame": f, "transform": _xform(at, size, turn)} for f, at, turn in keys],
        }
    ]
    return plan


def with_a_lamp(plan, going_out=False, rides=()):
    """``plan`` (a :func:`small_plan`) with a glowing lamp and its practical light where
    :func:`with_a_hologram` stands its column; ``going_out``: it fades out in shot 1-1
    (frames 24 to 29 of 48), the plot's lights named in ``rides`` with it, and is on
    no dimmer in 1-2, so it is lit there."""
    lamp = _piece("lamp", "practical", "cylinder", (-2.2, 2.0, 1.3), (0.3, 0.3, 1.6), "#ffd27a")
    scene = plan["scenes"][0]
    scene["pieces"].append(dict(lamp, surface="glowing"))
    light = {
        "name": "Practical 1",
        "kind": "point",
        "transform": _xform((-2.2, 2.0, 2.1)),
        "color": [1.0, 0.64, 0.2],
        "energy": 60.0,
        "size": 0.1,
    }
    scene["lights"].append(light)
    if going_out:
        keys = [{"frame": f, "level": v} for f, v in [(1, 1.0), (24, 1.0), (29, 0.0), (48, 0.0)]]
        plan["setups"][0]["dimmers"] = [{"light": "Practical 1", "piece": "lamp", "keys": keys, "rides": list(rides)}]
        plan["setups"][0]["frames"] = 3
    return plan


def with_a_hologram(plan, surface="spectral"):
    """``plan`` (a :func:`small_plan`) with a visual effect's stand-in, a cyan
    column of ``surface``, to the left of the dojo's cast before its back wall."""
    hologram = _piece("hologram", "effect", "cylinder", (-2.2, 2.0, 1.3), (0.8, 0.8, 1.6), "#5fd7ff")
    plan["scenes"][0]["pieces"].append(dict(hologram, surface=surface))
    return plan
