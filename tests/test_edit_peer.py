"""Conformance: the edit `oneshot plan --finish` writes, read back by OpenTimelineIO.

The example production is planned and finished (no Blender: missing frames only
warn), then `edit.otio` is read with OpenTimelineIO and `edit.edl` with its CMX 3600
adapter. Both must hold the manifest's shots in order, under their ids, cut on the
same frames as the add-on's animatic, starting at 01:00:00:00, with the script's
fade in, dissolve and fade out, and then the plan's end credits over black.

Skips (with the reason) when OpenTimelineIO, its CMX adapter or the oneshot binary
is absent.
"""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

otio = pytest.importorskip("opentimelineio", reason="opentimelineio is not installed")
pytest.importorskip("otio_cmx3600_adapter", reason="otio-cmx3600-adapter is not installed")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "alley-kings"


def animatic_frame_counts(durations_s, fps):
    """The add-on's own rule for the animatic's cuts (plain Python, no Blender)."""
    spec = importlib.util.spec_from_file_location(
        "addon_plan", REPO / "blender_addon" / "core" / "plan.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.frame_counts(durations_s, fps)


def finish_example(binary: Path, tmp_path: Path, fps: str | None = None, rendered=None, **render) -> Path:
    """Plans and finishes the example into ``tmp_path / "out"``, with its ``fps`` and
    any ``[render]`` settings (``full_motion="true"``) changed; ``rendered(out)``
    stands in for Blender between the two."""
    production = EXAMPLE.with_suffix(".toml")
    changes = ({"fps": fps} if fps is not None else {}) | render
    if changes:
        text = production.read_text(encoding="utf-8")
        for key, value in changes.items():
            text, found = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
            if not found:  # a top-level key the example leaves out: before its first table
                text = re.sub(r"(?m)^\[", f"{key} = {value}\n[", text, count=1)
        production = tmp_path / "production.toml"
        production.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    script = EXAMPLE.with_suffix(".fountain")
    planned = [script, "--production", production, "-o", out]
    subprocess.run([binary, "plan", *map(str, planned)], check=True, capture_output=True)
    if rendered is not None:
        rendered(out)
    # The edit is what is tested: frames not rendered here get placeholders.
    subprocess.run([binary, "plan", "--finish", str(out), "--allow-missing"], check=True, capture_output=True)
    return out


def manifest_of(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edit_otio"] == "edit.otio"
    assert manifest["edit_edl"] == "edit.edl"
    return manifest


def frames(time) -> int:
    value = time.to_frames()
    assert value == time.value, "not a whole frame"
    return value


def is_black(item) -> bool:
    """A gap, or (in what the CMX adapter reads) a clip of generated black."""
    return isinstance(item, otio.schema.Gap) or isinstance(
        getattr(item, "media_reference", None), otio.schema.GeneratorReference
    )


def is_credits(item) -> bool:
    """A card of the end credits: black named so (the EDL's clip name is in capitals)."""
    return is_black(item) and item.name.lower() == "end credits"


def shot_lengths(track) -> list[int]:
    """Each shot's frames on the track: its clip and the black it fades out into."""
    lengths = []
    for item in track:
        if isinstance(item, otio.schema.Transition):
            continue
        if is_credits(item):
            break
        if not is_black(item):
            lengths.append(frames(item.source_range.duration))
        elif lengths:
            lengths[-1] += frames(item.duration())
    return lengths


def credit_lengths(track) -> list[int]:
    """Each card of the end credits' frames on the track."""
    return [frames(item.duration()) for item in track if is_credits(item)]


def card_seconds(out: Path) -> list[float]:
    """How long each card of the plan's end credits holds."""
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return [card["seconds"] for card in plan["end_credits"]]


def expected_lengths(out: Path, shots: list[dict], fps: float) -> tuple[list[int], list[int]]:
    """The shots' and the end credits' frames as the add-on cuts the movie."""
    cards = card_seconds(out)
    counts = animatic_frame_counts([s["duration_s"] for s in shots] + cards, fps)
    return counts[: len(counts) - len(cards)], counts[len(counts) - len(cards) :]


def transitions(track, name) -> list[tuple[str, int]]:
    """``(what it goes into, frames)`` for each transition: a shot, or black."""
    items = list(track)
    found = []
    for index, item in enumerate(items):
        if isinstance(item, otio.schema.Transition):
            assert frames(item.in_offset) == 0, "a dissolve starts on the cut"
            after = items[index + 1]
            found.append(("black" if is_black(after) else name(after), frames(item.out_offset)))
    return found


def expected_transitions(shots: list[dict], name, second: int) -> list[tuple[str, int]]:
    """The example fades up, dissolves into its last scene and fades out (1 s each,
    ``second`` frames)."""
    last_scene = shots[-1]["scene"]
    into_last = next(s for s in shots if s["scene"] == last_scene)
    return [(name(shots[0]), second), (name(into_last), second), ("black", second)]


def still_url(clip) -> str:
    """The still a clip holds: its file, or for a shot not rendered (a placeholder
    in the cut, a ``MissingReference``) the file it awaits."""
    media = clip.media_reference
    if isinstance(media, otio.schema.MissingReference):
        return media.metadata["oneshot"]["expected_url"]
    return media.target_url


def check_otio(out: Path, manifest: dict, fps: float, timeline_rate: float, start="01:00:00:00"):
    timeline = otio.adapters.read_from_file(str(out / manifest["edit_otio"]))
    shots = manifest["shots"]
    (track,) = timeline.video_tracks()
    # An audio track per stem when the production asks for stems, else the temp mix.
    sound = manifest["stems"] or [manifest["temp_mix"]]
    assert [t.find_clips()[0].media_reference.target_url for t in timeline.audio_tracks()] == sound
    for audio in timeline.audio_tracks():
        (clip,) = audio.find_clips()
        assert frames(clip.source_range.duration) == frames(track.duration())
        # Its time starts at the cut's 01:00:00:00, as its Broadcast Wave time reference says.
        assert clip.source_range.start_time == timeline.global_start_time
    clips = list(track.find_clips())
    assert [c.name for c in clips] == [s["id"] for s in shots]
    assert [still_url(c) for c in clips] == [s["frame"] for s in shots]
    missing = [isinstance(c.media_reference, otio.schema.MissingReference) for c in clips]
    assert missing == [not s["rendered"] for s in shots]
    assert [c.metadata["oneshot"]["scene"] for c in clips] == [s["scene"] for s in shots]

    lengths = shot_lengths(track)
    credits = credit_lengths(track)
    # The example's title page names a title, so it ends on its end credits.
    assert (lengths, credits) == expected_lengths(out, shots, fps) and credits
    second = round(fps)
    assert transitions(track, lambda c: c.name) == expected_transitions(shots, lambda s: s["id"], second)
    assert all(c.source_range.duration.rate == timeline_rate for c in clips)
    total = timeline.duration()
    assert frames(total) == sum(lengths) + sum(credits)
    # Rounding at every cut never adds up: the cut is the running time to half a frame.
    running_s = sum(s["duration_s"] for s in shots) + sum(card_seconds(out))
    assert abs(total.to_seconds() - running_s) <= 0.5 / fps + 1e-3
    assert otio.opentime.to_timecode(timeline.global_start_time) == start
    assert manifest["start_timecode"] == start

    openings = [c.name for c in clips if any(m.color == "GREEN" for m in c.markers)]
    first_of_scene = {}
    for shot in shots:
        first_of_scene.setdefault(shot["scene"], shot["id"])
    assert openings == list(first_of_scene.values())
    return lengths, credits


def check_edl(out: Path, manifest: dict, rate: float, lengths: list[int], credits: list[int], start="01:00:00:00"):
    path = out / manifest["edit_edl"]
    # The adapter also refuses record timecode that overlaps or leaves gaps.
    timeline = otio.adapters.read_from_file(str(path), rate=rate)
    shots = manifest["shots"]
    (track,) = timeline.video_tracks()
    clips = [c for c in track.find_clips() if not is_black(c)]
    assert [c.name for c in clips] == [Path(s["frame"]).name for s in shots]
    assert [c.media_reference.target_url for c in clips] == [s["frame"] for s in shots]
    assert shot_lengths(track) == lengths
    assert credit_lengths(track) == credits
    # The temp mix runs under the whole cut on both audio channels.
    audio = timeline.audio_tracks()
    assert [t.name for t in audio] == ["A1", "A2"]
    for channel in audio:
        (mix,) = channel.find_clips()
        assert mix.media_reference.target_url == "sound/temp_mix.wav"
        assert mix.duration() == track.duration()
        assert otio.opentime.to_timecode(mix.source_range.start_time, rate) == start
    file_name = lambda s: Path(s["frame"]).name  # noqa: E731
    assert transitions(track, lambda c: c.name) == expected_transitions(shots, file_name, round(rate))
    reels = [c.metadata["cmx_3600"]["reel"] for c in clips]
    assert len(set(reels)) == len(reels)
    assert all(re.fullmatch(r"[A-Z0-9]{1,8}", r) for r in reels), reels

    text = path.read_text(encoding="ascii")
    counting = "DROP FRAME" if ";" in start else "NON-DROP FRAME"
    assert text.startswith("TITLE: ") and f"\nFCM: {counting}\n" in text
    events = [line.split() for line in text.splitlines() if line[:1].isdigit()]
    assert events[0][-2] == start
    end = otio.opentime.from_timecode(events[-1][-1], rate)
    begin = otio.opentime.from_timecode(start, rate)
    assert frames(end) - frames(begin) == sum(lengths) + sum(credits)
    assert text.count("\n* COMMENT: CAST / ") == 1


def test_the_edit_reads_back_at_24_fps(oneshot_bin, tmp_path):
    out = finish_example(oneshot_bin, tmp_path)
    manifest = manifest_of(out)
    lengths, credits = check_otio(out, manifest, fps=24.0, timeline_rate=24.0)
    check_edl(out, manifest, 24, lengths, credits)


def test_ntsc_rates_cut_in_their_own_frames_with_a_whole_timecode_base(oneshot_bin, tmp_path):
    out = finish_example(oneshot_bin, tmp_path, fps="23.976")
    manifest = manifest_of(out)
    lengths, credits = check_otio(out, manifest, fps=23.976, timeline_rate=24000 / 1001)
    check_edl(out, manifest, 24, lengths, credits)


def test_drop_frame_timecode_reads_back_at_29_97(oneshot_bin, tmp_path):
    out = finish_example(oneshot_bin, tmp_path, fps="29.97", drop_frame="true")
    manifest = manifest_of(out)
    ntsc = 30000 / 1001
    lengths, credits = check_otio(out, manifest, 29.97, timeline_rate=ntsc, start="01:00:00;00")
    check_edl(out, manifest, ntsc, lengths, credits, start="01:00:00;00")
    # Each shot's record timecode in the manifest is OpenTimelineIO's for its frame,
    # the cut running over minutes whose first numbers drop-frame skips.
    start = otio.opentime.from_timecode("01:00:00;00", ntsc).to_frames()
    cuts = [start + sum(lengths[:i]) for i in range(len(lengths) + 1)]
    drop_frame = [otio.opentime.to_timecode(otio.opentime.RationalTime(f, ntsc)) for f in cuts]
    assert [s["record_in"] for s in manifest["shots"]] == drop_frame[:-1]
    assert manifest["shots"][-1]["record_out"] == drop_frame[-1]
    assert sum(lengths) > 2 * 60 * 30, "the cut runs past the minutes drop-frame skips in"


def moving_setups(out):
    """The set-ups of the plan in ``out`` that move: more than one frame each."""
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return [setup for setup in plan["setups"] if setup["frames"] > 1]


# A PNG's signature and its end chunk: as much of a frame as finishing reads of a
# sequence (a frame cut short has no end).
WHOLE_PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\0IEND\xaeB`\x82"


def render_frame_by_frame(out, setup):
    """Stands in for Blender: every frame of ``setup``, as whole but empty PNGs."""
    folder = out / "frames" / setup["shot_id"]
    folder.mkdir(parents=True)
    for frame in range(1, setup["frames"] + 1):
        (folder / f"{frame:04d}.png").write_bytes(WHOLE_PNG)


def test_a_moving_shot_rendered_in_full_motion_is_an_image_sequence(oneshot_bin, tmp_path):
    moving = {}

    def render_a_move_frame_by_frame(out):
        setup = moving_setups(out)[0]
        moving.update(id=setup["shot_id"], frames=setup["frames"])
        render_frame_by_frame(out, setup)

    out = finish_example(oneshot_bin, tmp_path, rendered=render_a_move_frame_by_frame, full_motion="true")
    timeline = otio.adapters.read_from_file(str(out / manifest_of(out)["edit_otio"]))
    clips = {clip.name: clip for clip in timeline.video_tracks()[0].find_clips()}
    sequence = clips.pop(moving["id"]).media_reference
    assert isinstance(sequence, otio.schema.ImageSequenceReference)
    assert sequence.target_url_for_image_number(0) == f"frames/{moving['id']}/0001.png"
    assert sequence.number_of_images_in_sequence() == moving["frames"]
    # The shots whose frames are not all there hold their stills.
    assert all(still_url(clip) == f"frames/{name}.png" for name, clip in clips.items())
    # The EDL names the files as a range, its source timecode counting their numbers.
    edl = otio.adapters.read_from_file(str(out / manifest_of(out)["edit_edl"]), rate=24)
    files = f"frames/{moving['id']}/[0001-{moving['frames']:04d}].png"
    (clip,) = [c for c in edl.video_tracks()[0].find_clips() if getattr(c.media_reference, "target_url", "") == files]
    assert frames(clip.source_range.start_time) == 1


def test_a_dissolve_out_of_a_moving_shot_finds_its_media(oneshot_bin, tmp_path):
    """Every moving shot rendered frame by frame: a dissolve out of one plays past
    its last frame, held as files after it, as the cut holds its last picture."""

    def render_every_move_frame_by_frame(out):
        for setup in moving_setups(out):
            render_frame_by_frame(out, setup)

    out = finish_example(oneshot_bin, tmp_path, rendered=render_every_move_frame_by_frame, full_motion="true")
    timeline = otio.adapters.read_from_file(str(out / manifest_of(out)["edit_otio"]))
    track = timeline.video_tracks()[0]
    dissolves_out_of_moves = 0
    for before, item in zip(track, track[1:]):
        if not isinstance(item, otio.schema.Transition) or not isinstance(before, otio.schema.Clip):
            continue
        media = before.media_reference
        if not isinstance(media, otio.schema.ImageSequenceReference):
            continue
        dissolves_out_of_moves += 1
        needed = before.source_range.end_time_exclusive() + item.out_offset
        assert media.available_range.end_time_exclusive() >= needed, before.name
        last = media.number_of_images_in_sequence()
        assert (out / media.target_url_for_image_number(last - 1)).is_file()
    assert dissolves_out_of_moves >= 1, "the example dissolves out of a camera move"
