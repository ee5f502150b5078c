//! The command line: one `Cli` with a subcommand per job. Shared option
//! groups live in [`args`]; each command's own options in its variant.

pub mod args;

use clap::{Parser, Subcommand};

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
}

/// Options of `logsift formats`.
#[derive(Debug, clap::Args)]
pub struct FormatsArgs {
    /// Print JSON lines ({name, description, example}) instead of a table.
    #[arg(long)]
    pub json: bool,
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
