//! The one Levenberg–Marquardt core of the crate (used by [`crate::fit`], [`crate::global_fit`]
//! and through it [`crate::freeze_out`]): fixed-size normal equations, Cholesky solves and the
//! damped-step loop, without allocation or panics.
//!
//! A problem says how to linearise itself at a point (normal equations JᵀJ, Jᵀr, built once per
//! iteration), how to take the damped step from them at a given λ, and what the sum of squared
//! residuals of a point is. The loop (Marquardt's damping of the diagonal,
//! `d + λ · max(d, ε)`; Press et al., *Numerical Recipes*, 3rd ed., §15.5.2) raises λ tenfold until
//! a step lowers the SSR, lowers it tenfold after an accepted step, and stops when a step gains
//! less than 1e-12 of the SSR or no step at any damping goes downhill.

use crate::{Real, Result};

/// Largest damping tried before the point counts as a minimum to working precision.
const LAMBDA_MAX: f64 = 1e16;
/// Smallest damping kept after accepted steps.
const LAMBDA_MIN: f64 = 1e-12;
/// Starting damping.
const LAMBDA_START: f64 = 1e-3;
/// Relative SSR gain below which an accepted step ends the search.
const MIN_GAIN: f64 = 1e-12;

/// A least-squares problem for [`minimize`].
pub(crate) trait Problem<F: Real> {
    /// A point of the search (the parameters, with whatever the problem carries beside them).
    type Point: Copy;
    /// The linearisation at a point (normal equations and any blocks the step needs).
    type Normal;
    /// Normal equations at `at`.
    fn linearise(&self, at: &Self::Point) -> Result<Self::Normal>;
    /// The trial point of the step damped by `lambda` (`Ok(None)`: the damped system is not
    /// positive definite, try more damping).
    fn step(
        &self,
        at: &Self::Point,
        normal: &Self::Normal,
        lambda: F,
    ) -> Result<Option<Self::Point>>;
    /// Sum of squared residuals at `p`; `None` when `p` is not a valid model.
    fn ssr(&self, p: &Self::Point) -> Option<F>;
}

/// Where [`minimize`] stopped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Minimum<P, F> {
    pub(crate) point: P,
    pub(crate) ssr: F,
    pub(crate) iterations: usize,
    /// False when the iteration budget ran out while steps still gained.
    pub(crate) converged: bool,
}

/// Levenberg–Marquardt from `start` (whose SSR is `ssr0`), at most `max_iterations` iterations.
pub(crate) fn minimize<F: Real, P: Problem<F>>(
    problem: &P,
    start: P::Point,
    ssr0: F,
    max_iterations: usize,
) -> Result<Minimum<P::Point, F>> {
    let mut point = start;
    let mut q = ssr0;
    let mut lambda = F::from_f64(LAMBDA_START);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iterations {
        iterations += 1;
        let normal = problem.linearise(&point)?;
        let mut accepted = false;
        while lambda < F::from_f64(LAMBDA_MAX) {
            let Some(trial) = problem.step(&point, &normal, lambda)? else {
                lambda *= F::from_f64(10.0);
                continue;
            };
            let q_new = problem.ssr(&trial).unwrap_or(F::MAX);
            if q_new.is_finite() && q_new <= q {
                let gain = q - q_new;
                point = trial;
                q = q_new;
                lambda = (lambda / F::from_f64(10.0)).max(F::from_f64(LAMBDA_MIN));
                accepted = true;
                converged = gain <= F::from_f64(MIN_GAIN) * q;
                break;
            }
            lambda *= F::from_f64(10.0);
        }
        // No downhill step at any damping: the point is a minimum to working precision.
        if !accepted || converged {
            converged = true;
            break;
        }
    }
    Ok(Minimum {
        point,
        ssr: q,
        iterations,
        converged,
    })
}

/// Marquardt's damping of a diagonal element.
pub(crate) fn damp<F: Real>(d: F, lambda: F) -> F {
    d + lambda * d.max(F::EPSILON)
}

/// Element (i, j) of a fixed-size matrix, zero outside it.
pub(crate) fn get2<F: Real, const A: usize>(m: &[[F; A]; A], i: usize, j: usize) -> F {
    m.get(i).and_then(|r| r.get(j)).copied().unwrap_or(F::ZERO)
}

/// Sets element (i, j) of a fixed-size matrix (ignored outside it).
pub(crate) fn set2<F: Real, const A: usize>(m: &mut [[F; A]; A], i: usize, j: usize, v: F) {
    if let Some(x) = m.get_mut(i).and_then(|r| r.get_mut(j)) {
        *x = v;
    }
}

/// Adds one residual's row of the Jacobian to the lower triangle of JᵀJ and to Jᵀr (first `n`
/// entries); [`symmetrize`] fills the upper triangle once all rows are in.
pub(crate) fn accumulate<F: Real, const A: usize>(
    a: &mut [[F; A]; A],
    g: &mut [F; A],
    row: &[F; A],
    r: F,
    n: usize,
) {
    // Row and column iterators instead of `get2`/`set2`: no index checks in the innermost loop
    // of every fit (the same products and sums in the same order).
    for (j, ((rj, gj), aj)) in row
        .iter()
        .zip(g.iter_mut())
        .zip(a.iter_mut())
        .enumerate()
        .take(n)
    {
        *gj += *rj * r;
        for (ajl, rl) in aj.iter_mut().zip(row).take(j + 1) {
            *ajl += *rj * *rl;
        }
    }
}

