//! Fit of any subset of an n-site model's parameters ([`crate::nsite`]) to one spectrum:
//! rate constants (as ln k, so k > 0), shifts, linewidths and populations, plus a scale and a
//! baseline, by the shared Levenberg–Marquardt engine of [`crate::global_fit`] (one spectrum,
//! scale and baseline eliminated exactly). Standard errors come from the curvature,
//! cov = s² (JᵀJ)⁻¹ (as [`crate::fit`]); σ_k = k σ(ln k).
//!
//! **Populations.** The populations add up to 1, so a free population moves the fixed ones:
//! they share what the free ones leave in the proportions of their start values. At least one
//! population stays fixed (`OutOfRange("population")` otherwise).
//!
//! **Undetermined parameters** are reported per parameter ([`Fitted::determined`]), not as an
//! error of the whole spectrum: a rate whose σ(ln k) exceeds [`crate::fit::MAX_LN_K_SE`], or any
//! parameter whose variance is not finite.
//!
//! ```
//! use ringflux_core::nsite::{Exchange, NSite, Site, simulate};
//! use ringflux_core::nsite_fit::{fit, Param};
//! use ringflux_core::lineshape::linspace;
//! let site = |nu, p| Site { nu_hz: nu, w_hz: 1.0, population: p };
//! let sites = [site(100.0, 0.5), site(150.0, 0.3), site(180.0, 0.2)];
//! let ex = |from, to, k| Exchange { from, to, k_per_s: k };
//! let truth = NSite::<f64, 4>::new(&sites, &[ex(0, 1, 25.0), ex(1, 2, 60.0)]).unwrap();
//! let mut x = [0.0; 600];
//! linspace(50.0, 230.0, &mut x).unwrap();
//! let mut y = [0.0; 600];
//! simulate(&truth, &x, &mut y).unwrap();
//! // Start both rates a factor 2 off; fit them.
//! let start = [ex(0, 1, 12.0), ex(1, 2, 120.0)];
//! let f = fit::<f64, 4, 8>(&sites, &start, &[Param::Rate(0), Param::Rate(1)], &x, &y).unwrap();
//! assert!((f.values[0].value - 25.0).abs() < 1e-6 && (f.values[1].value - 60.0).abs() < 1e-6);
//! ```

use crate::global_fit::{solve, Estimate, SeriesMap, VtSpectrum};
use crate::lm::get2;
use crate::nsite::{Exchange, NSite, Site};
use crate::{Error, Real, Result};

/// A free parameter of an n-site model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Param {
    /// The rate constant of exchange i (forward, out of its `from` site), fitted as ln k.
    Rate(usize),
    /// The shift of site j, Hz.
    Nu(usize),
    /// The linewidth of site j, Hz.
    Width(usize),
    /// The population of site j (the fixed ones share the rest).
    Population(usize),
    /// One rate constant shared by the exchanges whose bits are set (bit i = exchange i, at
    /// most 32 exchanges), fitted as ln k: a process of a kinetic scheme, e.g. amide rotation
    /// E → Z in both ring forms of the four-site scheme ([`crate::nsite::four_site_exchanges`]).
    /// Its start value is the rate of the lowest exchange in the mask.
    Rates(u32),
}

/// Whether free parameter `p` sets the rate of exchange `i`.
fn sets_rate(p: Param, i: usize) -> bool {
    match p {
        Param::Rate(e) => e == i,
        Param::Rates(mask) => u32::try_from(i)
            .ok()
            .and_then(|b| 1u32.checked_shl(b))
            .is_some_and(|bit| mask & bit != 0),
        _ => false,
    }
}

/// The index in `free` of the parameter that sets the rate of exchange `i`.
fn rate_param(free: &[Param], i: usize) -> Option<usize> {
    free.iter().position(|&p| sets_rate(p, i))
}

/// Result of [`fit`] (capacity `G` free parameters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted<F, const G: usize> {
    /// Value and standard error of each free parameter, in the order given (rates in s⁻¹).
    pub values: [Estimate<F>; G],
    /// Whether the spectrum determines each free parameter (module documentation).
    pub determined: [bool; G],
    /// Number of free parameters (entries in use).
    pub n_free: usize,
    /// Scale from the model's units to the data's.
    pub scale: Estimate<F>,
    /// Baseline offset, data units.
    pub baseline: Estimate<F>,
    /// Root-mean-square residual, data units.
    pub rms: F,
    /// Points fitted.
    pub n_points: usize,
    /// Levenberg–Marquardt iterations.
    pub iterations: usize,
}

