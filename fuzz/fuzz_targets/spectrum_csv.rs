//! Spectrum CSV reader (`ringflux_cli::io::spectrum::read`, columns `hz|x_hz|x|ppm|x_ppm` and
//! `intensity|y`): no panic; errors name the file; a spectrum has one finite point per data row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::spectrum;
use ringflux_fuzz::check_reader;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses whether an observe frequency is given (ppm columns need one).
    let (mhz, text) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some(400.13), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    check_reader("fuzz.spectrum.csv", text, |path| {
        let s = spectrum::read(path, mhz)?;
        assert_eq!(s.x_hz.len(), s.y.len(), "x and y of different lengths");
        assert!(s.x_hz.iter().chain(&s.y).all(|v| v.is_finite()), "non-finite point");
        Ok(serde_json::json!({ "points": s.y.len() }))
    });
});
