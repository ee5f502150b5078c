
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'logsift' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'logsift'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'logsift' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('formats', 'formats', [CompletionResultType]::ParameterValue, 'List the log formats logsift understands, with an example line each.')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Show each input''s detected format, line count, parse rate and time span.')
            [CompletionResult]::new('filter', 'filter', [CompletionResultType]::ParameterValue, 'Print the events that match: time window, level, text, fields.')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Merge every source into one chronological story.')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Follow request IDs across every service and file, or find the requests worth following.')
            [CompletionResult]::new('logins', 'logins', [CompletionResultType]::ParameterValue, 'Who tried to log in, from where, and did anyone succeed?')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.')
            [CompletionResult]::new('redact', 'redact', [CompletionResultType]::ParameterValue, 'Write copies of logs with secrets and personal data removed, safe to share.')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Summarise what is in these logs: sources, levels, templates, HTTP.')
            [CompletionResult]::new('anomalies', 'anomalies', [CompletionResultType]::ParameterValue, 'Find what changed over time: spikes, drops, bursts, floods, new errors.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logsift;formats' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines ({name, description, example}) instead of a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;detect' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;filter' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'With --csv: extra columns, fields by name (comma-separated)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Stop reading a source after N matches')
            [CompletionResult]::new('--max-count', '--max-count', [CompletionResultType]::ParameterName, 'Stop reading a source after N matches')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order of the output: input (sources in the order given, rotated sets oldest first; records in file order) or time (all matches sorted by timestamp; the timeline command does this at any scale)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (ts, source, line, level, host, app, message, and any --columns) with a header. Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with ''')
            [CompletionResult]::new('--csv-raw', '--csv-raw', [CompletionResultType]::ParameterName, 'With --csv: keep formula-like cells exactly as logged')
            [CompletionResult]::new('--no-filename', '--no-filename', [CompletionResultType]::ParameterName, 'Do not prefix records with their source')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Do not prefix records with their line number')
            [CompletionResult]::new('--no-line-number', '--no-line-number', [CompletionResultType]::ParameterName, 'Do not prefix records with their line number')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Print the number of matches per source and in total, not the records')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print the number of matches per source and in total, not the records')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Print only the names of sources with a match')
            [CompletionResult]::new('--files-with-matches', '--files-with-matches', [CompletionResultType]::ParameterName, 'Print only the names of sources with a match')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print statistics on stderr at the end: lines scanned, events parsed, matches, bytes, time')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;timeline' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the last N events of the timeline')
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Only the last N events of the timeline')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'Only the first N events of the timeline')
            [CompletionResult]::new('--display-tz', '--display-tz', [CompletionResultType]::ParameterName, 'Zone the times are shown in (default UTC): an IANA name or offset')
            [CompletionResult]::new('--cut', '--cut', [CompletionResultType]::ParameterName, 'Cut long messages at the terminal width (or at WIDTH columns) instead of wrapping them')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Histogram bucket width (30s, 1m, 5m, 1h); implies --histogram')
            [CompletionResult]::new('--gaps', '--gaps', [CompletionResultType]::ParameterName, 'List periods longer than DURATION in which a source that was logging went silent, with the last event before and the first after')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (ts, source, line, level, host, app, message) with a header; formula-like cells are prefixed with ''')
            [CompletionResult]::new('--timesketch', '--timesketch', [CompletionResultType]::ParameterName, 'Print Timesketch JSON lines (message, datetime, timestamp_desc and the fields), importable into Timesketch and plaso-based tools')
            [CompletionResult]::new('--histogram', '--histogram', [CompletionResultType]::ParameterName, 'Print event counts per time bucket (per level, per source, and a bar) instead of events; the bucket is chosen to give ~40-60 rows')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Estimate the clock offset between sources from request IDs seen in both (request_id, trace_id, ...): median and spread per pair')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print scan figures on stderr at the end: events, runs, sorted chunks, bytes spilled, key memory')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;trace' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Find the request IDs in the data instead, and show the N slowest, the N with errors and the N with most events')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'An ID to trace (repeatable); with it, every positional argument is a path')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Trace the IDs listed in FILE, one per line (# starts a comment)')
            [CompletionResult]::new('--ids-file', '--ids-file', [CompletionResultType]::ParameterName, 'Trace the IDs listed in FILE, one per line (# starts a comment)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary of each ID (with --json: one object per ID)')
            [CompletionResult]::new('--related', '--related', [CompletionResultType]::ParameterName, 'Also follow IDs logged on the same line as a traced one (a trace id beside a request id, a job id), one hop further, saying which')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;logins' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Rows of the per-IP and per-user tables (0: all)')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'Evidence lines (source:line) kept per finding (0: all)')
            [CompletionResult]::new('--brute-failures', '--brute-failures', [CompletionResultType]::ParameterName, 'brute_force: at least N failures from one IP ...')
            [CompletionResult]::new('--brute-window', '--brute-window', [CompletionResultType]::ParameterName, '... within this long (30s, 5m, 1h)')
            [CompletionResult]::new('--spray-users', '--spray-users', [CompletionResultType]::ParameterName, 'password_spraying: one IP failing for at least N distinct users ...')
            [CompletionResult]::new('--spray-per-user', '--spray-per-user', [CompletionResultType]::ParameterName, '... with at most this many failures per user on average')
            [CompletionResult]::new('--distributed-ips', '--distributed-ips', [CompletionResultType]::ParameterName, 'distributed: at least N IPs failing against one user')
            [CompletionResult]::new('--compromise-failures', '--compromise-failures', [CompletionResultType]::ParameterName, 'success_after_failures: a success from an IP after at least N failures from it ...')
            [CompletionResult]::new('--compromise-window', '--compromise-window', [CompletionResultType]::ParameterName, '... within this long before the success')
            [CompletionResult]::new('--invalid-users', '--invalid-users', [CompletionResultType]::ParameterName, 'invalid_user_scan: at least N attempts on non-existent users from one IP')
            [CompletionResult]::new('--sudo-failures', '--sudo-failures', [CompletionResultType]::ParameterName, 'sudo_abuse: at least N sudo password failures of one user (any not-in-sudoers refusal is enough)')
            [CompletionResult]::new('--work-hours', '--work-hours', [CompletionResultType]::ParameterName, 'off_hours: successes outside these hours, in --tz')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Print every authentication event (with --json: the event schema plus fields outcome, user, ip, port, method, service) instead of tables')
            [CompletionResult]::new('--list-sources', '--list-sources', [CompletionResultType]::ParameterName, 'List the daemons and message forms that are understood, and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--max-level', '--max-level', [CompletionResultType]::ParameterName, 'Fail when any event is above LEVEL (warn: fail on error, crit, ...)')
            [CompletionResult]::new('--forbid', '--forbid', [CompletionResultType]::ParameterName, 'Fail when any record matches REGEX (repeatable: one rule each)')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Fail unless some record matches REGEX (repeatable: one rule each)')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Fail when more than N events are at LEVEL or above: ''error=0'', ''warn=10''; ''=warn=3'' counts exactly warn')
            [CompletionResult]::new('--max-count', '--max-count', [CompletionResultType]::ParameterName, 'Fail when more than N events match a filter: ''field status>=500:0'', ''level error source *orders*:3'', "regex ''time ?out'' -i:5". The filter is pairs of field/level/regex/fixed/source/since/until and a value, plus the words ignore-case, word, invert')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Named rules in a TOML file: [[rule]] tables with name, a filter (field, level, regex, fixed, source, since, until...), min and/or max, and a message. See ''logsift check --help''')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report to FILE (one test case per rule)')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Offending lines shown per violated rule')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--github', '--github', [CompletionResultType]::ParameterName, 'Also print GitHub Actions annotations (::error file=...,line=...::) for the offending lines, so they show on the run''s summary')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;redact' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Directory for the sanitized copies (created; never an input or inside an input directory). Required unless --dry-run')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Directory for the sanitized copies (created; never an input or inside an input directory). Required unless --dry-run')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave these kinds alone (comma-separated: email, card, jwt, ...)')
            [CompletionResult]::new('--pseudonymize', '--pseudonymize', [CompletionResultType]::ParameterName, 'Replace these kinds by a stable keyed token instead of a marker (comma-separated: ip,user,email), so the same address maps to the same token in every file. Needs --key-file')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Secret key for --pseudonymize (at least 16 bytes; keep it to get the same tokens next time, keep it private so tokens cannot be reversed by hashing every address)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only report what would be redacted, by kind and count per file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace earlier copies in the output directory')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Also redact IPv4 and IPv6 addresses')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Also redact user names (sshd, PAM, sudo lines; user= fields)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;generate' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;stats' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Rows per table (top templates, endpoints, clients, agents, hosts, apps)')
            [CompletionResult]::new('--similarity', '--similarity', [CompletionResultType]::ParameterName, 'Template miner: share of equal tokens for a message to join a template')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'Template miner: tokens of the prefix tree below the length level')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--templates', '--templates', [CompletionResultType]::ParameterName, 'Show only the message templates (all of them with --json)')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'With --templates --json: print every event instead, tagged with its template (fields.template_id, fields.template), for jq')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;anomalies' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (''web1/*=Europe/Berlin''; the glob matches the path or any tail of it; the first matching rule wins)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only read inputs whose path matches this glob (repeatable)')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line''s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream''s memory. At least 1024')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per core)')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Chunk size in bytes for parallel scanning (tuning and tests)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: ''2024-03-03 10:12'', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events before TIME (same forms as --since)')
            [CompletionResult]::new('--around', '--around', [CompletionResultType]::ParameterName, 'Only events within --window of TIME, on both sides')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Half-width of the --around window (90s, 10m, 1h)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only events at this level or above (warn = warn, error, crit, alert, emerg); ''=error'' for exactly one level, ''=warn,error'' for a list. Events without a level are left out')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only records whose raw text matches this regex (repeatable: any)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'Only records containing this literal string (repeatable: any)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The time that relative times count back from (tests, replays)')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Width of the time buckets (30s, 1m, 5m, 1h). Default: chosen from the time span so there are a few hundred buckets')
            [CompletionResult]::new('--sensitivity', '--sensitivity', [CompletionResultType]::ParameterName, 'How far from its baseline a bucket must be, in robust standard deviations (1.4826 x MAD), to be a finding. Lower finds more')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'A known-good archive to compare with: templates, endpoints and clients never seen there, rates far above its rates')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Findings shown at most (highest score first)')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'Evidence lines per finding')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Also read hidden files and directories when walking directories')
            [CompletionResult]::new('--no-mmap', '--no-mmap', [CompletionResultType]::ParameterName, 'Never memory-map files; read them with buffered reads')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop at the first unreadable or corrupt input instead of going on')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match -e/-F patterns case-insensitively')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('--word-regexp', '--word-regexp', [CompletionResultType]::ParameterName, 'Match -e/-F patterns only as whole words')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--invert-match', '--invert-match', [CompletionResultType]::ParameterName, 'Keep the records that do NOT match the -e/-F patterns')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (one object per line) for machines and jq')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'logsift;help' {
            [CompletionResult]::new('formats', 'formats', [CompletionResultType]::ParameterValue, 'List the log formats logsift understands, with an example line each.')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Show each input''s detected format, line count, parse rate and time span.')
            [CompletionResult]::new('filter', 'filter', [CompletionResultType]::ParameterValue, 'Print the events that match: time window, level, text, fields.')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Merge every source into one chronological story.')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Follow request IDs across every service and file, or find the requests worth following.')
            [CompletionResult]::new('logins', 'logins', [CompletionResultType]::ParameterValue, 'Who tried to log in, from where, and did anyone succeed?')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.')
            [CompletionResult]::new('redact', 'redact', [CompletionResultType]::ParameterValue, 'Write copies of logs with secrets and personal data removed, safe to share.')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Summarise what is in these logs: sources, levels, templates, HTTP.')
            [CompletionResult]::new('anomalies', 'anomalies', [CompletionResultType]::ParameterValue, 'Find what changed over time: spikes, drops, bursts, floods, new errors.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logsift;help;formats' {
            break
        }
        'logsift;help;detect' {
            break
        }
        'logsift;help;filter' {
            break
        }
        'logsift;help;timeline' {
            break
        }
        'logsift;help;trace' {
            break
        }
        'logsift;help;logins' {
            break
        }
        'logsift;help;check' {
            break
        }
        'logsift;help;redact' {
            break
        }
        'logsift;help;generate' {
            break
        }
        'logsift;help;stats' {
            break
        }
        'logsift;help;anomalies' {
            break
        }
        'logsift;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