/// The model at a parameter vector: sites and exchanges with the free ones replaced.
struct Map<'a, F> {
    sites: &'a [Site<F>],
    exchanges: &'a [Exchange<F>],
    free: &'a [Param],
    /// Σ of the start populations of the sites whose population is fixed.
    fixed_population: F,
}

impl<F: Real> Map<'_, F> {
    fn value(&self, theta: &[F], p: Param) -> Option<F> {
        let i = self.free.iter().position(|&q| q == p)?;
        theta.get(i).copied()
    }

    /// The sites at θ; returns how many.
    fn sites_at<const N: usize>(&self, theta: &[F], out: &mut [Site<F>; N]) -> Result<usize> {
        if self.sites.len() > N {
            return Err(Error::CapacityExceeded("sites"));
        }
        let free_sum = self
            .free
            .iter()
            .zip(theta)
            .filter(|(p, _)| matches!(p, Param::Population(_)))
            .fold(F::ZERO, |a, (_, &v)| a + v);
        let share = (F::ONE - free_sum) / self.fixed_population;
        for (j, (o, s)) in out.iter_mut().zip(self.sites).enumerate() {
            *o = *s;
            if let Some(v) = self.value(theta, Param::Nu(j)) {
                o.nu_hz = v;
            }
            if let Some(v) = self.value(theta, Param::Width(j)) {
                o.w_hz = v;
            }
            o.population = match self.value(theta, Param::Population(j)) {
                Some(v) => v,
                None => s.population * share,
            };
        }
        Ok(self.sites.len())
    }
}

impl<F: Real, const N: usize> SeriesMap<F, N> for Map<'_, F> {
    fn model(&self, theta: &[F], _t_k: F) -> Result<NSite<F, N>> {
        let mut sites = [Site::default(); N];
        let n = self.sites_at(theta, &mut sites)?;
        NSite::from_fn(sites.get(..n).unwrap_or(&[]), self.exchanges.len(), |i| {
            let mut e = *self
                .exchanges
                .get(i)
                .ok_or(Error::OutOfRange("exchanges"))?;
            if let Some(lk) = rate_param(self.free, i).and_then(|j| theta.get(j)) {
                e.k_per_s = lk.exp();
            }
            Ok(e)
        })
    }
}

