//! The core's one error type: small, `Copy`, allocation-free, and naming the bad parameter.

use crate::Real;
use core::fmt;

/// What was wrong with an input, and which parameter (by its documented name, e.g. `"tc_k"`).
///
/// Every fallible function of the core returns this instead of panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Error {
    /// The parameter is NaN or ±∞.
    NonFinite(&'static str),
    /// The parameter must be strictly positive.
    NotPositive(&'static str),
    /// The parameter must not be negative.
    Negative(&'static str),
    /// The parameter lies outside its documented range.
    OutOfRange(&'static str),
    /// The input sequence is empty.
    Empty(&'static str),
    /// Fewer items than the computation needs (e.g. a regression line needs 3 points for errors).
    TooFew(&'static str),
    /// More items than the fixed capacity holds; nothing was truncated.
    CapacityExceeded(&'static str),
    /// Two inputs that must have the same length do not.
    LengthMismatch(&'static str),
    /// An iteration did not converge within its budget.
    NoConvergence(&'static str),
    /// The input is geometrically or numerically degenerate (collinear points, singular matrix).
    Degenerate(&'static str),
    /// The data do not determine the parameter (e.g. a rate in the slow or fast exchange limit).
    Undetermined(&'static str),
    /// The result is not representable (overflow or complete underflow).
    Overflow(&'static str),
}

/// Result alias of the core.
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// The name of the parameter the error is about.
    pub const fn parameter(&self) -> &'static str {
        match *self {
            Error::NonFinite(p)
            | Error::NotPositive(p)
            | Error::Negative(p)
            | Error::OutOfRange(p)
            | Error::Empty(p)
            | Error::TooFew(p)
            | Error::CapacityExceeded(p)
            | Error::LengthMismatch(p)
            | Error::NoConvergence(p)
            | Error::Degenerate(p)
            | Error::Undetermined(p)
            | Error::Overflow(p) => p,
        }
    }
}

impl Error {
    /// A stable snake_case code for the kind of error (`"not_positive"`), as used on the wire by
    /// the instrument protocol and in JSON reports.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::NonFinite(_) => "non_finite",
            Error::NotPositive(_) => "not_positive",
            Error::Negative(_) => "negative",
            Error::OutOfRange(_) => "out_of_range",
            Error::Empty(_) => "empty",
            Error::TooFew(_) => "too_few",
            Error::CapacityExceeded(_) => "capacity_exceeded",
            Error::LengthMismatch(_) => "length_mismatch",
            Error::NoConvergence(_) => "no_convergence",
            Error::Degenerate(_) => "degenerate",
            Error::Undetermined(_) => "undetermined",
            Error::Overflow(_) => "overflow",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.parameter();
        match self {
            Error::NonFinite(_) => write!(f, "{p}: must be a finite number"),
            Error::NotPositive(_) => write!(f, "{p}: must be greater than zero"),
            Error::Negative(_) => write!(f, "{p}: must not be negative"),
            Error::OutOfRange(_) => write!(f, "{p}: outside the valid range"),
            Error::Empty(_) => write!(f, "{p}: is empty"),
            Error::TooFew(_) => write!(f, "{p}: too few values"),
            Error::CapacityExceeded(_) => write!(f, "{p}: more values than the capacity holds"),
            Error::LengthMismatch(_) => write!(f, "{p}: length does not match"),
            Error::NoConvergence(_) => write!(f, "{p}: iteration did not converge"),
            Error::Degenerate(_) => write!(f, "{p}: degenerate input"),
            Error::Undetermined(_) => write!(f, "{p}: not determined by the data"),
            Error::Overflow(_) => write!(f, "{p}: result not representable"),
        }
    }
}

impl core::error::Error for Error {}

/// `x` if finite, else [`Error::NonFinite`].
#[inline]
pub(crate) fn finite<F: Real>(x: F, name: &'static str) -> Result<F> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::NonFinite(name))
    }
}

/// `x` if finite and > 0.
#[inline]
pub(crate) fn positive<F: Real>(x: F, name: &'static str) -> Result<F> {
    let x = finite(x, name)?;
    if x > F::ZERO {
        Ok(x)
    } else {
        Err(Error::NotPositive(name))
    }
}

/// `x` if finite and ≥ 0.
#[inline]
pub(crate) fn non_negative<F: Real>(x: F, name: &'static str) -> Result<F> {
    let x = finite(x, name)?;
    if x >= F::ZERO {
        Ok(x)
    } else {
        Err(Error::Negative(name))
    }
}

/// `x` if finite and inside `[lo, hi]`.
#[inline]
pub(crate) fn in_range<F: Real>(x: F, lo: F, hi: F, name: &'static str) -> Result<F> {
    let x = finite(x, name)?;
    if x >= lo && x <= hi {
        Ok(x)
    } else {
        Err(Error::OutOfRange(name))
    }
}

/// A computed value if finite, else [`Error::Overflow`] naming the result.
#[inline]
pub(crate) fn representable<F: Real>(x: F, name: &'static str) -> Result<F> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::Overflow(name))
    }
}
