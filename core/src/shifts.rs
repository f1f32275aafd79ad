//! Computed NMR shifts from GIAO shieldings, Boltzmann-weighted over conformers, compared with
//! experiment: reference subtraction, per-nucleus weighting, averaging of equivalent nuclei,
//! interchangeable (diastereotopic) pairs, linear scaling in both conventions, error metrics.
//!
//! Formulas and sources: `shared/reference/boltzmann-shifts.md` §2.1 (weighting, equivalent
//! nuclei, diastereotopic pairs), §3 (shielding → shift, scaling), §4 (metrics). All shifts and
//! shieldings are in ppm. Buffers belong to the caller; a short one is
//! [`Error::CapacityExceeded`], a length that does not match is [`Error::LengthMismatch`].

use crate::error::{finite, non_negative, representable};
use crate::{Error, Real, Result};

/// Chemical shift δ = σ_ref − σ, ppm, from the isotropic shielding `sigma_ppm` of a nucleus and
/// `sigma_ref_ppm` of the reference (TMS) at the same level of theory (boltzmann-shifts.md §3.1).
///
/// ```
/// # use ringflux_core::shifts::shift_from_shielding;
/// // DP4+ bank, mPW1PW91/6-31+G(d,p) PCM: σ(TMS, 13C) = 196.609475 ppm
/// assert!((shift_from_shielding(196.609475_f64, 24.10).unwrap() - 172.509475).abs() < 1e-12);
/// ```
pub fn shift_from_shielding<F: Real>(sigma_ref_ppm: F, sigma_ppm: F) -> Result<F> {
    Ok(finite(sigma_ref_ppm, "sigma_ref_ppm")? - finite(sigma_ppm, "sigma_ppm")?)
}

/// Chemical shift without the small-σ approximation, δ = (σ_ref − σ)/(1 − σ_ref·10⁻⁶), ppm
/// (the exact relation of frequencies; used by DP4-AI `NMR.py:CalcNMRShifts`; boltzmann-shifts.md
/// §3.1). Differs from [`shift_from_shielding`] by the factor 1.00019 at σ_ref = 190 ppm.
pub fn shift_from_shielding_exact<F: Real>(sigma_ref_ppm: F, sigma_ppm: F) -> Result<F> {
    let d = shift_from_shielding(sigma_ref_ppm, sigma_ppm)?;
    let den = F::ONE - sigma_ref_ppm * F::from_f64(1e-6);
    if den <= F::ZERO {
        return Err(Error::OutOfRange("sigma_ref_ppm"));
    }
    representable(d / den, "shift_ppm")
}

/// Boltzmann-weighted per-nucleus values ⟨x_k⟩ = Σ_i p_i x_{k,i} (shieldings or shifts, ppm)
/// written into `out[..n_nuclei]` (boltzmann-shifts.md §2.1).
///
/// `per_conformer` holds conformer 0's `n_nuclei` values, then conformer 1's, …; its length must
/// be `populations.len() · n_nuclei`. Populations are used as given (normally from
/// [`crate::boltzmann::populations`]) and must be finite and ≥ 0.
///
/// ```
/// # use ringflux_core::shifts::boltzmann_weighted;
/// let p = [0.75, 0.25];
/// let sigma = [30.0, 120.0, /* conformer 2 */ 31.0, 124.0];
/// let mut out = [0.0; 2];
/// boltzmann_weighted(&p, &sigma, 2, &mut out).unwrap();
/// assert_eq!(out, [30.25, 121.0]);
/// ```
pub fn boltzmann_weighted<F: Real>(
    populations: &[F],
    per_conformer: &[F],
    n_nuclei: usize,
    out: &mut [F],
) -> Result<()> {
    if populations.is_empty() {
        return Err(Error::Empty("populations"));
    }
    if n_nuclei == 0 {
        return Err(Error::Empty("n_nuclei"));
    }
    if populations.len().checked_mul(n_nuclei) != Some(per_conformer.len()) {
        return Err(Error::LengthMismatch("per_conformer"));
    }
    let out = out
        .get_mut(..n_nuclei)
        .ok_or(Error::CapacityExceeded("out"))?;
    for &p in populations {
        non_negative(p, "populations")?;
    }
    for &x in per_conformer {
        finite(x, "per_conformer")?;
    }
    out.iter_mut().for_each(|o| *o = F::ZERO);
    for (&p, row) in populations.iter().zip(per_conformer.chunks_exact(n_nuclei)) {
        for (o, &x) in out.iter_mut().zip(row) {
            *o += p * x;
        }
    }
    Ok(())
}

