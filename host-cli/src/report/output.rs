//! What a command produces, and how it reaches the user: one JSON object or human text on stdout,
//! and output files written only after the whole command succeeded (each atomically, via a
//! temporary file in the same folder and a rename), so a failure leaves nothing half-written.

use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a report that is too large to hold, or produced interactively, straight to stdout.
pub type Stream = Box<dyn FnOnce(&mut dyn Write) -> anyhow::Result<()>>;

/// Output files: path and contents.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// The result of a command, ready to print.
#[derive(Default)]
pub struct Output {
    /// The one JSON object printed with `--json`.
    pub json: serde_json::Value,
    /// The human-readable report printed otherwise.
    pub human: String,
    /// Files to write (plots, CSV, generated inputs) once everything else succeeded.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// A report streamed to stdout instead of `json`/`human` (spooled reports, a protocol
    /// session): still written by [`Output::emit`], the one writer of stdout.
    pub stream: Option<Stream>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("json", &self.json)
            .field("human", &self.human)
            .field("files", &self.files.len())
            .field("stream", &self.stream.is_some())
            .finish()
    }
}

impl Output {
    /// An output from a serialisable report and its human rendering.
    pub fn new(report: &impl Serialize, human: String) -> anyhow::Result<Self> {
        Ok(Self {
            json: serde_json::to_value(report)?,
            human,
            files: Vec::new(),
            stream: None,
        })
    }

    /// Adds a file to be written after success.
    pub fn with_file(mut self, path: PathBuf, bytes: Vec<u8>) -> Self {
        self.files.push((path, bytes));
        self
    }

    /// Adds several files to be written after success.
    pub fn with_files(mut self, files: Files) -> Self {
        self.files.extend(files);
        self
    }

    /// An output that `write` streams to stdout.
    pub fn stream(write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()> + 'static) -> Self {
        Self {
            stream: Some(Box::new(write)),
            ..Self::default()
        }
    }

    /// Writes the files, then prints the stream, or JSON or human text, to `stdout`.
    pub fn emit(self, json: bool, stdout: &mut impl Write) -> anyhow::Result<()> {
        write_all_atomic(&self.files)?;
        if let Some(write) = self.stream {
            let mut out = std::io::BufWriter::new(stdout);
            write(&mut out)?;
            out.flush()?;
            return Ok(());
        }
        if self.json.is_null() && self.human.is_empty() {
            return Ok(());
        }
        if json {
            let mut text = serde_json::to_vec_pretty(&self.json)?;
            text.push(b'\n');
            stdout.write_all(&text)?;
        } else {
            write!(stdout, "{}", self.human)?;
            if !self.human.ends_with('\n') {
                writeln!(stdout)?;
            }
        }
        stdout.flush()?;
        Ok(())
    }
}

/// Writes every file to a temporary sibling first and renames only when all were written.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for (path, bytes) in files {
            let tmp = temp_sibling(path);
            std::fs::write(&tmp, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            staged.push((tmp, path));
        }
        for (tmp, path) in &staged {
            std::fs::rename(tmp, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// The second figure of a `--plot` file: `out.svg` → `out-SUFFIX.svg` in the same folder.
pub fn sibling_svg(p: &Path, suffix: &str) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    p.with_file_name(format!("{stem}-{suffix}.svg"))
}

fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.ringflux-{}.tmp", std::process::id()))
}
