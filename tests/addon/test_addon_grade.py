"""The plan's colour grade on rendered frames, graded by a real oneshot server."""

from regression_scenes import small_plan
from stub_server import PostServer, StubServer


def test_the_plans_grade_colours_every_frame_and_a_new_grade_rerenders(bpy, server, tmp_path):
    from blender_addon.blender import pipeline, retro

    ipc, socket = server
    script = str(tmp_path / "script.fountain")
    plain, graded = tmp_path / "plain", tmp_path / "graded"
    pipeline.produce(StubServer(small_plan(resolution=(64, 36))), script, str(plain), log=lambda _: None)
    with ipc.Client(socket_path=socket, autostart=False) as client:
        noir = small_plan(resolution=(64, 36))
        noir["color_grade"] = "noir"
        stub = PostServer(noir, client)
        pipeline.produce(stub, script, str(graded), log=lambda _: None)
        assert stub.graded == ["noir"] * 6  # three stills and a move of three frames

        before, _, _ = retro.file_rgba8(str(plain / "frames" / "1-1.png"))
        after, _, _ = retro.file_rgba8(str(graded / "frames" / "1-1.png"))
        assert before != after
        assert all(after[i] == after[i + 1] == after[i + 2] for i in range(0, len(after), 4))

        # The same grade again renders nothing; another grade renders everything.
        pipeline.produce(stub, script, str(graded), log=lambda _: None)
        assert len(stub.graded) == 6
        noir["color_grade"] = "warm"
        pipeline.produce(stub, script, str(graded), log=lambda _: None)
        assert stub.graded[6:] == ["warm"] * 6


def test_a_scene_with_its_own_grade_is_graded_so(bpy, server, tmp_path):
    """A scene's ``color_grade`` (the production's ``grades``) replaces the plan's
    for that scene's frames only."""
    from blender_addon.blender import pipeline, retro

    ipc, socket = server
    with ipc.Client(socket_path=socket, autostart=False) as client:
        plan = small_plan(resolution=(64, 36))
        plan["scenes"][1]["color_grade"] = "noir"
        stub = PostServer(plan, client)
        out = tmp_path / "out"
        pipeline.produce(stub, str(tmp_path / "script.fountain"), str(out), log=lambda _: None)
        assert stub.graded == ["noir"] * 4  # scene 2 only: a still and a move of three frames

        def grey(name):
            data, _, _ = retro.file_rgba8(str(out / "frames" / name))
            return all(data[i] == data[i + 1] == data[i + 2] for i in range(0, len(data), 4))

        assert grey("2-1.png") and not grey("1-1.png")
