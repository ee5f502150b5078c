//! Fuzz target: timestamp parsing (ISO 8601, epochs, zone names); what parses reads back from its RFC 3339 form as the same instant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::timestamps(data));
