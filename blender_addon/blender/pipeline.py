"""The production pipeline on the Blender side: plan (server), build, render, the cut
(``animatic.mp4``, or ``movie.mp4`` for a full-motion plan), finish (server).

``produce_steps`` is a generator that yields a progress line after each unit of
work, so the same code runs blocking (``produce``: ``-b`` and the ``bpy`` module,
where timers never fire) and step by step from a modal operator in the UI.
"""

import hashlib
import os
from typing import NamedTuple, Optional

from ..core import looks, pixels, resume
from ..core import plan as plans
from ..core.progress import Progress, StageTimer
from . import animatic, builder, render, retro

SOUND_CUES = os.path.join("sound", "cues.json")
ENGINES = ("workbench", "cycles")


class Post(NamedTuple):
    """What a scene's rendered frames get, in this order: its effect layers
    composited, its grade (``None``: none), the retro look (``None``: none)."""

    effects: list
    grade: Optional[str]
    retro_look: Optional[dict]
    fps: float


def _shot_files(out_dir, shot, setup):
    frames = plans.render_frames(setup)
    still = plans.still_path(out_dir, shot["id"])
    sequence = plans.sequence_paths(out_dir, shot["id"], frames) if len(frames) > 1 else []
    return frames, still, sequence


def _cut_size(entries, plan):
    """The cut's frame size: its frames' own. A retro look's frames are its pixels
    shown at a whole multiple (the NES's 398x224 twice over for a plan of 480x270),
    which fitting to the plan's render size would blur into a moire; without a look
    they are the plan's size. The plan's size when the first frame cannot be read."""
    try:
        return tuple(pixels.png_size(entries[0][1][0]))
    except (OSError, ValueError):
        return tuple(plan["resolution"])


def _grade(plan, scene_plan, production):
    """A scene's grade for the server: its own ``color_grade``, else the plan's;
    ``None`` for neutral, a grade file (``.toml`` or ``.cube``) made absolute from
    the production file's folder."""
    grade = (scene_plan.get("color_grade") or plan.get("color_grade") or "").strip()
    if not grade or grade.lower() == "neutral":
        return None
    if os.path.splitext(grade)[1].lower() in (".toml", ".cube"):
        folder = os.path.dirname(os.path.abspath(production)) if production else os.getcwd()
        return os.path.join(folder, os.path.expanduser(grade))
    return grade


def _grade_stamp(grade):
    """What the resume fingerprint keeps of a grade: its name, or a file's path and content."""
    if grade is None or not os.path.isfile(grade):
        return grade
    return [grade, _file_digest(grade)]


def _file_digest(path):
    """SHA-256 of a (small) file's content, or None when there is no such file."""
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None


class Built(NamedTuple):
    """What was built for a scene: its pieces (see ``builder.built_pieces``), its
    lights (``builder.built_lights``), the library of their meshes and materials,
    and the scene's plan they were built from."""

    pieces: dict
    lights: dict
    library: builder.Library
    plan: dict


