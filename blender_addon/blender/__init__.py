"""The ``bpy`` layer: reading scenes, building plans, rendering, and the UI.

Only modules in this package import ``bpy``; they stay thin over ``..core``.
"""


def register():
    import bpy

    from . import operators, panels, preferences

    for cls in (*preferences.classes, *operators.classes, *panels.classes):
        bpy.utils.register_class(cls)
    panels.register_properties()


def unregister():
    import bpy

    from . import operators, panels, preferences

    panels.unregister_properties()
    for cls in reversed((*preferences.classes, *operators.classes, *panels.classes)):
        bpy.utils.unregister_class(cls)
    preferences.connection.close()
