//! Physical constants and unit conversions: the one place they are defined.
//!
//! SI values are the exact CODATA 2018 definitions (the 2019 SI redefinition); derived values are
//! the exact products rounded once to `f64`. Reference: `shared/reference/kinetics.md` (a) and
//! `shared/reference/kinetics/constants.json`; hartree from CODATA 2018 (E_h = 4.359 744 722 2071e-18 J).

/// Boltzmann constant k_B, J K⁻¹ (exact, CODATA 2018).
pub const BOLTZMANN_J_PER_K: f64 = 1.380_649e-23;
/// Planck constant h, J s (exact, CODATA 2018).
pub const PLANCK_J_S: f64 = 6.626_070_15e-34;
/// Avogadro constant N_A, mol⁻¹ (exact, CODATA 2018).
pub const AVOGADRO_PER_MOL: f64 = 6.022_140_76e23;
/// Molar gas constant R = N_A k_B, J mol⁻¹ K⁻¹ (exact product).
pub const GAS_CONSTANT_J_PER_MOL_K: f64 = 8.314_462_618_153_24;
/// k_B / h, s⁻¹ K⁻¹ (the Eyring pre-factor per kelvin).
pub const BOLTZMANN_OVER_PLANCK_PER_S_K: f64 = 2.083_661_912_332_757_6e10;
/// ln(k_B / h) with k_B/h in s⁻¹ K⁻¹ (the Eyring-plot intercept offset).
pub const LN_BOLTZMANN_OVER_PLANCK: f64 = 23.759_977_810_504_218;
/// Thermochemical calorie, J (exact): 1 kcal = 4184 J.
pub const CALORIE_J: f64 = 4.184;
/// Joules per kilocalorie (thermochemical).
pub const J_PER_KCAL: f64 = 4184.0;
/// Hartree energy E_h, J (CODATA 2018).
pub const HARTREE_J: f64 = 4.359_744_722_207_1e-18;
/// 1 E_h per particle in kJ mol⁻¹ (E_h · N_A / 1000, CODATA 2018).
pub const HARTREE_KJ_PER_MOL: f64 = 2_625.499_639_479_825_4;
/// 1 E_h per particle in kcal mol⁻¹ (E_h · N_A / 4184, CODATA 2018).
pub const HARTREE_KCAL_PER_MOL: f64 = 627.509_474_063_055_8;

/// The unit an energy is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EnergyUnit {
    /// kcal mol⁻¹ (thermochemical calorie).
    KcalPerMol,
    /// kJ mol⁻¹.
    KjPerMol,
    /// Hartree per particle (atomic units), as printed by quantum-chemistry programs.
    Hartree,
}

impl EnergyUnit {
    /// How many J mol⁻¹ one unit is.
    pub const fn j_per_mol(self) -> f64 {
        match self {
            EnergyUnit::KcalPerMol => J_PER_KCAL,
            EnergyUnit::KjPerMol => 1000.0,
            EnergyUnit::Hartree => HARTREE_KJ_PER_MOL * 1000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The derived constants equal their defining products to the last bit or two
    // (shared/reference/kinetics/constants.json gives the same values).
    #[test]
    fn derived_constants_match_their_definition() {
        let r = AVOGADRO_PER_MOL * BOLTZMANN_J_PER_K;
        assert!((r - GAS_CONSTANT_J_PER_MOL_K).abs() < 2e-15 * r);
        let kh = BOLTZMANN_J_PER_K / PLANCK_J_S;
        assert!((kh - BOLTZMANN_OVER_PLANCK_PER_S_K).abs() < 2e-16 * kh);
        assert!((libm::log(kh) - LN_BOLTZMANN_OVER_PLANCK).abs() < 4e-15);
        let eh_kj = HARTREE_J * AVOGADRO_PER_MOL / 1000.0;
        assert!((eh_kj - HARTREE_KJ_PER_MOL).abs() < 1e-12);
        let eh_kcal = HARTREE_J * AVOGADRO_PER_MOL / J_PER_KCAL;
        assert!((eh_kcal - HARTREE_KCAL_PER_MOL).abs() < 1e-12);
        assert!((J_PER_KCAL - 1000.0 * CALORIE_J).abs() < 1e-12);
    }
}
