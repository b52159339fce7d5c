"""A stand-in for the server's plan and finish requests, for pipeline tests without Rust."""

import json
import os


class StubServer:
    """The server's side of the pipeline: a fixed plan, and a finish that writes a manifest."""

    def __init__(self, plan, version="0.1.0"):
        self._plan = plan
        self.finished = 0
        self.version = version

    def ping(self):
        return {"version": self.version, "protocol": 1, "pid": os.getpid()}

    def plan(self, script_path=None, production_path=None, out_dir=None):
        assert os.path.isabs(script_path) and os.path.isabs(out_dir)
        return json.loads(json.dumps(self._plan))

    def finish(self, out_dir):
        self.finished += 1
        shots = [{"id": s["id"], "frame": f"frames/{s['id']}.png"} for s in self._plan["shots"]]
        manifest = {"shots": shots, "animatic": "animatic.mp4"}
        with open(os.path.join(out_dir, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        return manifest


class PostServer(StubServer):
    """The stub's plan and finish, with frames graded and effects composited by a
    real server (``client``); each call is recorded."""

    def __init__(self, plan, client):
        super().__init__(plan)
        self._client = client
        self.graded = []
        self.composited = []

    def grade(self, pixels, width, height, grade):
        self.graded.append(grade)
        return self._client.grade(pixels, width, height, grade)

    def composite(self, pixels, width, height, layers, time_s, seed):
        self.composited.append(([layer["kind"] for layer in layers], round(time_s, 3), seed))
        return self._client.composite(pixels, width, height, layers, time_s, seed)
