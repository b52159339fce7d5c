"""The add-on package is a valid Blender extension (validated by the validator bpy ships)."""

import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON = os.path.join(REPO, "blender_addon")


def extension_cli():
    """``blender_ext.py`` from the installed Blender (the bpy module or Blender itself)."""
    bpy = pytest.importorskip("bpy", reason="the validator ships with Blender")
    for scripts in bpy.utils.script_paths():
        cli = os.path.join(scripts, "addons_core", "bl_pkg", "cli", "blender_ext.py")
        if os.path.isfile(cli):
            return cli
    pytest.skip(f"Blender {bpy.app.version_string} has no extension validator (4.2+ has)")


def python():
    """A Python to run the validator with (inside Blender, sys.executable is not Blender)."""
    return sys.executable if os.path.basename(sys.executable).startswith("python") else "python3"


def test_manifest_validates():
    result = subprocess.run(
        [python(), extension_cli(), "validate", ADDON], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_extension_builds_with_the_bundled_wheel(tmp_path):
    """`extension build` needs the wheel the manifest lists; build it where the wheel exists."""
    import tomllib

    with open(os.path.join(ADDON, "blender_manifest.toml"), "rb") as f:
        wheels = tomllib.load(f)["wheels"]
    source = tmp_path / "oneshot"
    shutil.copytree(ADDON, source, ignore=shutil.ignore_patterns("__pycache__"))
    built_dirs = [os.path.join(REPO, "target", "wheels"), os.path.join(ADDON, "wheels")]
    for wheel in wheels:
        name = os.path.basename(wheel)
        found = [os.path.join(d, name) for d in built_dirs if os.path.isfile(os.path.join(d, name))]
        if not found:
            pytest.skip(f"{name} is not built (make wheel builds it)")
        (source / "wheels").mkdir(exist_ok=True)
        shutil.copy(found[0], source / "wheels" / name)
    result = subprocess.run(
        [python(), extension_cli(), "build", "--source-dir", str(source), "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.glob("oneshot-0.1.0*.zip"))
