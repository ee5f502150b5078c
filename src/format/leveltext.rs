//! Timestamp-then-level text logs: `%{TIMESTAMP_ISO8601} %{LOGLEVEL} %{GREEDYDATA}`
//! and the variants log4j, logback, Python, Go, Spring Boot, Monolog,
//! env_logger, Hadoop, Spark, HDFS, Zookeeper, OpenStack and Windows CBS
//! write.
//!
//! ```text
//! 2024-03-03T12:00:01.123Z INFO [gateway] request_id=42 method=GET status=200
//! 2024-03-03 12:00:01,123 ERROR [main] org.example.Foo: message          (log4j)
//! 2024-03-03 12:00:01.123 [main] INFO  com.example.App - Started         (logback)
//! 2024-03-03 12:00:01,123 - myapp.db - WARNING - slow query              (Python)
//! 17/06/09 20:10:40 INFO executor.Backend: Registered                    (Spark)
//! 081109 203615 148 INFO dfs.DataNode$PacketResponder: terminating       (HDFS)
//! ```
//!
//! A line is: an optional `[`, a timestamp (ISO 8601 with `-` or `/` date
//! separators, `yy/MM/dd HH:mm:ss`, or `yyMMdd HHmmss`), then a head, then
//! the message. The head, in order, may hold:
//!
//! * a pid (a bare number: HDFS, OpenStack), a `{file.py:12}` location
//!   (Airflow, field `location`);
//! * before the level: a `[thread]` (logback: field `thread`) or a
//!   `name -` (Python: the app);
//! * the level: `INFO`, `[INFO]`, `INFO:`, Monolog's `channel.LEVEL:` (the
//!   channel is the app). It must be a word [`Level::parse`] knows, and a
//!   bare one-letter level (`I`, `E`) is not taken (only `[E]`), so that a
//!   timestamp followed by ordinary text is *not* this format and returns
//!   `None` (an rsyslog line `2024-03-03T12:00:01Z host app[1]: msg` is left
//!   to the syslog parser);
//! * after the level: the component word of Windows CBS lines (those with
//!   a `,` after the time; it is the app), or a Spring Boot `pid ---`,
//!   `[bracketed]` tokens, and a
//!   logger: a dotted (or `$`, or `::`) name followed by `:`, ` : `, ` - `
//!   or ` [`.
//!
//! The rule for brackets after the level: when a logger follows them, the
//! logger is the app and the last bracket is the `thread` (log4j
//! `[main] org.example.Foo:`, Hadoop); otherwise the first bracket is the
//! app (`INFO [gateway] ...`), except that a Zookeeper-style
//! `[thread:Class@line]` gives app `Class`, `thread` and `code_line`. Further
//! brackets become `context` fields. When the app is already known (Python
//! name, Monolog channel) brackets after the level stay in the message.
//!
//! The message is the text after the head's separators (spaces, `|`, lone
//! dash runs like ` - ` and ` --- `). Tokens in it shaped `key=value` (key
//! `[A-Za-z_][A-Za-z0-9_.-]*`, value bare or quoted) are also fields; a
//! trailing `,` or `;` is dropped from bare values.
//!
//! The timestamp is structurally essential (no timestamp, no event); a
//! well-formed one naming no real instant (Feb 30) gives `ts: None`.
//! Two-digit years are 2000-2069 or 1970-1999.

use std::borrow::Cow;

use crate::event::{Event, Level, Timestamp, Value};
use crate::format::logfmt::{is_number, is_word_key, read_value, token_end};
use crate::format::time::{digits, fraction, hms, iso8601, zone_suffix, Civil};
use crate::format::{FieldSink, FormatId, ParseCx};
use crate::output::json::{write_head, FieldWriter, Head as JsonHead};

/// A real-shaped example line.
pub const EXAMPLE: &str =
    "2024-03-03T12:00:01.123Z INFO [gateway] request_id=8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a \
     method=GET path=/api/orders status=200 duration_ms=41 upstream=orders";

/// How many `[..]` tokens after the level are read as head parts.
const MAX_BRACKETS: usize = 4;

/// Parses one line; `None` when it does not start with a timestamp followed
/// by a recognised level.
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    parse_record(line, cx).or_else(|| parse_prefixed(line, cx))
}

/// A record behind one bare token naming where it came from: loghub's
/// OpenStack sample (`nova-api.log.1.2017-05-16_13:53:08 2017-05-16
/// 00:00:00.008 25746 INFO ...`), `tail -v`-style or collector-added file
/// prefixes. The token is kept as the field `file`.
fn parse_prefixed<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let (token, rest) = prefixed(line)?;
    let mut ev = parse_record(rest, cx)?;
    ev.fields.insert(0, (Cow::Borrowed(HEAD_FIELDS[0]), crate::event::Value::Str(Cow::Borrowed(token))));
    Some(ev)
}

/// The names of the fields [`parse`] takes from a record's head (the file
/// prefix, thread, location, bracketed context, code line), as opposed to
/// the message's `key=value` pairs. [`head`] and [`visit_pairs`] leave
/// them out: what reads a record that way must not want them (tested
/// where it is done, `trace::quick`).
pub const HEAD_FIELDS: [&str; 5] = ["file", "thread", "location", "context", "code_line"];

