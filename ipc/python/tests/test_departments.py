"""Department requests from Python: results arrive as dicts and bytes."""

import os

import pytest

import oneshot_ipc

SCRIPT = """\
Title: Two Doors

INT. KITCHEN - DAY

ANNA waits by the KETTLE.

ANNA
Are you coming?

EXT. GARDEN - NIGHT

BEN runs past the shed.

BEN
Not yet!
"""


def test_breakdown_returns_the_script_as_a_dict(started):
    breakdown = started().breakdown(SCRIPT, "two-doors.fountain")
    assert breakdown["title"] == "Two Doors"
    assert [scene["number"] for scene in breakdown["scenes"]] == [1, 2]


def test_plan_and_finish_an_output_folder(started, tmp_path):
    client = started()
    script = tmp_path / "two-doors.fountain"
    script.write_text(SCRIPT)
    out = tmp_path / "out"
    plan = client.plan(script_path=str(script), out_dir=str(out))
    assert plan["title"] == "Two Doors"
    assert len(plan["setups"]) == len(plan["shots"]) > 0
    assert (out / "plan.json").is_file()

    from_text = client.plan(script_text=SCRIPT, file_name="two-doors.fountain")
    assert from_text["shots"] == plan["shots"]

    manifest = client.finish(str(out))
    assert len(manifest["shots"]) == len(plan["shots"])
    assert len(manifest["warnings"]) == len(plan["shots"])  # nothing was rendered
    assert (out / manifest["storyboard"]).is_file()


def test_plan_needs_exactly_one_script(started):
    client = started()
    with pytest.raises(ValueError, match="exactly one"):
        client.plan()
    with pytest.raises(ValueError, match="exactly one"):
        client.plan(script_path="/a.fountain", script_text=SCRIPT)


def test_department_errors_are_server_errors(started, tmp_path):
    client = started()
    with pytest.raises(oneshot_ipc.ServerError, match="missing.fountain"):
        client.plan(script_path=str(tmp_path / "missing.fountain"))
    with pytest.raises(oneshot_ipc.ServerError, match="absolute"):
        client.plan(script_path="relative.fountain")
    assert client.ping()  # the connection survives a refusal


