//! logsift: fast forensic log analysis.
//!
//! The pipeline every command stands on:
//!
//! ```text
//! paths --input::discover--> Input --input::open--> mapped bytes | member streams
//!   --scan (parallel, line-aligned chunks)--> lines --format::detect/parse--> Event
//!   --command's per-chunk work--> partial results --in order--> output
//! ```
//!
//! The engine (`input`, `scan`, `format`, `event`) never prints and never
//! reads command-line flags; commands (`cmd`) resolve flags once and drive it.

pub mod event;
pub mod format;
pub mod input;
