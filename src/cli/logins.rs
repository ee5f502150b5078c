//! Options of `logsift logins` (issue 6): what to print and the finding
//! thresholds.

use clap::Args;

use super::{FilterArgs, InputArgs, OutputArgs};

/// Options of `logsift logins`.
#[derive(Debug, clap::Args)]
pub struct LoginsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub show: LoginsShow,
    #[command(flatten)]
    pub thresholds: LoginsThresholds,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `logsift logins` prints.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Logins output")]
pub struct LoginsShow {
    /// Print every authentication event (with --json: the event schema plus
    /// fields outcome, user, ip, port, method, service) instead of tables.
    #[arg(long)]
    pub events: bool,

    /// List the daemons and message forms that are understood, and exit.
    #[arg(long)]
    pub list_sources: bool,

    /// Rows of the per-IP and per-user tables (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,

    /// Evidence lines (source:line) kept per finding (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub evidence: usize,
}

/// When a pattern becomes a finding.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Finding thresholds")]
pub struct LoginsThresholds {
    /// brute_force: at least N failures from one IP ...
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub brute_failures: u64,

    /// ... within this long (30s, 5m, 1h).
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub brute_window: String,

    /// password_spraying: one IP failing for at least N distinct users ...
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub spray_users: usize,

    /// ... with at most this many failures per user on average.
    #[arg(long, value_name = "N", default_value_t = 3.0)]
    pub spray_per_user: f64,

    /// distributed: at least N IPs failing against one user.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub distributed_ips: usize,

    /// success_after_failures: a success from an IP after at least N
    /// failures from it ...
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub compromise_failures: u64,

    /// ... within this long before the success.
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    pub compromise_window: String,

    /// invalid_user_scan: at least N attempts on non-existent users from one IP.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub invalid_users: u64,

    /// sudo_abuse: at least N sudo password failures of one user (any
    /// not-in-sudoers refusal is enough).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub sudo_failures: u64,

    /// off_hours: successes outside these hours, in --tz.
    #[arg(long, value_name = "HH:MM-HH:MM", default_value = "08:00-19:00")]
    pub work_hours: String,
}
