
use builtin;
use str;

set edit:completion:arg-completer[logsift] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'logsift'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'logsift'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand formats 'List the log formats logsift understands, with an example line each.'
            cand detect 'Show each input''s detected format, line count, parse rate and time span.'
            cand filter 'Print the events that match: time window, level, text, fields.'
            cand check 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
            cand redact 'Write copies of logs with secrets and personal data removed, safe to share.'
            cand generate 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logsift;formats'= {
            cand --json 'Print JSON lines ({name, description, example}) instead of a table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;detect'= {
            cand --format 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)'
            cand --tz 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC'
            cand --year 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)'
            cand --source 'Only read inputs whose path matches this glob (repeatable)'
            cand --max-line 'Lines longer than this many bytes are cut there, with a warning'
            cand -j 'Number of worker threads (default: one per core)'
            cand --threads 'Number of worker threads (default: one per core)'
            cand --chunk-size 'Chunk size in bytes for parallel scanning (tuning and tests)'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --hidden 'Also read hidden files and directories when walking directories'
            cand --no-mmap 'Never memory-map files; read them with buffered reads'
            cand --strict 'Stop at the first unreadable or corrupt input instead of going on'
            cand --json 'Print JSON lines (one object per line) for machines and jq'
            cand -q 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand --quiet 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;filter'= {
            cand --format 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)'
            cand --tz 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC'
            cand --year 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)'
            cand --source 'Only read inputs whose path matches this glob (repeatable)'
            cand --max-line 'Lines longer than this many bytes are cut there, with a warning'
            cand -j 'Number of worker threads (default: one per core)'
            cand --threads 'Number of worker threads (default: one per core)'
            cand --chunk-size 'Chunk size in bytes for parallel scanning (tuning and tests)'
            cand --since 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH'
            cand --until 'Only events before TIME (same forms as --since)'
            cand --around 'Only events within --window of TIME, on both sides'
            cand --window 'Half-width of the --around window (90s, 10m, 1h)'
            cand --level 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out'
            cand -e 'Only records whose raw text matches this regex (repeatable: any)'
            cand --regex 'Only records whose raw text matches this regex (repeatable: any)'
            cand -F 'Only records containing this literal string (repeatable: any)'
            cand --fixed 'Only records containing this literal string (repeatable: any)'
            cand --field 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers'
            cand --now 'The time that relative times count back from (tests, replays)'
            cand --columns 'With --csv: extra columns, fields by name (comma-separated)'
            cand -m 'Stop reading a source after N matches'
            cand --max-count 'Stop reading a source after N matches'
            cand --sort 'Order of the output: input (sources in the order given, rotated sets oldest first; records in file order) or time (all matches sorted by timestamp; the timeline command does this at any scale)'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --hidden 'Also read hidden files and directories when walking directories'
            cand --no-mmap 'Never memory-map files; read them with buffered reads'
            cand --strict 'Stop at the first unreadable or corrupt input instead of going on'
            cand -i 'Match -e/-F patterns case-insensitively'
            cand --ignore-case 'Match -e/-F patterns case-insensitively'
            cand -w 'Match -e/-F patterns only as whole words'
            cand --word-regexp 'Match -e/-F patterns only as whole words'
            cand -v 'Keep the records that do NOT match the -e/-F patterns'
            cand --invert-match 'Keep the records that do NOT match the -e/-F patterns'
            cand --csv 'Print CSV (ts, source, line, level, host, app, message, and any --columns) with a header. Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with '''
            cand --csv-raw 'With --csv: keep formula-like cells exactly as logged'
            cand --no-filename 'Do not prefix records with their source'
            cand -N 'Do not prefix records with their line number'
            cand --no-line-number 'Do not prefix records with their line number'
            cand -c 'Print the number of matches per source and in total, not the records'
            cand --count 'Print the number of matches per source and in total, not the records'
            cand -l 'Print only the names of sources with a match'
            cand --files-with-matches 'Print only the names of sources with a match'
            cand --stats 'Print statistics on stderr at the end: lines scanned, events parsed, matches, bytes, time'
            cand --json 'Print JSON lines (one object per line) for machines and jq'
            cand -q 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand --quiet 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;check'= {
            cand --format 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)'
            cand --tz 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC'
            cand --year 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)'
            cand --source 'Only read inputs whose path matches this glob (repeatable)'
            cand --max-line 'Lines longer than this many bytes are cut there, with a warning'
            cand -j 'Number of worker threads (default: one per core)'
            cand --threads 'Number of worker threads (default: one per core)'
            cand --chunk-size 'Chunk size in bytes for parallel scanning (tuning and tests)'
            cand --max-level 'Fail when any event is above LEVEL (warn: fail on error, crit, ...)'
            cand --forbid 'Fail when any record matches REGEX (repeatable: one rule each)'
            cand --require 'Fail unless some record matches REGEX (repeatable: one rule each)'
            cand --max 'Fail when more than N events are at LEVEL or above: ''error=0'', ''warn=10''; ''=warn=3'' counts exactly warn'
            cand --max-count 'Fail when more than N events match a filter: ''field status>=500:0'', ''level error source *orders*:3'', "regex ''time ?out'' -i:5". The filter is pairs of field/level/regex/fixed/source/since/until and a value, plus the words ignore-case, word, invert'
            cand --rules 'Named rules in a TOML file: [[rule]] tables with name, a filter (field, level, regex, fixed, source, since, until...), min and/or max, and a message. See ''logsift check --help'''
            cand --since 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH'
            cand --until 'Only events before TIME (same forms as --since)'
            cand --around 'Only events within --window of TIME, on both sides'
            cand --window 'Half-width of the --around window (90s, 10m, 1h)'
            cand --level 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out'
            cand -e 'Only records whose raw text matches this regex (repeatable: any)'
            cand --regex 'Only records whose raw text matches this regex (repeatable: any)'
            cand -F 'Only records containing this literal string (repeatable: any)'
            cand --fixed 'Only records containing this literal string (repeatable: any)'
            cand --field 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers'
            cand --now 'The time that relative times count back from (tests, replays)'
            cand --junit 'Write a JUnit XML report to FILE (one test case per rule)'
            cand --show 'Offending lines shown per violated rule'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --hidden 'Also read hidden files and directories when walking directories'
            cand --no-mmap 'Never memory-map files; read them with buffered reads'
            cand --strict 'Stop at the first unreadable or corrupt input instead of going on'
            cand -i 'Match -e/-F patterns case-insensitively'
            cand --ignore-case 'Match -e/-F patterns case-insensitively'
            cand -w 'Match -e/-F patterns only as whole words'
            cand --word-regexp 'Match -e/-F patterns only as whole words'
            cand -v 'Keep the records that do NOT match the -e/-F patterns'
            cand --invert-match 'Keep the records that do NOT match the -e/-F patterns'
            cand --github 'Also print GitHub Actions annotations (::error file=...,line=...::) for the offending lines, so they show on the run''s summary'
            cand --json 'Print JSON lines (one object per line) for machines and jq'
            cand -q 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand --quiet 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;redact'= {
            cand --format 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)'
            cand --tz 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC'
            cand --year 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)'
            cand --source 'Only read inputs whose path matches this glob (repeatable)'
            cand --max-line 'Lines longer than this many bytes are cut there, with a warning'
            cand -j 'Number of worker threads (default: one per core)'
            cand --threads 'Number of worker threads (default: one per core)'
            cand --chunk-size 'Chunk size in bytes for parallel scanning (tuning and tests)'
            cand -o 'Directory for the sanitized copies (created; never an input or inside an input directory). Required unless --dry-run'
            cand --output 'Directory for the sanitized copies (created; never an input or inside an input directory). Required unless --dry-run'
            cand --keep 'Leave these kinds alone (comma-separated: email, card, jwt, ...)'
            cand --pseudonymize 'Replace these kinds by a stable keyed token instead of a marker (comma-separated: ip,user,email), so the same address maps to the same token in every file. Needs --key-file'
            cand --key-file 'Secret key for --pseudonymize (at least 16 bytes; keep it to get the same tokens next time, keep it private so tokens cannot be reversed by hashing every address)'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --hidden 'Also read hidden files and directories when walking directories'
            cand --no-mmap 'Never memory-map files; read them with buffered reads'
            cand --strict 'Stop at the first unreadable or corrupt input instead of going on'
            cand --dry-run 'Only report what would be redacted, by kind and count per file'
            cand --force 'Replace earlier copies in the output directory'
            cand --ip 'Also redact IPv4 and IPv6 addresses'
            cand --users 'Also redact user names (sshd, PAM, sudo lines; user= fields)'
            cand --json 'Print JSON lines (one object per line) for machines and jq'
            cand -q 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand --quiet 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;generate'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'logsift;help'= {
            cand formats 'List the log formats logsift understands, with an example line each.'
            cand detect 'Show each input''s detected format, line count, parse rate and time span.'
            cand filter 'Print the events that match: time window, level, text, fields.'
            cand check 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
            cand redact 'Write copies of logs with secrets and personal data removed, safe to share.'
            cand generate 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logsift;help;formats'= {
        }
        &'logsift;help;detect'= {
        }
        &'logsift;help;filter'= {
        }
        &'logsift;help;check'= {
        }
        &'logsift;help;redact'= {
        }
        &'logsift;help;generate'= {
        }
        &'logsift;help;help'= {
        }
    ]
    $completions[$command]
}
