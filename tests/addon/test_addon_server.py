"""The add-on against a real oneshot server: sync, operators, run.py, a server that dies."""

import os
import signal
import subprocess
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_PY = os.path.join(REPO, "examples", "run.py")


@pytest.fixture
def private_socket(server, monkeypatch):
    """Point the add-on's settings (``ONESHOT_SOCKET``) at the test's own server."""
    _ipc, socket = server
    monkeypatch.setenv("ONESHOT_SOCKET", socket)
    return socket


def test_scene_graph_round_trips(bpy, server):
    from blender_addon.blender.scene_reader import read_scene
    from blender_addon.core.roles import ROLES

    ipc, socket = server
    bpy.data.objects["Cube"]["oneshot_role"] = "character"
    graph = read_scene(bpy.context.scene)
    with ipc.Client(socket_path=socket, autostart=False) as client:
        reply = client.sync_scene(graph)
    assert reply["objects"] == len(graph["objects"])
    # One vocabulary: the add-on offers the roles the server counts.
    assert sorted(reply["roles"]) == sorted(ROLES)
    assert reply["roles"]["character"] == 1 and reply["names"]["character"] == ["Cube"]
    assert reply["cameras"] == ["Camera"] and reply["lights"] == ["Light"]
    assert (reply["frame_start"], reply["frame_end"]) == (graph["frame_start"], graph["frame_end"])


def test_sync_operator_shows_what_the_server_understood(addon, bpy, private_socket):
    from blender_addon.blender import operators

    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    assert operators.status["server"].startswith("oneshot ")
    assert bpy.ops.oneshot.sync_scene() == {"FINISHED"}
    assert operators.status["sync"]["scene"] == bpy.context.scene.name
    assert operators.status["sync"]["unassigned"] == 1  # the cube; camera and light are not objects


def test_follow_camera_keys_a_camera_behind_the_walking_character(addon, bpy, private_socket):
    from mathutils import Vector

    from blender_addon.core.roles import ROLE_PROPERTY

    scene = bpy.context.scene
    scene.frame_start, scene.frame_end = 1, 48
    walker = bpy.data.objects["Cube"]
    walker[ROLE_PROPERTY] = "character"
    for frame, x in ((1, 0.0), (48, 6.0)):
        walker.location = (x, 0.0, 1.0)
        walker.keyframe_insert("location", frame=frame)
    bpy.context.view_layer.objects.active = walker
    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    assert bpy.ops.oneshot.follow_camera() == {"FINISHED"}
    camera = scene.camera
    assert camera.name == "follow Cube" and camera.animation_data.action is not None
    for frame in (1, 24, 48):
        scene.frame_set(frame)
        eye, subject = camera.matrix_world.translation, walker.matrix_world.translation
        forward = camera.matrix_world.to_quaternion() @ Vector((0.0, 0.0, -1.0))
        assert eye.x < subject.x - 3.0, (frame, eye, subject)  # behind, as it walks east
        assert forward.dot((subject - eye).normalized()) > 0.95, frame  # and on it
    # A second run replaces the keys rather than adding a camera, or leaving the
    # old keys behind.
    actions = len(bpy.data.actions)
    assert bpy.ops.oneshot.follow_camera() == {"FINISHED"}
    assert [o.name for o in bpy.data.objects if o.name.startswith("follow")] == ["follow Cube"]
    assert len(bpy.data.actions) == actions
    # The camera is found by what it follows, not by its name: renamed, and with
    # something of the user's called as it was, it is still the one keyed.
    camera.name = "hero cam"
    bpy.data.objects.new("follow Cube", None)
    assert bpy.ops.oneshot.follow_camera() == {"FINISHED"}
    assert [o for o in scene.objects if o.type == "CAMERA" and o.get("oneshot_follows")] == [camera]
    # Nothing to follow is an error the operator reports, not a crash.
    del walker[ROLE_PROPERTY]
    bpy.context.view_layer.objects.active = None
    with pytest.raises(RuntimeError, match="nothing to follow"):
        bpy.ops.oneshot.follow_camera()


