"""The scripted entry point: run oneshot through the Blender add-on, headless.

    blender -b -P examples/run.py -- --check
    python examples/run.py -- --check                 (Python with the bpy module)
    blender -b -P examples/run.py -- --script FILE [--production FILE] --out DIR [--engine cycles]

``--check`` enables the add-on from this checkout, sends the current scene graph
to the server and prints what came back in one line. ``--script`` runs the whole
production: plan, build and render every shot, the cut (animatic.mp4, or movie.mp4
with full motion), storyboard and manifest.
Exits non-zero with a message on any failure. A server is started when none
answers (``ONESHOT_SERVER`` names the binary, ``ONESHOT_SOCKET`` the socket) and
stopped again at the end.
"""

import argparse
import os
import signal
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args(argv):
    args = argv[argv.index("--") + 1:] if "--" in argv else argv[1:]
    parser = argparse.ArgumentParser(prog="run.py", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="round-trip the current scene graph")
    mode.add_argument("--script", metavar="FILE", help="screenplay (Fountain) to produce")
    parser.add_argument("--production", metavar="FILE", help="production TOML")
    parser.add_argument("--out", metavar="DIR", help="output folder (with --script)")
    parser.add_argument("--engine", choices=("workbench", "cycles"), help="render engine")
    parsed = parser.parse_args(args)
    if parsed.script and not parsed.out:
        parser.error("--script needs --out DIR")
    for name in ("script", "production"):
        path = getattr(parsed, name)
        if path and not os.path.isfile(path):
            parser.error(f"--{name}: no such file: {path}")
    return parsed


def check(client, scene_reader, graph):
    warnings = []
    scene_graph = scene_reader.read_scene(None, warnings)
    reply = client.sync_scene(scene_graph)
    info = client.ping()
    roles = ", ".join(f"{n} {r}" for r, n in reply["roles"].items() if n)
    notes = warnings + list(reply.get("warnings", ()))
    print(
        f"oneshot check ok: server {info['version']} understood scene {reply['scene']!r}:"
        f" {reply['objects']} objects ({roles or 'no roles'}; {reply['unassigned']} unassigned),"
        f" {len(reply['cameras'])} cameras, {len(reply['lights'])} lights,"
        f" frames {reply['frame_start']}-{reply['frame_end']} @ {reply['fps']:g} fps"
        f" [sent: {graph.summary(scene_graph)}]" + (f"; warnings: {'; '.join(notes)}" if notes else "")
    )


def main(argv):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    # Blender builds without the wheel installed find it where `make` builds it.
    os.environ.setdefault("ONESHOT_WHEELS", os.path.join(REPO, "target", "wheels"))
    try:
        import bpy  # noqa: F401  (inside Blender, or the bpy module)
    except ImportError:
        raise SystemExit("run.py: needs Blender (blender -b -P examples/run.py -- ...) or the bpy module")

    import blender_addon
    from blender_addon.blender import pipeline, preferences, scene_reader
    from blender_addon.core import graph

    blender_addon.register()
    try:
        # The add-on's own connection: ONESHOT_SOCKET and ONESHOT_SERVER apply. A
        # server this run has to start is its own (see `Connection.client`).
        client = preferences.client(private=True)
        if args.check:
            check(client, scene_reader, graph)
        else:
            manifest = pipeline.produce(client, args.script, args.out, args.production, args.engine)
            print(f"oneshot: {len(manifest.get('shots', []))} shots in {os.path.abspath(args.out)}")
    finally:
        # Stops a server this run started; a failure to is no failure of the run's.
        preferences.connection.stop_started()
        blender_addon.unregister()


def _stop(signum, _frame):
    """SIGTERM ends the run as Ctrl-C does: the finally blocks run, so a server
    this run started is stopped and no half-written file is left."""
    raise KeyboardInterrupt(f"run.py: stopped by signal {signum}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    try:
        main(sys.argv)
    except SystemExit:
        raise
    except KeyboardInterrupt as stop:
        print(f"run.py: interrupted ({stop or 'Ctrl-C'}); rerun to go on where it stopped", file=sys.stderr)
        sys.exit(130)
    except Exception as err:  # every failure ends with a message and a non-zero exit
        print(f"run.py: error: {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
