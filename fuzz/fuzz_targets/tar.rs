//! Fuzz target: the tar reader: absurd sizes, traversal names, truncation; members decompressed too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::tar(data));
