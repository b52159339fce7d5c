"""Run pytest inside Blender: ``blender -b -P tests/blender/run_pytest.py -- PYTEST ARGS``.

Blender's own Python has no pytest; Debian's blender uses the system Python,
so the ``python3-pytest`` package provides it.
"""

import sys

try:
    import pytest
except ImportError:
    print("run_pytest.py: pytest is not importable in this Blender (Debian: apt install python3-pytest)")
    sys.exit(2)

args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
sys.exit(pytest.main([*args, "-p", "no:cacheprovider"]))
