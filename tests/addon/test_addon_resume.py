"""Resumability bookkeeping and atomic writes (no Blender needed)."""

import os

import pytest

from blender_addon.core import resume
from blender_addon.core.client import connection_settings, find_wheel, unpack_wheel


def test_fingerprint_is_stable_and_sensitive():
    a = resume.fingerprint({"x": 1, "y": [1, 2]}, "s")
    assert a == resume.fingerprint({"y": [1, 2], "x": 1}, "s")
    assert a != resume.fingerprint({"x": 2, "y": [1, 2]}, "s")


def test_turning_full_motion_on_or_off_renders_the_move_again():
    from regression_scenes import small_plan

    plan = small_plan()
    scene, shot, setup = plan["scenes"][1], plan["shots"][3], plan["setups"][3]
    preview = resume.fingerprint(scene, shot, setup)
    setup["frames"] = 24  # what the planner sets with [render] full_motion = true
    assert resume.fingerprint(scene, shot, setup) != preview


def test_a_shot_is_done_only_with_its_files_and_fingerprint(tmp_path):
    frame = tmp_path / "frames" / "1-1.png"
    state = resume.RenderState(str(tmp_path))
    assert not state.is_done("1-1", "abc", [str(frame)])
    frame.parent.mkdir()
    frame.write_bytes(b"png")
    state.mark_done("1-1", "abc")
    again = resume.RenderState(str(tmp_path))  # what a second run reads
    assert again.is_done("1-1", "abc", [str(frame)])
    assert not again.is_done("1-1", "changed", [str(frame)])
    frame.unlink()
    assert not again.is_done("1-1", "abc", [str(frame)])


def test_frames_the_plan_no_longer_renders_go(tmp_path):
    frames = tmp_path / "frames"
    (frames / "6-5").mkdir(parents=True)
    (frames / "1-1").mkdir()
    (frames / "refs").mkdir()
    for path in ("1-1.png", "1-6.png", "6-5.png", "6-5/0001.png", "6-5/0052.png", "1-1/0001.png",
                 "1-1/0072.png", "1-1/0144.png", "notes.txt", "1-1/notes.png", "ref.png", "refs/0001.png"):
        (frames / path).write_bytes(b"png")
    wanted = [str(frames / p) for p in ("1-1.png", "6-5.png", "1-1/0001.png", "1-1/0144.png")]
    # 1-6 was cut from the plan, 6-5 is a still now, 1-1 renders two of its frames;
    # ref.png and refs/ are no shot's.
    assert resume.remove_outdated_frames(str(frames), {"1-1", "1-6", "6-5"}, wanted) == 4
    left = sorted(str(p.relative_to(frames)) for p in frames.rglob("*"))
    assert left == ["1-1", "1-1.png", "1-1/0001.png", "1-1/0144.png", "1-1/notes.png", "6-5.png", "notes.txt",
                    "ref.png", "refs", "refs/0001.png"]
    assert resume.remove_outdated_frames(str(tmp_path / "none"), {"1-1"}, wanted) == 0


def test_the_state_forgets_shots_cut_from_the_plan(tmp_path):
    state = resume.RenderState(str(tmp_path))
    state.mark_done("1-1", "a")
    state.mark_done("1-6", "b")
    state.keep_only({"1-1", "animatic.mp4"})
    assert resume.RenderState(str(tmp_path)).done == {"1-1": "a"}


def test_a_corrupt_state_file_is_not_trusted(tmp_path):
    (tmp_path / resume.STATE_FILE).write_text("{not json")
    assert resume.RenderState(str(tmp_path)).done == {}


def test_atomic_writes_leave_no_partial_file(tmp_path):
    target = tmp_path / "out.json"
    resume.write_atomic(str(target), "hello")
    assert target.read_text() == "hello"
    assert os.listdir(tmp_path) == ["out.json"]
    leftover = resume.temp_path(str(tmp_path / "sub" / "frame.png"))
    assert leftover.endswith(".png") and os.path.basename(leftover).startswith(".frame")
    assert resume.remove_stale_temps(str(tmp_path)) == 1
    assert not os.path.exists(leftover)


def test_connection_settings_prefer_preferences_then_environment():
    env = {"ONESHOT_SERVER": "/opt/oneshot", "ONESHOT_SOCKET": "/run/s.sock"}
    assert connection_settings("", "", env) == {"server_binary": "/opt/oneshot", "socket_path": "/run/s.sock"}
    assert connection_settings("/bin/x", "", env)["server_binary"] == "/bin/x"
    assert connection_settings("", "", {}) == {"server_binary": None, "socket_path": None}


def test_wheels_unpack_once_into_the_cache(tmp_path):
    import zipfile

    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = wheels / "oneshot_ipc-0.1.0-cp310-abi3-linux_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("oneshot_ipc/__init__.py", "")
    assert find_wheel([str(wheels)]) == str(wheel)
    assert find_wheel([str(tmp_path / "none")]) is None
    folder = unpack_wheel(str(wheel), str(tmp_path / "cache"))
    assert os.path.isfile(os.path.join(folder, "oneshot_ipc", "__init__.py"))
    marker = os.path.join(folder, "kept")
    open(marker, "w").close()
    assert unpack_wheel(str(wheel), str(tmp_path / "cache")) == folder and os.path.exists(marker)


def test_a_stuck_server_is_waited_for_once(ipc, tmp_path):
    """Something listens at the socket but never says hello: the client gives up
    after one wait, not a second one trying to start a server where one is."""
    import socket
    import threading

    from blender_addon.core.client import Connection

    path = str(tmp_path / "stuck.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        with pytest.raises(ipc.ServerStuck, match="did not answer"):
            Connection().client(server_binary=os.environ.get("ONESHOT_SERVER", "oneshot"), socket_path=path)
        assert len(accepted) == 1
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
