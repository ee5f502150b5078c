//! `--hash`: a SHA-256 of every input as it is stored, for the chain of
//! custody.
//!
//! What is hashed is the bytes on disk (or on stdin): a `.gz` file itself,
//! not what it decompresses to; an archive as a whole, not its members.
//! That is the digest `sha256sum` prints for the same file, so an examiner
//! can match the report against the evidence register.
//!
//! Hashing rides on the scan where it can: a mapped file is hashed from the
//! same mapping by one more task beside the chunk parsers; a streamed file
//! (compressed data, archives, small files, stdin) is hashed by a
//! [`HashingReader`] under the decompressor, so every byte read from the
//! file descriptor is hashed once, and what the decoder did not need (tar
//! padding, bytes after a corrupt gzip member) is read on to the end by
//! [`Tally::drain`]. A zip archive, read with random access, is hashed by
//! one more sequential read ([`hash_file`]).
//!
//! A digest that does not cover the whole input is never shown as one: if
//! the file shrank while it was hashed, a read failed, or the scan stopped
//! before the end of a pipe, the record says so and carries no digest.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest as _, Sha256};

use super::mmap::Mapping;

/// Bytes hashed per step when hashing a mapping or re-reading a file.
const STEP: usize = 1 << 20;

/// The chain-of-custody record of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDigest {
    /// The input's label (path as given or found, `<stdin>`).
    pub source: String,
    /// SHA-256 of the stored bytes; `None` when they could not all be read.
    pub sha256: Option<[u8; 32]>,
    /// Bytes hashed (the stored size, compressed size for `.gz`).
    pub bytes: u64,
    /// Why there is no digest, when there is none.
    pub error: Option<String>,
}

impl InputDigest {
    /// The digest as 64 lowercase hex digits, as `sha256sum` prints it.
    pub fn hex(&self) -> Option<String> {
        self.sha256.map(|d| d.iter().map(|b| format!("{b:02x}")).collect())
    }

    fn failed(source: &str, bytes: u64, why: String) -> InputDigest {
        InputDigest { source: source.to_string(), sha256: None, bytes, error: Some(why) }
    }
}

/// The digests of one run, filled by the scanner (possibly from several
/// threads) and read by the command once the scan is over.
#[derive(Debug, Default)]
pub struct Digests {
    slots: Mutex<Vec<Option<InputDigest>>>,
}

impl Digests {
    /// Records the digest of the input at `idx` in the input list.
    pub fn set(&self, idx: usize, d: InputDigest) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if slots.len() <= idx {
            slots.resize(idx + 1, None);
        }
        slots[idx] = Some(d);
    }

    /// Every digest recorded, in input order (inputs that could not be
    /// opened have none: their error was reported instead).
    pub fn in_order(&self) -> Vec<InputDigest> {
        let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.iter().flatten().cloned().collect()
    }
}

/// Where a streamed input's digest goes: the run's table and the input's
/// index in it.
#[derive(Debug, Clone)]
pub struct DigestSlot {
    pub table: Arc<Digests>,
    pub idx: usize,
}

/// Hashes a mapped file from its mapping. A file that shrank while it was
/// hashed (the SIGBUS guard gave zeros for the lost pages) or grew since
/// it was mapped gets no digest.
pub fn hash_mapping(source: &str, mapping: &Mapping) -> InputDigest {
    let bytes = mapping.bytes();
    let mut h = Sha256::new();
    for part in bytes.chunks(STEP) {
        h.update(part);
    }
    let len = bytes.len() as u64;
    // A shrink is also caught by the SIGBUS guard's flag (zero pages read).
    let changed = match mapping.shrunk(len) {
        Some(now) => Some(format!("the file shrank to {now} bytes while it was hashed; no digest")),
        None => size_changed(mapping.file(), len),
    };
    match changed {
        Some(why) => InputDigest::failed(source, len, why),
        None => InputDigest {
            source: source.to_string(),
            sha256: Some(h.finalize().into()),
            bytes: len,
            error: None,
        },
    }
}

/// Hashes a whole file by positional reads from offset 0 (the file's own
/// read position is left alone), for inputs read with random access (zip).
pub fn hash_file(source: &str, file: &File) -> InputDigest {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; STEP];
    let mut at = 0u64;
    loop {
        match file.read_at(&mut buf, at) {
            Ok(0) => break,
            Ok(n) => {
                h.update(&buf[..n]);
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return InputDigest::failed(source, at, format!("cannot read to hash it: {e}")),
        }
    }
    if let Some(why) = size_changed(file, at) {
        return InputDigest::failed(source, at, why);
    }
    InputDigest { source: source.to_string(), sha256: Some(h.finalize().into()), bytes: at, error: None }
}

