//! Global fit of a variable-temperature series of n-site exchange spectra: all spectra at once,
//! with ΔH‡ and ΔS‡ of each process as the parameters (ChemEx's `2st_eyring`/`3st_eyring` idea),
//! an optional linear drift of each site's shift with T, a fixed or shared linewidth, fixed
//! populations, and a scale and baseline per spectrum. The two-step result (each spectrum's rates
//! alone, then an Eyring regression, [`two_step`]) is computed by the same engine for comparison.
//!
//! **Model.** At temperature T the spectrum is `scale_s · I(ν; M(T)) + baseline_s` with I of
//! [`crate::nsite`], site j at ν_j(T) = a_j + b_j (T − T₀) (b_j = 0 without drift), width
//! c · w_j (c = 1 unless the width is shared and fitted), and every [`Link`] of process q with
//! the Eyring rate (κ = 1, `shared/reference/kinetics.md` (a))
//!
//! ln k_q(T) = ln(k_B T/h) + φ₁ − φ₂ (1/T − 1/T_ref),  ΔH‡ = R φ₂,  ΔS‡ = R (φ₁ + φ₂/T_ref),
//!
//! where T_ref is the mean temperature of the series: in (φ₁, φ₂) the least-squares problem is
//! far better conditioned than in (ΔH‡, ΔS‡), whose errors are strongly correlated.
//!
//! **Solver.** Levenberg–Marquardt on all parameters, with the per-spectrum scale and baseline
//! eliminated exactly from the normal equations (Schur complement of their 2 × 2 blocks), so the
//! workspace is G × G for the G shared parameters plus O(G) per spectrum, whatever the number of
//! points. Derivatives: forward differences for the shared parameters, exact for scale and
//! baseline. The standard errors come from the curvature, cov = s² (JᵀJ)⁻¹ with
//! s² = SSR/(n − p) (as [`crate::fit`]); the Schur complement's inverse is exactly the shared
//! block of (JᵀJ)⁻¹.

use crate::constants::{GAS_CONSTANT_J_PER_MOL_K as R, LN_BOLTZMANN_OVER_PLANCK};
use crate::error::{finite, positive};
use crate::eyring::{self, EyringFit, RatePoint, Weighting};
use core::marker::PhantomData;

use crate::lm::{self, accumulate, cholesky_solve, get2 as g2, set2 as s2m, symmetrize};
use crate::nsite::{Activation, Exchange, NSite, Site};
use crate::{Error, Real, Result};

/// Iteration budget of the Levenberg–Marquardt loop.
pub const MAX_ITERATIONS: usize = 200;
/// σ(ln k) above which a per-spectrum rate of the two-step fit counts as undetermined (as
/// [`crate::fit::MAX_LN_K_SE`]).
pub const MAX_LN_K_SE: f64 = 1.0;

/// An exchange whose rate is that of process `process` (forward, out of `from`; the reverse by
/// detailed balance, as [`Exchange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link {
    /// Site the rate leads out of.
    pub from: usize,
    /// Site it leads into.
    pub to: usize,
    /// Index of the process (into the activation parameters).
    pub process: usize,
}

/// How the site shifts enter the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Shifts {
    /// Fixed at the sites' `nu_hz`.
    #[default]
    Fixed,
    /// One fitted shift per site, the same at every T.
    Shared,
    /// ν_j(T) = a_j + b_j (T − T₀), both fitted per site.
    Drift,
}

/// A VT series model: sites (shifts at T₀, widths, fixed populations) and process links.
#[derive(Debug, Clone, Copy)]
pub struct SeriesModel<'a, F> {
    /// The sites; `nu_hz` is the shift at `t0_k` (the start value when shifts are fitted).
    pub sites: &'a [Site<F>],
    /// The exchanges, each tied to a process.
    pub links: &'a [Link],
    /// Reference temperature of the shift drift, K.
    pub t0_k: F,
    /// How the shifts are treated.
    pub shifts: Shifts,
    /// Fit one common factor on all linewidths (true) or keep them fixed (false).
    pub shared_width: bool,
}

/// One spectrum of the series.
#[derive(Debug, Clone, Copy)]
pub struct VtSpectrum<'a, F> {
    /// Temperature, K.
    pub t_k: F,
    /// Frequencies, Hz.
    pub x_hz: &'a [F],
    /// Intensities, data units.
    pub y: &'a [F],
}

/// Value and standard error.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Estimate<F> {
    /// Fitted value.
    pub value: F,
    /// Standard error from the curvature.
    pub err: F,
}

