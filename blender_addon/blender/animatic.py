"""The animatic: the rendered frames cut together in Blender's sequencer, written
as an H.264 MP4 with Blender's FFmpeg output."""

import glob
import os

import bpy

from ..core import resume
from . import compat
from .render import quiet_stdout


def write_animatic(segments, path, resolution, fps):
    """Cut ``segments`` (``(image, first frame, length)``, see ``core.plan.edit_segments``)
    into ``path``. The movie is rendered under a temporary name, then renamed."""
    scene = bpy.data.scenes.new("oneshot animatic")
    try:
        render = scene.render
        # H.264 wants even dimensions; a retro look can make odd ones.
        render.resolution_x, render.resolution_y = (int(v) + int(v) % 2 for v in resolution)
        render.resolution_percentage = 100
        render.fps = max(1, round(fps))
        render.fps_base = render.fps / fps
        scene.view_settings.view_transform = "Standard"
        editor = scene.sequence_editor_create()
        strips = compat.strips(editor)
        for index, (image, start, length) in enumerate(segments):
            strip = strips.new_image(
                name=f"shot {index + 1}", filepath=image, channel=1, frame_start=start, fit_method="FIT"
            )
            strip.frame_final_duration = length
        scene.frame_start = segments[0][1] if segments else 1
        scene.frame_end = segments[-1][1] + segments[-1][2] - 1 if segments else 1

        compat.set_movie_output(render.image_settings)
        render.ffmpeg.format = "MPEG4"
        render.ffmpeg.codec = "H264"
        render.ffmpeg.constant_rate_factor = "MEDIUM"
        render.ffmpeg.audio_codec = "NONE"
        render.use_sequencer = True
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


def _movie_written(tmp):
    """Blender may append the frame range to a movie's name; find what it wrote."""
    if os.path.isfile(tmp) and os.path.getsize(tmp):
        return tmp
    candidates = [c for c in glob.glob(glob.escape(tmp) + "*") if os.path.getsize(c)]
    if not candidates:
        raise RuntimeError(f"Blender wrote no animatic at {tmp}")
    return candidates[0]
