//! Fuzz target: the zip reader (random access over the bytes): lying sizes and offsets, bad methods, traversal names; members decompressed too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::zip(data));
