"""Finding the server and the ``oneshot_ipc`` client module.

Settings come from the add-on preferences in the UI; in background runs and in
the ``bpy`` module there are no preferences to speak of, so the environment
(``ONESHOT_SERVER``, ``ONESHOT_SOCKET``) and the client's own defaults apply.

``oneshot_ipc`` is a compiled wheel. Blender 4.2+ installs the wheels an
extension bundles; Blender 3.4 does not, so when the import fails the wheel is
looked for (in the add-on's ``wheels/`` folder and in ``ONESHOT_WHEELS``) and
unpacked once into a cache folder that goes on ``sys.path``.
"""

import glob
import importlib
import os
import shutil
import sys
import tempfile
import zipfile

MODULE = "oneshot_ipc"
ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ClientUnavailable(RuntimeError):
    """``oneshot_ipc`` cannot be imported and no usable wheel was found."""


def connection_settings(server_binary="", socket_path="", environ=None):
    """``{"server_binary", "socket_path"}``: preferences first, then the environment, else ``None``.

    ``None`` lets the client pick its defaults (the ``oneshot`` binary on ``PATH``
    and the socket in the user's runtime folder).
    """
    environ = os.environ if environ is None else environ
    return {
        "server_binary": server_binary or environ.get("ONESHOT_SERVER") or None,
        "socket_path": socket_path or environ.get("ONESHOT_SOCKET") or None,
    }


def wheel_dirs(environ=None):
    """Folders searched for the ``oneshot_ipc`` wheel, in order."""
    environ = os.environ if environ is None else environ
    dirs = [os.path.join(ADDON_DIR, "wheels")]
    dirs += [d for d in environ.get("ONESHOT_WHEELS", "").split(os.pathsep) if d]
    return dirs


def find_wheel(dirs):
    """The newest ``oneshot_ipc`` wheel in ``dirs``, or ``None``."""
    wheels = [w for d in dirs for w in glob.glob(os.path.join(d, f"{MODULE}-*.whl"))]
    return max(wheels, key=os.path.getmtime) if wheels else None


def cache_dir(environ=None):
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "oneshot", "wheels")


def unpack_wheel(wheel, into):
    """Unpack ``wheel`` into ``into/<wheel name>`` (once; atomically) and return that folder."""
    target = os.path.join(into, os.path.splitext(os.path.basename(wheel))[0])
    stamp = f"{os.path.getsize(wheel)}-{int(os.path.getmtime(wheel))}"
    stamp_file = os.path.join(target, ".oneshot-wheel")
    try:
        with open(stamp_file, encoding="utf-8") as f:
            if f.read() == stamp:
                return target
    except OSError:
        pass
    os.makedirs(into, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".unpack-", dir=into)
    try:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(staging)
        with open(os.path.join(staging, ".oneshot-wheel"), "w", encoding="utf-8") as f:
            f.write(stamp)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def load_module(environ=None):
    """Import ``oneshot_ipc``, unpacking a bundled wheel first when it is not installed."""
    try:
        return importlib.import_module(MODULE)
    except ImportError as err:
        first_error = err
    wheel = find_wheel(wheel_dirs(environ))
    if wheel is None:
        raise ClientUnavailable(
            f"cannot import {MODULE} ({first_error}); install its wheel or put it in "
            f"{os.path.join(ADDON_DIR, 'wheels')} or a folder named by ONESHOT_WHEELS"
        )
    try:
        folder = unpack_wheel(wheel, cache_dir(environ))
    except (OSError, zipfile.BadZipFile) as err:
        raise ClientUnavailable(f"cannot unpack {wheel}: {err}") from err
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        return importlib.import_module(MODULE)
    except ImportError as err:
        raise ClientUnavailable(f"cannot import {MODULE} from {wheel}: {err}") from err


# How long a call waits with nothing of its answer arriving before it gives up
# (``ConnectionLost``): a server that hangs must not freeze Blender for good. The
# slowest request, a schedule's search, takes up to the production's
# ``search_seconds`` (an hour at most), and then some to write the documents.
CALL_TIMEOUT_S = 3600.0 + 300.0


class Connection:
    """The add-on's one client, created on first use with the current settings.

    The client itself reconnects (starting a new server) after a ``ConnectionLost``;
    this wrapper only remembers the settings it was made with, so changing the
    socket in the preferences takes effect on the next call. A server the client
    starts stops by itself once no client has been connected to it for ten minutes
    (``oneshot serve --exit-when-idle``): another Blender using it keeps it. A
    batch run starts its server on a socket of its own, which no other Blender
    finds, and stops it at the end (``stop_started``).
    """

    def __init__(self):
        self._client = None
        self._settings = None
        self._started = False
        self._private_dir = None

    def client(self, server_binary="", socket_path="", autostart=True, private=False):
        """The client, connected; a server is started when none answers (``autostart``).

        ``private``: a server this call has to start listens in a folder of its
        own, not at the shared socket, so that no other Blender comes to use a
        server that ``stop_started`` will stop under it.
        """
        settings = connection_settings(server_binary, socket_path)
        if self._client is not None and settings != self._settings:
            self.close()
        if self._client is None:
            module = load_module()

            def connect(socket_path, autostart):
                return module.Client(
                    socket_path=socket_path,
                    server_binary=settings["server_binary"],
                    autostart=autostart,
                    call_timeout_s=CALL_TIMEOUT_S,
                )

            # Whether a server answers already (the probe is closed again: the
            # client kept must start a new server should this one die later).
            socket_path = settings["socket_path"]
            try:
                connect(socket_path, autostart=False).close()
                self._started = False
            except module.ServerStuck:
                raise  # a server there but stuck: another could not take its socket
            except module.ConnectionLost:
                self._started = autostart
                if autostart and private:
                    # mkdtemp's folder is the user's alone (mode 0700).
                    self._private_dir = tempfile.mkdtemp(prefix="oneshot-run-")
                    socket_path = os.path.join(self._private_dir, "oneshot.sock")
            self._client = connect(socket_path, autostart)
            self._settings = settings
        return self._client

    @property
    def connected(self):
        return self._client is not None

    def close(self):
        try:
            if self._client is not None:
                self._client.close()
        finally:
            self._client = None
            if self._private_dir is not None:
                shutil.rmtree(self._private_dir, ignore_errors=True)
                self._private_dir = None

    def stop_server(self):
        """Ask the server to shut down; a no-op when not connected."""
        if self._client is not None:
            try:
                self._client.shutdown()
            finally:
                self._started = False
                self.close()

    def stop_started(self):
        """Stop the server this connection started, or only disconnect from one it
        found: for a batch run, which knows no one else uses what it started."""
        if self._started:
            try:
                self.stop_server()
            except Exception:  # already gone: nothing left to stop
                pass
        self.close()
