//! The command line: one `Cli` with a subcommand per job. Shared option
//! groups live in [`args`]; each command's own options in its variant.

pub mod analysis;
pub mod args;
pub mod check;
pub mod generate;
pub mod logins;

use clap::{Parser, Subcommand};

pub use analysis::{AnomaliesArgs, StatsArgs};
pub use args::{FilterArgs, InputArgs, OutputArgs};
pub use check::{CheckCmdArgs, CheckReportArgs, CheckRuleArgs, RedactArgs, RedactCmdArgs};
pub use generate::{GenerateArgs, Generated};

/// Fast forensic log analysis: filter, timeline, trace, logins, stats.
///
/// logsift reads plain, compressed (gzip, zstd, bzip2, xz) and archived
/// (tar, zip) logs, detects their formats, and turns every line into an
/// event with a UTC timestamp, level, host, app and fields. Inputs are
/// evidence: they are opened read-only and never modified.
#[derive(Debug, Parser)]
#[command(name = "logsift", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Run 'logsift <command> --help' for a command's options.")]
#[command(long_version = generate::LONG_VERSION)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the log formats logsift understands, with an example line each.
    ///
    /// Examples:
    ///   logsift formats
    ///   logsift formats --json | jq -r .name
    #[command(verbatim_doc_comment)]
    Formats(FormatsArgs),
    /// Show each input's detected format, line count, parse rate and time span.
    ///
    /// Reads every line of every input (files, directories, globs, archives,
    /// stdin) and prints one row per source: format and detection
    /// confidence, lines, share of lines parsed, first and last timestamp
    /// (UTC), compression, and where the year of year-less syslog
    /// timestamps came from. Use it first on an unknown pile of logs.
    ///
    /// Examples:
    ///   logsift detect fixtures/incident
    ///   logsift detect --json /cases/4711/ | jq -c '{source, format, parsed_pct}'
    ///   zcat auth.log.2.gz | logsift detect --year 2024
    #[command(verbatim_doc_comment)]
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
    /// Merge every source into one chronological story.
    ///
    /// All events of all inputs (files, rotated sets, archives, directories
    /// of several hosts) in order of their UTC instant; ties keep source
    /// order, then line order. Lines without a timestamp of their own stay
    /// right after the record they follow (marked ↳). Takes filter's options
    /// (time window, level, text, fields). Output: aligned columns with a
    /// legend of source tags, or --json (the event schema), --csv,
    /// --timesketch. Summaries instead of events: --histogram / --bucket,
    /// --gaps, --skew.
    ///
    /// Examples:
    ///   logsift timeline fixtures/incident
    ///   logsift timeline --around '2024-03-03 10:20' --window 10m --level warn logs/
    ///   logsift timeline --tz UTC --tz 'db1/*=Europe/Berlin' --display-tz Europe/Berlin logs/
    ///   logsift timeline --histogram --bucket 5m logs/
    ///   logsift timeline --gaps 10m logs/
    ///   logsift timeline --timesketch logs/ > case.jsonl
    #[command(verbatim_doc_comment)]
    Timeline(Box<TimelineArgs>),
    /// Follow request IDs across every service and file, or find the requests worth following.
    ///
    /// Prints every event carrying one of the IDs (a field such as
    /// request_id, traceId or x-request-id, a UUID or req-<uuid> anywhere in
    /// the line, a W3C traceparent), in time order across all sources, then
    /// a summary per ID: span, sources, services, the hops between services,
    /// HTTP method/path/status, the highest level and the error events.
    /// Hex IDs match written in lower or upper case; a prefix of 8+ characters is enough when it
    /// is unique in the data. An ID not found is reported and the exit code
    /// is 1. Without an ID, --top N lists the N slowest requests, the N with
    /// errors and the N with most events.
    ///
    /// Examples:
    ///   logsift trace 8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34 fixtures/incident
    ///   logsift trace --summary --json 8a2e4c71 c5d7e9f1 fixtures/incident | jq .duration_ms
    ///   logsift trace --top 10 logs/
    #[command(
        verbatim_doc_comment,
        override_usage = "logsift trace [OPTIONS] ID [ID...] [PATH...]\n       logsift trace [OPTIONS] --top N [PATH...]"
    )]
    Trace(Box<TraceArgs>),
    /// Who tried to log in, from where, and did anyone succeed?
    ///
    /// Reads authentication events from sshd, PAM, sudo, su, login, dropbear,
    /// mail, FTP, database, VPN, VoIP and web servers' logs, web access logs
    /// (401/403 and successful POSTs on login pages) and JSON/logfmt login
    /// events; prints a table per source IP and per user, and findings, most
    /// severe first: success_after_failures, brute_force, root_login,
    /// password_spraying, distributed, invalid_user_scan, sudo_abuse,
    /// new_source, off_hours, each with its evidence (source:line). One
    /// attempt counts once however many lines it leaves. --list-sources
    /// shows what is understood.
    ///
    /// Examples:
    ///   logsift logins /var/log/auth.log*
    ///   logsift logins --json evidence/ | jq 'select(.severity=="critical")'
    ///   logsift logins --events --json --since 2024-03-03 auth.log | jq -c .fields
    #[command(verbatim_doc_comment)]
    Logins(Box<logins::LoginsArgs>),
    /// Assert facts about logs, for CI: fail on errors, forbidden text, too many 5xx.
    ///
    /// Every rule must hold: --max-level, --forbid, --require, --max,
    /// --max-count, and named rules from --rules FILE (TOML). The filter
    /// options (--since, --level, --field, -e...) scope every rule. Prints
    /// PASS/FAIL per rule with the first offending lines as
    /// `source:line: text`; --json for machines, --github for GitHub Actions
    /// annotations, --junit FILE for other CI systems. Exit status: 0 when
    /// every rule holds, 1 when one is violated, 2 on an error (unreadable
    /// input, bad rule file: its line and the reason).
    ///
    /// Examples:
    ///   logsift check --max-level warn --forbid 'panic|segfault' logs/
    ///   logsift check --max-count 'field status>=500:0' --require 'listening on' nginx/ app/
    ///   logsift check --rules ci/log-rules.toml --github --junit target/logs.xml logs/
    ///
    /// A rules file:
    ///   [[rule]]
    ///   name = "no server errors"
    ///   field = "status>=500"
    ///   source = "*nginx*"
    ///   max = 0
    ///   message = "nginx answered 5xx"
    #[command(verbatim_doc_comment)]
    Check(Box<CheckCmdArgs>),
    /// Write copies of logs with secrets and personal data removed, safe to share.
    ///
    /// Copies go to -o DIR (never in place; the directory structure is kept;
    /// gzip in, gzip out; line numbers unchanged). Replaced with
    /// [REDACTED:kind]: password/secret/token/api_key/access_key values in
    /// key=value, JSON, URL query strings and URL userinfo, Authorization
    /// headers, bare Bearer tokens, JWTs, AWS keys, private-key blocks,
    /// connection-string passwords, e-mail addresses and card numbers (Luhn
    /// checked, so order ids stay); with --ip and --users also addresses and
    /// user names. --pseudonymize ip,user,email --key-file K replaces them by
    /// keyed HMAC tokens, equal across files, so correlation survives.
    /// Prints what was redacted, by kind and count, per file.
    ///
    /// Examples:
    ///   logsift redact /cases/4711/logs -o /cases/4711/shareable
    ///   logsift redact --dry-run --ip --users fixtures/incident
    ///   logsift redact --pseudonymize ip,user,email --key-file case.key logs/ -o out/
    #[command(verbatim_doc_comment)]
    Redact(Box<RedactCmdArgs>),
    /// Print the man page or shell completions (bash, zsh, fish, powershell, elvish).
    ///
    /// Examples:
    ///   logsift generate man > /usr/local/share/man/man1/logsift.1
    ///   logsift generate bash > ~/.local/share/bash-completion/completions/logsift
    ///   logsift generate zsh > ~/.zfunc/_logsift
    ///   logsift generate fish > ~/.config/fish/completions/logsift.fish
    #[command(verbatim_doc_comment, alias = "completions")]
    Generate(GenerateArgs),
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

