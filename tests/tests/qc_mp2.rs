//! Issue 19: the MP2 total energy under one key (`mp2_energy_hartree`) for Gaussian (`EUMP2`) and
//! ORCA (`MP2 TOTAL ENERGY`), on the real cclib-data files of `../shared/data/realworld/qc/` and
//! the values their `expected.json` records from the files' own summary lines.

use ringflux_tests::cli::json;
use ringflux_tests::{assert_close, num, read_json, shared};

fn qc_json(rel: &str) -> serde_json::Value {
    let p = shared(rel);
    json(&["qc", &p.display().to_string()])["files"][0].clone()
}

#[test]
fn orca_mp2_total_is_the_final_single_point_energy_of_an_mp2_job() {
    let e = read_json(&shared("data/realworld/qc/expected.json"));
    let x = &e["files"]["MP2-gradient.out"]["regex"];
    let f = qc_json("data/realworld/qc/MP2-gradient.out");
    // `MP2 TOTAL ENERGY` is printed to 1e-9 Eh, FINAL SINGLE POINT ENERGY to 1e-12
    assert_close(
        "mp2",
        num(&f["mp2_energy_hartree"]),
        num(&x["last_final_single_point_energy_hartree"]),
        0.0,
        5e-10,
    );
    // and it is not the SCF energy (0.255 Eh apart)
    assert_close(
        "scf",
        num(&f["scf_energy_hartree"]),
        num(&x["last_scf_total_energy_hartree"]),
        0.0,
        5e-9,
    );
}

#[test]
fn gaussian_counterpoise_mp2_is_the_full_system_at_the_last_geometry() {
    // Gaussian's counterpoise summary prints the corrected energy and the (positive) BSSE, with
    // corrected = E_AB + BSSE; so E_AB = corrected − BSSE is the full system's MP2 energy at the
    // last geometry (the last EUMP2 of the file is a fragment's, −2335.2 Eh)
    let e = read_json(&shared("data/realworld/qc/expected.json"));
    let x = &e["files"]["H2FAs--AsH2F.opt-mp2-cp.log"]["regex"];
    let want = num(&x["counterpoise_corrected_energy_hartree_last"])
        - num(&x["counterpoise_bsse_energy_hartree_last"]);
    let f = qc_json("data/realworld/qc/H2FAs--AsH2F.opt-mp2-cp.log");
    // the two summary values are printed to 1e-12 Eh, EUMP2 to 14 significant digits (1e-10 Eh)
    assert_close("mp2", num(&f["mp2_energy_hartree"]), want, 0.0, 1e-9);
    assert_close(
        "scf",
        num(&f["scf_energy_hartree"]),
        num(&x["full_system_scf_hartree_last_step"]),
        0.0,
        1e-9,
    );
}

#[test]
fn a_dft_job_has_no_mp2_energy() {
    let f = qc_json("data/qc/ORCA_ORCA5.0_dvb_ir.out");
    assert!(f["mp2_energy_hartree"].is_null(), "{f}");
    let f = qc_json("data/qc/Gaussian_Gaussian16_dvb_nmr.log");
    assert!(f["mp2_energy_hartree"].is_null(), "{f}");
}
