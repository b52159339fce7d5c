"""Screenplay summaries, retro presets and pixel plumbing (Blender only to read PNGs back)."""

import os
import struct
import zlib

import pytest

from blender_addon.core import looks, pixels, screenplay


def test_screenplay_summary_lists_scenes_and_cast_by_speeches():
    breakdown = {
        "title": "Alley Kings",
        "scenes": [
            {"number": 1, "heading": "EXT. ALLEY - NIGHT", "speaking": ["BILLY", "JIMMY"]},
            {"number": 2, "heading": "INT. DOJO - DAY", "speaking": []},
        ],
        "characters": [
            {"name": "JIMMY", "speeches": 2, "scenes": [1]},
            {"name": "BILLY", "speeches": 5, "scenes": [1, 3]},
        ],
    }
    found = screenplay.summary(breakdown)
    assert found["scenes"] == ["1  EXT. ALLEY - NIGHT  (BILLY, JIMMY)", "2  INT. DOJO - DAY"]
    assert found["cast"] == ["BILLY  5 speeches, 2 scenes", "JIMMY  2 speeches, 1 scenes"]
    assert screenplay.summary({})["title"] == "Untitled"
    assert screenplay.is_screenplay("a.FOUNTAIN") and not screenplay.is_screenplay("a.png")


def test_retro_presets_come_from_the_presets_folder_in_one_order(tmp_path):
    (tmp_path / "nes.toml").write_text('description = "NES: 2C02 palette"\n')
    (tmp_path / "broken.toml").write_text("description = \n")
    (tmp_path / "notes.md").write_text("not a preset")
    found = looks.retro_presets(str(tmp_path))
    assert ("nes", "NES: 2C02 palette") in found and ("c64", "c64") in found
    assert found[-1] == ("broken", "broken"), "a preset of one's own comes after the shipped ones"
    # Blender saves the choice by its place in the list: installed alone or from a
    # checkout, the shipped presets keep theirs.
    names = [name for name, _ in found]
    assert names[: len(looks.KNOWN_PRESETS)] == list(looks.KNOWN_PRESETS)
    shipped = looks.presets_dir()
    if shipped:  # running from a checkout: every shipped preset is offered, and known
        on_disk = {f[:-5] for f in os.listdir(shipped) if f.endswith(".toml")}
        assert on_disk == set(looks.KNOWN_PRESETS)
    # Files saved with a look keep it: the first presets keep their places, in the
    # order a checkout always listed them (their files' names); new ones follow.
    first = ("arcade-crt", "c64", "cga", "ega", "gameboy-bgb", "gameboy", "mac-1bit",
             "megadrive", "nes", "pico8", "snes", "zx-spectrum")
    assert looks.KNOWN_PRESETS[: len(first)] == first


def test_presets_are_described_without_tomllib(tmp_path, monkeypatch):
    """Python 3.10 (Blender 3.4 to 4.0 from blender.org) has no ``tomllib``."""
    (tmp_path / "nes.toml").write_text('name = "nes"\ndescription = "NES: \\"2C02\\" palette"  # the PPU\n')
    (tmp_path / "broken.toml").write_text("description = \n")
    monkeypatch.setattr(looks, "tomllib", None)
    found = dict(looks.retro_presets(str(tmp_path)))
    assert found["nes"] == 'NES: "2C02" palette'
    assert found["broken"] == "broken"
    shipped = looks.presets_dir()
    if shipped:  # every shipped preset reads as tomllib reads it
        without = looks.retro_presets(shipped)
        monkeypatch.undo()
        assert without == looks.retro_presets(shipped)


def test_retro_request_settings_drop_unset_keys():
    assert looks.request_settings({"preset": "nes", "palette": None}) == {"preset": "nes"}
    assert looks.request_settings({"preset": None}) is None
    assert looks.request_settings(None) is None


def _decode_unfiltered_png(data):
    """Enough of a PNG reader for the writer's own output (filter 0, one IDAT)."""
    width, height = struct.unpack(">II", data[16:24])
    idat_len = struct.unpack(">I", data[33:37])[0]
    raw = zlib.decompress(data[41:41 + idat_len])
    stride = width * 4 + 1
    assert all(raw[y * stride] == 0 for y in range(height))
    return width, height, b"".join(raw[y * stride + 1:(y + 1) * stride] for y in range(height))


