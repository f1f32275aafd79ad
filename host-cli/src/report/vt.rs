//! Rendering of `ringflux vt-fit` results (human text, plots).

use super::eyring_fit;
use crate::analysis::lineshape as ls;
use crate::analysis::vt::PointOut;
use crate::analysis::vt::Report;
use crate::analysis::vt::{ActivationOut, GlobalReport};
use crate::report::plot::{self, Axes, Series, Trace};
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
    s + &eyring_fit::render(&r.eyring)
}

/// The Eyring plot: ln(k/T) against 1/T with σ(ln k) = σ_k/k error bars, and the fitted line.
pub fn eyring_plot(r: &Report) -> anyhow::Result<Vec<u8>> {
    let fitted: Vec<&PointOut> = r.points.iter().filter(|p| p.k_per_s.is_some()).collect();
    let xy: Vec<(f64, f64)> = fitted
        .iter()
        .map(|p| (1.0 / p.temp_k, (p.k_per_s.unwrap_or(1.0) / p.temp_k).ln()))
        .collect();
    let err: Vec<f64> = fitted
        .iter()
        .map(|p| p.k_err_per_s.unwrap_or(0.0) / p.k_per_s.unwrap_or(1.0))
        .collect();
    // ln(k/T) = ln(k_B/h) + ln κ + ΔS‡/R − ΔH‡/(R T)  (kinetics.md (f)).
    let rg = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
    let a =
        ringflux_core::constants::LN_BOLTZMANN_OVER_PLANCK + r.kappa.ln() + r.ds_j_per_mol_k / rg;
    let b = -r.dh_kj_per_mol * 1000.0 / rg;
    let (lo, hi) = xy
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    let line = vec![(lo, a + b * lo), (hi, a + b * hi)];
    let label = format!(
        "fit: ΔH‡ = {:.1} ± {:.1} kJ/mol, ΔS‡ = {:.1} ± {:.1} J/(mol·K)",
        r.dh_kj_per_mol, r.dh_err_kj_per_mol, r.ds_j_per_mol_k, r.ds_err_j_per_mol_k
    );
    plot::scatter_fit(
        &Axes::new("Eyring plot", "1/T (K⁻¹)", "ln(k/T) (k in s⁻¹, T in K)"),
        Series::points("rates from lineshape fits (±σ)", xy).with_y_err(err),
        Some(Series::thin(&label, line)),
    )
}

/// The stacked plot of measured and fitted spectra, coldest at the bottom.
pub fn spectra_plot(curves: &[(f64, ls::Fitted)]) -> anyhow::Result<Vec<u8>> {
    let traces: Vec<Trace> = curves
        .iter()
        .map(|(t, f)| Trace {
            label: format!("{t:.0} K"),
            main: f
                .x_hz
                .iter()
                .copied()
                .zip(f.measured.iter().copied())
                .collect(),
            overlay: Some(
                f.x_hz
                    .iter()
                    .copied()
                    .zip(f.fitted.iter().copied())
                    .collect(),
            ),
        })
        .collect();
    plot::stacked(
        &Axes::new(
            "VT series: measured and fitted spectra",
            "ν (Hz)",
            "intensity (each scaled)",
        )
        .reversed(),
        &traces,
        "measured",
        "fitted",
    )
}

/// `out.svg` → `out-spectra.svg`.
pub fn spectra_path(p: &Path) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    p.with_file_name(format!("{stem}-spectra.svg"))
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
