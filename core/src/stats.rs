//! Distribution functions for DP4-style probabilities: the Student-t CDF and upper tail via the
//! regularized incomplete beta function, and the normal CDF via `erfc` — each also in log form,
//! so that products of many small tail probabilities never underflow.
//!
//! * I_x(a, b) by the modified Lentz continued fraction (Numerical Recipes §6.4; DLMF 8.17.22)
//!   with the prefactor x^a (1−x)^b / (a B(a, b)) formed in logs, and the symmetry
//!   I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
//! * Student-t: for t ≥ 0, 1 − T_ν(t) = ½ I_{ν/(ν+t²)}(ν/2, ½) (DLMF 8.17.2 with the t density;
//!   `shared/reference/boltzmann-shifts.md` §5.1).
//! * Normal: Φ(x) = ½ erfc(−x/√2); two-sided tail 2Φ(−|z|) = erfc(|z|/√2).
//!
//! Accuracy against mpmath (50 digits, `tests/data/stats_reference.json`): better than 1e-12
//! absolute on every CDF and 1e-12 relative on every tail, for ν in [1, 1000].
//! Plain `f64` (reference path): DP4 is evaluated off-line on the host or the instrument's
//! application processor, never inside a control loop.

use crate::error::{finite, positive};
use crate::{Error, Result};

/// Iteration budget of the continued fraction; it converges in O(√max(a, b)) terms.
const CF_MAX_ITER: usize = 10_000;
/// Relative convergence threshold of the continued fraction (a few ulp of f64).
const CF_EPS: f64 = 1e-16;
/// Guard against division by zero in the modified Lentz method.
const CF_TINY: f64 = 1e-300;
/// Below this argument `ln Γ` differences come straight from `lgamma` (values are small, so the
/// absolute error stays near 1 ulp); above it from the Stirling series of the ratio.
const STIRLING_FROM: f64 = 8.0;
/// erfc(x) underflows near x = 26.5; above this, ln erfc uses its asymptotic series.
const ERFC_ASYMPTOTIC_FROM: f64 = 26.0;

/// ln Γ(a + b) − ln Γ(a) for a > 0, b > 0, without the cancellation of two large `lgamma` values.
///
/// For a ≥ 8: (a − ½)·ln(1 + b/a) + b·ln(a + b) − b + S(a + b) − S(a), where
/// S(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹) is the
/// Stirling correction (DLMF 5.11.1); the first omitted term, B₁₄/(182x¹³), is < 1.3e-14 at x ≥ 8.
fn ln_gamma_ratio(a: f64, b: f64) -> f64 {
    if a < STIRLING_FROM {
        return libm::lgamma(a + b) - libm::lgamma(a);
    }
    let s = |x: f64| {
        let x2 = x * x;
        let tail = 1.0 / 1188.0 - 691.0 / (360_360.0 * x2);
        (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - tail / x2) / x2) / x2) / x2)
            / x
    };
    (a - 0.5) * libm::log1p(b / a) + b * libm::log(a + b) - b + (s(a + b) - s(a))
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), taking the ratio of the larger argument.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    libm::lgamma(small) - ln_gamma_ratio(large, small)
}

