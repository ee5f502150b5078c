//! `logsift logins` (issue 6) on the incident fixture, on one file per
//! message family under `fixtures/logins/`, on a corpus generated at test
//! time (exact finding counts from its manifest), and on the loghub OpenSSH
//! and Linux samples against what a fail2ban `sshd` filter counts.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::util::{fixture, root, run};

fn findings(args: &[&str]) -> Vec<Value> {
    let mut a = vec!["logins", "--json"];
    a.extend_from_slice(args);
    let r = run(&a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

fn events(args: &[&str]) -> Vec<Value> {
    let mut a = vec!["logins", "--events", "--json"];
    a.extend_from_slice(args);
    let r = run(&a);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.json()
}

fn kind<'a>(f: &'a [Value], kind: &str, ip: Option<&str>) -> Vec<&'a Value> {
    f.iter().filter(|x| x["kind"] == kind && ip.is_none_or(|ip| x["ip"] == ip)).collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

#[test]
fn incident_findings_tell_the_story() {
    let f = findings(&[&fixture("incident")]);
    // Most severe first: the compromise of deploy from the brute-forcing address.
    assert_eq!(f[0]["kind"], "success_after_failures");
    assert_eq!(f[0]["ip"], "203.0.113.77");
    assert_eq!(strs(&f[0]["users"]), ["deploy"]);
    assert_eq!(f[0]["count"], 37);
    assert_eq!(f[0]["last"], "2024-03-03T10:15:31.040902Z");
    assert!(strs(&f[0]["evidence"])[0].ends_with("web1/auth.log:121"), "{}", f[0]["evidence"]);
    let severities: Vec<&str> = f.iter().map(|x| x["severity"].as_str().unwrap()).collect();
    let rank = |s: &str| ["critical", "high", "medium", "low"].iter().position(|x| *x == s).unwrap();
    assert!(severities.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "{severities:?}");

    let brute = kind(&f, "brute_force", Some("203.0.113.77"));
    assert_eq!(brute.len(), 1);
    assert_eq!(brute[0]["count"], 37);
    assert_eq!(brute[0]["first"], "2024-03-03T10:12:05.124220Z");
    assert_eq!(brute[0]["last"], "2024-03-03T10:15:26.013077Z");
    assert_eq!(strs(&brute[0]["users"]), ["admin", "deploy", "oracle", "root", "test", "ubuntu", "user"]);
    assert_eq!(brute[0]["evidence"].as_array().unwrap().len(), 10, "evidence is capped at --evidence 10");
    assert_eq!(brute[0]["evidence_total"], 37);

    let spray = kind(&f, "password_spraying", None);
    assert_eq!(spray.len(), 1, "only the sprayer sprays: {spray:?}");
    assert_eq!(spray[0]["ip"], "198.51.100.23");
    assert_eq!(spray[0]["count"], 11);
    assert_eq!(spray[0]["users"].as_array().unwrap().len(), 11);

    let root_login = kind(&f, "root_login", None);
    assert_eq!(root_login.len(), 1);
    assert_eq!(root_login[0]["ip"], "10.0.0.5");
    assert!(strs(&root_login[0]["evidence"])[0].ends_with("web1/auth.log.1:91"));
    assert!(!kind(&f, "off_hours", Some("10.0.0.5")).is_empty(), "03:12 UTC is off hours");

    let web = kind(&f, "success_after_failures", Some("198.51.100.50"));
    assert_eq!(web.len(), 1, "6 x 401 on POST /login, then 200");
    assert_eq!(web[0]["count"], 6);
    assert_eq!(web[0]["last"], "2024-03-03T10:45:37Z");

    let scans = kind(&f, "invalid_user_scan", None);
    let scan_ips: HashSet<&str> = scans.iter().map(|x| x["ip"].as_str().unwrap()).collect();
    assert_eq!(scan_ips, HashSet::from(["203.0.113.77", "198.51.100.23"]));
    assert_eq!(kind(&f, "invalid_user_scan", Some("203.0.113.77"))[0]["count"], 17);
}

#[test]
fn incident_every_failed_password_line_is_an_event_with_its_real_address() {
    let ev = events(&[&fixture("incident")]);
    let failed: Vec<&Value> =
        ev.iter().filter(|e| e["message"].as_str().unwrap().starts_with("Failed password")).collect();
    assert_eq!(failed.len(), 75, "fixtures/README.md: 75 Failed password lines");
    for e in &failed {
        let msg = e["message"].as_str().unwrap();
        let ip = msg.rsplit(" from ").next().unwrap().split(' ').next().unwrap();
        assert_eq!(e["fields"]["ip"], ip, "{msg}");
        assert_eq!(e["fields"]["outcome"], "failure");
        assert_eq!(e["fields"]["service"], "sshd");
        assert_eq!(e["fields"]["method"], "password");
        assert!(e["fields"]["port"].is_u64(), "{e}");
    }
    let injected: Vec<&&Value> = failed.iter().filter(|e| e["fields"]["user"] == "from 10.0.0.1").collect();
    assert_eq!(injected.len(), 1);
    assert_eq!(injected[0]["fields"]["ip"], "203.0.113.9");
    assert!(!ev.iter().any(|e| e["fields"]["ip"] == "10.0.0.1"), "the injected address is never a source");
    // Informational lines are never failures.
    for e in &ev {
        let msg = e["message"].as_str().unwrap();
        if e["fields"]["outcome"] == "failure" {
            for not in [
                "Accepted ",
                "session opened",
                "session closed",
                "Received disconnect",
                "Disconnected from user",
            ] {
                assert!(!msg.contains(not), "counted as a failure: {msg}");
            }
        }
    }
    let accepted = ev.iter().filter(|e| e["fields"]["outcome"] == "success" && e["app"] == "sshd").count();
    assert_eq!(accepted, 18, "17 Accepted publickey + 1 Accepted password");
}

/// (line, outcome, service, user, ip) of every authentication event in
/// fixtures/logins/auth.log; lines not listed must yield none.
type Row<'a> = (u64, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

const AUTH_LOG: &[Row<'static>] = &[
    (2, "failure", "sshd", Some("root"), Some("203.0.113.10")),
    (3, "failure", "sshd", Some("root"), Some("203.0.113.10")),
    (4, "failure", "sshd", Some("root"), Some("203.0.113.10")),
    (5, "failure", "sshd", Some("root"), Some("203.0.113.10")),
    (6, "failure", "sshd", Some("root"), Some("203.0.113.10")),
    (7, "failure", "sshd", Some("admin"), Some("2001:db8::66")),
    (8, "failure", "sshd", Some("admin"), Some("2001:db8::66")),
    (9, "failure", "sshd", Some("admin"), Some("2001:db8::66")),
    (10, "failure", "sshd", Some("admin"), Some("2001:db8::66")),
    (11, "failure", "sshd", Some("guest"), Some("198.51.100.70")),
    (12, "failure", "sshd", Some("guest"), Some("198.51.100.70")),
    (14, "failure", "sshd", Some("oracle"), Some("198.51.100.71")),
    (15, "failure", "sshd", Some("oracle"), Some("198.51.100.71")),
    (16, "failure", "sshd", Some("oracle"), Some("198.51.100.71")),
    (17, "failure", "sshd", Some("oracle"), Some("198.51.100.71")),
    (19, "failure", "sshd", Some("test"), Some("host-7.scanner.example")),
    (20, "failure", "sshd", Some("from 10.0.0.1 port 22 ssh2"), Some("203.0.113.99")),
    (21, "failure", "sshd", Some("carol"), Some("10.0.0.7")),
    (22, "success", "sshd", Some("carol"), Some("10.0.0.7")),
    (27, "probe", "sshd", None, Some("192.0.2.200")),
    (28, "probe", "sshd", None, Some("192.0.2.201")),
    (29, "probe", "sshd", None, Some("192.0.2.202")),
    (31, "failure", "sshd", Some("root"), Some("192.0.2.203")),
    (32, "failure", "sshd", Some("root"), Some("192.0.2.203")),
    (33, "success", "sshd", Some("root"), Some("192.0.2.204")),
    (34, "failure", "sudo", Some("dave"), None),
    (35, "failure", "sudo", Some("mallory"), None),
    (36, "success", "sudo", Some("carol"), None),
    (37, "failure", "su", Some("root"), None),
    (38, "failure", "su", Some("root"), None),
    (39, "failure", "login", Some("root"), None),
    (40, "failure", "dropbear", Some("root"), Some("192.0.2.205")),
    (41, "failure", "sshd", Some("a\u{1b}[2Jb"), Some("192.0.2.206")),
];

fn opt(v: &Value) -> Option<&str> {
    v.as_str()
}

#[test]
fn every_message_form_in_fixtures_logins() {
    let ev = events(&["--year", "2024", &fixture("logins/auth.log")]);
    let got: Vec<Row<'_>> = ev
        .iter()
        .map(|e| {
            let f = &e["fields"];
            (
                e["line"].as_u64().unwrap(),
                f["outcome"].as_str().unwrap(),
                f["service"].as_str().unwrap(),
                opt(&f["user"]),
                opt(&f["ip"]),
            )
        })
        .collect();
    assert_eq!(got, AUTH_LOG);
    // Lines 15-16 have no address of their own: it comes from line 13 (same pid).
    for e in &ev[12..14] {
        assert!(!e["message"].as_str().unwrap().contains("198.51.100.71"), "{e}");
    }

    let ev = events(&["--year", "2024", &fixture("logins/daemons.log")]);
    let services: Vec<(&str, &str, Option<&str>)> = ev
        .iter()
        .map(|e| {
            (
                e["fields"]["service"].as_str().unwrap(),
                e["fields"]["outcome"].as_str().unwrap(),
                opt(&e["fields"]["ip"]),
            )
        })
        .collect();
    assert_eq!(
        services,
        [
            ("dovecot", "failure", Some("192.0.2.210")),
            ("postfix", "failure", Some("192.0.2.211")),
            ("vsftpd", "failure", Some("192.0.2.212")),
            ("proftpd", "failure", Some("192.0.2.213")),
            ("mysql", "failure", Some("192.0.2.214")),
            ("openvpn", "failure", Some("192.0.2.215")),
            ("asterisk", "failure", Some("192.0.2.216")),
            ("cowrie", "failure", Some("192.0.2.217")),
            ("slapd", "failure", Some("192.0.2.218")),
            ("dovecot", "success", Some("192.0.2.210")),
        ]
    );
    assert_eq!(ev[8]["fields"]["user"], "cn=admin,dc=example,dc=org", "the bind DN is carried per conn=");

    let ev = events(&[&fixture("logins/access.log"), &fixture("logins/app.jsonl")]);
    let lines: Vec<(String, u64, &str)> = ev
        .iter()
        .map(|e| {
            let src = e["source"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (src, e["line"].as_u64().unwrap(), e["fields"]["outcome"].as_str().unwrap())
        })
        .collect();
    let want: Vec<(String, u64, &str)> = [
        ("access.log", 1, "failure"),
        ("access.log", 2, "failure"),
        ("access.log", 3, "failure"),
        ("access.log", 5, "success"),
        ("app.jsonl", 1, "failure"),
        ("app.jsonl", 2, "success"),
        ("app.jsonl", 4, "failure"),
    ]
    .iter()
    .map(|(s, l, o)| (s.to_string(), *l, *o))
    .collect();
    assert_eq!(lines, want);
}

#[test]
fn tables_count_attempts_once_and_escape_names() {
    let r = run(&["logins", "--year", "2024", "--color", "never", &fixture("logins")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains('\u{1b}'), "raw escape reached the terminal");
    assert!(r.stdout.contains("a\\x1b[2Jb"), "escaped user name shown");
    let row = r.stdout.lines().find(|l| l.contains("203.0.113.10")).expect("row for 203.0.113.10");
    let cells: Vec<&str> = row.split(['│', '┆']).map(str::trim).collect();
    assert_eq!(&cells[1..5], ["203.0.113.10", "2", "0", "0"], "two Failed lines, echoes not counted: {row}");
    let f = findings(&["--year", "2024", &fixture("logins")]);
    assert_eq!(kind(&f, "root_login", Some("192.0.2.204")).len(), 1);
    let sudo: Vec<&str> = kind(&f, "sudo_abuse", None).iter().flat_map(|x| strs(&x["users"])).collect();
    assert_eq!(sudo, ["dave", "mallory"]);
}

#[test]
fn filter_options_and_thresholds_apply() {
    let inc = fixture("incident");
    let f = findings(&["--since", "2024-03-03T10:30:00Z", "--until", "2024-03-03T10:40:00Z", &inc]);
    let ips: HashSet<&str> = f.iter().filter_map(|x| x["ip"].as_str()).collect();
    assert_eq!(ips, HashSet::from(["198.51.100.23"]), "{f:?}");
    let f = findings(&["--brute-failures", "38", &inc]);
    assert!(kind(&f, "brute_force", Some("203.0.113.77")).is_empty());
    let f = findings(&["--compromise-failures", "40", &inc]);
    assert!(kind(&f, "success_after_failures", Some("203.0.113.77")).is_empty());
    let f = findings(&["--work-hours", "00:00-24:00", &inc]);
    assert!(kind(&f, "off_hours", None).is_empty());
    let r = run(&["logins", "--brute-window", "soon", &inc]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--brute-window"), "{}", r.stderr);
    let r = run(&["logins", "--json", "--since", "2030-01-01", &inc]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "nothing found is exit 1");
}

#[test]
fn same_answer_at_any_thread_count_and_chunk_size() {
    let inc = fixture("incident");
    let a = run(&["logins", "--json", "-j", "1", &inc]);
    let b = run(&["logins", "--json", "-j", "2", "--chunk-size", "700", &inc]);
    assert_eq!(a.stdout, b.stdout);
    let a = run(&["logins", "--events", "--json", "-j", "1", &inc]);
    let b = run(&["logins", "--events", "--json", "-j", "2", "--chunk-size", "700", &inc]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn list_sources_names_every_family() {
    let r = run(&["logins", "--list-sources", "--json"]);
    assert_eq!(r.code, 0);
    let fams: Vec<String> = r.json().iter().map(|f| f["family"].as_str().unwrap().to_string()).collect();
    for want in [
        "openssh",
        "dropbear",
        "pam",
        "sudo",
        "su",
        "login",
        "mail",
        "ftp",
        "db",
        "vpn",
        "voip",
        "honeypot",
        "webserver",
        "webapp",
    ] {
        assert!(fams.iter().any(|f| f == want), "{want} missing from {fams:?}");
    }
    let r = run(&["logins", "--list-sources"]);
    assert!(r.stdout.contains("dovecot") && r.stdout.contains("vsftpd"));
}

fn shared() -> Option<PathBuf> {
    let d = root().join("../shared/corpus");
    d.is_dir().then_some(d)
}

#[test]
fn exact_counts_on_a_generated_corpus() {
    let Some(shared) = shared() else {
        eprintln!("../shared/corpus absent: skipped");
        return;
    };
    let dir = std::env::temp_dir().join(format!("logsift-logins-corpus-{}", std::process::id()));
    let st = std::process::Command::new("python3")
        .arg(shared.join("gen_corpus.py"))
        .args(["--out", &dir.to_string_lossy(), "--mb", "2", "--seed", "7"])
        .output()
        .expect("python3");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let f = findings(&["--year", "2024", &dir.to_string_lossy()]);
    for inc in manifest["incidents"].as_array().unwrap() {
        let ip = inc["source_ip"].as_str();
        match inc["type"].as_str().unwrap() {
            "brute_force" => {
                let b = kind(&f, "brute_force", ip);
                assert_eq!(b.len(), 1);
                assert_eq!(b[0]["count"], inc["failed_attempts"]);
                let mut users = strs(&inc["users"]);
                users.sort_unstable();
                assert_eq!(strs(&b[0]["users"]), users);
                assert!(b[0]["first"].as_str().unwrap() >= &inc["start"].as_str().unwrap()[..19]);
                assert!(b[0]["last"].as_str().unwrap() <= inc["end"].as_str().unwrap());
            }
            "password_spraying" => {
                let s = kind(&f, "password_spraying", ip);
                assert_eq!(s.len(), 1);
                assert_eq!(s[0]["count"], inc["failed_attempts"]);
                assert_eq!(
                    s[0]["users"].as_array().unwrap().len() as u64,
                    inc["distinct_users"].as_u64().unwrap()
                );
            }
            "success_after_failures" => {
                let s = kind(&f, "success_after_failures", ip);
                assert_eq!(s.len(), 1);
                assert_eq!(s[0]["count"], inc["failures"]);
                assert_eq!(strs(&s[0]["users"]), [inc["user"].as_str().unwrap()]);
                assert_eq!(
                    &s[0]["last"].as_str().unwrap()[..19],
                    &inc["accepted_at"].as_str().unwrap()[..19]
                );
            }
            _ => {}
        }
    }
    // Nothing else is a compromise, and only the sprayer sprays.
    assert_eq!(kind(&f, "success_after_failures", None).len(), 1);
    assert_eq!(kind(&f, "password_spraying", None).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The failures a fail2ban `sshd` filter (mode normal) and its `pam-generic`
/// filter count: their failregex lines, reduced to what matters here (the
/// host is the last ` from <HOST>`).
fn fail2ban_host(msg: &str) -> Option<String> {
    use regex::Regex;
    use std::sync::OnceLock;
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            r"^Failed (?:password|keyboard-interactive(?:/pam)?|none|hostbased|gssapi-with-mic) for (?:invalid user |illegal user )?.* from (\S+)(?: port \d+)?(?: ssh\d*)?(?:: .*)?\s*$",
            r"^[iI](?:llegal|nvalid) user .*? from (\S+)(?: port \d+)?\s*$",
            r"^User .+ from (\S+) not allowed because",
            r"^(?:error: )?maximum authentication attempts exceeded for .* from (\S+)(?: port \d+)?",
            r"^(?:error: )?(?:PAM: )?[aA]uthentication (?:failure|error|failed) for .* from (\S+)\s*$",
            r"^(?:error: )?Received disconnect from (\S+?)(?: port \d+)?:\s*3: .*: Auth fail",
            r"^ROOT LOGIN REFUSED FROM (\S+)",
            // fail2ban's pam-generic filter (loghub Linux: `sshd(pam_unix)[pid]: authentication failure; ...`).
            r"authentication failure; logname=\S* uid=\S* euid=\S* tty=\S* ruser=\S* rhost=(\S+)(?:\s+user=.*)?\s*$",
        ]
        .iter()
        .map(|r| Regex::new(r).unwrap())
        .collect()
    });
    let host = res.iter().find_map(|re| re.captures(msg).map(|c| c[1].to_string()))?;
    Some(host.strip_prefix("::ffff:").unwrap_or(&host).to_string())
}

#[test]
fn loghub_sshd_failures_are_all_counted_like_fail2ban() {
    let dir = std::env::var_os("LOGHUB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus/loghub"));
    let mut report = String::from("\nsystem   fail2ban lines  our failure events  in brute_force  IPs\n");
    for sys in ["OpenSSH", "Linux"] {
        let path = dir.join(sys).join(format!("{sys}_2k.log"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("loghub {sys} absent: skipped");
            continue;
        };
        let p = path.to_string_lossy().into_owned();
        let ev = events(&["--year", "2024", &p]);
        let by_line: HashMap<u64, &Value> = ev.iter().map(|e| (e["line"].as_u64().unwrap(), e)).collect();
        let mut f2b = 0;
        let mut ips = HashSet::new();
        for (i, line) in text.lines().enumerate() {
            let Some((_, msg)) = line.split_once("]: ") else { continue };
            let msg = msg.trim_end_matches('\r');
            let Some(host) = fail2ban_host(msg) else { continue };
            f2b += 1;
            ips.insert(host.clone());
            let e = by_line
                .get(&(i as u64 + 1))
                .unwrap_or_else(|| panic!("{sys}:{}: not an event: {msg}", i + 1));
            assert_eq!(e["fields"]["outcome"], "failure", "{msg}");
            assert_eq!(e["fields"]["ip"], host.as_str(), "{msg}");
        }
        for e in &ev {
            let msg = e["message"].as_str().unwrap();
            if e["fields"]["outcome"] == "failure" {
                assert!(!msg.starts_with("Accepted") && !msg.contains("session opened"), "{msg}");
                assert!(!(msg.contains("Received disconnect") && msg.contains(": 11:")), "{msg}");
            }
        }
        let failures = ev.iter().filter(|e| e["fields"]["outcome"] == "failure").count();
        let f = findings(&["--year", "2024", &p]);
        let counted: u64 = kind(&f, "brute_force", None).iter().map(|x| x["count"].as_u64().unwrap()).sum();
        report.push_str(&format!("{sys:<8} {f2b:>14} {failures:>19} {counted:>17} {:>4}\n", ips.len()));
        if sys == "OpenSSH" {
            assert!(f2b > 500, "loghub OpenSSH holds hundreds of failures ({f2b})");
        }
    }
    eprintln!("{report}");
}
