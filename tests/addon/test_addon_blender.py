"""The bpy layer in a real Blender: reading scenes, building plans, rendering, the pipeline."""

import os
import struct

import pytest

from regression_scenes import look_rotation, small_plan, with_a_hologram, with_a_lamp, with_an_entrance
from stub_server import StubServer

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_addon_registers_its_ui_and_unregisters_cleanly(addon, bpy):
    assert hasattr(bpy.types, "ONESHOT_PT_sync")
    assert hasattr(bpy.context.scene, "oneshot")
    for op in ("server_start", "server_stop", "set_role", "sync_scene", "produce"):
        assert hasattr(bpy.ops.oneshot, op)


def test_a_second_run_waits_for_the_first(addon, bpy):
    """Produce, run again while a run goes on, would remove the scenes the first is
    building: it is refused as busy, the first left to go on."""
    from blender_addon.blender import operators

    operators.status["running"] = True
    try:
        assert bpy.ops.oneshot.produce("EXEC_DEFAULT") == {"CANCELLED"}
    finally:
        operators.status["running"] = False


def test_what_a_dropped_run_built_is_cleared_away(addon, bpy):
    """A run killed with its file saved left its scene; one the add-on's unregistering
    cuts short removes its own."""
    from blender_addon.blender import builder, operators
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(small_plan())[0]
    users_scene = bpy.context.scene
    builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    assert len(bpy.data.scenes) == 2
    builder.remove_built_scenes()
    assert list(bpy.data.scenes) == [users_scene]

    def steps():
        scene, _ = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
        try:
            yield "built"
            yield "rendered"
        finally:
            builder.remove_scene(scene)

    running = operators._running["steps"] = steps()
    operators.status["running"] = True
    assert next(running) == "built" and len(bpy.data.scenes) == 2
    operators.stop_running()
    assert list(bpy.data.scenes) == [users_scene]
    assert not operators.status["running"] and operators._running["steps"] is None


def png_pixels(bpy, path):
    image = bpy.data.images.load(str(path), check_existing=False)
    try:
        return list(image.pixels)
    finally:
        bpy.data.images.remove(image)


def test_installs_as_a_legacy_addon_named_oneshot(bpy, tmp_path, monkeypatch):
    """Blender 3.4 installs the folder as an add-on (``bl_info``); enable it the way Blender does."""
    import addon_utils

    addons = tmp_path / "addons"
    addons.mkdir()
    (addons / "oneshot").symlink_to(os.path.join(REPO, "blender_addon"), target_is_directory=True)
    monkeypatch.syspath_prepend(str(addons))
    try:
        assert addon_utils.enable("oneshot", default_set=True) is not None
        prefs = bpy.context.preferences.addons["oneshot"].preferences
        assert prefs.server_binary == "" and prefs.socket_path == ""
        assert hasattr(bpy.types, "ONESHOT_PT_server")
    finally:
        addon_utils.disable("oneshot", default_set=True)
    assert not hasattr(bpy.types, "ONESHOT_PT_server")


def test_set_role_operator_tags_selected_objects(addon, bpy):
    cube = bpy.data.objects["Cube"]
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj is cube)
    with bpy.context.temp_override(selected_objects=[cube]):
        assert bpy.ops.oneshot.set_role(role="character") == {"FINISHED"}
    assert cube["oneshot_role"] == "character"


def test_reader_sends_roles_bounds_cameras_lights_and_samples(bpy):
    from blender_addon.blender.scene_reader import read_scene

    scene = bpy.context.scene
    cube = bpy.data.objects["Cube"]
    cube["oneshot_role"] = "prop"
    cube.location = (1, 2, 3)
    cube.keyframe_insert("location", frame=1)
    cube.location = (4, 2, 3)
    cube.keyframe_insert("location", frame=5)
    scene.frame_start, scene.frame_end = 1, 5
    empty = bpy.data.objects.new("Mark", None)
    empty["oneshot_role"] = "dancer"
    scene.collection.objects.link(empty)

    warnings = []
    g = read_scene(scene, warnings)
    objects = {o["name"]: o for o in g["objects"]}
    assert objects["Cube"]["role"] == "prop"
    assert [s["frame"] for s in objects["Cube"]["samples"]] == [1, 2, 3, 4, 5]
    assert objects["Cube"]["samples"][-1]["transform"]["location"] == pytest.approx([4, 2, 3])
    assert objects["Cube"]["bounds"]["min"] == pytest.approx([0, 1, 2])  # default cube is 2 m
    assert objects["Mark"]["role"] is None and "dancer" in warnings[0]
    assert objects["Mark"]["samples"] == []
    assert g["cameras"][0]["name"] == "Camera" and g["cameras"][0]["lens_mm"] == pytest.approx(50)
    assert g["lights"][0]["kind"] == "point"
    assert g["active_camera"] == "Camera" and g["fps"] == pytest.approx(24)
    assert scene.frame_current == 1  # sampling restores the frame


