//! PDB reader (`ringflux_cli::io::structure`, format Pdb): no panic, no hang, and the
//! structure-reader invariants of `check_structures` (numbering, located errors, finite
//! coordinates, bonds between existing atoms).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::Format;

fuzz_target!(|data: &[u8]| {
    ringflux_fuzz::check_structures(Format::Pdb, "fuzz.pdb", data);
});
