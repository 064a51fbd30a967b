//! The `gangmu` binary: parse the command line and hand over to the library.
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match gangmu::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            if e.use_stderr() {
                // A usage error may echo an argument: as one safe message, without colour,
                // each line with its controls as pictures and cut.
                let text = e.to_string();
                let mut err = std::io::stderr().lock();
                for line in text.lines() {
                    let _ = writeln!(err, "{}", gangmu::shown::one_line(line));
                }
            } else {
                // Help and version go to stdout (exit 0).
                let _ = e.print();
            }
            return ExitCode::from(code);
        }
    };
    match gangmu::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let status = gangmu::commands::exit_status(&e);
            if e.downcast_ref::<gangmu::commands::Stopped>().is_none() {
                // Not `eprintln!`: it panics when stderr is gone (a terminal that hung up).
                let _ = writeln!(
                    std::io::stderr(),
                    "gangmu: {}",
                    gangmu::shown::error_line(&e)
                );
            }
            ExitCode::from(status)
        }
    }
}
