//! `logsift trace` (issue 5): exact counts against the corpus generator's
//! manifest (a small corpus generated at test time), IDs in every position
//! the issue lists, prefixes, not-found, `--summary --json`, `--related`,
//! `--top`, and the loghub OpenStack sample read in place.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{root, run, write};

/// The files of a generated corpus (not its manifest, which names the IDs too).
const CORPUS_FILES: [&str; 7] = [
    "nginx/access.log.1.gz",
    "nginx/access.log",
    "auth.log.2.gz",
    "auth.log",
    "app/gateway.log",
    "app/orders.jsonl",
    "app/payments.log",
];

/// Generates `gen_corpus.py --mb 2 --seed 7` into a temp dir, or `None`
/// (with a note) when `../shared` is not beside the repository (CI on a
/// clean clone).
fn corpus() -> Option<(tempfile::TempDir, Value)> {
    let script = root().join("../shared/corpus/gen_corpus.py");
    if !script.is_file() {
        eprintln!("../shared/corpus/gen_corpus.py not present: corpus tests skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let st = std::process::Command::new("python3")
        .arg(&script)
        .args(["--out", &dir.path().to_string_lossy(), "--mb", "2", "--seed", "7"])
        .output()
        .expect("run python3");
    assert!(st.status.success(), "gen_corpus failed: {}", String::from_utf8_lossy(&st.stderr));
    let m: Value = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    Some((dir, m))
}

fn files(dir: &Path) -> Vec<String> {
    CORPUS_FILES.iter().map(|f| dir.join(f).to_string_lossy().into_owned()).collect()
}

/// The part of a source label after the corpus dir (`app/gateway.log`).
fn rel(label: &str, dir: &Path) -> String {
    label.strip_prefix(&format!("{}/", dir.display())).unwrap_or(label).to_string()
}

fn args<'a>(head: &[&'a str], tail: &'a [String]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend(tail.iter().map(String::as_str));
    v
}

