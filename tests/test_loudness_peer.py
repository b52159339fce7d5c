"""Conformance: the temp mix is delivered at its format's loudness, as FFmpeg's
EBU R128 meter (ITU-R BS.1770) reads it.

The example production (`target_format = "game"`, -24 LUFS) is planned, and so are
copies delivered for television (-23 LUFS) and the web (-16 LUFS); FFmpeg's
`ebur128` filter must read each temp mix within 0.5 LU of its target, and its true
peak (the signal between the samples, four times oversampled) no higher than -1
dBTP. The web's target is louder than the example's peaks allow: that mix is held
down by its true peak, under its target.

Skips (with the reason) when FFmpeg or the oneshot binary is absent.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "alley-kings"


def ebur128(wav: Path) -> tuple[float, float]:
    """FFmpeg's integrated loudness (LUFS) and true peak (dBTP) of ``wav``."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(wav), "-af", "ebur128=peak=true",
         "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )
    summary = result.stderr[result.stderr.rindex("Summary:"):]
    loudness = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return loudness, peak


@pytest.mark.parametrize("target_format, lufs", [("game", -24.0), ("tv", -23.0), ("web", -16.0)])
def test_the_temp_mix_reads_at_its_formats_loudness(oneshot_bin, tmp_path, target_format, lufs):
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    text = EXAMPLE.with_suffix(".toml").read_text(encoding="utf-8")
    text, found = re.subn(r'(?m)^target_format = .*$', f'target_format = "{target_format}"', text)
    assert found == 1, "the example production no longer sets target_format"
    production = tmp_path / "production.toml"
    production.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    planned = subprocess.run(
        [oneshot_bin, "plan", EXAMPLE.with_suffix(".fountain"), "--production", production, "-o", out],
        check=True, capture_output=True, text=True,
    )
    loudness, peak = ebur128(out / "sound" / "temp_mix.wav")
    held = re.search(r"the temp mix is delivered at (-?[\d.]+) LUFS, under", planned.stderr)
    if held is None:
        assert abs(loudness - lufs) <= 0.5, f"{loudness} LUFS for {target_format}"
    else:
        # Held down by its true peak, as oneshot says: at -1 dBTP, and as loud as
        # oneshot says it is.
        assert abs(loudness - float(held.group(1))) <= 0.5, f"{loudness} LUFS, said {held.group(1)}"
        assert peak >= -1.0 - 0.3, f"held, yet its true peak is {peak} dBTP"
    assert peak <= -1.0 + 0.1, f"true peak {peak} dBTP"
