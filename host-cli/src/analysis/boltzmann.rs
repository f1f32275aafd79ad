//! Boltzmann populations of named states from an energy table `name,energy[,degeneracy]`.
//!
//! The energy column is `energy` (unit from the caller) or carries its unit in its name:
//! `energy_kcal_per_mol`, `energy_kj_per_mol`, `energy_hartree`. A plain `energy` without `--unit`
//! is kcal/mol, said so (`energy_unit_from: "default"`); energies implausible for their unit
//! ([`crate::units::energy_plausibility`]) are refused when the unit was assumed and warned about
//! (`warnings`) when it was stated.

use crate::error::InputError;
use crate::io::table;
use crate::units::{energy_plausibility, kj, unit_name, EnergyRange, UnitSource};
use ringflux_core::{boltzmann, constants::EnergyUnit};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// One state of the ensemble as reported.
#[derive(Debug, Clone, Serialize)]
pub struct StateOut {
    /// Name of the conformer or family.
    pub name: String,
    /// Degeneracy g.
    pub degeneracy: f64,
    /// Boltzmann population (fraction, the populations sum to 1).
    pub population: f64,
    /// Energy above the minimum, kJ/mol.
    pub relative_energy_kj_per_mol: f64,
}

/// JSON report of `ringflux boltzmann`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Temperature, K.
    pub temp_k: f64,
    /// Unit the energies were given in.
    pub energy_unit: &'static str,
    /// Where the unit came from: `name` (the column's), `flag` (`--unit`, or the caller of
    /// [`compute`]) or `default` (kcal/mol for a plain `energy` column).
    pub energy_unit_from: UnitSource,
    /// Energies implausible for their unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Per-state populations, in input order.
    pub populations: Vec<StateOut>,
    /// Ensemble free energy relative to the minimum, −RT ln Q_rel, kJ/mol.
    pub ensemble_g_kj_per_mol: f64,
    /// Conformational entropy −R Σ p ln(p/g), J/(mol K).
    pub conformational_entropy_j_per_mol_k: f64,
}

/// Computes populations of named states; `place` names the input in error messages.
pub fn compute(
    names: &[String],
    energies: &[f64],
    degeneracies: &[f64],
    unit: EnergyUnit,
    temp_k: f64,
    place: &Path,
) -> Result<Report, InputError> {
    let mut p = vec![0.0; energies.len()];
    let e =
        boltzmann::populations(energies, degeneracies, unit, temp_k, &mut p).map_err(
            |e| match e {
                // An overflow inside the sums comes from energies that are finite but absurdly far
                // apart (|ΔE| near 10³⁰⁸): name the column the user can fix.
                ringflux_core::Error::Overflow(_) => InputError::file(
                    place,
                    format!("energy: the energies span too wide a range to evaluate ({e})"),
                ),
                e => InputError::file(place, e.to_string()),
            },
        )?;
    let e_min = energies.get(e.min_index).copied().unwrap_or(0.0);
    let to_kj = unit.j_per_mol() / 1000.0;
    let populations = names
        .iter()
        .zip(energies)
        .zip(&p)
        .enumerate()
        .map(|(i, ((name, &en), &pop))| StateOut {
            name: name.clone(),
            degeneracy: degeneracies.get(i).copied().unwrap_or(1.0),
            population: pop,
            relative_energy_kj_per_mol: (en - e_min) * to_kj,
        })
        .collect();
    Ok(Report {
        temp_k,
        energy_unit: unit_name(unit),
        energy_unit_from: UnitSource::Flag,
        warnings: Vec::new(),
        populations,
        ensemble_g_kj_per_mol: kj(e.g_rel_j_per_mol),
        conformational_entropy_j_per_mol_k: e.entropy_j_per_mol_k,
    })
}

/// The states of an energy table, in file order.
#[derive(Debug, Clone)]
pub struct EnergyTable {
    /// State names (unique).
    pub names: Vec<String>,
    /// Energies in `unit`.
    pub energies: Vec<f64>,
    /// Degeneracies (1 where not given).
    pub degeneracies: Vec<f64>,
    /// Unit of `energies`.
    pub unit: EnergyUnit,
    /// Where the unit came from.
    pub unit_from: UnitSource,
    /// Energies implausible for their unit (prefixed with the column).
    pub warnings: Vec<String>,
}

impl EnergyTable {
    /// Populations of the table's states at `temp_k`.
    pub fn compute(&self, temp_k: f64, place: &Path) -> Result<Report, InputError> {
        Ok(Report {
            energy_unit_from: self.unit_from,
            warnings: self.warnings.clone(),
            ..compute(
                &self.names,
                &self.energies,
                &self.degeneracies,
                self.unit,
                temp_k,
                place,
            )?
        })
    }
}

/// Reads `name,energy…[,degeneracy]`.
pub fn read(path: &Path, unit_flag: Option<EnergyUnit>) -> Result<EnergyTable, InputError> {
    const COLUMNS: [(&str, Option<EnergyUnit>); 4] = [
        ("energy", None),
        ("energy_kcal_per_mol", Some(EnergyUnit::KcalPerMol)),
        ("energy_kj_per_mol", Some(EnergyUnit::KjPerMol)),
        ("energy_hartree", Some(EnergyUnit::Hartree)),
    ];
    let optional: Vec<&str> = COLUMNS.iter().map(|c| c.0).chain(["degeneracy"]).collect();
    let rows = table::read(path, &["name"], &optional)?;
    let first = rows
        .first()
        .ok_or_else(|| InputError::file(path, "no data rows"))?;
    let present: Vec<_> = COLUMNS.iter().filter(|c| first.has_column(c.0)).collect();
    let (column, unit, unit_from) = match present.as_slice() {
        [(c, Some(u))] => {
            if unit_flag.is_some_and(|f| f != *u) {
                return Err(InputError::arg(
                    "--unit",
                    format!("contradicts the column '{c}' of {}", path.display()),
                ));
            }
            (*c, *u, UnitSource::Name)
        }
        [(c, None)] => match unit_flag {
            Some(u) => (*c, u, UnitSource::Flag),
            None => (*c, EnergyUnit::KcalPerMol, UnitSource::Default),
        },
        [] => return Err(InputError::at(
            path,
            1,
            "missing column 'energy' (or energy_kcal_per_mol, energy_kj_per_mol, energy_hartree)",
        )),
        _ => return Err(InputError::at(path, 1, "more than one energy column")),
    };
    let mut seen = HashSet::new();
    let (mut names, mut energies, mut gs) = (Vec::new(), Vec::new(), Vec::new());
    for r in &rows {
        let name = r.text("name")?.to_string();
        if !seen.insert(name.clone()) {
            return Err(r.error("name", format!("duplicate name '{name}'")));
        }
        energies.push(r.num(column)?);
        let g = r.opt_num("degeneracy")?.unwrap_or(1.0);
        if g <= 0.0 {
            return Err(r.error("degeneracy", "must be greater than zero"));
        }
        gs.push(g);
        names.push(name);
    }
    let warnings = energy_plausibility(&EnergyRange::of(&energies), unit, unit_from)
        .map_err(|e| InputError::file(path, format!("column '{column}': {e}")))?
        .map(|w| format!("column '{column}': {w}"))
        .into_iter()
        .collect();
    Ok(EnergyTable {
        names,
        energies,
        degeneracies: gs,
        unit,
        unit_from,
        warnings,
    })
}
