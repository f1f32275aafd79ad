//! `ringflux integrate SPECTRUM --region A..B --region C..D`: the freeze-out step. Integrals of the
//! rotamers' signals in a slow-exchange spectrum, their ratio and ΔG° (`ringflux_core::equilibrium`).
//!
//! Baseline correction (stated in the output too):
//! * with `--baseline A..B` regions (signal-free stretches, repeatable): one polynomial of the
//!   stated order is fitted by least squares to every point of those regions and subtracted from
//!   the spectrum; the residual scatter of those points is the noise σ, and each integral gets
//!   σ_I² = σ²·Σwᵢ² (white noise through the trapezoid weights wᵢ) + σ²·cᵀ(XᵀX)⁻¹c (the fitted
//!   baseline's own uncertainty, c = trapezoid integrals of the polynomial's terms). The two
//!   integrals of the ratio share the baseline, so their covariance σ²·c₁ᵀ(XᵀX)⁻¹c₂ enters the
//!   ratio's σ: (σ_R/R)² = (σ₁/I₁)² + (σ₂/I₂)² − 2 cov/(I₁I₂); σ(ΔG°) = RT·σ_R/R.
//! * without them (the default): in each region, a straight line through the mean of the first
//!   and the mean of the last [`EDGE_POINTS`] points is subtracted; no σ (nothing measures the
//!   noise). Regions must then start and end on baseline.
//!
//! The rest is integrated by the trapezoid rule in Hz.

use crate::error::InputError;
use crate::io::spectrum::{self, Spectrum};
use crate::units::{kcal, kj};
use ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
use ringflux_core::equilibrium;
use serde::Serialize;
use std::path::Path;

/// Points averaged at each end of a region for the linear baseline.
pub const EDGE_POINTS: usize = 5;

/// What the baseline correction does, as printed.
pub const BASELINE_NOTE: &str = "linear baseline through the mean of the first and last 5 points of each region, subtracted; trapezoid rule in Hz";

/// Highest polynomial order accepted for the `--baseline` fit.
pub const MAX_BASELINE_ORDER: usize = 5;

/// Integrals of the ratio below this many σ are refused as not significant.
pub const SIGNIFICANCE_SIGMA: f64 = 3.0;

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
    /// Standard uncertainty of the integral from the baseline regions' noise (with `--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integral_err: Option<f64>,
}

/// The fitted baseline of `--baseline` regions.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineOut {
    /// The signal-free regions as given (in the unit of `--unit`).
    pub regions: Vec<(f64, f64)>,
    /// Order of the fitted polynomial.
    pub order: usize,
    /// Points in the regions.
    pub n_points: usize,
    /// Noise σ: RMS residual of those points about the fit (n − order − 1 degrees of freedom).
    pub noise_sd: f64,
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
    /// σ of K (with `--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_eq_err: Option<f64>,
    /// σ of the major fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_major_err: Option<f64>,
    /// σ of ΔG°, kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_err_kj_per_mol: Option<f64>,
    /// σ of ΔG°, kcal/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg0_err_kcal_per_mol: Option<f64>,
}

/// JSON report of `ringflux integrate`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The spectrum file.
    pub spectrum: String,
    /// The baseline correction applied.
    pub baseline_correction: String,
    /// The `--baseline` fit, when regions were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineOut>,
    /// How ppm limits became Hz when the axis itself is not referenced (`--mhz` on a Hz file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_note: Option<String>,
    /// The regions.
    pub regions: Vec<RegionOut>,
    /// Integral of region 1 over region 2 (each integral is for all the nuclei under it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// σ of the ratio (with `--baseline`), by propagation including the shared baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_err: Option<f64>,
    /// With --temp-k: K and ΔG° from the ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equilibrium: Option<EquilibriumOut>,
    /// What was withheld and why (a ratio of a non-positive or insignificant integral).
    pub warnings: Vec<String>,
}

