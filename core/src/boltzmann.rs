//! Boltzmann statistics of a conformer ensemble: populations with degeneracies, weighted
//! averages, ensemble free energy and conformational entropy.
//!
//! p_i = g_i exp(−ΔE_i/RT) / Σ_j g_j exp(−ΔE_j/RT), with ΔE_i = E_i − E_min taken **in the input
//! unit first** (absolute hartree energies lose nothing), then the sum in log-sum-exp form so no
//! span of energies overflows. Formulas: `shared/reference/boltzmann-shifts.md`; test cases
//! `shared/reference/boltzmann/cases/boltz_*.json`.
//!
//! Buffers are the caller's: populations are written into a slice at least as long as the input;
//! a shorter one is [`Error::CapacityExceeded`], never a truncation.

use crate::constants::{EnergyUnit, GAS_CONSTANT_J_PER_MOL_K as R};
use crate::error::{finite, positive, representable};
use crate::{Error, Real, Result};

/// Summary of an ensemble at one temperature; per-state populations are in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ensemble<F> {
    /// Number of states.
    pub n: usize,
    /// Index of the lowest-energy state (the first one on a tie).
    pub min_index: usize,
    /// ln Q_rel, where Q_rel = Σ g_i exp(−ΔE_i/RT) is the partition function relative to E_min.
    pub ln_q_rel: F,
    /// Ensemble free energy relative to the minimum, G_ens − E_min = −R T ln Q_rel, J mol⁻¹.
    pub g_rel_j_per_mol: F,
    /// Boltzmann-average energy relative to the minimum, ⟨E⟩ − E_min, J mol⁻¹.
    pub mean_energy_rel_j_per_mol: F,
    /// Conformational entropy S = −R Σ p_i ln(p_i/g_i), J mol⁻¹ K⁻¹.
    pub entropy_j_per_mol_k: F,
}

/// Populations of states with energies `energies` (in `unit`) and degeneracies `degeneracies`
/// (empty slice: all 1) at `t_k` kelvin, written into `populations_out[..n]`.
///
/// Returns the ensemble summary; the identity G_ens − E_min = ⟨E⟩ − E_min − T S holds.
///
/// ```
/// # use ringflux_core::{boltzmann::populations, constants::EnergyUnit};
/// let mut p = [0.0_f64; 4];
/// let e = [0.0, 0.45, 1.80, 2.35]; // kcal/mol (boltz_01 in shared/reference/boltzmann/cases)
/// populations(&e, &[], EnergyUnit::KcalPerMol, 298.15, &mut p).unwrap();
/// assert!((p[0] - 0.6515655680163367).abs() < 1e-14);
/// ```
pub fn populations<F: Real>(
    energies: &[F],
    degeneracies: &[F],
    unit: EnergyUnit,
    t_k: F,
    populations_out: &mut [F],
) -> Result<Ensemble<F>> {
    let t = positive(t_k, "t_k")?;
    let n = energies.len();
    if n == 0 {
        return Err(Error::Empty("energies"));
    }
    if !degeneracies.is_empty() && degeneracies.len() != n {
        return Err(Error::LengthMismatch("degeneracies"));
    }
    let out = populations_out
        .get_mut(..n)
        .ok_or(Error::CapacityExceeded("populations_out"))?;
    // Minimum in the input unit, and validation.
    let mut min_index = 0;
    let mut e_min = F::MAX;
    for (i, &e) in energies.iter().enumerate() {
        finite(e, "energies")?;
        if e < e_min {
            e_min = e;
            min_index = i;
        }
    }
    for &g in degeneracies {
        positive(g, "degeneracies")?;
    }
    let scale = F::from_f64(unit.j_per_mol()) / (F::from_f64(R) * t);
    let g_of = |i: usize| degeneracies.get(i).copied().unwrap_or(F::ONE);
    // a_i = ln g_i − ΔE_i/RT; the log-sum-exp pivot is max a_i.
    let a_of = |i: usize, e: F| g_of(i).ln() - (e - e_min) * scale;
    let mut a_max = -F::MAX;
    for (i, &e) in energies.iter().enumerate() {
        a_max = a_max.max(a_of(i, e));
    }
    let mut sum = F::ZERO;
    for (i, &e) in energies.iter().enumerate() {
        sum += (a_of(i, e) - a_max).exp();
    }
    let lse = a_max + sum.ln();
    let rt = F::from_f64(R) * t;
    let (mut mean_rel, mut minus_s_over_r) = (F::ZERO, F::ZERO);
    for ((i, &e), p_out) in energies.iter().enumerate().zip(out.iter_mut()) {
        let ln_p = a_of(i, e) - lse;
        let p = ln_p.exp();
        *p_out = p;
        mean_rel += p * (e - e_min) * scale * rt;
        // p ln(p/g): states that underflow to p = 0 contribute nothing.
        if p > F::ZERO {
            minus_s_over_r += p * (ln_p - g_of(i).ln());
        }
    }
    Ok(Ensemble {
        n,
        min_index,
        ln_q_rel: representable(lse, "ln_q_rel")?,
        g_rel_j_per_mol: representable(-rt * lse, "g_rel_j_per_mol")?,
        mean_energy_rel_j_per_mol: representable(mean_rel, "mean_energy_rel_j_per_mol")?,
        entropy_j_per_mol_k: representable(
            -F::from_f64(R) * minus_s_over_r,
            "entropy_j_per_mol_k",
        )?,
    })
}