/// What [`parse`] would give for a line, as far as its head decides: the
/// timestamp, the level and where the message's `key=value` pairs are read
/// from (see [`visit_pairs`]). `None` exactly when the line is not in this
/// format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordHead {
    pub ts: Option<Timestamp>,
    pub level: Level,
    /// Where the message starts in the line.
    pub pairs_from: usize,
}

/// Reads a line's head without building the event: see [`RecordHead`].
pub fn head(line: &str, cx: &ParseCx) -> Option<RecordHead> {
    let (at, (civil, _, _, head, msg_start)) = match record_head(line) {
        Some(h) => (0, h),
        None => {
            let (token, rest) = prefixed(line)?;
            (token.len() + 1, record_head(rest)?)
        }
    };
    Some(RecordHead { ts: cx.resolve(&civil), level: head.level, pairs_from: at + msg_start })
}

/// The file token and the rest of a line that may be a prefixed record
/// ([`parse_prefixed`]).
fn prefixed(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.first().is_none_or(|c| c.is_ascii_digit() || *c == b'[' || *c == b'{') {
        return None;
    }
    let sp = memchr::memchr(b' ', &b[..b.len().min(160)])?;
    let token = &line[..sp];
    if token.bytes().any(|c| matches!(c, b'=' | b'"' | b'{' | b'[')) {
        return None;
    }
    let rest = &line[sp + 1..];
    if !rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((token, rest))
}

/// What [`parse`] would give as the timestamp: `None` when the line is not
/// in this format, else the event's `ts`. Reads timestamp and head only
/// (what decides acceptance), not the message's pairs: `timeline` keys
/// every record this way.
pub fn timestamp(line: &str, cx: &ParseCx) -> Option<Option<Timestamp>> {
    let h = record_head(line).or_else(|| record_head(prefixed(line)?.1))?;
    Some(cx.resolve(&h.0))
}

fn parse_record<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let (civil, ts_start, ts_end, head, msg_start) = record_head(line)?;
    let mut ev = Event::new(FormatId::LevelText, &line[msg_start..]);
    ev.ts = cx.resolve(&civil);
    ev.ts_text = &line[ts_start..ts_end];
    ev.level = Some(head.level);
    ev.app = head.app.map(Cow::Borrowed);
    ev.pid = head.pid;
    push_head_fields(&mut ev, &head);
    extract_pairs(line, msg_start, &mut ev);
    Some(ev)
}

/// Appends the `--json` line of a record straight from the line (no
/// [`Event`] built): the bytes [`crate::output::json::write_event`] writes
/// for [`parse`]'s event with `source` and line number `line_no`. False
/// (with `out` as it was) when [`parse`] would not take the line as a plain
/// record (not this format, or a prefixed record: the general way), or it
/// has too many fields.
pub fn write_json(line: &str, cx: &ParseCx, source: &str, line_no: u64, out: &mut Vec<u8>) -> bool {
    let Some((civil, _, _, head, msg_start)) = record_head(line) else { return false };
    let start = out.len();
    let json_head = JsonHead {
        ts: cx.resolve(&civil),
        source,
        line: line_no,
        format: FormatId::LevelText,
        level: Some(head.level),
        host: None,
        app: head.app,
        pid: head.pid,
        message: &line[msg_start..],
    };
    write_head(out, &json_head);
    let mut w = FieldWriter::new(out);
    push_head_fields(&mut w, &head);
    visit_pairs(line, msg_start, &mut w);
    if w.finish(false, 1) {
        return true;
    }
    out.truncate(start);
    false
}

/// Timestamp (with its byte range), head and message start of a record:
/// everything that decides whether [`parse_record`] accepts the line.
fn record_head(line: &str) -> Option<(Civil, usize, usize, Head<'_>, usize)> {
    let b = line.as_bytes();
    let opened = b.first() == Some(&b'[');
    let ts_start = usize::from(opened);
    let (civil, ts_end) = read_stamp(b, ts_start)?;
    let mut head = Head::default();
    let msg_start = if opened && b.get(ts_end) != Some(&b']') {
        read_bracketed_head(line, ts_end, &mut head)?
    } else {
        read_head(line, ts_end + usize::from(opened), &mut head)?
    };
    Some((civil, ts_start, ts_end, head, msg_start))
}

/// What the part between timestamp and message said.
#[derive(Debug)]
struct Head<'a> {
    /// Meaningful only once a head reader succeeded (a level is required).
    level: Level,
    app: Option<&'a str>,
    pid: Option<u32>,
    thread: Option<&'a str>,
    location: Option<&'a str>,
    code_line: Option<&'a str>,
    context: [Option<&'a str>; MAX_BRACKETS],
}

impl Default for Head<'_> {
    fn default() -> Self {
        Head {
            level: Level::Info,
            app: None,
            pid: None,
            thread: None,
            location: None,
            code_line: None,
            context: [None; MAX_BRACKETS],
        }
    }
}

/// Pushes `thread`, `location`, `context` and `code_line` when present.
fn push_head_fields<'a, S: FieldSink<'a>>(sink: &mut S, head: &Head<'a>) {
    let [_, thread, location, context, code_line] = HEAD_FIELDS;
    let named = [(thread, head.thread), (location, head.location)];
    for (key, value) in named.into_iter().chain(head.context.iter().map(|c| (context, *c))) {
        if let Some(v) = value {
            sink.push_field(key, || Value::Str(Cow::Borrowed(v)));
        }
    }
    if let Some(n) = head.code_line {
        sink.push_field(code_line, || Value::Num(n));
    }
}

