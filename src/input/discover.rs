//! Turns command-line paths into the ordered list of inputs to read.
//!
//! A path may name standard input (`-`), a file, a directory (walked
//! recursively) or a glob pattern (expanded here, for shells that did not).
//! The order is deterministic and puts every rotated set oldest first (see
//! [`super::rotation`]), so that a timeline over `/var/log` reads in time
//! order without sorting events afterwards.
//!
//! Evidence rule: discovery only stats, lists directories and reads the
//! first 8 KiB of files found in walks (to skip binaries), always through
//! [`open_readonly`]. It never follows a symlinked directory (no loops) and
//! never opens a FIFO, socket or device it was not explicitly given, since
//! opening those can block or have side effects.
//!
//! Nothing is silently dropped: each skipped entry leaves a note (hidden
//! entries one summary per walk), and each unreadable one an [`InputError`].

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

pub use super::open::open_readonly;
use super::rotation::{rotation_key, RotationKey};
use super::{Compression, Container, Input, InputError, InputErrorKind};

/// How many leading bytes are looked at to decide that a file is binary.
pub const SNIFF_LEN: usize = 8 * 1024;

/// How to walk and filter paths.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Also read hidden files and directories when walking.
    pub hidden: bool,
    /// `--source GLOB`: keep only inputs whose path matches one of these.
    /// A glob without `/` also matches against the file name alone, so
    /// `--source 'auth*'` keeps `/var/log/auth.log`. `*` does not cross `/`
    /// in a glob with `/` (use `**` for that).
    pub source_globs: Vec<String>,
}

/// The inputs found, in reading order, with notes about what was skipped.
#[derive(Debug, Default)]
pub struct Discovery {
    /// What to read, in this order (rotated sets oldest first).
    pub inputs: Vec<Input>,
    /// Things skipped on purpose (hidden, binary, special files), one line each.
    pub notes: Vec<String>,
    /// Paths that could not be read at all.
    pub errors: Vec<InputError>,
}

/// Expands paths into inputs, in reading order. No paths means standard
/// input; so does `-` (whether stdin is a terminal is the caller's call).
///
/// Explicit files are taken as they are (FIFOs and devices included, and
/// without a binary check: the user asked for them). Directories are walked
/// (see the module doc); a path with `*`, `?`, `[` or `{` that does not
/// exist is expanded as a glob. A file reached twice (same device and inode:
/// two spellings, a symlink, a hard link, overlapping directories) is read
/// once, under its first label, with a note.
/// `opts.source_globs` then filters what was found (stdin always stays).
pub fn discover(paths: &[String], opts: &DiscoverOptions) -> Discovery {
    let mut collector = Collector::default();
    if paths.is_empty() {
        collector.add_stdin();
    }
    for path in paths {
        collector.add_argument(path, opts);
    }
    let mut discovery = collector.out;
    filter_by_source_globs(&mut discovery, &opts.source_globs);
    discovery
}

/// Whether the first bytes of a file say it is not a log: a NUL byte in
/// them, unless the data is compressed or an archive (which the opener
/// unpacks). Pass at most [`SNIFF_LEN`] bytes.
///
/// UTF-16 text has NULs too and is reported as binary: it cannot be read
/// as lines of bytes anyway.
pub fn is_binary(head: &[u8]) -> bool {
    memchr::memchr(0, head).is_some()
        && Compression::sniff(head) == Compression::None
        && Container::sniff(head).is_none()
}

/// An I/O error as users should see it: the OS's message without the
/// `(os error N)` tail (`Permission denied`).
pub fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(cut) if text.ends_with(')') => text[..cut].to_string(),
        _ => text,
    }
}

/// Whether a path is meant as a glob pattern (when no such file exists).
fn has_glob_chars(path: &str) -> bool {
    path.contains(['*', '?', '[', '{'])
}