/// Population-weighted average Σ p_i x_i of any per-state quantity (shift, coupling, energy).
///
/// The weights are used as given (normally the output of [`populations`], summing to 1).
pub fn weighted_average<F: Real>(populations: &[F], values: &[F]) -> Result<F> {
    if populations.is_empty() {
        return Err(Error::Empty("populations"));
    }
    if populations.len() != values.len() {
        return Err(Error::LengthMismatch("values"));
    }
    let mut acc = F::ZERO;
    for (&p, &x) in populations.iter().zip(values) {
        acc += finite(p, "populations")? * finite(x, "values")?;
    }
    representable(acc, "weighted_average")
}

/// Boltzmann statistics of a stream of states in one pass and constant memory: push each state's
/// energy as it arrives, then ask for [`Running::summary`] and, for any state pushed,
/// [`Running::population`]. For an ensemble too large to hold (10⁶ conformers read from a file)
/// or arriving over time (states found by a search on an instrument).
///
/// Keeps E_min (input unit), Q_rel = Σ g_i exp(−x_i) and Σ g_i exp(−x_i) x_i with
/// x_i = (E_i − E_min)/RT. A new minimum lower by d (in RT) rescales both sums by exp(−d) and
/// adds d·Q_rel to the second, so the result equals [`populations`] on the same states in any
/// order (to rounding; `tests/tests/properties_boltzmann.rs`). Entropy
/// S = −R Σ p_i ln(p_i/g_i) = R (⟨x⟩ + ln Q_rel), since ln(p_i/g_i) = −x_i − ln Q_rel.
///
/// ```
/// # use ringflux_core::{boltzmann::Running, constants::EnergyUnit};
/// // boltz_01 in shared/reference/boltzmann/cases, in a shuffled order.
/// let mut r = Running::<f64>::new(EnergyUnit::KcalPerMol, 298.15).unwrap();
/// for e in [1.80, 0.45, 2.35, 0.0] {
///     r.push(e, 1.0).unwrap();
/// }
/// assert!((r.population(0.0, 1.0).unwrap() - 0.6515655680163367).abs() < 1e-14);
/// assert_eq!(r.summary().unwrap().n, 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Running<F> {
    n: usize,
    min_index: usize,
    e_min: F,
    /// 1/RT in the input unit.
    scale: F,
    rt_j_per_mol: F,
    q_rel: F,
    q_x: F,
}

impl<F: Real> Running<F> {
    /// An empty accumulator for energies in `unit` at `t_k` kelvin.
    pub fn new(unit: EnergyUnit, t_k: F) -> Result<Self> {
        let t = positive(t_k, "t_k")?;
        let rt = F::from_f64(R) * t;
        Ok(Self {
            n: 0,
            min_index: 0,
            e_min: F::ZERO,
            scale: representable(F::from_f64(unit.j_per_mol()) / rt, "t_k")?,
            rt_j_per_mol: rt,
            q_rel: F::ZERO,
            q_x: F::ZERO,
        })
    }

