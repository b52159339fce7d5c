"""The pure layer: roles, scene-graph dicts, plan reading, progress (no Blender needed)."""

import copy
import math

import pytest

from blender_addon.core import graph
from blender_addon.core.plan import (
    ANIMATIC,
    composited_layers,
    MOVIE,
    PlanError,
    cut_name,
    credit_strips,
    cut_strips,
    dimmer_level,
    edit_segments,
    font_size,
    frame_counts,
    is_held,
    shot_transitions,
    workbench_light_direction,
    workbench_studio_rotation,
    mannequin,
    render_frames,
    rendered,
    super_strips,
    title_strips,
    SUPER_BOTTOM,
    SUPER_LINE,
    SUPER_SIZE,
    safe_name,
    sequence_paths,
    shot_seconds,
    shots_by_scene,
    srgb_to_linear,
    still_path,
    surface_shading,
    walk_pose,
    swing_pose,
    POSES,
    gesture_turns,
)
from blender_addon.core.progress import Progress, StageTimer, clock_text
from blender_addon.core.roles import ROLES, RoleError, parse_role
from regression_scenes import small_plan, with_an_entrance


def test_roles_parse_forgivingly_but_reject_unknown_words():
    assert [parse_role(r) for r in ROLES] == list(ROLES)
    assert parse_role("  Character ") == "character"
    assert parse_role(None) is None and parse_role("") is None
    with pytest.raises(RoleError, match="extra"):
        parse_role("extra")
    with pytest.raises(RoleError, match="text"):
        parse_role(3)


def test_quaternions_reorder_between_blender_and_the_wire():
    assert graph.quat_to_wire((1, 2, 3, 4)) == [2.0, 3.0, 4.0, 1.0]
    assert graph.quat_from_wire([2, 3, 4, 1]) == (1.0, 2.0, 3.0, 4.0)


def test_bounds_cover_every_corner_and_reject_nothing():
    assert graph.bounds([(0, 1, 2), (-1, 5, 0)]) == {"min": [-1, 1, 0], "max": [0, 5, 2]}
    with pytest.raises(ValueError):
        graph.bounds([])


def test_static_objects_send_no_samples():
    t = graph.transform((0, 0, 0), (1, 0, 0, 0), (1, 1, 1))
    moved = graph.transform((1, 0, 0), (1, 0, 0, 0), (1, 1, 1))
    assert graph.samples([(1, t), (2, t), (3, t)]) == []
    assert [s["frame"] for s in graph.samples([(1, t), (2, moved)])] == [1, 2]


def test_unknown_role_becomes_a_warning_not_a_failure():
    t = graph.transform((0, 0, 0), (1, 0, 0, 0), (1, 1, 1))
    box = graph.bounds([(0, 0, 0)])
    warnings = []
    obj = graph.scene_object("Lamp", "lamp", t, box, (), warnings)
    assert obj["role"] is None and "Lamp" in warnings[0]
    with pytest.raises(RoleError):
        graph.scene_object("Lamp", "lamp", t, box)


def test_scene_graph_summary_counts_roles():
    t = graph.transform((0, 0, 0), (1, 0, 0, 0), (1, 1, 1))
    box = graph.bounds([(0, 0, 0)])
    objects = [graph.scene_object(n, r, t, box) for n, r in (("a", "character"), ("b", None), ("c", "set"))]
    g = graph.scene_graph("S", 1, 10, 24, objects, [], [], None)
    assert graph.role_counts(g) == {"character": 1, "set": 1, "none": 1}
    assert "3 objects (1 character, 1 set, 1 none)" in graph.summary(g)
    with pytest.raises(ValueError, match="empty"):
        graph.scene_graph("S", 10, 1, 24, [], [], [], None)
    with pytest.raises(ValueError, match="unsupported"):
        graph.light("L", "HEMI", t, (1, 1, 1), 1, 1)


def test_srgb_colours_become_linear():
    assert srgb_to_linear("#000000") == (0.0, 0.0, 0.0, 1.0)
    assert srgb_to_linear("#FFFFFF") == (1.0, 1.0, 1.0, 1.0)
    assert math.isclose(srgb_to_linear("#808080")[0], 0.2158, abs_tol=1e-3)
    for bad in ("red", "#12345", "#GG0000", None):
        with pytest.raises(PlanError):
            srgb_to_linear(bad)


