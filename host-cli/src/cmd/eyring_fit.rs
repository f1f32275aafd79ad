//! `ringflux eyring-fit FILE.csv`: ΔH‡, ΔS‡ and ΔG‡(298.15 K) with standard errors from rate
//! constants at several temperatures (header `temp_k,k_per_s[,k_err_per_s]`).

use crate::analysis::eyring_fit::compute;
use crate::analysis::eyring_fit::read_points;
use crate::error::CmdResult;
use crate::report::cmd_figures;
use crate::report::eyring_fit::render;
use crate::report::output::Output;
use std::path::PathBuf;

/// Arguments of `ringflux eyring-fit`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// CSV with header `temp_k,k_per_s[,k_err_per_s]`; with `k_err_per_s` the fit is weighted.
    pub file: PathBuf,
    /// Transmission coefficient κ.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive)]
    pub kappa: f64,
    /// Write the Eyring plot (ln(k/T) against 1000/T, the fit, ΔH‡, ΔS‡, ΔG‡) as SVG.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Runs `ringflux eyring-fit`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let points = read_points(&a.file)?;
    let r = compute(&points, a.kappa, &a.file)?;
    let mut out = Output::new(&r, render(&r))?;
    if let Some(p) = &a.plot {
        let name = crate::report::lineshape::title_of(&a.file);
        out = out.with_file(p.clone(), cmd_figures::eyring(&r, a.kappa, &name, 0)?);
    }
    Ok(out)
}
