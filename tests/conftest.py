"""Fixtures shared by the Python tests of the whole product."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def oneshot_bin() -> Path:
    """The oneshot binary: ``$ONESHOT_BIN``, ``$ONESHOT_SERVER``, else this checkout's
    release or debug build; the test is skipped when there is none."""
    candidates = [os.environ.get("ONESHOT_BIN"), os.environ.get("ONESHOT_SERVER")]
    candidates += [REPO / "target" / profile / "oneshot" for profile in ("release", "debug")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip("no oneshot binary: build it (cargo build --release) or set ONESHOT_BIN")
