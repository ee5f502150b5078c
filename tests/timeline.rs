//! `logsift timeline` (issue 4): the merged order across sources, offsets
//! and zones, ties, out-of-order sources, untimed and continuation lines,
//! windows, and every output (view, JSON, CSV, Timesketch, histogram, gaps,
//! skew).

use crate::util::{fixture, gzip, run, write};

/// `(file name, message start)` of each event, in output order.
fn order(rows: &[serde_json::Value]) -> Vec<(String, String)> {
    rows.iter()
        .map(|r| {
            let src = r["source"].as_str().unwrap();
            let name = src.rsplit('/').next().unwrap().to_string();
            let msg = r["message"].as_str().unwrap();
            (name, msg.split(' ').next().unwrap().to_string())
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

const MERGED: [(&str, &str); 13] = [
    ("a.jsonl", "a1"),
    ("b.log", "b1"),
    ("c.log", "c3"),
    ("a.jsonl", "a2"),
    ("a.jsonl", "not"),
    ("b.log", "b2"),
    ("c.log", "c1"),
    ("c.log", "c2"),
    ("b.log", "b3"),
    ("a.jsonl", "a3"),
    ("c.log", "c4"),
    ("a.jsonl", "a4"),
    ("b.log", "b4"),
];

#[test]
fn three_sources_interleave_by_utc_instant_with_stable_ties() {
    let r = run(&["timeline", "--json", &fixture("timeline")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(order(&rows), pairs(&MERGED));
    // +02:00 and -05:00 offsets land on the UTC instant.
    assert_eq!(rows[1]["ts"], "2024-03-03T12:00:01Z");
    assert_eq!(rows[8]["ts"], "2024-03-03T12:00:04Z");
    // the stack trace is one record of 4 lines; the raw line has no time.
    assert_eq!(rows[7]["fields"]["lines"], 4);
    assert!(rows[7]["message"].as_str().unwrap().contains("at com.example.Worker.run"));
    assert_eq!(rows[4]["ts"], serde_json::Value::Null);
    assert_eq!(rows[4]["line"], 3);
}

#[test]
fn same_order_at_any_chunk_size_thread_count_and_through_streams() {
    let base = run(&["timeline", "--json", &fixture("timeline")]).stdout;
    for extra in [&["--chunk-size", "64"][..], &["-j", "1"], &["--no-mmap", "--chunk-size", "100"]] {
        let mut args = vec!["timeline", "--json"];
        args.extend_from_slice(extra);
        let p = fixture("timeline");
        args.push(&p);
        let r = run(&args);
        assert_eq!(r.stdout, base, "with {extra:?}: {}", r.stderr);
    }
    // A gzip copy of a source (spilled, then re-read) gives the same events.
    let dir = tempfile::tempdir().unwrap();
    for f in ["a.jsonl", "b.log"] {
        std::fs::copy(fixture(&format!("timeline/{f}")), dir.path().join(f)).unwrap();
    }
    let c = std::fs::read(fixture("timeline/c.log")).unwrap();
    write(dir.path(), "c.log.gz", &gzip(&c));
    let r = run(&["timeline", "--json", &dir.path().to_string_lossy()]);
    let got: Vec<(String, String)> =
        order(&r.json()).into_iter().map(|(f, m)| (f.replace(".gz", ""), m)).collect();
    assert_eq!(got, pairs(&MERGED), "{}", r.stderr);
}

#[test]
fn the_view_has_a_legend_aligned_columns_and_marks_untimed_lines() {
    let r = run(&["timeline", &fixture("timeline")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("A  ") && lines[0].ends_with("timeline/a.jsonl"), "{}", lines[0]);
    assert!(lines[2].ends_with("timeline/c.log"));
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with("2024-03-03 12:00:00.000  A  info"), "{}", lines[4]);
    let raw = lines.iter().find(|l| l.contains("not json")).unwrap();
    assert!(raw.trim_start().starts_with("↳  A"), "{raw}");
    let col = lines[4].find("a1 start").unwrap();
    assert_eq!(raw.find("not json").map(|i| raw[..i].chars().count()), Some(col));
    // the stack trace's lines are indented under the message column
    let at = lines.iter().find(|l| l.contains("at com.example.Worker.run")).unwrap();
    assert!(at.starts_with(&" ".repeat(col)));
}

#[test]
fn windows_head_and_tail() {
    let p = fixture("timeline");
    let r = run(&[
        "timeline",
        "--json",
        "--since",
        "2024-03-03T12:00:02Z",
        "--until",
        "2024-03-03T12:00:05Z",
        &p,
    ]);
    let names: Vec<String> = order(&r.json()).into_iter().map(|(_, m)| m).collect();
    assert_eq!(names, ["a2", "not", "b2", "c1", "c2", "b3"], "the untimed line follows a2 into the window");
    let r = run(&["timeline", "--json", "--around", "2024-03-03T12:20:00Z", "--window", "5s", &p]);
    assert_eq!(order(&r.json()).len(), 2);
    let r = run(&["timeline", "--json", "--head", "2", &p]);
    assert_eq!(order(&r.json()), pairs(&MERGED[..2]));
    let r = run(&["timeline", "--json", "-n", "3", &p]);
    assert_eq!(order(&r.json()), pairs(&MERGED[10..]));
    let r = run(&["timeline", "--json", "--level", "error", &p]);
    let names: Vec<String> = order(&r.json()).into_iter().map(|(_, m)| m).collect();
    assert_eq!(names, ["c2", "a3"]);
    let r = run(&["timeline", "--json", "--since", "2030-01-01", &p]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "nothing found is exit 1");
}

#[test]
fn year_less_syslog_in_a_gz_across_new_year_merges_into_the_right_years() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = gzip(
        b"Dec 31 23:59:58 web1 sshd[1]: Accepted publickey for alice from 10.0.0.2 port 5000 ssh2\n\
          Jan  1 00:00:02 web1 sshd[2]: Accepted publickey for bob from 10.0.0.3 port 5001 ssh2\n",
    );
    z[4..8].copy_from_slice(&1_704_153_600u32.to_le_bytes()); // 2024-01-02T00:00:00Z
    write(dir.path(), "auth.log.1.gz", &z);
    write(
        dir.path(),
        "app.jsonl",
        b"{\"ts\":\"2023-12-31T23:59:59Z\",\"msg\":\"last of 2023\"}\n\
          {\"ts\":\"2024-01-01T00:00:01Z\",\"msg\":\"first of 2024\"}\n",
    );
    let r = run(&["timeline", "--json", &dir.path().to_string_lossy()]);
    let rows = r.json();
    let ts: Vec<&str> = rows.iter().map(|r| r["ts"].as_str().unwrap()).collect();
    assert_eq!(
        ts,
        ["2023-12-31T23:59:58Z", "2023-12-31T23:59:59Z", "2024-01-01T00:00:01Z", "2024-01-01T00:00:02Z"],
        "{}",
        r.stderr
    );
    assert_eq!(rows[0]["fields"]["year_inferred"], true);
}

#[test]
fn per_source_zones_and_display_zone() {
    let p = fixture("timeline");
    // c.log is zone-less: read it in Berlin (UTC+1 in March), the rest in UTC.
    let r = run(&["timeline", "--json", "--tz", "UTC", "--tz", "c.log=Europe/Berlin", &p]);
    let rows = r.json();
    let c1 = rows.iter().find(|r| r["message"].as_str().unwrap().starts_with("c1")).unwrap();
    assert_eq!(c1["ts"], "2024-03-03T11:00:02.000Z", "{}", r.stderr);
    assert_eq!(order(&rows)[0], ("c.log".to_string(), "c3".to_string()), "c moved an hour earlier");
    let r = run(&["timeline", "--display-tz", "+05:30", "--head", "1", &p]);
    assert!(r.stdout.contains("2024-03-03 17:30:00.000  A"), "{}", r.stdout);
    let r = run(&["timeline", "--tz", "c.log=Mars/Base", &p]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown time zone"), "{}", r.stderr);
}

#[test]
fn histogram_counts_are_exact_per_bucket_level_and_source() {
    let p = fixture("timeline");
    let r = run(&["timeline", "--histogram", "--bucket", "1m", "--json", &p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 21, "12:00 .. 12:20, silent minutes included");
    assert_eq!(rows[0]["start"], "2024-03-03T12:00:00Z");
    assert_eq!(rows[0]["end"], "2024-03-03T12:01:00Z");
    assert_eq!(rows[0]["count"], 10, "timestamped records only");
    assert_eq!(rows[0]["by_level"], serde_json::json!({"info": 6, "warn": 2, "error": 2}));
    let src = rows[0]["by_source"].as_object().unwrap();
    let by: Vec<u64> = ["a.jsonl", "b.log", "c.log"]
        .iter()
        .map(|f| src.iter().find(|(k, _)| k.ends_with(f)).map_or(0, |(_, v)| v.as_u64().unwrap()))
        .collect();
    assert_eq!(by, [3, 3, 4]);
    assert_eq!(rows[5]["count"], 0);
    assert_eq!(rows[20]["count"], 2);
    let text = run(&["timeline", "--histogram", &p]).stdout;
    assert!(text.contains("bucket 30s"), "{text}");
    assert!(text.contains('█'));
}

#[test]
fn gaps_list_silences_with_the_events_around_them() {
    let r = run(&["timeline", "--gaps", "10m", "--json", &fixture("timeline")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 2, "a and b go silent; c stops logging altogether");
    assert!(rows[0]["source"].as_str().unwrap().ends_with("a.jsonl"));
    assert_eq!(rows[0]["start"], "2024-03-03T12:00:05.250Z");
    assert_eq!(rows[0]["end"], "2024-03-03T12:20:00.000Z");
    assert_eq!(rows[0]["duration_s"], 1194.75);
    assert!(rows[0]["before"]["message"].as_str().unwrap().starts_with("a3"));
    assert!(rows[0]["after"]["message"].as_str().unwrap().starts_with("a4"));
    let r = run(&["timeline", "--gaps", "1h", &fixture("timeline")]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

#[test]
fn timesketch_lines_are_json_with_the_required_keys() {
    let r = run(&["timeline", "--timesketch", &fixture("timeline")]);
    let rows = r.json();
    assert_eq!(rows.len(), 13);
    for row in &rows {
        for k in ["message", "datetime", "timestamp_desc", "timestamp", "data_type", "source_file"] {
            assert!(row.get(k).is_some(), "{k} missing in {row}");
        }
    }
    assert_eq!(rows[0]["datetime"], "2024-03-03T12:00:00.000Z");
    assert_eq!(rows[0]["data_type"], "logsift:json");
    assert_eq!(rows[4]["untimed"], true);
    assert_eq!(rows[4]["timestamp"], rows[3]["timestamp"], "an untimed line takes the time before it");
    assert_eq!(rows[9]["request_id"], "r-1");
}

#[test]
fn csv_has_a_header_and_one_row_per_event() {
    let r = run(&["timeline", "--csv", &fixture("timeline")]);
    let lines: Vec<&str> = r.stdout.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "ts,source,line,level,host,app,message");
    assert!(lines[1].starts_with("2024-03-03T12:00:00.000Z,"), "{}", lines[1]);
}

#[test]
fn skew_is_estimated_from_shared_request_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (String::new(), String::new());
    for i in 0..20 {
        a.push_str(&format!(
            "{{\"ts\":\"2024-03-03T12:{:02}:00.000Z\",\"msg\":\"in\",\"request_id\":\"q{i}\"}}\n",
            i
        ));
        // host b's clock is 3.2 s ahead; 10-30 ms of latency
        b.push_str(&format!("ts=2024-03-03T12:{:02}:03.{:03}Z msg=out request_id=q{i}\n", i, 210 + i));
    }
    write(dir.path(), "a.jsonl", a.as_bytes());
    write(dir.path(), "b.log", b.as_bytes());
    let r = run(&["timeline", "--skew", "--json", &dir.path().to_string_lossy()]);
    let rows = r.json();
    assert_eq!(rows.len(), 1, "{}", r.stderr);
    assert_eq!(rows[0]["shared_ids"], 20);
    assert_eq!(rows[0]["offset_s"], 3.219);
}

#[test]
fn the_incident_merges_all_nine_sources() {
    let r = run(&["timeline", "--json", &fixture("incident")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 2310);
    let ts: Vec<&str> = rows.iter().filter_map(|r| r["ts"].as_str()).collect();
    assert_eq!(ts.len(), 2310);
    assert!(ts.windows(2).all(|w| w[0][..19] <= w[1][..19]), "sorted by instant");
    // db1 wrote +01:00: its slow UPDATE sits between the payments hops at 10:20:36 UTC.
    let i =
        rows.iter().position(|r| r["message"].as_str().unwrap().contains("duration: 4791.220 ms")).unwrap();
    assert_eq!(rows[i]["ts"], "2024-03-03T10:20:36.347Z");
    assert!(rows[i + 1]["message"].as_str().unwrap().contains("slow query"));
}

/// The key scan reads only timestamps when nothing but the time window
/// filters; any content condition (here `-e ''`, which every record
/// matches) takes the full parse. Both must place every record the same:
/// same JSON, view and CSV, on every fixture directory and the loghub
/// samples (when ../shared is present), gzip, continuation lines, untimed
/// and year-less records included.
#[test]
fn the_timestamp_only_key_scan_orders_like_the_full_parse() {
    let mut dirs: Vec<String> = ["incident", "newyear", "timeline", "formats", "logins", "hostile", "redact"]
        .iter()
        .map(|d| fixture(d))
        .collect();
    let loghub = crate::util::root().join("../../shared/corpus/loghub");
    if loghub.is_dir() {
        dirs.push(loghub.to_string_lossy().into_owned());
    }
    let mut compared = 0;
    for d in &dirs {
        for out in [&["--json"][..], &["--color", "never", "--cut", "200"], &["--csv"]] {
            let mut args = vec!["timeline", "-q"];
            args.extend_from_slice(out);
            args.push(d);
            let fast = run(&args);
            args.insert(2, "-e");
            args.insert(3, "");
            let full = run(&args);
            assert_eq!(fast.code, full.code, "{d} {out:?}: {}", fast.stderr);
            assert!(fast.stdout == full.stdout, "{d} {out:?}: the key scan changed the timeline");
            compared += fast.stdout.lines().count();
        }
    }
    assert!(compared > 10_000, "{compared} lines compared");
}

/// A spill that cannot be made (no temporary directory) is an error naming
/// the compressed source and the directory; the mapped sources, which
/// need no spill, are still merged, and the exit code says so.
#[test]
fn a_missing_temporary_directory_names_the_source_and_keeps_the_mapped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plain: String = (0..6000)
        .map(|i| {
            format!(
                "2024-03-03T12:{:02}:{:02}Z INFO plain line {i:05} of the mapped source\n",
                i / 60 % 60,
                i % 60
            )
        })
        .collect();
    assert!(plain.len() > 256 * 1024, "large enough to be mapped");
    write(dir.path(), "big.log", plain.as_bytes());
    write(dir.path(), "small.log.gz", &gzip(b"2024-03-03T12:00:00.500Z WARN from the gzip source\n"));
    let out = crate::util::logsift()
        .env("TMPDIR", "/nonexistent/logsift-spill")
        .args(["timeline", "--json", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("small.log.gz") && stderr.contains("cannot spill"), "{stderr}");
    assert!(stderr.contains("/nonexistent/logsift-spill"), "names the directory: {stderr}");
    let rows = String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.contains("plain line")).count();
    assert_eq!(rows, 6000);
}
