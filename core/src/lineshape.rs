//! Exchange-broadened NMR lineshapes: two uncoupled sites with unequal populations and
//! linewidths, and the mutually exchanging coupled AB pair.
//!
//! Formulas: `shared/reference/kinetics.md` (e). Reference spectra: nmrsim 0.7.1 in
//! `shared/reference/lineshapes/`, reproduced to ≤ 1e-9 of the peak height on nmrsim's own grid.
//!
//! **Scale (nmrsim's convention, kept on purpose).** Intensities are absorption-mode values of
//! Re[1ᵀ (i2πν − L)⁻¹ p] with p the site populations, so each site's Lorentzian integrates to
//! half its population: ∫ I dν = (p_a + p_b)/2 = 1/2 for [`TwoSite`] and, with two nuclei,
//! 2 × 1/2 = 1 for [`Ab`]. An isolated line of width w (Hz, FWHM) and population p peaks at
//! p T₂ = p/(π w). Nothing is renormalised: a fitted `scale` converts these units into the
//! spectrometer's.
//!
//! **Which k.** [`TwoSite::ka_per_s`] is the first-order rate constant out of site a
//! (k_b = p_a k_a / p_b by detailed balance), whatever the order of ν_a and ν_b. nmrsim swaps
//! ν_a/ν_b, w_a/w_b and p_a → 1 − p_a when ν_a < ν_b but keeps k_a, so there its `ka` means the
//! rate out of the *upfield-labelled* site; the two agree whenever ν_a > ν_b (as in every reference
//! set). [`Ab::k_per_s`] is the rate of the mutual A ⇌ B exchange.

use crate::error::{finite, in_range, non_negative, positive};
use crate::{Error, Real, Result};

/// Two uncoupled sites a and b exchanging with first-order rate k_a (a → b), validated.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TwoSite<F> {
    /// Slow-exchange frequency of site a, Hz.
    pub va_hz: F,
    /// Slow-exchange frequency of site b, Hz.
    pub vb_hz: F,
    /// Rate constant out of site a, s⁻¹ (≥ 0).
    pub ka_per_s: F,
    /// Linewidth (FWHM) of site a without exchange, Hz (> 0).
    pub wa_hz: F,
    /// Linewidth (FWHM) of site b without exchange, Hz (> 0).
    pub wb_hz: F,
    /// Population of site a, in (0, 1); p_b = 1 − p_a.
    pub pa: F,
}

impl<F: Real> TwoSite<F> {
    /// Checks the parameters: finite shifts, k_a ≥ 0, widths > 0, 0 < p_a < 1.
    pub fn new(va_hz: F, vb_hz: F, ka_per_s: F, wa_hz: F, wb_hz: F, pa: F) -> Result<Self> {
        let pa = in_range(pa, F::ZERO, F::ONE, "pa")?;
        if pa <= F::ZERO || pa >= F::ONE {
            return Err(Error::OutOfRange("pa"));
        }
        Ok(Self {
            va_hz: finite(va_hz, "va_hz")?,
            vb_hz: finite(vb_hz, "vb_hz")?,
            ka_per_s: non_negative(ka_per_s, "ka_per_s")?,
            wa_hz: positive(wa_hz, "wa_hz")?,
            wb_hz: positive(wb_hz, "wb_hz")?,
            pa,
        })
    }

    /// Rate constant out of site b, k_b = p_a k_a / p_b (s⁻¹).
    pub fn kb_per_s(&self) -> F {
        self.pa * self.ka_per_s / (F::ONE - self.pa)
    }
}

/// A mutually exchanging, J-coupled AB pair (both nuclei of the same linewidth), validated.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ab<F> {
    /// Uncoupled frequency of nucleus A, Hz.
    pub va_hz: F,
    /// Uncoupled frequency of nucleus B, Hz.
    pub vb_hz: F,
    /// Scalar coupling J_AB, Hz.
    pub j_hz: F,
    /// Rate constant of the A ⇌ B exchange, s⁻¹ (> 0).
    pub k_per_s: F,
    /// Linewidth (FWHM) without exchange, Hz (> 0).
    pub w_hz: F,
}

