//! Ring puckering: Cremer–Pople coordinates of 5- to 8-membered rings, endocyclic torsions, and
//! the classification of 5-, 6- and 7-rings into their canonical conformations.
//!
//! Source: D. Cremer & J. A. Pople, J. Am. Chem. Soc. 1975, 97, 1354 (eqs. 10–14), implemented
//! exactly as specified in `shared/reference/pucker.md` §2–§4:
//!
//! * centre the ring, R1 = Σ R_j sin(2π(j−1)/N), R2 = Σ R_j cos(2π(j−1)/N);
//! * unit normal n = (R1 × R2)/|R1 × R2| (the cross product itself is normalised — puckepy 1.0.1
//!   normalises R1 and R2 instead and reports Q too small for distorted rings, pucker.md §8);
//! * z_j = R_j·n; for m = 2 … ⌊(N−1)/2⌋:
//!   q_m cos φ_m = √(2/N) Σ z_j cos(2πm(j−1)/N), q_m sin φ_m = −√(2/N) Σ z_j sin(2πm(j−1)/N);
//! * for even N the signed q_{N/2} = N^(−1/2) Σ z_j (−1)^(j−1);
//! * Q² = Σ z_j²; θ = atan2(q2, q3) for N = 6 (θ ∈ [0°, 180°]) and N = 7 (θ ∈ [0°, 90°]).
//!
//! # Renumbering rules (pucker.md §5, tested in `tests/tests/pucker_props.rs`)
//!
//! * Starting one atom later (new atom 1 = old atom 2, same direction): φ_m → φ_m + 360°·m/N
//!   (mod 360), q_m unchanged, q_{N/2} changes sign (θ → 180° − θ for N = 6).
//! * Reversing the direction (same atom 1): n → −n, z → −z, φ_m → 180° − φ_m (mod 360),
//!   q_{N/2} changes sign.
//! * Q, every q_m (m < N/2) and the C/TC/B/TB, E/T labels are invariant under any renumbering;
//!   only locants (which atom is the flap or on the 2-fold axis) change.
//! * For 1,4-diazepanes the project numbers the ring N1, C2, C3, N4, C5, C6, C7 (N1 acylated,
//!   C2–C3 the ethylene bridge), which fixes the start and the direction.

use crate::error::finite;
use crate::geometry::{finite_point, torsion_deg, Vec3};
use crate::{Error, Real, Result};

/// Smallest ring with puckering coordinates.
pub const MIN_RING: usize = 5;
/// Largest ring handled (capacity of the fixed-size result arrays).
pub const MAX_RING: usize = 8;
/// Below this amplitude (Å) a phase φ_m is not meaningful (pucker.md §3: arbitrary φ for
/// q_m < ~1e-3 Å in tests, flag below ~0.01–0.02 Å); [`Mode::phase_defined`] uses it.
pub const PHASE_MIN_Q_ANGSTROM: f64 = 0.02;
/// Below this total amplitude (Å) a ring is classified [`Form::Planar`]: aromatic rings have
/// Q ≈ 0.00–0.05 Å, the flattest saturated ring forms have Q > 0.3 Å (pucker.md §6).
pub const PLANAR_Q_ANGSTROM: f64 = 0.1;
/// Half-width (degrees of phase, or of arc on the (θ, φ) sphere) of the band around the midpoint
/// between two canonical forms in which the outcome is "intermediate" (pucker.md §7 step 3: ±1.5°).
pub const INTERMEDIATE_HALF_BAND_DEG: f64 = 1.5;
/// θ (degrees) splitting the chair and boat families of 7-rings (pucker.md §7 step 1).
pub const SEVEN_RING_FAMILY_SPLIT_DEG: f64 = 55.0;
/// The θ band (degrees) in which the torsion sign-change count decides the 7-ring family
/// (pucker.md §7: "for 50° ≲ θ ≲ 68°, cross-check with the sign-change count and prefer it").
pub const SEVEN_RING_OVERLAP_DEG: (f64, f64) = (50.0, 68.0);
/// Step (degrees) of the 7-ring phase lattice, 360°/14 (pucker.md §6.3): Cs forms (C, B) lie at
/// k·step of their family's phase (φ3 chair family, φ2 boat family), C2 forms (TC, TB) at
/// (k + ½)·step.
pub const SEVEN_RING_PHASE_STEP_DEG: f64 = 360.0 / 14.0;
/// Torsions smaller than this (degrees) in magnitude are "≈ 0" and are counted with either
/// neighbour in the sign-change count (pucker.md §6.3).
pub const ZERO_TORSION_DEG: f64 = 5.0;

/// Values per ring atom or ring bond, first `len()` entries valid.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RingValues<F> {
    n: usize,
    v: [F; MAX_RING],
}

impl<F: Real> RingValues<F> {
    /// The values as a slice of length `len()`.
    pub fn as_slice(&self) -> &[F] {
        self.v.get(..self.n).unwrap_or(&[])
    }
    /// Number of values (the ring size).
    pub fn len(&self) -> usize {
        self.n
    }
    /// True for no values.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

/// One Fourier mode (q_m, φ_m) of the puckering.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mode<F> {
    /// m (2 or 3).
    pub m: usize,
    /// Amplitude q_m ≥ 0, Å.
    pub q_angstrom: F,
    /// Phase φ_m, degrees in [0, 360). Meaningless when q_m is tiny (see [`Mode::phase_defined`]).
    pub phi_deg: F,
}

impl<F: Real> Mode<F> {
    /// True when q_m ≥ [`PHASE_MIN_Q_ANGSTROM`], i.e. the phase carries information.
    pub fn phase_defined(&self) -> bool {
        self.q_angstrom >= F::from_f64(PHASE_MIN_Q_ANGSTROM)
    }
}

/// Cremer–Pople puckering coordinates of one ring (module docs for the formulas).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Pucker<F> {
    /// Out-of-plane displacements z_j from the mean plane, Å (Σ z_j = 0).
    pub z_angstrom: RingValues<F>,
    modes: [Mode<F>; 2],
    n_modes: usize,
    /// Signed q_{N/2} for even N (q3 of a 6-ring, q4 of an 8-ring), Å; `None` for odd N.
    pub q_half_angstrom: Option<F>,
    /// Total puckering amplitude Q = sqrt(Σ z_j²), Å.
    pub total_q_angstrom: F,
    /// θ, degrees: atan2(q2, q3) for N = 6 ([0, 180]) and N = 7 ([0, 90]); `None` otherwise.
    pub theta_deg: Option<F>,
}

