//! `ringflux vt-fit SERIES`: a variable-temperature series of spectra → the rate at each
//! temperature (lineshape fit) → Eyring plot (ΔH‡, ΔS‡, ΔG‡(298.15 K) with standard errors).
//!
//! SERIES is a manifest CSV (`file,temp_k[,va_hz,vb_hz,wa_hz,wb_hz,pop_a,j_hz,k_per_s,from_hz,to_hz]`,
//! files relative to the manifest; per-row values override the flags), or a folder holding exactly
//! one `*.vt.csv` manifest, or a folder of JCAMP-DX spectra whose `##$TE` gives the temperature,
//! or a Bruker dataset folder whose experiments (`<expno>/pdata/1`) have `TE` in their `acqus`.
//! Manifest rows may name Bruker experiment folders as files.
//! Spectra whose rate the data cannot determine (slow or fast limit) are listed as
//! `undetermined` and left out of the Eyring fit; they are never given a guessed rate.

use super::eyring_fit;
use super::lineshape::{self as ls, FitError, FitOptions, ModelArgs};
use crate::error::{CmdResult, InputError};
use crate::output::Output;
use crate::plot::{self, Axes, Series, Trace};
use crate::spectrum::{self, is_jcamp};
use crate::table;
use ringflux_core::eyring::RatePoint;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Arguments of `ringflux vt-fit`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Manifest CSV (`file,temp_k,...`) or a folder (one `*.vt.csv` manifest, or JCAMP files with `##$TE`).
    pub series: PathBuf,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub options: FitOptions,
    /// Transmission coefficient κ.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive)]
    pub kappa: f64,
    /// Write the Eyring plot here, and the stacked measured/fitted spectra beside it (`*-spectra.svg`).
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// One spectrum of the series as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PointOut {
    /// Spectrum file.
    pub file: String,
    /// Temperature, K.
    pub temp_k: f64,
    /// `fitted` or `undetermined` (slow/fast limit: not used in the Eyring fit).
    pub status: &'static str,
    /// Fitted rate, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_per_s: Option<f64>,
    /// Its standard error, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_err_per_s: Option<f64>,
    /// RMS residual of the lineshape fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rms_residual: Option<f64>,
}

/// JSON report of `ringflux vt-fit`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every spectrum, in temperature order.
    pub points: Vec<PointOut>,
    /// The Eyring fit of the determined rates (weighted by (k/σ_k)²).
    pub eyring: eyring_fit::Report,
    /// ΔH‡, kJ/mol (copied from `eyring` for scripts).
    pub dh_kj_per_mol: f64,
    /// Standard error of ΔH‡, kJ/mol.
    pub dh_err_kj_per_mol: f64,
    /// ΔS‡, J/(mol K).
    pub ds_j_per_mol_k: f64,
    /// Standard error of ΔS‡, J/(mol K).
    pub ds_err_j_per_mol_k: f64,
    /// ΔG‡ at 298.15 K, kJ/mol.
    pub dg_298_kj_per_mol: f64,
    /// Its standard error, kJ/mol.
    pub dg_298_err_kj_per_mol: f64,
    /// Transmission coefficient used.
    pub kappa: f64,
}

/// One entry of a series: spectrum file, temperature and per-row model overrides.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Spectrum file.
    pub file: PathBuf,
    /// Temperature, K.
    pub temp_k: f64,
    /// Model values of this row.
    pub model: ModelArgs,
    /// Fit window of this row.
    pub window: (Option<f64>, Option<f64>),
}

const OPTIONAL: [&str; 9] = [
    "va_hz", "vb_hz", "wa_hz", "wb_hz", "pop_a", "j_hz", "k_per_s", "from_hz", "to_hz",
];

/// Reads a manifest CSV.
pub fn read_manifest(path: &Path) -> Result<Vec<Entry>, InputError> {
    let rows = table::read(path, &["file", "temp_k"], &OPTIONAL)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    rows.iter()
        .map(|r| {
            let t = r.num("temp_k")?;
            if t <= 0.0 {
                return Err(r.error("temp_k", "must be greater than zero"));
            }
            let file = dir.join(r.text("file")?);
            if !file.is_file() {
                return Err(r.error("file", format!("no such file: {}", file.display())));
            }
            Ok(Entry {
                file,
                temp_k: t,
                model: ModelArgs {
                    model: None,
                    va_hz: r.opt_num("va_hz")?,
                    vb_hz: r.opt_num("vb_hz")?,
                    k_per_s: r.opt_num("k_per_s")?,
                    wa_hz: r.opt_num("wa_hz")?,
                    wb_hz: r.opt_num("wb_hz")?,
                    pop_a: r.opt_num("pop_a")?,
                    j_hz: r.opt_num("j_hz")?,
                },
                window: (r.opt_num("from_hz")?, r.opt_num("to_hz")?),
            })
        })
        .collect()
}

