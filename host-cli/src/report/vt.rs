//! Rendering of `ringflux vt-fit` results (human text, plots).

use super::eyring_fit;
use crate::analysis::vt::Report;
use crate::analysis::vt::{ActivationOut, GlobalReport};
use std::path::{Path, PathBuf};

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = String::from("  T (K)   k (s⁻¹)             file\n");
    for p in &r.points {
        let k = match (p.k_per_s, p.k_err_per_s) {
            (Some(k), Some(e)) => format!("{k:>9.3} ± {e:<8.3}"),
            _ => format!("{:<20}", "undetermined"),
        };
        s += &format!("  {:>6.1}  {k}  {}\n", p.temp_k, p.file);
    }
    s += &eyring_fit::render(&r.eyring);
    if let Some(g) = &r.global {
        s += &format!(
            "Global fit of all {} spectra at once (the series' barrier), χ²_red = {:.3}:\n",
            g.n_spectra, g.chi2_red
        );
        for a in &g.processes {
            s += &activation_text(a);
        }
    }
    if let Some(e) = &r.global_error {
        s += &format!("Global fit failed: {e}\n");
    }
    s
}

/// `out.svg` → `out-spectra.svg`.
pub fn spectra_path(p: &Path) -> PathBuf {
    crate::report::output::sibling_svg(p, "spectra")
}

/// One process's activation parameters as text lines.
fn activation_text(a: &ActivationOut) -> String {
    format!(
        "  {}: ΔH‡ = {:.2} ± {:.2} kJ/mol ({:.2} ± {:.2} kcal/mol), ΔS‡ = {:.1} ± {:.1} J/(mol·K) ({:.2} ± {:.2} cal/(mol·K)), corr {:.3}\n    ΔG‡(298.15 K) = {:.2} ± {:.2} kJ/mol ({:.2} ± {:.2} kcal/mol)\n",
        a.process,
        a.dh_kj_per_mol,
        a.dh_err_kj_per_mol,
        a.dh_kcal_per_mol,
        a.dh_err_kcal_per_mol,
        a.ds_j_per_mol_k,
        a.ds_err_j_per_mol_k,
        a.ds_cal_per_mol_k,
        a.ds_err_cal_per_mol_k,
        a.corr_dh_ds,
        a.dg_298_kj_per_mol,
        a.dg_298_err_kj_per_mol,
        a.dg_298_kcal_per_mol,
        a.dg_298_err_kcal_per_mol
    )
}

/// Human rendering of a global fit and the two-step result beside it.
pub fn render_global(r: &GlobalReport) -> String {
    let mut s = format!(
        "Global fit of {} spectra ({} points, {} parameters, {} iterations), χ²_red = {:.3} (noise σ {:.3e} by DER_SNR)\n",
        r.n_spectra, r.n_points, r.n_params, r.iterations, r.chi2_red, r.noise_sd
    );
    for a in &r.processes {
        s += &activation_text(a);
    }
    for x in &r.shifts {
        s += &format!(
            "  ν({}) = {:.3} ± {:.3} Hz at {:.1} K, drift {:.4} ± {:.4} Hz/K\n",
            x.site, x.nu_hz, x.nu_err_hz, r.t0_k, x.drift_hz_per_k, x.drift_err_hz_per_k
        );
    }
    if let (Some(w), Some(e)) = (r.width_factor, r.width_factor_err) {
        s += &format!("  linewidth factor = {w:.4} ± {e:.4}\n");
    }
    s += "Two-step (each spectrum alone, then Eyring):\n";
    for p in &r.two_step.points {
        let k = match (p.k_per_s, p.k_err_per_s) {
            (Some(k), Some(e)) => format!("{k:>10.3} ± {e:<9.3}"),
            _ => format!("{:<22}", "undetermined"),
        };
        s += &format!("  {:>6.1} K  {}  {k}  {}\n", p.temp_k, p.process, p.file);
    }
    for a in &r.two_step.processes {
        s += &activation_text(a);
    }
    for f in &r.two_step.failed {
        s += &format!("  {f}\n");
    }
    s
}
