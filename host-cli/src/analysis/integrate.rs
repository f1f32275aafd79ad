//! `ringflux integrate SPECTRUM --region A..B --region C..D`: the freeze-out step. Integrals of the
//! rotamers' signals in a slow-exchange spectrum, their ratio and ΔG° (`ringflux_core::equilibrium`).
//!
//! Baseline correction (stated in the output too): in each region, a straight line through the
//! mean of the first and the mean of the last [`EDGE_POINTS`] points is subtracted; the rest is
//! integrated by the trapezoid rule in Hz. Regions must therefore start and end on baseline.

use crate::error::InputError;
use crate::io::spectrum::{self, Spectrum};
use crate::units::{kcal, kj};
use ringflux_core::equilibrium;
use serde::Serialize;
use std::path::Path;

/// Points averaged at each end of a region for the linear baseline.
pub const EDGE_POINTS: usize = 5;

/// What the baseline correction does, as printed.
pub const BASELINE_NOTE: &str = "linear baseline through the mean of the first and last 5 points of each region, subtracted; trapezoid rule in Hz";

/// Unit of the region limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Chemical shift, ppm (needs a referenced axis: a ppm CSV, or JCAMP with $OFFSET).
    Ppm,
    /// Frequency, Hz.
    Hz,
}

/// One integrated region.
#[derive(Debug, Clone, Serialize)]
pub struct RegionOut {
    /// Limits as given.
    pub from: f64,
    /// Limits as given.
    pub to: f64,
    /// Their unit.
    pub unit: Unit,
    /// Limits in Hz.
    pub from_hz: f64,
    /// Limits in Hz.
    pub to_hz: f64,
    /// Points inside.
    pub n_points: usize,
    /// Baseline-corrected integral, intensity × Hz.
    pub integral: f64,
    /// Baseline at the low-frequency end.
    pub baseline_start: f64,
    /// Baseline at the high-frequency end.
    pub baseline_end: f64,
}

/// Equilibrium of the first two regions.
#[derive(Debug, Clone, Serialize)]
pub struct EquilibriumOut {
    /// Temperature, K.
    pub temp_k: f64,
    /// K = major/minor.
    pub k_eq: f64,
    /// Fraction of the major state.
    pub p_major: f64,
    /// Which region is the major one (1 or 2).
    pub major_region: usize,
    /// G_minor − G_major, kJ/mol.
    pub dg0_kj_per_mol: f64,
    /// The same, kcal/mol.
    pub dg0_kcal_per_mol: f64,
}

/// JSON report of `ringflux integrate`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The spectrum file.
    pub spectrum: String,
    /// The baseline correction applied.
    pub baseline_correction: &'static str,
    /// The regions.
    pub regions: Vec<RegionOut>,
    /// Integral of region 1 over region 2 (each integral is for all the nuclei under it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// With --temp-k: K and ΔG° from the ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equilibrium: Option<EquilibriumOut>,
}

/// Integrates one region (Hz limits) of the spectrum.
pub fn integrate_region(s: &Spectrum, lo_hz: f64, hi_hz: f64) -> Option<(usize, f64, f64, f64)> {
    let (x, y) = s.window(lo_hz, hi_hz);
    let mut pts: Vec<(f64, f64)> = x.into_iter().zip(y).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pts.len();
    if n < 2 * EDGE_POINTS + 1 {
        return None;
    }
    let mean = |p: &[(f64, f64)]| {
        let k = p.len() as f64;
        (
            p.iter().map(|v| v.0).sum::<f64>() / k,
            p.iter().map(|v| v.1).sum::<f64>() / k,
        )
    };
    let (x0, y0) = mean(&pts[..EDGE_POINTS]);
    let (x1, y1) = mean(&pts[n - EDGE_POINTS..]);
    let base = |x: f64| y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    let integral = pts
        .windows(2)
        .map(|w| 0.5 * (w[1].0 - w[0].0) * ((w[0].1 - base(w[0].0)) + (w[1].1 - base(w[1].0))))
        .sum();
    let first = pts.first().map(|p| base(p.0)).unwrap_or(0.0);
    let last = pts.last().map(|p| base(p.0)).unwrap_or(0.0);
    Some((n, integral, first, last))
}

/// Integrates `regions` (limits in `unit`) of the spectrum in `path` (`mhz` for ppm on a Hz axis),
/// with K and ΔG° at `temp_k` when given.
pub fn compute(
    path: &Path,
    mhz: Option<f64>,
    regions_in: &[(f64, f64)],
    unit: Unit,
    temp_k: Option<f64>,
) -> Result<Report, InputError> {
    let s = spectrum::read(path, mhz)?;
    let mut regions = Vec::new();
    for &(from, to) in regions_in {
        let (lo, hi) = match unit {
            Unit::Hz => (from, to),
            Unit::Ppm => {
                let f = |v: f64| {
                    s.hz_of_ppm(v).ok_or_else(|| {
                        InputError::arg(
                            "--unit",
                            format!(
                                "{}: ppm regions need a referenced axis (a ppm column with --mhz, or JCAMP with $OFFSET and .OBSERVE FREQUENCY); use --unit hz",
                                path.display()
                            ),
                        )
                    })
                };
                (f(from)?, f(to)?)
            }
        };
        let (n, integral, b0, b1) =
            integrate_region(&s, lo.min(hi), lo.max(hi)).ok_or_else(|| {
                InputError::arg(
                    "--region",
                    format!(
                        "{from}..{to}: fewer than {} points of the spectrum inside",
                        2 * EDGE_POINTS + 1
                    ),
                )
            })?;
        regions.push(RegionOut {
            from,
            to,
            unit,
            from_hz: lo.min(hi),
            to_hz: lo.max(hi),
            n_points: n,
            integral,
            baseline_start: b0,
            baseline_end: b1,
        });
    }
    let pair = match regions.as_slice() {
        [r1, r2, ..] => Some((r1.integral, r2.integral)),
        _ => None,
    };
    let ratio = pair.map(|(i1, i2)| i1 / i2);
    let equilibrium = match (pair, temp_k) {
        (Some((i1, i2)), Some(t)) => {
            if i1 <= 0.0 || i2 <= 0.0 {
                return Err(InputError::arg(
                    "--region",
                    format!("integrals {i1:.4e} and {i2:.4e}: both must be positive for a ratio"),
                ));
            }
            let e = equilibrium::from_ratio(i1, i2, t).map_err(InputError::from_core)?;
            Some(EquilibriumOut {
                temp_k: t,
                k_eq: e.k_eq,
                p_major: e.p_major,
                major_region: if i1 >= i2 { 1 } else { 2 },
                dg0_kj_per_mol: kj(e.dg0_j_per_mol),
                dg0_kcal_per_mol: kcal(e.dg0_j_per_mol),
            })
        }
        _ => None,
    };
    Ok(Report {
        spectrum: path.display().to_string(),
        baseline_correction: BASELINE_NOTE,
        regions,
        ratio,
        equilibrium,
    })
}