/// Activation parameters of one process with their errors and covariance.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProcessFit<F> {
    /// ΔH‡, J mol⁻¹.
    pub dh_j_per_mol: Estimate<F>,
    /// ΔS‡, J mol⁻¹ K⁻¹.
    pub ds_j_per_mol_k: Estimate<F>,
    /// cov(ΔH‡, ΔS‡), J² mol⁻² K⁻¹.
    pub cov_dh_ds: F,
}

impl<F: Real> ProcessFit<F> {
    /// ΔG‡(T) = ΔH‡ − T ΔS‡ and its standard error (J mol⁻¹), with the covariance.
    pub fn dg_at(&self, t_k: F) -> Result<Estimate<F>> {
        let t = positive(t_k, "t_k")?;
        let (sh, ss) = (self.dh_j_per_mol.err, self.ds_j_per_mol_k.err);
        let var = sh * sh + t * t * ss * ss - F::TWO * t * self.cov_dh_ds;
        Ok(Estimate {
            value: self.dh_j_per_mol.value - t * self.ds_j_per_mol_k.value,
            err: var.max(F::ZERO).sqrt(),
        })
    }
}

/// Result of [`global_fit`] (capacities: `G` shared parameters, `S` spectra).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlobalFit<F, const G: usize, const S: usize> {
    /// Number of processes (entries of `processes` in use).
    pub n_processes: usize,
    /// Per process: ΔH‡, ΔS‡ and their covariance.
    pub processes: [ProcessFit<F>; G],
    /// Fitted shifts a_j (Hz at T₀) when shifts are fitted; n_sites entries in use.
    pub shift_hz: [Estimate<F>; G],
    /// Fitted drifts b_j (Hz/K) with [`Shifts::Drift`].
    pub drift_hz_per_k: [Estimate<F>; G],
    /// Common linewidth factor when shared.
    pub width_factor: Option<Estimate<F>>,
    /// Number of spectra.
    pub n_spectra: usize,
    /// Scale of each spectrum.
    pub scale: [Estimate<F>; S],
    /// Baseline of each spectrum.
    pub baseline: [Estimate<F>; S],
    /// Residual variance s² = SSR/(n − p), data units².
    pub s2: F,
    /// χ²_red = s²/σ² when the noise σ was given.
    pub chi2_red: Option<F>,
    /// Points and parameters.
    pub n_points: usize,
    /// Number of fitted parameters (shared + 2 per spectrum).
    pub n_params: usize,
    /// Levenberg–Marquardt iterations.
    pub iterations: usize,
}

/// Two-step result: per-spectrum rates (ln k ± σ, or undetermined), then one Eyring regression
/// per process over the determined ones (weighted by the rates' errors, `kinetics.md` (f)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoStep<F, const G: usize, const S: usize> {
    /// Number of processes.
    pub n_processes: usize,
    /// Rate of process q in spectrum s (`rates[s][q]`), None where the spectrum does not
    /// determine it (σ(ln k) > [`MAX_LN_K_SE`]) or its fit failed.
    pub rates: [[Option<RatePoint<F>>; G]; S],
    /// Eyring fit per process (an error where fewer than 3 rates were determined).
    pub eyring: [Result<EyringFit<F>>; G],
}

/// Maps the shared parameters to the spectrum's model at T.
pub(crate) trait SeriesMap<F: Real, const N: usize> {
    fn model(&self, theta: &[F], t_k: F) -> Result<NSite<F, N>>;
}

#[derive(Clone, Copy)]
struct Layout {
    /// Processes (2 parameters each, or 1 for a per-spectrum rate).
    n_proc: usize,
    per_proc: usize,
    n_shift: usize,
    n_drift: usize,
    width: bool,
}

impl Layout {
    fn n(&self) -> usize {
        self.n_proc * self.per_proc + self.n_shift + self.n_drift + usize::from(self.width)
    }
    fn shift0(&self) -> usize {
        self.n_proc * self.per_proc
    }
}

/// The common site/width part of both maps: sites at T from the parameter vector.
fn sites_at<F: Real, const N: usize>(
    series: &SeriesModel<'_, F>,
    layout: &Layout,
    theta: &[F],
    t_k: F,
    out: &mut [Site<F>; N],
) -> Result<usize> {
    let n = series.sites.len();
    if n > N {
        return Err(Error::CapacityExceeded("sites"));
    }
    let c = if layout.width {
        theta.get(layout.n() - 1).copied().unwrap_or(F::ONE)
    } else {
        F::ONE
    };
    for (j, (o, s)) in out.iter_mut().zip(series.sites).enumerate() {
        let a = if layout.n_shift > 0 {
            theta.get(layout.shift0() + j).copied().unwrap_or(s.nu_hz)
        } else {
            s.nu_hz
        };
        let b = if layout.n_drift > 0 {
            theta
                .get(layout.shift0() + layout.n_shift + j)
                .copied()
                .unwrap_or(F::ZERO)
        } else {
            F::ZERO
        };
        *o = Site {
            nu_hz: a + b * (t_k - series.t0_k),
            w_hz: c * s.w_hz,
            population: s.population,
        };
    }
    Ok(n)
}

