//! `ringflux ratio`: a population ratio such as `3:1` → K, p_major and ΔG°.

use crate::units::{kcal, kj};
use ringflux_core::equilibrium;
use serde::Serialize;

/// JSON report of `ringflux ratio`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Temperature, K.
    pub temp_k: f64,
    /// K = [major]/[minor].
    pub k_eq: f64,
    /// Fraction of the major state.
    pub p_major: f64,
    /// G_minor − G_major = RT ln K, kJ/mol (the minor state lies this much above).
    pub dg0_kj_per_mol: f64,
    /// The same in kcal/mol.
    pub dg0_kcal_per_mol: f64,
}

/// Parses `A:B` into two non-negative finite amounts.
pub fn parse_ratio(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(':')?;
    let a = crate::io::table::parse_finite(a)?;
    let b = crate::io::table::parse_finite(b)?;
    Some((a, b))
}

/// Computes the report for amounts `a:b` at `temp_k`.
pub fn compute(a: f64, b: f64, temp_k: f64) -> Result<Report, ringflux_core::Error> {
    let e = equilibrium::from_ratio(a, b, temp_k)?;
    Ok(Report {
        temp_k,
        k_eq: e.k_eq,
        p_major: e.p_major,
        dg0_kj_per_mol: kj(e.dg0_j_per_mol),
        dg0_kcal_per_mol: kcal(e.dg0_j_per_mol),
    })
}
