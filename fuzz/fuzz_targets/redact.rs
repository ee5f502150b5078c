//! Fuzz target: redaction never panics and keeps the line count.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::redact(data));
