//! Free energies of activation from a coalescence temperature T_c and the slow-exchange
//! separation Δν: Gutowsky–Holm (equal populations), Kurland–Rubin–Wise (coupled AB) and
//! Shanan-Atidi–Bar-Eli (unequal populations), with first-order error propagation.
//!
//! Formulas, validity conditions and test vectors: `shared/reference/kinetics.md` (b)–(d) and
//! `shared/reference/kinetics/*.tsv`. Every rate returned is the per-site first-order rate
//! constant that belongs in the Eyring equation (never 1/τ_total).

use crate::constants::GAS_CONSTANT_J_PER_MOL_K as R;
use crate::error::{finite, in_range, non_negative, positive, representable};
use crate::{eyring, Error, Real, Result};

/// Rate and barrier at coalescence, with what error propagation needs.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Coalescence<F> {
    /// Coalescence temperature T_c, K.
    pub tc_k: F,
    /// Rate constant at coalescence k_c (per site), s⁻¹.
    pub k_c_per_s: F,
    /// ΔG‡ at T_c (κ = 1), J mol⁻¹.
    pub dg_j_per_mol: F,
    /// ∂ ln k_c / ∂ Δν, Hz⁻¹ (for propagating σ(Δν)).
    pub dlnk_ddnu_per_hz: F,
}

impl<F: Real> Coalescence<F> {
    /// Standard uncertainty of ΔG‡ (J mol⁻¹) from σ(T_c) (K) and σ(Δν) (Hz), first order:
    /// σ² = (ΔG‡/T_c + R)² σ(T_c)² + (R T_c ∂ln k_c/∂Δν · σ(Δν))² (`kinetics.md` (b)).
    pub fn dg_err_j_per_mol(&self, tc_err_k: F, dnu_err_hz: F) -> Result<F> {
        let st = non_negative(tc_err_k, "tc_err_k")?;
        let sn = non_negative(dnu_err_hz, "dnu_err_hz")?;
        let r = F::from_f64(R);
        let d_t = self.dg_j_per_mol / self.tc_k + r;
        let d_n = r * self.tc_k * self.dlnk_ddnu_per_hz;
        representable(
            ((d_t * st) * (d_t * st) + (d_n * sn) * (d_n * sn)).sqrt(),
            "dg_err_j_per_mol",
        )
    }
}

fn at_coalescence<F: Real>(tc_k: F, k_c: F, dlnk_ddnu: F) -> Result<Coalescence<F>> {
    // 1/Δν overflows for a subnormal Δν: refuse rather than carry ∞ into σ(ΔG‡).
    let dlnk_ddnu = representable(dlnk_ddnu, "dnu_hz")?;
    // A subnormal rate (only reachable with Δν near the subnormal range) has too few significant
    // bits for ln k: refuse it against the separation that produced it (fuzz finding, SABE with
    // Δν = 3.6e-308 Hz gave k_A = 6.4e-323 s⁻¹ and ΔG‡_A off by 8e-4).
    if k_c < F::MIN_POSITIVE {
        return Err(Error::OutOfRange("dnu_hz"));
    }
    Ok(Coalescence {
        tc_k,
        k_c_per_s: k_c,
        dg_j_per_mol: eyring::dg_j_per_mol(k_c, tc_k, F::ONE)?,
        dlnk_ddnu_per_hz: dlnk_ddnu,
    })
}

/// Gutowsky–Holm: two equally populated, uncoupled singlets Δν Hz apart coalesce at T_c.
///
/// k_c = π Δν / √2 (s⁻¹); ΔG‡ = R T_c ln(k_B T_c √2 / (π h Δν)).
/// Gutowsky & Holm, J. Chem. Phys. 1956, 25, 1228; `kinetics.md` (b).
///
/// ```
/// # use ringflux_core::coalescence::gutowsky_holm;
/// let c = gutowsky_holm(330.0_f64, 40.0).unwrap();
/// assert!((c.k_c_per_s - 88.85765876).abs() < 1e-7);
/// ```
pub fn gutowsky_holm<F: Real>(tc_k: F, dnu_hz: F) -> Result<Coalescence<F>> {
    let tc = positive(tc_k, "tc_k")?;
    let dnu = positive(dnu_hz, "dnu_hz")?;
    let k_c = F::PI * dnu / F::TWO.sqrt();
    at_coalescence(tc, k_c, F::ONE / dnu)
}

