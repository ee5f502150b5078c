//! `--strict` (issue 9): the first error stops the run, but only after
//! everything read before the damage of that input was delivered, in
//! order. The damage is placed after many chunks, so that chunks are still
//! being parsed when the reader meets it.

use crate::util::{gzip, run, write};

/// `n` syslog lines with their number in them, so order and gaps show.
fn numbered(n: usize) -> Vec<u8> {
    (0..n).flat_map(|i| format!("Mar  3 12:00:00 web1 app[1]: record {i:07} ok\n").into_bytes()).collect()
}

/// The record numbers printed by `filter`, in output order.
fn record_numbers(stdout: &str) -> Vec<usize> {
    stdout
        .lines()
        .filter_map(|l| l.split("record ").nth(1))
        .filter_map(|r| r.get(..7).and_then(|n| n.parse().ok()))
        .collect()
}

/// Asserts `nums` is 0, 1, 2... with nothing missing, and at least `min` long.
fn assert_prefix(nums: &[usize], min: usize, what: &str) {
    assert!(nums.len() >= min, "{what}: {} records of at least {min}", nums.len());
    for (i, &n) in nums.iter().enumerate() {
        assert_eq!(n, i, "{what}: record {i} is missing or out of order");
    }
}

fn filter(strict: bool, extra: &[&str], inputs: &[&str]) -> crate::util::Run {
    let mut args = vec!["filter", "--year", "2024", "--chunk-size", "8192", "-e", "record"];
    if strict {
        args.push("--strict");
    }
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    run(&args)
}

#[test]
fn strict_keeps_every_event_before_a_truncated_gzip_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = gzip(&numbered(100_000));
    z.truncate(z.len() * 3 / 4);
    let bad = write(dir.path(), "app.log.gz", &z);
    let after = write(dir.path(), "later.log", b"Mar  3 12:00:01 web1 app[1]: record 9999999 later\n");
    let lenient = filter(false, &[], &[&bad, &after]);
    for _ in 0..3 {
        let strict = filter(true, &[], &[&bad, &after]);
        assert_eq!(strict.code, 2, "{}", strict.stderr);
        assert_eq!(strict.stderr.lines().count(), 1, "{}", strict.stderr);
        assert!(
            strict.stderr.contains("app.log.gz") && strict.stderr.contains("at byte"),
            "{}",
            strict.stderr
        );
        let nums = record_numbers(&strict.stdout);
        assert_prefix(&nums, 50_000, "strict");
        // Exactly what the lenient run printed for that input, then the stop.
        let lenient_nums = record_numbers(&lenient.stdout);
        assert_eq!(nums.as_slice(), &lenient_nums[..lenient_nums.len() - 1]);
        assert!(!strict.stdout.contains("later"), "--strict stops at the first error");
    }
    assert!(lenient.stdout.contains("record 9999999 later"));
}

#[test]
fn strict_keeps_every_member_before_a_broken_one_in_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = tar::Builder::new(Vec::new());
    let add = |b: &mut tar::Builder<Vec<u8>>, name: &str, data: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, data).unwrap();
    };
    add(&mut b, "first.log", &numbered(60_000));
    let mut cut = gzip(&numbered(60_000));
    cut.truncate(cut.len() / 2);
    add(&mut b, "second.log.gz", &cut);
    add(&mut b, "third.log", b"Mar  3 12:00:01 web1 app[1]: record 9999999 third\n");
    let tar = write(dir.path(), "logs.tar", &b.into_inner().unwrap());
    for _ in 0..3 {
        let r = filter(true, &[], &[&tar]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("logs.tar:second.log.gz") && r.stderr.contains("at byte"), "{}", r.stderr);
        let first: Vec<&str> = r.stdout.lines().filter(|l| l.contains("first.log")).collect();
        assert_prefix(&record_numbers(&first.join("\n")), 60_000, "first member");
        assert_eq!(first.len(), 60_000, "the whole first member");
        let second = record_numbers(
            &r.stdout.lines().filter(|l| l.contains("second.log.gz")).collect::<Vec<_>>().join("\n"),
        );
        assert_prefix(&second, 10_000, "second member, up to the damage");
        assert!(!r.stdout.contains("third"), "stopped at the damage");
    }
}

#[test]
fn strict_keeps_every_line_before_an_over_long_line_in_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = numbered(40_000);
    data.extend_from_slice(b"Mar  3 12:00:00 web1 app[1]: long ");
    data.extend(std::iter::repeat_n(b'x', 3_000_000));
    data.extend_from_slice(b"\nMar  3 12:00:01 web1 app[1]: record 9999999 after the long line\n");
    let path = write(dir.path(), "long.log", &data);
    for _ in 0..3 {
        let r = filter(true, &["--no-mmap", "--max-line", "1000000"], &[&path]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("long.log") && r.stderr.contains("longer than 1000000"), "{}", r.stderr);
        let nums = record_numbers(&r.stdout);
        assert_prefix(&nums, 40_000, "before the long line");
        assert_eq!(nums.len(), 40_000);
        assert!(!r.stdout.contains("after the long line"), "stopped at the warning");
    }
}

#[test]
fn strict_stops_at_the_first_cut_of_a_long_line_in_a_mapped_file() {
    // A mapped file (at least 256 KiB). The long line (bytes 192 700 to
    // 194 235) sits in the middle of a chunk (the 8 KiB chunks end at
    // multiples of 8 225 bytes, the one holding it at 197 400): that chunk
    // is cut after the line's first piece, so the stop comes right there,
    // after every record before it and none after.
    let dir = tempfile::tempdir().unwrap();
    let mut data = numbered(4_100);
    data.extend_from_slice(b"Mar  3 12:00:00 web1 app[1]: long ");
    data.extend(std::iter::repeat_n(b'x', 1_500));
    data.push(b'\n');
    data.extend(
        (0..2_000).flat_map(|i| format!("Mar  3 12:00:01 web1 app[1]: record {i:07} after\n").into_bytes()),
    );
    assert!(data.len() >= 256 << 10, "big enough to be mapped");
    let path = write(dir.path(), "long.log", &data);
    let offset = numbered(4_100).len();
    for _ in 0..3 {
        let r = filter(true, &["--max-line", "1024"], &[&path]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("long.log: at byte {offset}: a line longer than 1024")),
            "{}",
            r.stderr
        );
        let nums = record_numbers(&r.stdout);
        assert_prefix(&nums, 4_100, "before the long line");
        assert_eq!(nums.len(), 4_100);
        assert!(!r.stdout.contains("after"), "stopped at the warning");
        // Not strict: everything, the long line's pieces included.
        let r = filter(false, &["--max-line", "1024"], &[&path]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(record_numbers(&r.stdout).len(), 6_100);
    }
}

#[test]
fn strict_prints_every_input_before_one_that_cannot_be_opened() {
    // A socket named on the command line cannot be opened (ENXIO, even for
    // root): an error about the input as a whole, met while the file
    // before it is still being parsed. In input order (filter), it comes
    // after all of that file.
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.log", &numbered(60_000));
    let sock = dir.path().join("app.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let sock = sock.to_string_lossy().into_owned();
    for _ in 0..3 {
        let r = filter(true, &[], &[&big, &sock]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("app.sock") && r.stderr.contains("cannot open"), "{}", r.stderr);
        let nums = record_numbers(&r.stdout);
        assert_prefix(&nums, 60_000, "the file before the socket");
        assert_eq!(nums.len(), 60_000);
    }
}
