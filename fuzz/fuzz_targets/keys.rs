//! Fuzz target: the timeline's timestamp-only key scan gives the records and instants of the full parse, for the detected and every forced format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::keys(data));