/// Reads the timestamp at `start`; returns it and the index after it, which
/// must be a separator (space, tab, `]`, `,`, `|`).
fn read_stamp(b: &[u8], start: usize) -> Option<(Civil, usize)> {
    let rest = &b[start.min(b.len())..];
    let (civil, used) = iso_with_spaced_zone(rest).or_else(|| short_stamp(rest))?;
    let end = start + used;
    match b.get(end) {
        Some(b' ' | b'\t' | b']' | b',' | b'|') => Some((civil, end)),
        _ => None,
    }
}

/// ISO 8601 via [`iso8601`], plus a zone written after a space
/// (`2024-03-03 12:00:01 +0200`, four digits at least).
fn iso_with_spaced_zone(b: &[u8]) -> Option<(Civil, usize)> {
    let (mut civil, mut used) = iso8601(b)?;
    if civil.offset.is_none()
        && b.get(used) == Some(&b' ')
        && matches!(b.get(used + 1), Some(b'+' | b'-'))
        && b.get(used + 2).is_some_and(u8::is_ascii_digit)
    {
        if let Some((off, n)) = zone_suffix(&b[used + 1..]) {
            if n >= 5 {
                civil.offset = Some(off);
                used += 1 + n;
            }
        }
    }
    Some((civil, used))
}

/// `yy/MM/dd HH:mm:ss[.frac]` (Spark) or `yyMMdd HHmmss` (HDFS).
fn short_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    if b.len() >= 17 && b[2] == b'/' && b[5] == b'/' && b[8] == b' ' {
        let (hour, minute, second) = hms(&b[9..])?;
        let (nanos, frac_digits, used) = fraction(&b[17..]);
        let civil = Civil {
            year: two_digit_year(digits(b, 2)?),
            month: digits(&b[3..], 2)?,
            day: digits(&b[6..], 2)?,
            hour,
            minute,
            second,
            nanos,
            frac_digits,
            offset: None,
        };
        return Some((civil, 17 + used));
    }
    if b.len() >= 13 && b[6] == b' ' {
        let civil = Civil {
            year: two_digit_year(digits(b, 2)?),
            month: digits(&b[2..], 2)?,
            day: digits(&b[4..], 2)?,
            hour: digits(&b[7..], 2)?,
            minute: digits(&b[9..], 2)?,
            second: digits(&b[11..], 2)?,
            ..Civil::default()
        };
        return Some((civil, 13));
    }
    None
}

fn two_digit_year(yy: u32) -> i64 {
    if yy < 70 {
        2000 + yy as i64
    } else {
        1900 + yy as i64
    }
}

/// The head when a `[` opened before the timestamp and did not close right
/// after it (env_logger: `[2024-03-03T12:00:01Z INFO  myapp::db] msg`): the
/// level and an optional module inside the bracket. Returns where the
/// message starts.
fn read_bracketed_head<'a>(line: &'a str, i: usize, head: &mut Head<'a>) -> Option<usize> {
    let b = line.as_bytes();
    let i = skip_spaces(b, i);
    let level = level_token(line, i)?;
    let end = level.end;
    head.level = level.level;
    head.app = level.app;
    let close = end + memchr::memchr(b']', &b[end..])?;
    let module = line[end..close].trim_matches([' ', '\t', ':']);
    if !module.is_empty() && head.app.is_none() {
        head.app = Some(module);
    }
    Some(skip_seps(b, close + 1).0)
}

/// The head after the timestamp (and its closing `]`): see the module doc.
/// Returns where the message starts.
fn read_head<'a>(line: &'a str, mut i: usize, head: &mut Head<'a>) -> Option<usize> {
    let b = line.as_bytes();
    let windows = b.get(i) == Some(&b',');
    if windows {
        i += 1; // Windows CBS: "2016-09-28 04:30:30, Info"
    }
    i = skip_seps(b, i).0;
    if let Some((pid, end)) = pid_token(b, i) {
        head.pid = Some(pid);
        i = skip_seps(b, end).0;
    }
    if b.get(i) == Some(&b'{') {
        let close = i + memchr::memchr(b'}', &b[i..])?;
        head.location = Some(&line[i + 1..close]);
        i = skip_seps(b, close + 1).0;
    }
    let level = match level_token(line, i) {
        Some(level) => level,
        None => {
            i = read_pre_level(line, i, head)?;
            level_token(line, i)?
        }
    };
    head.level = level.level;
    i = level.end;
    if level.app.is_some() {
        head.app = level.app;
        return Some(skip_seps(b, i).0);
    }
    if head.app.is_some() {
        return Some(skip_seps(b, i).0);
    }
    if windows {
        return Some(read_windows_component(line, i, head));
    }
    Some(read_post_level(line, i, head))
}