/// The first [`SNIFF_LEN`] bytes of an open file whose size is `size`.
///
/// Knowing the size saves the extra `read` that would only confirm the end
/// of a small file (a walk over /usr opens 100,000 of them). A size of 0 is
/// not trusted (procfs and sysfs files stat as empty but have data).
fn read_head(file: &File, size: u64) -> io::Result<Vec<u8>> {
    let want = match usize::try_from(size) {
        Ok(0) | Err(_) => SNIFF_LEN,
        Ok(size) => size.min(SNIFF_LEN),
    };
    let mut head = vec![0u8; want];
    let mut filled = 0;
    while filled < want {
        match (&*file).read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(filled);
    Ok(head)
}

/// What makes two paths the same file: device and inode. This catches
/// symlinks, `a/../b` spellings, overlapping walks, hard links and bind
/// mounts alike, and costs no more than the stat discovery already does
/// (canonicalizing each path instead cost ~8 `readlink` calls per file).
type FileId = (u64, u64);

fn file_id(meta: &fs::Metadata) -> FileId {
    (meta.dev(), meta.ino())
}

/// A path as a label: the path as written or as joined during a walk.
fn label_of(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// `n` with the singular or plural noun (`1 entry`, `3 entries`).
fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Accumulates the discovery, reading each file (by [`FileId`]) once.
#[derive(Default)]
struct Collector {
    out: Discovery,
    /// File -> label of the input that already reads it.
    seen: HashMap<FileId, String>,
    stdin_seen: bool,
}

impl Collector {
    /// Standard input, once however often it is named.
    fn add_stdin(&mut self) {
        if self.stdin_seen {
            self.out.notes.push("standard input named more than once; read once".to_string());
        } else {
            self.stdin_seen = true;
            self.out.inputs.push(Input::stdin());
        }
    }

    /// One command-line argument: `-`, a file, a directory or a glob.
    fn add_argument(&mut self, arg: &str, opts: &DiscoverOptions) {
        if arg == "-" {
            return self.add_stdin();
        }
        match fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => Walk::directory(self, opts).run(Path::new(arg), arg),
            Ok(meta) => self.add_explicit_file(arg, &meta),
            Err(_) if has_glob_chars(arg) => self.add_glob(arg, opts),
            Err(e) => self.error(arg, InputErrorKind::Open(io_message(&e))),
        }
    }

    /// A file named on the command line, whatever its type.
    fn add_explicit_file(&mut self, arg: &str, meta: &fs::Metadata) {
        if let Err(first) = self.claim(file_id(meta), arg) {
            self.out.notes.push(format!("{arg} is the same file as {first}; read once"));
            return;
        }
        self.out.inputs.push(Input {
            path: Some(PathBuf::from(arg)),
            label: arg.to_string(),
            explicit: true,
        });
    }

    /// A glob pattern: the files it matches, or an error if there are none.
    fn add_glob(&mut self, pattern: &str, opts: &DiscoverOptions) {
        let filter = match GlobFilter::new(pattern, opts.hidden) {
            Ok(filter) => filter,
            Err(message) => return self.error(pattern, InputErrorKind::Open(message)),
        };
        let base = PathBuf::from(&pattern[..filter.base_len]);
        let base_is_dir = base.as_os_str().is_empty() || fs::metadata(&base).is_ok_and(|m| m.is_dir());
        if !base_is_dir {
            return self.error(pattern, InputErrorKind::Open("no files match".to_string()));
        }
        let before = (self.out.inputs.len(), self.out.notes.len(), self.out.errors.len());
        let mut walk = Walk::directory(self, opts);
        walk.glob = Some(filter);
        walk.run(&base, pattern);
        if before == (self.out.inputs.len(), self.out.notes.len(), self.out.errors.len()) {
            self.error(pattern, InputErrorKind::Open("no files match".to_string()));
        }
    }

    /// Records that the file `id` is read as `label`; Err(first label)
    /// when an earlier input already reads the same file.
    fn claim(&mut self, id: FileId, label: &str) -> Result<(), String> {
        match self.seen.entry(id) {
            Entry::Occupied(first) => Err(first.get().clone()),
            Entry::Vacant(slot) => {
                slot.insert(label.to_string());
                Ok(())
            }
        }
    }

    fn error(&mut self, label: &str, kind: InputErrorKind) {
        self.out.errors.push(InputError::new(label, None, kind));
    }
}

/// What a directory entry is, as far as discovery cares.
enum EntryKind {
    File,
    Dir,
    SymlinkedDir,
    /// A FIFO, socket or device; the text says which.
    Special(&'static str),
    /// A symlink whose target is missing.
    BrokenLink,
    /// A symlink that leads back to itself (`a -> b -> a`): named as such,
    /// since "broken" would send an examiner looking for a deleted file.
    SymlinkLoop,
    /// The entry could not be stat'ed.
    Unreadable(String),
}

/// The kind of `entry` (at `path`), following a symlink to a file.
fn entry_kind(entry: &fs::DirEntry, path: &Path) -> EntryKind {
    let file_type = match entry.file_type() {
        Ok(t) => t,
        Err(e) => return EntryKind::Unreadable(io_message(&e)),
    };
    if file_type.is_dir() {
        return EntryKind::Dir;
    }
    if !file_type.is_symlink() {
        return kind_of_non_dir(file_type);
    }
    match fs::metadata(path) {
        Ok(target) if target.is_dir() => EntryKind::SymlinkedDir,
        Ok(target) => kind_of_non_dir(target.file_type()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => EntryKind::BrokenLink,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => EntryKind::SymlinkLoop,
        Err(e) => EntryKind::Unreadable(io_message(&e)),
    }
}

/// File or special file (the type is known not to be a directory).
fn kind_of_non_dir(file_type: fs::FileType) -> EntryKind {
    if file_type.is_file() {
        EntryKind::File
    } else if file_type.is_fifo() {
        EntryKind::Special("FIFO")
    } else if file_type.is_socket() {
        EntryKind::Special("socket")
    } else if file_type.is_block_device() {
        EntryKind::Special("block device")
    } else if file_type.is_char_device() {
        EntryKind::Special("character device")
    } else {
        EntryKind::Special("special file")
    }
}

/// A glob argument compiled for walking: the whole-pattern matcher, the
/// literal directory to start from, and per-level matchers to prune
/// directories when the pattern has no `**`.
struct GlobFilter {
    matcher: GlobMatcher,
    /// Length of the literal directory prefix (`logs/` in `logs/*.log`).
    base_len: usize,
    /// One matcher per path component below the base; None with `**`.
    levels: Option<Vec<GlobMatcher>>,
    /// Hidden entries may match: `--hidden`, or a component starts with `.`.
    allow_hidden: bool,
}

impl GlobFilter {
    fn new(pattern: &str, hidden: bool) -> Result<GlobFilter, String> {
        let compile = |text: &str| {
            GlobBuilder::new(text)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| format!("invalid glob: {e}"))
        };
        let matcher = compile(pattern)?;
        let first_meta = pattern.find(['*', '?', '[', '{']).unwrap_or(pattern.len());
        let base_len = pattern[..first_meta].rfind('/').map_or(0, |slash| slash + 1);
        let rest: Vec<&str> = pattern[base_len..].split('/').filter(|c| !c.is_empty()).collect();
        let levels = if rest.iter().any(|c| c.contains("**")) {
            None
        } else {
            Some(rest.iter().map(|c| compile(c)).collect::<Result<Vec<_>, _>>()?)
        };
        let allow_hidden = hidden || rest.iter().any(|c| c.starts_with('.') && *c != "." && *c != "..");
        Ok(GlobFilter { matcher, base_len, levels, allow_hidden })
    }

    /// Whether to descend into the directory `name` found at `depth`.
    fn may_descend(&self, depth: usize, name: &OsString) -> bool {
        match &self.levels {
            None => true,
            Some(levels) => depth + 1 < levels.len() && levels[depth].is_match(name),
        }
    }
}

/// One walk of a directory argument (or of a glob's base directory).
struct Walk<'c> {
    collector: &'c mut Collector,
    show_hidden: bool,
    /// Set when walking for a glob: only matching entries count.
    glob: Option<GlobFilter>,
    hidden_skipped: usize,
    duplicates: usize,
    /// (device, inode) of the directories walked, against bind-mount loops.
    visited: HashSet<(u64, u64)>,
}

impl<'c> Walk<'c> {
    fn directory(collector: &'c mut Collector, opts: &DiscoverOptions) -> Walk<'c> {
        Walk {
            collector,
            show_hidden: opts.hidden,
            glob: None,
            hidden_skipped: 0,
            duplicates: 0,
            visited: HashSet::new(),
        }
    }

    /// Walks `root` (labelled `what` in summary notes) and leaves the notes.
    fn run(mut self, root: &Path, what: &str) {
        self.walk_dir(root, 0);
        if self.hidden_skipped > 0 && self.glob.is_none() {
            let entries = count(self.hidden_skipped, "hidden entry", "hidden entries");
            self.note(format!("skipped {entries} under {what} (--hidden reads them)"));
        }
        if self.duplicates > 0 {
            let files = count(self.duplicates, "file", "files");
            self.note(format!("skipped {files} under {what} already listed by an earlier path; read once"));
        }
    }

    /// Lists `dir`, takes its files in rotation order, then its
    /// subdirectories in name order.
    fn walk_dir(&mut self, dir: &Path, depth: usize) {
        let label = label_of(dir);
        let read_path = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if !self.first_visit(read_path) {
            return self.note(format!("skipped {label}: a directory already walked (bind mount?)"));
        }
        let entries = match fs::read_dir(read_path) {
            Ok(entries) => entries,
            Err(e) => return self.error(&label, InputErrorKind::Open(io_message(&e))),
        };
        // Everything but real directories sorts in rotation order, so that
        // notes and errors come out in the same order as the inputs.
        let mut others: Vec<(RotationKey, PathBuf, EntryKind)> = Vec::new();
        let mut subdirs: Vec<(OsString, PathBuf)> = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.error(&label, InputErrorKind::Read(io_message(&e)));
                    continue;
                }
            };
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") && !self.hidden_allowed() {
                self.hidden_skipped += 1;
                continue;
            }
            let path = dir.join(&name);
            match entry_kind(&entry, &path) {
                EntryKind::Dir => {
                    if self.glob.as_ref().is_none_or(|g| g.may_descend(depth, &name)) {
                        subdirs.push((name, path));
                    }
                }
                kind => others.push((rotation_key(&name.to_string_lossy()), path, kind)),
            }
        }
        others.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        subdirs.sort();
        for (_, path, kind) in others {
            if !self.selected(&path) {
                continue;
            }
            match kind {
                EntryKind::File => self.add_file(path),
                other => self.skip_entry(other, &path),
            }
        }
        for (_, path) in subdirs {
            self.walk_dir(&path, depth + 1);
        }
    }

    /// Notes (or reports) an entry that is not read.
    fn skip_entry(&mut self, kind: EntryKind, path: &Path) {
        let label = label_of(path);
        match kind {
            EntryKind::SymlinkedDir if self.glob.is_none() => {
                self.note(format!("not following symlinked directory {label}"))
            }
            EntryKind::Special(what) => {
                self.note(format!("skipped {what} {label} (special files are read only when named)"))
            }
            EntryKind::BrokenLink => self.note(format!("skipped broken symlink {label}")),
            EntryKind::SymlinkLoop => self.note(format!("skipped symlink loop {label}")),
            EntryKind::Unreadable(message) => self.error(&label, InputErrorKind::Open(message)),
            EntryKind::SymlinkedDir | EntryKind::File | EntryKind::Dir => {}
        }
    }

    /// A regular file found in the walk: read once, and not if binary.
    fn add_file(&mut self, path: PathBuf) {
        let label = label_of(&path);
        let file = match open_readonly(&path) {
            Ok(file) => file,
            Err(e) => return self.error(&label, InputErrorKind::Open(io_message(&e))),
        };
        let meta = match file.metadata() {
            Ok(meta) => meta,
            Err(e) => return self.error(&label, InputErrorKind::Open(io_message(&e))),
        };
        if self.collector.claim(file_id(&meta), &label).is_err() {
            self.duplicates += 1;
            return;
        }
        match read_head(&file, meta.len()) {
            Err(e) => self.error(&label, InputErrorKind::Read(io_message(&e))),
            Ok(head) if is_binary(&head) => self.note(format!("skipped binary file {label}")),
            Ok(_) => self.collector.out.inputs.push(Input { path: Some(path), label, explicit: false }),
        }
    }

    /// Whether a non-directory entry belongs to this walk (always, unless
    /// walking for a glob that does not match it).
    fn selected(&self, path: &Path) -> bool {
        self.glob.as_ref().is_none_or(|g| g.matcher.is_match(path))
    }

    fn hidden_allowed(&self) -> bool {
        self.show_hidden || self.glob.as_ref().is_some_and(|g| g.allow_hidden)
    }

    /// False when this directory (by device and inode) was walked before.
    fn first_visit(&mut self, dir: &Path) -> bool {
        match fs::metadata(dir) {
            Ok(meta) => self.visited.insert((meta.dev(), meta.ino())),
            Err(_) => true, // read_dir reports the error
        }
    }

    fn note(&mut self, note: String) {
        self.collector.out.notes.push(note);
    }

    fn error(&mut self, label: &str, kind: InputErrorKind) {
        self.collector.error(label, kind);
    }
}

