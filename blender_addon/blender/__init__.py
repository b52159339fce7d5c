"""The ``bpy`` layer: reading scenes, building plans, rendering, and the UI.

Only modules in this package import ``bpy``; they stay thin over ``..core``.
"""


def register():
    import bpy

    from . import operators, panels, preferences

    for cls in (*preferences.classes, *operators.classes, *panels.classes):
        bpy.utils.register_class(cls)
    panels.register_properties()
    bpy.app.handlers.load_pre.append(operators.forget_the_last_file)


def unregister():
    import bpy

    from . import operators, panels, preferences

    operators.stop_running()
    if operators.forget_the_last_file in bpy.app.handlers.load_pre:
        bpy.app.handlers.load_pre.remove(operators.forget_the_last_file)
    panels.unregister_properties()
    for cls in reversed((*preferences.classes, *operators.classes, *panels.classes)):
        bpy.utils.unregister_class(cls)
    preferences.connection.close()
