"""Fixtures: a private socket per test and a server started through the client.

The server binary is ``$ONESHOT_SERVER`` (``make test`` points it at the freshly
built ``oneshot``), else ``oneshot`` on ``PATH``.
"""

import os
import shutil
import signal
import tempfile

import pytest

oneshot_ipc = pytest.importorskip("oneshot_ipc")


@pytest.fixture
def server_binary():
    binary = os.environ.get("ONESHOT_SERVER") or shutil.which("oneshot")
    if not binary:
        pytest.skip("no server binary: set ONESHOT_SERVER to the oneshot binary")
    return binary


@pytest.fixture
def socket_path():
    # Not pytest's tmp_path: socket paths are limited to about 100 bytes.
    directory = tempfile.mkdtemp(prefix="oneshot-test-")
    yield os.path.join(directory, "s.sock")
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def started(socket_path, server_binary):
    """Starts servers on ``socket_path`` through clients; stops them all afterwards."""
    pids = []

    def start(**kwargs):
        client = oneshot_ipc.Client(socket_path, server_binary=server_binary, **kwargs)
        pids.append(client.ping()["pid"])
        return client

    yield start
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