def test_mannequin_is_articulated_and_fits_its_size():
    joints, segments = mannequin((0.45, 0.25, 1.8))
    names = {j["name"] for j in joints}
    assert all(j["parent"] is None or j["parent"] in names for j in joints)
    assert {s["joint"] for s in segments} <= names
    top = max(s["center"][2] + s["size"][2] / 2 for s in segments)
    bottom = min(s["center"][2] - s["size"][2] / 2 for s in segments)
    assert bottom >= 0 and math.isclose(top, 1.8, rel_tol=0.05)
    with pytest.raises(PlanError):
        mannequin((0.4, 0.2, 0))


def test_a_dressed_mannequin_has_hair_and_its_costumes_colours():
    from blender_addon.core.plan import segment_color

    bare = {s["name"] for s in mannequin((0.45, 0.25, 1.8))[1]}
    _joints, segments = mannequin((0.45, 0.25, 1.8), hair=True)
    hair = {s["name"]: s for s in segments}["hair"]
    assert {s["name"] for s in segments} == bare | {"hair"}
    head = {s["name"]: s for s in segments}["head"]
    assert hair["center"][2] + hair["size"][2] / 2 > head["center"][2] + head["size"][2] / 2, "it crowns the head"
    assert hair["center"][1] > head["center"][1], "and sits back from the face"
    piece = {"color": "#aa0000", "dressing": {"legs": "#222222", "hair": "#1c1a19"}}
    assert [segment_color(piece, s) for s in ("torso", "thigh.L", "hips", "hair")] == [
        "#aa0000", "#222222", "#222222", "#1c1a19"]
    undressed = {"color": "#aa0000", "dressing": None}
    assert {segment_color(undressed, s) for s in ("torso", "shin.R")} == {"#aa0000"}


def test_surfaces_glow_and_show_through_as_the_plan_says():
    matte = surface_shading("#336699")
    assert matte["emission"] == 0 and matte["alpha"] == 1
    assert matte["workbench"] == matte["color"]
    glowing = surface_shading("#336699", "glowing")
    spectral = surface_shading("#336699", "spectral")
    assert glowing["emission"] > 0 and glowing["alpha"] == 1
    assert spectral["emission"] > 0 and spectral["alpha"] < 1
    # Workbench has no emission: what glows is shown lighter, as lit.
    assert all(g > m for g, m in zip(glowing["workbench"][:3], matte["color"][:3]))
    assert spectral["workbench"][3] == spectral["alpha"]
    with pytest.raises(PlanError, match="unknown surface 'shiny'"):
        surface_shading("#336699", "shiny")


def test_shots_group_by_scene_and_need_setups():
    plan = small_plan()
    groups = shots_by_scene(plan)
    assert [(s["scene"], [shot["id"] for shot, _ in pairs]) for s, pairs in groups] == [
        (1, ["1-1", "1-2"]),
        (2, ["2-1", "2-2"]),
    ]
    plan["setups"].pop()
    with pytest.raises(PlanError, match="2-2"):
        shots_by_scene(plan)


def test_moving_shots_render_a_few_frames_over_their_path():
    plan = small_plan()
    setups = {s["shot_id"]: s for s in plan["setups"]}
    assert render_frames(setups["1-1"]) == [1]
    assert render_frames(setups["2-2"]) == [1, 12, 24]


def test_a_held_shot_has_every_frame_and_effects_know_when_each_is():
    plan = small_plan()
    setups = {s["shot_id"]: s for s in plan["setups"]}
    still, move = setups["1-1"], setups["2-2"]
    assert not is_held(still) and not is_held(move)
    held = dict(still, frames=5)
    assert is_held(held) and render_frames(held) == [1, 2, 3, 4, 5]
    assert [shot_seconds(held, f, 24) for f in (1, 2, 5)] == [0.0, 1 / 24, 4 / 24]
    assert [shot_seconds(move, f, 24) for f in (1, 12, 24)] == [0.0, 11 / 24, 23 / 24]
    assert shot_seconds(still, 1, 24) == 0.0


