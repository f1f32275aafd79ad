//! Eyring transition-state theory: rate ↔ free energy of activation, half-life, and the
//! Eyring-plot regression of ln(k/T) on 1/T.
//!
//! Formulas and test vectors: `shared/reference/kinetics.md` sections (a) and (f).
//!
//! **What k means.** For degenerate two-site exchange A ⇌ B, `k` is the first-order rate constant
//! for leaving one site, k = 1/τ_A. Passing 1/τ_total = k_A + k_B = 2k instead lowers ΔG‡ by
//! R T ln 2 (≈ 1.7 kJ/mol at 300 K); the coalescence functions of this crate return the per-site k.

use crate::constants::{GAS_CONSTANT_J_PER_MOL_K as R, LN_BOLTZMANN_OVER_PLANCK};
use crate::error::{finite, positive, representable};
use crate::{Error, Real, Result};

/// Rate constant k in s⁻¹ from ΔG‡ (J mol⁻¹), temperature T (K) and transmission coefficient κ.
///
/// k = κ (k_B T / h) exp(−ΔG‡ / (R T)), evaluated in log form (Eyring 1935;
/// `shared/reference/kinetics.md` (a)). κ is conventionally 1 in DNMR work.
///
/// ```
/// # use ringflux_core::eyring::rate_per_s;
/// // ΔG‡ = 68.79196 kJ/mol at 330 K gives the Gutowsky–Holm rate of Δν = 40 Hz, 88.858 s⁻¹.
/// let k = rate_per_s(68_791.96348_f64, 330.0, 1.0).unwrap();
/// assert!((k - 88.85765876).abs() < 1e-6);
/// ```
pub fn rate_per_s<F: Real>(dg_j_per_mol: F, t_k: F, kappa: F) -> Result<F> {
    let dg = finite(dg_j_per_mol, "dg_j_per_mol")?;
    let t = positive(t_k, "t_k")?;
    let kappa = positive(kappa, "kappa")?;
    let ln_k = kappa.ln() + F::from_f64(LN_BOLTZMANN_OVER_PLANCK) + t.ln() - dg / rt_of(t)?;
    representable(ln_k.exp(), "k_per_s")
}

/// R·T in J mol⁻¹; a temperature so high that R·T overflows the float type (above ~4·10³⁷ K in
/// f32) is out of range, rather than silently turning ΔG‡/RT into 0 or ΔG‡ into ∞.
fn rt_of<F: Real>(t_k: F) -> Result<F> {
    let rt = F::from_f64(R) * t_k;
    if rt.is_finite() {
        Ok(rt)
    } else {
        Err(Error::OutOfRange("t_k"))
    }
}

/// Free energy of activation ΔG‡ in J mol⁻¹ from a rate constant k (s⁻¹) at temperature T (K).
///
/// ΔG‡ = R T ln(κ k_B T / (h k)) — the inverse of [`rate_per_s`].
///
/// A subnormal k (below the smallest normal number of `F`) is refused as
/// [`Error::OutOfRange`]: it has too few significant bits for ln k to mean anything.
pub fn dg_j_per_mol<F: Real>(k_per_s: F, t_k: F, kappa: F) -> Result<F> {
    let k = positive(k_per_s, "k_per_s")?;
    if k < F::MIN_POSITIVE {
        return Err(Error::OutOfRange("k_per_s"));
    }
    let t = positive(t_k, "t_k")?;
    let kappa = positive(kappa, "kappa")?;
    let rt = rt_of(t)?;
    representable(
        rt * (kappa.ln() + F::from_f64(LN_BOLTZMANN_OVER_PLANCK) + t.ln() - k.ln()),
        "dg_j_per_mol",
    )
}

/// Half-life t½ = ln 2 / k in s of a first-order process with rate constant k (s⁻¹).
pub fn half_life_s<F: Real>(k_per_s: F) -> Result<F> {
    let k = positive(k_per_s, "k_per_s")?;
    representable(F::from_f64(core::f64::consts::LN_2) / k, "half_life_s")
}

/// One point of an Eyring plot: temperature (K), rate constant (s⁻¹) and optionally its standard
/// uncertainty σ_k (s⁻¹).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RatePoint<F> {
    /// Temperature, K.
    pub t_k: F,
    /// Rate constant, s⁻¹.
    pub k_per_s: F,
    /// Standard uncertainty of the rate constant, s⁻¹ (used only by the weighted fit).
    pub k_err_per_s: Option<F>,
}

