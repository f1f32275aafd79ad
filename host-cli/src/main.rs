//! `ringflux`: see `ringflux --help`. Exit codes: 0 success, 2 usage or input error, 1 other.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ringflux_cli::Cli::parse();
    let result = ringflux_cli::run(&cli).and_then(|out| {
        out.emit(cli.json, &mut std::io::stdout().lock())
            .map_err(ringflux_cli::error::Failure::from)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of stdout stopped reading (`ringflux … | head`): nothing left to tell.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
