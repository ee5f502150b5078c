//! Property tests (issue 9), on generated inputs that mix every format with
//! CRLF, lone CR, continuation lines and invalid UTF-8:
//!
//! - chunked parallel scanning gives exactly the events of one sequential
//!   pass, for any chunk size and thread count, mapped or streamed, and
//!   with lines longer than `--max-line` cut at the same places, with the
//!   same one warning per file;
//! - `timeline` order is a stable sort of the events by instant;
//! - `filter -v` partitions the events exactly;
//! - `redact` never leaves a planted secret and never changes a line that
//!   has none.
//!
//! Case counts are kept small (the suite runs in debug builds); proptest
//! shrinks any failure to a minimal input and prints it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use logsift::input::Input;
use logsift::redact::{Counts, RedactOptions, Redactor};
use logsift::scan::{scan, Chunk, Delivery, Meter, ScanOptions};
use proptest::prelude::*;

use crate::util::{run, write};

/// One generated line: a format (or a continuation, garbage, blank), a
/// second of the minute, a message and how it ends.
#[derive(Debug, Clone)]
struct Line {
    kind: u8,
    sec: u32,
    msg: String,
    end: u8,
}

fn line() -> impl Strategy<Value = Line> {
    (0..9u8, 0..60u32, "[a-z]{1,8}( [a-z0-9]{1,6}){0,4}", 0..8u8).prop_map(|(kind, sec, msg, end)| Line {
        kind,
        sec,
        msg,
        end,
    })
}

