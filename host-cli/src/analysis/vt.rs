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
use crate::units::{kcal, kj};
use ringflux_core::eyring::RatePoint;
use ringflux_core::global_fit::{self as gf, Link, SeriesModel, Shifts, VtSpectrum};
use ringflux_core::nsite::{Activation, Exchange, NSite, Site};
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
    /// The global fit of the same series (`analyze`: [`series_global_fit`]; absent from
    /// `vt-fit` without `--global`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<Box<GlobalReport>>,
    /// Why the global fit failed, when it did (the two-step result above stands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_error: Option<String>,
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
            global: None,
            global_error: None,
        },
        curves,
    ))
}

/// Capacities of the host's global fits: sites, shared parameters, spectra.
const R_GAS: f64 = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
const GLOBAL_N: usize = crate::io::model_file::MAX_SITES;
const GLOBAL_G: usize = 32;
const GLOBAL_S: usize = 128;

/// One spectrum of a series for [`global_fit`]: plain data.
#[derive(Debug, Clone)]
pub struct SeriesSpectrum {
    /// Where it came from (reported).
    pub file: String,
    /// Temperature, K.
    pub temp_k: f64,
    /// Frequencies, Hz.
    pub x_hz: Vec<f64>,
    /// Intensities.
    pub y: Vec<f64>,
}

/// The exchange model of a global fit: sites, and exchanges tied to processes.
#[derive(Debug, Clone)]
pub struct GlobalModel {
    /// Site names.
    pub names: Vec<String>,
    /// Sites: shifts (at the mean temperature with drift; start values), widths, populations.
    pub sites: Vec<Site<f64>>,
    /// Exchanges, each with the index of its process.
    pub links: Vec<Link>,
    /// Process names (one ΔH‡/ΔS‡ pair each).
    pub processes: Vec<String>,
    /// Start rate of each process at the series' mean temperature, s⁻¹.
    pub start_k_per_s: Vec<f64>,
    /// Fit a linear drift of each site's shift with T (and the shifts).
    pub shift_drift: bool,
    /// Fit one common factor on the linewidths (else they stay fixed).
    pub shared_width: bool,
}

/// ΔH‡, ΔS‡, ΔG‡(298.15 K) of one process with standard errors and covariance (kJ and kcal).
#[derive(Debug, Clone, Serialize)]
pub struct ActivationOut {
    /// Process name (`from>to` of its exchange, or `a>b` for two sites).
    pub process: String,
    /// ΔH‡, kJ/mol.
    pub dh_kj_per_mol: f64,
    /// Its standard error, kJ/mol.
    pub dh_err_kj_per_mol: f64,
    /// ΔH‡, kcal/mol.
    pub dh_kcal_per_mol: f64,
    /// Its standard error, kcal/mol.
    pub dh_err_kcal_per_mol: f64,
    /// ΔS‡, J/(mol K).
    pub ds_j_per_mol_k: f64,
    /// Its standard error, J/(mol K).
    pub ds_err_j_per_mol_k: f64,
    /// ΔS‡, cal/(mol K).
    pub ds_cal_per_mol_k: f64,
    /// Its standard error, cal/(mol K).
    pub ds_err_cal_per_mol_k: f64,
    /// cov(ΔH‡, ΔS‡), kJ/mol · J/(mol K).
    pub cov_dh_ds_kj_j_per_mol2_k: f64,
    /// Correlation coefficient of ΔH‡ and ΔS‡.
    pub corr_dh_ds: f64,
    /// ΔG‡ at 298.15 K, kJ/mol.
    pub dg_298_kj_per_mol: f64,
    /// Its standard error (with the covariance), kJ/mol.
    pub dg_298_err_kj_per_mol: f64,
    /// ΔG‡ at 298.15 K, kcal/mol.
    pub dg_298_kcal_per_mol: f64,
    /// Its standard error, kcal/mol.
    pub dg_298_err_kcal_per_mol: f64,
}

