//! Options of the summary commands, `stats` and `anomalies` (issue 7).

use crate::cli::{FilterArgs, InputArgs, OutputArgs};

/// Options of `logsift stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub stats: StatsOptions,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `logsift stats` shows.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Stats")]
pub struct StatsOptions {
    /// Rows per table (top templates, endpoints, clients, agents, hosts, apps).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// Show only the message templates (all of them with --json).
    #[arg(long)]
    pub templates: bool,

    /// With --templates --json: print every event instead, tagged with its
    /// template (fields.template_id, fields.template), for jq.
    #[arg(long, requires = "templates")]
    pub events: bool,

    /// Template miner: share of equal tokens for a message to join a template.
    #[arg(long, value_name = "SHARE", default_value_t = 0.7, hide = true)]
    pub similarity: f64,

    /// Template miner: tokens of the prefix tree below the length level.
    #[arg(long, value_name = "N", default_value_t = 2, hide = true)]
    pub depth: usize,
}

/// Options of `logsift anomalies`.
#[derive(Debug, clap::Args)]
pub struct AnomaliesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub anomalies: AnomalyOptions,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How `logsift anomalies` looks for change.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Anomalies")]
pub struct AnomalyOptions {
    /// Width of the time buckets (30s, 1m, 5m, 1h). Default: chosen from the
    /// time span so there are a few hundred buckets.
    #[arg(long, value_name = "DURATION")]
    pub bucket: Option<String>,

    /// How far from its baseline a bucket must be, in robust standard
    /// deviations (1.4826 x MAD), to be a finding. Lower finds more.
    #[arg(long, value_name = "SIGMAS", default_value_t = 5.0)]
    pub sensitivity: f64,

    /// A known-good archive to compare with: templates, endpoints and
    /// clients never seen there, rates far above its rates.
    #[arg(long, value_name = "PATH")]
    pub baseline: Vec<String>,

    /// Findings shown at most (highest score first).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,

    /// Evidence lines per finding.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub evidence: usize,
}
