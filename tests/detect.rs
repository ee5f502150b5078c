//! `logsift detect` on real-shaped files: formats, counts, time spans,
//! year inference.

use crate::util::{detect_rows, fixture, gzip, write};

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

/// One expected `detect` row for a file of `fixtures/incident` (facts from
/// fixtures/README.md).
struct Expect {
    file: &'static str,
    format: &'static str,
    lines: u64,
    events: u64,
    first: &'static str,
    last: &'static str,
    compression: &'static str,
}

const INCIDENT: &[Expect] = &[
    Expect {
        file: "app/gateway.log",
        format: "leveltext",
        lines: 414,
        events: 403,
        first: "2024-03-03T09:00:01.711Z",
        last: "2024-03-03T10:59:46.799Z",
        compression: "none",
    },
    Expect {
        file: "app/orders.jsonl",
        format: "json",
        lines: 398,
        events: 398,
        first: "2024-03-03T09:00:01.680Z",
        last: "2024-03-03T10:59:46.798Z",
        compression: "none",
    },
    Expect {
        file: "app/payments.log",
        format: "logfmt",
        lines: 227,
        events: 227,
        first: "2024-03-03T09:00:30.683Z",
        last: "2024-03-03T10:59:46.785Z",
        compression: "none",
    },
    Expect {
        file: "db1/postgresql.log",
        format: "syslog5424",
        lines: 82,
        events: 82,
        first: "2024-03-03T09:00:01.000Z",
        last: "2024-03-03T11:00:32.698Z",
        compression: "none",
    },
    Expect {
        file: "web1/auth.log.2.gz",
        format: "syslog",
        lines: 220,
        events: 220,
        first: "2024-03-01T00:17:01Z",
        last: "2024-03-02T11:17:04Z",
        compression: "gzip",
    },
    Expect {
        file: "web1/auth.log.1",
        format: "syslog",
        lines: 108,
        events: 108,
        first: "2024-03-02T12:17:01.767055Z",
        last: "2024-03-03T05:36:02.300000Z",
        compression: "none",
    },
    Expect {
        file: "web1/auth.log",
        format: "syslog",
        lines: 250,
        events: 250,
        first: "2024-03-03T06:17:01.751533Z",
        last: "2024-03-03T23:17:04.596202Z",
        compression: "none",
    },
    Expect {
        file: "web1/nginx/access.log.1",
        format: "access",
        lines: 295,
        events: 295,
        first: "2024-03-03T09:00:01Z",
        last: "2024-03-03T09:59:45Z",
        compression: "none",
    },
    Expect {
        file: "web1/nginx/access.log",
        format: "access",
        lines: 327,
        events: 327,
        first: "2024-03-03T10:00:06Z",
        last: "2024-03-03T10:59:55Z",
        compression: "none",
    },
];

#[test]
fn incident_fixture_every_source_is_detected_parsed_and_spanned() {
    let dir = fixture("incident");
    let (r, rows) = detect_rows(&[&dir]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "", "no source should be reported");
    let labels: Vec<&str> = rows.iter().map(|row| row["source"].as_str().unwrap()).collect();
    assert_eq!(rows.len(), INCIDENT.len(), "sources: {labels:?}");
    for (row, want) in rows.iter().zip(INCIDENT) {
        let label = row["source"].as_str().unwrap();
        assert!(label.ends_with(&format!("incident/{}", want.file)), "order: {label} vs {}", want.file);
        assert_eq!(row["format"], want.format, "{label}");
        assert_eq!(row["lines"], want.lines, "{label}");
        assert_eq!(row["events"], want.events, "{label}");
        assert_eq!(row["parsed"], want.lines, "{label}: every line of the incident parses");
        assert!(row["parsed_pct"].as_f64().unwrap() >= 99.0, "{label}: {}", row["parsed_pct"]);
        assert_eq!(row["first"], want.first, "{label}");
        assert_eq!(row["last"], want.last, "{label}");
        assert_eq!(row["compression"], want.compression, "{label}");
        let basis =
            if want.compression == "gzip" { "gzip mtime 2024-03-03".into() } else { serde_json::Value::Null };
        assert_eq!(row["year_basis"], basis, "{label}: only the year-less gzip infers its year");
    }
}

#[test]
fn incident_fixture_plus_one_hour_offsets_are_converted_to_utc() {
    let path = fixture("incident/db1/postgresql.log");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("<134>1 2024-03-03T10:00:01.000+01:00 db1 postgres "), "{}", &text[..80]);
    assert!(text.trim_end().lines().last().unwrap().contains(" 2024-03-03T12:00:32.698+01:00 db1 "));
    let (r, rows) = detect_rows(&[&path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows[0]["first"], "2024-03-03T09:00:01.000Z");
    assert_eq!(rows[0]["last"], "2024-03-03T11:00:32.698Z");
}

#[test]
fn incident_fixture_gz_year_follows_the_gzip_header_not_the_clone_mtime() {
    let path = fixture("incident/web1/auth.log.2.gz");
    let z = std::fs::read(&path).unwrap();
    assert_eq!(&z[..2], b"\x1f\x8b");
    assert_eq!(u32::from_le_bytes(z[4..8].try_into().unwrap()), 1_709_424_000, "2024-03-03T00:00:00Z");
    // a --year override beats the header (and is not reported as inferred)
    let (_, rows) = detect_rows(&["--year", "2023", &path]);
    assert_eq!(rows[0]["first"], "2023-03-01T00:17:01Z");
    assert_eq!(rows[0]["year_basis"], serde_json::Value::Null);
}

#[test]
fn every_formats_fixture_is_detected_as_its_format() {
    // (file, lines, events): continuation lines (stack traces, tracebacks) fold into records.
    let cases = [
        ("json", 21, 21),
        ("syslog5424", 16, 16),
        ("access", 18, 18),
        ("syslog", 21, 21),
        ("apache-error", 19, 19),
        ("leveltext", 27, 15),
        ("logfmt", 16, 16),
    ];
    for (name, lines, events) in cases {
        let path = fixture(&format!("formats/{name}.log"));
        let (r, rows) = detect_rows(&["--year", "2024", &path]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let row = &rows[0];
        assert_eq!(row["format"], name, "{name}");
        assert_eq!(row["lines"], lines, "{name}");
        assert_eq!(row["events"], events, "{name}");
        assert!(row["parsed_pct"].as_f64().unwrap() >= 95.0, "{name}: {}", row["parsed_pct"]);
    }
}
