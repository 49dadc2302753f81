//! The pager the AWS CLI v2 pipes terminal output through: `AWS_PAGER`, the profile's `cli_pager`,
//! `PAGER`, else `less` with `LESS=FRX` (quit if one screen, keep colors, no screen clearing).
use crate::error::CliError;
use std::io::Write;
use std::process::{Command, Stdio};

pub fn write(text: &str, pager: Option<&str>) -> Result<(), CliError> {
    if text.is_empty() {
        return Ok(());
    }
    if let Some(cmd) = pager {
        let mut command = Command::new("sh");
        command.arg("-c").arg(cmd).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        // A pager that can't start (not installed) falls back to plain stdout.
        if let Ok(mut child) = command.spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                // The reader quitting early (q in less) closes the pipe: not an error.
                let _ = stdin.write_all(text.as_bytes());
            }
            let status = child
                .wait()
                .map_err(|e| CliError::Other(format!("pager {cmd}: {e}")))?;
            // 127: the shell found no such pager; the text has not been shown anywhere yet.
            if status.code() != Some(127) {
                return Ok(());
            }
        }
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| CliError::Other(format!("writing output: {e}"))),
    }
}
