//! Freeze-out: a two-site spectrum at the slow-exchange limit still measures the populations
//! (and so ΔG°), and bounds k from above, although it does not determine k.
//!
//! **Populations.** [`freeze_out`] fits `scale · I + baseline` with k = 0 (two Lorentzians,
//! `kinetics.md` (e) slow limit), p_a free, each site's width free and optionally the shifts, by
//! the Levenberg–Marquardt engine of [`crate::global_fit`] (σ from the curvature). The widths
//! must be free here: residual exchange broadens the minor site's line more (k_b = p_a k_a/p_b),
//! and Lorentzians of fixed width then misjudge the areas (measured: p_a = 0.7 came out as
//! 0.7027 ± 0.0010 at k = 0.05 s⁻¹ on 1 Hz lines); each Lorentzian's area is p/2 whatever its width.
//!
//! **Bound on k.** Only the natural widths the caller gives (`w_hz`, as `--fix-width`) bound k:
//! with the widths fixed there, the profile SSR(k) (p_a, shifts, scale and baseline refitted at
//! each k) is scanned by doubling k from 10⁻³ s⁻¹, and the bound is where it has risen by
//! Δχ² = 3.84 s² above its minimum (the 95 % point of χ² with one degree of freedom,
//! s² = SSR/(n − p − 1) at the minimum), found by bisection in ln k.

use crate::error::{finite, positive};
use crate::global_fit::{solve, Estimate, SeriesMap, VtSpectrum};
use crate::lm::get2 as g2;
use crate::nsite::{Exchange, NSite, Site};
use crate::{Error, Real, Result};

/// Δχ² of the 95 % one-parameter bound.
pub const DELTA_CHI2_95: f64 = 3.841_458_820_694_124;
/// k from which the upper-bound search starts, s⁻¹.
pub const K_START_PER_S: f64 = 1e-3;
/// Largest k the bound search tries, s⁻¹ (beyond it the spectrum is not at the slow limit).
pub const K_MAX_PER_S: f64 = 1e6;

/// Result of [`freeze_out`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FreezeOut<F> {
    /// Population of site a.
    pub pa: Estimate<F>,
    /// ν_a and ν_b (Hz) when fitted.
    pub shifts_hz: Option<[Estimate<F>; 2]>,
    /// Widths w_a, w_b (Hz) of the population fit (exchange broadening included).
    pub widths_hz: [Estimate<F>; 2],
    /// 95 % upper bound on k_a (s⁻¹, out of site a).
    pub k_upper_per_s: F,
    /// Residual variance of the frozen fit, data units².
    pub s2: F,
}

/// Which of the nuisance parameters are fitted besides p_a, scale and baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FreezeFree {
    /// ν_a and ν_b.
    pub shifts: bool,
}

struct FrozenMap<F> {
    sites: [Site<F>; 2],
    k: F,
    shifts: bool,
    widths: bool,
}

impl<F: Real> FrozenMap<F> {
    fn n(&self) -> usize {
        1 + 2 * usize::from(self.shifts) + 2 * usize::from(self.widths)
    }
}

impl<F: Real, const N: usize> SeriesMap<F, N> for FrozenMap<F> {
    fn model(&self, theta: &[F], _t_k: F) -> Result<NSite<F, N>> {
        let get = |i: usize| theta.get(i).copied().unwrap_or(F::ZERO);
        let pa = get(0);
        let [mut a, mut b] = self.sites;
        a.population = pa;
        b.population = F::ONE - pa;
        let mut i = 1;
        if self.shifts {
            a.nu_hz = get(1);
            b.nu_hz = get(2);
            i = 3;
        }
        if self.widths {
            a.w_hz = get(i);
            b.w_hz = get(i + 1);
        }
        NSite::new(
            &[a, b],
            &[Exchange {
                from: 0,
                to: 1,
                k_per_s: self.k,
            }],
        )
    }
}

