//! Bad input (issue 2's list; issue 9 extends it): every case ends without
//! a panic, with a message naming the file on stderr, the other inputs still
//! read, and exit code 2 when something could not be read.

use crate::util::{detect_rows, gzip, run, write};

fn row<'a>(rows: &'a [serde_json::Value], suffix: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["source"].as_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("no row for {suffix} in {rows:?}"))
}

fn syslog_lines(n: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        v.extend_from_slice(
            format!("Mar  3 12:{:02}:{:02} web1 sshd[{}]: Failed password for root from 203.0.113.5 port {} ssh2\n", i / 60 % 60, i % 60, 1000 + i, 40000 + i)
                .as_bytes(),
        );
    }
    v
}

#[test]
fn truncated_gzip_keeps_the_events_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let data = syslog_lines(20_000);
    let mut z = gzip(&data);
    z.truncate(z.len() * 2 / 3);
    let bad = write(dir.path(), "auth.log.2.gz", &z);
    let good = write(dir.path(), "auth.log", &syslog_lines(10));
    let (r, rows) = detect_rows(&[&bad, &good]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(
        r.stderr.contains("auth.log.2.gz") && r.stderr.contains("corrupt or truncated gzip"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("at byte"), "the offset is named: {}", r.stderr);
    let lines = row(&rows, "auth.log.2.gz")["lines"].as_u64().unwrap();
    assert!(lines > 1000 && lines < 20_000, "events before the damage are kept: {lines}");
    assert_eq!(row(&rows, "/auth.log")["lines"], 10, "the other input is read");
}

#[test]
fn binary_and_invalid_utf8_and_empty_files_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut junk = Vec::new();
    for i in 0..100_000u32 {
        junk.extend_from_slice(&i.wrapping_mul(2_654_435_761).to_le_bytes());
    }
    let bin = write(dir.path(), "core.bin", &junk);
    let bad_utf8 = write(dir.path(), "bad.log", b"ok line\n\xff\xfe broken \xc3\x28 bytes\nlast\n");
    let empty = write(dir.path(), "empty.log", b"");
    let newlines = write(dir.path(), "newlines.log", &b"\n".repeat(1000));
    let (r, rows) = detect_rows(&[&bin, &bad_utf8, &empty, &newlines]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(row(&rows, "bad.log")["lines"], 3);
    assert_eq!(row(&rows, "bad.log")["events"], 3);
    assert_eq!(row(&rows, "empty.log")["lines"], 0);
    assert_eq!(row(&rows, "newlines.log")["lines"], 1000);
    assert_eq!(row(&rows, "newlines.log")["events"], 0);
    assert!(row(&rows, "core.bin")["lines"].as_u64().is_some());
}

#[test]
fn a_100_mb_line_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"first line\n".to_vec();
    data.extend(std::iter::repeat_n(b'x', 100 << 20));
    data.extend_from_slice(b"\nlast line\n");
    let path = write(dir.path(), "huge.log", &data);
    let (r, rows) = detect_rows(&[&path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows[0]["lines"], 3);
    assert_eq!(rows[0]["events"], 3);
    // The same through a stream (gzip), with a small --max-line: cut, warned.
    let gz = write(dir.path(), "huge.log.gz", &gzip(&data));
    let (r, rows) = detect_rows(&["--max-line", "1000000", &gz]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("huge.log.gz") && r.stderr.contains("longer than 1000000"), "{}", r.stderr);
    assert_eq!(rows[0]["lines"], 3, "the cut line still counts once");
}

#[test]
fn missing_and_unreadable_files_are_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.log", &syslog_lines(5));
    let locked = write(dir.path(), "locked.log", &syslog_lines(5));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = std::fs::File::open(&locked).is_ok();
    let missing = dir.path().join("nope.log").to_string_lossy().into_owned();
    let (r, rows) = detect_rows(&[&missing, &locked, &good]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.log"), "{}", r.stderr);
    assert_eq!(row(&rows, "good.log")["lines"], 5);
    if !root_can_read {
        assert!(r.stderr.contains("locked.log"), "{}", r.stderr);
    }
}

#[test]
fn a_file_named_twice_with_errors_still_exits_2_in_text_mode() {
    let r = run(&["detect", "/definitely/not/here.log"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/definitely/not/here.log"));
}

#[test]
fn the_committed_hostile_fixtures_are_read_reported_or_skipped_never_fatal() {
    let dir = crate::util::fixture("hostile");
    let (r, rows) = detect_rows(&["--year", "2024", &dir]);
    assert_eq!(r.code, 2, "the truncated gzip is an error: {}", r.stderr);
    assert!(
        r.stderr.contains("truncated.log.gz: at byte ") && r.stderr.contains("corrupt or truncated gzip"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("skipped binary file") && r.stderr.contains("nul-bytes.log"), "{}", r.stderr);
    let gz = row(&rows, "truncated.log.gz");
    let kept = gz["lines"].as_u64().unwrap();
    assert!(kept > 500 && kept < 2000, "the lines before the cut are kept: {kept}");
    assert_eq!(gz["first"], "2024-03-03T12:00:00Z");
    assert_eq!(row(&rows, "crlf.log")["lines"], 6, "CRLF ends, a bare CR and no final newline");
    assert_eq!(row(&rows, "crlf.log")["last"], "2024-03-03T12:00:05Z", "the unterminated last line counts");
    assert_eq!(row(&rows, "invalid-utf8.log")["events"], 5);
    assert_eq!(
        row(&rows, "invalid-utf8.log")["parsed_pct"],
        100.0,
        "lossy decoding keeps every line parseable"
    );
    assert_eq!(row(&rows, "escapes.log")["events"], 6);
    assert_eq!(row(&rows, "empty.log")["lines"], 0);
}

#[test]
fn a_log_with_nul_bytes_named_explicitly_is_read() {
    let (r, rows) = detect_rows(&["--year", "2024", &crate::util::fixture("hostile/nul-bytes.log")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows[0]["format"], "syslog");
    assert_eq!(rows[0]["lines"], 4);
    assert_eq!(rows[0]["last"], "2024-03-03T12:00:02Z", "the line after the NUL run is still read");
}

#[test]
fn a_file_that_even_root_cannot_read_is_one_message_and_the_rest_goes_on() {
    // `chmod 000` does not stop root (the tests may run as root), but
    // reading /proc/self/mem at offset 0 fails for everyone (EIO): a real
    // read error on an opened file, for every command that reads inputs.
    let good = crate::util::fixture("formats/syslog.log");
    for cmd in [&["detect"][..], &["filter", "-e", "sshd"], &["stats"], &["timeline"]] {
        let mut args = cmd.to_vec();
        args.extend(["--year", "2024", "/proc/self/mem", &good]);
        let r = run(&args);
        assert_eq!(r.code, 2, "{cmd:?}: {}", r.stderr);
        let msgs: Vec<&str> = r.stderr.lines().filter(|l| l.contains("/proc/self/mem")).collect();
        assert_eq!(msgs.len(), 1, "{cmd:?}: {}", r.stderr);
        assert!(msgs[0].contains("at byte 0") && msgs[0].contains("cannot read"), "{}", msgs[0]);
        assert!(
            r.stdout.contains("syslog") || r.stdout.contains("sshd"),
            "{cmd:?}: the other input: {}",
            r.stdout
        );
    }
}

#[test]
fn files_of_only_newlines_or_only_crlf_are_lines_without_events() {
    let dir = tempfile::tempdir().unwrap();
    let nl = write(dir.path(), "nl.log", &b"\n".repeat(100_000));
    let crlf = write(dir.path(), "crlf.log", &b"\r\n".repeat(1000));
    let cr = write(dir.path(), "cr.log", &b"\r".repeat(1000));
    for extra in [None, Some("--no-mmap")] {
        let mut args = vec!["--year", "2024", "--chunk-size", "4096"];
        args.extend(extra);
        args.extend([nl.as_str(), crlf.as_str(), cr.as_str()]);
        let (r, rows) = detect_rows(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for (name, lines) in [("nl.log", 100_000), ("crlf.log", 1000), ("cr.log", 1000)] {
            let row = row(&rows, name);
            assert_eq!(row["lines"], lines, "{name} {extra:?}: {row}");
            assert_eq!(row["events"], 0, "{name}: blank lines are not events: {row}");
            assert_eq!(row["format"], "raw", "{row}");
        }
    }
}
