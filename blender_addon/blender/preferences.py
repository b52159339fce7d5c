"""Add-on preferences (server binary and socket) and the one shared connection."""

import bpy
from bpy.props import StringProperty

from ..core.client import Connection
from .compat import absolute_path

# The add-on's module name: "blender_addon" from a checkout, "oneshot" as a legacy
# add-on, "bl_ext.<repository>.oneshot" as an extension.
ADDON_ID = __package__.rpartition(".")[0]

connection = Connection()


class OneshotPreferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    server_binary: StringProperty(
        name="Server binary",
        description="The oneshot executable, started when no server answers "
        "(empty: $ONESHOT_SERVER, else oneshot on PATH)",
        subtype="FILE_PATH",
    )
    socket_path: StringProperty(
        name="Socket",
        description="The server's local socket (empty: $ONESHOT_SOCKET, else the user's runtime folder)",
        subtype="FILE_PATH",
    )

    def draw(self, _context):
        self.layout.prop(self, "server_binary")
        self.layout.prop(self, "socket_path")


def preferences(context=None):
    """The add-on's preferences, or ``None`` when it was not enabled through Blender (``bpy`` module, ``-P``)."""
    context = context or bpy.context
    addon = context.preferences.addons.get(ADDON_ID)
    return addon.preferences if addon else None


def client(context=None, autostart=True, private=False):
    """The connected client, with the preferences' settings (environment and defaults
    otherwise); ``private`` as for ``Connection.client``."""
    prefs = preferences(context)
    # The file browser writes paths relative to the .blend file (`//oneshot`).
    setting = lambda path, what: absolute_path(path, what) if path else ""  # noqa: E731
    return connection.client(
        setting(prefs.server_binary, "server binary") if prefs else "",
        setting(prefs.socket_path, "socket") if prefs else "",
        autostart=autostart,
        private=private,
    )


classes = (OneshotPreferences,)
