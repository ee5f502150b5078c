//! Every input the fuzz targets (`fuzz/`) found a crash with, replayed
//! through the same checks (`logsift::fuzzing`), plus the command-line
//! path each bug was reachable from, run on the built binary.
//!
//! Crash inputs live in `fixtures/fuzz/<target>/`; every file there is
//! replayed by [`every_saved_crash_input_passes_its_target`], so a new one
//! only needs to be copied in.

use logsift::format::FormatId;

use crate::util::{fixture, run};

/// Runs one target's check on `data` (the names are the fuzz targets').
fn replay(target: &str, data: &[u8]) {
    use logsift::fuzzing as f;
    match target {
        "parse_json" => f::parse(FormatId::Json, data),
        "parse_syslog5424" => f::parse(FormatId::Syslog5424, data),
        "parse_access" => f::parse(FormatId::Access, data),
        "parse_syslog3164" => f::parse(FormatId::Syslog, data),
        "parse_apache_error" => f::parse(FormatId::ApacheError, data),
        "parse_leveltext" => f::parse(FormatId::LevelText, data),
        "parse_logfmt" => f::parse(FormatId::Logfmt, data),
        "detect" => f::detect(data),
        "keys" => f::keys(data),
        "timestamps" => f::timestamps(data),
        "split" => f::split(data),
        "folded" => f::folded(data),
        "decompress" => f::decompress(data),
        "tar" => f::tar(data),
        "zip" => f::zip(data),
        "query" => f::query(data),
        "redact" => f::redact(data),
        other => panic!("fixtures/fuzz/{other}: no such fuzz target"),
    }
}

#[test]
fn every_saved_crash_input_passes_its_target() {
    let dir = std::path::PathBuf::from(fixture("fuzz"));
    let mut n = 0;
    for target in std::fs::read_dir(&dir).expect("fixtures/fuzz") {
        let target = target.unwrap().path();
        if !target.is_dir() {
            continue;
        }
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let data = std::fs::read(&input).unwrap();
            let r = std::panic::catch_unwind(|| replay(&name, &data));
            assert!(r.is_ok(), "{} fails its fuzz target again", input.display());
            n += 1;
        }
    }
    assert!(n > 0, "no saved crash inputs found under {}", dir.display());
}

#[test]
fn a_time_with_a_multibyte_character_at_byte_16_is_an_error_not_a_panic() {
    // query: `--since` padded HH:MM by slicing the text at byte 16.
    let since = format!("{}ut=500", "\u{fffd}".repeat(16));
    replay("query", since.as_bytes());
    replay("query", "2024-03-03 10:1é".as_bytes());
    let r = run(&["filter", "--since", "2024-03-03 10:1é", &fixture("formats/json.log")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a time"), "{}", r.stderr);
}

#[test]
fn an_offset_that_carries_a_time_out_of_the_i64_range_gives_no_timestamp() {
    // timestamps: `local - offset` overflowed for 2262 with a negative
    // offset and 1677 with a positive one (a wrapped instant in release).
    replay("timestamps", b"2262-04-11T23:47:16-23:59");
    replay("timestamps", b"1677-09-21T00:12:44+23:59");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("edge.log");
    std::fs::write(&log, "2262-04-11T23:47:16-23:59 ERROR late\n2024-03-03T12:00:00Z INFO fine\n").unwrap();
    let r = run(&["filter", "--json", "--format", "leveltext", log.to_str().unwrap()]);
    let events = r.json();
    assert_eq!(events.len(), 2, "{}", r.stdout);
    assert_eq!(events[0]["ts"], serde_json::Value::Null, "no wrapped instant: {}", r.stdout);
    assert_eq!(events[1]["ts"], "2024-03-03T12:00:00Z");
}

#[test]
fn a_now_at_the_end_of_the_time_range_is_an_error_or_a_time_never_a_panic() {
    // query: `--now @1.7e19` was clamped to i64::MAX, then `today` added
    // the zone's offset to it and overflowed; `@nan` was silently 0.
    replay("query", b"@17060777777777772940");
    replay("query", b"2262-04-11T23:47:16Z\0today");
    let log = fixture("formats/json.log");
    for now in ["@17060777777777772940", "@nan", "@inf"] {
        let r = run(&["filter", "--now", now, "--since", "today", &log]);
        assert_eq!(r.code, 2, "{now}: {}", r.stderr);
        assert!(r.stderr.contains("epoch seconds"), "{now}: {}", r.stderr);
    }
    let r =
        run(&["filter", "--tz", "Europe/Berlin", "--now", "2262-04-11T23:47:16Z", "--since", "today", &log]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

#[test]
fn the_zip_target_reads_real_archives_and_every_truncation_of_one() {
    // The zip target (added in session 12) on what it must accept: stored
    // and deflated members, a gzip member, a traversal name; then every
    // prefix and a few flipped bytes, as a damaged copy would be.
    let line = b"Mar  3 12:00:00 web1 sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("var/log/auth.log", stored).unwrap();
    std::io::Write::write_all(&mut zip, &line.repeat(20)).unwrap();
    zip.start_file("../../etc/passwd", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, &line.repeat(50)).unwrap();
    zip.start_file("var/log/auth.log.2.gz", stored).unwrap();
    std::io::Write::write_all(&mut zip, &crate::util::gzip(&line.repeat(30))).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    replay("zip", &bytes);
    for n in 0..bytes.len() {
        replay("zip", &bytes[..n]);
    }
    for i in (0..bytes.len()).step_by(7) {
        let mut b = bytes.clone();
        b[i] ^= 0xff;
        replay("zip", &b);
    }
}
