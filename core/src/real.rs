//! The one float abstraction of the core: every numeric routine is written once, generic over
//! [`Real`], and instantiated as `f64` (reference path, `libm`) or `f32` (firmware path).

use core::fmt::{Debug, Display};
use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A real floating-point scalar: `f64` (reference) or `f32` (firmware fast path).
///
/// Constants of the physics live in [`crate::constants`] as `f64` and enter generic code through
/// [`Real::from_f64`], so both paths share one implementation and one set of constants.
pub trait Real:
    Copy
    + Default
    + Debug
    + Display
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// 2.
    const TWO: Self;
    /// 1/2.
    const HALF: Self;
    /// π.
    const PI: Self;
    /// Machine epsilon of the type.
    const EPSILON: Self;
    /// Largest finite value.
    const MAX: Self;
    /// Smallest positive normal value (below it a number carries too few significant bits).
    const MIN_POSITIVE: Self;
    /// Bits of the significand, the implicit one included (f64: 53, f32: 24): every integer up
    /// to 2^MANTISSA_DIGITS is exact.
    const MANTISSA_DIGITS: u32;
    /// Largest e with 10^e exact in the type (f64: 22, f32: 10; 5^e < 2^MANTISSA_DIGITS).
    const EXACT_POW10: u32;

    /// Nearest representable value of an `f64`.
    fn from_f64(x: f64) -> Self;
    /// A constant given in both precisions (a table rounded to `f32` at compile time): the f32
    /// path then converts nothing at run time, since turning an `f64` into an `f32` is a
    /// software-double call on a single-precision FPU.
    fn pick(wide: f64, narrow: f32) -> Self;
    /// Widening (or identity) conversion to `f64`.
    fn to_f64(self) -> f64;
    /// Nearest representable value of a count.
    fn from_usize(n: usize) -> Self;
    /// e^x.
    fn exp(self) -> Self;
    /// Natural logarithm.
    fn ln(self) -> Self;
    /// Base-10 logarithm.
    fn log10(self) -> Self;
    /// Square root.
    fn sqrt(self) -> Self;
    /// x^y.
    fn powf(self, y: Self) -> Self;
    /// Sine (radians).
    fn sin(self) -> Self;
    /// Cosine (radians).
    fn cos(self) -> Self;
    /// Four-quadrant arctangent of `self / x` (radians, in [−π, π]).
    fn atan2(self, x: Self) -> Self;
    /// Arccosine (radians, in [0, π]); input outside [−1, 1] gives NaN.
    fn acos(self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// True unless NaN or ±∞.
    fn is_finite(self) -> bool;
    /// Smaller of two values (NaN-ignoring, as `fmin`).
    fn min(self, other: Self) -> Self;
    /// Larger of two values (NaN-ignoring, as `fmax`).
    fn max(self, other: Self) -> Self;
    /// Degrees from radians.
    fn to_degrees(self) -> Self {
        self * Self::from_f64(180.0 / core::f64::consts::PI)
    }
    /// Radians from degrees.
    fn to_radians(self) -> Self {
        self * Self::from_f64(core::f64::consts::PI / 180.0)
    }
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const TWO: Self = 2.0;
    const HALF: Self = 0.5;
    const PI: Self = core::f64::consts::PI;
    const EPSILON: Self = f64::EPSILON;
    const MAX: Self = f64::MAX;
    const MIN_POSITIVE: Self = f64::MIN_POSITIVE;
    const MANTISSA_DIGITS: u32 = f64::MANTISSA_DIGITS;
    const EXACT_POW10: u32 = 22;

    #[inline]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline]
    fn pick(wide: f64, _: f32) -> Self {
        wide
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline]
    fn from_usize(n: usize) -> Self {
        n as f64
    }
    #[inline]
    fn exp(self) -> Self {
        libm::exp(self)
    }
    #[inline]
    fn ln(self) -> Self {
        libm::log(self)
    }
    #[inline]
    fn log10(self) -> Self {
        libm::log10(self)
    }
    #[inline]
    fn sqrt(self) -> Self {
        libm::sqrt(self)
    }
    #[inline]
    fn powf(self, y: Self) -> Self {
        libm::pow(self, y)
    }
    #[inline]
    fn sin(self) -> Self {
        libm::sin(self)
    }
    #[inline]
    fn cos(self) -> Self {
        libm::cos(self)
    }
    #[inline]
    fn atan2(self, x: Self) -> Self {
        libm::atan2(self, x)
    }
    #[inline]
    fn acos(self) -> Self {
        libm::acos(self)
    }
    #[inline]
    fn abs(self) -> Self {
        libm::fabs(self)
    }
    #[inline]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    #[inline]
    fn min(self, other: Self) -> Self {
        libm::fmin(self, other)
    }
    #[inline]
    fn max(self, other: Self) -> Self {
        libm::fmax(self, other)
    }
}