/// A part before the level that is not a pid: `[thread]` (logback) or
/// `name -` (Python). Returns the index of the level that must follow.
fn read_pre_level<'a>(line: &'a str, i: usize, head: &mut Head<'a>) -> Option<usize> {
    let b = line.as_bytes();
    if b.get(i) == Some(&b'[') {
        let close = matching_bracket(b, i)?;
        head.thread = Some(line[i + 1..close].trim());
        return Some(skip_seps(b, close + 1).0);
    }
    let end = token_end(b, i);
    let name = &b[i..end];
    if name.is_empty() || !name.iter().all(|&c| is_logger_byte(c)) {
        return None;
    }
    let (next, dashed) = skip_seps(b, end);
    if !dashed {
        return None;
    }
    head.app = Some(&line[i..end]);
    Some(next)
}

/// The part after the level: Spring Boot's `pid ---`, brackets, a logger.
/// Returns where the message starts.
fn read_post_level<'a>(line: &'a str, i: usize, head: &mut Head<'a>) -> usize {
    let b = line.as_bytes();
    let mut i = skip_seps(b, i).0;
    if let Some((pid, end)) = pid_token(b, i) {
        if b[skip_spaces(b, end)..].starts_with(b"---") {
            head.pid = head.pid.or(Some(pid));
            i = skip_seps(b, end).0;
        }
    }
    let mut brackets: [Option<&'a str>; MAX_BRACKETS] = [None; MAX_BRACKETS];
    let mut count = 0;
    while count < MAX_BRACKETS && b.get(i) == Some(&b'[') {
        let Some(close) = matching_bracket(b, i) else { break };
        brackets[count] = Some(line[i + 1..close].trim());
        count += 1;
        i = skip_seps(b, close + 1).0;
    }
    let logger = logger_token(line, i);
    let mut rest = brackets[..count].iter().flatten().copied();
    match logger {
        Some((name, msg_at)) => {
            head.app = Some(name);
            i = msg_at;
            if let Some(thread) = brackets[..count].iter().flatten().last().copied() {
                if head.thread.is_none() {
                    head.thread = Some(thread);
                    rest = brackets[..count - 1].iter().flatten().copied();
                }
            }
        }
        None => {
            if let Some(first) = rest.next() {
                app_from_bracket(first, head);
            }
        }
    }
    for (slot, text) in head.context.iter_mut().zip(rest) {
        *slot = Some(text);
    }
    skip_seps(b, i).0
}

/// Windows CBS/CSI: the word after the level is the component (the app).
/// Returns where the message starts.
fn read_windows_component<'a>(line: &'a str, i: usize, head: &mut Head<'a>) -> usize {
    let b = line.as_bytes();
    let start = skip_spaces(b, i);
    let end = token_end(b, start);
    let word = &b[start..end];
    if end == b.len() || word.is_empty() || !word.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return skip_seps(b, i).0;
    }
    head.app = Some(&line[start..end]);
    skip_spaces(b, end)
}

/// Sets the app from a bracket after the level; a Zookeeper-style
/// `thread:Class@line` is split into thread, app and code line.
fn app_from_bracket<'a>(text: &'a str, head: &mut Head<'a>) {
    if let Some(at) = text.rfind('@') {
        let line_no = &text[at + 1..];
        if !line_no.is_empty() && line_no.bytes().all(|c| c.is_ascii_digit()) {
            if let Some(colon) = text[..at].rfind(':') {
                if colon + 1 < at {
                    head.thread = head.thread.or(Some(&text[..colon]));
                    head.app = Some(&text[colon + 1..at]);
                    head.code_line = Some(line_no);
                    return;
                }
            }
        }
    }
    if !text.is_empty() {
        head.app = Some(text);
    }
}

/// A recognised level token.
struct LevelTok<'a> {
    level: Level,
    /// Index after the token (and after a `:` attached to it).
    end: usize,
    /// Monolog's channel (`app.ERROR:`).
    app: Option<&'a str>,
}

/// Reads a level at `i`: `WORD`, `WORD:`, `[WORD]`, `[WORD]:`, or
/// `channel.WORD:`. A bare one-letter word is refused.
fn level_token(line: &str, i: usize) -> Option<LevelTok<'_>> {
    let b = line.as_bytes();
    if b.get(i) == Some(&b'[') {
        let window = &b[i..b.len().min(i + 16)];
        let close = i + memchr::memchr(b']', window)?;
        let level = Level::parse(line[i + 1..close].trim())?;
        let mut end = close + 1;
        if b.get(end) == Some(&b':') {
            end += 1;
        }
        return at_boundary(b, end).then_some(LevelTok { level, end, app: None });
    }
    let mut j = i;
    while j < b.len() && !matches!(b[j], b' ' | b'\t' | b':' | b'|' | b']' | b',') {
        j += 1;
    }
    let word = &line[i..j];
    let colon = b.get(j) == Some(&b':');
    let end = if colon { j + 1 } else { j };
    if let Some(dot) = word.rfind('.') {
        // Monolog `channel.LEVEL:`
        let channel = &word[..dot];
        if !colon || channel.is_empty() || !channel.bytes().all(is_logger_byte) {
            return None;
        }
        let level = Level::parse(&word[dot + 1..])?;
        return at_boundary(b, end).then_some(LevelTok { level, end, app: Some(channel) });
    }
    if word.len() < 2 {
        return None;
    }
    let level = Level::parse(word)?;
    (colon || at_boundary(b, end)).then_some(LevelTok { level, end, app: None })
}

/// Whether `i` ends a token: end of line, space, tab, `|` or `]`.
fn at_boundary(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), None | Some(b' ' | b'\t' | b'|' | b']'))
}

