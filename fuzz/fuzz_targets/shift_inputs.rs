//! Shift-validation inputs (`ringflux validate --exp`, conformer `.csv`/`.json`): no panic; an
//! error names the file; a success keeps every row (assigned atoms ≥ 1, finite shifts) and every
//! atom (numbered in order, finite shieldings).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::shift_data;
use ringflux_fuzz::{assert_names_file, with_file};

fuzz_target!(|data: &[u8]| {
    let (kind, body) = data.split_first().map_or((0, data), |(k, b)| (*k % 3, b));
    let name = ["fuzz.exp-shifts.csv", "fuzz.shieldings.csv", "fuzz.shieldings.json"][kind as usize];
    with_file(name, body, |path| {
        if kind == 0 {
            match shift_data::read_exp(path) {
                Err(e) => assert_names_file(&e, path),
                Ok(rows) => {
                    assert!(!rows.is_empty(), "success without rows");
                    for r in rows {
                        assert!(r.shift_ppm.is_finite(), "non-finite shift");
                        assert!(!r.atoms.is_empty() && r.atoms.iter().all(|&a| a >= 1), "bad assignment");
                    }
                }
            }
        } else {
            match shift_data::read_conformer(path) {
                Err(e) => assert_names_file(&e, path),
                Ok(c) => {
                    assert_eq!(c.elements.len(), c.shieldings_ppm.len(), "columns of unequal length");
                    assert!(c.shieldings_ppm.iter().all(|s| s.is_none_or(f64::is_finite)), "non-finite shielding");
                }
            }
        }
    });
});