def test_a_shot_with_a_walk_renders_frames_over_it_and_is_not_held():
    setup = with_an_entrance(small_plan())["setups"][0]
    assert setup["path"] is None and not is_held(setup)
    assert render_frames(setup) == [1, 24, 48]
    assert render_frames(dict(setup, frames=48)) == list(range(1, 49))
    assert shot_seconds(setup, 24, 24) == 23 / 24


def _dimmer(*keys):
    return {"light": "Practical 1", "piece": "LAMP", "keys": [{"frame": f, "level": v} for f, v in keys]}


def test_a_switched_lamp_fades_between_its_keys_and_its_shot_renders_the_change():
    going_out = _dimmer((1, 1.0), (40, 1.0), (45, 0.0), (96, 0.0))
    assert [dimmer_level(going_out, f) for f in (0, 40, 42, 45, 200)] == [1.0, 1.0, 0.6, 0.0, 0.0]
    assert dimmer_level(_dimmer((1, 0.0)), 50) == 0.0
    assert dimmer_level(_dimmer(), 50) == 1.0
    still = small_plan()["setups"][0]
    switched = dict(still, frames=3, dimmers=[going_out])
    assert not is_held(switched) and render_frames(switched) == [1, 48, 96]
    # A dimmer that holds one level is no reason to render more than the still.
    steady = dict(still, frames=5, dimmers=[_dimmer((1, 0.0))])
    assert is_held(steady) and render_frames(dict(steady, frames=1)) == [1]


def test_supers_come_up_on_the_picture_clear_of_fades():
    fade = {"kind": "fade", "seconds": 0.25}
    plan = {
        "fps": 24,
        "scenes": [{"scene": 1, "transition_in": fade, "transition_out": fade}],
        "shots": [{"id": "1-1", "scene": 1}, {"id": "1-2", "scene": 1}],
        "setups": [{"shot_id": "1-1", "supers": ["TOKYO", "1999"]}, {"shot_id": "1-2", "supers": ["LATER"]}],
    }
    # A full-motion shot of 24 frames, then a still held for 24: six frames of fade at either end.
    entries = [(1.0, [f"f{n}.png" for n in range(24)]), (1.0, ["still.png"])]
    low, size = SUPER_BOTTOM, SUPER_SIZE
    assert super_strips(plan, entries) == [
        ("1999", 7, 18, low, size),
        ("TOKYO", 7, 18, low + SUPER_LINE, size),
        ("LATER", 25, 18, low, size),
    ]
    assert super_strips(plan, entries, start=101)[0] == ("1999", 107, 18, low, size)
    # The main title: over the first shot, the title above the middle, its credit below.
    assert title_strips(plan, entries) == []
    titled = dict(plan, titles=["ALLEY KINGS", "Written by", "Ray Kane"])
    assert [(t, f, n) for t, f, n, _, _ in title_strips(titled, entries)] == [
        ("ALLEY KINGS", 7, 18), ("Written by", 7, 18), ("Ray Kane", 7, 18)
    ]
    heights = [h for *_, h, _ in title_strips(titled, entries)]
    assert heights == sorted(heights, reverse=True) and heights[0] >= 0.5
    # The end credits: card after card after the last shot, each on the running
    # time as the shots are, the lines centred on the middle top to bottom.
    assert credit_strips(titled, entries) == []
    cards = [{"lines": ["CAST", "NINA", "DEX"], "seconds": 1.02}, {"lines": ["Made with oneshot"], "seconds": 1.02}]
    credits = credit_strips(dict(plan, end_credits=cards), entries)
    assert [(t, f, n) for t, f, n, _, _ in credits] == [
        ("CAST", 49, 24), ("NINA", 49, 24), ("DEX", 49, 24), ("Made with oneshot", 73, 25)
    ]
    heights = [h + size / 2 for *_, h, size in credits]
    assert heights[0] > heights[1] > heights[2] and abs(heights[1] - 0.5) < 1e-9
    assert abs(heights[3] - 0.5) < 1e-9
    assert credit_strips(dict(plan, end_credits=cards), []) == []
    # A long line is set smaller to fit the picture's width, never below 8 pixels.
    assert font_size("NINA", 0.05, 1920, 1080) == 54
    long_line = "x" * 60
    assert font_size(long_line, 0.05, 1920, 1080) == round(1920 * 0.9 / (0.6 * 60)) == 48
    assert font_size(long_line, 0.05, 64, 36) == 8
    # A shot its fades leave too little of keeps its words over the whole of it.
    short = [(0.5, ["a.png"]), (0.5, ["b.png"])]
    assert [(f, n) for _, f, n, _, _ in super_strips(plan, short)] == [(1, 12), (1, 12), (13, 12)]


