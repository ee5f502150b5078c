//! Terminal tables (comfy-table) shared by the summary commands.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use crate::output::sanitize::escape_with;

/// A table with logsift's house style, headed by `header`. Cells are
/// escaped: they often hold file names or log text.
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(|h| h.to_string()));
    t
}

/// Escapes a cell's text for the terminal.
pub fn cell(s: &str) -> String {
    escape_with(s, false).into_owned()
}
