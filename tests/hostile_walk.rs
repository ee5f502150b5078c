//! Hostile directory trees (issue 9): symlink loops, FIFOs and sockets in a
//! walk, a FIFO named on the command line, and more files than the
//! open-file limit. Each odd entry leaves one note naming it; the walk goes
//! on; nothing hangs.

use std::ffi::CString;
use std::os::unix::process::CommandExt;
use std::path::Path;

use crate::util::{detect_rows, logsift, write, Run};

const LINE: &[u8] = b"Mar  3 12:00:00 web1 sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n";

fn mkfifo(path: &Path) {
    let c = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a plain mkfifo on a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {path:?}");
}

fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn symlink_loops_in_a_walk_are_noted_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("logs");
    write(&root, "a/auth.log", LINE);
    write(&root, "b/c/deep.log", LINE);
    symlink("self", &root.join("self"));
    symlink("loop2", &root.join("loop1"));
    symlink("loop1", &root.join("loop2"));
    symlink("../..", &root.join("b/c/up"));
    symlink("gone.log", &root.join("dangling.log"));
    let root_s = root.to_str().unwrap();
    let self_link = root.join("self");
    let (r, rows) = detect_rows(&["--year", "2024", root_s, self_link.to_str().unwrap()]);
    assert_eq!(r.code, 2, "the loop named explicitly cannot be opened: {}", r.stderr);
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    let rel = r.stderr.replace(&format!("{root_s}/"), "");
    for note in [
        "note: skipped symlink loop self",
        "note: skipped symlink loop loop1",
        "note: skipped symlink loop loop2",
        "note: skipped broken symlink dangling.log",
        "note: not following symlinked directory b/c/up",
    ] {
        assert_eq!(rel.matches(note).count(), 1, "{note}: {rel}");
    }
    let errors: Vec<&str> = rel.lines().filter(|l| !l.contains("note:")).collect();
    assert_eq!(errors.len(), 1, "{rel}");
    assert!(errors[0].contains("self") && errors[0].contains("cannot open"), "{rel}");
}

#[test]
fn a_fifo_or_socket_in_a_walk_is_skipped_but_a_named_fifo_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("logs");
    write(&root, "auth.log", LINE);
    mkfifo(&root.join("pipe.log"));
    let _sock = std::os::unix::net::UnixListener::bind(root.join("syslog.sock")).unwrap();
    let named = dir.path().join("named.fifo");
    mkfifo(&named);
    let writer = {
        let named = named.clone();
        std::thread::spawn(move || {
            // Blocks until logsift opens it for reading.
            let mut f = std::fs::OpenOptions::new().write(true).open(named).unwrap();
            std::io::Write::write_all(&mut f, &LINE.repeat(5)).unwrap();
        })
    };
    let mut cmd = logsift();
    cmd.args(["detect", "--json", "--year", "2024", root.to_str().unwrap(), named.to_str().unwrap()]);
    let o = cmd.output().unwrap();
    writer.join().unwrap();
    let r = Run { code: o.status.code().unwrap_or(-1), stdout: text(&o.stdout), stderr: text(&o.stderr) };
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    let fifo = rows.iter().find(|r| r["source"].as_str().unwrap().ends_with("named.fifo")).unwrap();
    assert_eq!(fifo["lines"], 5, "the named FIFO is read to its end");
    let rel = r.stderr.replace(&format!("{}/", root.to_str().unwrap()), "");
    assert_eq!(rel.lines().count(), 2, "{rel}");
    assert!(rel.contains("note: skipped FIFO pipe.log"), "{rel}");
    assert!(rel.contains("note: skipped socket syslog.sock"), "{rel}");
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn more_files_than_the_open_file_limit_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let n = 200;
    for i in 0..n {
        write(&dir.path().join(format!("host{}", i % 7)), &format!("app{i}.log"), &LINE.repeat(1 + i % 3));
    }
    let expected: usize = (0..n).map(|i| 1 + i % 3).sum();
    for cmd in [&["detect", "--json"][..], &["filter", "-c", "-F", "Failed"], &["timeline", "--json"]] {
        let mut c = logsift();
        c.args(cmd).args(["--year", "2024"]).arg(dir.path());
        // SAFETY: setrlimit is async-signal-safe; it runs in the child only.
        unsafe {
            c.pre_exec(|| {
                let lim = libc::rlimit { rlim_cur: 64, rlim_max: 64 };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
        let o = c.output().unwrap();
        let r = Run { code: o.status.code().unwrap_or(-1), stdout: text(&o.stdout), stderr: text(&o.stderr) };
        assert_eq!(r.code, 0, "{cmd:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{cmd:?}: {}", r.stderr);
        match cmd[0] {
            "detect" => {
                let rows = r.json();
                assert_eq!(rows.len(), n);
                assert_eq!(
                    rows.iter().map(|r| r["lines"].as_u64().unwrap() as usize).sum::<usize>(),
                    expected
                );
            }
            "filter" => assert!(r.stdout.ends_with(&format!("total:{expected}\n")), "{}", r.stdout),
            _ => assert_eq!(r.json().len(), expected),
        }
    }
}

#[test]
fn strict_stops_at_a_missing_path_before_reading_anything() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.log", LINE);
    let missing = dir.path().join("nope.log");
    let missing = missing.to_str().unwrap();
    for cmd in ["detect", "filter", "timeline", "stats"] {
        let mut args = vec![cmd, "--year", "2024", "--strict"];
        if cmd == "filter" {
            args.extend(["-F", "Failed"]);
        }
        args.extend([missing, good.as_str()]);
        let r = crate::util::run(&args);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{cmd}: nothing is read after the error: {}", r.stdout);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(lines[0].contains("nope.log") && lines[0].contains("cannot open"), "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("--strict"), "{cmd}: {}", r.stderr);
        // Without --strict the other input is read.
        args.retain(|a| *a != "--strict");
        let r = crate::util::run(&args);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{cmd}");
    }
}

#[test]
fn hostile_file_names_reach_the_terminal_escaped_in_notes_tables_and_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("logs");
    write(&root, "evil\u{1b}]0;pwned\u{7}\u{202e}gol.log", LINE);
    mkfifo(&root.join("pipe\u{1b}[2J"));
    symlink("loop\u{1b}[2J", &root.join("loop\u{1b}[2J"));
    let root = root.to_str().unwrap();
    for cmd in [&["detect"][..], &["filter", "-F", "Failed"], &["timeline"], &["stats"]] {
        let mut args = cmd.to_vec();
        args.push(root);
        let r = crate::util::run(&args);
        assert_eq!(r.code, 0, "{cmd:?}: {}", r.stderr);
        for (what, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
                "{cmd:?}: raw control in {what}: {text:?}"
            );
        }
        assert!(r.stdout.contains(r"evil\x1b]0;pwned\x07\u{202e}gol.log"), "{cmd:?}: {}", r.stdout);
        assert!(
            r.stderr.contains(r"skipped FIFO ") && r.stderr.contains(r"pipe\x1b[2J"),
            "{cmd:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(r"skipped symlink loop ") && r.stderr.contains(r"loop\x1b[2J"),
            "{cmd:?}: {}",
            r.stderr
        );
    }
}
