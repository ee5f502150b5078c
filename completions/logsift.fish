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
complete -c logsift -n "__fish_logsift_needs_command" -f -a "check" -d 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "redact" -d 'Write copies of logs with secrets and personal data removed, safe to share.'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "generate" -d 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
complete -c logsift -n "__fish_logsift_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logsift -n "__fish_logsift_using_subcommand formats" -l json -d 'Print JSON lines ({name, description, example}) instead of a table'
complete -c logsift -n "__fish_logsift_using_subcommand formats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l max-line -d 'Lines longer than this many bytes are cut there, with a warning' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s j -l threads -d 'Number of worker threads (default: one per core)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l chunk-size -d 'Chunk size in bytes for parallel scanning (tuning and tests)' -r
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when writing to a terminal and `NO_COLOR` is not set'
always\t''
never\t''"
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l hidden -d 'Also read hidden files and directories when walking directories'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l no-mmap -d 'Never memory-map files; read them with buffered reads'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l strict -d 'Stop at the first unreadable or corrupt input instead of going on'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand detect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand filter" -l max-line -d 'Lines longer than this many bytes are cut there, with a warning' -r
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
complete -c logsift -n "__fish_logsift_using_subcommand check" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand check" -l max-line -d 'Lines longer than this many bytes are cut there, with a warning' -r
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
complete -c logsift -n "__fish_logsift_using_subcommand check" -s i -l ignore-case -d 'Match -e/-F patterns case-insensitively'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s w -l word-regexp -d 'Match -e/-F patterns only as whole words'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s v -l invert-match -d 'Keep the records that do NOT match the -e/-F patterns'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l github -d 'Also print GitHub Actions annotations (::error file=...,line=...::) for the offending lines, so they show on the run\'s summary'
complete -c logsift -n "__fish_logsift_using_subcommand check" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l format -d 'Read every input as this format instead of detecting it (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l tz -d 'Time zone of timestamps written without one: an IANA name (Europe/Berlin) or an offset (+02:00). Default: UTC' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l year -d 'Year of year-less syslog timestamps (default: inferred from the gzip header, archive member or file modification time)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l source -d 'Only read inputs whose path matches this glob (repeatable)' -r
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l max-line -d 'Lines longer than this many bytes are cut there, with a warning' -r
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
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l dry-run -d 'Only report what would be redacted, by kind and count per file'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l force -d 'Replace earlier copies in the output directory'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l ip -d 'Also redact IPv4 and IPv6 addresses'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l users -d 'Also redact user names (sshd, PAM, sudo lines; user= fields)'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -l json -d 'Print JSON lines (one object per line) for machines and jq'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s q -l quiet -d 'Quiet: no progress bar and no notes on stderr (errors are still shown). filter and check also print nothing and only set the exit code'
complete -c logsift -n "__fish_logsift_using_subcommand redact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "formats" -d 'List the log formats logsift understands, with an example line each.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "detect" -d 'Show each input\'s detected format, line count, parse rate and time span.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "filter" -d 'Print the events that match: time window, level, text, fields.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "check" -d 'Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "redact" -d 'Write copies of logs with secrets and personal data removed, safe to share.'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "generate" -d 'Print the man page or shell completions (bash, zsh, fish, powershell, elvish).'
complete -c logsift -n "__fish_logsift_using_subcommand help; and not __fish_seen_subcommand_from formats detect filter check redact generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
