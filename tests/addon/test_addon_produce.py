"""The whole production through the real server: run.py --script plans, renders, cuts, finishes."""

import json
import os
import struct
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_PY = os.path.join(REPO, "examples", "run.py")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
SCRIPT = os.path.join(FIXTURES, "rooftop.fountain")
PRODUCTION = os.path.join(FIXTURES, "rooftop.toml")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def produce(blender_command, out, env):
    return subprocess.run(
        blender_command(RUN_PY, "--script", SCRIPT, "--production", PRODUCTION, "--out", str(out)),
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def test_run_py_produces_then_resumes(blender_command, server, tmp_path):
    _ipc, socket = server
    env = dict(os.environ, ONESHOT_SOCKET=socket)
    out = tmp_path / "rooftop"
    first = produce(blender_command, out, env)
    assert first.returncode == 0, first.stdout + first.stderr

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["animatic"] == "animatic.mp4" and (out / "animatic.mp4").stat().st_size > 0
    assert (out / "storyboard.png").is_file()
    assert {"breakdown.json", "shotlist.json"} <= set(os.listdir(out))
    assert (manifest["grip_electric_json"], manifest["grip_csv"]) == ("grip_electric.json", "grip.csv")
    assert manifest["overheads"] == "overheads.html"
    assert png_size(out / manifest["shots"][0]["frame"])[1] == 180  # the production's frame height
    assert len(manifest["shots"]) >= 2  # at least a master per scene
    for shot in manifest["shots"]:
        assert (out / shot["frame"]).is_file(), shot
    total = len(manifest["shots"])
    assert f"shot {total} of {total}" in first.stdout
    assert "time: plan" in first.stdout
    # On the roof, Rika comes out to Dex and he walks off at the end: the
    # establishing shot and the master render their walks, the speakers gesture.
    plan = json.loads((out / "plan.json").read_text())
    roof = [s for s in plan["setups"] if s["shot_id"].startswith("2-")]
    assert [w["character"] for w in roof[0]["walks"]] == ["RIKA"]
    assert [w["character"] for w in roof[-1]["walks"]] == ["DEX"]
    assert len(os.listdir(out / "frames" / roof[-1]["shot_id"])) == 3
    assert all(s["gestures"] for s in roof[1:-1])
    shotlist = (out / "shotlist.csv").read_text()
    assert "RIKA walks on" in shotlist and "DEX walks off" in shotlist
    assert "footsteps,RIKA" in (out / "sound" / "cues.csv").read_text()
    # The hologram over the tank has a glowing stand-in on the roof, listed for
    # the VFX team, humming in the roof's bed.
    roof_set = next(s for s in plan["scenes"] if s["heading"] == "EXT. ROOFTOP - NIGHT")
    hologram = next(p for p in roof_set["pieces"] if p["role"] == "effect")
    assert (hologram["name"], hologram["surface"]) == ("hologram", "spectral")
    vfx = json.loads((out / "vfx.json").read_text())
    assert all(e["stand_in"] for s in vfx["shots"] for e in s["effects"] if e["element"] == "hologram")
    cues = json.loads((out / "sound" / "cues.json").read_text())["cues"]
    beds = [c for c in cues if c["kind"] == "ambience"]
    assert [b["setting"]["weather"]["hum"] for b in beds] == [False, True]
    # The temp score opens the cut and plays the hologram's scene, which ends it.
    score = [(c["name"], c["score"]["mood"]) for c in cues if c["kind"] == "score"]
    assert score[0][0] == "1M1" and score[-1][1] == "wonder", score

    frames = {p: p.stat().st_mtime_ns for p in (out / "frames").rglob("*.png")}
    second = produce(blender_command, out, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert {p: p.stat().st_mtime_ns for p in (out / "frames").rglob("*.png")} == frames
    assert "already rendered" in second.stdout


def test_run_py_reports_a_missing_script(blender_command, tmp_path):
    result = subprocess.run(
        blender_command(RUN_PY, "--script", str(tmp_path / "missing.fountain"), "--out", str(tmp_path / "o")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "missing.fountain" in result.stderr


def test_run_py_rejects_bad_arguments(blender_command):
    result = subprocess.run(blender_command(RUN_PY, "--script", SCRIPT), capture_output=True, text=True)
    assert result.returncode != 0 and "--out" in result.stderr


def test_run_py_stopped_by_sigterm_says_so_and_stops_its_server(blender_command, tmp_path):
    """A batch run sent SIGTERM (a render farm's kill) ends as Ctrl-C does: a message,
    exit code 130, and the private server it started stopped with it."""
    import signal
    import time

    out = tmp_path / "stopped"
    env = dict(os.environ, ONESHOT_SOCKET=str(tmp_path / "private.sock"))
    run = subprocess.Popen(
        blender_command(RUN_PY, "--script", SCRIPT, "--production", PRODUCTION, "--out", str(out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not (out / "plan.json").exists() and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.1)
    run.send_signal(signal.SIGTERM)
    _stdout, stderr = run.communicate(timeout=120)
    if run.returncode == 0:
        return  # finished before the signal came: nothing to stop
    assert run.returncode == 130, stderr
    assert "interrupted" in stderr and "rerun to go on" in stderr
    assert not (tmp_path / "private.sock").exists(), "the server it started is stopped"
