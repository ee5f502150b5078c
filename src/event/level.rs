//! Severity levels, normalised from whatever spelling a log uses.
//!
//! Every format maps its own level words (`WARNING`, `W`, `err`, `FATAL`, syslog
//! priority numbers, bunyan numbers...) onto one ordered scale, so that
//! `--level warn` means the same thing for every source.

use std::fmt;

/// A normalised severity, ordered from least to most severe.
///
/// The names follow syslog (RFC 5424) with `trace` added below `debug`,
/// because application loggers have it and users filter on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Notice,
    Warn,
    Error,
    Crit,
    Alert,
    Emerg,
}

impl Level {
    /// All levels, least severe first.
    pub const ALL: [Level; 9] = [
        Level::Trace,
        Level::Debug,
        Level::Info,
        Level::Notice,
        Level::Warn,
        Level::Error,
        Level::Crit,
        Level::Alert,
        Level::Emerg,
    ];

    /// The canonical lower-case name used in output and in `--level`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Notice => "notice",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Crit => "crit",
            Level::Alert => "alert",
            Level::Emerg => "emerg",
        }
    }

    /// Normalises a level word as logs write it (case-insensitive).
    ///
    /// Accepts full names and common abbreviations of log4j, logback, Python,
    /// Go, syslog, Android (`V/D/I/W/E/F`), Windows CBS (`Info`), and
    /// java.util.logging (`SEVERE`, `FINE`). Returns `None` for anything else,
    /// so a word that merely looks like a level in free text is not taken.
    pub fn parse(word: &str) -> Option<Level> {
        let w = word.as_bytes();
        if w.is_empty() || w.len() > 13 {
            return None;
        }
        let mut buf = [0u8; 13];
        for (i, b) in w.iter().enumerate() {
            buf[i] = b.to_ascii_lowercase();
        }
        let lower = &buf[..w.len()];
        Some(match lower {
            b"trace" | b"trc" | b"finest" | b"finer" | b"v" | b"verbose" => Level::Trace,
            b"debug" | b"dbg" | b"debu" | b"fine" | b"d" | b"config" => Level::Debug,
            b"info" | b"inf" | b"information" | b"informational" | b"i" => Level::Info,
            b"notice" | b"note" | b"n" => Level::Notice,
            b"warn" | b"warning" | b"wrn" | b"w" => Level::Warn,
            b"error" | b"err" | b"eror" | b"e" | b"severe" | b"fail" | b"failure" => Level::Error,
            b"crit" | b"critical" | b"fatal" | b"ftl" | b"f" | b"c" => Level::Crit,
            b"alert" | b"a" => Level::Alert,
            b"emerg" | b"emergency" | b"panic" | b"dpanic" => Level::Emerg,
            _ => return None,
        })
    }

    /// Maps a syslog severity number (0 = emerg .. 7 = debug).
    pub fn from_syslog_severity(sev: u8) -> Option<Level> {
        Some(match sev {
            0 => Level::Emerg,
            1 => Level::Alert,
            2 => Level::Crit,
            3 => Level::Error,
            4 => Level::Warn,
            5 => Level::Notice,
            6 => Level::Info,
            7 => Level::Debug,
            _ => return None,
        })
    }

    /// Maps a numeric level as JSON loggers write it: bunyan/pino
    /// (10 trace .. 60 fatal) and syslog severities (0..7).
    pub fn from_number(n: i64) -> Option<Level> {
        match n {
            0..=7 => Level::from_syslog_severity(n as u8),
            10 => Some(Level::Trace),
            20 => Some(Level::Debug),
            30 => Some(Level::Info),
            40 => Some(Level::Warn),
            50 => Some(Level::Error),
            60 => Some(Level::Crit),
            _ => None,
        }
    }
}

impl Level {
    /// The spellings of this level of three letters or more that
    /// [`Level::parse`] accepts (lower case). A line whose level is one of
    /// these contains the word, which is what the `--level` prefilter
    /// searches for in raw bytes.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Level::Trace => &["trace", "trc", "finest", "finer", "verbose"],
            Level::Debug => &["debug", "dbg", "debu", "fine", "config"],
            Level::Info => &["info", "inf", "information", "informational"],
            Level::Notice => &["notice", "note"],
            Level::Warn => &["warn", "warning", "wrn"],
            Level::Error => &["error", "err", "eror", "severe", "fail", "failure"],
            Level::Crit => &["crit", "critical", "fatal", "ftl"],
            Level::Alert => &["alert"],
            Level::Emerg => &["emerg", "emergency", "panic", "dpanic"],
        }
    }
}

