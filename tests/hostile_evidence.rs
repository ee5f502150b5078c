//! Evidence integrity (issue 9): every command opens its inputs read-only
//! and never changes them, not even their access time. Each input's size,
//! mtime, atime and SHA-256 are compared before and after every command.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::util::{fixture, gzip, run, write};

#[derive(Debug, PartialEq)]
struct Seal {
    size: u64,
    modified: SystemTime,
    accessed: SystemTime,
    sha256: Vec<u8>,
}

/// Reads a file's seal without changing its access time (`O_NOATIME`; we
/// own the files).
fn seal(p: &Path) -> Seal {
    let meta = std::fs::metadata(p).unwrap();
    let mut file = logsift::input::open::open_readonly(p).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
    let mut h = Sha256::new();
    h.update(&bytes);
    let sealed = Seal {
        size: meta.len(),
        modified: meta.modified().unwrap(),
        accessed: meta.accessed().unwrap(),
        sha256: h.finalize().to_vec(),
    };
    assert_eq!(
        std::fs::metadata(p).unwrap().accessed().unwrap(),
        sealed.accessed,
        "the seal itself read {p:?}"
    );
    sealed
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(files(&p));
        } else {
            v.push(p);
        }
    }
    v.sort();
    v
}

#[test]
fn no_command_changes_an_input_not_even_its_access_time() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("evidence");
    let line =
        "Mar  3 12:00:00 web1 sshd[7]: Failed password for root from 203.0.113.5 port 1 ssh2 req=4f1c2d3e\n";
    write(&logs, "auth.log", line.repeat(10).as_bytes());
    write(&logs, "big/auth.log", line.repeat(5000).as_bytes()); // mapped (> 256 KiB)
    write(&logs, "auth.log.2.gz", &gzip(line.repeat(50).as_bytes()));
    for name in ["crlf.log", "escapes.log", "invalid-utf8.log", "truncated.log.gz"] {
        std::fs::copy(fixture(&format!("hostile/{name}")), logs.join(name)).unwrap();
    }
    // An access time older than the modification time: with `relatime` any
    // ordinary read would move it.
    let (old_a, old_m) = (
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000),
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    );
    for p in files(&logs) {
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_times(std::fs::FileTimes::new().set_accessed(old_a).set_modified(old_m)).unwrap();
    }
    let before: Vec<(PathBuf, Seal)> = files(&logs).into_iter().map(|p| (p.clone(), seal(&p))).collect();
    let root = logs.to_str().unwrap();
    let out = dir.path().join("redacted");
    let out = out.to_str().unwrap();
    let commands: [&[&str]; 13] = [
        &["detect", root],
        &["filter", "-F", "Failed", root],
        &["filter", "--json", "--no-mmap", "-e", ".", root],
        &["timeline", root],
        &["trace", "4f1c2d3e", root],
        &["logins", root],
        &["stats", root],
        &["anomalies", root],
        &["check", root],
        &["redact", "-o", out, root],
        &["detect", "--json", &before[0].0.to_string_lossy()],
        &["detect", "--hash", root],
        &["stats", "--json", "--hash", "--no-mmap", root],
    ];
    for cmd in commands {
        let r = run(cmd);
        assert!(r.code <= 2 && !r.stderr.contains("panicked"), "{cmd:?}: {} {}", r.code, r.stderr);
        for (p, sealed) in &before {
            assert_eq!(&seal(p), sealed, "{cmd:?} changed {p:?}");
        }
        assert_eq!(files(&logs).len(), before.len(), "{cmd:?} added a file among the inputs");
    }
}
