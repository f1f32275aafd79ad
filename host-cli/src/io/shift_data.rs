//! Readers for shift-validation inputs: experimental shift lists with an assignment column, and
//! per-conformer shieldings from a QC output file, a CSV, or the JSON that `ringflux qc --json`
//! prints for one file.
//!
//! Experimental CSV (`--exp`), one row per signal:
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `nucleus` | yes | `13C` or `1H` (also `C`, `H`) |
//! | `shift_ppm` | yes | experimental shift δ, ppm |
//! | `atoms` | yes | assignment: 1-based atom numbers of the structure, separated by spaces or `;` (several = averaged, e.g. a methyl group) |
//! | `label` | no | name of the signal (e.g. `C2`, `H7a`) |
//! | `sp2` | no | `true`/`x`/`1` for sp² carbons and protons on sp² carbons (DP4+ unscaled rows) |
//! | `interchange` | no | integer id; rows sharing a non-zero id are interchangeable (diastereotopic pairs): calc and exp are paired in ascending order |
//!
//! Conformer CSV: `atom,element,shielding_ppm` (1-based atom numbers, every atom from 1 to n once)
//! and optional `scf_energy_hartree`, `free_energy_hartree` columns (same value on every row that
//! fills them).

use crate::error::InputError;
use crate::io::qc::{self, EnergyKind, QcOutput};
use crate::io::table;
use ringflux_core::dp4::Nucleus;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One experimental signal.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpRow {
    /// 1-based line in the file.
    pub line: u64,
    /// Signal name (the row number when the file has none).
    pub label: String,
    /// ¹³C or ¹H.
    pub nucleus: Nucleus,
    /// Experimental shift, ppm.
    pub shift_ppm: f64,
    /// Assigned atoms, 1-based.
    pub atoms: Vec<usize>,
    /// sp² carbon, or proton on an sp² carbon.
    pub sp2: Option<bool>,
    /// Interchangeable group id (0: none).
    pub interchange: u32,
}

/// Name of a nucleus as users write it.
pub fn nucleus_name(n: Nucleus) -> &'static str {
    match n {
        Nucleus::C13 => "13C",
        Nucleus::H1 => "1H",
    }
}

/// Element symbol a nucleus belongs to.
pub fn nucleus_element(n: Nucleus) -> &'static str {
    match n {
        Nucleus::C13 => "C",
        Nucleus::H1 => "H",
    }
}

/// Parses `13C`/`C`/`1H`/`H`.
pub fn parse_nucleus(s: &str) -> Result<Nucleus, String> {
    match s.trim().to_ascii_uppercase().as_str() {
        "13C" | "C" | "C13" => Ok(Nucleus::C13),
        "1H" | "H" | "H1" => Ok(Nucleus::H1),
        _ => Err(format!("unknown nucleus '{s}' (use 13C or 1H)")),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "x" | "1" | "sp2" => Some(true),
        "false" | "no" | "" | "0" | "sp3" => Some(false),
        _ => None,
    }
}

