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

    /// The colour of a level: red for error and above (bold from crit),
    /// yellow for warn, green for info, dim below. Shared by every printer
    /// so a level looks the same in filter, timeline and trace output.
    pub fn level(l: Level) -> &'static str {
        match l {
            Level::Trace | Level::Debug => "\x1b[2m",
            Level::Info => "\x1b[32m",
            Level::Notice => "\x1b[36m",
            Level::Warn => "\x1b[33m",
            Level::Error => "\x1b[31m",
            Level::Crit | Level::Alert | Level::Emerg => "\x1b[1;31m",
        }
    }

    /// Colours cycled through for source tags (bold variants of the six
    /// non-grey ANSI colours, then the plain ones).
    const SOURCES: [&str; 12] = [
        "\x1b[1;36m",
        "\x1b[1;35m",
        "\x1b[1;32m",
        "\x1b[1;33m",
        "\x1b[1;34m",
        "\x1b[1;31m",
        "\x1b[36m",
        "\x1b[35m",
        "\x1b[32m",
        "\x1b[33m",
        "\x1b[34m",
        "\x1b[31m",
    ];

    /// The colour of the n-th source's tag (timeline, trace).
    pub fn source(n: usize) -> &'static str {
        SOURCES[n % SOURCES.len()]
    }
}
