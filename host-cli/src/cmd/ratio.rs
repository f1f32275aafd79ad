//! `ringflux ratio`: a population ratio such as `3:1` → K, p_major and ΔG°.

use crate::error::{CmdResult, InputError};
use crate::output::Output;
use crate::units::{kcal, kj};
use ringflux_core::equilibrium;
use serde::Serialize;

/// Arguments of `ringflux ratio`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Ratio of the two states as `A:B` (e.g. `3:1`, or normalised integrals `1.52:0.50`).
    #[arg(long)]
    pub ratio: String,
    /// Temperature at which the ratio was measured, K.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: f64,
}

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
    let a = crate::table::parse_finite(a)?;
    let b = crate::table::parse_finite(b)?;
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

/// Human rendering.
pub fn render(r: &Report) -> String {
    format!(
        "Equilibrium at T = {:.2} K\n  K = {:.4}  (p_major = {:.4})\n  ΔG° (minor − major) = {:.3} kJ/mol = {:.3} kcal/mol\n",
        r.temp_k, r.k_eq, r.p_major, r.dg0_kj_per_mol, r.dg0_kcal_per_mol
    )
}

/// Runs `ringflux ratio`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let (x, y) = parse_ratio(&a.ratio).ok_or_else(|| {
        InputError::arg(
            "--ratio",
            format!("expected A:B with two numbers, got '{}'", a.ratio),
        )
    })?;
    let r = compute(x, y, a.temp_k).map_err(InputError::from_core)?;
    Ok(Output::new(&r, render(&r))?)
}
