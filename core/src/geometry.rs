//! Cartesian geometry of molecules: 3-vectors, distances (Å), bond angles and torsions (degrees,
//! IUPAC sign convention), and the optimal-superposition RMSD of two conformers.
//!
//! Torsion sign (IUPAC 1996, "Basic terminology of stereochemistry", torsion angle): looking along
//! B→C, the torsion A–B–C–D is positive when the bond A–B must be turned **clockwise** by less
//! than 180° to eclipse C–D. Computed as atan2(|b₂| b₁·(b₂×b₃), (b₁×b₂)·(b₂×b₃)) with
//! b₁ = B−A, b₂ = C−B, b₃ = D−C (Blondel & Karplus, J. Comput. Chem. 1996, 17, 1132).

use crate::error::finite;
use crate::{Error, Real, Result};
use core::ops::{Add, Mul, Sub};

/// A Cartesian 3-vector (position or displacement, Å).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Vec3<F> {
    /// x, Å.
    pub x: F,
    /// y, Å.
    pub y: F,
    /// z, Å.
    pub z: F,
}

impl<F: Real> Vec3<F> {
    /// The vector (x, y, z).
    pub const fn new(x: F, y: F, z: F) -> Self {
        Self { x, y, z }
    }
    /// The zero vector.
    pub const ZERO: Self = Self::new(F::ZERO, F::ZERO, F::ZERO);
    /// Scalar product a·b.
    pub fn dot(self, o: Self) -> F {
        self.x * o.x + self.y * o.y + self.z * o.z
    }
    /// Vector product a×b.
    pub fn cross(self, o: Self) -> Self {
        Self::new(
            self.y * o.z - self.z * o.y,
            self.z * o.x - self.x * o.z,
            self.x * o.y - self.y * o.x,
        )
    }
    /// Euclidean length |a|.
    pub fn norm(self) -> F {
        self.dot(self).sqrt()
    }
    /// Multiplication by a scalar.
    pub fn scale(self, s: F) -> Self {
        Self::new(self.x * s, self.y * s, self.z * s)
    }
    /// True when all three components are finite.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite() && self.z.is_finite()
    }
    /// The vector converted from `f64` components (e.g. coordinates read by the host).
    pub fn from_f64(v: [f64; 3]) -> Self {
        let [x, y, z] = v;
        Self::new(F::from_f64(x), F::from_f64(y), F::from_f64(z))
    }
}

impl<F: Real> Add for Vec3<F> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl<F: Real> Sub for Vec3<F> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl<F: Real> Mul<F> for Vec3<F> {
    type Output = Self;
    fn mul(self, s: F) -> Self {
        self.scale(s)
    }
}

/// `p` if all components are finite, else [`Error::NonFinite`] naming `name`.
pub(crate) fn finite_point<F: Real>(p: Vec3<F>, name: &'static str) -> Result<Vec3<F>> {
    finite(p.x, name)?;
    finite(p.y, name)?;
    finite(p.z, name)?;
    Ok(p)
}

/// Distance |a − b|, Å.
pub fn distance<F: Real>(a: Vec3<F>, b: Vec3<F>) -> Result<F> {
    let d = finite_point(a, "a")? - finite_point(b, "b")?;
    Ok(d.norm())
}

/// Bond angle a–b–c at `b`, degrees in [0, 180].
///
/// θ = atan2(|u×v|, u·v) with u = a − b, v = c − b (stable near 0° and 180°, unlike acos).
/// Coincident points are [`Error::Degenerate`].
pub fn angle_deg<F: Real>(a: Vec3<F>, b: Vec3<F>, c: Vec3<F>) -> Result<F> {
    let u = finite_point(a, "a")? - finite_point(b, "b")?;
    let v = finite_point(c, "c")? - b;
    if u.norm() == F::ZERO || v.norm() == F::ZERO {
        return Err(Error::Degenerate("angle"));
    }
    Ok(u.cross(v).norm().atan2(u.dot(v)).to_degrees())
}