impl<F: Real> Pucker<F> {
    /// Ring size N.
    pub fn ring_size(&self) -> usize {
        self.z_angstrom.len()
    }
    /// The modes m = 2 … ⌊(N−1)/2⌋ in order (one for N = 5, 6; two for N = 7, 8).
    pub fn modes(&self) -> &[Mode<F>] {
        self.modes.get(..self.n_modes).unwrap_or(&[])
    }
    /// The mode m, if the ring has it.
    pub fn mode(&self, m: usize) -> Option<Mode<F>> {
        self.modes().iter().copied().find(|x| x.m == m)
    }
}

/// Checks the ring size and that every position is finite.
fn check_ring<F: Real>(ring: &[Vec3<F>], min: usize) -> Result<()> {
    if ring.len() < min {
        return Err(Error::TooFew("ring"));
    }
    if ring.len() > MAX_RING {
        return Err(Error::CapacityExceeded("ring"));
    }
    for &p in ring {
        finite_point(p, "ring")?;
    }
    Ok(())
}

/// [`BASIS_BITS`] rounded to f32 at compile time (the f32 path's copy, see [`Real::pick`]).
// Evaluated at compile time: an index out of range is a build error, never a run-time panic.
#[allow(clippy::indexing_slicing)]
const BASIS_F32: [[(f32, f32); MAX_RING]; MAX_RING - MIN_RING + 1] = {
    let mut out = [[(1.0, 0.0); MAX_RING]; MAX_RING - MIN_RING + 1];
    let mut i = 0;
    while i < out.len() {
        let mut k = 0;
        while k < MAX_RING {
            let (c, s) = BASIS_BITS[i][k];
            out[i][k] = (f64::from_bits(c) as f32, f64::from_bits(s) as f32);
            k += 1;
        }
        i += 1;
    }
    out
};

/// Bits of (cos, sin)(2πk/N) in f64 for N = 5…8 (row N − 5) and k < N, as libm computes them;
/// entries k ≥ N are unused.
const BASIS_BITS: [[(u64, u64); MAX_RING]; MAX_RING - MIN_RING + 1] = [
    [
        (0x3ff0000000000000, 0x0000000000000000),
        (0x3fd3c6ef372fe950, 0x3fee6f0e134454ff),
        (0xbfe9e3779b97f4a7, 0x3fe2cf2304755a5f),
        (0xbfe9e3779b97f4a8, 0xbfe2cf2304755a5d),
        (0x3fd3c6ef372fe94c, 0xbfee6f0e13445500),
        (0x3ff0000000000000, 0),
        (0x3ff0000000000000, 0),
        (0x3ff0000000000000, 0),
    ],
    [
        (0x3ff0000000000000, 0x0000000000000000),
        (0x3fe0000000000001, 0x3febb67ae8584caa),
        (0xbfdffffffffffffc, 0x3febb67ae8584cab),
        (0xbff0000000000000, 0x3ca1a62633145c07),
        (0xbfe0000000000004, 0xbfebb67ae8584ca9),
        (0x3fe0000000000001, 0xbfebb67ae8584caa),
        (0x3ff0000000000000, 0),
        (0x3ff0000000000000, 0),
    ],
    [
        (0x3ff0000000000000, 0x0000000000000000),
        (0x3fe3f3a0e28bedd2, 0x3fe904c37505de4b),
        (0xbfcc7b90e3024580, 0x3fef329c0558e969),
        (0xbfecd4bca9cb5c70, 0x3fdbc4c04d71abc3),
        (0xbfecd4bca9cb5c71, 0xbfdbc4c04d71abbf),
        (0xbfcc7b90e3024589, 0xbfef329c0558e969),
        (0x3fe3f3a0e28bedd0, 0xbfe904c37505de4c),
        (0x3ff0000000000000, 0),
    ],
    [
        (0x3ff0000000000000, 0x0000000000000000),
        (0x3fe6a09e667f3bcd, 0x3fe6a09e667f3bcc),
        (0x3c91a62633145c07, 0x3ff0000000000000),
        (0xbfe6a09e667f3bcc, 0x3fe6a09e667f3bcd),
        (0xbff0000000000000, 0x3ca1a62633145c07),
        (0xbfe6a09e667f3bce, 0xbfe6a09e667f3bcc),
        (0xbcaa79394c9e8a0a, 0xbff0000000000000),
        (0x3fe6a09e667f3bcb, 0xbfe6a09e667f3bce),
    ],
];

/// Phase from its cosine and sine parts, degrees in [0, 360).
fn phase_deg<F: Real>(s: F, c: F) -> F {
    let full = F::from_f64(360.0);
    let p = s.atan2(c).to_degrees();
    let p = if p < F::ZERO { p + full } else { p };
    if p >= full {
        F::ZERO
    } else {
        p
    }
}

