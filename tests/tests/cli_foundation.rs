//! The foundation commands through the built `ringflux` binary: JSON fields against the shared
//! references, the human report, and exit code 2 with a located message on bad input.

use ringflux_tests::cli::{fails, json, ringflux};
use ringflux_tests::{assert_close, col, example, num, read_json, read_tsv, shared};
use std::path::Path;

/// JSON numbers are printed by serde_json with full round-trip precision: only the formula's own
/// agreement with the printed reference digits matters (see kinetics_reference.rs).
const PRINTED_10_DIGITS: f64 = 1e-9;

/// Runs with `--json`, asserts success and exactly one JSON object on stdout.
/// Runs, asserts exit code 2, nothing on stdout, and returns stderr.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn eyring_both_directions() {
    // kinetics.md (b) example: ΔG‡ = 68.79196348 kJ/mol at 330 K ⇔ k = 88.85765876 s⁻¹.
    let v = json(&[
        "eyring",
        "--temp-k",
        "330",
        "--dg-kj-per-mol",
        "68.79196348",
    ]);
    assert_close("k", num(&v["k_per_s"]), 88.85765876, PRINTED_10_DIGITS, 0.0);
    assert_close(
        "t½",
        num(&v["half_life_s"]),
        std::f64::consts::LN_2 / 88.85765876,
        1e-9,
        0.0,
    );
    let v = json(&["eyring", "--temp-k", "330", "--k-per-s", "88.85765876"]);
    assert_close(
        "dG kJ",
        num(&v["dg_kj_per_mol"]),
        68.79196348,
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_close(
        "dG kcal",
        num(&v["dg_kcal_per_mol"]),
        16.44167387,
        PRINTED_10_DIGITS,
        0.0,
    );
    let v = json(&[
        "eyring",
        "--temp-k",
        "330",
        "--dg-kcal-per-mol",
        "16.44167387",
    ]);
    assert_close("k", num(&v["k_per_s"]), 88.85765876, 1e-8, 0.0);
}