/// Mean of `values` over the nuclei listed in `atoms` (0-based indices), e.g. the three protons
/// of a methyl group or the nuclei one experimental signal is assigned to (§2.1).
pub fn mean_over<F: Real>(values: &[F], atoms: &[usize]) -> Result<F> {
    if atoms.is_empty() {
        return Err(Error::Empty("atoms"));
    }
    let mut acc = F::ZERO;
    for &a in atoms {
        acc += finite(*values.get(a).ok_or(Error::OutOfRange("atoms"))?, "values")?;
    }
    Ok(acc / F::from_usize(atoms.len()))
}

/// Replaces every value by the mean over its group: nuclei with the same non-zero `groups` id
/// are equivalent (user-declared, e.g. fast-rotating methyl protons); id 0 stands alone.
/// Result in `out[..values.len()]`.
pub fn average_groups<F: Real>(values: &[F], groups: &[u32], out: &mut [F]) -> Result<()> {
    if groups.len() != values.len() {
        return Err(Error::LengthMismatch("groups"));
    }
    let out = out
        .get_mut(..values.len())
        .ok_or(Error::CapacityExceeded("out"))?;
    for ((o, &v), &g) in out.iter_mut().zip(values).zip(groups) {
        *o = finite(v, "values")?;
        if g == 0 {
            continue;
        }
        let (mut sum, mut n) = (F::ZERO, 0usize);
        for (&w, &h) in values.iter().zip(groups) {
            if h == g {
                sum += w;
                n += 1;
            }
        }
        *o = sum / F::from_usize(n);
    }
    Ok(())
}

/// Rank of item `k` among the members of its group (ties broken by position), 0-based.
fn rank_in_group<F: Real>(xs: &[F], groups: &[u32], k: usize, g: u32, x: F) -> usize {
    xs.iter()
        .zip(groups)
        .enumerate()
        .filter(|&(j, (&y, &h))| h == g && (y < x || (y == x && j < k)))
        .count()
}

/// Pairs interchangeable nuclei (diastereotopic CH₂ protons of uncertain assignment): within each
/// group of equal non-zero id, calculated and experimental values are sorted ascending and
/// paired, so the largest calculated shift goes with the largest experimental one (qcnmr-tools
/// `dp4.py:75-90`; DP4+App `diasterotopic`; boltzmann-shifts.md §2.1). Id 0: left in place.
///
/// `calc` are shifts (not shieldings); result in `out[..calc.len()]`.
///
/// ```
/// # use ringflux_core::shifts::pair_interchangeable;
/// let calc = [1.39, 1.32, 2.0];
/// let exp = [1.58, 1.53, 2.1];
/// let mut out = [0.0; 3];
/// pair_interchangeable(&calc, &exp, &[1, 1, 0], &mut out).unwrap();
/// assert_eq!(out, [1.39, 1.32, 2.0]); // already in the same order
/// pair_interchangeable(&[1.32, 1.39, 2.0], &exp, &[1, 1, 0], &mut out).unwrap();
/// assert_eq!(out, [1.39, 1.32, 2.0]); // swapped
/// ```
pub fn pair_interchangeable<F: Real>(
    calc: &[F],
    exp: &[F],
    groups: &[u32],
    out: &mut [F],
) -> Result<()> {
    if exp.len() != calc.len() {
        return Err(Error::LengthMismatch("exp"));
    }
    if groups.len() != calc.len() {
        return Err(Error::LengthMismatch("groups"));
    }
    let out = out
        .get_mut(..calc.len())
        .ok_or(Error::CapacityExceeded("out"))?;
    for (k, ((o, &e), &g)) in out.iter_mut().zip(exp).zip(groups).enumerate() {
        let own = finite(*calc.get(k).ok_or(Error::LengthMismatch("calc"))?, "calc")?;
        finite(e, "exp")?;
        if g == 0 {
            *o = own;
            continue;
        }
        // The calculated value whose rank in the group equals this experimental value's rank.
        let r = rank_in_group(exp, groups, k, g, e);
        *o = calc
            .iter()
            .zip(groups)
            .enumerate()
            .find(|&(j, (&c, &h))| h == g && rank_in_group(calc, groups, j, g, c) == r)
            .map(|(_, (&c, _))| c)
            .ok_or(Error::Degenerate("groups"))?;
    }
    Ok(())
}

