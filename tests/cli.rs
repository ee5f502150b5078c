//! Help, version, and argument errors.

use crate::util::run;

#[test]
fn help_lists_the_commands() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("detect"), "{}", r.stdout);
    assert!(r.stdout.contains("formats"));
}

#[test]
fn detect_help_teaches_the_input_options() {
    let r = run(&["detect", "--help"]);
    assert_eq!(r.code, 0);
    for opt in ["--format", "--tz", "--year", "--json", "--color", "--source", "--no-mmap", "--max-line"] {
        assert!(r.stdout.contains(opt), "missing {opt} in detect --help");
    }
}

#[test]
fn unknown_format_is_an_error_naming_the_known_ones() {
    let r = run(&["detect", "--format", "klingon", "Cargo.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown format 'klingon'"), "{}", r.stderr);
    assert!(r.stderr.contains("syslog"), "{}", r.stderr);
}

#[test]
fn bad_time_zone_is_an_error() {
    let r = run(&["detect", "--tz", "Mars/Olympus", "Cargo.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown time zone"), "{}", r.stderr);
}

#[test]
fn formats_lists_every_format_with_an_example() {
    let r = run(&["formats", "--json"]);
    assert_eq!(r.code, 0);
    let rows = r.json();
    let names: Vec<&str> = rows.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["json", "syslog5424", "access", "syslog", "apache-error", "leveltext", "logfmt"]);
    for v in &rows {
        assert!(!v["example"].as_str().unwrap().is_empty(), "{v}");
    }
}
