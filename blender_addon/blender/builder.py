"""Building a scene of the production plan in Blender: set, cast, props, cameras, lights.

Each plan scene becomes a Blender scene of its own. Primitive meshes are made
once at unit size and shared (the object's scale is the piece's full size, as
the plan gives it); colours become materials linked to the object, so one mesh
serves every piece whatever its colour. No ``bpy.ops``: data-API calls are
faster and do not depend on the UI context, which ``-b`` and the ``bpy`` module
do not have.
"""

import bmesh
import bpy
from mathutils import Quaternion, Vector

from ..core import graph
from ..core.plan import (
    camera_pose,
    gesture_turns,
    mannequin,
    segment_color,
    srgb_to_linear,
    surface_shading,
    swing_pose,
    walk_pose,
    workbench_light_direction,
    workbench_studio_rotation,
)
from ..core.roles import ROLE_PROPERTY
from . import compat

# Tags the data this module creates, so a rebuild can remove exactly that.
BUILT_BY = "oneshot_built"
# Names each built piece (a mannequin's root) by its set piece, and each of a
# mannequin's joints, whatever Blender calls the objects (it renames one whose
# name is taken).
PIECE = "oneshot_piece"
JOINT = "oneshot_joint"
# Names each built light by its light in the plot, and gives each mesh its colour,
# so that a practical switched off can stop glowing.
LIGHT = "oneshot_light"
COLOR = "oneshot_color"
# Tags the box of haze, fog or smoke round a set.
ATMOSPHERE = "oneshot_atmosphere"


class Library:
    """Unit primitives, one material per colour and surface, and one per
    atmosphere, shared by every scene built in a run."""

    def __init__(self):
        self.meshes = {}
        self.materials = {}

    def mesh(self, primitive):
        if primitive not in self.meshes:
            self.meshes[primitive] = _unit_mesh(primitive)
        return self.meshes[primitive]

    def material(self, hex_color, surface="matte"):
        key = (hex_color, surface)
        name = f"oneshot {hex_color}" if surface == "matte" else f"oneshot {hex_color} {surface}"
        made_before = bpy.data.materials.get(name)
        if key not in self.materials and made_before is not None and made_before.get(BUILT_BY):
            # One a costume dressed before still wears: the same colour, not a `.001`.
            self.materials[key] = made_before
        if key not in self.materials:
            shading = surface_shading(hex_color, surface)
            mat = bpy.data.materials.new(name)
            mat[BUILT_BY] = True
            mat.diffuse_color = shading["workbench"]  # what Workbench shows
            tree = compat.ensure_node_tree(mat)
            bsdf = next((n for n in tree.nodes if n.type == "BSDF_PRINCIPLED"), None)
            if bsdf is not None:  # what Cycles renders
                bsdf.inputs["Base Color"].default_value = shading["color"]
                bsdf.inputs["Roughness"].default_value = 0.7
                if shading["emission"]:
                    compat.set_emission(bsdf, shading["color"], shading["emission"])
                bsdf.inputs["Alpha"].default_value = shading["alpha"]
            if shading["alpha"] < 1.0:
                compat.blend_alpha(mat)
            self.materials[key] = mat
        return self.materials[key]

    def air(self, atmosphere):
        """The volume material of an atmosphere (its colour, density and scattering)."""
        key = ("air", atmosphere["color"], atmosphere["density"], atmosphere["anisotropy"])
        if key not in self.materials:
            mat = bpy.data.materials.new(f"oneshot atmosphere {key[1]} {key[2]:g}")
            mat[BUILT_BY] = True
            tree = compat.ensure_node_tree(mat)
            for node in [n for n in tree.nodes if n.type != "OUTPUT_MATERIAL"]:
                tree.nodes.remove(node)
            scatter = tree.nodes.new("ShaderNodeVolumeScatter")
            scatter.inputs["Color"].default_value = srgb_to_linear(key[1])
            scatter.inputs["Density"].default_value = key[2]
            scatter.inputs["Anisotropy"].default_value = key[3]
            output = next(n for n in tree.nodes if n.type == "OUTPUT_MATERIAL")
            tree.links.new(scatter.outputs["Volume"], output.inputs["Volume"])
            self.materials[key] = mat
        return self.materials[key]


    def release(self):
        """Remove the meshes and materials no scene uses any more (the run's built
        scenes removed): each run makes its own, and they would pile up."""
        for mesh in self.meshes.values():
            if mesh.users == 0:
                bpy.data.meshes.remove(mesh)
        for material in self.materials.values():
            if material.users == 0:
                bpy.data.materials.remove(material)
        self.meshes.clear()
        self.materials.clear()