def test_png_writer_round_trips_and_rows_flip(tmp_path):
    rgba = bytes(range(2 * 3 * 4))  # 2 wide, 3 high
    path = tmp_path / "x.png"
    pixels.write_png(str(path), rgba, 2, 3)
    assert pixels.png_size(str(path)) == (2, 3)
    assert _decode_unfiltered_png(path.read_bytes()) == (2, 3, rgba)
    flipped = pixels.flip_rows(rgba, 2, 3)
    assert flipped[:8] == rgba[16:24] and pixels.flip_rows(flipped, 2, 3) == rgba


def test_float_pixels_convert_with_rounding_and_clamping():
    floats = [0.0, 0.5, 1.0, 1.5, -0.2, 0.25, 0.75, 1.0]  # 2x1, bottom row first
    data = pixels.floats_to_rgba8(floats, 2, 1)
    assert data == bytes([0, 128, 255, 255, 0, 64, 191, 255])
    back = pixels.rgba8_to_floats(data, 2, 1)
    assert back[2] == 1.0 and back[1] == 128 / 255


def test_blender_reads_the_png_writer_output(bpy, tmp_path):
    from blender_addon.blender import retro

    rgba = bytes([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255])  # 2x2
    path = tmp_path / "rgb.png"
    pixels.write_png(str(path), rgba, 2, 2)
    assert retro.file_rgba8(str(path)) == (rgba, 2, 2)
    image = retro.show_preview(rgba, 2, 2)
    assert image.name == retro.PREVIEW and tuple(image.size) == (2, 2)


def test_fit_size_keeps_the_aspect():
    assert pixels.fit_size((1592, 896), (480, 270)) == (480, 270)
    assert pixels.fit_size((100, 100), (480, 270)) == (270, 270)
    assert pixels.fit_size((480, 270), (480, 270)) == (480, 270)


def test_animatic_fits_frames_of_another_size(bpy, tmp_path):
    import shutil
    import subprocess

    from blender_addon.blender import animatic

    big, small = tmp_path / "big.png", tmp_path / "small.png"
    pixels.write_png(str(big), bytes([200, 40, 40, 255]) * (128 * 72), 128, 72)
    pixels.write_png(str(small), bytes([40, 40, 200, 255]) * (64 * 36), 64, 36)
    movie = tmp_path / "animatic.mp4"
    animatic.write_animatic([(str(big), 1, 12), (str(small), 13, 12)], str(movie), (64, 36), 24)
    assert movie.stat().st_size > 0 and sorted(os.listdir(tmp_path)) == ["animatic.mp4", "big.png", "small.png"]
    if shutil.which("ffprobe"):
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=width,height,nb_read_frames",
             "-of", "csv=p=0", str(movie)],
            capture_output=True, text=True,
        )
        assert probe.stdout.strip() == "64,36,24"


def rising(values):
    return all(a < b for a, b in zip(values, values[1:]))


def test_the_animatic_fades_up_dissolves_and_fades_out(bpy, tmp_path):
    import shutil
    import subprocess

    from blender_addon.blender import animatic
    from blender_addon.core.plan import cut_strips

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed: the movie's frames cannot be read back")
    red, blue = tmp_path / "red.png", tmp_path / "blue.png"
    pixels.write_png(str(red), bytes([220, 30, 30, 255]) * (64 * 36), 64, 36)
    pixels.write_png(str(blue), bytes([30, 30, 220, 255]) * (64 * 36), 64, 36)
    fade, dissolve = {"kind": "fade", "seconds": 0.25}, {"kind": "dissolve", "seconds": 0.5}
    plan = {
        "fps": 24,
        "scenes": [{"scene": 1, "transition_in": fade}, {"scene": 2, "transition_in": dissolve, "transition_out": fade}],
        "shots": [{"id": "1-1", "scene": 1}, {"id": "2-1", "scene": 2}],
    }
    movie = tmp_path / "animatic.mp4"
    animatic.write_animatic(cut_strips([(1.0, [str(red)]), (1.0, [str(blue)])], plan), str(movie), (64, 36), 24)
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(movie), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    ).stdout
    size = 64 * 36 * 3
    assert len(raw) == 48 * size
    centre = [raw[n * size + (18 * 64 + 32) * 3 : n * size + (18 * 64 + 32) * 3 + 3] for n in range(48)]
    red_up = [pixel[0] for pixel in centre[:7]]
    assert red_up[0] < 24 and rising(red_up), f"opens on black, fades up: {red_up}"
    assert centre[12][0] > 180 and centre[12][2] < 70  # red
    # The dissolve (frames 24-35): red gives way to blue, a frame at a time.
    red, blue = [pixel[0] for pixel in centre[23:37]], [pixel[2] for pixel in centre[23:37]]
    assert rising(red[::-1]) and rising(blue), (red, blue)
    assert 50 < centre[30][0] < 190 and 50 < centre[30][2] < 190, centre[30]
    assert centre[40][2] > 180 and centre[40][0] < 70  # blue
    blue_down = [pixel[2] for pixel in centre[41:48]]
    assert rising(blue_down[::-1]) and blue_down[-1] < 24, f"fades out to black: {blue_down}"


