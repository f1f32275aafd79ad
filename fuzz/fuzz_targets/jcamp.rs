//! JCAMP-DX spectrum reader (`ringflux_cli::io::spectrum::read` → `jcamp`, used by `lineshape fit`,
//! `vt-fit` and `integrate`): no panic and no huge allocation on any input; an error names the
//! file; a success has as many abscissae as ordinates (≥ 2), all finite, on an evenly spaced axis.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::spectrum;
use ringflux_fuzz::{assert_names_file, with_file};

fuzz_target!(|data: &[u8]| {
    with_file("fuzz.dx", data, |path| match spectrum::read(path, None) {
        Err(e) => assert_names_file(&e, path),
        Ok(s) => {
            assert_eq!(s.x_hz.len(), s.y.len(), "x and y differ in length");
            assert!(s.y.len() >= 2, "a spectrum of {} points", s.y.len());
            assert!(s.y.iter().all(|v| v.is_finite()), "non-finite ordinate");
            assert!(s.x_hz.iter().all(|v| v.is_finite()), "non-finite abscissa");
        }
    });
});
