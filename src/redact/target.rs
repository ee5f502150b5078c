//! Where `redact` writes each copy, and the evidence rules it enforces
//! before writing a byte: never in place, never over an input, never into
//! an input directory, never outside the output directory (archive member
//! names like `../../etc/x` are flattened), and never over an existing
//! file unless `--force`.
//!
//! Layout: an input found under a directory argument keeps its path below
//! that directory (`logs/web1/auth.log` → `OUT/web1/auth.log`); a file
//! named directly goes to `OUT/<file name>`; an archive's members go below
//! a directory named after the archive (`OUT/bundle.tgz/var/log/auth.log`);
//! stdin goes to `OUT/stdin.log`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Result};

use crate::input::{Compression, Input};

/// The output path of every input (by index), decided before any writing.
#[derive(Debug)]
pub struct Targets {
    pub outdir: PathBuf,
    /// Output path of input `i` (for archives: the directory of its members).
    pub paths: Vec<PathBuf>,
    /// Canonical paths of every input file, to refuse writing over one.
    inputs: Vec<PathBuf>,
    force: bool,
}

impl Targets {
    /// Plans the output paths of `inputs` (found from the command-line
    /// `args`) under `outdir`, refusing an `outdir` that is or lies inside
    /// an input directory, or is an input file.
    pub fn plan(args: &[String], inputs: &[Input], outdir: &Path, force: bool) -> Result<Targets> {
        let out_abs = absolute(outdir);
        let dirs: Vec<PathBuf> =
            args.iter().map(Path::new).filter(|p| p.is_dir()).filter_map(|p| p.canonicalize().ok()).collect();
        for d in &dirs {
            if out_abs.starts_with(d) {
                bail!(
                    "-o {}: it is inside the input directory {}; write the copies somewhere else (evidence is never written to)",
                    outdir.display(),
                    d.display()
                );
            }
        }
        let canon: Vec<PathBuf> =
            inputs.iter().filter_map(|i| i.path.as_ref()).filter_map(|p| p.canonicalize().ok()).collect();
        if canon.iter().any(|c| out_abs.starts_with(c)) {
            bail!("-o {}: that is an input file", outdir.display());
        }
        let mut paths = Vec::with_capacity(inputs.len());
        let mut seen: HashMap<PathBuf, String> = HashMap::new();
        for input in inputs {
            let rel = match &input.path {
                None => PathBuf::from("stdin.log"),
                Some(p) => {
                    let c = p.canonicalize().unwrap_or_else(|_| absolute(p));
                    let under = dirs.iter().filter(|d| c.starts_with(d)).max_by_key(|d| d.as_os_str().len());
                    match under {
                        Some(d) => c.strip_prefix(d).map(Path::to_path_buf).unwrap_or_default(),
                        None => PathBuf::from(p.file_name().unwrap_or(p.as_os_str())),
                    }
                }
            };
            let path = outdir.join(rel);
            if let Some(other) = seen.insert(path.clone(), input.label.clone()) {
                bail!(
                    "{} and {} would both be written to {}; redact them in separate runs",
                    other,
                    input.label,
                    path.display()
                );
            }
            paths.push(path);
        }
        Ok(Targets { outdir: outdir.to_path_buf(), paths, inputs: canon, force })
    }

    /// The output file of a source: input `index`, or a `member` of it
    /// (an archive member's name inside the archive), for data that was
    /// compressed with `compression` (written back the same way, except xz,
    /// which is written plain without its suffix).
    pub fn file_for(&self, index: usize, member: Option<&str>, compression: Compression) -> PathBuf {
        let mut path = self.paths[index].clone();
        if let Some(m) = member {
            path.push(safe_relative(m));
        }
        if compression == Compression::Xz {
            if let Some(stem) = path.to_str().and_then(|s| s.strip_suffix(".xz")) {
                path = PathBuf::from(stem);
            }
        }
        path
    }

    /// Refuses to write `path` when it is an input (through any link) or
    /// exists without `--force`.
    pub fn check_writable(&self, path: &Path) -> Result<()> {
        if let Ok(c) = path.canonicalize() {
            if self.inputs.contains(&c) {
                bail!("{}: that is an input; refusing to write over evidence", path.display());
            }
            if !self.force {
                bail!("{}: already exists (use --force to replace earlier copies)", path.display());
            }
        }
        Ok(())
    }
}

/// A member name made safe to put below the output directory: only its
/// normal components (no root, no `..`), so a hostile archive cannot write
/// elsewhere.
pub fn safe_relative(name: &str) -> PathBuf {
    let p: PathBuf = Path::new(name)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect();
    if p.as_os_str().is_empty() {
        PathBuf::from("member")
    } else {
        p
    }
}

fn absolute(p: &Path) -> PathBuf {
    // The output directory may not exist yet: canonicalize its nearest
    // existing ancestor and append the rest.
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
    let mut c = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for r in rest.iter().rev() {
        c.push(r);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(p: &Path) -> Input {
        Input { path: Some(p.to_path_buf()), label: p.display().to_string(), explicit: false }
    }

    #[test]
    fn layout_keeps_directories_and_refuses_evidence_paths() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir_all(logs.join("web1")).unwrap();
        let a = logs.join("web1/auth.log");
        let b = dir.path().join("single.log");
        std::fs::write(&a, "x\n").unwrap();
        std::fs::write(&b, "y\n").unwrap();
        let args = vec![logs.display().to_string(), b.display().to_string()];
        let out = dir.path().join("out");
        let t = Targets::plan(&args, &[input(&a), input(&b)], &out, false).unwrap();
        assert_eq!(t.paths, [out.join("web1/auth.log"), out.join("single.log")]);
        assert_eq!(
            t.file_for(0, Some("../../etc/passwd"), Compression::None),
            out.join("web1/auth.log/etc/passwd")
        );
        assert_eq!(t.file_for(1, None, Compression::Xz), out.join("single.log"));
        // Inside an input directory, or an input itself.
        let e = Targets::plan(&args, &[input(&a)], &logs.join("redacted"), false).unwrap_err().to_string();
        assert!(e.contains("inside the input directory"), "{e}");
        assert!(Targets::plan(&args, &[input(&b)], &b, false).is_err());
        // Over an input through a link, or over an earlier copy.
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(&b, out.join("single.log")).unwrap();
        let e = t.check_writable(&out.join("single.log")).unwrap_err().to_string();
        assert!(e.contains("refusing to write over evidence"), "{e}");
        std::fs::create_dir_all(out.join("web1")).unwrap();
        std::fs::write(out.join("web1/auth.log"), "old").unwrap();
        assert!(t.check_writable(&out.join("web1/auth.log")).unwrap_err().to_string().contains("--force"));
        assert!(t.check_writable(&out.join("new.log")).is_ok());
    }

    #[test]
    fn two_inputs_with_one_name_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
            std::fs::write(dir.path().join(d).join("app.log"), "x\n").unwrap();
        }
        let (a, b) = (dir.path().join("a/app.log"), dir.path().join("b/app.log"));
        let args = vec![a.display().to_string(), b.display().to_string()];
        let e = Targets::plan(&args, &[input(&a), input(&b)], &dir.path().join("o"), false).unwrap_err();
        assert!(e.to_string().contains("would both be written"), "{e}");
        assert_eq!(safe_relative("/abs/../x/./y"), PathBuf::from("abs/x/y"));
        assert_eq!(safe_relative(".."), PathBuf::from("member"));
    }
}
