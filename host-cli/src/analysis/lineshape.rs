//! `ringflux lineshape simulate|fit`: exchange-broadened spectra from parameters, and the rate
//! constant (with its standard error) from a measured spectrum.
//!
//! Models (`ringflux_core::lineshape`): `two-site` (uncoupled, unequal populations and widths;
//! k = rate out of site a) and `ab` (mutually exchanging coupled pair; one width `--wa-hz`).
//! Intensities are in nmrsim's units (∫ = 1/2 per exchanging nucleus).

use crate::analysis::noise::Gaussian;
use crate::error::InputError;
use crate::io::model_file::ModelFile;
use crate::io::spectrum::Spectrum;
use crate::units::{kcal, kj};
use ringflux_core::fit::{self, Free, LineshapeFit};
use ringflux_core::lineshape::{self as ls, Ab, Model, TwoSite};
use ringflux_core::nsite::{Exchange, Site};
use ringflux_core::nsite_fit::{self, Param as FreeParam};
use serde::Serialize;

/// The exchange model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Two uncoupled sites, unequal populations and linewidths.
    TwoSite,
    /// Mutually exchanging, J-coupled AB pair.
    Ab,
}

impl ModelKind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::TwoSite => "two-site",
            ModelKind::Ab => "AB",
        }
    }
}

/// A lineshape model as given: every parameter optional, so that a VT manifest row can fill in
/// what the command line left out ([`ModelSpec::or`]); [`ModelSpec::build`] validates it.
/// Error messages name the command-line flag of a parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelSpec {
    /// Exchange model (default two-site).
    pub model: Option<ModelKind>,
    /// Slow-exchange frequency of site a (AB: uncoupled shift of A), Hz.
    pub va_hz: Option<f64>,
    /// Slow-exchange frequency of site b, Hz.
    pub vb_hz: Option<f64>,
    /// Rate constant out of site a (AB: exchange rate), s⁻¹. For `fit`: the starting value
    /// (default: the best of a scan over 0.01–10⁶ s⁻¹).
    pub k_per_s: Option<f64>,
    /// Linewidth (FWHM) of site a without exchange (AB: of both), Hz [default: 0.5].
    pub wa_hz: Option<f64>,
    /// Linewidth of site b, Hz [default: --wa-hz].
    pub wb_hz: Option<f64>,
    /// Population of site a, 0 < p < 1 [default: 0.5].
    pub pop_a: Option<f64>,
    /// Coupling J_AB, Hz (model `ab`).
    pub j_hz: Option<f64>,
}

impl ModelSpec {
    /// Fills unset values from `defaults` (e.g. a manifest row over command-line flags).
    pub fn or(&self, defaults: &ModelSpec) -> ModelSpec {
        ModelSpec {
            model: self.model.or(defaults.model),
            va_hz: self.va_hz.or(defaults.va_hz),
            vb_hz: self.vb_hz.or(defaults.vb_hz),
            k_per_s: self.k_per_s.or(defaults.k_per_s),
            wa_hz: self.wa_hz.or(defaults.wa_hz),
            wb_hz: self.wb_hz.or(defaults.wb_hz),
            pop_a: self.pop_a.or(defaults.pop_a),
            j_hz: self.j_hz.or(defaults.j_hz),
        }
    }

    /// The model kind (two-site unless given).
    pub fn kind(&self) -> ModelKind {
        self.model.unwrap_or(ModelKind::TwoSite)
    }

    /// The model with rate `k` (or --k-per-s), validated; errors name the flag.
    pub fn build(&self, k: Option<f64>) -> Result<Model<f64>, InputError> {
        let need = |v: Option<f64>, f: &str| v.ok_or_else(|| InputError::arg(f, "required"));
        let va = need(self.va_hz, "--va-hz")?;
        let vb = need(self.vb_hz, "--vb-hz")?;
        let k = need(k.or(self.k_per_s), "--k-per-s")?;
        let wa = self.wa_hz.unwrap_or(0.5);
        match self.kind() {
            ModelKind::TwoSite => {
                if self.j_hz.is_some() {
                    return Err(InputError::arg("--j-hz", "only for --model ab"));
                }
                let wb = self.wb_hz.unwrap_or(wa);
                let pa = self.pop_a.unwrap_or(0.5);
                TwoSite::new(va, vb, k, wa, wb, pa)
                    .map(Model::TwoSite)
                    .map_err(model_error)
            }
            ModelKind::Ab => {
                if self.wb_hz.is_some_and(|wb| wb != wa) {
                    return Err(InputError::arg(
                        "--wb-hz",
                        "the AB model has one linewidth (--wa-hz)",
                    ));
                }
                if self.pop_a.is_some_and(|p| p != 0.5) {
                    return Err(InputError::arg(
                        "--pop-a",
                        "mutual AB exchange has equal populations",
                    ));
                }
                let j = need(self.j_hz, "--j-hz")?;
                Ab::new(va, vb, j, k, wa)
                    .map(Model::Ab)
                    .map_err(model_error)
            }
        }
    }
}

