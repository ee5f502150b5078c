//! Hostile streams (issue 9): a gzip bomb, a tar that lies about its member
//! sizes and names its members `../../etc/passwd`, and a file that grows
//! while it is read. No panic, memory stays flat, nothing is written.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;

use crate::util::{detect_rows, gzip, logsift, write, Run};

/// Runs logsift and returns its result with its own peak resident memory
/// in KiB (`wait4` on that one child, so tests running beside it do not count).
// The child is reaped by `wait4` below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_measured(args: &[&str]) -> (Run, i64) {
    let mut child = logsift().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let mut status = 0;
    // SAFETY: plain wait4 on our own child; `rusage` is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    let r = to_run(code, &out.join().unwrap(), &err.join().unwrap());
    (r, usage.ru_maxrss)
}

fn to_run(code: i32, stdout: &[u8], stderr: &[u8]) -> Run {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Run { code, stdout: text(stdout), stderr: text(stderr) }
}

#[test]
fn a_gzip_bomb_streams_in_flat_memory_and_its_long_line_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    // 512 MiB of zeros (no newline) between two log lines, in well under
    // 1 MB: the same 1 MiB gzip member repeated (multi-member gzip is legal).
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 1 << 20]).unwrap();
    let zeros = z.finish().unwrap();
    let mut bomb = gzip(b"Mar  3 12:00:00 web1 sshd[1]: before the bomb\n");
    for _ in 0..512 {
        bomb.extend_from_slice(&zeros);
    }
    bomb.extend(gzip(b"\nMar  3 12:00:01 web1 sshd[2]: after the bomb\n"));
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let path = write(dir.path(), "bomb.log.gz", &bomb);
    let good = write(dir.path(), "auth.log", b"Mar  3 12:00:02 web1 sshd[3]: other file\n");
    let (r, peak_kib) =
        run_measured(&["detect", "--json", "--year", "2024", "--max-line", "1000000", &path, &good]);
    assert_eq!(r.code, 2, "the cut is a warning, exit 2: {}", r.stderr);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains("bomb.log.gz")).collect();
    assert_eq!(warnings.len(), 1, "one line naming the file: {}", r.stderr);
    assert!(
        warnings[0].contains("at byte 46") && warnings[0].contains("longer than 1000000"),
        "{}",
        r.stderr
    );
    let rows = r.json();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["lines"], 3, "before, the cut line, after");
    assert_eq!(rows[0]["last"], "2024-03-03T12:00:01Z", "the line after the bomb is read");
    assert_eq!(rows[1]["lines"], 1, "the other input is read");
    assert!(peak_kib < 200 * 1024, "512 MiB decompressed, peak memory {peak_kib} KiB");
}

/// A 512-byte ustar header for a regular file `name` of `size` bytes, with a
/// size field that may claim anything (`size_field`).
fn tar_header(name: &str, size_field: &[u8; 11]) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..107].copy_from_slice(b"0000644");
    h[108..115].copy_from_slice(b"0000000");
    h[116..123].copy_from_slice(b"0000000");
    h[124..135].copy_from_slice(size_field);
    h[136..147].copy_from_slice(b"14572261000"); // 2024-03-03
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

fn tar_member(out: &mut Vec<u8>, name: &str, data: &[u8], claimed: Option<&[u8; 11]>) {
    let size = format!("{:011o}", data.len());
    out.extend_from_slice(&tar_header(name, claimed.unwrap_or(size.as_bytes().try_into().unwrap())));
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
}

fn tree(dir: &Path) -> Vec<(std::path::PathBuf, u64)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let m = std::fs::symlink_metadata(e.path()).unwrap();
        if m.is_dir() {
            v.extend(tree(&e.path()));
        }
        v.push((e.path(), m.len()));
    }
    v.sort();
    v
}

