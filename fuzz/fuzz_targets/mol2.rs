//! Tripos Mol2 reader (`ringflux_cli::io::structure`, format Mol2): no panic, no hang, and the
//! structure-reader invariants of `check_structures`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::Format;

fuzz_target!(|data: &[u8]| {
    ringflux_fuzz::check_structures(Format::Mol2, "fuzz.mol2", data);
});
