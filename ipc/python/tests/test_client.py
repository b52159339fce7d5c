"""The oneshot_ipc client against the real server binary."""

import os
import signal
import threading
import time

import pytest

import oneshot_ipc

IDENTITY = {"location": [0.0, 0.0, 0.0], "rotation": [0.0, 0.0, 0.0, 1.0], "scale": [1.0, 1.0, 1.0]}


def scene_object(name, role):
    return {
        "name": name,
        "role": role,
        "transform": IDENTITY,
        "bounds": {"min": [-0.5, -0.5, 0.0], "max": [0.5, 0.5, 1.8]},
        "samples": [],
    }


def scene_graph():
    return {
        "name": "Alley",
        "frame_start": 1,
        "frame_end": 120,
        "fps": 24.0,
        "objects": [
            scene_object("Kid", "character"),
            scene_object("Bin", "prop"),
            scene_object("Cube", None),
            {**scene_object("Car", "obstacle"), "samples": [{"frame": 1, "transform": IDENTITY}]},
        ],
        "cameras": [
            {
                "name": "Camera",
                "transform": IDENTITY,
                "lens_mm": 35.0,
                "sensor_width_mm": 36.0,
                "focus_distance": None,
            }
        ],
        "lights": [
            {
                "name": "Sun",
                "kind": "sun",
                "transform": IDENTITY,
                "color": [1.0, 0.9, 0.8],
                "energy": 3.0,
                "size": 0.0,
            }
        ],
        "active_camera": "Camera",
    }


def wait_until_gone(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} is still running")


def wait_until_stopped(pid, timeout=5.0):
    """Waits until every thread of `pid` has stopped (a stop signal is not synchronous)."""
    deadline = time.monotonic() + timeout
    task_dir = f"/proc/{pid}/task"
    while time.monotonic() < deadline:
        states = []
        for task in os.listdir(task_dir):
            with open(os.path.join(task_dir, task, "stat")) as stat:
                states.append(stat.read().rsplit(")", 1)[1].split()[0])
        if all(state in "tT" for state in states):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not stop")


def test_the_client_starts_a_server_and_pings_it(started, socket_path):
    client = started()
    info = client.ping()
    assert info["version"] == oneshot_ipc.__version__
    assert info["protocol"] >= 1
    assert info["pid"] != os.getpid()
    assert client.socket_path == socket_path
    assert os.stat(socket_path).st_mode & 0o777 == 0o600


def test_a_second_client_uses_the_running_server(started, socket_path, server_binary):
    first = started()
    with oneshot_ipc.Client(socket_path, server_binary=server_binary) as second:
        assert second.ping()["pid"] == first.ping()["pid"]


def test_follow_camera_follows_the_moving_character(started):
    graph = scene_graph()
    walk = [{**IDENTITY, "location": [frame / 24.0, 0.0, 0.0]} for frame in range(1, 121)]
    graph["objects"][0]["samples"] = [{"frame": f, "transform": t} for f, t in zip(range(1, 121), walk)]
    client = started()
    path = client.follow_camera(graph)
    assert path["shot_id"] == "follow Kid"
    assert [key["frame"] for key in path["keys"]] == list(range(1, 121))
    xs = [key["transform"]["location"][0] for key in path["keys"]]
    assert xs[-1] - xs[0] > 4.0  # along with the kid, five metres east
    with pytest.raises(oneshot_ipc.ServerError, match="no object named `Nobody`"):
        client.follow_camera(graph, "Nobody")


def test_light_plot_lights_the_characters(started):
    lights = started().light_plot(scene_graph(), "NIGHT", interior=True)
    assert [light["name"] for light in lights] == ["Key (tungsten)", "Fill", "Back"]
    assert all(light["energy"] > 0 for light in lights)


def test_sync_scene_reports_what_the_server_understood(started):
    summary = started().sync_scene(scene_graph())
    assert summary["scene"] == "Alley"
    assert summary["objects"] == 4
    assert summary["roles"] == {"character": 1, "prop": 1, "set": 0, "obstacle": 1, "practical": 0, "effect": 0}
    assert summary["names"]["character"] == ["Kid"]
    assert summary["unassigned"] == 1
    assert summary["animated"] == 1
    assert summary["cameras"] == ["Camera"]
    assert summary["lights"] == ["Sun"]
    assert summary["active_camera"] == "Camera"
    assert (summary["frame_start"], summary["frame_end"], summary["fps"]) == (1, 120, 24.0)
    assert len(summary["warnings"]) == 1 and "Cube" in summary["warnings"][0]