/// Flag of a core lineshape parameter.
fn flag(parameter: &str) -> &'static str {
    match parameter {
        "va_hz" => "--va-hz",
        "vb_hz" => "--vb-hz",
        "ka_per_s" | "k_per_s" => "--k-per-s",
        "wa_hz" | "w_hz" => "--wa-hz",
        "wb_hz" => "--wb-hz",
        "pa" => "--pop-a",
        "j_hz" => "--j-hz",
        "population" => "--fit-population",
        _ => "--model",
    }
}

/// Fit options shared by `lineshape fit` and `vt-fit`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitOptions {
    /// Observe frequency of the nucleus, MHz (for a ppm axis; overrides the file's).
    pub mhz: Option<f64>,
    /// Fit only points from this frequency, Hz.
    pub from_hz: Option<f64>,
    /// Fit only points up to this frequency, Hz.
    pub to_hz: Option<f64>,
    /// Keep the linewidth at its given value (needed in the slow and fast limits, where a free
    /// width absorbs the exchange broadening).
    pub fix_width: bool,
    /// Also fit the two shifts.
    pub fit_shifts: bool,
    /// Also fit the population of site a (two-site model).
    pub fit_population: bool,
}

/// A core error about a model parameter, reported against its flag.
pub fn model_error(e: ringflux_core::Error) -> InputError {
    let msg = e.to_string();
    let what = msg
        .split_once(": ")
        .map(|(_, w)| w.to_string())
        .unwrap_or(msg);
    InputError::arg(flag(e.parameter()), what)
}

/// Model parameters as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ModelOut {
    /// `two-site` or `ab`.
    pub model: ModelKind,
    /// ν_a, Hz.
    pub va_hz: f64,
    /// ν_b, Hz.
    pub vb_hz: f64,
    /// Rate constant (two sites: out of a), s⁻¹.
    pub k_per_s: f64,
    /// Two sites: rate out of b, p_a k_a / p_b, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_per_s: Option<f64>,
    /// Linewidth of a (AB: both), Hz.
    pub wa_hz: f64,
    /// Linewidth of b, Hz.
    pub wb_hz: f64,
    /// Population of a.
    pub pop_a: f64,
    /// J_AB, Hz (AB only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub j_hz: Option<f64>,
}

impl From<&Model<f64>> for ModelOut {
    fn from(m: &Model<f64>) -> Self {
        match m {
            Model::TwoSite(t) => ModelOut {
                model: ModelKind::TwoSite,
                va_hz: t.va_hz,
                vb_hz: t.vb_hz,
                k_per_s: t.ka_per_s,
                kb_per_s: Some(t.kb_per_s()),
                wa_hz: t.wa_hz,
                wb_hz: t.wb_hz,
                pop_a: t.pa,
                j_hz: None,
            },
            Model::Ab(a) => ModelOut {
                model: ModelKind::Ab,
                va_hz: a.va_hz,
                vb_hz: a.vb_hz,
                k_per_s: a.k_per_s,
                kb_per_s: None,
                wa_hz: a.w_hz,
                wb_hz: a.w_hz,
                pop_a: 0.5,
                j_hz: Some(a.j_hz),
            },
        }
    }
}

/// JSON report of `lineshape simulate`.
#[derive(Debug, Clone, Serialize)]
pub struct SimulateReport {
    /// Parameters used.
    pub parameters: ModelOut,
    /// Noise standard deviation in intensity units (0 without noise).
    pub noise_sd: f64,
    /// Noise seed.
    pub seed: u64,
    /// Frequencies, Hz.
    pub x_hz: Vec<f64>,
    /// Intensities.
    pub intensity: Vec<f64>,
}

/// The frequency grid and acquisition of a simulated spectrum.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// First frequency, Hz (`None`: min(va, vb) − 50, as nmrsim).
    pub from_hz: Option<f64>,
    /// Last frequency, Hz (`None`: max(va, vb) + 50).
    pub to_hz: Option<f64>,
    /// Number of points, both ends included (2 to 10⁷).
    pub points: usize,
    /// Factor on the intensities.
    pub scale: f64,
    /// Baseline offset added after scaling.
    pub baseline: f64,
    /// Standard deviation of added Gaussian noise, as a fraction of the tallest point.
    pub noise: Option<f64>,
    /// Seed of the noise.
    pub seed: u64,
}

