//! Option groups shared by several commands (flattened into each).

use clap::Args;

use crate::output::color::ColorChoice;

/// Which inputs to read and how to read them.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Files, directories (walked recursively), glob patterns, or '-' for
    /// stdin. With none, stdin is read when it is not a terminal.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Read every input as this format instead of detecting it
    /// (json, syslog5424, access, syslog, apache-error, leveltext, logfmt, raw).
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,

    /// Time zone of timestamps written without one: an IANA name
    /// (Europe/Berlin) or an offset (+02:00). Default: UTC. Repeatable as
    /// GLOB=ZONE for some sources only ('web1/*=Europe/Berlin'; the glob
    /// matches the path or any tail of it; the first matching rule wins).
    #[arg(long, value_name = "ZONE", default_value = "UTC")]
    pub tz: Vec<String>,

    /// Year of year-less syslog timestamps (default: inferred from the
    /// gzip header, archive member or file modification time).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i64>,

    /// Only read inputs whose path matches this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub source: Vec<String>,

    /// Also read hidden files and directories when walking directories.
    #[arg(long)]
    pub hidden: bool,

    /// Never memory-map files; read them with buffered reads.
    #[arg(long)]
    pub no_mmap: bool,

    /// The longest line kept whole: a longer line, in any input (mapped
    /// file, --no-mmap, compressed, archive member, stdin), is cut into
    /// pieces of this many bytes and nothing is dropped; the pieces are
    /// events of their own with the line's number, so later lines keep
    /// theirs. One
    /// warning per file names the offset of its first such line (exit code
    /// 2). Bounds a stream's memory. At least 1024.
    #[arg(long, value_name = "BYTES", default_value_t = 256 << 20)]
    pub max_line: usize,

    /// Number of worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Stop at the first unreadable or corrupt input instead of going on.
    #[arg(long)]
    pub strict: bool,

    /// Add a SHA-256 of every input, for the chain of custody (detect and
    /// stats, and the --json reports of stats, logins, anomalies, trace
    /// --summary and check: a {"kind":"input","source","sha256","bytes"}
    /// line per input). The bytes as stored are hashed: a .gz file itself,
    /// not its decompressed content; an archive as a whole, not its members
    /// (as sha256sum prints them).
    #[arg(long)]
    pub hash: bool,

    /// Chunk size in bytes for parallel scanning (tuning and tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub chunk_size: Option<usize>,
}

/// How results are printed.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Print JSON lines (one object per line) for machines and jq.
    #[arg(long)]
    pub json: bool,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    /// Quiet: no progress bar and no notes on stderr (errors are still
    /// shown). filter and check also print nothing and only set the exit code.
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

/// Which events to keep: a time window, a level, text patterns and field
/// predicates; an event must satisfy every one given (see `crate::query`).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Filter")]
pub struct FilterArgs {
    /// Only events at or after TIME: RFC 3339 (2024-03-03T10:12:00Z), a
    /// date-time or date without zone (read in --tz: '2024-03-03 10:12',
    /// 2024-03-03), a time ago (30m, 2h, 1d), today, yesterday, @EPOCH.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Only events before TIME (same forms as --since).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Only events within --window of TIME, on both sides.
    #[arg(long, value_name = "TIME")]
    pub around: Option<String>,

    /// Half-width of the --around window (90s, 10m, 1h).
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub window: String,

    /// Only events at this level or above (warn = warn, error, crit, alert,
    /// emerg); '=error' for exactly one level, '=warn,error' for a list.
    /// Events without a level are left out.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,

    /// Only records whose raw text matches this regex (repeatable: any).
    #[arg(short = 'e', long = "regex", value_name = "PATTERN")]
    pub regex: Vec<String>,

    /// Only records containing this literal string (repeatable: any).
    #[arg(short = 'F', long = "fixed", value_name = "STRING")]
    pub fixed: Vec<String>,

    /// Match -e/-F patterns case-insensitively.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,

    /// Match -e/-F patterns only as whole words.
    #[arg(short = 'w', long = "word-regexp")]
    pub word: bool,

    /// Keep the records that do NOT match the -e/-F patterns.
    #[arg(short = 'v', long = "invert-match")]
    pub invert: bool,

    /// A field predicate (repeatable: all must hold): KEY=VALUE, KEY!=VALUE,
    /// KEY~REGEX, KEY!~REGEX, KEY>=N, KEY>N, KEY<=N, KEY<N, KEY (exists),
    /// !KEY (absent). KEY is a parsed field (status, path, user.id) or host,
    /// app, level, message, pid, format. Numbers compare as numbers.
    #[arg(long = "field", value_name = "EXPR")]
    pub fields: Vec<String>,

    /// The time that relative times count back from (tests, replays).
    #[arg(long, value_name = "TIME", hide = true)]
    pub now: Option<String>,
}
