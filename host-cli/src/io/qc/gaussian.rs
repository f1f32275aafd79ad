//! Gaussian 03/09/16 log files: `SCF Done`, `ONIOM: extrapolated energy`, `Counterpoise
//! corrected energy`, the thermochemistry summary, the last orientation table printed (`Standard`
//! or `Input orientation`: BOMD and some optimisations print only `Input orientation` after the
//! first step), and the `Isotropic =` lines of the GIAO block. Ghost atoms (`Bq`, atomic number
//! 0) are kept and marked.

use super::{
    cut_off, element_symbol, finished, number_after, numbered, require, Atom, Numbered, Program,
    QcOutput,
};
use crate::error::InputError;
use std::path::Path;

const TERMINATION: &str = "Normal termination of Gaussian";
/// Lines that, after the last normal termination, mean another job step started or failed.
const RESTARTS: [&str; 3] = ["Error termination", "Entering Link 1", "Initial command:"];

pub(super) fn parse(path: &Path, lines: &[&str]) -> Result<QcOutput, InputError> {
    let mut out = QcOutput::empty(Program::Gaussian);
    let mut orientation: Option<u64> = None;
    // Counterpoise jobs run each geometry's full system first, then its fragments: the SCF energy
    // is the first `SCF Done` after an orientation table, not the last one.
    let mut counterpoise = false;
    let mut new_geometry = false;
    let mut first_scf_of_geometry: Option<f64> = None;
    let mut new_geometry_mp2 = false;
    let mut first_mp2_of_geometry: Option<f64> = None;
    let mut shield: Option<u64> = None;
    let mut prev_dashes = false;
    let mut route: Option<String> = None;
    for (n, l) in numbered(lines) {
        let t = l.trim();
        if out.version.is_none()
            && ["Gaussian 16:", "Gaussian 09:", "Gaussian 03:"]
                .iter()
                .any(|v| t.starts_with(v))
        {
            out.version = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if route.is_none() && prev_dashes && t.starts_with('#') {
            route = Some(route_text(lines, n));
        } else if t.starts_with("SCF Done:") {
            let e = require(path, (n, l), "=", "SCF Done")?;
            out.scf_energy_hartree = Some(e);
            if new_geometry {
                first_scf_of_geometry = Some(e);
                new_geometry = false;
            }
        } else if t.contains("EUMP2 =") {
            // `E2 =    -0.3992723929D+00 EUMP2 =    -0.23352026119004D+04` (Fortran exponent)
            let e = fortran_number_after(l, "EUMP2 =")
                .ok_or_else(|| InputError::at(path, n, "EUMP2: no number after 'EUMP2 ='"))?;
            out.mp2_energy_hartree = Some(e);
            if new_geometry_mp2 {
                first_mp2_of_geometry = Some(e);
                new_geometry_mp2 = false;
            }
        } else if t.starts_with("ONIOM: extrapolated energy") {
            out.oniom_extrapolated_energy_hartree =
                Some(require(path, (n, l), "=", "ONIOM extrapolated energy")?);
        } else if t.starts_with("Counterpoise: corrected energy")
            || t.starts_with("Counterpoise corrected energy")
        {
            counterpoise = true;
            out.counterpoise_corrected_energy_hartree =
                Some(require(path, (n, l), "=", "counterpoise corrected energy")?);
        } else if t.starts_with("Temperature") && t.contains("Kelvin") {
            out.temperature_k = Some(require(path, (n, l), "Temperature", "temperature")?);
        } else if t.starts_with("Zero-point correction=") {
            out.zpve_hartree = Some(require(path, (n, l), "=", "zero-point correction")?);
        } else if t.starts_with("Sum of electronic and thermal Enthalpies=") {
            out.enthalpy_hartree = Some(require(path, (n, l), "=", "enthalpy")?);
        } else if t.starts_with("Sum of electronic and thermal Free Energies=") {
            out.free_energy_hartree = Some(require(path, (n, l), "=", "free energy")?);
        } else if t == "Standard orientation:" || t == "Input orientation:" {
            orientation = Some(n);
            new_geometry = true;
            new_geometry_mp2 = true;
        } else if t.contains("Magnetic shielding tensor (ppm)") {
            shield = Some(n);
        }
        prev_dashes = t.starts_with("----");
    }
    out.method = route;
    if counterpoise {
        out.scf_energy_hartree = first_scf_of_geometry;
        if out.mp2_energy_hartree.is_some() {
            out.mp2_energy_hartree = first_mp2_of_geometry;
        }
    }
    if out.oniom_extrapolated_energy_hartree.is_some() {
        // Every `SCF Done` of an ONIOM job is one layer's sub-calculation.
        out.scf_energy_hartree = None;
    }
    let geometry_at = orientation.ok_or_else(|| {
        InputError::at(
            path,
            lines.len() as u64,
            "no 'Standard orientation' or 'Input orientation' table up to here",
        )
    })?;
    out.atoms = geometry(path, lines, geometry_at)?;
    if let Some(at) = shield {
        shieldings(path, lines, at, &mut out.atoms)?;
    }
    if !finished(lines, TERMINATION, &RESTARTS) {
        return Err(cut_off(path, lines, TERMINATION));
    }
    Ok(out)
}

/// The number after `key` written with a Fortran `D` exponent (`-0.23352026119004D+04`).
fn fortran_number_after(l: &str, key: &str) -> Option<f64> {
    let rest = &l[l.find(key)? + key.len()..];
    let token = rest.split_whitespace().next()?.replace(['D', 'd'], "E");
    crate::io::table::parse_finite(&token)
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
    let z: i64 = z.parse().map_err(|_| bad())?;
    let coord = |s: &str| crate::io::table::parse_finite(s).ok_or_else(bad);
    let xyz_angstrom = [coord(x)?, coord(y)?, coord(zc)?];
    // Ghost atoms (Bq) have atomic number 0 in the orientation table.
    let ghost = z == 0;
    let atomic_number = u32::try_from(z).map_err(|_| bad())?;
    let element = if ghost {
        "Bq"
    } else {
        element_symbol(atomic_number).ok_or_else(|| {
            InputError::at(path, n, format!("unknown atomic number {atomic_number}"))
        })?
    };
    Ok(Atom {
        index,
        element: element.to_string(),
        atomic_number,
        xyz_angstrom,
        isotropic_shielding_ppm: None,
        ghost,
        embedding: false,
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
