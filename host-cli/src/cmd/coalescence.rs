//! `ringflux coalescence`: ΔG‡ from T_c and Δν by Gutowsky–Holm, Kurland–Rubin–Wise (with
//! `--j-hz`) or Shanan-Atidi–Bar-Eli (with `--pop-major`), with propagated uncertainty.

use crate::error::{field_for, flag_of, CmdResult, InputError};
use crate::output::Output;
use ringflux_core::protocol::{CoalescenceParams, CoalescenceResult};
use serde::Serialize;

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

/// JSON report of `ringflux coalescence` (one measurement): the inputs used and the result the
/// instrument protocol gives for the same parameters ([`ringflux_core::protocol`], one
/// implementation of the method choice and of the result's keys).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Coalescence temperature, K.
    pub tc_k: f64,
    /// Separation used, Hz.
    pub dnu_hz: f64,
    /// Coupling used, Hz (Kurland–Rubin–Wise only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub j_hz: Option<f64>,
    /// Major-site population (Shanan-Atidi–Bar-Eli only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pop_major: Option<f64>,
    /// Method, k_c, ΔG‡ (kJ/mol, kcal/mol), its σ and, for unequal populations, both directions.
    #[serde(flatten)]
    pub result: CoalescenceResult<f64>,
}

/// Runs `ringflux coalescence`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = compute(a).map_err(|e| InputError::core_as(&flag_of(field_of(e, a)), e))?;
    let human = render(&r);
    Ok(Output::new(&r, human)?)
}

/// The input field (CSV column; flag without `--`) a core error from [`compute`] is about, as
/// the user gave it: Δν typed in ppm, σ(ΔG‡) overflowing from the σ given, and a result that
/// overflows (only possible at absurd T_c) blamed on T_c.
pub fn field_of(e: ringflux_core::Error, a: &Args) -> &'static str {
    match field_for(e.parameter()) {
        "dnu_hz" if a.dnu_hz.is_none() => "dnu_ppm",
        "dnu_hz" => "dnu_hz",
        "j_hz" => "j_hz",
        "pop_major" => "pop_major",
        "tc_err_k" => "tc_err_k",
        "dnu_err_hz" => "dnu_err_hz",
        "dg_err_j_per_mol" if a.tc_err_k.is_some() => "tc_err_k",
        "dg_err_j_per_mol" => "dnu_err_hz",
        _ => "tc_k",
    }
}

/// Computes one coalescence analysis (core errors name the parameter / flag).
pub fn compute(a: &Args) -> Result<Report, ringflux_core::Error> {
    let dnu = match (a.dnu_hz, a.dnu_ppm, a.mhz) {
        (Some(hz), _, _) => hz,
        (None, Some(ppm), Some(mhz)) => ppm * mhz,
        _ => return Err(ringflux_core::Error::Empty("dnu_hz")),
    };
    let result = CoalescenceParams {
        tc_k: a.tc_k,
        dnu_hz: dnu,
        j_hz: a.j_hz,
        pop_major: a.pop_major,
        tc_err_k: a.tc_err_k,
        dnu_err_hz: a.dnu_err_hz,
    }
    .compute()?;
    Ok(Report {
        tc_k: a.tc_k,
        dnu_hz: dnu,
        j_hz: a.j_hz,
        pop_major: a.pop_major,
        result,
    })
}

/// Human rendering of one coalescence report.
pub fn render(report: &Report) -> String {
    let r = &report.result;
    let mut s = format!(
        "Coalescence ({}) at T_c = {:.2} K, Δν = {:.3} Hz",
        r.method, report.tc_k, report.dnu_hz
    );
    if let Some(j) = report.j_hz {
        s += &format!(", J = {j:.3} Hz");
    }
    if let Some(p) = report.pop_major {
        s += &format!(", p_major = {p:.4}");
    }
    s += &format!(
        "\n  k_c = {:.4} s⁻¹\n  ΔG‡ = {:.3} kJ/mol = {:.3} kcal/mol",
        r.k_c_per_s, r.dg_kj_per_mol, r.dg_kcal_per_mol
    );
    if let Some(e) = r.dg_err_kj_per_mol {
        s += &format!(" ± {e:.3} kJ/mol");
    }
    s.push('\n');
    if let (Some(ka), Some(kb), Some(ga), Some(gb)) = (
        r.k_major_to_minor_per_s,
        r.k_minor_to_major_per_s,
        r.dg_major_to_minor_kj_per_mol,
        r.dg_minor_to_major_kj_per_mol,
    ) {
        s += &format!(
            "  major → minor: k = {ka:.4} s⁻¹, ΔG‡ = {ga:.3} kJ/mol\n  minor → major: k = {kb:.4} s⁻¹, ΔG‡ = {gb:.3} kJ/mol\n"
        );
    }
    s
}
