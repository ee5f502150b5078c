//! One module per subcommand; each has a `run` that returns the exit code.

pub mod anomalies;
pub mod detect;
pub mod filter;
pub mod formats;
pub mod stats;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Formats(args) => formats::run(&args),
        Command::Detect(args) => detect::run(&args),
        Command::Filter(args) => filter::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Anomalies(args) => anomalies::run(&args),
    }
}
