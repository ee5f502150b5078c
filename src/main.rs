//! The `logsift` binary: parse the command line, run, map the result to an
//! exit code. All the work is in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug, but one in a scan worker must not leave the driver
    // waiting forever for a chunk that never comes (found by fuzzing): say
    // what happened and stop the whole process with the error code.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        eprintln!("logsift: internal error (a bug, please report it with the input); stopping");
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
            eprintln!("logsift: {}", logsift::output::sanitize::escape_with(&format!("{e:#}"), false));
            ExitCode::from(2)
        }
    }
}