def test_built_scene_matches_the_plan(bpy):
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    plan = small_plan()
    scene_plan, pairs = shots_by_scene(plan)[0]
    library = builder.Library()
    scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], library)
    names = {o.name for o in scene.objects}
    assert {"floor", "BILLY", "JIMMY", "crate", "key", "cam 1-1", "cam 1-2"} <= names
    billy = bpy.data.objects["BILLY"]
    assert billy["oneshot_role"] == "character"
    parts = [o for o in billy.children_recursive if o.type == "MESH"]
    assert len(parts) == 12  # head, nose, torso, hips, arms, legs
    scene.view_layers[0].update()  # evaluates the hierarchy's world matrices
    top = max((o.matrix_world @ v.co).z for o in parts for v in o.data.vertices)
    assert 1.5 < top < 1.9
    crate = bpy.data.objects["crate"]
    assert tuple(crate.dimensions) == pytest.approx((0.6, 0.6, 0.6))
    assert crate.material_slots[0].material.diffuse_color[0] == pytest.approx(0.3515, abs=1e-3)
    assert cameras["1-2"].data.lens == pytest.approx(50)
    builder.remove_scene(scene)
    assert "BILLY" not in bpy.data.objects


def test_a_dressed_mannequin_wears_its_hair_and_trousers(bpy):
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    plan = small_plan()
    billy = next(p for p in plan["scenes"][0]["pieces"] if p["name"] == "BILLY")
    billy["dressing"] = {"legs": "#ffffff", "hair": "#000000"}
    scene_plan, pairs = shots_by_scene(plan)[0]
    builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())

    def colour(part):
        return tuple(bpy.data.objects[f"BILLY.{part}"].material_slots[0].material.diffuse_color)[:3]

    assert colour("hair") == pytest.approx((0.0, 0.0, 0.0))
    assert colour("thigh.R") == pytest.approx((1.0, 1.0, 1.0))
    assert colour("torso") != colour("thigh.R")
    assert "JIMMY.hair" not in bpy.data.objects, "no dressing, no hair piece"


def test_moving_camera_is_posed_along_its_path(bpy):
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(small_plan())[1]
    setup = pairs[1][1]
    scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    cam = cameras["2-2"]
    xs = []
    for frame in (24, 1, 12):
        builder.pose_camera(cam, setup, frame)
        xs.append(cam.location.x)
    assert xs == pytest.approx([1.5, -1.5, 11 / 23 * 3 - 1.5])


def test_a_push_in_pulls_focus(bpy):
    """With depth of field, the camera's focus follows its path: the subject stays sharp."""
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    plan = small_plan()
    setup = plan["setups"][3]
    setup["camera"]["focus_distance"] = 8.0
    for key, focus in zip(setup["path"]["keys"], (8.0, 4.0)):
        key["focus_distance"] = focus
    scene_plan, pairs = shots_by_scene(plan)[1]
    _scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    camera = cameras["2-2"]
    assert camera.data.dof.use_dof
    focus = []
    for frame in (1, 12.5, 24):
        builder.pose_camera(camera, setup, frame)
        focus.append(camera.data.dof.focus_distance)
    assert focus == pytest.approx([8.0, 6.0, 4.0])


