//! JCAMP-DX reader (`ringflux_cli::jcamp::parse`, all ASDF compressions): no panic, no hang, no
//! allocation beyond the points announced; errors name the file; a spectrum has as many
//! abscissae as ordinates, at least 2, at most `limits::MAX_POINTS`, all finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::{jcamp, limits::MAX_POINTS};
use ringflux_fuzz::assert_names_file;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.jdx");
    let text = String::from_utf8_lossy(data);
    match jcamp::parse(path, &text) {
        Ok(j) => {
            assert_eq!(j.x_hz.len(), j.y.len(), "x and y of different lengths");
            assert!((2..=MAX_POINTS).contains(&j.y.len()), "{} points", j.y.len());
            assert!(j.x_hz.iter().chain(&j.y).all(|v| v.is_finite()), "non-finite point");
            assert!(j.observe_mhz.is_none_or(|f| f.is_finite() && f > 0.0));
        }
        Err(e) => assert_names_file(&e, path),
    }
});