/// A logger name at `i` and where the message after it starts. The name is
/// `[A-Za-z_][A-Za-z0-9_.$-]*` (with `::` allowed), must hold a `.`, `$` or
/// `::`, and must be followed by `:`, ` : `, ` - ` or ` [`.
fn logger_token(line: &str, i: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    if !b.get(i).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
        return None;
    }
    let mut j = i;
    let mut qualified = false;
    while j < b.len() {
        if is_logger_byte(b[j]) {
            qualified |= b[j] == b'.' || b[j] == b'$';
            j += 1;
        } else if b[j] == b':' && b.get(j + 1) == Some(&b':') {
            qualified = true;
            j += 2;
        } else {
            break;
        }
    }
    if !qualified {
        return None;
    }
    let name = &line[i..j];
    if b.get(j) == Some(&b':') && at_boundary(b, j + 1) {
        return Some((name, j + 1));
    }
    let k = skip_spaces(b, j);
    if k == j {
        return None;
    }
    match b.get(k) {
        Some(b':' | b'-') if at_boundary(b, k + 1) => Some((name, k + 1)),
        Some(b'[') => Some((name, k)),
        _ => None,
    }
}

fn is_logger_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'$' | b'_' | b'-')
}

/// A bare number (1 to 10 digits, fitting u32) followed by a space or tab.
fn pid_token(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut pid = 0u32;
    while j < b.len() && b[j].is_ascii_digit() {
        pid = pid.checked_mul(10)?.checked_add((b[j] - b'0') as u32)?;
        j += 1;
    }
    (j > i && matches!(b.get(j), Some(b' ' | b'\t'))).then_some((pid, j))
}

/// Index of the `]` matching the `[` at `i` (nesting counted).
fn matching_bracket(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(i) {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

#[inline]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Skips separators: spaces, tabs, `|`, and lone runs of dashes (` - `,
/// ` --- `). Returns the new index and whether a dash run was skipped.
fn skip_seps(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut dashed = false;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'|') {
            i += 1;
        }
        let mut j = i;
        while j < b.len() && b[j] == b'-' {
            j += 1;
        }
        if j > i && matches!(b.get(j), None | Some(b' ' | b'\t')) {
            dashed = true;
            i = j;
            continue;
        }
        return (i, dashed);
    }
}

/// Adds the message's `key=value` tokens as fields.
fn extract_pairs<'a>(line: &'a str, from: usize, ev: &mut Event<'a>) {
    if memchr::memchr(b'=', &line.as_bytes()[from..]).is_none() {
        return;
    }
    ev.fields.reserve(8);
    visit_pairs(line, from, ev);
}

