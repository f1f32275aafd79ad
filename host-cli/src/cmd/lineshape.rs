//! `ringflux lineshape simulate|fit`: exchange-broadened spectra from parameters, and the rate
//! constant (with its standard error) from a measured spectrum.
//!
//! Models (`ringflux_core::lineshape`): `two-site` (uncoupled, unequal populations and widths;
//! k = rate out of site a) and `ab` (mutually exchanging coupled pair; one width `--wa-hz`).
//! Intensities are in nmrsim's units (∫ = 1/2 per exchanging nucleus).

use super::{FitFlags, ModelFlags};
use crate::analysis::lineshape::fit_spectrum;
use crate::analysis::lineshape::simulate;
use crate::analysis::lineshape::Grid;
use crate::analysis::lineshape::{fit_model, simulate_model, ModelSpec};
use crate::analysis::lineshape::{freeze_out_spectrum, FitError};
use crate::error::{CmdResult, InputError};
use crate::io::model_file;
use crate::io::spectrum::{self};
use crate::report::cmd_figures::{self, ppm_axis};
use crate::report::lineshape::render_fit;
use crate::report::lineshape::render_freeze;
use crate::report::lineshape::render_simulation;
use crate::report::lineshape::simulation_plot;
use crate::report::lineshape::title_of;
use crate::report::lineshape::{nsite_simulation_plot, render_nsite_fit, render_nsite_simulation};
use crate::report::output::Output;
use std::path::PathBuf;

/// Arguments of `ringflux lineshape`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// `lineshape` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Simulate a spectrum (optionally with seeded Gaussian noise).
    Simulate(SimulateArgs),
    /// Fit the rate constant (and nuisance parameters) to a measured spectrum.
    Fit(FitArgs),
}

/// Arguments of `ringflux lineshape simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub model: ModelFlags,
    /// n-site model file (JSON: sites, exchanges, optional from_hz/to_hz/points; README
    /// "n-site exchange"), instead of the two-site/AB flags.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
    /// First frequency, Hz [default: min(va, vb) − 50, as nmrsim].
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true)]
    pub from_hz: Option<f64>,
    /// Last frequency, Hz [default: max(va, vb) + 50].
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true)]
    pub to_hz: Option<f64>,
    /// Number of points (both ends included) [default: the model file's `points`, else 800].
    #[arg(long)]
    pub points: Option<usize>,
    /// Multiply the intensities by this factor.
    #[arg(long, default_value_t = 1.0, value_parser = super::finite, allow_negative_numbers = true)]
    pub scale: f64,
    /// Add this baseline offset (after scaling).
    #[arg(long, default_value_t = 0.0, value_parser = super::finite, allow_negative_numbers = true)]
    pub baseline: f64,
    /// Add Gaussian noise with this standard deviation, as a fraction of the tallest point.
    #[arg(long, value_parser = super::non_negative)]
    pub noise: Option<f64>,
    /// Seed of the noise (the same seed gives the same spectrum).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print the spectrum as CSV (`hz,intensity`) instead of the summary.
    #[arg(long)]
    pub csv: bool,
    /// Write an SVG plot of the spectrum.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// The two-site/AB flags must not be mixed with a model file.
fn no_model_flags(m: &ModelFlags) -> Result<(), InputError> {
    if m.spec() != ModelSpec::default() {
        return Err(InputError::arg(
            "--model-file",
            "replaces --model, --va-hz, --vb-hz, --k-per-s, --wa-hz, --wb-hz, --pop-a and --j-hz; \
             give either the file or the flags",
        ));
    }
    Ok(())
}

