//! The command line: one `Cli` with a subcommand per job. Shared option
//! groups live in [`args`]; each command's own options in its variant.

pub mod analysis;
pub mod args;

use clap::{Parser, Subcommand};

pub use analysis::{AnomaliesArgs, StatsArgs};
pub use args::{FilterArgs, InputArgs, OutputArgs};

/// Fast forensic log analysis: filter, timeline, trace, logins, stats.
///
/// logsift reads plain, compressed (gzip, zstd, bzip2, xz) and archived
/// (tar, zip) logs, detects their formats, and turns every line into an
/// event with a UTC timestamp, level, host, app and fields. Inputs are
/// evidence: they are opened read-only and never modified.
#[derive(Debug, Parser)]
#[command(name = "logsift", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Run 'logsift <command> --help' for a command's options.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the log formats logsift understands, with an example line each.
    Formats(FormatsArgs),
    /// Show each input's detected format, line count, parse rate and time span.
    ///
    /// Reads every line of every input (files, directories, globs, archives,
    /// stdin) and prints one row per source: format and detection
    /// confidence, lines, share of lines parsed, first and last timestamp
    /// (UTC), compression, and where the year of year-less syslog
    /// timestamps came from. Use it first on an unknown pile of logs.
    Detect(DetectArgs),
    /// Print the events that match: time window, level, text, fields.
    ///
    /// The grep of events. Every condition given must hold: --since/--until
    /// (or --around with --window), --level, -e/-F text patterns (run on the
    /// raw record, with a prefilter so lines that cannot match are never
    /// parsed) and --field predicates on parsed fields. Prints the original
    /// records as `source:line:text` (like grep -Hn), or --json (the event
    /// schema, for jq), or --csv. Exit status: 0 when something matched, 1
    /// when nothing did, 2 when an input could not be read.
    ///
    /// Examples:
    ///   logsift filter --level error --since '2024-03-03 10:00' --until 10:30 app/
    ///   logsift filter -F 5d0c1f7e-1b2a-4c3d-9e8f-0a1b2c3d4e5f logs/
    ///   logsift filter --field status>=500 --field path~^/api/ --json nginx/ | jq .fields.path
    ///   logsift filter -c -i -e 'timeout|refused' /var/log
    #[command(verbatim_doc_comment)]
    Filter(Box<FilterCmdArgs>),
    /// Summarise what is in these logs: sources, levels, templates, HTTP.
    ///
    /// Per source: format, compression, size, lines, events, unparsed
    /// records (with examples), time span and levels. Overall: events by
    /// level, host and app; the top message templates (variable parts
    /// masked by a Drain-style miner) with count, share, first/last time and
    /// an example; and for HTTP requests (access logs, JSON/logfmt events
    /// with method/path/status) requests per endpoint (ids templated:
    /// /users/{id}), status classes, error rate, bytes, latency
    /// p50/p95/p99/max, top clients, user agents, methods and requests per
    /// minute. Takes filter's options to summarise a window or a subset.
    ///
    /// Examples:
    ///   logsift stats /var/log
    ///   logsift stats --top 20 --since '2024-03-03 10:00' --until 11:00 nginx/
    ///   logsift stats --templates --json app/ | jq -c '{id, count, template}'
    ///   logsift stats --templates --events --json app.log | jq 'select(.fields.template_id == 3)'
    #[command(verbatim_doc_comment)]
    Stats(Box<StatsArgs>),
    /// Find what changed over time: spikes, drops, bursts, floods, new errors.
    ///
    /// Cuts time into buckets (--bucket, or automatic) and compares every
    /// bucket with a robust rolling baseline (median and MAD of the buckets
    /// around it). Findings: rate_spike / rate_drop (per source family and
    /// overall), error_burst (error-and-above events, HTTP 5xx and 4xx),
    /// flood (one client IP, user or endpoint far above its own and the
    /// population's rate), latency (an endpoint's p95 far above its
    /// baseline), new_template / rare_template (message shapes that first
    /// appear late, or only a handful of times, ranked by level), silence (a
    /// source that stops logging). --baseline compares with a known-good
    /// archive. Each finding has kind, window, score, baseline, observed,
    /// subject and evidence lines. Exit status: 0 with findings, 1 without.
    ///
    /// Examples:
    ///   logsift anomalies /var/log
    ///   logsift anomalies --bucket 1m --json incident/ | jq -c '{kind, start, subject}'
    ///   logsift anomalies --baseline last-week.tgz today/
    #[command(verbatim_doc_comment)]
    Anomalies(Box<AnomaliesArgs>),
}

/// Options of `logsift formats`.
#[derive(Debug, clap::Args)]
pub struct FormatsArgs {
    /// Print JSON lines ({name, description, example}) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `logsift filter`.
#[derive(Debug, clap::Args)]
pub struct FilterCmdArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub print: FilterPrintArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How `logsift filter` prints what matched.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Filter output")]
pub struct FilterPrintArgs {
    /// Print CSV (ts, source, line, level, host, app, message, and any
    /// --columns) with a header. Cells that a spreadsheet would run as a
    /// formula (starting with = + - @) are prefixed with '.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,

    /// With --csv: keep formula-like cells exactly as logged.
    #[arg(long, requires = "csv")]
    pub csv_raw: bool,

    /// With --csv: extra columns, fields by name (comma-separated).
    #[arg(long, value_name = "FIELDS", value_delimiter = ',', requires = "csv")]
    pub columns: Vec<String>,

    /// Do not prefix records with their source.
    #[arg(long)]
    pub no_filename: bool,

    /// Do not prefix records with their line number.
    #[arg(short = 'N', long)]
    pub no_line_number: bool,

    /// Print the number of matches per source and in total, not the records.
    #[arg(short = 'c', long, conflicts_with_all = ["csv", "files_with_matches"])]
    pub count: bool,

    /// Print only the names of sources with a match.
    #[arg(short = 'l', long, conflicts_with_all = ["csv", "json"])]
    pub files_with_matches: bool,

    /// Stop reading a source after N matches.
    #[arg(short = 'm', long, value_name = "N")]
    pub max_count: Option<u64>,

    /// Print statistics on stderr at the end: lines scanned, events parsed,
    /// matches, bytes, time.
    #[arg(long)]
    pub stats: bool,

    /// Order of the output: input (sources in the order given, rotated sets
    /// oldest first; records in file order) or time (all matches sorted by
    /// timestamp; the timeline command does this at any scale).
    #[arg(long, value_name = "ORDER", default_value = "input")]
    pub sort: SortOrder,
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    Input,
    Time,
}

/// Options of `logsift detect`.
#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
