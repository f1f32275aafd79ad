//! Rendering of `ringflux lineshape` results (human text, plots).

use crate::analysis::lineshape::FitReport;
use crate::analysis::lineshape::FreezeReport;
use crate::analysis::lineshape::SimulateReport;
use crate::analysis::lineshape::{ExchangeOut, NSiteFitReport, NSiteSimulateReport, SiteOut};
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
    let opt = |name: &str, v: Option<f64>, e: Option<f64>, unit: &str| match (v, e) {
        (Some(v), Some(e)) => format!("  {name} = {v:.4} ± {e:.4}{unit}\n"),
        _ => String::new(),
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
    s += &opt("wa", r.wa_hz, r.wa_err_hz, " Hz");
    s += &opt("va", r.va_hz, r.va_err_hz, " Hz");
    s += &opt("vb", r.vb_hz, r.vb_err_hz, " Hz");
    s += &opt("p_a", r.pop_a, r.pop_a_err, "");
    s += &format!(
        "  scale = {:.6e}, baseline = {:.4e}, RMS residual = {:.4e} ({} iterations)\n",
        r.scale, r.baseline, r.rms_residual, r.iterations
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

/// The sites and exchanges of an n-site model as text lines.
fn nsite_model_text(sites: &[SiteOut], exchanges: &[ExchangeOut]) -> String {
    let mut s = String::new();
    for x in sites {
        s += &format!(
            "  site {}: ν = {} Hz, w = {} Hz, p = {}\n",
            x.name, x.nu_hz, x.w_hz, x.population
        );
    }
    for e in exchanges {
        s += &format!(
            "  {} → {}: k = {} s⁻¹ (reverse {:.6} s⁻¹ by detailed balance)\n",
            e.from, e.to, e.k_per_s, e.k_reverse_per_s
        );
    }
    s
}

/// Human summary of a simulated n-site spectrum, or (`csv`) the spectrum as `hz,intensity`.
pub fn render_nsite_simulation(r: &NSiteSimulateReport, csv: bool) -> String {
    if csv {
        return to_csv(&r.x_hz, &r.intensity);
    }
    format!(
        "{}-site lineshape of {}, {} points from {} to {} Hz\n{}  noise sd = {:.4e} (seed {}); use --csv or --json for the data\n",
        r.sites.len(),
        r.model_file,
        r.x_hz.len(),
        r.x_hz.first().unwrap_or(&0.0),
        r.x_hz.last().unwrap_or(&0.0),
        nsite_model_text(&r.sites, &r.exchanges),
        r.noise_sd,
        r.seed
    )
}

/// Human rendering of an n-site fit.
pub fn render_nsite_fit(r: &NSiteFitReport) -> String {
    let mut s = format!(
        "{}: {}-site fit ({}) of {} points\n",
        r.spectrum,
        r.sites.len(),
        r.model_file,
        r.n_points
    );
    for f in &r.free {
        let pm = |v: Option<f64>, e: Option<f64>, unit: &str| match (v, e) {
            (Some(v), Some(e)) => format!("{v:.4} ± {e:.4}{unit}"),
            _ => String::new(),
        };
        let mut line = format!(
            "  {} = {}{}{}{}",
            f.name,
            pm(f.k_per_s, f.k_err_per_s, " s⁻¹"),
            pm(f.nu_hz, f.nu_err_hz, " Hz"),
            pm(f.w_hz, f.w_err_hz, " Hz"),
            pm(f.population, f.population_err, "")
        );
        if let Some(kr) = f.k_reverse_per_s {
            line += &format!(" (reverse {kr:.4} s⁻¹)");
        }
        if let (Some(t), Some(dg), Some(e), Some(dgc), Some(ec)) = (
            r.temp_k,
            f.dg_kj_per_mol,
            f.dg_err_kj_per_mol,
            f.dg_kcal_per_mol,
            f.dg_err_kcal_per_mol,
        ) {
            line +=
                &format!(", ΔG‡({t} K) = {dg:.3} ± {e:.3} kJ/mol ({dgc:.3} ± {ec:.3} kcal/mol)");
        }
        if !f.determined {
            line += "  [not determined by this spectrum]";
        }
        s += &line;
        s.push('\n');
    }
    s += &format!(
        "  scale = {:.6e}, baseline = {:.4e}, RMS residual = {:.4e} ({} iterations)\n",
        r.scale, r.baseline, r.rms_residual, r.iterations
    );
    s
}

/// SVG plot of a simulated n-site spectrum.
pub fn nsite_simulation_plot(r: &NSiteSimulateReport) -> anyhow::Result<Vec<u8>> {
    let axes = Axes::new(
        &format!("{}-site exchange lineshape", r.sites.len()),
        "ν (Hz)",
        "intensity (a.u.)",
    )
    .reversed();
    let pts = r
        .x_hz
        .iter()
        .copied()
        .zip(r.intensity.iter().copied())
        .collect();
    plot::lines(&axes, &[Series::line(&r.model_file, pts)])
}

/// Human rendering of a freeze-out result.
pub fn render_freeze(r: &FreezeReport) -> String {
    let mut s = format!(
        "{}: slow-exchange limit (k not determined)\n  p_a = {:.4} ± {:.4}, wa = {:.3} ± {:.3} Hz, wb = {:.3} ± {:.3} Hz\n",
        r.spectrum, r.pop_a, r.pop_a_err, r.wa_hz, r.wa_err_hz, r.wb_hz, r.wb_err_hz
    );
    if let (Some(t), Some(d), Some(e), Some(dc), Some(ec)) = (
        r.temp_k,
        r.dg0_kj_per_mol,
        r.dg0_err_kj_per_mol,
        r.dg0_kcal_per_mol,
        r.dg0_err_kcal_per_mol,
    ) {
        s += &format!(
            "  ΔG°({t} K) = G_b − G_a = {d:.3} ± {e:.3} kJ/mol ({dc:.3} ± {ec:.3} kcal/mol)\n"
        );
    }
    match r.k_upper_per_s {
        Some(k) => {
            s += &format!("  k < {k:.4} s⁻¹ (95 %, at the given natural widths)");
            if let (Some(d), Some(dc)) = (r.dg_lower_kj_per_mol, r.dg_lower_kcal_per_mol) {
                s += &format!(", so ΔG‡ > {d:.2} kJ/mol ({dc:.2} kcal/mol)");
            }
            s.push('\n');
        }
        None => {
            s += "  no bound on k: give the natural widths with --fix-width to bound it\n";
        }
    }
    s
}