/// Fits the `free` parameters of the model (`sites`, `exchanges`: start values of the free
/// ones, values of the fixed ones) plus scale and baseline to the spectrum (x_hz, y).
///
/// The free rates start from the best of their start values scaled together by 10^(−4 … 4) in
/// half decades (lineshape fits in ln k have local minima far from the answer).
///
/// Errors: more than `G` free parameters (`CapacityExceeded("parameters")`), a parameter named
/// twice (`Degenerate("free")`) or naming a missing site/exchange (`OutOfRange("free")`), a free
/// rate starting at k ≤ 0 (`NotPositive("k_per_s")`), every population free
/// (`OutOfRange("population")`); the data errors of [`crate::global_fit::global_fit`]; a flat
/// direction that makes JᵀJ singular (`Undetermined("global_fit")`); no convergence.
pub fn fit<F: Real, const N: usize, const G: usize>(
    sites: &[Site<F>],
    exchanges: &[Exchange<F>],
    free: &[Param],
    x_hz: &[F],
    y: &[F],
) -> Result<Fitted<F, G>> {
    if free.len() > G {
        return Err(Error::CapacityExceeded("parameters"));
    }
    let mut theta = [F::ZERO; G];
    let mut fixed_population = F::ZERO;
    for (j, s) in sites.iter().enumerate() {
        if !free.contains(&Param::Population(j)) {
            fixed_population += s.population;
        }
    }
    if fixed_population <= F::ZERO {
        return Err(Error::OutOfRange("population"));
    }
    for (i, (&p, t)) in free.iter().zip(theta.iter_mut()).enumerate() {
        if free.get(..i).is_some_and(|before| before.contains(&p)) {
            return Err(Error::Degenerate("free"));
        }
        let site = |j: usize| sites.get(j).ok_or(Error::OutOfRange("free"));
        *t = match p {
            Param::Rate(e) => {
                let k = exchanges.get(e).ok_or(Error::OutOfRange("free"))?.k_per_s;
                crate::error::positive(k, "k_per_s")?.ln()
            }
            Param::Rates(mask) => {
                let n = exchanges.len();
                if mask == 0 || (n < 32 && mask >> n != 0) {
                    return Err(Error::OutOfRange("free"));
                }
                let e = (0..n)
                    .find(|&e| sets_rate(p, e))
                    .ok_or(Error::OutOfRange("free"))?;
                let k = exchanges.get(e).ok_or(Error::OutOfRange("free"))?.k_per_s;
                crate::error::positive(k, "k_per_s")?.ln()
            }
            Param::Nu(j) => site(j)?.nu_hz,
            Param::Width(j) => site(j)?.w_hz,
            Param::Population(j) => site(j)?.population,
        };
    }
    // An exchange's rate may be set by one free parameter only.
    if (0..exchanges.len()).any(|e| free.iter().filter(|&&p| sets_rate(p, e)).count() > 1) {
        return Err(Error::Degenerate("free"));
    }
    let map = Map {
        sites,
        exchanges,
        free,
        fixed_population,
    };
    let one = [VtSpectrum {
        t_k: F::ONE,
        x_hz,
        y,
    }];
    // Validate the start model and the data before the scan.
    let _: NSite<F, N> = map.model(&theta, F::ONE)?;
    let is_rate = |i: usize| matches!(free.get(i), Some(Param::Rate(_) | Param::Rates(_)));
    if free
        .iter()
        .any(|p| matches!(p, Param::Rate(_) | Param::Rates(_)))
    {
        theta = crate::global_fit::scan_rates::<F, N, G>(&map, theta, is_rate, &one);
    }
    let sol = solve::<F, N, G, 1>(&map, free.len(), theta, &one)?;
    let mut values = [Estimate::default(); G];
    let mut determined = [false; G];
    let max_se = F::from_f64(crate::fit::MAX_LN_K_SE);
    for (i, ((v, d), &p)) in values
        .iter_mut()
        .zip(determined.iter_mut())
        .zip(free)
        .enumerate()
    {
        let t = sol.theta.get(i).copied().unwrap_or(F::ZERO);
        let se = get2(&sol.cov, i, i).max(F::ZERO).sqrt();
        *d = se.is_finite();
        *v = if matches!(p, Param::Rate(_) | Param::Rates(_)) {
            *d = *d && se <= max_se;
            let k = t.exp();
            Estimate {
                value: k,
                err: k * se,
            }
        } else {
            Estimate { value: t, err: se }
        };
    }
    let est = |k: usize| Estimate {
        value: sol
            .local
            .first()
            .map_or(F::ZERO, |l| l.get(k).copied().unwrap_or(F::ZERO)),
        err: sol
            .local_var
            .first()
            .map_or(F::ZERO, |l| l.get(k).copied().unwrap_or(F::ZERO))
            .max(F::ZERO)
            .sqrt(),
    };
    let ssr = sol.s2 * F::from_usize(sol.n_points - sol.n_params);
    Ok(Fitted {
        values,
        determined,
        n_free: free.len(),
        scale: est(0),
        baseline: est(1),
        rms: (ssr / F::from_usize(sol.n_points)).sqrt(),
        n_points: sol.n_points,
        iterations: sol.iterations,
    })
}

/// The model of a fit: `sites` and `exchanges` with the fitted values put in (the fixed
/// populations rescaled as in the fit). Writes the sites into `sites_out` and the exchanges
/// into `exchanges_out` (at least as long as the inputs).
pub fn fitted_model<F: Real, const G: usize>(
    sites: &[Site<F>],
    exchanges: &[Exchange<F>],
    free: &[Param],
    f: &Fitted<F, G>,
    sites_out: &mut [Site<F>],
    exchanges_out: &mut [Exchange<F>],
) -> Result<()> {
    if sites_out.len() < sites.len() {
        return Err(Error::CapacityExceeded("sites_out"));
    }
    if exchanges_out.len() < exchanges.len() {
        return Err(Error::CapacityExceeded("exchanges_out"));
    }
    let mut free_sum = F::ZERO;
    let mut fixed = F::ZERO;
    for (j, s) in sites.iter().enumerate() {
        match free.iter().position(|&p| p == Param::Population(j)) {
            Some(i) => free_sum += f.values.get(i).map_or(F::ZERO, |e| e.value),
            None => fixed += s.population,
        }
    }
    let value = |p: Param| {
        let i = free.iter().position(|&q| q == p)?;
        f.values.get(i).map(|e| e.value)
    };
    for (j, (o, s)) in sites_out.iter_mut().zip(sites).enumerate() {
        *o = Site {
            nu_hz: value(Param::Nu(j)).unwrap_or(s.nu_hz),
            w_hz: value(Param::Width(j)).unwrap_or(s.w_hz),
            population: value(Param::Population(j))
                .unwrap_or(s.population * (F::ONE - free_sum) / fixed),
        };
    }
    for (i, (o, e)) in exchanges_out.iter_mut().zip(exchanges).enumerate() {
        *o = Exchange {
            k_per_s: rate_param(free, i)
                .and_then(|j| f.values.get(j))
                .map_or(e.k_per_s, |v| v.value),
            ..*e
        };
    }
    Ok(())
}
