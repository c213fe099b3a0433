//! Printing results and failures, in text or JSON.

use std::io::Write;
use std::process::ExitCode;

use hashira_core::{Error, ErrorPayload};
use serde::Serialize;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The operation failed; nothing was changed beyond what the message says.
    Error(ErrorPayload),
    /// `verify` ran and found problems (already printed).
    ProblemsFound,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Error(error.payload())
    }
}

impl From<ErrorPayload> for Failure {
    fn from(payload: ErrorPayload) -> Self {
        Failure::Error(payload)
    }
}

/// Writes one line to stdout. A closed pipe (`hashira log | head`) ends the program quietly
/// instead of panicking, as command-line tools are expected to.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
    {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(std::io::stderr(), "hashira: cannot write output: {error}");
        std::process::exit(1);
    }
}

#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::write_line(format_args!($($arg)*)) };
}

/// Streams `value` as pretty JSON to stdout through a buffer: a 10,000-question review is
/// ~70 MB of JSON, and building it as one string first cost more than the reading (its memory
/// zeroed and copied as it grew). A closed pipe ends quietly, as in [`write_line`].
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut stdout, value)
        .map_err(|e| match e.io_error_kind() {
            Some(kind) => std::io::Error::from(kind),
            None => std::io::Error::other(e),
        })
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(error) => Err(Failure::Error(ErrorPayload {
            code: hashira_core::ErrorCode::Io,
            message: format!("cannot write JSON output: {error}"),
            details: serde_json::Value::Null,
        })),
    }
}

pub fn report_failure(failure: &Failure, json: bool) -> ExitCode {
    match failure {
        Failure::ProblemsFound => ExitCode::from(3),
        Failure::Error(payload) => {
            let mut stderr = std::io::stderr().lock();
            if json {
                let text = serde_json::to_string(payload).unwrap_or_else(|_| {
                    format!("{{\"code\":\"{}\",\"message\":\"\"}}", payload.code)
                });
                let _ = writeln!(stderr, "{text}");
            } else {
                let _ = writeln!(
                    stderr,
                    "hashira: error [{}]: {}",
                    payload.code, payload.message
                );
                // An unknown choice: the question's choices to pick from, id and title.
                if let Some(choices) = payload.details["choices"].as_array() {
                    let question = payload.details["question_id"].as_str().unwrap_or("");
                    let _ = writeln!(stderr, "choices of {question}:");
                    for choice in choices {
                        let _ = writeln!(
                            stderr,
                            "  {:<16} {}",
                            choice["id"].as_str().unwrap_or(""),
                            choice["title"].as_str().unwrap_or("")
                        );
                    }
                }
            }
            ExitCode::from(1)
        }
    }
}

/// Human-readable byte size: 1,234 B / 12.3 KB / 4.5 MB.
pub fn format_size(bytes: i64) -> String {
    let bytes = bytes as f64;
    if bytes < 1024.0 {
        format!("{bytes} B")
    } else if bytes < 1024.0 * 1024.0 {
        format!("{:.1} KB", bytes / 1024.0)
    } else {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    }
}
