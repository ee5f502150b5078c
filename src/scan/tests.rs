//! The scanner's delivery order under damage: results before an error are
//! all delivered ahead of it, and a mapped file that shrinks mid-scan keeps
//! every complete line still in it.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::*;

/// One line per number, all the same length, so offsets are easy to compute.
fn numbered(n: usize) -> Vec<u8> {
    (0..n).flat_map(|i| format!("line {i:07} of the test data\n").into_bytes()).collect()
}

const LINE: usize = 30;

fn input(path: &Path) -> Input {
    Input { path: Some(path.to_path_buf()), label: path.display().to_string(), explicit: true }
}

/// What a scan delivered: every line's text in delivery order, and the errors.
fn collect(
    inputs: &[Input],
    opts: &ScanOptions,
    work_hook: &(dyn Fn(&Chunk) + Sync),
) -> (Vec<String>, Vec<InputError>) {
    let work = |c: &Chunk| {
        work_hook(c);
        let text = String::from_utf8_lossy(c.bytes()).into_owned();
        text.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let (mut lines, mut errors) = (Vec::new(), Vec::new());
    scan(inputs, opts, &Meter::new(), &work, |d| {
        match d {
            Delivery::Chunk { out, .. } => lines.extend(out),
            Delivery::Error(e) => {
                errors.push(e);
                return ControlFlow::Break(());
            }
            _ => {}
        }
        ControlFlow::Continue(())
    });
    (lines, errors)
}

fn small_chunks(ordered: bool) -> ScanOptions {
    ScanOptions { chunk_size: 4096, ordered, format: Some(FormatId::Raw), ..ScanOptions::default() }
}

#[test]
fn a_stream_error_comes_after_every_chunk_read_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = numbered(50_000);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &data).unwrap();
    let mut gz = gz.finish().unwrap();
    gz.truncate(gz.len() / 2);
    let path = dir.path().join("cut.log.gz");
    std::fs::write(&path, &gz).unwrap();
    for ordered in [false, true] {
        for _ in 0..5 {
            // The sink stops at the error, as --strict does.
            let (lines, errors) = collect(&[input(&path)], &small_chunks(ordered), &|_| {});
            assert_eq!(errors.len(), 1);
            let at = errors[0].offset.unwrap() as usize;
            assert!(at > 100 * 4096, "the damage comes after many chunks: {at}");
            // Everything decompressed before the damage, in order.
            let whole = at / LINE;
            assert!(lines.len() >= whole, "{} lines of {whole} before byte {at}", lines.len());
            for (i, l) in lines.iter().enumerate().take(whole) {
                assert_eq!(l.as_bytes(), &data[i * LINE..(i + 1) * LINE - 1]);
            }
        }
    }
}

#[test]
fn a_mapped_file_that_shrinks_keeps_its_complete_lines_and_says_where_it_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let data = numbered(20_000); // 580 000 bytes: 141 chunks of 4 KiB
                                 // Cut in the middle of a line, many chunks in.
    let keep = 300_000 + 5;
    for ordered in [false, true] {
        let path = dir.path().join(format!("shrinks-{ordered}.log"));
        std::fs::write(&path, &data).unwrap();
        let cut = AtomicBool::new(false);
        let truncate = |c: &Chunk| {
            if c.seq == 3 && !cut.swap(true, Ordering::SeqCst) {
                let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                f.set_len(keep as u64).unwrap();
            }
        };
        let (lines, errors) = collect(&[input(&path)], &small_chunks(ordered), &truncate);
        assert!(cut.load(Ordering::SeqCst));
        let whole = keep / LINE;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].offset, Some((whole * LINE) as u64), "{}", errors[0]);
        assert!(matches!(errors[0].kind, InputErrorKind::Shrank(n) if n == keep as u64), "{}", errors[0]);
        assert_eq!(lines.len(), whole, "every complete line below the new end, none past it");
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(l.as_bytes(), &data[i * LINE..(i + 1) * LINE - 1], "line {i}");
        }
    }
}

