#!/usr/bin/env bash
# Whole-program benchmarks of logsift beside its peers, on one corpus made by
# shared/corpus/gen_corpus.py. Warm cache; medians from hyperfine.
#
#   usage: benches/compare.sh [--mem] [CORPUS_DIR] [FILTER_REGEX]
#     --mem       also measure peak private memory (RssAnon, sampled from
#                 /proc by benches/peak_anon.py) of every logsift command
#     CORPUS_DIR  default /tmp/corpus1g
#                 (python3 ../shared/corpus/gen_corpus.py --out /tmp/corpus1g --mb 1024 --seed 1)
#     FILTER      only the cases whose name matches (e.g. 'lines|gz')
#   env: RUNS (default 5), LOGSIFT (default target/release/logsift), OUT (default /tmp/logsift-bench),
#        SLOW=1 adds jq to the JSON case
#
# Each case is ONE hyperfine invocation holding logsift and its peers, so
# they share the machine's noise (this 2-core machine is shared: read the
# ratios, not the absolute times). Output: a table of case, tool, median
# wall seconds, mean CPU seconds (user+sys), MB/s of (uncompressed) input
# per wall second, max RSS MiB (/usr/bin/time; for mapped files this counts
# page-cache pages, so see --mem for private memory), and the ratios
# logsift/peer of wall and CPU time; also $OUT/results.tsv.
set -euo pipefail
MEM=0
if [ "${1:-}" = --mem ]; then MEM=1; shift; fi
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
export PATH=$PATH:$HOME/.cargo/bin
export LC_ALL=C

RAWF="$C/nginx/access.log $C/auth.log $C/app/gateway.log $C/app/orders.jsonl $C/app/payments.log"
GZF="$C/nginx/access.log.1.gz $C/auth.log.2.gz"
sz() { local t=0 f; for f in "$@"; do t=$((t + $(stat -c %s "$f"))); done; echo $t; }
gunz() { local t=0 f; for f in "$@"; do t=$((t + $(gzip -l "$f" | awk 'NR==2{print $2}'))); done; echo $t; }
B_RAW=$(sz $RAWF)
B_GZ=$(gunz $GZF)
B_ALL=$((B_RAW + B_GZ))
B_BIGGZ=$(gunz "$C/nginx/access.log.1.gz")
B_JSON=$(sz "$C/app/orders.jsonl")

