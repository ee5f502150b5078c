//! The reading order of rotated log sets.
//!
//! logrotate, newsyslog and application loggers leave a live file next to
//! older *generations* of it: numbered (`auth.log.1`, `auth.log.2.gz`),
//! dated (`access.log-20240301.gz`, `app.2024-03-01.log`) or simply kept
//! (`error.log.old`). Reading a set in plain name order interleaves the
//! generations (`auth.log`, `auth.log.1`, `auth.log.10.gz`, `auth.log.2.gz`),
//! so timelines and "first seen" results come out shuffled. [`rotation_key`]
//! gives a sort key under which every set reads oldest first and ends with
//! the live file, while files of different sets keep their name order.
//!
//! Only the file *name* is looked at (no I/O): discovery sorts whole
//! directories with it.

use std::cmp::Ordering;

/// Where one file sits in its rotated set, oldest first.
///
/// The order is: `.old` copies, then numbered generations from the highest
/// number down (`.3` is older than `.1`), then dated generations by date,
/// then the live file. Numbered ones come before dated ones because a set
/// that mixes both is one whose logrotate config switched to `dateext`
/// (the numbered files are left over from before the switch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// `name.old`: a single kept copy, older than anything else in the set.
    Old,
    /// `name.N`: the N-th rotation; a higher N is older.
    Numbered(u64),
    /// A date in the name. `stamp` packs the date as the decimal number
    /// `YYYYMMDDhhmmss` (missing parts are 0); `serial` is the number after
    /// it in `-%Y%m%d-%s` names (0 if none), which orders same-day rotations.
    Dated { stamp: u64, serial: u64 },
    /// The file being written to: no rotation suffix.
    Live,
}

impl Generation {
    /// The tuple the order is defined by (see the type's doc).
    fn rank(self) -> (u8, u64, u64) {
        match self {
            Generation::Old => (0, 0, 0),
            Generation::Numbered(n) => (1, u64::MAX - n, 0),
            Generation::Dated { stamp, serial } => (2, stamp, serial),
            Generation::Live => (3, 0, 0),
        }
    }
}

impl Ord for Generation {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Generation {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The sort key of one file name: files with the same `base` form one
/// rotated set; sets sort by base name, and within a set by [`Generation`].
///
/// The whole name is the last tie-breaker, so that two files of the same
/// generation (`app.log.1` and `app.log.1.gz`) still sort deterministically
/// and two different names never compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RotationKey {
    /// The set's name: the file name without compression suffix and without
    /// its rotation suffix or date (`auth.log`, `access.log`, `app.log`).
    pub base: String,
    /// Where the file sits in its set.
    pub generation: Generation,
    /// The full file name, the final tie-breaker.
    pub name: String,
}

/// Compression suffixes a rotated file may carry (compared ignoring case).
const COMPRESSION_SUFFIXES: [&str; 6] = [".gz", ".zst", ".bz2", ".xz", ".z", ".lz4"];

/// The rotation sort key of a file name (the last path component).
///
/// Recognised, after removing one compression suffix
/// (`.gz .zst .bz2 .xz .z .lz4`): `NAME.old`; `NAME.N`; a date token
/// anywhere in the name, delimited by `.`, `-`, `_` or the ends of the name
/// (`NAME-YYYYMMDD`, `NAME-YYYYMMDDHH`, `NAME-YYYY-MM-DD`, `NAME.YYYYMMDD`,
/// `app.2024-03-01.log`, `NAME-YYYYMMDD-EPOCH`); the rightmost date wins.
/// Anything else is a live file whose base is its own name (minus a
/// compression suffix, so `notes.txt.gz` groups with `notes.txt`).
pub fn rotation_key(file_name: &str) -> RotationKey {
    let (base, generation) = split_generation(strip_compression(file_name));
    RotationKey { base, generation, name: file_name.to_string() }
}

/// The name without one trailing compression suffix (if something is left).
fn strip_compression(name: &str) -> &str {
    for suffix in COMPRESSION_SUFFIXES {
        if let Some(stem) = strip_suffix_ignore_case(name, suffix) {
            return stem;
        }
    }
    name
}

/// `name` without `suffix` (ASCII, case-insensitive) when the rest is non-empty.
fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len()).filter(|&c| c > 0)?;
    // The suffix is ASCII, so a match means `cut` is a char boundary.
    let tail = name.as_bytes().get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix.as_bytes()) {
        name.get(..cut)
    } else {
        None
    }
}