impl<F: Real> Ab<F> {
    /// Checks the parameters: finite shifts and J, k > 0, w > 0.
    pub fn new(va_hz: F, vb_hz: F, j_hz: F, k_per_s: F, w_hz: F) -> Result<Self> {
        Ok(Self {
            va_hz: finite(va_hz, "va_hz")?,
            vb_hz: finite(vb_hz, "vb_hz")?,
            j_hz: finite(j_hz, "j_hz")?,
            k_per_s: positive(k_per_s, "k_per_s")?,
            w_hz: positive(w_hz, "w_hz")?,
        })
    }
}

/// Either lineshape model.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Model<F> {
    /// Two uncoupled sites.
    TwoSite(TwoSite<F>),
    /// Coupled AB pair.
    Ab(Ab<F>),
}

impl<F: Real> Model<F> {
    /// The per-point evaluator with everything that does not depend on ν computed once.
    pub fn evaluator(&self) -> Evaluator<F> {
        match self {
            Model::TwoSite(m) => Evaluator::TwoSite(TwoSiteEval::new(m)),
            Model::Ab(m) => Evaluator::Ab(AbEval::new(m)),
        }
    }

    /// The exchange rate constant of the model (k_a for two sites, k for AB), s⁻¹.
    pub fn k_per_s(&self) -> F {
        match self {
            Model::TwoSite(m) => m.ka_per_s,
            Model::Ab(m) => m.k_per_s,
        }
    }

    /// Intensity at one frequency ν (Hz). For many points use [`simulate`].
    pub fn intensity(&self, nu_hz: F) -> F {
        self.evaluator().at(nu_hz)
    }
}

/// Precomputed two-site coefficients for the closed-form 2×2 Bloch–McConnell solution.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy)]
pub struct TwoSiteEval<F> {
    va: F,
    vb: F,
    alpha_a: F,
    alpha_b: F,
    det_re0: F,
    num_re: F,
    pa: F,
    pb: F,
}

impl<F: Real> TwoSiteEval<F> {
    fn new(m: &TwoSite<F>) -> Self {
        // M = i2πν·1 − L = [[A, −k_b], [−k_a, B]] with A = α_a + iβ_a, B = α_b + iβ_b,
        // α = πw + k (1/T₂ + k), β = 2π(ν − ν_site). 1ᵀM⁻¹p = (p_a B + p_b A + k_a p_a + k_b p_b)/det
        // and k_a p_a = k_b p_b (detailed balance).
        let pb = F::ONE - m.pa;
        let kb = m.kb_per_s();
        let alpha_a = F::PI * m.wa_hz + m.ka_per_s;
        let alpha_b = F::PI * m.wb_hz + kb;
        Self {
            va: m.va_hz,
            vb: m.vb_hz,
            alpha_a,
            alpha_b,
            // α_a α_b − k_a k_b expanded so that no large terms cancel when k ≫ w.
            det_re0: F::PI * (F::PI * m.wa_hz * m.wb_hz + m.wa_hz * kb + m.wb_hz * m.ka_per_s),
            num_re: m.pa * alpha_b + pb * alpha_a + F::TWO * m.ka_per_s * m.pa,
            pa: m.pa,
            pb,
        }
    }

    #[inline(always)]
    fn at(&self, nu: F) -> F {
        let two_pi = F::TWO * F::PI;
        let ba = two_pi * (nu - self.va);
        let bb = two_pi * (nu - self.vb);
        let d_re = self.det_re0 - ba * bb;
        let d_im = self.alpha_a * bb + ba * self.alpha_b;
        let n_im = self.pa * bb + self.pb * ba;
        (self.num_re * d_re + n_im * d_im) / (d_re * d_re + d_im * d_im)
    }
}

/// Precomputed AB coefficients (nmrsim `_dnmr_AB_func`, `kinetics.md` (e)).
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy)]
pub struct AbEval<F> {
    v0: F,
    half_j: F,
    j: F,
    inv_tau: F,
    c: F,
    a_const: F,
    s: F,
}