def _render_shot(scene, camera, built, out_dir, shot, setup, client, post):
    """Render the shot's frames (a held shot once, see ``plans.is_held``), its
    lamps standing where it relights them, its
    speaker gesturing, its walkers and doors posed and its practicals dimmed for
    each (of what was ``built``); each frame gets the scene's effects and the shot's own
    (an explosion's blast) composited and is graded (``post.grade``), then the
    shot's frames are given the retro look (``post.retro_look`` settings) by the
    server as one sequence, so a camera move keeps its colours from frame to frame."""
    frames, still, sequence = _shot_files(out_dir, shot, setup)
    paths = sequence or [still]

    pieces = built.pieces

    def moving(kind, name):
        return [(pieces[m[name]], m) for m in setup.get(kind) or () if m[name] in pieces]

    walkers, gesturers = moving("walks", "character"), moving("gestures", "character")
    doors = moving("doors", "piece")
    # The lamps as they stand for this set-up: the plot's, those it relights moved.
    relit = [(built.lights[light["name"]][0], light) for light in setup.get("relit") or () if light["name"] in built.lights]
    lights = dict(built.lights) | {light["name"]: (obj, light) for obj, light in relit}
    dimmers = [
        (lights[d["light"]], pieces[d["piece"]], d)
        for d in setup.get("dimmers") or ()
        if d["light"] in lights and d["piece"] in pieces
    ]
    # Lamps of the plot that ride a practical's dimmer: by night, the key and back it motivates.
    riders = [
        (lights[name], d)
        for d in setup.get("dimmers") or ()
        if d["piece"] in pieces
        for name in d.get("rides") or ()
        if name in lights
    ]
    plate = None  # a held shot's one render, before its effects and grade
    try:
        for obj, light in relit:
            builder.stand_light(obj, light)
        builder.light_workbench(scene, plans.lit_for(built.plan, setup), setup)
        for (root, _piece), gesture in gesturers:
            builder.pose_gesture(root, gesture)
        for frame, path in zip(frames, paths):
            if plate is not None:
                resume.write_atomic(path, plate)
            else:
                builder.pose_camera(camera, setup, frame)
                for (root, _piece), walk in walkers:
                    builder.pose_walk(root, walk, frame, post.fps)
                for (door, _piece), swing in doors:
                    builder.pose_swing(door, swing, frame)
                for light, (obj, piece_plan), dimmer in dimmers:
                    level = plans.dimmer_level(dimmer, frame)
                    builder.dim(*light, obj, piece_plan, built.library, level)
                for light, dimmer in riders:
                    builder.set_level(*light, plans.dimmer_level(dimmer, frame))
                render.render_frame(scene, camera, frame, path)
                if plans.is_held(setup):
                    with open(path, "rb") as f:
                        plate = f.read()
            effects = None
            layers = [*post.effects, *(setup.get("effects") or ())]  # the scene's, then the shot's own
            if layers:
                effects = (layers, plans.shot_seconds(setup, frame, post.fps), setup.get("effects_seed", 0))
            retro.post_file(client, path, effects, post.grade)
    finally:
        for (obj, piece), _posed in walkers + gesturers + doors:
            builder.put_back(obj, piece)
        for light, (obj, piece_plan), _dimmer in dimmers:  # lit, as the plot has it
            builder.dim(*light, obj, piece_plan, built.library, 1.0)
        for light, _dimmer in riders:
            builder.set_level(*light, 1.0)
        for obj, light in relit:  # back where the scene's plot has them
            builder.stand_light(obj, built.lights[light["name"]][1])
        builder.light_workbench(scene, built.plan)
    if post.retro_look:
        client.retro_files(paths, post.retro_look)
    if not sequence:
        return
    with open(sequence[len(sequence) // 2], "rb") as f:  # the storyboard shows mid-move
        resume.write_atomic(still, f.read())


def produce_steps(client, script, out_dir, production=None, engine=None, log=print, retro_settings=None):
    """Run the whole pipeline into ``out_dir``, yielding a progress line per step.

    Frames get their scene's effects composited, its colour grade (else the plan's), then
    the retro look of ``retro_settings``, else the plan's, if any.
    Returns (as the generator's value) the manifest the server wrote.
    """
    timer = StageTimer()
    out_dir = os.path.abspath(out_dir)
    with timer.stage("plan"):
        plan = client.plan(
            script_path=os.path.abspath(script),
            production_path=os.path.abspath(production) if production else None,
            out_dir=out_dir,
        )
    # Made once there is a plan: a screenplay the server refuses leaves no folders.
    os.makedirs(os.path.join(out_dir, "frames"), exist_ok=True)
    resume.remove_stale_temps(out_dir)
    if engine:
        if engine not in ENGINES:
            raise plans.PlanError(f"unknown engine {engine!r} (expected one of: {', '.join(ENGINES)})")
        plan["engine"] = engine
    for warning in plan.get("warnings", ()):
        log(f"warning: {warning}")
    groups = plans.shots_by_scene(plan)
    yield f"planned {plan['title']!r}: {len(groups)} scenes, {len(plan['shots'])} shots"

    settings = {k: plan[k] for k in ("engine", "resolution", "samples", "fps", "style")}
    # Frames made by another oneshot (its plans, grades and looks) or another Blender
    # (its renderers) are made again.
    made_by = {"oneshot": client.ping()["version"], "blender": render.blender_version()}
    retro_look = looks.request_settings(retro_settings or plan.get("retro"))
    state = resume.RenderState(out_dir)
    setups = {setup["shot_id"]: setup for setup in plan["setups"]}
    files = {shot["id"]: _shot_files(out_dir, shot, setups[shot["id"]]) for shot in plan["shots"]}
    # The render state's keys: the shots it rendered and the cut.
    cuts = {plans.ANIMATIC, plans.MOVIE}
    resume.remove_outdated_frames(
        os.path.join(out_dir, "frames"),
        {plans.safe_name(shot_id) for shot_id in (set(files) | set(state.done)) - cuts},
        [path for _, still, sequence in files.values() for path in (still, *sequence)],
    )
    state.keep_only(set(files) | cuts)
    progress = Progress(len(plan["shots"]))
    # A run that was killed, its file saved on the way, left its scene behind.
    builder.remove_built_scenes()
    library = builder.Library()
    try:
        for scene_plan, pairs in groups:
            grade = _grade(plan, scene_plan, production)
            layers = plans.composited_layers(scene_plan, plan["engine"], plan["style"])
            post = Post(layers, grade, retro_look, plan["fps"])
            # Without a grade the fingerprint is the one of frames rendered before grading existed.
            stamps = [retro_look] if grade is None else [retro_look, _grade_stamp(grade)]
            pending = []
            for shot, setup in pairs:
                stamp = resume.fingerprint(scene_plan, shot, plans.rendered(setup), settings, made_by, *stamps)
                _frames, still, sequence = files[shot["id"]]
                if state.is_done(shot["id"], stamp, [still, *sequence]):
                    progress.skip()
                else:
                    pending.append((shot, setup, stamp))
            if not pending:
                yield progress.line(f"scene {scene_plan['scene']} already rendered")
                continue
            with timer.stage("build"):
                scene, cameras = builder.build_scene(scene_plan, [s for _, s, _ in pending], library)
                pieces, lights = builder.built_pieces(scene, scene_plan), builder.built_lights(scene, scene_plan)
                built = Built(pieces, lights, library, scene_plan)
                render.configure(scene, **settings)
            try:
                for shot, setup, stamp in pending:
                    with timer.stage("render"):
                        started = timer.clock()
                        _render_shot(scene, cameras[shot["id"]], built, out_dir, shot, setup, client, post)
                        state.mark_done(shot["id"], stamp)
                        progress.finish(timer.clock() - started)
                    yield progress.line(f"shot {shot['id']} ({shot['size']} {shot['kind']})")
            finally:
                with timer.stage("build"):
                    builder.remove_scene(scene)
    finally:
        # The scenes are gone: their shared meshes and materials go with them.
        library.release()

    with timer.stage("post"):
        entries = []
        for shot in plan["shots"]:  # cutting order
            _frames, still, sequence = files[shot["id"]]
            entries.append((shot["duration_s"], sequence or [still]))
        cut = plans.cut_name(plan)
        if entries:
            strips = plans.cut_strips(entries, plan)
            words = (
                plans.title_strips(plan, entries)
                + plans.super_strips(plan, entries)
                + plans.credit_strips(plan, entries)
            )
            movie = os.path.join(out_dir, cut)
            shot_stamps = [state.done.get(shot["id"]) for shot in plan["shots"]]
            # The temp mix is made from the cue sheet (small) at the target format's
            # loudness: those two stand for the (large) WAV.
            soundtrack = [_file_digest(os.path.join(out_dir, SOUND_CUES)), plan.get("target_format")]
            # Without words over it the fingerprint is the one of cuts made before they existed.
            over = [words] if words else []
            size = _cut_size(entries, plan)
            stamp = resume.fingerprint(strips, size, plan["fps"], shot_stamps, soundtrack, *over)
            if state.is_done(cut, stamp, [movie]):
                log(f"{cut} is up to date")
            else:
                animatic.write_animatic(strips, movie, size, plan["fps"], words)
                state.mark_done(cut, stamp)
        else:
            log(f"warning: the plan has no shots; no {cut}")
        # One cut per folder: the other kind, from a run before the production
        # turned full motion on or off, is out of date.
        for stale in (plans.ANIMATIC, plans.MOVIE):
            if stale != cut and os.path.exists(os.path.join(out_dir, stale)):
                os.remove(os.path.join(out_dir, stale))
        manifest = client.finish(out_dir)
    yield f"wrote {cut}, storyboard, edit and manifest in {out_dir}"
    log(timer.report())
    return manifest


def produce(client, script, out_dir, production=None, engine=None, log=print, retro_settings=None):
    """Run :func:`produce_steps` to the end, logging each line; returns the manifest."""
    steps = produce_steps(client, script, out_dir, production, engine, log, retro_settings)
    while True:
        try:
            log(next(steps))
        except StopIteration as done:
            return done.value
