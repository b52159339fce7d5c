"""Reading a Blender scene into the scene-graph dict the server understands."""

import bpy
from mathutils import Vector

from ..core import graph
from ..core.roles import ROLE_PROPERTY


def _transform(matrix):
    location, rotation, scale = matrix.decompose()
    return graph.transform(location, rotation, scale)


def _world_bounds(obj):
    matrix = obj.matrix_world
    if obj.type in {"MESH", "CURVE", "SURFACE", "FONT", "META", "LATTICE", "ARMATURE"}:
        corners = [matrix @ Vector(c) for c in obj.bound_box]
    else:
        corners = [matrix.translation]
    return graph.bounds(corners)


def _may_move(obj):
    """True when the object or an ancestor is animated, driven or constrained."""
    while obj is not None:
        anim = obj.animation_data
        if (anim and (anim.action or anim.drivers)) or obj.constraints:
            return True
        obj = obj.parent
    return False


def _samples(scene, objects):
    """``{name: [(frame, transform), ...]}`` for objects that may move, one pass over the range."""
    moving = [o for o in objects if _may_move(o)]
    if not moving:
        return {}
    per_object = {o.name: [] for o in moving}
    current = scene.frame_current
    try:
        for frame in range(scene.frame_start, scene.frame_end + 1):
            scene.frame_set(frame)
            for obj in moving:
                per_object[obj.name].append((frame, _transform(obj.matrix_world)))
    finally:
        scene.frame_set(current)
    return per_object


def read_scene(scene=None, warnings=None):
    """The ``SceneGraph`` dict of ``scene`` (the current scene by default).

    Objects with an unknown ``oneshot_role`` are sent without a role and named in
    ``warnings`` (a list, when given) rather than failing the whole sync.
    """
    scene = scene or bpy.context.scene
    objects = [o for o in scene.objects if o.type not in {"CAMERA", "LIGHT"}]
    samples = _samples(scene, scene.objects)

    scene_objects = [
        graph.scene_object(
            obj.name,
            obj.get(ROLE_PROPERTY),
            _transform(obj.matrix_world),
            _world_bounds(obj),
            graph.samples(samples.get(obj.name, ())),
            warnings if warnings is not None else [],
        )
        for obj in objects
    ]
    cameras = [
        graph.camera(
            obj.name,
            _transform(obj.matrix_world),
            obj.data.lens,
            obj.data.sensor_width,
            obj.data.dof.focus_distance if obj.data.dof.use_dof else None,
            obj.data.ortho_scale if obj.data.type == "ORTHO" else None,
        )
        for obj in scene.objects
        if obj.type == "CAMERA"
    ]
    lights = [
        graph.light(
            obj.name,
            obj.data.type,
            _transform(obj.matrix_world),
            obj.data.color,
            obj.data.energy,
            _light_size(obj.data),
        )
        for obj in scene.objects
        if obj.type == "LIGHT"
    ]
    fps = scene.render.fps / scene.render.fps_base
    return graph.scene_graph(
        scene.name,
        scene.frame_start,
        scene.frame_end,
        fps,
        scene_objects,
        cameras,
        lights,
        scene.camera.name if scene.camera else None,
    )


def _light_size(light):
    if light.type == "SPOT":
        return light.spot_size
    if light.type == "AREA":
        return light.size
    if light.type == "SUN":
        return light.angle
    return light.shadow_soft_size
