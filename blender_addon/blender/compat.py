"""The few API differences between the Blenders the add-on supports (3.4 to 5.0)."""

import bpy

VERSION = bpy.app.version


def strips(sequence_editor):
    """The sequencer's top-level strips (``sequences`` until 4.x, ``strips`` from 5.0)."""
    return sequence_editor.strips if hasattr(sequence_editor, "strips") else sequence_editor.sequences


def new_text_strip(strips, name, text, channel, start, length):
    """A text strip over frames ``start`` to ``start + length`` (``new_effect`` takes a
    ``length`` from 5.0, a ``frame_end`` before), centred on its location with its
    bottom there (``anchor_x``/``anchor_y`` from 4.x, ``align_x``/``align_y`` before)."""
    parameters = {p.identifier for p in strips.bl_rna.functions["new_effect"].parameters}
    span = {"length": length} if "length" in parameters else {"frame_end": start + length}
    strip = strips.new_effect(name=name, type="TEXT", channel=channel, frame_start=start, **span)
    strip.text = text
    if hasattr(strip, "anchor_x"):
        strip.anchor_x, strip.anchor_y, strip.alignment_x = "CENTER", "BOTTOM", "CENTER"
    else:
        strip.align_x, strip.align_y = "CENTER", "BOTTOM"
    return strip


# Path properties say they take `//` (relative to the .blend) from 4.5 on, which
# warns of any that do not; earlier Blenders know no such option.
BLEND_RELATIVE = {"options": {"PATH_SUPPORTS_BLEND_RELATIVE"}} if VERSION >= (4, 5) else {}


def path_property(name, subtype="FILE_PATH"):
    """A string property holding a file (or, ``DIR_PATH``, a folder) path, ``//`` allowed."""
    return bpy.props.StringProperty(name=name, subtype=subtype, **BLEND_RELATIVE)


def absolute_path(path, what):
    """``path`` made absolute, ``//`` read relative to the .blend file; an error
    naming ``what`` for a ``//`` path in a file never saved, which has no folder."""
    if path.startswith("//") and not bpy.data.filepath:
        raise ValueError(f"the {what} {path!r} is relative to the .blend file: save it first")
    return bpy.path.abspath(path)


def engine_id(name):
    """Blender's render engine id for ``workbench``, ``cycles`` or ``eevee``."""
    if name == "eevee":
        return "BLENDER_EEVEE_NEXT" if (4, 2) <= VERSION < (5, 0) else "BLENDER_EEVEE"
    return {"workbench": "BLENDER_WORKBENCH", "cycles": "CYCLES"}[name]


def ensure_node_tree(material):
    """Give a material its node tree (5.0 always has one; ``use_nodes`` is deprecated there)."""
    if material.node_tree is None:
        material.use_nodes = True
    return material.node_tree


def set_emission(bsdf, color, strength):
    """Make a Principled BSDF glow (its colour input is ``Emission`` until 3.6, ``Emission Color`` from 4.0)."""
    name = "Emission Color" if "Emission Color" in bsdf.inputs else "Emission"
    bsdf.inputs[name].default_value = color
    bsdf.inputs["Emission Strength"].default_value = strength


def blend_alpha(material):
    """Let EEVEE show what is behind a material's alpha (``surface_render_method`` from 4.2,
    ``blend_method`` before); Cycles and Workbench do anyway."""
    if hasattr(material, "surface_render_method"):
        material.surface_render_method = "BLENDED"
    else:
        material.blend_method = "BLEND"


def ensure_world_node_tree(world):
    if world.node_tree is None:
        world.use_nodes = True
    return world.node_tree


def disable_denoising(scene):
    """Debian's 3.4 is built without OpenImageDenoise: a denoised render would fail there."""
    scene.cycles.use_denoising = False
    if hasattr(scene.cycles, "use_preview_denoising"):
        scene.cycles.use_preview_denoising = False


def set_movie_output(image_settings):
    """Write a movie with FFmpeg (5.0 first switches the output's media type to video)."""
    if hasattr(image_settings, "media_type"):
        image_settings.media_type = "VIDEO"
    image_settings.file_format = "FFMPEG"
