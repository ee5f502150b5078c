//! Opening an input read-only and choosing how to read it: mapped (plain
//! regular files) or streamed (stdin, pipes, compressed data, archives).

use std::fs::File;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

use super::archive::{each_tar_member, each_zip_member, now_unix};
use super::decompress::{decoder, gzip_mtime, Peeked};
use super::discover::io_message;
use super::hash::{hash_file, DigestSlot, Tally};
use super::mmap::Mapping;
use super::{Compression, Container, Input, InputError, InputErrorKind};
use crate::format::time::{YearBasis, YearRef};

/// Files smaller than this are read into memory rather than mapped: a
/// mapping costs more than one read for them.
pub const MMAP_MIN: u64 = 256 * 1024;

/// Bytes read ahead to sniff compression and containers.
const SNIFF: usize = 512;

/// How inputs are opened.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Never memory-map (`--no-mmap`).
    pub no_mmap: bool,
    /// `--year`: the year of year-less timestamps.
    pub year: Option<i64>,
}

/// An input, opened and classified.
pub enum Opened {
    /// A plain regular file, mapped: the scanner splits it for every core.
    Mapped { mapping: Arc<Mapping>, year: YearRef },
    /// Everything else, read sequentially (possibly several members).
    Stream(StreamInput),
}

/// An input to be read as a stream of members.
pub struct StreamInput {
    label: String,
    source: StreamSource,
    head: Vec<u8>,
    year: YearRef,
    forced_year: Option<i64>,
    /// `--hash`: where this input's digest goes.
    hash: Option<DigestSlot>,
}

enum StreamSource {
    File(File),
    Stdin,
}

/// One member of log data: a plain file, a decompressed file, or a file
/// inside an archive.
pub struct Member<'r> {
    /// `path`, or `archive:member/path` for archive members.
    pub label: String,
    /// The compression that was removed to read it.
    pub compression: Compression,
    /// The reference date for year-less timestamps, with its basis.
    pub year: YearRef,
    /// The decompressed bytes.
    pub reader: &'r mut dyn Read,
}

/// The callback that receives each member (or a per-member error) and says
/// whether to go on.
pub type MemberFn<'f> = dyn FnMut(Result<Member<'_>, InputError>) -> ControlFlow<()> + 'f;

/// Opens a file read-only, with `O_NOATIME` where the kernel permits it (it
/// does for files we own or as root), so reading evidence does not even
/// change its access time.
pub fn open_readonly(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOATIME).open(path) {
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => std::fs::File::open(path),
        r => r,
    }
}

/// Opens an input and decides how it will be read.
pub fn open(input: &Input, opts: &OpenOptions) -> Result<Opened, InputError> {
    let Some(path) = &input.path else {
        let year = year_basis(opts.year, None);
        return Ok(Opened::Stream(StreamInput {
            label: input.label.clone(),
            source: StreamSource::Stdin,
            head: Vec::new(),
            year,
            forced_year: opts.year,
            hash: None,
        }));
    };
    let open_err = |e: io::Error| InputError::new(&input.label, None, InputErrorKind::Open(io_message(&e)));
    let file = open_readonly(path).map_err(open_err)?;
    let meta = file.metadata().map_err(open_err)?;
    if meta.is_dir() {
        return Err(open_err(io::Error::other("is a directory")));
    }
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    let year = year_basis(opts.year, mtime.map(|d| d.as_secs() as i64));
    let mut head = vec![0u8; SNIFF];
    let n = if meta.is_file() { file.read_at(&mut head, 0).unwrap_or(0) } else { 0 };
    head.truncate(n);
    let plain = Compression::sniff(&head) == Compression::None && Container::sniff(&head).is_none();
    if plain && meta.is_file() && meta.len() >= MMAP_MIN && !opts.no_mmap {
        // No guard slot free, or not mappable: it is streamed instead.
        if let Ok(Some(m)) = Mapping::new(file.try_clone().map_err(open_err)?) {
            return Ok(Opened::Mapped { mapping: Arc::new(m), year });
        }
    }
    Ok(Opened::Stream(StreamInput {
        label: input.label.clone(),
        source: StreamSource::File(file),
        head: if meta.is_file() { head } else { Vec::new() },
        year,
        forced_year: opts.year,
        hash: None,
    }))
}

