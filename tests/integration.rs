//! The integration tests: one test binary (it links once) that runs the
//! built `logsift` on files in `fixtures/` and on inputs generated at test
//! time, and checks what it prints and its exit code.

mod util;

mod anomalies;
mod check;
mod cli;
mod detect;
mod filter;
mod fuzz_regressions;
mod hostile;
mod hostile_evidence;
mod hostile_exit;
mod hostile_hash;
mod hostile_json;
mod hostile_long_lines;
mod hostile_regex;
mod hostile_streams;
mod hostile_strict;
mod hostile_walk;
mod incident;
mod loghub;
mod logins;
mod paths;
mod properties;
mod redact;
mod stats;
mod timeline;
mod trace;
