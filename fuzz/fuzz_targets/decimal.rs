//! `ringflux_core::decimal::parse_exact` (the protocol's fast number reader) against core's
//! correctly rounded `str::parse` (dec2flt) as the oracle, on arbitrary bytes and on decimals
//! built from arbitrary significands and exponents near the fast path's bounds.
//!
//! Whenever the fast path answers, its value must be bit for bit the parser's, in f32 and f64.
//! (serde_json is no oracle here: without `float_roundtrip` it is not correctly rounded, and it
//! reads an f32 through an f64, rounding twice.)
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use ringflux_core::decimal::parse_exact;

#[derive(Arbitrary, Debug)]
enum Case {
    /// Any bytes.
    Text(Vec<u8>),
    /// `-`? int (`.` frac with `zeros` leading zeros)? (`e` exp)?
    Decimal { negative: bool, int: u64, frac: Option<(u8, u64)>, exp: Option<i16>, upper: bool },
}

fn check(text: &[u8]) {
    let parsed = core::str::from_utf8(text).ok();
    if let Some(v) = parse_exact::<f32>(text) {
        let want = parsed.and_then(|t| t.parse::<f32>().ok());
        assert_eq!(Some(v.to_bits()), want.map(f32::to_bits), "f32 {parsed:?}");
    }
    if let Some(v) = parse_exact::<f64>(text) {
        let want = parsed.and_then(|t| t.parse::<f64>().ok());
        assert_eq!(Some(v.to_bits()), want.map(f64::to_bits), "f64 {parsed:?}");
    }
}

fuzz_target!(|case: Case| {
    match case {
        Case::Text(bytes) => check(&bytes),
        Case::Decimal { negative, int, frac, exp, upper } => {
            let mut t = String::new();
            if negative {
                t.push('-');
            }
            t.push_str(&(int % 100_000_000_000_000_000).to_string());
            if let Some((zeros, digits)) = frac {
                t.push('.');
                t.extend(core::iter::repeat_n('0', usize::from(zeros % 12)));
                t.push_str(&digits.to_string());
            }
            if let Some(e) = exp {
                t.push(if upper { 'E' } else { 'e' });
                t.push_str(&(e % 40).to_string());
            }
            check(t.as_bytes());
        }
    }
});
