//! Text output without `core::fmt`: formatting machinery of its own would add code and panic
//! paths to the binary whose size and panic-freedom are being measured.

use crate::rt::write_stdout;

/// Writes a string.
pub fn s(text: &str) {
    write_stdout(text.as_bytes());
}

/// Writes an unsigned integer, right-aligned in `width` columns.
pub fn u(n: u64, width: usize) {
    let mut buf = [b' '; 20];
    let mut len = 0;
    let mut rest = n;
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        s(" ");
    }
    write_stdout(buf.get(buf.len() - len..).unwrap_or(&[]));
}

/// Writes `x` with `decimals` digits after the point (NaN, ±inf and |x| ≥ 1e15 spelled out).
pub fn f(x: f64, decimals: u32) {
    if x.is_nan() {
        return s("NaN");
    }
    if x < 0.0 {
        s("-");
    }
    let a = if x < 0.0 { -x } else { x };
    if a >= 1e15 {
        return s(if a == f64::INFINITY { "inf" } else { ">=1e15" });
    }
    let scale = 10_u64.pow(decimals.min(9));
    // Saturating float→int casts; a < 1e15 keeps everything exact enough for a report.
    let mut int = a as u64;
    let mut frac = ((a - int as f64) * scale as f64 + 0.5) as u64;
    if frac >= scale {
        int += 1;
        frac -= scale;
    }
    u(int, 0);
    if decimals > 0 {
        s(".");
        let mut digits = 0_u64;
        let mut d = frac;
        while d > 0 {
            d /= 10;
            digits += 1;
        }
        for _ in digits.max(1)..u64::from(decimals.min(9)) {
            s("0");
        }
        u(frac, 0);
    }
}