def test_light_plot_lights_the_character_from_the_cameras_left(addon, bpy, private_socket):
    from mathutils import Vector

    from blender_addon.core.roles import ROLE_PROPERTY

    scene = bpy.context.scene
    bpy.data.objects["Cube"][ROLE_PROPERTY] = "character"
    camera = scene.camera  # the factory camera, south-east of the cube, looking at it
    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    assert bpy.ops.oneshot.light_plot(time_of_day="NIGHT", interior=True) == {"FINISHED"}
    plot = [o for o in scene.objects if o.get("oneshot_light_plot")]
    assert [o.name for o in plot] == ["Key (tungsten)", "Fill", "Back"]
    # Camera-left: the key is on the left of the camera's view of the cube.
    view = camera.matrix_world.to_quaternion() @ Vector((0.0, 0.0, -1.0))
    right = view.cross(Vector((0.0, 0.0, 1.0)))
    key = plot[0].matrix_world.translation - bpy.data.objects["Cube"].matrix_world.translation
    assert key.dot(right) < 0, key
    # Placed again, the plot replaces the last one, wherever its lights were moved.
    lighting = bpy.data.collections.new("Lighting")
    scene.collection.children.link(lighting)
    for light in plot:
        scene.collection.objects.unlink(light)
        lighting.objects.link(light)
    assert bpy.ops.oneshot.light_plot(time_of_day="DAY", interior=False) == {"FINISHED"}
    plot = [o.name for o in scene.objects if o.get("oneshot_light_plot")]
    assert plot == ["Key (sun)", "Fill (sky)", "Back"]


def test_dress_characters_gives_them_the_scenes_costume(addon, bpy, private_socket):
    from blender_addon.core.roles import ROLE_PROPERTY

    example = os.path.join(REPO, "examples", "alley-kings")
    settings = bpy.context.scene.oneshot
    settings.script, settings.production = example + ".fountain", example + ".toml"
    ray = bpy.data.objects["Cube"]
    ray.name = "Ray"  # the production's RAY, in another case
    ray[ROLE_PROPERTY] = "character"
    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    assert bpy.ops.oneshot.dress_characters(scene_number=1) == {"FINISHED"}
    assert ray["oneshot_costume"] == "work overalls"
    colour = ray.material_slots[0].material.diffuse_color
    assert colour[2] > colour[0], "the overalls are blue"


def test_run_py_check_prints_one_line(blender_command, private_socket):
    result = subprocess.run(
        blender_command(RUN_PY, "--check"), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("oneshot check ok")]
    assert len(lines) == 1 and "cameras" in lines[0]


