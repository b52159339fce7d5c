"""Regression scenes: small plans built and rendered headless with Workbench, compared
with stored reference images within a tolerance.

The references were rendered by Blender 5.0 (the bpy module); Blender 3.4's
Workbench shades the same scene almost identically, which the tolerance absorbs.
After an intended change to the look, regenerate them with
``ONESHOT_UPDATE_REFERENCES=1 python -m pytest tests/regression`` and review the diff.
"""

import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)

from regression_scenes import small_plan  # noqa: E402

REFERENCE = os.path.join(HERE, "reference")
RESOLUTION = (160, 90)
# Mean absolute difference per channel (0..1), and the share of pixels allowed to
# differ by more than a clearly visible step: antialiasing and shading details
# move a little between Blender versions; a missing or moved object does not pass.
MEAN_TOLERANCE = 0.02
VISIBLE_STEP = 0.15
VISIBLE_SHARE = 0.03

SHOTS = ("1-1", "1-2", "2-1", "2-2")


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """Every regression shot rendered once; ``{shot id: png path}``."""
    bpy = pytest.importorskip("bpy", reason="needs Blender or the bpy module")
    from blender_addon.blender import builder, render
    from blender_addon.core.plan import render_frames, shots_by_scene

    bpy.ops.wm.read_factory_settings(use_empty=True)
    out = tmp_path_factory.mktemp("regression")
    plan = small_plan(resolution=RESOLUTION)
    library = builder.Library()
    paths = {}
    for scene_plan, pairs in shots_by_scene(plan):
        scene, cameras = builder.build_scene(scene_plan, [s for _, s in pairs], library)
        render.configure(scene, "workbench", RESOLUTION, fps=plan["fps"])
        for shot, setup in pairs:
            frames = render_frames(setup)
            paths[shot["id"]] = str(out / f"{shot['id']}.png")
            builder.pose_camera(cameras[shot["id"]], setup, frames[-1])
            render.render_frame(scene, cameras[shot["id"]], frames[-1], paths[shot["id"]])
        builder.remove_scene(scene)
    return paths


def pixels(path):
    """RGB floats of a PNG, read by Blender (no imaging library in Blender's Python)."""
    import bpy

    image = bpy.data.images.load(path, check_existing=False)
    try:
        size = tuple(image.size)
        values = list(image.pixels)
    finally:
        bpy.data.images.remove(image)
    rgb = [v for i, v in enumerate(values) if i % 4 != 3]
    return size, rgb


@pytest.mark.parametrize("shot_id", SHOTS)
def test_render_matches_reference(renders, shot_id):
    reference = os.path.join(REFERENCE, f"{shot_id}.png")
    if os.environ.get("ONESHOT_UPDATE_REFERENCES"):
        os.makedirs(REFERENCE, exist_ok=True)
        shutil.copyfile(renders[shot_id], reference)
    assert os.path.isfile(reference), f"no reference image {reference}"
    size, got = pixels(renders[shot_id])
    ref_size, want = pixels(reference)
    assert size == ref_size == RESOLUTION
    diffs = [abs(a - b) for a, b in zip(got, want)]
    mean = sum(diffs) / len(diffs)
    visible = sum(1 for d in diffs if d > VISIBLE_STEP) / len(diffs)
    assert mean <= MEAN_TOLERANCE and visible <= VISIBLE_SHARE, (
        f"shot {shot_id} differs from {reference}: mean {mean:.4f}, "
        f"{visible:.1%} of channels off by more than {VISIBLE_STEP}"
    )


def test_a_moved_object_fails_the_comparison(renders, tmp_path):
    """The tolerance is not so loose that a different picture passes."""
    _, a = pixels(renders["1-1"])
    _, b = pixels(renders["2-1"])
    diffs = [abs(x - y) for x, y in zip(a, b)]
    assert sum(diffs) / len(diffs) > MEAN_TOLERANCE
