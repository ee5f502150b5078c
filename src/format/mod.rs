//! Log formats: the registry, and per-format parsers.
//!
//! Each format lives in its own module with a `parse` function that turns
//! one line into an [`Event`] or says "not mine" (`None`). Dispatch is a
//! `match` on [`FormatId`], not a trait object, because it runs once per
//! line. Detection (which format a source is in) lives in [`detect`].

pub mod access;
pub mod apache_error;
pub mod detect;
pub mod jsonl;
pub mod leveltext;
pub mod logfmt;
pub mod syslog3164;
pub mod syslog5424;
pub mod time;

use std::fmt;

use std::borrow::Cow;

use crate::event::{Event, Timestamp, Value};
pub use time::ParseCx;

/// Where a format's `visit` (access, logfmt) hands the fields of a line:
/// to what reads them without building an event (`trace --top`). An event
/// is a sink too: `access::parse` fills its fields through the same code.
pub trait FieldSink<'a> {
    /// A field, in the line's order; `value` builds its value (escapes
    /// undone), for the sinks that want it.
    fn push_field(&mut self, key: &'a str, value: impl FnOnce() -> Value<'a>);
    /// Whether a `request_id` field was given already.
    fn has_request_id(&self) -> bool;
}

impl<'a> FieldSink<'a> for Event<'a> {
    #[inline]
    fn push_field(&mut self, key: &'a str, value: impl FnOnce() -> Value<'a>) {
        self.fields.push((Cow::Borrowed(key), value()));
    }

    fn has_request_id(&self) -> bool {
        self.field("request_id").is_some()
    }
}

/// The formats logsift understands, in detection priority order (most
/// specific first: when two formats parse the same sample equally well, the
/// earlier one wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormatId {
    Json,
    Syslog5424,
    Access,
    Syslog,
    ApacheError,
    LevelText,
    Logfmt,
    /// Not a format: a line no parser accepted, kept whole as the message.
    Raw,
}

impl FormatId {
    /// Every real format (not `Raw`), in priority order.
    pub const ALL: [FormatId; 7] = [
        FormatId::Json,
        FormatId::Syslog5424,
        FormatId::Access,
        FormatId::Syslog,
        FormatId::ApacheError,
        FormatId::LevelText,
        FormatId::Logfmt,
    ];