def test_pipeline_renders_every_shot_then_resumes(bpy, tmp_path):
    from blender_addon.blender import pipeline

    out = tmp_path / "out"
    server = StubServer(small_plan(resolution=(64, 36)))
    lines = []
    manifest = pipeline.produce(server, str(tmp_path / "script.fountain"), str(out), log=lines.append)
    assert len(manifest["shots"]) == 4 and server.finished == 1
    for shot_id in ("1-1", "1-2", "2-1", "2-2"):
        assert png_size(out / "frames" / f"{shot_id}.png") == (64, 36)
    assert sorted(os.listdir(out / "frames" / "2-2")) == ["0001.png", "0012.png", "0024.png"]
    first, last = (png_pixels(bpy, out / "frames" / "2-2" / f) for f in ("0001.png", "0024.png"))
    assert first != last  # the camera moved
    assert (out / "animatic.mp4").stat().st_size > 0
    assert any(line.startswith("shot 4 of 4") for line in lines)
    assert any(line.startswith("time: plan") for line in lines)
    # The run's scenes are gone, and their meshes and materials with them.
    assert not [m.name for m in bpy.data.materials if m.name.startswith("oneshot") and m.users == 0]
    assert not [m.name for m in bpy.data.meshes if m.users == 0]

    # A second run renders nothing; a stale temporary from a killed run is swept away.
    stamps = {p: p.stat().st_mtime_ns for p in (out / "frames").glob("*.png")}
    (out / "frames" / ".1-1.partial-x.png").write_bytes(b"half")
    lines.clear()
    pipeline.produce(server, str(tmp_path / "script.fountain"), str(out), log=lines.append)
    assert {p: p.stat().st_mtime_ns for p in (out / "frames").glob("*.png")} == stamps
    assert not (out / "frames" / ".1-1.partial-x.png").exists()
    assert any("scene 2 already rendered" in line for line in lines)
    assert "animatic.mp4 is up to date" in lines

    # Changing a shot re-renders that shot only.
    changed = small_plan(resolution=(64, 36))
    changed["setups"][0]["camera"]["lens_mm"] = 18.0
    lines.clear()
    pipeline.produce(StubServer(changed), str(tmp_path / "s.fountain"), str(out), log=lines.append)
    assert (out / "frames" / "1-1.png").stat().st_mtime_ns != stamps[out / "frames" / "1-1.png"]
    assert (out / "frames" / "2-1.png").stat().st_mtime_ns == stamps[out / "frames" / "2-1.png"]
    assert "animatic.mp4 is up to date" not in lines  # a new frame: a new cut

    # Another delivery format brings the temp mix to another loudness: a new cut,
    # though no frame changes.
    changed["target_format"] = "tv"
    lines.clear()
    pipeline.produce(StubServer(changed), str(tmp_path / "s.fountain"), str(out), log=lines.append)
    assert any("already rendered" in line for line in lines)
    assert "animatic.mp4 is up to date" not in lines

    # Another oneshot may plan, grade and look otherwise: every shot is made again.
    lines.clear()
    pipeline.produce(StubServer(changed, version="0.2.0"), str(tmp_path / "s.fountain"), str(out), log=lines.append)
    assert not any("already rendered" in line for line in lines)
    assert sum(line.startswith("shot ") for line in lines) == 4


def test_a_walker_strides_to_its_mark_and_stands_there_after(bpy):
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(with_an_entrance(small_plan()))[0]
    scene, _cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    pieces = builder.built_pieces(scene, scene_plan)
    assert set(pieces) == {p["name"] for p in scene_plan["pieces"]}
    root, piece = pieces["BILLY"]
    joints = {o["oneshot_joint"]: o for o in root.children_recursive if "oneshot_joint" in o}
    walk = pairs[0][1]["walks"][0]

    builder.pose_walk(root, walk, 12, 24.0)
    assert root.location.x == pytest.approx(-0.8 - 2.2 + 2.2 * 11 / 23)
    assert joints["hip.L"].rotation_euler.x == pytest.approx(-joints["hip.R"].rotation_euler.x)
    assert joints["hip.L"].rotation_euler.x != 0.0
    scene.view_layers[0].update()
    shins = [bpy.data.objects[f"BILLY.shin.{side}"].matrix_world.translation for side in "LR"]
    # Walking towards +X, one foot is ahead of the other.
    assert abs(shins[0].x - shins[1].x) > 0.05

    builder.put_back(root, piece)
    scene.view_layers[0].update()
    assert tuple(root.location) == pytest.approx(piece["transform"]["location"])
    assert all(tuple(j.rotation_euler) == (0.0, 0.0, 0.0) for j in joints.values())

    # The door swings a quarter turn on its hinge, and is put back shut.
    door, door_piece = pieces["door"]
    shut = door_piece["transform"]
    hinge = (shut["location"][0], shut["location"][1] + 0.5, shut["location"][2])
    quarter = [0.0, 0.0, 0.7071068, 0.7071068]
    opened = dict(shut, location=[hinge[0] + 0.5, hinge[1], hinge[2]], rotation=quarter)
    swing = {"piece": "door", "keys": [{"frame": 1, "transform": shut}, {"frame": 11, "transform": opened}]}
    builder.pose_swing(door, swing, 11)
    assert tuple(door.location) == pytest.approx(opened["location"])
    assert tuple(door.scale) == pytest.approx(shut["scale"])
    assert door.rotation_quaternion.to_euler().z == pytest.approx(1.5708, abs=1e-4)
    builder.put_back(door, door_piece)
    assert tuple(door.location) == pytest.approx(shut["location"])