/// How the Eyring regression weights its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Weighting {
    /// Ordinary least squares; the residual scatter gives the standard errors.
    Unweighted,
    /// Weights 1/σ(ln k)² = (k/σ_k)²; the σ_k are taken as absolute standard uncertainties, so the
    /// covariance is (XᵀWX)⁻¹. Every point must carry `k_err_per_s`.
    ByRateError,
}

/// Result of an Eyring-plot regression ln(k/T) = a + b·(1/T).
///
/// ΔH‡ = −R b, ΔS‡ = R (a − ln(k_B/h) − ln κ); standard errors and the covariance of (a, b)
/// follow `shared/reference/kinetics.md` (f).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EyringFit<F> {
    /// Number of points.
    pub n: usize,
    /// Slope b of ln(k/T) against 1/T, K.
    pub slope_k: F,
    /// Intercept a of ln(k/T) against 1/T (dimensionless, k/T in s⁻¹ K⁻¹).
    pub intercept: F,
    /// Standard error of the slope, K.
    pub slope_err_k: F,
    /// Standard error of the intercept.
    pub intercept_err: F,
    /// Covariance of intercept and slope, K.
    pub cov_intercept_slope_k: F,
    /// Coefficient of determination R² (weighted when the fit is).
    pub r_squared: F,
    /// ΔH‡, J mol⁻¹.
    pub dh_j_per_mol: F,
    /// Standard error of ΔH‡, J mol⁻¹.
    pub dh_err_j_per_mol: F,
    /// ΔS‡, J mol⁻¹ K⁻¹.
    pub ds_j_per_mol_k: F,
    /// Standard error of ΔS‡, J mol⁻¹ K⁻¹.
    pub ds_err_j_per_mol_k: F,
}

impl<F: Real> EyringFit<F> {
    /// ΔG‡(T) = ΔH‡ − T ΔS‡ in J mol⁻¹ and its standard error
    /// R T √(SE(a)² + SE(b)²/T² + 2 cov(a,b)/T), which accounts for the strong ΔH‡/ΔS‡ correlation.
    pub fn dg_at(&self, t_k: F) -> Result<(F, F)> {
        let t = positive(t_k, "t_k")?;
        let dg = self.dh_j_per_mol - t * self.ds_j_per_mol_k;
        let var = self.intercept_err * self.intercept_err
            + self.slope_err_k * self.slope_err_k / (t * t)
            + F::TWO * self.cov_intercept_slope_k / t;
        // Rounding can make a vanishing variance slightly negative.
        let se = F::from_f64(R) * t * var.max(F::ZERO).sqrt();
        Ok((
            representable(dg, "dg_j_per_mol")?,
            representable(se, "dg_err_j_per_mol")?,
        ))
    }
}

