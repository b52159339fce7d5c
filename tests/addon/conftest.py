"""Shared fixtures for the add-on tests.

The same files run in two places: pytest in a Python with the ``bpy`` module
(Blender 5.0), and pytest inside Debian's Blender 3.4 (``tests/blender``). Pure
tests need neither; tests that need Blender ask for the ``bpy`` fixture, tests
that need the server ask for ``server`` (``ONESHOT_SERVER`` names the binary).
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for path in (REPO, os.path.join(REPO, "tests", "regression")):
    if path not in sys.path:
        sys.path.insert(0, path)
os.environ.setdefault("ONESHOT_WHEELS", os.path.join(REPO, "target", "wheels"))
# No test reaches a server the user runs at the default socket (or at theirs): a
# server a test starts without naming a socket listens in this run's own folder.
SOCKET_DIR = tempfile.mkdtemp(prefix="oneshot-tests-")
atexit.register(shutil.rmtree, SOCKET_DIR, True)
os.environ["ONESHOT_SOCKET"] = os.path.join(SOCKET_DIR, "oneshot.sock")


@pytest.fixture
def bpy():
    """Blender's Python API, on a fresh factory scene."""
    bpy = pytest.importorskip("bpy", reason="needs Blender or the bpy module")
    bpy.ops.wm.read_factory_settings(use_empty=False)
    return bpy


@pytest.fixture
def addon(bpy):
    """The add-on, registered from the checkout."""
    import blender_addon

    blender_addon.register()
    yield blender_addon
    blender_addon.unregister()


@pytest.fixture
def ipc():
    """The ``oneshot_ipc`` module (installed, or unpacked from a built wheel)."""
    from blender_addon.core import client

    try:
        return client.load_module()
    except client.ClientUnavailable as err:
        pytest.skip(str(err))


@pytest.fixture
def server(ipc, tmp_path):
    """A private oneshot server on a socket in ``tmp_path``; yields ``(module, socket path)``."""
    binary = os.environ.get("ONESHOT_SERVER")
    if not binary or not os.path.exists(binary):
        pytest.skip("ONESHOT_SERVER does not name the oneshot binary")
    socket = str(tmp_path / "oneshot.sock")
    process = subprocess.Popen([binary, "serve", "--socket", socket])
    try:
        client = ipc.Client(socket_path=socket, autostart=False, timeout_s=10.0) if _wait(ipc, socket) else None
        if client is None:
            pytest.fail(f"{binary} serve did not answer on {socket}")
        client.close()
        yield ipc, socket
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait(ipc, socket, attempts=100):
    import time

    for _ in range(attempts):
        try:
            ipc.Client(socket_path=socket, autostart=False, timeout_s=1.0).close()
            return True
        except ipc.ConnectionLost:
            time.sleep(0.05)
    return False


@pytest.fixture
def blender_command(bpy):
    """``command(script, *args)``: run ``script`` the way this Blender does (``blender -b -P`` or the bpy module)."""

    def command(script, *args):
        if bpy.app.binary_path:
            return [bpy.app.binary_path, "-b", "--factory-startup", "-P", script, "--", *args]
        return [sys.executable, script, "--", *args]

    return command
