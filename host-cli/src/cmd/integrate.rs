//! `ringflux integrate SPECTRUM --region A..B --region C..D`: the freeze-out step. Integrals of the
//! rotamers' signals in a slow-exchange spectrum, their ratio and ΔG° (`ringflux_core::equilibrium`).
//!
//! Baseline correction and uncertainties: see [`crate::analysis::integrate`].

use crate::analysis::integrate::compute;
use crate::analysis::integrate::{BaselineSpec, Unit, MAX_BASELINE_ORDER};
use crate::error::CmdResult;
use crate::report::integrate::render;
use crate::report::output::Output;
use std::path::PathBuf;

/// Arguments of `ringflux integrate`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Spectrum: CSV (`hz,intensity` or `ppm,intensity` with --mhz) or JCAMP-DX.
    pub spectrum: PathBuf,
    /// A region `A..B` to integrate (repeat; the first two give the ratio).
    #[arg(long = "region", required = true, value_parser = parse_region, allow_hyphen_values = true)]
    pub regions: Vec<(f64, f64)>,
    /// Unit of the region limits.
    #[arg(long, value_enum, default_value_t = Unit::Ppm)]
    pub unit: Unit,
    /// Observe frequency, MHz (for a ppm CSV; overrides the file's). On a Hz file without a
    /// reference it also allows ppm limits, taking the Hz as counted from 0 ppm (stated in the
    /// output).
    #[arg(long, value_parser = super::positive)]
    pub mhz: Option<f64>,
    /// A signal-free region `A..B` (unit of --unit; repeat): a polynomial of --baseline-order is
    /// fitted to all of them and subtracted, and their noise gives each integral, the ratio and
    /// ΔG° a standard uncertainty. Without it, each region's end points give a straight baseline
    /// and no uncertainty.
    #[arg(long = "baseline", value_parser = parse_region, allow_hyphen_values = true)]
    pub baseline: Vec<(f64, f64)>,
    /// Order of the --baseline polynomial (0 = constant, 1 = straight line, …).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=MAX_BASELINE_ORDER as i64), requires = "baseline")]
    pub baseline_order: u8,
    /// Temperature of the spectrum, K: adds K and ΔG° of the first two regions.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: Option<f64>,
    /// Write an SVG of the spectrum with the regions and their baselines.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Parses `A..B` (two finite numbers).
pub fn parse_region(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("'{s}' is not a region A..B"))?;
    let p = |v: &str| {
        crate::io::table::parse_finite(v).ok_or_else(|| format!("'{v}' is not a finite number"))
    };
    let (a, b) = (p(a)?, p(b)?);
    if a == b {
        return Err(format!("'{s}' is an empty region"));
    }
    Ok((a, b))
}

/// Runs `ringflux integrate`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let baseline = BaselineSpec {
        regions: a.baseline.clone(),
        order: usize::from(a.baseline_order),
    };
    let r = compute(&a.spectrum, a.mhz, &a.regions, a.unit, a.temp_k, &baseline)?;
    let mut out = Output::new(&r, render(&r))?;
    if let Some(p) = &a.plot {
        let s = crate::io::spectrum::read(&a.spectrum, a.mhz)?;
        out = out.with_file(p.clone(), crate::report::cmd_figures::integrate(&r, &s)?);
    }
    Ok(out)
}
