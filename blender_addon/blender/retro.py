"""Retro looks and effects on Blender images: previews on the last render; the
effects and the colour grade of rendered frames (their retro look is the
server's, on the files, see ``pipeline``)."""

import array
import os
import tempfile

import bpy

from ..core import pixels

PREVIEW = "oneshot retro preview"
EFFECTS_PREVIEW = "oneshot effects preview"


def image_rgba8(image):
    """``(RGBA8 bytes top row first, width, height)`` of a loaded Blender image."""
    width, height = image.size
    floats = array.array("f", bytes(4 * width * height * 4))
    image.pixels.foreach_get(floats)
    return pixels.floats_to_rgba8(floats, width, height), width, height


def file_rgba8(path):
    image = bpy.data.images.load(path, check_existing=False)
    try:
        return image_rgba8(image)
    finally:
        bpy.data.images.remove(image)


def last_render_rgba8():
    """The last render's pixels (Blender only gives them by saving the render result)."""
    result = bpy.data.images.get("Render Result")
    fd, path = tempfile.mkstemp(suffix=".png")
    os.close(fd)
    try:
        try:
            result.save_render(path)
        except (AttributeError, RuntimeError):  # no result, or a result without pixels
            raise RuntimeError("render a frame first (F12): there is no render result to preview") from None
        return file_rgba8(path)
    finally:
        os.remove(path)


def show_preview(data, width, height, name=PREVIEW):
    """Put RGBA8 pixels in the image ``name`` and show it in an image editor."""
    image = bpy.data.images.get(name)
    if image is not None and tuple(image.size) != (width, height):
        bpy.data.images.remove(image)
        image = None
    if image is None:
        image = bpy.data.images.new(name, width, height, alpha=True)
    image.pixels.foreach_set(pixels.rgba8_to_floats(data, width, height))
    image.update()
    for window in getattr(bpy.context.window_manager, "windows", ()):
        for area in window.screen.areas:
            if area.type == "IMAGE_EDITOR":
                area.spaces.active.image = image
    return image


def post_file(client, path, effects=None, grade=None):
    """Replace the PNG at ``path`` (written atomically, once) by its version with
    ``effects`` composited, then graded with ``grade`` (a grade name or absolute
    file path), both by the server. ``effects`` is ``(layers, time_s, seed)``: a
    scene plan's ``effects`` as they look ``time_s`` seconds into the shot."""
    if not effects and not grade:
        return
    data, width, height = file_rgba8(path)
    if effects:
        layers, time_s, seed = effects
        data = client.composite(data, width, height, layers, time_s, seed)
    if grade:
        data = client.grade(data, width, height, grade)
    pixels.write_png(path, data, width, height)
