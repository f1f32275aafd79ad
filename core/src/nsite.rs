//! Exchange lineshape of n uncoupled sites (capacity `N`, a const generic), and the kinetic
//! schemes that feed it: the general list of exchanges and the four-site amide × ring scheme
//! (E-TC, E-TB, Z-TC, Z-TB) of N-acyl 1,4-diazepanes.
//!
//! **Formula** (`shared/reference/kinetics.md` (e), "generalises directly to N sites"):
//!
//! I(ν) = Re[1ᵀ M(ν)⁻¹ p],  M(ν) = diag(π w_j + i 2π(ν − ν_j)) + K,
//!
//! with p the populations (Σ p = 1) and K the *negated* exchange matrix of kinetics.md:
//! K_jj = Σ_i k_{j→i} (total rate out of j), K_ij = −k_{j→i}. So M = i2πν𝟙 − L with L of
//! kinetics.md, and for n = 2 this is exactly [`crate::lineshape::TwoSite`]'s closed form. The
//! scale is nmrsim's (module [`crate::lineshape`]): ∫ I dν = ½ Σ p = ½, an isolated line of width
//! w and population p peaks at p/(π w).
//!
//! **Rates.** Each [`Exchange`] is the first-order rate constant out of `from` into `to`; the
//! reverse rate follows from detailed balance, k_{to→from} = p_from k / p_to. A pair may be given
//! once (in either direction): a second entry for the same pair is an error, not a sum, so that
//! no two tools can disagree silently about what a duplicated line means.
//!
//! **Solve.** Per point the n × n complex system M x = p is solved by Gaussian elimination with
//! partial pivoting (pivot on |Re| + |Im|) on fixed arrays; nothing allocates. Everything that
//! does not depend on ν (the real part of M, the populations) is built once per model. Two sites
//! are solved in closed form instead (the same direct or fast-exchange-basis solution written out
//! in real arithmetic, one division per point), which makes a global two-site VT fit ≈ 4× faster
//! (`tests/bench/global_fit.sh`).
//!
//! **f32.** The f32 path keeps ~1e-6 of the peak height for realistic spectra when frequencies
//! are passed relative to the window's centre; the measured figures are in `core/README.md`
//! (test `nsite_f32_error` in `tests/tests/nsite.rs`).
//!
//! ```
//! use ringflux_core::nsite::{simulate, Exchange, NSite, Site};
//! // Three sites in a cycle, 4 s⁻¹ out of site 0 into 1 and 2.
//! let sites = [
//!     Site { nu_hz: 100.0_f64, w_hz: 1.0, population: 0.5 },
//!     Site { nu_hz: 150.0, w_hz: 1.0, population: 0.3 },
//!     Site { nu_hz: 180.0, w_hz: 1.0, population: 0.2 },
//! ];
//! let ex = [Exchange { from: 0, to: 1, k_per_s: 4.0 }, Exchange { from: 0, to: 2, k_per_s: 4.0 }];
//! let m = NSite::<f64, 8>::new(&sites, &ex).unwrap();
//! let x = [100.0, 150.0, 180.0];
//! let mut y = [0.0; 3];
//! simulate(&m, &x, &mut y).unwrap();
//! assert!(y[0] > y[1] && y[1] > y[2]);
//! ```

use crate::error::{finite, non_negative, positive, representable};
use crate::{Error, Real, Result};

/// Largest deviation of Σ p from 1 that [`NSite::new`] accepts (the populations are not
/// renormalised: a model file whose populations do not add up is an error).
pub const POPULATION_SUM_TOL: f64 = 1e-6;

/// One site: slow-exchange frequency, linewidth and population.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Site<F> {
    /// Slow-exchange frequency, Hz.
    pub nu_hz: F,
    /// Linewidth (FWHM) without exchange, Hz (> 0).
    pub w_hz: F,
    /// Equilibrium population, in (0, 1); the populations of a model add up to 1.
    pub population: F,
}

/// A first-order exchange from site `from` to site `to` (indices into the site list).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Exchange<F> {
    /// Site the rate constant leads out of.
    pub from: usize,
    /// Site it leads into.
    pub to: usize,
    /// Rate constant out of `from` into `to`, s⁻¹ (≥ 0); the reverse follows by detailed balance.
    pub k_per_s: F,
}

