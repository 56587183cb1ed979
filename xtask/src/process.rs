//! Running external commands with errors that say which command failed.

use std::process::{Command, ExitCode, ExitStatus, Output};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Runs `cmd` with inherited stdio; an error unless it exits with status 0.
pub fn run(cmd: &mut Command) -> Result {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed: {status}", describe(cmd)).into())
    }
}

/// Runs `cmd` with its output captured; on failure the error carries that output.
pub fn output(cmd: &mut Command) -> Result<Output> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot start {}: {e}", describe(cmd)))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{} failed: {}\n{}{}",
            describe(cmd),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into())
    }
}

/// The command line, for messages.
pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|s| s.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Passes a child's exit status on as ours.
pub fn exit_code(status: ExitStatus) -> ExitCode {
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}
