//! Re-reading records after the scan: the bytes of every source stay
//! reachable so that `timeline` can keep only compact keys (offset and
//! length) and fetch each record again when it prints it.
//!
//! A mapped file is re-sliced: the scan's chunks hold the mapping and the
//! command keeps one reference alive. A stream (gzip, archive member,
//! stdin) cannot be re-read at an offset, so its decompressed bytes are
//! *spilled* during the scan into one unnamed temporary file shared by all
//! streamed sources (`O_TMPFILE` in the system temporary directory, deleted
//! when closed; one descriptor however many sources). Each chunk reserves
//! its own range of the file and is written there (`pwrite`, so workers
//! write in any order); a source remembers where its chunks went
//! ([`Segments`]). Once the scan is over the file is mapped. Inputs are
//! never written: the spill is a new file of logsift's own.
//!
//! Why spill rather than decompress again: the merge visits a source's
//! records out of file order, and gzip can only be read from the start.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::input::mmap::Mapping;

/// Where one source's chunks went in the spill: `(source offset, spill
/// position, length)`, in source order.
#[derive(Debug, Default, Clone)]
pub struct Segments(pub Vec<(u64, u64, u64)>);

impl Segments {
    /// The spill position of the record at source `offset` with `len`
    /// bytes (records never cross a chunk).
    fn locate(&self, offset: u64, len: u64) -> Option<u64> {
        let i = self.0.partition_point(|s| s.0 <= offset).checked_sub(1)?;
        let (start, pos, n) = self.0[i];
        (offset + len <= start + n).then_some(pos + (offset - start))
    }
}

/// The spill file once the scan is over.
pub struct SpillFile {
    file: File,
    map: Option<Mapping>,
}

impl SpillFile {
    fn get<'a>(&'a self, pos: u64, len: u64, buf: &'a mut Vec<u8>) -> Option<&'a [u8]> {
        match &self.map {
            Some(m) => m.bytes().get(pos as usize..pos.checked_add(len)? as usize),
            None => {
                // No guard slot was free for a mapping: read it.
                buf.clear();
                buf.resize(len as usize, 0);
                self.file.read_exact_at(buf, pos).ok()?;
                Some(&buf[..])
            }
        }
    }
}

/// Where one source's bytes can be read again.
pub enum Bytes {
    /// The input's own mapping (kept alive).
    Mapped(Arc<Mapping>),
    /// Chunks in the shared spill file.
    Spilled(Arc<SpillFile>, Segments),
    /// Nothing to read (the source had no records, or spilling failed).
    None,
}

impl Bytes {
    /// The record at `offset` with `len` bytes, borrowed when mapped, or
    /// read into `buf`. `None` when the range is gone (a file that shrank,
    /// a failed spill).
    pub fn get<'a>(&'a self, offset: u64, len: u64, buf: &'a mut Vec<u8>) -> Option<&'a [u8]> {
        match self {
            Bytes::Mapped(m) => m.bytes().get(offset as usize..offset.checked_add(len)? as usize),
            Bytes::Spilled(f, segs) => f.get(segs.locate(offset, len)?, len, buf),
            Bytes::None => None,
        }
    }
}

/// The spill of one scan, shared by the workers (`&self`).
#[derive(Default)]
pub struct Spills {
    file: OnceLock<Result<File, String>>,
    next: AtomicU64,
}

impl Spills {
    /// Writes a chunk's bytes to the spill; returns where they went.
    pub fn write(&self, bytes: &[u8]) -> io::Result<u64> {
        let f = self
            .file
            .get_or_init(|| tempfile::tempfile().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| io::Error::other(e.clone()))?;
        let pos = self.next.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        f.write_all_at(bytes, pos)?;
        Ok(pos)
    }

    /// Bytes spilled (`timeline --stats`).
    pub fn total_bytes(&self) -> u64 {
        self.next.load(Ordering::Relaxed)
    }

    /// Makes the spill readable once every write is done (`None` when
    /// nothing was spilled).
    pub fn finish(self) -> io::Result<Option<Arc<SpillFile>>> {
        let Some(Ok(file)) = self.file.into_inner() else { return Ok(None) };
        let map = Mapping::new(file.try_clone()?)?;
        Ok(Some(Arc::new(SpillFile { file, map })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_of_several_sources_read_back_by_source_offset() {
        let s = Spills::default();
        let p1 = s.write(b"world\n").unwrap(); // source 1, offset 6
        let p0 = s.write(b"hello\nthere\n").unwrap(); // source 0, offset 0
        let p2 = s.write(b"again\n").unwrap(); // source 1, offset 0
        assert_eq!(s.total_bytes(), 24);
        let f = s.finish().unwrap().unwrap();
        let one = Bytes::Spilled(f.clone(), Segments(vec![(0, p2, 6), (6, p1, 6)]));
        let zero = Bytes::Spilled(f, Segments(vec![(0, p0, 12)]));
        let mut buf = Vec::new();
        assert_eq!(one.get(6, 5, &mut buf), Some(&b"world"[..]));
        assert_eq!(one.get(0, 5, &mut buf), Some(&b"again"[..]));
        assert_eq!(zero.get(6, 5, &mut buf), Some(&b"there"[..]));
        assert_eq!(one.get(4, 5, &mut buf), None, "crosses a chunk edge");
        assert_eq!(zero.get(10, 5, &mut buf), None, "past the end");
        assert!(Spills::default().finish().unwrap().is_none());
    }
}
