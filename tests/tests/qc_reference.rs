//! The Gaussian 16 and ORCA 5 readers against what cclib 1.8.1 reads from the same real files:
//! `../shared/data/qc/expected_cclib.json` (files from cclib's regression data, see the README).

use ringflux_cli::io::qc::{self, Program};
use ringflux_tests::{assert_close, num, read_json, shared};

/// cclib stores energies in eV (converted back to hartree in the JSON), a round trip through one
/// multiplication and one division: ≤ 1e-12 relative of ~382 Eh, plus ORCA's "Total Energy" that
/// cclib reads is printed with 8 decimals while we read the 12-decimal FINAL SINGLE POINT ENERGY
/// (identical here, no dispersion term): half a unit in the 8th decimal.
const ENERGY_ABS_HARTREE: f64 = 5e-9 + 382.4 * 1e-12;
/// Thermochemistry lines are copied verbatim by both readers (same decimal string).
const THERMO_ABS_HARTREE: f64 = 1e-12;
/// Shieldings: Gaussian prints σ_iso with 4 decimals, both readers take that string; for ORCA both
/// compute trace/3 of the printed tensor — the same arithmetic, so agreement to a few ulp.
const SHIELDING_ABS_PPM: f64 = 1e-10;

fn expected() -> serde_json::Value {
    read_json(&shared("data/qc/expected_cclib.json"))
}

#[test]
fn every_file_parses_to_cclibs_values() {
    let exp = expected();
    let files: Vec<&String> = exp
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    assert_eq!(files.len(), 6);
    for name in files {
        let e = &exp[name.as_str()];
        let path = shared(&format!("data/qc/{name}"));
        let out = qc::read(&path).unwrap_or_else(|err| panic!("{name}: {err}"));
        let want_program = if name.starts_with("ORCA") {
            Program::Orca
        } else {
            Program::Gaussian
        };
        assert_eq!(out.program, want_program, "{name}");
        assert_close(
            &format!("{name} SCF energy"),
            out.scf_energy_hartree.unwrap(),
            num(&e["scf_energy_final_hartree"]),
            0.0,
            ENERGY_ABS_HARTREE,
        );
        assert_eq!(
            out.atoms.len() as u64,
            e["natom"].as_u64().unwrap(),
            "{name} natom"
        );
        let z: Vec<u64> = out.atoms.iter().map(|a| a.atomic_number as u64).collect();
        let want_z: Vec<u64> = e["atomnos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(z, want_z, "{name} atomic numbers in file order");
        for (key, got) in [
            ("freeenergy", out.free_energy_hartree),
            ("enthalpy", out.enthalpy_hartree),
            ("zpve", out.zpve_hartree),
            ("temperature", out.temperature_k),
        ] {
            match e.get(key) {
                Some(v) => assert_close(
                    &format!("{name} {key}"),
                    got.unwrap(),
                    num(v),
                    0.0,
                    THERMO_ABS_HARTREE,
                ),
                None => assert_eq!(got, None, "{name} {key}: cclib reads none"),
            }
        }
        match e.get("isotropic_shielding_ppm_by_atom0") {
            Some(map) => {
                for (i, atom) in out.atoms.iter().enumerate() {
                    let want = num(&map[i.to_string().as_str()]);
                    let got = atom.isotropic_shielding_ppm.unwrap();
                    assert_close(
                        &format!("{name} sigma[{i}]"),
                        got,
                        want,
                        0.0,
                        SHIELDING_ABS_PPM,
                    );
                }
            }
            None => assert!(!out.has_shieldings(), "{name}: no NMR in this file"),
        }
    }
}

#[test]
fn methods_and_versions_are_reported() {
    let g = qc::read(&shared("data/qc/Gaussian_Gaussian16_dvb_nmr.log")).unwrap();
    assert!(
        g.method.as_deref().unwrap().contains("B3LYP/sto-3g"),
        "{:?}",
        g.method
    );
    assert!(g.version.as_deref().unwrap().starts_with("Gaussian 16"));
    let o = qc::read(&shared("data/qc/ORCA_ORCA5.0_dvb_nmr.out")).unwrap();
    assert!(
        o.method.as_deref().unwrap().contains("NMR B3LYP sto-3g"),
        "{:?}",
        o.method
    );
    assert_eq!(o.version.as_deref(), Some("ORCA 5.0.0"));
    // geometry: first carbon of the ORCA NMR run, as printed
    assert_eq!(o.atoms[0].xyz_angstrom, [-1.415253, 0.230222, 0.0]);
}

/// Cutting a real file anywhere after its banner gives an error naming the file and a line —
/// never a panic, never a silently partial result.
#[test]
fn cut_off_outputs_are_errors_naming_file_and_line() {
    for name in [
        "Gaussian_Gaussian16_dvb_nmr.log",
        "ORCA_ORCA5.0_dvb_nmr.out",
        "Gaussian_Gaussian16_dvb_ir.out",
    ] {
        let path = shared(&format!("data/qc/{name}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for frac in [0.3, 0.5, 0.7, 0.9, 0.98] {
            let keep = (lines.len() as f64 * frac) as usize;
            let cut = lines[..keep].join("\n");
            let err = qc::parse(&path, &cut).expect_err("cut-off file must not parse");
            let msg = err.to_string();
            assert!(msg.starts_with(&format!("{}:", path.display())), "{msg}");
            let line: u64 = msg[path.display().to_string().len() + 1..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("no line number in: {msg}"));
            assert!(line >= 1 && line <= keep as u64, "{msg}");
        }
    }
}

mod garbled {
    use super::*;
    use proptest::prelude::*;

    fn lines_of(name: &str) -> Vec<String> {
        std::fs::read_to_string(shared(&format!("data/qc/{name}")))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Real outputs with lines deleted, duplicated or overwritten by junk: the readers return
        /// a value or an error naming the file — never a panic.
        #[test]
        fn mangled_outputs_never_panic(
            which in 0usize..3,
            edits in proptest::collection::vec((0.0..1.0f64, 0u8..3, "[ -~]{0,40}"), 1..20),
        ) {
            let name = ["Gaussian_Gaussian16_dvb_nmr.log", "ORCA_ORCA5.0_dvb_nmr.out", "Gaussian_Gaussian16_dvb_ir.out"][which];
            let mut lines = lines_of(name);
            for (pos, kind, junk) in edits {
                let i = ((lines.len() as f64) * pos) as usize % lines.len().max(1);
                match kind {
                    0 => { lines.remove(i); }
                    1 => { let l = lines[i].clone(); lines.insert(i, l); }
                    _ => lines[i] = junk,
                }
                if lines.is_empty() { break; }
            }
            let path = shared(&format!("data/qc/{name}"));
            if let Err(e) = qc::parse(&path, &lines.join("\n")) {
                prop_assert!(e.to_string().starts_with(&path.display().to_string()));
            }
        }
    }
}
