//! `--hash` (issue 9, chain of custody): the SHA-256 of every input as
//! stored, checked against `sha256sum` run at test time, for every kind of
//! input and in every report that carries it.

use std::collections::BTreeMap;
use std::process::Command;

use crate::util::{fixture, gzip, run, run_stdin, write, Run};

/// `sha256sum`'s digest of each path (the independent witness).
fn sha256sum(paths: &[&str]) -> BTreeMap<String, String> {
    let o = Command::new("sha256sum").args(paths).output().expect("sha256sum is installed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (hex, path) = l.split_once("  ").unwrap();
            (path.to_string(), hex.to_string())
        })
        .collect()
}

/// The `{"kind":"input"}` records of a run, in order: (source, sha256, bytes).
fn records(r: &Run) -> Vec<(String, Option<String>, u64)> {
    r.json()
        .into_iter()
        .filter(|v| v["kind"] == "input")
        .map(|v| {
            assert_eq!(v.as_object().unwrap().len(), 4, "exactly source, sha256, bytes: {v}");
            let sha = v["sha256"].as_str().map(str::to_string);
            (v["source"].as_str().unwrap().to_string(), sha, v["bytes"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn every_kind_of_input_hashes_as_sha256sum_does() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Mar  3 12:00:00 web1 sshd[7]: Failed password for root from 203.0.113.5 port 1 ssh2\n";
    let data = line.repeat(40);
    let mut tar = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(1_709_500_000);
    h.set_cksum();
    tar.append_data(&mut h, "var/log/auth.log", data.as_bytes()).unwrap();
    let mut tar = tar.into_inner().unwrap();
    // Past the end-of-archive blocks, which the tar reader never needs.
    tar.extend_from_slice(&[0u8; 4096]);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("logs/auth.log", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, data.as_bytes()).unwrap();
    let paths = [
        write(dir.path(), "small.log", data.as_bytes()),
        write(dir.path(), "big.log", line.repeat(5000).as_bytes()), // mapped (> 256 KiB)
        write(dir.path(), "auth.log.2.gz", &gzip(data.as_bytes())),
        write(dir.path(), "logs.tar", &tar),
        write(dir.path(), "logs.tgz", &gzip(&tar)),
        write(dir.path(), "logs.zip", &zip.finish().unwrap().into_inner()),
        write(dir.path(), "empty.log", b""),
        fixture("hostile/truncated.log.gz"),
    ];
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let want = sha256sum(&paths);
    for mmap in [None, Some("--no-mmap")] {
        let mut args = vec!["detect", "--json", "--hash"];
        args.extend(mmap);
        args.extend(&paths);
        let r = run(&args);
        assert_eq!(r.code, 2, "the truncated gzip is reported: {}", r.stderr);
        let got = records(&r);
        assert_eq!(got.len(), paths.len(), "one record per input, archives once: {got:?}");
        for ((source, sha, bytes), path) in got.iter().zip(&paths) {
            assert_eq!(source, path, "input order");
            assert_eq!(sha.as_deref(), Some(want[*path].as_str()), "{path} ({mmap:?})");
            assert_eq!(*bytes, std::fs::metadata(path).unwrap().len(), "{path}: bytes as stored");
        }
        // The report itself is the same with and without --hash.
        let mut plain = vec!["detect", "--json"];
        plain.extend(mmap);
        plain.extend(&paths);
        let without: Vec<_> = run(&plain).json();
        let with: Vec<_> = r.json().into_iter().filter(|v| v["kind"] != "input").collect();
        assert_eq!(with, without);
    }
    // Stdin is hashed as it streams by.
    let r = run_stdin(&["stats", "--json", "--hash"], data.as_bytes());
    assert_eq!(records(&r), [("<stdin>".to_string(), Some(want[paths[0]].clone()), data.len() as u64)]);
}

#[test]
fn every_report_carries_the_digests_of_every_input() {
    let root = fixture("incident");
    let files = {
        let r = run(&["detect", "--json", &root]);
        r.json().into_iter().map(|v| v["source"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let want = sha256sum(&files.iter().map(String::as_str).collect::<Vec<_>>());
    let id = "c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e02";
    let commands: [&[&str]; 7] = [
        &["detect", "--json"],
        &["stats", "--json"],
        &["stats", "--json", "--templates", "--events"],
        &["logins", "--json"],
        &["anomalies", "--json"],
        &["trace", "--summary", "--json", id],
        &["check", "--json", "--max", "error=100000"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.extend(["--hash", &root]);
        let r = run(&args);
        assert!(r.code <= 1, "{cmd:?}: {}", r.stderr);
        let got = records(&r);
        let expected: Vec<_> = files
            .iter()
            .map(|f| (f.clone(), Some(want[f].clone()), std::fs::metadata(f).unwrap().len()))
            .collect();
        assert_eq!(got, expected, "{cmd:?}");
        // The records come last, after the report.
        let lines = r.json();
        assert!(lines[lines.len() - got.len()..].iter().all(|v| v["kind"] == "input"), "{cmd:?}");
        assert!(lines.len() > got.len(), "{cmd:?} still reports");
    }
    // Text: the lines are sha256sum's own format.
    for cmd in ["detect", "stats"] {
        let r = run(&[cmd, "--hash", &root]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for f in &files {
            assert!(r.stdout.contains(&format!("\n{}  {f}\n", want[f])), "{cmd}: {f}\n{}", r.stdout);
        }
    }
    // Without --hash, nothing changes.
    let r = run(&["stats", "--json", &root]);
    assert!(r.json().iter().all(|v| v["kind"] != "input"));
}

#[test]
fn commands_whose_json_is_the_event_stream_refuse_hash() {
    let root = fixture("incident");
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("copy");
    let out = out.to_str().unwrap();
    for cmd in [&["filter", "-F", "x"][..], &["timeline"], &["redact", "-o", out]] {
        let mut args = cmd.to_vec();
        args.extend(["--hash", &root]);
        let r = run(&args);
        assert_eq!(r.code, 2, "{cmd:?}");
        assert!(r.stderr.contains("--hash") && r.stdout.is_empty(), "{cmd:?}: {}", r.stderr);
    }
}
