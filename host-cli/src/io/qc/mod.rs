//! Readers for quantum-chemistry output files (Gaussian 16, ORCA 5): final SCF energy,
//! thermochemistry, isotropic GIAO shieldings per atom, and the final geometry — what cclib's
//! `ccget` shows for the same files (`../shared/data/qc/expected_cclib.json`).
//!
//! A file that stops before the program's normal-termination line (cut off, still running,
//! crashed) is an error naming the file and its last line; a table that stops part-way is an
//! error naming the line where the table starts. Nothing is guessed.

mod gaussian;
mod orca;

use crate::error::InputError;
use crate::io::structure::Element;
use serde::Serialize;
use std::path::Path;

/// The program that wrote an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Program {
    /// Gaussian (09/16).
    Gaussian,
    /// ORCA (5.x).
    Orca,
}

/// One atom of the final geometry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Atom {
    /// 1-based atom number, as chemists count (Gaussian's "Center Number"; ORCA's index + 1).
    pub index: usize,
    /// Element symbol.
    pub element: String,
    /// Atomic number.
    pub atomic_number: u32,
    /// Cartesian coordinates, Å.
    pub xyz_angstrom: [f64; 3],
    /// Isotropic shielding σ_iso, ppm (absent when the file has no NMR result for this atom).
    pub isotropic_shielding_ppm: Option<f64>,
    /// A ghost or dummy atom (Gaussian `Bq`, atomic number 0; ORCA `-`/`DA`): kept so atom
    /// numbers match the file, with atomic number 0; it has no nucleus and no bonds.
    pub ghost: bool,
    /// ORCA embedding point (`Ca>`: an embedding potential, not a QM atom).
    pub embedding: bool,
}

/// Everything read from one output file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QcOutput {
    /// Which program wrote it.
    pub program: Program,
    /// Program version as printed.
    pub version: Option<String>,
    /// Method as stated in the input (Gaussian route section, ORCA `!` lines).
    pub method: Option<String>,
    /// Final SCF (electronic) energy, hartree, as cclib's `scfenergies[-1]`: Gaussian's last
    /// `SCF Done` (for counterpoise jobs the full system's at the last geometry; null for ONIOM,
    /// whose `SCF Done` lines are sub-layers); ORCA's last SCF `Total Energy` plus the
    /// `Dispersion correction` printed after it. Post-HF, TD-DFT and gCP terms are not in it.
    pub scf_energy_hartree: Option<f64>,
    /// ORCA's last `FINAL SINGLE POINT ENERGY`: the method's total (MP2, CCSD(T), the TD-DFT
    /// root, HF-3c with gCP, …), hartree.
    pub final_single_point_energy_hartree: Option<f64>,
    /// MP2 total energy, hartree, under one key for both programs: Gaussian's `EUMP2` (for
    /// counterpoise jobs the full system's at the last geometry, as for the SCF energy), ORCA's
    /// last `MP2 TOTAL ENERGY`.
    pub mp2_energy_hartree: Option<f64>,
    /// Gaussian ONIOM: the last `ONIOM: extrapolated energy`, hartree.
    pub oniom_extrapolated_energy_hartree: Option<f64>,
    /// Gaussian counterpoise: the last `Counterpoise corrected energy`, hartree.
    pub counterpoise_corrected_energy_hartree: Option<f64>,
    /// Gibbs free energy G = E + G_corr at `temperature_k`, hartree.
    pub free_energy_hartree: Option<f64>,
    /// Enthalpy H = E + H_corr, hartree.
    pub enthalpy_hartree: Option<f64>,
    /// Zero-point vibrational energy, hartree.
    pub zpve_hartree: Option<f64>,
    /// Temperature of the thermochemistry, K.
    pub temperature_k: Option<f64>,
    /// Final geometry, with shieldings where computed.
    pub atoms: Vec<Atom>,
}

impl QcOutput {
    /// Nothing read yet from a file of `program`.
    pub(crate) fn empty(program: Program) -> Self {
        Self {
            program,
            version: None,
            method: None,
            scf_energy_hartree: None,
            final_single_point_energy_hartree: None,
            mp2_energy_hartree: None,
            oniom_extrapolated_energy_hartree: None,
            counterpoise_corrected_energy_hartree: None,
            free_energy_hartree: None,
            enthalpy_hartree: None,
            zpve_hartree: None,
            temperature_k: None,
            atoms: Vec::new(),
        }
    }