/// A complex number of the core's float type (only what the solve needs).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct C<F> {
    re: F,
    im: F,
}

impl<F: Real> C<F> {
    const ZERO: Self = C {
        re: F::ZERO,
        im: F::ZERO,
    };
    #[inline(always)]
    fn norm1(self) -> F {
        self.re.abs() + self.im.abs()
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        C {
            re: self.re * o.re - self.im * o.im,
            im: self.re * o.im + self.im * o.re,
        }
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        C {
            re: self.re - o.re,
            im: self.im - o.im,
        }
    }
    /// self / o (o ≠ 0: pivots are checked before).
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        let d = o.re * o.re + o.im * o.im;
        C {
            re: (self.re * o.re + self.im * o.im) / d,
            im: (self.im * o.re - self.re * o.im) / d,
        }
    }
}

/// A validated n-site exchange model (n ≤ `N`), ready to evaluate at many frequencies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NSite<F, const N: usize> {
    n: usize,
    nu_hz: [F; N],
    w_hz: [F; N],
    population: [F; N],
    /// Real part of M: K + diag(π w).
    m_re: [[F; N]; N],
    /// K_ab − K_a0 (a, b ≥ 1): the constant part of the fast-exchange block (see `intensity`).
    kk: [[F; N]; N],
    /// Solve in the fast-exchange basis (rates beyond the frequency spread).
    fast: bool,
    /// The ν-independent coefficients of the two-site closed form (n = 2 only).
    two: Two<F>,
}

/// Per-model constants of [`NSite::intensity_two`] (d_j = g_j + iβ_j, g_j = π w_j).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Two<F> {
    nu0: F,
    nu1: F,
    p0: F,
    p1: F,
    /// Direct: α_j = g_j + k_j, Re(AB) − k₀k₁ at β = 0, Re of the numerator.
    alpha0: F,
    alpha1: F,
    det_re0: F,
    n_re: F,
    /// Fast basis: Re s, Re u, Re v, Re A₁₁.
    s_re: F,
    u_re: F,
    v_re: F,
    a_re: F,
}

impl<F: Real, const N: usize> NSite<F, N> {
    /// Builds the model from its sites and exchanges.
    ///
    /// Errors: no site ([`Error::Empty`]`("sites")`), more than `N` sites
    /// (`CapacityExceeded("sites")`), a non-finite `nu_hz`, a width ≤ 0 (`"w_hz"`), a population
    /// outside (0, 1) or populations not adding up to 1 within [`POPULATION_SUM_TOL`]
    /// (`OutOfRange("population")`), an exchange naming a missing site
    /// (`OutOfRange("exchange_from"/"exchange_to")`) or the same site twice
    /// (`Degenerate("exchange_to")`), a pair given twice (`Degenerate("exchanges")`), a negative
    /// or non-finite rate (`"k_per_s"`).
    pub fn new(sites: &[Site<F>], exchanges: &[Exchange<F>]) -> Result<Self> {
        Self::from_fn(sites, exchanges.len(), |i| {
            exchanges
                .get(i)
                .copied()
                .ok_or(Error::OutOfRange("exchanges"))
        })
    }