/// Integrates one region (Hz limits) of the spectrum with the end-point baseline: points inside,
/// integral, baseline at both ends.
pub fn integrate_region(s: &Spectrum, lo_hz: f64, hi_hz: f64) -> Option<(usize, f64, f64, f64)> {
    let pts = sorted_window(s, lo_hz, hi_hz);
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

fn sorted_window(s: &Spectrum, lo_hz: f64, hi_hz: f64) -> Vec<(f64, f64)> {
    let (x, y) = s.window(lo_hz, hi_hz);
    let mut pts: Vec<(f64, f64)> = x.into_iter().zip(y).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    pts
}

/// Trapezoid weights of sorted abscissae: Σ wᵢ yᵢ is the trapezoid integral.
fn trapezoid_weights(pts: &[(f64, f64)]) -> Vec<f64> {
    let mut w = vec![0.0; pts.len()];
    for (i, d) in pts.windows(2).map(|p| 0.5 * (p[1].0 - p[0].0)).enumerate() {
        w[i] += d;
        w[i + 1] += d;
    }
    w
}

/// A polynomial baseline fitted by least squares in the scaled variable t = (x − centre)/half.
#[derive(Debug, Clone)]
pub struct PolyBaseline {
    centre_hz: f64,
    half_hz: f64,
    coef: Vec<f64>,
    /// (XᵀX)⁻¹ of the fit, so that Cov(coef) = σ²·(XᵀX)⁻¹.
    inv_normal: Vec<Vec<f64>>,
    /// RMS residual with n − order − 1 degrees of freedom.
    pub noise_sd: f64,
    /// Points fitted.
    pub n_points: usize,
}

impl PolyBaseline {
    fn terms(&self, x_hz: f64) -> Vec<f64> {
        let t = (x_hz - self.centre_hz) / self.half_hz;
        std::iter::successors(Some(1.0), |p| Some(p * t))
            .take(self.coef.len())
            .collect()
    }

    /// The baseline at `x_hz`.
    pub fn at(&self, x_hz: f64) -> f64 {
        self.terms(x_hz)
            .iter()
            .zip(&self.coef)
            .map(|(a, b)| a * b)
            .sum()
    }

    /// σ²-free quadratic form uᵀ(XᵀX)⁻¹v.
    fn form(&self, u: &[f64], v: &[f64]) -> f64 {
        u.iter()
            .zip(&self.inv_normal)
            .map(|(ui, row)| ui * row.iter().zip(v).map(|(a, b)| a * b).sum::<f64>())
            .sum()
    }
}

/// Inverse of a small symmetric positive definite matrix by Gauss–Jordan elimination with partial
/// pivoting; `None` when singular. Hand-written rather than a linear-algebra crate: the matrix is
/// at most 6×6 (order ≤ [`MAX_BASELINE_ORDER`]) and this is its only use on the host.
fn invert(mut a: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let scale = a.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        let p = a[piv][col].abs();
        if p.is_nan() || p <= 1e-12 * scale {
            return None;
        }
        a.swap(col, piv);
        inv.swap(col, piv);
        let d = a[col][col];
        for j in 0..n {
            a[col][j] /= d;
            inv[col][j] /= d;
        }
        for i in (0..n).filter(|&i| i != col) {
            let f = a[i][col];
            if f != 0.0 {
                for j in 0..n {
                    a[i][j] -= f * a[col][j];
                    inv[i][j] -= f * inv[col][j];
                }
            }
        }
    }
    Some(inv)
}

