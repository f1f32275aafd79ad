//! `ringflux integrate SPECTRUM --region A..B --region C..D`: the freeze-out step. Integrals of the
//! rotamers' signals in a slow-exchange spectrum, their ratio and ΔG° (`ringflux_core::equilibrium`).
//!
//! Baseline correction (stated in the output too): in each region, a straight line through the
//! mean of the first and the mean of the last [`EDGE_POINTS`] points is subtracted; the rest is
//! integrated by the trapezoid rule in Hz. Regions must therefore start and end on baseline.

use crate::error::{CmdResult, InputError};
use crate::output::Output;
use crate::spectrum::{self, Spectrum};
use crate::units::{kcal, kj};
use ringflux_core::equilibrium;
use serde::Serialize;
use std::path::PathBuf;

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

/// Arguments of `ringflux integrate`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Spectrum: CSV (`hz,intensity` or `ppm,intensity` with --mhz) or JCAMP-DX.
    pub spectrum: PathBuf,
    /// A region `A..B` to integrate (repeat; the first two give the ratio).
    #[arg(long = "region", required = true, value_parser = parse_region, allow_hyphen_values = true)]
    pub regions: Vec<(f64, f64)>,
    /// Unit of the region limits.
    #[arg(long, value_enum, default_value_t = Unit::Ppm)]
    pub unit: Unit,
    /// Observe frequency, MHz (for a ppm CSV; overrides the file's).
    #[arg(long, value_parser = super::positive)]
    pub mhz: Option<f64>,
    /// Temperature of the spectrum, K: adds K and ΔG° of the first two regions.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: Option<f64>,
}

/// Parses `A..B` (two finite numbers).
pub fn parse_region(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("'{s}' is not a region A..B"))?;
    let p = |v: &str| {
        crate::table::parse_finite(v).ok_or_else(|| format!("'{v}' is not a finite number"))
    };
    let (a, b) = (p(a)?, p(b)?);
    if a == b {
        return Err(format!("'{s}' is an empty region"));
    }
    Ok((a, b))
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

/// Computes the report.
pub fn compute(a: &Args) -> Result<Report, InputError> {
    let s = spectrum::read(&a.spectrum, a.mhz)?;
    let mut regions = Vec::new();
    for &(from, to) in &a.regions {
        let (lo, hi) = match a.unit {
            Unit::Hz => (from, to),
            Unit::Ppm => {
                let f = |v: f64| {
                    s.hz_of_ppm(v).ok_or_else(|| {
                        InputError::arg(
                            "--unit",
                            format!(
                                "{}: ppm regions need a referenced axis (a ppm column with --mhz, or JCAMP with $OFFSET and .OBSERVE FREQUENCY); use --unit hz",
                                a.spectrum.display()
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
            unit: a.unit,
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
    let equilibrium = match (pair, a.temp_k) {
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
        spectrum: a.spectrum.display().to_string(),
        baseline_correction: BASELINE_NOTE,
        regions,
        ratio,
        equilibrium,
    })
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!("{}\n  baseline: {}\n", r.spectrum, r.baseline_correction);
    for (i, g) in r.regions.iter().enumerate() {
        s += &format!(
            "  region {}: {}..{} {:?} ({} points): integral = {:.6e}\n",
            i + 1,
            g.from,
            g.to,
            g.unit,
            g.n_points,
            g.integral
        );
    }
    if let Some(q) = r.ratio {
        s += &format!("  ratio region 1 : region 2 = {q:.4}\n");
    }
    if let Some(e) = &r.equilibrium {
        s += &format!(
            "  K = {:.4} (major: region {}), p_major = {:.4}, ΔG°({} K) = {:.3} kJ/mol = {:.3} kcal/mol (minor above major)\n",
            e.k_eq, e.major_region, e.p_major, e.temp_k, e.dg0_kj_per_mol, e.dg0_kcal_per_mol
        );
    }
    s
}

/// Runs `ringflux integrate`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = compute(a)?;
    Ok(Output::new(&r, render(&r))?)
}
