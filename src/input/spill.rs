//! Re-reading records after the scan: the bytes of every source stay
//! reachable so that `timeline` can keep only compact keys (offset and
//! length) and fetch each record again when it prints it.
//!
//! A mapped file is re-sliced: the scan's chunks hold the mapping and the
//! command keeps one reference alive. A stream (gzip, archive member,
//! stdin) cannot be re-read at an offset, so its decompressed bytes are
//! *spilled* during the scan: each chunk is written at its own offset
//! (`pwrite`, so workers write in any order) into an unnamed temporary
//! file (`O_TMPFILE` in the system temporary directory, deleted when
//! closed), which is mapped once the source is complete. Inputs are never
//! written: the spill is a new file of logsift's own.
//!
//! Why spill rather than decompress again: the merge visits a source's
//! records out of file order, and gzip can only be read from the start.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::input::mmap::Mapping;

/// Where one source's bytes can be read again.
pub enum Bytes {
    /// The input's own mapping (kept alive).
    Mapped(Arc<Mapping>),
    /// A spill file, mapped.
    Spilled(Mapping),
    /// A spill file that could not be mapped (no guard slot free): read
    /// with `pread`.
    File(File),
    /// Nothing to read (the source had no records, or spilling failed).
    None,
}

impl Bytes {
    /// The record at `offset` with `len` bytes, borrowed when mapped, or
    /// read into `buf`. `None` when the range is gone (a file that shrank,
    /// a failed spill).
    pub fn get<'a>(&'a self, offset: u64, len: u64, buf: &'a mut Vec<u8>) -> Option<&'a [u8]> {
        let end = offset.checked_add(len)?;
        match self {
            Bytes::Mapped(m) => m.bytes().get(offset as usize..end as usize),
            Bytes::Spilled(m) => m.bytes().get(offset as usize..end as usize),
            Bytes::File(f) => {
                buf.clear();
                buf.resize(len as usize, 0);
                f.read_exact_at(buf, offset).ok()?;
                Some(&buf[..])
            }
            Bytes::None => None,
        }
    }
}

/// The spill files of the streamed sources of one scan, by source id.
/// Shared by the workers (`&self`).
#[derive(Default)]
pub struct Spills {
    files: Mutex<Vec<Option<Arc<File>>>>,
    written: AtomicU64,
}

impl Spills {
    /// Writes a chunk's bytes at `offset` of source `id`'s spill,
    /// creating the spill on first use.
    pub fn write(&self, id: u32, offset: u64, bytes: &[u8]) -> io::Result<()> {
        let f = self.file(id)?;
        f.write_all_at(bytes, offset)?;
        self.written.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn file(&self, id: u32) -> io::Result<Arc<File>> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        let i = id as usize;
        if files.len() <= i {
            files.resize(i + 1, None);
        }
        if let Some(f) = &files[i] {
            return Ok(f.clone());
        }
        let f = Arc::new(tempfile::tempfile()?);
        files[i] = Some(f.clone());
        Ok(f)
    }

    /// Bytes written so far to all spills (`timeline --stats`).
    pub fn total_bytes(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Takes source `id`'s spill once its scan is complete and makes it
    /// readable.
    pub fn finish(&self, id: u32) -> io::Result<Bytes> {
        let f = {
            let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
            files.get_mut(id as usize).and_then(Option::take)
        };
        let Some(f) = f else { return Ok(Bytes::None) };
        let f = Arc::try_unwrap(f).map_err(|_| io::Error::other("spill still being written"))?;
        let g = f.try_clone()?;
        Ok(match Mapping::new(f)? {
            Some(m) => Bytes::Spilled(m),
            None => Bytes::File(g),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_written_out_of_order_read_back_in_place() {
        let s = Spills::default();
        s.write(3, 6, b"world\n").unwrap();
        s.write(3, 0, b"hello\n").unwrap();
        assert_eq!(s.total_bytes(), 12);
        let b = s.finish(3).unwrap();
        let mut buf = Vec::new();
        assert_eq!(b.get(6, 5, &mut buf), Some(&b"world"[..]));
        assert_eq!(b.get(10, 5, &mut buf), None, "past the end");
        assert!(matches!(s.finish(4).unwrap(), Bytes::None));
    }
}