/// The entries of SERIES (manifest, folder with one manifest, or folder of JCAMP files).
pub fn entries(series: &Path) -> Result<Vec<Entry>, InputError> {
    if series.is_file() {
        return read_manifest(series);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(series)
        .map_err(|e| InputError::file(series, format!("cannot read: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let files: Vec<PathBuf> = paths.iter().filter(|p| p.is_file()).cloned().collect();
    // A Bruker dataset folder: its experiments (`<expno>/` with pdata/1), each with acqus TE.
    let experiments = paths
        .iter()
        .filter(|p| p.is_dir() && crate::io::spectrum::bruker::pdata_dir(p).is_some());
    let manifests: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".vt.csv"))
        .collect();
    match manifests.as_slice() {
        [m] => return read_manifest(m),
        [] => {}
        _ => {
            return Err(InputError::file(
                series,
                "more than one *.vt.csv manifest: name the one to use",
            ))
        }
    }
    let mut out = Vec::new();
    for f in files.iter().filter(|p| is_jcamp(p)).chain(experiments) {
        let s = spectrum::read(f, None)?;
        let t = s.temp_k.ok_or_else(|| {
            InputError::file(
                f,
                "##$TE (JCAMP) / TE (Bruker acqus): no temperature; list it in a *.vt.csv manifest",
            )
        })?;
        out.push(Entry {
            file: f.clone(),
            temp_k: t,
            model: ModelArgs::default(),
            window: (None, None),
        });
    }
    if out.is_empty() {
        return Err(InputError::file(
            series,
            "no *.vt.csv manifest, no JCAMP-DX spectra and no Bruker experiment folders in this folder",
        ));
    }
    Ok(out)
}

/// Fits every spectrum and the Eyring line; also returns the fitted curves for plots.
pub fn compute(
    series: &Path,
    model: &ModelArgs,
    options: &FitOptions,
    kappa: f64,
) -> Result<(Report, Vec<(f64, ls::Fitted)>), InputError> {
    let mut list = entries(series)?;
    list.sort_by(|a, b| a.temp_k.total_cmp(&b.temp_k));
    let bar = indicatif::ProgressBar::new(list.len() as u64).with_message("fitting spectra");
    let mut points = Vec::new();
    let mut rates = Vec::new();
    let mut curves = Vec::new();
    for e in &list {
        bar.inc(1);
        let s = spectrum::read(&e.file, options.mhz)?;
        let m = e.model.or(model);
        let o = FitOptions {
            from_hz: e.window.0.or(options.from_hz),
            to_hz: e.window.1.or(options.to_hz),
            ..options.clone()
        };
        let name = e.file.display().to_string();
        match ls::fit_spectrum(&s, &m, &o, Some(e.temp_k)) {
            Ok(f) => {
                points.push(PointOut {
                    file: name,
                    temp_k: e.temp_k,
                    status: "fitted",
                    k_per_s: Some(f.report.k_per_s),
                    k_err_per_s: Some(f.report.k_err_per_s),
                    rms_residual: Some(f.report.rms_residual),
                });
                rates.push(RatePoint {
                    t_k: e.temp_k,
                    k_per_s: f.report.k_per_s,
                    k_err_per_s: Some(f.report.k_err_per_s),
                });
                curves.push((e.temp_k, f));
            }
            Err(FitError::Undetermined(_)) => points.push(PointOut {
                file: name,
                temp_k: e.temp_k,
                status: "undetermined",
                k_per_s: None,
                k_err_per_s: None,
                rms_residual: None,
            }),
            Err(FitError::Other(err)) => return Err(err),
        }
    }
    bar.finish_and_clear();
    if rates.len() < 3 {
        return Err(InputError::file(
            series,
            format!(
                "only {} of {} spectra gave a determined rate; an Eyring fit needs 3",
                rates.len(),
                list.len()
            ),
        ));
    }
    let ey = eyring_fit::compute(&rates, kappa, series)?;
    Ok((
        Report {
            points,
            dh_kj_per_mol: ey.dh_kj_per_mol,
            dh_err_kj_per_mol: ey.dh_err_kj_per_mol,
            ds_j_per_mol_k: ey.ds_j_per_mol_k,
            ds_err_j_per_mol_k: ey.ds_err_j_per_mol_k,
            dg_298_kj_per_mol: ey.dg_298_kj_per_mol,
            dg_298_err_kj_per_mol: ey.dg_298_err_kj_per_mol,
            kappa,
            eyring: ey,
        },
        curves,
    ))
}

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

/// Runs `ringflux vt-fit`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let (r, curves) = compute(&a.series, &a.model, &a.options, a.kappa)?;
    let mut out = Output::new(&r, render(&r))?;
    if let Some(p) = &a.plot {
        out = out
            .with_file(p.clone(), eyring_plot(&r)?)
            .with_file(spectra_path(p), spectra_plot(&curves)?);
    }
    Ok(out)
}