def _unit_mesh(primitive):
    """A mesh one metre across on every axis, centred on its origin (a plane lies flat)."""
    bm = bmesh.new()
    try:
        if primitive == "cube":
            bmesh.ops.create_cube(bm, size=1.0)
        elif primitive == "plane":
            bmesh.ops.create_grid(bm, x_segments=1, y_segments=1, size=0.5)
        elif primitive == "cylinder":
            bmesh.ops.create_cone(
                bm, cap_ends=True, segments=16, radius1=0.5, radius2=0.5, depth=1.0
            )
        elif primitive == "sphere":
            bmesh.ops.create_uvsphere(bm, u_segments=16, v_segments=8, radius=0.5)
        else:
            raise ValueError(f"no mesh for primitive {primitive!r}")
        for face in bm.faces:
            face.smooth = primitive in {"cylinder", "sphere"}
        mesh = bpy.data.meshes.new(f"oneshot {primitive}")
        bm.to_mesh(mesh)
    finally:
        bm.free()
    mesh[BUILT_BY] = True
    mesh.materials.append(None)  # one slot, linked per object
    return mesh


def _apply_transform(obj, xform, with_scale=True):
    obj.location = Vector(xform["location"])
    obj.rotation_mode = "QUATERNION"
    obj.rotation_quaternion = Quaternion(graph.quat_from_wire(xform["rotation"]))
    if with_scale:
        obj.scale = Vector(xform["scale"])


def _new_object(scene, name, data, parent=None):
    obj = bpy.data.objects.new(name, data)
    obj[BUILT_BY] = True
    scene.collection.objects.link(obj)
    obj.parent = parent
    return obj


def _mesh_object(scene, library, name, primitive, color, surface="matte", parent=None):
    obj = _new_object(scene, name, library.mesh(primitive), parent)
    obj.material_slots[0].link = "OBJECT"
    obj[COLOR] = color
    _set_surface(obj, library, surface)
    return obj


def _set_surface(obj, library, surface):
    material = library.material(obj[COLOR], surface)
    obj.material_slots[0].material = material
    obj.color = material.diffuse_color


def build_piece(scene, library, piece):
    """One ``SetPiece``: a primitive scaled to its size, or an articulated mannequin."""
    if piece["primitive"] == "mannequin":
        root = _build_mannequin(scene, library, piece)
    else:
        root = _mesh_object(
            scene, library, piece["name"], piece["primitive"], piece["color"], piece.get("surface", "matte")
        )
        _apply_transform(root, piece["transform"])
    root[ROLE_PROPERTY] = piece["role"]
    root[PIECE] = piece["name"]
    return root


def _build_mannequin(scene, library, piece):
    """An empty at the character's mark with a joint hierarchy of empties and mesh segments."""
    dressing = piece.get("dressing") or {}
    joints, segments = mannequin(piece["transform"]["scale"], hair=bool(dressing.get("hair")))
    root = _new_object(scene, piece["name"], None)
    root.empty_display_size = 0.2
    _apply_transform(root, piece["transform"], with_scale=False)

    joint_objects = {}
    heads = {}
    for joint in joints:
        parent = joint_objects.get(joint["parent"], root)
        obj = _new_object(scene, f"{piece['name']}.{joint['name']}", None, parent)
        obj.empty_display_size = 0.05
        obj[JOINT] = joint["name"]
        parent_head = heads.get(joint["parent"], (0.0, 0.0, 0.0))
        obj.location = Vector(joint["head"]) - Vector(parent_head)
        joint_objects[joint["name"]] = obj
        heads[joint["name"]] = joint["head"]
    for segment in segments:
        obj = _mesh_object(
            scene,
            library,
            f"{piece['name']}.{segment['name']}",
            segment["primitive"],
            segment_color(piece, segment["name"]),
            piece.get("surface", "matte"),
            joint_objects[segment["joint"]],
        )
        obj.location = Vector(segment["center"]) - Vector(heads[segment["joint"]])
        obj.scale = Vector(segment["size"])
    return root