impl ActivationOut {
    fn new(process: &str, dh: f64, dh_err: f64, ds: f64, ds_err: f64, cov: f64) -> Self {
        let t = 298.15;
        let dg = dh - t * ds;
        let dg_err = (dh_err * dh_err + t * t * ds_err * ds_err - 2.0 * t * cov)
            .max(0.0)
            .sqrt();
        ActivationOut {
            process: process.to_string(),
            dh_kj_per_mol: kj(dh),
            dh_err_kj_per_mol: kj(dh_err),
            dh_kcal_per_mol: kcal(dh),
            dh_err_kcal_per_mol: kcal(dh_err),
            ds_j_per_mol_k: ds,
            ds_err_j_per_mol_k: ds_err,
            ds_cal_per_mol_k: ds / 4.184,
            ds_err_cal_per_mol_k: ds_err / 4.184,
            cov_dh_ds_kj_j_per_mol2_k: kj(cov),
            corr_dh_ds: cov / (dh_err * ds_err),
            dg_298_kj_per_mol: kj(dg),
            dg_298_err_kj_per_mol: kj(dg_err),
            dg_298_kcal_per_mol: kcal(dg),
            dg_298_err_kcal_per_mol: kcal(dg_err),
        }
    }
}

/// A site's fitted shift (and drift) in a global fit.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftOut {
    /// Site name.
    pub site: String,
    /// Shift at t0_k, Hz.
    pub nu_hz: f64,
    /// Its standard error, Hz.
    pub nu_err_hz: f64,
    /// Drift dν/dT, Hz/K.
    pub drift_hz_per_k: f64,
    /// Its standard error, Hz/K.
    pub drift_err_hz_per_k: f64,
}

/// One spectrum's rate in the two-step result.
#[derive(Debug, Clone, Serialize)]
pub struct TwoStepPoint {
    /// Spectrum file.
    pub file: String,
    /// Temperature, K.
    pub temp_k: f64,
    /// Process.
    pub process: String,
    /// `fitted` or `undetermined` (σ(ln k) > 1 or no fit).
    pub status: &'static str,
    /// Rate, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_per_s: Option<f64>,
    /// Its standard error, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_err_per_s: Option<f64>,
}

/// The two-step result (each spectrum alone, then a weighted Eyring fit per process).
#[derive(Debug, Clone, Serialize)]
pub struct TwoStepOut {
    /// Per spectrum and process.
    pub points: Vec<TwoStepPoint>,
    /// Eyring result per process where at least 3 rates were determined.
    pub processes: Vec<ActivationOut>,
    /// Processes without an Eyring result, and why.
    pub failed: Vec<String>,
}

/// One spectrum of a global fit with the fitted model drawn on its points: the spectrum of the
/// sites at its temperature (shifts with their drift, widths with the common factor) under the
/// rates of every process's fitted ΔH‡ and ΔS‡, times the spectrum's fitted scale plus its
/// baseline. Kept for figures, not in JSON (the spectra are in their files).
#[derive(Debug, Clone)]
pub struct GlobalCurve {
    /// Spectrum file.
    pub file: String,
    /// Temperature, K.
    pub temp_k: f64,
    /// Rate of each process at this temperature from the global fit (order of `processes`), s⁻¹.
    pub k_per_s: Vec<f64>,
    /// Frequencies, Hz.
    pub x_hz: Vec<f64>,
    /// Measured intensities.
    pub measured: Vec<f64>,
    /// The global fit at the same points.
    pub fitted: Vec<f64>,
}

/// JSON report of `vt-fit --global`.
#[derive(Debug, Clone, Serialize)]
pub struct GlobalReport {
    /// `"global"`.
    pub method: &'static str,
    /// The first process's result, flat (the only one for two sites).
    #[serde(flatten)]
    pub first: ActivationOut,
    /// Every process.
    pub processes: Vec<ActivationOut>,
    /// χ²_red = s²/σ², σ the noise estimated from the spectra (DER_SNR, median over spectra).
    pub chi2_red: f64,
    /// The noise σ used, intensity units.
    pub noise_sd: f64,
    /// Residual variance s² = SSR/(n − p).
    pub residual_variance: f64,
    /// Fitted shifts and drifts (with --shift-drift).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<ShiftOut>,
    /// Reference temperature of the drift (mean of the series), K.
    pub t0_k: f64,
    /// Common linewidth factor, when fitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width_factor: Option<f64>,
    /// Its standard error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width_factor_err: Option<f64>,
    /// Spectra, points and parameters.
    pub n_spectra: usize,
    /// Points fitted.
    pub n_points: usize,
    /// Parameters fitted (shared + scale and baseline per spectrum).
    pub n_params: usize,
    /// Levenberg–Marquardt iterations.
    pub iterations: usize,
    /// The two-step result on the same data, for comparison.
    pub two_step: TwoStepOut,
    /// Every spectrum with the global fit on it, in temperature order (figures only).
    #[serde(skip)]
    pub curves: Vec<GlobalCurve>,
}

