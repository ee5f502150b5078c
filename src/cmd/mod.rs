//! One module per subcommand; each has a `run` that returns the exit code.

pub mod anomalies;
pub mod check;
pub mod detect;
pub mod filter;
pub mod formats;
pub mod generate;
pub mod logins;
pub mod redact;
pub mod stats;
pub mod timeline;
pub mod trace;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Formats(args) => formats::run(&args),
        Command::Detect(args) => detect::run(&args),
        Command::Filter(args) => filter::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Trace(args) => trace::run(&args),
        Command::Logins(args) => logins::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Redact(args) => redact::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Anomalies(args) => anomalies::run(&args),
    }
}