/// Samples a spectrum on the grid from `from` to `to` (`simulate` fills the intensities), then
/// applies the grid's scale, baseline and seeded noise; returns x, y and the noise σ.
fn sample(
    a: &Grid,
    from: f64,
    to: f64,
    simulate: impl FnOnce(&[f64], &mut [f64]) -> Result<(), InputError>,
) -> Result<(Vec<f64>, Vec<f64>, f64), InputError> {
    if a.points < 2 || a.points > 10_000_000 {
        return Err(InputError::arg(
            "--points",
            "must be between 2 and 10000000",
        ));
    }
    let mut x = vec![0.0; a.points];
    ls::linspace(from, to, &mut x).map_err(|e| InputError::arg("--from-hz", e.to_string()))?;
    let mut y = vec![0.0; a.points];
    simulate(&x, &mut y)?;
    for v in &mut y {
        *v = a.scale * *v + a.baseline;
    }
    let peak = y.iter().map(|v| (v - a.baseline).abs()).fold(0.0, f64::max);
    let sd = a.noise.unwrap_or(0.0) * peak;
    if sd > 0.0 {
        Gaussian::new(a.seed).add_to(&mut y, sd);
    }
    Ok((x, y, sd))
}

/// Simulates the spectrum of model `m` on `grid`.
pub fn simulate(model: &ModelSpec, a: &Grid) -> Result<SimulateReport, InputError> {
    let m = model.build(None)?;
    let (va, vb) = (model.va_hz.unwrap_or(0.0), model.vb_hz.unwrap_or(0.0));
    let from = a.from_hz.unwrap_or(va.min(vb) - 50.0);
    let to = a.to_hz.unwrap_or(va.max(vb) + 50.0);
    let (x, y, sd) = sample(a, from, to, |x, y| {
        ls::simulate(&m, x, y).map_err(model_error)
    })?;
    Ok(SimulateReport {
        parameters: ModelOut::from(&m),
        noise_sd: sd,
        seed: a.seed,
        x_hz: x,
        intensity: y,
    })
}

/// JSON report of `lineshape fit`.
#[derive(Debug, Clone, Serialize)]
pub struct FitReport {
    /// The spectrum file.
    pub spectrum: String,
    /// Rate constant (two sites: out of a), s⁻¹.
    pub k_per_s: f64,
    /// Its standard error, s⁻¹.
    pub k_err_per_s: f64,
    /// Temperature given, K.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temp_k: Option<f64>,
    /// ΔG‡ at temp_k (κ = 1), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_kj_per_mol: Option<f64>,
    /// Its standard error from σ_k, kJ/mol (R T σ_k/k).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kj_per_mol: Option<f64>,
    /// All model parameters at the fit (fitted or fixed).
    pub parameters: ModelOut,
    /// Intensity scale from model units to the file's.
    pub scale: f64,
    /// Its standard error.
    pub scale_err: f64,
    /// Baseline offset.
    pub baseline: f64,
    /// Its standard error.
    pub baseline_err: f64,
    /// Fitted linewidth of a (b keeps its ratio to a), Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wa_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wa_err_hz: Option<f64>,
    /// Fitted ν_a, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub va_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub va_err_hz: Option<f64>,
    /// Fitted ν_b, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vb_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vb_err_hz: Option<f64>,
    /// Fitted population of a.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pop_a: Option<f64>,
    /// Its standard error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pop_a_err: Option<f64>,
    /// Root-mean-square residual, intensity units.
    pub rms_residual: f64,
    /// Points fitted.
    pub n_points: usize,
    /// Levenberg–Marquardt iterations.
    pub iterations: usize,
}

/// A fitted spectrum: the report and the curves for plots.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The report.
    pub report: FitReport,
    /// Frequencies fitted, Hz.
    pub x_hz: Vec<f64>,
    /// Measured intensities.
    pub measured: Vec<f64>,
    /// Fitted intensities (scale · I + baseline).
    pub fitted: Vec<f64>,
}

/// Why a spectrum gave no rate.
#[derive(Debug, Clone)]
pub enum FitError {
    /// The data do not determine k (slow or fast limit); the message names the file.
    Undetermined(InputError),
    /// Anything else (bad input, no convergence).
    Other(InputError),
}

impl From<InputError> for FitError {
    fn from(e: InputError) -> Self {
        FitError::Other(e)
    }
}

impl From<FitError> for InputError {
    fn from(e: FitError) -> Self {
        match e {
            FitError::Undetermined(e) | FitError::Other(e) => e,
        }
    }
}

