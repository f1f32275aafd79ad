//! Multi-frame XYZ reader (`ringflux_cli::io::structure`, format Xyz): the structure-reader
//! invariants (see `check_structures`), plus a round trip — every frame read is written back as
//! XYZ (coordinates in shortest round-trip form) and must read back to the same atoms, bit for bit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::structure::{Format, Records};
use ringflux_fuzz::check_structures;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let good = check_structures(Format::Xyz, "fuzz.xyz", data);
    let mut text = String::new();
    for m in &good {
        text += &format!("{}\nround trip\n", m.atoms.len());
        for a in &m.atoms {
            text += &format!("{} {} {} {}\n", a.element.symbol(), a.pos[0], a.pos[1], a.pos[2]);
        }
    }
    let path = Path::new("roundtrip.xyz");
    let back: Vec<_> = Records::from_reader(path, Format::Xyz, Box::new(std::io::Cursor::new(text.clone())))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            assert!(good.is_empty(), "written frames do not read back: {e}\n{text}");
            Vec::new()
        });
    assert_eq!(back.len(), good.len(), "frames lost in the round trip");
    for (a, b) in good.iter().zip(&back) {
        assert_eq!(a.atoms.len(), b.atoms.len());
        for (x, y) in a.atoms.iter().zip(&b.atoms) {
            assert_eq!(x.element, y.element);
            assert_eq!(x.pos.map(f64::to_bits), y.pos.map(f64::to_bits), "coordinates changed");
        }
    }
});
