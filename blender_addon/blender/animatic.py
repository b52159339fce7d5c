"""The animatic: the rendered frames cut together in Blender's sequencer, written
as an H.264 MP4 with Blender's FFmpeg output; the planner's temp mix
(``sound/temp_mix.wav`` beside the movie), when there is one, is its AAC soundtrack."""

import glob
import itertools
import os
import tempfile

import bpy

from ..core import pixels, resume
from ..core import plan as plans
from . import compat
from .render import quiet_stdout

# Written by the planner beside the movie: 48 kHz stereo, exactly the cut's length.
TEMP_MIX = os.path.join("sound", "temp_mix.wav")
# Temp mixes up to this size (about 45 minutes) are held in memory for the mixdown.
MEMORY_CACHE_BYTES = 512 << 20
# Words over the picture (supers, the main title) go on channels from here up,
# above the pictures and the sound, one a line.
WORDS_CHANNEL = 5


def write_animatic(strips, path, resolution, fps, words=()):
    """Cut ``strips`` into ``path`` at ``resolution`` (frames of another size are
    fitted), with ``words`` over them and the temp mix from the first frame when
    the production has one. The movie is rendered under a temporary name, then renamed.

    A strip is ``(image, first frame, length)``, optionally followed by
    ``(channel, opacity, brightness)`` as ``core.plan.cut_strips`` gives them for
    transitions; without them it is on channel 1, opaque, at full brightness. A
    line of words is ``(text, first frame, length, height, size)`` as
    ``core.plan.super_strips``, ``title_strips`` and ``credit_strips`` give them:
    white letters with a shadow, centred, their bottom at ``height`` of the
    picture, ``size`` of it high. Words after the last picture (the end credits)
    lengthen the movie, over black.
    """
    with tempfile.TemporaryDirectory(prefix="oneshot-animatic-") as scratch:
        fitted = _fitted_images({strip[0] for strip in strips}, resolution, scratch)
        strips = [(fitted[image], *rest) for image, *rest in strips]
        return _cut(strips, words, path, resolution, fps)


def _fitted_images(images, resolution, folder):
    """``{image: image at the movie's size}``, scaling once the frames of another size.

    The sequencer would otherwise rescale a held still on every frame it shows
    (a retro look's frames are upscaled for display): six times slower.
    """
    fitted = {}
    for index, image_path in enumerate(sorted(images)):
        size = pixels.png_size(image_path)
        target = pixels.fit_size(size, resolution)
        if target == tuple(size):
            fitted[image_path] = image_path
            continue
        image = bpy.data.images.load(image_path, check_existing=False)
        try:
            image.scale(*target)
            image.filepath_raw = os.path.join(folder, f"{index:05d}.png")
            image.file_format = "PNG"
            image.save()
            fitted[image_path] = image.filepath_raw
        finally:
            bpy.data.images.remove(image)
    return fitted


def _cut(cut, words, path, resolution, fps):
    scene = bpy.data.scenes.new("oneshot animatic")
    try:
        render = scene.render
        # H.264 wants even dimensions.
        render.resolution_x, render.resolution_y = (int(v) + int(v) % 2 for v in resolution)
        render.resolution_percentage = 100
        render.fps = max(1, round(fps))
        render.fps_base = render.fps / fps
        scene.view_settings.view_transform = "Standard"
        editor = scene.sequence_editor_create()
        strips = compat.strips(editor)
        for index, (image, start, length, *mix) in enumerate(cut):
            channel, opacity, brightness = mix or (1, 1.0, 1.0)
            strip = strips.new_image(
                name=f"strip {index + 1}", filepath=image, channel=channel, frame_start=start, fit_method="FIT"
            )
            strip.frame_final_duration = length
            if opacity < 1.0:  # a dissolve: this picture crosses over the one below
                strip.blend_type = "CROSS"
                strip.blend_alpha = opacity
            strip.color_multiply = brightness  # a fade: down to black, or up from it
        free_from = {}  # channel: the frame its last line of words ends on
        for index, (text, start, length, height, size) in enumerate(words):
            channel = next(c for c in itertools.count(WORDS_CHANNEL) if free_from.get(c, start) <= start)
            free_from[channel] = start + length
            strip = compat.new_text_strip(strips, f"words {index + 1}", text, channel, start, length)
            strip.font_size = plans.font_size(text, size, render.resolution_x, render.resolution_y)
            strip.location = (0.5, height)
            strip.color = (1.0, 1.0, 1.0, 1.0)
            strip.use_shadow = True
        scene.frame_start = min((strip[1] for strip in cut), default=1)
        # The end credits run on over black after the last picture.
        scene.frame_end = max((strip[1] + strip[2] - 1 for strip in (*cut, *words)), default=1)

        compat.set_movie_output(render.image_settings)
        render.ffmpeg.format = "MPEG4"
        render.ffmpeg.codec = "H264"
        render.ffmpeg.constant_rate_factor = "MEDIUM"
        render.ffmpeg.ffmpeg_preset = "REALTIME"  # an animatic: encode fast, stills compress well anyway
        _add_soundtrack(scene, strips, os.path.join(os.path.dirname(path), TEMP_MIX))
        render.use_sequencer = True
        render.use_compositing = False
        render.use_file_extension = False  # the temporary name is used as given

        tmp = resume.temp_path(path)
        try:
            render.filepath = tmp
            with quiet_stdout():
                bpy.ops.render.render(animation=True, scene=scene.name)
            written = _movie_written(tmp)
            os.replace(written, path)
        finally:
            for leftover in glob.glob(glob.escape(tmp) + "*"):
                os.remove(leftover)
    finally:
        bpy.data.scenes.remove(scene)
    return path


def _add_soundtrack(scene, strips, wav):
    """Lay ``wav`` under the cut from its first frame and encode it as AAC; without
    it (or in a Blender built without audio) the animatic stays silent."""
    ffmpeg = scene.render.ffmpeg
    ffmpeg.audio_codec = "NONE"
    if not (os.path.isfile(wav) and bpy.app.build_options.audaspace):
        return
    strip = strips.new_sound(name="temp mix", filepath=wav, channel=2, frame_start=scene.frame_start)
    # Read from disk, the mixdown seeks the file for every frame: ten times slower
    # than the whole cut. A feature's mix is too large to hold, and waits instead.
    strip.sound.use_memory_cache = os.path.getsize(wav) <= MEMORY_CACHE_BYTES
    ffmpeg.audio_codec = "AAC"
    ffmpeg.audio_channels = "STEREO"
    ffmpeg.audio_mixrate = 48000
    ffmpeg.audio_bitrate = 192


def _movie_written(tmp):
    """Blender may append the frame range to a movie's name; find what it wrote."""
    if os.path.isfile(tmp) and os.path.getsize(tmp):
        return tmp
    candidates = [c for c in glob.glob(glob.escape(tmp) + "*") if os.path.getsize(c)]
    if not candidates:
        raise RuntimeError(f"Blender wrote no animatic at {tmp}")
    return candidates[0]