/// The bytes of one line (without its terminator). Kinds 0-4 carry a
/// timestamp; 5 continues the record before it; 6 is invalid UTF-8; 7 is
/// blank; 8 holds a lone CR in the middle.
fn render(l: &Line, timestamped_only: bool) -> Vec<u8> {
    let (s, m) = (l.sec, &l.msg);
    let kind = if timestamped_only { l.kind % 5 } else { l.kind };
    match kind {
        0 => format!("Mar  3 12:00:{s:02} web1 sshd[{}]: {m}", 100 + s).into_bytes(),
        1 => format!(r#"{{"ts":"2024-03-03T12:00:{s:02}Z","level":"info","msg":"{m}"}}"#).into_bytes(),
        2 => format!(r#"ts=2024-03-03T12:00:{s:02}Z level=warn msg="{m}" n={s}"#).into_bytes(),
        3 => format!("2024-03-03 12:00:{s:02},123 ERROR [main] {m}").into_bytes(),
        4 => format!(r#"192.0.2.{s} - - [03/Mar/2024:12:00:{s:02} +0000] "GET /{m} HTTP/1.1" 200 {s}"#)
            .into_bytes(),
        5 => format!("\tat com.example.{m}(App.java:{s})").into_bytes(),
        6 => [b"\xff\xfe bad ".as_slice(), m.as_bytes(), b" \x80\xc3"].concat(),
        7 => Vec::new(),
        _ => format!("2024-03-03 12:00:{s:02},000 INFO [x] {m}\rhalf").into_bytes(),
    }
}

/// A whole file: lines with LF or CRLF ends (or, with `cr_only`, lone CRs
/// throughout, as old Mac files have), the last line maybe unterminated.
fn file(lines: &[Line], cr_only: bool, timestamped_only: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let mut text = render(l, timestamped_only);
        if cr_only {
            text.retain(|&b| b != b'\r');
        }
        out.extend_from_slice(&text);
        let last = i + 1 == lines.len();
        match (cr_only, l.end) {
            (true, _) => out.push(b'\r'),
            (false, 0) if last => {}
            (false, 1 | 2) => out.extend_from_slice(b"\r\n"),
            _ => out.push(b'\n'),
        }
    }
    out
}

/// Every event of every input, by source label, in line order, as text
/// that shows each parsed part (the scan's source id, which depends on
/// timing, left out). `par` is (reader threads, chunks in flight).
///
/// The scan runs on the global worker pool, as in the binary: a scan
/// driven from inside a pool's own worker would queue its chunks behind
/// itself (thread counts are varied through `-j` below instead).
fn scan_events(
    inputs: &[Input],
    chunk_size: usize,
    par: (usize, usize),
    no_mmap: bool,
) -> BTreeMap<String, Vec<String>> {
    let (events, warnings) = scan_events_cut(inputs, chunk_size, par, no_mmap, usize::MAX);
    assert!(warnings.is_empty(), "no input error expected: {warnings:?}");
    events
}

/// [`scan_events`] with `--max-line` set: also returns the warnings about
/// long lines, by source label (any other input error panics).
fn scan_events_cut(
    inputs: &[Input],
    chunk_size: usize,
    par: (usize, usize),
    no_mmap: bool,
    max_line: usize,
) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, Vec<String>>) {
    let mut opts =
        ScanOptions { chunk_size, readers: par.0, in_flight: par.1, max_line, ..ScanOptions::default() };
    opts.open.no_mmap = no_mmap;
    opts.open.year = Some(2024);
    let work = |c: &Chunk| {
        let mut v = Vec::new();
        c.for_each_event(&mut |mut ev| {
            ev.source = 0;
            v.push(format!("{ev:?}"));
        });
        (c.source.label.clone(), c.source.mapped, v)
    };
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    scan(inputs, &opts, &Meter::new(), &work, |d| {
        match d {
            Delivery::Chunk { out: (label, mapped, v), .. } => {
                assert_eq!(mapped, !no_mmap && label.contains("big"), "{label}");
                out.entry(label).or_default().extend(v);
            }
            Delivery::Error(e) if e.is_warning() => {
                warnings.entry(e.label.clone()).or_default().push(e.to_string())
            }
            Delivery::Error(e) => panic!("no input error expected: {e}"),
            _ => {}
        }
        ControlFlow::Continue(())
    });
    (out, warnings)
}

fn input(path: &str) -> Input {
    Input { path: Some(path.into()), label: path.to_string(), explicit: true }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn chunked_parallel_scanning_equals_one_sequential_pass(
        a in prop::collection::vec(line(), 1..120),
        b in prop::collection::vec(line(), 1..60),
        cr_only in prop::bool::weighted(0.15),
        big in prop::bool::weighted(0.25),
        chunk_size in 64usize..3000,
        big_chunk in 2048usize..65536,
        readers in 1usize..4,
        in_flight in 2usize..9,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let fa = file(&a, false, false);
        // Repeated past the mapping threshold (256 KiB): the mapped path.
        let fa = if big { fa.repeat(256 * 1024 / fa.len().max(1) + 1) } else { fa };
        let name = if big { "big.log" } else { "a.log" };
        let inputs = [
            input(&write(dir.path(), name, &fa)),
            input(&write(dir.path(), "b.log", &file(&b, cr_only, false))),
            input(&write(dir.path(), "c.log.gz", &crate::util::gzip(&file(&b, false, false)))),
        ];
        let reference = scan_events(&inputs, 1 << 30, (1, 2), true);
        prop_assert_eq!(reference.values().map(Vec::len).sum::<usize>() > 0, true);
        // Mapped: chunks of a few KiB (a 64-byte chunk of 256 KiB in a debug
        // build is slow, not more thorough than the streamed small files).
        let size = if big { big_chunk } else { chunk_size };
        let chunked = scan_events(&inputs, size, (readers, in_flight), false);
        prop_assert_eq!(first_difference(&chunked, &reference), None);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn long_lines_are_cut_alike_for_any_chunk_size_mapped_or_streamed(
        a in prop::collection::vec((line(), 0..40usize), 1..60),
        big in prop::bool::weighted(0.3),
        max_line in 24usize..400,
        chunk_size in 64usize..3000,
        big_chunk in 2048usize..65536,
        readers in 1usize..4,
        in_flight in 2usize..9,
    ) {
        // Some messages repeated into lines of up to ~2 KiB.
        let lines: Vec<Line> = a
            .into_iter()
            .map(|(mut l, n)| {
                l.msg = l.msg.repeat(1 + n * n / 8);
                l
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let fa = file(&lines, false, false);
        let fa = if big { fa.repeat(256 * 1024 / fa.len().max(1) + 1) } else { fa };
        let name = if big { "big.log" } else { "a.log" };
        let inputs = [
            input(&write(dir.path(), name, &fa)),
            input(&write(dir.path(), "c.log.gz", &crate::util::gzip(&file(&lines, false, false)))),
        ];
        let (reference, ref_warnings) = scan_events_cut(&inputs, 1 << 30, (1, 2), true, max_line);
        let size = if big { big_chunk } else { chunk_size };
        let (chunked, warnings) = scan_events_cut(&inputs, size, (readers, in_flight), false, max_line);
        prop_assert_eq!(first_difference(&chunked, &reference), None);
        prop_assert_eq!(&warnings, &ref_warnings);
        prop_assert!(warnings.values().all(|w| w.len() == 1), "{:?}", warnings);
        // Old Mac files (a CR and no LF at all) end lines with CR.
        let term = if fa.contains(&b'\n') || !fa.contains(&b'\r') { b'\n' } else { b'\r' };
        let long = fa.split(|&b| b == term).any(|l| l.len() > max_line);
        prop_assert_eq!(warnings.contains_key(&inputs[0].label), long);
    }
}

/// The first event that differs between two scans, shown compactly.
fn first_difference(a: &BTreeMap<String, Vec<String>>, b: &BTreeMap<String, Vec<String>>) -> Option<String> {
    if a.keys().ne(b.keys()) {
        return Some(format!("sources {:?} vs {:?}", a.keys(), b.keys()));
    }
    for (label, ea) in a {
        let eb = &b[label];
        if let Some(i) = (0..ea.len().max(eb.len())).find(|&i| ea.get(i) != eb.get(i)) {
            return Some(format!(
                "{label} event {i}:\n  chunked:    {:?}\n  sequential: {:?}",
                ea.get(i),
                eb.get(i)
            ));
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_thread_count_and_chunk_size_prints_the_same_events(
        a in prop::collection::vec(line(), 1..120),
        cr_only in prop::bool::weighted(0.2),
        chunk_size in 64usize..2000,
        threads in 1usize..5,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let a_lines = a;
        let a = write(dir.path(), "a.log", &file(&a_lines, cr_only, false));
        let gz = write(dir.path(), "a.log.gz", &crate::util::gzip(&std::fs::read(&a).unwrap()));
        let one = run(&["filter", "--json", "--year", "2024", "-j", "1", "--chunk-size", "1073741824", &a, &gz]);
        let (j, c) = (threads.to_string(), chunk_size.to_string());
        let many = run(&["filter", "--json", "--year", "2024", "-j", &j, "--chunk-size", &c, &a, &gz]);
        prop_assert_eq!(one.code, many.code);
        prop_assert_eq!(one.stdout.replace("a.log.gz", "a.log"), many.stdout.replace("a.log.gz", "a.log"));
        // Only a file of blank lines (kind 7) holds no event to print.
        if a_lines.iter().any(|l| l.kind != 7) {
            prop_assert!(!one.stdout.is_empty());
        }
    }
}

/// `(source, line)` of every event a `--json` run printed, in order.
fn located(args: &[&str]) -> Vec<(String, u64)> {
    let r = run(args);
    assert!(r.code <= 1, "{args:?}: {}", r.stderr);
    r.json()
        .into_iter()
        .map(|v| (v["source"].as_str().unwrap().to_string(), v["line"].as_u64().unwrap()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn timeline_is_a_stable_sort_of_the_events_by_instant(
        files in prop::collection::vec(prop::collection::vec(line(), 1..40), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<String> = files
            .iter()
            .enumerate()
            .map(|(i, f)| write(dir.path(), &format!("{i}.log"), &file(f, false, true)))
            .collect();
        let mut args = vec!["--json", "--year", "2024"];
        args.extend(paths.iter().map(String::as_str));
        let events = run(&[&["filter"][..], &args].concat()).json();
        // Input order, then line order: the order filter prints.
        let mut want: Vec<(i64, String, u64)> = events
            .iter()
            .map(|v| {
                let ts = v["ts"].as_str().unwrap_or_else(|| panic!("every record has a time: {v}"));
                let ts = chrono::DateTime::parse_from_rfc3339(ts).unwrap().timestamp_nanos_opt().unwrap();
                (ts, v["source"].as_str().unwrap().to_string(), v["line"].as_u64().unwrap())
            })
            .collect();
        want.sort_by_key(|e| e.0); // stable
        let want: Vec<(String, u64)> = want.into_iter().map(|(_, s, l)| (s, l)).collect();
        prop_assert_eq!(located(&[&["timeline"][..], &args].concat()), want);
    }

    #[test]
    fn filter_v_partitions_the_events_exactly(
        files in prop::collection::vec(prop::collection::vec(line(), 1..40), 1..3),
        pattern in prop::sample::select(vec!["sshd", "ERROR", "a", "[0-9]{2}", "^2024", "bad", "x|y"]),
        ignore_case in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<String> = files
            .iter()
            .enumerate()
            .map(|(i, f)| write(dir.path(), &format!("{i}.log"), &file(f, false, false)))
            .collect();
        let mut base = vec!["filter", "--json"];
        if ignore_case {
            base.push("-i");
        }
        let with = |extra: &[&str]| {
            let mut a = base.clone();
            a.extend_from_slice(extra);
            a.extend(paths.iter().map(String::as_str));
            located(&a)
        };
        let all = with(&[]);
        let hits = with(&["-e", pattern]);
        let misses = with(&["-v", "-e", pattern]);
        let (h, m): (BTreeSet<_>, BTreeSet<_>) = (hits.iter().collect(), misses.iter().collect());
        prop_assert!(h.is_disjoint(&m), "an event both matched and did not");
        prop_assert_eq!(hits.len() + misses.len(), all.len());
        let mut union: Vec<_> = hits.into_iter().chain(misses).collect();
        union.sort();
        let mut all = all;
        all.sort();
        prop_assert_eq!(union, all);
    }
}

/// A planted secret: the line text holding it, and the value that must
/// not survive.
fn secret() -> impl Strategy<Value = (String, String)> {
    let value = "[A-Za-z0-9]{16,32}";
    prop_oneof![
        ("[a-z]{3,10}", "[a-z]{3,10}", prop::sample::select(vec!["com", "org", "de"])).prop_map(
            |(u, d, t)| {
                let e = format!("{u}.{d}@{d}mail.{t}");
                (format!("from <{e}>"), e)
            }
        ),
        (1u8..=254, 0u8..=255, 0u8..=255, 1u8..=254).prop_map(|(a, b, c, d)| {
            let ip = format!("{a}.{b}.{c}.{d}");
            (format!("client {ip} port 22"), ip)
        }),
        (prop::sample::select(vec!["password", "token", "api_key", "secret", "access_token"]), value)
            .prop_map(|(k, v)| (format!("{k}={v}"), v)),
        value.prop_map(|v| (format!("Authorization: Bearer {v}"), v)),
        "[A-Z0-9]{16}".prop_map(|v| {
            let k = format!("AKIA{v}");
            (format!("using {k} now"), k)
        }),
    ]
}

/// Words that hold nothing to redact (no digits that could be an address
/// or a card, no `=`, `@` or `:`).
fn filler() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "GET", "request", "done", "in", "worker", "started", "status", "ok", "cache", "miss",
        ]),
        1..8,
    )
    .prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn redact_never_leaves_a_planted_secret_and_never_touches_a_clean_line(
        lines in prop::collection::vec((filler(), prop::option::weighted(0.5, secret()), filler()), 1..30),
    ) {
        let r = Redactor::new(RedactOptions { ip: true, ..RedactOptions::default() });
        let mut text = String::new();
        for (pre, s, post) in &lines {
            match s {
                Some((planted, _)) => text.push_str(&format!("{pre} {planted} {post}\n")),
                None => text.push_str(&format!("{pre} {post}\n")),
            }
        }
        let mut out = Vec::new();
        r.redact(text.as_bytes(), &mut out, &mut Counts::default());
        let out = String::from_utf8(out).unwrap();
        let got: Vec<&str> = out.lines().collect();
        prop_assert_eq!(got.len(), lines.len(), "line structure kept");
        for ((pre, s, post), (orig, red)) in lines.iter().zip(text.lines().zip(&got)) {
            match s {
                Some((_, value)) => prop_assert!(!red.contains(value.as_str()), "{} survived in {}", value, red),
                None => prop_assert_eq!(*red, orig, "clean line changed ({} / {})", pre, post),
            }
        }
    }
}

#[test]
fn an_unindented_continuation_at_a_chunk_boundary_stays_with_its_record() {
    // Found by the first property: a chunk boundary before an unindented
    // continuation line (Python's last traceback line) made it an event of
    // its own, unlike one sequential pass.
    let dir = tempfile::tempdir().unwrap();
    let record = "2024-03-03 12:00:01,123 ERROR [worker] task failed\nTraceback (most recent call last):\n  File \"x.py\", line 1\nValueError: boom\n";
    let data = record.repeat(2000);
    for (name, data) in [("plain.log", data.clone().into_bytes()), ("big.log", data.repeat(3).into_bytes())] {
        let p = write(dir.path(), name, &data);
        let whole = run(&["filter", "--json", "-j", "1", "--chunk-size", "1073741824", "--no-mmap", &p]);
        for chunk in ["64", "100", "4096"] {
            let cut = run(&["filter", "--json", "--chunk-size", chunk, &p]);
            assert_eq!(cut.stdout, whole.stdout, "{name} --chunk-size {chunk}");
        }
        let v = whole.json();
        assert_eq!(v.len() * 4, data.len() / record.len() * 4, "one event per record");
        assert_eq!(v[0]["fields"]["lines"], 4);
    }
}
