//! The `attune` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match attune::cli::parse(&args) {
        Ok(args) => attune::cli::run(args),
        Err(usage) => {
            eprintln!("error: {usage}\n\nRun `attune --help` for usage.");
            2
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