#[test]
fn a_mapped_file_that_shrinks_reports_it_once_when_not_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let data = numbered(20_000);
    let path = dir.path().join("shrinks.log");
    std::fs::write(&path, &data).unwrap();
    let cut = AtomicBool::new(false);
    let truncate = |c: &Chunk| {
        if c.seq == 1 && !cut.swap(true, Ordering::SeqCst) {
            std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(100_000).unwrap();
        }
    };
    let work = |c: &Chunk| {
        truncate(c);
        c.lines
    };
    let (mut lines, mut errors, mut ended) = (0u64, Vec::new(), false);
    scan(&[input(&path)], &small_chunks(false), &Meter::new(), &work, |d| {
        match d {
            Delivery::Chunk { out, .. } => lines += out,
            Delivery::Error(e) => errors.push(e),
            Delivery::End { .. } => ended = true,
            Delivery::Begin(_) => {}
        }
        ControlFlow::Continue(())
    });
    assert!(ended);
    assert_eq!(errors.len(), 1, "one message for the file: {errors:?}");
    assert_eq!(lines, (100_000 / LINE) as u64);
}

#[test]
fn a_file_appended_to_while_read_is_read_to_its_length_when_mapped_and_to_its_end_when_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let data = numbered(20_000);
    let more = numbered(20_100);
    let more = &more[data.len()..]; // lines 20000..20099
    for no_mmap in [false, true] {
        let path = dir.path().join(format!("grows-{no_mmap}.log"));
        std::fs::write(&path, &data).unwrap();
        let grown = AtomicBool::new(false);
        let append = |c: &Chunk| {
            if c.seq == 1 && !grown.swap(true, Ordering::SeqCst) {
                let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
                std::io::Write::write_all(&mut f, more).unwrap();
            }
        };
        let mut opts = small_chunks(true);
        opts.open.no_mmap = no_mmap;
        let (lines, errors) = collect(&[input(&path)], &opts, &append);
        assert!(grown.load(Ordering::SeqCst) && errors.is_empty(), "{errors:?}");
        // Mapped: the length it had when it was opened. Streamed: the
        // reader is only a few chunks ahead of the parsers, so it meets
        // the appended lines before the end.
        let want = if no_mmap { 20_100 } else { 20_000 };
        assert_eq!(lines.len(), want, "no_mmap={no_mmap}");
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(l, &format!("line {i:07} of the test data"), "no_mmap={no_mmap}");
        }
    }
}

/// What a scan with a prefilter gives, per source in delivery order (the
/// order across sources varies unless ordered): every candidate event's
/// line, offset and raw text, each chunk's first line, and the totals.
fn candidates(
    inputs: &[Input],
    opts: &ScanOptions,
    pf: &prefilter::Prefilter,
) -> BTreeMap<String, Vec<String>> {
    let work = |c: &Chunk| {
        let mut out = Vec::new();
        c.for_each_candidate_event(pf, &mut |ev| {
            out.push(format!("{} {} {}", ev.line, ev.offset, String::from_utf8_lossy(ev.raw)));
        });
        out.push(format!("chunk {} first line {}", c.seq, c.first_line_now()));
        out
    };
    let mut got: BTreeMap<String, Vec<String>> = BTreeMap::new();
    scan(inputs, opts, &Meter::new(), &work, |d| {
        match d {
            Delivery::Chunk { out, source } => got.entry(source.label.clone()).or_default().extend(out),
            Delivery::End { source, lines, bytes } => {
                got.entry(source.label.clone()).or_default().push(format!("end {lines} {bytes}"))
            }
            Delivery::Error(e) => got.entry(String::new()).or_default().push(format!("error {e}")),
            Delivery::Begin(_) => {}
        }
        ControlFlow::Continue(())
    });
    got
}

