//! mmCIF reader (`ringflux_cli::io::structure`, format Mmcif: the `_atom_site` loop): no panic,
//! no hang, and the structure-reader invariants of `check_structures`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::Format;

fuzz_target!(|data: &[u8]| {
    ringflux_fuzz::check_structures(Format::Mmcif, "fuzz.cif", data);
});
