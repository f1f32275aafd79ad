//! `ringflux plan`: plan a VT-NMR experiment from an expected barrier (range), the shift
//! difference and the spectrometer (`ringflux_core::plan`): coalescence temperature, the
//! slow- and fast-exchange temperatures, a schedule in fixed steps, and the deuterated solvents
//! whose liquid range covers the schedule (`shared/reference/vt_solvents_numeric.tsv`).
//!
//! `--mhz` is the spectrometer's ¹H frequency; the observed nucleus's frequency is
//! MHz × Ξ/100 with the IUPAC 2001 frequency ratios Ξ (Harris et al., Pure Appl. Chem. 2001, 73,
//! 1795): ¹H 100, ²H 15.350609, ¹³C 25.145020, ¹⁵N 10.136767, ¹⁹F 94.094011, ³¹P 40.480742 %.

use crate::analysis::plan::compute;
use crate::analysis::plan::Nucleus;
use crate::error::CmdResult;
use crate::report::output::Output;
use crate::report::plan::render;

/// Arguments of `ringflux plan`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Expected ΔG‡, kcal/mol: one value `X` or a range `X..Y`.
    #[arg(long, value_parser = parse_range)]
    pub dg_kcal_per_mol: (f64, f64),
    /// Shift difference of the exchanging signals at slow exchange, ppm.
    #[arg(long, value_parser = super::positive)]
    pub dnu_ppm: f64,
    /// Spectrometer (¹H) frequency, MHz.
    #[arg(long, value_parser = super::positive)]
    pub mhz: f64,
    /// Observed nucleus.
    #[arg(long, value_enum, default_value_t = Nucleus::H1)]
    pub nucleus: Nucleus,
    /// Temperature step of the schedule, K.
    #[arg(long, default_value_t = 10.0, value_parser = super::positive)]
    pub step_k: f64,
    /// Write an SVG of the slow/coalescence/fast windows and the solvents' liquid ranges.
    #[arg(long)]
    pub plot: Option<std::path::PathBuf>,
}

/// Parses `X` or `X..Y` (positive, X ≤ Y).
pub fn parse_range(s: &str) -> Result<(f64, f64), String> {
    let p = |v: &str| {
        crate::io::table::parse_finite(v)
            .filter(|x| *x > 0.0)
            .ok_or_else(|| format!("'{v}' is not a positive number"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (p(a)?, p(b)?),
        None => (p(s)?, p(s)?),
    };
    if b < a {
        return Err(format!("'{s}': the range must go from low to high"));
    }
    Ok((a, b))
}

/// Runs `ringflux plan`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = compute(a.dg_kcal_per_mol, a.dnu_ppm, a.nucleus, a.mhz, a.step_k)?;
    let mut out = Output::new(&r, render(&r))?;
    if let Some(p) = &a.plot {
        out = out.with_file(p.clone(), crate::report::cmd_figures::plan(&r)?);
    }
    Ok(out)
}
