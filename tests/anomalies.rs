//! `logsift anomalies`: the incident's documented facts (fixtures/README.md)
//! are found with the right windows, a steady log gives no findings, the
//! incidents injected by gen_corpus.py are all found, and --baseline.

use std::fmt::Write as _;

use serde_json::Value;

use crate::stats::shared_dir;
use crate::util::{fixture, run, write};

fn findings(args: &[&str]) -> Vec<Value> {
    let mut a = vec!["anomalies", "--json"];
    a.extend_from_slice(args);
    let r = run(&a);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let rows = r.json();
    assert_eq!(r.code == 0, !rows.is_empty(), "exit 0 exactly when something was found");
    rows
}

fn find<'a>(rows: &'a [Value], kind: &str, subject: &str) -> Vec<&'a Value> {
    rows.iter().filter(|f| f["kind"] == kind && f["subject"].as_str().unwrap().contains(subject)).collect()
}

fn s<'a>(f: &'a Value, k: &str) -> &'a str {
    f[k].as_str().unwrap()
}

#[test]
fn incident_findings_at_one_minute() {
    let rows = findings(&["--bucket", "1m", &fixture("incident")]);
    for f in &rows {
        for k in ["kind", "start", "end", "score", "baseline", "observed", "subject", "evidence"] {
            assert!(f.get(k).is_some(), "finding without {k}: {f}");
        }
    }
    let brute = find(&rows, "flood", "ip 203.0.113.77");
    assert_eq!(brute.len(), 1, "{rows:#?}");
    assert!(
        s(brute[0], "start") <= "2024-03-03T10:12:05.000Z"
            && s(brute[0], "end") >= "2024-03-03T10:13:44.000Z"
    );
    let e5 = find(&rows, "error_burst", "HTTP 5xx");
    assert_eq!(e5.len(), 1);
    assert_eq!(
        (s(e5[0], "start"), s(e5[0], "end")),
        ("2024-03-03T10:20:00.000Z", "2024-03-03T10:31:00.000Z")
    );
    assert_eq!(e5[0]["observed"], 31.0, "every 5xx of the outage");
    assert_eq!(e5[0]["baseline"], 0.0);
    assert!(e5[0]["evidence"][0].as_str().unwrap().contains("\" 50"), "evidence is a 5xx line: {}", e5[0]);
    let gw = find(&rows, "error_burst", "gateway.log: error+");
    assert_eq!(gw.len(), 1);
    assert_eq!(gw[0]["observed"], 31.0);
    let quiet = find(&rows, "silence", "orders.jsonl");
    assert_eq!(quiet.len(), 1);
    assert_eq!(
        (s(quiet[0], "start"), s(quiet[0], "end")),
        ("2024-03-03T10:21:58.356Z", "2024-03-03T10:31:00.412Z")
    );
    let slow = find(&rows, "latency", "GET /api/orders/{id}");
    assert_eq!(slow.len(), 1);
    assert!(
        s(slow[0], "start") >= "2024-03-03T10:17:00.000Z" && s(slow[0], "end") <= "2024-03-03T10:32:00.000Z"
    );
    assert!(slow[0]["observed"].as_f64().unwrap() >= 2500.0, "the 2500 ms gateway timeout");
    let fatal = find(&rows, "new_template", "FATAL: remaining connection slots");
    assert_eq!(fatal.len(), 1);
    assert_eq!(fatal[0]["level"], "error");
    assert_eq!(fatal[0]["observed"], 11.0);
    let restart = find(&rows, "rare_template", "orders service restarting after watchdog timeout");
    assert_eq!(restart.len(), 1);
    assert_eq!(s(restart[0], "start"), "2024-03-03T10:31:00.412Z");
    let web = find(&rows, "error_burst", "HTTP 4xx");
    assert_eq!(web.len(), 1, "the POST /login 401s");
    assert_eq!(s(web[0], "start"), "2024-03-03T10:45:00.000Z");
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| s(a, "start").cmp(s(b, "start")));
    assert_eq!(sorted, rows, "findings come in time order");
}