/// Kurland–Rubin–Wise: a mutually exchanging, J-coupled AB pair with uncoupled shift difference
/// Δν₀ (Hz) and coupling J (Hz) coalesces at T_c.
///
/// k_c = π √(Δν₀² + 6 J²) / √2. Kurland, Rubin & Wise, J. Chem. Phys. 1964, 40, 2426;
/// `kinetics.md` (c) (within 0.03 % of the exact AB lineshape for J/Δν₀ ≤ 0.5).
pub fn kurland_rubin_wise<F: Real>(tc_k: F, dnu0_hz: F, j_hz: F) -> Result<Coalescence<F>> {
    let tc = positive(tc_k, "tc_k")?;
    let dnu0 = positive(dnu0_hz, "dnu0_hz")?;
    let j = finite(j_hz, "j_hz")?;
    let s2 = dnu0 * dnu0 + F::from_f64(6.0) * j * j;
    let k_c = F::PI * s2.sqrt() / F::TWO.sqrt();
    at_coalescence(tc, k_c, dnu0 / s2)
}

/// Shift difference and coupling of an AB quartet read off its four observed lines (Hz).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AbQuartet<F> {
    /// Uncoupled shift difference Δν₀ = √((ν₁ − ν₄)(ν₂ − ν₃)), Hz.
    pub dnu0_hz: F,
    /// Coupling constant J, the mean of ν₁ − ν₂ and ν₃ − ν₄, Hz.
    pub j_hz: F,
    /// |(ν₁ − ν₂) − (ν₃ − ν₄)|, Hz: how far the two J readings disagree (0 for a clean quartet).
    pub j_mismatch_hz: F,
}

/// Δν₀ and J from the four lines of an AB quartet, in any order (`kinetics.md` (c)).
pub fn ab_quartet<F: Real>(lines_hz: [F; 4]) -> Result<AbQuartet<F>> {
    let mut v = lines_hz;
    for x in v {
        finite(x, "lines_hz")?;
    }
    // Sort descending: ν₁ > ν₂ > ν₃ > ν₄ (four elements, insertion sort, no panics).
    for i in 1..4 {
        let mut j = i;
        while j > 0 {
            let (Some(&a), Some(&b)) = (v.get(j - 1), v.get(j)) else {
                break;
            };
            if a >= b {
                break;
            }
            v.swap(j - 1, j);
            j -= 1;
        }
    }
    let [n1, n2, n3, n4] = v;
    let outer = n1 - n4;
    let inner = n2 - n3;
    if inner <= F::ZERO {
        return Err(Error::Degenerate("lines_hz"));
    }
    Ok(AbQuartet {
        dnu0_hz: representable((outer * inner).sqrt(), "dnu0_hz")?,
        j_hz: representable(F::HALF * ((n1 - n2) + (n3 - n4)), "j_hz")?,
        j_mismatch_hz: representable(((n1 - n2) - (n3 - n4)).abs(), "j_mismatch_hz")?,
    })
}

/// Coalescence of two unequally populated sites (Shanan-Atidi–Bar-Eli).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnequalCoalescence<F> {
    /// Root X = 2π τ Δν of the coalescence condition.
    pub x: F,
    /// τ = 1/(k_A + k_B), s.
    pub tau_s: F,
    /// Major → minor: rate k_A and barrier ΔG‡_A.
    pub major_to_minor: Coalescence<F>,
    /// Minor → major: rate k_B and barrier ΔG‡_B.
    pub minor_to_major: Coalescence<F>,
}

