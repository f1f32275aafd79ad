//! Rendering of `ringflux validate` results (human text, plots).

use crate::analysis::shifts::NUCLEI;
use crate::analysis::shifts::{DftOutputNote, Report};
use crate::io::qc::EnergyKind;
use crate::io::shift_data::nucleus_name;
use crate::report::plot::{self, Axes, Series};
use ringflux_core::dp4::Nucleus;
use std::path::{Path, PathBuf};

/// The plot files for `--plot path`: one per nucleus present (¹H beside it when both are).
pub fn plot_paths(path: &Path, nuclei: &[Nucleus]) -> Vec<(Nucleus, PathBuf)> {
    nuclei
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            if i == 0 {
                (n, path.to_path_buf())
            } else {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ext = path
                    .extension()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "svg".into());
                let tag = nucleus_name(n);
                (n, path.with_file_name(format!("{stem}-{tag}.{ext}")))
            }
        })
        .collect()
}

/// SVG scatter of calculated against experimental shifts, one series per candidate, and y = x.
pub fn scatter(r: &Report, nuc: Nucleus) -> anyhow::Result<Vec<u8>> {
    let nucleus = nucleus_name(nuc);
    let mut series = Vec::new();
    let mut scaled = Vec::new();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, c) in r.candidates.iter().enumerate() {
        let pts: Vec<(f64, f64)> = c
            .shifts
            .iter()
            .filter(|s| s.nucleus == nucleus)
            .map(|s| (s.exp_ppm, s.calc_ppm))
            .collect();
        for &(x, y) in &pts {
            lo = lo.min(x.min(y));
            hi = hi.max(x.max(y));
        }
        let mae = c.nuclei.get(nuc).map_or(f64::NAN, |s| s.mae_ppm);
        let mut label = format!("{} (MAE {mae:.2} ppm", c.name);
        if let Some(p) = dp4_of(r, nuc, i) {
            label += &format!(", {p}");
        }
        let line = c
            .nuclei
            .get(nuc)
            .and_then(|s| s.corrected.as_ref())
            .and_then(|k| regression_line(r.scaling, k.slope, k.intercept_ppm, &pts));
        series.push(Series::points(&(label + ")"), pts).colored(i));
        if let (Some(line), Some(k)) = (line, c.nuclei.get(nuc).and_then(|s| s.corrected.as_ref()))
        {
            let text = format!(
                "{} regression ({}): slope {:.4}, intercept {:.2} ppm",
                c.name, r.scaling, k.slope, k.intercept_ppm
            );
            scaled.push(Series::thin(&text, line).colored(i));
        }
    }
    series.extend(scaled);
    series.push(Series::thin("calc = exp", vec![(lo, lo), (hi, hi)]).colored(plot::BLACK_INDEX));
    let sup = plot::nucleus_label(nucleus);
    let axes = Axes::new(
        &format!(
            "Calculated vs experimental {sup} shifts: {}",
            Path::new(&r.exp_file)
                .file_name()
                .map_or(r.exp_file.clone(), |n| n.to_string_lossy().into_owned())
        ),
        &format!("δ exp, {sup} (ppm)"),
        &format!("δ calc, {sup} (ppm)"),
    );
    plot::lines(&axes, &series)
}

/// The candidate's linear-scaling line as calc against exp over its experimental range:
/// `calc_on_exp` fits calc = slope·exp + intercept, `exp_on_calc` fits exp = slope·calc +
/// intercept, so calc = (exp − intercept)/slope (`None` for a zero slope or no points).
fn regression_line(
    scaling: &str,
    slope: f64,
    intercept: f64,
    pts: &[(f64, f64)],
) -> Option<Vec<(f64, f64)>> {
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let calc = |x: f64| match scaling {
        "exp_on_calc" => (slope != 0.0).then(|| (x - intercept) / slope),
        _ => Some(slope * x + intercept),
    };
    Some(vec![(lo, calc(lo)?), (hi, calc(hi)?)])
}

