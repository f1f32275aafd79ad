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
use crate::analysis::lineshape::{self as ls, FitError, FitOptions, ModelSpec};
use crate::error::InputError;
use crate::io::spectrum::{self, is_jcamp};
use crate::io::table;
use ringflux_core::eyring::RatePoint;
use serde::Serialize;
use std::path::{Path, PathBuf};

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
    pub model: ModelSpec,
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
                model: ModelSpec {
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
            model: ModelSpec::default(),
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
    model: &ModelSpec,
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
