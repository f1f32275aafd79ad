//! Rendering of `ringflux integrate` results (human text).

use crate::analysis::integrate::Report;

/// `value ± err` with the error's magnitude deciding nothing about the value's format.
fn pm(v: f64, err: Option<f64>, prec: usize) -> String {
    match err {
        Some(e) => format!("{v:.prec$} ± {e:.prec$}"),
        None => format!("{v:.prec$}"),
    }
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!("{}\n  baseline: {}\n", r.spectrum, r.baseline_correction);
    if let Some(b) = &r.baseline {
        s += &format!("  noise σ = {:.4e} ({} points)\n", b.noise_sd, b.n_points);
    }
    if let Some(n) = &r.axis_note {
        s += &format!("  axis: {n}\n");
    }
    for (i, g) in r.regions.iter().enumerate() {
        s += &format!(
            "  region {}: {}..{} {:?} ({} points): integral = {:.6e}{}\n",
            i + 1,
            g.from,
            g.to,
            g.unit,
            g.n_points,
            g.integral,
            g.integral_err
                .map_or(String::new(), |e| format!(" ± {e:.2e}"))
        );
    }
    if let Some(q) = r.ratio {
        s += &format!("  ratio region 1 : region 2 = {}\n", pm(q, r.ratio_err, 4));
    }
    if let Some(e) = &r.equilibrium {
        s += &format!(
            "  K = {} (major: region {}), p_major = {}, ΔG°({} K) = {} kJ/mol = {} kcal/mol (minor above major)\n",
            pm(e.k_eq, e.k_eq_err, 4),
            e.major_region,
            pm(e.p_major, e.p_major_err, 4),
            e.temp_k,
            pm(e.dg0_kj_per_mol, e.dg0_err_kj_per_mol, 3),
            pm(e.dg0_kcal_per_mol, e.dg0_err_kcal_per_mol, 3)
        );
    }
    for w in &r.warnings {
        s += &format!("  warning: {w}\n");
    }
    s
}