def test_a_frames_fingerprint_leaves_out_what_the_frames_do_not_show():
    still = small_plan()["setups"][0]
    assert rendered(dict(still, supers=["TOKYO"], dimmers=[])) == rendered(still) == still
    lamp = _dimmer((1, 0.0))
    assert rendered(dict(still, dimmers=[lamp])) == dict(still, dimmers=[lamp])


def test_a_walker_strides_along_its_keys_and_stands_at_either_end():
    walk = with_an_entrance(small_plan())["setups"][0]["walks"][0]
    start, mark = walk["keys"][0]["transform"], walk["keys"][-1]["transform"]
    for frame, transform in ((0, start), (1, start), (36, mark), (60, mark)):
        at, angles = walk_pose(walk, frame, 24.0)
        assert at["location"] == pytest.approx(transform["location"])
        assert at["rotation"] == pytest.approx(transform["rotation"])
        assert set(angles.values()) == {0.0}, "standing"

    # Halfway there: halfway across, facing the way it walks, legs and arms swinging
    # against each other, the leg swinging through bent at the knee.
    at, angles = walk_pose(walk, 12.5, 24.0)
    assert at["location"][0] == pytest.approx(start["location"][0] + 1.1)
    assert at["rotation"] == pytest.approx(start["rotation"])
    assert angles["hip.L"] == pytest.approx(-angles["hip.R"])
    assert angles["shoulder.L"] == pytest.approx(-0.7 * angles["hip.L"])
    assert max(angles["knee.L"], angles["knee.R"]) >= 0.0 == min(angles["knee.L"], angles["knee.R"])
    # 2.2 m in 23 frames is 2.3 m/s: a quick walk, the legs swinging up to 40 degrees.
    swings = [abs(walk_pose(walk, f, 24.0)[1]["hip.L"]) for f in range(1, 25)]
    assert 0.5 < max(swings) <= math.radians(40.0) + 1e-9
    # Turning on the spot, it does not stride.
    _at, turning = walk_pose(walk, 30, 24.0)
    assert set(turning.values()) == {0.0}

    with pytest.raises(PlanError, match="BILLY"):
        walk_pose(dict(walk, keys=[]), 1, 24.0)

    # A door swings between its keys the same way, and holds after the last.
    door = {"piece": "door", "keys": walk["keys"]}
    assert swing_pose(door, 12.5) == walk_pose(walk, 12.5, 24.0)[0]
    assert swing_pose(door, 99) == mark
    with pytest.raises(PlanError, match="door"):
        swing_pose(dict(door, keys=[]), 1)


def test_every_pose_turns_joints_the_mannequin_has():
    joints, _segments = mannequin((0.5, 0.3, 1.8))
    names = {joint["name"] for joint in joints}
    # The model's poses (`Pose`), by their wire names.
    assert set(POSES) == {"talk", "ask", "exclaim", "point", "shrug", "punch", "guard"}
    for pose in POSES:
        turns = gesture_turns({"character": "A", "pose": pose})
        assert turns and set(turns) <= names, pose
        assert all(len(turn) == 3 for turn in turns.values())
    with pytest.raises(PlanError, match="'A' has an unknown pose 'dance'"):
        gesture_turns({"character": "A", "pose": "dance"})


def test_a_full_motion_move_renders_every_frame_and_cuts_the_movie():
    plan = small_plan()
    setups = {s["shot_id"]: s for s in plan["setups"]}
    assert cut_name(plan) == ANIMATIC  # three frames of a 24-frame move: a preview
    plan["full_motion"] = True
    setups["2-2"]["frames"] = 24
    assert render_frames(setups["2-2"]) == list(range(1, 25))
    assert cut_name(plan) == MOVIE