/// Whether `input` is worth opening before its turn: standard input, or a
/// regular file holding compressed data or an archive (by its first
/// bytes). The scan opens such an input early, so that its reader
/// decompresses beside the workers instead of after the mapped files before
/// it. Anything else says no and is opened in its turn: a file that cannot
/// be opened (its error comes then), and FIFOs and devices, which are not
/// even opened here (opening a FIFO waits for its writer, and closing it
/// again could cut the writer off).
pub fn worth_opening_early(input: &Input) -> bool {
    let Some(path) = &input.path else { return true };
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = open_readonly(path) else { return false };
    let mut head = vec![0u8; SNIFF];
    let n = file.read_at(&mut head, 0).unwrap_or(0);
    let head = &head[..n];
    Compression::sniff(head) != Compression::None || Container::sniff(head).is_some()
}

fn year_basis(forced: Option<i64>, mtime: Option<i64>) -> YearRef {
    match (forced, mtime) {
        (Some(y), _) => YearRef::forced(y),
        (None, Some(t)) => YearRef::from_unix(t, YearBasis::FileMtime),
        (None, None) => YearRef::from_unix(now_unix(), YearBasis::Now),
    }
}

impl StreamInput {
    /// The input's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Hashes the input's stored bytes while it is read (`--hash`) and
    /// records the digest in `slot` once every member is done.
    pub fn hash_into(&mut self, slot: DigestSlot) {
        self.hash = Some(slot);
    }

    /// Reads the input member by member: decompresses it (by magic bytes)
    /// and unpacks tar/zip archives. `f` is called once per member (or per
    /// member that failed to open); it reads the member's bytes itself.
    pub fn each_member(self, f: &mut MemberFn<'_>) -> Result<(), InputError> {
        let StreamInput { label, source, head, year, forced_year, hash } = self;
        let read_err = |e: io::Error| InputError::new(&label, Some(0), InputErrorKind::Read(e.to_string()));
        // Zip needs random access: only for files, and only uncompressed.
        if let StreamSource::File(file) = &source {
            if Container::sniff(&head) == Some(Container::Zip) {
                let r = each_zip_member(file.try_clone().map_err(read_err)?, &label, forced_year, f);
                if let Some(slot) = &hash {
                    slot.table.set(slot.idx, hash_file(&label, file));
                }
                return r;
            }
        }
        let Some(slot) = hash else {
            let raw: Box<dyn Read> = match source {
                StreamSource::File(file) => Box::new(file),
                StreamSource::Stdin => Box::new(io::stdin().lock()),
            };
            return read_members(raw, &label, year, forced_year, f).0;
        };
        // Hashed: every byte read from the descriptor passes the tally;
        // what the decoder leaves unread is drained afterwards.
        let tally = Tally::default();
        // `sized`: a regular file, whose size is checked after hashing.
        let (raw, rest, sized): (Box<dyn Read>, Option<File>, Option<File>) = match source {
            StreamSource::File(file) => {
                let sized = file.try_clone().ok().filter(|f| f.metadata().is_ok_and(|m| m.is_file()));
                let rest = file.try_clone().ok();
                (Box::new(tally.reader(file)), rest, sized)
            }
            StreamSource::Stdin => (Box::new(tally.reader(io::stdin().lock())), None, None),
        };
        let (result, stopped) = read_members(raw, &label, year, forced_year, f);
        if stopped && sized.is_none() {
            // A pipe or FIFO may never end: not read on just for the hash.
            tally.incomplete("the scan stopped before the end of this stream; no digest");
        } else if let Some(rest) = rest {
            tally.drain(rest);
        } else {
            tally.drain(io::stdin().lock());
        }
        if let Some(file) = &sized {
            tally.check_size(file);
        }
        slot.table.set(slot.idx, tally.finish(&label));
        result
    }
}