/// Splits a (decompressed) name into its set's base and its generation.
fn split_generation(stem: &str) -> (String, Generation) {
    if let Some(base) = strip_suffix_ignore_case(stem, ".old") {
        return (base.to_string(), Generation::Old);
    }
    let date = last_date_token(stem.as_bytes());
    if let Some(token) = date.filter(|t| t.end == stem.len()) {
        return dated(stem, token);
    }
    if let Some((base, n)) = numbered(stem) {
        return (base.to_string(), Generation::Numbered(n));
    }
    match date {
        Some(token) => dated(stem, token),
        None => (stem.to_string(), Generation::Live),
    }
}

/// `NAME.N` with a non-empty NAME and N of at most 18 digits.
fn numbered(stem: &str) -> Option<(&str, u64)> {
    let dot = stem.rfind('.').filter(|&d| d > 0)?;
    let digits = stem.get(dot + 1..)?;
    Some((stem.get(..dot)?, number(digits.as_bytes())?))
}

/// The base and generation of a name holding the date `token`: the token is
/// cut out together with the delimiter before it (or after it, when the
/// name starts with the date), so `access.log-20240301` and
/// `app.2024-03-01.log` join the sets of `access.log` and `app.log`.
/// A name that is nothing but a date stays a live file of its own.
fn dated(stem: &str, token: DateToken) -> (String, Generation) {
    let generation = Generation::Dated { stamp: token.stamp, serial: token.serial };
    // Token bounds sit next to ASCII delimiters or the ends: char boundaries.
    let (before, after) = if token.start > 0 {
        (stem.get(..token.start - 1), stem.get(token.end..))
    } else {
        (Some(""), stem.get(token.end + 1..))
    };
    let base = [before.unwrap_or(""), after.unwrap_or("")].concat();
    if base.is_empty() {
        (stem.to_string(), Generation::Live)
    } else {
        (base, generation)
    }
}

/// A date found in a name: its byte span and its packed value.
#[derive(Debug, Clone, Copy)]
struct DateToken {
    start: usize,
    end: usize,
    stamp: u64,
    serial: u64,
}

/// Whether `b` delimits the parts of a file name.
fn is_delimiter(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'_')
}

/// The rightmost date token of a name (see [`rotation_key`] for the forms).
fn last_date_token(name: &[u8]) -> Option<DateToken> {
    (0..name.len())
        .rev()
        .filter(|&i| i == 0 || is_delimiter(name[i - 1]))
        .find_map(|i| date_token_at(name, i))
}

/// A date token starting exactly at `start` and ending at a delimiter or at
/// the end of the name.
fn date_token_at(name: &[u8], start: usize) -> Option<DateToken> {
    let rest = &name[start..];
    let (stamp, len) = separated_date(rest).or_else(|| compact_date(rest))?;
    let mut end = start + len;
    let mut serial = 0;
    if let Some((value, serial_len)) = epoch_serial(&name[end..]) {
        serial = value;
        end += serial_len;
    }
    if end < name.len() && !is_delimiter(name[end]) {
        return None;
    }
    Some(DateToken { start, end, stamp, serial })
}

/// `YYYY-MM-DD` or `YYYY_MM_DD` (the same delimiter twice), optionally
/// followed by that delimiter and a two-digit hour (`app-2024-03-01-13.log`).
fn separated_date(s: &[u8]) -> Option<(u64, usize)> {
    let sep = *s.get(4)?;
    if !(sep == b'-' || sep == b'_') || s.get(7) != Some(&sep) {
        return None;
    }
    let year = number(s.get(0..4)?)?;
    let month = number(s.get(5..7)?)?;
    let day = number(s.get(8..10)?)?;
    let hour = hour_after(&s[10..], sep);
    let len = if hour.is_some() { 13 } else { 10 };
    Some((pack(year, month, day, hour.unwrap_or(0), 0, 0)?, len))
}

/// The hour in `<sep>HH` when it is exactly two digits below 24 that end
/// the token.
fn hour_after(s: &[u8], sep: u8) -> Option<u64> {
    if s.first() != Some(&sep) || s.get(3).is_some_and(|b| !is_delimiter(*b)) {
        return None;
    }
    number(s.get(1..3)?).filter(|&h| h <= 23)
}

