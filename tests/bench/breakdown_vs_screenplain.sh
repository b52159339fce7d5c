#!/usr/bin/env bash
# Times `oneshot breakdown` (the whole CLI: read, parse, breakdown, JSON) against
# screenplain's parse of the same screenplay, in one run, and prints the ratio.
#
#   tests/bench/breakdown_vs_screenplain.sh [SCRIPT.fountain]
#
# Defaults to Big Fish from the shared corpus. Needs hyperfine, the release binary
# (`cargo build --release --bin oneshot`) and screenplain in .venv (`make venv`).
#
# What is timed, for both: a fresh process that starts, reads the file and parses
# it; nothing is cached between runs. oneshot does more than screenplain: it also
# lays the pages out, breaks every scene down and writes the whole breakdown as
# JSON (compact, as it writes it to any pipe: hyperfine discards it) while
# screenplain only builds its parse tree in memory. `oneshot --version` is timed too:
# the part of oneshot's time that is only starting a process. Both the mean and
# the median are printed: on a shared machine the median is the steadier of the two.
set -euo pipefail
cd "$(dirname "$0")/../.."

corpus="${ONESHOT_CORPUS:-../shared/corpus}"
script="${1:-$corpus/fountain/big-fish.fountain}"
oneshot="${ONESHOT_BIN:-target/release/oneshot}"
python="${PYTHON:-.venv/bin/python}"

[ -f "$script" ] || { echo "no screenplay at $script (corpus absent?)"; exit 0; }
[ -x "$oneshot" ] || { echo "build first: cargo build --release --bin oneshot"; exit 1; }
"$python" -c 'import screenplain' 2>/dev/null || { echo "screenplain missing: make venv"; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed"; exit 1; }

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
hyperfine --warmup 3 --min-runs 20 --export-json "$json" \
    -n oneshot "$oneshot breakdown '$script'" \
    -n start-up "$oneshot --version" \
    -n screenplain "$python -c \"import sys; from screenplain.parsers import fountain; fountain.parse(open(sys.argv[1], encoding='utf-8-sig'))\" '$script'"
"$python" - "$json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
oneshot, screenplain, start = (results[n] for n in ("oneshot", "screenplain", "start-up"))
for stat in ("mean", "median"):
    ratio = screenplain[stat] / oneshot[stat]
    print(f"{stat:>6}: oneshot {oneshot[stat] * 1000:.1f} ms, screenplain {screenplain[stat] * 1000:.1f} ms: oneshot is {ratio:.1f}x faster")
print(f"(of oneshot's time, {start['median'] * 1000:.1f} ms is starting a process: `oneshot --version`, median)")
PY
