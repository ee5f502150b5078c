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
    /// (Europe/Berlin) or an offset (+02:00). Default: UTC.
    #[arg(long, value_name = "ZONE", default_value = "UTC")]
    pub tz: String,

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

    /// Lines longer than this many bytes are cut there, with a warning.
    #[arg(long, value_name = "BYTES", default_value_t = 256 << 20)]
    pub max_line: usize,

    /// Number of worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Stop at the first unreadable or corrupt input instead of going on.
    #[arg(long)]
    pub strict: bool,

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

    /// No progress bar and no notes on stderr (errors are still shown).
    #[arg(short = 'q', long)]
    pub quiet: bool,
}