/// `YYYYMMDD`, `YYYYMMDDhh`, `YYYYMMDDhhmm` or `YYYYMMDDhhmmss`: a run of
/// exactly 8, 10, 12 or 14 digits.
fn compact_date(s: &[u8]) -> Option<(u64, usize)> {
    let len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if !matches!(len, 8 | 10 | 12 | 14) {
        return None;
    }
    let part = |at: usize| if at + 2 <= len { number(&s[at..at + 2]) } else { Some(0) };
    let stamp =
        pack(number(&s[0..4])?, number(&s[4..6])?, number(&s[6..8])?, part(8)?, part(10)?, part(12)?)?;
    Some((stamp, len))
}

/// `-NNNN...` after a date (logrotate's `-%Y%m%d-%s`): 9 to 12 digits.
fn epoch_serial(s: &[u8]) -> Option<(u64, usize)> {
    if s.first() != Some(&b'-') {
        return None;
    }
    let len = s[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    if !(9..=12).contains(&len) {
        return None;
    }
    Some((number(&s[1..1 + len])?, 1 + len))
}

/// An all-digit slice as a number (None if empty, not digits, or too long).
fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0')))
}

/// A plausible calendar date and time packed as `YYYYMMDDhhmmss`, or None
/// (so that version numbers and ids are not mistaken for dates).
fn pack(year: u64, month: u64, day: u64, hour: u64, minute: u64, second: u64) -> Option<u64> {
    let plausible = (1970..=2199).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    plausible.then(|| ((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) * 100 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts names by their rotation key.
    fn sorted(names: &[&str]) -> Vec<String> {
        let mut keys: Vec<RotationKey> = names.iter().map(|n| rotation_key(n)).collect();
        keys.sort();
        keys.into_iter().map(|k| k.name).collect()
    }

    #[test]
    fn keys_of_single_names() {
        let dated = |stamp, serial| Generation::Dated { stamp, serial };
        let cases: &[(&str, &str, Generation)] = &[
            ("auth.log", "auth.log", Generation::Live),
            ("auth.log.1", "auth.log", Generation::Numbered(1)),
            ("auth.log.2.gz", "auth.log", Generation::Numbered(2)),
            ("auth.log.10.GZ", "auth.log", Generation::Numbered(10)),
            ("syslog.1", "syslog", Generation::Numbered(1)),
            ("my.app.log.2", "my.app.log", Generation::Numbered(2)),
            ("app.log.007.zst", "app.log", Generation::Numbered(7)),
            ("error.log.old", "error.log", Generation::Old),
            ("Xorg.0.log.old", "Xorg.0.log", Generation::Old),
            ("Xorg.0.log", "Xorg.0.log", Generation::Live),
            ("access.log-20240301.gz", "access.log", dated(20240301000000, 0)),
            ("access.log-20240302", "access.log", dated(20240302000000, 0)),
            ("access.log-2024030213.bz2", "access.log", dated(20240302130000, 0)),
            ("access.log-2024-03-02.xz", "access.log", dated(20240302000000, 0)),
            ("access.log.20240302.lz4", "access.log", dated(20240302000000, 0)),
            ("access.log-20240302-1709337600.gz", "access.log", dated(20240302000000, 1709337600)),
            ("access.log-20240302093015", "access.log", dated(20240302093015, 0)),
            ("messages-20240301", "messages", dated(20240301000000, 0)),
            ("app.2024-03-01.log", "app.log", dated(20240301000000, 0)),
            ("app-2024-03-01-13.log.gz", "app.log", dated(20240301130000, 0)),
            ("app_2024_03_01.log", "app.log", dated(20240301000000, 0)),
            ("2024-03-01.log", "log", dated(20240301000000, 0)),
            ("2024-03-01", "2024-03-01", Generation::Live),
            // Not dates: impossible month, implausible year, too few digits.
            ("build-20241301.log", "build-20241301.log", Generation::Live),
            ("data.12345678", "data", Generation::Numbered(12345678)),
            ("app.log.2024", "app.log", Generation::Numbered(2024)),
            ("v1.2.3", "v1.2", Generation::Numbered(3)),
            // Digits glued to letters are not a date token.
            ("x20240301.log", "x20240301.log", Generation::Live),
            // Degenerate names stay live files of their own.
            (".1", ".1", Generation::Live),
            (".gz", ".gz", Generation::Live),
            ("notes.txt.gz", "notes.txt", Generation::Live),
            ("kern.log.old.gz", "kern.log", Generation::Old),
            ("журнал.log.3", "журнал.log", Generation::Numbered(3)),
            ("журнал-2024-03-01", "журнал", dated(20240301000000, 0)),
            ("big.99999999999999999999", "big.99999999999999999999", Generation::Live),
        ];
        for &(name, base, generation) in cases {
            let key = rotation_key(name);
            assert_eq!((key.base.as_str(), key.generation), (base, generation), "{name}");
            assert_eq!(key.name, name);
        }
    }

    #[test]
    fn numbered_set_reads_highest_number_first() {
        let names =
            ["auth.log", "auth.log.1", "auth.log.9.gz", "auth.log.10.gz", "auth.log.2.gz", "auth.log.3.gz"];
        assert_eq!(
            sorted(&names),
            ["auth.log.10.gz", "auth.log.9.gz", "auth.log.3.gz", "auth.log.2.gz", "auth.log.1", "auth.log"]
        );
    }

    #[test]
    fn dated_set_reads_by_date_then_live() {
        let names = [
            "access.log",
            "access.log-20240302",
            "access.log-20240301.gz",
            "access.log-20240229.gz",
            "access.log-20231231.gz",
        ];
        assert_eq!(
            sorted(&names),
            [
                "access.log-20231231.gz",
                "access.log-20240229.gz",
                "access.log-20240301.gz",
                "access.log-20240302",
                "access.log"
            ]
        );
    }

    #[test]
    fn same_generation_compressed_and_not_is_deterministic() {
        let a = sorted(&["app.log.1.gz", "app.log", "app.log.1", "app.log.2"]);
        let b = sorted(&["app.log.1", "app.log.2", "app.log", "app.log.1.gz"]);
        assert_eq!(a, b);
        assert_eq!(a, ["app.log.2", "app.log.1", "app.log.1.gz", "app.log"]);
    }

    #[test]
    fn old_copy_comes_before_live_and_numbers() {
        assert_eq!(sorted(&["error.log", "error.log.old"]), ["error.log.old", "error.log"]);
        assert_eq!(
            sorted(&["error.log.1", "error.log", "error.log.old"]),
            ["error.log.old", "error.log.1", "error.log"]
        );
    }

    #[test]
    fn numbered_generations_come_before_dated_ones() {
        assert_eq!(
            sorted(&["syslog", "syslog-20240302", "syslog.1", "syslog-20240301.gz", "syslog.2.gz"]),
            ["syslog.2.gz", "syslog.1", "syslog-20240301.gz", "syslog-20240302", "syslog"]
        );
    }

    #[test]
    fn date_inside_name_sorts_by_date() {
        assert_eq!(
            sorted(&["app.log", "app.2024-03-10.log", "app.2024-03-02.log.gz", "app.2023-12-31.log"]),
            ["app.2023-12-31.log", "app.2024-03-02.log.gz", "app.2024-03-10.log", "app.log"]
        );
    }

    #[test]
    fn same_day_rotations_order_by_hour_and_serial() {
        assert_eq!(
            sorted(&["a.log-2024030112", "a.log-2024030109", "a.log-20240301"]),
            ["a.log-20240301", "a.log-2024030109", "a.log-2024030112"]
        );
        assert_eq!(
            sorted(&["a.log-20240301-1709290000", "a.log-20240301-1709280000"]),
            ["a.log-20240301-1709280000", "a.log-20240301-1709290000"]
        );
    }

    #[test]
    fn different_sets_keep_name_order() {
        let names = [
            "syslog",
            "auth.log.1",
            "my.app.log.2",
            "kern.log",
            "auth.log",
            "my.app.log",
            "daemon.log.1.gz",
            "auth.log.2.gz",
            "my.app.log.1",
            "messages-20240301",
            "messages",
            "syslog.1",
        ];
        assert_eq!(
            sorted(&names),
            [
                "auth.log.2.gz",
                "auth.log.1",
                "auth.log",
                "daemon.log.1.gz",
                "kern.log",
                "messages-20240301",
                "messages",
                "my.app.log.2",
                "my.app.log.1",
                "my.app.log",
                "syslog.1",
                "syslog"
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_names() {
        for name in ["", ".", "..", "-", "_", "-20240301", ".20240301", "a.", "a..1", "é.1", "1", "ü-2024-0"]
        {
            let _ = rotation_key(name);
        }
        assert_eq!(rotation_key("a..1").base, "a.");
        assert_eq!(rotation_key("-20240301").generation, Generation::Live);
    }
}
