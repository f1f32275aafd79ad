//! The exchange rate from a measured spectrum: nonlinear least squares (Levenberg–Marquardt)
//! of `scale · I(ν; model) + baseline` to the data, in a fixed-size workspace.
//!
//! Free parameters: ln k (k > 0 always), the scale and baseline offset, and optionally the
//! linewidth, the two shifts and the population (see [`Free`]). The linewidth parameter moves
//! w_a and w_b together, keeping the ratio of the starting values. The standard errors come from
//! the curvature at the minimum: cov = s² (JᵀJ)⁻¹ with s² = SSR/(n − p) (Gauss–Newton
//! approximation of the Hessian; Press et al., *Numerical Recipes*, 3rd ed., §15.5); σ_k = k σ(ln k).
//!
//! **When the data cannot tell.** Deep in the slow-exchange limit the spectrum depends on k only
//! through a broadening k/π that a free linewidth absorbs; deep in the fast limit only through
//! π p_a p_b Δν²·(…)/k. There ln k is not determined: the fit returns
//! [`Error::Undetermined`]`("k_per_s")` when σ(ln k) exceeds [`MAX_LN_K_SE`] or ln k runs into
//! the search bounds, instead of a number with a meaningless error bar.

use crate::error::{finite, positive};
use crate::lineshape::{Model, TwoSite};
use crate::lm::{self, accumulate, cholesky_solve, symmetrize};
use crate::{Error, Real, Result};

/// Largest number of free parameters (ln k, scale, baseline, width, ν_a, ν_b, p_a).
pub const MAX_PARAMS: usize = 7;
/// σ(ln k) above which k counts as undetermined: the 1σ interval spans more than a factor e.
pub const MAX_LN_K_SE: f64 = 1.0;
/// Search range of k, s⁻¹: reaching either end means the data do not bound k.
pub const K_RANGE_PER_S: (f64, f64) = (1e-3, 1e9);
/// Iteration budget of Levenberg–Marquardt.
pub const MAX_ITERATIONS: usize = 200;

/// Which nuisance parameters are fitted besides ln k, scale and baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Free {
    /// The linewidth (w_a and w_b together, AB: w).
    pub linewidth: bool,
    /// Both shifts ν_a and ν_b.
    pub shifts: bool,
    /// The population p_a (two-site model only).
    pub population: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    LnK,
    Scale,
    Baseline,
    Width,
    Va,
    Vb,
    Pa,
}

/// Fitted value and standard error of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Estimate<F> {
    /// Fitted value.
    pub value: F,
    /// Standard error from the curvature.
    pub err: F,
}

/// Result of a lineshape fit.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineshapeFit<F> {
    /// The fitted model (k, widths, shifts, population at their fitted or fixed values).
    pub model: Model<F>,
    /// Rate constant (k_a for two sites, k for AB), s⁻¹, and its standard error.
    pub k_per_s: Estimate<F>,
    /// Scale from the model's units (module `lineshape`) to the data's.
    pub scale: Estimate<F>,
    /// Baseline offset, data units.
    pub baseline: Estimate<F>,
    /// Linewidth w_a (AB: w), Hz, when fitted.
    pub width_hz: Option<Estimate<F>>,
    /// ν_a, Hz, when fitted.
    pub va_hz: Option<Estimate<F>>,
    /// ν_b, Hz, when fitted.
    pub vb_hz: Option<Estimate<F>>,
    /// p_a, when fitted.
    pub pa: Option<Estimate<F>>,
    /// Root-mean-square residual, data units.
    pub rms: F,
    /// Number of points fitted.
    pub n_points: usize,
    /// Levenberg–Marquardt iterations used.
    pub iterations: usize,
}

/// The free parameters in order and their count.
#[derive(Debug, Clone, Copy)]
struct Layout {
    kinds: [Kind; MAX_PARAMS],
    n: usize,
}

impl Layout {
    fn new(model: &Model<impl Real>, free: Free) -> Result<Self> {
        let mut kinds = [Kind::LnK; MAX_PARAMS];
        let mut n = 0;
        let mut push = |k: Kind| {
            if let Some(slot) = kinds.get_mut(n) {
                *slot = k;
                n += 1;
            }
        };
        push(Kind::LnK);
        push(Kind::Scale);
        push(Kind::Baseline);
        if free.linewidth {
            push(Kind::Width);
        }
        if free.shifts {
            push(Kind::Va);
            push(Kind::Vb);
        }
        if free.population {
            if matches!(model, Model::Ab(_)) {
                return Err(Error::OutOfRange("population"));
            }
            push(Kind::Pa);
        }
        Ok(Self { kinds, n })
    }

