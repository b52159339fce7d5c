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


def pages(eighths):
    """Script length the way stripboards print it: ``13`` eighths -> ``"1 5/8"``."""
    whole, rest = divmod(int(eighths), 8)
    if not rest:
        return str(whole)
    return f"{whole} {rest}/8" if whole else f"{rest}/8"


def stripboard_summary(schedule):
    """What the "Stripboard" section shows of the server's shooting schedule.

    ``{"headline", "days": ["Day 1 (2026-12-07) DAY, 4 4/8 pages: 1, 3 @ Garage", ...]}``.
    """
    days = schedule.get("days", ())
    headline = (
        f"{len(days)} shoot day{'s' if len(days) != 1 else ''}, cost {schedule.get('cost', 0):,.0f}"
        f" (within {100 * schedule.get('gap', 0):.1f}% of optimal), "
        f"{schedule.get('company_moves', 0)} company moves"
    )
    lines = []
    for day in days:
        date = f" ({day['date']})" if day.get("date") else ""
        scenes = ", ".join(strip.get("label", str(strip.get("scene"))) for strip in day.get("strips", ()))
        where = " / ".join(day.get("locations", ()))
        lines.append(
            f"Day {day.get('number')}{date} {day.get('day_night', '')}, {pages(day.get('eighths', 0))} pages:"
            f" {scenes}" + (f" @ {where}" if where else "")
        )
    return {"headline": headline, "days": lines}