/// Torsion angle a–b–c–d about the bond b–c, degrees in (−180, 180], IUPAC sign (module docs).
///
/// Three collinear consecutive points leave the torsion undefined: [`Error::Degenerate`].
///
/// ```
/// use ringflux_core::geometry::{torsion_deg, Vec3};
/// let p = |x, y, z| Vec3::new(x, y, z);
/// // A synclinal (gauche) arrangement turned clockwise: +60°.
/// let (c, s) = (0.5_f64, 0.75_f64.sqrt());
/// let t = torsion_deg(p(1.0, 0.0, 0.0), p(0.0, 0.0, 0.0), p(0.0, 0.0, 1.0), p(c, s, 1.0)).unwrap();
/// assert!((t - 60.0).abs() < 1e-12);
/// ```
pub fn torsion_deg<F: Real>(a: Vec3<F>, b: Vec3<F>, c: Vec3<F>, d: Vec3<F>) -> Result<F> {
    let b1 = finite_point(b, "b")? - finite_point(a, "a")?;
    let b2 = finite_point(c, "c")? - b;
    let b3 = finite_point(d, "d")? - c;
    let n1 = b1.cross(b2);
    let n2 = b2.cross(b3);
    if n1.norm() == F::ZERO || n2.norm() == F::ZERO {
        return Err(Error::Degenerate("torsion"));
    }
    let y = b2.norm() * b1.dot(n2);
    let x = n1.dot(n2);
    let t = y.atan2(x).to_degrees();
    // atan2 returns [−180, 180]; fold −180 onto +180 so the range is (−180, 180].
    Ok(if t <= F::from_f64(-180.0) {
        F::from_f64(180.0)
    } else {
        t
    })
}

/// Centroid (1/n) Σ pᵢ of a non-empty point set.
pub fn centroid<F: Real>(points: &[Vec3<F>]) -> Result<Vec3<F>> {
    if points.is_empty() {
        return Err(Error::Empty("points"));
    }
    let mut s = Vec3::ZERO;
    for &p in points {
        s = s + finite_point(p, "points")?;
    }
    Ok(s.scale(F::ONE / F::from_usize(points.len())))
}

