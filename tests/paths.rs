//! Same input, every code path: mapped file, buffered read (--no-mmap),
//! gzip, zstd, multi-member gzip, tar and zip members, stdin, one thread or
//! many, and tiny chunks that cut records everywhere — the same events.

use crate::util::{gzip, run, run_stdin, write};

/// A mixed corpus: syslog with continuation-looking lines, CRLF, JSON.
fn corpus() -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..3000 {
        match i % 5 {
            0 => v.extend_from_slice(
                format!(
                    "2024-03-03T12:00:{:02}.{:03}Z ERROR [gateway] request failed id={i}\n",
                    i % 60,
                    i % 1000
                )
                .as_bytes(),
            ),
            1 => v.extend_from_slice(format!("\tat com.example.Foo.bar(Foo.java:{i})\n").as_bytes()),
            2 => v.extend_from_slice(
                format!("Mar  3 12:00:{:02} web1 sshd[{i}]: Accepted publickey for u{i}\r\n", i % 60)
                    .as_bytes(),
            ),
            3 => v.extend_from_slice(
                format!(
                    "{{\"ts\":\"2024-03-03T12:00:{:02}Z\",\"level\":\"info\",\"msg\":\"m{i}\"}}\n",
                    i % 60
                )
                .as_bytes(),
            ),
            _ => v.extend_from_slice(b"\n"),
        }
    }
    v
}

/// detect --json rows without the source label (which differs by path).
fn summary(args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = vec!["detect", "--json", "--year", "2024"];
    a.extend_from_slice(args);
    let r = run(&a);
    assert!(r.code == 0, "{args:?}: {}", r.stderr);
    strip(r.json())
}

fn strip(rows: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    rows.into_iter()
        .map(|mut v| {
            let o = v.as_object_mut().unwrap();
            o.remove("source");
            o.remove("compression");
            v
        })
        .collect()
}

#[test]
fn every_reading_path_gives_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let data = corpus();
    let plain = write(dir.path(), "a.log", &data);
    let expected = summary(&[&plain]);
    assert_eq!(expected[0]["lines"], 3000);

    assert_eq!(summary(&["--no-mmap", &plain]), expected, "buffered read");
    assert_eq!(summary(&["-j", "1", &plain]), expected, "one thread");
    assert_eq!(summary(&["--chunk-size", "100", &plain]), expected, "tiny mapped chunks");
    assert_eq!(summary(&["--chunk-size", "100", "--no-mmap", &plain]), expected, "tiny stream chunks");

    let gz = write(dir.path(), "a.log.gz", &gzip(&data));
    assert_eq!(summary(&[&gz]), expected, "gzip");
    let mut multi = gzip(&data[..data.len() / 3]);
    multi.extend(gzip(&data[data.len() / 3..]));
    let mgz = write(dir.path(), "multi.gz", &multi);
    assert_eq!(summary(&[&mgz]), expected, "multi-member gzip");
    let zst = write(dir.path(), "a.log.zst", &zstd::encode_all(&data[..], 3).unwrap());
    assert_eq!(summary(&[&zst]), expected, "zstd");

    let mut tar = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(1_709_500_000);
    h.set_cksum();
    tar.append_data(&mut h, "var/log/a.log", &data[..]).unwrap();
    let tgz = write(dir.path(), "logs.tgz", &gzip(&tar.into_inner().unwrap()));
    let r = run(&["detect", "--json", "--year", "2024", &tgz]);
    let rows = r.json();
    assert!(rows[0]["source"].as_str().unwrap().ends_with("logs.tgz:var/log/a.log"), "{:?}", rows[0]);
    assert_eq!(strip(rows), expected, "tar.gz member");

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("logs/a.log", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, &data).unwrap();
    let zpath = write(dir.path(), "logs.zip", &zip.finish().unwrap().into_inner());
    assert_eq!(summary(&[&zpath]), expected, "zip member");

    let r = run_stdin(&["detect", "--json", "--year", "2024"], &data);
    assert_eq!(strip(r.json()), expected, "stdin");
}