#[test]
fn a_tar_with_lying_sizes_and_traversal_names_is_only_read_never_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    let line = b"Mar  3 12:00:00 web1 sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n";
    let mut evil = Vec::new();
    for name in ["../../etc/passwd", "/tmp/absolute.log", "../../a/b/planted.log", "ok/auth.log"] {
        tar_member(&mut evil, name, &line.repeat(3), None);
    }
    evil.extend_from_slice(&[0u8; 1024]);
    let evil = write(&work, "evil.tar", &evil);
    // A member claiming 8 GiB, then the archive ends.
    let mut absurd = Vec::new();
    tar_member(&mut absurd, "first.log", &line.repeat(2), None);
    tar_member(&mut absurd, "huge.log", &line.repeat(2), Some(b"77777777777"));
    let absurd = write(&work, "absurd.tar", &absurd);
    let evil_gz = write(&work, "evil.tar.gz", &gzip(&std::fs::read(&evil).unwrap()));
    let before = tree(dir.path());
    for cwd in [dir.path(), work.as_path()] {
        let args = ["detect", "--json", "--year", "2024", &absurd, &evil, &evil_gz];
        let o = logsift().current_dir(cwd).args(args).output().unwrap();
        let r = to_run(o.status.code().unwrap_or(-1), &o.stdout, &o.stderr);
        assert_eq!(r.code, 2, "{}", r.stderr);
        let errors: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(errors.len(), 1, "{}", r.stderr);
        assert!(errors[0].contains("absurd.tar") && errors[0].contains("archive"), "{}", r.stderr);
        let rows = r.json();
        let labels: Vec<String> = rows
            .iter()
            .map(|r| r["source"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
            .collect();
        let sources: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
        assert!(sources.contains(&format!("{evil}:../../etc/passwd").as_str()), "{sources:?}");
        assert!(sources.contains(&format!("{evil_gz}:/tmp/absolute.log").as_str()), "{sources:?}");
        let evil_rows = rows.iter().filter(|r| r["source"].as_str().unwrap().contains("/evil.tar"));
        assert_eq!(evil_rows.filter(|r| r["lines"] == 3).count(), 8, "every member of both: {labels:?}");
        let first =
            rows.iter().find(|r| r["source"].as_str().unwrap().ends_with("absurd.tar:first.log")).unwrap();
        assert_eq!(first["lines"], 2, "the member before the lie is kept");
    }
    assert_eq!(tree(dir.path()), before, "nothing was written next to the archives");
    assert!(!Path::new("/tmp/absolute.log").exists());
}

#[test]
fn a_file_appended_to_while_it_is_read_gives_whole_lines_only() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Mar  3 12:00:00 web1 sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n";
    let start = 200_000;
    let path = write(dir.path(), "growing.log", line.repeat(start).as_bytes());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Half a line, then the rest: a reader can catch it in between.
                f.write_all(&line.as_bytes()[..40]).unwrap();
                f.write_all(&line.as_bytes()[40..]).unwrap();
                n += 1;
            }
            n
        })
    };
    let mut results = Vec::new();
    for args in [&["--year", "2024"][..], &["--year", "2024", "--no-mmap"]] {
        let mut a = args.to_vec();
        a.push(&path);
        results.push(detect_rows(&a));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let appended = writer.join().unwrap();
    assert!(appended > 0, "the file grew during the runs");
    for (r, rows) in results {
        assert_eq!(r.code, 0, "{}", r.stderr);
        let lines = rows[0]["lines"].as_u64().unwrap();
        let parsed = rows[0]["parsed"].as_u64().unwrap();
        assert!(
            lines >= start as u64 && lines <= (start + appended + 1) as u64,
            "{lines} of {start}+{appended}"
        );
        assert!(parsed + 1 >= lines, "at most the last line is seen half-written: {parsed} of {lines}");
    }
}

#[test]
fn truncated_zstd_bzip2_and_xz_keep_what_came_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    // Varied lines, so that the streams hold many blocks and LZMA2 chunks.
    for i in 0..100_000u32 {
        let user = i.wrapping_mul(2_654_435_761);
        data.extend_from_slice(
            format!("Mar  3 12:00:00 web1 sshd[{i}]: Failed password for {user:x} from 203.0.113.5 port {i} ssh2\n")
                .as_bytes(),
        );
    }
    let zst = zstd::encode_all(&data[..], 3).unwrap();
    let mut b = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    b.write_all(&data).unwrap();
    let bz = b.finish().unwrap();
    let mut x = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
    x.write_all(&data).unwrap();
    let xz = x.finish().unwrap();
    let good = write(dir.path(), "good.log", b"Mar  3 12:00:00 web1 sshd[1]: other file\n");
    let mut args = vec!["detect".to_string(), "--json".into(), "--year".into(), "2024".into()];
    for (name, mut z) in [("a.log.zst", zst), ("b.log.bz2", bz), ("c.log.xz", xz)] {
        z.truncate(z.len() * 2 / 3);
        args.push(write(dir.path(), name, &z));
    }
    args.push(good);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = crate::util::run(&args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for (name, codec) in [("a.log.zst", "zstd"), ("b.log.bz2", "bzip2"), ("c.log.xz", "xz")] {
        let msgs: Vec<&str> = r.stderr.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(msgs.len(), 1, "{name}: {}", r.stderr);
        assert!(
            msgs[0].contains(&format!("corrupt or truncated {codec}")) && msgs[0].contains("at byte"),
            "{}",
            msgs[0]
        );
    }
    let rows = r.json();
    assert_eq!(rows.len(), 4, "{}", r.stdout);
    let kept: Vec<u64> = rows[..3].iter().map(|r| r["lines"].as_u64().unwrap()).collect();
    for (row, &lines) in rows.iter().zip(&kept) {
        // Two thirds of the stream are there: most of its lines are kept
        // (xz loses the one LZMA2 chunk that was cut, as its decoder cannot
        // use a partial chunk).
        assert!(lines > 60_000 && lines < 100_000, "{kept:?}");
        assert_eq!(row["parsed"], lines, "no half line is parsed as garbage: {row}");
    }
    assert_eq!(rows[3]["lines"], 1, "the other input is read");
}