/// DP4 probability of candidate `i` from this nucleus' data and from all nuclei, and the DP4+
/// probability when computed, as legend text (`None`: no DP4 run).
fn dp4_of(r: &Report, nuc: Nucleus, i: usize) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(d) = &r.dp4 {
        let sup = plot::nucleus_label(nucleus_name(nuc));
        if let Some(p) = d.probabilities.get(nuc).and_then(|v| v.get(i)) {
            parts.push(format!("DP4({sup}) {:.1} %", 100.0 * p));
        }
        if let Some(p) = d.combined.get(i) {
            parts.push(format!("DP4 {:.1} %", 100.0 * p));
        }
    }
    if let Some(d) = &r.dp4plus {
        let full = d.probabilities.iter().find(|p| p.term == "full");
        if let Some(p) = full.and_then(|p| p.probabilities.get(i)) {
            parts.push(format!("DP4+ {:.1} %", 100.0 * p));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Human line of a DFT job output `analyze` found outside any manifest.
pub fn render_dft_output(n: &DftOutputNote) -> String {
    let mut s = String::new();
    if let Some(p) = &n.partner {
        s += &format!("  pair with {p}\n");
    }
    if n.used_by.is_empty() {
        s += "  not used\n";
    } else {
        s += &format!(
            "  input of the validation against {}\n",
            n.used_by.join(", ")
        );
    }
    s
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "Shift validation against {} (Boltzmann at {:.2} K, {} energies; δ = {}; σ_ref {})\n",
        r.exp_file,
        r.temp_k,
        match r.energy {
            EnergyKind::Scf => "SCF",
            EnergyKind::Free => "free",
        },
        r.shift_formula,
        NUCLEI
            .iter()
            .filter_map(|&n| r
                .reference_shielding_ppm
                .get(n)
                .map(|v| format!("{} {v:.4} ppm", nucleus_name(n))))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for w in &r.warnings {
        s += &format!("warning: {w}\n");
    }
    if let Some(d) = &r.dft_jobs {
        s += &format!(
            "DFT job outputs found (one candidate per <stem>, σ_ref from {}):\n",
            d.tms_file
        );
        for p in &d.pairs {
            s += &format!(
                "  {} {}: {} + {}\n",
                p.candidate, p.family, p.optfreq_file, p.nmr_file
            );
        }
        for u in &d.unpaired_files {
            s += &format!("  unpaired, not used: {u}\n");
        }
    }
    for c in &r.candidates {
        s += &format!("\n{}\n", c.name);
        for cf in &c.conformers {
            let pair = match (&cf.nmr_file, cf.pair_rmsd_angstrom) {
                (Some(n), Some(r)) => format!(" + {n} (pair, RMSD {r:.1e} Å)"),
                _ => String::new(),
            };
            s += &format!(
                "  conformer {}{pair}  ΔE {} kcal/mol  p = {:.4}\n",
                cf.file,
                cf.relative_energy_kcal_per_mol
                    .map_or("—".into(), |e| format!("{e:.3}")),
                cf.population
            );
        }
        s += &format!(
            "  {:<10} {:>4} {:>9} {:>9} {:>8} {:>9} {:>8}\n",
            "signal", "nuc", "exp", "calc", "error", "scaled", "s.err"
        );
        for x in &c.shifts {
            let opt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
            s += &format!(
                "  {:<10} {:>4} {:>9.3} {:>9.3} {:>8.3} {:>9} {:>8}\n",
                x.label,
                x.nucleus,
                x.exp_ppm,
                x.calc_ppm,
                x.error_ppm,
                opt(x.scaled_ppm),
                opt(x.scaled_error_ppm)
            );
        }
        for (n, st) in NUCLEI
            .iter()
            .filter_map(|&n| Some((nucleus_name(n), c.nuclei.get(n)?)))
        {
            s += &format!(
                "  {n}: n = {}, MAE {:.3}, RMSE {:.3}, max {:.3} ppm; ",
                st.n, st.mae_ppm, st.rmse_ppm, st.max_abs_error_ppm
            );
            s += &match &st.corrected {
                Some(c) => format!(
                    "corrected ({}) MAE {:.3}, max {:.3} ppm (slope {:.4}, intercept {:.3})\n",
                    r.scaling, c.cmae_ppm, c.cmax_abs_error_ppm, c.slope, c.intercept_ppm
                ),
                None => "no scaling (fewer than 2 distinct shifts)\n".to_string(),
            };
        }
    }
    let names: Vec<&str> = r.candidates.iter().map(|c| c.name.as_str()).collect();
    let table = |title: String, probs: &[(&str, &Vec<f64>)]| {
        let mut t = format!("\n{title}\n  {:<10}", "");
        for n in &names {
            t += &format!(" {n:>12}");
        }
        t += "\n";
        for (k, v) in probs {
            t += &format!("  {k:<10}");
            for p in v.iter() {
                t += &format!(" {:>11.2}%", 100.0 * p);
            }
            t += "\n";
        }
        t
    };
    if let Some(d) = &r.dp4 {
        let mut rows: Vec<(&str, &Vec<f64>)> = NUCLEI
            .iter()
            .filter_map(|&n| Some((nucleus_name(n), d.probabilities.get(n)?)))
            .collect();
        rows.push(("combined", &d.combined));
        s += &table(
            format!("DP4 ({:?} model, scaled calc-on-exp errors)", d.model),
            &rows,
        );
    }
    if let Some(d) = &r.dp4plus {
        let rows: Vec<(&str, &Vec<f64>)> = d
            .probabilities
            .iter()
            .map(|p| (p.term, &p.probabilities))
            .collect();
        s += &table(
            format!("DP4+ ({}, TMS {}; full = DP4+)", d.level, d.tms_source),
            &rows,
        );
    }
    for p in &r.plots {
        s += &format!("\nplot: {p}\n");
    }
    s
}
