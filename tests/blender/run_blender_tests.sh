#!/usr/bin/env bash
# The add-on tests inside an installed Blender (Debian's blender 3.4 in CI), then
# the scripted entry point's --check there. The same pytest files run under the
# bpy module (Blender 5.0) from `make test`.
#
# Needs: ONESHOT_SERVER (the oneshot binary) and the oneshot_ipc wheel in
# target/wheels (both built by `make`), pytest importable by Blender's Python.
set -euo pipefail
cd "$(dirname "$0")/../.."

blender=${BLENDER:-blender}
export ONESHOT_WHEELS=${ONESHOT_WHEELS:-$PWD/target/wheels}

echo "== add-on tests in $("$blender" --version 2>/dev/null | head -n1)"
"$blender" -b --factory-startup --python-exit-code 1 -P tests/blender/run_pytest.py -- \
    -q tests/addon tests/regression

echo "== examples/run.py --check in the same Blender"
"$blender" -b --factory-startup --python-exit-code 1 -P examples/run.py -- --check
