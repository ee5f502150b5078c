#!/usr/bin/env bash
# Runs fuzz targets for a fixed time each, PAR at a time, under nice, and
# prints one summary row per target for the README table.
# Usage: fuzz/run.sh SECONDS PAR TARGET...   (after `cargo fuzz build -a`,
# `fuzz/seed.sh`; CARGO_TARGET_DIR as for the build, default fuzz/target)
# Each target runs in libFuzzer's fork mode with one job, going on past
# crashes, timeouts and out-of-memory inputs (all saved under
# fuzz/artifacts/<target>/); logs go to fuzz/logs/<target>.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
secs=$1 par=$2
shift 2
bin=${CARGO_TARGET_DIR:-$here/target}/x86_64-unknown-linux-gnu/release
mkdir -p "$here/logs"
one() {
    t=$1
    mkdir -p "$here/artifacts/$t" "$here/corpus/$t"
    nice -n 19 "$bin/$t" "$here/corpus/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -timeout=60 -rss_limit_mb=3072 -max_total_time="$secs" -artifact_prefix="$here/artifacts/$t/" \
        > "$here/logs/$t.log" 2>&1 || true
    # The last progress line: "#N: cov: .. exec/s: E oom/timeout/crash: a/b/c time: Ts ..."
    last=$(grep -E '^#[0-9]+: cov:' "$here/logs/$t.log" | tail -1)
    echo "$t | $last" >> "$here/logs/summary.txt"
}
running=0
for t in "$@"; do
    one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$par" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
