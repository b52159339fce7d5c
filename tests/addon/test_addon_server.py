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


def test_a_killed_server_is_replaced_on_the_next_call(addon, bpy, private_socket):
    """A server that died between calls is replaced by the next one (``ONESHOT_SERVER``).

    (A server dying during a call raises ``ConnectionLost``, which the operators
    report; the client's own tests freeze and kill a server mid-call.)"""
    from blender_addon.blender import operators
    from blender_addon.blender.preferences import connection

    assert bpy.ops.oneshot.server_start() == {"FINISHED"}
    pid = int(operators.status["server"].rsplit("pid ", 1)[1].rstrip(")"))
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    try:
        assert bpy.ops.oneshot.sync_scene() == {"FINISHED"}
        assert bpy.ops.oneshot.server_start() == {"FINISHED"}
        assert f"pid {pid})" not in operators.status["server"]
    finally:
        connection.stop_server()


def wait_until_gone(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
            return  # killed; the test's server fixture reaps it
        time.sleep(0.01)
    raise AssertionError(f"process {pid} is still running")
