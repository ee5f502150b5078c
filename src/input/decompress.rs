//! Decompression by magic bytes: gzip (multi-member, as pigz, bgzip and
//! logrotate write), zstd, bzip2 and xz, all streamed with bounded memory.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::Compression;

/// A reader whose first bytes were read ahead to sniff the data, and are
/// then given back before the rest.
pub struct Peeked<R> {
    head: Vec<u8>,
    pos: usize,
    inner: R,
}

impl<R: Read> Peeked<R> {
    /// Reads up to `n` bytes ahead (fewer at end of input).
    pub fn new(mut inner: R, n: usize) -> io::Result<Peeked<R>> {
        let mut head = vec![0u8; n];
        let mut got = 0;
        while got < n {
            match inner.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        head.truncate(got);
        Ok(Peeked { head, pos: 0, inner })
    }

    /// The bytes read ahead.
    pub fn head(&self) -> &[u8] {
        &self.head
    }
}

impl<R: Read> Read for Peeked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            if self.pos == self.head.len() {
                self.head = Vec::new();
                self.pos = 0;
            }
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Wraps `r` in the decoder for `c` (`None` passes the bytes through).
pub fn decoder<'a, R: Read + 'a>(r: R, c: Compression) -> io::Result<Box<dyn Read + 'a>> {
    Ok(match c {
        Compression::None => Box::new(r),
        Compression::Gzip => Box::new(MultiGzDecoder::new(io::BufReader::with_capacity(256 * 1024, r))),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(r)),
        Compression::Xz => {
            Box::new(SmallReads(lzma_rust2::XzReader::new(io::BufReader::with_capacity(256 * 1024, r), true)))
        }
    })
}

/// Caps each read at 64 KiB. The xz decoder fills the whole buffer it is
/// given, across LZMA2 chunks, and on a truncated stream returns the error
/// instead of the bytes it had already decoded in that call: with the
/// scanner's 4 MiB reads that lost up to 4 MiB before the damage.
struct SmallReads<R>(R);

impl<R: Read> Read for SmallReads<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(64 * 1024);
        self.0.read(&mut buf[..n])
    }
}

/// The modification time stored in a gzip header (seconds since the
/// epoch), when the writer recorded one. It is the original file's mtime,
/// the best evidence for the year of year-less syslog lines inside.
pub fn gzip_mtime(head: &[u8]) -> Option<i64> {
    if head.len() < 8 || !head.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let t = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    (t != 0).then_some(t as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        let p = Peeked::new(io::Cursor::new(bytes), 512)?;
        let c = Compression::sniff(p.head());
        let mut out = Vec::new();
        decoder(p, c)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn multi_member_gzip_reads_every_member() {
        let mut both = gz(b"first\n");
        both.extend(gz(b"second\n"));
        assert_eq!(read_all(both).unwrap(), b"first\nsecond\n");
    }

    #[test]
    fn every_codec_round_trips() {
        let data = b"Mar  3 12:00:01 web1 sshd[1]: hello\n".repeat(100);
        let z = zstd::encode_all(&data[..], 3).unwrap();
        assert_eq!(read_all(z).unwrap(), data);
        let mut b = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        b.write_all(&data).unwrap();
        assert_eq!(read_all(b.finish().unwrap()).unwrap(), data);
        let mut x = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
        x.write_all(&data).unwrap();
        assert_eq!(read_all(x.finish().unwrap()).unwrap(), data);
        assert_eq!(read_all(data.clone()).unwrap(), data);
    }

    #[test]
    fn truncated_gzip_is_an_error_after_the_good_part() {
        let data = b"0123456789 some log line\n".repeat(10_000);
        let mut z = gz(&data);
        z.truncate(z.len() / 2);
        let p = Peeked::new(io::Cursor::new(z), 512).unwrap();
        let mut r = decoder(p, Compression::Gzip).unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        let err = loop {
            match r.read(&mut buf) {
                Ok(0) => break None,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break Some(e),
            }
        };
        assert!(err.is_some(), "a truncated stream must be reported");
        assert!(!out.is_empty() && data.starts_with(&out));
    }

    #[test]
    fn gzip_header_mtime() {
        let mut z = gz(b"x");
        z[4..8].copy_from_slice(&1_709_467_201u32.to_le_bytes());
        assert_eq!(gzip_mtime(&z), Some(1_709_467_201));
        assert_eq!(gzip_mtime(b"plain"), None);
    }
}
