#!/usr/bin/env bash
# Whole-program benchmarks of logsift beside its peers, on one corpus made by
# shared/corpus/gen_corpus.py. Warm cache; medians from hyperfine.
#
#   usage: benches/compare.sh [CORPUS_DIR] [FILTER_REGEX]
#     CORPUS_DIR  default /tmp/corpus1g
#                 (python3 ../shared/corpus/gen_corpus.py --out /tmp/corpus1g --mb 1024 --seed 1)
#     FILTER      only the cases whose name matches (e.g. 'lines|gz')
#   env: RUNS (default 5), LOGSIFT (default target/release/logsift), OUT (default /tmp/logsift-bench)
#
# Output: a table of case, tool, median seconds, MB/s of (uncompressed)
# input, peak RSS MiB, and the ratio logsift/peer; also $OUT/results.tsv.
set -euo pipefail
C=${1:-/tmp/corpus1g}
ONLY=${2:-.}
RUNS=${RUNS:-5}
OUT=${OUT:-/tmp/logsift-bench}
HERE=$(cd "$(dirname "$0")/.." && pwd)
L=${LOGSIFT:-$HERE/target/release/logsift}
mkdir -p "$OUT"
RES=$OUT/results.tsv
: > "$RES"
[ -f "$C/manifest.json" ] || { echo "no corpus at $C (run gen_corpus.py first)" >&2; exit 2; }
[ -x "$L" ] || (cd "$HERE" && cargo build --release)
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
export LC_ALL=C

RAWF="$C/nginx/access.log $C/auth.log $C/app/gateway.log $C/app/orders.jsonl $C/app/payments.log"
GZF="$C/nginx/access.log.1.gz $C/auth.log.2.gz"
sz() { local t=0 f; for f in "$@"; do t=$((t + $(stat -c %s "$f"))); done; echo $t; }
gunz() { local t=0 f; for f in "$@"; do t=$((t + $(gzip -l "$f" | awk 'NR==2{print $2}'))); done; echo $t; }
B_RAW=$(sz $RAWF)
B_GZ=$(gunz $GZF)
B_ALL=$((B_RAW + B_GZ))
B_BIGGZ=$(gunz "$C/nginx/access.log.1.gz")

# case tool bytes command...
bench() {
  local case=$1 tool=$2 bytes=$3; shift 3
  [[ "$case" =~ $ONLY ]] || return 0
  local cmd="$*"
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$OUT/h.json" "$cmd" >/dev/null 2>&1 \
    || hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/h.json" "$cmd" >/dev/null
  local med
  med=$(python3 -c "import json; print(json.load(open('$OUT/h.json'))['results'][0]['median'])")
  local rss
  rss=$( { /usr/bin/time -v bash -c "$cmd" >/dev/null 2>/dev/null; } 2>&1 | awk -F: '/Maximum resident/{print $2}' | tr -d ' ')
  [ -n "$rss" ] || rss=$( ( /usr/bin/time -f '%M' bash -c "$cmd > /dev/null 2>/dev/null" ) 2>&1 | tail -1)
  printf '%s\t%s\t%.3f\t%.0f\t%.1f\t%s\n' "$case" "$tool" "$med" \
    "$(python3 -c "print($bytes/1e6/$med)")" "$(python3 -c "print(${rss:-0}/1024)")" "$cmd" >> "$RES"
}

# 1. Splitting every line of the plain files (a line count).
bench lines rg "$B_RAW" rg -c "''" $RAWF
bench lines wc "$B_RAW" wc -l $RAWF
bench lines logsift "$B_RAW" "$L" detect --format raw -q $RAWF

# 2. Parsing every line of the whole corpus into events (formats detected).
bench parse cat "$B_ALL" bash -c "'cat $RAWF > /dev/null; zcat $GZF > /dev/null'"
bench parse logsift "$B_ALL" "$L" detect -q "$C"
bench parse-plain logsift "$B_RAW" "$L" detect -q $RAWF
bench parse-json logsift "$(sz $C/app/orders.jsonl)" "$L" detect -q "$C/app/orders.jsonl"
command -v jq >/dev/null && bench parse-json jq "$(sz $C/app/orders.jsonl)" jq -c . "$C/app/orders.jsonl"

# 3. gzip: in-process decompression vs zcat / pigz; the directory vs its largest .gz.
bench gz zcat "$B_GZ" zcat $GZF
command -v pigz >/dev/null && bench gz pigz "$B_GZ" pigz -dc $GZF
bench gz logsift "$B_GZ" "$L" detect --format raw -q $GZF
bench gz-largest logsift "$B_BIGGZ" "$L" detect -q "$C/nginx/access.log.1.gz"
bench gz-largest zcat "$B_BIGGZ" zcat "$C/nginx/access.log.1.gz"

# 4. Memory on streamed input: gzip and tar.gz (private memory = RSS here:
#    nothing is mapped).
if [[ tar =~ $ONLY ]]; then
  tar -C "$C" -czf "$OUT/corpus.tar.gz" nginx/access.log auth.log app 2>/dev/null || true
  bench tar logsift "$B_RAW" "$L" detect -q "$OUT/corpus.tar.gz"
  bench tar tar-zcat "$B_RAW" bash -c "'tar -xzOf $OUT/corpus.tar.gz > /dev/null'"
fi

# 5. logins: authentication forensics vs the shell pipeline of issue 6
#    (count failed logins per source IP).
if [[ logins =~ $ONLY ]]; then
  cat > "$OUT/logins-shell.sh" <<SH
{ zcat "$C/auth.log.2.gz"; cat "$C/auth.log"; } | grep -F 'Failed ' \
  | awk '{for (i = 1; i < NF; i++) if (\$i == "from") ip = \$(i + 1); print ip}' | sort | uniq -c | sort -rn
SH
  B_AUTH=$(( $(sz "$C/auth.log") + $(gunz "$C/auth.log.2.gz") ))
  bench logins shell "$B_AUTH" bash "$OUT/logins-shell.sh"
  bench logins logsift "$B_AUTH" "$L" logins -q "$C/auth.log" "$C/auth.log.2.gz"
  bench logins-json logsift "$B_AUTH" "$L" logins -q --json "$C/auth.log" "$C/auth.log.2.gz"
fi

python3 - "$RES" <<'PY'
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
by = collections.defaultdict(dict)
for case, tool, med, mbs, rss, cmd in rows:
    by[case][tool] = (float(med), float(mbs), float(rss))
print(f"{'case':<12} {'tool':<9} {'median s':>9} {'MB/s':>8} {'RSS MiB':>8}  ratio logsift/peer")
for case, tools in by.items():
    ls = tools.get("logsift")
    for tool, (med, mbs, rss) in tools.items():
        ratio = "" if tool == "logsift" or not ls else f"{ls[0]/med:.2f}x"
        print(f"{case:<12} {tool:<9} {med:>9.3f} {mbs:>8.0f} {rss:>8.1f}  {ratio}")
PY
