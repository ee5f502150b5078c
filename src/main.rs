//! The `logsift` binary: parse the command line, run, map the result to an
//! exit code. All the work is in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug, but one in a scan worker must not leave the driver
    // waiting forever for a chunk that never comes (found by fuzzing): say
    // what happened and stop the whole process with the error code.
    // (`eprintln!` would panic again, inside the hook, when stderr cannot
    // be written, say to a full disk: an abort instead of exit 2.)
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        let msg = "logsift: internal error (a bug, please report it with the input); stopping";
        let _ = writeln!(std::io::stderr(), "{msg}");
        std::process::exit(2);
    }));
    let cli = logsift::cli::Cli::parse();
    match logsift::cmd::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            // A closed pipe (`logsift ... | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let text = format!("{e:#}");
            let msg = logsift::output::sanitize::escape_with(&text, false);
            // Not `eprintln!`: it panics when stderr cannot be written.
            let _ = writeln!(std::io::stderr(), "logsift: {msg}");
            ExitCode::from(2)
        }
    }
}