/// Transcendental functions of the f32 path. With the `micromath` feature the fast
/// approximations are used; without it, `libm`'s correctly rounded-ish f32 versions.
#[cfg(not(feature = "micromath"))]
mod f32_math {
    pub fn exp(x: f32) -> f32 {
        libm::expf(x)
    }
    pub fn ln(x: f32) -> f32 {
        libm::logf(x)
    }
    pub fn sqrt(x: f32) -> f32 {
        libm::sqrtf(x)
    }
    pub fn atan2(y: f32, x: f32) -> f32 {
        libm::atan2f(y, x)
    }
    pub fn sin(x: f32) -> f32 {
        super::octant::sin_cos(x).0
    }
    pub fn cos(x: f32) -> f32 {
        super::octant::sin_cos(x).1
    }
}

/// sin and cos of an `f32` in `f32` arithmetic only. libm's `sinf`/`cosf` reduce the argument and
/// evaluate their kernels in `f64`, which a Cortex-M4F (single-precision FPU) or M0 runs as
/// software double. The algorithm is Cephes' single-precision `sinf`/`cosf` (S. L. Moshier,
/// Cephes Math Library 2.2): the octant j = round-to-even-octant(x·4/π), x reduced by jπ/4 in
/// three parts (Cody–Waite: DP1 + DP2 + DP3 = π/4, DP1 and DP2 exact in few bits), then a degree-7
/// sine or degree-8 cosine polynomial on [−π/4, π/4]. Measured against libm's f64 (test
/// `octant::tests::within_two_ulp_of_libm_f64`): absolute error 7.5e-8 for |x| ≤ 8192, against
/// 3.0e-8 for libm's `sinf` (which rounds an f64 result). Beyond 8192 the reduction loses digits
/// (absolute error up to about |x|·2⁻²⁴); the core passes angles of a few turns only.
#[cfg(any(test, not(feature = "micromath")))]
#[cfg_attr(feature = "micromath", allow(dead_code))] // compiled for its test only
mod octant {
    const FOUR_OVER_PI: f32 = 1.273_239_5;
    const DP1: f32 = 0.785_156_25;
    const DP2: f32 = 2.418_756_5e-4;
    const DP3: f32 = 3.774_895e-8;
    /// Largest |x| reduced in three parts (Cephes' `lossth`).
    const THREE_PART_LIMIT: f32 = 8192.0;
    /// Largest |x| whose octant fits the 24-bit significand.
    const OCTANT_LIMIT: f32 = 16_777_215.0;

    /// (sin x, cos x); NaN for NaN and ±∞, (0, 1)·sign beyond 2²⁴ (no digits left).
    pub fn sin_cos(x: f32) -> (f32, f32) {
        if !x.is_finite() {
            return (f32::NAN, f32::NAN);
        }
        let a = if x < 0.0 { -x } else { x };
        if a > OCTANT_LIMIT {
            return (0.0, 1.0);
        }
        let mut j = (a * FOUR_OVER_PI) as u32;
        let mut y = j as f32;
        if j & 1 == 1 {
            j += 1;
            y += 1.0;
        }
        let r = if a > THREE_PART_LIMIT {
            a - y * (DP1 + DP2 + DP3)
        } else {
            ((a - y * DP1) - y * DP2) - y * DP3
        };
        let z = r * r;
        let s = ((-1.951_529_6e-4 * z + 8.332_161e-3) * z - 1.666_665_5e-1) * z * r + r;
        let c =
            ((2.443_315_7e-5 * z - 1.388_731_6e-3) * z + 4.166_664_6e-2) * z * z - 0.5 * z + 1.0;
        // Octant (mod 8) of the reduced argument: sin and cos of r + jπ/4, j even.
        let (sin_a, cos_a) = match j & 7 {
            0 => (s, c),
            2 => (c, -s),
            4 => (-s, -c),
            _ => (-c, s),
        };
        (if x < 0.0 { -sin_a } else { sin_a }, cos_a)
    }

    #[cfg(test)]
    mod tests {
        use super::sin_cos;

        /// Against libm's f64 sin and cos on 2·10⁶ arguments in [−8192, 8192] (denser near 0):
        /// within 1e-7 absolute (measured 7.5e-8, 1.3 ulp of values in [0.5, 1)); NaN in, NaN out.
        #[test]
        fn within_two_ulp_of_libm_f64() {
            let mut worst = 0.0_f64;
            for i in 0..2_000_000_u32 {
                let t = f64::from(i) / 2e6 * 2.0 - 1.0;
                let x = (t * t * t * 8192.0) as f32;
                let (s, c) = sin_cos(x);
                let x64 = f64::from(x);
                let e = (f64::from(s) - libm::sin(x64))
                    .abs()
                    .max((f64::from(c) - libm::cos(x64)).abs());
                worst = worst.max(e);
            }
            std::println!("sin_cos: worst absolute error {worst:e}");
            assert!(worst <= 1e-7, "worst {worst:e}");
            assert!(worst > 0.0, "compared against something");
            assert!(sin_cos(f32::NAN).0.is_nan() && sin_cos(f32::INFINITY).1.is_nan());
        }
    }
}

