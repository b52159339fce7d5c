"""The add-on against a real oneshot server: sync, operators, run.py, a server that dies."""

import os
import signal
import subprocess

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

    ipc, socket = server
    bpy.data.objects["Cube"]["oneshot_role"] = "character"
    graph = read_scene(bpy.context.scene)
    with ipc.Client(socket_path=socket, autostart=False) as client:
        reply = client.sync_scene(graph)
    assert reply["objects"] == len(graph["objects"])
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


def test_a_killed_server_is_reported_then_replaced(ipc, tmp_path):
    binary = os.environ.get("ONESHOT_SERVER")
    if not binary or not os.path.exists(binary):
        pytest.skip("ONESHOT_SERVER does not name the oneshot binary")
    socket = str(tmp_path / "s.sock")
    client = ipc.Client(socket_path=socket, server_binary=binary, autostart=True)
    try:
        pid = client.ping()["pid"]
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(ipc.ConnectionLost):
            client.ping()
        assert client.ping()["pid"] != pid  # the next call starts a new server
    finally:
        client.shutdown()
