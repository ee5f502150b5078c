#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the small files in fixtures/ (never
# large ones; the corpora are not committed: fuzz/.gitignore).
# Usage: fuzz/seed.sh   (from anywhere; needs gzip zstd bzip2 xz tar zip)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
c="$here/corpus"
mkdir -p "$c"
small() { find "$@" -type f -size -8k ! -name '*.md' ! -name '*.py'; }

seed() { # seed TARGET FILE...: copy files, and also 16-line pieces of them
    t=$1; shift
    mkdir -p "$c/$t"
    for f in "$@"; do
        b=$(basename "$f")
        cp "$f" "$c/$t/$b"
        split -l 16 -d "$f" "$c/$t/$b.part"
    done
}

seed parse_json "$fx/formats/json.log" "$fx/logins/app.jsonl" "$fx/redact/app/events.jsonl" "$fx/timeline/a.jsonl"
seed parse_syslog5424 "$fx/formats/syslog5424.log"
seed parse_access "$fx/formats/access.log" "$fx/logins/access.log"
seed parse_syslog3164 "$fx/formats/syslog.log" "$fx/logins/auth.log" "$fx/logins/daemons.log"
seed logins "$fx/logins/auth.log" "$fx/logins/daemons.log" "$fx/incident/web1/auth.log" "$fx/formats/syslog.log"
seed parse_apache_error "$fx/formats/apache-error.log"
seed parse_leveltext "$fx/formats/leveltext.log"
seed parse_logfmt "$fx/formats/logfmt.log"
seed detect $(small "$fx/formats" "$fx/hostile" "$fx/logins" "$fx/timeline")
seed keys $(small "$fx/formats" "$fx/hostile" "$fx/timeline")
seed timestamps "$fx/formats/json.log" "$fx/formats/leveltext.log" "$fx/formats/syslog5424.log"
for s in 2024-03-03T12:00:01.123456Z 2024-03-03T12:00:01+05:30 '2024/02/29 23:59:60,5 UTC' \
         1709467201 1709467201.250 1709467201123 Europe/Berlin +0530 -2; do
    printf '%s' "$s" > "$c/timestamps/$(printf '%s' "$s" | tr -c 'A-Za-z0-9' _)"
done
seed redact $(small "$fx/redact")
seed query
for s in 'status>=500' 'user~^ad.*n$' '!ip' 'level=error' '2024-03-03 10:12' yesterday 1h30m @1709460720 \
         'warn..error' '>=warn' '2024-03-03T10:12:00+01:00'; do
    printf '%s' "$s" > "$c/query/$(printf '%s' "$s" | tr -c 'A-Za-z0-9' _)"
done
printf '2024-03-03\000now\0002h\000error' > "$c/query/mixed"

# split: four parameter bytes (chunk size lo/hi, format selector, max line) + data.
mkdir -p "$c/split"
for f in $(small "$fx/formats" "$fx/hostile" "$fx/logins"); do
    { printf '\040\000\011\020'; head -c 3000 "$f"; } > "$c/split/$(basename "$f")"
    { printf '\007\000\004\100'; head -c 3000 "$f"; } > "$c/split/$(basename "$f").small"
done

# folded: length byte (36: a UUID), flags (bit 0: any case), needle, haystack.
mkdir -p "$c/folded"
for f in $(small "$fx/incident" "$fx/formats"); do
    { printf '\042\001e859614f-70fb-43C8-85d6-b4a147ace60b'; head -c 3000 "$f"; } > "$c/folded/$(basename "$f")"
    { printf '\006\000req-7f'; head -c 3000 "$f"; } > "$c/folded/$(basename "$f").exact"
done

# decompress / tar: every codec, a tar, a compressed tar, and truncations.
mkdir -p "$c/decompress" "$c/tar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 1500 "$fx/formats/syslog.log" > "$tmp/syslog.log"
head -c 1500 "$fx/formats/json.log" > "$tmp/json.log"
gzip -c "$tmp/syslog.log" > "$tmp/s.gz"
cat "$tmp/s.gz" "$tmp/s.gz" > "$tmp/multi.gz"
zstd -q -c "$tmp/syslog.log" > "$tmp/s.zst"
bzip2 -c "$tmp/syslog.log" > "$tmp/s.bz2"
xz -c "$tmp/syslog.log" > "$tmp/s.xz"
gzip -c "$tmp/json.log" > "$tmp/json.log.gz"
(cd "$tmp" && tar cf a.tar syslog.log json.log.gz && tar czf a.tgz syslog.log && tar cJf a.txz json.log)
for f in s.gz multi.gz s.zst s.bz2 s.xz a.tar a.tgz a.txz; do
    cp "$tmp/$f" "$c/decompress/$f"
    head -c 300 "$tmp/$f" > "$c/decompress/$f.cut"
done
cp "$fx/hostile/truncated.log.gz" "$c/decompress/" 2>/dev/null || true
cp "$tmp/syslog.log" "$c/decompress/plain"
cp "$tmp/a.tar" "$c/tar/a.tar"
head -c 1100 "$tmp/a.tar" > "$c/tar/a.tar.cut"
(cd "$tmp" && ln -s ../../etc/passwd link && tar cf b.tar link syslog.log --transform 's,^syslog,../../x/syslog,')
cp "$tmp/b.tar" "$c/tar/traversal.tar"
# zip: stored and deflated members, a compressed member, a traversal name, truncations.
mkdir -p "$c/zip" "$tmp/z/var/log"
cp "$tmp/syslog.log" "$tmp/z/var/log/syslog.log"
cp "$tmp/json.log.gz" "$tmp/z/var/log/json.log.gz"
(cd "$tmp/z" && zip -q -0 "$tmp/stored.zip" var/log/syslog.log && zip -q -9 "$tmp/deflated.zip" var/log/syslog.log var/log/json.log.gz)
(cd "$tmp/z/var/log" && zip -q "$tmp/traversal.zip" syslog.log && printf '@ syslog.log\n@=../../etc/passwd\n' | zipnote -w "$tmp/traversal.zip")
for f in stored.zip deflated.zip traversal.zip; do
    cp "$tmp/$f" "$c/zip/$f"
    head -c 700 "$tmp/$f" > "$c/zip/$f.cut"
done
echo "seeded $(find "$c" -type f | wc -l) files under $c"
