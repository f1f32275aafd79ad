//! Unit conversions used in reports (the constants themselves live in `ringflux_core::constants`).

use ringflux_core::constants::{EnergyUnit, J_PER_KCAL};

/// kJ/mol from J/mol.
pub fn kj(j_per_mol: f64) -> f64 {
    j_per_mol / 1000.0
}

/// kcal/mol from J/mol.
pub fn kcal(j_per_mol: f64) -> f64 {
    j_per_mol / J_PER_KCAL
}

/// J/mol from kcal/mol.
pub fn j_from_kcal(kcal_per_mol: f64) -> f64 {
    kcal_per_mol * J_PER_KCAL
}

/// J/mol from kJ/mol.
pub fn j_from_kj(kj_per_mol: f64) -> f64 {
    kj_per_mol * 1000.0
}

/// Name of a unit as written in reports.
pub fn unit_name(u: EnergyUnit) -> &'static str {
    match u {
        EnergyUnit::KcalPerMol => "kcal/mol",
        EnergyUnit::KjPerMol => "kj/mol",
        EnergyUnit::Hartree => "hartree",
    }
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