def build_light(scene, light):
    data = bpy.data.lights.new(light["name"], light["kind"].upper())
    data[BUILT_BY] = True
    data.color = light["color"]
    data.energy = light["energy"]
    if light["kind"] == "spot":
        data.spot_size = light["size"]
    elif light["kind"] == "area":
        data.size = light["size"]
    elif light["kind"] == "sun":
        data.angle = light["size"]
    else:
        data.shadow_soft_size = light["size"]
    obj = _new_object(scene, light["name"], data)
    obj[LIGHT] = light["name"]
    _apply_transform(obj, light["transform"], with_scale=False)
    return obj


def build_camera(scene, setup):
    """The shot's camera, at its set-up; :func:`pose_camera` moves it along its path."""
    cam = setup["camera"]
    data = bpy.data.cameras.new(f"cam {setup['shot_id']}")
    data[BUILT_BY] = True
    data.lens = cam["lens_mm"]
    data.sensor_width = cam["sensor_width_mm"]
    data.clip_end = 1000.0
    if cam.get("ortho_scale") is not None:  # the isometric view
        data.type = "ORTHO"
        data.ortho_scale = cam["ortho_scale"]
    if cam.get("focus_distance") is not None:
        data.dof.use_dof = True
        data.dof.focus_distance = cam["focus_distance"]
    obj = _new_object(scene, f"cam {setup['shot_id']}", data)
    _apply_transform(obj, cam["transform"], with_scale=False)
    return obj


def pose_camera(camera, setup, frame):
    """Put the shot's camera where its path has it at ``frame`` (see ``core.plan.camera_pose``)."""
    transform, lens, focus = camera_pose(setup, frame)
    _apply_transform(camera, transform, with_scale=False)
    camera.data.lens = lens
    if focus is not None:
        camera.data.dof.focus_distance = focus


def built_pieces(scene, scene_plan):
    """``{name: (object, piece)}``: what was built for ``scene_plan``'s set pieces
    (a mannequin's root for each of its cast)."""
    pieces = {p["name"]: p for p in scene_plan["pieces"]}
    return {
        obj[PIECE]: (obj, pieces[obj[PIECE]])
        for obj in scene.collection.objects
        if obj.get(PIECE) in pieces
    }


def built_lights(scene, scene_plan):
    """``{name: (object, light)}``: the lights built for ``scene_plan``'s light plot."""
    lights = {light["name"]: light for light in scene_plan["lights"]}
    return {
        obj[LIGHT]: (obj, lights[obj[LIGHT]])
        for obj in scene.collection.objects
        if obj.get(LIGHT) in lights
    }


def dim(light_obj, light, piece_obj, piece, library, level):
    """Run a practical at ``level`` (0 dark to 1 full) of its plot's energy. A
    glowing set piece glows while its light is more than half up and is matte
    below, a lamp switched off being a shade in the dark; a spectral one (a
    hologram) keeps its look."""
    set_level(light_obj, light, level)
    surface = piece.get("surface", "matte")
    if surface == "glowing" and level <= 0.5:
        surface = "matte"
    for obj in (piece_obj, *piece_obj.children_recursive):
        if COLOR in obj:
            _set_surface(obj, library, surface)


def stand_light(light_obj, light):
    """Stand a lamp where ``light`` has it, at its energy: as a set-up relights
    it (``relit``), or back as the scene's plot has it."""
    _apply_transform(light_obj, light["transform"], with_scale=False)
    light_obj.data.energy = light["energy"]


def set_level(light_obj, light, level):
    """Run a lamp of the plot at ``level`` (0 dark to 1 full) of its energy."""
    light_obj.data.energy = light["energy"] * level


