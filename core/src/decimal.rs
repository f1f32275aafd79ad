//! Exact decimal-to-float conversion of the common short numbers (Clinger's fast path), for the
//! instrument protocol's number arrays.
//!
//! A decimal `m · 10^e` whose integer significand `m` is at most 2^[`Real::MANTISSA_DIGITS`] and
//! whose exponent satisfies |e| ≤ [`Real::EXACT_POW10`] is one IEEE multiplication or division of
//! two exactly representable numbers, so its result is the correctly rounded value of the decimal
//! (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990, §5) — the same
//! value `core`'s `str::parse` (dec2flt, also correctly rounded) returns. [`parse_exact`] gives
//! that value or `None` for every other text, which the caller hands to the full parser.
//!
//! Spectrum intensities as instruments and ringflux write them (`2.76395e-05`, `0.000188039`)
//! have at most 7–8 significant digits and small exponents; they take this path.

use crate::Real;

/// 10^0 … 10^22, exact in f64.
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/// 10^0 … 10^10, exact in f32.
const POW10_F32: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// Largest exponent digit value kept before giving up (any larger |e| is not on the fast path).
const EXPONENT_CAP: u32 = 1000;

/// The value of the JSON-style decimal `text` (`-`? digits (`.` digits)? ([eE] [+-]? digits)?,
/// nothing else) when it is exactly computable by one rounding; `None` otherwise (other syntax,
/// too many significant digits, a large exponent), in which case `str::parse` decides.
///
/// Whenever it returns `Some(v)`, `v` is bit for bit what `text.parse::<F>()` returns.
///
/// ```
/// use ringflux_core::decimal::parse_exact;
/// assert_eq!(parse_exact::<f32>(b"2.76395e-05"), Some(2.76395e-05_f32));
/// assert_eq!(parse_exact::<f64>(b"-0.000188039"), Some(-0.000188039_f64));
/// assert_eq!(parse_exact::<f32>(b"0.1234567891"), None); // 10 digits: more than 2^24
/// assert_eq!(parse_exact::<f32>(b"1e-30"), None); // |e| > 10
/// assert_eq!(parse_exact::<f32>(b"+1"), None); // not the JSON form
/// ```
pub fn parse_exact<F: Real>(text: &[u8]) -> Option<F> {
    let limit = 1u64.checked_shl(F::MANTISSA_DIGITS)?;
    let mut bytes = text.iter().copied().peekable();
    let negative = bytes.next_if_eq(&b'-').is_some();
    let mut mantissa: u64 = 0;
    let push = |m: &mut u64, d: u8| -> Option<()> {
        *m = m
            .checked_mul(10)?
            .checked_add(u64::from(d.wrapping_sub(b'0')))?;
        (*m <= limit).then_some(())
    };
    let mut int_digits = 0u32;
    while let Some(d) = bytes.next_if(u8::is_ascii_digit) {
        push(&mut mantissa, d)?;
        int_digits = int_digits.saturating_add(1);
    }
    if int_digits == 0 {
        return None;
    }
    let mut frac_digits = 0u32;
    if bytes.next_if_eq(&b'.').is_some() {
        while let Some(d) = bytes.next_if(u8::is_ascii_digit) {
            push(&mut mantissa, d)?;
            frac_digits = frac_digits.checked_add(1)?;
        }
        if frac_digits == 0 {
            return None;
        }
    }
    let mut exponent: i64 = 0;
    if bytes.next_if(|&c| c == b'e' || c == b'E').is_some() {
        let exp_negative = matches!(bytes.next_if(|&c| c == b'+' || c == b'-'), Some(b'-'));
        let mut exp_digits = 0u32;
        let mut e: u32 = 0;
        while let Some(d) = bytes.next_if(u8::is_ascii_digit) {
            e = e
                .saturating_mul(10)
                .saturating_add(u32::from(d.wrapping_sub(b'0')));
            if e > EXPONENT_CAP {
                return None;
            }
            exp_digits = exp_digits.saturating_add(1);
        }
        if exp_digits == 0 {
            return None;
        }
        exponent = if exp_negative {
            -i64::from(e)
        } else {
            i64::from(e)
        };
    }
    if bytes.next().is_some() {
        return None;
    }
    let exponent = exponent - i64::from(frac_digits);
    let value = if mantissa == 0 {
        F::ZERO
    } else {
        let power = usize::try_from(exponent.unsigned_abs()).ok()?;
        if power > usize::try_from(F::EXACT_POW10).ok()? {
            return None;
        }
        let m = F::from_usize(usize::try_from(mantissa).ok()?);
        // power ≤ EXACT_POW10 is inside the table of its own type; the other table is not
        // read (pick discards it, so the f32 path links no f64 table).
        let p = F::pick(
            POW10_F64.get(power).copied().unwrap_or(0.0),
            POW10_F32.get(power).copied().unwrap_or(0.0),
        );
        if exponent >= 0 {
            m * p
        } else {
            m / p
        }
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The oracle: core's own correctly rounded parser (dec2flt).
    fn agrees(text: &str) {
        if let Some(v) = parse_exact::<f32>(text.as_bytes()) {
            let want: f32 = text.parse().unwrap();
            assert_eq!(v.to_bits(), want.to_bits(), "f32 {text}");
        }
        if let Some(v) = parse_exact::<f64>(text.as_bytes()) {
            let want: f64 = text.parse().unwrap();
            assert_eq!(v.to_bits(), want.to_bits(), "f64 {text}");
        }
    }

    #[test]
    fn spectrum_numbers_take_the_fast_path_and_match_dec2flt() {
        // The first intensities of tests/bare-metal/golden/counted.jsonl (ringflux's simulated
        // two-site spectrum) and edge cases of the fast path's bounds.
        for t in [
            "0.00020243",
            "2.76395e-05",
            "-4.97649e-05",
            "0.000188039",
            "0",
            "-0",
            "0.0e-999",
            "16777216",
            "1677721.6e-9",
            "9999999e10",
            "1e10",
            "1e-10",
            "123456.7E+3",
        ] {
            assert!(parse_exact::<f32>(t.as_bytes()).is_some(), "{t}");
            agrees(t);
        }
        assert_eq!(
            parse_exact::<f32>(b"-0").map(f32::to_bits),
            Some((-0.0f32).to_bits())
        );
    }

    #[test]
    fn other_texts_are_left_to_the_full_parser() {
        for t in [
            "",
            "-",
            "1.",
            ".5",
            "+1",
            "1e",
            "1e+",
            "1-2",
            "16777217",
            "1e11",
            "1e-11",
            "01x",
            "1.5e1.5",
            "null",
            "1e1001",
            "--1",
            "0x10",
            "1_0",
            // 801335 · 10^-11: 10^11 is not exact in f32 (5 of the 256 numbers of
            // counted.jsonl are like this and go to dec2flt).
            "8.01335e-06",
        ] {
            assert_eq!(parse_exact::<f32>(t.as_bytes()), None, "{t}");
        }
        // 2^53 + 1 is beyond f64's exact integers; 1e23 beyond its exact powers of ten.
        assert_eq!(parse_exact::<f64>(b"9007199254740993"), None);
        assert_eq!(parse_exact::<f64>(b"1e23"), None);
    }

    proptest! {
        /// Decimals built from random significands and exponents around the fast path's bounds:
        /// whenever the fast path answers, it is bit-identical to `str::parse`.
        #[test]
        fn fast_path_is_exactly_dec2flt(
            negative in any::<bool>(),
            int in 0u64..100_000_000_000,
            frac in proptest::option::of("[0-9]{1,12}"),
            exp in proptest::option::of(-30i32..30),
            upper in any::<bool>(),
        ) {
            let mut t = String::new();
            if negative {
                t.push('-');
            }
            t.push_str(&int.to_string());
            if let Some(f) = frac {
                t.push('.');
                t.push_str(&f);
            }
            if let Some(e) = exp {
                t.push(if upper { 'E' } else { 'e' });
                t.push_str(&e.to_string());
            }
            agrees(&t);
        }

        /// Arbitrary bytes: never a wrong number (`None` or dec2flt's value).
        #[test]
        fn any_text_is_dec2flt_or_none(t in "[-+0-9.eE]{0,16}") {
            let exact = parse_exact::<f32>(t.as_bytes());
            if let Some(v) = exact {
                prop_assert_eq!(Some(v.to_bits()), t.parse::<f32>().ok().map(f32::to_bits));
            }
        }

        /// Every f32 written shortest round-trip (as ryu and the protocol write them) that the
        /// fast path takes comes back exactly.
        #[test]
        fn shortest_f32_texts_round_trip(bits in any::<u32>()) {
            let x = f32::from_bits(bits);
            prop_assume!(x.is_finite());
            let t = format!("{x:e}");
            if let Some(v) = parse_exact::<f32>(t.as_bytes()) {
                prop_assert_eq!(v.to_bits(), x.to_bits());
            }
        }
    }
}
