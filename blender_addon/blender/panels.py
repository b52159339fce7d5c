"""The "Oneshot" tab of the 3D viewport's sidebar (N panel)."""

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, PointerProperty

from ..core.looks import retro_presets
from ..core.plan import EFFECT_KINDS
from ..core.roles import ROLE_PROPERTY, ROLES
from .compat import path_property
from .operators import ENGINE_ITEMS, server_label, status

_MAX_LISTED = 12

# EnumProperty keeps no reference to callback items: Blender would read freed strings.
_PRESET_ITEMS = []


def _preset_items(_self, _context):
    if not _PRESET_ITEMS:
        _PRESET_ITEMS.extend((name, name, description) for name, description in retro_presets())
    return _PRESET_ITEMS


class OneshotSceneSettings(bpy.types.PropertyGroup):
    """What the Produce button runs, saved with the .blend file."""

    script: path_property("Screenplay")
    production: path_property("Production")
    out_dir: path_property("Output", "DIR_PATH")
    engine: EnumProperty(name="Engine", items=ENGINE_ITEMS)
    retro_preset: EnumProperty(name="Look", items=_preset_items)
    retro_apply: BoolProperty(
        name="Apply to batch renders",
        description="Give every frame Produce renders this retro look",
    )
    effect_kind: EnumProperty(name="Effect", items=EFFECT_KINDS)
    effect_strength: FloatProperty(name="Strength", default=0.7, min=0.0, max=1.0)
    effect_wind: FloatProperty(
        name="Wind", default=0.0, min=-1.0, max=1.0, description="Blowing to the left (-1) or right (1)"
    )


class OneshotPanel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Oneshot"


class ONESHOT_PT_server(OneshotPanel, bpy.types.Panel):
    bl_label = "Server"

    def draw(self, _context):
        layout = self.layout
        layout.label(text=server_label(), icon="LINKED")
        row = layout.row(align=True)
        row.operator("oneshot.server_start", icon="PLAY")
        row.operator("oneshot.server_stop", icon="PAUSE")


class ONESHOT_PT_roles(OneshotPanel, bpy.types.Panel):
    bl_label = "Roles"

    def draw(self, context):
        layout = self.layout
        selected = context.selected_objects
        if not selected:
            layout.label(text="Select objects to give them a role")
            return
        grid = layout.grid_flow(columns=3, align=True)
        for role in ROLES:
            grid.operator("oneshot.set_role", text=role.title()).role = role
        grid.operator("oneshot.set_role", text="None").role = "NONE"
        box = layout.box()
        for obj in selected[:_MAX_LISTED]:
            row = box.row()
            row.label(text=obj.name, icon="OBJECT_DATA")
            role = obj.get(ROLE_PROPERTY)
            row.label(text=str(role) if role else "-")
        if len(selected) > _MAX_LISTED:
            box.label(text=f"... and {len(selected) - _MAX_LISTED} more")


class ONESHOT_PT_sync(OneshotPanel, bpy.types.Panel):
    bl_label = "Scene Sync"

    def draw(self, _context):
        layout = self.layout
        layout.operator("oneshot.sync_scene", icon="FILE_REFRESH")
        layout.operator("oneshot.follow_camera", icon="CAMERA_DATA")
        layout.operator("oneshot.light_plot", icon="LIGHT")
        reply = status["sync"]
        if not reply:
            return
        box = layout.box()
        box.label(text=f"{reply['scene']}: {reply['objects']} objects, {reply['animated']} animated")
        for role in ROLES:
            names = reply.get("names", {}).get(role, [])
            if names:
                box.label(text=f"{role}: {', '.join(names[:6])}{' ...' if len(names) > 6 else ''}")
        if reply.get("unassigned"):
            box.label(text=f"{reply['unassigned']} without a role")
        box.label(text=f"cameras: {', '.join(reply.get('cameras', [])) or '-'}")
        box.label(text=f"lights: {', '.join(reply.get('lights', [])) or '-'}")
        box.label(text=f"frames {reply['frame_start']}-{reply['frame_end']} @ {reply['fps']:g} fps")
        for warning in reply.get("warnings", ()):
            box.label(text=warning, icon="ERROR")


class ONESHOT_PT_produce(OneshotPanel, bpy.types.Panel):
    bl_label = "Produce"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.oneshot
        layout.prop(settings, "script")
        layout.prop(settings, "production")
        layout.prop(settings, "out_dir")
        layout.prop(settings, "engine")
        row = layout.row()
        row.enabled = not status["running"]
        row.operator("oneshot.produce", icon="RENDER_ANIMATION")
        if status["progress"]:
            layout.label(text=status["progress"])


def _list_lines(box, lines, more_of=""):
    """The first lines in ``box``, then how many more there are: a panel stays short."""
    for line in lines[:_MAX_LISTED]:
        box.label(text=line)
    if len(lines) > _MAX_LISTED:
        box.label(text=f"... and {len(lines) - _MAX_LISTED} more{more_of}")


class ONESHOT_PT_screenplay(OneshotPanel, bpy.types.Panel):
    bl_label = "Import Screenplay"

    def draw(self, context):
        layout = self.layout
        layout.prop(context.scene.oneshot, "script")
        layout.operator("oneshot.import_screenplay", icon="TEXT")
        found = status["screenplay"]
        if not found:
            return
        layout.label(text=found["title"])
        for heading, lines in (("Scenes", found["scenes"]), ("Cast", found["cast"])):
            box = layout.box()
            box.label(text=f"{heading} ({len(lines)})")
            _list_lines(box, lines)


class ONESHOT_PT_stripboard(OneshotPanel, bpy.types.Panel):
    bl_label = "Stripboard"

    def draw(self, context):
        layout = self.layout
        layout.prop(context.scene.oneshot, "production")
        layout.operator("oneshot.schedule", icon="SEQ_STRIP_DUPLICATE")
        layout.operator("oneshot.dress_characters", icon="MATCLOTH")
        board = status["stripboard"]
        if not board:
            return
        layout.label(text=board["headline"])
        _list_lines(layout.box(), board["days"], " days")


class ONESHOT_PT_retro(OneshotPanel, bpy.types.Panel):
    bl_label = "Retro"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.oneshot
        layout.prop(settings, "retro_preset")
        layout.operator("oneshot.retro_preview", icon="IMAGE_DATA")
        layout.prop(settings, "retro_apply")


class ONESHOT_PT_effects(OneshotPanel, bpy.types.Panel):
    bl_label = "Effects"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.oneshot
        layout.prop(settings, "effect_kind")
        layout.prop(settings, "effect_strength")
        layout.prop(settings, "effect_wind")
        layout.operator("oneshot.effects_preview", icon="FORCE_WIND")
        layout.label(text="Produce composites each scene's own effects")


classes = (
    OneshotSceneSettings,
    ONESHOT_PT_server,
    ONESHOT_PT_roles,
    ONESHOT_PT_sync,
    ONESHOT_PT_screenplay,
    ONESHOT_PT_stripboard,
    ONESHOT_PT_produce,
    ONESHOT_PT_retro,
    ONESHOT_PT_effects,
)


def register_properties():
    bpy.types.Scene.oneshot = PointerProperty(type=OneshotSceneSettings)


def unregister_properties():
    del bpy.types.Scene.oneshot