impl<F: Real> AbEval<F> {
    fn new(m: &Ab<F>) -> Self {
        let pi = F::PI;
        let inv_tau = m.k_per_s;
        let inv_tau2 = pi * m.w_hz;
        let c = inv_tau + inv_tau2;
        let dv = m.va_hz - m.vb_hz;
        // a2 + a3 + a4 of the reference formula; −c² + (1/τ)² = −(1/T₂)(2/τ + 1/T₂) written
        // without the cancellation of two large squares when k ≫ w (3.9e-3 of the peak in f32).
        let a_const = -(inv_tau2 * (F::TWO * inv_tau + inv_tau2))
            - pi * pi * dv * dv
            - pi * pi * m.j_hz * m.j_hz;
        Self {
            v0: F::HALF * (m.va_hz + m.vb_hz),
            half_j: F::HALF * m.j_hz,
            j: m.j_hz,
            inv_tau,
            c,
            a_const,
            s: F::TWO * inv_tau + inv_tau2,
        }
    }

    #[inline(always)]
    fn at(&self, nu: F) -> F {
        let pi = F::PI;
        let two_pi = F::TWO * pi;
        let four_pi = F::TWO * two_pi;
        let d = self.v0 - nu;
        let dp = d + self.half_j;
        let dm = d - self.half_j;
        let a_p = four_pi * pi * dp * dp + self.a_const;
        let a_m = four_pi * pi * dm * dm + self.a_const;
        let jt = two_pi * self.j * self.inv_tau;
        let b_p = four_pi * dp * self.c - jt;
        let b_m = four_pi * dm * self.c + jt;
        let r_p = two_pi * (d + self.j);
        let r_m = two_pi * (d - self.j);
        (r_p * b_p - self.s * a_p) / (a_p * a_p + b_p * b_p)
            + (r_m * b_m - self.s * a_m) / (a_m * a_m + b_m * b_m)
    }
}

/// A model prepared for evaluation at many frequencies.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy)]
pub enum Evaluator<F> {
    /// Two uncoupled sites.
    TwoSite(TwoSiteEval<F>),
    /// Coupled AB pair.
    Ab(AbEval<F>),
}

impl<F: Real> Evaluator<F> {
    /// Intensity at ν (Hz), in nmrsim's units (see the module documentation).
    #[inline]
    pub fn at(&self, nu_hz: F) -> F {
        match self {
            Evaluator::TwoSite(e) => e.at(nu_hz),
            Evaluator::Ab(e) => e.at(nu_hz),
        }
    }
}

/// Writes the spectrum of `model` at the frequencies `x_hz` into `out` (same length).
///
/// Errors: `LengthMismatch("out")`; `NonFinite("x_hz")` for a non-finite frequency (checked in
/// the same pass as the evaluation, so `out` then holds unspecified values).
///
/// ```
/// use ringflux_core::lineshape::{simulate, Model, TwoSite};
/// // WINDNMR's default two-site case (nmrsim test TWOSPIN_SLOW).
/// let m = Model::TwoSite(TwoSite::new(165.0, 135.0, 1.5, 0.5, 0.5, 0.5).unwrap());
/// let x = [135.0_f64, 150.0, 165.0];
/// let mut y = [0.0; 3];
/// simulate(&m, &x, &mut y).unwrap();
/// assert!(y[0] > 100.0 * y[1] && (y[0] - y[2]).abs() < 1e-12);
/// ```
pub fn simulate<F: Real>(model: &Model<F>, x_hz: &[F], out: &mut [F]) -> Result<()> {
    if x_hz.len() != out.len() {
        return Err(Error::LengthMismatch("out"));
    }
    // One branch per spectrum, not per point, so the loops below vectorise; the finiteness of
    // the frequencies is checked in the same pass.
    let finite = match model.evaluator() {
        Evaluator::TwoSite(e) => fill(out, x_hz, |x| e.at(x)),
        Evaluator::Ab(e) => fill(out, x_hz, |x| e.at(x)),
    };
    if !finite {
        return Err(Error::NonFinite("x_hz"));
    }
    Ok(())
}

/// True when every value is finite: a fold without early exit (unlike `Iterator::all`), so that
/// the check vectorises.
#[inline]
pub(crate) fn all_finite<F: Real>(v: &[F]) -> bool {
    v.iter().fold(true, |ok, x| ok & x.is_finite())
}

