//! Hostile JSON and impossible timestamps (issue 9): a line nested 10 000
//! levels deep, duplicate keys, numbers no float can hold, and dates that do
//! not exist. Every command ends normally and `--json` output stays valid
//! JSON on every line.

use crate::util::{run, write, Run};

/// Every stdout line is JSON by the grammar (checked without converting
/// numbers, so `1e400` counts as the valid JSON it is).
fn assert_json_grammar(r: &Run) {
    for l in r.stdout.lines() {
        let mut de = serde_json::Deserializer::from_str(l);
        let ok = serde::de::Deserialize::deserialize(&mut de).map(|_: serde::de::IgnoredAny| ());
        assert!(ok.is_ok() && de.end().is_ok(), "not JSON: {}", &l[..l.len().min(300)]);
    }
}

#[test]
fn json_nested_10000_levels_deep_is_kept_without_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let d = 10_000;
    let mut text = String::from(r#"{"time":"2024-03-03T12:00:00Z","msg":"before"}"#);
    text.push('\n');
    text.push_str(&format!(
        r#"{{"time":"2024-03-03T12:00:01Z","msg":"arrays","x":{}{}}}"#,
        "[".repeat(d),
        "]".repeat(d)
    ));
    text.push('\n');
    text.push_str(&format!(
        r#"{{"time":"2024-03-03T12:00:02Z","msg":"objects","y":{}1{}}}"#,
        r#"{"a":"#.repeat(d),
        "}".repeat(d)
    ));
    text.push('\n');
    text.push_str(&format!("{}\n", "[".repeat(100_000)));
    text.push_str(r#"{"time":"2024-03-03T12:00:03Z","msg":"after"}"#);
    text.push('\n');
    let path = write(dir.path(), "deep.json", text.as_bytes());
    for format in [None, Some("json")] {
        let mut args = vec!["filter", "--json", "-e", "."];
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        args.push(&path);
        let r = run(&args);
        assert_eq!(r.code, 0, "{format:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked") && !r.stderr.contains("overflow"), "{}", r.stderr);
        assert_json_grammar(&r);
        let rows = r.json();
        assert_eq!(rows.len(), 5, "every line is an event, parsed or raw");
        let last = &rows[4];
        assert_eq!(last["line"], 5);
        assert!(last["message"].as_str().unwrap().contains("after"), "the line after the deep ones is read");
        for row in &rows[1..3] {
            // Either parsed as JSON or kept raw, but never lost.
            let kept = row["message"].as_str().unwrap().len() >= d || row["format"] == "json";
            assert!(kept, "{}", &row.to_string()[..200]);
        }
    }
    let r = run(&["timeline", "--json", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_json_grammar(&r);
}

#[test]
fn duplicate_keys_and_huge_numbers_round_trip_as_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"time":"2024-03-03T12:00:00Z","msg":"one","msg":"two","n":1e400,"m":-1e400,"tiny":1e-400}"#,
        r#"{"time":"2024-03-03T12:00:01Z","big":1234567890123456789012345678901234567890,"neg":-1234567890123456789012345678901234567890}"#,
        r#"{"time":"2024-03-03T12:00:02Z","a":1,"a":2,"a":{"b":3,"b":[1e400]},"f":0.1000000000000000000000000000001}"#,
        r#"{"time":"2024-03-03T12:00:03Z","bad":01,"nan":NaN}"#,
    ];
    let path = write(dir.path(), "dup.json", (lines.join("\n") + "\n").as_bytes());
    let r = run(&["filter", "--json", "-e", ".", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_json_grammar(&r);
    let out: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(out.len(), 4, "{}", r.stdout);
    // Every line is a value serde_json's `Value` holds as it is (no number
    // it would turn into infinity, zero or a rounded float).
    let v: Vec<serde_json::Value> = out.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Numbers no f64/i64/u64 holds exactly are strings of their text, digit
    // for digit; numbers that round-trip stay numbers.
    let f = |i: usize| &v[i]["fields"];
    assert_eq!(f(0)["n"], "1e400");
    assert_eq!(f(0)["m"], "-1e400");
    assert_eq!(f(0)["tiny"], "1e-400");
    assert_eq!(f(1)["big"], "1234567890123456789012345678901234567890");
    assert_eq!(f(1)["neg"], "-1234567890123456789012345678901234567890");
    assert_eq!(f(2)["f"], "0.1000000000000000000000000000001");
    assert_eq!(f(2)["a"], 1, "{}", out[2]);
    assert_eq!(f(2)["a.b#2"][0], "1e400", "inside nested values too: {}", out[2]);
    // A number written bare in a logfmt line follows the same rule.
    let lf = write(dir.path(), "n.log", b"ts=2024-03-03T12:00:00Z level=info msg=x n=1e400 ok=12.50\n");
    let r = run(&["filter", "--json", "-e", ".", &lf]);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim_end()).unwrap();
    assert_eq!(v["fields"]["n"], "1e400", "{}", r.stdout);
    assert!(r.stdout.contains(r#""ok":12.50"#), "exact numbers keep their text: {}", r.stdout);
    // No key is written twice in one object: a JSON reader keeping the last
    // value would silently lose the first.
    let v2: serde_json::Value = serde_json::from_str(out[2]).unwrap();
    let fields = v2["fields"].as_object().unwrap();
    let raw_fields = &out[2][out[2].find(r#""fields":"#).unwrap()..];
    let a_values = raw_fields.matches(r#""a"#).count();
    assert_eq!(fields.iter().filter(|(k, _)| k.starts_with('a')).count(), a_values, "{}", out[2]);
    assert!(
        out[0].contains(r#""message":"one""#) && out[0].contains(r#""two""#),
        "both msg values kept: {}",
        out[0]
    );
    assert!(
        out[3].contains("bad") && !out[3].contains(r#""bad":01"#),
        "an invalid number is not written bare: {}",
        out[3]
    );
    // The same events through timeline.
    let r = run(&["timeline", "--json", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_json_grammar(&r);
    assert_eq!(r.json().len(), 4, "serde_json reads every line");
}

#[test]
fn impossible_timestamps_are_not_invented_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    let json = write(
        dir.path(),
        "times.json",
        concat!(
            r#"{"time":"0000-01-01T00:00:00Z","msg":"year0"}"#,
            "\n",
            r#"{"time":"99999-01-01T00:00:00Z","msg":"year99999"}"#,
            "\n",
            r#"{"time":"2024-02-30T12:00:00Z","msg":"feb30"}"#,
            "\n",
            r#"{"time":"2016-12-31T23:59:60Z","msg":"leap"}"#,
            "\n",
            r#"{"time":"2024-03-03T25:61:61Z","msg":"hour25"}"#,
            "\n",
            r#"{"time":1e300,"msg":"epoch1e300"}"#,
            "\n",
            r#"{"time":-99999999999999999,"msg":"epochneg"}"#,
            "\n",
            r#"{"time":"2024-03-03T12:00:00Z","msg":"fine"}"#,
            "\n",
        )
        .as_bytes(),
    );
    let syslog = write(
        dir.path(),
        "auth.log",
        b"Feb 30 12:00:00 web1 sshd[1]: feb30\nDec 31 23:59:60 web1 sshd[2]: leap\nMar  3 24:00:00 web1 sshd[3]: hour24\nMar  3 12:00:00 web1 sshd[4]: fine\n",
    );
    let access = write(
        dir.path(),
        "access.log",
        b"127.0.0.1 - - [30/Feb/2024:12:00:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\"\n\
127.0.0.1 - - [31/Dec/2016:23:59:60 +9999] \"GET /b HTTP/1.1\" 200 1 \"-\" \"-\"\n\
127.0.0.1 - - [03/Mar/2024:12:00:00 +0000] \"GET /c HTTP/1.1\" 200 1 \"-\" \"-\"\n",
    );
    let r = run(&["filter", "--json", "--year", "2016", "-e", ".", &json, &syslog, &access]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 15, "every line is an event: {}", r.stdout);
    let ts = |file: &str, line: u64| -> serde_json::Value {
        let row = rows
            .iter()
            .find(|e| e["source"].as_str().unwrap().ends_with(file) && e["line"] == line)
            .unwrap_or_else(|| panic!("no event {file}:{line}: {}", r.stdout));
        row["ts"].clone()
    };
    // A date that does not exist is not moved to another day.
    for (file, line) in
        [("times.json", 3), ("times.json", 5), ("auth.log", 1), ("auth.log", 3), ("access.log", 1)]
    {
        assert!(ts(file, line).is_null(), "{file}:{line}: {}", ts(file, line));
    }
    // Years outside what a log can hold: no time, or a full one.
    for line in [1, 2, 6, 7] {
        let t = ts("times.json", line);
        assert!(t.is_null() || t.as_str().is_some_and(|s| s.len() >= 20), "times.json:{line}: {t}");
    }
    // A leap second is 23:59:60 of its day: shown as that day's end or the
    // next day's start, never as some other time.
    for (file, line) in [("times.json", 4), ("auth.log", 2)] {
        let leap = ts(file, line);
        assert!(
            leap == "2017-01-01T00:00:00Z"
                || leap.as_str().is_some_and(|s| s.starts_with("2016-12-31T23:59:59")),
            "{file}:{line}: {leap}"
        );
    }
    assert_eq!(ts("times.json", 8), "2024-03-03T12:00:00Z");
    assert_eq!(ts("auth.log", 4), "2016-03-03T12:00:00Z");
    assert_eq!(ts("access.log", 3), "2024-03-03T12:00:00Z");
    for cmd in
        [&["timeline", "--json"][..], &["detect", "--json"], &["stats", "--json"], &["timeline"], &["stats"]]
    {
        let mut args = cmd.to_vec();
        args.extend([json.as_str(), syslog.as_str(), access.as_str()]);
        let r = run(&args);
        assert_eq!(r.code, 0, "{cmd:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{cmd:?}: {}", r.stderr);
        if cmd.contains(&"--json") {
            r.json();
        }
    }
}
