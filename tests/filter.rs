//! `logsift filter` on fixtures/incident: every condition, every output
//! mode, exit codes, order, and the terminal/CSV safety rules. The expected
//! numbers are the facts listed in fixtures/README.md.

use crate::util::{fixture, run, write};

const SLOW_503: &str = "8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34";
const STACK_502: &str = "e4b2a9d0-6c1f-4e8b-a7d3-9f0e2b4c6a58";
const NOW: &str = "--now=2024-03-03T10:30:00Z";

fn incident() -> String {
    fixture("incident")
}

fn nginx() -> String {
    fixture("incident/web1/nginx")
}

/// The `source:line:` prefixes of grep-style output, with the fixture
/// root cut off.
fn locations(stdout: &str) -> Vec<String> {
    let root = format!("{}/", incident());
    stdout
        .lines()
        .map(|l| {
            let l = l.strip_prefix(&root).unwrap_or(l);
            let mut parts = l.splitn(3, ':');
            format!("{}:{}", parts.next().unwrap(), parts.next().unwrap_or(""))
        })
        .collect()
}

#[test]
fn fixed_string_finds_a_request_in_every_file_in_input_order() {
    let r = run(&["filter", "-F", SLOW_503, &incident()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        locations(&r.stdout),
        ["app/gateway.log:273", "app/payments.log:154", "web1/nginx/access.log:114"]
    );
    assert!(r.stdout.lines().all(|l| l.contains(SLOW_503)));
}

#[test]
fn sort_time_orders_matches_across_sources() {
    let r = run(&["filter", "--sort", "time", "-F", SLOW_503, &incident()]);
    // nginx writes whole seconds (10:21:17.000), the services milliseconds.
    assert_eq!(
        locations(&r.stdout),
        ["web1/nginx/access.log:114", "app/payments.log:154", "app/gateway.log:273"]
    );
}

#[test]
fn a_multi_line_record_prints_with_grep_context_separators() {
    let r = run(&["filter", "--no-filename", "-F", STACK_502, &fixture("incident/app/gateway.log")]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 12, "{}", r.stdout);
    assert!(lines[0].starts_with("281:2024-03-03 10:22:39"), "{}", lines[0]);
    assert!(lines[1].starts_with("282-com.example.gateway.UpstreamException"));
    assert_eq!(lines[11], "292-\t... 3 more");
}

#[test]
fn field_predicates_and_json_round_trip() {
    let r = run(&["filter", "--json", "--field", "status>=500", &nginx()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events = r.json();
    assert_eq!(events.len(), 31);
    for e in &events {
        assert!(e["fields"]["status"].as_u64().unwrap() >= 500);
        assert_eq!(e["format"], "access");
        assert!(e["source"].as_str().unwrap().ends_with("web1/nginx/access.log"));
        assert_eq!(
            e["fields"]["req"].as_str().map(str::len).or(e["fields"]["request_id"].as_str().map(str::len)),
            Some(36)
        );
    }
    let count = |args: &[&str]| {
        let mut a = vec!["filter", "--json"];
        a.extend_from_slice(args);
        a.push(&*Box::leak(nginx().into_boxed_str()));
        run(&a).json().len()
    };
    assert_eq!(count(&["--field", "status=504"]), 22);
    assert_eq!(count(&["--field", "status>=500", "--field", "path~^/api/payments"]), 6);
    assert_eq!(count(&["--field", "status>=500", "--field", "method=GET"]), 10);
    assert_eq!(count(&["--field", "request_time>=4.8"]), 1);
    assert_eq!(count(&["--field", "status=401", "--field", "path=/login"]), 6);
}

#[test]
fn level_bounds() {
    let orders = fixture("incident/app/orders.jsonl");
    let n = |level: &str| run(&["filter", "--json", "--level", level, &orders]).json().len();
    assert_eq!(n("error"), 3);
    assert_eq!(n("=warn"), 5);
    assert_eq!(n("warn"), 8);
    assert_eq!(n("=debug,error"), 52);
    let r = run(&["filter", "--level", "loud", &orders]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown level 'loud'"), "{}", r.stderr);
}

#[test]
fn time_windows_absolute_relative_and_around() {
    let five = |extra: &[&str]| {
        let mut a = vec!["filter", "-c", "--field", "status>=500", NOW];
        a.extend_from_slice(extra);
        let path = nginx();
        a.push(&path);
        let r = run(&a);
        r.stdout.lines().last().unwrap().to_string()
    };
    // Per-minute counts from fixtures/README.md.
    assert_eq!(five(&["--since", "2024-03-03 10:22", "--until", "2024-03-03T10:23:00Z"]), "total:5");
    assert_eq!(five(&["--since", "5m"]), "total:14", "10:25 onwards");
    assert_eq!(five(&["--until", "2024-03-03T11:22:00+01:00"]), "total:5", "10:20 and 10:21");
    assert_eq!(five(&["--around", "2024-03-03 10:21:00", "--window", "60s"]), "total:5");
    assert_eq!(five(&["--since", "today"]), "total:31");
    assert_eq!(five(&["--since", "2024-03-03", "--tz", "+11:00"]), "total:31");
    let r = run(&["filter", "--since", "noonish", &nginx()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--since"), "{}", r.stderr);
}

#[test]
fn text_search_options() {
    let auth = fixture("incident/web1/auth.log");
    let count = |args: &[&str]| {
        let mut a = vec!["filter", "-c"];
        a.extend_from_slice(args);
        a.push(&auth);
        run(&a).stdout.trim().rsplit(':').next().unwrap().parse::<u64>().unwrap()
    };
    assert_eq!(count(&["-F", "Accepted password"]), 1);
    assert_eq!(count(&["-F", "accepted PASSWORD"]), 0);
    assert_eq!(count(&["-i", "-F", "accepted PASSWORD"]), 1);
    assert_eq!(count(&["-e", r"Accepted (password|publickey)"]), 6);
    assert_eq!(count(&["-F", "Accepted password", "-F", "Accepted publickey"]), 6);
    assert_eq!(count(&["-e", "Invalid user"]), 21);
    let all = count(&[]);
    assert_eq!(count(&["-v", "-e", "Invalid user"]), all - 21);
    // -w: "root" only as a whole word ("roo" is never one).
    assert!(count(&["-w", "-F", "root"]) >= 24);
    assert!(count(&["-w", "-F", "roo"]) == 0);
}

#[test]
fn count_list_max_and_quiet_modes() {
    let r = run(&["filter", "-l", "--level", "error", &incident()]);
    let root = format!("{}/", incident());
    let listed: Vec<&str> = r.stdout.lines().map(|l| l.strip_prefix(&root).unwrap()).collect();
    assert_eq!(
        listed,
        [
            "app/gateway.log",
            "app/orders.jsonl",
            "app/payments.log",
            "db1/postgresql.log",
            "web1/nginx/access.log"
        ]
    );
    let r = run(&["filter", "-m", "2", "--field", "status>=500", &nginx()]);
    assert_eq!(r.stdout.lines().count(), 2);
    let r = run(&["filter", "-q", "-F", SLOW_503, &incident()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(&["filter", "-q", "-F", "no-such-thing-anywhere", &incident()]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let r = run(&["filter", "-c", "--json", "--level", "error", &fixture("incident/app")]);
    let rows = r.json();
    assert_eq!(rows.last().unwrap()["total"], 31 + 3 + 9);
    assert_eq!(rows.len(), 4);
}

#[test]
fn exit_codes_follow_grep() {
    let r = run(&["filter", "-F", "no-such-thing-anywhere", &incident()]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.log").to_string_lossy().into_owned();
    let r = run(&["filter", "-F", SLOW_503, &missing, &nginx()]);
    assert_eq!(r.code, 2, "an error wins over a match, as in grep");
    assert_eq!(r.stdout.lines().count(), 1, "the other inputs are still searched");
    assert!(r.stderr.contains("missing.log"), "{}", r.stderr);
}

#[test]
fn stats_go_to_stderr() {
    let r = run(&["filter", "--stats", "-F", SLOW_503, &incident()]);
    assert_eq!(r.stdout.lines().count(), 3);
    assert!(r.stderr.contains("2321 lines scanned"), "{}", r.stderr);
    assert!(r.stderr.contains("3 matches"), "{}", r.stderr);
}

#[test]
fn terminal_output_never_carries_escape_sequences_from_logs() {
    let r = run(&["filter", "--color=always", "-F", "185.220.101.4", &nginx()]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("\\x1b]0;pwned\\x07"), "{}", r.stdout);
    assert!(r.stdout.contains("\\u{202e}"));
    assert!(!r.stdout.contains('\u{7}') && !r.stdout.contains('\u{202e}'));
    // Every ESC left is one of logsift's own colour codes.
    for (i, _) in r.stdout.match_indices('\u{1b}') {
        let rest = &r.stdout[i + 1..];
        assert!(
            rest.starts_with('[')
                && rest[1..]
                    .find('m')
                    .is_some_and(|m| rest[1..m + 1].bytes().all(|b| b.is_ascii_digit() || b == b';')),
            "{rest:.20}"
        );
    }
    // Piped without colour, records are passed through byte for byte.
    let r = run(&["filter", "--no-filename", "-N", "-F", "185.220.101.4", &nginx()]);
    assert!(r.stdout.contains("\u{1b}]0;pwned\u{7}"));
}

#[test]
fn csv_output_is_parseable_and_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "app.log",
        b"ts=2024-03-03T10:00:00Z level=error msg=\"=HYPERLINK(\\\"http://x\\\")\" user=\"@bob\" status=500\n\
          ts=2024-03-03T10:00:01Z level=info msg=\"a, \\\"quoted\\\" word\" status=200\n",
    );
    let r = run(&["filter", "--csv", "--columns", "status,user", &p]);
    let lines: Vec<&str> = r.stdout.split("\r\n").collect();
    assert_eq!(lines[0], "ts,source,line,level,host,app,message,status,user");
    assert!(lines[1].contains(",\"'=HYPERLINK(\"\"http://x\"\")\",500,\"'@bob\""), "{}", lines[1]);
    assert!(lines[2].ends_with(",\"a, \"\"quoted\"\" word\",200,"), "{}", lines[2]);
    let raw = run(&["filter", "--csv", "--csv-raw", &p]);
    assert!(raw.stdout.contains(",\"=HYPERLINK("), "{}", raw.stdout);
}

#[test]
fn same_output_at_any_thread_count_and_chunk_size() {
    let base = run(&["filter", "--json", "--level", "warn", &incident()]);
    assert!(base.json().len() > 50);
    for extra in [["-j", "1"], ["--chunk-size", "700"]] {
        let mut a = vec!["filter", "--json", "--level", "warn"];
        a.extend_from_slice(&extra);
        let i = incident();
        a.push(&i);
        let r = run(&a);
        assert_eq!(r.stdout, base.stdout, "{extra:?}");
    }
}

#[test]
fn level_prefilter_skips_lines_without_a_level_word_and_loses_nothing() {
    let app = fixture("incident/app");
    let all = run(&["filter", "--json", &app]).json();
    let want = all
        .iter()
        .filter(|e| matches!(e["level"].as_str(), Some("error" | "crit" | "alert" | "emerg")))
        .count();
    let r = run(&["filter", "--json", "--stats", "--level", "error", &app]);
    assert_eq!(r.json().len(), want);
    assert_eq!(want, 31 + 3 + 9);
    // 1024 records in app/, but only lines with an error-level word are parsed.
    let parsed: u64 =
        r.stderr.split(" records parsed").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    assert!(parsed < 200, "{}", r.stderr);
}

#[test]
fn json_lines_round_trip_every_logfmt_pair() {
    // Every key=value pair of each payments.log record comes back in the
    // JSON event: ts/level/msg as top-level keys, the rest in fields.
    let path = fixture("incident/app/payments.log");
    let text = std::fs::read_to_string(&path).unwrap();
    let events = run(&["filter", "--json", &path]).json();
    assert_eq!(events.len(), 227);
    for (line, ev) in text.lines().zip(&events) {
        let mut rest = line;
        while let Some(eq) = rest.find('=') {
            let key = rest[..eq].trim();
            let after = &rest[eq + 1..];
            let (value, tail) = match after.strip_prefix('"') {
                Some(q) => {
                    let end = q.find('"').unwrap();
                    (&q[..end], &q[end + 1..])
                }
                None => after.split_at(after.find(' ').unwrap_or(after.len())),
            };
            let got = match key {
                "ts" => ev["ts"].as_str().map(str::to_string),
                "level" => ev["level"].as_str().map(str::to_string),
                "msg" => ev["message"].as_str().map(str::to_string),
                k => ev["fields"].get(k).map(|v| match v.as_f64() {
                    // Numbers are written as logged; compare them as numbers.
                    Some(n) if value.parse::<f64>() == Ok(n) => value.to_string(),
                    _ => v.as_str().map_or_else(|| v.to_string(), str::to_string),
                }),
            };
            assert_eq!(got.as_deref(), Some(value), "{key} in {line}");
            rest = tail;
        }
    }
}

#[test]
fn source_globs_and_forced_formats() {
    let r = run(&["filter", "-c", "--source", "**/app/*", "--level", "error", &incident()]);
    assert_eq!(r.stdout.lines().last(), Some("total:43"), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 4, "only the three app logs are read");
    let payments = fixture("incident/app/payments.log");
    let raw = run(&["filter", "--json", "--format", "raw", "-F", "level=error", &payments]).json();
    assert_eq!(raw.len(), 9);
    assert!(raw.iter().all(|e| e["format"] == "raw" && e["level"].is_null() && e["ts"].is_null()));
}

#[test]
fn a_level_spelled_with_a_json_escape_is_not_hidden_by_the_prefilter() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    // More lines than detection samples, so the source counts as one
    // that spells its levels as words.
    for i in 0..300 {
        text.push_str(&format!(
            "{{\"ts\":\"2024-03-03T10:00:{:02}Z\",\"level\":\"info\",\"msg\":\"ok {i}\"}}\n",
            i % 60
        ));
    }
    text.push_str("{\"ts\":\"2024-03-03T10:01:00Z\",\"level\":\"\\u0065rror\",\"msg\":\"hidden\"}\n");
    let p = write(dir.path(), "app.jsonl", text.as_bytes());
    let r = run(&["filter", "--json", "--level", "error", &p]);
    let events = r.json();
    assert_eq!(events.len(), 1, "{}", r.stdout);
    assert_eq!(events[0]["message"], "hidden");
}
