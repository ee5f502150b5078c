//! `--max-line` (issue 9): a line longer than the cap is cut every
//! `--max-line` bytes in every kind of input (mapped file, `--no-mmap`,
//! gzip, tar member, stdin), nothing is dropped, the pieces keep the line's
//! number so later lines keep theirs, and one warning per file names the
//! byte offset of its first long line; the exit code is 2.

use crate::util::{gzip, run, run_stdin, write};

const MAX: usize = 1024;

/// A syslog line whose message is `len` bytes of a pattern that shows
/// where each piece starts.
fn long_line(second: u32, tag: &str, len: usize) -> String {
    let body: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    format!("Mar  3 12:00:{second:02} web1 app[1]: {tag} {body}")
}

fn short(i: u32) -> String {
    format!("Mar  3 12:00:{:02} web1 app[1]: record {i}", i % 60)
}

/// 3 500 short lines, a 2 534-byte line, 3 500 short lines and, when
/// `open_end`, a 3 034-byte line last without a newline: over 256 KiB, so
/// that a plain file is mapped.
fn source(open_end: bool) -> (Vec<String>, Vec<u8>) {
    let mut lines: Vec<String> = (0..3_500).map(short).collect();
    lines.push(long_line(9, "LONG", 2500));
    lines.extend((3_501..7_001).map(short));
    if open_end {
        lines.push(long_line(8, "TAIL", 3000));
        let text = lines.join("\n");
        (lines, text.into_bytes())
    } else {
        let text = lines.join("\n") + "\n";
        (lines, text.into_bytes())
    }
}

/// What `filter --json` must print for `lines`: each line over `MAX`
/// bytes as its pieces of `MAX` bytes, all with the line's number; the
/// first piece parses as the syslog line it starts, the others are raw
/// text.
fn expected(lines: &[String]) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let n = i as u64 + 1;
        let pieces: Vec<&str> = l.as_bytes().chunks(MAX).map(|c| std::str::from_utf8(c).unwrap()).collect();
        let head = pieces[0];
        let msg = &head[head.find("]: ").unwrap() + 3..];
        out.push((n, msg.to_string()));
        out.extend(pieces[1..].iter().map(|p| (n, p.to_string())));
    }
    out
}

fn events(stdout_json: &crate::util::Run) -> Vec<(u64, String)> {
    stdout_json
        .json()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["message"].as_str().unwrap().to_string()))
        .collect()
}

/// Runs `filter --json --max-line 1024` on `args` and checks the events
/// and the one warning naming `label` and the offset of the long line.
fn check(r: crate::util::Run, lines: &[String], label: &str) {
    assert_eq!(r.code, 2, "a cut line is reported like other input damage: {}", r.stderr);
    let warnings: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "one warning per file: {}", r.stderr);
    let long = lines.iter().position(|l| l.len() > MAX).unwrap();
    let offset: usize = lines[..long].iter().map(|l| l.len() + 1).sum();
    assert!(
        warnings[0].contains(label)
            && warnings[0].contains(&format!("at byte {offset}:"))
            && warnings[0].contains("longer than 1024"),
        "{}",
        r.stderr
    );
    let got = events(&r);
    let want = expected(lines);
    assert_eq!(got, want);
    // Nothing dropped: the pieces put back together are the line.
    let n = long as u64 + 1;
    let joined: String = got.iter().filter(|(l, _)| *l == n).map(|(_, m)| m.as_str()).collect();
    assert_eq!(joined, lines[long][lines[long].find("]: ").unwrap() + 3..]);
}

fn filter(args: &[&str]) -> crate::util::Run {
    let mut a = vec!["filter", "--json", "--year", "2024", "--max-line", "1024"];
    a.extend_from_slice(args);
    run(&a)
}

#[test]
fn a_long_line_in_the_middle_of_a_mapped_file_is_cut_and_later_lines_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (lines, data) = source(false);
    assert!(data.len() >= 256 << 10, "big enough to be mapped");
    let path = write(dir.path(), "mid.log", &data);
    check(filter(&[&path]), &lines, "mid.log");
    check(filter(&["--no-mmap", &path]), &lines, "mid.log");
    // Tiny chunks: the cut lands wherever the chunk boundaries are.
    check(filter(&["--chunk-size", "64", &path]), &lines, "mid.log");
    check(filter(&["--no-mmap", "--chunk-size", "64", &path]), &lines, "mid.log");
}