/// Writes f(x) for every x and tells whether every x was finite (a fold without early exit, so
/// that the loop vectorises; a separate `Iterator::all` pass cost a quarter of the evaluation).
#[inline(always)]
fn fill<F: Real>(out: &mut [F], x_hz: &[F], f: impl Fn(F) -> F) -> bool {
    let mut finite = true;
    for (y, &x) in out.iter_mut().zip(x_hz) {
        *y = f(x);
        finite &= x.is_finite();
    }
    finite
}

/// Fills `out` with `out.len()` equally spaced frequencies from `from_hz` to `to_hz`, both
/// included (numpy `linspace`, nmrsim's grid: `linspace(min(va, vb) − 50, max(va, vb) + 50, 800)`).
pub fn linspace<F: Real>(from_hz: F, to_hz: F, out: &mut [F]) -> Result<()> {
    let a = finite(from_hz, "from_hz")?;
    let b = finite(to_hz, "to_hz")?;
    let n = out.len();
    if n < 2 {
        return Err(Error::TooFew("points"));
    }
    let step = (b - a) / F::from_usize(n - 1);
    // i counted in floating point (exact below 2²⁴ points in f32, 2⁵³ in f64, so every x is
    // a + i·step exactly as numpy computes it), which vectorises where usize → float conversions
    // do not; LANES independent counters, so that no point waits for the previous one's add.
    const LANES: usize = 8;
    let mut i = [F::ZERO; LANES];
    let mut v = F::ZERO;
    for c in i.iter_mut() {
        *c = v;
        v += F::ONE;
    }
    let lanes = F::from_usize(LANES);
    let mut chunks = out.chunks_exact_mut(LANES);
    for chunk in &mut chunks {
        for (x, c) in chunk.iter_mut().zip(i.iter_mut()) {
            *x = a + *c * step;
            *c += lanes;
        }
    }
    for (x, c) in chunks.into_remainder().iter_mut().zip(&i) {
        *x = a + *c * step;
    }
    // numpy sets the last point exactly to the end.
    if let Some(last) = out.last_mut() {
        *last = b;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(
            TwoSite::new(1.0, 2.0, 1.0, 1.0, 1.0, 1.0),
            Err(Error::OutOfRange("pa"))
        );
        assert_eq!(
            TwoSite::new(1.0, 2.0, -1.0, 1.0, 1.0, 0.5),
            Err(Error::Negative("ka_per_s"))
        );
        assert_eq!(
            TwoSite::new(1.0, 2.0, 1.0, 0.0, 1.0, 0.5),
            Err(Error::NotPositive("wa_hz"))
        );
        assert_eq!(
            Ab::new(1.0, 2.0, f64::NAN, 1.0, 1.0),
            Err(Error::NonFinite("j_hz"))
        );
        assert_eq!(
            Ab::new(1.0, 2.0, 1.0, 0.0, 1.0),
            Err(Error::NotPositive("k_per_s"))
        );
        let m = Model::Ab(Ab::new(1.0, 2.0, 1.0, 1.0, 1.0).unwrap());
        let mut y = [0.0; 2];
        assert_eq!(
            simulate(&m, &[1.0], &mut y),
            Err(Error::LengthMismatch("out"))
        );
        assert_eq!(
            linspace(0.0, 1.0, &mut y[..1]),
            Err(Error::TooFew("points"))
        );
    }

    #[test]
    fn two_site_without_exchange_is_two_lorentzians() {
        // k = 0: I = Σ p·(πw)/((πw)² + (2πΔ)²) exactly (kinetics.md (e), slow limit).
        let m = TwoSite::new(100.0_f64, 40.0, 0.0, 1.0, 3.0, 0.3).unwrap();
        let e = Model::TwoSite(m).evaluator();
        for nu in [0.0, 39.0, 40.0, 70.0, 100.5, 130.0] {
            let lor = |p: f64, w: f64, v: f64| {
                let g = core::f64::consts::PI * w;
                let d = 2.0 * core::f64::consts::PI * (nu - v);
                p * g / (g * g + d * d)
            };
            let want = lor(0.3, 1.0, 100.0) + lor(0.7, 3.0, 40.0);
            assert!((e.at(nu) - want).abs() < 1e-15 * want.max(1.0));
        }
    }
}
