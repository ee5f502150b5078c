//! Writing one redacted copy: compressed as the original was (gzip in →
//! gzip out, keeping the header's modification time; zstd and bzip2 too),
//! then given the original file's modification time, so year inference
//! for year-less syslog gives the copy the same dates as the original.

use std::fs::{File, FileTimes};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use flate2::{Compression as GzLevel, GzBuilder};

use crate::input::Compression;

enum Enc {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
    Bzip2(bzip2::write::BzEncoder<BufWriter<File>>),
}

/// A copy being written.
pub struct Copy {
    enc: Enc,
    path: PathBuf,
    mtime: Option<SystemTime>,
    /// Bytes of (uncompressed) data written.
    pub bytes: u64,
}

impl Copy {
    /// Creates `path` (and its directories), compressing as `compression`
    /// (xz is written plain). `gzip_mtime` goes in the gzip header, `mtime`
    /// on the file once it is finished.
    pub fn create(
        path: &Path,
        compression: Compression,
        gzip_mtime: Option<u32>,
        mtime: Option<SystemTime>,
    ) -> io::Result<Copy> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let enc = match compression {
            Compression::Gzip => {
                Enc::Gzip(GzBuilder::new().mtime(gzip_mtime.unwrap_or(0)).write(file, GzLevel::new(6)))
            }
            Compression::Zstd => Enc::Zstd(zstd::stream::write::Encoder::new(file, 3)?),
            Compression::Bzip2 => {
                Enc::Bzip2(bzip2::write::BzEncoder::new(file, bzip2::Compression::default()))
            }
            Compression::None | Compression::Xz => Enc::Plain(file),
        };
        Ok(Copy { enc, path: path.to_path_buf(), mtime, bytes: 0 })
    }

    /// Appends data.
    pub fn write(&mut self, data: &[u8]) -> io::Result<()> {
        self.bytes += data.len() as u64;
        match &mut self.enc {
            Enc::Plain(w) => w.write_all(data),
            Enc::Gzip(w) => w.write_all(data),
            Enc::Zstd(w) => w.write_all(data),
            Enc::Bzip2(w) => w.write_all(data),
        }
    }

    /// Finishes the compressed stream, flushes, and sets the modification time.
    pub fn finish(self) -> io::Result<PathBuf> {
        let file = match self.enc {
            Enc::Plain(w) => w.into_inner().map_err(|e| e.into_error())?,
            Enc::Gzip(w) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
            Enc::Zstd(w) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
            Enc::Bzip2(w) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
        };
        if let Some(t) = self.mtime {
            file.set_times(FileTimes::new().set_modified(t))?;
        }
        Ok(self.path)
    }
}

/// The modification time of an input file and, for a gzip file, the time
/// in its header (read-only, through `open_readonly`).
pub fn original_times(path: &Path) -> (Option<SystemTime>, Option<u32>) {
    use std::os::unix::fs::FileExt;
    let Ok(file) = crate::input::open::open_readonly(path) else { return (None, None) };
    let mtime = file.metadata().and_then(|m| m.modified()).ok();
    let mut head = [0u8; 10];
    let n = file.read_at(&mut head, 0).unwrap_or(0);
    let gz = crate::input::decompress::gzip_mtime(&head[..n]).map(|t| t as u32);
    (mtime, gz)
}

/// Seconds since the epoch as a `SystemTime`.
pub fn from_unix(secs: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzip_copies_keep_header_and_file_times() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/auth.log.2.gz");
        let t = from_unix(1_709_424_000);
        let mut c = Copy::create(&p, Compression::Gzip, Some(1_709_424_000), Some(t)).unwrap();
        c.write(b"line 1\n").unwrap();
        c.write(b"line 2\n").unwrap();
        assert_eq!(c.bytes, 14);
        c.finish().unwrap();
        let (mtime, gz) = original_times(&p);
        assert_eq!((mtime, gz), (Some(t), Some(1_709_424_000)));
        let mut s = String::new();
        flate2::read::GzDecoder::new(File::open(&p).unwrap()).read_to_string(&mut s).unwrap();
        assert_eq!(s, "line 1\nline 2\n");
        for comp in [Compression::Zstd, Compression::Bzip2, Compression::None] {
            let p = dir.path().join(format!("x.{comp}"));
            let mut c = Copy::create(&p, comp, None, None).unwrap();
            c.write(b"abc\n").unwrap();
            c.finish().unwrap();
            let raw = std::fs::read(&p).unwrap();
            assert_eq!(Compression::sniff(&raw), comp);
        }
    }
}
