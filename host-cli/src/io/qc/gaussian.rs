//! Gaussian 09/16 log files: `SCF Done`, the thermochemistry summary, `Standard orientation`
//! (or `Input orientation` with `nosymm`), and the `Isotropic =` lines of the GIAO block.

use super::{
    cut_off, element_symbol, number_after, numbered, require, Atom, Numbered, Program, QcOutput,
};
use crate::error::InputError;
use std::path::Path;

const TERMINATION: &str = "Normal termination of Gaussian";

pub(super) fn parse(path: &Path, lines: &[&str]) -> Result<QcOutput, InputError> {
    let mut out = QcOutput::empty(Program::Gaussian);
    let mut standard: Option<u64> = None;
    let mut input: Option<u64> = None;
    let mut shield: Option<u64> = None;
    let mut prev_dashes = false;
    let mut route: Option<String> = None;
    for (n, l) in numbered(lines) {
        let t = l.trim();
        if out.version.is_none() && (t.starts_with("Gaussian 16:") || t.starts_with("Gaussian 09:"))
        {
            out.version = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if route.is_none() && prev_dashes && t.starts_with('#') {
            route = Some(route_text(lines, n));
        } else if t.starts_with("SCF Done:") {
            out.scf_energy_hartree = Some(require(path, (n, l), "=", "SCF Done")?);
        } else if t.starts_with("Temperature") && t.contains("Kelvin") {
            out.temperature_k = Some(require(path, (n, l), "Temperature", "temperature")?);
        } else if t.starts_with("Zero-point correction=") {
            out.zpve_hartree = Some(require(path, (n, l), "=", "zero-point correction")?);
        } else if t.starts_with("Sum of electronic and thermal Enthalpies=") {
            out.enthalpy_hartree = Some(require(path, (n, l), "=", "enthalpy")?);
        } else if t.starts_with("Sum of electronic and thermal Free Energies=") {
            out.free_energy_hartree = Some(require(path, (n, l), "=", "free energy")?);
        } else if t == "Standard orientation:" {
            standard = Some(n);
        } else if t == "Input orientation:" {
            input = Some(n);
        } else if t.contains("Magnetic shielding tensor (ppm)") {
            shield = Some(n);
        }
        prev_dashes = t.starts_with("----");
    }
    out.method = route;
    let geometry_at = standard.or(input).ok_or_else(|| {
        InputError::file(
            path,
            "no 'Standard orientation' or 'Input orientation' table",
        )
    })?;
    out.atoms = geometry(path, lines, geometry_at)?;
    if let Some(at) = shield {
        shieldings(path, lines, at, &mut out.atoms)?;
    }
    let last = lines.iter().rev().find(|l| !l.trim().is_empty());
    if !last.is_some_and(|l| l.contains(TERMINATION)) {
        return Err(cut_off(path, lines, TERMINATION));
    }
    Ok(out)
}

/// The route section from line `n` (1-based) to the next dashed line, joined.
fn route_text(lines: &[&str], n: u64) -> String {
    lines
        .iter()
        .skip(n as usize - 1)
        .take_while(|l| !l.trim().starts_with("----"))
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The orientation table whose title is on line `at`: five header lines, rows
/// `center Z type x y z`, closed by a dashed line.
fn geometry(path: &Path, lines: &[&str], at: u64) -> Result<Vec<Atom>, InputError> {
    let mut atoms = Vec::new();
    for (n, l) in numbered(lines).skip(at as usize + 4) {
        let t = l.trim();
        if t.starts_with("----") {
            if atoms.is_empty() {
                return Err(InputError::at(path, at, "orientation table has no atoms"));
            }
            return Ok(atoms);
        }
        atoms.push(geometry_row(path, (n, l))?);
    }
    Err(InputError::at(
        path,
        at,
        "orientation table starting here is cut off (no closing dashed line)",
    ))
}

fn geometry_row(path: &Path, (n, l): Numbered) -> Result<Atom, InputError> {
    let f: Vec<&str> = l.split_whitespace().collect();
    let bad = || {
        InputError::at(
            path,
            n,
            format!("orientation table: unreadable row '{}'", l.trim()),
        )
    };
    let [center, z, _, x, y, zc] = f.as_slice() else {
        return Err(bad());
    };
    let index: usize = center.parse().map_err(|_| bad())?;
    let atomic_number: u32 = z.parse().map_err(|_| bad())?;
    let coord = |s: &str| crate::io::table::parse_finite(s).ok_or_else(bad);
    Ok(Atom {
        index,
        element: element_symbol(atomic_number)
            .ok_or_else(|| {
                InputError::at(path, n, format!("unknown atomic number {atomic_number}"))
            })?
            .to_string(),
        atomic_number,
        xyz_angstrom: [coord(x)?, coord(y)?, coord(zc)?],
        isotropic_shielding_ppm: None,
    })
}

/// The `Isotropic =` lines after the shielding title on line `at`, one per atom.
fn shieldings(path: &Path, lines: &[&str], at: u64, atoms: &mut [Atom]) -> Result<(), InputError> {
    let mut found = 0;
    for (n, l) in numbered(lines).skip(at as usize) {
        if found == atoms.len() {
            break;
        }
        if !l.contains("Isotropic =") {
            continue;
        }
        let f: Vec<&str> = l.split_whitespace().collect();
        let index: usize = f.first().and_then(|s| s.parse().ok()).ok_or_else(|| {
            InputError::at(path, n, "shielding: no atom number before 'Isotropic'")
        })?;
        let sigma = number_after(l, "Isotropic =")
            .ok_or_else(|| InputError::at(path, n, "shielding: no number after 'Isotropic ='"))?;
        let count = atoms.len();
        let atom = atoms.get_mut(index.wrapping_sub(1)).ok_or_else(|| {
            InputError::at(
                path,
                n,
                format!("shielding for atom {index}, but the geometry has {count}"),
            )
        })?;
        let symbol = f.get(1).copied().unwrap_or("");
        if !symbol.eq_ignore_ascii_case(&atom.element) {
            return Err(InputError::at(
                path,
                n,
                format!(
                    "shielding of atom {index} is for '{symbol}', but atom {index} is {}",
                    atom.element
                ),
            ));
        }
        atom.isotropic_shielding_ppm = Some(sigma);
        found += 1;
    }
    if found < atoms.len() {
        return Err(InputError::at(
            path,
            at,
            format!(
                "shielding block starting here lists {found} of {} atoms (file cut off?)",
                atoms.len()
            ),
        ));
    }
    Ok(())
}
