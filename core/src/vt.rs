//! Variable-temperature series: rates fitted from spectra at several temperatures → Eyring plot.
//!
//! Each spectrum's fit ([`crate::fit::fit`]) gives k ± σ_k at its temperature; the series goes to
//! [`crate::eyring::fit`] weighted by (k/σ_k)² when every point has an uncertainty, unweighted
//! otherwise (`shared/reference/kinetics.md` (f)). Points whose rate the spectrum could not
//! determine (slow or fast limit) must be left out by the caller, not given a guessed σ.

use crate::eyring::{self, EyringFit, RatePoint, Weighting};
use crate::{Real, Result};

/// Eyring fit of a VT series, weighted by the rates' standard errors when all points carry one.
///
/// ```
/// use ringflux_core::eyring::{rate_per_s, RatePoint};
/// use ringflux_core::vt::eyring_fit;
/// // Exact rates from ΔH‡ = 60 kJ/mol, ΔS‡ = −5 J/(mol K) give them back.
/// let pts: Vec<RatePoint<f64>> = [280.0, 300.0, 320.0]
///     .iter()
///     .map(|&t| RatePoint { t_k: t, k_per_s: rate_per_s(60e3 + 5.0 * t, t, 1.0).unwrap(), k_err_per_s: None })
///     .collect();
/// let f = eyring_fit(&pts, 1.0).unwrap();
/// assert!((f.dh_j_per_mol - 60e3).abs() < 1e-6 && (f.ds_j_per_mol_k + 5.0).abs() < 1e-8);
/// ```
pub fn eyring_fit<F: Real>(points: &[RatePoint<F>], kappa: F) -> Result<EyringFit<F>> {
    let weighting = if points.iter().all(|p| p.k_err_per_s.is_some()) {
        Weighting::ByRateError
    } else {
        Weighting::Unweighted
    };
    eyring::fit(points, kappa, weighting)
}

/// Rate constant (s⁻¹) at T (K) from ΔH‡ (J mol⁻¹) and ΔS‡ (J mol⁻¹ K⁻¹):
/// k = κ (k_B T/h) exp(ΔS‡/R) exp(−ΔH‡/(R T)) (`kinetics.md` (a) with ΔG‡ = ΔH‡ − T ΔS‡).
pub fn rate_from_activation<F: Real>(
    dh_j_per_mol: F,
    ds_j_per_mol_k: F,
    t_k: F,
    kappa: F,
) -> Result<F> {
    eyring::rate_per_s(dh_j_per_mol - t_k * ds_j_per_mol_k, t_k, kappa)
}
