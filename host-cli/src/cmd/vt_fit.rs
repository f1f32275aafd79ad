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

use super::{FitFlags, ModelFlags};
use crate::analysis::lineshape::ModelSpec;
use crate::analysis::vt::compute;
use crate::analysis::vt::{series_global_fit, GlobalSettings};
use crate::error::CmdResult;
use crate::error::InputError;
use crate::report::cmd_figures;
use crate::report::lineshape::title_of;
use crate::report::output::Output;
use crate::report::vt::render;
use crate::report::vt::render_global;
use crate::report::vt::spectra_path;
use std::path::PathBuf;

/// Arguments of `ringflux vt-fit`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Manifest CSV (`file,temp_k,...`) or a folder (one `*.vt.csv` manifest, or JCAMP files with `##$TE`).
    pub series: PathBuf,
    #[command(flatten)]
    pub model: ModelFlags,
    #[command(flatten)]
    pub options: FitFlags,
    /// Transmission coefficient κ.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive)]
    pub kappa: f64,
    /// Fit ΔH‡ and ΔS‡ to all spectra at once (README "Global VT fit"), beside the two-step
    /// result; widths fixed with --fix-width, else one common width factor.
    #[arg(long)]
    pub global: bool,
    /// With --global: fit each site's shift and a linear drift with T.
    #[arg(long, requires = "global")]
    pub shift_drift: bool,
    /// With --global: an n-site model file; each exchange is a process with its own ΔH‡, ΔS‡
    /// (its k_per_s the start rate at the series' mean temperature).
    #[arg(long, requires = "global")]
    pub model_file: Option<PathBuf>,
    /// Write the Eyring plot here, and the stacked measured/fitted spectra beside it (`*-spectra.svg`).
    /// With --global: one Eyring line per process from the global ΔH‡/ΔS‡, and every spectrum
    /// with the global fit on it.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Runs `ringflux vt-fit`.
pub fn run(a: &Args) -> CmdResult<Output> {
    if a.global {
        return run_global(a);
    }
    let (r, curves) = compute(&a.series, &a.model.spec(), &a.options.options(), a.kappa)?;
    let mut out = Output::new(&r, render(&r))?;
    if let Some(p) = &a.plot {
        let name = title_of(&a.series);
        let undetermined = r.points.len() - r.eyring.points.len();
        out = out
            .with_file(
                p.clone(),
                cmd_figures::eyring(&r.eyring, r.kappa, &name, undetermined)?,
            )
            .with_file(
                spectra_path(p),
                cmd_figures::vt_series(&r, &curves, a.options.mhz, &name)?,
            );
    }
    Ok(out)
}

fn run_global(a: &Args) -> CmdResult<Output> {
    let o = a.options.options();
    if o.fit_shifts || o.fit_population {
        return Err(InputError::arg(
            "--global",
            "fits the shifts with --shift-drift; populations stay fixed",
        )
        .into());
    }
    if a.model_file.is_some() && a.model.spec() != ModelSpec::default() {
        return Err(InputError::arg(
            "--model-file",
            "replaces the two-site flags; give either the file or the flags",
        )
        .into());
    }
    let settings = GlobalSettings {
        model_file: a.model_file.clone(),
        flags: a.model.spec(),
        options: o,
        shift_drift: a.shift_drift,
    };
    let r = series_global_fit(&a.series, &settings)?;
    let mut out = Output::new(&r, render_global(&r))?;
    if let Some(p) = &a.plot {
        let name = title_of(&a.series);
        out = out
            .with_file(p.clone(), cmd_figures::eyring_processes(&r, &name)?)
            .with_file(
                spectra_path(p),
                cmd_figures::vt_series_global(&r, a.options.mhz, &name)?,
            );
    }
    Ok(out)
}