# case BYTES TOOL CMD [TOOL CMD]...: one hyperfine run of all the commands
# (no shell: a pipeline is written as bash -c '...').
case_() {
  local case=$1 bytes=$2; shift 2
  [[ "$case" =~ $ONLY ]] || return 0
  local args=() tools=() cmds=()
  while [ $# -ge 2 ]; do
    if command -v "${2%% *}" >/dev/null; then
      tools+=("$1"); cmds+=("$2"); args+=(-n "$1" "$2")
    else
      echo "skip: $1 (${2%% *} not installed)" >&2
    fi
    shift 2
  done
  echo "== $case" >&2
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$OUT/h.json" "${args[@]}" >"$OUT/h.out" 2>&1 \
    || { cat "$OUT/h.out" >&2; echo "failed: $case" >&2; return 0; }
  local i
  for i in "${!tools[@]}"; do
    local rss anon=""
    rss=$( { /usr/bin/time -f '%M' bash -c "${cmds[$i]} >/dev/null 2>&1"; } 2>&1 | tail -1)
    if [ "$MEM" = 1 ] && [ "${tools[$i]%% *}" = logsift ]; then
      # shellcheck disable=SC2086
      anon=$(python3 "$HERE/benches/peak_anon.py" ${cmds[$i]} | awk '{print $2}')
    fi
    python3 - "$OUT/h.json" "$i" "$case" "${tools[$i]}" "$bytes" "${rss:-0}" "${anon:-}" "${cmds[$i]}" >>"$RES" <<'PY'
import json, sys
j, i, case, tool, b, rss, anon, cmd = sys.argv[1:]
r = json.load(open(j))["results"][int(i)]
cpu = r["user"] + r["system"]
anon = f"{int(anon)/1024:.1f}" if anon else ""
print("\t".join([case, tool, f"{r['median']:.3f}", f"{cpu:.3f}", f"{int(b)/1e6/r['median']:.0f}",
                 f"{int(rss)/1024:.1f}", anon, cmd]))
PY
  done
}

# 1. Splitting every line of the plain files (a line count).
case_ lines "$B_RAW" \
  "rg -c ''" "rg -c '' $RAWF" \
  "wc -l" "wc -l $RAWF" \
  "logsift raw" "$L detect --format raw -q $RAWF"

# 2. Parsing every line of the whole corpus into events (formats detected;
#    .gz decompressed), beside reading it (cat + zcat) and counting its lines
#    (rg -z).
case_ parse "$B_ALL" \
  "logsift" "$L detect -q $C" \
  "cat+zcat" "bash -c 'cat $RAWF >/dev/null; zcat $GZF >/dev/null'" \
  "rg -z -c ''" "rg -z -c '' $RAWF $GZF"
case_ parse-plain "$B_RAW" \
  "logsift" "$L detect -q $RAWF" \
  "rg -c ''" "rg -c '' $RAWF"
# jq takes over a minute a run here: only with SLOW=1.
JQ=()
[ -n "${SLOW:-}" ] && JQ=("jq -c ." "bash -c 'jq -c . $C/app/orders.jsonl >/dev/null'")
case_ parse-json "$B_JSON" \
  "logsift" "$L detect -q $C/app/orders.jsonl" \
  "hl" "hl -P -r $C/app/orders.jsonl -o /dev/null" \
  "${JQ[@]}"

# 3. gzip: in-process decompression vs zcat / pigz; the directory vs its
#    largest .gz.
case_ gz "$B_GZ" \
  "logsift raw" "$L detect --format raw -q $GZF" \
  "logsift" "$L detect -q $GZF" \
  "zcat" "zcat $GZF" \
  "pigz -dc" "pigz -dc $GZF"
case_ gz-largest "$B_BIGGZ" \
  "logsift" "$L detect -q $C/nginx/access.log.1.gz" \
  "zcat" "zcat $C/nginx/access.log.1.gz"

# 4. Archives: a tar.gz of the plain files, read member by member (nothing is
#    mapped, so max RSS is private memory here), beside tar -xzOf.
if [[ tar =~ $ONLY ]]; then
  T=$OUT/corpus.tar.gz
  [ -s "$T" ] || { tar -C "$C" -cf - nginx/access.log auth.log app | pigz -1 > "$T.tmp" && mv "$T.tmp" "$T"; }
  case_ tar "$B_RAW" \
    "logsift" "$L detect -q $T" \
    "tar -xzOf" "bash -c 'tar -xzOf $T >/dev/null'"
fi

# 5. trace (issue 5): one ID over the plain files vs `rg -F`; the whole
#    directory (.gz included) vs `rg -z -F`; 100 IDs vs `rg -z -F -f ids.txt`;
#    and `--top 20` alone (target 2 s).
if [[ "trace-one-plain trace-one-dir trace-100-dir trace-top20" =~ $ONLY ]]; then
  TID=$(python3 -c "import json; print(json.load(open('$C/manifest.json'))['traces'][2]['request_id'])")
  IDS=$OUT/ids.txt
  python3 -c "import json; [print(t['request_id']) for t in json.load(open('$C/manifest.json'))['traces']]" > "$IDS"
  grep -o 'request_id=[0-9a-f-]*' "$C/app/gateway.log" | awk 'NR % 9973 == 1 {print substr($0, 12)}' \
    | head -$((100 - $(wc -l < "$IDS"))) >> "$IDS"
  case_ trace-one-plain "$B_RAW" "logsift" "$L trace --json $TID $RAWF" "rg -F" "rg -F $TID $RAWF"
  case_ trace-one-dir "$B_ALL" "logsift" "$L trace --json $TID $C" "rg -z -F" "rg -z -F $TID $C"
  case_ trace-100-dir "$B_ALL" "logsift" "$L trace --json -f $IDS $C" "rg -z -F -f" "rg -z -F -f $IDS $C"
  case_ trace-top20 "$B_ALL" "logsift" "$L trace --top 20 -q $C"
fi

# 6. timeline (issue 4): every file merged by time, output included, beside
#    the mawk key + `sort -m` pipeline of ../shared/bench/peer-bench.sh (same
#    definitions) and lnav (~30 s a run: LNAV_RUNS runs, default 1); the view;
#    --histogram beside a plain parse (`detect`). Private memory: --mem.
if [[ "timeline timeline-lnav timeline-view timeline-hist" =~ $ONLY ]]; then
  KEY_AWK='BEGIN { m = "JanFebMarAprMayJunJulAugSepOctNovDec" }
fmt == "iso"  { print substr($0, 1, 23) "\t" $0; next }
fmt == "lf"   { print substr($0, 4, 23) "\t" $0; next }
fmt == "json" { print substr($0, 8, 23) "\t" $0; next }
fmt == "ngx"  { i = index($0, "["); d = substr($0, i + 1, 20)
                mo = (index(m, substr(d, 4, 3)) + 2) / 3
                printf "%s-%02d-%sT%s.000\t%s\n", substr(d, 8, 4), mo, substr(d, 1, 2), substr(d, 13, 8), $0; next }
fmt == "sys"  { mo = (index(m, substr($0, 1, 3)) + 2) / 3; dd = substr($0, 5, 2); sub(/^ /, "0", dd)
                printf "2024-%02d-%sT%s.000\t%s\n", mo, dd, substr($0, 8, 8), $0; next }'
  export KEY_AWK
  key() { mawk -v fmt="$1" "$KEY_AWK" "${@:2}"; }
  timeline_sortm() {
    sort -m -s -t $'\t' -k1,1 \
      <(zcat "$1/nginx/access.log.1.gz" | key ngx) <(key ngx "$1/nginx/access.log") \
      <(zcat "$1/auth.log.2.gz" | key sys) <(key sys "$1/auth.log") \
      <(key iso "$1/app/gateway.log") <(key json "$1/app/orders.jsonl") <(key lf "$1/app/payments.log") \
      | cut -f2-
  }
  export -f key timeline_sortm
  ALL7="$C/nginx/access.log.1.gz $C/nginx/access.log $C/auth.log.2.gz $C/auth.log $C/app/gateway.log $C/app/orders.jsonl $C/app/payments.log"
  case_ timeline "$B_ALL" \
    "logsift" "$L timeline --json -q $C" \
    "awk+sort -m" "bash -c 'timeline_sortm $C >/dev/null'"
  RUNS=${LNAV_RUNS:-1} case_ timeline-lnav "$B_ALL" \
    "logsift" "$L timeline --json -q $C" \
    "lnav -n" "bash -c 'lnav -n $ALL7 >/dev/null'"
  case_ timeline-view "$B_ALL" "logsift view" "$L timeline --color never -q $C"
  case_ timeline-hist "$B_ALL" \
    "logsift hist" "$L timeline --histogram -q $C" \
    "detect" "$L detect -q $C"
fi

# 7. Summaries (issue 7): stats and anomalies over everything in one
#    parallel pass beside the parsing pass alone (detect), for scale; the
#    nginx report beside goaccess.
B_NGX=$(sz "$C/nginx/access.log")
case_ stats "$B_ALL" \
  "logsift stats" "$L stats -q --year 2024 $C" \
  "logsift anomalies" "$L anomalies -q --year 2024 $C" \
  "detect" "$L detect -q --year 2024 $C"
RUNS=${SLOW_RUNS:-2} case_ stats-nginx "$B_NGX" \
  "logsift stats" "$L stats -q $C/nginx/access.log" \
  "detect" "$L detect -q $C/nginx/access.log" \
  "goaccess" "goaccess $C/nginx/access.log --log-format=COMBINED -o $OUT/goaccess.json"

# 8. logins (issue 6): authentication forensics vs the shell pipeline of
#    issue 6 (count failed logins per source IP).
if [[ logins =~ $ONLY ]]; then
  cat > "$OUT/logins-shell.sh" <<SH
{ zcat "$C/auth.log.2.gz"; cat "$C/auth.log"; } | grep -F 'Failed ' \\
  | awk '{for (i = 1; i < NF; i++) if (\$i == "from") ip = \$(i + 1); print ip}' | sort | uniq -c | sort -rn
SH
  B_AUTH=$(( $(sz "$C/auth.log") + $(gunz "$C/auth.log.2.gz") ))
  case_ logins "$B_AUTH" \
    "logsift" "$L logins -q $C/auth.log $C/auth.log.2.gz" \
    "logsift --json" "$L logins -q --json $C/auth.log $C/auth.log.2.gz" \
    "shell pipeline" "bash $OUT/logins-shell.sh"
fi

# 9. filter (issue 3): one request id over the plain files vs `rg -F`; over
#    the whole directory (.gz included) vs `rg -z -F`; error level of one
#    day in orders.jsonl beside rg's regex for it (a lower bound: it parses
#    nothing; hl's figure is quoted in the issue); 5xx as JSON lines from
#    the access log vs jq selecting the same events from their JSON lines
#    (SLOW=1: jq takes over 10 s a run).
if [[ "filter-uuid filter-uuid-dir filter-level-day filter-field-json" =~ $ONLY ]]; then
  FU=$(python3 -c "import json; print(json.load(open('$C/manifest.json'))['traces'][3]['request_id'])")
  FZ=$(python3 -c "import json; print(json.load(open('$C/manifest.json'))['traces'][0]['request_id'])")
  O=$C/app/orders.jsonl
  DAY='--since 2024-03-03T00:00:00Z --until 2024-03-03T23:59:59.999Z'
  case_ filter-uuid "$B_RAW" "logsift" "$L filter -F $FU $RAWF" "rg -F" "rg -F $FU $RAWF"
  case_ filter-uuid-dir "$B_ALL" \
    "logsift" "$L filter -F $FZ $C/nginx $C/auth.log $C/auth.log.2.gz $C/app" \
    "rg -z -F" "rg -z -F $FZ $C/nginx $C/auth.log $C/auth.log.2.gz $C/app"
  case_ filter-level-day "$B_JSON" \
    "logsift" "$L filter --level error $DAY $O" \
    "rg (regex)" "rg '\"ts\":\"2024-03-03T[^\"]*\",\"level\":\"error\"' $O"
  if [ "${SLOW:-0}" = 1 ]; then
    EV=$OUT/access-events.jsonl
    [ -s "$EV" ] || "$L" filter --json "$C/nginx/access.log" > "$EV"
    RUNS=${SLOW_RUNS:-2} case_ filter-field-json "$(sz "$C/nginx/access.log")" \
      "logsift" "$L filter --field status>=500 --json $C/nginx/access.log" \
      "jq" "jq -c 'select(.fields.status >= 500)' $EV"
  fi
fi

python3 - "$RES" "$MEM" <<'PY'
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
mem = sys.argv[2] == "1"
by = collections.defaultdict(list)
for case, tool, med, cpu, mbs, rss, anon, cmd in rows:
    by[case].append((tool, float(med), float(cpu), mbs, rss, anon))
head = f"{'case':<11} {'tool':<12} {'wall s':>7} {'CPU s':>7} {'MB/s':>6} {'maxRSS':>7}"
print(head + (f" {'anonMiB':>7}" if mem else "") + "  logsift/peer wall, CPU")
for case, tools in by.items():
    ls = next((t for t in tools if t[0].startswith("logsift")), tools[0])
    for tool, med, cpu, mbs, rss, anon in tools:
        ratio = "" if tool.startswith("logsift") else f"{ls[1]/med:.2f}x, {ls[2]/max(cpu, 1e-3):.2f}x"
        line = f"{case:<11} {tool:<12} {med:>7.3f} {cpu:>7.3f} {mbs:>6} {rss:>7}"
        print(line + (f" {anon:>7}" if mem else "") + f"  {ratio}")
PY
