//! Human rendering of [`crate::analysis::boltzmann::Report`].

use crate::analysis::boltzmann::Report;
use crate::units::{j_from_kj, kcal};

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "Boltzmann populations at {:.2} K (energies in {})\n",
        r.temp_k,
        crate::units::unit_words(r.energy_unit, r.energy_unit_from)
    );
    for w in &r.warnings {
        s += &format!("  warning: {w}\n");
    }
    let width = r
        .populations
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    s += &format!(
        "  {:<width$}  {:>9}  {:>12}  {:>14}\n",
        "name", "pop. (%)", "ΔE (kJ/mol)", "ΔE (kcal/mol)"
    );
    for p in &r.populations {
        s += &format!(
            "  {:<width$}  {:>9.2}  {:>12.3}  {:>14.3}\n",
            p.name,
            100.0 * p.population,
            p.relative_energy_kj_per_mol,
            kcal(j_from_kj(p.relative_energy_kj_per_mol))
        );
    }
    s += &format!(
        "  G_ens − E_min = {}; S_conf = {:.3} J/(mol·K)\n",
        crate::report::eyring_fit::energy(r.ensemble_g_kj_per_mol, None, 3),
        r.conformational_entropy_j_per_mol_k
    );
    s
}
