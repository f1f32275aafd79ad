//! Rendering of `ringflux ratio` results (human text).

use crate::analysis::ratio::Report;

/// Human rendering.
pub fn render(r: &Report) -> String {
    format!(
        "Equilibrium at T = {:.2} K\n  K = {:.4}  (p_major = {:.4})\n  ΔG° (minor − major) = {:.3} kJ/mol = {:.3} kcal/mol\n",
        r.temp_k, r.k_eq, r.p_major, r.dg0_kj_per_mol, r.dg0_kcal_per_mol
    )
}
