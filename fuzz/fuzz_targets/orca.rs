//! Orca output reader (`ringflux_cli::qc::parse`; seeds are Orca logs, cut and whole):
//! no panic, no hang; errors name the file; what is read is finite (energies, temperature,
//! coordinates, shieldings) and serialises without `null` in place of a number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_fuzz::check_qc;

fuzz_target!(|data: &[u8]| check_qc("fuzz.out", data));
