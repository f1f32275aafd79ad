//! The Gaussian/ORCA readers on real third-party outputs that ringflux 0.1.0 misread or refused,
//! against cclib 2.0.dev0 (@21daa960) and the regular-expression peer values in
//! `../shared/data/realworld/qc/expected.json` (files from cclib/cclib-data @1ec8cdad and
//! cclib/cclib @21daa960, BSD-3-Clause; see each entry's `source`).

use ringflux_cli::io::qc::{self, Program};
use ringflux_tests::{assert_close, num, read_json, shared};
use serde_json::Value;

/// ORCA prints the SCF "Total Energy" with 8 (ORCA ≤ 5) or 14 (ORCA 6) decimals and Gaussian
/// `SCF Done` with 9–10; both readers take the same decimal string, and cclib's value went through
/// eV and back (≤ 1e-12 relative): 1e-9 Eh is far below any printed digit that could differ.
const ENERGY_ABS_HARTREE: f64 = 1e-8;
/// Coordinates are printed with 6 decimals and read from the same string by the peers.
const XYZ_ABS_ANGSTROM: f64 = 1e-9;

fn entry(name: &str) -> Value {
    read_json(&shared("data/realworld/qc/expected.json"))["files"][name].clone()
}

fn read(name: &str) -> qc::QcOutput {
    let path = shared(&format!("data/realworld/qc/{name}"));
    qc::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn first_xyz(out: &qc::QcOutput) -> [f64; 3] {
    out.atoms.iter().find(|a| !a.ghost).unwrap().xyz_angstrom
}

/// `got` equals the peer's value `want` within `tol_hartree`.
fn energy(name: &str, got: Option<f64>, want: &Value, tol_hartree: f64) {
    let got = got.unwrap_or_else(|| panic!("{name}: no value"));
    assert_close(name, got, num(want), 0.0, tol_hartree);
}

/// The atom count and the first atom's last position as the peer's `expected` block states them.
fn natom_and_first_atom(name: &str, out: &qc::QcOutput, x: &Value) {
    assert_eq!(out.atoms.len() as u64, x["natom"].as_u64().unwrap());
    check_xyz(
        name,
        out.atoms[0].xyz_angstrom,
        &x["xyz_angstrom_atom1_last"],
    );
}

fn check_xyz(name: &str, got: [f64; 3], want: &Value) {
    for k in 0..3 {
        assert_close(
            &format!("{name} xyz[{k}]"),
            got[k],
            num(&want[k]),
            0.0,
            XYZ_ABS_ANGSTROM,
        );
    }
}

/// ORCA: scf_energy_hartree is the SCF "Total Energy" (cclib scfenergies[-1]); the FINAL SINGLE
/// POINT ENERGY (MP2, CCSD(T), TD-DFT root, HF-3c gCP) is reported under its own key.
#[test]
fn orca_scf_energy_is_the_scf_total_energy() {
    // (file, peer SCF energy, peer FINAL SINGLE POINT ENERGY), from expected.json `expected`:
    // MP2-gradient.out −76.05743173 / −76.312578547915; orca6_water_ccsd_t.out
    // −74.96357424008319 / −75.013556305763; 1-ttt_td.out −283.90424681 / −283.729749956998;
    // 947.out −1.120012892 / −1.118168004865 (HF-3c: cclib's SCF energy is the last SCF
    // "Total Energy" −1.11931356 plus the D3 "Dispersion correction" −0.000699332 printed after
    // it; FINAL SINGLE POINT ENERGY adds gCP as well).
    for name in [
        "MP2-gradient.out",
        "orca6_water_ccsd_t.out",
        "1-ttt_td.out",
        "947.out",
    ] {
        let e = entry(name);
        let out = read(name);
        assert_eq!(out.program, Program::Orca);
        assert_close(
            &format!("{name} scf"),
            out.scf_energy_hartree.unwrap(),
            num(&e["expected"]["scf_energy_hartree"]),
            0.0,
            ENERGY_ABS_HARTREE,
        );
        assert_close(
            &format!("{name} final single point"),
            out.final_single_point_energy_hartree.unwrap(),
            num(&e["regex"]["last_final_single_point_energy_hartree"]),
            0.0,
            ENERGY_ABS_HARTREE,
        );
        assert_eq!(
            out.atoms.len() as u64,
            e["expected"]["natom"].as_u64().unwrap()
        );
        check_xyz(
            name,
            first_xyz(&out),
            &e["expected"]["xyz_angstrom_atom1_last"],
        );
    }
}

/// ORCA 4.0/4.1 wording "Final Gibbs free enthalpy" (CO2_freqs.out: G −184.77272599,
/// raw_failed_run_from_issue_426.out: G −76.34611855; = cclib freeenergy).
#[test]
fn orca_4_0_gibbs_wording() {
    for name in ["CO2_freqs.out", "raw_failed_run_from_issue_426.out"] {
        let x = &entry(name)["expected"];
        let out = read(name);
        for (got, key) in [
            (out.free_energy_hartree, "free_energy_hartree"),
            (out.enthalpy_hartree, "enthalpy_hartree"),
            (out.zpve_hartree, "zpve_hartree"),
            (out.scf_energy_hartree, "scf_energy_hartree"),
            (out.temperature_k, "temperature_k"),
        ] {
            let got = got.unwrap_or_else(|| panic!("{name}: {key} is null"));
            assert_close(
                &format!("{name} {key}"),
                got,
                num(&x[key]),
                0.0,
                ENERGY_ABS_HARTREE,
            );
        }
    }
}

/// A SLURM job-statistics block after `****ORCA TERMINATED NORMALLY****` (19 non-blank lines)
/// does not make the run look cut off (dvb_scan_unrelaxed.out: SCF −375.82506009, 20 atoms).
#[test]
fn text_after_normal_termination_is_ignored() {
    let name = "dvb_scan_unrelaxed.out";
    let x = &entry(name)["expected"];
    let out = read(name);
    energy(
        name,
        out.scf_energy_hartree,
        &x["scf_energy_hartree"],
        ENERGY_ABS_HARTREE,
    );
    assert_eq!(out.atoms.len() as u64, x["natom"].as_u64().unwrap());
}

/// A file cut off before its termination line is still refused, at its last line.
#[test]
fn a_cut_off_file_is_still_refused() {
    let text = std::fs::read_to_string(shared("data/realworld/qc/dvb_scan_unrelaxed.out")).unwrap();
    let cut = text
        .split("****ORCA TERMINATED NORMALLY****")
        .next()
        .unwrap();
    let e = qc::parse(std::path::Path::new("cut.out"), cut).unwrap_err();
    assert!(e.to_string().contains("cut off"), "{e}");
    assert_eq!(e.place, format!("cut.out:{}", cut.lines().count()));
}

/// ORCA dummy atoms printed `-` (1038.out): kept as ghosts (Z = 0), 6 real atoms as cclib's.
#[test]
fn orca_dummy_atoms_are_ghosts() {
    let name = "1038.out";
    let x = &entry(name)["expected"];
    let out = read(name);
    assert_eq!(
        out.atoms.len() as u64,
        x["natom_including_dummies"].as_u64().unwrap()
    );
    let real: Vec<&qc::Atom> = out.atoms.iter().filter(|a| !a.ghost).collect();
    assert_eq!(real.len() as u64, x["natom_real_atoms"].as_u64().unwrap());
    for (a, want) in real.iter().zip(x["real_atoms"].as_array().unwrap()) {
        assert_eq!(a.element, want["element"].as_str().unwrap());
        check_xyz(name, a.xyz_angstrom, &want["xyz_angstrom"]);
    }
    assert!(out
        .atoms
        .iter()
        .filter(|a| a.ghost)
        .all(|a| a.atomic_number == 0));
    energy(
        name,
        out.scf_energy_hartree,
        &x["scf_energy_hartree"],
        ENERGY_ABS_HARTREE,
    );
}

/// ONIOM (OPT_oniom.log): the last `SCF Done` (+0.1616 Eh) is a PM6 sub-layer; the molecule's
/// energy is the last `ONIOM: extrapolated energy` (−749.305086117981), and scf_energy_hartree
/// is null rather than a sub-layer's.
#[test]
fn oniom_reports_the_extrapolated_energy() {
    let name = "OPT_oniom.log";
    let x = &entry(name)["expected"];
    let out = read(name);
    assert_eq!(out.scf_energy_hartree, None);
    energy(
        name,
        out.oniom_extrapolated_energy_hartree,
        &x["oniom_extrapolated_energy_hartree"],
        1e-12,
    );
    natom_and_first_atom(name, &out, x);
}

/// Counterpoise (H2FAs--AsH2F.opt-mp2-cp.log): the SCF energy is the full dimer's at the last
/// geometry (−4669.6031998), not the last fragment's (−2334.8029818); the counterpoise-corrected
/// energy (−4670.408680229182) has its own key.
#[test]
fn counterpoise_reports_the_full_system() {
    let name = "H2FAs--AsH2F.opt-mp2-cp.log";
    let x = &entry(name)["expected"];
    let out = read(name);
    energy(
        name,
        out.scf_energy_hartree,
        &x["scf_energy_hartree"],
        ENERGY_ABS_HARTREE,
    );
    energy(
        name,
        out.counterpoise_corrected_energy_hartree,
        &x["counterpoise_corrected_energy_hartree"],
        1e-12,
    );
    natom_and_first_atom(name, &out, x);
}

/// The last orientation block printed is the last geometry, whichever its kind
/// (Pyridine_opt-eomccsd.log: the last `Input orientation`, line 8463; cclib has the same fault
/// as ringflux 0.1.0 here, so the peer is the regex reader's `last_orientation_block`).
#[test]
fn gaussian_last_geometry_is_the_last_block() {
    let name = "Pyridine_opt-eomccsd.log";
    let e = entry(name);
    let out = read(name);
    let want = &e["regex"]["last_orientation_block"];
    let z: Vec<u64> = out
        .atoms
        .iter()
        .map(|a| u64::from(a.atomic_number))
        .collect();
    let want_z: Vec<u64> = want["atomic_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(z, want_z);
    for (a, w) in out
        .atoms
        .iter()
        .zip(want["xyz_angstrom"].as_array().unwrap())
    {
        check_xyz(name, a.xyz_angstrom, w);
    }
    assert_close(
        name,
        out.scf_energy_hartree.unwrap(),
        num(&e["expected"]["scf_energy_hartree"]),
        0.0,
        ENERGY_ABS_HARTREE,
    );
}

/// Positive control (tms_nmr.log, Gaussian 03): G, H, ZPVE, T and all 17 shieldings as the peers,
/// and the Gaussian 03 banner recognised.
#[test]
fn gaussian_03_tms_positive_control() {
    let name = "tms_nmr.log";
    let x = &entry(name)["expected"];
    let out = read(name);
    assert!(
        out.version
            .as_deref()
            .is_some_and(|v| v.starts_with("Gaussian 03")),
        "{:?}",
        out.version
    );
    for (got, key) in [
        (out.scf_energy_hartree, "scf_energy_hartree"),
        (out.free_energy_hartree, "free_energy_hartree"),
        (out.enthalpy_hartree, "enthalpy_hartree"),
        (out.zpve_hartree, "zpve_hartree"),
        (out.temperature_k, "temperature_k"),
    ] {
        assert_close(
            &format!("{name} {key}"),
            got.unwrap(),
            num(&x[key]),
            0.0,
            ENERGY_ABS_HARTREE,
        );
    }
    let sigma: Vec<f64> = out
        .atoms
        .iter()
        .map(|a| a.isotropic_shielding_ppm.unwrap())
        .collect();
    let want: Vec<f64> = x["isotropic_shielding_ppm"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    assert_eq!(sigma, want);
}
