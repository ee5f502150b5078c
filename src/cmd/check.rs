//! `logsift check`: do these logs satisfy the rules? Assertions for CI.
//!
//! Rules come from flags and from `--rules FILE`; the filter options scope
//! every rule. Each chunk is tallied in parallel (parsing only prefilter
//! candidates of the scope when it has text patterns); the driver merges
//! the tallies and keeps the first offending lines in input order, so the
//! report is the same at any thread count. Exit status: 0 when every rule
//! holds, 1 when one is violated, 2 on an error (an unreadable input, a bad
//! rule) — an input error wins over a violation, as in grep.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::check::flags::rules_from_flags;
use crate::check::{rules_file, RuleSet, Tally};
use crate::cli::CheckCmdArgs;
use crate::config::resolve_inputs;
use crate::event::Event;
use crate::exit::Exit;
use crate::output::ci::{write_github, write_json, write_junit, write_text, Outcome, RunSummary};
use crate::output::color::use_color;
use crate::output::digests;
use crate::output::progress::Progress;
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::{scan, Chunk, Delivery, Meter};

/// Runs `logsift check`.
pub fn run(args: &CheckCmdArgs) -> Result<Exit> {
    let quiet = args.output.quiet;
    let report = Reporter::new(quiet, args.input.strict);
    // Rules first: a bad rule is an error before any input is read.
    let zone = crate::scan::zones::ZoneRules::parse(&args.input.tz)
        .map_err(anyhow::Error::msg)
        .context("--tz")?
        .default;
    let now = &args.filter.now;
    let mut rules = rules_from_flags(&args.rules, now, zone)?;
    if let Some(path) = &args.rules.rules {
        rules.extend(rules_file::load(path, now, zone)?);
    }
    if rules.is_empty() {
        bail!("no rule to check: give --max-level, --forbid, --require, --max, --max-count or --rules (see --help)");
    }
    let cfg = resolve_inputs(&args.input, &report)?;
    if let Some(junit) = &args.report.junit {
        refuse_input_path(junit, &cfg.inputs)?;
    }
    let scope = Query::from_args(&args.filter, cfg.scan.zone)?;
    let set = RuleSet { rules, scope, keep: args.report.show };

    let work = |chunk: &Chunk| {
        let mut tally = set.empty_tally();
        let applies: Vec<bool> = set.rules.iter().map(|r| r.applies_to(&chunk.source)).collect();
        if applies.iter().any(|a| *a) {
            set.scope.for_each_match(chunk, &mut |ev: Event<'_>| {
                set.tally(&mut tally, &ev, &chunk.source, &applies)
            });
        }
        tally
    };
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), quiet);
    let mut total: Tally = set.empty_tally();
    let mut sources = 0usize;
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(_) => sources += 1,
            Delivery::Chunk { out, .. } => set.merge(&mut total, out),
            Delivery::End { .. } => {}
            Delivery::Error(e) => {
                if report.input_error(&e) {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    });
    drop(progress);

    let outcomes: Vec<Outcome> =
        set.rules.iter().zip(&total.rules).map(|(rule, tally)| Outcome { rule, tally }).collect();
    let run = RunSummary { events: total.events, sources };
    let mut stdout = std::io::stdout().lock();
    if !quiet {
        if args.report.github {
            write_github(&mut stdout, &outcomes)?;
        }
        if args.output.json {
            write_json(&mut stdout, &outcomes, &run)?;
            digests::print_json(&mut stdout, &cfg.digests())?;
        } else {
            write_text(&mut stdout, &outcomes, &run, use_color(args.output.color))?;
            digests::print_text(&mut stdout, &cfg.digests())?;
        }
    }
    stdout.flush()?;
    if let Some(path) = &args.report.junit {
        let file = File::create(path).with_context(|| format!("--junit {}", path.display()))?;
        let mut w = BufWriter::new(file);
        write_junit(&mut w, &outcomes, &run)
            .and_then(|_| w.flush())
            .with_context(|| format!("--junit {}", path.display()))?;
    }
    let held = outcomes.iter().all(Outcome::ok);
    Ok(if held { Exit::Ok } else { Exit::NotFound }.with_errors(report.errors()))
}

/// Evidence rule: a report file must never replace an input.
fn refuse_input_path(path: &std::path::Path, inputs: &[crate::input::Input]) -> Result<()> {
    let Ok(target) = std::fs::canonicalize(path) else { return Ok(()) }; // does not exist yet
    for input in inputs {
        if let Some(p) = &input.path {
            if std::fs::canonicalize(p).is_ok_and(|p| p == target) {
                bail!(
                    "--junit {}: that is one of the inputs; refusing to write over evidence",
                    path.display()
                );
            }
        }
    }
    Ok(())
}
