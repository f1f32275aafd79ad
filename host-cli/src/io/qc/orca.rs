//! ORCA 4–6 output: the SCF `Total Energy` (+ the dispersion correction printed after it, as
//! cclib's `scfenergies`), `FINAL SINGLE POINT ENERGY` under its own key, the THERMOCHEMISTRY
//! section (`Final Gibbs free energy`, ORCA < 4.2: `Final Gibbs free enthalpy`), the last
//! `CARTESIAN COORDINATES (ANGSTROEM)` block (dummy atoms `-`/`DA` kept as ghosts, embedding
//! atoms `Ca>` marked), and shieldings — σ_iso = trace/3 of each nucleus' "Total shielding
//! tensor" (what cclib reports), else the `CHEMICAL SHIELDING SUMMARY`.

use super::{
    atomic_number, cut_off, finished, numbered, require, Atom, Numbered, Program, QcOutput,
};
use crate::error::InputError;
use std::path::Path;

const TERMINATION: &str = "ORCA TERMINATED NORMALLY";
/// Lines that, after the last normal-termination line, mean the run went on and failed.
const RESTARTS: [&str; 2] = ["error termination", "ABORTING THE RUN"];

pub(super) fn parse(path: &Path, lines: &[&str]) -> Result<QcOutput, InputError> {
    let mut out = QcOutput::empty(Program::Orca);
    let mut keywords: Vec<String> = Vec::new();
    let mut coords: Option<u64> = None;
    let mut tensors: Vec<(u64, usize)> = Vec::new();
    let mut summary: Option<u64> = None;
    let mut in_thermo = false;
    // The SCF energy of the last SCF: its `Total Energy` and the dispersion printed after it.
    let mut scf: Option<(f64, f64)> = None;
    for (n, l) in numbered(lines) {
        let t = l.trim();
        if out.version.is_none() && t.starts_with("Program Version") {
            let v = t
                .trim_start_matches("Program Version")
                .split_whitespace()
                .next();
            out.version = v.map(|v| format!("ORCA {v}"));
        } else if t.starts_with('|') && t.contains("> !") {
            if let Some((_, k)) = t.split_once("> !") {
                keywords.push(k.trim().to_string());
            }
        } else if t.starts_with("Total Energy") && t.contains(':') && t.ends_with("eV") {
            // `Total Energy       :   -76.05743173 Eh   -2069.62794 eV`: the converged SCF, in the
            // TOTAL SCF ENERGY section or (later steps of scans and optimisations) on its own.
            scf = Some((require(path, (n, l), ":", "SCF total energy")?, 0.0));
        } else if t.starts_with("Dispersion correction") {
            if let (Some(d), Some((_, disp))) = (
                super::number_after(t, "Dispersion correction"),
                scf.as_mut(),
            ) {
                *disp = d;
            }
        } else if t.starts_with("MP2 TOTAL ENERGY") {
            out.mp2_energy_hartree = Some(require(path, (n, l), ":", "MP2 total energy")?);
        } else if t.starts_with("FINAL SINGLE POINT ENERGY") {
            out.final_single_point_energy_hartree = Some(require(
                path,
                (n, l),
                "ENERGY",
                "final single point energy",
            )?);
        } else if t.starts_with("THERMOCHEMISTRY AT") {
            in_thermo = true;
        } else if in_thermo && t.starts_with("Temperature") {
            out.temperature_k = Some(require(path, (n, l), "...", "temperature")?);
        } else if t.starts_with("Zero point energy") {
            out.zpve_hartree = Some(require(path, (n, l), "...", "zero point energy")?);
        } else if t.starts_with("Total Enthalpy") {
            out.enthalpy_hartree = Some(require(path, (n, l), "...", "total enthalpy")?);
        } else if t.starts_with("Final Gibbs free energy")
            || t.starts_with("Final Gibbs free enthalpy")
        {
            out.free_energy_hartree =
                Some(require(path, (n, l), "...", "final Gibbs free energy")?);
        } else if t == "CARTESIAN COORDINATES (ANGSTROEM)" {
            coords = Some(n);
        } else if let Some(rest) = t.strip_prefix("Nucleus") {
            // " Nucleus   0C :" opens one nucleus' tensor section (not "Nucleus:" of the input echo)
            if let Some(idx) = rest
                .trim()
                .strip_suffix(':')
                .and_then(|s| leading_index(s.trim()))
            {
                tensors.push((n, idx));
            }
        } else if t == "CHEMICAL SHIELDING SUMMARY (ppm)" {
            summary = Some(n);
        }
    }
    out.scf_energy_hartree = scf.map(|(e, disp)| e + disp);
    if !keywords.is_empty() {
        out.method = Some(keywords.join(" "));
    }
    let at = coords.ok_or_else(|| {
        InputError::at(
            path,
            lines.len() as u64,
            "no 'CARTESIAN COORDINATES (ANGSTROEM)' block up to here",
        )
    })?;
    out.atoms = geometry(path, lines, at)?;
    if !tensors.is_empty() {
        for &(n, idx) in &tensors {
            let sigma = tensor_iso(path, lines, n)?;
            set_shielding(path, n, &mut out.atoms, idx, sigma)?;
        }
    } else if let Some(at) = summary {
        shielding_summary(path, lines, at, &mut out.atoms)?;
    }
    if !finished(lines, TERMINATION, &RESTARTS) {
        return Err(cut_off(path, lines, TERMINATION));
    }
    Ok(out)
}

