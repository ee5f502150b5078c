//! Test inputs shared by the equivalence tests that check a fast path
//! against its plain version on every real line the project can see.

use std::path::{Path, PathBuf};

/// Every file under `fixtures/` and, when the shared corpus sits beside
/// the repository (or beside a worktree), under its loghub samples, with
/// its text; `.csv` files (loghub's structured ground truth) only when
/// `with_csv`. Files that are not UTF-8 are left out.
pub fn fixture_and_loghub_files(with_csv: bool) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, with_csv: bool, out: &mut Vec<(PathBuf, String)>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, with_csv, out);
            } else if with_csv || !p.to_string_lossy().ends_with(".csv") {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push((p, text));
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for d in ["fixtures", "../shared/corpus/loghub", "../../shared/corpus/loghub"] {
        walk(&root.join(d), with_csv, &mut all);
    }
    all
}

/// The texts of [`fixture_and_loghub_files`].
pub fn fixture_and_loghub_texts(with_csv: bool) -> Vec<String> {
    fixture_and_loghub_files(with_csv).into_iter().map(|(_, text)| text).collect()
}

/// Calls `f` with every variant of `line` a parser's equivalence test
/// should see: each prefix (cut at a character boundary), and each byte
/// replaced by, or preceded by an insertion of, each byte of `alphabet`
/// (those that stay UTF-8). Returns how many variants were given.
pub fn for_each_variant(line: &str, alphabet: &[u8], f: &mut dyn FnMut(&str)) -> usize {
    let mut given = 0;
    for end in (0..=line.len()).filter(|&end| line.is_char_boundary(end)) {
        f(&line[..end]);
        given += 1;
    }
    for at in 0..line.len() {
        for &c in alphabet {
            let mut replaced = line.as_bytes().to_vec();
            replaced[at] = c;
            let mut inserted = line.as_bytes().to_vec();
            inserted.insert(at, c);
            for v in [replaced, inserted] {
                if let Ok(s) = std::str::from_utf8(&v) {
                    f(s);
                    given += 1;
                }
            }
        }
    }
    given
}

/// A parser's `parse`, as the direct JSON renderers' tests call it.
pub type ParseFn = for<'a> fn(&'a str, &crate::format::ParseCx) -> Option<crate::event::Event<'a>>;

/// A format's direct `--json` renderer (`write_json`).
pub type WriteJsonFn = fn(&str, &crate::format::ParseCx, &str, u64, &mut Vec<u8>) -> bool;

/// Asserts that a format's direct JSON renderer writes for `line` the
/// bytes the general writer writes for the parsed event, or declines the
/// line (leaving what is already in the buffer untouched), as it must when
/// the line is not in the format; returns whether it took the line.
pub fn direct_json_equals_general(
    line: &str,
    cx: &crate::format::ParseCx,
    parse: ParseFn,
    write_json: WriteJsonFn,
) -> bool {
    const BEFORE: &[u8] = b"previous line\n";
    let source = "web/\"a\".log";
    let mut out = BEFORE.to_vec();
    let taken = write_json(line, cx, source, 42, &mut out);
    match parse(line, cx) {
        Some(mut ev) if taken => {
            ev.line = 42;
            let mut general = BEFORE.to_vec();
            crate::output::json::write_event(&mut general, &ev, source);
            assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&general), "{line:?}");
        }
        // Declining is always right (the general path writes the line).
        Some(_) => {}
        None => assert!(!taken, "taken but not parsed: {line:?}"),
    }
    if !taken {
        assert_eq!(out, BEFORE, "{line:?}");
    }
    taken
}

/// Runs [`direct_json_equals_general`] on every variant of each of
/// `ugly` ([`for_each_variant`]) and on every fixture and loghub line;
/// returns (taken, given).
pub fn check_direct_json(
    ugly: &[&str],
    cx: &crate::format::ParseCx,
    parse: ParseFn,
    write_json: WriteJsonFn,
) -> (usize, usize) {
    let (mut taken, mut given) = (0, 0);
    for line in ugly {
        given += for_each_variant(line, b" \"\\-=[]:<>0a\t\x01\xc3", &mut |v| {
            taken += usize::from(direct_json_equals_general(v, cx, parse, write_json));
        });
    }
    for text in fixture_and_loghub_texts(false) {
        for line in text.lines() {
            given += 1;
            taken += usize::from(direct_json_equals_general(line, cx, parse, write_json));
        }
    }
    (taken, given)
}
