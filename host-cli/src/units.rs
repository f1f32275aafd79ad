//! Unit conversions used in reports (the constants themselves live in `ringflux_core::constants`).

use ringflux_core::constants::J_PER_KCAL;

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