/// Whether `line` contains, as a whole ASCII word, a spelling of `level`
/// of three letters or more, written in lower case, upper case or
/// capitalised (`error`, `ERROR`, `Error`): the case forms the `--level`
/// prefilter searches for.
pub fn spelled_in(line: &[u8], level: Level) -> bool {
    let mut i = 0;
    while i < line.len() {
        if line[i].is_ascii_alphabetic() {
            let start = i;
            while i < line.len() && line[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &line[start..i];
            if word.len() >= 3 && plain_case(word) {
                if let Ok(w) = std::str::from_utf8(word) {
                    if Level::parse(w) == Some(level) {
                        return true;
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Lower case, upper case, or capitalised.
fn plain_case(word: &[u8]) -> bool {
    let rest = &word[1..];
    rest.iter().all(u8::is_ascii_lowercase) || word.iter().all(u8::is_ascii_uppercase)
}

/// The literals the `--level` prefilter looks for to find lines whose
/// level is one of `levels`: every spelling in its three case forms
/// (see [`spelled_in`]), minus those that contain another one (`error`
/// contains `err`), since a substring hit is enough.
pub fn prefilter_words(levels: &[Level]) -> Vec<String> {
    let mut base: Vec<&str> = levels.iter().flat_map(|l| l.spellings()).copied().collect();
    base.sort_unstable();
    base.dedup();
    let minimal: Vec<&str> =
        base.iter().copied().filter(|w| !base.iter().any(|o| o != w && w.contains(o))).collect();
    let mut out = Vec::with_capacity(minimal.len() * 3);
    for w in minimal {
        out.push(w.to_string());
        out.push(w.to_ascii_uppercase());
        let mut cap = w.to_string();
        cap[..1].make_ascii_uppercase();
        out.push(cap);
    }
    out
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::parse(s).ok_or_else(|| {
            format!("unknown level '{s}' (expected one of: {})", Level::ALL.map(Level::as_str).join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_spellings() {
        for (w, l) in [
            ("WARNING", Level::Warn),
            ("warn", Level::Warn),
            ("Info", Level::Info),
            ("ERR", Level::Error),
            ("FATAL", Level::Crit),
            ("SEVERE", Level::Error),
            ("E", Level::Error),
            ("notice", Level::Notice),
            ("emerg", Level::Emerg),
        ] {
            assert_eq!(Level::parse(w), Some(l), "{w}");
        }
        assert_eq!(Level::parse("hello"), None);
        assert_eq!(Level::parse(""), None);
        assert_eq!(Level::parse("averyveryverylongword"), None);
    }

    #[test]
    fn spellings_parse_back_and_are_found_in_lines() {
        for l in Level::ALL {
            assert!(l.spellings().contains(&l.as_str()), "{l}");
            for s in l.spellings() {
                assert!(s.len() >= 3);
                assert_eq!(Level::parse(s), Some(l), "{s}");
                assert_eq!(Level::parse(&s.to_uppercase()), Some(l), "{s}");
            }
        }
        assert!(spelled_in(br#"{"level":"WARNING","msg":"x"}"#, Level::Warn));
        assert!(!spelled_in(br#"{"level":40,"msg":"warnings"}"#, Level::Warn), "whole words only");
        assert!(!spelled_in(b"2024 E boom", Level::Error));
        assert!(!spelled_in(b"x eRRoR y", Level::Error), "odd case forms are not searched for");
        let words = prefilter_words(&[Level::Error, Level::Crit]);
        assert!(words.contains(&"err".to_string()) && words.contains(&"ERR".to_string()));
        assert!(words.contains(&"Fatal".to_string()));
        assert!(!words.contains(&"error".to_string()), "covered by err");
        assert!(!words.contains(&"critical".to_string()), "covered by crit");
    }

    #[test]
    fn ordered_by_severity() {
        assert!(Level::Warn < Level::Error);
        assert!(Level::Emerg > Level::Crit);
        assert_eq!(Level::from_number(50), Some(Level::Error));
        assert_eq!(Level::from_syslog_severity(3), Some(Level::Error));
    }
}
