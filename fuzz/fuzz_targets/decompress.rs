//! Fuzz target: the decompression readers (gzip, zstd, bzip2, xz by magic bytes, then tar) on damaged streams.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| logsift::fuzzing::decompress(data));
