//! The `gangmu` binary: parse the command line and hand over to the library.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match gangmu::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match gangmu::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gangmu: {e:#}");
            ExitCode::from(1)
        }
    }
}