fn run_simulate(a: &SimulateArgs) -> CmdResult<Output> {
    let file = match &a.model_file {
        Some(p) => {
            no_model_flags(&a.model)?;
            Some(model_file::read(p)?)
        }
        None => None,
    };
    let grid = Grid {
        from_hz: a.from_hz,
        to_hz: a.to_hz,
        points: a
            .points
            .or(file.as_ref().and_then(|m| m.points))
            .unwrap_or(800),
        scale: a.scale,
        baseline: a.baseline,
        noise: a.noise,
        seed: a.seed,
    };
    if let Some(m) = &file {
        let r = simulate_model(m, &grid)?;
        let mut out = Output::new(&r, render_nsite_simulation(&r, a.csv))?;
        if let Some(path) = &a.plot {
            out = out.with_file(path.clone(), nsite_simulation_plot(&r)?);
        }
        return Ok(out);
    }
    let r = simulate(&a.model.spec(), &grid)?;
    let mut out = Output::new(&r, render_simulation(&r, a.csv))?;
    if let Some(path) = &a.plot {
        out = out.with_file(path.clone(), simulation_plot(&r)?);
    }
    Ok(out)
}

/// Arguments of `ringflux lineshape fit`.
#[derive(Debug, clap::Args)]
pub struct FitArgs {
    /// Spectrum: CSV (`hz,intensity`, or `ppm,intensity` with --mhz) or JCAMP-DX.
    pub spectrum: PathBuf,
    #[command(flatten)]
    pub model: ModelFlags,
    #[command(flatten)]
    pub options: FitFlags,
    /// n-site model file (start values of the free parameters, values of the fixed ones),
    /// instead of the two-site/AB flags; name what to fit with --free.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
    /// With --model-file: a parameter to fit, `k:FROM>TO` (an exchange of the file), `nu:SITE`,
    /// `w:SITE` or `population:SITE` (repeat the flag, or list several).
    #[arg(long, num_args = 1.., requires = "model_file")]
    pub free: Vec<String>,
    /// Temperature of the spectrum, K: adds ΔG‡ at that temperature.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: Option<f64>,
    /// Write an SVG plot of the measured and fitted spectra.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

fn run_fit(a: &FitArgs) -> CmdResult<Output> {
    if let Some(p) = &a.model_file {
        no_model_flags(&a.model)?;
        let o = a.options.options();
        for (set, flag) in [
            (o.fix_width, "--fix-width"),
            (o.fit_shifts, "--fit-shifts"),
            (o.fit_population, "--fit-population"),
        ] {
            if set {
                return Err(InputError::arg(
                    flag,
                    "not with --model-file: name the parameters to fit with --free",
                )
                .into());
            }
        }
        if a.plot.is_some() {
            return Err(InputError::arg("--plot", "not yet with --model-file").into());
        }
        let m = model_file::read(p)?;
        let s = spectrum::read(&a.spectrum, o.mhz)?;
        let r = fit_model(&s, &m, &a.free, &o, a.temp_k)?;
        return Ok(Output::new(&r, render_nsite_fit(&r))?);
    }
    let s = spectrum::read(&a.spectrum, a.options.mhz)?;
    let o = a.options.options();
    let f = match fit_spectrum(&s, &a.model.spec(), &o, a.temp_k) {
        Ok(f) => f,
        // Slow-exchange limit with --fit-population: the populations and a bound on k
        // (freeze-out); where that fails too (e.g. the fast limit) the original message stands.
        Err(FitError::Undetermined(e)) if o.fit_population && a.plot.is_none() => {
            return match freeze_out_spectrum(&s, &a.model.spec(), &o, a.temp_k) {
                Ok(r) => Ok(Output::new(&r, render_freeze(&r))?),
                Err(_) => Err(e.into()),
            };
        }
        Err(e) => return Err(InputError::from(e).into()),
    };
    let mut out = Output::new(&f.report, render_fit(&f.report))?;
    if let Some(path) = &a.plot {
        let svg = cmd_figures::lineshape_fit(&f, &title_of(&a.spectrum), ppm_axis(&s))?;
        out = out.with_file(path.clone(), svg);
    }
    Ok(out)
}

/// Runs `ringflux lineshape`.
pub fn run(a: &Args) -> CmdResult<Output> {
    match &a.action {
        Action::Simulate(s) => run_simulate(s),
        Action::Fit(f) => run_fit(f),
    }
}