/// Root-mean-square deviation of two conformers after optimal superposition, Å.
///
/// RMSD = sqrt(max(0, (G_a + G_b − 2 λ_max) / n)), where G = Σ|pᵢ − centroid|² and λ_max is the
/// largest eigenvalue of Horn's 4×4 quaternion key matrix, found as the largest root of its
/// characteristic polynomial by Newton iteration from (G_a + G_b)/2 — the QCP method of
/// Theobald (Acta Cryst. 2005, A61, 478) with the coefficients of Liu, Agrafiotis & Theobald
/// (J. Comput. Chem. 2010, 31, 1561). This equals the Kabsch (1976) minimum over proper
/// rotations. Points correspond by index; no atom permutation is tried.
pub fn superposed_rmsd<F: Real>(a: &[Vec3<F>], b: &[Vec3<F>]) -> Result<F> {
    if a.len() != b.len() {
        return Err(Error::LengthMismatch("b"));
    }
    let ca = centroid(a)?;
    let cb = centroid(b)?;
    // Inner products and the 3×3 correlation matrix M = Σ (aᵢ−ca)(bᵢ−cb)ᵀ.
    let (mut ga, mut gb) = (F::ZERO, F::ZERO);
    let mut m = [[F::ZERO; 3]; 3];
    for (&pa, &pb) in a.iter().zip(b) {
        let u = pa - ca;
        let v = finite_point(pb, "b")? - cb;
        ga += u.dot(u);
        gb += v.dot(v);
        let (ur, vr) = ([u.x, u.y, u.z], [v.x, v.y, v.z]);
        for (row, &ui) in m.iter_mut().zip(&ur) {
            for (cell, &vj) in row.iter_mut().zip(&vr) {
                *cell += ui * vj;
            }
        }
    }
    let [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = m;
    // Horn's traceless key matrix K; its characteristic polynomial is
    // λ⁴ + c2 λ² + c1 λ + c0 with c2 = −2 Σ S_ij², c1 = −8 det S, c0 = det K.
    let k = [
        [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
        [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
        [szx - sxz, sxy + syx, syy - sxx - szz, syz + szy],
        [sxy - syx, szx + sxz, syz + szy, szz - sxx - syy],
    ];
    let two = F::TWO;
    let mut sum_sq = F::ZERO;
    for row in &m {
        for &s in row {
            sum_sq += s * s;
        }
    }
    let c2 = -two * sum_sq;
    let det_s = sxx * (syy * szz - syz * szy) - sxy * (syx * szz - syz * szx)
        + sxz * (syx * szy - syy * szx);
    let c1 = -F::from_f64(8.0) * det_s;
    let c0 = det4(&k);
    // Newton iteration for the largest root of λ⁴ + c2 λ² + c1 λ + c0 from its upper bound.
    let e0 = (ga + gb) * F::HALF;
    let mut lambda = e0;
    let tol = F::EPSILON * F::from_f64(16.0) * e0.max(F::ONE);
    for _ in 0..100 {
        let x2 = lambda * lambda;
        let b = (x2 + c2) * lambda;
        let aa = b + c1;
        let f = aa * lambda + c0;
        let df = two * x2 * lambda + b + aa;
        if df == F::ZERO {
            break;
        }
        let step = f / df;
        lambda -= step;
        if step.abs() <= tol {
            break;
        }
    }
    let msd = ((ga + gb - two * lambda) / F::from_usize(a.len())).max(F::ZERO);
    Ok(msd.sqrt())
}

/// Determinant of a 4×4 matrix by expansion in 2×2 minors of the first two rows.
fn det4<F: Real>(k: &[[F; 4]; 4]) -> F {
    let [[a0, a1, a2, a3], [b0, b1, b2, b3], [c0, c1, c2, c3], [d0, d1, d2, d3]] = *k;
    let s0 = a0 * b1 - a1 * b0;
    let s1 = a0 * b2 - a2 * b0;
    let s2 = a0 * b3 - a3 * b0;
    let s3 = a1 * b2 - a2 * b1;
    let s4 = a1 * b3 - a3 * b1;
    let s5 = a2 * b3 - a3 * b2;
    let t5 = c2 * d3 - c3 * d2;
    let t4 = c1 * d3 - c3 * d1;
    let t3 = c1 * d2 - c2 * d1;
    let t2 = c0 * d3 - c3 * d0;
    let t1 = c0 * d2 - c2 * d0;
    let t0 = c0 * d1 - c1 * d0;
    s0 * t5 - s1 * t4 + s2 * t3 + s3 * t2 - s4 * t1 + s5 * t0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64, z: f64) -> Vec3<f64> {
        Vec3::new(x, y, z)
    }

    #[test]
    fn torsion_signs_follow_iupac() {
        // Eclipsed = 0, antiperiplanar = 180, and the mirror image flips the sign.
        let (a, b, c) = (p(1.0, 0.0, 0.0), p(0.0, 0.0, 0.0), p(0.0, 0.0, 1.0));
        assert!(torsion_deg(a, b, c, p(1.0, 0.0, 1.0)).unwrap().abs() < 1e-12);
        assert!((torsion_deg(a, b, c, p(-1.0, 0.0, 1.0)).unwrap() - 180.0).abs() < 1e-12);
        // Looking from b to c (along +z, +y up) +x appears on the left: a at 9 o'clock, d at +y
        // at 12 o'clock is reached clockwise, +90; d at −y is −90.
        assert!((torsion_deg(a, b, c, p(0.0, 1.0, 1.0)).unwrap() - 90.0).abs() < 1e-12);
        assert!((torsion_deg(a, b, c, p(0.0, -1.0, 1.0)).unwrap() + 90.0).abs() < 1e-12);
        assert_eq!(
            torsion_deg(a, b, p(2.0, 0.0, 0.0), p(0.0, 1.0, 1.0)),
            Err(Error::Degenerate("torsion"))
        );
    }

    #[test]
    fn angles_and_distances() {
        let a = angle_deg(p(1.0, 0.0, 0.0), p(0.0, 0.0, 0.0), p(0.0, 2.0, 0.0)).unwrap();
        assert!((a - 90.0).abs() < 1e-12);
        assert!((distance(p(0.0, 0.0, 0.0), p(3.0, 4.0, 0.0)).unwrap() - 5.0).abs() < 1e-15);
        assert_eq!(
            angle_deg(p(0.0, 0.0, 0.0), p(0.0, 0.0, 0.0), p(1.0, 0.0, 0.0)),
            Err(Error::Degenerate("angle"))
        );
    }

    #[test]
    fn rmsd_of_a_rotated_copy_is_zero_and_of_a_mirror_is_not() {
        let a = [
            p(0.0, 0.0, 0.0),
            p(1.5, 0.0, 0.0),
            p(2.0, 1.4, 0.0),
            p(1.0, 2.0, 1.2),
            p(-0.3, 1.1, 0.7),
        ];
        // Rotation by 90° about z plus a translation.
        let b: [Vec3<f64>; 5] = a.map(|v| p(-v.y + 3.0, v.x - 1.0, v.z + 0.5));
        assert!(superposed_rmsd(&a, &b).unwrap() < 1e-7);
        // A mirror image is not superposable by a proper rotation.
        let m: [Vec3<f64>; 5] = a.map(|v| p(v.x, v.y, -v.z));
        assert!(superposed_rmsd(&a, &m).unwrap() > 0.1);
        // Without rotation, a plain shift of one atom by 1 Å among 5 gives sqrt(1/5·(4/5)).
        let mut s = a;
        if let Some(q) = s.get_mut(0) {
            q.z += 1.0;
        }
        let r = superposed_rmsd(&a, &s).unwrap();
        assert!(r > 0.0 && r <= (0.2_f64).sqrt() + 1e-12);
    }
}