    /// As [`NSite::new`], with the `n_exchanges` exchanges produced by `exchange(i)` (so that
    /// callers without an allocator need no exchange buffer, e.g. rates from barriers at T).
    pub fn from_fn(
        sites: &[Site<F>],
        n_exchanges: usize,
        mut exchange: impl FnMut(usize) -> Result<Exchange<F>>,
    ) -> Result<Self> {
        if sites.is_empty() {
            return Err(Error::Empty("sites"));
        }
        if sites.len() > N {
            return Err(Error::CapacityExceeded("sites"));
        }
        let mut m = Self {
            n: sites.len(),
            nu_hz: [F::ZERO; N],
            w_hz: [F::ZERO; N],
            population: [F::ZERO; N],
            m_re: [[F::ZERO; N]; N],
            kk: [[F::ZERO; N]; N],
            fast: false,
            two: Two::default(),
        };
        let mut sum = F::ZERO;
        for (((s, nu), w), p) in sites
            .iter()
            .zip(m.nu_hz.iter_mut())
            .zip(m.w_hz.iter_mut())
            .zip(m.population.iter_mut())
        {
            *nu = finite(s.nu_hz, "nu_hz")?;
            *w = positive(s.w_hz, "w_hz")?;
            let pop = finite(s.population, "population")?;
            let single = pop == F::ONE && sites.len() == 1;
            if (pop <= F::ZERO || pop >= F::ONE) && !single {
                return Err(Error::OutOfRange("population"));
            }
            *p = pop;
            sum += pop;
        }
        if (sum - F::ONE).abs() > F::from_f64(POPULATION_SUM_TOL) {
            return Err(Error::OutOfRange("population"));
        }
        // Which pairs are already set, to refuse duplicates (either direction).
        let mut seen = [[false; N]; N];
        for i in 0..n_exchanges {
            let e = exchange(i)?;
            if e.from >= m.n {
                return Err(Error::OutOfRange("exchange_from"));
            }
            if e.to >= m.n {
                return Err(Error::OutOfRange("exchange_to"));
            }
            if e.from == e.to {
                return Err(Error::Degenerate("exchange_to"));
            }
            let k = non_negative(e.k_per_s, "k_per_s")?;
            let (a, b) = (e.from.min(e.to), e.from.max(e.to));
            let cell = seen
                .get_mut(a)
                .and_then(|r| r.get_mut(b))
                .ok_or(Error::OutOfRange("exchange_to"))?;
            if *cell {
                return Err(Error::Degenerate("exchanges"));
            }
            *cell = true;
            let p_from = at(&m.population, e.from);
            let p_to = at(&m.population, e.to);
            let k_back = representable(p_from * k / p_to, "k_per_s")?;
            // Out of `from`: K[from][from] += k, K[to][from] −= k; the reverse likewise.
            add2(&mut m.m_re, e.from, e.from, k);
            add2(&mut m.m_re, e.to, e.from, -k);
            add2(&mut m.m_re, e.to, e.to, k_back);
            add2(&mut m.m_re, e.from, e.to, -k_back);
        }
        // The fast-exchange block's constant part, before the widths join the diagonal.
        let mut k_max = F::ZERO;
        for a in 0..m.n {
            k_max = k_max.max(get2(&m.m_re, a, a));
            for b in 1..m.n {
                let v = get2(&m.m_re, a, b) - get2(&m.m_re, a, 0);
                add2(&mut m.kk, a, b, v);
            }
        }
        let (lo, hi) = m
            .nu_hz
            .iter()
            .take(m.n)
            .fold((F::MAX, -F::MAX), |(l, h), &v| (l.min(v), h.max(v)));
        m.fast = k_max > F::TWO * F::PI * (hi - lo);
        for (j, w) in m.w_hz.iter().enumerate().take(m.n) {
            add2(&mut m.m_re, j, j, F::PI * *w);
        }
        if m.n == 2 {
            m.two = m.two_constants();
        }
        Ok(m)
    }

    /// Number of sites.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: a model has at least one site.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The population-weighted mean frequency Σ p_j ν_j, Hz (the fast-exchange line).
    pub fn mean_nu_hz(&self) -> F {
        self.nu_hz
            .iter()
            .zip(&self.population)
            .take(self.n)
            .fold(F::ZERO, |a, (v, p)| a + *v * *p)
    }

    /// Rate constant from site `from` into site `to` (s⁻¹) as used in the model (the reverse
    /// of a given exchange included); 0 for a pair without exchange or a missing site.
    pub fn k_per_s(&self, from: usize, to: usize) -> F {
        if from == to {
            return F::ZERO;
        }
        -get2(&self.m_re, to, from)
    }

    /// Intensity at ν (Hz), in nmrsim's units (module documentation).
    #[inline]
    pub fn intensity(&self, nu_hz: F) -> F {
        if self.n == 2 {
            return self.intensity_two(nu_hz);
        }
        if self.fast {
            self.intensity_fast(nu_hz)
        } else {
            self.intensity_direct(nu_hz)
        }
    }