    fn kinds(&self) -> impl Iterator<Item = (usize, Kind)> + '_ {
        self.kinds.iter().copied().take(self.n).enumerate()
    }

    fn index(&self, kind: Kind) -> Option<usize> {
        self.kinds().find(|&(_, k)| k == kind).map(|(i, _)| i)
    }
}

type Vector<F> = [F; MAX_PARAMS];
type Matrix<F> = [[F; MAX_PARAMS]; MAX_PARAMS];

fn at<F: Real>(v: &Vector<F>, i: usize) -> F {
    v.get(i).copied().unwrap_or(F::ZERO)
}

/// The parameter vector of a model plus scale and baseline.
fn pack<F: Real>(layout: &Layout, model: &Model<F>, scale: F, baseline: F) -> Vector<F> {
    let mut theta = [F::ZERO; MAX_PARAMS];
    for ((_, kind), slot) in layout.kinds().zip(theta.iter_mut()) {
        *slot = match (kind, model) {
            (Kind::LnK, m) => m.k_per_s().ln(),
            (Kind::Scale, _) => scale,
            (Kind::Baseline, _) => baseline,
            (Kind::Width, Model::TwoSite(m)) => m.wa_hz,
            (Kind::Width, Model::Ab(m)) => m.w_hz,
            (Kind::Va, Model::TwoSite(m)) => m.va_hz,
            (Kind::Va, Model::Ab(m)) => m.va_hz,
            (Kind::Vb, Model::TwoSite(m)) => m.vb_hz,
            (Kind::Vb, Model::Ab(m)) => m.vb_hz,
            (Kind::Pa, Model::TwoSite(m)) => m.pa,
            (Kind::Pa, Model::Ab(_)) => F::HALF,
        };
    }
    theta
}

/// The model, scale and baseline of a parameter vector (validated: widths > 0, 0 < p_a < 1).
fn unpack<F: Real>(
    layout: &Layout,
    start: &Model<F>,
    theta: &Vector<F>,
) -> Result<(Model<F>, F, F)> {
    let mut model = *start;
    let (mut scale, mut baseline) = (F::ONE, F::ZERO);
    for (i, kind) in layout.kinds() {
        let v = at(theta, i);
        match (kind, &mut model) {
            (Kind::LnK, Model::TwoSite(m)) => m.ka_per_s = v.exp(),
            (Kind::LnK, Model::Ab(m)) => m.k_per_s = v.exp(),
            (Kind::Scale, _) => scale = v,
            (Kind::Baseline, _) => baseline = v,
            (Kind::Width, Model::TwoSite(m)) => {
                let ratio = match start {
                    Model::TwoSite(s) => s.wb_hz / s.wa_hz,
                    Model::Ab(_) => F::ONE,
                };
                m.wa_hz = v;
                m.wb_hz = v * ratio;
            }
            (Kind::Width, Model::Ab(m)) => m.w_hz = v,
            (Kind::Va, Model::TwoSite(m)) => m.va_hz = v,
            (Kind::Va, Model::Ab(m)) => m.va_hz = v,
            (Kind::Vb, Model::TwoSite(m)) => m.vb_hz = v,
            (Kind::Vb, Model::Ab(m)) => m.vb_hz = v,
            (Kind::Pa, Model::TwoSite(m)) => m.pa = v,
            (Kind::Pa, Model::Ab(_)) => {}
        }
    }
    // Re-validate through the constructors.
    let model = match model {
        Model::TwoSite(m) => Model::TwoSite(TwoSite::new(
            m.va_hz, m.vb_hz, m.ka_per_s, m.wa_hz, m.wb_hz, m.pa,
        )?),
        Model::Ab(m) => Model::Ab(crate::lineshape::Ab::new(
            m.va_hz, m.vb_hz, m.j_hz, m.k_per_s, m.w_hz,
        )?),
    };
    Ok((
        model,
        finite(scale, "scale")?,
        finite(baseline, "baseline")?,
    ))
}