/// Fits one spectrum.
pub fn fit_spectrum(
    s: &Spectrum,
    m: &ModelSpec,
    o: &FitOptions,
    temp_k: Option<f64>,
) -> Result<Fitted, FitError> {
    let lo = o.from_hz.unwrap_or(f64::NEG_INFINITY);
    let hi = o.to_hz.unwrap_or(f64::INFINITY);
    let (x, y) = s.window(lo, hi);
    if x.len() < 10 {
        return Err(FitError::Other(InputError::file(
            &s.path,
            format!("only {} points between --from-hz and --to-hz", x.len()),
        )));
    }
    let base = m.build(Some(m.k_per_s.unwrap_or(1.0).max(1e-3)))?;
    let file_err = |e: ringflux_core::Error| match e {
        ringflux_core::Error::Undetermined(_) => FitError::Undetermined(InputError::file(
            &s.path,
            if o.fix_width {
                "k_per_s: not determined by this spectrum (slow- or fast-exchange limit); \
                 use a spectrum nearer coalescence (at the slow limit, --fit-population gives \
                 the populations and an upper bound on k)"
            } else {
                "k_per_s: not determined by this spectrum (slow- or fast-exchange limit); \
                 fix the linewidth (--fix-width) or use a spectrum nearer coalescence"
            },
        )),
        ringflux_core::Error::NoConvergence(_) => FitError::Other(InputError::file(
            &s.path,
            "k_per_s: the fit did not converge; give starting values nearer the spectrum",
        )),
        e => FitError::Other(InputError::file(&s.path, e.to_string())),
    };
    let start = match m.k_per_s {
        Some(_) => base,
        None => {
            let k0 = fit::scan_k(&x, &y, &base, 1e-2, 1e6, 49).map_err(file_err)?;
            fit::with_k(&base, k0).map_err(|e| FitError::Other(model_error(e)))?
        }
    };
    let free = Free {
        linewidth: !o.fix_width,
        shifts: o.fit_shifts,
        population: o.fit_population,
    };
    if o.fit_population && m.kind() == ModelKind::Ab {
        return Err(InputError::arg("--fit-population", "only for --model two-site").into());
    }
    let f: LineshapeFit<f64> = fit::fit(&x, &y, &start, free).map_err(file_err)?;
    let e = f.model.evaluator();
    let fitted = x
        .iter()
        .map(|&xi| f.scale.value * e.at(xi) + f.baseline.value)
        .collect();
    let k = f.k_per_s.value;
    let dg = match temp_k {
        Some(t) => Some(
            ringflux_core::eyring::dg_j_per_mol(k, t, 1.0)
                .map_err(|e| FitError::Other(InputError::file(&s.path, e.to_string())))?,
        ),
        None => None,
    };
    let r = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
    Ok(Fitted {
        report: FitReport {
            spectrum: s.path.display().to_string(),
            k_per_s: k,
            k_err_per_s: f.k_per_s.err,
            temp_k,
            dg_kj_per_mol: dg.map(kj),
            dg_err_kj_per_mol: temp_k.map(|t| kj(r * t * f.k_per_s.err / k)),
            parameters: ModelOut::from(&f.model),
            scale: f.scale.value,
            scale_err: f.scale.err,
            baseline: f.baseline.value,
            baseline_err: f.baseline.err,
            wa_hz: f.width_hz.map(|e| e.value),
            wa_err_hz: f.width_hz.map(|e| e.err),
            va_hz: f.va_hz.map(|e| e.value),
            va_err_hz: f.va_hz.map(|e| e.err),
            vb_hz: f.vb_hz.map(|e| e.value),
            vb_err_hz: f.vb_hz.map(|e| e.err),
            pop_a: f.pa.map(|e| e.value),
            pop_a_err: f.pa.map(|e| e.err),
            rms_residual: f.rms,
            n_points: f.n_points,
            iterations: f.iterations,
        },
        x_hz: x,
        measured: y,
        fitted,
    })
}

/// Capacity of the n-site models the host builds (sites).
const NSITE_N: usize = crate::io::model_file::MAX_SITES;
/// Capacity of free parameters of an n-site fit.
const NSITE_G: usize = 24;
type NSiteModel = ringflux_core::nsite::NSite<f64, NSITE_N>;

/// A site as reported.
#[derive(Debug, Clone, Serialize)]
pub struct SiteOut {
    /// Name from the model file.
    pub name: String,
    /// Slow-exchange frequency, Hz.
    pub nu_hz: f64,
    /// Linewidth without exchange, Hz.
    pub w_hz: f64,
    /// Population.
    pub population: f64,
}