/// `--source GLOB`: drops the file inputs that match none of the globs
/// (see [`DiscoverOptions::source_globs`]) and notes how many were kept.
/// An invalid glob is an error and matches nothing.
fn filter_by_source_globs(discovery: &mut Discovery, globs: &[String]) {
    if globs.is_empty() {
        return;
    }
    let filter = match SourceFilter::new(globs) {
        Ok(filter) => filter,
        Err(error) => {
            discovery.errors.push(error);
            SourceFilter::nothing()
        }
    };
    let before = discovery.inputs.iter().filter(|i| i.path.is_some()).count();
    discovery.inputs.retain(|input| input.path.is_none() || filter.keeps(&input.label));
    let after = discovery.inputs.iter().filter(|i| i.path.is_some()).count();
    if after < before {
        discovery.notes.push(format!("--source kept {after} of {}", count(before, "input", "inputs")));
    }
}

/// Compiled `--source` globs: whole-label globs, and the globs without
/// `/` that may also match the file name alone.
struct SourceFilter {
    whole: GlobSet,
    name_only: GlobSet,
}

impl SourceFilter {
    fn new(globs: &[String]) -> Result<SourceFilter, InputError> {
        let mut whole = GlobSetBuilder::new();
        let mut name_only = GlobSetBuilder::new();
        for text in globs {
            let glob = source_glob(text)?;
            if !text.contains('/') {
                name_only.add(glob.clone());
            }
            whole.add(glob);
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| source_glob_error("--source", &e));
        Ok(SourceFilter { whole: build(whole)?, name_only: build(name_only)? })
    }