/// Sum of squared residuals of `scale · I + baseline`.
fn ssr<F: Real>(x: &[F], y: &[F], model: &Model<F>, scale: F, baseline: F) -> F {
    let e = model.evaluator();
    x.iter()
        .zip(y)
        .map(|(&xi, &yi)| {
            let r = yi - (scale * e.at(xi) + baseline);
            r * r
        })
        .fold(F::ZERO, |a, b| a + b)
}

/// Best scale and baseline for a fixed model: linear least squares of y on I(ν).
pub fn linear_scale<F: Real>(x_hz: &[F], y: &[F], model: &Model<F>) -> Result<(F, F)> {
    check_data(x_hz, y)?;
    let e = model.evaluator();
    let n = F::from_usize(x_hz.len());
    let (mut si, mut sy, mut sii, mut siy) = (F::ZERO, F::ZERO, F::ZERO, F::ZERO);
    for (&xi, &yi) in x_hz.iter().zip(y) {
        let i = e.at(xi);
        si += i;
        sy += yi;
        sii += i * i;
        siy += i * yi;
    }
    let det = n * sii - si * si;
    if det <= F::ZERO || !det.is_finite() {
        return Err(Error::Degenerate("spectrum"));
    }
    let scale = (n * siy - si * sy) / det;
    Ok((scale, (sy - scale * si) / n))
}

/// A starting k for [`fit`]: the best of `n` rates spaced evenly in ln k between `lo` and `hi`
/// (s⁻¹), each with its best linear scale and baseline. Lineshape fits in ln k have local
/// minima far from the answer; a coarse scan finds the right valley.
pub fn scan_k<F: Real>(x_hz: &[F], y: &[F], model: &Model<F>, lo: F, hi: F, n: usize) -> Result<F> {
    let lo = positive(lo, "k_lo")?;
    let hi = positive(hi, "k_hi")?;
    if n < 2 || hi <= lo {
        return Err(Error::TooFew("k_scan"));
    }
    let (llo, lhi) = (lo.ln(), hi.ln());
    let mut best: Option<(F, F)> = None;
    for i in 0..n {
        let k = (llo + (lhi - llo) * F::from_usize(i) / F::from_usize(n - 1)).exp();
        let m = with_k(model, k)?;
        let Ok((s, b)) = linear_scale(x_hz, y, &m) else {
            continue;
        };
        let q = ssr(x_hz, y, &m, s, b);
        if best.is_none_or(|(_, bq)| q < bq) {
            best = Some((k, q));
        }
    }
    best.map(|(k, _)| k).ok_or(Error::Degenerate("spectrum"))
}

/// The same model with another rate constant.
pub fn with_k<F: Real>(model: &Model<F>, k_per_s: F) -> Result<Model<F>> {
    Ok(match *model {
        Model::TwoSite(m) => Model::TwoSite(TwoSite::new(
            m.va_hz, m.vb_hz, k_per_s, m.wa_hz, m.wb_hz, m.pa,
        )?),
        Model::Ab(m) => Model::Ab(crate::lineshape::Ab::new(
            m.va_hz, m.vb_hz, m.j_hz, k_per_s, m.w_hz,
        )?),
    })
}

fn check_data<F: Real>(x_hz: &[F], y: &[F]) -> Result<()> {
    if x_hz.len() != y.len() {
        return Err(Error::LengthMismatch("y"));
    }
    if x_hz.is_empty() {
        return Err(Error::Empty("spectrum"));
    }
    for (&a, &b) in x_hz.iter().zip(y) {
        finite(a, "x_hz")?;
        finite(b, "y")?;
    }
    Ok(())
}

