//! Options of `logsift check` and `logsift redact` (issue 8).

use std::path::PathBuf;

use clap::Args;

use super::{FilterArgs, InputArgs, OutputArgs};

/// Options of `logsift check`.
#[derive(Debug, Args)]
pub struct CheckCmdArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: CheckRuleArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub report: CheckReportArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The rules `check` asserts; every one given must hold.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Rules")]
pub struct CheckRuleArgs {
    /// Fail when any event is above LEVEL (warn: fail on error, crit, ...).
    #[arg(long, value_name = "LEVEL")]
    pub max_level: Option<String>,

    /// Fail when any record matches REGEX (repeatable: one rule each).
    #[arg(long, value_name = "REGEX")]
    pub forbid: Vec<String>,

    /// Fail unless some record matches REGEX (repeatable: one rule each).
    #[arg(long, value_name = "REGEX")]
    pub require: Vec<String>,

    /// Fail when more than N events are at LEVEL or above: 'error=0',
    /// 'warn=10'; '=warn=3' counts exactly warn.
    #[arg(long, value_name = "LEVEL=N")]
    pub max: Vec<String>,

    /// Fail when more than N events match a filter: 'field status>=500:0',
    /// 'level error source *orders*:3', "regex 'time ?out' -i:5". The filter
    /// is pairs of field/level/regex/fixed/source/since/until and a value,
    /// plus the words ignore-case, word, invert.
    #[arg(long, value_name = "FILTER:N")]
    pub max_count: Vec<String>,

    /// Named rules in a TOML file: [[rule]] tables with name, a filter
    /// (field, level, regex, fixed, source, since, until...), min and/or
    /// max, and a message. See 'logsift check --help'.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// Where `check` reports, besides the text report.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Report")]
pub struct CheckReportArgs {
    /// Also print GitHub Actions annotations (::error file=...,line=...::)
    /// for the offending lines, so they show on the run's summary.
    #[arg(long)]
    pub github: bool,

    /// Write a JUnit XML report to FILE (one test case per rule).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Offending lines shown per violated rule.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub show: usize,
}

/// Options of `logsift redact`.
#[derive(Debug, Args)]
pub struct RedactCmdArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `redact` replaces and where it writes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Redaction")]
pub struct RedactArgs {
    /// Directory for the sanitized copies (created; never an input or
    /// inside an input directory). Required unless --dry-run.
    #[arg(short = 'o', long = "output", value_name = "DIR", required_unless_present = "dry_run")]
    pub outdir: Option<PathBuf>,

    /// Only report what would be redacted, by kind and count per file.
    #[arg(long)]
    pub dry_run: bool,

    /// Replace earlier copies in the output directory.
    #[arg(long)]
    pub force: bool,

    /// Also redact IPv4 and IPv6 addresses.
    #[arg(long)]
    pub ip: bool,

    /// Also redact user names (sshd, PAM, sudo lines; user= fields).
    #[arg(long)]
    pub users: bool,

    /// Leave these kinds alone (comma-separated: email, card, jwt, ...).
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub keep: Vec<String>,

    /// Replace these kinds by a stable keyed token instead of a marker
    /// (comma-separated: ip,user,email), so the same address maps to the
    /// same token in every file. Needs --key-file.
    #[arg(long, value_name = "KINDS", value_delimiter = ',', requires = "key_file")]
    pub pseudonymize: Vec<String>,

    /// Secret key for --pseudonymize (at least 16 bytes; keep it to get
    /// the same tokens next time, keep it private so tokens cannot be
    /// reversed by hashing every address).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}