    /// The name used by `--format` and in output.
    pub fn name(self) -> &'static str {
        match self {
            FormatId::Json => "json",
            FormatId::Syslog5424 => "syslog5424",
            FormatId::Access => "access",
            FormatId::Syslog => "syslog",
            FormatId::ApacheError => "apache-error",
            FormatId::LevelText => "leveltext",
            FormatId::Logfmt => "logfmt",
            FormatId::Raw => "raw",
        }
    }

    /// One line saying what the format is.
    pub fn description(self) -> &'static str {
        match self {
            FormatId::Json => {
                "JSON lines; time/level/message found among common keys, nested objects flattened as a.b"
            }
            FormatId::Syslog5424 => "RFC 5424 syslog with structured data",
            FormatId::Access => "Apache/nginx access log (common, combined, trailing extra fields)",
            FormatId::Syslog => "RFC 3164 (BSD) syslog, and rsyslog's high-precision ISO form",
            FormatId::ApacheError => "Apache httpd error log",
            FormatId::LevelText => {
                "ISO-8601 timestamp, LEVEL, [component] message (log4j/logback/Python/Go style)"
            }
            FormatId::Logfmt => "logfmt key=value pairs (Heroku, Go kit, logrus)",
            FormatId::Raw => "no format: the whole line is the message",
        }
    }

    /// A real-shaped example line, shown by `logsift formats` and tested.
    pub fn example(self) -> &'static str {
        match self {
            FormatId::Json => jsonl::EXAMPLE,
            FormatId::Syslog5424 => syslog5424::EXAMPLE,
            FormatId::Access => access::EXAMPLE,
            FormatId::Syslog => syslog3164::EXAMPLE,
            FormatId::ApacheError => apache_error::EXAMPLE,
            FormatId::LevelText => leveltext::EXAMPLE,
            FormatId::Logfmt => logfmt::EXAMPLE,
            FormatId::Raw => "anything at all",
        }
    }

    /// Looks a format up by name (`--format`), with common aliases.
    pub fn from_name(name: &str) -> Option<FormatId> {
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "json" | "jsonl" | "ndjson" | "json-lines" => FormatId::Json,
            "syslog5424" | "rfc5424" | "5424" => FormatId::Syslog5424,
            "access" | "nginx" | "apache" | "combined" | "common" | "clf" => FormatId::Access,
            "syslog" | "rfc3164" | "3164" | "bsd" | "syslog3164" => FormatId::Syslog,
            "apache-error" | "apache_error" | "error_log" => FormatId::ApacheError,
            "leveltext" | "text" | "iso" | "log4j" => FormatId::LevelText,
            "logfmt" => FormatId::Logfmt,
            "raw" | "none" | "plain" => FormatId::Raw,
            _ => return None,
        })
    }

    /// Parses one line in this format; `None` when the line is not in it.
    /// `Raw` accepts everything.
    #[inline]
    pub fn parse<'a>(self, line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
        match self {
            FormatId::Json => jsonl::parse(line, cx),
            FormatId::Syslog5424 => syslog5424::parse(line, cx),
            FormatId::Access => access::parse(line, cx),
            FormatId::Syslog => syslog3164::parse(line, cx),
            FormatId::ApacheError => apache_error::parse(line, cx),
            FormatId::LevelText => leveltext::parse(line, cx),
            FormatId::Logfmt => logfmt::parse(line, cx),
            FormatId::Raw => Some(Event::new(FormatId::Raw, line)),
        }
    }

    /// What [`FormatId::parse`] would give as the event's timestamp (outer
    /// `None`: not in this format), by the cheaper route where the format
    /// has one (the part of the parser that decides acceptance, without
    /// the fields). `timeline` keys every record with it.
    #[inline]
    pub fn timestamp(self, line: &str, cx: &ParseCx) -> Option<Option<Timestamp>> {
        match self {
            FormatId::Access => access::timestamp(line, cx),
            FormatId::Syslog => syslog3164::timestamp(line, cx),
            FormatId::LevelText => leveltext::timestamp(line, cx),
            FormatId::Logfmt => logfmt::timestamp(line, cx),
            FormatId::Json => jsonl::timestamp(line, cx),
            FormatId::Raw => Some(None),
            _ => self.parse(line, cx).map(|ev| ev.ts),
        }
    }

    /// Whether a line that this format cannot parse, following one that it
    /// did, is a continuation (stack trace, traceback, wrapped text) of that
    /// record. Line-per-record formats (JSON, access, logfmt, 5424) say no.
    pub fn has_continuations(self) -> bool {
        matches!(self, FormatId::Syslog | FormatId::ApacheError | FormatId::LevelText)
    }
}

impl fmt::Display for FormatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl std::str::FromStr for FormatId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FormatId::from_name(s).ok_or_else(|| {
            let names: Vec<_> = FormatId::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format '{s}' (known: {}, raw)", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_parses_in_its_own_format() {
        let cx = ParseCx::utc_now();
        for f in FormatId::ALL {
            let ev = f.parse(f.example(), &cx);
            assert!(ev.is_some(), "{} does not parse its own example", f.name());
            let ev = ev.unwrap();
            assert!(ev.ts.is_some(), "{} example has no timestamp", f.name());
            assert_eq!(ev.format, f);
        }
    }

    #[test]
    fn names_round_trip() {
        for f in FormatId::ALL {
            assert_eq!(FormatId::from_name(f.name()), Some(f));
        }
    }
}