#[test]
fn coalescence_three_methods_match_tables() {
    let gh = &read_tsv(&shared("reference/kinetics/gutowsky_holm_ref.tsv"))[3];
    let v = json(&[
        "coalescence",
        "--tc-k",
        "330",
        "--dnu-hz",
        "40",
        "--tc-err-k",
        "2",
        "--dnu-err-hz",
        "2",
    ]);
    assert_eq!(v["method"], "gutowsky-holm");
    assert_close(
        "k_c",
        num(&v["k_c_per_s"]),
        col(gh, "kc_per_s"),
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_close(
        "dG",
        num(&v["dg_kj_per_mol"]),
        col(gh, "dG_kJ"),
        PRINTED_10_DIGITS,
        0.0,
    );
    // kinetics.md (b): 0.43 and 0.14 kJ/mol combine to 0.45 kJ/mol.
    assert_close("σ", num(&v["dg_err_kj_per_mol"]), 0.455, 0.0, 0.005);
    // Δδ in ppm × MHz gives the same Δν.
    let p = json(&[
        "coalescence",
        "--tc-k",
        "330",
        "--dnu-ppm",
        "0.1",
        "--mhz",
        "400",
    ]);
    assert_close(
        "ppm",
        num(&p["dg_kj_per_mol"]),
        col(gh, "dG_kJ"),
        PRINTED_10_DIGITS,
        0.0,
    );

    let krw = &read_tsv(&shared("reference/kinetics/kurland_rubin_wise_ref.tsv"))[1];
    let v = json(&[
        "coalescence",
        "--tc-k",
        "300",
        "--dnu-hz",
        "30",
        "--j-hz",
        "12",
    ]);
    assert_eq!(v["method"], "kurland-rubin-wise");
    assert_close(
        "krw",
        num(&v["dg_kj_per_mol"]),
        col(krw, "dG_kJ"),
        PRINTED_10_DIGITS,
        0.0,
    );

    let sabe = read_tsv(&shared("reference/kinetics/shanan_atidi_bar_eli_ref.tsv"));
    let row = sabe
        .iter()
        .find(|r| col(r, "pA_major") == 0.75 && col(r, "Tc_K") == 330.0)
        .unwrap();
    let v = json(&[
        "coalescence",
        "--tc-k",
        "330",
        "--dnu-hz",
        "40",
        "--pop-major",
        "0.75",
    ]);
    assert_eq!(v["method"], "shanan-atidi-bar-eli");
    assert_close(
        "kA",
        num(&v["k_major_to_minor_per_s"]),
        col(row, "kA_major_to_minor"),
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_close(
        "kB",
        num(&v["k_minor_to_major_per_s"]),
        col(row, "kB_minor_to_major"),
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_close(
        "GA",
        num(&v["dg_major_to_minor_kj_per_mol"]),
        col(row, "dG_A_kJ"),
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_close(
        "GB",
        num(&v["dg_minor_to_major_kj_per_mol"]),
        col(row, "dG_B_kJ"),
        PRINTED_10_DIGITS,
        0.0,
    );
}

#[test]
fn ratio_three_to_one() {
    // kinetics.md (g): 3:1 at 298.15 K → 2.72341 kJ/mol = 0.65091 kcal/mol.
    let v = json(&["ratio", "--ratio", "3:1", "--temp-k", "298.15"]);
    assert_close("K", num(&v["k_eq"]), 3.0, 1e-15, 0.0);
    assert_close("p", num(&v["p_major"]), 0.75, 1e-15, 0.0);
    assert_close("dG0", num(&v["dg0_kj_per_mol"]), 2.72341, 0.0, 5e-6);
    assert_close("dG0 kcal", num(&v["dg0_kcal_per_mol"]), 0.65091, 0.0, 5e-6);
}

#[test]
fn eyring_fit_from_csv() {
    let dir = tempfile::tempdir().unwrap();
    let j = read_json(&shared("reference/kinetics/eyring_regression_ref.json"));
    let mut csv = String::from("temp_k,k_per_s\n");
    for (t, k) in j["T_K"]
        .as_array()
        .unwrap()
        .iter()
        .zip(j["k_noisy"].as_array().unwrap())
    {
        csv += &format!("{},{}\n", num(t), num(k));
    }
    let f = write(dir.path(), "rates.csv", &csv);
    let v = json(&["eyring-fit", &f]);
    let want = &j["fit_noisy"];
    assert_eq!(v["n"], 7);
    assert_close(
        "dH",
        num(&v["dh_kj_per_mol"]) * 1e3,
        num(&want["dH_J"]),
        1e-9,
        0.0,
    );
    assert_close(
        "se dH",
        num(&v["dh_err_kj_per_mol"]) * 1e3,
        num(&want["se_dH_J"]),
        1e-9,
        0.0,
    );
    assert_close(
        "dS",
        num(&v["ds_j_per_mol_k"]),
        num(&want["dS_J_per_K"]),
        1e-9,
        0.0,
    );
    assert_close(
        "se dS",
        num(&v["ds_err_j_per_mol_k"]),
        num(&want["se_dS"]),
        1e-9,
        0.0,
    );
    assert_close(
        "dG298",
        num(&v["dg_298_kj_per_mol"]) * 1e3,
        num(&want["dG298_J"]),
        1e-9,
        0.0,
    );
    assert_close(
        "se dG298",
        num(&v["dg_298_err_kj_per_mol"]) * 1e3,
        num(&want["se_dG298_J"]),
        1e-9,
        0.0,
    );
    assert_close(
        "r²",
        num(&v["r_squared"]),
        num(&want["r_value"]).powi(2),
        1e-12,
        0.0,
    );
}

#[test]
fn boltzmann_from_csv_in_every_unit() {
    // boltz_01 (shared/reference/boltzmann/cases): populations_f64 to 1e-14.
    let c = read_json(&shared(
        "reference/boltzmann/cases/boltz_01_tc_tb_EZ_synthetic.json",
    ));
    let want: Vec<f64> = c["expected"]["populations_f64"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let e = ["0.00", "0.45", "1.80", "2.35"];
    let labels = ["TC-E", "TC-Z", "TB-E", "TB-Z"];
    let mut csv = String::from("name,energy_kcal_per_mol\n");
    for (n, x) in labels.iter().zip(e) {
        csv += &format!("{n},{x}\n");
    }
    let f = write(dir.path(), "e.csv", &csv);
    let v = json(&["boltzmann", &f]);
    let pops = v["populations"].as_array().unwrap();
    for ((p, w), n) in pops.iter().zip(&want).zip(labels) {
        assert_eq!(p["name"], n);
        assert_close(n, num(&p["population"]), *w, 1e-13, 1e-14);
    }
    assert_close(
        "G",
        num(&v["ensemble_g_kj_per_mol"]),
        num(&c["expected"]["ensemble_free_energy_rel_kcal_per_mol"]) * 4.184,
        1e-12,
        0.0,
    );
    assert_close(
        "S",
        num(&v["conformational_entropy_j_per_mol_k"]),
        num(&c["expected"]["S_conf_cal_per_mol_K"]) * 4.184,
        1e-12,
        0.0,
    );
    // The same energies in kJ/mol with --unit give the same populations.
    let mut csv = String::from("name,energy\n");
    for (n, x) in labels.iter().zip(e) {
        csv += &format!("{n},{}\n", x.parse::<f64>().unwrap() * 4.184);
    }
    let f = write(dir.path(), "kj.csv", &csv);
    let v = json(&["boltzmann", &f, "--unit", "kj/mol"]);
    for (p, w) in v["populations"].as_array().unwrap().iter().zip(&want) {
        assert_close("kJ", num(&p["population"]), *w, 1e-12, 1e-14);
    }
}

#[test]
fn analyze_runs_on_the_bundled_example() {
    let folder = example("isovaleryl-diazepane");
    let v = json(&["analyze", folder.to_str().unwrap()]);
    let fit = &v["eyring_fit"]["isovaleryl-diazepane.amide.rates.csv"];
    // eyring_regression_ref.json fit_noisy: ΔH‡ = 69929.93 J/mol.
    assert_close(
        "dH",
        num(&fit["dh_kj_per_mol"]),
        69.92993053992653,
        1e-9,
        0.0,
    );
    let coal = v["coalescence"]["isovaleryl-diazepane.amide.coalescence.csv"]
        .as_array()
        .unwrap();
    assert_close(
        "GH",
        num(&coal[0]["dg_kj_per_mol"]),
        68.79196348,
        PRINTED_10_DIGITS,
        0.0,
    );
    let pops = &v["boltzmann"]["isovaleryl-diazepane.dft-families.energies.csv"]["populations"];
    assert_close(
        "TC-E",
        num(&pops[0]["population"]),
        0.6515655680163367,
        1e-13,
        0.0,
    );
    assert!(v["unused_files"].is_array());
    // The human report names every section.
    let out = ringflux()
        .args(["analyze", folder.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for heading in [
        "Boltzmann populations",
        "Coalescence barriers",
        "Eyring fits",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
}

#[test]
fn bad_arguments_exit_2_and_name_the_flag() {
    let e = fails(&["coalescence", "--tc-k", "330", "--dnu-hz", "-40"]);
    assert!(e.contains("--dnu-hz"), "{e}");
    let e = fails(&["coalescence", "--tc-k", "NaN", "--dnu-hz", "40"]);
    assert!(e.contains("--tc-k"), "{e}");
    let e = fails(&[
        "coalescence",
        "--tc-k",
        "330",
        "--dnu-hz",
        "40",
        "--pop-major",
        "0.3",
    ]);
    assert!(e.contains("--pop-major"), "{e}");
    let e = fails(&["eyring", "--temp-k", "0", "--k-per-s", "1"]);
    assert!(e.contains("--temp-k"), "{e}");
    let e = fails(&["eyring", "--temp-k", "300", "--dg-kj-per-mol", "-1e9"]);
    assert!(e.contains("--dg-kj-per-mol"), "{e}");
    let e = fails(&["ratio", "--ratio", "3-1", "--temp-k", "300"]);
    assert!(e.contains("--ratio"), "{e}");
    let e = fails(&["ratio", "--ratio", "3:0", "--temp-k", "300"]);
    assert!(e.contains("--ratio"), "{e}");
    fails(&["eyring", "--temp-k", "300"]);
    fails(&["no-such-command"]);
}

#[test]
fn bad_files_exit_2_and_name_file_line_and_field() {
    // (command, file content, extra args, what stderr must contain; {f} = the file's path)
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "eyring-fit",
            "temp_k,k_per_s\n300,1.0\n310,abc\n320,3.0\n",
            &[],
            "{f}:3: k_per_s",
        ),
        (
            "eyring-fit",
            "temp_k,k_per_s\n300,1.0\nNaN,2\n320,3.0\n",
            &[],
            "{f}:3: temp_k",
        ),
        (
            "eyring-fit",
            "temp,k_per_s\n300,1.0\n",
            &[],
            "{f}:1: unknown column 'temp'",
        ),
        (
            "eyring-fit",
            "temp_k,k_per_s\n300,1\n310,2,3\n",
            &[],
            "{f}:3: 3 fields",
        ),
        (
            "eyring-fit",
            "temp_k,k_per_s\n300,1\n300,2\n300,3\n",
            &[],
            "{f}: t_k: degenerate",
        ),
        (
            "boltzmann",
            "name,energy\nTC,0\nTB,1\nTC,2\n",
            &[],
            "{f}:4: name: duplicate",
        ),
        (
            "boltzmann",
            "name,energy_hartree\nTC,0\n",
            &["--unit", "kcal/mol"],
            "--unit",
        ),
        (
            "boltzmann",
            "name,energy\nTC,0\nTB,\n",
            &[],
            "{f}:3: energy: missing value",
        ),
        (
            "boltzmann",
            "name,energy,degeneracy\nTC,0,1\nTB,1,0\n",
            &[],
            "{f}:3: degeneracy",
        ),
        ("boltzmann", "", &[], "{f}"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (cmd, text, extra, want)) in cases.iter().enumerate() {
        let f = write(dir.path(), &format!("case{i}.csv"), text);
        let mut args = vec![*cmd, f.as_str()];
        args.extend_from_slice(extra);
        let e = fails(&args);
        let want = want.replace("{f}", &f);
        assert!(e.contains(&want), "case {i}: want '{want}' in: {e}");
    }
    let missing = dir.path().join("missing.csv").display().to_string();
    let e = fails(&["eyring-fit", &missing]);
    assert!(e.contains(&missing), "{e}");
    let e = fails(&["analyze", dir.path().join("nothing").to_str().unwrap()]);
    assert!(e.contains("nothing"), "{e}");
}
