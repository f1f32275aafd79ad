//! Rendering of `ringflux lineshape` results (human text, plots).

use crate::analysis::lineshape::FitReport;
use crate::analysis::lineshape::Param;
use crate::analysis::lineshape::SimulateReport;
use crate::report::plot::{self, Axes, Series};
use std::path::Path;

/// The spectrum as CSV text with header `hz,intensity` (full precision).
pub fn to_csv(x: &[f64], y: &[f64]) -> String {
    let mut s = String::from("hz,intensity\n");
    for (a, b) in x.iter().zip(y) {
        s += &format!("{a},{b}\n");
    }
    s
}

/// Human rendering of a fit.
pub fn render_fit(r: &FitReport) -> String {
    let p = &r.parameters;
    let opt = |name: &str, v: &Option<Param>, unit: &str| {
        v.map(|v| format!("  {name} = {:.4} ± {:.4}{unit}\n", v.value, v.err))
            .unwrap_or_default()
    };
    let mut s = format!(
        "{}: {} fit of {} points\n  k = {:.4} ± {:.4} s⁻¹\n",
        r.spectrum,
        p.model.name(),
        r.n_points,
        r.k_per_s,
        r.k_err_per_s
    );
    if let (Some(t), Some(dg), Some(e)) = (r.temp_k, r.dg_kj_per_mol, r.dg_err_kj_per_mol) {
        s += &format!("  ΔG‡({t} K) = {dg:.3} ± {e:.3} kJ/mol\n");
    }
    s += &opt("wa", &r.wa_hz, " Hz");
    s += &opt("va", &r.va_hz, " Hz");
    s += &opt("vb", &r.vb_hz, " Hz");
    s += &opt("p_a", &r.pop_a, "");
    s += &format!(
        "  scale = {:.6e}, baseline = {:.4e}, RMS residual = {:.4e} ({} iterations)\n",
        r.scale.value, r.baseline.value, r.rms_residual, r.iterations
    );
    s
}

/// A plot title from a file name.
pub fn title_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Human summary of a simulated spectrum, or (`csv`) the spectrum as `hz,intensity`.
pub fn render_simulation(r: &SimulateReport, csv: bool) -> String {
    let p = &r.parameters;
    if csv {
        to_csv(&r.x_hz, &r.intensity)
    } else {
        format!(
            "{} lineshape, {} points from {} to {} Hz\n  va = {} Hz, vb = {} Hz, k = {} s⁻¹, wa = {} Hz, wb = {} Hz, p_a = {}{}\n  noise sd = {:.4e} (seed {}); use --csv or --json for the data\n",
            p.model.name(), r.x_hz.len(), r.x_hz.first().unwrap_or(&0.0), r.x_hz.last().unwrap_or(&0.0),
            p.va_hz, p.vb_hz, p.k_per_s, p.wa_hz, p.wb_hz, p.pop_a,
            p.j_hz.map(|j| format!(", J = {j} Hz")).unwrap_or_default(), r.noise_sd, r.seed
        )
    }
}

/// SVG plot of a simulated spectrum.
pub fn simulation_plot(r: &SimulateReport) -> anyhow::Result<Vec<u8>> {
    let p = &r.parameters;
    let axes = Axes::new("Exchange lineshape", "ν (Hz)", "intensity (a.u.)").reversed();
    let label = format!("k = {} s⁻¹", p.k_per_s);
    let pts = r
        .x_hz
        .iter()
        .copied()
        .zip(r.intensity.iter().copied())
        .collect();
    plot::lines(&axes, &[Series::line(&label, pts)])
}
