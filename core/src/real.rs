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

    /// Nearest representable value of an `f64`.
    fn from_f64(x: f64) -> Self;
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

    #[inline]
    fn from_f64(x: f64) -> Self {
        x
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
        libm::sinf(x)
    }
    pub fn cos(x: f32) -> f32 {
        libm::cosf(x)
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

    #[inline]
    fn from_f64(x: f64) -> Self {
        x as f32
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
