//! `ringflux coalescence`: ΔG‡ from T_c and Δν by Gutowsky–Holm, Kurland–Rubin–Wise (with
//! `--j-hz`) or Shanan-Atidi–Bar-Eli (with `--pop-major`), with propagated uncertainty.

use crate::analysis::coalescence::{compute, field_of};
use crate::error::{flag_of, CmdResult, InputError};
use crate::report::coalescence::render;
use crate::report::output::Output;
use ringflux_core::protocol::CoalescenceParams;

/// Arguments of `ringflux coalescence`.
#[derive(Debug, Clone, clap::Args)]
#[command(allow_negative_numbers = true)]
#[command(group(clap::ArgGroup::new("separation").required(true).args(["dnu_hz", "dnu_ppm"])))]
pub struct Args {
    /// Coalescence temperature T_c, K.
    #[arg(long, value_parser = super::positive)]
    pub tc_k: f64,
    /// Slow-exchange separation Δν, Hz (for a coupled AB pair: the uncoupled Δν₀).
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true)]
    pub dnu_hz: Option<f64>,
    /// Slow-exchange separation Δδ, ppm (needs --mhz).
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true, requires = "mhz")]
    pub dnu_ppm: Option<f64>,
    /// Spectrometer frequency of the observed nucleus, MHz.
    #[arg(long, value_parser = super::positive)]
    pub mhz: Option<f64>,
    /// Scalar coupling between the exchanging nuclei, Hz (Kurland–Rubin–Wise).
    #[arg(long, value_parser = super::finite, conflicts_with = "pop_major")]
    pub j_hz: Option<f64>,
    /// Population of the major site, 0.5 ≤ p < 1 (Shanan-Atidi–Bar-Eli).
    #[arg(long, value_parser = super::finite)]
    pub pop_major: Option<f64>,
    /// Standard uncertainty of T_c, K.
    #[arg(long, value_parser = super::non_negative)]
    pub tc_err_k: Option<f64>,
    /// Standard uncertainty of Δν, Hz.
    #[arg(long, value_parser = super::non_negative)]
    pub dnu_err_hz: Option<f64>,
}

/// Runs `ringflux coalescence`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let dnu_hz = match (a.dnu_hz, a.dnu_ppm, a.mhz) {
        (Some(hz), _, _) => hz,
        (None, Some(ppm), Some(mhz)) => ppm * mhz,
        _ => {
            return Err(
                InputError::arg("--dnu-hz", "give --dnu-hz, or --dnu-ppm with --mhz").into(),
            )
        }
    };
    let p = CoalescenceParams {
        tc_k: a.tc_k,
        dnu_hz,
        j_hz: a.j_hz,
        pop_major: a.pop_major,
        tc_err_k: a.tc_err_k,
        dnu_err_hz: a.dnu_err_hz,
    };
    let r = compute(&p).map_err(|e| {
        let field = match field_of(e, &p) {
            "dnu_hz" if a.dnu_hz.is_none() => "dnu_ppm",
            f => f,
        };
        InputError::core_as(&flag_of(field), e)
    })?;
    Ok(Output::new(&r, render(&r))?)
}