struct EyringMap<'a, F> {
    series: SeriesModel<'a, F>,
    layout: Layout,
    t_ref_k: F,
}

impl<F: Real, const N: usize> SeriesMap<F, N> for EyringMap<'_, F> {
    fn model(&self, theta: &[F], t_k: F) -> Result<NSite<F, N>> {
        let mut sites = [Site::default(); N];
        let n = sites_at(&self.series, &self.layout, theta, t_k, &mut sites)?;
        let lkt = F::from_f64(LN_BOLTZMANN_OVER_PLANCK) + t_k.ln();
        let dinv = F::ONE / t_k - F::ONE / self.t_ref_k;
        NSite::from_fn(
            sites.get(..n).unwrap_or(&[]),
            self.series.links.len(),
            |i| {
                let l = self.series.links.get(i).ok_or(Error::OutOfRange("links"))?;
                let p1 = theta.get(2 * l.process).copied().unwrap_or(F::ZERO);
                let p2 = theta.get(2 * l.process + 1).copied().unwrap_or(F::ZERO);
                Ok(Exchange {
                    from: l.from,
                    to: l.to,
                    k_per_s: (lkt + p1 - p2 * dinv).exp(),
                })
            },
        )
    }
}

struct RateMap<'a, F> {
    series: SeriesModel<'a, F>,
    layout: Layout,
}

impl<F: Real, const N: usize> SeriesMap<F, N> for RateMap<'_, F> {
    fn model(&self, theta: &[F], t_k: F) -> Result<NSite<F, N>> {
        let mut sites = [Site::default(); N];
        let n = sites_at(&self.series, &self.layout, theta, t_k, &mut sites)?;
        NSite::from_fn(
            sites.get(..n).unwrap_or(&[]),
            self.series.links.len(),
            |i| {
                let l = self.series.links.get(i).ok_or(Error::OutOfRange("links"))?;
                Ok(Exchange {
                    from: l.from,
                    to: l.to,
                    k_per_s: theta.get(l.process).copied().unwrap_or(F::ZERO).exp(),
                })
            },
        )
    }
}

/// What the engine returns: shared parameters, their covariance, per-spectrum linear parameters.
pub(crate) struct Solution<F, const G: usize, const S: usize> {
    pub(crate) theta: [F; G],
    pub(crate) cov: [[F; G]; G],
    pub(crate) local: [[F; 2]; S],
    pub(crate) local_var: [[F; 2]; S],
    pub(crate) s2: F,
    pub(crate) n_points: usize,
    pub(crate) n_params: usize,
    pub(crate) iterations: usize,
}

/// Per-spectrum blocks of the normal equations: C (G × 2), D (2 × 2), h (2).
#[derive(Clone, Copy)]
struct Block<F, const G: usize> {
    c: [[F; 2]; G],
    d: [[F; 2]; 2],
    h: [F; 2],
}