/// Normal equations JᵀJ and Jᵀr at θ (forward differences for the nonlinear parameters,
/// exact derivatives for scale and baseline).
fn normal_equations<F: Real>(
    layout: &Layout,
    start: &Model<F>,
    theta: &Vector<F>,
    x: &[F],
    y: &[F],
) -> Result<(Matrix<F>, Vector<F>)> {
    let (model, scale, baseline) = unpack(layout, start, theta)?;
    let e0 = model.evaluator();
    // Perturbed evaluators for the nonlinear parameters.
    let mut pert = [None; MAX_PARAMS];
    let h_rel = F::EPSILON.sqrt();
    for ((i, kind), slot) in layout.kinds().zip(pert.iter_mut()) {
        if matches!(kind, Kind::Scale | Kind::Baseline) {
            continue;
        }
        let v = at(theta, i);
        let h = h_rel * v.abs().max(F::ONE);
        let mut t = *theta;
        if let Some(ti) = t.get_mut(i) {
            *ti = v + h;
        }
        // A step out of the valid range (p_a → 1) goes backwards instead.
        let (m, h) = match unpack(layout, start, &t) {
            Ok((m, _, _)) => (m, h),
            Err(_) => {
                if let Some(ti) = t.get_mut(i) {
                    *ti = v - h;
                }
                (unpack(layout, start, &t)?.0, -h)
            }
        };
        *slot = Some((m.evaluator(), h));
    }
    let mut a = [[F::ZERO; MAX_PARAMS]; MAX_PARAMS];
    let mut g = [F::ZERO; MAX_PARAMS];
    // Scale and baseline are parameters 1 and 2 of every layout (`Layout::new`): ∂/∂baseline
    // is 1 at every point, ∂/∂scale is I(x); every other parameter has its perturbed evaluator
    // (no per-point dispatch on the parameter kind).
    let mut row = [F::ZERO; MAX_PARAMS];
    if let Some(d) = row.get_mut(2) {
        *d = F::ONE;
    }
    for (&xi, &yi) in x.iter().zip(y) {
        let i0 = e0.at(xi);
        let r = yi - (scale * i0 + baseline);
        for (d, p) in row.iter_mut().zip(&pert).take(layout.n) {
            if let Some((e, h)) = p {
                *d = scale * (e.at(xi) - i0) / *h;
            }
        }
        if let Some(d) = row.get_mut(1) {
            *d = i0;
        }
        accumulate(&mut a, &mut g, &row, r, layout.n);
    }
    symmetrize(&mut a, layout.n);
    Ok((a, g))
}

/// One spectrum as an [`lm::Problem`] over the packed parameter vector.
struct Spectrum<'a, F> {
    layout: &'a Layout,
    start: &'a Model<F>,
    x_hz: &'a [F],
    y: &'a [F],
    /// ln k is kept inside the search range.
    ln_k_bounds: (F, F),
}

impl<F: Real> lm::Problem<F> for Spectrum<'_, F> {
    type Point = Vector<F>;
    type Normal = (Matrix<F>, Vector<F>);

    fn linearise(&self, theta: &Vector<F>) -> Result<Self::Normal> {
        normal_equations(self.layout, self.start, theta, self.x_hz, self.y)
    }

    fn step(
        &self,
        theta: &Vector<F>,
        (a, g): &Self::Normal,
        lambda: F,
    ) -> Result<Option<Vector<F>>> {
        let mut damped = *a;
        for i in 0..self.layout.n {
            lm::set2(&mut damped, i, i, lm::damp(lm::get2(a, i, i), lambda));
        }
        let Some(step) = cholesky_solve(&damped, g, self.layout.n) else {
            return Ok(None);
        };
        let mut trial = *theta;
        for (t, s) in trial.iter_mut().zip(step.iter()).take(self.layout.n) {
            *t += *s;
        }
        if let Some(lk) = trial.first_mut() {
            *lk = lk.max(self.ln_k_bounds.0).min(self.ln_k_bounds.1);
        }
        Ok(Some(trial))
    }

    fn ssr(&self, theta: &Vector<F>) -> Option<F> {
        let (m, s, b) = unpack(self.layout, self.start, theta).ok()?;
        Some(ssr(self.x_hz, self.y, &m, s, b))
    }
}