    /// Fast exchange: the direct solve loses ~ε k/(π w) of the peak, since the narrow averaged
    /// line's small eigenvalue of M is a difference of rates. Change the basis to
    /// T = [p | e_b − e_0 (b ≥ 1)], whose inverse has first row 1ᵀ: with 1ᵀK = 0 and K p = 0
    /// (detailed balance) the first row and column of T⁻¹KT vanish and
    /// 1ᵀM⁻¹p = [T⁻¹MT]⁻¹₀₀ = 1/(s − uᵀA⁻¹v), with d_j = π w_j + i2π(ν − ν_j), s = Σ p_j d_j,
    /// u_b = d_b − d_0, v_a = p_a (d_a − s), A_ab = K_ab − K_a0 + δ_ab d_a − p_a (d_b − d_0)
    /// (a, b ≥ 1). The averaged line's s is then computed without cancelling rates, and A is
    /// dominated by the rates (well conditioned).
    #[inline]
    fn intensity_fast(&self, nu_hz: F) -> F {
        let two_pi = F::TWO * F::PI;
        let mut d = [C::<F>::ZERO; N];
        let mut s = C::<F>::ZERO;
        for (dj, ((nu, w), p)) in d
            .iter_mut()
            .zip(self.nu_hz.iter().zip(&self.w_hz).zip(&self.population))
            .take(self.n)
        {
            *dj = C {
                re: F::PI * *w,
                im: two_pi * (nu_hz - *nu),
            };
            s.re += *p * dj.re;
            s.im += *p * dj.im;
        }
        let d0 = d.first().copied().unwrap_or(C::ZERO);
        let m = self.n.saturating_sub(1);
        let mut a = [[C::<F>::ZERO; N]; N];
        let mut v = [C::<F>::ZERO; N];
        let mut u = [C::<F>::ZERO; N];
        for (i, ((row, kk_row), (vi, (ui, (da, pa))))) in a
            .iter_mut()
            .zip(self.kk.iter().skip(1))
            .zip(
                v.iter_mut().zip(
                    u.iter_mut()
                        .zip(d.iter().skip(1).zip(self.population.iter().skip(1))),
                ),
            )
            .enumerate()
            .take(m)
        {
            for (c, (kab, db)) in row
                .iter_mut()
                .zip(kk_row.iter().skip(1).zip(d.iter().skip(1)))
                .take(m)
            {
                let db0 = db.sub(d0);
                c.re = *kab - *pa * db0.re;
                c.im = -*pa * db0.im;
            }
            if let Some(c) = row.get_mut(i) {
                c.re += da.re;
                c.im += da.im;
            }
            let das = da.sub(s);
            *vi = C {
                re: *pa * das.re,
                im: *pa * das.im,
            };
            *ui = da.sub(d0);
        }
        // z = A⁻¹ v, then uᵀz.
        solve_in_place(&mut a, &mut v, m);
        let mut uz = C::<F>::ZERO;
        for (ui, zi) in u.iter().zip(&v).take(m) {
            let t = ui.mul(*zi);
            uz.re += t.re;
            uz.im += t.im;
        }
        let sigma = s.sub(uz);
        C {
            re: F::ONE,
            im: F::ZERO,
        }
        .div(sigma)
        .re
    }

    /// The ν-independent part of [`NSite::intensity_two`].
    fn two_constants(&self) -> Two<F> {
        let (p0, p1) = (at(&self.population, 0), at(&self.population, 1));
        let (g0, g1) = (F::PI * at(&self.w_hz, 0), F::PI * at(&self.w_hz, 1));
        // k₀ = k(0 → 1) = −K₁₀, k₁ = k(1 → 0) = −K₀₁.
        let (k0, k1) = (-get2(&self.m_re, 1, 0), -get2(&self.m_re, 0, 1));
        let (alpha0, alpha1) = (g0 + k0, g1 + k1);
        let (s_re, u_re) = (p0 * g0 + p1 * g1, g1 - g0);
        Two {
            nu0: at(&self.nu_hz, 0),
            nu1: at(&self.nu_hz, 1),
            p0,
            p1,
            alpha0,
            alpha1,
            det_re0: g0 * g1 + g0 * k1 + g1 * k0,
            n_re: p0 * alpha1 + p1 * alpha0 + k0 * p0 + k1 * p1,
            s_re,
            u_re,
            v_re: p1 * (g1 - s_re),
            a_re: get2(&self.kk, 1, 1) + g1 - p1 * u_re,
        }
    }

