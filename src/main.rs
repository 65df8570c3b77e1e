//! The `attune` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = match attune::cli::parse_from(std::env::args_os()) {
        Ok(args) => attune::cli::run(args),
        // Help and version go to stdout with 0, usage errors to stderr
        // with 2.
        Err(e) => {
            let _ = e.print();
            e.exit_code()
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
