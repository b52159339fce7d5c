"""Operators: server start/stop, roles, scene sync, the follow camera, light plot
and wardrobe for the user's own scene, and the production run.

Long operators are generators of steps. ``execute()`` runs every step and
blocks (``-b``, scripts, the ``bpy`` module: timers never fire there);
``invoke()`` runs one step per timer tick from a modal handler, so the UI stays
responsive and Esc cancels between steps. No thread touches ``bpy``.
"""

import os

import bpy
from bpy.app.handlers import persistent
from bpy.props import BoolProperty, EnumProperty, IntProperty

from ..core import graph, screenplay, wardrobe
from ..core.roles import ROLE_DESCRIPTIONS, ROLE_PROPERTY, ROLES
from . import builder, pipeline, retro, scene_reader
from .compat import absolute_path, path_property
from .preferences import client, connection

ENGINE_ITEMS = [("workbench", "Workbench", "Fast, flat shading"), ("cycles", "Cycles", "Path traced")]

# What the panel shows; not saved in the .blend file.
status = {
    "server": "not connected",
    "sync": None,
    "screenplay": None,
    "stripboard": None,
    "progress": "",
    "running": False,
}


# What ``status`` says before anything has run.
_FRESH_STATUS = dict(status)


def server_label():
    """What the panel says of the server: the last Start / Connect's answer, but
    "connected" once an operator has connected again since a Stop or a failure
    (an operator starts a server when none answers)."""
    said = status["server"]
    gone = said in ("stopped", _FRESH_STATUS["server"]) or said.startswith("unreachable")
    return "connected" if gone and connection.connected else said


@persistent
def forget_the_last_file(*_args):
    """Another file is opened or a new one started: what the panel shows of the
    last one (a run's progress and "running" flag, its sync and stripboard) is
    reset. A modal run is ended by Blender itself (``StepOperator.cancel``). The
    connection to the server stays."""
    server = status["server"]
    status.update(_FRESH_STATUS, server=server)


def _redraw(context):
    for window in context.window_manager.windows:
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()


# The steps of the modal run going on, if any: unregistering the add-on closes
# them, which removes what they built.
_running = {"steps": None}


def stop_running():
    """End the modal run going on, if any, its steps closed (see ``unregister``)."""
    steps, _running["steps"] = _running["steps"], None
    if steps is not None:
        steps.close()
        status["running"] = False
        status["progress"] = "cancelled"


class StepOperator:
    """Mix-in: ``steps(context)`` yields progress text; run blocking or modal."""

    _timer = None
    _steps = None

    def steps(self, context):
        raise NotImplementedError

    def _fail(self, err):
        status["progress"] = f"failed: {err}"
        self.report({"ERROR"}, str(err))
        return {"CANCELLED"}

    def _busy(self):
        """One run at a time: a second would remove the scenes the first is building."""
        self.report({"WARNING"}, "oneshot is busy: wait for the run going on, or press Esc to end it")
        return {"CANCELLED"}

    def execute(self, context):
        if status["running"]:
            return self._busy()
        try:
            for line in self.steps(context):
                status["progress"] = line
                print(line)
        except Exception as err:  # a server error or bad plan ends the operator, not Blender
            return self._fail(err)
        return {"FINISHED"}

    def invoke(self, context, _event):
        if status["running"]:
            return self._busy()
        self._steps = _running["steps"] = self.steps(context)
        self._timer = context.window_manager.event_timer_add(0.05, window=context.window)
        context.window_manager.modal_handler_add(self)
        status["running"] = True
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        if event.type == "ESC":
            return self._end(context, {"CANCELLED"}, "cancelled")
        if event.type != "TIMER":
            return {"PASS_THROUGH"}
        try:
            status["progress"] = next(self._steps)
        except StopIteration:
            self.report({"INFO"}, f"{self.bl_label}: {status['progress'] or 'done'}")
            return self._end(context, {"FINISHED"})
        except Exception as err:
            self._end(context, {"CANCELLED"})
            return self._fail(err)
        _redraw(context)
        return {"RUNNING_MODAL"}

    def cancel(self, context):
        """Blender drops the modal run (another file is opened, the window closes):
        it ends as Esc ends it, its timer removed and its steps closed."""
        if self._timer is not None:
            self._end(context, {"CANCELLED"})

    def _end(self, context, result, note=None):
        context.window_manager.event_timer_remove(self._timer)
        self._timer = None
        self._steps.close()
        _running["steps"] = None
        status["running"] = False
        if note:
            status["progress"] = note
        _redraw(context)
        return result


def _screenplay_paths(context):
    """``script_path`` and ``production_path`` from the scene's Oneshot settings, as
    the department requests take them; the screenplay must exist."""
    settings = context.scene.oneshot
    script = absolute_path(settings.script, "screenplay")
    if not script or not os.path.isfile(script):
        raise ValueError(f"no screenplay at {script!r}")
    production = absolute_path(settings.production, "production file") if settings.production else None
    return {"script_path": script, "production_path": production}


