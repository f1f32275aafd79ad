//! Rendering of `ringflux eyring-fit` results (human text).

use crate::analysis::eyring_fit::Report;

/// Human rendering.
pub fn render(r: &Report) -> String {
    format!(
        "Eyring fit of {} points{}\n  ΔH‡ = {:.2} ± {:.2} kJ/mol\n  ΔS‡ = {:.2} ± {:.2} J/(mol·K)\n  ΔG‡(298.15 K) = {:.2} ± {:.2} kJ/mol\n  R² = {:.5}\n",
        r.n,
        if r.weighted { " (weighted by σ_k)" } else { "" },
        r.dh_kj_per_mol, r.dh_err_kj_per_mol, r.ds_j_per_mol_k, r.ds_err_j_per_mol_k,
        r.dg_298_kj_per_mol, r.dg_298_err_kj_per_mol, r.r_squared
    )
}