    /// Two sites: the same two solves (direct, or in the fast-exchange basis) written out in
    /// real arithmetic, one real division per point instead of the elimination's complex ones.
    /// Direct: 1ᵀM⁻¹p = (p₀B + p₁A + k₀p₀ + k₁p₁)/(AB − k₀k₁) with A = πw₀ + k₀ + iβ₀,
    /// B = πw₁ + k₁ + iβ₁ (k_j the rate out of j, β_j = 2π(ν − ν_j)), Re(AB) − k₀k₁ expanded so
    /// that no large terms cancel when k ≫ w ([`crate::lineshape::TwoSite`]'s closed form).
    /// Fast basis (see `intensity_fast`, m = 1): 1/(s − u₁v₁/A₁₁) = A₁₁/(s A₁₁ − u₁v₁) with
    /// s = p₀d₀ + p₁d₁, u = d₁ − d₀, v = p₁(d₁ − s), A₁₁ = kk₁₁ + d₁ − p₁u.
    #[inline(always)]
    fn intensity_two(&self, nu_hz: F) -> F {
        let two_pi = F::TWO * F::PI;
        let c = &self.two;
        let b0 = two_pi * (nu_hz - c.nu0);
        let b1 = two_pi * (nu_hz - c.nu1);
        if self.fast {
            let s_im = c.p0 * b0 + c.p1 * b1;
            let u_im = b1 - b0;
            let v_im = c.p1 * (b1 - s_im);
            let a_im = b1 - c.p1 * u_im;
            let d_re = c.s_re * c.a_re - s_im * a_im - (c.u_re * c.v_re - u_im * v_im);
            let d_im = c.s_re * a_im + s_im * c.a_re - (c.u_re * v_im + u_im * c.v_re);
            return (c.a_re * d_re + a_im * d_im) / (d_re * d_re + d_im * d_im);
        }
        let d_re = c.det_re0 - b0 * b1;
        let d_im = c.alpha0 * b1 + c.alpha1 * b0;
        let n_im = c.p0 * b1 + c.p1 * b0;
        (c.n_re * d_re + n_im * d_im) / (d_re * d_re + d_im * d_im)
    }

    #[inline]
    fn intensity_direct(&self, nu_hz: F) -> F {
        let two_pi = F::TWO * F::PI;
        let mut a = [[C::<F>::ZERO; N]; N];
        let mut b = [C::<F>::ZERO; N];
        for (j, ((row, re_row), (bj, (nu, p)))) in a
            .iter_mut()
            .zip(&self.m_re)
            .zip(b.iter_mut().zip(self.nu_hz.iter().zip(&self.population)))
            .enumerate()
            .take(self.n)
        {
            for (c, r) in row.iter_mut().zip(re_row).take(self.n) {
                c.re = *r;
            }
            if let Some(d) = row.get_mut(j) {
                d.im = two_pi * (nu_hz - *nu);
            }
            bj.re = *p;
        }
        // A full model gets the constant size, so the compiler can unroll the elimination.
        if self.n == N {
            solve_sum_re(&mut a, &mut b, N)
        } else {
            solve_sum_re(&mut a, &mut b, self.n)
        }
    }
}

#[inline(always)]
fn at<F: Real>(v: &[F], i: usize) -> F {
    v.get(i).copied().unwrap_or(F::ZERO)
}

#[inline(always)]
fn get2<F: Real, const N: usize>(m: &[[F; N]; N], i: usize, j: usize) -> F {
    m.get(i).and_then(|r| r.get(j)).copied().unwrap_or(F::ZERO)
}

#[inline(always)]
fn add2<F: Real, const N: usize>(m: &mut [[F; N]; N], i: usize, j: usize, v: F) {
    if let Some(x) = m.get_mut(i).and_then(|r| r.get_mut(j)) {
        *x += v;
    }
}

/// Solves A x = b (n × n, in place) and returns Re Σ x_j. A zero pivot (a singular M, which
/// needs zero widths and cannot happen for a validated model) gives NaN rather than a panic.
#[inline(always)]
fn solve_sum_re<F: Real, const N: usize>(a: &mut [[C<F>; N]; N], b: &mut [C<F>; N], n: usize) -> F {
    if solve_in_place(a, b, n) {
        b.iter().take(n).fold(F::ZERO, |acc, x| acc + x.re)
    } else {
        F::from_f64(f64::NAN)
    }
}

