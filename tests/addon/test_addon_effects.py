"""A scene's effects on rendered frames, composited by a real oneshot server."""

from regression_scenes import small_plan
from stub_server import PostServer, StubServer

RAIN = {"kind": "rain", "strength": 1.0, "wind": 0.4}


def test_a_scenes_effects_are_composited_on_its_frames_as_they_move(bpy, server, tmp_path):
    from blender_addon.blender import pipeline, retro

    ipc, socket = server
    script = str(tmp_path / "script.fountain")
    dry, wet = tmp_path / "dry", tmp_path / "wet"
    pipeline.produce(StubServer(small_plan(resolution=(64, 36))), script, str(dry), log=lambda _: None)
    with ipc.Client(socket_path=socket, autostart=False) as client:
        rainy = small_plan(resolution=(64, 36))
        rainy["scenes"][1]["effects"] = [RAIN]
        stub = PostServer(rainy, client)
        pipeline.produce(stub, script, str(wet), log=lambda _: None)
        # Scene 2 only: its still at the shot's start, then the dolly's three frames
        # at their times in the move, all of a shot with the shot's own seed.
        seed_21, seed_22 = 103, 104  # the set-ups' effects_seed
        assert stub.composited == [
            (["rain"], 0.0, seed_21),
            (["rain"], 0.0, seed_22),
            (["rain"], 0.458, seed_22),
            (["rain"], 0.958, seed_22),
        ]

        def frame(folder, name):
            return retro.file_rgba8(str(folder / "frames" / name))[0]

        assert frame(dry, "1-1.png") == frame(wet, "1-1.png")
        assert frame(dry, "2-1.png") != frame(wet, "2-1.png")
        moving = [frame(wet, f"2-2/{n:04d}.png") for n in (1, 12, 24)]
        assert len(set(moving)) == 3

        # The same effects again render nothing; other effects render the scene again.
        pipeline.produce(stub, script, str(wet), log=lambda _: None)
        assert len(stub.composited) == 4
        rainy["scenes"][1]["effects"] = [{"kind": "snow", "strength": 0.5, "wind": 0.0}]
        pipeline.produce(stub, script, str(wet), log=lambda _: None)
        assert [kinds for kinds, _, _ in stub.composited[4:]] == [["snow"]] * 4


def test_a_shots_own_blast_goes_off_over_its_scenes_effects(bpy, server, tmp_path):
    """An explosion: fire over the scene, the blast in the shot it goes off in."""
    from blender_addon.blender import pipeline

    ipc, socket = server
    with ipc.Client(socket_path=socket, autostart=False) as client:
        plan = small_plan(resolution=(64, 36))
        plan["scenes"][0]["effects"] = [{"kind": "fire", "strength": 0.8, "wind": 0.0}]
        plan["setups"][1]["effects"] = [{"kind": "blast", "strength": 1.0, "wind": 0.0}]
        stub = PostServer(plan, client)
        pipeline.produce(stub, str(tmp_path / "script.fountain"), str(tmp_path / "out"), log=lambda _: None)
        assert stub.composited == [(["fire"], 0.0, 101), (["fire", "blast"], 0.0, 102)]


def test_a_held_shot_is_rendered_once_and_its_rain_falls_frame_by_frame(bpy, server, tmp_path, monkeypatch):
    """Full motion: a locked-off shot under rain has every frame of its length, one
    Blender render under all of them."""
    from blender_addon.blender import pipeline, render, retro

    renders = []
    real_render = render.render_frame

    def counted(scene, camera, frame, path):
        renders.append(path)
        real_render(scene, camera, frame, path)

    monkeypatch.setattr(render, "render_frame", counted)
    ipc, socket = server
    with ipc.Client(socket_path=socket, autostart=False) as client:
        plan = small_plan(resolution=(64, 36))
        plan["scenes"][1]["effects"] = [RAIN]
        setup = next(s for s in plan["setups"] if s["shot_id"] == "2-1")
        setup["frames"] = 4
        stub = PostServer(plan, client)
        out = tmp_path / "out"
        pipeline.produce(stub, str(tmp_path / "script.fountain"), str(out), log=lambda _: None)
        held = [r for r in renders if "2-1" in r]
        assert len(held) == 1
        seed = setup["effects_seed"]
        assert [call for call in stub.composited if call[2] == seed] == [
            (["rain"], round(n / 24, 3), seed) for n in range(4)
        ]
        frames = [retro.file_rgba8(str(out / "frames" / "2-1" / f"{n:04d}.png"))[0] for n in range(1, 5)]
        assert len(set(frames)) == 4
        assert (out / "frames" / "2-1.png").is_file()  # the storyboard's still
