"""Resumable rendering: which outputs are already done, and writing files so that
an interrupted run never leaves one a later run would trust.

An output (a shot's frames, the animatic) counts as done when every file it
needs exists *and* the render state (``render-state.json`` in the output
folder) records the same fingerprint for it: change the plan, the render
settings, the oneshot or the Blender that made it and it is made again. Files are written under a temporary name in their folder and
renamed into place, so a file that exists under its final name is complete.
"""

import hashlib
import json
import os
import tempfile

STATE_FILE = "render-state.json"
_TEMP_MARK = ".partial-"


def fingerprint(*parts):
    """A stable hash of JSON-able parts (the scene plan, the shot, its set-up, render settings)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def temp_path(final_path):
    """A unique temporary name next to ``final_path`` with the same extension.

    The extension is kept because Blender picks the image format from settings
    but some writers look at it; the mark lets :func:`remove_stale_temps` find
    leftovers of a killed run.
    """
    folder, name = os.path.split(final_path)
    os.makedirs(folder or ".", exist_ok=True)
    stem, ext = os.path.splitext(name)
    fd, path = tempfile.mkstemp(prefix=f".{stem}{_TEMP_MARK}", suffix=ext, dir=folder or ".")
    os.close(fd)
    os.chmod(path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    return path


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(final_path, data):
    """Write bytes or text to ``final_path`` via a temporary file and a rename."""
    tmp = temp_path(final_path)
    try:
        with open(tmp, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        os.replace(tmp, final_path)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def remove_stale_temps(folder):
    """Delete temporaries a killed run left under ``folder``; returns how many."""
    removed = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.startswith(".") and _TEMP_MARK in name:
                _unlink_quietly(os.path.join(root, name))
                removed += 1
    return removed


def remove_outdated_frames(frames_dir, names, wanted):
    """Delete the frames under ``frames_dir`` (``<out>/frames``) that the plan no
    longer renders: those of a shot cut from it, or of a shot that now renders
    other frames (a move grown longer, or a still where it moved). Left there, an
    editor would take them for the shot of that id. ``names`` are the file names
    of the shots oneshot renders or rendered here (the plan's and the render
    state's), ``wanted`` every path the plan renders. Only those shots' files go,
    ``<name>.png`` and ``<name>/NNNN.png``, and a shot's folder left empty; nothing
    through a link. Returns how many files were removed."""
    wanted = {os.path.normpath(path) for path in wanted}
    removed = 0
    for name in names:
        still = os.path.normpath(os.path.join(frames_dir, f"{name}.png"))
        if still not in wanted and os.path.isfile(still) and not os.path.islink(still):
            _unlink_quietly(still)
            removed += 1
        folder = os.path.join(frames_dir, name)
        if not os.path.isdir(folder) or os.path.islink(folder):
            continue
        frames = [f for f in os.listdir(folder) if _is_frame_number(f)]
        for frame in frames:
            path = os.path.normpath(os.path.join(folder, frame))
            if path not in wanted and not os.path.islink(path):
                _unlink_quietly(path)
                removed += 1
        if frames and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def _is_frame_number(name):
    stem, ext = os.path.splitext(name)
    return ext == ".png" and len(stem) >= 4 and stem.isdigit()


def _unlink_quietly(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


class RenderState:
    """The fingerprints of the outputs made so far in one output folder, by key (shot id, ...)."""

    def __init__(self, out_dir):
        self.path = os.path.join(out_dir, STATE_FILE)
        self.done = {}
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            if isinstance(data, dict) and isinstance(data.get("done"), dict):
                self.done = {str(k): str(v) for k, v in data["done"].items()}
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            # A state file we cannot read only costs a re-render; never trust it.
            self.done = {}

    def is_done(self, key, print_, files):
        """True when ``key`` was made with this fingerprint and all its files exist."""
        return self.done.get(key) == print_ and all(os.path.isfile(f) for f in files)

    def keep_only(self, keys):
        """Forget the outputs not among ``keys`` (shots cut from the plan); saves."""
        kept = {key: print_ for key, print_ in self.done.items() if key in keys}
        if kept != self.done:
            self.done = kept
            write_atomic(self.path, json.dumps({"done": self.done}, indent=1, sort_keys=True))

    def mark_done(self, key, print_):
        """Record a finished output (after its files are in place) and save at once."""
        self.done[key] = print_
        write_atomic(self.path, json.dumps({"done": self.done}, indent=1, sort_keys=True))