fn fit_at<F: Real>(
    map: &FrozenMap<F>,
    theta: [F; 5],
    sp: &[VtSpectrum<'_, F>; 1],
) -> Result<crate::global_fit::Solution<F, 5, 1>> {
    solve::<F, 2, 5, 1>(map, map.n(), theta, sp)
}

/// Fits the populations of a slow-exchange two-site spectrum and bounds k from above (module
/// documentation). `sites` give the start (or fixed) shifts and widths and the start population
/// of a (b's is 1 − p_a).
pub fn freeze_out<F: Real>(
    x_hz: &[F],
    y: &[F],
    sites: &[Site<F>; 2],
    free: FreezeFree,
) -> Result<FreezeOut<F>> {
    for s in sites {
        finite(s.nu_hz, "nu_hz")?;
        positive(s.w_hz, "w_hz")?;
    }
    let pa0 = sites[0].population;
    if !(pa0 > F::ZERO && pa0 < F::ONE) {
        return Err(Error::OutOfRange("population"));
    }
    let sp = [VtSpectrum {
        t_k: F::ONE,
        x_hz,
        y,
    }];
    // Populations: k = 0, widths free.
    let (w0a, w0b) = (sites[0].w_hz, sites[1].w_hz);
    let pop_map = FrozenMap {
        sites: *sites,
        k: F::ZERO,
        shifts: free.shifts,
        widths: true,
    };
    let theta = if free.shifts {
        [pa0, sites[0].nu_hz, sites[1].nu_hz, w0a, w0b]
    } else {
        [pa0, w0a, w0b, F::ZERO, F::ZERO]
    };
    let frozen = fit_at(&pop_map, theta, &sp)?;
    // Profile in k at the given natural widths.
    let mut map = FrozenMap {
        sites: *sites,
        k: F::ZERO,
        shifts: free.shifts,
        widths: false,
    };
    let start = if free.shifts {
        [pa0, sites[0].nu_hz, sites[1].nu_hz, F::ZERO, F::ZERO]
    } else {
        [pa0, F::ZERO, F::ZERO, F::ZERO, F::ZERO]
    };
    let mut q_at = |k: F| -> Result<(F, F)> {
        map.k = k;
        let s = fit_at(&map, start, &sp)?;
        let q = s.s2 * F::from_usize(s.n_points - s.n_params);
        Ok((q, q / F::from_usize(s.n_points - s.n_params - 1)))
    };
    let (mut q_min, mut s2_min) = q_at(F::ZERO)?;
    let mut lo = F::ZERO;
    let mut hi = F::from_f64(K_START_PER_S);
    loop {
        let (q, s2) = q_at(hi)?;
        if q < q_min {
            q_min = q;
            s2_min = s2;
        }
        if q > q_min + F::from_f64(DELTA_CHI2_95) * s2_min {
            break;
        }
        lo = hi;
        hi *= F::TWO;
        if hi > F::from_f64(K_MAX_PER_S) {
            return Err(Error::Undetermined("k_upper_per_s"));
        }
    }
    let target = q_min + F::from_f64(DELTA_CHI2_95) * s2_min;
    for _ in 0..40 {
        let mid = if lo > F::ZERO {
            (lo * hi).sqrt()
        } else {
            hi * F::HALF
        };
        if q_at(mid)?.0 < target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= F::from_f64(1e-6) * hi {
            break;
        }
    }
    let est = |i: usize| Estimate {
        value: frozen.theta.get(i).copied().unwrap_or(F::ZERO),
        err: g2(&frozen.cov, i, i).max(F::ZERO).sqrt(),
    };
    let w_index = if free.shifts { 3 } else { 1 };
    Ok(FreezeOut {
        pa: est(0),
        shifts_hz: free.shifts.then(|| [est(1), est(2)]),
        widths_hz: [est(w_index), est(w_index + 1)],
        k_upper_per_s: hi,
        s2: frozen.s2,
    })
}
