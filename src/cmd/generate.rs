//! `logsift generate`: print the man page or a shell's completion script,
//! generated from the clap definition so they never drift from the real
//! options (the committed `completions/` files are checked by tests/cli.rs).

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs, Generated};
use crate::exit::Exit;

/// Runs `logsift generate`.
pub fn run(args: &GenerateArgs) -> Result<Exit> {
    let mut out = Vec::new();
    render(args.what, &mut out)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(Exit::Ok)
}

/// Writes the man page or completion script for `what` into `out`.
pub fn render(what: Generated, out: &mut Vec<u8>) -> Result<()> {
    let mut cmd = Cli::command();
    let shell = match what {
        Generated::Man => {
            cmd = cmd.version(crate::cli::generate::LONG_VERSION);
            clap_mangen::Man::new(cmd.clone()).render(out)?;
            // One section per subcommand, with its long help (examples).
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                writeln!(out, ".SH \"LOGSIFT {}\"", sub.get_name().to_uppercase())?;
                let help = sub
                    .clone()
                    .bin_name(format!("logsift {}", sub.get_name()))
                    .render_long_help()
                    .to_string();
                writeln!(out, ".nf")?;
                for line in help.lines() {
                    // roff: a leading dot or quote starts a request; backslash escapes.
                    let line = line.replace('\\', "\\e");
                    let line = if line.starts_with('.') || line.starts_with('\'') {
                        format!("\\&{line}")
                    } else {
                        line
                    };
                    writeln!(out, "{line}")?;
                }
                writeln!(out, ".fi")?;
            }
            return Ok(());
        }
        Generated::Bash => Shell::Bash,
        Generated::Zsh => Shell::Zsh,
        Generated::Fish => Shell::Fish,
        Generated::Powershell => Shell::PowerShell,
        Generated::Elvish => Shell::Elvish,
    };
    clap_complete::generate(shell, &mut cmd, "logsift", out);
    Ok(())
}
