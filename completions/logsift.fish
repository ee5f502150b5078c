# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_logsift_global_optspecs
    string join \n h/help V/version
end

function __fish_logsift_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_logsift_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_logsift_using_subcommand
    set -l cmd (__fish_logsift_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c logsift -n "__fish_logsift_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_needs_command" -s V -l version -d 'Print version'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "formats" -d 'List the log formats logsift understands, with an example line each.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "detect" -d 'Show each input\'s detected format, line count, parse rate and time span.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "filter" -d 'Print the events that match: time window, level, text, fields.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "timeline" -d 'Merge every source into one chronological story.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "trace" -d 'Follow request IDs across every service and file, or find the requests worth following.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "logins" -d 'Who tried to log in, from where, and did anyone succeed?'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "check" -d 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "redact" -d 'Write copies of logs with secrets and personal data removed, safe to share.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "generate" -d 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "stats" -d 'Summarise what is in these logs: sources, levels, templates, HTTP.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "anomalies" -d 'Find what changed over time: spikes, drops, bursts, floods, new errors.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logsift -n "__fish_logsift_using_subcommand formats" -l json -d 'Print JSON lines ({name, description, example}) instead of a table'
complete -c logsift -n "__fish_logsift_using_subcommand formats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l columns -d 'With --csv: extra columns, fields by name (comma-separated)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s m -l max-count -d 'Stop reading a source after N matches' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l sort -d 'Order of the output: input (sources in the order given, rotated sets oldest first; records in file order) or time (all matches sorted by timestamp; the timeline command does this at any scale)' -r -f -a "input\t''
time\t''"
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l csv -d 'Print CSV (ts, source, line, level, host, app, message, and any --columns) with a header. Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with \''
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l csv-raw -d 'With --csv: keep formula-like cells exactly as logged'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l no-filename -d 'Do not prefix records with their source'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s N -l no-line-number -d 'Do not prefix records with their line number'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s c -l count -d 'Print the number of matches per source and in total, not the records'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s l -l files-with-matches -d 'Print only the names of sources with a match'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l stats -d 'Print statistics on stderr at the end: lines scanned, events parsed, matches, bytes, time'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s n -l tail -d 'Only the last N events of the timeline' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l head -d 'Only the first N events of the timeline' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l display-tz -d 'Zone the times are shown in (default UTC): an IANA name or offset' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l cut -d 'Cut long messages at the terminal width (or at WIDTH columns) instead of wrapping them' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l bucket -d 'Histogram bucket width (30s, 1m, 5m, 1h); implies --histogram' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l gaps -d 'List periods longer than DURATION in which a source that was logging went silent, with the last event before and the first after' -r
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l csv -d 'Print CSV (ts, source, line, level, host, app, message) with a header; formula-like cells are prefixed with \''
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l timesketch -d 'Print Timesketch JSON lines (message, datetime, timestamp_desc and the fields), importable into Timesketch and plaso-based tools'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l histogram -d 'Print event counts per time bucket (per level, per source, and a bar) instead of events; the bucket is chosen to give ~40-60 rows'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l skew -d 'Estimate the clock offset between sources from request IDs seen in both (request_id, trace_id, ...): median and spread per pair'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l stats -d 'Print scan figures on stderr at the end: events, runs, sorted chunks, bytes spilled, key memory'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand timeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l top -d 'Find the request IDs in the data instead, and show the N slowest, the N with errors and the N with most events' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l id -d 'An ID to trace (repeatable); with it, every positional argument is a path' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s f -l ids-file -d 'Trace the IDs listed in FILE, one per line (# starts a comment)' -r -F
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l summary -d 'Print only the summary of each ID (with --json: one object per ID)'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l related -d 'Also follow IDs logged on the same line as a traced one (a trace id beside a request id, a job id), one hop further, saying which'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand trace" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l top -d 'Rows of the per-IP and per-user tables (0: all)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l evidence -d 'Evidence lines (source:line) kept per finding (0: all)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l brute-failures -d 'brute_force: at least N failures from one IP ...' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l brute-window -d '... within this long (30s, 5m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l spray-users -d 'password_spraying: one IP failing for at least N distinct users ...' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l spray-per-user -d '... with at most this many failures per user on average' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l distributed-ips -d 'distributed: at least N IPs failing against one user' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l compromise-failures -d 'success_after_failures: a success from an IP after at least N failures from it ...' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l compromise-window -d '... within this long before the success' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l invalid-users -d 'invalid_user_scan: at least N attempts on non-existent users from one IP' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l sudo-failures -d 'sudo_abuse: at least N sudo password failures of one user (any not-in-sudoers refusal is enough)' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l work-hours -d 'off_hours: successes outside these hours, in --tz' -r
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l events -d 'Print every authentication event (with --json: the event schema plus fields outcome, user, ip, port, method, service) instead of tables'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l list-sources -d 'List the daemons and message forms that are understood, and exit'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand logins" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l max-level -d 'Fail when any event is above LEVEL (warn: fail on error, crit, ...)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l forbid -d 'Fail when any record matches REGEX (repeatable: one rule each)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l require -d 'Fail unless some record matches REGEX (repeatable: one rule each)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l max -d 'Fail when more than N events are at LEVEL or above: \'error=0\', \'warn=10\'; \'=warn=3\' counts exactly warn' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l max-count -d 'Fail when more than N events match a filter: \'field status>=500:0\', \'level error source *orders*:3\', "regex \'time ?out\' -i:5". The filter is pairs of field/level/regex/fixed/source/since/until and a value, plus the words ignore-case, word, invert' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l rules -d 'Named rules in a TOML file: [[rule]] tables with name, a filter (field, level, regex, fixed, source, since, until...), min and/or max, and a message. See \'logsift check --help\'' -r -F
complete -c logsift -n "__fish_logsift_using_subcommand check" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l junit -d 'Write a JUnit XML report to FILE (one test case per rule)' -r -F
complete -c logsift -n "__fish_logsift_using_subcommand check" -l show -d 'Offending lines shown per violated rule' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand check" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l github -d 'Also print GitHub Actions annotations (::error file=...,line=...::) for the offending lines, so they show on the run\'s summary'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s o -l output -d 'Directory for the sanitized copies (created; never an input or inside an input directory). Required unless --dry-run' -r -F
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l keep -d 'Leave these kinds alone (comma-separated: email, card, jwt, ...)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l pseudonymize -d 'Replace these kinds by a stable keyed token instead of a marker (comma-separated: ip,user,email), so the same address maps to the same token in every file. Needs --key-file' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l key-file -d 'Secret key for --pseudonymize (at least 16 bytes; keep it to get the same tokens next time, keep it private so tokens cannot be reversed by hashing every address)' -r -F
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l dry-run -d 'Only report what would be redacted, by kind and count per file'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l force -d 'Replace earlier copies in the output directory'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l ip -d 'Also redact IPv4 and IPv6 addresses'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l users -d 'Also redact user names (sshd, PAM, sudo lines; user= fields)'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l top -d 'Rows per table (top templates, endpoints, clients, agents, hosts, apps)' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l similarity -d 'Template miner: share of equal tokens for a message to join a template' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l depth -d 'Template miner: tokens of the prefix tree below the length level' -r
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l templates -d 'Show only the message templates (all of them with --json)'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l events -d 'With --templates --json: print every event instead, tagged with its template (fields.template_id, fields.template), for jq'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as GLOB=ZONE for some sources only (\'web1/*=Europe/Berlin\'; the glob matches the path or any tail of it; the first matching rule wins)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l max-line -d 'The longest line kept whole: a longer line, in any input (mapped file, --no-mmap, compressed, archive member, stdin), is cut into pieces of this many bytes and nothing is dropped; the pieces are events of their own with the line\'s number, so later lines keep theirs. One warning per file names the offset of its first such line (exit code 2). Bounds a stream\'s memory. At least 1024' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l since -d 'Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a date-time or date without zone (read in --tz: \'2024-03-03 10:12\', 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l until -d 'Only events before TIME (same forms as --since)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l around -d 'Only events within --window of TIME, on both sides' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l window -d 'Half-width of the --around window (90s, 10m, 1h)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l level -d 'Only events at this level or above (warn = warn, error, crit, alert, emerg); \'=error\' for exactly one level, \'=warn,error\' for a list. Events without a level are left out' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s e -l regex -d 'Only records whose raw text matches this regex (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s F -l fixed -d 'Only records containing this literal string (repeatable: any)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l field -d 'A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists), !KEY (absent). KEY is a parsed field (status, path, user.id) or host, app, level, message, pid, format. Numbers compare as numbers' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l now -d 'The time that relative times count back from (tests, replays)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l bucket -d 'Width of the time buckets (30s, 1m, 5m, 1h). Default: chosen from the time span so there are a few hundred buckets' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l sensitivity -d 'How far from its baseline a bucket must be, in robust standard deviations (1.4826 x MAD), to be a finding. Lower finds more' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l baseline -d 'A known-good archive to compare with: templates, endpoints and clients never seen there, rates far above its rates' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l top -d 'Findings shown at most (highest score first)' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l evidence -d 'Evidence lines per finding' -r
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l hash -d 'Add a SHA-256 of every input, for the chain of custody (detect and stats, and the --json reports of stats, logins, anomalies, trace --summary and check: a {"kind":"input","source","sha256","bytes"} line per input). The bytes as stored are hashed: a .gz file itself, not its decompressed content; an archive as a whole, not its members (as sha256sum prints them)'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand anomalies" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "formats" -d 'List the log formats logsift understands, with an example line each.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "detect" -d 'Show each input\'s detected format, line count, parse rate and time span.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "filter" -d 'Print the events that match: time window, level, text, fields.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "timeline" -d 'Merge every source into one chronological story.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "trace" -d 'Follow request IDs across every service and file, or find the requests worth following.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "logins" -d 'Who tried to log in, from where, and did anyone succeed?'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "check" -d 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "redact" -d 'Write copies of logs with secrets and personal data removed, safe to share.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "generate" -d 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "stats" -d 'Summarise what is in these logs: sources, levels, templates, HTTP.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "anomalies" -d 'Find what changed over time: spikes, drops, bursts, floods, new errors.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter timeline trace logins check redact generate stats anomalies help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
