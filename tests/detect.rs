//! `logsift detect` on real-shaped files: formats, counts, time spans,
//! year inference.

use crate::util::{detect_rows, gzip, write};

#[test]
fn year_less_syslog_across_new_year_takes_the_year_from_the_file_mtime() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "auth.log",
        b"Dec 31 23:59:58 web1 sshd[1]: Accepted publickey for alice from 10.0.0.2 port 5000 ssh2\n\
          Jan  1 00:00:02 web1 sshd[2]: Accepted publickey for bob from 10.0.0.3 port 5001 ssh2\n",
    );
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_704_153_600); // 2024-01-02
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    let (r, rows) = detect_rows(&[&path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows[0]["format"], "syslog");
    assert_eq!(rows[0]["first"], "2023-12-31T23:59:58Z");
    assert_eq!(rows[0]["last"], "2024-01-01T00:00:02Z");
    assert_eq!(rows[0]["year_basis"], "file mtime 2024-01-02");
}

#[test]
fn gzip_header_mtime_beats_the_file_mtime() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = gzip(b"Mar  1 10:00:00 web1 CRON[5]: (root) CMD (true)\n");
    z[4..8].copy_from_slice(&1_709_337_605u32.to_le_bytes()); // 2024-03-02T00:00:05Z
    let path = write(dir.path(), "auth.log.2.gz", &z);
    let (_, rows) = detect_rows(&[&path]);
    assert_eq!(rows[0]["first"], "2024-03-01T10:00:00Z");
    assert_eq!(rows[0]["year_basis"], "gzip mtime 2024-03-02");
    assert_eq!(rows[0]["compression"], "gzip");
    let (_, rows) = detect_rows(&["--year", "2019", &path]);
    assert_eq!(rows[0]["first"], "2019-03-01T10:00:00Z");
    assert_eq!(rows[0]["year_basis"], serde_json::Value::Null, "a forced year is not inferred");
}

#[test]
fn zone_less_timestamps_are_read_in_tz() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.log", b"2024-07-01 12:00:00,000 INFO [main] started\n");
    let (_, rows) = detect_rows(&["--tz", "Europe/Berlin", &path]);
    assert_eq!(rows[0]["first"], "2024-07-01T10:00:00.000Z");
    assert_eq!(rows[0]["tz"], "Europe/Berlin");
}
