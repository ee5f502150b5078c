//! Placeholder: the syslog5424 parser is being written.

use crate::event::Event;
use crate::format::ParseCx;

/// A real-shaped example line.
pub const EXAMPLE: &str = "";

/// Parses one line; `None` when it is not in this format.
pub fn parse<'a>(_line: &'a str, _cx: &ParseCx) -> Option<Event<'a>> {
    None
}
