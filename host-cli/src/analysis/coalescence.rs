//! ΔG‡ from a coalescence temperature T_c and the slow-exchange separation Δν: Gutowsky–Holm,
//! Kurland–Rubin–Wise (coupled AB, with J) or Shanan-Atidi–Bar-Eli (unequal populations), with
//! propagated uncertainty (`ringflux_core::coalescence`).

use crate::error::field_for;
use ringflux_core::protocol::{CoalescenceParams, CoalescenceResult};
use serde::Serialize;

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

/// The input field that an error from [`compute`] is about (a column name of a coalescence table).
pub fn field_of(e: ringflux_core::Error, p: &CoalescenceParams<f64>) -> &'static str {
    match field_for(e.parameter()) {
        "dnu_hz" => "dnu_hz",
        "j_hz" => "j_hz",
        "pop_major" => "pop_major",
        "tc_err_k" => "tc_err_k",
        "dnu_err_hz" => "dnu_err_hz",
        "dg_err_j_per_mol" if p.tc_err_k.is_some() => "tc_err_k",
        "dg_err_j_per_mol" => "dnu_err_hz",
        _ => "tc_k",
    }
}

/// ΔG‡ from one coalescence measurement; the method follows from the parameters given.
pub fn compute(p: &CoalescenceParams<f64>) -> Result<Report, ringflux_core::Error> {
    Ok(Report {
        tc_k: p.tc_k,
        dnu_hz: p.dnu_hz,
        j_hz: p.j_hz,
        pop_major: p.pop_major,
        result: p.compute()?,
    })
}
