"""Retro looks the add-on offers: the presets of ``presets/retro`` and the settings sent with
the server's ``retro`` request."""

import os
import tomllib

from .client import ADDON_DIR

# Used when the add-on is installed without the project's presets folder next to it;
# the server resolves the names.
KNOWN_PRESETS = (
    "nes", "snes", "megadrive", "gameboy", "gameboy-bgb", "c64", "cga", "ega",
    "zx-spectrum", "pico8", "mac-1bit", "arcade-crt",
)


def presets_dir():
    """``presets/retro`` of the checkout the add-on runs from, or ``None`` when installed alone."""
    folder = os.path.join(os.path.dirname(ADDON_DIR), "presets", "retro")
    return folder if os.path.isdir(folder) else None


def retro_presets(folder=None):
    """``[(name, description), ...]`` sorted by name; unreadable preset files keep their name."""
    folder = folder or presets_dir()
    if folder is None:
        return [(name, name) for name in sorted(KNOWN_PRESETS)]
    presets = []
    for file in sorted(os.listdir(folder)):
        if not file.endswith(".toml"):
            continue
        name = file[: -len(".toml")]
        try:
            with open(os.path.join(folder, file), "rb") as f:
                description = str(tomllib.load(f).get("description", name))
        except (OSError, tomllib.TOMLDecodeError):
            description = name
        presets.append((name, description))
    return presets


def request_settings(settings):
    """The ``retro`` request's settings from a ``RetroSettings`` dict: unset (``None``) keys dropped."""
    if not settings:
        return None
    cleaned = {k: v for k, v in settings.items() if v is not None}
    return cleaned or None