/// Noise σ of a spectrum by DER_SNR (Stoehr et al., ASP Conf. Ser. 394, 505 (2008)):
/// 1.482602/√6 · median |2 yᵢ − yᵢ₋₂ − yᵢ₊₂|, blind to any signal that is locally linear.
pub fn der_snr_noise(y: &[f64]) -> Option<f64> {
    let mut d: Vec<f64> = y
        .windows(5)
        .map(|w| (2.0 * w[2] - w[0] - w[4]).abs())
        .collect();
    if d.is_empty() {
        return None;
    }
    d.sort_by(f64::total_cmp);
    let n = d.len();
    let med = if n % 2 == 1 {
        d[n / 2]
    } else {
        0.5 * (d[n / 2 - 1] + d[n / 2])
    };
    Some(1.482_602 / 6f64.sqrt() * med)
}

/// Global Eyring fit of a VT series (`ringflux_core::global_fit`): ΔH‡ and ΔS‡ of every process
/// from all spectra at once, beside the two-step result on the same data. `place` names the
/// series in errors.
pub fn global_fit(
    spectra: &[SeriesSpectrum],
    model: &GlobalModel,
    place: &Path,
) -> Result<GlobalReport, InputError> {
    let err = |e: ringflux_core::Error| InputError::file(place, e.to_string());
    if spectra.len() > GLOBAL_S {
        return Err(InputError::file(
            place,
            format!(
                "{} spectra; a global fit takes at most {GLOBAL_S}",
                spectra.len()
            ),
        ));
    }
    if spectra.len() < 3 {
        return Err(InputError::file(
            place,
            "a global fit needs at least 3 spectra",
        ));
    }
    let t0 = spectra.iter().map(|s| s.temp_k).sum::<f64>() / spectra.len() as f64;
    let series = SeriesModel {
        sites: &model.sites,
        links: &model.links,
        t0_k: t0,
        shifts: if model.shift_drift {
            Shifts::Drift
        } else {
            Shifts::Fixed
        },
        shared_width: model.shared_width,
    };
    let vt: Vec<VtSpectrum<'_, f64>> = spectra
        .iter()
        .map(|s| VtSpectrum {
            t_k: s.temp_k,
            x_hz: &s.x_hz,
            y: &s.y,
        })
        .collect();
    // Start: each process's rate at T₀ with ΔS‡ = 0, refined by the two-step result.
    let start: Vec<Activation<f64>> = model
        .start_k_per_s
        .iter()
        .map(|&k| {
            ringflux_core::eyring::dg_j_per_mol(k, t0, 1.0).map(|dg| Activation {
                dh_j_per_mol: dg,
                ds_j_per_mol_k: 0.0,
            })
        })
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let two =
        gf::two_step::<f64, GLOBAL_N, GLOBAL_G, GLOBAL_S>(&series, &start, &vt).map_err(err)?;
    let mut points = Vec::new();
    for (s, row) in spectra.iter().zip(two.rates.iter()) {
        for (q, name) in model.processes.iter().enumerate() {
            let r = row.get(q).copied().flatten();
            points.push(TwoStepPoint {
                file: s.file.clone(),
                temp_k: s.temp_k,
                process: name.clone(),
                status: if r.is_some() {
                    "fitted"
                } else {
                    "undetermined"
                },
                k_per_s: r.map(|p| p.k_per_s),
                k_err_per_s: r.and_then(|p| p.k_err_per_s),
            });
        }
    }
    let mut two_out = TwoStepOut {
        points,
        processes: Vec::new(),
        failed: Vec::new(),
    };
    let mut refined = start.clone();
    for ((q, name), e) in model.processes.iter().enumerate().zip(two.eyring.iter()) {
        match e {
            Ok(f) => {
                two_out.processes.push(ActivationOut::new(
                    name,
                    f.dh_j_per_mol,
                    f.dh_err_j_per_mol,
                    f.ds_j_per_mol_k,
                    f.ds_err_j_per_mol_k,
                    // ΔH‡ = −R·slope, ΔS‡ = R(intercept − ln(k_B/h)) (kinetics.md (f)).
                    -R_GAS * R_GAS * f.cov_intercept_slope_k,
                ));
                if let Some(r) = refined.get_mut(q) {
                    *r = Activation {
                        dh_j_per_mol: f.dh_j_per_mol,
                        ds_j_per_mol_k: f.ds_j_per_mol_k,
                    };
                }
            }
            Err(e) => two_out.failed.push(format!("{name}: {e}")),
        }
    }
    let noise = spectra
        .iter()
        .filter_map(|s| der_snr_noise(&s.y))
        .collect::<Vec<_>>();
    let noise_sd = median(noise).filter(|&s| s > 0.0);
    let g = gf::global_fit::<f64, GLOBAL_N, GLOBAL_G, GLOBAL_S>(&series, &refined, &vt, noise_sd)
        .map_err(|e| match e {
        ringflux_core::Error::CapacityExceeded("parameters") => InputError::file(
            place,
            format!("more than {GLOBAL_G} shared parameters (2 per process + sites)"),
        ),
        e => err(e),
    })?;
    let processes: Vec<ActivationOut> = model
        .processes
        .iter()
        .zip(g.processes.iter())
        .map(|(name, p)| {
            ActivationOut::new(
                name,
                p.dh_j_per_mol.value,
                p.dh_j_per_mol.err,
                p.ds_j_per_mol_k.value,
                p.ds_j_per_mol_k.err,
                p.cov_dh_ds,
            )
        })
        .collect();
    let shifts = if model.shift_drift {
        model
            .names
            .iter()
            .zip(g.shift_hz.iter().zip(g.drift_hz_per_k.iter()))
            .map(|(n, (a, b))| ShiftOut {
                site: n.clone(),
                nu_hz: a.value,
                nu_err_hz: a.err,
                drift_hz_per_k: b.value,
                drift_err_hz_per_k: b.err,
            })
            .collect()
    } else {
        Vec::new()
    };
    let first = processes
        .first()
        .cloned()
        .ok_or_else(|| InputError::file(place, "no process to fit"))?;
    let curves = global_curves(spectra, model, &g, t0).map_err(err)?;
    Ok(GlobalReport {
        method: "global",
        first,
        processes,
        chi2_red: g.chi2_red.unwrap_or(f64::NAN),
        noise_sd: noise_sd.unwrap_or(f64::NAN),
        residual_variance: g.s2,
        shifts,
        t0_k: t0,
        width_factor: g.width_factor.map(|w| w.value),
        width_factor_err: g.width_factor.map(|w| w.err),
        n_spectra: g.n_spectra,
        n_points: g.n_points,
        n_params: g.n_params,
        iterations: g.iterations,
        two_step: two_out,
        curves,
    })
}

