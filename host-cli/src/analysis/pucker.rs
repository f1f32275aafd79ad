//! `ringflux pucker FILE...`: Cremer–Pople coordinates, torsions, conformation and amide rotamer
//! of every ring (5–8 atoms) in every structure of the given files.
//!
//! Files are streamed and each structure's report is spooled ([`crate::report::spool`]) as it is made,
//! then copied to stdout once every file was read: memory does not grow with the number of
//! structures, and an input error leaves stdout empty. In the JSON the `structures` array holds
//! one structure per line.

use crate::chem::conformation::{self, AmideReport, RingReport};
use crate::chem::perceive::Graph;
use crate::error::{CmdResult, InputError};
use crate::io::structure::{Molecule, Records, Skipped};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One ring of one structure.
#[derive(Debug, Clone, Serialize)]
pub struct RingOut {
    /// Puckering.
    #[serde(flatten)]
    pub ring: RingReport,
    /// The N-acyl amide on atom 1, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amide: Option<AmideReport>,
}

/// One structure.
#[derive(Debug, Clone, Serialize)]
pub struct StructureOut {
    /// File.
    pub file: String,
    /// Record number in the file (1-based).
    pub index: usize,
    /// Line where the record starts.
    pub line: u64,
    /// Title.
    pub name: String,
    /// Rings of 5–8 atoms (N-acyl rings first), or the `--ring`.
    pub rings: Vec<RingOut>,
}

/// JSON report of `ringflux pucker`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Structures analysed.
    pub structures: Vec<StructureOut>,
    /// Skipped records (with `--keep-going`).
    #[serde(flatten)]
    pub skipped: Skipped,
}

/// Analyses all rings of one structure.
pub fn analyse(
    path: &Path,
    mol: &Molecule,
    ring: Option<&[usize]>,
) -> Result<StructureOut, InputError> {
    let at =
        |what: String| InputError::at(path, mol.line, format!("structure {}: {what}", mol.index));
    let g = Graph::of(mol);
    let rings = conformation::rings_of(&g, ring).map_err(|e| at(format!("--ring: {e}")))?;
    let mut out = Vec::with_capacity(rings.len());
    for r in &rings {
        let ring = conformation::ring_report(mol, r)
            .map_err(|e| at(format!("ring {}: {e}", r.labels.join("-"))))?;
        let amide = conformation::amide_report(mol, r).map_err(|e| at(format!("amide: {e}")))?;
        out.push(RingOut { ring, amide });
    }
    Ok(StructureOut {
        file: path.display().to_string(),
        index: mol.index,
        line: mol.line,
        name: mol.title.clone(),
        rings: out,
    })
}

/// Reads the files and hands each structure's report to `each`, in file order; returns the
/// skipped records.
pub fn for_each(
    files: &[PathBuf],
    ring: Option<&[usize]>,
    keep_going: bool,
    mut each: impl FnMut(StructureOut) -> anyhow::Result<()>,
) -> CmdResult<Skipped> {
    let mut skipped = Skipped::default();
    for path in files {
        for rec in Records::open(path)? {
            match rec.and_then(|m| analyse(path, &m, ring)) {
                Ok(s) => each(s)?,
                Err(e) if keep_going => skipped.push(&e),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(skipped)
}

/// Reads and analyses the files into one report held in memory.
pub fn compute(files: &[PathBuf], ring: Option<&[usize]>, keep_going: bool) -> CmdResult<Report> {
    let mut structures = Vec::new();
    let skipped = for_each(files, ring, keep_going, |s| {
        structures.push(s);
        Ok(())
    })?;
    Ok(Report {
        structures,
        skipped,
    })
}
