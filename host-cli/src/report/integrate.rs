//! Rendering of `ringflux integrate` results (human text).

use crate::analysis::integrate::Report;

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!("{}\n  baseline: {}\n", r.spectrum, r.baseline_correction);
    for (i, g) in r.regions.iter().enumerate() {
        s += &format!(
            "  region {}: {}..{} {:?} ({} points): integral = {:.6e}\n",
            i + 1,
            g.from,
            g.to,
            g.unit,
            g.n_points,
            g.integral
        );
    }
    if let Some(q) = r.ratio {
        s += &format!("  ratio region 1 : region 2 = {q:.4}\n");
    }
    if let Some(e) = &r.equilibrium {
        s += &format!(
            "  K = {:.4} (major: region {}), p_major = {:.4}, ΔG°({} K) = {:.3} kJ/mol = {:.3} kcal/mol (minor above major)\n",
            e.k_eq, e.major_region, e.p_major, e.temp_k, e.dg0_kj_per_mol, e.dg0_kcal_per_mol
        );
    }
    s
}