def test_the_pipeline_renders_an_entrance_and_the_next_shot_in_continuity(bpy, tmp_path):
    from blender_addon.blender import pipeline

    standing, walking = tmp_path / "standing", tmp_path / "walking"
    pipeline.produce(StubServer(small_plan(resolution=(64, 36))), str(tmp_path / "s.fountain"), str(standing), log=print)
    plan = with_an_entrance(small_plan(resolution=(64, 36)))
    pipeline.produce(StubServer(plan), str(tmp_path / "s.fountain"), str(walking), log=print)
    frames = walking / "frames" / "1-1"
    assert sorted(os.listdir(frames)) == ["0001.png", "0024.png", "0048.png"]
    first, arrived, last = (png_pixels(bpy, frames / f) for f in sorted(os.listdir(frames)))
    assert first != arrived and arrived != last  # walked in, then turned to the front
    # Once the walk is over, the set looks as it does with BILLY standing on his mark,
    # and so does the scene's next shot.
    assert last == png_pixels(bpy, standing / "frames" / "1-1.png")
    assert png_pixels(bpy, walking / "frames" / "1-2.png") == png_pixels(bpy, standing / "frames" / "1-2.png")


def test_a_speaker_gestures_through_the_shot_and_stands_after(bpy, tmp_path):
    from blender_addon.blender import builder, pipeline

    standing, talking = tmp_path / "standing", tmp_path / "talking"
    pipeline.produce(StubServer(small_plan(resolution=(64, 36))), str(tmp_path / "s.fountain"), str(standing), log=print)
    plan = small_plan(resolution=(64, 36))
    plan["setups"][0]["gestures"] = [{"character": "BILLY", "pose": "exclaim"}]
    pipeline.produce(StubServer(plan), str(tmp_path / "s.fountain"), str(talking), log=print)
    frame = "frames/1-1.png"
    assert png_pixels(bpy, talking / frame) != png_pixels(bpy, standing / frame)
    # The next shot finds him with his arms down again.
    frame = "frames/1-2.png"
    assert png_pixels(bpy, talking / frame) == png_pixels(bpy, standing / frame)

    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(plan)[0]
    scene, _cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    root, piece = builder.built_pieces(scene, scene_plan)["BILLY"]
    builder.pose_gesture(root, plan["setups"][0]["gestures"][0])
    arms = {o["oneshot_joint"]: o for o in root.children_recursive if o.get("oneshot_joint", "").startswith("shoulder")}
    assert arms["shoulder.L"].rotation_euler.x < -1.0 and arms["shoulder.R"].rotation_euler.x < -1.0
    builder.put_back(root, piece)
    assert all(tuple(arm.rotation_euler) == (0.0, 0.0, 0.0) for arm in arms.values())


def test_a_relit_setup_moves_its_lamps_for_its_own_frames(bpy, tmp_path, monkeypatch):
    from blender_addon.blender import builder, pipeline, render

    plan = small_plan(resolution=(64, 36))
    key = plan["scenes"][0]["lights"][0]
    # Turned round the action: from the north-west, aimed back at it.
    aimed_back = look_rotation(150, -50)
    turned = dict(key, transform=dict(key["transform"], location=[-2.0, 3.0, 4.0], rotation=aimed_back), energy=400.0)
    relit_shot = plan["setups"][0]["shot_id"]
    plan["setups"][0]["relit"] = [turned]
    seen = []
    render_frame = render.render_frame

    def recording(scene, camera, frame, path):
        for lamp in (o for o in scene.objects if o.get(builder.LIGHT) == "key"):  # scene 1's
            at = os.path.relpath(path, tmp_path / "out")
            seen.append((at, tuple(lamp.location), lamp.data.energy, tuple(scene.display.light_direction)))
        return render_frame(scene, camera, frame, path)

    monkeypatch.setattr(render, "render_frame", recording)
    pipeline.produce(StubServer(plan), str(tmp_path / "s.fountain"), str(tmp_path / "out"), log=print)
    scene_one = {s["id"] for s in plan["shots"] if s["scene"] == 1}
    lit = {path.split(os.sep)[1].removesuffix(".png"): rest for path, *rest in seen}
    assert lit[relit_shot][:2] == [(-2.0, 3.0, 4.0), 400.0]
    # The next shots of its scene find the lamp where the plot has it.
    others = scene_one - {relit_shot}
    plotted = [tuple(key["transform"]["location"]), key["energy"]]
    assert others and all(lit[shot][:2] == plotted for shot in others)
    # Workbench's studio light, which stands in for the lamps, turns with the key.
    assert all(lit[shot][2] != lit[relit_shot][2] for shot in others)