/// A straight line y = slope·x + intercept from ordinary least squares.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Line<F> {
    /// Slope (dimensionless for shift vs shift).
    pub slope: F,
    /// Intercept, ppm.
    pub intercept: F,
}

/// Ordinary least-squares line through (x_k, y_k); at least 2 points and x not all equal.
///
/// slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², intercept = ȳ − slope·x̄ (centred sums: no cancellation).
pub fn fit_line<F: Real>(x: &[F], y: &[F]) -> Result<Line<F>> {
    if x.len() != y.len() {
        return Err(Error::LengthMismatch("y"));
    }
    if x.len() < 2 {
        return Err(Error::TooFew("x"));
    }
    let n = F::from_usize(x.len());
    let (mut sx, mut sy) = (F::ZERO, F::ZERO);
    for (&a, &b) in x.iter().zip(y) {
        sx += finite(a, "x")?;
        sy += finite(b, "y")?;
    }
    let (mx, my) = (sx / n, sy / n);
    let (mut sxx, mut sxy) = (F::ZERO, F::ZERO);
    for (&a, &b) in x.iter().zip(y) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
    }
    if sxx <= F::ZERO {
        return Err(Error::Degenerate("x"));
    }
    let slope = sxy / sxx;
    Ok(Line {
        slope,
        intercept: my - slope * mx,
    })
}

/// Which way the empirical per-molecule scaling regresses (boltzmann-shifts.md §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Scaling {
    /// DP4 / DP4+ convention: fit δ_calc = m·δ_exp + b, then δ_scaled = (δ_calc − b)/m.
    /// Required for the published DP4 numbers.
    #[default]
    CalcOnExp,
    /// The alternative: fit δ_exp = a·δ_calc + b′, then δ_scaled = a·δ_calc + b′.
    ExpOnCalc,
}

/// Scaled shifts into `out[..calc.len()]`; returns the fitted line in the convention's own
/// direction (calc on exp: y = calc, x = exp; exp on calc: y = exp, x = calc).
///
/// ```
/// # use ringflux_core::shifts::{scale, Scaling};
/// // calc = 2·exp + 1 exactly: both conventions recover exp
/// let exp = [10.0, 20.0, 40.0];
/// let calc = [21.0, 41.0, 81.0];
/// let mut out = [0.0; 3];
/// let line = scale(&calc, &exp, Scaling::CalcOnExp, &mut out).unwrap();
/// assert_eq!((line.slope, line.intercept), (2.0, 1.0));
/// assert_eq!(out, exp);
/// ```
pub fn scale<F: Real>(calc: &[F], exp: &[F], scaling: Scaling, out: &mut [F]) -> Result<Line<F>> {
    if exp.len() != calc.len() {
        return Err(Error::LengthMismatch("exp"));
    }
    let out = out
        .get_mut(..calc.len())
        .ok_or(Error::CapacityExceeded("out"))?;
    let line = match scaling {
        Scaling::CalcOnExp => fit_line(exp, calc)?,
        Scaling::ExpOnCalc => fit_line(calc, exp)?,
    };
    for (o, &c) in out.iter_mut().zip(calc) {
        *o = match scaling {
            Scaling::CalcOnExp => {
                if line.slope == F::ZERO {
                    return Err(Error::Degenerate("calc"));
                }
                (c - line.intercept) / line.slope
            }
            Scaling::ExpOnCalc => line.slope * c + line.intercept,
        };
    }
    Ok(line)
}

/// Error statistics of predicted against experimental shifts, ppm (boltzmann-shifts.md §4).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ErrorStats<F> {
    /// Number of nuclei compared.
    pub n: usize,
    /// Mean absolute error (1/n) Σ|δ_calc − δ_exp|, ppm.
    pub mae_ppm: F,
    /// Root-mean-square error √((1/n) Σ(δ_calc − δ_exp)²), ppm.
    pub rmse_ppm: F,
    /// Largest absolute error max|δ_calc − δ_exp|, ppm.
    pub max_abs_error_ppm: F,
}