/// Cremer–Pople coordinates of a ring given its atom positions in bonded order (Å).
///
/// N = 5…8 atoms ([`Error::TooFew`] / [`Error::CapacityExceeded`] otherwise); non-finite
/// coordinates are [`Error::NonFinite`]; collinear or coincident atoms (|R1 × R2| = 0) are
/// [`Error::Degenerate`]. A planar ring is fine: Q = 0.
///
/// ```
/// use ringflux_core::{geometry::Vec3, pucker::cremer_pople};
/// // An ideal chair cyclohexane: alternating z = ±0.25 Å on a regular hexagon.
/// let ring: Vec<Vec3<f64>> = (0..6)
///     .map(|j| {
///         let a = core::f64::consts::PI / 3.0 * j as f64;
///         Vec3::new(1.45 * a.cos(), 1.45 * a.sin(), if j % 2 == 0 { 0.25 } else { -0.25 })
///     })
///     .collect();
/// let p = cremer_pople(&ring).unwrap();
/// assert!((p.total_q_angstrom - 0.25 * 6f64.sqrt()).abs() < 1e-12);
/// assert!(p.theta_deg.unwrap().min(180.0 - p.theta_deg.unwrap()) < 1e-6); // chair: θ = 0 or 180
/// ```
pub fn cremer_pople<F: Real>(ring: &[Vec3<F>]) -> Result<Pucker<F>> {
    check_ring(ring, MIN_RING)?;
    let n = ring.len();
    let nf = F::from_usize(n);
    let mut c = Vec3::ZERO;
    for &p in ring {
        c = c + p;
    }
    let c = c.scale(F::ONE / nf);
    // cos and sin of 2πmj/N are exact constants of the ring size: the f64 values of
    // libm's cos/sin at 2πk/N (a test checks them bit for bit), rounded once to F, so neither path
    // evaluates trigonometry here and the f32 path carries no double-precision arithmetic.
    let basis = |m: usize, j: usize| {
        // `checked_rem`, not `%`: where this closure is not inlined (opt-level "z") the optimiser
        // cannot see n ≥ MIN_RING, and `%` would keep a division-by-zero panic path.
        let k = (m * j).checked_rem(n).unwrap_or(0);
        let i = n.saturating_sub(MIN_RING);
        let (c, s) = BASIS_BITS
            .get(i)
            .and_then(|row| row.get(k))
            .copied()
            .unwrap_or((0x3ff0_0000_0000_0000, 0));
        let (c32, s32) = BASIS_F32
            .get(i)
            .and_then(|row| row.get(k))
            .copied()
            .unwrap_or((1.0, 0.0));
        (
            F::pick(f64::from_bits(c), c32),
            F::pick(f64::from_bits(s), s32),
        )
    };
    let (mut r1, mut r2) = (Vec3::ZERO, Vec3::ZERO);
    for (j, &p) in ring.iter().enumerate() {
        let r = p - c;
        let (c1, s1) = basis(1, j);
        r1 = r1 + r.scale(s1);
        r2 = r2 + r.scale(c1);
    }
    let normal = r1.cross(r2);
    let len = normal.norm();
    if len.partial_cmp(&F::ZERO) != Some(core::cmp::Ordering::Greater) || !len.is_finite() {
        return Err(Error::Degenerate("ring"));
    }
    let normal = normal.scale(F::ONE / len);
    let mut z = [F::ZERO; MAX_RING];
    let mut sum_z2 = F::ZERO;
    for (zj, &p) in z.iter_mut().zip(ring) {
        *zj = (p - c).dot(normal);
        sum_z2 += *zj * *zj;
    }
    let z_angstrom = RingValues { n, v: z };
    let zs = z_angstrom.as_slice();
    let norm = (F::TWO / nf).sqrt();
    let mut modes = [Mode {
        m: 0,
        q_angstrom: F::ZERO,
        phi_deg: F::ZERO,
    }; 2];
    let n_modes = (n - 1) / 2 - 1;
    for (k, slot) in modes.iter_mut().take(n_modes).enumerate() {
        let m = k + 2;
        let (mut sc, mut ss) = (F::ZERO, F::ZERO);
        for (j, &zj) in zs.iter().enumerate() {
            let (c, s) = basis(m, j);
            sc += zj * c;
            ss += zj * s;
        }
        let (qc, qs) = (norm * sc, -norm * ss);
        *slot = Mode {
            m,
            q_angstrom: (qc * qc + qs * qs).sqrt(),
            phi_deg: phase_deg(qs, qc),
        };
    }
    let q_half_angstrom = if n.is_multiple_of(2) {
        let mut s = F::ZERO;
        for (j, &zj) in zs.iter().enumerate() {
            s += if j % 2 == 0 { zj } else { -zj };
        }
        Some(s / nf.sqrt())
    } else {
        None
    };
    let q2 = modes.first().map(|x| x.q_angstrom).unwrap_or(F::ZERO);
    let theta_deg = match (n, q_half_angstrom, modes.get(1)) {
        (6, Some(q3), _) => Some(q2.atan2(q3).to_degrees()),
        (7, _, Some(m3)) => Some(q2.atan2(m3.q_angstrom).to_degrees()),
        _ => None,
    };
    Ok(Pucker {
        z_angstrom,
        modes,
        n_modes,
        q_half_angstrom,
        total_q_angstrom: sum_z2.sqrt(),
        theta_deg,
    })
}

/// Endocyclic torsions ω_i = torsion(r_i, r_{i+1}, r_{i+2}, r_{i+3}) (indices cyclic), degrees.
///
/// ω_1 is N1–C2–C3–N4 for a diazepane numbered N1…C7 (the columns w1…w7 of
/// `shared/reference/pucker/reference_values.tsv`). Rings of 4 to 8 atoms.
pub fn endocyclic_torsions<F: Real>(ring: &[Vec3<F>]) -> Result<RingValues<F>> {
    check_ring(ring, 4)?;
    let n = ring.len();
    let mut v = [F::ZERO; MAX_RING];
    // `checked_rem`: no division-by-zero panic path even where the closure is not inlined.
    let at = |i: usize| {
        let k = i.checked_rem(n).ok_or(Error::TooFew("ring"))?;
        ring.get(k).copied().ok_or(Error::TooFew("ring"))
    };
    for (i, w) in v.iter_mut().take(n).enumerate() {
        *w = torsion_deg(at(i)?, at(i + 1)?, at(i + 2)?, at(i + 3)?)?;
    }
    Ok(RingValues { n, v })
}

/// Cyclic number of sign changes in a torsion sequence; torsions with |ω| <
/// [`ZERO_TORSION_DEG`] are skipped (counted with either neighbour, pucker.md §6.3).
pub fn sign_changes<F: Real>(torsions: &[F]) -> usize {
    let zero = F::from_f64(ZERO_TORSION_DEG);
    let signs = || {
        torsions
            .iter()
            .filter(|w| w.abs() >= zero)
            .map(|&w| w > F::ZERO)
    };
    let first = signs().next();
    let mut count = 0;
    let mut prev = first;
    for s in signs().skip(1).map(Some).chain(core::iter::once(first)) {
        if s != prev {
            count += 1;
        }
        prev = s;
    }
    count
}

/// A canonical ring conformation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Form {
    /// Chair C (6-, 7- and 8-rings; Cs for 7, D3d for 6, C2h for 8).
    Chair,
    /// Twist-chair TC (7-rings, C2).
    TwistChair,
    /// Boat B (6-, 7- and 8-rings).
    Boat,
    /// Twist-boat TB (skew boat; 6-, 7- and 8-rings).
    TwistBoat,
    /// Half-chair H (6-rings).
    HalfChair,
    /// Envelope E (5-rings; sofa for 6-rings).
    Envelope,
    /// Twist T (5-rings).
    Twist,
    /// Flat: total amplitude Q below [`PLANAR_Q_ANGSTROM`] (aromatic rings).
    Planar,
    /// Boat-chair BC (8-rings, Cs; the cyclooctane minimum).
    BoatChair,
    /// Twist-boat-chair TBC (8-rings, C2).
    TwistBoatChair,
    /// Chair-chair CC (8-rings, C2v).
    ChairChair,
    /// Twist-chair-chair TCC (8-rings, D2).
    TwistChairChair,
    /// Crown CR (8-rings, D4d).
    Crown,
    /// Boat-boat BB (8-rings, D2d).
    BoatBoat,
}

