//! Planning a VT-NMR experiment: from an expected barrier range and the slow-exchange separation
//! Δν, where the signals coalesce, below which temperature the slow-exchange spectrum is
//! resolved, above which it is averaged, a temperature schedule, and the deuterated solvents
//! whose liquid range covers it.
//!
//! Coalescence is estimated with Gutowsky–Holm (equal populations, `kinetics.md` (b)):
//! k_c = πΔν/√2, then T solves ΔG‡ = R T ln(k_B T/(h k)). With k/k_c = r the two lines of an
//! equally populated pair are separated by Δν √(1 − r²) (Gutowsky & Holm 1956), so at
//! r = 1/[`EXCHANGE_FACTOR`] = 0.1 they stand at 99.5 % of Δν, broadened by k/π ≈ 0.07 Δν
//! (slow exchange); at r = 10 one line remains, broadened by πΔν²/(4k) ≈ 0.035 Δν (fast exchange).

use crate::constants::{BOLTZMANN_OVER_PLANCK_PER_S_K, GAS_CONSTANT_J_PER_MOL_K as R};
use crate::error::{finite, positive};
use crate::{Error, Real, Result};

/// Factor between k_c and the rates taken as the slow- (k_c/10) and fast-exchange (10 k_c) limits.
pub const EXCHANGE_FACTOR: f64 = 10.0;
/// Kelvin at 0 °C.
pub const ZERO_CELSIUS_K: f64 = 273.15;

/// A deuterated NMR solvent's liquid range (°C), from `shared/reference/vt_solvents_numeric.tsv`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Solvent {
    /// Name, e.g. `"toluene-d8"`.
    pub name: &'static str,
    /// Melting point, °C (the conservative, i.e. highest reported, value).
    pub mp_c: f64,
    /// Boiling point, °C (the conservative, i.e. lowest reported, value).
    pub bp_c: f64,
    /// True when mp/bp are the *parent* (protio) solvent's, not measured on the deuterated one.
    pub parent_value: bool,
    /// Where the numbers come from.
    pub basis: &'static str,
}

impl Solvent {
    /// Melting point, K.
    pub fn mp_k(&self) -> f64 {
        self.mp_c + ZERO_CELSIUS_K
    }
    /// Boiling point, K.
    pub fn bp_k(&self) -> f64 {
        self.bp_c + ZERO_CELSIUS_K
    }
    /// Whether the solvent is liquid over the whole range [lo, hi] K (strictly between mp and bp).
    pub fn covers(&self, lo_k: f64, hi_k: f64) -> bool {
        self.mp_k() < lo_k && self.bp_k() > hi_k
    }
}

const fn solvent(
    name: &'static str,
    mp_c: f64,
    bp_c: f64,
    parent: bool,
    basis: &'static str,
) -> Solvent {
    Solvent {
        name,
        mp_c,
        bp_c,
        parent_value: parent,
        basis,
    }
}

/// The table of `shared/reference/vt_solvents_numeric.tsv`, row for row (a test compares them).
pub const VT_SOLVENTS: [Solvent; 11] = [
    solvent(
        "CDCl3",
        -64.0,
        61.0,
        false,
        "Wikipedia Deuterated chloroform",
    ),
    solvent("CD2Cl2", -96.7, 39.6, true, "parent CH2Cl2 (Wikipedia)"),
    solvent(
        "toluene-d8",
        -95.0,
        110.6,
        true,
        "parent toluene (Wikipedia/Merck)",
    ),
    solvent("THF-d8", -108.4, 66.0, true, "parent THF (Wikipedia/Merck)"),
    solvent(
        "acetone-d6",
        -94.7,
        56.05,
        true,
        "parent acetone (Wikipedia)",
    ),
    solvent(
        "DMSO-d6",
        19.0,
        189.0,
        true,
        "parent DMSO (highest of 17.89/18.5/18.55/19); d6 possibly ~20, unverified",
    ),
    solvent("methanol-d4", -97.8, 64.7, true, "parent methanol (Merck)"),
    solvent(
        "DMF-d7",
        -60.5,
        152.0,
        true,
        "parent DMF (range 152-154 in older Wikipedia)",
    ),
    solvent(
        "TCE-d2",
        -36.0,
        146.0,
        true,
        "parent 1,1,2,2-tetrachloroethane (highest reported mp, CRC)",
    ),
    solvent("D2O", 3.82, 101.4, false, "Wikipedia Heavy water"),
    solvent(
        "CD3CN",
        -44.0,
        81.3,
        true,
        "parent acetonitrile (Wikipedia range -46..-44 / 81.3..82.1)",
    ),
];

