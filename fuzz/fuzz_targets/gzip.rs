//! Transparent gzip (`ringflux_cli::io::structure::Records::open` on a `.pdb.gz`, through
//! flate2): any bytes named `.gz` — valid or corrupt gzip, or not gzip at all — give records or
//! an error naming the file, never a panic, a hang or a decompression bomb past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::Records;
use ringflux_fuzz::{assert_names_file, with_file};

fuzz_target!(|data: &[u8]| {
    with_file("fuzz.pdb.gz", data, |path| match Records::open(path) {
        Err(e) => assert_names_file(&e, path),
        Ok(records) => {
            for r in records.take(10_000) {
                match r {
                    Err(e) => assert_names_file(&e, path),
                    Ok(m) => assert!(m.atoms.iter().all(|a| a.pos.iter().all(|x| x.is_finite()))),
                }
            }
        }
    });
});
