//! The event: one log record, parsed, borrowing from the input buffer.
//!
//! Every format turns a line (plus its continuation lines) into an
//! [`Event`]; every command consumes events. Text is borrowed from the chunk
//! being scanned wherever the format allows (`Cow::Borrowed`), so the hot
//! path does not copy message text.

pub mod level;
pub mod timestamp;

use std::borrow::Cow;

pub use level::Level;
pub use timestamp::Timestamp;

use crate::format::FormatId;

/// A field value as the log wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text (unescaped).
    Str(Cow<'a, str>),
    /// A number, kept as its original text so nothing is lost in conversion.
    Num(&'a str),
    Bool(bool),
    Null,
    /// A JSON array or object kept as raw JSON text (not flattened).
    Json(&'a str),
}

impl Value<'_> {
    /// The value as text (numbers and raw JSON as written, `null` for null).
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Value::Str(s) => Cow::Borrowed(s.as_ref()),
            Value::Num(s) | Value::Json(s) => Cow::Borrowed(s),
            Value::Bool(true) => Cow::Borrowed("true"),
            Value::Bool(false) => Cow::Borrowed("false"),
            Value::Null => Cow::Borrowed("null"),
        }
    }

    /// The value as a number, when it is one (or a string holding one).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(s) => s.parse().ok(),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Converts to a value that owns its text.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Num(s) => Value::Str(Cow::Owned(s.to_owned())),
            Value::Bool(b) => Value::Bool(b),
            Value::Null => Value::Null,
            Value::Json(s) => Value::Str(Cow::Owned(s.to_owned())),
        }
    }
}

/// The key-value fields of an event, in the order the log wrote them.
///
/// A small vector rather than a map: events have a handful of fields and a
/// linear scan beats hashing at that size.
pub type Fields<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// One log record.
///
/// Parsers fill the content (`ts` .. `fields`); the scanner fills the
/// location (`source`, `line`, `offset`, `lines`, `raw`).
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// The instant in UTC, when the record has a timestamp that parsed.
    pub ts: Option<Timestamp>,
    /// The timestamp text as written in the log ("" when none).
    pub ts_text: &'a str,
    /// True when the year was not in the log and was inferred.
    pub year_inferred: bool,
    /// Index of the source in the scan (see `scan::SourceInfo`).
    pub source: u32,
    /// 1-based number of the record's first line in its source.
    pub line: u64,
    /// Number of physical lines (more than 1 with continuation lines).
    pub lines: u32,
    /// Byte offset of the record's first line in its (decompressed) source.
    pub offset: u64,
    /// Which format parsed it (`FormatId::Raw` when none did).
    pub format: FormatId,
    pub level: Option<Level>,
    pub host: Option<Cow<'a, str>>,
    /// Program, service or component name.
    pub app: Option<Cow<'a, str>>,
    pub pid: Option<u32>,
    pub message: Cow<'a, str>,
    pub fields: Fields<'a>,
    /// The record's raw bytes (without the final line terminator).
    pub raw: &'a [u8],
}

impl<'a> Event<'a> {
    /// An event with only a message; parsers start from this.
    pub fn new(format: FormatId, message: impl Into<Cow<'a, str>>) -> Event<'a> {
        Event {
            ts: None,
            ts_text: "",
            year_inferred: false,
            source: 0,
            line: 0,
            lines: 1,
            offset: 0,
            format,
            level: None,
            host: None,
            app: None,
            pid: None,
            message: message.into(),
            fields: Vec::new(),
            raw: &[],
        }
    }

    /// The value of a field by name (first occurrence).
    pub fn field(&self, key: &str) -> Option<&Value<'a>> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Text of a top-level attribute (`level`, `host`, `app`, `message`,
    /// `pid`, `ts`) or of a field, for predicates that name either.
    pub fn get_text(&self, key: &str) -> Option<Cow<'_, str>> {
        match key {
            "level" => self.level.map(|l| Cow::Borrowed(l.as_str())),
            "host" => self.host.as_deref().map(Cow::Borrowed),
            "app" => self.app.as_deref().map(Cow::Borrowed),
            "message" | "msg" => Some(Cow::Borrowed(self.message.as_ref())),
            "pid" => self.pid.map(|p| Cow::Owned(p.to_string())),
            "ts" => self.ts.map(|t| Cow::Owned(t.to_rfc3339())),
            _ => self.field(key).map(Value::as_text),
        }
    }
}