fn ssr_of<F: Real, const N: usize, const G: usize, const S: usize>(
    map: &impl SeriesMap<F, N>,
    theta: &[F; G],
    local: &[[F; 2]; S],
    spectra: &[VtSpectrum<'_, F>],
) -> Result<F> {
    let mut q = F::ZERO;
    for (sp, lo) in spectra.iter().zip(local) {
        let m = map.model(theta, sp.t_k)?;
        let [sc, bl] = *lo;
        for (&x, &y) in sp.x_hz.iter().zip(sp.y) {
            let r = y - (sc * m.intensity(x) + bl);
            q += r * r;
        }
    }
    Ok(q)
}

/// Normal equations of all parameters at θ: the shared block A (G × G), its gradient g and the
/// per-spectrum blocks (undamped).
struct Normal<F, const G: usize, const S: usize> {
    a: [[F; G]; G],
    g: [F; G],
    blocks: [Block<F, G>; S],
}

fn normal_equations<F: Real, const N: usize, const G: usize, const S: usize>(
    map: &impl SeriesMap<F, N>,
    ng: usize,
    theta: &[F; G],
    local: &[[F; 2]; S],
    spectra: &[VtSpectrum<'_, F>],
) -> Result<Normal<F, G, S>> {
    let mut a = [[F::ZERO; G]; G];
    let mut g = [F::ZERO; G];
    let mut blocks = [Block {
        c: [[F::ZERO; 2]; G],
        d: [[F::ZERO; 2]; 2],
        h: [F::ZERO; 2],
    }; S];
    let h_rel = F::EPSILON.sqrt();
    for ((sp, lo), blk) in spectra.iter().zip(local).zip(blocks.iter_mut()) {
        let m0: NSite<F, N> = map.model(theta, sp.t_k)?;
        let mut pert: [Option<(NSite<F, N>, F)>; G] = [None; G];
        for (i, slot) in pert.iter_mut().enumerate().take(ng) {
            let v = theta.get(i).copied().unwrap_or(F::ZERO);
            let h = h_rel * v.abs().max(F::ONE);
            let mut t = *theta;
            if let Some(ti) = t.get_mut(i) {
                *ti = v + h;
            }
            *slot = Some((map.model(&t, sp.t_k)?, h));
        }
        let [sc, bl] = *lo;
        let mut row = [F::ZERO; G];
        for (&x, &y) in sp.x_hz.iter().zip(sp.y) {
            let i0 = m0.intensity(x);
            let r = y - (sc * i0 + bl);
            for (d, p) in row.iter_mut().zip(&pert).take(ng) {
                *d = match p {
                    Some((m, h)) => sc * (m.intensity(x) - i0) / *h,
                    None => F::ZERO,
                };
            }
            accumulate(&mut a, &mut g, &row, r, ng);
            for (rj, cj) in row.iter().zip(blk.c.iter_mut()).take(ng) {
                cj[0] += *rj * i0;
                cj[1] += *rj;
            }
            blk.d[0][0] += i0 * i0;
            blk.d[0][1] += i0;
            blk.d[1][1] += F::ONE;
            blk.h[0] += i0 * r;
            blk.h[1] += r;
        }
        blk.d[1][0] = blk.d[0][1];
    }
    symmetrize(&mut a, ng);
    Ok(Normal { a, g, blocks })
}

/// The normal equations damped by λ and reduced to the shared parameters: the Schur complement
/// A − Σ C D⁻¹ Cᵀ and g − Σ C D⁻¹ h, plus the damped blocks to back-substitute.
#[allow(clippy::type_complexity)]
fn reduced<F: Real, const G: usize, const S: usize>(
    normal: &Normal<F, G, S>,
    ng: usize,
    n_spectra: usize,
    lambda: F,
) -> Result<([[F; G]; G], [F; G], [Block<F, G>; S])> {
    let (mut a, mut g, mut blocks) = (normal.a, normal.g, normal.blocks);
    for i in 0..ng {
        let d = lm::damp(g2(&a, i, i), lambda);
        s2m(&mut a, i, i, d);
    }
    for blk in blocks.iter_mut().take(n_spectra) {
        blk.d[0][0] = lm::damp(blk.d[0][0], lambda);
        blk.d[1][1] = lm::damp(blk.d[1][1], lambda);
        let det = blk.d[0][0] * blk.d[1][1] - blk.d[0][1] * blk.d[1][0];
        if det.partial_cmp(&F::ZERO) != Some(core::cmp::Ordering::Greater) {
            return Err(Error::Degenerate("spectrum"));
        }
        let inv = [
            [blk.d[1][1] / det, -blk.d[0][1] / det],
            [-blk.d[1][0] / det, blk.d[0][0] / det],
        ];
        for j in 0..ng {
            let cj = blk.c.get(j).copied().unwrap_or([F::ZERO; 2]);
            let w = [
                inv[0][0] * cj[0] + inv[0][1] * cj[1],
                inv[1][0] * cj[0] + inv[1][1] * cj[1],
            ];
            if let Some(gj) = g.get_mut(j) {
                *gj -= w[0] * blk.h[0] + w[1] * blk.h[1];
            }
            for l in 0..ng {
                let cl = blk.c.get(l).copied().unwrap_or([F::ZERO; 2]);
                let v = g2(&a, j, l) - (w[0] * cl[0] + w[1] * cl[1]);
                s2m(&mut a, j, l, v);
            }
        }
    }
    Ok((a, g, blocks))
}

/// Best scale and baseline of each spectrum for the model at θ (linear least squares).
fn linear_locals<F: Real, const N: usize, const G: usize, const S: usize>(
    map: &impl SeriesMap<F, N>,
    theta: &[F; G],
    spectra: &[VtSpectrum<'_, F>],
) -> Result<[[F; 2]; S]> {
    let mut local = [[F::ONE, F::ZERO]; S];
    for (sp, lo) in spectra.iter().zip(local.iter_mut()) {
        let m: NSite<F, N> = map.model(theta, sp.t_k)?;
        let n = F::from_usize(sp.x_hz.len());
        let (mut si, mut sy, mut sii, mut siy) = (F::ZERO, F::ZERO, F::ZERO, F::ZERO);
        for (&x, &y) in sp.x_hz.iter().zip(sp.y) {
            let i = m.intensity(x);
            si += i;
            sy += y;
            sii += i * i;
            siy += i * y;
        }
        let det = n * sii - si * si;
        if det.partial_cmp(&F::ZERO) != Some(core::cmp::Ordering::Greater) || !det.is_finite() {
            return Err(Error::Degenerate("spectrum"));
        }
        let scale = (n * siy - si * sy) / det;
        *lo = [scale, (sy - scale * si) / n];
    }
    Ok(local)
}

fn check_spectra<F: Real, const S: usize>(spectra: &[VtSpectrum<'_, F>]) -> Result<usize> {
    if spectra.is_empty() {
        return Err(Error::Empty("spectra"));
    }
    if spectra.len() > S {
        return Err(Error::CapacityExceeded("spectra"));
    }
    let mut n = 0;
    for sp in spectra {
        positive(sp.t_k, "t_k")?;
        if sp.x_hz.len() != sp.y.len() {
            return Err(Error::LengthMismatch("y"));
        }
        if sp.x_hz.len() < 3 {
            return Err(Error::TooFew("spectrum"));
        }
        for (&x, &y) in sp.x_hz.iter().zip(sp.y) {
            finite(x, "x_hz")?;
            finite(y, "y")?;
        }
        n += sp.x_hz.len();
    }
    Ok(n)
}

/// A series as an [`lm::Problem`]: the point is θ with every spectrum's scale and baseline.
/// (`N` sites, `G` shared parameters, `S` spectra, as [`solve`].)
struct Series<'a, 'b, F, M, const N: usize, const G: usize, const S: usize> {
    map: &'a M,
    ng: usize,
    spectra: &'a [VtSpectrum<'b, F>],
    dims: PhantomData<([(); N], [(); G], [(); S])>,
}

impl<F: Real, const N: usize, const G: usize, const S: usize, M: SeriesMap<F, N>> lm::Problem<F>
    for Series<'_, '_, F, M, N, G, S>
{
    type Point = ([F; G], [[F; 2]; S]);
    type Normal = Normal<F, G, S>;
    fn linearise(&self, (theta, local): &Self::Point) -> Result<Normal<F, G, S>> {
        normal_equations(self.map, self.ng, theta, local, self.spectra)
    }
    fn step(
        &self,
        (theta, local): &Self::Point,
        normal: &Normal<F, G, S>,
        lambda: F,
    ) -> Result<Option<Self::Point>> {
        let (a, g, blocks) = reduced(normal, self.ng, self.spectra.len(), lambda)?;
        let Some(step) = cholesky_solve(&a, &g, self.ng) else {
            return Ok(None);
        };
        let mut trial = *theta;
        for (t, s) in trial.iter_mut().zip(step.iter()).take(self.ng) {
            *t += *s;
        }
        let mut trial_local = *local;
        for (lo, blk) in trial_local.iter_mut().zip(&blocks).take(self.spectra.len()) {
            // δ_local = D⁻¹ (h − Cᵀ δ_shared).
            let mut rhs = blk.h;
            for (cj, sj) in blk.c.iter().zip(step.iter()).take(self.ng) {
                rhs[0] -= cj[0] * *sj;
                rhs[1] -= cj[1] * *sj;
            }
            let det = blk.d[0][0] * blk.d[1][1] - blk.d[0][1] * blk.d[1][0];
            lo[0] += (blk.d[1][1] * rhs[0] - blk.d[0][1] * rhs[1]) / det;
            lo[1] += (blk.d[0][0] * rhs[1] - blk.d[1][0] * rhs[0]) / det;
        }
        Ok(Some((trial, trial_local)))
    }
    fn ssr(&self, (theta, local): &Self::Point) -> Option<F> {
        ssr_of(self.map, theta, local, self.spectra).ok()
    }
}

/// Levenberg–Marquardt over the shared parameters θ (first `ng` of G) and each spectrum's
/// scale and baseline.
pub(crate) fn solve<F: Real, const N: usize, const G: usize, const S: usize>(
    map: &impl SeriesMap<F, N>,
    ng: usize,
    theta0: [F; G],
    spectra: &[VtSpectrum<'_, F>],
) -> Result<Solution<F, G, S>> {
    let n_points = check_spectra::<F, S>(spectra)?;
    let n_params = ng + 2 * spectra.len();
    if n_points <= n_params {
        return Err(Error::TooFew("spectra"));
    }
    let local: [[F; 2]; S] = linear_locals(map, &theta0, spectra)?;
    let problem: Series<'_, '_, F, _, N, G, S> = Series {
        map,
        ng,
        spectra,
        dims: PhantomData,
    };
    let q0 = ssr_of(map, &theta0, &local, spectra)?;
    let min = lm::minimize(&problem, (theta0, local), q0, MAX_ITERATIONS)?;
    if !min.converged {
        return Err(Error::NoConvergence("global_fit"));
    }
    let ((theta, local), q, iterations) = (min.point, min.ssr, min.iterations);
    // Covariance at the minimum: shared block from the undamped Schur complement; each local
    // variance from D⁻¹ + D⁻¹ Cᵀ Σ C D⁻¹ (block inverse), scaled by s².
    let normal = normal_equations(map, ng, &theta, &local, spectra)?;
    let (a, _, blocks) = reduced(&normal, ng, spectra.len(), F::ZERO)?;
    let s2 = q / F::from_usize(n_points - n_params);
    let mut cov = lm::spd_inverse(&a, ng).ok_or(Error::Undetermined("global_fit"))?;
    let mut local_var = [[F::ZERO; 2]; S];
    for (lv, blk) in local_var.iter_mut().zip(&blocks).take(spectra.len()) {
        let det = blk.d[0][0] * blk.d[1][1] - blk.d[0][1] * blk.d[1][0];
        let inv = [
            [blk.d[1][1] / det, -blk.d[0][1] / det],
            [-blk.d[1][0] / det, blk.d[0][0] / det],
        ];
        // W = D⁻¹ Cᵀ (2 × ng); var_k = inv_kk + Σ_ij W_ki Σ_ij W_kj.
        for ((lvk, inv_row), kk) in lv.iter_mut().zip(&inv).zip([inv[0][0], inv[1][1]]) {
            let w = |i: usize| {
                let ci = blk.c.get(i).copied().unwrap_or([F::ZERO; 2]);
                inv_row[0] * ci[0] + inv_row[1] * ci[1]
            };
            let mut v = kk;
            for i in 0..ng {
                for j in 0..ng {
                    v += w(i) * g2(&cov, i, j) * w(j);
                }
            }
            *lvk = s2 * v;
        }
    }
    for row in cov.iter_mut().take(ng) {
        for c in row.iter_mut().take(ng) {
            *c *= s2;
        }
    }
    Ok(Solution {
        theta,
        cov,
        local,
        local_var,
        s2,
        n_points,
        n_params,
        iterations,
    })
}

fn layout_of<F: Real>(series: &SeriesModel<'_, F>, n_proc: usize, per_proc: usize) -> Layout {
    let n = series.sites.len();
    Layout {
        n_proc,
        per_proc,
        n_shift: if matches!(series.shifts, Shifts::Fixed) {
            0
        } else {
            n
        },
        n_drift: if matches!(series.shifts, Shifts::Drift) {
            n
        } else {
            0
        },
        width: series.shared_width,
    }
}

fn check_series<F: Real>(series: &SeriesModel<'_, F>, n_proc: usize) -> Result<()> {
    finite(series.t0_k, "t0_k")?;
    if n_proc == 0 {
        return Err(Error::Empty("processes"));
    }
    if series.links.iter().any(|l| l.process >= n_proc) {
        return Err(Error::OutOfRange("process"));
    }
    Ok(())
}

/// Fills the shift/drift/width start values of θ after the `first` process parameters.
fn start_tail<F: Real, const G: usize>(
    series: &SeriesModel<'_, F>,
    layout: &Layout,
    theta: &mut [F; G],
) {
    for (j, s) in series.sites.iter().enumerate() {
        if layout.n_shift > 0 {
            if let Some(t) = theta.get_mut(layout.shift0() + j) {
                *t = s.nu_hz;
            }
        }
    }
    if layout.width {
        if let Some(t) = theta.get_mut(layout.n() - 1) {
            *t = F::ONE;
        }
    }
}

/// Global fit of all spectra of a VT series at once (module documentation). `start` holds one
/// starting [`Activation`] per process (a two-step result, or a coalescence estimate);
/// `noise_sigma` (data units), when known, gives χ²_red.
///
/// Capacities: `N` sites, `G` shared parameters (2 per process + sites (+ sites with drift)
/// (+ 1 for a shared width)), `S` spectra.
pub fn global_fit<F: Real, const N: usize, const G: usize, const S: usize>(
    series: &SeriesModel<'_, F>,
    start: &[Activation<F>],
    spectra: &[VtSpectrum<'_, F>],
    noise_sigma: Option<F>,
) -> Result<GlobalFit<F, G, S>> {
    check_series(series, start.len())?;
    let layout = layout_of(series, start.len(), 2);
    let ng = layout.n();
    if ng > G {
        return Err(Error::CapacityExceeded("parameters"));
    }
    check_spectra::<F, S>(spectra)?;
    // T_ref: mean temperature (conditioning only; the result does not depend on it).
    let t_ref = spectra.iter().fold(F::ZERO, |a, s| a + s.t_k) / F::from_usize(spectra.len());
    let r = F::from_f64(R);
    let mut theta = [F::ZERO; G];
    for (q, act) in start.iter().enumerate() {
        let dh = finite(act.dh_j_per_mol, "dh_j_per_mol")?;
        let ds = finite(act.ds_j_per_mol_k, "ds_j_per_mol_k")?;
        let (p1, p2) = (ds / r - dh / (r * t_ref), dh / r);
        if let Some(t) = theta.get_mut(2 * q) {
            *t = p1;
        }
        if let Some(t) = theta.get_mut(2 * q + 1) {
            *t = p2;
        }
    }
    start_tail(series, &layout, &mut theta);
    let map = EyringMap {
        series: *series,
        layout,
        t_ref_k: t_ref,
    };
    let sol: Solution<F, G, S> = solve::<F, N, G, S>(&map, ng, theta, spectra)?;
    let est = |i: usize| Estimate {
        value: sol.theta.get(i).copied().unwrap_or(F::ZERO),
        err: g2(&sol.cov, i, i).max(F::ZERO).sqrt(),
    };
    let mut processes = [ProcessFit::default(); G];
    for (q, p) in processes.iter_mut().enumerate().take(start.len()) {
        let (i1, i2) = (2 * q, 2 * q + 1);
        let (p1, p2) = (est(i1).value, est(i2).value);
        let (v11, v22, v12) = (
            g2(&sol.cov, i1, i1),
            g2(&sol.cov, i2, i2),
            g2(&sol.cov, i1, i2),
        );
        // ΔH = R φ₂, ΔS = R (φ₁ + φ₂/T_ref).
        let it = F::ONE / t_ref;
        let var_dh = r * r * v22;
        let var_ds = r * r * (v11 + F::TWO * it * v12 + it * it * v22);
        let cov = r * r * (v12 + it * v22);
        *p = ProcessFit {
            dh_j_per_mol: Estimate {
                value: r * p2,
                err: var_dh.max(F::ZERO).sqrt(),
            },
            ds_j_per_mol_k: Estimate {
                value: r * (p1 + p2 * it),
                err: var_ds.max(F::ZERO).sqrt(),
            },
            cov_dh_ds: cov,
        };
    }
    let n = series.sites.len();
    let mut shift_hz = [Estimate::default(); G];
    let mut drift = [Estimate::default(); G];
    if layout.n_shift > 0 {
        for (j, s) in shift_hz.iter_mut().enumerate().take(n) {
            *s = est(layout.shift0() + j);
        }
    }
    if layout.n_drift > 0 {
        for (j, s) in drift.iter_mut().enumerate().take(n) {
            *s = est(layout.shift0() + n + j);
        }
    }
    let mut scale = [Estimate::default(); S];
    let mut baseline = [Estimate::default(); S];
    for (((sc, bl), lo), lv) in scale
        .iter_mut()
        .zip(baseline.iter_mut())
        .zip(&sol.local)
        .zip(&sol.local_var)
        .take(spectra.len())
    {
        *sc = Estimate {
            value: lo[0],
            err: lv[0].max(F::ZERO).sqrt(),
        };
        *bl = Estimate {
            value: lo[1],
            err: lv[1].max(F::ZERO).sqrt(),
        };
    }
    let chi2_red = match noise_sigma {
        Some(s) => Some(sol.s2 / (positive(s, "noise_sigma")? * s)),
        None => None,
    };
    Ok(GlobalFit {
        n_processes: start.len(),
        processes,
        shift_hz,
        drift_hz_per_k: drift,
        width_factor: layout.width.then(|| est(ng - 1)),
        n_spectra: spectra.len(),
        scale,
        baseline,
        s2: sol.s2,
        chi2_red,
        n_points: sol.n_points,
        n_params: sol.n_params,
        iterations: sol.iterations,
    })
}

/// Lineshape fits in ln k have local minima far from the answer: the start θ with its ln k
/// entries (`is_rate`) shifted together by the best of ln 10^(−4 … 4) in half decades, each
/// shift judged by the SSR at its best linear scale and baseline on the one spectrum.
pub(crate) fn scan_rates<F: Real, const N: usize, const G: usize>(
    map: &impl SeriesMap<F, N>,
    theta: [F; G],
    is_rate: impl Fn(usize) -> bool,
    one: &[VtSpectrum<'_, F>],
) -> [F; G] {
    let shifted = |shift: F| {
        let mut t = theta;
        for (i, tq) in t.iter_mut().enumerate() {
            if is_rate(i) {
                *tq += shift;
            }
        }
        t
    };
    let mut best: Option<(F, F)> = None;
    for i in 0..17 {
        let shift = F::from_f64((f64::from(i) - 8.0) * 0.5 * core::f64::consts::LN_10);
        let t = shifted(shift);
        let Ok(lo) = linear_locals::<F, N, G, 1>(map, &t, one) else {
            continue;
        };
        let Ok(q) = ssr_of::<F, N, G, 1>(map, &t, &lo, one) else {
            continue;
        };
        if best.is_none_or(|(_, bq)| q < bq) {
            best = Some((shift, q));
        }
    }
    best.map_or(theta, |(shift, _)| shifted(shift))
}

/// The two-step result on the same data: each spectrum fitted alone for ln k of every process
/// (shifts, widths as in `series`, without drift across spectra: a spectrum alone has no T
/// dependence, so [`Shifts::Drift`] counts as [`Shifts::Shared`] there), starting from
/// `start`'s rates at its temperature scaled by the best of 10^(−4 … 4) (a coarse scan, all
/// processes together); then one Eyring regression per process over the rates
/// the spectra determine (σ(ln k) ≤ [`MAX_LN_K_SE`]), weighted by their errors.
pub fn two_step<F: Real, const N: usize, const G: usize, const S: usize>(
    series: &SeriesModel<'_, F>,
    start: &[Activation<F>],
    spectra: &[VtSpectrum<'_, F>],
) -> Result<TwoStep<F, G, S>> {
    check_series(series, start.len())?;
    check_spectra::<F, S>(spectra)?;
    let mut per = *series;
    if matches!(per.shifts, Shifts::Drift) {
        per.shifts = Shifts::Shared;
    }
    let layout = layout_of(&per, start.len(), 1);
    let ng = layout.n();
    if ng > G {
        return Err(Error::CapacityExceeded("parameters"));
    }
    let map = RateMap {
        series: per,
        layout,
    };
    let mut rates = [[None; G]; S];
    for (sp, row) in spectra.iter().zip(rates.iter_mut()) {
        let mut theta = [F::ZERO; G];
        for (q, act) in start.iter().enumerate() {
            if let Some(t) = theta.get_mut(q) {
                *t = act.rate_per_s(sp.t_k)?.ln();
            }
        }
        start_tail(&per, &map.layout, &mut theta);
        let one = core::slice::from_ref(sp);
        let theta = scan_rates::<F, N, G>(&map, theta, |i| i < start.len(), one);
        let Ok(sol) = solve::<F, N, G, 1>(&map, ng, theta, one) else {
            continue;
        };
        for (q, slot) in row.iter_mut().enumerate().take(start.len()) {
            let lk = sol.theta.get(q).copied().unwrap_or(F::ZERO);
            let se = g2(&sol.cov, q, q).max(F::ZERO).sqrt();
            if se.is_finite() && se <= F::from_f64(MAX_LN_K_SE) {
                let k = lk.exp();
                *slot = Some(RatePoint {
                    t_k: sp.t_k,
                    k_per_s: k,
                    k_err_per_s: Some(k * se),
                });
            }
        }
    }
    let mut eyring_fits = [Err(Error::TooFew("rates")); G];
    for (q, e) in eyring_fits.iter_mut().enumerate().take(start.len()) {
        let mut pts = [RatePoint {
            t_k: F::ONE,
            k_per_s: F::ONE,
            k_err_per_s: None,
        }; S];
        let mut n = 0;
        for row in rates.iter().take(spectra.len()) {
            if let Some(p) = row.get(q).copied().flatten() {
                if let Some(slot) = pts.get_mut(n) {
                    *slot = p;
                    n += 1;
                }
            }
        }
        *e = eyring::fit(pts.get(..n).unwrap_or(&[]), F::ONE, Weighting::ByRateError);
    }
    Ok(TwoStep {
        n_processes: start.len(),
        rates,
        eyring: eyring_fits,
    })
}