def test_supers_show_over_their_shot_only_and_credits_follow_on_black(bpy, tmp_path):
    import shutil
    import subprocess

    from blender_addon.blender import animatic
    from blender_addon.core.plan import credit_strips, cut_strips, super_strips, title_strips

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed: the movie's frames cannot be read back")
    grey = tmp_path / "grey.png"
    pixels.write_png(str(grey), bytes([90, 90, 90, 255]) * (128 * 72), 128, 72)
    plan = {
        "fps": 24,
        "scenes": [{"scene": 1}],
        "shots": [{"id": "1-1", "scene": 1}, {"id": "1-2", "scene": 1}],
        "setups": [{"shot_id": "1-1", "supers": ["TOKYO", "1999"]}, {"shot_id": "1-2", "supers": ["LATER"]}],
    }
    entries = [(1.0, [str(grey)]), (1.0, [str(grey)])]
    supers = super_strips(plan, entries)
    assert [text for text, *_ in supers] == ["1999", "TOKYO", "LATER"]
    # The main title over the same shot stacks on channels of its own; a card of
    # end credits follows the last shot for half a second.
    titled = dict(plan, titles=["ALLEY KINGS"], end_credits=[{"lines": ["NINA"], "seconds": 0.5}])
    words = title_strips(titled, entries) + supers + credit_strips(titled, entries)
    movie = tmp_path / "animatic.mp4"
    animatic.write_animatic(cut_strips(entries, plan), str(movie), (128, 72), 24, words)
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(movie), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True,
    ).stdout
    size = 128 * 72
    assert len(raw) == 60 * size

    def brightest(frame, rows):
        picture = raw[frame * size : (frame + 1) * size]
        return max(picture[rows.start * 128 : rows.stop * 128])

    # White letters over the first shot, the title above the middle and the super
    # in the lower third; over the second, right after, only its own super.
    lower_third, above_middle = range(48, 72), range(10, 36)
    assert brightest(12, lower_third) > 200 and brightest(12, above_middle) > 200
    assert brightest(36, lower_third) > 200 and brightest(36, above_middle) < 120
    # The credits: white letters round the middle, on black.
    middle, top = range(26, 46), range(0, 16)
    assert brightest(54, middle) > 200 and brightest(54, top) < 30


def test_stripboard_summary_reads_like_a_stripboard():
    schedule = {
        "title": "Alley Kings",
        "cost": 41250.0,
        "gap": 0.0,
        "company_moves": 1,
        "days": [
            {
                "number": 1,
                "date": "2026-12-07",
                "day_night": "night",
                "eighths": 36,
                "locations": ["Garage", "Alley"],
                "strips": [{"scene": 1, "label": "1"}, {"scene": 4, "label": "4A"}],
            }
        ],
    }
    board = screenplay.stripboard_summary(schedule)
    assert board["headline"] == "1 shoot day, cost 41,250 (within 0.0% of optimal), 1 company moves"
    assert board["days"] == ["Day 1 (2026-12-07) night, 4 4/8 pages: 1, 4A @ Garage / Alley"]
    assert [screenplay.pages(e) for e in (0, 5, 8, 13)] == ["0", "5/8", "1", "1 5/8"]
