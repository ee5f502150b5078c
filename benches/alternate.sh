#!/usr/bin/env bash
# Runs commands in turn, N rounds (after one warm-up each), and prints each
# one's median and minimum wall time and its ratio to the first command's.
# For a machine whose speed drifts within minutes: hyperfine runs all of one
# command's runs before the next's, here every round is a pair on the same
# machine state.
#
#   usage: benches/alternate.sh N 'COMMAND A' 'COMMAND B' [...]
#   e.g.:  benches/alternate.sh 3 "target/release/logsift timeline --json -q /tmp/corpus1g" \
#            "lnav -n /tmp/corpus1g/nginx/access.log.1.gz /tmp/corpus1g/nginx/access.log ..."
# Commands run through /bin/sh with stdout and stderr discarded.
set -euo pipefail
N=${1:?rounds}; shift
python3 - "$N" "$@" <<'PY'
import statistics, subprocess, sys, time
n = int(sys.argv[1]); cmds = sys.argv[2:]
times = {c: [] for c in cmds}
def run(c):
    a = time.perf_counter()
    subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - a
for c in cmds:
    run(c)
for _ in range(n):
    for c in cmds:
        times[c].append(run(c))
first = statistics.median(times[cmds[0]])
for c in cmds:
    m = statistics.median(times[c])
    print(f"{m:8.3f} s median {min(times[c]):8.3f} s min  x{m / first:5.2f}  {c}")
PY
