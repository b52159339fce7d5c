"""Object roles: what an object is to the production.

Blender objects carry their role in the custom property ``oneshot_role``; the
server's vocabulary is ``Role`` in the production data model.
"""

ROLE_PROPERTY = "oneshot_role"

#: Every role, in the order the role editor lists them.
ROLES = ("character", "prop", "set", "obstacle", "practical", "effect")

ROLE_DESCRIPTIONS = {
    "character": "A performer: framed, lit and given marks",
    "prop": "An object handled or featured in the action",
    "set": "Part of the set: walls, floor, dressing",
    "obstacle": "Something the camera and cast must keep clear of",
    "practical": "A light source seen in shot (a lamp, a neon sign)",
    "effect": "A visual effect's stand-in (a hologram, a creature) for the VFX team to replace",
}


class RoleError(ValueError):
    """An ``oneshot_role`` value that is not one of :data:`ROLES`."""


def parse_role(value):
    """Return the canonical role for a custom-property value, or ``None`` when unset.

    Case and surrounding blanks are forgiven (people type these by hand in the
    custom-property panel); anything else that is not a role raises :class:`RoleError`.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise RoleError(f"{ROLE_PROPERTY} must be text, not {type(value).__name__}")
    role = value.strip().lower()
    if not role:
        return None
    if role not in ROLES:
        raise RoleError(f"unknown {ROLE_PROPERTY} {value!r} (expected one of: {', '.join(ROLES)})")
    return role
