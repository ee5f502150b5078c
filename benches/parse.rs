//! Parser throughput per format (bytes/s), and the scanner's line
//! splitting. Run: `cargo bench --bench parse`.
//!
//! Lines are synthesised here in the shapes of `shared/corpus/gen_corpus.py`
//! so the bench needs no data files.
//!
//! Time is the benchmark thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not
//! wall time: the machine these run on is shared with other builds, and
//! the work measured is single-threaded, so CPU time is what an idle core
//! would take and does not count the time the thread waited for one.
//! `BENCH_WALL=1` measures wall time instead.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use logsift::format::detect::Detection;
use logsift::format::time::{YearRef, Zone};
use logsift::format::{FormatId, ParseCx};
use logsift::scan::lines::{count_terminators, for_each_event, ChunkOrigin, LineSpans};

const UUIDS: [&str; 4] = [
    "c9e9c616-612e-4696-a6ce-cc1b78e51061",
    "06839eb9-05b6-46e3-87d4-bedc51431193",
    "75a89294-c2cd-489a-b802-08a9ad45f23d",
    "3099fdf5-ab99-454a-a901-e35cd47d380d",
];

fn lines(format: FormatId, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (mi, se, ms, id) = (i / 60 % 60, i % 60, i % 1000, UUIDS[i % 4]);
        let line = match format {
            FormatId::Json => format!(
                r#"{{"ts":"2024-03-01T00:{mi:02}:{se:02}.{ms:03}Z","level":"info","service":"orders","request_id":"{id}","msg":"order created","order_id":{i},"duration_ms":{}}}"#,
                i % 300
            ),
            FormatId::Syslog => format!(
                "Mar  2 00:{mi:02}:{se:02} web1 sshd[{}]: Failed password for git from 185.189.123.{} port {} ssh2",
                60000 + i,
                i % 256,
                40000 + i % 20000
            ),
            FormatId::Access => format!(
                r#"192.0.2.{} - - [02/Mar/2024:00:{mi:02}:{se:02} +0000] "GET /api/orders/{i} HTTP/1.1" 200 6234 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0" 0.024 req={id}"#,
                i % 256
            ),
            FormatId::Logfmt => format!(
                r#"ts=2024-03-01T00:{mi:02}:{se:02}.{ms:03}Z level=info service=payments request_id={id} msg="charge authorized" order_id={i} amount=163.63 currency=EUR duration_ms=140"#
            ),
            FormatId::LevelText => format!(
                "2024-03-01T00:{mi:02}:{se:02}.{ms:03}Z INFO  [gateway] request_id={id} POST /api/orders 201 in 181ms"
            ),
            _ => unreachable!(),
        };
        s.push_str(&line);
        s.push('\n');
    }
    s
}

/// CPU time used by this thread so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Runs `f` `iters` times and returns the time taken (thread CPU time, or
/// wall time with `BENCH_WALL=1`).
fn timed<R>(iters: u64, mut f: impl FnMut() -> R) -> Duration {
    if std::env::var_os("BENCH_WALL").is_some() {
        let t0 = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        return t0.elapsed();
    }
    let t0 = thread_cpu();
    for _ in 0..iters {
        black_box(f());
    }
    thread_cpu() - t0
}

fn parse(c: &mut Criterion) {
    let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
    let mut g = c.benchmark_group("parse");
    for f in [FormatId::Json, FormatId::Syslog, FormatId::Access, FormatId::Logfmt, FormatId::LevelText] {
        let text = lines(f, 20_000);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(f.name(), |b| {
            b.iter_custom(|iters| {
                timed(iters, || {
                    let mut n = 0usize;
                    for (s, e) in LineSpans::new(text.as_bytes(), b'\n') {
                        if let Some(ev) = f.parse(&text[s..e], &cx) {
                            n += ev.fields.len() + ev.ts.is_some() as usize;
                        }
                    }
                    n
                })
            })
        });
    }
    g.finish();
    // The same lines through the scanner's chunk path (UTF-8 check, line
    // split, detection result with fallbacks, event location): what one
    // core does per chunk in `logsift detect`.
    let mut g = c.benchmark_group("events");
    let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term: b'\n' };
    for f in [FormatId::Json, FormatId::Syslog, FormatId::Access, FormatId::Logfmt, FormatId::LevelText] {
        let text = lines(f, 20_000);
        let detected = logsift::format::detect::detect(text.lines().take(200), &cx);
        assert_eq!(detected.format, f, "the synthetic {} lines are detected as such", f.name());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(f.name(), |b| {
            b.iter_custom(|iters| {
                timed(iters, || {
                    let mut n = 0usize;
                    for_each_event(text.as_bytes(), origin, &detected, &cx, &mut |ev| {
                        n += ev.fields.len() + ev.ts.is_some() as usize
                    });
                    n
                })
            })
        });
    }
    g.finish();
}

fn scan(c: &mut Criterion) {
    let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
    let mut text = String::new();
    for f in [FormatId::Json, FormatId::Syslog, FormatId::Access, FormatId::Logfmt, FormatId::LevelText] {
        text.push_str(&lines(f, 4_000));
    }
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("count_lines", |b| {
        b.iter_custom(|iters| timed(iters, || count_terminators(text.as_bytes(), b'\n')))
    });
    g.bench_function("split_lines", |b| {
        b.iter_custom(|iters| timed(iters, || LineSpans::new(text.as_bytes(), b'\n').count()))
    });
    let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term: b'\n' };
    let sample: Vec<&str> = text.lines().step_by(100).collect();
    let detected = logsift::format::detect::detect(sample, &cx);
    g.bench_function("events_mixed_with_fallback", |b| {
        b.iter_custom(|iters| {
            timed(iters, || {
                let mut n = 0usize;
                for_each_event(text.as_bytes(), origin, &detected, &cx, &mut |ev| n += ev.lines as usize);
                n
            })
        })
    });
    let forced = Detection::forced(FormatId::Raw);
    g.bench_function("events_raw", |b| {
        b.iter_custom(|iters| {
            timed(iters, || {
                let mut n = 0usize;
                for_each_event(text.as_bytes(), origin, &forced, &cx, &mut |ev| n += ev.lines as usize);
                n
            })
        })
    });
    g.finish();
}

criterion_group!(benches, parse, scan);
criterion_main!(benches);