#[test]
fn incident_findings_with_automatic_buckets() {
    let rows = findings(&[&fixture("incident")]);
    assert_eq!(find(&rows, "flood", "ip 203.0.113.77").len(), 1);
    assert_eq!(find(&rows, "flood", "ip 198.51.100.23").len(), 1, "the password spray");
    let e5 = find(&rows, "error_burst", "HTTP 5xx");
    assert_eq!(e5.len(), 1);
    assert!(s(e5[0], "start") <= "2024-03-03T10:20:00.000Z" && s(e5[0], "end") >= "2024-03-03T10:31:00.000Z");
    assert_eq!(e5[0]["observed"], 31.0);
    assert_eq!(find(&rows, "silence", "orders.jsonl").len(), 1);
    let t = run(&["anomalies", &fixture("incident")]);
    assert!(t.stdout.contains("findings (buckets of 900s"), "{}", t.stdout);
    assert!(!t.stdout.contains('\u{1b}'));
}

#[test]
fn same_findings_at_any_thread_count() {
    let a = run(&["anomalies", "--json", "--bucket", "1m", "-j", "1", &fixture("incident")]);
    let b = run(&[
        "anomalies",
        "--json",
        "--bucket",
        "1m",
        "-j",
        "3",
        "--chunk-size",
        "4096",
        &fixture("incident"),
    ]);
    assert_eq!(a.code, 0);
    let kinds =
        |s: &str| s.lines().filter(|l| !l.contains("_template")).map(String::from).collect::<Vec<_>>();
    assert_eq!(kinds(&a.stdout), kinds(&b.stdout));
}

/// A deterministic generator (an LCG) for the steady logs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        (self.next() * n as f64) as u64
    }
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.next()).ln()
    }
}

fn iso(ms: i64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
    format!("2024-03-03T{h:02}:{m:02}:{s:02}.{:03}Z", ms % 1000)
}

#[test]
fn a_steady_log_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Lcg(42);
    let (mut app, mut ngx) = (String::new(), String::new());
    let hours = 6 * 3600 * 1000;
    let mut t = 0.0;
    while (t as i64) < hours {
        t += r.exp(2000.0);
        let (lvl, msg) = match r.below(1000) {
            0..=4 => ("error", format!("payment {} declined by acquirer", r.below(100_000))),
            5..=24 => ("warn", format!("slow query took {} ms", 200 + r.below(800))),
            25..=400 => ("info", format!("order {} created", r.below(1_000_000))),
            401..=700 => ("info", format!("order {} loaded from cache", r.below(1_000_000))),
            _ => ("debug", format!("cache hit for key user:{}", r.below(5000))),
        };
        writeln!(
            app,
            r#"{{"ts":"{}","level":"{lvl}","msg":"{msg}","duration_ms":{}}}"#,
            iso(t as i64),
            r.below(50)
        )
        .unwrap();
    }
    let mut t = 0.0;
    while (t as i64) < hours {
        t += r.exp(1000.0);
        let secs = t as i64 / 1000;
        let status = match r.below(1000) {
            0..=2 => 500,
            3..=32 => 404,
            _ => 200,
        };
        let rt = 0.005 + r.exp(0.02);
        writeln!(
            ngx,
            r#"10.0.{}.{} - - [03/Mar/2024:{:02}:{:02}:{:02} +0000] "GET /api/items/{} HTTP/1.1" {status} {} "-" "curl/8.5.0" {rt:.3}"#,
            r.below(2),
            r.below(250),
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            r.below(100_000),
            100 + r.below(2000),
        )
        .unwrap();
    }
    let a = write(dir.path(), "app.jsonl", app.as_bytes());
    let n = write(dir.path(), "access.log", ngx.as_bytes());
    let rows = findings(&[&a, &n]);
    assert!(rows.is_empty(), "findings on a steady log: {rows:#?}");
    let t = run(&["anomalies", &a, &n]);
    assert_eq!(t.code, 1);
    assert!(t.stdout.starts_with("No findings"), "{}", t.stdout);
}

