//! Re-reading records after the scan: the bytes of every source stay
//! reachable so that `timeline` can keep only compact keys (offset and
//! length) and fetch each record again when it prints it.
//!
//! A mapped file is re-sliced: the scan's chunks hold the mapping and the
//! command keeps one reference alive. A stream (gzip, archive member,
//! stdin) cannot be re-read at an offset, so its decompressed bytes are
//! *spilled* during the scan into unnamed temporary files shared by all
//! streamed sources (`O_TMPFILE` in the system temporary directory, deleted
//! when closed; one per worker thread however many sources, since two
//! `pwrite`s to one file wait for each other on its inode lock: with one
//! shared file, most of the writes of a gzip source's chunks waited, ten
//! times as long as a write alone). Each chunk reserves its own range of
//! its worker's file and is written there (`pwrite`, so workers write in
//! any order); a source remembers where its chunks went ([`Segments`]).
//! Once the scan is over the files are mapped. Inputs are never written:
//! the spill is new files of logsift's own.
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

/// Spill files, one per writer (worker threads; the last for any other
/// thread).
const WRITERS: usize = 8;

/// A spill position is `writer << WRITER_SHIFT | offset in its file`: one
/// number for [`Segments`] however many files there are (a file is far
/// below 2^40 bytes: 1 TiB).
const WRITER_SHIFT: u32 = 40;

/// The spill files once the scan is over.
pub struct SpillFile {
    parts: Vec<Option<SpillPart>>,
}

/// One writer's spill file and its mapping.
struct SpillPart {
    file: File,
    map: Option<Mapping>,
}

impl SpillFile {
    fn get<'a>(&'a self, pos: u64, len: u64, buf: &'a mut Vec<u8>) -> Option<&'a [u8]> {
        let part = self.parts.get((pos >> WRITER_SHIFT) as usize)?.as_ref()?;
        let pos = pos & ((1 << WRITER_SHIFT) - 1);
        match &part.map {
            Some(m) => m.bytes().get(pos as usize..pos.checked_add(len)? as usize),
            None => {
                // No guard slot was free for a mapping: read it.
                buf.clear();
                buf.resize(len as usize, 0);
                part.file.read_exact_at(buf, pos).ok()?;
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

/// The spill of one scan, shared by the workers (`&self`): a file per
/// writer, made on its first write.
#[derive(Default)]
pub struct Spills {
    files: [OnceLock<Result<File, String>>; WRITERS],
    next: [AtomicU64; WRITERS],
}

impl Spills {
    /// Writes a chunk's bytes to the calling thread's spill file; returns
    /// where they went.
    pub fn write(&self, bytes: &[u8]) -> io::Result<u64> {
        let w = rayon::current_thread_index().map_or(WRITERS - 1, |i| i % (WRITERS - 1));
        let f = self.files[w]
            .get_or_init(|| {
                tempfile::tempfile().map_err(|e| {
                    format!("{e} (in the temporary directory {})", std::env::temp_dir().display())
                })
            })
            .as_ref()
            .map_err(|e| io::Error::other(e.clone()))?;
        let pos = self.next[w].fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if pos + bytes.len() as u64 > 1 << WRITER_SHIFT {
            return Err(io::Error::other("more than 1 TiB to spill from one worker"));
        }
        f.write_all_at(bytes, pos)?;
        Ok((w as u64) << WRITER_SHIFT | pos)
    }

    /// Bytes spilled (`timeline --stats`).
    pub fn total_bytes(&self) -> u64 {
        self.next.iter().map(|n| n.load(Ordering::Relaxed)).sum()
    }

    /// Makes the spill readable once every write is done (`None` when
    /// nothing was spilled).
    pub fn finish(self) -> io::Result<Option<Arc<SpillFile>>> {
        let mut parts = Vec::with_capacity(WRITERS);
        for f in self.files {
            parts.push(match f.into_inner() {
                Some(Ok(file)) => {
                    let map = Mapping::new(file.try_clone()?)?;
                    Some(SpillPart { file, map })
                }
                _ => None,
            });
        }
        if parts.iter().all(Option::is_none) {
            return Ok(None);
        }
        Ok(Some(Arc::new(SpillFile { parts })))
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

    #[test]
    fn writes_from_many_threads_go_to_their_own_files_and_read_back() {
        let s = Spills::default();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let chunks: Vec<Vec<u8>> =
            (0..64).map(|i| format!("chunk {i} ").repeat(i + 1).into_bytes()).collect();
        let pos: Vec<u64> = pool.install(|| {
            use rayon::prelude::*;
            chunks.par_iter().map(|c| s.write(c).unwrap()).collect()
        });
        // And one from a thread outside any pool.
        let outside = s.write(b"outside\n").unwrap();
        assert_eq!(outside >> WRITER_SHIFT, WRITERS as u64 - 1);
        let total: usize = chunks.iter().map(Vec::len).sum::<usize>() + 8;
        assert_eq!(s.total_bytes(), total as u64);
        let f = s.finish().unwrap().unwrap();
        let mut buf = Vec::new();
        for (c, &p) in chunks.iter().zip(&pos) {
            let b = Bytes::Spilled(f.clone(), Segments(vec![(0, p, c.len() as u64)]));
            assert_eq!(b.get(0, c.len() as u64, &mut buf), Some(&c[..]));
        }
        let b = Bytes::Spilled(f, Segments(vec![(0, outside, 8)]));
        assert_eq!(b.get(0, 8, &mut buf), Some(&b"outside\n"[..]));
    }
}