/// An exchange as reported: the forward rate as given and the reverse by detailed balance.
#[derive(Debug, Clone, Serialize)]
pub struct ExchangeOut {
    /// Site the forward rate leads out of.
    pub from: String,
    /// Site it leads into.
    pub to: String,
    /// Forward rate constant, s⁻¹.
    pub k_per_s: f64,
    /// Reverse rate constant p_from k / p_to, s⁻¹.
    pub k_reverse_per_s: f64,
}

/// Sites and exchanges of a model file, as reported.
fn model_out(
    names: &[String],
    sites: &[Site<f64>],
    exchanges: &[Exchange<f64>],
) -> (Vec<SiteOut>, Vec<ExchangeOut>) {
    let name = |j: usize| names.get(j).cloned().unwrap_or_default();
    let pop = |j: usize| sites.get(j).map_or(f64::NAN, |s| s.population);
    (
        sites
            .iter()
            .enumerate()
            .map(|(j, s)| SiteOut {
                name: name(j),
                nu_hz: s.nu_hz,
                w_hz: s.w_hz,
                population: s.population,
            })
            .collect(),
        exchanges
            .iter()
            .map(|e| ExchangeOut {
                from: name(e.from),
                to: name(e.to),
                k_per_s: e.k_per_s,
                k_reverse_per_s: pop(e.from) * e.k_per_s / pop(e.to),
            })
            .collect(),
    )
}

/// A core error about a model file's model, naming the file and the field.
fn model_file_error(m: &ModelFile, e: ringflux_core::Error) -> InputError {
    InputError::file(&m.path, e.to_string())
}

/// JSON report of `lineshape simulate --model-file`.
#[derive(Debug, Clone, Serialize)]
pub struct NSiteSimulateReport {
    /// The model file.
    pub model_file: String,
    /// Its sites.
    pub sites: Vec<SiteOut>,
    /// Its exchanges.
    pub exchanges: Vec<ExchangeOut>,
    /// Noise standard deviation in intensity units (0 without noise).
    pub noise_sd: f64,
    /// Noise seed.
    pub seed: u64,
    /// Frequencies, Hz.
    pub x_hz: Vec<f64>,
    /// Intensities (∫ = 1/2, as the two-site model).
    pub intensity: Vec<f64>,
}

/// Simulates the n-site spectrum of a model file on `grid`; the file's `from_hz`/`to_hz` fill
/// what the grid leaves unset (default: the extreme shifts ∓ 50 Hz, as the two-site model).
pub fn simulate_model(m: &ModelFile, a: &Grid) -> Result<NSiteSimulateReport, InputError> {
    let model = NSiteModel::new(&m.sites, &m.exchanges).map_err(|e| model_file_error(m, e))?;
    let lo = m
        .sites
        .iter()
        .map(|s| s.nu_hz)
        .fold(f64::INFINITY, f64::min);
    let hi = m
        .sites
        .iter()
        .map(|s| s.nu_hz)
        .fold(f64::NEG_INFINITY, f64::max);
    let from = a.from_hz.or(m.from_hz).unwrap_or(lo - 50.0);
    let to = a.to_hz.or(m.to_hz).unwrap_or(hi + 50.0);
    let (x, y, sd) = sample(a, from, to, |x, y| {
        ringflux_core::nsite::simulate(&model, x, y).map_err(|e| model_file_error(m, e))
    })?;
    let (sites, exchanges) = model_out(&m.names, &m.sites, &m.exchanges);
    Ok(NSiteSimulateReport {
        model_file: m.path.display().to_string(),
        sites,
        exchanges,
        noise_sd: sd,
        seed: a.seed,
        x_hz: x,
        intensity: y,
    })
}

/// A `--free` name of an n-site fit: `k:FROM>TO` (an exchange of the file, either direction as
/// written there), `nu:SITE`, `w:SITE`, `population:SITE`, or `dg:PROCESS` (a barrier: the one
/// rate constant of the exchanges the model file gives that `"process"`; needs a temperature).
pub fn parse_free(m: &ModelFile, name: &str) -> Result<FreeParam, InputError> {
    let bad = |what: String| InputError::arg("--free", format!("'{name}': {what}"));
    let (kind, what) = name.split_once(':').ok_or_else(|| {
        bad("expected k:FROM>TO, nu:SITE, w:SITE, population:SITE or dg:PROCESS".into())
    })?;
    let site = || {
        m.site(what)
            .ok_or_else(|| bad(format!("no site named '{what}' in {}", m.path.display())))
    };
    match kind {
        "k" => {
            let (from, to) = what
                .split_once('>')
                .ok_or_else(|| bad("a rate is k:FROM>TO".into()))?;
            let i = m.exchange(from, to).ok_or_else(|| {
                bad(format!(
                    "no exchange between '{from}' and '{to}' in {}",
                    m.path.display()
                ))
            })?;
            Ok(FreeParam::Rate(i))
        }
        "nu" => Ok(FreeParam::Nu(site()?)),
        "w" => Ok(FreeParam::Width(site()?)),
        "population" => Ok(FreeParam::Population(site()?)),
        "dg" => m.process_mask(what).map(FreeParam::Rates).ok_or_else(|| {
            bad(format!(
                "no exchange of {} names the process '{what}'",
                m.path.display()
            ))
        }),
        _ => Err(bad(format!(
            "unknown kind '{kind}' (k, nu, w, population or dg)"
        ))),
    }
}

