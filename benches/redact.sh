#!/usr/bin/env bash
# redact throughput: `logsift redact` beside a sed pipeline doing a
# comparable (smaller) substitution set, on the corpus of benches/compare.sh.
# Warm cache; hyperfine medians. Both write full copies (gzip recompressed).
#
#   usage: benches/redact.sh [CORPUS_DIR]   (default /tmp/corpus1g)
#   env: RUNS (default 3), WARMUP (default 1), LOGSIFT (default target/release/logsift), OUT (default /tmp/logsift-redact-bench)
set -euo pipefail
C=${1:-/tmp/corpus1g}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/logsift-redact-bench}
HERE=$(cd "$(dirname "$0")/.." && pwd)
L=${LOGSIFT:-$HERE/target/release/logsift}
[ -x "$L" ] || (cd "$HERE" && cargo build --release)
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
export LC_ALL=C
mkdir -p "$OUT"
# The sed side: key=value secrets, e-mails, 13-19 digit runs (no Luhn, no
# JSON/URL/JWT/AWS/private-key rules): a lower bound on the work.
cat > "$OUT/sed.sh" <<'SH'
#!/usr/bin/env bash
set -euo pipefail
in=$1 out=$2
S='s/((password|passwd|pwd|secret|token|api_?key|access_?key)=)[^ &"]+/\1[REDACTED]/g; s/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/[REDACTED:email]/g; s/\b[0-9]{13,19}\b/[REDACTED:card]/g'
mkdir -p "$(dirname "$out")"
case "$in" in
  *.gz) gzip -dc "$in" | sed -E "$S" | gzip -6 > "$out" ;;
  *) sed -E "$S" "$in" > "$out" ;;
esac
SH
chmod +x "$OUT/sed.sh"
FILES=$(cd "$C" && find . -type f \( -name '*.log' -o -name '*.jsonl' -o -name '*.gz' \) | sort | tr '\n' ' ')
seq_cmd="cd $C && for f in $FILES; do $OUT/sed.sh \$f $OUT/sed/\$f; done"
par_cmd="cd $C && printf '%s\n' $FILES | xargs -P $(nproc) -I{} $OUT/sed.sh {} $OUT/sed-par/{}"
hyperfine --warmup "${WARMUP:-1}" --runs "$RUNS" --export-markdown "$OUT/redact.md" --export-json "$OUT/redact.json" \
  -n "logsift redact" "$L redact -q --force $C -o $OUT/logsift" \
  -n "logsift redact --ip --users" "$L redact -q --force --ip --users $C -o $OUT/logsift-all" \
  -n "sed (one file at a time)" "$seq_cmd" \
  -n "sed (xargs -P $(nproc))" "$par_cmd"
cat "$OUT/redact.md"
"$L" redact --dry-run --json "$C" | tail -1
# CPU seconds (user + system) per command: on a loaded machine wall time
# mostly measures the other load.
python3 - "$OUT/redact.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:<32} wall {r["median"]:7.2f} s   cpu {r["user"] + r["system"]:7.2f} s')
PY
