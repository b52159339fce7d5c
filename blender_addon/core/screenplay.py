"""What the "Import screenplay" section shows: a screenplay's scenes and cast, from the
server's breakdown (the ``oneshot breakdown --json`` document)."""

SCREENPLAY_SUFFIXES = (".fountain", ".spmd", ".txt", ".fdx")


def is_screenplay(path):
    return path.lower().endswith(SCREENPLAY_SUFFIXES)


def summary(breakdown):
    """``{"title", "scenes": [...], "cast": [...]}`` with one short line per scene and cast member.

    Scenes read ``"3  EXT. ALLEY - NIGHT  (BILLY, JIMMY)"``; cast members
    ``"BILLY  12 speeches, 3 scenes"``, most speeches first.
    """
    scenes = []
    for scene in breakdown.get("scenes", ()):
        speaking = scene.get("speaking") or []
        who = f"  ({', '.join(speaking)})" if speaking else ""
        scenes.append(f"{scene.get('number', '?')}  {scene.get('heading', '')}{who}")
    cast = sorted(breakdown.get("characters", ()), key=lambda c: (-c.get("speeches", 0), c.get("name", "")))
    cast_lines = [
        f"{c.get('name', '?')}  {c.get('speeches', 0)} speeches, {len(c.get('scenes', ()))} scenes"
        for c in cast
    ]
    return {"title": breakdown.get("title") or "Untitled", "scenes": scenes, "cast": cast_lines}
