//! Gaussian / ORCA output reader (`ringflux qc`, conformers of `ringflux validate`): no panic;
//! an error names the file; a success has atoms numbered 1…n in order with finite coordinates,
//! known elements, finite shieldings and energies — and re-reading gives the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::qc;
use ringflux_fuzz::{assert_names_file, with_file};

fuzz_target!(|data: &[u8]| {
    let name = if data.first().is_some_and(|b| b % 2 == 0) { "fuzz.log" } else { "fuzz.out" };
    with_file(name, data, |path| match qc::read(path) {
        Err(e) => assert_names_file(&e, path),
        Ok(out) => {
            assert!(!out.atoms.is_empty(), "success without atoms");
            for (k, a) in out.atoms.iter().enumerate() {
                assert_eq!(a.index, k + 1, "atoms out of order");
                assert!(a.xyz_angstrom.iter().all(|x| x.is_finite()), "non-finite coordinate");
                assert_eq!(qc::atomic_number(&a.element), Some(a.atomic_number), "element/Z mismatch");
                assert!(a.isotropic_shielding_ppm.is_none_or(f64::is_finite), "non-finite shielding");
            }
            for e in [out.scf_energy_hartree, out.free_energy_hartree, out.enthalpy_hartree, out.zpve_hartree, out.temperature_k] {
                assert!(e.is_none_or(f64::is_finite), "non-finite energy");
            }
            assert_eq!(qc::read(path).ok(), Some(out), "second read differs");
        }
    });
});
