//! What ringflux reads from Gaussian / ORCA output files (energies, thermochemistry, isotropic
//! shieldings per atom, geometry), file by file, like cclib's `ccget`.

use crate::error::InputError;
use crate::io::qc::{self, QcOutput};
use serde::Serialize;
use std::path::PathBuf;

/// One file as reported.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as given.
    pub file: String,
    /// Number of atoms.
    pub natom: usize,
    /// What was read.
    #[serde(flatten)]
    pub output: QcOutput,
}

/// JSON report of `ringflux qc`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One entry per file, in argument order.
    pub files: Vec<FileReport>,
}

/// Reads every file, in order.
pub fn read_all(paths: &[PathBuf]) -> Result<Report, InputError> {
    let mut files = Vec::new();
    for path in paths {
        let output = qc::read(path)?;
        files.push(FileReport {
            file: path.display().to_string(),
            natom: output.atoms.len(),
            output,
        });
    }
    Ok(Report { files })
}