/// The 0-based index at the start of `"0C"` / `"12H"`.
fn leading_index(s: &str) -> Option<usize> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The coordinate block titled on line `at`: a dashed line, then `El x y z` until a blank line.
fn geometry(path: &Path, lines: &[&str], at: u64) -> Result<Vec<Atom>, InputError> {
    let mut atoms = Vec::new();
    for (n, l) in numbered(lines).skip(at as usize + 1) {
        if l.trim().is_empty() {
            if atoms.is_empty() {
                return Err(InputError::at(path, at, "coordinate block has no atoms"));
            }
            return Ok(atoms);
        }
        atoms.push(geometry_row(path, (n, l), atoms.len() + 1)?);
    }
    Err(InputError::at(
        path,
        at,
        "coordinate block starting here is cut off",
    ))
}

fn geometry_row(path: &Path, (n, l): Numbered, index: usize) -> Result<Atom, InputError> {
    let bad = || {
        InputError::at(
            path,
            n,
            format!("coordinates: unreadable row '{}'", l.trim()),
        )
    };
    let f: Vec<&str> = l.split_whitespace().collect();
    let [el, x, y, z] = f.as_slice() else {
        return Err(bad());
    };
    let coord = |s: &str| crate::io::table::parse_finite(s).ok_or_else(bad);
    let xyz_angstrom = [coord(x)?, coord(y)?, coord(z)?];
    // Dummy atoms (`DA` in the input) are printed `-`; cclib gives them atomic number 0.
    if matches!(*el, "-" | "DA") {
        return Ok(Atom {
            index,
            element: "X".to_string(),
            atomic_number: 0,
            xyz_angstrom,
            isotropic_shielding_ppm: None,
            ghost: true,
            embedding: false,
        });
    }
    // Embedding potentials (`Ca>` in the input) keep their element, marked.
    let (symbol, embedding) = match el.strip_suffix('>') {
        Some(s) => (s, true),
        None => (*el, false),
    };
    let atomic_number = atomic_number(symbol)
        .ok_or_else(|| InputError::at(path, n, format!("coordinates: unknown element '{el}'")))?;
    Ok(Atom {
        index,
        element: super::element_symbol(atomic_number)
            .unwrap_or(symbol)
            .to_string(),
        atomic_number,
        xyz_angstrom,
        isotropic_shielding_ppm: None,
        ghost: false,
        embedding,
    })
}

/// Lines searched after "Nucleus k:" for its "Total shielding tensor" (the section is ~25 lines).
const TENSOR_WINDOW: usize = 40;

/// trace/3 of the "Total shielding tensor (ppm):" that follows the nucleus header on line `at`.
fn tensor_iso(path: &Path, lines: &[&str], at: u64) -> Result<f64, InputError> {
    let mut it = numbered(lines).skip(at as usize).take(TENSOR_WINDOW);
    let Some((title, _)) = it
        .by_ref()
        .find(|(_, l)| l.trim().starts_with("Total shielding tensor"))
    else {
        return Err(InputError::at(
            path,
            at,
            "no 'Total shielding tensor' for this nucleus (file cut off?)",
        ));
    };
    let mut trace = 0.0;
    for row in 0..3 {
        let (n, l) = it.next().ok_or_else(|| {
            InputError::at(path, title, "shielding tensor starting here is cut off")
        })?;
        let v: Vec<f64> = l
            .split_whitespace()
            .filter_map(crate::io::table::parse_finite)
            .collect();
        let d = v.get(row).filter(|_| v.len() == 3).ok_or_else(|| {
            InputError::at(
                path,
                n,
                format!("shielding tensor row {}: expected 3 numbers", row + 1),
            )
        })?;
        trace += d;
    }
    Ok(trace / 3.0)
}

fn set_shielding(
    path: &Path,
    n: u64,
    atoms: &mut [Atom],
    idx: usize,
    sigma: f64,
) -> Result<(), InputError> {
    let count = atoms.len();
    let atom = atoms.get_mut(idx).ok_or_else(|| {
        InputError::at(
            path,
            n,
            format!("shielding for nucleus {idx}, but the geometry has {count} atoms"),
        )
    })?;
    atom.isotropic_shielding_ppm = Some(sigma);
    Ok(())
}

/// The summary table `Nucleus Element Isotropic Anisotropy` titled on line `at`.
fn shielding_summary(
    path: &Path,
    lines: &[&str],
    at: u64,
    atoms: &mut [Atom],
) -> Result<(), InputError> {
    let mut started = false;
    for (n, l) in numbered(lines).skip(at as usize + 1) {
        let f: Vec<&str> = l.split_whitespace().collect();
        match f.as_slice() {
            [idx, _el, iso, _aniso] if idx.chars().all(|c| c.is_ascii_digit()) => {
                started = true;
                let sigma = crate::io::table::parse_finite(iso).ok_or_else(|| {
                    InputError::at(
                        path,
                        n,
                        format!("shielding summary: '{iso}' is not a number"),
                    )
                })?;
                set_shielding(path, n, atoms, idx.parse().unwrap_or(usize::MAX), sigma)?;
            }
            [] if started => return Ok(()),
            _ => {}
        }
    }
    // the table ends with a blank line; reaching the end of the file means it was cut off
    Err(InputError::at(
        path,
        at,
        "shielding summary starting here is cut off",
    ))
}