def test_a_full_motion_cut_shows_each_frame_once_at_the_shots_length():
    def move(duration_s, fps=24):  # every frame of the path, as the planner keys it
        return (duration_s, [f"{duration_s}/{frame}" for frame in range(1, max(2, round(duration_s * fps)) + 1)])

    exact = edit_segments([move(1.0)], 24)
    assert exact == [(f"1.0/{n}", n, 1) for n in range(1, 25)]

    # The edit rounds the running time, so a move can be a frame longer or shorter
    # than its path: the shot keeps its length in the edit and nothing drifts.
    for before, moving in ((1.02, 1.02), (0.525, 23.6 / 24)):
        entries = [(before, ["still"]), move(moving)]
        segments = edit_segments(entries, 24)
        held, images = frame_counts([before, moving], 24)
        assert segments[0] == ("still", 1, held)
        shown = segments[1:]
        assert sum(length for _, _, length in shown) == images
        assert [image for image, _, _ in shown] == entries[1][1][: len(shown)]
        assert {length for _, _, length in shown} <= {1, 2}
        assert all(a[1] + a[2] == b[1] for a, b in zip(segments, segments[1:]))
    assert frame_counts([1.02, 1.02], 24)[1] == 25  # the first case grows a frame
    assert frame_counts([0.525, 23.6 / 24], 24)[1] == 23  # the second loses one


def test_frame_paths_are_safe_names_under_frames(tmp_path):
    assert still_path(str(tmp_path), "3-2").endswith("frames/3-2.png")
    assert sequence_paths("out", "3/2", [1, 12])[1].endswith("frames/3_2/0012.png")
    assert safe_name("a.b c") == "a_b_c"
    with pytest.raises(PlanError):
        safe_name("")


def test_edit_keeps_total_running_time():
    counts = frame_counts([1.02] * 10, 24)
    assert sum(counts) == round(10.2 * 24) and min(counts) >= 24
    assert frame_counts([0.0], 24) == [1]  # every shot is seen
    segments = edit_segments([(2.0, ["a"]), (1.0, ["b", "c", "d"])], 24)
    assert segments == [("a", 1, 48), ("b", 49, 8), ("c", 57, 8), ("d", 65, 8)]
    assert edit_segments([(0.05, ["x", "y", "z"])], 24) == [("x", 1, 1)]


def transition_plan():
    """Scene 1 fades up; scene 2 dissolves in (1 s) from a half-second shot and fades out."""
    fade, dissolve = {"kind": "fade", "seconds": 1.0}, {"kind": "dissolve", "seconds": 1.0}
    cut = {"kind": "cut", "seconds": 0.0}
    return {
        "fps": 24,
        "scenes": [
            {"scene": 1, "transition_in": fade, "transition_out": cut},
            {"scene": 2, "transition_in": dissolve, "transition_out": fade},
        ],
        "shots": [{"id": i, "scene": int(i[0])} for i in ("1-1", "1-2", "2-1", "2-2")],
    }


def test_transitions_land_where_the_edit_puts_them():
    # The same case as oneshot-edit's transitions_land_on_the_first_and_last_clips_of_their_scenes.
    counts = frame_counts([2.0, 0.5, 0.5, 2.0], 24)
    assert shot_transitions(transition_plan(), counts) == [(0, 24, 0), (0, 0, 0), (12, 0, 0), (0, 0, 24)]
    # Plans from before transitions cut.
    plan = transition_plan()
    for scene in plan["scenes"]:
        del scene["transition_in"], scene["transition_out"]
    assert shot_transitions(plan, counts) == [(0, 0, 0)] * 4