/// The micromath choices, measured against libm's f64 in `tests/tests/f32_accuracy.rs`
/// (`primitive_table`; figures in `core/README.md`):
///
/// * `exp`: micromath's relative error is 7.5e-4 for x ≥ 0 but 2.4e-3 for x < 0 (too much for
///   populations within 1e-3), so e^x = 1/e^{−x} for x < 0; outside (−88, 88) and for NaN, libm.
/// * `ln`: micromath's absolute error is 7e-5 for x ≥ 1 but 0.118 for x < 1 (0.1 kcal/mol in a
///   barrier), so ln x = −ln(1/x) for x < 1; zero, subnormal, negative, ∞ and NaN go to libm
///   (micromath gives ln 0 = −88, ln −1 = 6.5).
/// * `atan2`: micromath (max 0.16°) on arguments scaled by max(|x|, |y|), since it returns NaN
///   for (0, 0) and for both arguments below ~1e-19 or above ~1e19; those cases go to libm.
/// * `sin`, `cos`: micromath (absolute error 1.1e-3 for |x| ≤ 7; grows for large arguments,
///   which the core never passes).
/// * `sqrt`: libm. micromath's is a bit-trick estimate with relative error up to 6 % (√2 → 1.5
///   turns the Gutowsky–Holm k_c 88.86 s⁻¹ into 83.78 s⁻¹); on an FPU with VSQRT, libm's is one
///   instruction anyway.
/// * `acos` (micromath 1.7°) and `powf` (micromath 16 % relative): libm, in `impl Real for f32`.
#[cfg(feature = "micromath")]
mod f32_math {
    use micromath::F32Ext;
    /// Largest argument micromath's exp takes without overflowing to NaN (exp(89) is NaN there).
    const EXP_LIMIT: f32 = 88.0;
    pub fn exp(x: f32) -> f32 {
        if (0.0..EXP_LIMIT).contains(&x) {
            F32Ext::exp(x)
        } else if x < 0.0 && x > -EXP_LIMIT {
            1.0 / F32Ext::exp(-x)
        } else {
            libm::expf(x)
        }
    }
    pub fn ln(x: f32) -> f32 {
        if (1.0..=f32::MAX).contains(&x) {
            F32Ext::ln(x)
        } else if (f32::MIN_POSITIVE..1.0).contains(&x) {
            -F32Ext::ln(1.0 / x)
        } else {
            libm::logf(x)
        }
    }
    pub fn sqrt(x: f32) -> f32 {
        libm::sqrtf(x)
    }
    pub fn atan2(y: f32, x: f32) -> f32 {
        let m = libm::fmaxf(libm::fabsf(x), libm::fabsf(y));
        if (f32::MIN_POSITIVE..=f32::MAX).contains(&m) {
            F32Ext::atan2(y / m, x / m)
        } else {
            libm::atan2f(y, x)
        }
    }
    pub fn sin(x: f32) -> f32 {
        F32Ext::sin(x)
    }
    pub fn cos(x: f32) -> f32 {
        F32Ext::cos(x)
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const TWO: Self = 2.0;
    const HALF: Self = 0.5;
    const PI: Self = core::f32::consts::PI;
    const EPSILON: Self = f32::EPSILON;
    const MAX: Self = f32::MAX;
    const MIN_POSITIVE: Self = f32::MIN_POSITIVE;
    const MANTISSA_DIGITS: u32 = f32::MANTISSA_DIGITS;
    const EXACT_POW10: u32 = 10;

    #[inline]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn pick(_: f64, narrow: f32) -> Self {
        narrow
    }
    #[inline]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline]
    fn from_usize(n: usize) -> Self {
        n as f32
    }
    #[inline]
    fn exp(self) -> Self {
        f32_math::exp(self)
    }
    #[inline]
    fn ln(self) -> Self {
        f32_math::ln(self)
    }
    #[inline]
    fn log10(self) -> Self {
        f32_math::ln(self) * core::f32::consts::LOG10_E
    }
    #[inline]
    fn sqrt(self) -> Self {
        f32_math::sqrt(self)
    }
    #[inline]
    fn powf(self, y: Self) -> Self {
        libm::powf(self, y)
    }
    #[inline]
    fn sin(self) -> Self {
        f32_math::sin(self)
    }
    #[inline]
    fn cos(self) -> Self {
        f32_math::cos(self)
    }
    #[inline]
    fn atan2(self, x: Self) -> Self {
        f32_math::atan2(self, x)
    }
    #[inline]
    fn acos(self) -> Self {
        libm::acosf(self)
    }
    #[inline]
    fn abs(self) -> Self {
        libm::fabsf(self)
    }
    #[inline]
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
    #[inline]
    fn min(self, other: Self) -> Self {
        libm::fminf(self, other)
    }
    #[inline]
    fn max(self, other: Self) -> Self {
        libm::fmaxf(self, other)
    }
}
