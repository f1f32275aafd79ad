//! `ringflux boltzmann FILE`: Boltzmann populations of conformers from a CSV `name,energy[,degeneracy]`.
//!
//! The energy column is `energy` (unit from `--unit`) or carries its unit in its name:
//! `energy_kcal_per_mol`, `energy_kj_per_mol`, `energy_hartree`.

use crate::error::{CmdResult, InputError};
use crate::output::Output;
use crate::table;
use crate::units::kj;
use ringflux_core::{boltzmann, constants::EnergyUnit};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Arguments of `ringflux boltzmann`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// CSV with header `name,energy[,degeneracy]`.
    pub file: PathBuf,
    /// Temperature, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Unit of a column named plain `energy`: kcal/mol, kj/mol or hartree.
    #[arg(long, value_parser = parse_unit)]
    pub unit: Option<EnergyUnit>,
}

/// Parses an energy unit name.
pub fn parse_unit(s: &str) -> Result<EnergyUnit, String> {
    match s.to_ascii_lowercase().as_str() {
        "kcal/mol" | "kcal_per_mol" | "kcal" => Ok(EnergyUnit::KcalPerMol),
        "kj/mol" | "kj_per_mol" | "kj" => Ok(EnergyUnit::KjPerMol),
        "hartree" | "eh" | "au" => Ok(EnergyUnit::Hartree),
        _ => Err(format!(
            "unknown energy unit '{s}' (use kcal/mol, kj/mol or hartree)"
        )),
    }
}

/// Name of a unit as written in reports.
pub fn unit_name(u: EnergyUnit) -> &'static str {
    match u {
        EnergyUnit::KcalPerMol => "kcal/mol",
        EnergyUnit::KjPerMol => "kj/mol",
        EnergyUnit::Hartree => "hartree",
    }
}

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
}

impl EnergyTable {
    /// Populations of the table's states at `temp_k`.
    pub fn compute(&self, temp_k: f64, place: &Path) -> Result<Report, InputError> {
        compute(
            &self.names,
            &self.energies,
            &self.degeneracies,
            self.unit,
            temp_k,
            place,
        )
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
    let (column, unit) = match present.as_slice() {
        [(c, Some(u))] => {
            if unit_flag.is_some_and(|f| f != *u) {
                return Err(InputError::arg(
                    "--unit",
                    format!("contradicts the column '{c}' of {}", path.display()),
                ));
            }
            (*c, *u)
        }
        [(c, None)] => (*c, unit_flag.unwrap_or(EnergyUnit::KcalPerMol)),
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
    Ok(EnergyTable {
        names,
        energies,
        degeneracies: gs,
        unit,
    })
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!("Boltzmann populations at {:.2} K\n", r.temp_k);
    let width = r
        .populations
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    s += &format!(
        "  {:<width$}  {:>9}  {:>12}\n",
        "name", "pop. (%)", "ΔE (kJ/mol)"
    );
    for p in &r.populations {
        s += &format!(
            "  {:<width$}  {:>9.2}  {:>12.3}\n",
            p.name,
            100.0 * p.population,
            p.relative_energy_kj_per_mol
        );
    }
    s += &format!(
        "  G_ens − E_min = {:.3} kJ/mol; S_conf = {:.3} J/(mol·K)\n",
        r.ensemble_g_kj_per_mol, r.conformational_entropy_j_per_mol_k
    );
    s
}

/// Runs `ringflux boltzmann`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = read(&a.file, a.unit)?.compute(a.temp_k, &a.file)?;
    Ok(Output::new(&r, render(&r))?)
}