/// Fits a polynomial of `order` to `pts` (x in Hz); `Err` says why it cannot be fitted.
pub fn fit_baseline(pts: &[(f64, f64)], order: usize) -> Result<PolyBaseline, String> {
    let m = order + 1;
    if pts.len() < m + 2 {
        return Err(format!(
            "{} points in the baseline regions: an order-{order} polynomial needs at least {} (to leave 2 degrees of freedom for the noise)",
            pts.len(),
            m + 2
        ));
    }
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    let mut fit = PolyBaseline {
        centre_hz: 0.5 * (lo + hi),
        half_hz: (0.5 * (hi - lo)).max(f64::MIN_POSITIVE),
        coef: vec![0.0; m],
        inv_normal: Vec::new(),
        noise_sd: 0.0,
        n_points: pts.len(),
    };
    let mut normal = vec![vec![0.0; m]; m];
    let mut rhs = vec![0.0; m];
    for &(x, y) in pts {
        let t = fit.terms(x);
        for i in 0..m {
            rhs[i] += t[i] * y;
            for j in 0..m {
                normal[i][j] += t[i] * t[j];
            }
        }
    }
    let inv = invert(normal).ok_or_else(|| {
        format!("an order-{order} polynomial is not determined by the baseline points (too few distinct positions)")
    })?;
    fit.coef = inv
        .iter()
        .map(|row| row.iter().zip(&rhs).map(|(a, b)| a * b).sum())
        .collect();
    fit.inv_normal = inv;
    let ss: f64 = pts.iter().map(|&(x, y)| (y - fit.at(x)).powi(2)).sum();
    fit.noise_sd = (ss / (pts.len() - m) as f64).sqrt();
    Ok(fit)
}

/// A region integrated over a fitted baseline: points, integral, its σ, and the vector c of the
/// trapezoid integrals of the baseline's terms (for the covariance of two integrals).
struct Integrated {
    n: usize,
    integral: f64,
    err: f64,
    c: Vec<f64>,
    base_start: f64,
    base_end: f64,
}

fn integrate_over(s: &Spectrum, lo_hz: f64, hi_hz: f64, b: &PolyBaseline) -> Option<Integrated> {
    let pts = sorted_window(s, lo_hz, hi_hz);
    if pts.len() < 2 {
        return None;
    }
    let w = trapezoid_weights(&pts);
    let integral = pts.iter().zip(&w).map(|(p, w)| w * (p.1 - b.at(p.0))).sum();
    let mut c = vec![0.0; b.coef.len()];
    for (p, w) in pts.iter().zip(&w) {
        for (ci, t) in c.iter_mut().zip(b.terms(p.0)) {
            *ci += w * t;
        }
    }
    let sw2: f64 = w.iter().map(|w| w * w).sum();
    let var = b.noise_sd.powi(2) * (sw2 + b.form(&c, &c));
    Some(Integrated {
        n: pts.len(),
        integral,
        err: var.sqrt(),
        c,
        base_start: pts.first().map_or(0.0, |p| b.at(p.0)),
        base_end: pts.last().map_or(0.0, |p| b.at(p.0)),
    })
}

/// How `integrate` subtracts the baseline.
#[derive(Debug, Clone, Default)]
pub struct BaselineSpec {
    /// Signal-free regions (limits in the unit of the integration regions); empty: the
    /// end-point baseline of each region, without σ.
    pub regions: Vec<(f64, f64)>,
    /// Order of the polynomial fitted to them.
    pub order: usize,
}