/// Fits ΔH‡ and ΔS‡ to rate constants measured at several temperatures (Eyring plot).
///
/// Least squares of y = ln(k/T) on x = 1/T, centred on the (weighted) mean of x for numerical
/// stability; at least 3 points at two or more distinct temperatures. `kappa` is the transmission
/// coefficient (1 by convention). Reference: `shared/reference/kinetics.md` (f), test vector
/// `shared/reference/kinetics/eyring_regression_ref.json`.
pub fn fit<F: Real>(
    points: &[RatePoint<F>],
    kappa: F,
    weighting: Weighting,
) -> Result<EyringFit<F>> {
    let kappa = positive(kappa, "kappa")?;
    if points.is_empty() {
        return Err(Error::Empty("points"));
    }
    if points.len() < 3 {
        return Err(Error::TooFew("points"));
    }
    // Validate and accumulate weighted means in one pass.
    let (mut sw, mut swx, mut swy) = (F::ZERO, F::ZERO, F::ZERO);
    for p in points {
        let (x, y, w) = transformed(p, weighting)?;
        sw += w;
        swx += w * x;
        swy += w * y;
    }
    let xm = swx / sw;
    let ym = swy / sw;
    let (mut sxx, mut sxy, mut syy) = (F::ZERO, F::ZERO, F::ZERO);
    for p in points {
        let (x, y, w) = transformed(p, weighting)?;
        let (dx, dy) = (x - xm, y - ym);
        sxx += w * dx * dx;
        sxy += w * dx * dy;
        syy += w * dy * dy;
    }
    if sxx <= F::ZERO {
        return Err(Error::Degenerate("t_k"));
    }
    let b = sxy / sxx;
    let a = ym - b * xm;
    let ss_res = (syy - b * sxy).max(F::ZERO);
    let n = points.len();
    // Unweighted: scale by the residual variance; weighted with absolute σ: unit scale.
    let s2 = match weighting {
        Weighting::Unweighted => ss_res / F::from_usize(n - 2),
        Weighting::ByRateError => F::ONE,
    };
    let var_b = s2 / sxx;
    let var_a = s2 * (F::ONE / sw + xm * xm / sxx);
    let cov_ab = -xm * s2 / sxx;
    let r = F::from_f64(R);
    let r_squared = if syy > F::ZERO {
        F::ONE - ss_res / syy
    } else {
        F::ONE
    };
    let fit = EyringFit {
        n,
        slope_k: b,
        intercept: a,
        slope_err_k: var_b.sqrt(),
        intercept_err: var_a.sqrt(),
        cov_intercept_slope_k: cov_ab,
        r_squared,
        dh_j_per_mol: -r * b,
        dh_err_j_per_mol: r * var_b.sqrt(),
        ds_j_per_mol_k: r * (a - F::from_f64(LN_BOLTZMANN_OVER_PLANCK) - kappa.ln()),
        ds_err_j_per_mol_k: r * var_a.sqrt(),
    };
    // Extreme temperatures (1/T² overflowing, say) must not hand back ∞ or NaN in an Ok.
    for (x, name) in [
        (fit.slope_k, "slope_k"),
        (fit.intercept, "intercept"),
        (fit.slope_err_k, "slope_err_k"),
        (fit.intercept_err, "intercept_err"),
        (fit.cov_intercept_slope_k, "cov_intercept_slope_k"),
        (fit.r_squared, "r_squared"),
        (fit.dh_j_per_mol, "dh_j_per_mol"),
        (fit.dh_err_j_per_mol, "dh_err_j_per_mol"),
        (fit.ds_j_per_mol_k, "ds_j_per_mol_k"),
        (fit.ds_err_j_per_mol_k, "ds_err_j_per_mol_k"),
    ] {
        representable(x, name)?;
    }
    Ok(fit)
}

/// (x = 1/T, y = ln(k/T), weight) of one validated point.
fn transformed<F: Real>(p: &RatePoint<F>, weighting: Weighting) -> Result<(F, F, F)> {
    let t = positive(p.t_k, "t_k")?;
    let k = positive(p.k_per_s, "k_per_s")?;
    let w = match weighting {
        Weighting::Unweighted => F::ONE,
        Weighting::ByRateError => {
            let sk = positive(
                p.k_err_per_s.ok_or(Error::Empty("k_err_per_s"))?,
                "k_err_per_s",
            )?;
            let rel = sk / k;
            representable(F::ONE / (rel * rel), "k_err_per_s")?
        }
    };
    Ok((F::ONE / t, (k / t).ln(), w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_name_their_parameter() {
        assert_eq!(
            rate_per_s(f64::NAN, 300.0, 1.0),
            Err(Error::NonFinite("dg_j_per_mol"))
        );
        assert_eq!(rate_per_s(1e4, 0.0, 1.0), Err(Error::NotPositive("t_k")));
        assert_eq!(
            dg_j_per_mol(-1.0, 300.0, 1.0),
            Err(Error::NotPositive("k_per_s"))
        );
        assert_eq!(
            dg_j_per_mol(1.0, 300.0, 0.0),
            Err(Error::NotPositive("kappa"))
        );
        assert_eq!(
            rate_per_s(-1e9, 300.0, 1.0),
            Err(Error::Overflow("k_per_s"))
        );
        let two = [RatePoint {
            t_k: 300.0,
            k_per_s: 1.0,
            k_err_per_s: None,
        }; 2];
        assert_eq!(
            fit(&two, 1.0, Weighting::Unweighted),
            Err(Error::TooFew("points"))
        );
        let same_t = [RatePoint {
            t_k: 300.0,
            k_per_s: 1.0,
            k_err_per_s: None,
        }; 3];
        assert_eq!(
            fit(&same_t, 1.0, Weighting::Unweighted),
            Err(Error::Degenerate("t_k"))
        );
        assert_eq!(
            fit(&same_t, 1.0, Weighting::ByRateError),
            Err(Error::Empty("k_err_per_s"))
        );
    }
}
