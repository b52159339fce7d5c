"""oneshot: a one-shot movie production system, driven from Blender.

The add-on is a thin client of the oneshot server (Rust): it sends the scene
graph, builds and renders production plans, and cuts the animatic. Pure-Python
logic lives in ``core`` (no ``bpy``); the ``bpy`` layer is ``blender``.

Installs as an extension on Blender 4.2+ (``blender_manifest.toml``) and as a
legacy add-on on older Blenders (``bl_info``).
"""

bl_info = {
    "name": "oneshot",
    "author": "oneshot contributors",
    "version": (0, 1, 0),
    "blender": (3, 4, 0),
    "location": "3D Viewport > Sidebar > Oneshot",
    "description": "One-shot movie production: scene sync, production plans, storyboards, animatics",
    "category": "Render",
}


def register():
    from .blender import register as register_blender

    register_blender()


def unregister():
    from .blender import unregister as unregister_blender

    unregister_blender()