def test_transitions_play_frame_by_frame_and_keep_the_cut():
    entries = [(2.0, ["a"]), (0.5, ["b"]), (0.5, ["c1", "c2"]), (2.0, ["d"])]
    strips = cut_strips(entries, transition_plan())
    on_channel_1 = sorted((s[1], s[2]) for s in strips if s[3] == 1)
    frame = 1
    for first, length in on_channel_1:  # channel 1 covers the cut once, end to end
        assert first == frame
        frame += length
    assert frame == 1 + 48 + 12 + 12 + 48
    fade_up = [s for s in strips if s[0] == "a" and s[2] == 1]
    assert [s[5] for s in fade_up] == [k / 24 for k in range(24)]
    assert ("a", 25, 24, 1, 1.0, 1.0) in strips
    # The dissolve: b's last picture held under c's frames, crossing over.
    dissolve = [s for s in strips if s[1] >= 61 and s[1] < 73]
    assert [s[0] for s in dissolve if s[3] == 1] == ["b"] * 12
    assert [s[0] for s in dissolve if s[3] == 2] == ["c1"] * 6 + ["c2"] * 6
    assert [s[4] for s in dissolve if s[3] == 2] == [(k + 1) / 13 for k in range(12)]
    fade_out = [s for s in strips if s[0] == "d" and s[2] == 1]
    assert [s[5] for s in fade_out] == [(23 - k) / 24 for k in range(24)]
    assert fade_out[-1][1] == 120 and ("d", 73, 24, 1, 1.0, 1.0) in strips


def test_workbench_shadows_take_the_keys_direction():
    def key(axis, degrees):  # a light turned about the X or Y axis from pointing down
        half = math.radians(degrees) / 2
        rotation = [math.sin(half) if a == axis else 0.0 for a in "xyz"] + [math.cos(half)]
        return {"lights": [{"transform": {"rotation": rotation}}, {"transform": {"rotation": [0, 0, 0, 1]}}]}

    assert workbench_light_direction(key("y", 45)) == pytest.approx((0.7071, 0.7071, 0.0), abs=1e-4)
    # From the north (+Y), 30 degrees up: Workbench's Z points south.
    assert workbench_light_direction(key("x", -60)) == pytest.approx((0.0, 0.5, -0.8660), abs=1e-4)
    # A key below the horizon shadows from 10 degrees up, on its side.
    low = math.radians(10)
    assert workbench_light_direction(key("x", -100)) == pytest.approx((0.0, math.sin(low), -math.cos(low)), abs=1e-4)
    assert workbench_light_direction(key("x", 180)) == pytest.approx((0.0, 1.0, 0.0))
    assert workbench_light_direction({"lights": []}) is None

    # The studio light turns clockwise by its rotation: its key (in the south-south-
    # west unturned) comes round to the east, to the north.
    assert workbench_studio_rotation(key("y", 45)) == pytest.approx(math.radians(-115.8))
    assert workbench_studio_rotation(key("x", -60)) == pytest.approx(math.radians(154.2))
    assert workbench_studio_rotation(key("x", 0)) is None  # straight overhead
    assert workbench_studio_rotation({"lights": []}) is None


def test_workbench_lights_the_faces_a_key_lights_from_behind_from_the_fill():
    def turned(degrees):  # about the X axis from pointing down
        half = math.radians(degrees) / 2
        return [math.sin(half), 0.0, 0.0, math.cos(half)]

    # The key from the north (a window beyond the cast), the fill from the south.
    scene = {"lights": [{"name": "Key (window)", "transform": {"rotation": turned(-60)}},
                        {"name": "Fill", "transform": {"rotation": turned(60)}}]}
    looking_north = {"camera": {"transform": {"rotation": turned(90)}}}
    looking_south = {"camera": {"transform": {"rotation": turned(-90)}}}
    from_the_north = workbench_light_direction(scene)
    assert from_the_north == pytest.approx((0.0, 0.5, -0.8660), abs=1e-4)
    # Looking into the window, the studio light comes from the fill, on the camera's side.
    assert workbench_light_direction(scene, looking_north) == pytest.approx((0.0, 0.5, 0.8660), abs=1e-4)
    assert workbench_light_direction(scene, looking_south) == pytest.approx(from_the_north)
    assert workbench_studio_rotation(scene, looking_north) != workbench_studio_rotation(scene)


def test_progress_estimates_from_work_done_not_skips():
    now = [0.0]
    progress = Progress(4, clock=lambda: now[0])
    progress.skip()
    assert progress.eta_s() is None and "ETA ?" in progress.line()
    now[0] = 10.0
    progress.finish(10.0)
    assert progress.position == 2 and progress.eta_s() == 20.0
    assert progress.line("shot 1-2") == "shot 2 of 4, elapsed 0:10, ETA 0:20  shot 1-2"
    assert clock_text(3725) == "1:02:05"