/// Fits `scale · I(ν; model) + baseline` to the spectrum (x_hz, y), starting from `start`
/// (its k is the starting rate: use [`scan_k`] when unsure) with the scale and baseline of the
/// best linear fit at the start. Needs more points than free parameters.
///
/// ```
/// use ringflux_core::fit::{fit, Free};
/// use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
/// let truth = Model::TwoSite(TwoSite::new(165.0, 135.0, 40.0, 1.0, 1.0, 0.5).unwrap());
/// let mut x = [0.0_f64; 400];
/// linspace(100.0, 200.0, &mut x).unwrap();
/// let mut y = [0.0; 400];
/// simulate(&truth, &x, &mut y).unwrap();
/// let start = Model::TwoSite(TwoSite::new(165.0, 135.0, 25.0, 1.0, 1.0, 0.5).unwrap());
/// let f = fit(&x, &y, &start, Free::default()).unwrap();
/// assert!((f.k_per_s.value - 40.0).abs() < 1e-6);
/// ```
pub fn fit<F: Real>(x_hz: &[F], y: &[F], start: &Model<F>, free: Free) -> Result<LineshapeFit<F>> {
    check_data(x_hz, y)?;
    let layout = Layout::new(start, free)?;
    if x_hz.len() <= layout.n {
        return Err(Error::TooFew("spectrum"));
    }
    let (k_lo, k_hi) = (
        F::from_f64(K_RANGE_PER_S.0).ln(),
        F::from_f64(K_RANGE_PER_S.1).ln(),
    );
    positive(start.k_per_s(), "k_per_s")?;
    let (s0, b0) = linear_scale(x_hz, y, start)?;
    let theta0 = pack(&layout, start, s0, b0);
    let problem = Spectrum {
        layout: &layout,
        start,
        x_hz,
        y,
        ln_k_bounds: (k_lo, k_hi),
    };
    let min = lm::minimize(
        &problem,
        theta0,
        ssr(x_hz, y, start, s0, b0),
        MAX_ITERATIONS,
    )?;
    let (theta, q, iterations, converged) = (min.point, min.ssr, min.iterations, min.converged);
    let ln_k = at(&theta, 0);
    if ln_k <= k_lo || ln_k >= k_hi {
        return Err(Error::Undetermined("k_per_s"));
    }
    // Covariance s² (JᵀJ)⁻¹ at the minimum, one column at a time. A flat direction in ln k is
    // also why an iteration creeps without converging: both report k as undetermined.
    let (a, _) = normal_equations(&layout, start, &theta, x_hz, y)?;
    let dof = F::from_usize(x_hz.len() - layout.n);
    let s2 = q / dof;
    let inv = lm::spd_inverse(&a, layout.n).ok_or(Error::Undetermined("k_per_s"))?;
    let mut var = [F::ZERO; MAX_PARAMS];
    for (j, v) in var.iter_mut().enumerate().take(layout.n) {
        *v = s2 * lm::get2(&inv, j, j);
    }
    let se_ln_k = at(&var, 0).max(F::ZERO).sqrt();
    if !se_ln_k.is_finite() || se_ln_k > F::from_f64(MAX_LN_K_SE) {
        return Err(Error::Undetermined("k_per_s"));
    }
    if !converged {
        return Err(Error::NoConvergence("k_per_s"));
    }
    let (model, scale, baseline) = unpack(&layout, start, &theta)?;
    let est = |kind: Kind| {
        layout.index(kind).map(|i| Estimate {
            value: at(&theta, i),
            err: at(&var, i).max(F::ZERO).sqrt(),
        })
    };
    let k = model.k_per_s();
    Ok(LineshapeFit {
        model,
        k_per_s: Estimate {
            value: k,
            err: k * se_ln_k,
        },
        scale: est(Kind::Scale).unwrap_or(Estimate {
            value: scale,
            err: F::ZERO,
        }),
        baseline: est(Kind::Baseline).unwrap_or(Estimate {
            value: baseline,
            err: F::ZERO,
        }),
        width_hz: est(Kind::Width),
        va_hz: est(Kind::Va),
        vb_hz: est(Kind::Vb),
        pa: est(Kind::Pa),
        rms: (q / F::from_usize(x_hz.len())).sqrt(),
        n_points: x_hz.len(),
        iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineshape::{linspace, simulate};

    #[test]
    fn bad_inputs_are_named() {
        let m = Model::TwoSite(TwoSite::new(165.0, 135.0, 10.0, 1.0, 1.0, 0.5).unwrap());
        assert_eq!(
            fit(&[1.0, 2.0], &[1.0], &m, Free::default()).err(),
            Some(Error::LengthMismatch("y"))
        );
        assert_eq!(
            fit::<f64>(&[], &[], &m, Free::default()).err(),
            Some(Error::Empty("spectrum"))
        );
        assert_eq!(
            fit(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0], &m, Free::default()).err(),
            Some(Error::TooFew("spectrum"))
        );
        let ab = Model::Ab(crate::lineshape::Ab::new(165.0, 135.0, 12.0, 10.0, 1.0).unwrap());
        let free = Free {
            population: true,
            ..Free::default()
        };
        let mut x = [0.0; 50];
        linspace(100.0, 200.0, &mut x).unwrap();
        let mut y = [0.0; 50];
        simulate(&ab, &x, &mut y).unwrap();
        assert_eq!(
            fit(&x, &y, &ab, free).err(),
            Some(Error::OutOfRange("population"))
        );
    }
}
