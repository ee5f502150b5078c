//! Fuzz target: format detection on a source's first bytes, then every event of it (in order, raw bytes at their offsets, valid JSON).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::detect(data));
