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

/// The committed completion scripts are what `logsift generate` prints
/// now. After changing an option: `bash completions/update.sh`.
#[test]
fn committed_completions_are_fresh() {
    for (shell, file) in [
        ("bash", "logsift.bash"),
        ("zsh", "_logsift"),
        ("fish", "logsift.fish"),
        ("powershell", "_logsift.ps1"),
        ("elvish", "logsift.elv"),
    ] {
        let r = run(&["generate", shell]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let committed = std::fs::read_to_string(crate::util::root().join("completions").join(file)).unwrap();
        assert!(
            r.stdout == committed,
            "completions/{file} is stale: run `bash completions/update.sh` and commit the result"
        );
        for cmd in ["check", "redact", "filter", "detect"] {
            assert!(r.stdout.contains(cmd), "{shell}: {cmd} missing");
        }
    }
    let alias = run(&["completions", "fish"]);
    assert_eq!(alias.code, 0);
}

#[test]
fn man_page_has_every_command_with_its_examples() {
    let r = run(&["generate", "man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie") && r.stdout.contains(".TH logsift 1"), "{}", &r.stdout[..200]);
    for cmd in ["FORMATS", "DETECT", "FILTER", "CHECK", "REDACT", "GENERATE"] {
        assert!(r.stdout.contains(&format!(".SH \"LOGSIFT {cmd}\"")), "no {cmd} section");
    }
    assert!(
        r.stdout.contains("logsift check \\-\\-max\\-level warn")
            || r.stdout.contains("logsift check --max-level warn")
    );
}

#[test]
fn every_command_help_has_examples_and_version_names_the_revision() {
    for cmd in ["formats", "detect", "filter", "check", "redact", "generate"] {
        let r = run(&[cmd, "--help"]);
        assert_eq!(r.code, 0, "{cmd}");
        let examples = r
            .stdout
            .lines()
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .count();
        assert!(examples >= 2, "{cmd} --help has {examples} examples:\n{}", r.stdout);
    }
    let v = run(&["--version"]);
    assert!(v.stdout.starts_with("logsift 0.") && v.stdout.contains("(rev "), "{}", v.stdout);
}
