//! Two-state equilibria minor ⇌ major: population ratio ↔ K ↔ ΔG°.
//!
//! K = [major]/[minor] (e.g. slow-exchange integrals, each normalised by its number of nuclei);
//! G_minor − G_major = R T ln K ≥ 0, p_major = K/(1 + K). `shared/reference/kinetics.md` (g),
//! table `shared/reference/kinetics/population_dG0_ref.tsv`.

use crate::constants::GAS_CONSTANT_J_PER_MOL_K as R;
use crate::error::{non_negative, positive, representable};
use crate::{Error, Real, Result};

/// A two-state equilibrium at one temperature.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Equilibrium<F> {
    /// Temperature, K.
    pub t_k: F,
    /// Equilibrium constant K = [major]/[minor] ≥ 1.
    pub k_eq: F,
    /// Fraction of the major state, K/(1 + K).
    pub p_major: F,
    /// Population difference Δp = p_major − p_minor = (K − 1)/(K + 1) (input of Shanan-Atidi–Bar-Eli).
    pub dp: F,
    /// G_minor − G_major = R T ln K, J mol⁻¹ (≥ 0: the minor state lies this much above).
    pub dg0_j_per_mol: F,
}

/// Equilibrium from the amounts (or normalised integrals) of the two states, in either order:
/// the larger is taken as major. `3:1` at 298.15 K gives 2.72341 kJ/mol.
///
/// ```
/// # use ringflux_core::equilibrium::from_ratio;
/// let e = from_ratio(3.0_f64, 1.0, 298.15).unwrap();
/// assert!((e.dg0_j_per_mol - 2723.41).abs() < 0.01);
/// assert!((e.p_major - 0.75).abs() < 1e-15);
/// ```
pub fn from_ratio<F: Real>(amount_a: F, amount_b: F, t_k: F) -> Result<Equilibrium<F>> {
    let a = non_negative(amount_a, "ratio")?;
    let b = non_negative(amount_b, "ratio")?;
    let t = positive(t_k, "t_k")?;
    let (major, minor) = if a >= b { (a, b) } else { (b, a) };
    if minor <= F::ZERO {
        return Err(Error::NotPositive("ratio"));
    }
    let k = representable(major / minor, "k_eq")?;
    // r = minor/major ∈ (0, 1]: no overflow in the sums even for amounts near f64::MAX.
    let r = minor / major;
    Ok(Equilibrium {
        t_k: t,
        k_eq: k,
        p_major: F::ONE / (F::ONE + r),
        dp: (F::ONE - r) / (F::ONE + r),
        dg0_j_per_mol: representable(F::from_f64(R) * t * k.ln(), "dg0_j_per_mol")?,
    })
}

/// Equilibrium from G_minor − G_major (J mol⁻¹, ≥ 0) at T (K): K = exp(ΔG°/(R T)).
pub fn from_dg0<F: Real>(dg0_j_per_mol: F, t_k: F) -> Result<Equilibrium<F>> {
    let dg = non_negative(dg0_j_per_mol, "dg0_j_per_mol")?;
    let t = positive(t_k, "t_k")?;
    let x = dg / (F::from_f64(R) * t);
    let k = representable(x.exp(), "k_eq")?;
    // p_major = 1/(1 + e^{−x}) stays accurate when K is huge.
    let e = (-x).exp();
    Ok(Equilibrium {
        t_k: t,
        k_eq: k,
        p_major: F::ONE / (F::ONE + e),
        dp: (F::ONE - e) / (F::ONE + e),
        dg0_j_per_mol: dg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_does_not_matter_and_zero_is_rejected() {
        assert_eq!(from_ratio(1.0, 3.0, 298.15), from_ratio(3.0, 1.0, 298.15));
        assert_eq!(
            from_ratio(3.0, 0.0, 298.15).err(),
            Some(Error::NotPositive("ratio"))
        );
        assert_eq!(
            from_ratio(3.0, -1.0, 298.15).err(),
            Some(Error::Negative("ratio"))
        );
    }
}
