"""Run pytest inside Blender: ``blender -b -P tests/blender/run_pytest.py -- PYTEST ARGS``.

Blender's own Python has no pytest. Debian's blender uses the system Python, so
the ``python3-pytest`` package provides it; failing that, the pure-Python pytest
of the project's ``.venv`` (same Python version) is borrowed, appended to the end
of ``sys.path`` so nothing there shadows Blender's own modules.
"""

import glob
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"

try:
    import pytest
except ImportError:
    sys.path.extend(glob.glob(os.path.join(REPO, ".venv", "lib", VERSION, "site-packages")))
    try:
        import pytest
    except ImportError:
        print("run_pytest.py: pytest is not importable in this Blender (Debian: apt install python3-pytest)")
        sys.exit(2)

args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
sys.exit(pytest.main([*args, "-p", "no:cacheprovider"]))
