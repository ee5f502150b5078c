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
