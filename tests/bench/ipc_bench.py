"""Benchmark of the oneshot_ipc client from Python, with the JSON-over-a-socket
peer most Blender add-ons use, measured in the same run.

* round trip of a small request (ping): p50 and p99;
* a 10,000-object scene graph from Python dicts to the server and its summary
  back, against json.dumps + a Unix socket + json.loads of the same dicts.

Run (with the oneshot_ipc wheel installed and a release build of the server)::

    ONESHOT_SERVER=target/release/oneshot .venv/bin/python tests/bench/ipc_bench.py

The transport itself (frames, bare socket copies) is measured in Rust:
``cargo bench -p oneshot-ipc --bench transport``.
"""

import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time

import oneshot_ipc

PINGS = 5000
SCENE_OBJECTS = 10_000
SCENE_RUNS = 15


def transform(i):
    return {
        "location": [i * 0.1, float(i % 97), 0.5],
        "rotation": [0.0, 0.0, 0.0, 1.0],
        "scale": [1.0, 1.0, 1.0],
    }


def scene_graph(objects):
    roles = [None, "prop", "set", "obstacle"]
    return {
        "name": "Bench",
        "frame_start": 1,
        "frame_end": 240,
        "fps": 24.0,
        "objects": [
            {
                "name": f"Object.{i:05}",
                "role": "character" if i % 100 == 0 else roles[i % 4],
                "transform": transform(i),
                "bounds": {"min": [-0.5, -0.5, -0.5], "max": [0.5, 0.5, 0.5]},
                "samples": (
                    [{"frame": f, "transform": transform(i + f)} for f in range(1, 25)]
                    if i % 100 == 0
                    else []
                ),
            }
            for i in range(objects)
        ],
        "cameras": [],
        "lights": [],
        "active_camera": None,
    }


def median_ms(fn, runs):
    times = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times[2:]) * 1e3


def json_over_socket(graph):
    """Sends `graph` as JSON through a Unix socket to a peer that parses it."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)

    def peer():
        with theirs:
            while True:
                header = theirs.recv(4, socket.MSG_WAITALL)
                if len(header) < 4:
                    return
                size = int.from_bytes(header, "little")
                buf = bytearray(size)
                view = memoryview(buf)
                got = 0
                while got < size:
                    got += theirs.recv_into(view[got:])
                parsed = json.loads(buf)
                assert len(parsed["objects"]) == len(graph["objects"])
                theirs.sendall(b"\x01")

    thread = threading.Thread(target=peer)
    thread.start()

    def call():
        data = json.dumps(graph).encode()
        ours.sendall(len(data).to_bytes(4, "little") + data)
        assert ours.recv(1) == b"\x01"

    try:
        return median_ms(call, SCENE_RUNS)
    finally:
        ours.close()
        thread.join()


def main():
    socket_dir = tempfile.mkdtemp(prefix="oneshot-bench-")
    client = oneshot_ipc.Client(os.path.join(socket_dir, "bench.sock"))
    info = client.ping()
    print(f"server oneshot {info['version']} (pid {info['pid']}), Python {sys.version.split()[0]}")
    try:
        for _ in range(200):
            client.ping()
        rounds = []
        for _ in range(PINGS):
            started = time.perf_counter_ns()
            client.ping()
            rounds.append(time.perf_counter_ns() - started)
        rounds.sort()
        p50 = rounds[len(rounds) // 2] / 1e3
        p99 = rounds[len(rounds) * 99 // 100] / 1e3
        print(f"ping round trip ({PINGS} calls): p50 {p50:.1f} us, p99 {p99:.1f} us (target p50 <= 50 us)")

        graph = scene_graph(SCENE_OBJECTS)
        ours = median_ms(lambda: client.sync_scene(graph), SCENE_RUNS)
        theirs = json_over_socket(graph)
        print(f"{SCENE_OBJECTS}-object scene graph from Python dicts, median of {SCENE_RUNS}:")
        print(f"  oneshot_ipc.sync_scene   {ours:8.2f} ms (dicts -> server -> summary dict)")
        print(f"  json + Unix socket       {theirs:8.2f} ms (dumps -> socket -> loads)")
        print(f"  JSON / oneshot_ipc       {theirs / ours:8.1f}x")
    finally:
        client.shutdown()


if __name__ == "__main__":
    main()
