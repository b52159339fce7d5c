"""The add-on's pure-Python layer: no ``bpy`` here.

Everything that can be decided from plain data lives in this package (scene-graph
dicts, roles, plan interpretation, progress, resumability, client settings), so it
is tested with plain pytest and shared by both Blenders and the ``bpy`` module.
"""
