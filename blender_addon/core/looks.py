"""Retro looks the add-on offers: the presets of ``presets/retro`` and the settings sent with
the server's ``retro`` request."""

import json
import os
import re

try:
    import tomllib
except ImportError:  # Python 3.10: Blender 3.4 to 4.0 as blender.org builds them
    tomllib = None

from .client import ADDON_DIR

# A preset's description as its file writes it, a basic string on a line of its own.
DESCRIPTION_LINE = re.compile(r'^description\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$', re.MULTILINE)

# The shipped presets, in the order the add-on lists them, checkout or installed
# alone (the server resolves the names). Blender saves a listed choice by its
# place in the list: this is the order of the preset files' names, as the add-on
# has always listed them from a checkout, and a new preset goes at the end, so
# that saved files keep their look.
KNOWN_PRESETS = (
    "arcade-crt", "c64", "cga", "ega", "gameboy-bgb", "gameboy", "mac-1bit",
    "megadrive", "nes", "pico8", "snes", "zx-spectrum",
)


def presets_dir():
    """``presets/retro`` of the checkout the add-on runs from, or ``None`` when installed alone."""
    folder = os.path.join(os.path.dirname(ADDON_DIR), "presets", "retro")
    return folder if os.path.isdir(folder) else None


def retro_presets(folder=None):
    """``[(name, description), ...]``: the shipped presets in ``KNOWN_PRESETS`` order,
    then any others of the folder by name. Descriptions come from the folder's files;
    an unreadable or absent file leaves the name."""
    folder = folder or presets_dir()
    found = sorted(file[: -len(".toml")] for file in os.listdir(folder) if file.endswith(".toml")) if folder else []
    names = [*KNOWN_PRESETS, *(name for name in found if name not in KNOWN_PRESETS)]
    return [(name, _description(folder, name) if name in found else name) for name in names]


def _description(folder, name):
    try:
        with open(os.path.join(folder, f"{name}.toml"), "rb") as f:
            if tomllib is None:
                # Without a TOML reader, the one line wanted: TOML's basic strings
                # escape as JSON's do.
                found = DESCRIPTION_LINE.search(f.read().decode("utf-8"))
                return str(json.loads(found.group(1))) if found else name
            return str(tomllib.load(f).get("description", name))
    except (OSError, UnicodeDecodeError, ValueError):  # TOMLDecodeError is a ValueError
        return name


def request_settings(settings):
    """The ``retro`` request's settings from a ``RetroSettings`` dict: unset (``None``) keys dropped."""
    if not settings:
        return None
    cleaned = {k: v for k, v in settings.items() if v is not None}
    return cleaned or None