/// One fitted parameter of an n-site fit (keys by kind: `k_per_s`/`k_err_per_s` with the reverse
/// rate and, with a temperature, ΔG‡ of the forward step; `nu_hz`/`nu_err_hz`; `w_hz`/`w_err_hz`;
/// `population`/`population_err`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FreeOut {
    /// The `--free` name.
    pub name: String,
    /// Whether the spectrum determines it (rates: σ(ln k) ≤ 1).
    pub determined: bool,
    /// Rate, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_per_s: Option<f64>,
    /// Its standard error, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_err_per_s: Option<f64>,
    /// The reverse rate by detailed balance at the fitted populations, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_reverse_per_s: Option<f64>,
    /// ΔG‡ of the forward step at temp_k (κ = 1), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_kj_per_mol: Option<f64>,
    /// Its standard error (R T σ_k/k), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kj_per_mol: Option<f64>,
    /// ΔG‡, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_kcal_per_mol: Option<f64>,
    /// Its standard error, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kcal_per_mol: Option<f64>,
    /// Shift, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nu_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nu_err_hz: Option<f64>,
    /// Linewidth, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub w_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub w_err_hz: Option<f64>,
    /// Population.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<f64>,
    /// Its standard error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population_err: Option<f64>,
}

/// JSON report of `lineshape fit --model-file`.
#[derive(Debug, Clone, Serialize)]
pub struct NSiteFitReport {
    /// The spectrum file.
    pub spectrum: String,
    /// The model file.
    pub model_file: String,
    /// Temperature given, K.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temp_k: Option<f64>,
    /// The free parameters, in `--free` order.
    pub free: Vec<FreeOut>,
    /// The model at the fit: sites (fixed populations rescaled to the free ones).
    pub sites: Vec<SiteOut>,
    /// The model at the fit: exchanges.
    pub exchanges: Vec<ExchangeOut>,
    /// Intensity scale from model units to the file's.
    pub scale: f64,
    /// Its standard error.
    pub scale_err: f64,
    /// Baseline offset.
    pub baseline: f64,
    /// Its standard error.
    pub baseline_err: f64,
    /// Root-mean-square residual, intensity units.
    pub rms_residual: f64,
    /// Points fitted.
    pub n_points: usize,
    /// Levenberg–Marquardt iterations.
    pub iterations: usize,
}