/// The fitted model on every spectrum of a global fit ([`GlobalCurve`]): the same sites, rates,
/// scale and baseline that `ringflux_core::global_fit` minimised the residual of.
fn global_curves(
    spectra: &[SeriesSpectrum],
    model: &GlobalModel,
    g: &gf::GlobalFit<f64, GLOBAL_G, GLOBAL_S>,
    t0_k: f64,
) -> Result<Vec<GlobalCurve>, ringflux_core::Error> {
    let width = g.width_factor.map_or(1.0, |w| w.value);
    let mut out = Vec::with_capacity(spectra.len());
    for (i, s) in spectra.iter().enumerate() {
        let sites: Vec<Site<f64>> = model
            .sites
            .iter()
            .enumerate()
            .map(|(j, site)| {
                let (a, b) = if model.shift_drift {
                    (
                        g.shift_hz.get(j).map_or(site.nu_hz, |e| e.value),
                        g.drift_hz_per_k.get(j).map_or(0.0, |e| e.value),
                    )
                } else {
                    (site.nu_hz, 0.0)
                };
                Site {
                    nu_hz: a + b * (s.temp_k - t0_k),
                    w_hz: width * site.w_hz,
                    population: site.population,
                }
            })
            .collect();
        let k_per_s = g
            .processes
            .iter()
            .take(model.processes.len())
            .map(|p| {
                Activation {
                    dh_j_per_mol: p.dh_j_per_mol.value,
                    ds_j_per_mol_k: p.ds_j_per_mol_k.value,
                }
                .rate_per_s(s.temp_k)
            })
            .collect::<Result<Vec<f64>, _>>()?;
        let exchanges: Vec<Exchange<f64>> = model
            .links
            .iter()
            .map(|l| Exchange {
                from: l.from,
                to: l.to,
                k_per_s: k_per_s.get(l.process).copied().unwrap_or(0.0),
            })
            .collect();
        let m = NSite::<f64, GLOBAL_N>::new(&sites, &exchanges)?;
        let (scale, baseline) = (
            g.scale.get(i).map_or(1.0, |e| e.value),
            g.baseline.get(i).map_or(0.0, |e| e.value),
        );
        out.push(GlobalCurve {
            file: s.file.clone(),
            temp_k: s.temp_k,
            k_per_s,
            x_hz: s.x_hz.clone(),
            measured: s.y.clone(),
            fitted: s
                .x_hz
                .iter()
                .map(|&x| scale * m.intensity(x) + baseline)
                .collect(),
        });
    }
    Ok(out)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

/// The global model of a two-site series from the command-line model flags (one process a>b).
pub fn two_site_global_model(
    m: &ModelSpec,
    shift_drift: bool,
    shared_width: bool,
) -> Result<GlobalModel, InputError> {
    if m.kind() != ls::ModelKind::TwoSite {
        return Err(InputError::arg(
            "--model",
            "--global fits two uncoupled sites or a --model-file",
        ));
    }
    let need = |v: Option<f64>, f: &str| v.ok_or_else(|| InputError::arg(f, "required"));
    let wa = m.wa_hz.unwrap_or(0.5);
    let pa = m.pop_a.unwrap_or(0.5);
    Ok(GlobalModel {
        names: vec!["a".into(), "b".into()],
        sites: vec![
            Site {
                nu_hz: need(m.va_hz, "--va-hz")?,
                w_hz: wa,
                population: pa,
            },
            Site {
                nu_hz: need(m.vb_hz, "--vb-hz")?,
                w_hz: m.wb_hz.unwrap_or(wa),
                population: 1.0 - pa,
            },
        ],
        links: vec![Link {
            from: 0,
            to: 1,
            process: 0,
        }],
        processes: vec!["a>b".into()],
        start_k_per_s: vec![m.k_per_s.unwrap_or(100.0)],
        shift_drift,
        shared_width,
    })
}

/// The global model of a model file: the exchanges that name one `"process"` share one ΔH‡/ΔS‡
/// pair (named by the process); every other exchange is its own process (named `from>to`). The
/// start rate of a process is its exchanges' `k_per_s`.
pub fn file_global_model(
    m: &crate::io::model_file::ModelFile,
    shift_drift: bool,
    shared_width: bool,
) -> GlobalModel {
    let mut processes: Vec<String> = Vec::new();
    let mut start_k_per_s = Vec::new();
    let mut links = Vec::new();
    for (i, e) in m.exchanges.iter().enumerate() {
        let name = m
            .processes
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_else(|| m.exchange_label(i));
        let q = processes
            .iter()
            .position(|p| *p == name)
            .unwrap_or_else(|| {
                processes.push(name);
                start_k_per_s.push(e.k_per_s.max(1e-3));
                processes.len() - 1
            });
        links.push(Link {
            from: e.from,
            to: e.to,
            process: q,
        });
    }
    GlobalModel {
        names: m.names.clone(),
        sites: m.sites.clone(),
        links,
        processes,
        start_k_per_s,
        shift_drift,
        shared_width,
    }
}

/// Reads the spectra of SERIES for a global fit (windows from the rows or `options`).
pub fn read_series(series: &Path, options: &FitOptions) -> Result<Vec<SeriesSpectrum>, InputError> {
    let mut list = entries(series)?;
    list.sort_by(|a, b| a.temp_k.total_cmp(&b.temp_k));
    list.iter()
        .map(|e| {
            let s = spectrum::read(&e.file, options.mhz)?;
            let lo = e.window.0.or(options.from_hz).unwrap_or(f64::NEG_INFINITY);
            let hi = e.window.1.or(options.to_hz).unwrap_or(f64::INFINITY);
            let (x, y) = s.window(lo, hi);
            Ok(SeriesSpectrum {
                file: e.file.display().to_string(),
                temp_k: e.temp_k,
                x_hz: x,
                y,
            })
        })
        .collect()
}

/// The one two-site model of a series for a global fit: the manifest rows' model values over
/// `flags` (rows override flags, as in [`compute`]). A global fit has one model for all spectra,
/// so rows that give different values are an error naming the first differing row.
pub fn series_two_site_model(series: &Path, flags: &ModelSpec) -> Result<ModelSpec, InputError> {
    let list = entries(series)?;
    let first = list.first().map(|e| e.model.clone()).unwrap_or_default();
    if let Some(e) = list.iter().find(|e| e.model != first) {
        return Err(InputError::file(
            series,
            format!(
                "{}: its model values differ from the first row's; a global fit takes one \
                 model for the whole series",
                e.file.display()
            ),
        ));
    }
    Ok(first.or(flags))
}

/// The model file `analyze` uses with a manifest: `NAME.vt.csv` → `NAME.model.json` beside it.
pub fn model_file_of(manifest: &Path) -> Option<PathBuf> {
    let name = manifest.file_name()?.to_str()?;
    let stem = name.strip_suffix(".vt.csv")?;
    Some(manifest.with_file_name(format!("{stem}.model.json")))
}

/// The manifest a model file belongs to: `NAME.model.json` → `NAME.vt.csv` beside it (the
/// inverse of [`model_file_of`]).
///
/// ```
/// use ringflux_cli::analysis::vt::{manifest_of_model_file, model_file_of};
/// use std::path::Path;
/// let m = manifest_of_model_file(Path::new("d/h.model.json")).unwrap();
/// assert_eq!(m, Path::new("d/h.vt.csv"));
/// assert_eq!(model_file_of(&m).unwrap(), Path::new("d/h.model.json"));
/// assert!(manifest_of_model_file(Path::new("d/h.json")).is_none());
/// ```
pub fn manifest_of_model_file(model: &Path) -> Option<PathBuf> {
    let name = model.file_name()?.to_str()?;
    let stem = name.strip_suffix(".model.json")?;
    Some(model.with_file_name(format!("{stem}.vt.csv")))
}

/// What a global fit of a series is built from (`vt-fit --global` and `analyze` share it, so
/// both give the same numbers on the same series).
#[derive(Debug, Clone, Default)]
pub struct GlobalSettings {
    /// An n-site model file (else the two-site model of the manifest rows and `flags`).
    pub model_file: Option<PathBuf>,
    /// Two-site model values (flags), under the manifest rows' values.
    pub flags: ModelSpec,
    /// Fit options: the window (the model file's `from_hz`/`to_hz` fill what is unset) and
    /// `fix_width` (else one common width factor is fitted).
    pub options: FitOptions,
    /// Fit each site's shift and its linear drift with T.
    pub shift_drift: bool,
}

/// The global fit of SERIES with `settings` ([`global_fit`] on [`read_series`]).
pub fn series_global_fit(
    series: &Path,
    settings: &GlobalSettings,
) -> Result<GlobalReport, InputError> {
    let shared_width = !settings.options.fix_width;
    let mut options = settings.options.clone();
    let model = match &settings.model_file {
        Some(p) => {
            let m = crate::io::model_file::read(p)?;
            options.from_hz = options.from_hz.or(m.from_hz);
            options.to_hz = options.to_hz.or(m.to_hz);
            file_global_model(&m, settings.shift_drift, shared_width)
        }
        None => two_site_global_model(
            &series_two_site_model(series, &settings.flags)?,
            settings.shift_drift,
            shared_width,
        )?,
    };
    let spectra = read_series(series, &options)?;
    global_fit(&spectra, &model, series)
}
