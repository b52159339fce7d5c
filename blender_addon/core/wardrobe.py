"""Wardrobe assignments for the user's own scene: which costume and look each
character object wears in a scene of the script, from the server's continuity
bible (``Client.continuity``). No Blender here."""


def dressing_for(bible, scene_number, object_names):
    """``{object name: {"character", "costume", "colors", "makeup"}}`` for the objects
    in ``object_names`` that a character of ``bible`` goes by (its production name or
    a script name, in any case) and who is in scene ``scene_number``. ``costume`` and
    ``makeup`` are names or ``None``; ``colors`` the costume's ``#RRGGBB`` colours."""
    by_name = {}
    for character in bible.get("characters", ()):
        for name in [character["name"], *character.get("script_names", ())]:
            by_name.setdefault(name.casefold(), character)
    dressed = {}
    for object_name in object_names:
        character = by_name.get(object_name.casefold())
        if character is None:
            continue
        appearance = next((a for a in character["appearances"] if a["scene"] == scene_number), None)
        if appearance is None:
            continue
        costume = appearance.get("costume") or {}
        makeup = appearance.get("makeup") or {}
        dressed[object_name] = {
            "character": character["name"],
            "costume": costume.get("name"),
            "colors": list(costume.get("colors", ())),
            "makeup": makeup.get("name"),
        }
    return dressed