/// Solves A x = b (n × n) in place into b by Gaussian elimination with partial pivoting; false
/// (b unspecified) on a zero pivot.
#[inline(always)]
fn solve_in_place<F: Real, const N: usize>(
    a: &mut [[C<F>; N]; N],
    b: &mut [C<F>; N],
    n: usize,
) -> bool {
    // n ≤ N keeps every swap and split below in bounds (and lets the compiler see it).
    let n = n.min(N);
    for col in 0..n {
        // Pivot row: largest |Re| + |Im| in this column at or below the diagonal.
        let mut piv = col;
        let mut best = F::ZERO;
        for (r, row) in a.iter().enumerate().take(n).skip(col) {
            let v = row.get(col).copied().unwrap_or(C::ZERO).norm1();
            if v > best {
                best = v;
                piv = r;
            }
        }
        if best <= F::ZERO {
            return false;
        }
        if piv != col {
            if piv >= N || col >= N {
                return false;
            }
            a.swap(piv, col);
            b.swap(piv, col);
        }
        let (Some((top, rest)), Some((btop, brest))) = (
            a.split_at_mut_checked(col + 1),
            b.split_at_mut_checked(col + 1),
        ) else {
            return false;
        };
        let (Some(prow), Some(&pb)) = (top.last(), btop.last()) else {
            return false;
        };
        let pivot = prow.get(col).copied().unwrap_or(C::ZERO);
        for (row, bi) in rest
            .iter_mut()
            .zip(brest.iter_mut())
            .take(n.saturating_sub(col + 1))
        {
            let f = row.get(col).copied().unwrap_or(C::ZERO).div(pivot);
            for (x, p) in row.iter_mut().zip(prow.iter()).take(n).skip(col + 1) {
                *x = x.sub(f.mul(*p));
            }
            *bi = bi.sub(f.mul(pb));
        }
    }
    // Back substitution into b.
    for i in (0..n).rev() {
        let Some(row) = a.get(i) else {
            return false;
        };
        let mut s = b.get(i).copied().unwrap_or(C::ZERO);
        for (aij, xj) in row.iter().zip(b.iter()).take(n).skip(i + 1) {
            s = s.sub(aij.mul(*xj));
        }
        let xi = s.div(row.get(i).copied().unwrap_or(C::ZERO));
        if let Some(bi) = b.get_mut(i) {
            *bi = xi;
        }
    }
    true
}

/// Writes the spectrum of `model` at the frequencies `x_hz` into `out` (same length).
///
/// On the f32 path pass frequencies relative to the window's centre (module documentation).
pub fn simulate<F: Real, const N: usize>(
    model: &NSite<F, N>,
    x_hz: &[F],
    out: &mut [F],
) -> Result<()> {
    if x_hz.len() != out.len() {
        return Err(Error::LengthMismatch("out"));
    }
    if !crate::lineshape::all_finite(x_hz) {
        return Err(Error::NonFinite("x_hz"));
    }
    for (y, &x) in out.iter_mut().zip(x_hz) {
        *y = model.intensity(x);
    }
    Ok(())
}

/// The four sites of the amide × ring scheme, in this order.
pub const FOUR_SITE_NAMES: [&str; 4] = ["E-TC", "E-TB", "Z-TC", "Z-TB"];

/// Index of E-TC in [`FOUR_SITE_NAMES`] (and in every four-site array of this module).
pub const E_TC: usize = 0;
/// Index of E-TB.
pub const E_TB: usize = 1;
/// Index of Z-TC.
pub const Z_TC: usize = 2;
/// Index of Z-TB.
pub const Z_TB: usize = 3;

/// The exchanges of the four-site amide × ring scheme: amide rotation E → Z with `k_rot_per_s`
/// (out of E, in either ring form) and ring inversion TC → TB with `k_inv_per_s` (out of TC,
/// in either amide form); the reverse rates follow from the four populations by detailed balance
/// (the cycle E-TC → Z-TC → Z-TB → E-TB → E-TC then obeys it too). No direct E-TC ⇌ Z-TB or
/// E-TB ⇌ Z-TC step: the two motions are independent.
pub fn four_site_exchanges<F: Real>(k_rot_per_s: F, k_inv_per_s: F) -> [Exchange<F>; 4] {
    [
        Exchange {
            from: E_TC,
            to: Z_TC,
            k_per_s: k_rot_per_s,
        },
        Exchange {
            from: E_TB,
            to: Z_TB,
            k_per_s: k_rot_per_s,
        },
        Exchange {
            from: E_TC,
            to: E_TB,
            k_per_s: k_inv_per_s,
        },
        Exchange {
            from: Z_TC,
            to: Z_TB,
            k_per_s: k_inv_per_s,
        },
    ]
}