/// Reads an experimental shift list.
pub fn read_exp(path: &Path) -> Result<Vec<ExpRow>, InputError> {
    let rows = table::read(
        path,
        &["nucleus", "shift_ppm", "atoms"],
        &["label", "sp2", "interchange"],
    )?;
    let has_sp2 = rows.first().is_some_and(|r| r.has_column("sp2"));
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let nucleus = parse_nucleus(r.text("nucleus")?).map_err(|e| r.error("nucleus", e))?;
        let atoms = r
            .text("atoms")?
            .split(|c: char| c.is_whitespace() || c == ';')
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<usize>() {
                Ok(a) if a >= 1 => Ok(a),
                _ => Err(r.error("atoms", format!("'{s}' is not an atom number (1, 2, …)"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let sp2 = if has_sp2 {
            let s = r.get("sp2").unwrap_or("");
            Some(parse_bool(s).ok_or_else(|| r.error("sp2", format!("'{s}' is not true/false")))?)
        } else {
            None
        };
        let interchange = match r.get("interchange") {
            None => 0,
            Some(s) => s
                .parse()
                .map_err(|_| r.error("interchange", format!("'{s}' is not a group number")))?,
        };
        out.push(ExpRow {
            line: r.line,
            label: r
                .get("label")
                .map_or_else(|| format!("#{}", i + 1), str::to_string),
            nucleus,
            shift_ppm: r.num("shift_ppm")?,
            atoms,
            sp2,
            interchange,
        });
    }
    Ok(out)
}

/// One conformer: where it came from, its energies, and per-atom elements and shieldings.
#[derive(Debug, Clone, PartialEq)]
pub struct Conformer {
    /// The file it was read from.
    pub file: PathBuf,
    /// Final SCF energy, hartree.
    pub scf_energy_hartree: Option<f64>,
    /// Gibbs free energy, hartree.
    pub free_energy_hartree: Option<f64>,
    /// Element of atom k+1.
    pub elements: Vec<String>,
    /// σ_iso of atom k+1, ppm.
    pub shieldings_ppm: Vec<Option<f64>>,
}

impl Conformer {
    /// The energy of the requested kind, or an error naming the file.
    pub fn energy(&self, which: EnergyKind) -> Result<f64, InputError> {
        let (v, what) = match which {
            EnergyKind::Scf => (self.scf_energy_hartree, "SCF energy"),
            EnergyKind::Free => (
                self.free_energy_hartree,
                "free energy (needs a frequency job: give OPTFREQ+NMR pairs, or use --energy scf)",
            ),
        };
        v.ok_or_else(|| InputError::file(&self.file, format!("has no {what}")))
    }

    /// The conformer a QC output holds (its SCF and free energies, elements and shieldings).
    pub fn from_qc(file: &Path, q: QcOutput) -> Self {
        Self {
            file: file.to_path_buf(),
            scf_energy_hartree: q.scf_energy_hartree,
            free_energy_hartree: q.free_energy_hartree,
            elements: q.atoms.iter().map(|a| a.element.clone()).collect(),
            shieldings_ppm: q.atoms.iter().map(|a| a.isotropic_shielding_ppm).collect(),
        }
    }
}

/// The subset of `ringflux qc --json` output (one file) a conformer needs.
#[derive(Debug, Deserialize)]
struct QcJson {
    scf_energy_hartree: Option<f64>,
    free_energy_hartree: Option<f64>,
    atoms: Vec<QcJsonAtom>,
}

#[derive(Debug, Deserialize)]
struct QcJsonAtom {
    index: usize,
    element: String,
    isotropic_shielding_ppm: Option<f64>,
}

/// Reads a conformer from a QC output, a `.csv` or a `.json` file.
pub fn read_conformer(path: &Path) -> Result<Conformer, InputError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_conformer_csv(path),
        "json" => read_conformer_json(path),
        _ => Ok(Conformer::from_qc(path, qc::read(path)?)),
    }
}

fn read_conformer_json(path: &Path) -> Result<Conformer, InputError> {
    let text = crate::io::limits::read_text(path)?;
    let bad = |e: serde_json::Error| {
        InputError::at(
            path,
            e.line() as u64,
            format!("not a conformer JSON object: {e}"),
        )
    };
    let v: serde_json::Value = serde_json::from_str(&text).map_err(bad)?;
    // `ringflux qc --json` prints {"files": [...]}: accept that with exactly one file
    let v = match v.get("files").and_then(|f| f.as_array()) {
        Some(list) if list.len() == 1 => list.first().cloned().unwrap_or_default(),
        Some(list) => {
            return Err(InputError::file(
                path,
                format!("holds {} files; a conformer is one", list.len()),
            ))
        }
        None => v,
    };
    let q: QcJson = serde_json::from_value(v)
        .map_err(|e| InputError::file(path, format!("not a conformer JSON object: {e}")))?;
    for (k, a) in q.atoms.iter().enumerate() {
        if a.index != k + 1 {
            return Err(InputError::file(
                path,
                format!(
                    "atoms[{k}].index is {}, expected {} (atoms in order from 1)",
                    a.index,
                    k + 1
                ),
            ));
        }
    }
    Ok(Conformer {
        file: path.to_path_buf(),
        scf_energy_hartree: q.scf_energy_hartree,
        free_energy_hartree: q.free_energy_hartree,
        elements: q.atoms.iter().map(|a| a.element.clone()).collect(),
        shieldings_ppm: q.atoms.iter().map(|a| a.isotropic_shielding_ppm).collect(),
    })
}

fn read_conformer_csv(path: &Path) -> Result<Conformer, InputError> {
    let rows = table::read(
        path,
        &["atom", "element", "shielding_ppm"],
        &["scf_energy_hartree", "free_energy_hartree"],
    )?;
    let mut c = Conformer {
        file: path.to_path_buf(),
        scf_energy_hartree: None,
        free_energy_hartree: None,
        elements: Vec::new(),
        shieldings_ppm: Vec::new(),
    };
    for (k, r) in rows.iter().enumerate() {
        let atom = r.num("atom")?;
        if atom != (k + 1) as f64 {
            return Err(r.error(
                "atom",
                format!("expected atom {} (atoms in order from 1)", k + 1),
            ));
        }
        let el = r.text("element")?;
        if qc::atomic_number(el).is_none() {
            return Err(r.error("element", format!("unknown element '{el}'")));
        }
        c.elements.push(el.to_string());
        c.shieldings_ppm.push(Some(r.num("shielding_ppm")?));
        for (col, slot) in [
            ("scf_energy_hartree", &mut c.scf_energy_hartree),
            ("free_energy_hartree", &mut c.free_energy_hartree),
        ] {
            if let Some(v) = r.opt_num(col)? {
                if slot.is_some_and(|old| old != v) {
                    return Err(r.error(col, "differs from the value on an earlier row"));
                }
                *slot = Some(v);
            }
        }
    }
    Ok(c)
}