def pose_walk(root, walk, frame, fps):
    """Put a walking mannequin where its walk has it at ``frame``, mid-stride
    (see ``core.plan.walk_pose``)."""
    transform, angles = walk_pose(walk, frame, fps)
    _apply_transform(root, transform, with_scale=False)
    _turn_joints(root, {joint: (angle, 0.0, 0.0) for joint, angle in angles.items()})


def pose_gesture(root, gesture):
    """Hold a mannequin's arms the way its ``Gesture`` says (see ``core.plan.POSES``)."""
    _turn_joints(root, gesture_turns(gesture))


def pose_swing(obj, swing, frame):
    """Put a swinging set piece (a door) where its swing has it at ``frame``."""
    _apply_transform(obj, swing_pose(swing, frame))


def put_back(obj, piece):
    """Put a piece back where the set has it for the scene's next shot: a
    mannequin on its mark, standing."""
    _apply_transform(obj, piece["transform"], with_scale=piece["primitive"] != "mannequin")
    _turn_joints(obj, {})


def _turn_joints(root, turns):
    """Turn each joint of a mannequin as ``turns`` has it (``{joint: (x, y, z)}``),
    the others straight."""
    for joint in root.children_recursive:
        if JOINT in joint:
            joint.rotation_euler = turns.get(joint[JOINT], (0.0, 0.0, 0.0))


# Tags the lights of a light plot placed in the user's own scene, so that the next
# plot replaces them.
LIGHT_PLOT = "oneshot_light_plot"


def place_light_plot(scene, lights):
    """Put the server's light plot (``LightData`` dicts) into the user's ``scene``,
    replacing the lights of the plot placed before, wherever in the scene's
    collections they were moved; returns the new light objects."""
    for obj in [o for o in scene.objects if o.get(LIGHT_PLOT)]:
        data = obj.data
        bpy.data.objects.remove(obj)
        if data is not None and data.users == 0:
            bpy.data.lights.remove(data)
    placed = []
    for light in lights:
        obj = build_light(scene, light)
        obj[LIGHT_PLOT] = True
        placed.append(obj)
    return placed


def dress(obj, library, dressing):
    """Dress a character object of the user's scene (see ``core.wardrobe``): its
    material in the costume's first colour, and the costume and look names as the
    custom properties ``oneshot_costume`` and ``oneshot_makeup``."""
    obj["oneshot_costume"] = dressing["costume"] or ""
    obj["oneshot_makeup"] = dressing["makeup"] or ""
    if not dressing["colors"] or obj.type != "MESH":
        return
    material = library.material(dressing["colors"][0])
    if not obj.material_slots:
        obj.data.materials.append(None)
    obj.material_slots[0].link = "OBJECT"
    worn = obj.material_slots[0].material
    obj.material_slots[0].material = material
    obj.color = material.diffuse_color
    _remove_if_unused(bpy.data.materials, worn)


def _remove_if_unused(collection, block):
    """Remove ``block`` (a costume dressed before, a camera's old keys) when this
    add-on made it and nothing uses it any more: run again and again, an operator
    leaves no orphans behind."""
    if block is not None and block.users == 0 and block.get(BUILT_BY):
        collection.remove(block)


# Tags a follow camera with the name of the path it follows, so that the next run
# finds it whatever else is called that.
FOLLOWS = "oneshot_follows"


