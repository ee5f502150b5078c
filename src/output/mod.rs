//! The output layer: the only code that writes to stdout or stderr.
//! Printers for events (text, JSON lines), tables, colour and the progress
//! bar; everything shown on a terminal is escaped by [`sanitize`].

pub mod ci;
pub mod color;
pub mod csv;
pub mod digests;
pub mod findings;
pub mod grep;
pub mod json;
pub mod number;
pub mod progress;
pub mod sanitize;
pub mod stats;
pub mod table;
pub mod timesketch;
pub mod trace;
pub mod view;