    /// Whether any atom has a shielding.
    pub fn has_shieldings(&self) -> bool {
        self.atoms
            .iter()
            .any(|a| a.isotropic_shielding_ppm.is_some())
    }
}

/// Which energy weights the conformers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnergyKind {
    /// Final SCF (electronic) energy.
    Scf,
    /// Gibbs free energy from a frequency calculation.
    Free,
}

/// Reads a Gaussian or ORCA output file (recognised by its banner).
pub fn read(path: &Path) -> Result<QcOutput, InputError> {
    let bytes = crate::io::limits::read_bytes(path)?;
    let text = String::from_utf8_lossy(&bytes);
    parse(path, &text)
}

/// Parses output text; `path` names it in messages.
pub fn parse(path: &Path, text: &str) -> Result<QcOutput, InputError> {
    let lines: Vec<&str> = text.lines().collect();
    match detect(&lines) {
        Some(Program::Gaussian) => gaussian::parse(path, &lines),
        Some(Program::Orca) => orca::parse(path, &lines),
        None => Err(InputError::at(
            path,
            1,
            "not a Gaussian or ORCA output file (no program banner in its first 200 lines)",
        )),
    }
}

/// Recognises the program from its banner.
pub fn detect(lines: &[&str]) -> Option<Program> {
    lines.iter().take(200).find_map(|l| {
        if l.contains("Entering Gaussian System")
            || ["Gaussian 16:", "Gaussian 09:", "Gaussian 03:"]
                .iter()
                .any(|v| l.trim_start().starts_with(v))
        {
            Some(Program::Gaussian)
        } else if l.contains("* O   R   C   A *") {
            Some(Program::Orca)
        } else {
            None
        }
    })
}

/// A line of the file with its 1-based number.
pub(crate) type Numbered<'a> = (u64, &'a str);

/// The lines with 1-based numbers.
pub(crate) fn numbered<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = Numbered<'a>> + 'a {
    lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, *l))
}

/// The first number in `s` after `key` (e.g. `"Temperature"` in `"Temperature   298.150 Kelvin."`).
pub(crate) fn number_after(s: &str, key: &str) -> Option<f64> {
    let rest = &s[s.find(key)? + key.len()..];
    rest.split(|c: char| c.is_whitespace() || c == '=')
        .filter(|t| !t.is_empty() && *t != "...")
        .find_map(crate::io::table::parse_finite)
}

/// A required number on line `n`, or an error naming the file and line.
pub(crate) fn require(
    path: &Path,
    (n, line): Numbered,
    key: &str,
    what: &str,
) -> Result<f64, InputError> {
    number_after(line, key)
        .ok_or_else(|| InputError::at(path, n, format!("{what}: no number after '{key}'")))
}

/// Whether the run finished: the last line holding `marker` (normal termination) comes after
/// every line holding one of `restarts` (a new job step, an error termination). Text after the
/// termination line that is none of these (a batch system's job footer, `formchk` output) does
/// not make a finished run look cut off.
pub(crate) fn finished(lines: &[&str], marker: &str, restarts: &[&str]) -> bool {
    let last = |pred: &dyn Fn(&str) -> bool| lines.iter().rposition(|l| pred(l));
    match last(&|l| l.contains(marker)) {
        Some(t) => last(&|l| restarts.iter().any(|r| l.contains(r))).is_none_or(|r| r < t),
        None => false,
    }
}

/// Error for a file that ends before the program's normal-termination line.
pub(crate) fn cut_off(path: &Path, lines: &[&str], marker: &str) -> InputError {
    InputError::at(
        path,
        lines.len() as u64,
        format!(
            "output ends here without '{marker}': the run was cut off, is still running, or failed"
        ),
    )
}

/// Atomic number of an element symbol (case-insensitive; the table of [`Element`]).
pub fn atomic_number(symbol: &str) -> Option<u32> {
    let s = symbol.trim();
    if s.is_empty() || s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Element::parse(s).map(|e| u32::from(e.number()))
}

/// Element symbol of an atomic number.
pub fn element_symbol(z: u32) -> Option<&'static str> {
    u8::try_from(z)
        .ok()
        .and_then(|z| Element::parse(&z.to_string()))
        .map(Element::symbol)
}