def test_run_py_check_fails_plainly_without_a_server(blender_command, tmp_path):
    env = dict(
        os.environ,
        ONESHOT_SOCKET=str(tmp_path / "nobody.sock"),
        ONESHOT_SERVER=str(tmp_path / "no-such-oneshot"),
    )
    result = subprocess.run(
        blender_command(RUN_PY, "--check"), capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode != 0
    assert "run.py: error" in result.stderr


def test_a_killed_server_is_replaced_by_the_next_call(addon, bpy, server, private_socket):
    """The call after the server was killed finds its connection hung up and
    connects anew, starting a server: it does not fail once first."""
    from blender_addon.blender import operators
    from blender_addon.blender.preferences import connection

    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    pid = int(operators.status["server"].rsplit("pid ", 1)[1].rstrip(")"))
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    # Its threads gone too (a zombie's leader goes first): the socket refuses.
    ipc, _socket = server
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        try:
            ipc.Client(socket_path=private_socket, autostart=False, timeout_s=1.0).close()
        except ipc.ConnectionLost:
            break
        time.sleep(0.01)
    else:
        raise AssertionError("the killed server's socket still answers")
    assert bpy.ops.oneshot.sync_scene() == {"FINISHED"}
    assert operators.status["progress"].startswith("synced")
    # Stopped, then started again by an operator: the panel says it is connected.
    assert bpy.ops.oneshot.server_stop() == {"FINISHED"}
    assert operators.server_label() == "stopped"
    assert bpy.ops.oneshot.sync_scene() == {"FINISHED"}
    assert operators.server_label() == "connected"
    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    assert f"pid {pid})" not in operators.status["server"]
    connection.stop_server()


def wait_until_gone(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return  # killed; the test's server fixture reaps it
        except (ProcessLookupError, FileNotFoundError):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} is still running")


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def test_import_screenplay_lists_scenes_and_cast(addon, bpy, private_socket):
    from blender_addon.blender import operators

    bpy.context.scene.oneshot.script = os.path.join(FIXTURES, "rooftop.fountain")
    assert bpy.ops.oneshot.import_screenplay() == {"FINISHED"}
    found = operators.status["screenplay"]
    assert found["title"] == "Rooftop"
    assert [line.split("  ")[1] for line in found["scenes"]] == ["INT. STAIRWELL - NIGHT", "EXT. ROOFTOP - NIGHT"]
    assert {line.split("  ")[0] for line in found["cast"]} == {"RIKA", "DEX"}


def test_schedule_shows_the_stripboard_summary(addon, bpy, private_socket):
    from blender_addon.blender import operators

    bpy.context.scene.oneshot.script = os.path.join(FIXTURES, "rooftop.fountain")
    assert bpy.ops.oneshot.schedule() == {"FINISHED"}
    board = operators.status["stripboard"]
    assert board["headline"].startswith("1 shoot day")
    assert "1, 2" in board["days"][0]


def _render_after_refusing(bpy, preview):
    """Render the factory scene at 64x36, once ``preview`` has refused to run
    without a render."""
    scene = bpy.context.scene
    scene.render.engine = "BLENDER_WORKBENCH"
    scene.render.resolution_x, scene.render.resolution_y = 64, 36
    scene.render.resolution_percentage = 100
    with pytest.raises(RuntimeError, match="render a frame first"):
        preview()
    bpy.ops.render.render()
    return scene


def test_retro_preview_on_the_last_render(addon, bpy, private_socket):
    from blender_addon.blender import retro

    scene = _render_after_refusing(bpy, bpy.ops.oneshot.retro_preview)
    scene.oneshot.retro_preset = "gameboy"
    assert bpy.ops.oneshot.retro_preview() == {"FINISHED"}
    preview = bpy.data.images[retro.PREVIEW]
    data, _width, _height = retro.image_rgba8(preview)
    colours = {data[i:i + 3] for i in range(0, len(data), 4)}
    assert len(colours) <= 4  # the Game Boy's four greens


def test_effects_preview_on_the_last_render(addon, bpy, private_socket):
    from blender_addon.blender import retro

    scene = _render_after_refusing(bpy, bpy.ops.oneshot.effects_preview)
    rendered, _, _ = retro.last_render_rgba8()
    scene.oneshot.effect_kind = "fire"
    scene.oneshot.effect_strength = 1.0
    assert bpy.ops.oneshot.effects_preview() == {"FINISHED"}
    data, width, height = retro.image_rgba8(bpy.data.images[retro.EFFECTS_PREVIEW])
    assert (width, height) == (64, 36) and data != rendered
    # Firelight from below: the bottom rows gain more red than blue.
    bottom = range(len(data) - 64 * 4 * 4, len(data), 4)
    warmed = sum(data[i] - rendered[i] for i in bottom) - sum(data[i + 2] - rendered[i + 2] for i in bottom)
    assert warmed > 0


def test_batch_renders_get_the_retro_look(bpy, server, tmp_path):
    """Produce with a retro look: every frame goes through the server's retro pipeline,
    and a camera move's frames share one look (its palette and tile sub-palettes)."""
    from blender_addon.blender import pipeline, retro
    from regression_scenes import small_plan
    from stub_server import StubServer

    ipc, socket = server

    class PlanStubRealRetro(StubServer):
        def __init__(self, plan, client):
            super().__init__(plan)
            self._client = client
            self.sequences = []

        def retro_files(self, paths, settings):
            self.sequences.append([os.path.basename(p) for p in paths])
            return self._client.retro_files(paths, settings)

    def colours(path):
        data, _w, _h = retro.file_rgba8(str(path))
        return {data[i:i + 3] for i in range(0, len(data), 4)}

    with ipc.Client(socket_path=socket, autostart=False) as client:
        for preset, most in [("gameboy", 4), ("nes", 16)]:
            out = tmp_path / preset
            stub = PlanStubRealRetro(small_plan(resolution=(128, 72)), client)
            pipeline.produce(stub, str(tmp_path / "s.fountain"), str(out), log=lambda _: None,
                             retro_settings={"preset": preset})
            assert len(colours(out / "frames" / "1-1.png")) <= most
            # One request per shot: a move's frames go as one sequence, which shares
            # its palette and (NES) its 4 sub-palettes of 4 colours.
            move = sorted((out / "frames" / "2-2").glob("*.png"))
            assert len(move) == 3
            assert stub.sequences == [["1-1.png"], ["1-2.png"], ["2-1.png"], [p.name for p in move]]
            assert len(set().union(*map(colours, move))) <= most, preset


def test_a_pixel_style_gives_every_frame_its_machine_look(bpy, server, tmp_path):
    """`style = "1bit"` and no `[retro]` section: the frames come out in the Macintosh's
    black and white, the look the server's plan chose for the style."""
    from blender_addon.blender import pipeline, retro

    ipc, socket = server
    production = tmp_path / "mac.toml"
    production.write_text('title = "Rooftop"\nstyle = "1bit"\n[render]\nheight = 72\n')
    with ipc.Client(socket_path=socket, autostart=False) as client:
        manifest = pipeline.produce(client, os.path.join(FIXTURES, "rooftop.fountain"), str(tmp_path / "out"),
                                    production=str(production), log=lambda _: None)
    first = tmp_path / "out" / manifest["shots"][0]["frame"]
    data, _width, height = retro.file_rgba8(str(first))
    assert height == 342  # the preset's 342 lines, once over: they fill the frame 72 high
    assert {data[i:i + 3] for i in range(0, len(data), 4)} <= {b"\x00\x00\x00", b"\xff\xff\xff"}


def test_a_batch_run_stops_the_server_it_started_and_leaves_one_it_found(addon, bpy, server, tmp_path, monkeypatch):
    from blender_addon.core.client import Connection

    ipc, found_socket = server
    shared_socket = tmp_path / "own.sock"
    monkeypatch.setenv("ONESHOT_SOCKET", str(shared_socket))
    connection = Connection()
    client = connection.client(private=True)
    pid = client.ping()["pid"]
    # What it started listens on a socket of its own: another Blender, looking at
    # the shared one, starts its own server rather than use one about to stop.
    private_socket = client.socket_path
    assert private_socket != str(shared_socket) and not shared_socket.exists()
    assert os.path.exists(private_socket)
    connection.stop_started()
    wait_until_gone(pid)
    assert not os.path.exists(os.path.dirname(private_socket)), "its folder is cleared away"
    # The one found running is only disconnected from.
    monkeypatch.setenv("ONESHOT_SOCKET", found_socket)
    assert connection.client(private=True).socket_path == found_socket
    connection.stop_started()
    with ipc.Client(socket_path=found_socket, autostart=False) as client:
        client.ping()


def test_stop_without_a_connection_stops_nothing(addon, bpy):
    from blender_addon.blender import operators

    before = operators.status["server"]
    assert bpy.ops.oneshot.server_stop() == {"CANCELLED"}
    assert operators.status["server"] == before, "nothing was stopped"


def test_produce_without_paths_is_a_one_line_error(addon, bpy):
    bpy.context.scene.oneshot.script = ""
    with pytest.raises(RuntimeError) as failure:
        bpy.ops.oneshot.produce()
    assert "choose a screenplay" in str(failure.value)
    assert "Traceback" not in str(failure.value)


def test_a_path_relative_to_a_blend_never_saved_is_refused(addon, bpy, tmp_path):
    """``//`` is the .blend file's folder: an unsaved file has none, and the current
    folder is no stand-in for it."""
    with pytest.raises(RuntimeError, match="relative to the .blend file: save it first"):
        bpy.ops.oneshot.produce(script="//alley.fountain", out_dir=str(tmp_path))
    bpy.context.scene.oneshot.script = "//alley.fountain"
    with pytest.raises(RuntimeError, match="save it first"):
        bpy.ops.oneshot.import_screenplay()
    assert not any(tmp_path.iterdir())


def test_opening_another_file_forgets_a_run_that_was_dropped(addon, bpy):
    from blender_addon.blender import operators

    operators.status.update(running=True, progress="shot 14 of 40", server="oneshot 0.1.0")
    bpy.ops.wm.read_homefile(use_empty=True)
    assert not operators.status["running"] and operators.status["progress"] == ""
    assert operators.status["server"] == "oneshot 0.1.0", "the connection stays"


def test_operators_that_change_the_scene_can_be_undone(addon, bpy):
    from blender_addon.blender import operators

    for name in ("set_role", "follow_camera", "light_plot", "dress_characters"):
        operator = getattr(operators, f"ONESHOT_OT_{name}")
        assert "UNDO" in operator.bl_options, name
