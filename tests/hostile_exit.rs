//! How the process ends when things outside the input go wrong (issue 9):
//! a panic (a bug, here one in a dependency under resource exhaustion)
//! stops the whole process with exit 2 and a message, and output that
//! cannot be written is an error, never an abort.

use std::fs::{File, OpenOptions};
use std::process::Stdio;

use crate::util::{fixture, logsift};

fn dev_full() -> File {
    OpenOptions::new().write(true).open("/dev/full").expect("/dev/full")
}

#[test]
fn a_panic_stops_the_process_with_exit_2_and_a_message() {
    // No thread can be started when every thread asks for a 1 TiB stack
    // (`RUST_MIN_STACK` is the standard library's own variable): the
    // worker pool's builder then panics inside rayon. Without the hook the
    // exit code would be 101; a panic in a worker would leave the driver
    // waiting for its chunk.
    let out = logsift()
        .env("RUST_MIN_STACK", "1099511627776")
        .args(["detect", "--year", "2024", &fixture("formats/syslog.log")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("panicked at"), "the panic itself is shown: {stderr}");
    assert!(stderr.lines().last().unwrap().contains("logsift: internal error (a bug"), "{stderr}");
    assert!(out.stdout.is_empty(), "no half result");
}

#[test]
fn output_to_a_full_disk_is_an_error_even_when_stderr_is_full_too() {
    let syslog = fixture("formats/syslog.log");
    // stdout full: the write error is reported on stderr, exit 2.
    let out =
        logsift().args(["filter", "--year", "2024", "-e", ".", &syslog]).stdout(dev_full()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    // Both full: nowhere to say it, but still exit 2 (printing the error
    // with `eprintln!` panicked, and the panic hook's own `eprintln!`
    // panicked again: an abort, signal 6).
    for args in [&["filter", "--year", "2024", "-e", "."][..], &["stats", "--year", "2024"], &["detect"]] {
        let status = logsift()
            .args(args)
            .arg(&syslog)
            .stdout(dev_full())
            .stderr(dev_full())
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {status:?}");
    }
}
