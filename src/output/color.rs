//! Whether to colour output: `--color`, `NO_COLOR`, and whether stdout is
//! a terminal — decided once, here.

use std::io::IsTerminal;

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// Resolves `--color` against the environment (`NO_COLOR`, see
/// <https://no-color.org>) and whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// ANSI SGR sequences used by the printers (only written when colour is on).
pub mod paint {
    use crate::event::Level;

    pub const RESET: &str = "\x1b[0m";
    /// File names (magenta, as ripgrep).
    pub const SOURCE: &str = "\x1b[35m";
    /// Line numbers (green, as ripgrep).
    pub const LINE: &str = "\x1b[32m";
    /// Search matches (bold red).
    pub const MATCH: &str = "\x1b[1;31m";
    /// Timestamps (cyan).
    pub const TIME: &str = "\x1b[36m";
    /// Dimmed text (continuations, notes).
    pub const DIM: &str = "\x1b[2m";

    /// The colour of a level: red for error and above, yellow for warn,
    /// plain-ish for the rest.
    pub fn level(l: Level) -> &'static str {
        match l {
            Level::Trace | Level::Debug => "\x1b[2m",
            Level::Info => "\x1b[34m",
            Level::Notice => "\x1b[1;34m",
            Level::Warn => "\x1b[33m",
            Level::Error => "\x1b[1;31m",
            Level::Crit | Level::Alert | Level::Emerg => "\x1b[1;37;41m",
        }
    }

    /// One of a cycle of distinct colours for the n-th source (timeline tags).
    pub fn source(n: usize) -> &'static str {
        const CYCLE: [&str; 6] = ["\x1b[36m", "\x1b[35m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[91m"];
        CYCLE[n % CYCLE.len()]
    }
}