def test_retro_round_trips_a_frame(started):
    client = started()
    width, height = 64, 48
    pixels = bytes(
        channel
        for i in range(width * height)
        for channel in (i % 256, (i // 13) % 256, 128, 255)
    )
    out, out_width, out_height = client.retro(pixels, width, height, {"preset": "gameboy"})
    assert isinstance(out, bytes)
    assert len(out) == out_width * out_height * 4
    assert len({out[i : i + 4] for i in range(0, len(out), 4)}) <= 4

    with pytest.raises(ValueError, match="not 64x47 RGBA8"):
        client.retro(pixels, width, height - 1, {})
    with pytest.raises(ValueError, match="retro settings"):
        client.retro(pixels, width, height, {"colors": "many"})
    with pytest.raises(oneshot_ipc.ServerError, match="no-such-machine"):
        client.retro(pixels, width, height, {"preset": "no-such-machine"})


def test_retro_files_needs_absolute_paths_and_names_a_bad_file(started, tmp_path):
    client = started()
    with pytest.raises(oneshot_ipc.ServerError, match="absolute"):
        client.retro_files(["frame.png"], {"preset": "nes"})
    missing = tmp_path / "missing.png"
    with pytest.raises(oneshot_ipc.ServerError, match="missing.png"):
        client.retro_files([str(missing)], {"preset": "nes"})
    assert not missing.exists()
    with pytest.raises(ValueError, match="retro settings"):
        client.retro_files([str(missing)], {"colors": "many"})
    assert client.retro_files([], {"preset": "nes"})["frames"] == 0


def test_grade_colours_a_frame_and_keeps_its_size_and_alpha(started, tmp_path):
    client = started()
    width, height = 32, 8
    pixels = bytes(
        channel
        for i in range(width * height)
        for channel in ((i * 7) % 256, (i * 3) % 256, 200, 40 + i % 200)
    )
    noir = client.grade(pixels, width, height, "noir")
    assert isinstance(noir, bytes) and len(noir) == len(pixels)
    for i in range(0, len(noir), 4):
        assert noir[i] == noir[i + 1] == noir[i + 2]
        assert noir[i + 3] == pixels[i + 3]
    assert client.grade(pixels, width, height, "neutral") == pixels
    assert client.grade(pixels, width, height, "teal-orange") != pixels

    identity = tmp_path / "identity.cube"
    corners = [f"{r} {g} {b}" for b in (0, 1) for g in (0, 1) for r in (0, 1)]
    identity.write_text("LUT_3D_SIZE 2\n" + "\n".join(corners) + "\n")
    assert client.grade(pixels, width, height, str(identity)) == pixels

    with pytest.raises(ValueError, match="not 32x7 RGBA8"):
        client.grade(pixels, width, height - 1, "noir")
    with pytest.raises(oneshot_ipc.ServerError, match="teal-orange"):
        client.grade(pixels, width, height, "technicolor")
    with pytest.raises(oneshot_ipc.ServerError, match="absolute"):
        client.grade(pixels, width, height, "looks/mine.cube")
    broken = tmp_path / "broken.cube"
    broken.write_text("LUT_3D_SIZE 2\n0 0 0\n1 0 zero\n")
    with pytest.raises(oneshot_ipc.ServerError, match="broken.cube:3"):
        client.grade(pixels, width, height, str(broken))


def test_composite_lays_a_scenes_effects_over_a_frame(started):
    client = started()
    width, height = 48, 27
    pixels = bytes((20, 22, 30, 255)) * (width * height)
    storm = [{"kind": "haze", "strength": 0.6, "wind": 0.6}, {"kind": "rain", "strength": 1.0, "wind": 0.6}]
    wet = client.composite(pixels, width, height, storm, 2.0, 7)
    assert isinstance(wet, bytes) and len(wet) == len(pixels) and wet != pixels
    assert wet[3::4] == pixels[3::4]  # alpha kept
    assert client.composite(pixels, width, height, storm, 2.0, 7) == wet
    assert client.composite(pixels, width, height, storm, 2.5, 7) != wet
    assert client.composite(pixels, width, height, [], 2.0, 7) == pixels

    with pytest.raises(ValueError, match="effect layers"):
        client.composite(pixels, width, height, [{"kind": "tornado", "strength": 1, "wind": 0}], 0.0, 1)
    with pytest.raises(oneshot_ipc.ServerError, match="strength must be from 0 to 1"):
        client.composite(pixels, width, height, [{"kind": "snow", "strength": 5, "wind": 0}], 0.0, 1)
    with pytest.raises(ValueError, match="RGBA8"):
        client.composite(pixels[:-4], width, height, storm, 0.0, 1)


def test_schedule_returns_shoot_days(started, tmp_path):
    schedule = started().schedule(script_text=SCRIPT, out_dir=str(tmp_path / "schedule"))
    assert sum(len(day["strips"]) for day in schedule["days"]) == 2
    assert schedule["cost"] >= schedule["lower_bound"]
    out = tmp_path / "schedule"
    assert {"locations.html", "locations.json", "permits.csv"} <= {p.name for p in out.iterdir()}
    # The server plans the shoot too: the call sheet orders the day's grip.
    assert "<td>Grip</td>" in (out / "callsheets" / "day-01.html").read_text()


def test_continuity_dresses_each_character_scene_by_scene(started, tmp_path):
    production = tmp_path / "two-doors.toml"
    production.write_text(
        'title = "Two Doors"\n\n[[characters]]\nname = "ANNA"\n\n'
        '[[characters.costumes]]\nname = "apron"\nscenes = [1, 1]\ncolors = ["#aa3322"]\n'
    )
    out = tmp_path / "continuity"
    bible = started().continuity(
        script_text=SCRIPT, production_path=str(production), out_dir=str(out)
    )
    anna = next(c for c in bible["characters"] if c["name"] == "ANNA")
    assert anna["appearances"][0]["costume"]["colors"] == ["#aa3322"]
    assert bible["undressed"] == ["BEN"]
    assert sorted(p.name for p in out.iterdir()) == ["continuity.csv", "continuity.html", "continuity.json"]