class ONESHOT_OT_server_start(bpy.types.Operator):
    """Connect to the oneshot server, starting it when none answers"""

    bl_idname = "oneshot.server_start"
    bl_label = "Start / Connect"

    def execute(self, context):
        try:
            info = client(context).ping()
        except Exception as err:
            status["server"] = f"unreachable: {err}"
            self.report({"ERROR"}, status["server"])
            return {"CANCELLED"}
        status["server"] = f"oneshot {info['version']} (protocol {info['protocol']}, pid {info['pid']})"
        return {"FINISHED"}


class ONESHOT_OT_server_stop(bpy.types.Operator):
    """Stop the oneshot server"""

    bl_idname = "oneshot.server_stop"
    bl_label = "Stop"

    def execute(self, _context):
        if not connection.connected:
            self.report({"INFO"}, "not connected: no server to stop")
            return {"CANCELLED"}
        try:
            connection.stop_server()
        except Exception as err:
            self.report({"WARNING"}, f"the server did not answer: {err}")
        status["server"] = "stopped"
        return {"FINISHED"}


class ONESHOT_OT_set_role(bpy.types.Operator):
    """Set the production role of the selected objects"""

    bl_idname = "oneshot.set_role"
    bl_label = "Set Role"
    bl_options = {"REGISTER", "UNDO"}

    role: EnumProperty(
        name="Role",
        items=[(r, r.title(), ROLE_DESCRIPTIONS[r]) for r in ROLES] + [("NONE", "None", "Clear the role")],
    )

    def execute(self, context):
        objects = context.selected_objects
        if not objects:
            self.report({"WARNING"}, "select the objects to give a role")
            return {"CANCELLED"}
        for obj in objects:
            if self.role == "NONE":
                obj.pop(ROLE_PROPERTY, None)
            else:
                obj[ROLE_PROPERTY] = self.role
        return {"FINISHED"}


class ONESHOT_OT_sync_scene(StepOperator, bpy.types.Operator):
    """Send the scene graph to the server and show what it understood"""

    bl_idname = "oneshot.sync_scene"
    bl_label = "Sync Scene"

    def steps(self, context):
        warnings = []
        scene_graph = scene_reader.read_scene(context.scene, warnings)
        yield f"read {graph.summary(scene_graph)}"
        reply = client(context).sync_scene(scene_graph)
        reply["warnings"] = warnings + list(reply.get("warnings", ()))
        status["sync"] = reply
        yield f"synced {reply['objects']} objects"


class ONESHOT_OT_follow_camera(bpy.types.Operator):
    """Key a camera that follows the active character (or the first moving one) through
    the frame range, looking ahead of it and clear of obstacles"""

    bl_idname = "oneshot.follow_camera"
    bl_label = "Follow Camera"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        active = context.active_object
        subject = active.name if active is not None and active.get(ROLE_PROPERTY) == "character" else None
        try:
            scene_graph = scene_reader.read_scene(context.scene)
            path = client(context).follow_camera(scene_graph, subject)
        except Exception as err:  # nothing to follow, or no server: say so
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        camera = builder.key_follow_camera(context.scene, path)
        self.report({"INFO"}, f"{camera.name}: {len(path['keys'])} keys")
        return {"FINISHED"}


TIME_OF_DAY_ITEMS = [
    (time, time.title(), f"Light the scene for {time.lower()}")
    for time in ("DAY", "NIGHT", "DAWN", "MORNING", "AFTERNOON", "DUSK")
]


class ONESHOT_OT_light_plot(bpy.types.Operator):
    """Light the scene's characters as a planned set is lit (key, fill, back, and the
    practicals), turned to the active camera; replaces the plot placed before"""

    bl_idname = "oneshot.light_plot"
    bl_label = "Light Plot"
    bl_options = {"REGISTER", "UNDO"}

    time_of_day: EnumProperty(name="Time of day", items=TIME_OF_DAY_ITEMS)
    interior: BoolProperty(name="Interior", default=True)

    def execute(self, context):
        try:
            scene_graph = scene_reader.read_scene(context.scene)
            lights = client(context).light_plot(scene_graph, self.time_of_day, self.interior)
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        placed = builder.place_light_plot(context.scene, lights)
        self.report({"INFO"}, f"{len(placed)} lights")
        return {"FINISHED"}


class ONESHOT_OT_dress_characters(bpy.types.Operator):
    """Dress the scene's characters as the production file has them in a scene of the
    screenplay: the costume's colour, and the costume and look names as properties"""

    bl_idname = "oneshot.dress_characters"
    bl_label = "Dress Characters"
    bl_options = {"REGISTER", "UNDO"}

    scene_number: IntProperty(name="Scene", description="Scene of the screenplay", default=1, min=1)

    def execute(self, context):
        try:
            bible = client(context).continuity(**_screenplay_paths(context))
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        characters = [o for o in context.scene.objects if o.get(ROLE_PROPERTY) == "character"]
        dressing = wardrobe.dressing_for(bible, self.scene_number, [o.name for o in characters])
        library = builder.Library()
        for obj in characters:
            if obj.name in dressing:
                builder.dress(obj, library, dressing[obj.name])
        self.report({"INFO"}, f"dressed {len(dressing)} of {len(characters)} characters")
        return {"FINISHED"}