/// Temperature (K) at which a process with barrier ΔG‡ (J mol⁻¹, taken as temperature-independent)
/// has rate k (s⁻¹): the root of R T ln(k_B T/(h k)) = ΔG‡, by bisection on [1, 5000] K
/// (the left side increases with T wherever k < k_B T/h).
pub fn temperature_for_rate<F: Real>(dg_j_per_mol: F, k_per_s: F) -> Result<F> {
    let dg = positive(dg_j_per_mol, "dg_j_per_mol")?;
    let k = positive(k_per_s, "k_per_s")?;
    let g =
        |t: F| F::from_f64(R) * t * (F::from_f64(BOLTZMANN_OVER_PLANCK_PER_S_K) * t / k).ln() - dg;
    let (mut lo, mut hi) = (F::ONE, F::from_f64(5000.0));
    if g(lo) > F::ZERO || g(hi) < F::ZERO {
        return Err(Error::OutOfRange("dg_j_per_mol"));
    }
    for _ in 0..200 {
        let mid = F::HALF * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if g(mid) > F::ZERO {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(F::HALF * (lo + hi))
}

/// The temperatures that matter for a barrier range [ΔG‡_lo, ΔG‡_hi] and separation Δν.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Plan<F> {
    /// Gutowsky–Holm rate at coalescence, s⁻¹.
    pub k_c_per_s: F,
    /// Coalescence temperature of the lowest barrier, K.
    pub tc_lo_k: F,
    /// Coalescence temperature of the highest barrier, K.
    pub tc_hi_k: F,
    /// Below this temperature even the lowest barrier gives a resolved slow-exchange spectrum
    /// (k ≤ k_c/10), K.
    pub slow_exchange_below_k: F,
    /// Above this temperature even the highest barrier gives one averaged line (k ≥ 10 k_c), K.
    pub fast_exchange_above_k: F,
}

/// Plans the temperatures for ΔG‡ in [lo, hi] (J mol⁻¹) and slow-exchange separation Δν (Hz).
///
/// ```
/// use ringflux_core::plan::plan;
/// // kinetics.md (b): Δν = 40 Hz coalesces at 330 K for ΔG‡ = 68.792 kJ/mol.
/// let p = plan(68_791.96_f64, 68_791.96, 40.0).unwrap();
/// assert!((p.tc_lo_k - 330.0).abs() < 1e-3);
/// assert!(p.slow_exchange_below_k < 330.0 && p.fast_exchange_above_k > 330.0);
/// ```
pub fn plan<F: Real>(dg_lo_j_per_mol: F, dg_hi_j_per_mol: F, dnu_hz: F) -> Result<Plan<F>> {
    let lo = positive(dg_lo_j_per_mol, "dg_j_per_mol")?;
    let hi = positive(dg_hi_j_per_mol, "dg_j_per_mol")?;
    if hi < lo {
        return Err(Error::OutOfRange("dg_j_per_mol"));
    }
    let dnu = positive(finite(dnu_hz, "dnu_hz")?, "dnu_hz")?;
    let k_c = F::PI * dnu / F::TWO.sqrt();
    let f = F::from_f64(EXCHANGE_FACTOR);
    Ok(Plan {
        k_c_per_s: k_c,
        tc_lo_k: temperature_for_rate(lo, k_c)?,
        tc_hi_k: temperature_for_rate(hi, k_c)?,
        slow_exchange_below_k: temperature_for_rate(lo, k_c / f)?,
        fast_exchange_above_k: temperature_for_rate(hi, k_c * f)?,
    })
}

/// Writes temperatures from `from_k` up to `to_k` in steps of `step_k` (the first rounded down and
/// the last rounded up to a multiple of the step) into `out`; returns how many were written.
/// A schedule that does not fit is [`Error::CapacityExceeded`], never truncated.
pub fn schedule<F: Real>(from_k: F, to_k: F, step_k: F, out: &mut [F]) -> Result<usize> {
    let a = positive(from_k, "from_k")?;
    let b = positive(to_k, "to_k")?;
    let step = positive(step_k, "step_k")?;
    if b < a {
        return Err(Error::OutOfRange("to_k"));
    }
    let start = floor(a / step) * step;
    let mut n = 0;
    let mut t = start;
    loop {
        let slot = out
            .get_mut(n)
            .ok_or(Error::CapacityExceeded("schedule_k"))?;
        *slot = t;
        n += 1;
        if t >= b {
            return Ok(n);
        }
        t = start + F::from_usize(n) * step;
    }
}

fn floor<F: Real>(x: F) -> F {
    // Positive, moderate x only (temperatures / step): truncation via f64.
    F::from_f64(libm::floor(x.to_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_rounds_outward_and_never_truncates() {
        let mut out = [0.0; 20];
        let n = schedule(223.0, 351.0, 10.0, &mut out).unwrap();
        assert_eq!(
            &out[..n],
            &[
                220.0, 230.0, 240.0, 250.0, 260.0, 270.0, 280.0, 290.0, 300.0, 310.0, 320.0, 330.0,
                340.0, 350.0, 360.0
            ]
        );
        let mut small = [0.0; 3];
        assert_eq!(
            schedule(220.0, 360.0, 10.0, &mut small),
            Err(Error::CapacityExceeded("schedule_k"))
        );
        assert_eq!(
            plan(70e3, 60e3, 40.0).err(),
            Some(Error::OutOfRange("dg_j_per_mol"))
        );
    }
}
