//! `ringflux coalescence`: ΔG‡ from T_c and Δν by Gutowsky–Holm, Kurland–Rubin–Wise (with
//! `--j-hz`) or Shanan-Atidi–Bar-Eli (with `--pop-major`), with propagated uncertainty.

use crate::error::{field_for, flag_of, CmdResult, InputError};
use crate::output::Output;
use crate::units::{kcal, kj};
use ringflux_core::coalescence::{self, Coalescence};
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

/// JSON report of `ringflux coalescence` (one measurement).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `gutowsky-holm`, `kurland-rubin-wise` or `shanan-atidi-bar-eli`.
    pub method: &'static str,
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
    /// Rate constant at coalescence, s⁻¹ (for unequal populations: major → minor).
    pub k_c_per_s: f64,
    /// ΔG‡ at T_c, kJ/mol (for unequal populations: major → minor).
    pub dg_kj_per_mol: f64,
    /// ΔG‡ at T_c, kcal/mol.
    pub dg_kcal_per_mol: f64,
    /// Standard uncertainty of ΔG‡, kJ/mol (when --tc-err-k or --dnu-err-hz is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kj_per_mol: Option<f64>,
    /// Unequal populations: k major → minor, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_major_to_minor_per_s: Option<f64>,
    /// Unequal populations: k minor → major, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_minor_to_major_per_s: Option<f64>,
    /// Unequal populations: ΔG‡ major → minor, kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_major_to_minor_kj_per_mol: Option<f64>,
    /// Unequal populations: ΔG‡ minor → major, kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_minor_to_major_kj_per_mol: Option<f64>,
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
    let (method, c, unequal) = match (a.j_hz, a.pop_major) {
        (Some(j), _) => (
            "kurland-rubin-wise",
            coalescence::kurland_rubin_wise(a.tc_k, dnu, j)?,
            None,
        ),
        (None, Some(p)) => {
            let u = coalescence::shanan_atidi_bar_eli(a.tc_k, dnu, p)?;
            ("shanan-atidi-bar-eli", u.major_to_minor, Some(u))
        }
        (None, None) => (
            "gutowsky-holm",
            coalescence::gutowsky_holm(a.tc_k, dnu)?,
            None,
        ),
    };
    let err = uncertainty(&c, a)?;
    Ok(Report {
        method,
        tc_k: a.tc_k,
        dnu_hz: dnu,
        j_hz: a.j_hz,
        pop_major: a.pop_major,
        k_c_per_s: c.k_c_per_s,
        dg_kj_per_mol: kj(c.dg_j_per_mol),
        dg_kcal_per_mol: kcal(c.dg_j_per_mol),
        dg_err_kj_per_mol: err.map(kj),
        k_major_to_minor_per_s: unequal.map(|u| u.major_to_minor.k_c_per_s),
        k_minor_to_major_per_s: unequal.map(|u| u.minor_to_major.k_c_per_s),
        dg_major_to_minor_kj_per_mol: unequal.map(|u| kj(u.major_to_minor.dg_j_per_mol)),
        dg_minor_to_major_kj_per_mol: unequal.map(|u| kj(u.minor_to_major.dg_j_per_mol)),
    })
}

fn uncertainty(c: &Coalescence<f64>, a: &Args) -> Result<Option<f64>, ringflux_core::Error> {
    if a.tc_err_k.is_none() && a.dnu_err_hz.is_none() {
        return Ok(None);
    }
    c.dg_err_j_per_mol(a.tc_err_k.unwrap_or(0.0), a.dnu_err_hz.unwrap_or(0.0))
        .map(Some)
}

/// Human rendering of one coalescence report.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "Coalescence ({}) at T_c = {:.2} K, Δν = {:.3} Hz",
        r.method, r.tc_k, r.dnu_hz
    );
    if let Some(j) = r.j_hz {
        s += &format!(", J = {j:.3} Hz");
    }
    if let Some(p) = r.pop_major {
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