impl Form {
    /// Short code: C, TC, B, TB, H, E, T, P; 8-rings also BC, TBC, CC, TCC, CR, BB.
    pub const fn code(self) -> &'static str {
        match self {
            Form::Chair => "C",
            Form::TwistChair => "TC",
            Form::Boat => "B",
            Form::TwistBoat => "TB",
            Form::HalfChair => "H",
            Form::Envelope => "E",
            Form::Twist => "T",
            Form::Planar => "P",
            Form::BoatChair => "BC",
            Form::TwistBoatChair => "TBC",
            Form::ChairChair => "CC",
            Form::TwistChairChair => "TCC",
            Form::Crown => "CR",
            Form::BoatBoat => "BB",
        }
    }
    /// Name in words: chair, twist-chair, boat, twist-boat, half-chair, envelope, twist, planar,
    /// boat-chair, twist-boat-chair, chair-chair, twist-chair-chair, crown, boat-boat.
    pub const fn name(self) -> &'static str {
        match self {
            Form::Chair => "chair",
            Form::TwistChair => "twist-chair",
            Form::Boat => "boat",
            Form::TwistBoat => "twist-boat",
            Form::HalfChair => "half-chair",
            Form::Envelope => "envelope",
            Form::Twist => "twist",
            Form::Planar => "planar",
            Form::BoatChair => "boat-chair",
            Form::TwistBoatChair => "twist-boat-chair",
            Form::ChairChair => "chair-chair",
            Form::TwistChairChair => "twist-chair-chair",
            Form::Crown => "crown",
            Form::BoatBoat => "boat-boat",
        }
    }
}

/// Chair or boat family of a 6- or 7-ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Family {
    /// C and TC (7-rings: θ small, 6 torsion sign changes); C for 6-rings.
    Chair,
    /// B and TB (7-rings: θ near 90°, 4 sign changes); B and TB for 6-rings.
    Boat,
}

impl Family {
    /// `chair` or `boat`.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Chair => "chair",
            Family::Boat => "boat",
        }
    }
}

/// The conformation of a ring: a canonical form, or an intermediate with its nearest form.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Classification<F> {
    /// The canonical form, or `None` when the ring lies within ±[`INTERMEDIATE_HALF_BAND_DEG`]
    /// of the midpoint between two forms ("intermediate" on the pseudorotation path).
    pub form: Option<Form>,
    /// The nearest canonical form (equal to `form` when that is `Some`).
    pub nearest: Form,
    /// The second-nearest canonical form (the other end of the pseudorotation step).
    pub second: Form,
    /// Distance to the nearest canonical form, degrees: of phase (5-ring φ2, 7-ring φ3 or φ2) or
    /// of arc on the (θ, φ2) sphere (6-rings). 0 for [`Form::Planar`].
    pub distance_deg: F,
    /// Chair or boat family (6- and 7-rings), `None` for 5-rings, half-chair, envelope, planar.
    pub family: Option<Family>,
    /// Cyclic count of endocyclic torsion sign changes ([`sign_changes`]).
    pub sign_changes: usize,
}

/// `x mod period` in [0, period) for finite x.
fn modulo<F: Real>(x: F, period: F) -> F {
    let mut r = x;
    // Phases are in [0, 360); a few subtractions suffice, bounded for safety.
    for _ in 0..64 {
        if r >= period {
            r -= period;
        } else if r < F::ZERO {
            r += period;
        } else {
            break;
        }
    }
    r
}

/// Splits a phase on a lattice of step `step` into (offset from the nearer "on-lattice" form
/// at 0, offset from the "half-step" form at step/2), both in [0, step/2].
fn lattice_offsets<F: Real>(phi_deg: F, step: F) -> (F, F) {
    let r = modulo(phi_deg, step);
    let off = r.min(step - r);
    (off, step * F::HALF - off)
}

/// Picks between two forms at distances `d_a`, `d_b`: intermediate within the band.
fn pick<F: Real>(a: (Form, F), b: (Form, F)) -> (Option<Form>, Form, Form, F) {
    let (near, far) = if a.1 <= b.1 { (a, b) } else { (b, a) };
    let band = F::from_f64(2.0 * INTERMEDIATE_HALF_BAND_DEG);
    let form = if far.1 - near.1 < band {
        None
    } else {
        Some(near.0)
    };
    (form, near.0, far.0, near.1)
}

fn planar<F: Real>(changes: usize) -> Classification<F> {
    Classification {
        form: Some(Form::Planar),
        nearest: Form::Planar,
        second: Form::Planar,
        distance_deg: F::ZERO,
        family: None,
        sign_changes: changes,
    }
}