/// Why a digest of `hashed` bytes of `file` is not one of the whole file:
/// the file is now of another size (it was truncated or grew while it was
/// read), or cannot be asked.
pub fn size_changed(file: &File, hashed: u64) -> Option<String> {
    match file.metadata() {
        Ok(m) if m.len() == hashed => None,
        Ok(m) => Some(format!(
            "the file changed size while it was hashed ({hashed} bytes read, now {} bytes); no digest",
            m.len()
        )),
        Err(e) => Some(format!("cannot check the size after hashing: {e}")),
    }
}

/// The running hash of one streamed input, shared between the reader that
/// feeds the decoder and the final drain.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    inner: Arc<Mutex<(Sha256, u64, Option<String>)>>,
}

impl Tally {
    /// Wraps `r` so that every byte read through it is hashed.
    pub fn reader<R: Read>(&self, r: R) -> HashingReader<R> {
        HashingReader { inner: r, tally: self.clone() }
    }

    fn update(&self, data: &[u8]) {
        let mut t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        t.0.update(data);
        t.1 += data.len() as u64;
    }

    fn fail(&self, why: String) {
        let mut t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        t.2.get_or_insert(why);
    }

    /// Reads `r` (the same file, positioned where the decoder stopped) to
    /// its end, hashing what it gives.
    pub fn drain(&self, r: impl Read) {
        let mut r = self.reader(r);
        if let Err(e) = io::copy(&mut r, &mut io::sink()) {
            self.fail(format!("cannot read to the end to hash it: {e}"));
        }
    }

    /// Marks the digest as not covering the whole input.
    pub fn incomplete(&self, why: &str) {
        self.fail(why.to_string());
    }

    /// Marks the digest as not covering the whole file when the file's
    /// size is no longer the number of bytes hashed (see [`size_changed`]).
    pub fn check_size(&self, file: &File) {
        let hashed = self.inner.lock().unwrap_or_else(PoisonError::into_inner).1;
        if let Some(why) = size_changed(file, hashed) {
            self.fail(why);
        }
    }

    /// The record for `source`: the digest, unless something was missed.
    pub fn finish(&self, source: &str) -> InputDigest {
        let t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        match &t.2 {
            Some(why) => InputDigest::failed(source, t.1, why.clone()),
            None => InputDigest {
                source: source.to_string(),
                sha256: Some(t.0.clone().finalize().into()),
                bytes: t.1,
                error: None,
            },
        }
    }
}

/// A reader that hashes what passes through it (see [`Tally::reader`]).
pub struct HashingReader<R> {
    inner: R,
    tally: Tally,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tally.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn a_reader_and_its_drain_hash_every_byte_once() {
        let t = Tally::default();
        let mut r = t.reader(&b"abc"[..]);
        let mut one = [0u8; 1];
        r.read_exact(&mut one).unwrap();
        // The decoder stopped after one byte; the rest is drained.
        let rest = r.inner;
        t.drain(rest);
        let d = t.finish("x");
        assert_eq!(d.hex().as_deref(), Some(ABC));
        assert_eq!(d.bytes, 3);
    }

    #[test]
    fn an_incomplete_stream_has_no_digest() {
        let t = Tally::default();
        t.drain(&b"abc"[..]);
        t.incomplete("stopped early");
        let d = t.finish("<stdin>");
        assert_eq!(d.sha256, None);
        assert_eq!(d.error.as_deref(), Some("stopped early"));
    }

    #[test]
    fn positional_hash_leaves_the_read_position_alone() {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(b"abc").unwrap();
        let d = hash_file("f", &f);
        assert_eq!(d.hex().as_deref(), Some(ABC));
        assert_eq!(d.bytes, 3);
        // The write position is still at the end: nothing moved it.
        let mut rest = Vec::new();
        f.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty());
    }

    #[test]
    fn table_keeps_input_order_and_skips_gaps() {
        let t = Digests::default();
        t.set(2, InputDigest::failed("c", 0, "x".into()));
        t.set(0, InputDigest::failed("a", 0, "x".into()));
        let names: Vec<String> = t.in_order().into_iter().map(|d| d.source).collect();
        assert_eq!(names, ["a", "c"]);
    }
}
