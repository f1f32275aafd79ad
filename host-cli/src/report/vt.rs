//! Rendering of `ringflux vt-fit` results (human text, plots).

use super::eyring_fit;
use crate::analysis::lineshape as ls;
use crate::analysis::vt::PointOut;
use crate::analysis::vt::Report;
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
