//! `ringflux eyring`: k ↔ ΔG‡ at one temperature (Eyring equation), and the half-life.

use crate::error::{CmdResult, InputError};
use crate::report::output::Output;
use crate::units::{j_from_kcal, j_from_kj, kcal, kj};
use ringflux_core::eyring;
use serde::Serialize;

/// Arguments of `ringflux eyring`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
#[command(group(clap::ArgGroup::new("given").required(true).args(["dg_kj_per_mol", "dg_kcal_per_mol", "k_per_s"])))]
pub struct Args {
    /// Temperature, K.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: f64,
    /// Free energy of activation, kJ/mol.
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true)]
    pub dg_kj_per_mol: Option<f64>,
    /// Free energy of activation, kcal/mol.
    #[arg(long, value_parser = super::finite, allow_negative_numbers = true)]
    pub dg_kcal_per_mol: Option<f64>,
    /// First-order rate constant (per site), s⁻¹.
    #[arg(long, value_parser = super::positive)]
    pub k_per_s: Option<f64>,
    /// Transmission coefficient κ.
    #[arg(long, default_value_t = 1.0, value_parser = super::positive)]
    pub kappa: f64,
}

/// JSON report of `ringflux eyring`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Temperature, K.
    pub temp_k: f64,
    /// Transmission coefficient.
    pub kappa: f64,
    /// Rate constant, s⁻¹.
    pub k_per_s: f64,
    /// ΔG‡, kJ/mol.
    pub dg_kj_per_mol: f64,
    /// ΔG‡, kcal/mol.
    pub dg_kcal_per_mol: f64,
    /// ln 2 / k, s.
    pub half_life_s: f64,
}

/// Runs `ringflux eyring`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let (k, dg, given) = match (a.k_per_s, a.dg_kj_per_mol, a.dg_kcal_per_mol) {
        (Some(k), _, _) => (
            k,
            // ΔG‡ = RT ln(…) overflows only for an absurd temperature.
            eyring::dg_j_per_mol(k, a.temp_k, a.kappa).map_err(|e| match e {
                ringflux_core::Error::Overflow(_) => InputError::core_as("--temp-k", e),
                e => InputError::from_core(e),
            })?,
            "--k-per-s",
        ),
        (None, Some(x), _) => (
            rate(j_from_kj(x), a, "--dg-kj-per-mol")?,
            j_from_kj(x),
            "--dg-kj-per-mol",
        ),
        (None, None, Some(x)) => (
            rate(j_from_kcal(x), a, "--dg-kcal-per-mol")?,
            j_from_kcal(x),
            "--dg-kcal-per-mol",
        ),
        (None, None, None) => {
            return Err(InputError::arg("--k-per-s", "give --k-per-s or a barrier").into())
        }
    };
    // ln 2 / k overflows for a subnormal k: blame the input that gave k.
    let half = eyring::half_life_s(k).map_err(|e| InputError::core_as(given, e))?;
    let r = Report {
        temp_k: a.temp_k,
        kappa: a.kappa,
        k_per_s: k,
        dg_kj_per_mol: kj(dg),
        dg_kcal_per_mol: kcal(dg),
        half_life_s: half,
    };
    let human = format!(
        "Eyring at T = {:.2} K (κ = {})\n  k       = {:.6e} s⁻¹\n  ΔG‡     = {:.3} kJ/mol = {:.3} kcal/mol\n  t½      = {:.6e} s\n",
        r.temp_k, r.kappa, r.k_per_s, r.dg_kj_per_mol, r.dg_kcal_per_mol, r.half_life_s
    );
    Ok(Output::new(&r, human)?)
}

fn rate(dg_j: f64, a: &Args, flag: &str) -> Result<f64, InputError> {
    match eyring::rate_per_s(dg_j, a.temp_k, a.kappa) {
        Ok(k) if k > 0.0 => Ok(k),
        Ok(_) => Err(InputError::arg(
            flag,
            "gives a rate that underflows to 0 s⁻¹ at this temperature",
        )),
        Err(e) => Err(InputError::arg(
            flag,
            format!("gives no representable rate ({e})"),
        )),
    }
}