/// Hands the message's `key=value` tokens from `from` on to `sink`, as
/// [`parse`] adds them to the event's fields (it does so through here).
pub fn visit_pairs<'a, S: FieldSink<'a>>(line: &'a str, from: usize, sink: &mut S) {
    let b = line.as_bytes();
    if memchr::memchr(b'=', &b[from..]).is_none() {
        return;
    }
    let mut i = from;
    loop {
        i = skip_spaces(b, i);
        if i >= b.len() {
            return;
        }
        let end = token_end(b, i);
        if let Some(eq) = memchr::memchr(b'=', &b[i..end]) {
            if is_word_key(&b[i..i + eq]) {
                let (raw, next) = read_value(line, i + eq + 1);
                sink.push_field(&line[i..i + eq], || {
                    if raw.quoted {
                        Value::Str(raw.unescaped())
                    } else {
                        let text = raw.text.trim_end_matches([',', ';']);
                        if is_number(text) {
                            Value::Num(text)
                        } else {
                            Value::Str(Cow::Borrowed(text))
                        }
                    }
                });
                i = next;
                continue;
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    fn text(ev: &Event, key: &str) -> Option<String> {
        ev.field(key).map(|v| v.as_text().into_owned())
    }

    #[test]
    fn a_file_name_prefix_is_kept_as_a_field() {
        let line = "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO \
                    nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d - - -] \
                    10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200";
        let ev = parse(line, &cx()).expect("parses");
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2017-05-16T00:00:00.008Z"));
        assert_eq!(ev.level, Some(Level::Info));
        assert_eq!(ev.pid, Some(25746));
        assert_eq!(text(&ev, "file").as_deref(), Some("nova-api.log.1.2017-05-16_13:53:08"));
        for not_prefixed in
            ["Mar  3 12:00:01 web1 sshd[1]: x", "level=info 2024-03-03 12:00:00 INFO x", "hello world"]
        {
            assert!(parse(not_prefixed, &cx()).is_none(), "{not_prefixed}");
        }
    }

    /// (line, ts, level, app, pid, message, [(field, text)])
    type Case = (
        &'static str,
        Option<&'static str>,
        Level,
        Option<&'static str>,
        Option<u32>,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    #[test]
    fn real_shaped_lines() {
        let cases: &[Case] = &[
            (
                "2024-03-03T12:00:01.123Z INFO [gateway] request_id=8f14e45f method=GET path=/api/orders status=200 duration_ms=41 upstream=orders",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Info,
                Some("gateway"),
                None,
                "request_id=8f14e45f method=GET path=/api/orders status=200 duration_ms=41 upstream=orders",
                &[("request_id", "8f14e45f"), ("method", "GET"), ("path", "/api/orders"), ("status", "200"), ("upstream", "orders")],
            ),
            (
                "2024-03-03 12:00:01,123 ERROR [main] org.example.Foo: connection refused: db-1:5432",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Error,
                Some("org.example.Foo"),
                None,
                "connection refused: db-1:5432",
                &[("thread", "main")],
            ),
            (
                "2024-03-03 12:00:01.123 [main] INFO  com.example.App - Started App in 2.1 seconds",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Info,
                Some("com.example.App"),
                None,
                "Started App in 2.1 seconds",
                &[("thread", "main")],
            ),
            (
                "2024-03-03 12:00:01 [ERROR] payment failed order=A-17 amount=12.50,",
                Some("2024-03-03T12:00:01Z"),
                Level::Error,
                None,
                None,
                "payment failed order=A-17 amount=12.50,",
                &[("order", "A-17"), ("amount", "12.50")],
            ),
            (
                "[2024-03-03 12:00:01] ERROR: disk full on /var",
                Some("2024-03-03T12:00:01Z"),
                Level::Error,
                None,
                None,
                "disk full on /var",
                &[],
            ),
            (
                "2024-03-03T12:00:01+02:00 WARN cache miss ratio high",
                Some("2024-03-03T10:00:01Z"),
                Level::Warn,
                None,
                None,
                "cache miss ratio high",
                &[],
            ),
            (
                "2024-03-03 12:00:01,123 - INFO  [QuorumPeer[myid=2]/0:0:0:0:0:0:0:0:2181:Leader@412] - LEADING - LEADER ELECTION TOOK - 215 MS",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Info,
                Some("Leader"),
                None,
                "LEADING - LEADER ELECTION TOOK - 215 MS",
                &[("thread", "QuorumPeer[myid=2]/0:0:0:0:0:0:0:0:2181"), ("code_line", "412")],
            ),
            (
                "2024-03-03 12:00:01,123 - WARN  [SyncThread:0] - fsync-ing the write ahead log took 1200ms",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Warn,
                Some("SyncThread:0"),
                None,
                "fsync-ing the write ahead log took 1200ms",
                &[],
            ),
            (
                "2024-03-03 12:00:01,978 INFO [IPC Server handler 3 on 41000] org.apache.hadoop.mapred.TaskAttemptListenerImpl: Progress of TaskAttempt attempt_1 is : 0.5",
                Some("2024-03-03T12:00:01.978Z"),
                Level::Info,
                Some("org.apache.hadoop.mapred.TaskAttemptListenerImpl"),
                None,
                "Progress of TaskAttempt attempt_1 is : 0.5",
                &[("thread", "IPC Server handler 3 on 41000")],
            ),
            (
                "2024-03-03 12:00:01,123 - myapp.db - WARNING - slow query took=2.5s",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Warn,
                Some("myapp.db"),
                None,
                "slow query took=2.5s",
                &[("took", "2.5s")],
            ),
            (
                "2024/03/03 12:00:01 [WARN] retrying in 5s",
                Some("2024-03-03T12:00:01Z"),
                Level::Warn,
                None,
                None,
                "retrying in 5s",
                &[],
            ),
            (
                "2024-03-03 04:30:30, Info                  CBS    Starting TrustedInstaller initialization.",
                Some("2024-03-03T04:30:30Z"),
                Level::Info,
                Some("CBS"),
                None,
                "Starting TrustedInstaller initialization.",
                &[],
            ),
            (
                "2024-03-03 04:30:31, Error                 CSI    00000009 (F) STATUS_SXS_ASSEMBLY_MISSING #17 failed",
                Some("2024-03-03T04:30:31Z"),
                Level::Error,
                Some("CSI"),
                None,
                "00000009 (F) STATUS_SXS_ASSEMBLY_MISSING #17 failed",
                &[],
            ),
            (
                "24/03/03 12:00:01 INFO storage.BlockManager: Found block rdd_2_3 locally",
                Some("2024-03-03T12:00:01Z"),
                Level::Info,
                Some("storage.BlockManager"),
                None,
                "Found block rdd_2_3 locally",
                &[],
            ),
            (
                "240303 120001 1421 WARN dfs.DataNode$DataXceiver: 10.0.0.7:50010:Got exception while serving blk_17",
                Some("2024-03-03T12:00:01Z"),
                Level::Warn,
                Some("dfs.DataNode$DataXceiver"),
                Some(1421),
                "10.0.0.7:50010:Got exception while serving blk_17",
                &[],
            ),
            (
                "2024-03-03 12:00:01.008 3012 INFO nova.compute.manager [req-5f1c1e0a-0000 admin admin - - -] [instance: 42] Took 1.02 seconds",
                Some("2024-03-03T12:00:01.008Z"),
                Level::Info,
                Some("nova.compute.manager"),
                Some(3012),
                "[req-5f1c1e0a-0000 admin admin - - -] [instance: 42] Took 1.02 seconds",
                &[],
            ),
            (
                "2024-03-03T12:00:01.123+01:00  INFO 48213 --- [           main] c.e.demo.DemoApplication                 : Started DemoApplication in 1.9 seconds",
                Some("2024-03-03T11:00:01.123Z"),
                Level::Info,
                Some("c.e.demo.DemoApplication"),
                Some(48213),
                "Started DemoApplication in 1.9 seconds",
                &[("thread", "main")],
            ),
            (
                r#"[2024-03-03 12:00:01] local.ERROR: Undefined variable $user {"exception":"[object] (ErrorException(code: 0))"} []"#,
                Some("2024-03-03T12:00:01Z"),
                Level::Error,
                Some("local"),
                None,
                r#"Undefined variable $user {"exception":"[object] (ErrorException(code: 0))"} []"#,
                &[],
            ),
            (
                "[2024-03-03T12:00:01Z INFO  myapp::db] pool ready size=8",
                Some("2024-03-03T12:00:01Z"),
                Level::Info,
                Some("myapp::db"),
                None,
                "pool ready size=8",
                &[("size", "8")],
            ),
            (
                "[2024-03-03 12:00:01,123] {taskinstance.py:1150} INFO - Dependencies all met for task",
                Some("2024-03-03T12:00:01.123Z"),
                Level::Info,
                None,
                None,
                "Dependencies all met for task",
                &[("location", "taskinstance.py:1150")],
            ),
            (
                // quoted value with escapes, non-ASCII, offset after a space, FATAL
                r#"2024-03-03 14:00:01 +0200 FATAL [worker] user="Zoë \"Z\" Ng" gave up ✓"#,
                Some("2024-03-03T12:00:01Z"),
                Level::Crit,
                Some("worker"),
                None,
                r#"user="Zoë \"Z\" Ng" gave up ✓"#,
                &[("user", r#"Zoë "Z" Ng"#)],
            ),
            (
                // bracketed one-letter level, two brackets after it, empty message
                "2024-03-03T12:00:01Z [E] [auth] [tenant-9]",
                Some("2024-03-03T12:00:01Z"),
                Level::Error,
                Some("auth"),
                None,
                "",
                &[("context", "tenant-9")],
            ),
            (
                // impossible date: still this format, no ts
                "2024-02-30 12:00:01 DEBUG something",
                None,
                Level::Debug,
                None,
                None,
                "something",
                &[],
            ),
        ];
        for (line, want_ts, level, app, pid, msg, fields) in cases {
            let ev = parse(line, &cx()).unwrap_or_else(|| panic!("not parsed: {line}"));
            assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), *want_ts, "{line}");
            assert_eq!(ev.level, Some(*level), "{line}");
            assert_eq!(ev.app.as_deref(), *app, "{line}");
            assert_eq!(ev.pid, *pid, "{line}");
            assert_eq!(ev.host, None, "{line}");
            assert_eq!(ev.message, *msg, "{line}");
            for (k, v) in *fields {
                assert_eq!(text(&ev, k).as_deref(), Some(*v), "{line}: field {k}");
            }
        }
    }

    #[test]
    fn example_and_ts_text() {
        let ev = parse(EXAMPLE, &cx()).unwrap();
        assert_eq!(ev.ts_text, "2024-03-03T12:00:01.123Z");
        assert_eq!(ev.format, FormatId::LevelText);
        assert_eq!(ev.field("status"), Some(&Value::Num("200")));
        assert_eq!(ev.field("duration_ms"), Some(&Value::Num("41")));
        assert!(matches!(ev.message, Cow::Borrowed(_)));
        let ev = parse("[2024-03-03 12:00:01,5] ERROR: x", &cx()).unwrap();
        assert_eq!(ev.ts_text, "2024-03-03 12:00:01,5");
        let ev = parse("081109 203615 148 INFO dfs.DataNode: x", &cx()).unwrap();
        assert_eq!(ev.ts_text, "081109 203615");
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2008-11-09T20:36:15Z"));
    }

    #[test]
    fn bracket_rule() {
        // bracket after the level with a logger after it: thread, logger is app
        let ev = parse("2024-03-03 12:00:01 WARN [pool-1-thread-3] com.acme.Sync: late", &cx()).unwrap();
        assert_eq!(
            (ev.app.as_deref(), text(&ev, "thread").as_deref()),
            (Some("com.acme.Sync"), Some("pool-1-thread-3"))
        );
        // without a logger: the bracket is the app, no thread
        let ev = parse("2024-03-03 12:00:01 WARN [sync] late by 3s", &cx()).unwrap();
        assert_eq!((ev.app.as_deref(), ev.field("thread")), (Some("sync"), None));
        assert_eq!(ev.message, "late by 3s");
        // an undotted word followed by ':' is message text, not a logger
        let ev = parse("2024-03-03 12:00:01 ERROR Failed: timeout", &cx()).unwrap();
        assert_eq!((ev.app.as_deref(), ev.message.as_ref()), (None, "Failed: timeout"));
    }

    #[test]
    fn rejects_other_formats() {
        for line in [
            "2024-03-03T12:00:01Z web1 sshd[812]: Accepted publickey for root",
            "2024-03-03T12:00:01.123456+01:00 host app[1]: INFO starting",
            "Mar  3 12:00:01 web1 app[12]: ERROR something",
            "<34>1 2024-03-03T12:00:01Z host app 1 - - INFO x",
            r#"{"time":"2024-03-03T12:00:01Z","level":"info","msg":"x"}"#,
            "ts=2024-03-03T12:00:01Z level=info msg=x",
            "2024-03-03T12:00:01Z level=info msg=x",
            r#"127.0.0.1 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 1"#,
            "[Sun Mar 03 12:00:01.123456 2024] [core:error] [pid 1234] AH00037: x",
            "2024-03-03 12:00:01 [main] Started application",
            "2024-03-03 12:00:01 I started",
            "2024-03-03 12:00:01 Informative text follows",
            "2024-03-03 12:00:01INFO glued",
            "2024-03-03 12:00:01",
            "2024-03-03",
            "20240303 120001 INFO x",
            "",
        ] {
            assert!(parse(line, &cx()).is_none(), "accepted: {line}");
        }
    }

    #[test]
    fn never_panics_on_ugly_input() {
        for line in [
            "[2024-03-03 12:00:01",
            "[2024-03-03 12:00:01 INFO",
            "2024-03-03 12:00:01 [",
            "2024-03-03 12:00:01 [[[[",
            "2024-03-03 12:00:01 INFO [a [b",
            "2024-03-03 12:00:01 {x",
            "2024-03-03 12:00:01 99999999999 INFO x",
            "2024-03-03 12:00:01 INFO 99999999999 --- x",
            "2024-03-03 12:00:01 INFO é=1 k=\"\\",
            "2024-03-03 12:00:01 é INFO",
            "2024-03-03 12:00:01 .ERROR: x",
            "2024-03-03 12:00:01 INFO [a@] [b:@1] [:c@2] x",
            "2024-03-03 12:00:01 INFO a.b",
            "2024-03-03 12:00:01 INFO a.b ",
        ] {
            let _ = parse(line, &cx());
        }
        let ev = parse("2024-03-03 12:00:01 INFO [b:@1] x", &cx()).unwrap();
        assert_eq!(ev.app.as_deref(), Some("b:@1"));
    }

    #[test]
    fn loghub_other_systems_rejected() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        for system in
            ["Apache", "BGL", "HPC", "HealthApp", "Linux", "Mac", "OpenSSH", "Proxifier", "Thunderbird"]
        {
            let Ok(data) = std::fs::read(root.join(system).join(format!("{system}_2k.log"))) else {
                continue;
            };
            let data = String::from_utf8_lossy(&data);
            let taken: Vec<&str> =
                data.lines().filter(|l| parse(l.trim_end_matches('\r'), &cx).is_some()).collect();
            assert!(taken.is_empty(), "{system}: {} lines taken, e.g. {:?}", taken.len(), taken.first());
        }
    }

    #[test]
    fn loghub_parse_rates() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        if !root.exists() {
            return;
        }
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        for (system, min_rate) in [
            ("Hadoop", 0.95),
            ("Zookeeper", 0.95),
            ("Spark", 0.95),
            ("HDFS", 0.95),
            ("Windows", 0.95),
            ("OpenStack", 0.0),
            ("Android", 0.0),
        ] {
            let path = root.join(system).join(format!("{system}_2k.log"));
            let Ok(data) = std::fs::read(&path) else { continue };
            let data = String::from_utf8_lossy(&data);
            let (mut total, mut parsed, mut with_ts, mut with_app) = (0usize, 0usize, 0usize, 0usize);
            for line in data.lines() {
                let line = line.strip_suffix('\r').unwrap_or(line);
                total += 1;
                if let Some(ev) = parse(line, &cx) {
                    parsed += 1;
                    with_ts += usize::from(ev.ts.is_some());
                    with_app += usize::from(ev.app.is_some());
                }
            }
            let rate = parsed as f64 / total.max(1) as f64;
            eprintln!(
                "leveltext {system}: {parsed}/{total} parsed ({:.1}%), {with_ts} with ts, {with_app} with app",
                rate * 100.0
            );
            assert_eq!(with_ts, parsed, "{system}");
            assert!(rate >= min_rate, "{system}: {rate}");
        }
    }

    /// Ugly real-shaped lines: bracketed heads, threads, locations, code
    /// lines, pairs with quotes and escapes, repeated keys, prefixed
    /// records, control bytes.
    const UGLY: &[&str] = &[
        EXAMPLE,
        "2024-03-01T00:00:02.302Z INFO  [gateway] request_id=75a8 POST /api/payments/refund 200 in 94ms",
        "[2024-03-01 00:00:02,302] ERROR [main] com.x.Y:42 - k=\"v \\\"q\\\"\" k=2 k=3, n=1e400; z=012",
        "2024-03-01 00:00:02.302 12345 WARNING nova.compute [req-1 - - -] tab\there caf\u{e9} \u{1b}[2J",
        "2024-03-01T00:00:02+02:00 DEBUG [a] [b] [c] [d] [e] msg",
        "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi [req-x] GET /v2",
        "2024-03-01 00:00:02 [pool-1-thread-3] INFO com.example.App - started in 3.2s key=\"\"",
        "2024-02-30T25:00:00Z ERROR out of range",
    ];

    #[test]
    fn the_direct_json_line_is_the_general_one() {
        let (taken, given) = crate::test_texts::check_direct_json(UGLY, &cx(), parse, write_json);
        assert!(taken > 1000 && given > taken, "{taken} of {given}");
        let many: String = (0..40).map(|i| format!(" k{}=v", i % 3)).collect();
        let line = format!("2024-03-01T00:00:02Z INFO [a] m{many}");
        let mut out = Vec::new();
        assert!(!write_json(&line, &cx(), "s", 1, &mut out) && out.is_empty());
    }
}