/// Integrates `regions` (limits in `unit`) of the spectrum in `path` (`mhz` for ppm on a Hz axis:
/// a ppm CSV, or a Hz file whose Hz are counted from 0 ppm), with the baseline of `baseline`, and
/// K and ΔG° at `temp_k` when given.
pub fn compute(
    path: &Path,
    mhz: Option<f64>,
    regions_in: &[(f64, f64)],
    unit: Unit,
    temp_k: Option<f64>,
    baseline: &BaselineSpec,
) -> Result<Report, InputError> {
    let s = spectrum::read(path, mhz)?;
    let mut axis_note = None;
    let mut to_hz = |v: f64, flag: &str| -> Result<f64, InputError> {
        match unit {
            Unit::Hz => Ok(v),
            Unit::Ppm => {
                if let Some(h) = s.hz_of_ppm(v) {
                    return Ok(h);
                }
                match (mhz, s.referenced) {
                    (Some(m), false) => {
                        axis_note = Some(format!("ppm limits converted with --mhz {m}: the file's Hz axis is taken as counted from 0 ppm (Hz = ppm × MHz)"));
                        Ok(v * m)
                    }
                    _ => Err(InputError::arg(
                        flag,
                        format!(
                            "{}: ppm limits need a referenced axis (a ppm column with --mhz, JCAMP with $OFFSET and .OBSERVE FREQUENCY, or --mhz for a Hz axis counted from 0 ppm); or use --unit hz",
                            path.display()
                        ),
                    )),
                }
            }
        }
    };
    let mut hz_regions = Vec::new();
    for &(from, to) in regions_in {
        let (a, b) = (to_hz(from, "--unit")?, to_hz(to, "--unit")?);
        hz_regions.push((from, to, a.min(b), a.max(b)));
    }
    let mut base_hz = Vec::new();
    for &(from, to) in &baseline.regions {
        let (a, b) = (to_hz(from, "--baseline")?, to_hz(to, "--baseline")?);
        let (lo, hi) = (a.min(b), a.max(b));
        if let Some(r) = hz_regions.iter().find(|r| r.2 < hi && lo < r.3) {
            return Err(InputError::arg(
                "--baseline",
                format!(
                    "{from}..{to} overlaps the integration region {}..{}: baseline regions must be free of the signals integrated",
                    r.0, r.1
                ),
            ));
        }
        base_hz.push((lo, hi));
    }
    let fit = if base_hz.is_empty() {
        None
    } else {
        let mut pts = Vec::new();
        for &(lo, hi) in &base_hz {
            pts.extend(sorted_window(&s, lo, hi));
        }
        Some(
            fit_baseline(&pts, baseline.order)
                .map_err(|e| InputError::arg("--baseline", format!("{}: {e}", path.display())))?,
        )
    };
    let mut regions = Vec::new();
    let mut cs = Vec::new();
    for &(from, to, lo, hi) in &hz_regions {
        let few = |need: usize| {
            InputError::arg(
                "--region",
                format!("{from}..{to}: fewer than {need} points of the spectrum inside"),
            )
        };
        let (n, integral, b0, b1, err) = match &fit {
            Some(f) => {
                let r = integrate_over(&s, lo, hi, f).ok_or_else(|| few(2))?;
                cs.push(r.c);
                (r.n, r.integral, r.base_start, r.base_end, Some(r.err))
            }
            None => {
                let (n, i, b0, b1) =
                    integrate_region(&s, lo, hi).ok_or_else(|| few(2 * EDGE_POINTS + 1))?;
                (n, i, b0, b1, None)
            }
        };
        regions.push(RegionOut {
            from,
            to,
            unit,
            from_hz: lo,
            to_hz: hi,
            n_points: n,
            integral,
            baseline_start: b0,
            baseline_end: b1,
            integral_err: err,
        });
    }
    let pair = match regions.as_slice() {
        [r1, r2, ..] => Some((r1, r2)),
        _ => None,
    };
    // An integral that cannot enter a ratio refuses ΔG° (asked for with --temp-k); without it the
    // integrals are still the answer, and the withheld ratio is a warning.
    let mut warnings = Vec::new();
    let pair = match pair {
        Some((r1, r2)) => match check_significant(1, r1).and(check_significant(2, r2)) {
            Ok(()) => Some((r1, r2)),
            Err(why) if temp_k.is_some() => return Err(InputError::arg("--region", why)),
            Err(why) => {
                warnings.push(format!("no ratio: {why}"));
                None
            }
        },
        None => None,
    };
    let ratio = pair.map(|(r1, r2)| r1.integral / r2.integral);
    // σ of the ratio: relative variances minus the shared baseline's covariance
    let rel_var = match (pair, &fit, cs.as_slice()) {
        (Some((r1, r2)), Some(f), [c1, c2, ..]) => {
            let (i1, i2) = (r1.integral, r2.integral);
            let (e1, e2) = (
                r1.integral_err.unwrap_or(0.0),
                r2.integral_err.unwrap_or(0.0),
            );
            let cov = f.noise_sd.powi(2) * f.form(c1, c2);
            Some(((e1 / i1).powi(2) + (e2 / i2).powi(2) - 2.0 * cov / (i1 * i2)).max(0.0))
        }
        _ => None,
    };
    let ratio_err = ratio.zip(rel_var).map(|(q, v)| q * v.sqrt());
    let equilibrium = match (pair, temp_k) {
        (Some((r1, r2)), Some(t)) => {
            let (i1, i2) = (r1.integral, r2.integral);
            let e = equilibrium::from_ratio(i1, i2, t).map_err(InputError::from_core)?;
            let rel = rel_var.map(f64::sqrt);
            let k_err = rel.map(|r| e.k_eq * r);
            let rt = GAS_CONSTANT_J_PER_MOL_K * t;
            Some(EquilibriumOut {
                temp_k: t,
                k_eq: e.k_eq,
                p_major: e.p_major,
                major_region: if i1 >= i2 { 1 } else { 2 },
                dg0_kj_per_mol: kj(e.dg0_j_per_mol),
                dg0_kcal_per_mol: kcal(e.dg0_j_per_mol),
                k_eq_err: k_err,
                p_major_err: k_err.map(|s| s / (1.0 + e.k_eq).powi(2)),
                dg0_err_kj_per_mol: rel.map(|r| kj(rt * r)),
                dg0_err_kcal_per_mol: rel.map(|r| kcal(rt * r)),
            })
        }
        _ => None,
    };
    let unit_name = match unit {
        Unit::Ppm => "ppm",
        Unit::Hz => "Hz",
    };
    Ok(Report {
        spectrum: path.display().to_string(),
        baseline_correction: match &fit {
            None => BASELINE_NOTE.to_string(),
            Some(f) => format!(
                "order-{} polynomial fitted by least squares to the {} points of the --baseline regions ({}), subtracted; noise σ from their residuals; trapezoid rule in Hz",
                baseline.order,
                f.n_points,
                baseline
                    .regions
                    .iter()
                    .map(|(a, b)| format!("{a}..{b} {unit_name}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        baseline: fit.as_ref().map(|f| BaselineOut {
            regions: baseline.regions.clone(),
            order: baseline.order,
            n_points: f.n_points,
            noise_sd: f.noise_sd,
        }),
        axis_note,
        regions,
        ratio,
        ratio_err,
        equilibrium,
        warnings,
    })
}

/// Why an integral of the ratio cannot enter it: not positive, or (with a σ) not significant.
fn check_significant(k: usize, r: &RegionOut) -> Result<(), String> {
    let at = format!("region {k} ({}..{})", r.from, r.to);
    if r.integral.is_nan() || r.integral <= 0.0 {
        return Err(format!(
            "{at}: integral {:.4e} is not positive, so no ratio can be formed: the region holds no signal above the baseline, or the baseline runs through signal (choose --baseline regions free of signals)",
            r.integral
        ));
    }
    match r.integral_err {
        Some(e) if r.integral < SIGNIFICANCE_SIGMA * e => Err(format!(
            "{at}: integral {:.4e} ± {e:.2e} is below {SIGNIFICANCE_SIGMA}σ: not significant above the noise, so no ratio is formed",
            r.integral
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An exact cubic is recovered, and (XᵀX)⁻¹ is the inverse of XᵀX (checked by product).
    #[test]
    fn baseline_fit_recovers_a_polynomial() {
        let f = |x: f64| 3.0 - 0.02 * x + 1e-4 * x * x - 2e-7 * x * x * x;
        let pts: Vec<(f64, f64)> = (0..60)
            .map(|i| (100.0 + 7.0 * i as f64, 0.0))
            .map(|(x, _)| (x, f(x)))
            .collect();
        let b = fit_baseline(&pts, 3).unwrap();
        for x in [100.0, 250.0, 513.0] {
            assert!((b.at(x) - f(x)).abs() < 1e-9 * f(x).abs().max(1.0), "{x}");
        }
        assert!(b.noise_sd < 1e-9);
        assert!(fit_baseline(&pts[..5], 3).is_err());
        let a = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert(a.clone()).unwrap();
        for (i, row) in a.iter().enumerate() {
            for j in 0..2 {
                let p: f64 = row.iter().zip(&inv).map(|(x, r)| x * r[j]).sum();
                assert!((p - f64::from(u8::from(i == j))).abs() < 1e-15);
            }
        }
        assert!(invert(vec![vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
    }
}