def test_a_malformed_scene_graph_is_a_value_error_naming_the_key(started):
    client = started()
    graph = scene_graph()
    graph["objects"][2]["transform"] = {"location": [0, 0], "rotation": [0, 0, 0, 1], "scale": [1, 1, 1]}
    with pytest.raises(ValueError, match=r"objects\[2\]\.transform\.location"):
        client.sync_scene(graph)
    graph = scene_graph()
    graph["objects"][0]["role"] = "villain"
    with pytest.raises(ValueError, match="villain"):
        client.sync_scene(graph)
    assert client.ping()  # the connection is still fine


def test_no_server_and_no_autostart_is_connection_lost(socket_path):
    with pytest.raises(oneshot_ipc.ConnectionLost, match="no oneshot server answers at .*s.sock"):
        oneshot_ipc.Client(socket_path, autostart=False)


def test_a_missing_server_binary_is_reported(socket_path):
    with pytest.raises(oneshot_ipc.ConnectionLost, match="no-such-oneshot.*ONESHOT_SERVER"):
        oneshot_ipc.Client(socket_path, server_binary="/nonexistent/no-such-oneshot", timeout_s=2)


def test_a_server_killed_mid_call_is_reported_and_replaced(started):
    client = started()
    pid = client.ping()["pid"]
    # Freeze the server so the next call is surely in flight, then kill it.
    os.kill(pid, signal.SIGSTOP)
    wait_until_stopped(pid)
    outcome = {}

    def call():
        try:
            outcome["value"] = client.sync_scene(scene_graph())
        except Exception as err:  # noqa: BLE001 - the test inspects it
            outcome["error"] = err

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.3)
    assert caller.is_alive(), f"the call should be waiting for the frozen server: {outcome}"
    os.kill(pid, signal.SIGKILL)
    caller.join(10)
    assert not caller.is_alive()
    error = outcome.get("error")
    assert isinstance(error, oneshot_ipc.ConnectionLost), outcome
    assert "lost the connection" in str(error) and "reconnects" in str(error)
    wait_until_gone(pid)

    # The next call starts a new server on the same (now stale) socket.
    info = client.ping()
    assert info["pid"] != pid
    assert client.sync_scene(scene_graph())["objects"] == 4
    os.kill(info["pid"], signal.SIGKILL)


def test_a_server_gone_between_calls_is_replaced_without_a_failed_call(started):
    client = started()
    pid = client.ping()["pid"]
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    # The idle connection is found hung up: the call starts a new server.
    info = client.ping()
    assert info["pid"] != pid
    os.kill(info["pid"], signal.SIGKILL)


def test_a_call_timeout_gives_up_on_a_stuck_server(started):
    client = started(call_timeout_s=0.2)
    pid = client.ping()["pid"]
    os.kill(pid, signal.SIGSTOP)
    wait_until_stopped(pid)
    try:
        with pytest.raises(oneshot_ipc.ServerStuck, match="did not answer within 200ms"):
            client.sync_scene(scene_graph())
    finally:
        os.kill(pid, signal.SIGCONT)
    # The stuck connection was given up; the thawed server answers a new one.
    assert client.ping()["pid"] == pid


@pytest.mark.parametrize("seconds", [-1.0, 0.0, float("nan")])
def test_a_call_timeout_that_is_not_positive_is_refused(socket_path, seconds):
    with pytest.raises(ValueError, match="call_timeout_s must be a positive number"):
        oneshot_ipc.Client(socket_path, autostart=False, call_timeout_s=seconds)


def test_calls_from_several_threads(started):
    client = started()
    errors = []

    def work():
        try:
            for _ in range(50):
                assert client.sync_scene(scene_graph())["objects"] == 4
        except Exception as err:  # noqa: BLE001 - collected for the assertion
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_shutdown_stops_the_server(started, socket_path):
    client = started()
    pid = client.ping()["pid"]
    client.shutdown()
    wait_until_gone(pid)
    assert not os.path.exists(socket_path)
    with pytest.raises(oneshot_ipc.ConnectionLost):
        oneshot_ipc.Client(socket_path, autostart=False)


def test_close_is_idempotent_and_the_client_reconnects(started):
    client = started()
    client.close()
    client.close()
    assert client.ping()["version"] == oneshot_ipc.__version__


def test_default_socket_path_follows_xdg_runtime_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert oneshot_ipc.default_socket_path() == str(tmp_path / "oneshot.sock")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    fallback = oneshot_ipc.default_socket_path()
    assert fallback.endswith(os.path.join(f"oneshot-{os.getuid()}", "oneshot.sock"))
