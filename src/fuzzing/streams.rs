//! The decompression readers (gzip, zstd, bzip2, xz, chosen by magic
//! bytes) and the tar and zip readers, on damaged and hostile streams.

use std::io::{self, Read};
use std::ops::ControlFlow;

use crate::format::time::YearRef;
use crate::input::archive::{each_tar_member, each_zip_member};
use crate::input::open::{each_stream_member, Member};
use crate::input::{Compression, Container, InputError};

/// Decompressed bytes read per member, at most: enough to go deep into any
/// stream the fuzzer builds, and bombs still end quickly.
const MEMBER_CAP: u64 = 16 << 20;

/// Reads a member to its end (or the cap); returns the bytes kept (the
/// first 4 KiB) and the read error, if any.
fn drain(m: Member<'_>) -> (Vec<u8>, Option<io::Error>) {
    let mut head = Vec::new();
    let mut r = m.reader.take(MEMBER_CAP);
    if let Err(e) = r.by_ref().take(4096).read_to_end(&mut head) {
        return (head, Some(e));
    }
    (head, io::copy(&mut r, &mut io::sink()).err())
}

/// A stream read as the scanner reads a streamed input: decompressed by
/// its magic bytes, unpacked when it is a tar. Data without magic bytes is
/// one member with exactly those bytes; a failure is an error value, never
/// a panic.
pub fn decompress(data: &[u8]) {
    let mut members = Vec::new();
    let result = each_stream_member(Box::new(data), "in", YearRef::forced(2024), None, &mut |m| {
        members.push(member(m));
        ControlFlow::Continue(())
    });
    let plain = Compression::sniff(data) == Compression::None && Container::sniff(data).is_none();
    if plain {
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(members.len(), 1);
        let (label, head, err) = &members[0];
        assert!(label == "in" && err.is_none());
        assert_eq!(head.as_slice(), &data[..data.len().min(4096)], "plain data passes through");
    }
    for (label, _, _) in &members {
        assert!(label == "in" || label.starts_with("in:"), "{label}");
    }
}

/// A tar archive walked member by member (each member decompressed too).
/// Absurd sizes and path-traversal names are only labels; a corrupt
/// archive is an error value.
pub fn tar(data: &[u8]) {
    let mut r = data;
    let mut n = 0;
    let result = each_tar_member(&mut r, "a.tar", Some(2024), &mut |m| {
        let (label, _, _) = member(m);
        assert!(label.starts_with("a.tar:"), "{label}");
        n += 1;
        ControlFlow::Continue(())
    });
    if let Err(e) = result {
        assert_eq!(e.label, "a.tar");
    }
}

/// A zip archive (read with random access, as zip files are) walked
/// member by member, each decompressed by its magic bytes too: lying
/// sizes, bad offsets, unsupported methods and traversal names are errors
/// or labels, never a panic; a bad member does not stop the walk.
pub fn zip(data: &[u8]) {
    let mut n = 0usize;
    let result = each_zip_member(io::Cursor::new(data), "a.zip", Some(2024), &mut |m| {
        let (label, _, _) = member(m);
        assert!(label.starts_with("a.zip:"), "{label}");
        n += 1;
        ControlFlow::Continue(())
    });
    match result {
        Ok(()) => {}
        Err(e) => assert!(e.label == "a.zip" && n == 0, "{e}"),
    }
}

fn member(m: Result<Member<'_>, InputError>) -> (String, Vec<u8>, Option<io::Error>) {
    match m {
        Ok(m) => {
            let label = m.label.clone();
            let (head, err) = drain(m);
            (label, head, err)
        }
        Err(e) => (e.label, Vec::new(), None),
    }
}
