//! SDF/MOL (V2000 and V3000) reader (`ringflux_cli::io::structure`, format Sdf): no panic, no hang, and the
//! structure-reader invariants of `check_structures` (numbering, located errors, finite
//! coordinates, bonds between existing atoms).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::Format;

fuzz_target!(|data: &[u8]| {
    ringflux_fuzz::check_structures(Format::Sdf, "fuzz.sdf", data);
});
