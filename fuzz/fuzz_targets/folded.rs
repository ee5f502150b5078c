//! Fuzz target: the one-literal vector searcher (trace's single ID) finds exactly the occurrences the plain definition does, in any case or exactly.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::folded(data));
