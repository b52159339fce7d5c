"""Render settings and writing rendered frames safely."""

import os
import sys
from contextlib import contextmanager

import bpy

from ..core import resume
from ..core.plan import renders_air
from . import compat
from .builder import ATMOSPHERE


def blender_version():
    """The Blender that renders, as ``"5.0.1"``: its renderers are part of a frame's making."""
    return bpy.app.version_string


def configure(scene, engine="workbench", resolution=(960, 540), samples=16, fps=24.0, style="photorealistic"):
    """Set a scene up to render PNG frames with ``engine`` (``workbench`` or ``cycles``).

    ``style`` is the production's: ``stylized`` draws ink lines round every object
    and, in Workbench, fills them with flat colour, a cel look. The other styles
    render as shaded; the pixel styles get their look afterwards, from the retro
    pipeline.
    """
    render = scene.render
    render.engine = compat.engine_id(engine)
    render.resolution_x, render.resolution_y = (int(v) for v in resolution)
    render.resolution_percentage = 100
    render.fps = max(1, round(fps))
    render.fps_base = render.fps / fps
    render.use_file_extension = True
    settings = render.image_settings
    settings.file_format = "PNG"
    settings.color_mode = "RGB"
    settings.color_depth = "8"
    settings.compression = 15  # render time dominates; do not spend it compressing
    # "Standard" shows the plan's sRGB colours as given (Filmic/AgX would shift them).
    scene.view_settings.view_transform = "Standard"
    scene.view_settings.look = "None"
    cel = style == "stylized"
    if engine == "cycles":
        scene.cycles.device = "CPU"
        scene.cycles.samples = max(1, int(samples))
        compat.disable_denoising(scene)
        # Workbench has no Freestyle; Cycles draws its lines.
        render.use_freestyle = cel
        if cel:
            render.line_thickness_mode = "ABSOLUTE"
            render.line_thickness = 1.5
    elif engine == "workbench":
        shading = scene.display.shading
        shading.color_type = "MATERIAL"
        shading.light = "FLAT" if cel else "STUDIO"
        shading.show_shadows = not cel
        shading.shadow_intensity = 0.4
        shading.show_object_outline = cel
        shading.object_outline_color = (0.0, 0.0, 0.0)
        scene.display.render_aa = "5"
    # Workbench would draw a set's haze as a solid box, and ink lines its edges.
    for obj in scene.objects:
        if obj.get(ATMOSPHERE):
            obj.hide_render = not renders_air(engine, style)


def render_frame(scene, camera, frame, path):
    """Render ``frame`` through ``camera`` to ``path`` (PNG); the file appears complete or not at all."""
    scene.camera = camera
    scene.frame_set(frame)
    tmp = resume.temp_path(path)
    try:
        scene.render.filepath = tmp
        with quiet_stdout():
            result = bpy.ops.render.render(write_still=True, scene=scene.name)
        if "CANCELLED" in result:
            # Ctrl-C or Esc stops Blender's render, which writes nothing.
            raise KeyboardInterrupt(f"the render of {path} was interrupted")
        if not os.path.getsize(tmp):
            raise RuntimeError(f"Blender wrote no image for {path}")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


@contextmanager
def quiet_stdout():
    """Silence Blender's per-tile and "Saved:" chatter on stdout (errors still reach stderr)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