#[test]
fn every_incident_injected_by_gen_corpus_is_found() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let gen = std::process::Command::new("python3")
        .arg(shared.join("corpus/gen_corpus.py"))
        .args(["--out", &out.to_string_lossy(), "--mb", "2", "--seed", "7"])
        .output();
    let Ok(gen) = gen else {
        eprintln!("python3 absent: skipped");
        return;
    };
    assert!(gen.status.success(), "{}", String::from_utf8_lossy(&gen.stderr));
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    // The syslog files have no year; the manifest says they are 2024.
    let rows = findings(&["--year", "2024", &out.to_string_lossy()]);
    let overlaps = |f: &Value, start: &str, end: &str| s(f, "start") <= end && s(f, "end") >= start;
    let mut checked = 0;
    for inc in manifest["incidents"].as_array().unwrap() {
        let start = s(inc, "start");
        match s(inc, "type") {
            "brute_force" | "password_spraying" | "success_after_failures" => {
                let end = inc.get("end").or(inc.get("accepted_at")).and_then(Value::as_str).unwrap();
                let ip = format!("ip {}", s(inc, "source_ip"));
                let hit = rows
                    .iter()
                    .any(|f| f["kind"] == "flood" && f["subject"] == ip.as_str() && overlaps(f, start, end));
                assert!(hit, "{inc} not found in {rows:#?}");
                checked += 1;
            }
            "http_5xx_spike" => {
                if inc["failed_api_requests"].as_u64().unwrap() >= 5 {
                    let hit = rows.iter().any(|f| {
                        f["kind"] == "error_burst"
                            && f["subject"] == "HTTP 5xx"
                            && overlaps(f, start, s(inc, "end"))
                    });
                    assert!(hit, "{inc} not found in {rows:#?}");
                } else {
                    eprintln!("{inc}: too few failed requests at 2 MB to be a burst");
                }
                checked += 1;
            }
            other => panic!("an incident type this test does not know: {other}"),
        }
    }
    assert_eq!(checked, 4);
    assert!(
        !rows.iter().any(|f| f["kind"] == "new_template" || f["kind"] == "silence"),
        "the regular traffic of the corpus is not news: {rows:#?}"
    );
}

#[test]
fn baseline_archive_shows_what_it_never_had() {
    let rows = findings(&[
        "--baseline",
        &fixture("incident/web1/auth.log.2.gz"),
        &fixture("incident/web1/auth.log"),
    ]);
    let new = find(&rows, "new_template", "(not in baseline)");
    assert!(
        new.iter().any(|f| s(f, "subject").contains("maximum authentication attempts exceeded")),
        "{rows:#?}"
    );
    assert!(
        !new.iter().any(|f| s(f, "subject").starts_with("pam_unix(cron:session)")),
        "cron is in the baseline"
    );
    let bad = run(&["anomalies", "--bucket", "soon", &fixture("incident")]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--bucket"), "{}", bad.stderr);
}

/// A source whose lines are not in time order (here the second line's
/// `+0100` puts it an hour before the first) has slots before its first
/// event's: the time grid must span them (this crashed the command).
#[test]
fn a_source_out_of_time_order_is_reported_not_crashed() {
    let rows = findings(&[&fixture("formats/access.log")]);
    assert!(rows.iter().all(|f| f["kind"].is_string()));
    let mut text = String::new();
    for i in 0..600 {
        // Minutes run forwards, but every third line is stamped an hour earlier.
        let (h, off) = if i % 3 == 1 { (12, "+0100") } else { (12, "+0000") };
        let _ = writeln!(
            text,
            "192.0.2.{} - - [03/Mar/2024:{h}:{:02}:{:02} {off}] \"GET /x HTTP/1.1\" 200 5 \"-\" \"t\"",
            i % 200,
            i / 60,
            i % 60
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "mixed.log", text.as_bytes());
    findings(&[&path]);
    // Every fixture at once: the hostile ones are reported (exit 2), the
    // report is still made.
    let r = run(&["anomalies", &fixture("")]);
    assert!(r.code == 2 && !r.stderr.contains("internal error"), "exit {}: {}", r.code, r.stderr);
    assert!(!r.stdout.is_empty());
}