/// Decompresses `raw` and hands its member(s) to `f`. Returns the result
/// and whether `f` asked to stop. `raw` is dropped before returning.
fn read_members(
    raw: Box<dyn Read + '_>,
    label: &str,
    year: YearRef,
    forced_year: Option<i64>,
    f: &mut MemberFn<'_>,
) -> (Result<(), InputError>, bool) {
    let mut stopped = false;
    let mut f = |m: Result<Member<'_>, InputError>| {
        let flow = f(m);
        stopped |= flow.is_break();
        flow
    };
    let result = each_stream_member(raw, label, year, forced_year, &mut f);
    (result, stopped)
}

/// Reads a stream (anything but a zip file) member by member: removes its
/// compression, then unpacks it when it is a tar. `year` is the reference
/// for year-less dates unless the gzip header has a better one.
pub fn each_stream_member(
    raw: Box<dyn Read + '_>,
    label: &str,
    year: YearRef,
    forced_year: Option<i64>,
    f: &mut MemberFn<'_>,
) -> Result<(), InputError> {
    let read_err = |e: io::Error| InputError::new(label, Some(0), InputErrorKind::Read(e.to_string()));
    let outer = Peeked::new(raw, SNIFF).map_err(read_err)?;
    let compression = Compression::sniff(outer.head());
    let year = match (compression, gzip_mtime(outer.head())) {
        (Compression::Gzip, Some(t)) if forced_year.is_none() => YearRef::from_unix(t, YearBasis::GzipMtime),
        _ => year,
    };
    let decoded = decoder(outer, compression)
        .map_err(|e| InputError::new(label, Some(0), InputErrorKind::Decode(compression, e.to_string())))?;
    let mut inner = Peeked::new(decoded, SNIFF)
        .map_err(|e| InputError::new(label, Some(0), InputErrorKind::Decode(compression, e.to_string())))?;
    match Container::sniff(inner.head()) {
        Some(Container::Tar) => each_tar_member(&mut inner, label, forced_year, f),
        Some(Container::Zip) => Err(InputError::new(
            label,
            None,
            InputErrorKind::Archive(
                "a zip archive inside a compressed stream or on stdin cannot be read; save it as a file"
                    .into(),
            ),
        )),
        None => {
            let _ = f(Ok(Member { label: label.to_string(), compression, year, reader: &mut inner }));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn input(path: &Path) -> Input {
        Input { path: Some(path.to_path_buf()), label: path.display().to_string(), explicit: true }
    }

    #[test]
    fn compressed_files_and_stdin_are_opened_early_plain_files_and_fifos_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("auth.log");
        std::fs::write(&plain, b"Mar  3 12:00:01 web1 sshd[1]: hello\n").unwrap();
        let gz = dir.path().join("auth.log.2");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"Mar  3 12:00:01 web1 sshd[1]: hello\n").unwrap();
        std::fs::write(&gz, e.finish().unwrap()).unwrap();
        assert!(!worth_opening_early(&input(&plain)));
        // By its bytes, not its name.
        assert!(worth_opening_early(&input(&gz)));
        assert!(worth_opening_early(&Input::stdin()));
        // Missing files and directories: their error or walk comes in turn.
        assert!(!worth_opening_early(&input(&dir.path().join("gone.log"))));
        assert!(!worth_opening_early(&input(dir.path())));
        // A FIFO waits for its turn, and telling so does not open it (which
        // would wait here for a writer that never comes).
        let fifo = dir.path().join("pipe");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        assert!(!worth_opening_early(&input(&fifo)));
    }
}
