//! The N-acyl amide of a ring: ω torsions, rotamer (O syn to C2 or to C7; E/Z), C(O)–N bond
//! length class, nitrogen pyramidalization and the Winkler–Dunitz twist.
//!
//! Atoms: the carbonyl carbon C′, its oxygen O and its other substituent R (the acyl α-carbon),
//! the ring nitrogen N1 and its two ring neighbours C2 and C7 (ring numbering of
//! `shared/reference/pucker.md` §5).
//!
//! * Rotamer: O is syn to C2 when |ω(O–C′–N1–C2)| < 90°, otherwise syn to C7.
//! * E/Z (IUPAC 2013 P-93.4.2.1, applied to the partial C′=N1 double bond): on C′ the higher
//!   CIP priority is normally O (for a carbamate's alkoxy R it is R); on N1 it is C2 or C7 as
//!   given by the caller (the host ranks them on the molecular graph; a C7 methyl makes C7 rank
//!   higher). Z when the two higher-ranked groups are syn (|ω| < 90°), E otherwise; no E/Z when
//!   C2 and C7 rank equal (piperazine, azepane: the two rotamers are the same compound).
//! * Winkler–Dunitz (J. Mol. Biol. 1971, 59, 169): with C_a the ring carbon anti to O and C_s the
//!   one syn to O, ω1 = ω(R–C′–N1–C_a), ω2 = ω(O–C′–N1–C_s), ω3 = ω(R–C′–N1–C_s):
//!   twist τ = (ω1 + ω2)/2, χ_N = ω2 − ω3 + 180°, χ_C = ω1 − ω3 + 180° (both wrapped to
//!   (−180°, 180°]). A planar amide has τ = χ_N = χ_C = 0; an sp³ nitrogen |χ_N| ≈ 60°.

use crate::geometry::{angle_deg, distance, torsion_deg, Vec3};
use crate::{Real, Result};

/// Lower end of the partial-double-bond C(O)–N length range, Å (amides 1.32–1.35 Å,
/// `GUIDE.md` science summary; Allen et al., J. Chem. Soc. Perkin Trans. 2 1987, S1).
pub const CN_PARTIAL_DOUBLE_MIN_ANGSTROM: f64 = 1.32;
/// Upper end of the partial-double-bond C(O)–N length range, Å.
pub const CN_PARTIAL_DOUBLE_MAX_ANGSTROM: f64 = 1.35;

/// Largest deviation of ω(O–C′–N1–C2) from 0° or 180° of a planar amide, degrees (issue 16:
/// beyond it the E/Z label of the amide is flagged; ETKDG makes ~90°-twisted ring amides).
pub const OMEGA_FROM_PLANAR_MAX_DEG: f64 = 20.0;
/// Smallest sum of the bond angles at N1 of a planar amide nitrogen, degrees (360 = planar,
/// ≈ 328.5 = tetrahedral).
pub const N_ANGLE_SUM_MIN_DEG: f64 = 350.0;
/// Largest |Winkler–Dunitz τ| of a planar amide, degrees (the same bound as for ω: τ is the
/// mean of two ω's that are 0 when planar).
pub const TWIST_MAX_DEG: f64 = 20.0;

/// Which planarity checks an amide fails ([`Amide::planarity`]); a flagged amide's E/Z label
/// describes a geometry that is not a planar amide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Planarity {
    /// ω(O–C′–N1–C2) is more than [`OMEGA_FROM_PLANAR_MAX_DEG`] from 0° and from 180°.
    pub omega: bool,
    /// The angles at N1 sum to less than [`N_ANGLE_SUM_MIN_DEG`] (pyramidal nitrogen).
    pub pyramidal_n: bool,
    /// |τ| exceeds [`TWIST_MAX_DEG`].
    pub twisted: bool,
}

impl Planarity {
    /// True when any check fails.
    pub fn flagged(&self) -> bool {
        self.omega || self.pyramidal_n || self.twisted
    }
}