class ONESHOT_OT_produce(StepOperator, bpy.types.Operator):
    """Plan a screenplay, build and render every shot, and cut the storyboard and animatic"""

    bl_idname = "oneshot.produce"
    bl_label = "Produce"

    script: path_property("Screenplay")
    production: path_property("Production file")
    out_dir: path_property("Output folder", "DIR_PATH")
    engine: EnumProperty(name="Engine", items=ENGINE_ITEMS)

    def steps(self, context):
        """Operator properties win; unset ones come from the scene's Oneshot settings.
        A generator throughout, so that a missing path or an unreachable server is
        the operator's one-line error, modal or not."""
        settings = context.scene.oneshot
        script = self.script or settings.script
        out_dir = self.out_dir or settings.out_dir
        production = self.production or settings.production
        if not script or not out_dir:
            raise ValueError("choose a screenplay and an output folder")
        # Paths first: a bad one is refused before the server is started for it.
        script = absolute_path(script, "screenplay")
        out_dir = absolute_path(out_dir, "output folder")
        production = absolute_path(production, "production file") if production else None
        yield from pipeline.produce_steps(
            client(context),
            script,
            out_dir,
            production,
            self.engine if self.properties.is_property_set("engine") else settings.engine,
            retro_settings={"preset": settings.retro_preset} if settings.retro_apply else None,
        )


class ONESHOT_OT_import_screenplay(bpy.types.Operator):
    """Break the screenplay down on the server and list its scenes and cast"""

    bl_idname = "oneshot.import_screenplay"
    bl_label = "Import Screenplay"

    def execute(self, context):
        try:
            path = absolute_path(context.scene.oneshot.script, "screenplay")
            if not path or not os.path.isfile(path):
                raise ValueError(f"no screenplay at {path!r}")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            breakdown = client(context).breakdown(text, os.path.basename(path))
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        status["screenplay"] = screenplay.summary(breakdown)
        self.report({"INFO"}, f"{len(status['screenplay']['scenes'])} scenes")
        return {"FINISHED"}


class ONESHOT_OT_schedule(bpy.types.Operator):
    """Schedule the shoot of the screenplay on the server and show the stripboard summary"""

    bl_idname = "oneshot.schedule"
    bl_label = "Schedule Shoot"

    def execute(self, context):
        try:
            schedule = client(context).schedule(**_screenplay_paths(context))
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        status["stripboard"] = screenplay.stripboard_summary(schedule)
        self.report({"INFO"}, status["stripboard"]["headline"])
        return {"FINISHED"}


class ONESHOT_OT_retro_preview(bpy.types.Operator):
    """Show the last render with the chosen retro look (in the image "oneshot retro preview")"""

    bl_idname = "oneshot.retro_preview"
    bl_label = "Preview on Last Render"

    def execute(self, context):
        try:
            data, width, height = retro.last_render_rgba8()
            settings = {"preset": context.scene.oneshot.retro_preset}
            out, out_width, out_height = client(context).retro(data, width, height, settings)
            retro.show_preview(out, out_width, out_height)
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        return {"FINISHED"}


class ONESHOT_OT_effects_preview(bpy.types.Operator):
    """Show the last render with the chosen effect composited, as it looks at the
    current frame (in the image "oneshot effects preview")"""

    bl_idname = "oneshot.effects_preview"
    bl_label = "Composite on Last Render"

    def execute(self, context):
        scene = context.scene
        settings = scene.oneshot
        layer = {"kind": settings.effect_kind, "strength": settings.effect_strength, "wind": settings.effect_wind}
        fps = scene.render.fps / scene.render.fps_base
        try:
            data, width, height = retro.last_render_rgba8()
            out = client(context).composite(data, width, height, [layer], max(0, scene.frame_current) / fps, 0)
            retro.show_preview(out, width, height, name=retro.EFFECTS_PREVIEW)
        except Exception as err:
            self.report({"ERROR"}, str(err))
            return {"CANCELLED"}
        return {"FINISHED"}


classes = (
    ONESHOT_OT_server_start,
    ONESHOT_OT_server_stop,
    ONESHOT_OT_set_role,
    ONESHOT_OT_sync_scene,
    ONESHOT_OT_follow_camera,
    ONESHOT_OT_light_plot,
    ONESHOT_OT_dress_characters,
    ONESHOT_OT_produce,
    ONESHOT_OT_import_screenplay,
    ONESHOT_OT_schedule,
    ONESHOT_OT_retro_preview,
    ONESHOT_OT_effects_preview,
)
