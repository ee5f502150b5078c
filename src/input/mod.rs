//! Inputs: finding them, opening them read-only, and turning each into one
//! or more *members* of log data (a plain file is one member; a tar or zip
//! archive is one member per file inside it).
//!
//! Pipeline position: `discover` (paths -> ordered [`Input`]s) ->
//! `open` (an input -> mapped bytes, or a decompressed stream of members) ->
//! the scanner cuts the bytes into chunks.
//!
//! Evidence rule: nothing here ever writes to, moves or touches an input.
//! Files are opened read-only with `O_NOATIME` where the kernel allows it.

pub mod archive;
pub mod decompress;
pub mod discover;
pub mod hash;
pub mod mmap;
pub mod open;
pub mod rotation;
pub mod spill;

use std::fmt;
use std::path::PathBuf;

pub use discover::{discover, DiscoverOptions, Discovery};

/// One input named on the command line or found by walking a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read; `None` for standard input.
    pub path: Option<PathBuf>,
    /// What users see (`source` in JSON): the path as given or as found.
    pub label: String,
    /// Named explicitly on the command line (so a FIFO is read, say).
    pub explicit: bool,
}

impl Input {
    /// Standard input, labelled `-` as grep and ripgrep do... but shown as
    /// `<stdin>` so it cannot be mistaken for a file.
    pub fn stdin() -> Input {
        Input { path: None, label: "<stdin>".to_string(), explicit: true }
    }
}

/// Compression detected from the data's magic bytes (never from the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

impl Compression {
    /// Recognises compressed data by its first bytes.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3]) {
            Compression::Bzip2
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else {
            Compression::None
        }
    }

    /// Name shown in `detect` output (`none`, `gzip`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A container format recognised from the data's magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Tar,
    Zip,
}

impl Container {
    /// Recognises a tar (ustar/GNU magic at offset 257) or zip (`PK\x03\x04`).
    pub fn sniff(head: &[u8]) -> Option<Container> {
        if head.len() >= 262 && &head[257..262] == b"ustar" {
            Some(Container::Tar)
        } else if head.starts_with(b"PK\x03\x04") {
            Some(Container::Zip)
        } else {
            None
        }
    }
}

/// A problem with one input. The scan goes on with the other inputs and
/// the exit code becomes 2 at the end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{label}: {}{kind}", offset.map(|o| format!("at byte {o}: ")).unwrap_or_default())]
pub struct InputError {
    /// The source's label (file, or `archive:member`).
    pub label: String,
    /// Byte offset in the (decompressed) data where it happened, if known.
    pub offset: Option<u64>,
    pub kind: InputErrorKind,
}

/// What went wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputErrorKind {
    #[error("cannot open: {0}")]
    Open(String),
    #[error("cannot read: {0}")]
    Read(String),
    #[error("corrupt or truncated {0} data ({1}); the events before this point are kept")]
    Decode(Compression, String),
    #[error("archive: {0}")]
    Archive(String),
    #[error("the file shrank while it was read (now {0} bytes); the rest is lost")]
    Shrank(u64),
    /// The first line of the source longer than `--max-line` (the value);
    /// it and every later one are cut, nothing is dropped.
    #[error(
        "a line longer than {0} bytes: cut every {0} bytes, here and in any later such line \
         (nothing dropped; the pieces keep the line's number)"
    )]
    LineTooLong(u64),
    #[error("{0}")]
    Other(String),
}

impl InputError {
    /// A new error for the source `label`.
    pub fn new(label: impl Into<String>, offset: Option<u64>, kind: InputErrorKind) -> InputError {
        InputError { label: label.into(), offset, kind }
    }

    /// Whether this is only a warning (the data was read, something was cut)
    /// rather than a failure to read.
    pub fn is_warning(&self) -> bool {
        matches!(self.kind, InputErrorKind::LineTooLong(_))
    }
}