/// Fits the `free` parameters (`--free` names) of a model file's model to a spectrum, starting
/// from the file's values, with scale and baseline; `temp_k` adds ΔG‡ for each free rate.
pub fn fit_model(
    s: &Spectrum,
    m: &ModelFile,
    free: &[String],
    o: &FitOptions,
    temp_k: Option<f64>,
) -> Result<NSiteFitReport, InputError> {
    if free.is_empty() {
        return Err(InputError::arg(
            "--free",
            "name at least one parameter to fit",
        ));
    }
    let params = free
        .iter()
        .map(|n| parse_free(m, n))
        .collect::<Result<Vec<_>, _>>()?;
    if temp_k.is_none() && params.iter().any(|p| matches!(p, FreeParam::Rates(_))) {
        return Err(InputError::arg(
            "--temp-k",
            "required with --free dg:PROCESS (a barrier is ΔG‡ at a temperature)",
        ));
    }
    if temp_k.is_none() && params.iter().any(|p| matches!(p, FreeParam::Rates(_))) {
        return Err(InputError::arg(
            "--temp-k",
            "required with --free dg:PROCESS (a barrier is ΔG‡ at a temperature)",
        ));
    }
    let lo = o.from_hz.unwrap_or(f64::NEG_INFINITY);
    let hi = o.to_hz.unwrap_or(f64::INFINITY);
    let (x, y) = s.window(lo, hi);
    if x.len() < 10 {
        return Err(InputError::file(
            &s.path,
            format!("only {} points between --from-hz and --to-hz", x.len()),
        ));
    }
    let f = nsite_fit::fit::<f64, NSITE_N, NSITE_G>(&m.sites, &m.exchanges, &params, &x, &y)
        .map_err(|e| match e {
            ringflux_core::Error::Degenerate("free") => {
                InputError::arg("--free", "a parameter is named twice")
            }
            ringflux_core::Error::CapacityExceeded("parameters") => {
                InputError::arg("--free", format!("at most {NSITE_G} free parameters"))
            }
            ringflux_core::Error::OutOfRange("population") => InputError::arg(
                "--free",
                "at least one population must stay fixed (they add up to 1)",
            ),
            ringflux_core::Error::Undetermined(_) => InputError::file(
                &s.path,
                "the free parameters are not determined together by this spectrum (a flat \
                 direction); free fewer of them",
            ),
            ringflux_core::Error::NoConvergence(_) => InputError::file(
                &s.path,
                "the fit did not converge; give starting values nearer the spectrum",
            ),
            e => model_file_error(m, e),
        })?;
    let mut sites = m.sites.clone();
    let mut exchanges = m.exchanges.clone();
    nsite_fit::fitted_model(
        &m.sites,
        &m.exchanges,
        &params,
        &f,
        &mut sites,
        &mut exchanges,
    )
    .map_err(|e| model_file_error(m, e))?;
    let r = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
    let mut out = Vec::new();
    for ((name, p), (e, det)) in free
        .iter()
        .zip(&params)
        .zip(f.values.iter().zip(&f.determined))
    {
        let mut o = FreeOut {
            name: name.clone(),
            determined: *det,
            ..FreeOut::default()
        };
        match *p {
            FreeParam::Rate(_) | FreeParam::Rates(_) => {
                let i = match *p {
                    FreeParam::Rates(mask) => mask.trailing_zeros() as usize,
                    FreeParam::Rate(i) => i,
                    _ => 0,
                };
                let ex = exchanges.get(i).copied().unwrap_or_default();
                let pop = |j: usize| sites.get(j).map_or(f64::NAN, |s| s.population);
                o.k_per_s = Some(e.value);
                o.k_err_per_s = Some(e.err);
                o.k_reverse_per_s = Some(pop(ex.from) * e.value / pop(ex.to));
                if let Some(t) = temp_k {
                    let dg = ringflux_core::eyring::dg_j_per_mol(e.value, t, 1.0)
                        .map_err(|e| InputError::file(&s.path, e.to_string()))?;
                    let err = r * t * e.err / e.value;
                    o.dg_kj_per_mol = Some(kj(dg));
                    o.dg_err_kj_per_mol = Some(kj(err));
                    o.dg_kcal_per_mol = Some(kcal(dg));
                    o.dg_err_kcal_per_mol = Some(kcal(err));
                }
            }
            FreeParam::Nu(_) => (o.nu_hz, o.nu_err_hz) = (Some(e.value), Some(e.err)),
            FreeParam::Width(_) => (o.w_hz, o.w_err_hz) = (Some(e.value), Some(e.err)),
            FreeParam::Population(_) => {
                (o.population, o.population_err) = (Some(e.value), Some(e.err))
            }
        }
        out.push(o);
    }
    let (sites_out, exchanges_out) = model_out(&m.names, &sites, &exchanges);
    Ok(NSiteFitReport {
        spectrum: s.path.display().to_string(),
        model_file: m.path.display().to_string(),
        temp_k,
        free: out,
        sites: sites_out,
        exchanges: exchanges_out,
        scale: f.scale.value,
        scale_err: f.scale.err,
        baseline: f.baseline.value,
        baseline_err: f.baseline.err,
        rms_residual: f.rms,
        n_points: f.n_points,
        iterations: f.iterations,
    })
}

/// JSON report of `lineshape fit --fit-population` on a spectrum at the slow-exchange limit
/// (freeze-out, `ringflux_core::freeze_out`): the populations (and ΔG° with a temperature) and a
/// 95 % upper bound on k instead of a rate.
#[derive(Debug, Clone, Serialize)]
pub struct FreezeReport {
    /// The spectrum file.
    pub spectrum: String,
    /// `"slow_exchange_limit"`: k is not determined, only bounded.
    pub status: &'static str,
    /// Population of site a.
    pub pop_a: f64,
    /// Its standard error.
    pub pop_a_err: f64,
    /// Linewidth of a in the population fit (exchange broadening included), Hz.
    pub wa_hz: f64,
    /// Its standard error, Hz.
    pub wa_err_hz: f64,
    /// Linewidth of b, Hz.
    pub wb_hz: f64,
    /// Its standard error, Hz.
    pub wb_err_hz: f64,
    /// Fitted ν_a (with --fit-shifts), Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub va_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub va_err_hz: Option<f64>,
    /// Fitted ν_b, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vb_hz: Option<f64>,
    /// Its standard error, Hz.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vb_err_hz: Option<f64>,
    /// 95 % upper bound on k out of site a, s⁻¹ — only with --fix-width, whose widths are then
    /// taken as the natural ones (null otherwise: free widths bound nothing).
    pub k_upper_per_s: Option<f64>,
    /// Temperature given, K.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temp_k: Option<f64>,
    /// ΔG° = G_b − G_a = R T ln(p_a/p_b), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_kj_per_mol: Option<f64>,
    /// Its standard error, R T σ_p/(p_a p_b), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_err_kj_per_mol: Option<f64>,
    /// ΔG°, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_kcal_per_mol: Option<f64>,
    /// Its standard error, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_err_kcal_per_mol: Option<f64>,
    /// Lower bound on ΔG‡ of a → b at temp_k from k_upper_per_s (κ = 1), kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_lower_kj_per_mol: Option<f64>,
    /// The same, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_lower_kcal_per_mol: Option<f64>,
}

