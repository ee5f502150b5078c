//! logsift: fast forensic log analysis.
//!
//! The pipeline every command stands on:
//!
//! ```text
//! paths --input::discover--> Input --input::open--> mapped bytes | member streams
//!   --scan (parallel, line-aligned chunks)--> lines --format::detect/parse--> Event
//!   --command's per-chunk work--> results, in order --> output
//! ```
//!
//! The engine (`input`, `scan`, `format`, `event`) never prints and never
//! reads command-line flags; commands (`cmd`) resolve flags once
//! (`config`) and drive it; only `output` and `report` write to the
//! terminal.

pub mod analysis;
pub mod bytes;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod event;
pub mod exit;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod output;
pub mod query;
pub mod redact;
pub mod report;
pub mod scan;
#[cfg(test)]
mod test_texts;
pub mod utf8;
