"""The animatic's soundtrack: the planner's temp mix, when there is one beside the movie."""

import os
import shutil
import struct
import subprocess
import wave

import pytest

from blender_addon.core import pixels


def streams(movie):
    """``{codec_type: (codec_name, duration_s)}`` of ``movie``, by ffprobe."""
    if not shutil.which("ffprobe"):
        pytest.skip("needs ffprobe")
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,duration", "-of", "csv=p=0", movie],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.split(",") for line in probe.stdout.split()]
    return {kind: (codec, float(duration)) for codec, kind, duration in rows}


def cut(tmp_path, temp_mix_s=None):
    """A one-second animatic of two held stills, with a temp mix this long when given."""
    from blender_addon.blender import animatic

    still = tmp_path / "still.png"
    pixels.write_png(str(still), bytes([200, 40, 40, 255]) * (64 * 36), 64, 36)
    if temp_mix_s is not None:
        (tmp_path / "sound").mkdir()
        with wave.open(str(tmp_path / "sound" / "temp_mix.wav"), "wb") as wav:
            wav.setnchannels(2)
            wav.setsampwidth(2)
            wav.setframerate(48000)
            samples = int(temp_mix_s * 48000)
            wav.writeframes(b"".join(struct.pack("<hh", (i * 97) % 8000, 0) for i in range(samples)))
    movie = tmp_path / "animatic.mp4"
    animatic.write_animatic([(str(still), 1, 12), (str(still), 13, 12)], str(movie), (64, 36), 24)
    return str(movie)


def test_the_temp_mix_is_the_animatics_soundtrack(bpy, tmp_path):
    found = streams(cut(tmp_path, temp_mix_s=1.0))
    assert found["video"][0] == "h264"
    codec, seconds = found["audio"]
    assert codec == "aac" and abs(seconds - 1.0) < 0.05, found


def test_without_a_temp_mix_the_animatic_is_silent(bpy, tmp_path):
    assert set(streams(cut(tmp_path))) == {"video"}


def test_a_production_cuts_its_animatic_with_the_temp_mix(blender_command, server, tmp_path):
    from test_addon_produce import produce

    _ipc, socket = server
    out = tmp_path / "rooftop"
    result = produce(blender_command, out, dict(os.environ, ONESHOT_SOCKET=socket))
    assert result.returncode == 0, result.stdout + result.stderr
    found = streams(str(out / "animatic.mp4"))
    assert found["audio"][0] == "aac"
    # The mix is as long as the cut: AAC adds at most a frame of padding.
    assert abs(found["audio"][1] - found["video"][1]) < 0.05, found
