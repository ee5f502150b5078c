//! Fuzz target: the leveltext parser on every line of the input, in three zones; accepted lines give valid JSON output.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::parse(logsift::format::FormatId::LevelText, data));