/// Shanan-Atidi–Bar-Eli: sites with populations p_A (major, 0.5 ≤ p_A < 1) and 1 − p_A,
/// Δν Hz apart, coalesce at T_c.
///
/// Solves Δp = ((X² − 2)/3)^{3/2} / X for X ≥ √2 by bisection (unique root), then
/// τ = X/(2πΔν), k_A = p_B/τ, k_B = p_A/τ. ΔG‡_A − ΔG‡_B = R T_c ln(p_A/p_B) holds by construction.
/// At p_A = 0.5 it reduces to Gutowsky–Holm. Shanan-Atidi & Bar-Eli, J. Phys. Chem. 1970, 74, 961;
/// `kinetics.md` (d).
pub fn shanan_atidi_bar_eli<F: Real>(
    tc_k: F,
    dnu_hz: F,
    p_major: F,
) -> Result<UnequalCoalescence<F>> {
    let tc = positive(tc_k, "tc_k")?;
    let dnu = positive(dnu_hz, "dnu_hz")?;
    let pa = in_range(p_major, F::HALF, F::ONE, "p_major")?;
    let pb = F::ONE - pa;
    if pb <= F::ZERO {
        return Err(Error::OutOfRange("p_major"));
    }
    let dp = pa - pb;
    let x = coalescence_root(dp)?;
    let two_pi = F::TWO * F::PI;
    let tau = x / (two_pi * dnu);
    let dlnk = F::ONE / dnu;
    Ok(UnequalCoalescence {
        x,
        tau_s: tau,
        major_to_minor: at_coalescence(tc, pb / tau, dlnk)?,
        minor_to_major: at_coalescence(tc, pa / tau, dlnk)?,
    })
}

/// Root X ≥ √2 of f(X) = ((X² − 2)/3)^{3/2} − Δp·X for 0 ≤ Δp < 1, by bisection on [√2, 50]
/// (f(√2) ≤ 0, f(50) > 0, f monotone beyond its single sign change).
fn coalescence_root<F: Real>(dp: F) -> Result<F> {
    let f = |x: F| {
        let u = (x * x - F::TWO) / F::from_f64(3.0);
        u.max(F::ZERO).powf(F::from_f64(1.5)) - dp * x
    };
    let mut lo = F::TWO.sqrt();
    let mut hi = F::from_f64(50.0);
    // f(√2) = −√2 Δp ≤ 0 analytically (rounding may make it +1e-24: the root is then √2 itself,
    // which the bisection returns); f(50) > 0 for every Δp < 1.
    if f(hi) < F::ZERO {
        return Err(Error::NoConvergence("p_major"));
    }
    // 200 halvings exhaust f64 resolution on [√2, 50] many times over.
    for _ in 0..200 {
        let mid = F::HALF * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) > F::ZERO {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(F::HALF * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ab_quartet_recovers_shift_and_coupling_in_any_order() {
        // AB quartet with Δν₀ = 30, J = 12: lines at ν₀ ± J/2 ± √(Δν₀² + J²)/2.
        let c = (30.0_f64 * 30.0 + 144.0).sqrt() / 2.0;
        let lines = [6.0 - c, 6.0 + c, -6.0 + c, -6.0 - c];
        let q = ab_quartet(lines).unwrap();
        assert!((q.dnu0_hz - 30.0).abs() < 1e-12);
        assert!((q.j_hz - 12.0).abs() < 1e-12);
        assert!(q.j_mismatch_hz < 1e-12);
        assert_eq!(
            ab_quartet([1.0, 1.0, 1.0, 1.0]),
            Err(Error::Degenerate("lines_hz"))
        );
    }

    #[test]
    fn bad_inputs_name_their_parameter() {
        assert_eq!(
            gutowsky_holm(330.0, -4.0).err(),
            Some(Error::NotPositive("dnu_hz"))
        );
        assert_eq!(
            gutowsky_holm(f64::INFINITY, 4.0).err(),
            Some(Error::NonFinite("tc_k"))
        );
        assert_eq!(
            shanan_atidi_bar_eli(330.0, 40.0, 0.4).err(),
            Some(Error::OutOfRange("p_major"))
        );
        assert_eq!(
            shanan_atidi_bar_eli(330.0, 40.0, 1.0).err(),
            Some(Error::OutOfRange("p_major"))
        );
    }
}