/// Classifies a ring from its puckering coordinates and endocyclic torsions (same numbering).
///
/// * **7-rings** (pucker.md §7): family chair if θ < 55°, boat otherwise, except that for
///   50° ≤ θ ≤ 68° a torsion sign-change count of 6 (chair) or 4 (boat) decides. The phase φ3
///   (chair family) or φ2 (boat family) on the lattice of 360°/14: offset < 6.43° → C or B,
///   > 6.43° → TC or TB, within ±1.5° of 6.43° → intermediate.
/// * **6-rings** (pucker.md §6.1): nearest of C (θ = 0/180°), E (54.74/125.26°, φ2 = 60k),
///   H (50.77/129.23°, φ2 = 30 + 60k), B (90°, 60k), TB (90°, 30 + 60k) by arc length on the
///   (θ, φ2) sphere; intermediate when the two nearest are within 3° of arc of each other.
/// * **5-rings** (pucker.md §6.2): φ2 mod 36 near 0 → E, near 18 → T, within ±1.5° of 9 →
///   intermediate.
/// * **8-rings**: nearest of the nine templates of [`EIGHT_RING_TEMPLATES`] by arc on the unit
///   sphere of (q2 cos φ2, q2 sin φ2, q3 cos φ3, q3 sin φ3, q4)/Q, each template taken in all
///   32 numberings (8 starting atoms × 2 directions) and mirror images; intermediate when the two
///   nearest forms are within 3° of arc of each other. No family.
/// * Q < [`PLANAR_Q_ANGSTROM`] → [`Form::Planar`]. Rings of other sizes: [`Error::OutOfRange`].
///
/// `torsions` must hold one torsion per ring bond ([`endocyclic_torsions`]).
pub fn classify<F: Real>(p: &Pucker<F>, torsions: &[F]) -> Result<Classification<F>> {
    let n = p.ring_size();
    if torsions.len() != n {
        return Err(Error::LengthMismatch("torsions"));
    }
    for &w in torsions {
        finite(w, "torsions")?;
    }
    let changes = sign_changes(torsions);
    if !(5..=8).contains(&n) {
        return Err(Error::OutOfRange("ring"));
    }
    if p.total_q_angstrom < F::from_f64(PLANAR_Q_ANGSTROM) {
        return Ok(planar(changes));
    }
    let phase = |m: usize| p.mode(m).map(|x| x.phi_deg).ok_or(Error::TooFew("ring"));
    let (form, nearest, second, distance_deg, family) = match n {
        5 => {
            let (e, t) = lattice_offsets(phase(2)?, F::from_f64(36.0));
            let (f, a, b, d) = pick((Form::Envelope, e), (Form::Twist, t));
            (f, a, b, d, None)
        }
        6 => classify6(p, phase(2)?)?,
        8 => classify8(p)?,
        _ => {
            let theta = p.theta_deg.ok_or(Error::TooFew("ring"))?;
            let (lo, hi) = SEVEN_RING_OVERLAP_DEG;
            let by_theta = if theta < F::from_f64(SEVEN_RING_FAMILY_SPLIT_DEG) {
                Family::Chair
            } else {
                Family::Boat
            };
            let in_overlap = theta >= F::from_f64(lo) && theta <= F::from_f64(hi);
            let family = match (in_overlap, changes) {
                (true, 6) => Family::Chair,
                (true, 4) => Family::Boat,
                _ => by_theta,
            };
            let step = F::from_f64(SEVEN_RING_PHASE_STEP_DEG);
            let (m, cs, c2) = match family {
                Family::Chair => (3, Form::Chair, Form::TwistChair),
                Family::Boat => (2, Form::Boat, Form::TwistBoat),
            };
            let (d_cs, d_c2) = lattice_offsets(phase(m)?, step);
            let (f, a, b, d) = pick((cs, d_cs), (c2, d_c2));
            (f, a, b, d, Some(family))
        }
    };
    Ok(Classification {
        form,
        nearest,
        second,
        distance_deg,
        family,
        sign_changes: changes,
    })
}

type Picked<F> = (Option<Form>, Form, Form, F, Option<Family>);

/// 6-ring classification on the (θ, φ2) sphere (see [`classify`]).
fn classify6<F: Real>(p: &Pucker<F>, phi2: F) -> Result<Picked<F>> {
    let theta = p.theta_deg.ok_or(Error::TooFew("ring"))?;
    let (off0, off30) = lattice_offsets(phi2, F::from_f64(60.0));
    let upper = theta <= F::from_f64(90.0);
    // Both branches are constants, so neither path converts an f64 at run time.
    let mirror = |t: f64| {
        if upper {
            F::from_f64(t)
        } else {
            F::from_f64(180.0 - t)
        }
    };
    // Arc length (degrees) between (θ, Δφ) and (θc, 0) on the unit sphere.
    let arc = |tc: F, dphi: F| {
        let (t, tc, dp) = (theta.to_radians(), tc.to_radians(), dphi.to_radians());
        let c = t.cos() * tc.cos() + t.sin() * tc.sin() * dp.cos();
        c.max(-F::ONE).min(F::ONE).acos().to_degrees()
    };
    // θ of the envelope, arctan √2, and of the half-chair, arctan(√6/2) (pucker.md §6.1).
    let (e, h) = (54.735_610_317_245_35, 50.768_479_516_407_74);
    let candidates = [
        (Form::Chair, arc(mirror(0.0), F::ZERO)),
        (Form::Envelope, arc(mirror(e), off0)),
        (Form::HalfChair, arc(mirror(h), off30)),
        (Form::Boat, arc(F::from_f64(90.0), off0)),
        (Form::TwistBoat, arc(F::from_f64(90.0), off30)),
    ];
    let mut best = (Form::Chair, F::MAX);
    let mut next = (Form::Chair, F::MAX);
    for c in candidates {
        if c.1 < best.1 {
            next = best;
            best = c;
        } else if c.1 < next.1 {
            next = c;
        }
    }
    let (form, nearest, second, d) = pick(best, next);
    let family = match nearest {
        Form::Chair => Some(Family::Chair),
        Form::Boat | Form::TwistBoat => Some(Family::Boat),
        _ => None,
    };
    Ok((form, nearest, second, d, family))
}

/// Canonical 8-ring forms as (form, [q2 Å, φ2 °, q3 Å, φ3 °, q4 Å]); only the direction of the
/// amplitude vector matters ([`classify`]). Computed for this project, not quoted (Evans &
/// Boeyens, Acta Cryst. 1988, B44, 452, classify 8-rings on the same coordinates; their table
/// was not at hand):
///
/// * BC, TBC, TCC: the MMFF94 minima of cyclooctane (RDKit ETKDGv3 + MMFF94, records 2, 1 and 12
///   of `tests/data/identity/cyclooctane.sdf`, generated by `tests/bench/identity_reference.py`),
///   Cremer–Pople coordinates by the numpy peer `tests/bench/rdkit_cremer_pople.py`.
/// * Crown, chair, boat, boat-boat, twist-boat: from their point groups (Hendrickson, JACS 1967,
///   89, 7036). An S8 axis along the ring normal (crown, D4d) leaves only q4; an inversion
///   centre (chair, C2h) only q3; an S4 axis (boat and boat-boat, D2d) only q2. A mirror plane
///   through two opposite atoms puts φ on the 0° lattice (chair: φ3 = 0, as the boat-chair's
///   mirror plane it keeps when its boat end flips; boat: φ2 = 0), one through two opposite bonds
///   on the half-step (boat-boat: φ2 = 45°, atom pairs at equal heights); the twist-boat is the
///   S4 point midway on the pure-q2 circle (φ2 = 22.5°).
/// * CC: a C2 axis along the normal leaves q2 and q4 (q3 = 0), mirror planes through atoms put
///   φ2 on the 0° lattice; the amplitude ratio q2 : q4 is taken from the TCC minimum (the crown
///   family pseudorotates at nearly constant q2, q4) — an approximation.
pub const EIGHT_RING_TEMPLATES: [(Form, [f64; 5]); 9] = [
    (Form::BoatChair, [1.0136, 180.0, 0.6142, 180.0, 0.3523]),
    (
        Form::TwistBoatChair,
        [0.6866, 315.0, 0.8432, 337.5, -0.2505],
    ),
    (Form::TwistChairChair, [0.3505, 315.0, 0.0, 0.0, 0.8453]),
    (Form::ChairChair, [0.3505, 0.0, 0.0, 0.0, 0.8453]),
    (Form::Crown, [0.0, 0.0, 0.0, 0.0, 1.0]),
    (Form::Chair, [0.0, 0.0, 1.0, 0.0, 0.0]),
    (Form::Boat, [1.0, 0.0, 0.0, 0.0, 0.0]),
    (Form::BoatBoat, [1.0, 45.0, 0.0, 0.0, 0.0]),
    (Form::TwistBoat, [1.0, 22.5, 0.0, 0.0, 0.0]),
];

