"""Client for the oneshot server: the Blender add-on's only way to reach the Rust core.

Every method sends one request over a local socket and blocks (without holding the
GIL) until the server answers. Results are plain Python values: dicts, lists, str,
int, float, bool, None and bytes.

Shapes of the dicts the client sends (keys are required unless marked optional):

Transform::

    {"location": [x, y, z], "rotation": [x, y, z, w], "scale": [x, y, z]}

    Metres, Z up (Blender's world space). ``rotation`` is a unit quaternion in
    ``[x, y, z, w]`` order: Blender's ``rotation_quaternion`` is ``(w, x, y, z)``.

Scene graph (``sync_scene``)::

    {
        "name": str,
        "frame_start": int, "frame_end": int, "fps": float,
        "objects": [{
            "name": str,
            "role": "character" | "prop" | "set" | "obstacle" | "practical" | "effect" | None,
            "transform": Transform,
            "bounds": {"min": [x, y, z], "max": [x, y, z]},   # world space
            "samples": [{"frame": int, "transform": Transform}, ...],  # [] if static
        }, ...],
        "cameras": [{
            "name": str, "transform": Transform,
            "lens_mm": float, "sensor_width_mm": float,
            "focus_distance": float | None,
        }, ...],
        "lights": [{
            "name": str, "kind": "point" | "sun" | "spot" | "area",
            "transform": Transform, "color": [r, g, b],   # linear RGB
            "energy": float, "size": float,
        }, ...],
        "active_camera": str | None,   # optional
    }

Retro settings (``retro``), the ``[retro]`` table of a production file; every key
optional::

    {"preset": str, "palette": str, "colors": int, "dither": str,
     "size": [w, h], "pixel": int, "scanlines": bool, "crt": bool, "outline": bool,
     "strength": float, "serpentine": bool, "posterize": int, "scale": int}

Paths sent to the server (scripts, production files, output folders) must be
absolute: the server does not share the caller's working directory.
"""

from typing import Any

__version__: str

class ServerError(Exception):
    """The server received the request and refused it; ``str(err)`` is its message."""

class ConnectionLost(ConnectionError):
    """No server answers, or the connection broke during a call (e.g. the server died).

    The client drops the broken connection: the next call reconnects, starting a new
    server when ``autostart`` is on. A server that went away between two calls is
    no failure: the next call finds the connection hung up and connects anew.
    """

class ServerStuck(ConnectionLost):
    """A server is there but did not answer in time: its hello on connecting, or a
    call past ``call_timeout_s``. Starting another at the same socket would not help."""

def default_socket_path() -> str:
    """The socket path used when none is given: ``$XDG_RUNTIME_DIR/oneshot.sock``,
    else a per-user directory under the system temp dir."""