/// The continued fraction of I_x(a, b) (without its prefactor), modified Lentz method.
fn beta_cf(a: f64, b: f64, x: f64) -> Result<f64> {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let clamp = |v: f64| if v.abs() < CF_TINY { CF_TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / clamp(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=CF_MAX_ITER {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < CF_EPS {
            return Ok(h);
        }
    }
    Err(Error::NoConvergence("incomplete_beta"))
}

/// ln of x^a (1−x)^b / (a B(a, b)) times the continued fraction, i.e. ln I_x(a, b), valid where
/// the fraction converges fast (x < (a+1)/(a+b+2)). `one_minus_x` is passed separately so that
/// callers who know 1 − x exactly do not lose it to rounding.
fn ln_beta_direct(a: f64, b: f64, x: f64, one_minus_x: f64) -> Result<f64> {
    let ln_front = a * libm::log(x) + b * libm::log(one_minus_x) - ln_beta(a, b) - libm::log(a);
    Ok(ln_front + libm::log(beta_cf(a, b, x)?))
}

/// Checks a, b > 0 and x, 1 − x in [0, 1] with x + (1 − x) = 1.
fn beta_args(a: f64, b: f64, x: f64, one_minus_x: f64) -> Result<()> {
    positive(a, "a")?;
    positive(b, "b")?;
    for (v, name) in [(x, "x"), (one_minus_x, "one_minus_x")] {
        if !(0.0..=1.0).contains(&finite(v, name)?) {
            return Err(Error::OutOfRange(name));
        }
    }
    Ok(())
}

/// ln I_x(a, b), given x and 1 − x (both in [0, 1]): −∞ when x = 0.
fn ln_inc_beta_split(a: f64, b: f64, x: f64, one_minus_x: f64) -> Result<f64> {
    if x <= 0.0 {
        return Ok(f64::NEG_INFINITY);
    }
    if one_minus_x <= 0.0 {
        return Ok(0.0);
    }
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_beta_direct(a, b, x, one_minus_x)
    } else {
        // I_x(a, b) = 1 − I_{1−x}(b, a)
        let comp = libm::exp(ln_beta_direct(b, a, one_minus_x, x)?);
        Ok(libm::log1p(-comp))
    }
}

/// Regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b), dimensionless.
///
/// a > 0, b > 0, 0 ≤ x ≤ 1 (DLMF 8.17.2); continued fraction DLMF 8.17.22.
///
/// ```
/// # use ringflux_core::stats::inc_beta;
/// // I_x(1, 1) = x; I_½(a, a) = ½ (the prefactor is exp of a sum of logs of size ~10,
/// // which costs a few ulp: 1e-14)
/// assert!((inc_beta(1.0, 1.0, 0.3).unwrap() - 0.3).abs() < 1e-15);
/// assert!((inc_beta(7.5, 7.5, 0.5).unwrap() - 0.5).abs() < 1e-14);
/// ```
pub fn inc_beta(a: f64, b: f64, x: f64) -> Result<f64> {
    beta_args(a, b, x, 1.0 - x)?;
    Ok(libm::exp(ln_inc_beta_split(a, b, x, 1.0 - x)?))
}

/// ln of the Student-t upper tail, ln(1 − T_ν(t)), for any finite t (dimensionless), ν > 0.
///
/// For t ≥ 0: 1 − T_ν(t) = ½ I_{ν/(ν+t²)}(ν/2, ½); for t < 0: 1 − T_ν(t) = 1 − ½ I_{…}.
/// Stays finite where the tail itself underflows (|t| ≫ 1), which DP4 needs in log space.
pub fn ln_student_t_sf(t: f64, nu: f64) -> Result<f64> {
    let t = finite(t, "t")?;
    let nu = positive(nu, "nu")?;
    let t2 = t * t;
    // x = ν/(ν+t²) and 1 − x = t²/(ν+t²), both formed without subtraction.
    let (x, one_minus_x) = (nu / (nu + t2), t2 / (nu + t2));
    let ln_half_i = libm::log(0.5) + ln_inc_beta_split(nu / 2.0, 0.5, x, one_minus_x)?;
    if t >= 0.0 {
        Ok(ln_half_i)
    } else {
        Ok(libm::log1p(-libm::exp(ln_half_i)))
    }
}

/// Student-t upper tail 1 − T_ν(t) (location 0, scale 1), dimensionless; ν > 0.
///
/// ```
/// # use ringflux_core::stats::student_t_sf;
/// // ν = 1 is the Cauchy distribution: 1 − T(1) = ¼
/// assert!((student_t_sf(1.0, 1.0).unwrap() - 0.25).abs() < 1e-15);
/// ```
pub fn student_t_sf(t: f64, nu: f64) -> Result<f64> {
    Ok(libm::exp(ln_student_t_sf(t, nu)?))
}

/// Student-t cumulative distribution T_ν(t) (location 0, scale 1), dimensionless; ν > 0.
///
/// T_ν(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, and ½ I_{…} for t < 0 (no cancellation in
/// the lower tail).
pub fn student_t_cdf(t: f64, nu: f64) -> Result<f64> {
    // T_ν(t) = 1 − T_ν(−t) by symmetry: the tail of −t is the CDF of t.
    student_t_sf(-finite(t, "t")?, nu)
}

/// Standard normal CDF Φ(x) = ½ erfc(−x/√2), dimensionless.
///
/// ```
/// # use ringflux_core::stats::normal_cdf;
/// assert_eq!(normal_cdf(0.0).unwrap(), 0.5);
/// assert!((normal_cdf(1.0).unwrap() - 0.8413447460685429).abs() < 1e-16);
/// ```
pub fn normal_cdf(x: f64) -> Result<f64> {
    Ok(0.5 * libm::erfc(-finite(x, "x")? / core::f64::consts::SQRT_2))
}

/// ln erfc(x) for x ≥ 0: `erfc` directly, and beyond its underflow the asymptotic series
/// erfc x = e^{−x²}/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸) − 945/(32x¹⁰))
/// (DLMF 7.12.1; truncation < 1e-14 relative at x ≥ 26).
fn ln_erfc_nonneg(x: f64) -> f64 {
    if x < ERFC_ASYMPTOTIC_FROM {
        return libm::log(libm::erfc(x));
    }
    let y = 1.0 / (2.0 * x * x);
    let series = 1.0 - y * (1.0 - 3.0 * y * (1.0 - 5.0 * y * (1.0 - 7.0 * y * (1.0 - 9.0 * y))));
    -x * x - libm::log(x) - 0.5 * libm::log(core::f64::consts::PI) + libm::log(series)
}

/// ln of the two-sided normal tail, ln(2Φ(−|z|)) = ln erfc(|z|/√2), for any finite z.
///
/// Finite for every finite z (the tail itself underflows at |z| ≈ 38.5).
pub fn ln_normal_two_sided_tail(z: f64) -> Result<f64> {
    Ok(ln_erfc_nonneg(
        finite(z, "z")?.abs() / core::f64::consts::SQRT_2,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_arguments_name_themselves() {
        assert_eq!(inc_beta(0.0, 1.0, 0.5), Err(Error::NotPositive("a")));
        assert_eq!(inc_beta(1.0, 1.0, 1.5), Err(Error::OutOfRange("x")));
        assert_eq!(student_t_sf(f64::NAN, 3.0), Err(Error::NonFinite("t")));
        assert_eq!(student_t_sf(1.0, -3.0), Err(Error::NotPositive("nu")));
        assert_eq!(normal_cdf(f64::INFINITY), Err(Error::NonFinite("x")));
    }

    #[test]
    fn cauchy_and_symmetry() {
        // ν = 1: T(t) = ½ + atan(t)/π
        for t in [-30.0, -2.0, -0.3, 0.0, 0.7, 5.0, 1e4] {
            let want = 0.5 + libm::atan(t) / core::f64::consts::PI;
            assert!(
                (student_t_cdf(t, 1.0).unwrap() - want).abs() < 1e-15,
                "t = {t}"
            );
        }
        // ν = 2: T(t) = ½ + t / (2√(2 + t²))
        for t in [-4.0, -1.0, 0.5, 3.0] {
            let want = 0.5 + t / (2.0 * libm::sqrt(2.0 + t * t));
            assert!(
                (student_t_cdf(t, 2.0).unwrap() - want).abs() < 1e-15,
                "t = {t}"
            );
        }
    }

    #[test]
    fn ln_gamma_ratio_matches_lgamma_where_both_are_accurate() {
        for a in [8.0, 9.5, 20.0, 55.3] {
            let direct = libm::lgamma(a + 0.5) - libm::lgamma(a);
            assert!((ln_gamma_ratio(a, 0.5) - direct).abs() < 1e-13, "a = {a}");
        }
    }
}
