//! `logsift redact` on fixtures/redact (secrets of every kind and
//! look-alikes that must stay) and fixtures/incident: the copies, the
//! report, gzip in/gzip out, pseudonyms across files, and the evidence
//! rules (inputs untouched, never written over or into).

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::{fixture, gzip, run, run_stdin, write};

/// (relative path, sha256) of every file under `dir`, sorted.
fn hashes(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let h = Sha256::digest(std::fs::read(&p).unwrap());
                let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
                out.push((p.strip_prefix(root).unwrap().display().to_string(), hex));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Secret values from fixtures/redact that no copy may contain.
const SECRETS: &[&str] = &[
    "Tr0ub4dor-3",
    "hunter2",
    "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    "YWxhZGRpbjpvcGVuc2VzYW1l",
    "ya29.a0AfH6SMBx3",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI",
    "4111 1111 1111 1111",
    "alice.smith@example.com",
    "ghp_R3alT0kenValue",
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ",
    "cs_live_51Hx9Q2eZvKYlo2C",
    "c4che-p4ss",
    "Bob.Jones@Example.ORG",
    "carol@example.net",
    "S3cure!pass",
    "5555-5555-5555-4444",
    "My5ql!pw",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "8f14e45fceea167a5a36dedd4bea2543",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU",
    "MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY",
];

#[test]
fn every_kind_is_redacted_look_alikes_stay_and_inputs_are_untouched() {
    let src = fixture("redact");
    let before = hashes(Path::new(&src));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shareable");
    let r = run(&["redact", "--json", &src, "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(hashes(Path::new(&src)), before, "an input changed");
    let rows = r.json();
    let by =
        |name: &str| rows.iter().find(|v| v["source"].as_str().is_some_and(|s| s.ends_with(name))).unwrap();
    assert_eq!(
        by("app/secrets.log")["redacted"],
        serde_json::json!({"password":1,"secret":1,"token":1,"api_key":1,"aws_secret_key":1,"aws_access_key_id":1,
            "authorization":2,"jwt":1,"url_credentials":1,"connection_string":2,"email":2,"card":1})
    );
    assert_eq!(by("app/events.jsonl")["total"], 6);
    assert_eq!(by("keys/deploy.log")["redacted"], serde_json::json!({"private_key": 2}));
    assert_eq!(by("app/lookalikes.log")["total"], 0);
    assert_eq!(rows.last().unwrap()["summary"]["total"], 23);
    // The copies: same tree, same line counts, no secret left, look-alikes
    // byte for byte.
    let copies = hashes(&out);
    assert_eq!(
        copies.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        before.iter().map(|c| c.0.as_str()).collect::<Vec<_>>()
    );
    for (rel, _) in &copies {
        let copy = std::fs::read_to_string(out.join(rel)).unwrap();
        let orig = std::fs::read_to_string(Path::new(&src).join(rel)).unwrap();
        assert_eq!(copy.lines().count(), orig.lines().count(), "{rel}");
        for s in SECRETS {
            assert!(!copy.contains(s), "{rel} still holds {s}");
        }
    }
    let same = |rel: &str| {
        std::fs::read(out.join(rel)).unwrap() == std::fs::read(Path::new(&src).join(rel)).unwrap()
    };
    assert!(same("app/lookalikes.log"));
    let secrets = std::fs::read_to_string(out.join("app/secrets.log")).unwrap();
    assert!(
        secrets.contains("dsn=postgres://orders:[REDACTED:connection_string]@db1.internal:5432/orders"),
        "{secrets}"
    );
    assert!(secrets.contains(r#"card="[REDACTED:card]" amount=12.00 email=[REDACTED:email]"#), "{secrets}");
    // A redacted copy is still a log logsift reads.
    let d = run(&["detect", "--json", out.join("app/events.jsonl").to_str().unwrap()]);
    assert_eq!(d.json()[0]["parsed_pct"], 100.0, "{}", d.stdout);
}

#[test]
fn gzip_in_gzip_out_with_the_same_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let r = run(&["redact", "--ip", "--users", "-q", &fixture("incident/web1"), "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let gz = out.join("auth.log.2.gz");
    let raw = std::fs::read(&gz).unwrap();
    assert_eq!(&raw[..2], b"\x1f\x8b", "still gzip");
    assert_eq!(
        &raw[4..8],
        &std::fs::read(fixture("incident/web1/auth.log.2.gz")).unwrap()[4..8],
        "header mtime kept"
    );
    let row = |p: &str| run(&["detect", "--json", p]).json().remove(0);
    for rel in ["auth.log.2.gz", "auth.log", "nginx/access.log"] {
        let (a, b) = (row(&fixture(&format!("incident/web1/{rel}"))), row(out.join(rel).to_str().unwrap()));
        for key in ["format", "lines", "first", "last", "year_basis", "parsed_pct"] {
            assert_eq!(a[key], b[key], "{rel} {key}");
        }
    }
    let f = run(&["filter", "-F", "Accepted password", out.to_str().unwrap()]);
    assert!(
        f.stdout.contains("Accepted password for [REDACTED:user] from ip-REDACTED port 46123 ssh2"),
        "{}",
        f.stdout
    );
}

#[test]
fn pseudonyms_are_the_same_across_files_and_need_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = write(dir.path(), "case.key", b"c2VjcmV0LWtleS1mb3ItY2FzZS00NzEx\n");
    let out = dir.path().join("o");
    let r = run(&[
        "redact",
        "--pseudonymize",
        "ip,user",
        "--key-file",
        &key,
        &fixture("incident/web1/auth.log"),
        &fixture("incident/web1/nginx/access.log"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let auth = std::fs::read_to_string(out.join("auth.log")).unwrap();
    let nginx = std::fs::read_to_string(out.join("access.log")).unwrap();
    assert!(!auth.contains("203.0.113.77") && !nginx.contains("198.51.100.50"));
    // The brute-force source keeps one token everywhere: 37 failures.
    let token = auth
        .lines()
        .find(|l| l.contains("Accepted password for"))
        .and_then(|l| l.split(" from ").nth(1))
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .to_string();
    assert!(token.starts_with("ip-") && token.len() == 15, "{token}");
    let failed = auth
        .lines()
        .filter(|l| l.contains("Failed password") && l.contains(&format!("from {token} ")))
        .count();
    assert_eq!(failed, 37, "every failure from 203.0.113.77 carries its token");
    // The web login burst from 198.51.100.50 shares one token in nginx.
    let logins: Vec<&str> =
        nginx.lines().filter(|l| l.contains("POST /login")).map(|l| l.split(' ').next().unwrap()).collect();
    assert!(
        logins.len() == 7 && logins.iter().all(|t| *t == logins[0] && t.starts_with("ip-")),
        "{logins:?}"
    );
    // Same key, same token in another run; no key or a short one: refused.
    let again = run(&[
        "redact",
        "--pseudonymize",
        "ip",
        "--key-file",
        &key,
        "-o",
        dir.path().join("o2").to_str().unwrap(),
        &fixture("incident/web1/auth.log"),
    ]);
    assert_eq!(again.code, 0);
    assert!(std::fs::read_to_string(dir.path().join("o2/auth.log")).unwrap().contains(&token));
    let r = run(&[
        "redact",
        "--pseudonymize",
        "ip",
        "-o",
        dir.path().join("o3").to_str().unwrap(),
        &fixture("incident/web1/auth.log"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--key-file"), "{}", r.stderr);
    let short = write(dir.path(), "short.key", b"abc\n");
    let r = run(&[
        "redact",
        "--pseudonymize",
        "ip",
        "--key-file",
        &short,
        "-o",
        dir.path().join("o4").to_str().unwrap(),
        &fixture("incident/web1/auth.log"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("at least 16"), "{}", r.stderr);
}

#[test]
fn evidence_is_never_written_over_or_into() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    let log = write(&logs, "app.log", b"password=hunter2\n");
    let before = hashes(&logs);
    // Output inside the input directory.
    let r = run(&["redact", logs.to_str().unwrap(), "-o", logs.join("redacted").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("inside the input directory"), "{}", r.stderr);
    // In place, through a link to the input.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&log, out.join("app.log")).unwrap();
    let r = run(&["redact", "--force", &log, "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to write over evidence"), "{}", r.stderr);
    assert_eq!(hashes(&logs), before);
    // An earlier copy needs --force.
    let out2 = dir.path().join("out2");
    assert_eq!(run(&["redact", &log, "-o", out2.to_str().unwrap()]).code, 0);
    let r = run(&["redact", &log, "-o", out2.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(run(&["redact", "--force", &log, "-o", out2.to_str().unwrap()]).code, 0);
    assert_eq!(std::fs::read_to_string(out2.join("app.log")).unwrap(), "password=[REDACTED:password]\n");
    assert_eq!(hashes(&logs), before);
}

#[test]
fn dry_run_writes_nothing_and_errors_still_copy_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&["redact", "--dry-run", "--ip", &fixture("incident/web1/nginx")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("would redact 622 values in 2 files: ip 622"), "{}", r.stdout);
    let out = dir.path().join("o");
    let r = run(&[
        "redact",
        &fixture("redact/app/secrets.log"),
        "/nonexistent/x.log",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/nonexistent/x.log"), "{}", r.stderr);
    assert!(out.join("secrets.log").exists());
    // A truncated gzip: what was read is copied, and the damage reported.
    let mut gz = gzip(b"Mar  3 12:00:00 web1 app: password=hunter2\n".repeat(2000).as_slice());
    gz.truncate(gz.len() / 2);
    let bad = write(dir.path(), "in/cut.log.gz", &gz);
    let r = run(&["redact", &bad, "-o", dir.path().join("o2").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cut.log.gz"), "{}", r.stderr);
    assert!(dir.path().join("o2/cut.log.gz").exists());
}

#[test]
fn stdin_and_archive_members_get_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let r = run_stdin(&["redact", "-", "-o", out.to_str().unwrap()], b"token=abc123 user=bob\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(out.join("stdin.log")).unwrap(), "token=[REDACTED:token] user=bob\n");
    let mut tar = tar::Builder::new(Vec::new());
    let data = b"Mar  3 12:00:00 web1 app: api_key=sk_live_abcdef123456\n";
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    tar.append_data(&mut h, "var/log/app.log", &data[..]).unwrap();
    let bundle = write(dir.path(), "in/bundle.tar.gz", &gzip(&tar.into_inner().unwrap()));
    let r = run(&["redact", &bundle, "-o", dir.path().join("o2").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let copy = dir.path().join("o2/bundle.tar.gz/var/log/app.log");
    assert_eq!(
        std::fs::read_to_string(copy).unwrap(),
        "Mar  3 12:00:00 web1 app: api_key=[REDACTED:api_key]\n"
    );
}