#[test]
fn counts_per_file_match_the_manifest_for_every_traced_id() {
    let Some((dir, m)) = corpus() else { return };
    let fs = files(dir.path());
    let traces = m["traces"].as_array().unwrap();
    assert!(!traces.is_empty());
    let mut head = vec!["trace", "--json"];
    for t in traces {
        head.extend(["--id", t["request_id"].as_str().unwrap()]);
    }
    let r = run(&args(&head, &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut got: HashMap<String, BTreeMap<String, u64>> = HashMap::new();
    let mut last_ts: HashMap<String, String> = HashMap::new();
    for ev in r.json() {
        let id = ev["trace_id"].as_str().unwrap().to_string();
        let ts = ev["ts"].as_str().unwrap().to_string();
        // Time order across sources, per ID (RFC 3339 in UTC sorts as text
        // once the fraction is there; nginx has whole seconds, so compare
        // to the second).
        if let Some(prev) = last_ts.get(&id) {
            assert!(prev[..19] <= ts[..19], "{prev} then {ts}");
        }
        last_ts.insert(id.clone(), ts);
        *got.entry(id).or_default().entry(rel(ev["source"].as_str().unwrap(), dir.path())).or_default() += 1;
    }
    for t in traces {
        let id = t["request_id"].as_str().unwrap();
        let want: BTreeMap<String, u64> =
            t["lines"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        assert_eq!(got.get(id), Some(&want), "{id}");
    }
}

#[test]
fn summary_json_has_the_issue_fields() {
    let Some((dir, m)) = corpus() else { return };
    let fs = files(dir.path());
    let t = &m["traces"][0];
    let id = t["request_id"].as_str().unwrap();
    let r = run(&args(&["trace", "--summary", "--json", &id.to_uppercase()], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 1);
    let s = &rows[0];
    for k in [
        "id",
        "events",
        "first",
        "last",
        "duration_ms",
        "sources",
        "services",
        "statuses",
        "max_level",
        "errors",
    ] {
        assert!(s.get(k).is_some(), "missing {k} in {s}");
    }
    assert_eq!(s["events"], t["total_lines"]);
    let mut sources: Vec<String> =
        s["sources"].as_array().unwrap().iter().map(|v| rel(v.as_str().unwrap(), dir.path())).collect();
    sources.sort();
    let want: Vec<String> = t["lines"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(sources, want);
    let services: Vec<&str> = s["services"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(services.contains(&"gateway") && services.contains(&"orders"), "{services:?}");
    // The request started at the manifest's start (to the second: nginx
    // stamps whole seconds) and lasted under a few seconds.
    assert_eq!(s["first"].as_str().unwrap()[..19], t["start"].as_str().unwrap()[..19]);
    let d = s["duration_ms"].as_f64().unwrap();
    assert!((0.0..5000.0).contains(&d), "{d}");
    assert_eq!(s["errors"], 0);
    assert_eq!(s["max_level"], "info");
    assert!(s["statuses"].as_array().unwrap().iter().all(|v| v.as_u64().unwrap() < 400));
}

#[test]
fn a_unique_prefix_is_enough_and_a_missing_id_exits_1() {
    let Some((dir, m)) = corpus() else { return };
    let fs = files(dir.path());
    let id = m["traces"][0]["request_id"].as_str().unwrap();
    let r = run(&args(&["trace", "--summary", "--json", &id[..8]], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["id"], id);
    assert_eq!(r.json()[0]["events"], m["traces"][0]["total_lines"]);
    assert!(r.stderr.contains("unique ID with that prefix"), "{}", r.stderr);
    let r = run(&args(&["trace", "00000000-dead-4bee-8eef-000000000000"], &fs));
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("00000000-dead-4bee-8eef-000000000000: not found"), "{}", r.stderr);
    // A path where the ID should be: no ID given, said as such (exit 2).
    let r = run(&args(&["trace"], &fs));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no ID given"), "{}", r.stderr);
    // One found, one missing: the found one is printed, the exit code is 1.
    let r = run(&args(&["trace", "--json", "--id", id, "--id", "feedfacefeedface"], &fs));
    assert_eq!(r.code, 1);
    assert_eq!(r.json().len() as u64, m["traces"][0]["total_lines"].as_u64().unwrap());
}

const U: &str = "c9e9c616-612e-4b5f-9a3c-0d9c7a1b2e3f";

/// One line per position the issue lists, plus near misses.
fn positions(dir: &Path) -> Vec<String> {
    let up = U.to_uppercase();
    let json = format!(
        "{{\"ts\":\"2024-03-03T12:00:00.001Z\",\"level\":\"info\",\"service\":\"api\",\"request_id\":\"{U}\",\"msg\":\"a\"}}\n\
         {{\"ts\":\"2024-03-03T12:00:00.002Z\",\"level\":\"info\",\"requestId\":\"{up}\",\"msg\":\"b\"}}\n\
         {{\"ts\":\"2024-03-03T12:00:00.003Z\",\"level\":\"warn\",\"http\":{{\"headers\":{{\"x-request-id\":\"{U}\"}}}},\"msg\":\"c\"}}\n\
         {{\"ts\":\"2024-03-03T12:00:00.004Z\",\"level\":\"info\",\"correlation_id\":\"{U}\",\"msg\":\"d\"}}\n\
         {{\"ts\":\"2024-03-03T12:00:00.005Z\",\"level\":\"info\",\"request_id\":\"x{U}\",\"msg\":\"glued: not it\"}}\n"
    );
    let logfmt = format!(
        "ts=2024-03-03T12:00:00.010Z level=info service=db req_id={U} msg=\"query\"\n\
         ts=2024-03-03T12:00:00.011Z level=error service=db request-id={up} msg=\"deadlock\"\n\
         ts=2024-03-03T12:00:00.012Z level=info service=db trace_id=4bf92f3577b34da6a3ce929d0e0e4736 msg=\"other\"\n"
    );
    let access = format!(
        "192.0.2.1 - - [03/Mar/2024:12:00:01 +0000] \"GET /api/x HTTP/1.1\" 503 12 \"-\" \"curl/8.0\" 0.020 req={U}\n\
         192.0.2.1 - - [03/Mar/2024:12:00:01 +0000] \"GET /api/y HTTP/1.1\" 200 12 \"-\" \"curl/8.0\" 0.020 req=0{U}\n"
    );
    let text = format!(
        "2024-03-03 12:00:02.100 25746 INFO nova.osapi_compute.wsgi.server [req-{U} 113d3a99 54fadb41 - - -] GET /v2\n\
         2024-03-03 12:00:02.200 25746 ERROR worker: giving up on {up} after 3 tries\n\
         2024-03-03 12:00:02.300 25746 INFO proxy: traceparent: 00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01\n"
    );
    vec![
        write(dir, "svc.jsonl", json.as_bytes()),
        write(dir, "db.log", logfmt.as_bytes()),
        write(dir, "access.log", access.as_bytes()),
        write(dir, "nova.log", text.as_bytes()),
    ]
}

#[test]
fn ids_are_found_in_every_position_and_case() {
    let dir = tempfile::tempdir().unwrap();
    let fs = positions(dir.path());
    let r = run(&args(&["trace", "--json", U], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let evs = r.json();
    let lines: Vec<(String, u64)> = evs
        .iter()
        .map(|e| {
            (
                Path::new(e["source"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    let want: Vec<(String, u64)> =
        [("access.log", 1), ("db.log", 1), ("db.log", 2), ("nova.log", 1), ("nova.log", 2)]
            .iter()
            .chain(&[("svc.jsonl", 1), ("svc.jsonl", 2), ("svc.jsonl", 3), ("svc.jsonl", 4)])
            .map(|(f, l)| (f.to_string(), *l))
            .collect();
    assert_eq!(sorted, want);
    assert!(evs.iter().all(|e| e["trace_id"] == U));
    // The W3C trace id, given in lower case, matches the traceparent header
    // and the trace_id field.
    let r = run(&args(&["trace", "--summary", "--json", "4bf92f3577b34da6a3ce929d0e0e4736"], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["events"], 2);
    // The summary counts the 503 and the error lines as errors.
    let r = run(&args(&["trace", "--summary", "--json", U], &fs));
    let s = &r.json()[0];
    assert_eq!(s["events"], 9);
    assert_eq!(s["errors"], 3, "{s}");
    assert_eq!(s["max_level"], "error");
    assert_eq!(s["statuses"], serde_json::json!([503]));
    assert_eq!(s["services"][0], "api");
}

#[test]
fn an_ambiguous_prefix_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.log",
        b"2024-03-03T12:00:00Z INFO id=abcdef01-0000-4000-8000-000000000001 x\n\
          2024-03-03T12:00:01Z INFO id=abcdef01-0000-4000-8000-000000000002 y\n",
    );
    let r = run(&["trace", "abcdef01", &f]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("ambiguous prefix"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let r = run(&["trace", "--summary", "--json", "abcdef01-0000-4000-8000-000000000002", &f]);
    assert_eq!((r.code, r.json()[0]["events"].clone()), (0, serde_json::json!(1)));
}

#[test]
fn related_ids_are_followed_one_hop_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "app.log",
        b"ts=2024-03-03T12:00:00.000Z level=info service=api request_id=req-0001-aaaa trace_id=4bf92f3577b34da6a3ce929d0e0e4736 msg=start\n\
          ts=2024-03-03T12:00:00.050Z level=info service=worker trace_id=4bf92f3577b34da6a3ce929d0e0e4736 job_id=job-77-xyz msg=queued\n\
          ts=2024-03-03T12:00:03.000Z level=error service=worker job_id=job-77-xyz msg=\"job failed\"\n\
          ts=2024-03-03T12:00:04.000Z level=info service=api request_id=req-0002-bbbb msg=unrelated\n",
    );
    let r = run(&["trace", "--summary", "--json", "req-0001-aaaa", &f]);
    assert_eq!(r.json()[0]["events"], 1);
    let r = run(&["trace", "--summary", "--json", "--related", "req-0001-aaaa", &f]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = &r.json()[0];
    assert_eq!(s["events"], 2, "one hop: the trace_id line, not the job line two hops away: {s}");
    assert_eq!(s["related"][0]["via"], "trace_id");
    assert_eq!(s["related"][0]["id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(s["related"][0]["events"], 1);
    let r = run(&["trace", "--json", "--related", "req-0001-aaaa", &f]);
    let evs = r.json();
    assert_eq!(evs[1]["via"], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(evs[1]["trace_id"], "req-0001-aaaa");
    let r = run(&["trace", "--related", "req-0001-aaaa", &f]);
    assert!(r.stdout.contains("related   trace_id 4bf92f3577b34da6a3ce929d0e0e4736"), "{}", r.stdout);
}

/// Counts, by reading the files directly, the lines containing `needle`.
fn grep_count(paths: &[String], needle: &str) -> u64 {
    let mut n = 0;
    for p in paths {
        let raw = std::fs::read(p).unwrap();
        let text = if p.ends_with(".gz") {
            let mut s = String::new();
            flate2::read::MultiGzDecoder::new(&raw[..]).read_to_string(&mut s).unwrap();
            s
        } else {
            String::from_utf8(raw).unwrap()
        };
        n += text.lines().filter(|l| l.contains(needle)).count() as u64;
    }
    n
}

#[test]
fn top_rows_agree_with_a_direct_count() {
    let Some((dir, _)) = corpus() else { return };
    let fs = files(dir.path());
    let r = run(&args(&["trace", "--json", "--top", "5"], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    let by = |name: &str| rows.iter().filter(|x| x["ranking"] == name).collect::<Vec<_>>();
    let (slow, errs, most) = (by("slowest"), by("errors"), by("events"));
    assert_eq!(slow.len(), 5);
    assert_eq!(most.len(), 5);
    for w in most.windows(2) {
        assert!(w[0]["events"].as_u64() >= w[1]["events"].as_u64());
    }
    for row in most.iter().chain(errs.iter()).take(6) {
        let id = row["id"].as_str().unwrap();
        assert_eq!(row["events"].as_u64().unwrap(), grep_count(&fs, id), "{id}");
    }
    for row in &errs {
        assert!(row["errors"].as_u64().unwrap() > 0);
    }
    let r = run(&args(&["trace", "--top", "3"], &fs));
    assert!(
        r.stdout.contains("slowest") && r.stdout.contains("with errors") && r.stdout.contains("most events")
    );
}

fn openstack() -> Option<PathBuf> {
    let p = root().join("../shared/corpus/loghub/OpenStack/OpenStack_2k.log");
    p.is_file().then_some(p)
}

#[test]
fn openstack_request_ids_are_traced_in_the_loghub_sample() {
    let Some(p) = openstack() else {
        eprintln!("loghub OpenStack sample not present: skipped");
        return;
    };
    let path = p.to_string_lossy().into_owned();
    let text = std::fs::read_to_string(&p).unwrap();
    // The request with the most lines, and one with a single line.
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for l in text.lines() {
        if let Some(i) = l.find("[req-") {
            *counts.entry(&l[i + 1..i + 41]).or_default() += 1;
        }
    }
    let (busiest, n) = counts.iter().max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k))).unwrap();
    for id in [busiest.to_string(), busiest[4..].to_string(), busiest[4..].to_uppercase()] {
        let r = run(&["trace", "--json", &id, &path]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json().len() as u64, *n, "{id}");
    }
    let r = run(&["trace", "--summary", "--json", busiest, &path]);
    let s = &r.json()[0];
    assert_eq!(s["events"].as_u64(), Some(*n));
    assert!(s["first"].as_str().unwrap().starts_with("2017-05-1"), "{s}");
}

#[test]
fn the_five_incident_ids_have_their_documented_records() {
    let dir = crate::util::fixture("incident");
    // (id, records per file, errors, status)
    type Case<'a> = (&'a str, &'a [(&'a str, u64)], u64, u64);
    let cases: [Case; 5] = [
        (
            "3f1c9a52-7b4e-4d21-9c0a-5e8f2b6d7a10",
            &[
                ("app/gateway.log", 1),
                ("app/orders.jsonl", 2),
                ("app/payments.log", 1),
                ("web1/nginx/access.log.1", 1),
            ],
            0,
            201,
        ),
        (
            "8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
            3,
            503,
        ),
        (
            "c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e02",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
            0,
            200,
        ),
        (
            "e4b2a9d0-6c1f-4e8b-a7d3-9f0e2b4c6a58",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
            3,
            502,
        ),
        ("1b9d3f5a-8c2e-4a7b-9d1f-3e5a7c9b2d46", &[("web1/nginx/access.log", 1)], 0, 404),
    ];
    for (id, per_file, errors, status) in cases {
        let r = run(&["trace", "--json", id, &dir]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        let mut got: BTreeMap<String, u64> = BTreeMap::new();
        for ev in r.json() {
            *got.entry(rel(ev["source"].as_str().unwrap(), Path::new(&dir))).or_default() += 1;
        }
        let want: BTreeMap<String, u64> = per_file.iter().map(|(f, n)| (f.to_string(), *n)).collect();
        assert_eq!(got, want, "{id}");
        let r = run(&["trace", "--summary", "--json", id, &dir]);
        let s = &r.json()[0];
        assert_eq!(s["errors"], errors, "{id}: {s}");
        assert!(s["statuses"].as_array().unwrap().contains(&serde_json::json!(status)), "{id}: {s}");
    }
    // The stack trace is one record of 12 lines.
    let r = run(&["trace", "--json", "e4b2a9d0-6c1f-4e8b-a7d3-9f0e2b4c6a58", &dir]);
    let gw: Vec<Value> =
        r.json().into_iter().filter(|e| e["source"].as_str().unwrap().ends_with("gateway.log")).collect();
    assert_eq!(gw[0]["fields"]["lines"], 12);
    // The slowest request leads --top (request_time 4.800).
    let r = run(&["trace", "--json", "--top", "1", &dir]);
    let rows = r.json();
    let slow = rows.iter().find(|x| x["ranking"] == "slowest").unwrap();
    assert_eq!(slow["id"], "c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e02");
    assert_eq!(slow["recorded_ms"], 4800.0);
}

/// The issue's mixed-case example, and a W3C trace id in mixed case.
const MIXED: &str = "3F2504E0-4f89-11D3-9A0C-0305E82C3301";
const MIXED_TP: &str = "4Bf92F3577b34DA6a3cE929d0E0e4736";

/// One line per position, each carrying an ID in mixed case.
fn mixed_positions(dir: &Path) -> Vec<String> {
    let tp = format!("00-{MIXED_TP}-00f067aa0ba902b7-01");
    vec![
        write(
            dir,
            "svc.jsonl",
            format!(
                "{{\"ts\":\"2024-03-03T12:00:00.001Z\",\"level\":\"info\",\"request_id\":\"{MIXED}\",\"msg\":\"a\"}}\n\
                 {{\"ts\":\"2024-03-03T12:00:00.002Z\",\"level\":\"info\",\"request_id\":\"x{MIXED}\",\"msg\":\"glued\"}}\n"
            )
            .as_bytes(),
        ),
        write(
            dir,
            "db.log",
            format!(
                "ts=2024-03-03T12:00:00.010Z level=error service=db req_id={MIXED} msg=\"deadlock\"\n\
                 ts=2024-03-03T12:00:00.011Z level=info service=db traceparent={tp} msg=\"hop\"\n"
            )
            .as_bytes(),
        ),
        write(
            dir,
            "access.log",
            format!(
                "192.0.2.1 - - [03/Mar/2024:12:00:01 +0000] \"GET /api/x HTTP/1.1\" 503 12 \"-\" \"curl/8.0\" 0.020 req={MIXED}\n"
            )
            .as_bytes(),
        ),
        write(
            dir,
            "nova.log",
            format!(
                "2024-03-03 12:00:02.100 25746 ERROR worker: giving up on {MIXED} after 3 tries\n\
                 2024-03-03 12:00:02.200 25746 INFO nova.api [req-{MIXED} 113d3a99 - - -] GET /v2\n\
                 2024-03-03 12:00:02.300 25746 INFO proxy: traceparent: {tp}\n"
            )
            .as_bytes(),
        ),
    ]
}

/// (file name, line) of each event printed by `trace --json`.
fn where_found(r: &crate::util::Run) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = r
        .json()
        .iter()
        .map(|e| {
            (
                Path::new(e["source"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn mixed_case_hex_ids_are_found_by_any_case_form() {
    let dir = tempfile::tempdir().unwrap();
    let fs = mixed_positions(dir.path());
    let want: Vec<(String, u64)> =
        [("access.log", 1), ("db.log", 1), ("nova.log", 1), ("nova.log", 2), ("svc.jsonl", 1)]
            .iter()
            .map(|(f, l)| (f.to_string(), *l))
            .collect();
    let lower = MIXED.to_lowercase();
    for id in [lower.clone(), MIXED.to_uppercase(), MIXED.to_string(), format!("req-{lower}")] {
        let r = run(&args(&["trace", "--json", &id], &fs));
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        let got = where_found(&r);
        if id.starts_with("req-") {
            // Only the OpenStack line writes it with `req-`.
            assert_eq!(got, vec![("nova.log".to_string(), 2)], "{id}");
        } else {
            assert_eq!(got, want, "{id}");
        }
    }
    // The W3C trace id, in a traceparent field and in raw text.
    for id in [MIXED_TP.to_lowercase(), MIXED_TP.to_uppercase()] {
        let r = run(&args(&["trace", "--json", &id], &fs));
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert_eq!(where_found(&r), vec![("db.log".to_string(), 2), ("nova.log".to_string(), 3)], "{id}");
    }
    // A unique prefix, in another mix of cases, names the ID as logged.
    let r = run(&args(&["trace", "--summary", "--json", "3f2504E0-4F89"], &fs));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = &r.json()[0];
    assert_eq!((s["id"].as_str(), s["events"].as_u64()), (Some(lower.as_str()), Some(5)), "{s}");
    // And the lower-case ID logged in lower case is found by the mixed form.
    let f = write(
        dir.path(),
        "lower.log",
        format!("ts=2024-03-03T12:00:03Z level=info request_id={lower}\n").as_bytes(),
    );
    let r = run(&["trace", "--json", MIXED, &f]);
    assert_eq!(r.json().len(), 1, "{}", r.stderr);
    // --top counts the mixed spellings as one request.
    let r = run(&args(&["trace", "--json", "--top", "1"], &fs));
    let most = r.json().into_iter().find(|x| x["ranking"] == "events").unwrap();
    assert_eq!((most["id"].as_str(), most["events"].as_u64()), (Some(lower.as_str()), Some(5)), "{most}");
}

/// `--top` reads access, logfmt, JSON-lines, leveltext and syslog sources
/// without building events when no filter is given; with a filter that keeps everything
/// (`-e` on the first byte of every line) every record is parsed. Both must give the same rows, on the
/// fixtures (every format, ugly lines, hostile input) and on a generated
/// corpus when the generator is present.
#[test]
fn top_reads_the_same_with_and_without_building_events() {
    let mut sets: Vec<Vec<String>> =
        ["formats", "incident", "logins", "timeline", "hostile", "fuzz", "newyear"]
            .iter()
            .map(|d| vec![crate::util::fixture(d)])
            .collect();
    let corpus = corpus();
    if let Some((dir, _)) = &corpus {
        sets.push(files(dir.path()));
    }
    let mut rows = 0;
    for paths in &sets {
        let quick = run(&args(&["trace", "--top", "1000", "--json"], paths));
        let parsed = run(&args(&["trace", "--top", "1000", "--json", "-e", "(?m)^(?-u:[^\\r\\n])"], paths));
        assert_eq!(quick.code, parsed.code, "{paths:?}: {}", quick.stderr);
        assert_eq!(quick.stdout, parsed.stdout, "{paths:?}");
        rows += quick.stdout.lines().count();
        let text = run(&args(&["trace", "--top", "50"], paths));
        let text_parsed = run(&args(&["trace", "--top", "50", "-e", "(?m)^(?-u:[^\\r\\n])"], paths));
        assert_eq!(text.stdout, text_parsed.stdout, "{paths:?}");
    }
    assert!(rows > 100, "{rows}");
}