def test_stage_timer_reports_shares():
    ticks = iter([0.0, 1.0, 1.0, 4.0])
    timer = StageTimer(clock=lambda: next(ticks))
    with timer.stage("plan"):
        pass
    with timer.stage("render"):
        pass
    assert timer.report() == "time: plan 1.00 s (25%), render 3.00 s (75%); total 4.00 s"


def test_camera_pose_interpolates_between_keys_and_holds_outside():
    from blender_addon.core.plan import camera_pose

    setups = {s["shot_id"]: s for s in small_plan()["setups"]}
    setup = setups["2-2"]
    start, lens, _focus = camera_pose(setup, 0)
    assert start["location"][0] == -1.5 and lens == 35.0
    middle, _, _ = camera_pose(setup, 12.5)
    assert middle["location"][0] == pytest.approx(0.0)
    assert sum(q * q for q in middle["rotation"]) == pytest.approx(1.0)
    assert camera_pose(setup, 99)[0]["location"][0] == 1.5
    still = setups["1-1"]
    camera = still["camera"]
    assert camera_pose(still, 5) == (camera["transform"], camera["lens_mm"], camera["focus_distance"])


def test_focus_follows_the_path_when_the_camera_has_depth_of_field():
    from blender_addon.core.plan import camera_pose

    push_in = copy.deepcopy({s["shot_id"]: s for s in small_plan()["setups"]}["2-2"])
    first, last = push_in["path"]["keys"][0], push_in["path"]["keys"][-1]
    first["focus_distance"], last["focus_distance"] = 8.0, 4.0
    push_in["camera"]["focus_distance"] = 8.0
    middle = (first["frame"] + last["frame"]) / 2
    assert [camera_pose(push_in, f)[2] for f in (0, middle, 99)] == pytest.approx([8.0, 6.0, 4.0])
    push_in["camera"]["focus_distance"] = None  # no depth of field: nothing to pull
    assert camera_pose(push_in, middle)[2] is None


def test_slerp_takes_the_short_way_and_stays_unit():
    from blender_addon.core.plan import _slerp

    quarter = [0.0, 0.0, math.sin(math.pi / 4), math.cos(math.pi / 4)]  # 90 degrees about Z
    half = _slerp([0, 0, 0, 1], quarter, 0.5)
    assert half == pytest.approx([0, 0, math.sin(math.pi / 8), math.cos(math.pi / 8)])
    flipped = _slerp([0, 0, 0, 1], [-q for q in quarter], 0.5)  # same rotation, other sign
    assert [abs(q) for q in flipped] == pytest.approx([abs(q) for q in half])


def test_wardrobe_dresses_objects_named_for_characters_in_the_scene():
    from blender_addon.core.wardrobe import dressing_for

    bible = {
        "characters": [
            {
                "name": "RAY",
                "script_names": ["RAY KANE"],
                "appearances": [
                    {"scene": 1, "costume": {"name": "overalls", "colors": ["#2f6fdf"]}, "makeup": None},
                    {"scene": 4, "costume": None, "makeup": {"name": "bruised"}},
                ],
            },
            {"name": "NINA", "script_names": [], "appearances": [{"scene": 2, "costume": None, "makeup": None}]},
        ]
    }
    dressed = dressing_for(bible, 1, ["ray kane", "Nina", "Lamp"])
    assert dressed == {"ray kane": {"character": "RAY", "costume": "overalls", "colors": ["#2f6fdf"], "makeup": None}}
    assert dressing_for(bible, 4, ["RAY"])["RAY"] == {
        "character": "RAY", "costume": None, "colors": [], "makeup": "bruised",
    }


def test_a_render_with_the_volume_leaves_the_fog_it_stands_for_out_of_the_composite():
    fog = {"kind": "haze", "strength": 0.8, "wind": 0.0}
    rain = {"kind": "rain", "strength": 1.0, "wind": 0.0}
    scene_plan = {"effects": [fog, rain], "atmosphere": {"density": 0.06, "replaces": ["haze"]}}
    assert composited_layers(scene_plan, "cycles", "photorealistic") == [rain]
    assert composited_layers(scene_plan, "workbench", "photorealistic") == [fog, rain]
    assert composited_layers(scene_plan, "cycles", "stylized") == [fog, rain]
    assert composited_layers({"effects": [fog]}, "cycles", "photorealistic") == [fog]
