"""A full-motion production through the real server: every frame of the camera move
is rendered and the cut is ``movie.mp4``, the finished film, frame for frame; back
to a preview, ``animatic.mp4`` replaces it."""

import json
import os
import shutil
import subprocess

import pytest

from blender_addon.core.plan import frame_counts

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_PY = os.path.join(REPO, "examples", "run.py")

# One scene: an establishing push-in (the move) and a line on a locked-off single,
# fading up from black and out to it.
SCRIPT = """Title: Lamp

FADE IN:

INT. ROOM - DAY

A lamp.

ANA
Here.

FADE OUT.
"""

# Tiny frames at a low frame rate keep the move to a few dozen small renders.
PRODUCTION = """title = "Lamp"
fps = 8

[render]
engine = "workbench"
height = 36
full_motion = true
"""


def movie_frames(path):
    """The video frames in ``path``, counted by decoding them."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )
    return int(result.stdout.strip())


def frame_brightness(path, frame):
    """The mean grey level (0-255) of one decoded frame of the movie at ``path``."""
    grey = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"select=eq(n\\,{frame})", "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True,
    ).stdout
    return sum(grey) / len(grey)


def test_a_full_motion_production_is_the_finished_film(blender_command, server, tmp_path):
    if not shutil.which("ffprobe"):
        pytest.skip("needs ffprobe to count the movie's frames")
    _ipc, socket = server
    (tmp_path / "lamp.fountain").write_text(SCRIPT)
    out = tmp_path / "lamp"

    def produce(production):
        (tmp_path / "lamp.toml").write_text(production)
        result = subprocess.run(
            blender_command(RUN_PY, "--script", str(tmp_path / "lamp.fountain"),
                            "--production", str(tmp_path / "lamp.toml"), "--out", str(out)),
            capture_output=True, text=True, timeout=600,
            env=dict(os.environ, ONESHOT_SOCKET=socket),
        )
        assert result.returncode == 0, result.stdout + result.stderr

    produce(PRODUCTION)

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["animatic"] == "movie.mp4" and not (out / "animatic.mp4").exists()
    plan = json.loads((out / "plan.json").read_text())
    moves = [setup for setup in plan["setups"] if setup["path"]]
    assert moves, "the establishing shot pushes in"
    for setup in moves:
        keys = [key["frame"] for key in setup["path"]["keys"]]
        every_frame = list(range(min(keys), max(keys) + 1))
        assert setup["frames"] == len(every_frame) > 3
        rendered = sorted(p.name for p in (out / "frames" / setup["shot_id"]).glob("*.png"))
        assert rendered == [f"{frame:04d}.png" for frame in every_frame]

    cut = json.loads((out / "sound" / "cues.json").read_text())["frames"]  # the cut's length
    assert movie_frames(out / "movie.mp4") == cut
    # The script has a title, so the film ends on its end credits: their frames are
    # the last of the cut, timed as the shots are.
    cards = [card["seconds"] for card in plan["end_credits"]]
    durations = [shot["duration_s"] for shot in plan["shots"]] + cards
    credits = sum(frame_counts(durations, plan["fps"])[-len(cards):])
    # The move's own frames fade up from black; the last picture fades out to
    # black, and the credits' letters come up on it.
    first, lit, last, card = (
        frame_brightness(out / "movie.mp4", n) for n in (0, 8, cut - credits - 1, cut - credits // 4)
    )
    assert first < 3 and last < 3 and lit > 10 and card > last, (first, lit, last, card)

    # Back to a preview: the animatic replaces the film, which is out of date.
    produce(PRODUCTION.replace("full_motion = true", "full_motion = false"))
    assert json.loads((out / "manifest.json").read_text())["animatic"] == "animatic.mp4"
    assert (out / "animatic.mp4").exists() and not (out / "movie.mp4").exists()