/// Positions of the amide atoms, Å.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmideAtoms<F> {
    /// Carbonyl carbon C′.
    pub carbonyl_c: Vec3<F>,
    /// Carbonyl oxygen.
    pub oxygen: Vec3<F>,
    /// The third substituent R of C′ (acyl α-carbon, or O/N of a carbamate/urea).
    pub substituent: Vec3<F>,
    /// Ring nitrogen N1.
    pub n1: Vec3<F>,
    /// Ring atom C2.
    pub c2: Vec3<F>,
    /// Ring atom C7 (the last ring atom, bonded to N1; C6 in a piperidine or piperazine).
    pub c7: Vec3<F>,
}

/// Which of two groups has the higher CIP priority (an input: computed on the graph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Priority {
    /// The first-named group ranks higher (O over R; C2 over C7).
    First,
    /// The second-named group ranks higher (R over O; C7 over C2).
    Second,
    /// The two groups are constitutionally equivalent.
    Equal,
}

/// Ring carbon on the same side as the carbonyl oxygen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum OSyn {
    /// O syn to C2.
    C2,
    /// O syn to C7.
    C7,
}

/// E/Z descriptor of the amide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Ez {
    /// Higher-ranked groups anti.
    E,
    /// Higher-ranked groups syn.
    Z,
}

/// Class of the C(O)–N bond length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CnClass {
    /// Shorter than 1.32 Å.
    Short,
    /// 1.32–1.35 Å: the partial double bond of a planar amide.
    PartialDouble,
    /// Longer than 1.35 Å: reduced conjugation (twisted or pyramidal amide, or force-field bias).
    Long,
}

/// Geometry of an N-acyl amide (module docs for definitions).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Amide<F> {
    /// ω(O–C′–N1–C2), degrees.
    pub omega_o_c2_deg: F,
    /// ω(O–C′–N1–C7), degrees.
    pub omega_o_c7_deg: F,
    /// ω(R–C′–N1–C2), degrees.
    pub omega_r_c2_deg: F,
    /// ω(R–C′–N1–C7), degrees.
    pub omega_r_c7_deg: F,
    /// Ring carbon syn to O.
    pub o_syn: OSyn,
    /// E/Z, `None` when C2 and C7 rank equal (degenerate rotamers).
    pub ez: Option<Ez>,
    /// C′–N1 bond length, Å.
    pub cn_angstrom: F,
    /// Class of `cn_angstrom`.
    pub cn_class: CnClass,
    /// Sum of the three bond angles at N1, degrees (360 = planar).
    pub n_angle_sum_deg: F,
    /// Winkler–Dunitz twist τ, degrees.
    pub twist_deg: F,
    /// Winkler–Dunitz pyramidalization at N, χ_N, degrees.
    pub chi_n_deg: F,
    /// Winkler–Dunitz pyramidalization at C′, χ_C, degrees.
    pub chi_c_deg: F,
}

impl<F: Real> Amide<F> {
    /// The planarity checks of issue 16 ([`Planarity`]).
    ///
    /// ```
    /// use ringflux_core::amide::{Amide, CnClass, OSyn, Planarity};
    /// let planar = Amide {
    ///     omega_o_c2_deg: 3.0, omega_o_c7_deg: -177.0, omega_r_c2_deg: -176.0,
    ///     omega_r_c7_deg: 4.0, o_syn: OSyn::C2, ez: None, cn_angstrom: 1.36,
    ///     cn_class: CnClass::Long, n_angle_sum_deg: 359.0, twist_deg: 3.5,
    ///     chi_n_deg: 1.0, chi_c_deg: 0.0,
    /// };
    /// assert!(!planar.planarity().flagged());
    /// let twisted = Amide { omega_o_c2_deg: 85.0, twist_deg: 88.0, ..planar };
    /// assert_eq!(twisted.planarity(), Planarity { omega: true, pyramidal_n: false, twisted: true });
    /// ```
    pub fn planarity(&self) -> Planarity {
        let w = self.omega_o_c2_deg.abs();
        let off = w.min(F::from_f64(180.0) - w);
        Planarity {
            omega: off > F::from_f64(OMEGA_FROM_PLANAR_MAX_DEG),
            pyramidal_n: self.n_angle_sum_deg < F::from_f64(N_ANGLE_SUM_MIN_DEG),
            twisted: self.twist_deg.abs() > F::from_f64(TWIST_MAX_DEG),
        }
    }
}