/// Options of `logsift timeline`.
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub timeline: TimelineOptArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `logsift timeline`'s own options.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Timeline")]
pub struct TimelineOptArgs {
    /// Only the last N events of the timeline.
    #[arg(short = 'n', long, value_name = "N", conflicts_with = "head")]
    pub tail: Option<usize>,

    /// Only the first N events of the timeline.
    #[arg(long, value_name = "N")]
    pub head: Option<usize>,

    /// Zone the times are shown in (default UTC): an IANA name or offset.
    #[arg(long, value_name = "ZONE")]
    pub display_tz: Option<String>,

    /// Cut long messages at the terminal width (or at WIDTH columns)
    /// instead of wrapping them.
    #[arg(long, value_name = "WIDTH", num_args = 0..=1, default_missing_value = "0")]
    pub cut: Option<usize>,

    /// Print CSV (ts, source, line, level, host, app, message) with a
    /// header; formula-like cells are prefixed with '.
    #[arg(long, conflicts_with_all = ["json", "timesketch"])]
    pub csv: bool,

    /// Print Timesketch JSON lines (message, datetime, timestamp_desc and
    /// the fields), importable into Timesketch and plaso-based tools.
    #[arg(long, conflicts_with = "json")]
    pub timesketch: bool,

    /// Print event counts per time bucket (per level, per source, and a
    /// bar) instead of events; the bucket is chosen to give ~40-60 rows.
    #[arg(long)]
    pub histogram: bool,

    /// Histogram bucket width (30s, 1m, 5m, 1h); implies --histogram.
    #[arg(long, value_name = "DURATION")]
    pub bucket: Option<String>,

    /// List periods longer than DURATION in which a source that was
    /// logging went silent, with the last event before and the first after.
    #[arg(long, value_name = "DURATION", conflicts_with_all = ["histogram", "bucket"])]
    pub gaps: Option<String>,

    /// Estimate the clock offset between sources from request IDs seen in
    /// both (request_id, trace_id, ...): median and spread per pair.
    #[arg(long, conflicts_with_all = ["histogram", "bucket", "gaps"])]
    pub skew: bool,

    /// Print scan figures on stderr at the end: events, runs, sorted
    /// chunks, bytes spilled, key memory.
    #[arg(long)]
    pub stats: bool,
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

/// Options of `logsift trace`.
#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// Find the request IDs in the data instead, and show the N slowest,
    /// the N with errors and the N with most events.
    #[arg(long, value_name = "N", help_heading = "Trace")]
    pub top: Option<usize>,

    /// An ID to trace (repeatable); with it, every positional argument is a path.
    #[arg(long = "id", value_name = "ID", help_heading = "Trace")]
    pub ids: Vec<String>,

    /// Trace the IDs listed in FILE, one per line (# starts a comment).
    #[arg(short = 'f', long = "ids-file", value_name = "FILE", help_heading = "Trace")]
    pub ids_file: Option<std::path::PathBuf>,

    /// Print only the summary of each ID (with --json: one object per ID).
    #[arg(long, help_heading = "Trace")]
    pub summary: bool,

    /// Also follow IDs logged on the same line as a traced one (a trace id
    /// beside a request id, a job id), one hop further, saying which.
    #[arg(long, help_heading = "Trace")]
    pub related: bool,

    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
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