    /// Adds a state of energy `energy` (the accumulator's unit) and degeneracy `degeneracy`
    /// (1 for a single conformer). A rejected state leaves the accumulator unchanged.
    pub fn push(&mut self, energy: F, degeneracy: F) -> Result<()> {
        let e = finite(energy, "energies")?;
        let g = positive(degeneracy, "degeneracies")?;
        let mut next = *self;
        if next.n == 0 {
            next.e_min = e;
        } else if e < next.e_min {
            let d = representable((next.e_min - e) * next.scale, "energies")?;
            let shrink = (-d).exp();
            next.q_x = shrink * (next.q_x + d * next.q_rel);
            next.q_rel = shrink * next.q_rel;
            next.e_min = e;
            next.min_index = next.n;
        }
        let x = representable((e - next.e_min) * next.scale, "energies")?;
        let w = g * (-x).exp();
        next.q_rel = representable(next.q_rel + w, "degeneracies")?;
        next.q_x = representable(next.q_x + w * x, "degeneracies")?;
        next.n += 1;
        *self = next;
        Ok(())
    }

    /// Number of states pushed.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether no state was pushed.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The lowest energy pushed (input unit); `None` before the first push.
    pub fn e_min(&self) -> Option<F> {
        (self.n > 0).then_some(self.e_min)
    }

    /// Population g exp(−(E − E_min)/RT) / Q_rel of a state with this energy and degeneracy
    /// (normally one that was pushed).
    pub fn population(&self, energy: F, degeneracy: F) -> Result<F> {
        if self.n == 0 {
            return Err(Error::Empty("energies"));
        }
        let x = (finite(energy, "energies")? - self.e_min) * self.scale;
        let ln_g = positive(degeneracy, "degeneracies")?.ln();
        representable((ln_g - x - self.q_rel.ln()).exp(), "population")
    }

    /// The summed population of the states pushed into `part` (a sub-ensemble such as one
    /// conformation × rotamer family, pushed at the same temperature and unit) within this one:
    /// Q_part exp(−(E_min,part − E_min)/RT) / Q_rel.
    pub fn share(&self, part: &Running<F>) -> Result<F> {
        if self.n == 0 || part.n == 0 {
            return Err(Error::Empty("energies"));
        }
        let x = (part.e_min - self.e_min) * self.scale;
        representable((part.q_rel.ln() - x - self.q_rel.ln()).exp(), "population")
    }

    /// The summary [`populations`] would return for the states pushed.
    pub fn summary(&self) -> Result<Ensemble<F>> {
        if self.n == 0 {
            return Err(Error::Empty("energies"));
        }
        let ln_q = self.q_rel.ln();
        let mean_x = self.q_x / self.q_rel;
        let rt = self.rt_j_per_mol;
        Ok(Ensemble {
            n: self.n,
            min_index: self.min_index,
            ln_q_rel: representable(ln_q, "ln_q_rel")?,
            g_rel_j_per_mol: representable(-rt * ln_q, "g_rel_j_per_mol")?,
            mean_energy_rel_j_per_mol: representable(mean_x * rt, "mean_energy_rel_j_per_mol")?,
            entropy_j_per_mol_k: representable(
                F::from_f64(R) * (mean_x + ln_q),
                "entropy_j_per_mol_k",
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_too_small_is_an_error_not_a_truncation() {
        let mut p = [0.0_f64; 2];
        let r = populations(&[0.0, 1.0, 2.0], &[], EnergyUnit::KjPerMol, 300.0, &mut p);
        assert_eq!(r.err(), Some(Error::CapacityExceeded("populations_out")));
        assert_eq!(p, [0.0, 0.0]);
    }

    #[test]
    fn bad_inputs_name_their_parameter() {
        let mut p = [0.0_f64; 3];
        let u = EnergyUnit::KjPerMol;
        assert_eq!(
            populations(&[], &[], u, 300.0, &mut p).err(),
            Some(Error::Empty("energies"))
        );
        assert_eq!(
            populations(&[0.0, f64::NAN], &[], u, 300.0, &mut p).err(),
            Some(Error::NonFinite("energies"))
        );
        assert_eq!(
            populations(&[0.0, 1.0], &[1.0], u, 300.0, &mut p).err(),
            Some(Error::LengthMismatch("degeneracies"))
        );
        assert_eq!(
            populations(&[0.0, 1.0], &[1.0, 0.0], u, 300.0, &mut p).err(),
            Some(Error::NotPositive("degeneracies"))
        );
        assert_eq!(
            populations(&[0.0], &[], u, -3.0, &mut p).err(),
            Some(Error::NotPositive("t_k"))
        );
        assert_eq!(
            weighted_average(&[0.5], &[1.0, 2.0]),
            Err(Error::LengthMismatch("values"))
        );
    }
}