/// Copies the lower triangle of the leading n × n block onto the upper one.
pub(crate) fn symmetrize<F: Real, const A: usize>(a: &mut [[F; A]; A], n: usize) {
    for j in 0..n {
        for l in 0..j {
            let v = get2(a, j, l);
            set2(a, l, j, v);
        }
    }
}

/// Solves A x = b for the leading n × n block of a symmetric positive-definite A by Cholesky;
/// `None` if it is not positive definite.
pub(crate) fn cholesky_solve<F: Real, const A: usize>(
    a: &[[F; A]; A],
    b: &[F; A],
    n: usize,
) -> Option<[F; A]> {
    let mut l = [[F::ZERO; A]; A];
    for i in 0..n {
        for j in 0..=i {
            let mut s = get2(a, i, j);
            for k in 0..j {
                s -= get2(&l, i, k) * get2(&l, j, k);
            }
            if i == j {
                if s <= F::ZERO || !s.is_finite() {
                    return None;
                }
                set2(&mut l, i, i, s.sqrt());
            } else {
                let d = get2(&l, j, j);
                set2(&mut l, i, j, s / d);
            }
        }
    }
    let mut x = *b;
    for i in 0..n {
        let mut s = x.get(i).copied().unwrap_or(F::ZERO);
        for k in 0..i {
            s -= get2(&l, i, k) * x.get(k).copied().unwrap_or(F::ZERO);
        }
        if let Some(xi) = x.get_mut(i) {
            *xi = s / get2(&l, i, i);
        }
    }
    for i in (0..n).rev() {
        let mut s = x.get(i).copied().unwrap_or(F::ZERO);
        for k in i + 1..n {
            s -= get2(&l, k, i) * x.get(k).copied().unwrap_or(F::ZERO);
        }
        if let Some(xi) = x.get_mut(i) {
            *xi = s / get2(&l, i, i);
        }
    }
    Some(x)
}

/// The inverse of the leading n × n block of a symmetric positive-definite A, one Cholesky
/// solve per column; `None` if it is not positive definite.
pub(crate) fn spd_inverse<F: Real, const A: usize>(
    a: &[[F; A]; A],
    n: usize,
) -> Option<[[F; A]; A]> {
    let mut inv = [[F::ZERO; A]; A];
    for j in 0..n {
        let mut e = [F::ZERO; A];
        if let Some(ej) = e.get_mut(j) {
            *ej = F::ONE;
        }
        let col = cholesky_solve(a, &e, n)?;
        for (i, c) in col.iter().enumerate().take(n) {
            set2(&mut inv, i, j, *c);
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0] (by hand).
        let mut a = [[0.0; 3]; 3];
        a[0][0] = 4.0;
        a[0][1] = 2.0;
        a[1][0] = 2.0;
        a[1][1] = 3.0;
        let b = [2.0, 1.0, 0.0];
        let x = cholesky_solve(&a, &b, 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
        let inv = spd_inverse(&a, 2).unwrap();
        // det 8: inverse [[3, −2], [−2, 4]] / 8.
        assert!((inv[0][0] - 0.375).abs() < 1e-15 && (inv[0][1] + 0.25).abs() < 1e-15);
        a[1][1] = 1.0;
        assert!(cholesky_solve(&a, &b, 2).is_none());
        assert!(spd_inverse(&a, 2).is_none());
    }

    /// y = exp(−c x) sampled exactly: LM from c = 0.1 finds c = 0.7 to working precision.
    struct Decay {
        x: [f64; 20],
        y: [f64; 20],
    }

    impl Problem<f64> for Decay {
        type Point = f64;
        type Normal = (f64, f64);
        fn linearise(&self, c: &f64) -> Result<(f64, f64)> {
            let (mut a, mut g) = ([[0.0; 1]; 1], [0.0; 1]);
            for (&x, &y) in self.x.iter().zip(&self.y) {
                let f = (-c * x).exp();
                accumulate(&mut a, &mut g, &[-x * f], y - f, 1);
            }
            Ok((a[0][0], g[0]))
        }
        fn step(&self, c: &f64, n: &(f64, f64), lambda: f64) -> Result<Option<f64>> {
            let d = damp(n.0, lambda);
            Ok((d > 0.0).then(|| c + n.1 / d))
        }
        fn ssr(&self, c: &f64) -> Option<f64> {
            Some(
                self.x
                    .iter()
                    .zip(&self.y)
                    .map(|(&x, &y)| (y - (-c * x).exp()).powi(2))
                    .sum(),
            )
        }
    }

    #[test]
    fn minimizes_an_exponential_decay() {
        let mut p = Decay {
            x: [0.0; 20],
            y: [0.0; 20],
        };
        for (i, (x, y)) in p.x.iter_mut().zip(p.y.iter_mut()).enumerate() {
            *x = i as f64 * 0.25;
            *y = (-0.7 * *x).exp();
        }
        let q0 = p.ssr(&0.1).unwrap();
        let m = minimize(&p, 0.1, q0, 200).unwrap();
        assert!(m.converged);
        assert!((m.point - 0.7).abs() < 1e-9, "{}", m.point);
        assert!(m.ssr < 1e-20);
    }
}