def key_follow_camera(scene, path):
    """A camera keyed along ``path`` (the server's follow camera, a key per frame),
    named after it and made the scene's camera. Run again, it replaces its keys."""
    name = path["shot_id"]
    obj = next((o for o in scene.objects if o.type == "CAMERA" and o.get(FOLLOWS) == name), None)
    if obj is None:
        obj = bpy.data.objects.new(name, bpy.data.cameras.new(name))
        obj[FOLLOWS] = name
        scene.collection.objects.link(obj)
    for animated in (obj, obj.data):
        keys = animated.animation_data.action if animated.animation_data else None
        animated.animation_data_clear()
        _remove_if_unused(bpy.data.actions, keys)
    obj.data.sensor_width = 36.0
    obj.data.clip_end = 1000.0
    obj.data.dof.use_dof = True
    for key in path["keys"]:
        frame = key["frame"]
        _apply_transform(obj, key["transform"], with_scale=False)
        obj.data.lens = key["lens_mm"]
        obj.data.dof.focus_distance = key["focus_distance"]
        obj.keyframe_insert("location", frame=frame)
        obj.keyframe_insert("rotation_quaternion", frame=frame)
        obj.data.keyframe_insert("lens", frame=frame)
        obj.data.dof.keyframe_insert("focus_distance", frame=frame)
    for animated in (obj, obj.data):
        animated.animation_data.action[BUILT_BY] = True
    scene.camera = obj
    return obj


def set_world(scene, hex_color):
    world = bpy.data.worlds.new(f"{scene.name} world")
    world[BUILT_BY] = True
    color = srgb_to_linear(hex_color)
    world.color = color[:3]
    tree = compat.ensure_world_node_tree(world)
    background = next((n for n in tree.nodes if n.type == "BACKGROUND"), None)
    if background is not None:
        background.inputs["Color"].default_value = color
    scene.world = world


def build_atmosphere(scene, library, atmosphere):
    """The plan's haze, fog or smoke: a box of volume round the set and its
    cameras, for Cycles and EEVEE to scatter the light in. Tagged ``ATMOSPHERE``:
    :func:`render.configure` leaves it out of Workbench, which would draw it as a
    solid box."""
    obj = _new_object(scene, "Atmosphere", library.mesh("cube"))
    obj[ATMOSPHERE] = True
    obj.location = Vector(atmosphere["center"])
    obj.scale = Vector(atmosphere["size"])
    obj.material_slots[0].link = "OBJECT"
    obj.material_slots[0].material = library.air(atmosphere)
    return obj


def build_scene(scene_plan, setups, library, name=None):
    """A new Blender scene for ``scene_plan`` with one camera per set-up.

    Returns ``(scene, {shot_id: camera object})``.
    """
    scene = bpy.data.scenes.new(name or f"oneshot scene {scene_plan['scene']}")
    scene[BUILT_BY] = True
    set_world(scene, scene_plan["world_color"])
    if scene_plan.get("atmosphere"):
        build_atmosphere(scene, library, scene_plan["atmosphere"])
    for piece in scene_plan["pieces"]:
        build_piece(scene, library, piece)
    for light in scene_plan["lights"]:
        build_light(scene, light)
    light_workbench(scene, scene_plan)
    cameras = {setup["shot_id"]: build_camera(scene, setup) for setup in setups}
    return scene, cameras


def light_workbench(scene, scene_plan, setup=None):
    """Workbench lights with its own studio light: turned in the world so that its
    key comes from where ``scene_plan``'s key is, its shadows falling away from it
    (in ``setup``, from the fill where the key lights the cast from behind)."""
    key = workbench_light_direction(scene_plan, setup)
    if key is not None:
        scene.display.light_direction = key
    turn = workbench_studio_rotation(scene_plan, setup)
    if turn is not None:
        scene.display.shading.use_world_space_lighting = True
        scene.display.shading.studiolight_rotate_z = turn


def remove_built_scenes():
    """Remove every scene this add-on built (see :func:`build_scene`)."""
    for scene in [s for s in bpy.data.scenes if s.get(BUILT_BY)]:
        remove_scene(scene)


def remove_scene(scene):
    """Remove a built scene and the objects in it (shared meshes and materials stay)."""
    for obj in list(scene.collection.objects):
        data = obj.data
        bpy.data.objects.remove(obj)
        if data is not None and data.users == 0 and not isinstance(data, bpy.types.Mesh):
            _remove_data(data)
    if scene.world is not None and scene.world.users <= 1:
        bpy.data.worlds.remove(scene.world)
    bpy.data.scenes.remove(scene)


def _remove_data(data):
    if isinstance(data, bpy.types.Camera):
        bpy.data.cameras.remove(data)
    elif isinstance(data, bpy.types.Light):
        bpy.data.lights.remove(data)
