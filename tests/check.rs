//! `logsift check` on fixtures/incident: rules from flags and from a TOML
//! file, scoping, the text/JSON/GitHub/JUnit reports, and exit codes. The
//! expected counts are the facts in fixtures/README.md.

use crate::util::{fixture, run, write};

fn incident() -> String {
    fixture("incident")
}

#[test]
fn server_errors_violate_a_zero_maximum_and_show_the_first_lines() {
    let r = run(&["check", "--max-count", "field status>=500:0", &fixture("incident/web1/nginx")]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "FAIL max-count field status>=500:0: 31 matching events (max 0)");
    // The first three 5xx of the run, as `source:line: text`.
    let locs: Vec<&str> = lines[1..4].iter().map(|l| l.trim_start().split(": ").next().unwrap()).collect();
    let nginx = fixture("incident/web1/nginx/access.log");
    assert_eq!(locs, [format!("{nginx}:109"), format!("{nginx}:111"), format!("{nginx}:114")]);
    assert!(lines[3].contains("8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34"), "{}", lines[3]);
    assert_eq!(lines[4], "  … and 28 more");
    assert_eq!(lines[5], "check failed: 1 of 1 rules violated (622 events in 2 sources)");
}

#[test]
fn rules_that_hold_pass_with_exit_zero() {
    let r = run(&[
        "check",
        "--max-count",
        "field status>=500 source *nginx*:31",
        "--require",
        "orders service starting",
        "--max",
        "=error=91",
        &incident(),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with("PASS require orders service starting: 1 matching event (min 1)\n"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("PASS max-count field status>=500 source *nginx*:31: 31 matching events (max 31)"));
    assert!(
        r.stdout.ends_with("check passed: 0 of 3 rules violated (2310 events in 9 sources)\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn filter_options_scope_every_rule() {
    // 5xx from 10:25 on: 3 + 1 + 3 + 3 + 1 + 3.
    let r = run(&[
        "check",
        "--json",
        "--since",
        "2024-03-03T10:25:00Z",
        "--max-count",
        "field status>=500:0",
        &incident(),
    ]);
    let rows = r.json();
    assert_eq!(rows[0]["count"], 14, "{}", r.stdout);
    assert_eq!(rows[0]["samples"][0]["ts"], "2024-03-03T10:25:19Z", "{}", r.stdout);
}

#[test]
fn a_rules_file_names_its_rules_and_json_reports_each() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "rules.toml",
        br#"# CI rules for the incident bundle
[[rule]]
name = "orders errors"
level = "=error"
source = "*orders*"
max = 3

[[rule]]
name = "payments pool"
fixed = "db pool exhausted"
max = 2
message = "the payments pool ran dry"

[[rule]]
name = "brute force visible"
regex = 'Failed password .* from 203\.0\.113\.77 '
min = 37
max = 37
"#,
    );
    let r = run(&["check", "--json", "--rules", &rules, "--show", "1", &incident()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rows = r.json();
    let by = |name: &str| {
        rows.iter().find(|v| v["rule"] == name).unwrap_or_else(|| panic!("{name}: {}", r.stdout))
    };
    assert_eq!(
        (by("orders errors")["ok"].as_bool(), by("orders errors")["count"].as_u64()),
        (Some(true), Some(3))
    );
    let pool = by("payments pool");
    assert_eq!((pool["ok"].as_bool(), pool["count"].as_u64()), (Some(false), Some(9)));
    assert_eq!(pool["message"], "the payments pool ran dry");
    assert_eq!(pool["samples"].as_array().unwrap().len(), 1);
    assert!(pool["samples"][0]["source"].as_str().unwrap().ends_with("app/payments.log"));
    assert!(pool["origin"].as_str().unwrap().ends_with("rules.toml:8"), "{}", pool["origin"]);
    assert_eq!(by("brute force visible")["count"], 37);
    let summary = rows.last().unwrap();
    assert_eq!(summary["summary"]["violated"], 1);
    assert_eq!(summary["summary"]["events"], 2310);
}

#[test]
fn a_bad_rules_file_is_an_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "rules.toml", b"[[rule]]\nname = \"x\"\nmax = 0\nlevle = \"error\"\n");
    let r = run(&["check", "--rules", &rules, &incident()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("rules.toml:4: unknown field `levle`"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(&["check", &incident()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no rule to check"), "{}", r.stderr);
}

#[test]
fn an_unreadable_input_makes_it_an_error_even_when_rules_hold() {
    let r = run(&["check", "--max", "emerg=0", &incident(), "/nonexistent/app.log"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("/nonexistent/app.log"), "{}", r.stderr);
    assert!(r.stdout.contains("PASS max emerg=0"), "{}", r.stdout);
}

#[test]
fn github_annotations_point_at_the_offending_lines() {
    let r = run(&[
        "check",
        "--github",
        "--forbid",
        "FATAL",
        "--require",
        "no such text",
        &fixture("incident/db1"),
    ]);
    assert_eq!(r.code, 1);
    let ann: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(ann.len(), 4, "{}", r.stdout);
    let pg = fixture("incident/db1/postgresql.log").replace(':', "%3A").replace(',', "%2C");
    assert!(
        ann[0].starts_with(&format!(
            "::error file={pg},line=46,title=forbid FATAL::17 matching events (max 0): "
        )),
        "{}",
        ann[0]
    );
    assert_eq!(ann[3], "::error title=require no such text::0 matching events (min 1)");
}

#[test]
fn junit_has_one_test_case_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("report.xml");
    let r = run(&[
        "check",
        "-q",
        "--junit",
        xml.to_str().unwrap(),
        "--max-level",
        "error",
        "--forbid",
        "pwned",
        &incident(),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "-q prints nothing: {}", r.stdout);
    let x = std::fs::read_to_string(&xml).unwrap();
    assert_eq!(x.matches("<testcase ").count(), 2, "{x}");
    assert!(x.contains(r#"<testsuites name="logsift check" tests="2" failures="1">"#), "{x}");
    assert!(x.contains(r#"<testcase name="max-level error" classname="--max-level"/>"#), "{x}");
    // The hostile user agent reaches the XML escaped, never raw.
    assert!(x.contains("<failure message=\"1 matching event (max 0)\""), "{x}");
    assert!(x.contains("access.log:271: 185.220.101.4 - - [03/Mar/2024:10:50:13 +0000] &quot;GET"), "{x}");
    assert!(x.contains("\\u{202e}gnp.exe") && !x.contains('\u{202e}'), "{x}");
    assert!(!x.chars().any(|c| c.is_control() && c != '\n'), "raw control characters in {x}");
    assert!(x.contains("\\x1b]0;pwned\\x07"), "{x}");
}

#[test]
fn junit_refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "app.log", b"2024-03-03 10:00:00,000 INFO [a] ok\n");
    let r = run(&["check", "--junit", &log, "--forbid", "x", &log]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to write over evidence"), "{}", r.stderr);
    assert_eq!(std::fs::read(&log).unwrap(), b"2024-03-03 10:00:00,000 INFO [a] ok\n");
}