/// [`EIGHT_RING_TEMPLATES`] rounded to f32 at compile time (see [`Real::pick`]).
// Evaluated at compile time: an index out of range is a build error, never a run-time panic.
#[allow(clippy::indexing_slicing)]
const EIGHT_RING_TEMPLATES_F32: [[f32; 5]; 9] = {
    let mut out = [[0.0; 5]; 9];
    let mut i = 0;
    while i < out.len() {
        let mut m = 0;
        while m < 5 {
            out[i][m] = EIGHT_RING_TEMPLATES[i].1[m] as f32;
            m += 1;
        }
        i += 1;
    }
    out
};

/// Largest cosine of the arc between a ring's (q2, φ2, q3, φ3, q4) and a template's over the
/// template's 32 renumberings and mirror images (pucker.md §5: one atom later φ_m += 360°·m/8
/// and q4 → −q4; reversed direction φ_m → 180° − φ_m and q4 → −q4; mirror image z → −z,
/// φ_m += 180° and q4 → −q4).
///
/// The mirror image negates the whole dot product and the reversal maps it to minus the one of
/// φ_m + t_m, so the 32 cosines are ±(A cos(φ2 ∓ t2 − 90°k) + B cos(φ3 ∓ t3 − 135°k) +
/// C (−1)^k) for k = 0…7 and the largest is the largest absolute value of these 16 (A = q2 t_q2,
/// B = q3 t_q3, C = q4 t_q4), over the two norms. Written this way for code size (firmware).
fn best_cos8<F: Real>(q: [F; 5], t: [f64; 5], t32: [f32; 5]) -> F {
    let mut picked = [F::ZERO; 5];
    for ((p, &wide), &narrow) in picked.iter_mut().zip(&t).zip(&t32) {
        *p = F::pick(wide, narrow);
    }
    let t = picked;
    let norm = |v: [F; 5]| (v[0] * v[0] + v[2] * v[2] + v[4] * v[4]).sqrt();
    let (a, b, c) = (q[0] * t[0], q[2] * t[2], q[4] * t[4]);
    let (step2, step3) = (F::from_f64(90.0), F::from_f64(135.0));
    let (mut k, mut parity) = (F::ZERO, F::ONE);
    let mut best = F::ZERO;
    for _ in 0..8 {
        for s in [F::ONE, -F::ONE] {
            let d2 = (q[1] - s * t[1] - step2 * k).to_radians().cos();
            let d3 = (q[3] - s * t[3] - step3 * k).to_radians().cos();
            let v = (a * d2 + b * d3 + c * parity).abs();
            if v > best {
                best = v;
            }
        }
        k += F::ONE;
        parity = -parity;
    }
    best / (norm(q) * norm(t))
}

