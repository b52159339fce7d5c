#!/usr/bin/env bash
# Times `oneshot breakdown` (the whole CLI: read, parse, breakdown, JSON) against
# screenplain's parse of the same screenplay, in one run, and prints the ratio.
#
#   tests/bench/breakdown_vs_screenplain.sh [SCRIPT.fountain]
#
# Defaults to Big Fish from the shared corpus. Needs the release binary
# (`cargo build --release --bin oneshot`) and screenplain in .venv (`make venv`).
# ROUNDS (default 60) sets how many times each is run; ONESHOT_BIN picks the binary.
#
# What is timed, for both: a fresh process that starts, reads the file and parses
# it; nothing is cached between runs. oneshot does more than screenplain: it also
# lays the pages out, breaks every scene down and writes the whole breakdown as
# JSON (compact, as it writes it to any pipe; here /dev/null) while screenplain
# only builds its parse tree in memory. `oneshot --version` is timed too: the part
# of oneshot's time that is only starting a process.
#
# The programs are run turn about, one run of each per round, and the ratio is
# taken round by round. On a shared machine the speed changes from one second to
# the next: timing all of one program's runs and then all of the other's (as
# hyperfine does) gave ratios from 10x to 24x for the same two binaries within a
# few minutes here, depending on which program ran in the slow spell. Processes
# are started directly, without a shell.
set -euo pipefail
cd "$(dirname "$0")/../.."

corpus="${ONESHOT_CORPUS:-../shared/corpus}"
script="${1:-$corpus/fountain/big-fish.fountain}"
oneshot="${ONESHOT_BIN:-target/release/oneshot}"
python="${PYTHON:-.venv/bin/python}"

[ -f "$script" ] || { echo "no screenplay at $script (corpus absent?)"; exit 0; }
[ -x "$oneshot" ] || { echo "build first: cargo build --release --bin oneshot"; exit 1; }
"$python" -c 'import screenplain' 2>/dev/null || { echo "screenplain missing: make venv"; exit 1; }

"$python" - "$oneshot" "$script" "${ROUNDS:-60}" <<'PY'
import os, statistics, sys, time

oneshot, script, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
parse = "import sys; from screenplain.parsers import fountain; fountain.parse(open(sys.argv[1], encoding='utf-8-sig'))"
commands = {
    "oneshot": [oneshot, "breakdown", script],
    "start-up": [oneshot, "--version"],
    "screenplain": [sys.executable, "-c", parse, script],
}
devnull = os.open(os.devnull, os.O_WRONLY)

def seconds(argv):
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}")
    return elapsed

for _ in range(3):  # warm the page cache and the binaries
    for argv in commands.values():
        seconds(argv)
times = {name: [] for name in commands}
for _ in range(rounds):
    for name, argv in commands.items():
        times[name].append(seconds(argv))

def quartiles(values):
    q1, median, q3 = statistics.quantiles(values, n=4)
    return q1, median, q3

for name, label in (("oneshot", "oneshot breakdown"), ("screenplain", "screenplain parse")):
    q1, median, q3 = (t * 1000 for t in quartiles(times[name]))
    print(f"{label:>17}: median {median:6.1f} ms (middle half {q1:.1f}-{q3:.1f} ms)")
ratios = [s / o for s, o in zip(times["screenplain"], times["oneshot"])]
q1, median, q3 = quartiles(ratios)
print(f"oneshot is {median:.1f}x faster (median of {rounds} rounds; middle half {q1:.1f}x-{q3:.1f}x)")
start = statistics.median(times["start-up"]) * 1000
print(f"(of oneshot's time, {start:.1f} ms is starting a process: `oneshot --version`, median)")
PY