#[test]
fn lazy_line_numbers_are_the_counted_ones() {
    let dir = tempfile::tempdir().unwrap();
    // Mapped files with CRLF, blank lines, an open last line, and a stream.
    let mut a = Vec::new();
    for i in 0..20_000 {
        let end = if i % 3 == 0 { "\r\n" } else { "\n" };
        let id = if i % 97 == 5 && i < 2000 || i % 4999 == 7 { "ID-X" } else { "none" };
        a.extend(format!("ts=2024-03-01T10:00:00Z level=info n={i} id={id}{end}").into_bytes());
        if i % 50 == 0 {
            a.push(b'\n');
        }
    }
    a.extend(b"last ID-X without terminator");
    let paths: Vec<_> = ["a.log", "b.log", "c.log.gz"].iter().map(|n| dir.path().join(n)).collect();
    std::fs::write(&paths[0], &a).unwrap();
    std::fs::write(&paths[1], numbered(5000)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &a).unwrap();
    std::fs::write(&paths[2], gz.finish().unwrap()).unwrap();
    let inputs: Vec<Input> = paths.iter().map(|p| input(p)).collect();
    let mut pfs = vec![
        prefilter::Prefilter::literals(["ID-X"], false).unwrap(),
        prefilter::Prefilter::regex("line 00004").unwrap(),
    ];
    // The one-literal searcher, whose chunks without a hit are counted
    // block by block (blocks of 128 KiB: chunks of 300 KB hold several).
    pfs.extend(folded::Folded::new(b"ID-X", false).map(prefilter::Prefilter::Folded));
    for pf in &pfs {
        for (ordered, chunk_size) in [(false, 2048), (true, 2048), (false, 300_000), (true, 300_000)] {
            let eager = ScanOptions { chunk_size, ordered, format: None, ..ScanOptions::default() };
            let lazy = ScanOptions { lazy_lines: true, lazy_chunk_size: chunk_size, ..eager.clone() };
            let want = candidates(&inputs, &eager, pf);
            let events = want.values().flatten().filter(|l| !l.starts_with("chunk") && !l.starts_with("end"));
            assert!(events.count() >= 10, "{want:?}");
            assert_eq!(want.len(), 3);
            assert_eq!(candidates(&inputs, &lazy, pf), want);
        }
    }
}

/// A compressed input after a large mapped one is opened early (its
/// reader decompresses while the mapped chunks are parsed), and the scan
/// still delivers every line of every input, each source in line order,
/// and skips it in its turn.
#[test]
fn a_stream_opened_early_is_read_once_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = ["a.log", "b.log.gz", "c.log", "d.log"].iter().map(|n| dir.path().join(n)).collect();
    std::fs::write(&paths[0], numbered(40_000)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &numbered(9_000)).unwrap();
    std::fs::write(&paths[1], gz.finish().unwrap()).unwrap();
    std::fs::write(&paths[2], numbered(300)).unwrap();
    std::fs::write(&paths[3], numbered(20_000)).unwrap();
    let inputs: Vec<Input> = paths.iter().map(|p| input(p)).collect();

    let mut early = EarlyStreams::new(inputs.len());
    assert_eq!(early.next(&inputs, 1), Some(1));
    assert!(early.opened(1) && !early.opened(0) && !early.opened(2));
    // Each input is looked at once: nothing more to open early.
    assert_eq!(early.next(&inputs, 1), None);

    let opts = small_chunks(false);
    let mut by_source: BTreeMap<usize, Vec<(u64, String)>> = BTreeMap::new();
    let mut keys = BTreeMap::new();
    let work = |c: &Chunk| {
        let text = String::from_utf8_lossy(c.bytes()).into_owned();
        (c.seq, text.lines().map(str::to_string).collect::<Vec<_>>())
    };
    scan(&inputs, &opts, &Meter::new(), &work, |d| {
        match d {
            Delivery::Begin(info) => {
                assert!(keys.insert(info.id, info.key.0).is_none(), "one Begin per source");
            }
            Delivery::Chunk { source, out: (seq, lines) } => {
                let input = keys[&source.id];
                by_source.entry(input).or_default().extend(lines.into_iter().map(|l| (seq, l)));
            }
            Delivery::Error(e) => panic!("{e}"),
            _ => {}
        }
        ControlFlow::Continue(())
    });
    assert_eq!(keys.len(), 4);
    for (input, want) in [(0, 40_000), (1, 9_000), (2, 300), (3, 20_000)] {
        let mut got = by_source.remove(&input).unwrap();
        got.sort_by_key(|(seq, _)| *seq);
        let lines: Vec<String> = got.into_iter().map(|(_, l)| l).collect();
        let expect: Vec<String> = (0..want).map(|i| format!("line {i:07} of the test data")).collect();
        assert_eq!(lines, expect, "input {input}");
    }
}
