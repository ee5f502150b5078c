//! Non-fatal problems: one line each on stderr, counted so the exit code
//! can say that something went wrong (2) once the work is done.
//!
//! Messages name the file (and the byte offset where it applies) and are
//! escaped: file names and archive member names come from the evidence and
//! may carry terminal escape sequences.

use std::cell::Cell;
use std::io::Write;

use crate::input::InputError;
use crate::output::sanitize::escape_with;

/// Counts and prints input errors and notes. One per command run, passed
/// explicitly (no global state).
#[derive(Debug, Default)]
pub struct Reporter {
    errors: Cell<usize>,
    /// `--quiet`: no notes (errors are still printed).
    pub quiet: bool,
    /// `--strict`: the first error should stop the run.
    pub strict: bool,
}

impl Reporter {
    /// A reporter printing notes unless `quiet`.
    pub fn new(quiet: bool, strict: bool) -> Reporter {
        Reporter { quiet, strict, ..Reporter::default() }
    }

    /// Reports an input problem. Returns `true` when the run should stop
    /// (`--strict`).
    pub fn input_error(&self, e: &InputError) -> bool {
        // A cut line is data loss too: it counts towards the exit code.
        let prefix = if e.is_warning() { "warning: " } else { "" };
        self.line(&format!("{prefix}{e}"));
        self.errors.set(self.errors.get() + 1);
        self.strict
    }

    /// Reports an error that is not about one input.
    pub fn error(&self, msg: &str) {
        self.errors.set(self.errors.get() + 1);
        self.line(msg);
    }

    /// A note (something skipped on purpose); not an error.
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            self.line(&format!("note: {msg}"));
        }
    }

    /// A statistics line (`--stats`), shown even with `--quiet`.
    pub fn stats(&self, msg: &str) {
        self.line(&format!("stats: {msg}"));
    }

    /// Number of errors reported so far.
    pub fn errors(&self) -> usize {
        self.errors.get()
    }

    /// A line of figures asked for (`--stats`): shown even with `--quiet`,
    /// not an error.
    pub fn info(&self, msg: &str) {
        self.line(msg);
    }

    fn line(&self, msg: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "logsift: {}", escape_with(msg, false));
    }
}