/// 8-ring classification against [`EIGHT_RING_TEMPLATES`] (see [`classify`]).
fn classify8<F: Real>(p: &Pucker<F>) -> Result<Picked<F>> {
    let m2 = p.mode(2).ok_or(Error::TooFew("ring"))?;
    let m3 = p.mode(3).ok_or(Error::TooFew("ring"))?;
    let q4 = p.q_half_angstrom.ok_or(Error::TooFew("ring"))?;
    let q = [m2.q_angstrom, m2.phi_deg, m3.q_angstrom, m3.phi_deg, q4];
    let mut best = (Form::BoatChair, F::MAX);
    let mut next = (Form::BoatChair, F::MAX);
    for ((form, t), t32) in EIGHT_RING_TEMPLATES
        .into_iter()
        .zip(EIGHT_RING_TEMPLATES_F32)
    {
        let c = best_cos8(q, t, t32).max(-F::ONE).min(F::ONE);
        let d = c.acos().to_degrees();
        if d < best.1 {
            next = best;
            best = (form, d);
        } else if d < next.1 {
            next = (form, d);
        }
    }
    let (form, nearest, second, d) = pick(best, next);
    Ok((form, nearest, second, d, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The basis table holds exactly libm's f64 cos and sin of 2πk/N.
    #[test]
    fn basis_table_is_libm_bit_for_bit() {
        for (row, n) in BASIS_BITS.iter().zip(MIN_RING..=MAX_RING) {
            for (k, &(c, s)) in row.iter().enumerate().take(n) {
                let a = 2.0 * core::f64::consts::PI * k as f64 / n as f64;
                assert_eq!(c, libm::cos(a).to_bits(), "cos N={n} k={k}");
                assert_eq!(s, libm::sin(a).to_bits(), "sin N={n} k={k}");
            }
        }
    }

    /// A ring with given out-of-plane displacements on a regular polygon of radius 1.5 Å.
    fn ring_from_z(z: &[f64]) -> Vec<Vec3<f64>> {
        let n = z.len() as f64;
        z.iter()
            .enumerate()
            .map(|(j, &zj)| {
                let a = 2.0 * core::f64::consts::PI * j as f64 / n;
                Vec3::new(1.5 * a.cos(), 1.5 * a.sin(), zj)
            })
            .collect()
    }

    #[test]
    fn sizes_and_degeneracy_are_errors_not_panics() {
        let four = ring_from_z(&[0.0; 4]);
        assert_eq!(cremer_pople(&four).err(), Some(Error::TooFew("ring")));
        let nine = ring_from_z(&[0.0; 9]);
        assert_eq!(
            cremer_pople(&nine).err(),
            Some(Error::CapacityExceeded("ring"))
        );
        let same = [Vec3::new(1.0, 1.0, 1.0); 6];
        assert_eq!(cremer_pople(&same).err(), Some(Error::Degenerate("ring")));
        let mut bad = ring_from_z(&[0.0; 6]);
        if let Some(p) = bad.get_mut(2) {
            p.y = f64::NAN;
        }
        assert_eq!(cremer_pople(&bad).err(), Some(Error::NonFinite("ring")));
    }

    #[test]
    fn pure_modes_land_on_their_canonical_phases() {
        // pucker.md §6.3 pure-mode check: z_j = cos(φ + 2πm j/N) gives φ_m = φ, and the
        // sign convention of §5: a counter-clockwise polygon has n = −z.
        let n = 7;
        for (m, phi, want) in [
            (3, 0.0, Form::Chair),
            (3, 360.0 / 14.0 / 2.0, Form::TwistChair),
            (2, 0.0, Form::Boat),
            (2, 360.0 / 14.0 / 2.0, Form::TwistBoat),
        ] {
            let z: Vec<f64> = (0..n)
                .map(|j| {
                    let a =
                        phi.to_radians() + 2.0 * core::f64::consts::PI * (m * j) as f64 / n as f64;
                    // n = −ẑ for this counter-clockwise ring, so z_j(CP) = −z(cartesian).
                    -0.6 * a.cos()
                })
                .collect();
            let ring = ring_from_z(&z);
            let p = cremer_pople(&ring).unwrap();
            let mode = p.mode(m).unwrap();
            assert!((mode.q_angstrom - 0.6 * (7.0_f64 / 2.0).sqrt()).abs() < 1e-12);
            let d = (mode.phi_deg - phi).abs();
            assert!(
                d < 1e-9 || (d - 360.0).abs() < 1e-9,
                "φ{m} = {}",
                mode.phi_deg
            );
            let t = endocyclic_torsions(&ring).unwrap();
            let c = classify(&p, t.as_slice()).unwrap();
            assert_eq!(c.form, Some(want), "{c:?} {p:?}");
        }
    }

    fn classified(z: &[f64]) -> (Classification<f64>, Pucker<f64>) {
        let ring = ring_from_z(z);
        let p = cremer_pople(&ring).unwrap();
        let t = endocyclic_torsions(&ring).unwrap();
        (classify(&p, t.as_slice()).unwrap(), p)
    }

    #[test]
    fn six_ring_canonical_forms_of_pucker_md() {
        // pucker.md §6.1: one atom out of the plane of the other five → envelope at
        // θ = arctan √2 = 54.74°; two adjacent atoms displaced oppositely → half-chair at
        // arctan(√6/2) = 50.77°; alternating → chair; atoms 1 and 4 up → boat.
        let (c, p) = classified(&[0.5, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let theta = p.theta_deg.unwrap();
        assert!((theta.min(180.0 - theta) - 54.735_610_317_245_35).abs() < 1e-9);
        assert_eq!(c.form, Some(Form::Envelope));
        let (c, p) = classified(&[0.4, -0.4, 0.0, 0.0, 0.0, 0.0]);
        let theta = p.theta_deg.unwrap();
        assert!((theta.min(180.0 - theta) - 50.768_479_516_407_74).abs() < 1e-9);
        assert_eq!(c.form, Some(Form::HalfChair));
        let (c, _) = classified(&[0.3, -0.3, 0.3, -0.3, 0.3, -0.3]);
        assert_eq!((c.form, c.family), (Some(Form::Chair), Some(Family::Chair)));
        let (c, _) = classified(&[0.5, -0.25, -0.25, 0.5, -0.25, -0.25]);
        assert_eq!((c.form, c.family), (Some(Form::Boat), Some(Family::Boat)));
        // Twist-boat: the pure m = 2 mode at φ2 = 30°.
        let tb: Vec<f64> = (0..6)
            .map(|j| {
                -0.5 * (30f64.to_radians() + 2.0 * core::f64::consts::PI * 2.0 * j as f64 / 6.0)
                    .cos()
            })
            .collect();
        let (c, _) = classified(&tb);
        assert_eq!(c.form, Some(Form::TwistBoat));
    }

    #[test]
    fn five_ring_envelope_and_twist() {
        // pucker.md §6.2: one atom out of plane → envelope (φ2 on the 36° lattice);
        // atoms 1 and 2 displaced oppositely → twist (φ2 = 18 + 36k).
        let (c, p) = classified(&[0.5, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(c.form, Some(Form::Envelope));
        assert!(c.distance_deg < 1e-9, "φ2 = {}", p.mode(2).unwrap().phi_deg);
        let (c, p) = classified(&[0.3, -0.3, 0.0, 0.0, 0.0]);
        assert_eq!(c.form, Some(Form::Twist));
        let phi = p.mode(2).unwrap().phi_deg;
        assert!((phi % 36.0 - 18.0).abs() < 1e-9, "φ2 = {phi}");
    }

    #[test]
    fn seven_ring_between_c_and_tc_is_intermediate_with_a_distance() {
        // Pure m = 3 at φ3 = 6.43° (the midpoint of C at 0° and TC at 12.86°): intermediate;
        // at 4.0° it is C, 4.0° from the ideal chair.
        for (phi, want, dist) in [
            (360.0 / 56.0, None, 360.0 / 56.0),
            (4.0, Some(Form::Chair), 4.0),
        ] {
            let z: Vec<f64> = (0..7)
                .map(|j| {
                    -0.6 * (phi.to_radians() + 2.0 * core::f64::consts::PI * 3.0 * j as f64 / 7.0)
                        .cos()
                })
                .collect();
            let (c, _) = classified(&z);
            assert_eq!(c.form, want);
            assert_eq!(c.family, Some(Family::Chair));
            assert!((c.distance_deg - dist).abs() < 1e-9, "{}", c.distance_deg);
            if want.is_none() {
                assert!(matches!(
                    (c.nearest, c.second),
                    (Form::Chair, Form::TwistChair) | (Form::TwistChair, Form::Chair)
                ));
            }
        }
    }

    /// An 8-ring with given Cremer–Pople coordinates (inverse of the formulas of pucker.md §2–§4:
    /// z_j = √(2/N) Σ q_m cos(φ_m + 2πmj/N) + q4 (−1)^j/√N), starting at atom `start`, mirrored
    /// (z → −z) on request. This counter-clockwise polygon has n = −ẑ, hence the minus sign.
    fn ring8(t: [f64; 5], start: usize, mirrored: bool) -> Vec<Vec3<f64>> {
        let n = 8.0_f64;
        let z: Vec<f64> = (0..8)
            .map(|i| {
                let j = ((i + start) % 8) as f64;
                let a = |m: f64, phi: f64| {
                    (phi.to_radians() + 2.0 * core::f64::consts::PI * m * j / n).cos()
                };
                let zc = (2.0 / n).sqrt() * (t[0] * a(2.0, t[1]) + t[2] * a(3.0, t[3]))
                    + t[4]
                        * if (i + start).is_multiple_of(2) {
                            1.0
                        } else {
                            -1.0
                        }
                        / n.sqrt();
                if mirrored {
                    zc
                } else {
                    -zc
                }
            })
            .collect();
        ring_from_z(&z)
    }

    #[test]
    fn eight_ring_templates_classify_as_themselves_in_any_numbering_and_mirror_image() {
        for (form, t) in EIGHT_RING_TEMPLATES {
            for start in 0..8 {
                for mirrored in [false, true] {
                    let ring = ring8(t, start, mirrored);
                    let p = cremer_pople(&ring).unwrap();
                    let tors = endocyclic_torsions(&ring).unwrap();
                    let c = classify(&p, tors.as_slice()).unwrap();
                    assert_eq!(c.form, Some(form), "{form:?} start {start} {c:?}");
                    assert!(c.distance_deg < 1e-4, "{form:?}: {}", c.distance_deg);
                    assert_eq!(c.family, None);
                    // Reversed direction: the same ring read backwards.
                    let rev: Vec<Vec3<f64>> = ring.iter().rev().copied().collect();
                    let p = cremer_pople(&rev).unwrap();
                    let tors = endocyclic_torsions(&rev).unwrap();
                    let c = classify(&p, tors.as_slice()).unwrap();
                    assert_eq!(c.form, Some(form), "{form:?} reversed");
                    // f32 (firmware) path.
                    let r32: Vec<Vec3<f32>> = ring
                        .iter()
                        .map(|v| Vec3::new(v.x as f32, v.y as f32, v.z as f32))
                        .collect();
                    let p = cremer_pople(&r32).unwrap();
                    let tors = endocyclic_torsions(&r32).unwrap();
                    let c = classify(&p, tors.as_slice()).unwrap();
                    assert_eq!(c.form, Some(form), "{form:?} f32");
                    // The arc comes from a cosine built with the f32 path's cos: libm's is good
                    // to 3e-8, micromath's to 1.09e-3 absolute (core/README.md). An error δ in a
                    // cosine near 1 moves its arc by up to √(2δ) rad, with δ ≤ 2 × 1.09e-3 here.
                    let bound = if cfg!(feature = "micromath") {
                        (2.0f32 * 2.0 * 1.09e-3).sqrt().to_degrees()
                    } else {
                        0.1
                    };
                    assert!(c.distance_deg < bound, "{form:?} f32: {}", c.distance_deg);
                }
            }
        }
    }

    #[test]
    fn eight_ring_symmetry_constraints_of_the_templates() {
        // Point-group constraints stated in EIGHT_RING_TEMPLATES: the crown (S8) has only q4,
        // the chair (inversion) only q3, the boat forms (S4) only q2; TCC and CC (C2 along the
        // normal) have q3 = 0. Checked on the built rings, so the inverse transform is tested too.
        for (form, t) in EIGHT_RING_TEMPLATES {
            let p = cremer_pople(&ring8(t, 0, false)).unwrap();
            let (q2, q3) = (p.mode(2).unwrap().q_angstrom, p.mode(3).unwrap().q_angstrom);
            let q4 = p.q_half_angstrom.unwrap();
            let norm = (t[0] * t[0] + t[2] * t[2] + t[4] * t[4]).sqrt();
            assert!((p.total_q_angstrom - norm).abs() < 1e-9, "{form:?}");
            assert!(
                (q2 - t[0]).abs() < 1e-9 && (q3 - t[2]).abs() < 1e-9,
                "{form:?}"
            );
            assert!((q4 - t[4]).abs() < 1e-9, "{form:?}");
            match form {
                Form::Crown => assert!(q2 < 1e-9 && q3 < 1e-9),
                Form::Chair => assert!(q2 < 1e-9 && q4.abs() < 1e-9),
                Form::Boat | Form::BoatBoat | Form::TwistBoat => {
                    assert!(q3 < 1e-9 && q4.abs() < 1e-9)
                }
                Form::ChairChair | Form::TwistChairChair => assert!(q3 < 1e-9),
                _ => {}
            }
        }
    }

    #[test]
    fn eight_ring_midway_between_boat_and_twist_boat_is_intermediate() {
        // Pure q2 at φ2 = 11.25°: equidistant from B (0°) and TB (22.5°), 11.25° of arc from each.
        let (c, _) = {
            let ring = ring8([1.0, 11.25, 0.0, 0.0, 0.0], 0, false);
            let p = cremer_pople(&ring).unwrap();
            let t = endocyclic_torsions(&ring).unwrap();
            (classify(&p, t.as_slice()).unwrap(), p)
        };
        assert_eq!(c.form, None);
        assert!(matches!(
            (c.nearest, c.second),
            (Form::Boat, Form::TwistBoat) | (Form::TwistBoat, Form::Boat)
        ));
        assert!((c.distance_deg - 11.25).abs() < 1e-6, "{}", c.distance_deg);
        // At φ2 = 5°: a boat, 5° of arc away.
        let ring = ring8([1.0, 5.0, 0.0, 0.0, 0.0], 3, true);
        let p = cremer_pople(&ring).unwrap();
        let t = endocyclic_torsions(&ring).unwrap();
        let c = classify(&p, t.as_slice()).unwrap();
        assert_eq!(c.form, Some(Form::Boat));
        assert!((c.distance_deg - 5.0).abs() < 1e-6, "{}", c.distance_deg);
    }

    #[test]
    fn planar_ring_has_zero_amplitude() {
        let ring = ring_from_z(&[0.0; 7]);
        let p = cremer_pople(&ring).unwrap();
        assert_eq!(p.total_q_angstrom, 0.0);
        assert!(!p.mode(2).unwrap().phase_defined());
        let t = endocyclic_torsions(&ring).unwrap();
        assert_eq!(classify(&p, t.as_slice()).unwrap().form, Some(Form::Planar));
    }

    #[test]
    fn sign_changes_of_the_canonical_templates() {
        // Torsion patterns of pucker.md §6.3 (C, TC: 6; B, TB: 4).
        let c = [0.0, 66.6, -84.3, 64.8, -64.8, 84.3, -66.6];
        let tc = [39.3, -88.9, 73.1, -55.0, 73.1, -88.9, 39.4];
        let b = [0.0, 69.4, -31.2, -55.1, 54.8, 32.2, -69.8];
        let tb = [62.9, -43.9, -43.9, 62.9, 17.2, -72.1, 17.2];
        assert_eq!(sign_changes(&c), 6);
        assert_eq!(sign_changes(&tc), 6);
        assert_eq!(sign_changes(&b), 4);
        assert_eq!(sign_changes(&tb), 4);
        assert_eq!(sign_changes::<f64>(&[0.0; 7]), 0);
    }
}
