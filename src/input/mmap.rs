//! Memory-mapping of plain log files, made safe against files that shrink.
//!
//! Mapping is the fastest way to read a large file (no copy, the scanner
//! splits the mapped bytes into chunks for every core), but it has one
//! famous hazard: if another process truncates the file while it is mapped
//! (logrotate's `copytruncate`, an attacker, a disk being unmounted), the
//! next access to a page past the new end raises SIGBUS, which kills the
//! process. ripgrep accepts that; logsift must not (issue 2).
//!
//! The guard: every live mapping registers its address range in a small
//! lock-free table, and a SIGBUS handler checks the faulting address
//! against it. For a registered range it maps a page of zeros over the
//! faulting page (`MAP_FIXED`), records the lowest faulting offset and
//! returns, so the read completes (seeing zeros) instead of killing the
//! process. The scanner asks [`Mapping::readable`] after parsing each chunk
//! and, when the file got shorter than the chunk's end, parses again only
//! the chunk's complete lines below the new end (and below the first page
//! that read as zeros), then reports the truncation with the offset. A SIGBUS for any other address
//! is a real bug: the handler restores the default action and the fault
//! repeats, crashing as usual.

use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use memmap2::Mmap;

/// Maximum number of mappings alive at once (the scanner maps one file at a
/// time per input it is reading; extra files are read as streams).
const SLOTS: usize = 64;

struct Slot {
    start: AtomicUsize,
    len: AtomicUsize,
    /// Offset of the lowest page the guard replaced with zeros
    /// (`usize::MAX`: none).
    fault_at: AtomicUsize,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Slot =
    Slot { start: AtomicUsize::new(0), len: AtomicUsize::new(0), fault_at: AtomicUsize::new(usize::MAX) };
static TABLE: [Slot; SLOTS] = [EMPTY; SLOTS];
static INSTALL: Once = Once::new();

/// A read-only mapping of a whole file, registered with the SIGBUS guard.
pub struct Mapping {
    map: Mmap,
    file: File,
    slot: usize,
}

impl Mapping {
    /// Maps `file` read-only, or returns `None` when no guard slot is free
    /// or the file is empty (the caller then reads it as a stream).
    pub fn new(file: File) -> io::Result<Option<Mapping>> {
        let len = file.metadata()?.len();
        if len == 0 || len > isize::MAX as u64 {
            return Ok(None);
        }
        INSTALL.call_once(install_handler);
        // SAFETY: the mapping is read-only and private to this process. The
        // one way its contents can become invalid under us is the file
        // shrinking, which raises SIGBUS on access; the handler installed
        // above turns that fault into zero-filled pages for registered
        // ranges (see the module docs), and the scanner discards what was
        // read from them. Other processes modifying bytes in place can only
        // change what we read, not break memory safety of `&[u8]` reads of
        // plain bytes.
        let map = unsafe { Mmap::map(&file)? };
        let start = map.as_ptr() as usize;
        for (i, s) in TABLE.iter().enumerate() {
            if s.len.compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Acquire).is_ok() {
                s.fault_at.store(usize::MAX, Ordering::Release);
                s.start.store(start, Ordering::Release);
                s.len.store(map.len(), Ordering::Release);
                return Ok(Some(Mapping { map, file, slot: i }));
            }
        }
        Ok(None)
    }

    /// The mapped bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// The mapped file (read-only), to ask for its size now.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// If the file is now shorter than `end` (or a page past its end was
    /// touched), the file's current length: the bytes from there on were
    /// not really read.
    pub fn shrunk(&self, end: u64) -> Option<u64> {
        let now = self.file.metadata().map(|m| m.len()).unwrap_or(0);
        let faulted = TABLE[self.slot].fault_at.load(Ordering::Acquire) != usize::MAX;
        if now < end || (faulted && now < self.map.len() as u64) {
            Some(now)
        } else {
            None
        }
    }

    /// Whether the mapped bytes before `end` are still the file's: `None`
    /// when they are, else how many bytes from the start still are (below
    /// both the file's current length and the first page the guard filled
    /// with zeros), so a reader can keep the lines before that point.
    pub fn readable(&self, end: u64) -> Option<u64> {
        let now = self.file.metadata().map(|m| m.len()).unwrap_or(0);
        let fault = TABLE[self.slot].fault_at.load(Ordering::Acquire) as u64;
        let limit = now.min(fault);
        (limit < end).then_some(limit)
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        let s = &TABLE[self.slot];
        s.start.store(0, Ordering::Release);
        s.len.store(0, Ordering::Release);
    }
}

fn install_handler() {
    // SAFETY: installs a SA_SIGINFO handler for SIGBUS; the handler only
    // reads atomics and calls mmap/sigaction, both plain system calls.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sigbus as *const () as usize;
        sa.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
    }
}

extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: `info` is provided by the kernel for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    for s in TABLE.iter() {
        let start = s.start.load(Ordering::Acquire);
        let len = s.len.load(Ordering::Acquire);
        if start != 0 && len != usize::MAX && addr >= start && addr < start + len {
            let page = 4096usize;
            let at = addr & !(page - 1);
            s.fault_at.fetch_min(at.saturating_sub(start), Ordering::AcqRel);
            // SAFETY: replaces one page inside our own read-only mapping with
            // anonymous zeros; nothing else lives in that range.
            let r = unsafe {
                libc::mmap(
                    at as *mut libc::c_void,
                    page,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if r != libc::MAP_FAILED {
                return;
            }
        }
    }
    // Not ours: fall back to the default action, which the repeated fault
    // then triggers.
    // SAFETY: resetting a signal disposition is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGBUS, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn truncated_mapped_file_does_not_kill_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shrinks.log");
        let mut f = File::create(&path).unwrap();
        for i in 0..100_000 {
            writeln!(f, "line {i} some text to fill the pages").unwrap();
        }
        drop(f);
        let m = Mapping::new(File::open(&path).unwrap()).unwrap().unwrap();
        let len = m.bytes().len();
        assert!(m.shrunk(len as u64).is_none());
        // Another writer truncates the file while it is mapped.
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(100).unwrap();
        // Touch every page: would be SIGBUS without the guard.
        let sum: u64 = m.bytes().iter().step_by(4096).map(|&b| b as u64).sum();
        assert!(sum > 0);
        assert_eq!(m.shrunk(len as u64), Some(100));
        assert_eq!(m.bytes()[len - 1], 0);
        // Only the first 100 bytes are still the file's.
        assert_eq!(m.readable(len as u64), Some(100));
        assert_eq!(m.readable(100), None);
        assert_eq!(m.readable(50), None);
    }

    #[test]
    fn a_file_that_shrinks_and_grows_again_is_readable_only_below_the_zeroed_pages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("regrows.log");
        let line = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";
        std::fs::write(&path, line.repeat(1024)).unwrap(); // 64 KiB: 16 pages
        let m = Mapping::new(File::open(&path).unwrap()).unwrap().unwrap();
        let len = m.bytes().len() as u64;
        assert_eq!(m.readable(len), None);
        let w = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        w.set_len(10_000).unwrap();
        // Pages 3.. are past the end: the guard maps zeros there.
        assert_eq!(m.bytes()[5 * 4096], 0);
        w.set_len(len).unwrap();
        // The file is long again, but page 5 of the mapping reads zeros.
        assert_eq!(m.readable(len), Some(5 * 4096));
        assert_eq!(m.readable(5 * 4096), None);
        assert_eq!(&m.bytes()[..64], &line[..]);
    }
}
