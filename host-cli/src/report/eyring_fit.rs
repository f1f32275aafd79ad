//! Rendering of `ringflux eyring-fit` results (human text), and [`energy`]: how every report
//! prints an energy — kJ/mol and kcal/mol, each error in the unit of its value.

use crate::analysis::eyring_fit::Report;
use crate::units::{j_from_kj, kcal};

/// An energy given in kJ/mol (with its σ, kJ/mol) as `a ± e kJ/mol = b ± f kcal/mol`, with
/// `digits` decimals.
///
/// ```
/// use ringflux_cli::report::eyring_fit::energy;
/// assert_eq!(energy(4.184, Some(0.4184), 2), "4.18 ± 0.42 kJ/mol = 1.00 ± 0.10 kcal/mol");
/// assert_eq!(energy(4.184, None, 1), "4.2 kJ/mol = 1.0 kcal/mol");
/// ```
pub fn energy(kj_per_mol: f64, err_kj_per_mol: Option<f64>, digits: usize) -> String {
    let one = |v: f64, unit: &str, to: fn(f64) -> f64| {
        let err = err_kj_per_mol.map_or(String::new(), |e| format!(" ± {:.digits$}", to(e)));
        format!("{:.digits$}{err} {unit}", to(v))
    };
    format!(
        "{} = {}",
        one(kj_per_mol, "kJ/mol", |x| x),
        one(kj_per_mol, "kcal/mol", |x| kcal(j_from_kj(x)))
    )
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    format!(
        "Eyring fit of {} points{}\n  ΔH‡ = {}\n  ΔS‡ = {:.2} ± {:.2} J/(mol·K)\n  ΔG‡(298.15 K) = {}\n  R² = {:.5}\n",
        r.n,
        if r.weighted { " (weighted by σ_k)" } else { "" },
        energy(r.dh_kj_per_mol, Some(r.dh_err_kj_per_mol), 2),
        r.ds_j_per_mol_k, r.ds_err_j_per_mol_k,
        energy(r.dg_298_kj_per_mol, Some(r.dg_298_err_kj_per_mol), 2),
        r.r_squared
    )
}
