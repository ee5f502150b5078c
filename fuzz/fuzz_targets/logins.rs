//! Fuzz target: the raw-byte path of `logins` gives the event path's records on any chunk it takes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::logins(data));
