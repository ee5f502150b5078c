//! Options of `logsift generate`: shell completions and the man page, made
//! from the same clap definition as the command line itself.

use clap::{Args, ValueEnum};

/// `logsift --version`: the package version and the git revision it was
/// built from.
pub const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (rev ", env!("LOGSIFT_GIT_REV"), ")");

/// Options of `logsift generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to print on stdout: the man page (roff) or a shell's completions.
    #[arg(value_enum, value_name = "WHAT")]
    pub what: Generated,
}

/// What `logsift generate` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    /// The man page, `logsift.1` (roff): `logsift generate man | man -l -`.
    Man,
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl Generated {
    /// The file under `completions/` that holds this shell's script.
    pub fn completion_file(self) -> Option<&'static str> {
        match self {
            Generated::Man => None,
            Generated::Bash => Some("logsift.bash"),
            Generated::Zsh => Some("_logsift"),
            Generated::Fish => Some("logsift.fish"),
            Generated::Powershell => Some("_logsift.ps1"),
            Generated::Elvish => Some("logsift.elv"),
        }
    }
}