/// The four-site model from the sites (order of [`FOUR_SITE_NAMES`]) and the two rate constants
/// (see [`four_site_exchanges`]).
pub fn four_site<F: Real, const N: usize>(
    sites: &[Site<F>; 4],
    k_rot_per_s: F,
    k_inv_per_s: F,
) -> Result<NSite<F, N>> {
    NSite::new(sites, &four_site_exchanges(k_rot_per_s, k_inv_per_s))
}

/// Activation parameters of one process: ΔH‡ (J mol⁻¹) and ΔS‡ (J mol⁻¹ K⁻¹). A ΔG‡ alone is
/// `dh = ΔG‡, ds = 0` at the temperature it was measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Activation<F> {
    /// ΔH‡, J mol⁻¹.
    pub dh_j_per_mol: F,
    /// ΔS‡, J mol⁻¹ K⁻¹.
    pub ds_j_per_mol_k: F,
}

impl<F: Real> Activation<F> {
    /// The rate constant at T (K), κ = 1.
    pub fn rate_per_s(&self, t_k: F) -> Result<F> {
        crate::vt::rate_from_activation(self.dh_j_per_mol, self.ds_j_per_mol_k, t_k, F::ONE)
    }
}

/// The four-site model at T (K) from the activation parameters of amide rotation (E → Z) and
/// ring inversion (TC → TB): k = (k_B T/h) exp(ΔS‡/R − ΔH‡/(R T)) for each.
pub fn four_site_at<F: Real, const N: usize>(
    sites: &[Site<F>; 4],
    rot: Activation<F>,
    inv: Activation<F>,
    t_k: F,
) -> Result<NSite<F, N>> {
    four_site(sites, rot.rate_per_s(t_k)?, inv.rate_per_s(t_k)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(nu: f64, w: f64, p: f64) -> Site<f64> {
        Site {
            nu_hz: nu,
            w_hz: w,
            population: p,
        }
    }

    #[test]
    fn bad_models_are_named() {
        let two = [s(1.0, 1.0, 0.5), s(2.0, 1.0, 0.5)];
        let ex = |f, t, k| Exchange {
            from: f,
            to: t,
            k_per_s: k,
        };
        type M = NSite<f64, 2>;
        assert_eq!(M::new(&[], &[]).err(), Some(Error::Empty("sites")));
        assert_eq!(
            M::new(&[two[0], two[1], two[1]], &[]).err(),
            Some(Error::CapacityExceeded("sites"))
        );
        assert_eq!(
            M::new(&[s(1.0, 0.0, 0.5), two[1]], &[]).err(),
            Some(Error::NotPositive("w_hz"))
        );
        assert_eq!(
            M::new(&[s(1.0, 1.0, 0.6), two[1]], &[]).err(),
            Some(Error::OutOfRange("population"))
        );
        assert_eq!(
            M::new(&two, &[ex(0, 2, 1.0)]).err(),
            Some(Error::OutOfRange("exchange_to"))
        );
        assert_eq!(
            M::new(&two, &[ex(1, 1, 1.0)]).err(),
            Some(Error::Degenerate("exchange_to"))
        );
        assert_eq!(
            M::new(&two, &[ex(0, 1, 1.0), ex(1, 0, 1.0)]).err(),
            Some(Error::Degenerate("exchanges"))
        );
        assert_eq!(
            M::new(&two, &[ex(0, 1, -1.0)]).err(),
            Some(Error::Negative("k_per_s"))
        );
        let m = M::new(&two, &[ex(0, 1, 3.0)]).unwrap();
        let mut y = [0.0; 2];
        assert_eq!(
            simulate(&m, &[1.0], &mut y),
            Err(Error::LengthMismatch("out"))
        );
    }

    #[test]
    fn detailed_balance_sets_the_reverse_rate() {
        let m = NSite::<f64, 4>::new(
            &[s(0.0, 1.0, 0.2), s(10.0, 1.0, 0.8)],
            &[Exchange {
                from: 0,
                to: 1,
                k_per_s: 8.0,
            }],
        )
        .unwrap();
        assert_eq!(m.k_per_s(0, 1), 8.0);
        assert!((m.k_per_s(1, 0) - 2.0).abs() < 1e-15);
    }
}