/// The freeze-out result of a two-site spectrum (module `ringflux_core::freeze_out`): `m`'s
/// shifts, widths and p_a are the start (the widths, with `--fix-width`, the natural ones that
/// bound k).
pub fn freeze_out_spectrum(
    s: &Spectrum,
    m: &ModelSpec,
    o: &FitOptions,
    temp_k: Option<f64>,
) -> Result<FreezeReport, InputError> {
    let Model::TwoSite(t) = m.build(Some(1.0))? else {
        return Err(InputError::arg(
            "--fit-population",
            "only for --model two-site",
        ));
    };
    let lo = o.from_hz.unwrap_or(f64::NEG_INFINITY);
    let hi = o.to_hz.unwrap_or(f64::INFINITY);
    let (x, y) = s.window(lo, hi);
    let sites = [
        Site {
            nu_hz: t.va_hz,
            w_hz: t.wa_hz,
            population: t.pa,
        },
        Site {
            nu_hz: t.vb_hz,
            w_hz: t.wb_hz,
            population: 1.0 - t.pa,
        },
    ];
    let free = ringflux_core::freeze_out::FreezeFree {
        shifts: o.fit_shifts,
    };
    let f = ringflux_core::freeze_out::freeze_out(&x, &y, &sites, free)
        .map_err(|e| InputError::file(&s.path, e.to_string()))?;
    // Two resolved lines, or this is not the slow limit (a fast-exchange average would be split
    // into two broad Lorentzians with meaningless areas).
    let (va, vb) = match f.shifts_hz {
        Some([a, b]) => (a.value, b.value),
        None => (t.va_hz, t.vb_hz),
    };
    if f.widths_hz[0].value + f.widths_hz[1].value > 0.5 * (va - vb).abs() {
        return Err(InputError::file(
            &s.path,
            "the two lines are not resolved: not the slow-exchange limit",
        ));
    }
    let (p, pe) = (f.pa.value, f.pa.err);
    let r = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
    let dg0 = temp_k.map(|t| (r * t * (p / (1.0 - p)).ln(), r * t * pe / (p * (1.0 - p))));
    let k_upper = o.fix_width.then_some(f.k_upper_per_s);
    let dg_lower = match (temp_k, k_upper) {
        (Some(t), Some(k)) => Some(
            ringflux_core::eyring::dg_j_per_mol(k, t, 1.0)
                .map_err(|e| InputError::file(&s.path, e.to_string()))?,
        ),
        _ => None,
    };
    let sh = f.shifts_hz;
    Ok(FreezeReport {
        spectrum: s.path.display().to_string(),
        status: "slow_exchange_limit",
        pop_a: p,
        pop_a_err: pe,
        wa_hz: f.widths_hz[0].value,
        wa_err_hz: f.widths_hz[0].err,
        wb_hz: f.widths_hz[1].value,
        wb_err_hz: f.widths_hz[1].err,
        va_hz: sh.map(|v| v[0].value),
        va_err_hz: sh.map(|v| v[0].err),
        vb_hz: sh.map(|v| v[1].value),
        vb_err_hz: sh.map(|v| v[1].err),
        k_upper_per_s: k_upper,
        temp_k,
        dg0_kj_per_mol: dg0.map(|d| kj(d.0)),
        dg0_err_kj_per_mol: dg0.map(|d| kj(d.1)),
        dg0_kcal_per_mol: dg0.map(|d| kcal(d.0)),
        dg0_err_kcal_per_mol: dg0.map(|d| kcal(d.1)),
        dg_lower_kj_per_mol: dg_lower.map(kj),
        dg_lower_kcal_per_mol: dg_lower.map(kcal),
    })
}