#[test]
fn a_file_truncated_while_it_is_read_and_hashed_never_crashes_or_lies() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let line = "Mar  3 12:00:00 web1 sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n";
    let full = line.repeat(150_000); // 12 MB: mapped, and long enough to be cut mid-read
    let keep = line.len() * 1000;
    let hex = |b: &[u8]| Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect::<String>();
    let (full_sha, cut_sha) = (hex(full.as_bytes()), hex(&full.as_bytes()[..keep]));
    for (i, delay) in [0u64, 5, 20, 80].into_iter().enumerate() {
        for mmap in [None, Some("--no-mmap")] {
            let path = write(dir.path(), &format!("shrinks{i}.log"), full.as_bytes());
            let cutter = {
                let path = path.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(delay));
                    std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(keep as u64).unwrap();
                })
            };
            let mut args = vec!["detect", "--json", "--hash", "--year", "2024"];
            args.extend(mmap);
            args.push(&path);
            let (r, rows) = detect_rows(&args[2..]);
            cutter.join().unwrap();
            assert!(r.code == 0 || r.code == 2, "no crash ({delay} ms, {mmap:?}): {} {}", r.code, r.stderr);
            if r.code == 2 {
                assert!(r.stderr.contains(&path) && r.stderr.contains("at byte"), "{}", r.stderr);
            }
            let row = rows.iter().find(|v| v["format"].is_string()).unwrap();
            let parsed = row["parsed"].as_u64().unwrap();
            if r.code == 0 {
                let lines = row["lines"].as_u64().unwrap();
                assert!(parsed + 1 >= lines && lines <= 150_000, "whole lines only: {parsed} of {lines}");
            } else {
                // The chunks read past the new end are dropped, and said so.
                assert!(r.stderr.contains("shrank"), "{}", r.stderr);
                assert!(parsed <= 150_000);
            }
            // A digest is of one whole version of the file, or absent.
            let rec = rows.iter().find(|v| v["kind"] == "input").unwrap();
            match (rec["sha256"].as_str(), rec["bytes"].as_u64().unwrap()) {
                (None, _) => assert!(rec["error"].is_string(), "{rec}"),
                (Some(sha), bytes) if bytes == full.len() as u64 => assert_eq!(sha, full_sha),
                (Some(sha), bytes) => {
                    assert_eq!(bytes, keep as u64, "{rec}");
                    assert_eq!(sha, cut_sha);
                }
            }
        }
    }
}

#[test]
fn strict_stops_at_a_corrupt_input_in_the_middle_of_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.log", b"Mar  3 12:00:00 web1 sshd[1]: after the damage\n");
    let bad = crate::util::fixture("hostile/truncated.log.gz");
    let run = |strict: bool| {
        let mut args = vec!["filter", "--year", "2024", "-e", "."];
        if strict {
            args.push("--strict");
        }
        args.extend([bad.as_str(), good.as_str()]);
        crate::util::run(&args)
    };
    let (lenient, strict) = (run(false), run(true));
    for r in [&lenient, &strict] {
        assert_eq!(r.code, 2);
        let errors: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(errors.len(), 1, "one line naming the file: {}", r.stderr);
        assert!(errors[0].contains("truncated.log.gz") && errors[0].contains("at byte"), "{}", r.stderr);
    }
    assert!(lenient.stdout.contains("truncated.log.gz:1:"), "what was read before the damage is kept");
    assert!(lenient.stdout.contains("after the damage"), "the other inputs are read");
    assert!(!strict.stdout.contains("after the damage"), "--strict stops at the first error");
}