/// MAE, RMSE and maximum absolute error of `pred` against `exp`.
pub fn error_stats<F: Real>(pred: &[F], exp: &[F]) -> Result<ErrorStats<F>> {
    if pred.len() != exp.len() {
        return Err(Error::LengthMismatch("exp"));
    }
    if pred.is_empty() {
        return Err(Error::Empty("pred"));
    }
    let (mut sa, mut s2, mut mx) = (F::ZERO, F::ZERO, F::ZERO);
    for (&p, &e) in pred.iter().zip(exp) {
        let d = (finite(p, "pred")? - finite(e, "exp")?).abs();
        sa += d;
        s2 += d * d;
        mx = mx.max(d);
    }
    let n = F::from_usize(pred.len());
    Ok(ErrorStats {
        n: pred.len(),
        mae_ppm: sa / n,
        rmse_ppm: representable((s2 / n).sqrt(), "rmse_ppm")?,
        max_abs_error_ppm: mx,
    })
}

/// Raw and linearly corrected agreement of one candidate with experiment for one nucleus type.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Comparison<F> {
    /// Errors of the unscaled shifts.
    pub raw: ErrorStats<F>,
    /// Errors of the scaled shifts: `corrected.mae_ppm` is the corrected MAE (CMAE).
    pub corrected: ErrorStats<F>,
    /// The scaling convention used.
    pub scaling: Scaling,
    /// The fitted line, in the direction `scaling` states.
    pub line: Line<F>,
}

/// Compares `calc` with `exp`: raw errors, scaled shifts into `scaled_out`, corrected errors.
pub fn compare<F: Real>(
    calc: &[F],
    exp: &[F],
    scaling: Scaling,
    scaled_out: &mut [F],
) -> Result<Comparison<F>> {
    let raw = error_stats(calc, exp)?;
    let line = scale(calc, exp, scaling, scaled_out)?;
    let scaled = scaled_out
        .get(..calc.len())
        .ok_or(Error::CapacityExceeded("scaled_out"))?;
    Ok(Comparison {
        raw,
        corrected: error_stats(scaled, exp)?,
        scaling,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_parameter() {
        let mut out = [0.0_f64; 1];
        assert_eq!(
            boltzmann_weighted(&[1.0], &[1.0, 2.0], 2, &mut out),
            Err(Error::CapacityExceeded("out"))
        );
        assert_eq!(
            boltzmann_weighted(&[0.5, 0.5], &[1.0, 2.0, 3.0], 2, &mut [0.0; 2]),
            Err(Error::LengthMismatch("per_conformer"))
        );
        assert_eq!(mean_over(&[1.0_f64], &[3]), Err(Error::OutOfRange("atoms")));
        assert_eq!(
            fit_line(&[1.0_f64, 1.0], &[2.0, 3.0]),
            Err(Error::Degenerate("x"))
        );
        assert_eq!(
            error_stats(&[1.0_f64], &[1.0, 2.0]),
            Err(Error::LengthMismatch("exp"))
        );
    }

    #[test]
    fn groups_average_and_pair() {
        let mut out = [0.0_f64; 4];
        average_groups(&[1.0, 2.0, 3.0, 9.0], &[1, 1, 1, 0], &mut out).unwrap();
        assert_eq!(out, [2.0, 2.0, 2.0, 9.0]);
        // three interchangeable nuclei: ranks of exp (2, 0, 1) pick calc ranks (2, 0, 1)
        pair_interchangeable(
            &[5.0, 1.0, 3.0, 7.0],
            &[0.9, 0.1, 0.5, 7.0],
            &[2, 2, 2, 0],
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [5.0, 1.0, 3.0, 7.0]);
        pair_interchangeable(
            &[1.0, 3.0, 5.0, 7.0],
            &[0.9, 0.1, 0.5, 7.0],
            &[2, 2, 2, 0],
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [5.0, 1.0, 3.0, 7.0]);
    }

    #[test]
    fn exact_shift_is_larger_by_the_reference_factor() {
        let d: f64 = shift_from_shielding_exact(190.0, -10.0).unwrap();
        assert!((d - 200.0 / (1.0 - 190e-6)).abs() < 1e-12);
    }
}
