//! `logsift anomalies` (in progress).
use anyhow::Result;

use crate::cli::AnomaliesArgs;
use crate::exit::Exit;

/// Runs `logsift anomalies`.
pub fn run(_args: &AnomaliesArgs) -> Result<Exit> {
    anyhow::bail!("anomalies: not built yet")
}