def test_fighters_punch_straight_out_and_guard_their_faces(bpy):
    """In the mannequin's own frame (it faces -Y): a punch's right forearm is out in
    front at shoulder height, a guard's fists are up before the face; the feet
    stay on the floor, and everything goes back after."""
    from blender_addon.blender import builder
    from blender_addon.core.plan import shots_by_scene

    plan = small_plan()
    scene_plan, pairs = shots_by_scene(plan)[0]
    scene, _cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    root, piece = builder.built_pieces(scene, scene_plan)["BILLY"]
    height = piece["transform"]["scale"][2]
    parts = {o.name.split(".", 1)[1]: o for o in root.children_recursive if o.type == "MESH"}

    def where(part):
        scene.view_layers[0].update()
        local = root.matrix_world.inverted() @ parts[part].matrix_world.translation
        return local.y, local.z / height

    def lowest():
        scene.view_layers[0].update()
        inverse = root.matrix_world.inverted()
        shins = [parts["shin.L"], parts["shin.R"]]
        return min((inverse @ (o.matrix_world @ v.co)).z for o in shins for v in o.data.vertices)

    builder.pose_gesture(root, {"character": "BILLY", "pose": "punch"})
    forward, up = where("forearm.R")
    assert forward < -0.3 and 0.7 < up < 0.85, (forward, up)
    assert lowest() > -0.03
    builder.put_back(root, piece)
    builder.pose_gesture(root, {"character": "BILLY", "pose": "guard"})
    for fist in ("forearm.L", "forearm.R"):
        forward, up = where(fist)
        assert forward < -0.1 and up > 0.7, (fist, forward, up)
    assert lowest() > -0.03
    builder.put_back(root, piece)
    assert where("forearm.R")[0] == pytest.approx(0.0, abs=1e-4)
    builder.remove_scene(scene)


def test_cycles_renders_a_shot(bpy, tmp_path):
    """Cycles is selectable (tiny frame, one sample, no denoiser: Debian's 3.4 has none)."""
    from blender_addon.blender import builder, render
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(small_plan())[0]
    scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    render.configure(scene, "cycles", (32, 18), samples=1)
    assert scene.render.engine == "CYCLES" and not scene.cycles.use_denoising
    path = tmp_path / "cycles.png"
    render.render_frame(scene, cameras["1-1"], 1, str(path))
    assert png_size(path) == (32, 18)


def test_a_lamp_switched_off_goes_dark_and_is_lit_again_for_the_next_shot(bpy, tmp_path):
    from blender_addon.blender import builder, pipeline
    from blender_addon.core.plan import shots_by_scene

    lit, dimmed = tmp_path / "lit", tmp_path / "dimmed"
    pipeline.produce(StubServer(with_a_lamp(small_plan(resolution=(64, 36)))), str(tmp_path / "s.fountain"), str(lit), log=print)
    plan = with_a_lamp(small_plan(resolution=(64, 36)), going_out=True)
    assert plan["setups"][0]["shot_id"] == "1-1" and plan["setups"][1]["shot_id"] == "1-2"
    pipeline.produce(StubServer(plan), str(tmp_path / "s.fountain"), str(dimmed), log=print)
    frames = dimmed / "frames" / "1-1"
    assert sorted(os.listdir(frames)) == ["0001.png", "0024.png", "0048.png"]
    first, before, after = (png_pixels(bpy, frames / f) for f in sorted(os.listdir(frames)))
    assert first == before == png_pixels(bpy, lit / "frames" / "1-1.png")
    assert after != before
    # The next shot has the lamp on no dimmer: lit, as the plot has it.
    assert png_pixels(bpy, dimmed / "frames" / "1-2.png") == png_pixels(bpy, lit / "frames" / "1-2.png")

    scene_plan, pairs = shots_by_scene(plan)[0]
    library = builder.Library()
    scene, _cameras = builder.build_scene(scene_plan, [s for _, s in pairs], library)
    try:
        light, light_plan = builder.built_lights(scene, scene_plan)["Practical 1"]
        lamp, lamp_plan = builder.built_pieces(scene, scene_plan)["lamp"]
        builder.dim(light, light_plan, lamp, lamp_plan, library, 0.25)
        assert light.data.energy == pytest.approx(15.0)
        assert lamp.material_slots[0].material == library.material("#ffd27a")
        builder.dim(light, light_plan, lamp, lamp_plan, library, 1.0)
        assert light.data.energy == pytest.approx(60.0)
        assert lamp.material_slots[0].material == library.material("#ffd27a", "glowing")
    finally:
        builder.remove_scene(scene)


