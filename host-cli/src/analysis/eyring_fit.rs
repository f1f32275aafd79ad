//! `ringflux eyring-fit FILE.csv`: ΔH‡, ΔS‡ and ΔG‡(298.15 K) with standard errors from rate
//! constants at several temperatures (header `temp_k,k_per_s[,k_err_per_s]`).

use crate::error::InputError;
use crate::io::table;
use crate::units::kj;
use ringflux_core::eyring::{self, RatePoint, Weighting};
use serde::Serialize;
use std::path::Path;

/// JSON report of an Eyring fit.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Number of points.
    pub n: usize,
    /// Whether points were weighted by (k/σ_k)².
    pub weighted: bool,
    /// ΔH‡, kJ/mol.
    pub dh_kj_per_mol: f64,
    /// Standard error of ΔH‡, kJ/mol.
    pub dh_err_kj_per_mol: f64,
    /// ΔS‡, J/(mol K).
    pub ds_j_per_mol_k: f64,
    /// Standard error of ΔS‡, J/(mol K).
    pub ds_err_j_per_mol_k: f64,
    /// ΔG‡ at 298.15 K, kJ/mol.
    pub dg_298_kj_per_mol: f64,
    /// Standard error of ΔG‡(298.15 K), kJ/mol (includes the ΔH‡/ΔS‡ covariance).
    pub dg_298_err_kj_per_mol: f64,
    /// Coefficient of determination.
    pub r_squared: f64,
    /// The points used: temperature (K) and rate (s⁻¹).
    pub points: Vec<PointOut>,
}

/// One point of the fit as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PointOut {
    /// Temperature, K.
    pub temp_k: f64,
    /// Rate constant, s⁻¹.
    pub k_per_s: f64,
    /// Its standard uncertainty, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_err_per_s: Option<f64>,
}

/// Reads rate points from a CSV file.
pub fn read_points(path: &Path) -> Result<Vec<RatePoint<f64>>, InputError> {
    let rows = table::read(path, &["temp_k", "k_per_s"], &["k_err_per_s"])?;
    rows.iter()
        .map(|r| {
            let t = r.num("temp_k")?;
            if t <= 0.0 {
                return Err(r.error("temp_k", "must be greater than zero"));
            }
            let k = r.num("k_per_s")?;
            if k <= 0.0 {
                return Err(r.error("k_per_s", "must be greater than zero"));
            }
            let e = r.opt_num("k_err_per_s")?;
            if e.is_some_and(|e| e <= 0.0) {
                return Err(r.error("k_err_per_s", "must be greater than zero"));
            }
            Ok(RatePoint {
                t_k: t,
                k_per_s: k,
                k_err_per_s: e,
            })
        })
        .collect()
}

/// Fits the points; `place` names the input in error messages.
pub fn compute(points: &[RatePoint<f64>], kappa: f64, place: &Path) -> Result<Report, InputError> {
    let with_err = points.iter().filter(|p| p.k_err_per_s.is_some()).count();
    if with_err != 0 && with_err != points.len() {
        return Err(InputError::file(
            place,
            "k_err_per_s: given for some rows but not all",
        ));
    }
    let weighting = if with_err == 0 {
        Weighting::Unweighted
    } else {
        Weighting::ByRateError
    };
    let core_err = |e: ringflux_core::Error| InputError::file(place, e.to_string());
    let f = eyring::fit(points, kappa, weighting).map_err(core_err)?;
    let (dg, dg_err) = f.dg_at(298.15).map_err(core_err)?;
    Ok(Report {
        n: f.n,
        weighted: with_err != 0,
        dh_kj_per_mol: kj(f.dh_j_per_mol),
        dh_err_kj_per_mol: kj(f.dh_err_j_per_mol),
        ds_j_per_mol_k: f.ds_j_per_mol_k,
        ds_err_j_per_mol_k: f.ds_err_j_per_mol_k,
        dg_298_kj_per_mol: kj(dg),
        dg_298_err_kj_per_mol: kj(dg_err),
        r_squared: f.r_squared,
        points: points
            .iter()
            .map(|p| PointOut {
                temp_k: p.t_k,
                k_per_s: p.k_per_s,
                k_err_per_s: p.k_err_per_s,
            })
            .collect(),
    })
}
