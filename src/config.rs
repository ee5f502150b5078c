//! Resolved settings: the command line turned, once, into what the engine
//! needs (inputs, scanner options). Nothing downstream reads raw flags.

use std::io::IsTerminal;

use anyhow::{bail, Result};

use crate::cli::InputArgs;
use crate::format::FormatId;
use crate::input::open::OpenOptions;
use crate::input::{discover, DiscoverOptions, Input};
use crate::report::Reporter;
use crate::scan::zones::ZoneRules;
use crate::scan::ScanOptions;

/// Inputs to read and how to scan them.
pub struct InputConfig {
    pub inputs: Vec<Input>,
    pub scan: ScanOptions,
}

impl InputConfig {
    /// The `--hash` records of the inputs read so far, in input order
    /// (empty without `--hash`).
    pub fn digests(&self) -> Vec<crate::input::hash::InputDigest> {
        self.scan.hashes.as_ref().map(|t| t.in_order()).unwrap_or_default()
    }
}

/// Fails for commands whose output has no place for `--hash` records
/// (their `--json` is the event stream): better than a silent no-op.
pub fn reject_hash(args: &InputArgs, command: &str) -> Result<()> {
    if args.hash {
        bail!(
            "--hash: {command} does not report input digests; use 'logsift detect --hash' \
             (or stats, logins, anomalies, trace --summary, check) on the same inputs"
        );
    }
    Ok(())
}

/// Resolves the input options: discovers the inputs (reporting skipped and
/// missing paths through `report`) and builds the scanner options.
pub fn resolve_inputs(args: &InputArgs, report: &Reporter) -> Result<InputConfig> {
    if let Some(n) = args.threads {
        // Fails harmlessly if the pool was already built (tests).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let format = match &args.format {
        Some(name) => Some(name.parse::<FormatId>().map_err(anyhow::Error::msg)?),
        None => None,
    };
    let zones = ZoneRules::parse(&args.tz).map_err(anyhow::Error::msg)?;
    let zone = zones.default;
    if let Some(y) = args.year {
        if !(1..=9999).contains(&y) {
            bail!("--year {y}: expected a year between 1 and 9999");
        }
    }
    if args.paths.is_empty() && std::io::stdin().is_terminal() {
        bail!("no input: give files or directories to read, or pipe logs into stdin (see --help)");
    }
    let found =
        discover(&args.paths, &DiscoverOptions { hidden: args.hidden, source_globs: args.source.clone() });
    for note in &found.notes {
        report.note(note);
    }
    for e in &found.errors {
        // `--strict`: a path that cannot be read stops the run before any
        // other input is read, as an error later in the scan would.
        if report.input_error(e) {
            bail!("--strict: stopped at the first input error");
        }
    }
    let threads = rayon::current_num_threads().max(1);
    let defaults = ScanOptions::default();
    let scan = ScanOptions {
        chunk_size: args.chunk_size.unwrap_or(defaults.chunk_size).max(64),
        lazy_chunk_size: args.chunk_size.unwrap_or(defaults.lazy_chunk_size).max(64),
        format,
        zone,
        zones,
        open: OpenOptions { no_mmap: args.no_mmap, year: args.year },
        max_line: args.max_line.max(1024),
        in_flight: threads * 2 + 2,
        readers: threads.clamp(1, 4),
        hashes: args.hash.then(Default::default),
        ..defaults
    };
    Ok(InputConfig { inputs: found.inputs, scan })
}