def test_the_key_a_lamp_motivates_goes_out_with_it_and_is_lit_again_for_the_next_shot(bpy, tmp_path, monkeypatch):
    from blender_addon.blender import builder, pipeline, render

    plan = with_a_lamp(small_plan(resolution=(32, 18)), going_out=True, rides=["key"])
    key_energy = []
    render_frame = render.render_frame

    def recording(scene, camera, frame, path):
        for key, _plan in builder.built_lights(scene, {"lights": [{"name": "key"}]}).values():  # the dojo's
            key_energy.append((camera.name, frame, key.data.energy))
        render_frame(scene, camera, frame, path)

    monkeypatch.setattr(render, "render_frame", recording)
    pipeline.produce(StubServer(plan), str(tmp_path / "s.fountain"), str(tmp_path / "out"), log=print)
    by_frame = {frame: energy for name, frame, energy in key_energy if " 1-1" in name}
    assert by_frame == {1: pytest.approx(800.0), 24: pytest.approx(800.0), 48: pytest.approx(0.0)}, key_energy
    later = [energy for name, _frame, energy in key_energy if " 1-1" not in name]
    assert later and all(e == pytest.approx(800.0) for e in later), key_energy


def test_stand_ins_glow_and_show_what_is_behind_them(bpy, tmp_path):
    """A spectral stand-in (a hologram) is see-through in Workbench and glows in
    Cycles: its pixels are neither the wall behind it nor what a matte one shows."""
    from bpy_extras.object_utils import world_to_camera_view
    from mathutils import Vector

    from blender_addon.blender import builder, render
    from blender_addon.core.plan import shots_by_scene

    size = (48, 27)

    def hologram_pixel(engine, surface):
        plan = small_plan() if surface is None else with_a_hologram(small_plan(), surface)
        scene_plan, pairs = shots_by_scene(plan)[0]
        scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
        try:
            render.configure(scene, engine, size, samples=4)
            path = tmp_path / f"{engine}-{surface}.png"
            builder.pose_camera(cameras["1-1"], pairs[0][1], 1)
            render.render_frame(scene, cameras["1-1"], 1, str(path))
            scene.view_layers[0].update()  # the camera's world matrix, as posed
            at = world_to_camera_view(scene, cameras["1-1"], Vector((-2.2, 2.0, 1.3)))
            x, y = round(at.x * (size[0] - 1)), round(at.y * (size[1] - 1))
            pixels = png_pixels(bpy, path)
            i = (y * size[0] + x) * 4
            return pixels[i:i + 3]
        finally:
            builder.remove_scene(scene)

    def apart(a, b):
        return max(abs(p - q) for p, q in zip(a, b))

    wall = hologram_pixel("workbench", None)
    matte = hologram_pixel("workbench", "matte")
    spectral = hologram_pixel("workbench", "spectral")
    assert apart(spectral, wall) > 0.05 and apart(spectral, matte) > 0.05
    # Seen through, the beige wall warms the cyan.
    assert spectral[0] > matte[0]
    glow = hologram_pixel("cycles", "spectral")
    lit = hologram_pixel("cycles", "matte")
    assert sum(glow) > sum(lit)

    material = bpy.data.materials["oneshot #5fd7ff spectral"]
    assert material.diffuse_color[3] == pytest.approx(0.45)


