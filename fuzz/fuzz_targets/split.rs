//! Fuzz target: the line splitter across chunk boundaries (mapped and stream cuts): chunks hold the events the whole source holds.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::split(data));
