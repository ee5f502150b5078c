//! Archives read member by member, never extracted to disk: tar (plain or
//! compressed: `.tar.gz`, `.tgz`, `.tar.zst`, ...) and zip.
//!
//! A member's name is only ever used as a label (`archive.tgz:var/log/x`);
//! nothing is written anywhere, so path-traversal names (`../../etc/passwd`)
//! are harmless. A compressed member (`var/log/auth.log.2.gz` inside a
//! `.tgz`) is decompressed too.

use std::io::{Read, Seek};

use super::decompress::{decoder, gzip_mtime, Peeked};
use super::open::{Member, MemberFn};
use super::{Compression, InputError, InputErrorKind};
use crate::format::time::{YearBasis, YearRef};

/// Bytes read ahead of each member to sniff its compression.
const SNIFF: usize = 512;

/// Calls `f` for every regular file in a tar stream, in archive order.
///
/// `forced_year` is `--year`. Errors in the archive structure (a truncated
/// or corrupt archive) end the walk and are returned; what was read before
/// is kept by the caller.
pub fn each_tar_member(
    reader: &mut dyn Read,
    archive_label: &str,
    forced_year: Option<i64>,
    f: &mut MemberFn<'_>,
) -> Result<(), InputError> {
    let err =
        |e: std::io::Error| InputError::new(archive_label, None, InputErrorKind::Archive(e.to_string()));
    let mut ar = tar::Archive::new(reader);
    for entry in ar.entries().map_err(err)? {
        let mut entry = entry.map_err(err)?;
        if !matches!(entry.header().entry_type(), tar::EntryType::Regular | tar::EntryType::Continuous) {
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let label = format!("{archive_label}:{name}");
        let mtime = entry.header().mtime().ok().map(|t| t as i64);
        let year = year_ref(forced_year, mtime, YearBasis::MemberMtime);
        if member(&mut entry, label, year, forced_year, f).is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// Calls `f` for every file in a zip archive, in central-directory order.
/// Zip needs random access: `file` is a `File`, or bytes in memory for the
/// fuzz target.
pub fn each_zip_member<R: Read + Seek>(
    file: R,
    archive_label: &str,
    forced_year: Option<i64>,
    f: &mut MemberFn<'_>,
) -> Result<(), InputError> {
    let err = |e: zip::result::ZipError| {
        InputError::new(archive_label, None, InputErrorKind::Archive(e.to_string()))
    };
    let mut zip = zip::ZipArchive::new(file).map_err(err)?;
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                // One unreadable member (unsupported method, bad header):
                // report it and go on with the others.
                let e = InputError::new(
                    format!("{archive_label}:#{i}"),
                    None,
                    InputErrorKind::Archive(e.to_string()),
                );
                if f(Err(e)).is_break() {
                    return Ok(());
                }
                continue;
            }
        };
        if !entry.is_file() {
            continue;
        }
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("#{i}"));
        let label = format!("{archive_label}:{name}");
        let mtime = entry.last_modified().and_then(zip_time_to_unix);
        let year = year_ref(forced_year, mtime, YearBasis::MemberMtime);
        if member(&mut entry, label, year, forced_year, f).is_break() {
            return Ok(());
        }
    }
    Ok(())
}

fn member(
    r: &mut dyn Read,
    label: String,
    year: YearRef,
    forced_year: Option<i64>,
    f: &mut MemberFn<'_>,
) -> std::ops::ControlFlow<()> {
    let peeked = match Peeked::new(r, SNIFF) {
        Ok(p) => p,
        Err(e) => {
            return f(Err(InputError::new(label, Some(0), InputErrorKind::Read(e.to_string()))));
        }
    };
    let compression = Compression::sniff(peeked.head());
    let year = match (compression, gzip_mtime(peeked.head())) {
        (Compression::Gzip, Some(t)) if forced_year.is_none() => YearRef::from_unix(t, YearBasis::GzipMtime),
        _ => year,
    };
    let mut reader = match decoder(peeked, compression) {
        Ok(r) => r,
        Err(e) => {
            return f(Err(InputError::new(
                label,
                Some(0),
                InputErrorKind::Decode(compression, e.to_string()),
            )));
        }
    };
    f(Ok(Member { label, compression, year, reader: &mut reader }))
}

fn year_ref(forced: Option<i64>, mtime: Option<i64>, basis: YearBasis) -> YearRef {
    match (forced, mtime) {
        (Some(y), _) => YearRef::forced(y),
        (None, Some(t)) if t > 0 => YearRef::from_unix(t, basis),
        _ => YearRef::from_unix(now_unix(), YearBasis::Now),
    }
}

/// Seconds since the epoch now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn zip_time_to_unix(t: zip::DateTime) -> Option<i64> {
    let days = crate::event::timestamp::days_from_civil(t.year() as i64, t.month() as u32, t.day() as u32);
    Some(days * 86_400 + t.hour() as i64 * 3600 + t.minute() as i64 * 60 + t.second() as i64)
}