def test_a_hazed_set_scatters_its_light_in_cycles(bpy, tmp_path):
    """The plan's atmosphere is a box of volume round the set: Cycles scatters the
    lights in it, so the set's shadows lift (a veil over the darkest pixels).
    Workbench leaves it out."""
    from blender_addon.blender import builder, render
    from blender_addon.core.plan import shots_by_scene

    size = (48, 27)

    def darkest(atmosphere):
        plan = small_plan()
        plan["scenes"][0]["atmosphere"] = atmosphere
        scene_plan, pairs = shots_by_scene(plan)[0]
        scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
        try:
            air = [o for o in scene.objects if o.get(builder.ATMOSPHERE)]
            assert len(air) == (atmosphere is not None)
            render.configure(scene, "workbench", size)
            assert all(o.hide_render for o in air)
            render.configure(scene, "cycles", size, samples=8)
            assert not any(o.hide_render for o in air)
            path = tmp_path / f"air-{atmosphere is not None}.png"
            builder.pose_camera(cameras["1-1"], pairs[0][1], 1)
            render.render_frame(scene, cameras["1-1"], 1, str(path))
            pixels = png_pixels(bpy, path)
            brightness = sorted(sum(pixels[i:i + 3]) for i in range(0, len(pixels), 4))
            return brightness[len(brightness) // 10]
        finally:
            builder.remove_scene(scene)

    clear = darkest(None)
    hazed = darkest(
        {"center": [0, -2, 2], "size": [12, 16, 4], "density": 0.05, "anisotropy": 0.3, "color": "#ffffff"}
    )
    assert hazed > clear + 0.1, (clear, hazed)


def test_a_plan_without_shots_still_finishes(bpy, tmp_path):
    from blender_addon.blender import pipeline

    empty = small_plan()
    empty.update(shots=[], setups=[], warnings=["no scene headings: nothing to shoot"])
    server = StubServer(empty)
    lines = []
    pipeline.produce(server, str(tmp_path / "s.fountain"), str(tmp_path / "out"), log=lines.append)
    assert server.finished == 1 and not (tmp_path / "out" / "animatic.mp4").exists()
    assert "warning: no scene headings: nothing to shoot" in lines


def test_the_stylized_style_renders_flat_with_ink_lines(bpy, tmp_path):
    """``stylized``: Workbench fills objects with flat colour and outlines them; Cycles
    draws its lines with Freestyle. Flat fills: a few colours cover most of the frame."""
    from collections import Counter

    from blender_addon.blender import builder, render
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(small_plan())[0]
    scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], builder.Library())
    covered = {}
    for style in ("photorealistic", "stylized"):
        render.configure(scene, "workbench", (192, 108), style=style)
        path = tmp_path / f"{style}.png"
        render.render_frame(scene, cameras["1-1"], 1, str(path))
        pixels = png_pixels(bpy, path)
        counts = Counter(tuple(round(v, 3) for v in pixels[i:i + 3]) for i in range(0, len(pixels), 4))
        covered[style] = sum(n for _, n in counts.most_common(10)) / (len(pixels) // 4)
    shading = scene.display.shading
    assert shading.light == "FLAT" and shading.show_object_outline and not shading.show_shadows
    # Measured at 480x270: 87% against 56%, in Blender 5.0.
    assert covered["stylized"] > 0.75 > covered["photorealistic"], covered
    render.configure(scene, "cycles", (32, 18), samples=1, style="stylized")
    assert scene.render.use_freestyle
    render.configure(scene, "cycles", (32, 18), samples=1)
    assert not scene.render.use_freestyle


def _sunlit_from_above(bpy, tmp_path, pieces, sun_degrees, lens_mm):
    """Render ``pieces`` in Workbench at 60x60, lit by a sun turned ``sun_degrees``
    about the north axis from overhead (positive: from the east), seen straight
    down from 12 m (east to the right of the frame); the middle row's brightness
    at each column, ``row[column]``."""
    import math

    from blender_addon.blender import builder, render
    from regression_scenes import _camera, _xform

    setup = {"shot_id": "1-1", "camera": _camera("1-1", (0, 0, 12), 0, -90, lens_mm), "path": None, "frames": 1}
    half = math.radians(sun_degrees) / 2
    scene_plan = {
        "scene": 1,
        "heading": "EXT. FIELD - DAY",
        "pieces": pieces,
        "lights": [
            {
                "name": "Key (sun)",
                "kind": "sun",
                "transform": _xform((0, 0, 5), rotation=(0.0, math.sin(half), 0.0, math.cos(half))),
                "color": [1.0, 1.0, 1.0],
                "energy": 4.0,
                "size": 0.01,
            }
        ],
        "world_color": "#000000",
    }
    scene, cameras = builder.build_scene(scene_plan, [setup], builder.Library())
    try:
        render.configure(scene, "workbench", (60, 60))
        path = tmp_path / f"sun {sun_degrees}.png"
        render.render_frame(scene, cameras["1-1"], 1, str(path))
    finally:
        builder.remove_scene(scene)
    pixels = png_pixels(bpy, path)
    return [sum(pixels[(30 * 60 + column) * 4:][:3]) / 3 for column in range(60)]


def test_workbench_shadows_fall_away_from_the_key(bpy, tmp_path):
    """Workbench lights with its studio light, but its shadows follow the plan's key:
    a sun in the east, 45 degrees up, darkens the ground west of a block; in the
    west, east of it."""
    from regression_scenes import _piece

    ground_and_block = [
        _piece("ground", "set", "plane", (0, 0, 0), (20, 20, 1), "#b0b0b0"),
        _piece("block", "obstacle", "cube", (0, 0, 0.5), (1, 1, 1), "#b0b0b0"),
    ]
    # 1 m is 5 pixels: a metre west and east of the block's centre.
    row = _sunlit_from_above(bpy, tmp_path, ground_and_block, 45, 35)  # the sun in the east
    assert row[25] < 0.95 * row[35], (row[25], row[35])
    row = _sunlit_from_above(bpy, tmp_path, ground_and_block, -45, 35)  # in the west
    assert row[35] < 0.95 * row[25], (row[25], row[35])


def test_workbench_shading_comes_from_the_key(bpy, tmp_path):
    """Workbench's studio light is turned in the world so that its key comes from
    the plan's: seen from above, a ball is brighter on the side of the sun."""
    from regression_scenes import _piece

    ball = [_piece("ball", "prop", "sphere", (0, 0, 0), (3, 3, 3), "#b0b0b0")]
    # Halfway out on the ball, west and east.
    row = _sunlit_from_above(bpy, tmp_path, ball, 60, 50)  # the sun in the east, 30 degrees up
    assert row[22] < 0.8 * row[38], (row[22], row[38])
    row = _sunlit_from_above(bpy, tmp_path, ball, -60, 50)  # in the west
    assert row[38] < 0.8 * row[22], (row[22], row[38])


def test_an_isometric_set_up_is_an_orthographic_camera(bpy, tmp_path):
    """The plan's isometric view (``ortho_scale`` on a set-up's camera) builds and
    renders as an orthographic camera, and the scene reader reports it back."""
    from blender_addon.blender import builder, render, scene_reader
    from blender_addon.core.plan import shots_by_scene

    scene_plan, pairs = shots_by_scene(small_plan())[1]
    setup = dict(pairs[0][1], path=None, frames=1)
    setup["camera"] = dict(setup["camera"], ortho_scale=17.0, focus_distance=None)
    scene, cameras = builder.build_scene(scene_plan, [setup], builder.Library())
    camera = cameras[setup["shot_id"]].data
    assert camera.type == "ORTHO" and camera.ortho_scale == 17.0
    render.configure(scene, "workbench", (32, 18))
    path = tmp_path / "iso.png"
    render.render_frame(scene, cameras[setup["shot_id"]], 1, str(path))
    assert png_size(path) == (32, 18)
    read = scene_reader.read_scene(scene)
    (camera,) = [c for c in read["cameras"] if c["name"] == cameras[setup["shot_id"]].name]
    assert camera["ortho_scale"] == 17.0
    builder.remove_scene(scene)


def test_dressing_again_leaves_no_costume_behind(bpy):
    from blender_addon.blender import builder

    cube = bpy.data.objects["Cube"]
    for color in ("#2f6fdf", "#2f6fdf", "#aa0000"):
        # As the operator does: a library of its own each run.
        builder.dress(cube, builder.Library(), {"costume": "suit", "makeup": None, "colors": [color]})
        if color == "#2f6fdf":
            assert cube.material_slots[0].material.name == "oneshot #2f6fdf", "no .001"
    built = [m.name for m in bpy.data.materials if m.get(builder.BUILT_BY)]
    assert built == ["oneshot #aa0000"], built
    assert cube.material_slots[0].material.name == "oneshot #aa0000"
    assert cube["oneshot_costume"] == "suit"