class Client:
    """A connection to a oneshot server.

    Connects on construction. When nothing answers at ``socket_path`` and
    ``autostart`` is true, starts ``<server_binary> serve --socket <socket_path>``
    and waits up to ``timeout_s`` seconds for it to answer. The binary is
    ``server_binary``, else the ``ONESHOT_SERVER`` environment variable, else
    ``oneshot`` on ``PATH``. The started server outlives this client, until no client
    has been connected to it for ten minutes; stop it at once with ``shutdown()``.
    Raises ``ConnectionLost`` when no server can be reached.

    ``call_timeout_s`` bounds how long a call waits with nothing of its answer
    arriving (``None``, the default, waits as long as the server works); a call
    that times out raises ``ConnectionLost`` and the next call reconnects.

    Safe to share between threads: a call made while another is in flight opens a
    second connection. Usable as a context manager (``close()`` on exit).

    Raises ``ServerError`` when the server refuses a request, ``ConnectionLost``
    when it cannot be reached or goes away during a call, ``ValueError`` for
    arguments of the wrong shape.
    """

    def __init__(
        self,
        socket_path: str | None = None,
        server_binary: str | None = None,
        timeout_s: float = 10.0,
        autostart: bool = True,
        *,
        call_timeout_s: float | None = None,
    ) -> None: ...
    @property
    def socket_path(self) -> str: ...
    def ping(self) -> dict[str, Any]:
        """``{"version": str, "protocol": int, "pid": int}`` of the server."""
    def sync_scene(self, graph: dict[str, Any]) -> dict[str, Any]:
        """Send a scene graph (shape in the module doc); returns what the server understood::

            {
                "scene": str,
                "objects": int,                 # all objects
                "roles": {"character": int, "prop": int, "set": int,
                          "obstacle": int, "practical": int, "effect": int},
                "unassigned": int,              # objects without a role
                "names": {"character": [str, ...], ...},   # object names per role
                "cameras": [str, ...], "lights": [str, ...],
                "active_camera": str | None,
                "frame_start": int, "frame_end": int, "fps": float,
                "animated": int,                # objects with per-frame samples
                "warnings": [str, ...],
            }

        Raises ``ValueError`` when ``graph`` does not have the documented shape.
        """
    def follow_camera(self, graph: dict[str, Any], subject: str | None = None) -> dict[str, Any]:
        """A camera path following ``subject`` (an object's name; by default the first
        moving ``character``) through the scene graph's frame range, a key per frame:
        behind its direction of travel, aiming ahead of it, pulled in wherever an
        ``obstacle`` would block the view::

            {"shot_id": "follow NAME",
             "keys": [{"frame": int, "transform": {...}, "lens_mm": float,
                       "focus_distance": float}, ...]}

        Raises ``ServerError`` when there is nothing to follow or no such object.
        """
    def light_plot(
        self, graph: dict[str, Any], time_of_day: str = "DAY", interior: bool = False
    ) -> list[dict[str, Any]]:
        """Lights for the scene graph's ``character`` objects, as a planned set gets
        them for ``time_of_day`` (``DAY``, ``NIGHT``, ``DAWN``...) inside or out: key,
        fill and back, turned so the key comes from the active camera's left, and a
        point light at each ``practical``. Each is a ``LightData`` dict (``name``,
        ``kind``, ``transform``, ``color``, ``energy``, ``size``)."""
    def breakdown(self, text: str, file_name: str = "script.fountain") -> dict[str, Any]:
        """Break a screenplay down; ``text`` is Fountain (or FDX when ``file_name``
        ends in ``.fdx``). Returns the script breakdown (scenes, characters, elements)
        as the ``oneshot breakdown --json`` output."""
    def plan(
        self,
        script_path: str | None = None,
        production_path: str | None = None,
        out_dir: str | None = None,
        *,
        script_text: str | None = None,
        file_name: str = "script.fountain",
    ) -> dict[str, Any]:
        """Plan a production from a screenplay file (``script_path``) or text
        (``script_text``, exactly one of the two) and an optional production TOML.
        Returns the production plan (the add-on builds and renders it); when
        ``out_dir`` is given the planner also writes ``breakdown.json``,
        ``shotlist.json`` and ``plan.json`` there."""
    def schedule(
        self,
        script_path: str | None = None,
        production_path: str | None = None,
        out_dir: str | None = None,
        *,
        script_text: str | None = None,
        file_name: str = "script.fountain",
    ) -> dict[str, Any]:
        """Schedule the shoot of a screenplay (arguments as for ``plan``). Returns the
        shooting schedule (``{"title", "days": [...], "cast": [...], "cost",
        "lower_bound", "gap", "company_moves", "seconds"}``); when ``out_dir`` is
        given, also writes the stripboard, Day Out of Days, call sheets (with the
        grip and electric of the production's plan), budget and location packet
        (``locations.html``, ``locations.json``, ``permits.csv``) there."""
    def continuity(
        self,
        script_path: str | None = None,
        production_path: str | None = None,
        out_dir: str | None = None,
        *,
        script_text: str | None = None,
        file_name: str = "script.fountain",
    ) -> dict[str, Any]:
        """The wardrobe and hair & makeup continuity of a screenplay (arguments as for
        ``plan``): ``{"title", "scene_count", "characters": [{"name", "script_names",
        "appearances": [{"scene", "costume", "makeup", ...}], "changes"}],
        "undressed", "warnings"}``; when ``out_dir`` is given, also writes
        ``continuity.json``, ``.csv`` and ``.html`` there."""
    def finish(self, out_dir: str) -> dict[str, Any]:
        """After the add-on rendered the plan into ``out_dir`` (``frames/<shot id>.png``):
        write the storyboard and ``manifest.json`` there. Returns the manifest
        (``{"shots": [...], "storyboard": str, "animatic": str}``) plus ``"warnings"``:
        one line per frame that was missing or unreadable (a placeholder panel)."""
    def retro(
        self, pixels: bytes, width: int, height: int, settings: dict[str, Any]
    ) -> tuple[bytes, int, int]:
        """Run the retro pipeline on an RGBA8 frame (``width * height * 4`` bytes,
        rows top to bottom). Returns ``(pixels, width, height)`` of the result."""
    def retro_files(self, paths: list[str], settings: dict[str, Any]) -> dict[str, Any]:
        """Give the PNG or JPEG files at ``paths`` (absolute), as one sequence, the
        retro look in place: one palette and one set of tile sub-palettes for all of
        them, so that colours hold still from frame to frame. Each file is replaced
        atomically; one that fails keeps its content, and the error names it.
        Returns ``{"frames": int, "palette": ["#rrggbb", ...] or None}``."""
    def grade(self, pixels: bytes, width: int, height: int, grade: str) -> bytes:
        """Colour-grade an RGBA8 frame (``width * height * 4`` bytes, rows top to
        bottom; alpha is kept). ``grade`` is a built-in grade name (``neutral``,
        ``teal-orange``, ``noir``, ...) or the absolute path of a ``.toml`` grade or a
        ``.cube`` 3D LUT. Returns the graded pixels, same size."""
    def composite(
        self,
        pixels: bytes,
        width: int,
        height: int,
        layers: list[dict[str, Any]],
        time_s: float,
        seed: int,
    ) -> bytes:
        """Composite effect layers over an RGBA8 frame (as for ``grade``; alpha is
        kept), as it looks ``time_s`` seconds into its shot. ``layers`` are a scene
        plan's ``effects``, composited in order: ``{"kind": "rain" | "snow" | "haze"
        | "smoke" | "lightning" | "fire" | "sparks", "strength": 0..1, "wind":
        -1..1}``. ``seed`` (0 to 2**64 - 1) places the drops and flakes: the same
        frame, time and seed give the same pixels. Returns the pixels, same size."""
    def shutdown(self) -> None:
        """Ask the server to stop (it answers first), then close this client."""
    def close(self) -> None:
        """Close the connection (the server keeps running). Idempotent."""
    def __enter__(self) -> Client: ...
    def __exit__(self, *exc: object) -> None: ...
