//! What can go wrong in a command, and the exit code it maps to.
//!
//! Exit codes: 0 success; 2 usage or input error (`error: <place>: <what>` on stderr);
//! 1 anything else (an output file that cannot be written, an internal failure).

use std::fmt;
use std::path::Path;

/// A problem with the user's input: a file, a line in it, a field, or a command-line flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where: `file:line`, `file`, or `--flag`.
    pub place: String,
    /// What was wrong, in words a chemist understands, naming the field where there is one.
    pub what: String,
}

impl InputError {
    /// An error at line `line` (1-based) of `file`.
    pub fn at(file: &Path, line: u64, what: impl Into<String>) -> Self {
        Self {
            place: format!("{}:{line}", file.display()),
            what: what.into(),
        }
    }
    /// An error about a whole file (cannot be opened, is empty, ...).
    pub fn file(file: &Path, what: impl Into<String>) -> Self {
        Self {
            place: file.display().to_string(),
            what: what.into(),
        }
    }
    /// An error about a command-line flag, e.g. `--tc-k`.
    pub fn arg(flag: &str, what: impl Into<String>) -> Self {
        Self {
            place: flag.to_string(),
            what: what.into(),
        }
    }
    /// A core validation error, reported against the flag named like the core parameter
    /// (`tc_k` → `--tc-k`); core parameter names and flag names are kept identical on purpose.
    pub fn from_core(e: ringflux_core::Error) -> Self {
        Self::arg(&flag_for(e.parameter()), core_message(e))
    }
    /// A core validation error reported against `flag`, for commands whose flag for an input
    /// differs from the core's parameter (e.g. `--dnu-ppm` feeding `dnu_hz`).
    pub fn core_as(flag: &str, e: ringflux_core::Error) -> Self {
        Self::arg(flag, core_message(e))
    }
    /// A core validation error about a value read at `file:line`, naming the CSV column.
    pub fn core_at(file: &Path, line: u64, e: ringflux_core::Error) -> Self {
        Self::at(
            file,
            line,
            format!("{}: {}", field_for(e.parameter()), core_message(e)),
        )
    }
}

/// The input field (CSV column, and flag without `--`) that carries a core parameter: the same
/// name, except for the few the CLI spells differently.
pub fn field_for(parameter: &str) -> &str {
    match parameter {
        "t_k" => "temp_k",
        "p_major" => "pop_major",
        "dnu0_hz" => "dnu_hz",
        p => p,
    }
}

/// The command-line flag of an input field: `--` and the field in kebab case.
pub fn flag_of(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// The command-line flag that carries a core parameter.
fn flag_for(parameter: &str) -> String {
    flag_of(field_for(parameter))
}

/// The core error's message without its parameter prefix (the caller names the place).
pub fn core_message(e: ringflux_core::Error) -> String {
    let s = e.to_string();
    let prefix = format!("{}: ", e.parameter());
    s.strip_prefix(&prefix).map(str::to_string).unwrap_or(s)
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.what)
    }
}

impl std::error::Error for InputError {}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad input or usage: exit code 2.
    #[error("{0}")]
    Input(#[from] InputError),
    /// Anything else (I/O on output, internal): exit code 1.
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Other(_) => 1,
        }
    }

    /// Whether writing the output failed because its reader closed the pipe.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Failure::Input(_) => false,
            Failure::Other(e) => e.chain().any(|c| {
                let io = c.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
                // serde_json wraps the io::Error and does not expose it as a source.
                let json = c
                    .downcast_ref::<serde_json::Error>()
                    .and_then(|j| j.io_error_kind());
                io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
            }),
        }
    }
}

/// Result of a command.
pub type CmdResult<T> = Result<T, Failure>;