#[test]
fn a_long_last_line_without_newline_is_cut_too() {
    let dir = tempfile::tempdir().unwrap();
    let (lines, data) = source(true);
    assert!(data.len() >= 256 << 10, "big enough to be mapped");
    let path = write(dir.path(), "end.log", &data);
    for extra in [&[][..], &["--no-mmap"][..]] {
        let mut args = extra.to_vec();
        args.push(&path);
        check(filter(&args), &lines, "end.log");
    }
    let r = run(&["detect", "--json", "--max-line", "1024", &path]);
    let row = &r.json()[0];
    assert_eq!(row["lines"], 7_002, "a cut line counts once");
    assert_eq!(row["events"], 7_002 + 2 + 2, "two extra pieces for each long line");
}

#[test]
fn gzip_tar_members_and_stdin_are_cut_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let (lines, data) = source(true);
    let gz = write(dir.path(), "app.log.gz", &gzip(&data));
    check(filter(&[&gz]), &lines, "app.log.gz");
    check(
        run_stdin(&["filter", "--json", "--year", "2024", "--max-line", "1024", "-"], &data),
        &lines,
        "<stdin>",
    );
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, "inner/app.log", &data[..]).unwrap();
    let tar = write(dir.path(), "logs.tar", &b.into_inner().unwrap());
    check(filter(&[&tar]), &lines, "logs.tar:inner/app.log");
}

#[test]
fn every_long_line_is_cut_but_each_file_is_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..3_500).map(short).collect();
    lines.push(long_line(1, "A", 1500));
    lines.extend((0..3_500).map(short));
    lines.push(long_line(3, "B", 5000));
    lines.push(short(4));
    assert!(lines.join("\n").len() >= 256 << 10, "big enough to be mapped");
    let a = write(dir.path(), "a.log", (lines.join("\n") + "\n").as_bytes());
    let b = write(dir.path(), "b.log.gz", &gzip((lines.join("\n") + "\n").as_bytes()));
    let r = filter(&[&a, &b]);
    assert_eq!(r.code, 2);
    let offset: usize = lines[..3_500].iter().map(|l| l.len() + 1).sum();
    for name in ["a.log", "b.log.gz"] {
        let w: Vec<&str> = r.stderr.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(w.len(), 1, "{}", r.stderr);
        assert!(w[0].contains(&format!("at byte {offset}:")), "{}", r.stderr);
    }
    let want = expected(&lines);
    let got = events(&r);
    assert_eq!(got.len(), want.len() * 2);
    assert_eq!(&got[..want.len()], &want[..]);
    assert_eq!(&got[want.len()..], &want[..]);
}

#[test]
fn a_pattern_in_a_later_piece_finds_that_piece_with_the_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..7_000).map(short).collect();
    lines.insert(3_000, long_line(1, "X", 3000) + " NEEDLE-AT-THE-END");
    assert!(lines.join("\n").len() >= 256 << 10, "big enough to be mapped");
    let path = write(dir.path(), "n.log", (lines.join("\n") + "\n").as_bytes());
    for extra in ["--no-mmap", "--chunk-size=1000000", "--chunk-size=100"] {
        let r = filter(&[extra, "-e", "NEEDLE-AT-THE-END", &path]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        let got = events(&r);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 3_001);
        assert!(got[0].1.ends_with("NEEDLE-AT-THE-END") && got[0].1.len() < MAX, "{got:?}");
    }
}

#[test]
fn the_default_cap_cuts_nothing_in_normal_input() {
    let dir = tempfile::tempdir().unwrap();
    let (lines, data) = source(true);
    let path = write(dir.path(), "end.log", &data);
    let gz = write(dir.path(), "end.log.gz", &gzip(&data));
    for p in [&path, &gz] {
        let r = run(&["filter", "--json", "--year", "2024", p]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        let got = events(&r);
        assert_eq!(got.len(), lines.len());
        for (i, (n, m)) in got.iter().enumerate() {
            assert_eq!(*n, i as u64 + 1);
            assert!(lines[i].ends_with(m.as_str()), "{m}");
        }
    }
}