/// Wraps an angle to (−180°, 180°].
fn wrap180<F: Real>(x: F) -> F {
    let full = F::from_f64(360.0);
    let half = F::from_f64(180.0);
    let mut r = x;
    for _ in 0..8 {
        if r > half {
            r -= full;
        } else if r <= -half {
            r += full;
        } else {
            break;
        }
    }
    r
}

/// Analyses an amide from its atom positions and the CIP rankings O vs R (`o_vs_r`) and
/// C2 vs C7 (`c2_vs_c7`).
///
/// Coincident or collinear atoms give [`crate::Error::Degenerate`]; non-finite positions
/// [`crate::Error::NonFinite`].
pub fn analyze<F: Real>(
    a: &AmideAtoms<F>,
    o_vs_r: Priority,
    c2_vs_c7: Priority,
) -> Result<Amide<F>> {
    let t = |x, y| torsion_deg(x, a.carbonyl_c, a.n1, y);
    let omega_o_c2_deg = t(a.oxygen, a.c2)?;
    let omega_o_c7_deg = t(a.oxygen, a.c7)?;
    let omega_r_c2_deg = t(a.substituent, a.c2)?;
    let omega_r_c7_deg = t(a.substituent, a.c7)?;
    let right = F::from_f64(90.0);
    let o_syn = if omega_o_c2_deg.abs() < right {
        OSyn::C2
    } else {
        OSyn::C7
    };
    // O outranks R unless the caller says otherwise (a carbamate's alkoxy group).
    let o_top = o_vs_r != Priority::Second;
    let ez = match c2_vs_c7 {
        Priority::Equal => None,
        top_n => {
            let w = match (o_top, top_n == Priority::First) {
                (true, true) => omega_o_c2_deg,
                (true, false) => omega_o_c7_deg,
                (false, true) => omega_r_c2_deg,
                (false, false) => omega_r_c7_deg,
            };
            Some(if w.abs() < right { Ez::Z } else { Ez::E })
        }
    };
    let cn_angstrom = distance(a.carbonyl_c, a.n1)?;
    let cn_class = if cn_angstrom < F::from_f64(CN_PARTIAL_DOUBLE_MIN_ANGSTROM) {
        CnClass::Short
    } else if cn_angstrom <= F::from_f64(CN_PARTIAL_DOUBLE_MAX_ANGSTROM) {
        CnClass::PartialDouble
    } else {
        CnClass::Long
    };
    let n_angle_sum_deg = angle_deg(a.carbonyl_c, a.n1, a.c2)?
        + angle_deg(a.c2, a.n1, a.c7)?
        + angle_deg(a.c7, a.n1, a.carbonyl_c)?;
    // Winkler–Dunitz: C_a anti to O, C_s syn to O.
    let (w1, w2, w3) = match o_syn {
        OSyn::C2 => (omega_r_c7_deg, omega_o_c2_deg, omega_r_c2_deg),
        OSyn::C7 => (omega_r_c2_deg, omega_o_c7_deg, omega_r_c7_deg),
    };
    let half_turn = F::from_f64(180.0);
    // ω1 is near ±0 and ω2 near ±0 for a near-planar amide; τ is their mean.
    let twist_deg = (w1 + w2) * F::HALF;
    Ok(Amide {
        omega_o_c2_deg,
        omega_o_c7_deg,
        omega_r_c2_deg,
        omega_r_c7_deg,
        o_syn,
        ez,
        cn_angstrom,
        cn_class,
        n_angle_sum_deg,
        twist_deg,
        chi_n_deg: wrap180(w2 - w3 + half_turn),
        chi_c_deg: wrap180(w1 - w3 + half_turn),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64, z: f64) -> Vec3<f64> {
        Vec3::new(x, y, z)
    }

    /// A planar amide in the xy plane: C′ at origin, N1 along +x, O syn to C2.
    fn planar() -> AmideAtoms<f64> {
        let (c30, s30) = (0.5 * 3f64.sqrt(), 0.5);
        AmideAtoms {
            carbonyl_c: p(0.0, 0.0, 0.0),
            n1: p(1.34, 0.0, 0.0),
            oxygen: p(-1.23 * s30, 1.23 * c30, 0.0),
            substituent: p(-1.5 * s30, -1.5 * c30, 0.0),
            c2: p(1.34 + 1.47 * s30, 1.47 * c30, 0.0),
            c7: p(1.34 + 1.47 * s30, -1.47 * c30, 0.0),
        }
    }

    #[test]
    fn planar_amide_is_untwisted_and_flat() {
        let a = analyze(&planar(), Priority::First, Priority::First).unwrap();
        assert_eq!(a.o_syn, OSyn::C2);
        assert_eq!(a.ez, Some(Ez::Z)); // O and the higher-ranked C2 are syn
        assert!(a.omega_o_c2_deg.abs() < 1e-9);
        assert!((a.omega_o_c7_deg.abs() - 180.0).abs() < 1e-9);
        assert!(a.twist_deg.abs() < 1e-9 && a.chi_n_deg.abs() < 1e-9 && a.chi_c_deg.abs() < 1e-9);
        assert!((a.n_angle_sum_deg - 360.0).abs() < 1e-9);
        assert_eq!(a.cn_class, CnClass::PartialDouble);
        // C7 ranking higher flips the descriptor (a C7 methyl); equal ranks: no E/Z.
        let b = analyze(&planar(), Priority::First, Priority::Second).unwrap();
        assert_eq!(b.ez, Some(Ez::E));
        let c = analyze(&planar(), Priority::First, Priority::Equal).unwrap();
        assert_eq!(c.ez, None);
    }

    #[test]
    fn rotating_the_nitrogen_end_by_90_degrees_gives_tau_90() {
        let mut a = planar();
        // Rotate C2 and C7 by 90° about the C′–N1 axis (x): (y, z) → (−z, y).
        for q in [&mut a.c2, &mut a.c7] {
            *q = p(q.x, -q.z, q.y);
        }
        let r = analyze(&a, Priority::First, Priority::First).unwrap();
        assert!(
            (r.twist_deg.abs() - 90.0).abs() < 1e-9,
            "τ = {}",
            r.twist_deg
        );
        assert!(r.chi_n_deg.abs() < 1e-9); // still a planar nitrogen
                                           // Flagged as twisted (ω and τ), not as pyramidal; the planar amide is not flagged.
        assert_eq!(
            r.planarity(),
            Planarity {
                omega: true,
                pyramidal_n: false,
                twisted: true
            }
        );
        let flat = analyze(&planar(), Priority::First, Priority::First).unwrap();
        assert!(!flat.planarity().flagged());
    }

    #[test]
    fn a_tetrahedral_nitrogen_is_flagged_pyramidal() {
        // N1 with C′, C2, C7 at tetrahedral angles (sum 3 × 109.47° = 328.4°), O syn to C2.
        let d = |x: f64, y: f64, z: f64| {
            let n = (x * x + y * y + z * z).sqrt();
            p(x / n, y / n, z / n)
        };
        let (t1, t2, t3) = (d(1.0, 1.0, 1.0), d(1.0, -1.0, -1.0), d(-1.0, 1.0, -1.0));
        let n1 = p(0.0, 0.0, 0.0);
        let c = t1.scale(1.4);
        let a = AmideAtoms {
            carbonyl_c: c,
            n1,
            c2: t2.scale(1.47),
            c7: t3.scale(1.47),
            oxygen: c + d(1.0, 0.0, 0.0).scale(1.23),
            substituent: c + d(0.0, 1.0, 0.0).scale(1.5),
        };
        let r = analyze(&a, Priority::First, Priority::First).unwrap();
        assert!((r.n_angle_sum_deg - 3.0 * (-1.0f64 / 3.0).acos().to_degrees()).abs() < 1e-9);
        assert!(r.planarity().pyramidal_n);
    }
}
