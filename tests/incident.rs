//! The facts fixtures/README.md documents about `fixtures/incident` (and
//! `fixtures/newyear`), checked through the built binary, so the README and
//! the generated files cannot drift apart. Other commands' tests rely on
//! these numbers.

use crate::util::{detect_rows, fixture, run};

/// `logsift filter -c ARGS... PATHS...` and its per-file counts (label suffix -> n) and total.
fn counts(args: &[&str], paths: &[&str]) -> (Vec<(String, u64)>, u64) {
    let mut a = vec!["filter", "-c"];
    a.extend_from_slice(args);
    let paths: Vec<String> = paths.iter().map(|p| fixture(&format!("incident/{p}"))).collect();
    a.extend(paths.iter().map(String::as_str));
    let r = run(&a);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let mut per = Vec::new();
    let mut total = None;
    for line in r.stdout.lines() {
        let (k, n) = line.rsplit_once(':').unwrap_or_else(|| panic!("count line: {line}"));
        let n: u64 = n.parse().unwrap();
        if k == "total" {
            total = Some(n);
        } else {
            let k = k.split("fixtures/incident/").nth(1).unwrap_or(k);
            per.push((k.trim_start_matches("./").to_string(), n));
        }
    }
    let total = total.unwrap_or_else(|| per.iter().map(|(_, n)| n).sum());
    (per, total)
}

fn nonzero(per: &[(String, u64)]) -> Vec<(&str, u64)> {
    per.iter().filter(|(_, n)| *n > 0).map(|(k, n)| (k.as_str(), *n)).collect()
}

#[test]
fn the_five_documented_request_ids_have_their_exact_records_per_file() {
    let cases: [(&str, &[(&str, u64)]); 5] = [
        (
            "3f1c9a52-7b4e-4d21-9c0a-5e8f2b6d7a10",
            &[
                ("app/gateway.log", 1),
                ("app/orders.jsonl", 2),
                ("app/payments.log", 1),
                ("web1/nginx/access.log.1", 1),
            ],
        ),
        (
            "8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
        ),
        (
            "c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e02",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
        ),
        (
            "e4b2a9d0-6c1f-4e8b-a7d3-9f0e2b4c6a58",
            &[("app/gateway.log", 1), ("app/payments.log", 1), ("web1/nginx/access.log", 1)],
        ),
        ("1b9d3f5a-8c2e-4a7b-9d1f-3e5a7c9b2d46", &[("web1/nginx/access.log", 1)]),
    ];
    for (id, want) in cases {
        let (per, _) = counts(&["-F", id], &["."]);
        assert_eq!(nonzero(&per), want, "{id}");
    }
}

#[test]
fn the_stack_trace_is_one_gateway_record_of_twelve_lines() {
    let r = run(&[
        "filter",
        "--json",
        "-F",
        "Caused by: java.net.SocketTimeoutException",
        &fixture("incident/app"),
    ]);
    let evs = r.json();
    assert_eq!(evs.len(), 1, "{}", r.stdout);
    assert_eq!(evs[0]["line"], 281);
    assert_eq!(evs[0]["fields"]["lines"], 12);
    assert_eq!(evs[0]["fields"]["request_id"], "e4b2a9d0-6c1f-4e8b-a7d3-9f0e2b4c6a58");
}

#[test]
fn nginx_5xx_are_31_all_between_10_20_and_10_31() {
    let (per, total) = counts(&["--field", "status>=500"], &["web1/nginx"]);
    assert_eq!(total, 31);
    assert_eq!(nonzero(&per), [("web1/nginx/access.log", 31)]);
    let (_, inside) = counts(
        &["--field", "status>=500", "--since", "2024-03-03 10:20", "--until", "2024-03-03 10:31"],
        &["web1/nginx"],
    );
    assert_eq!(inside, 31);
    let (_, first_min) = counts(
        &["--field", "status>=500", "--since", "2024-03-03 10:22", "--until", "2024-03-03 10:23"],
        &["web1/nginx"],
    );
    assert_eq!(first_min, 5, "the busiest minute");
    let (_, slow) = counts(&["--field", "request_time>=4.5"], &["web1/nginx"]);
    assert_eq!(slow, 1, "one very slow request");
    let (_, logins) = counts(&["-F", "198.51.100.50", "--field", "status=401"], &["web1/nginx"]);
    assert_eq!(logins, 6);
}

#[test]
fn error_counts_per_service_and_the_orders_silence() {
    let (per, _) = counts(&["--level", "error"], &["app", "db1"]);
    assert_eq!(
        nonzero(&per),
        [
            ("app/gateway.log", 31),
            ("app/orders.jsonl", 3),
            ("app/payments.log", 9),
            ("db1/postgresql.log", 17)
        ]
    );
    let (_, silent) =
        counts(&["--since", "2024-03-03 10:21:59", "--until", "2024-03-03 10:31:00"], &["app/orders.jsonl"]);
    assert_eq!(silent, 0, "orders is silent from 10:21:58.356 to 10:31:00.412");
    let (_, edge) =
        counts(&["--since", "2024-03-03 10:21:58", "--until", "2024-03-03 10:31:01"], &["app/orders.jsonl"]);
    assert_eq!(edge, 5, "the last line before the gap and the 4 restart lines at 10:31:00.412-.823");
}

#[test]
fn ssh_failures_per_address() {
    let (_, total) = counts(&["-F", "Failed password"], &["web1"]);
    assert_eq!(total, 75);
    let (_, brute) = counts(&["-F", "Failed password", "-F", "from 203.0.113.77 port"], &["web1"]);
    assert!(brute >= 37, "-F is an OR of patterns: {brute}");
    let (_, brute) = counts(&["-e", "Failed password .* from 203\\.0\\.113\\.77 port"], &["web1"]);
    assert_eq!(brute, 37);
    let (_, spray) = counts(&["-e", "Failed password .* from 198\\.51\\.100\\.23 port"], &["web1"]);
    assert_eq!(spray, 11);
    let (_, accepted) = counts(&["-F", "Accepted password for deploy from 203.0.113.77"], &["web1"]);
    assert_eq!(accepted, 1);
    let (_, root) = counts(&["-F", "Accepted publickey for root", "--until", "2024-03-03 06:00"], &["web1"]);
    assert_eq!(root, 1, "the off-hours root login is in auth.log.1");
}

#[test]
fn newyear_gzip_spans_the_new_year_and_json_offsets_are_utc() {
    let (r, rows) = detect_rows(&[&fixture("newyear")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["source"].as_str().unwrap().ends_with("newyear/app/api.jsonl"));
    assert_eq!(rows[0]["first"], "2024-12-31T21:59:59.900Z", "written 2024-12-31T23:59:59.900+02:00");
    assert_eq!(rows[0]["last"], "2025-01-01T03:12:45.000Z");
    assert!(rows[1]["source"].as_str().unwrap().ends_with("newyear/web1/auth.log.1.gz"));
    assert_eq!(rows[1]["lines"], 14);
    assert_eq!(rows[1]["first"], "2024-12-31T22:17:01Z");
    assert_eq!(rows[1]["last"], "2025-01-01T05:50:00Z");
    assert_eq!(rows[1]["year_basis"], "gzip mtime 2025-01-01");
}