    fn nothing() -> SourceFilter {
        SourceFilter { whole: GlobSet::empty(), name_only: GlobSet::empty() }
    }

    /// Whether a file input labelled `label` is kept.
    fn keeps(&self, label: &str) -> bool {
        let path = Path::new(label);
        self.whole.is_match(path)
            || label.strip_prefix("./").is_some_and(|rest| self.whole.is_match(rest))
            || path.file_name().is_some_and(|name| self.name_only.is_match(name))
    }
}

fn source_glob(text: &str) -> Result<Glob, InputError> {
    GlobBuilder::new(text).literal_separator(true).build().map_err(|e| source_glob_error(text, &e))
}

fn source_glob_error(label: &str, e: &globset::Error) -> InputError {
    InputError::new(label, None, InputErrorKind::Other(format!("invalid --source glob: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    /// The first bytes of a gzip stream, NULs included (not binary).
    const GZIP_HEAD: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x00\x00";

    fn write(root: &Path, rel: &str, data: &[u8]) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, data).unwrap();
    }

    fn mkfifo(path: &Path) {
        let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0, "mkfifo {path:?}");
    }

    /// A tar header: "ustar" at offset 257, NULs around it.
    fn tar_head() -> Vec<u8> {
        let mut head = vec![0u8; 512];
        head[..8].copy_from_slice(b"auth.log");
        head[257..263].copy_from_slice(b"ustar\0");
        head
    }

    /// A directory tree with a rotated set created in scrambled order,
    /// hidden entries, a binary, an archive, a FIFO, symlinks and nesting.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "zeta.log", b"Mar  1 10:00:00 host app: z\n");
        write(root, "auth.log.2.gz", GZIP_HEAD);
        write(root, "sub/deeper/c.log", b"c\n");
        write(root, "auth.log", b"live\n");
        write(root, "auth.log.10.gz", GZIP_HEAD);
        write(root, ".hidden.log", b"h\n");
        write(root, "auth.log.1", b"one\n");
        write(root, "blob.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00");
        write(root, "auth.log.9.gz", GZIP_HEAD);
        write(root, "bundle.tar", &tar_head());
        write(root, "empty.log", b"");
        write(root, ".git/config", b"[core]\n");
        write(root, "sub/b.log", b"b\n");
        write(root, "sub/.cache/d.log", b"d\n");
        write(root, "a/x.log", b"x\n");
        mkfifo(&root.join("pipe"));
        symlink("auth.log", root.join("link.log")).unwrap();
        symlink("missing.log", root.join("dangling")).unwrap();
        symlink("..", root.join("a/loop")).unwrap();
        dir
    }

    fn labels(d: &Discovery) -> Vec<String> {
        d.inputs.iter().map(|i| i.label.clone()).collect()
    }

    /// Labels relative to `root` (for readable assertions).
    fn rel_labels(d: &Discovery, root: &str) -> Vec<String> {
        labels(d).iter().map(|l| l.strip_prefix(root).unwrap_or(l).to_string()).collect()
    }

    fn rel_notes(d: &Discovery, root: &str) -> Vec<String> {
        d.notes.iter().map(|n| n.replace(root, "R")).collect()
    }

    fn errors(d: &Discovery, root: &str) -> Vec<String> {
        d.errors.iter().map(|e| e.to_string().replace(root, "R")).collect()
    }

    fn run(paths: &[&str], opts: &DiscoverOptions) -> Discovery {
        discover(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>(), opts)
    }

    #[test]
    fn walk_orders_rotated_sets_and_skips_what_is_not_a_log() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let d = run(&[root], &DiscoverOptions::default());
        assert_eq!(
            rel_labels(&d, root),
            [
                "/auth.log.10.gz",
                "/auth.log.9.gz",
                "/auth.log.2.gz",
                "/auth.log.1",
                "/auth.log",
                "/bundle.tar",
                "/empty.log",
                "/zeta.log",
                "/a/x.log",
                "/sub/b.log",
                "/sub/deeper/c.log",
            ]
        );
        assert!(d.inputs.iter().all(|i| !i.explicit && i.path.as_deref() == Some(Path::new(&i.label))));
        assert_eq!(
            rel_notes(&d, root),
            [
                "skipped binary file R/blob.bin",
                "skipped broken symlink R/dangling",
                "skipped FIFO R/pipe (special files are read only when named)",
                "not following symlinked directory R/a/loop",
                "skipped 3 hidden entries under R (--hidden reads them)",
                "skipped 1 file under R already listed by an earlier path; read once",
            ]
        );
        assert_eq!(errors(&d, root), Vec::<String>::new());
    }

    #[test]
    fn hidden_option_walks_hidden_entries_in_order() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let d = run(&[root], &DiscoverOptions { hidden: true, ..Default::default() });
        assert_eq!(
            rel_labels(&d, root),
            [
                "/.hidden.log",
                "/auth.log.10.gz",
                "/auth.log.9.gz",
                "/auth.log.2.gz",
                "/auth.log.1",
                "/auth.log",
                "/bundle.tar",
                "/empty.log",
                "/zeta.log",
                "/.git/config",
                "/a/x.log",
                "/sub/b.log",
                "/sub/.cache/d.log",
                "/sub/deeper/c.log",
            ]
        );
        assert!(!d.notes.iter().any(|n| n.contains("hidden")), "{:?}", d.notes);
    }

    #[test]
    fn trailing_slash_and_subdirectory_labels_are_joined_as_found() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let d = run(&[&format!("{root}/sub/")], &DiscoverOptions::default());
        assert_eq!(rel_labels(&d, root), ["/sub/b.log", "/sub/deeper/c.log"]);
        assert_eq!(rel_notes(&d, root), ["skipped 1 hidden entry under R/sub/ (--hidden reads them)"]);
    }

    #[test]
    fn explicit_paths_stdin_missing_files_and_duplicates() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let auth = format!("{root}/auth.log");
        let same_auth = format!("{root}/sub/../auth.log");
        let link = format!("{root}/link.log");
        let missing = format!("{root}/nope.log");
        let pipe = format!("{root}/pipe");
        let blob = format!("{root}/blob.bin");
        let hard = format!("{root}/sub/hard.log");
        fs::hard_link(&auth, &hard).unwrap();
        let args = ["-", &auth, &missing, &same_auth, &link, &pipe, &blob, "-", &hard];
        let d = run(&args, &DiscoverOptions::default());
        assert_eq!(labels(&d), ["<stdin>", auth.as_str(), pipe.as_str(), blob.as_str()]);
        assert_eq!(d.inputs[0], Input::stdin());
        assert!(d.inputs.iter().all(|i| i.explicit));
        assert_eq!(d.inputs[1].path.as_deref(), Some(Path::new(&auth)));
        assert_eq!(
            rel_notes(&d, root),
            [
                "R/sub/../auth.log is the same file as R/auth.log; read once",
                "R/link.log is the same file as R/auth.log; read once",
                "standard input named more than once; read once",
                "R/sub/hard.log is the same file as R/auth.log; read once",
            ]
        );
        assert_eq!(errors(&d, root), ["R/nope.log: cannot open: No such file or directory"]);
        assert_eq!(d.errors[0].kind, InputErrorKind::Open("No such file or directory".to_string()));
    }

    #[test]
    fn no_paths_means_stdin() {
        let d = discover(&[], &DiscoverOptions::default());
        assert_eq!(d.inputs, [Input::stdin()]);
        assert!(d.notes.is_empty() && d.errors.is_empty());
    }

    #[test]
    fn a_directory_named_twice_is_read_once() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let sub = format!("{root}/sub");
        let d = run(&[&sub, root], &DiscoverOptions::default());
        let labels = rel_labels(&d, root);
        assert_eq!(labels[..2], ["/sub/b.log", "/sub/deeper/c.log"]);
        assert_eq!(labels.len(), 11);
        assert_eq!(labels.last().unwrap(), "/a/x.log");
        assert_eq!(
            rel_notes(&d, root).last().unwrap(),
            "skipped 3 files under R already listed by an earlier path; read once"
        );
    }

    #[test]
    fn globs_expand_in_rotation_order() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let opts = DiscoverOptions::default();

        let d = run(&[&format!("{root}/auth.log*")], &opts);
        assert_eq!(
            rel_labels(&d, root),
            ["/auth.log.10.gz", "/auth.log.9.gz", "/auth.log.2.gz", "/auth.log.1", "/auth.log"]
        );
        assert!(d.notes.is_empty() && d.errors.is_empty());

        // `*` does not cross `/`; the symlinked duplicate is noted.
        let d = run(&[&format!("{root}/*.log")], &opts);
        assert_eq!(rel_labels(&d, root), ["/auth.log", "/empty.log", "/zeta.log"]);
        assert_eq!(
            rel_notes(&d, root),
            [format!("skipped 1 file under {root}/*.log already listed by an earlier path; read once")
                .replace(root, "R")]
        );

        let d = run(&[&format!("{root}/**/*.log")], &opts);
        assert_eq!(
            rel_labels(&d, root),
            ["/auth.log", "/empty.log", "/zeta.log", "/a/x.log", "/sub/b.log", "/sub/deeper/c.log"]
        );

        let d = run(&[&format!("{root}/s?b/*/[a-c].log")], &opts);
        assert_eq!(rel_labels(&d, root), ["/sub/deeper/c.log"]);

        let d = run(&[&format!("{root}/.*.log")], &opts);
        assert_eq!(rel_labels(&d, root), ["/.hidden.log"]);

        let d = run(&[&format!("{root}/{{zeta,empty}}.log")], &opts);
        assert_eq!(rel_labels(&d, root), ["/empty.log", "/zeta.log"]);

        // Special files and binaries matched by a glob are noted, not read.
        let d = run(&[&format!("{root}/[bp]*")], &opts);
        assert_eq!(rel_labels(&d, root), ["/bundle.tar"]);
        assert_eq!(
            rel_notes(&d, root),
            [
                "skipped binary file R/blob.bin",
                "skipped FIFO R/pipe (special files are read only when named)"
            ]
        );
    }

    #[test]
    fn globs_that_match_nothing_are_errors() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let opts = DiscoverOptions::default();
        for pattern in ["nothing*", "missing/*.log", "*.nope", "a/*/x.log"] {
            let pattern = format!("{root}/{pattern}");
            let d = run(&[&pattern, &format!("{root}/zeta.log")], &opts);
            assert_eq!(rel_labels(&d, root), ["/zeta.log"], "{pattern}");
            assert_eq!(
                errors(&d, root),
                [format!("{pattern}: cannot open: no files match").replace(root, "R")]
            );
        }
        let d = run(&[&format!("{root}/[")], &opts);
        assert!(d.inputs.is_empty());
        assert!(d.errors[0].to_string().contains("invalid glob"), "{:?}", d.errors);
    }

    #[test]
    fn source_globs_filter_by_name_or_label_and_keep_stdin() {
        let dir = tree();
        let root = dir.path().to_str().unwrap();
        let only = |globs: &[&str]| DiscoverOptions {
            source_globs: globs.iter().map(|g| g.to_string()).collect(),
            ..Default::default()
        };

        let d = run(&[root], &only(&["auth*"]));
        assert_eq!(
            rel_labels(&d, root),
            ["/auth.log.10.gz", "/auth.log.9.gz", "/auth.log.2.gz", "/auth.log.1", "/auth.log"]
        );
        assert_eq!(d.notes.last().unwrap(), "--source kept 5 of 11 inputs");

        let d = run(&[root], &only(&["**/sub/**", "zeta.log"]));
        assert_eq!(rel_labels(&d, root), ["/zeta.log", "/sub/b.log", "/sub/deeper/c.log"]);

        // With a `/`, `*` stays within one directory level.
        let d = run(&[root], &only(&[&format!("{root}/sub/*")]));
        assert_eq!(rel_labels(&d, root), ["/sub/b.log"]);

        let d = run(&["-", &format!("{root}/zeta.log")], &only(&["auth*"]));
        assert_eq!(labels(&d), ["<stdin>"]);
        assert_eq!(d.notes, ["--source kept 0 of 1 input"]);

        let d = run(&["-", root], &only(&["["]));
        assert_eq!(labels(&d), ["<stdin>"]);
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].to_string().starts_with("[: invalid --source glob"), "{}", d.errors[0]);
    }

    #[test]
    fn unreadable_files_in_a_walk_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a.log", b"a\n");
        write(root, "secret.log", b"s\n");
        write(root, "locked/inner.log", b"i\n");
        // /proc/self/mem stats as a regular file but reading offset 0 fails,
        // even for root.
        symlink("/proc/self/mem", root.join("mem.log")).unwrap();
        fs::set_permissions(root.join("secret.log"), fs::Permissions::from_mode(0o000)).unwrap();
        fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
        let privileged = File::open(root.join("secret.log")).is_ok();

        let root_text = root.to_str().unwrap();
        let d = run(&[root_text], &DiscoverOptions::default());
        let errors = errors(&d, root_text);
        assert_eq!(errors[0], "R/mem.log: cannot read: Input/output error");
        if privileged {
            eprintln!("running with privileges: permission-denied cases not checked");
            assert_eq!(rel_labels(&d, root_text), ["/a.log", "/secret.log", "/locked/inner.log"]);
        } else {
            assert_eq!(rel_labels(&d, root_text), ["/a.log"]);
            assert_eq!(
                errors,
                [
                    "R/mem.log: cannot read: Input/output error",
                    "R/secret.log: cannot open: Permission denied",
                    "R/locked: cannot open: Permission denied",
                ]
            );
        }
        fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn binary_means_nul_bytes_in_plain_data() {
        let cases: &[(&[u8], bool)] = &[
            (b"", false),
            (b"Mar  1 10:00:00 host sshd[1]: Accepted\n", false),
            ("2024-03-01 ünïcödé \u{1F600}\n".as_bytes(), false),
            (b"\x7fELF\x02\x01\x01\x00", true),
            (b"text then\0a NUL", true),
            (b"\xff\xfeM\0a\0r\0", true), // UTF-16LE
            (GZIP_HEAD, false),
            (b"\x28\xb5\x2f\xfd\x00\x00", false),
            (b"BZh91AY&SY\x00", false),
            (b"\xfd7zXZ\x00\x00", false),
            (b"PK\x03\x04\x14\x00\x00\x00", false),
            (&tar_head(), false),
            (b"PK\x05\x06\x00\x00", true), // empty zip: nothing to read
        ];
        for &(head, binary) in cases {
            assert_eq!(is_binary(head), binary, "{:?}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn open_readonly_reads_and_reports_os_messages() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "f.log", b"hello\n");
        let mut text = String::new();
        open_readonly(&dir.path().join("f.log")).unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "hello\n");
        let err = open_readonly(&dir.path().join("none")).unwrap_err();
        assert_eq!(io_message(&err), "No such file or directory");
        assert_eq!(io_message(&io::Error::other("custom (text)")), "custom (text)");
        // Not owned by us unless root: O_NOATIME gives EPERM and the retry opens it.
        if Path::new("/etc/passwd").exists() {
            assert!(open_readonly(Path::new("/etc/passwd")).is_ok());
        }
    }

    #[test]
    fn glob_base_is_the_longest_literal_directory() {
        let base = |p: &str| GlobFilter::new(p, false).map(|g| p[..g.base_len].to_string()).unwrap();
        assert_eq!(base("*.log"), "");
        assert_eq!(base("/var/log/*.log"), "/var/log/");
        assert_eq!(base("/var/lo?/syslog"), "/var/");
        assert_eq!(base("logs/**/x"), "logs/");
        assert_eq!(base("/*"), "/");
        assert_eq!(GlobFilter::new("logs/*/a/*.gz", false).unwrap().levels.unwrap().len(), 3);
        assert!(GlobFilter::new("logs/**/a", false).unwrap().levels.is_none());
        assert!(GlobFilter::new("logs/.x*/a", false).unwrap().allow_hidden);
    }
}
