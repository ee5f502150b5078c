//! Fuzz target: query parsing (--field, --since/--until/--now, --window, --level) on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::query(data));
