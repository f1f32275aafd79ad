//! `ringflux qc`, `ringflux validate` and the `validate` step of `analyze` through the built
//! binary, against `../shared/data/qc/expected_cclib.json` and the DP4 / DP4+ reference cases in
//! `../shared/reference/boltzmann/cases/` (via the example folders derived from them).

use ringflux_core::constants::{GAS_CONSTANT_J_PER_MOL_K, HARTREE_KCAL_PER_MOL, J_PER_KCAL};
use ringflux_tests::cli::{json, run};
use ringflux_tests::{assert_close, example, num, read_json, shared};
use serde_json::Value;
use std::path::Path;

/// The nankakurine case's stated tolerance for DP4 probabilities.
const DP4_ABS: f64 = 1e-9;
/// DP4+ results (see dp4_reference.rs: ≤ 3e-11 from the tails, margin ×3).
const DP4PLUS_REL: f64 = 1e-10;
/// Shifts rebuilt from σ = 200 − δ: one subtraction of values ≤ 200 in f64.
const RELABEL_ABS_PPM: f64 = 1e-12;

/// Runs the binary; returns (exit code, stdout, stderr).
/// Asserts exit 2, empty stdout, and `error: <file>:<line>: …`; returns the message.
fn fails_at(args: &[&str], file: &Path) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(out.is_empty(), "stdout must stay empty on error: {out}");
    let prefix = format!("error: {}:", file.display());
    assert!(
        err.starts_with(&prefix),
        "expected '{prefix}<line>: …', got: {err}"
    );
    let line = err[prefix.len()..].split(':').next().unwrap_or("");
    assert!(
        line.trim().parse::<u64>().is_ok(),
        "no line number in: {err}"
    );
    err
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn qc_json_matches_cclib() {
    let exp = read_json(&shared("data/qc/expected_cclib.json"));
    for name in ["Gaussian_Gaussian16_dvb_nmr.log", "ORCA_ORCA5.0_dvb_ir.out"] {
        let v = json(&["qc", &s(&shared(&format!("data/qc/{name}")))]);
        let f = &v["files"][0];
        let e = &exp[name];
        assert_eq!(f["natom"], e["natom"]);
        // cclib's hartree values went through eV (see qc_reference.rs): 5e-9 Eh
        assert_close(
            "scf",
            num(&f["scf_energy_hartree"]),
            num(&e["scf_energy_final_hartree"]),
            0.0,
            5e-9,
        );
        if let Some(g) = e.get("freeenergy") {
            assert_eq!(num(&f["free_energy_hartree"]), num(g));
            assert_eq!(num(&f["temperature_k"]), num(&e["temperature"]));
        }
        if let Some(m) = e.get("isotropic_shielding_ppm_by_atom0") {
            assert_eq!(num(&f["atoms"][0]["isotropic_shielding_ppm"]), num(&m["0"]));
        }
    }
    let (code, human, _) = run(&["qc", &s(&shared("data/qc/ORCA_ORCA5.0_dvb_nmr.out"))]);
    assert_eq!(code, 0);
    assert!(
        human.contains("ORCA 5.0.0") && human.contains("114.44"),
        "{human}"
    );
}

#[test]
fn qc_cut_off_file_is_an_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shared("data/qc/Gaussian_Gaussian16_dvb_nmr.log")).unwrap();
    let cut: String = text.lines().take(560).collect::<Vec<_>>().join("\n");
    let p = dir.path().join("cut.log");
    std::fs::write(&p, cut).unwrap();
    let err = fails_at(&["qc", &s(&p)], &p);
    assert!(err.contains("shielding block"), "{err}");
    let cut: String = text.lines().take(1400).collect::<Vec<_>>().join("\n");
    std::fs::write(&p, cut).unwrap();
    let err = fails_at(&["qc", &s(&p)], &p);
    assert!(err.contains("Normal termination"), "{err}");
}

fn nankakurine_args(extra: &[&str]) -> Vec<String> {
    let d = example("nankakurine-dp4");
    let mut a = vec![
        "validate".to_string(),
        "--candidate".into(),
        format!("15a={}", s(&d.join("15a.shieldings.csv"))),
        "--candidate".into(),
        format!("15b={}", s(&d.join("15b.shieldings.csv"))),
        "--exp".into(),
        s(&d.join("nankakurine.exp-shifts.csv")),
        "--tms-c".into(),
        "200".into(),
        "--tms-h".into(),
        "32".into(),
    ];
    a.extend(extra.iter().map(|x| x.to_string()));
    a
}

#[test]
fn validate_reproduces_the_nankakurine_dp4_case() {
    let c = read_json(&shared(
        "reference/boltzmann/cases/dp4_01_nankakurine_real.json",
    ));
    for (model, key) in [("t", "t"), ("gauss", "gauss")] {
        let args = nankakurine_args(&["--dp4", model]);
        let v = json(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let want = &c["expected_with_interchange"]["dp4"][key];
        for (ours, theirs) in [("c13", "C"), ("h1", "H")] {
            for k in 0..2 {
                assert_close(
                    &format!("{model} {ours}[{k}]"),
                    num(&v["dp4"]["probabilities"][ours][k]),
                    num(&want[theirs][k]),
                    0.0,
                    DP4_ABS,
                );
            }
        }
        for k in 0..2 {
            assert_close(
                &format!("{model} combined[{k}]"),
                num(&v["dp4"]["combined"][k]),
                num(&want["combined"][k]),
                0.0,
                DP4_ABS,
            );
        }
        // shifts come back from the relabelled shieldings; metrics as in the case
        let cand = &v["candidates"][1];
        assert_eq!(cand["name"], "15b");
        let calc = c["calculated_ppm"]["15b"].as_array().unwrap();
        assert_close(
            "15b C1 calc",
            num(&cand["shifts"][0]["calc_ppm"]),
            num(&calc[0]),
            0.0,
            RELABEL_ABS_PPM,
        );
        let m = &c["expected_with_interchange"]["per_candidate"]["15b"]["C"]["metrics"];
        assert_close(
            "15b 13C CMAE",
            num(&cand["nuclei"]["c13"]["corrected"]["cmae_ppm"]),
            num(&m["CMAE_calc_on_exp"]),
            1e-11,
            0.0,
        );
    }
    // the alternative regression is stated and gives the case's exp-on-calc CMAE
    let args = nankakurine_args(&["--scaling", "exp-on-calc"]);
    let v = json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(v["scaling"], "exp_on_calc");
    let m = &c["expected_with_interchange"]["per_candidate"]["15b"]["H"]["metrics"];
    assert_close(
        "15b 1H CMAE exp-on-calc",
        num(&v["candidates"][1]["nuclei"]["h1"]["corrected"]["cmae_ppm"]),
        num(&m["CMAE_exp_on_calc"]),
        1e-11,
        0.0,
    );
}

#[test]
fn validate_reproduces_the_dp4plus_case_and_plots() {
    let c = read_json(&shared(
        "reference/boltzmann/cases/dp4plus_02_sp2_sp3_synthetic.json",
    ));
    let d = example("dp4plus-synthetic");
    let out = tempfile::tempdir().unwrap();
    let plot = out.path().join("scatter.svg");
    let mut args: Vec<String> = vec!["validate".into()];
    for cand in ["A", "B", "C"] {
        args.push("--candidate".into());
        args.push(format!(
            "{cand}={}",
            s(&d.join(format!("{cand}.shieldings.csv")))
        ));
    }
    for x in [
        "--exp",
        &s(&d.join("synthetic.exp-shifts.csv")),
        "--dp4plus",
        "mPW1PW91/6-31+G(d,p)",
        "--solvent",
        "CHCl3",
        "--plot",
        &s(&plot),
    ] {
        args.push(x.to_string());
    }
    let v = json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let names = [
        "C_uns", "C_sca", "C_full", "H_uns", "H_sca", "H_full", "Uns", "Sca", "Full",
    ];
    let got = v["dp4plus"]["probabilities"].as_array().unwrap();
    assert_eq!(got.len(), 9);
    for (g, name) in got.iter().zip(names) {
        assert_eq!(g["term"], name.to_ascii_lowercase());
        for k in 0..3 {
            let want = num(&c["expected"]["results"][name][k]);
            assert_close(
                &format!("{name}[{k}]"),
                num(&g["probabilities"][k]),
                want,
                DP4PLUS_REL,
                0.0,
            );
        }
    }
    assert_eq!(
        num(&v["reference_shielding_ppm"]["c13"]),
        num(&c["tms_shielding_ppm"]["C"])
    );
    // both nuclei: 13C in the named file, 1H beside it
    for p in [plot.clone(), out.path().join("scatter-1H.svg")] {
        let svg = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(
            svg.starts_with("<svg") && svg.contains("calc = exp"),
            "{}",
            p.display()
        );
    }
}

/// Two conformers with energies 0.5 kcal/mol apart at 200 K: the weighted shielding is
/// Σ p_i σ_i with p from the Boltzmann formula written out here (boltzmann-shifts.md §1–2).
#[test]
fn validate_boltzmann_weights_the_conformers() {
    let dir = tempfile::tempdir().unwrap();
    let e0 = -500.0;
    let de_hartree = 0.5 / HARTREE_KCAL_PER_MOL;
    let conf = |name: &str, e: f64, g: f64, sc: [f64; 3]| {
        let atoms: Vec<Value> = ["C", "C", "H"]
            .iter()
            .zip(sc)
            .enumerate()
            .map(|(i, (el, s))| serde_json::json!({"index": i + 1, "element": el, "isotropic_shielding_ppm": s}))
            .collect();
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            serde_json::json!({"scf_energy_hartree": e, "free_energy_hartree": g, "atoms": atoms})
                .to_string(),
        )
        .unwrap();
        s(&p)
    };
    // free energies in the opposite order: --energy free must swap the populations
    let a = conf("a.json", e0, e0 + de_hartree, [150.0, 160.0, 30.0]);
    let b = conf("b.json", e0 + de_hartree, e0, [140.0, 166.0, 29.0]);
    let exp = dir.path().join("exp.csv");
    std::fs::write(
        &exp,
        "nucleus,shift_ppm,atoms\n13C,45,1\n13C,30,2\n1H,2.0,3\n",
    )
    .unwrap();
    let v = json(&[
        "validate",
        "--candidate",
        &format!("X={a},{b}"),
        "--exp",
        &s(&exp),
        "--tms-c",
        "190",
        "--tms-h",
        "31.5",
        "--temp-k",
        "200",
    ]);
    // ΔE as stored: the f64 sum e0 + ΔE rounds at ulp(500 Eh) = 1.1e-13 Eh, i.e. 2e-10 of RT at
    // 200 K; the reference takes the same stored difference so that only the formula is compared
    let de_stored = (e0 + de_hartree) - e0;
    let x = de_stored * HARTREE_KCAL_PER_MOL * J_PER_KCAL / (GAS_CONSTANT_J_PER_MOL_K * 200.0);
    let pb = (-x).exp() / (1.0 + (-x).exp());
    let c = &v["candidates"][0];
    assert_close(
        "p(b)",
        num(&c["conformers"][1]["population"]),
        pb,
        1e-12,
        0.0,
    );
    let want = 190.0 - ((1.0 - pb) * 150.0 + pb * 140.0);
    assert_close(
        "weighted C1 shift",
        num(&c["shifts"][0]["calc_ppm"]),
        want,
        1e-13,
        0.0,
    );
    let want_h = 31.5 - ((1.0 - pb) * 30.0 + pb * 29.0);
    assert_close(
        "weighted H shift",
        num(&c["shifts"][2]["calc_ppm"]),
        want_h,
        1e-13,
        0.0,
    );
    let v_free = json(&[
        "validate",
        "--candidate",
        &format!("X={a},{b}"),
        "--exp",
        &s(&exp),
        "--tms-c",
        "190",
        "--tms-h",
        "31.5",
        "--temp-k",
        "200",
        "--energy",
        "free",
    ]);
    assert_eq!(v_free["energy"], "free");
    assert_close(
        "p(a), free",
        num(&v_free["candidates"][0]["conformers"][0]["population"]),
        pb,
        1e-12,
        0.0,
    );
    // one 1H signal cannot be scaled: raw errors only, stated as such
    assert!(c["nuclei"]["h1"]["corrected"].is_null());
    assert!(c["shifts"][2]["scaled_ppm"].is_null());
}

#[test]
fn validate_bad_inputs_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let nmr = s(&shared("data/qc/Gaussian_Gaussian16_dvb_nmr.log"));
    let exp = dir.path().join("exp.csv");
    // a missing atom: dvb has 20 atoms
    std::fs::write(&exp, "nucleus,shift_ppm,atoms\n13C,137.9,1\n13C,112.0,25\n").unwrap();
    let err = fails_at(
        &[
            "validate",
            "--candidate",
            &format!("dvb={nmr}"),
            "--exp",
            &s(&exp),
            "--tms-c",
            "190",
        ],
        &exp,
    );
    assert!(
        err.contains(":3:") && err.contains("atom 25 does not exist"),
        "{err}"
    );
    // a shielding list of the wrong length: conformer with 19 atoms beside one with 20
    let short = dir.path().join("short.csv");
    let mut rows = String::from("atom,element,shielding_ppm\n");
    for (i, el) in [
        "C", "C", "C", "C", "C", "C", "H", "H", "H", "H", "C", "C", "H", "H", "C", "C", "H", "H",
        "H",
    ]
    .iter()
    .enumerate()
    {
        rows += &format!("{},{el},100\n", i + 1);
    }
    std::fs::write(&short, rows).unwrap();
    std::fs::write(&exp, "nucleus,shift_ppm,atoms\n13C,137.9,1\n13C,112.0,2\n").unwrap();
    let (code, _, err) = run(&[
        "validate",
        "--candidate",
        &format!("dvb={nmr},{}", s(&short)),
        "--exp",
        &s(&exp),
        "--tms-c",
        "190",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("error: {}: has 19 atoms", s(&short))),
        "{err}"
    );
    // an element that does not match the nucleus column
    std::fs::write(&exp, "nucleus,shift_ppm,atoms\n1H,7.0,1\n").unwrap();
    let err = fails_at(
        &[
            "validate",
            "--candidate",
            &format!("dvb={nmr}"),
            "--exp",
            &s(&exp),
            "--tms-h",
            "31",
        ],
        &exp,
    );
    assert!(err.contains("atom 1 is C"), "{err}");
    // a cut-off output used as a conformer
    let text = std::fs::read_to_string(shared("data/qc/ORCA_ORCA5.0_dvb_nmr.out")).unwrap();
    let cut = dir.path().join("cut.out");
    std::fs::write(&cut, text.lines().take(1500).collect::<Vec<_>>().join("\n")).unwrap();
    fails_at(
        &[
            "validate",
            "--candidate",
            &format!("dvb={}", s(&cut)),
            "--exp",
            &s(&exp),
            "--tms-h",
            "31",
        ],
        &cut,
    );
    // no reference shielding: a flag error, not a guess
    let (code, _, err) = run(&[
        "validate",
        "--candidate",
        &format!("dvb={nmr}"),
        "--exp",
        &s(&exp),
    ]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --tms-h:"), "{err}");
    // DP4+ needs the sp2 column
    let err = fails_at(
        &[
            "validate",
            "--candidate",
            &format!("dvb={nmr}"),
            "--exp",
            &s(&exp),
            "--dp4plus",
            "B3LYP/6-31G(d)",
        ],
        &exp,
    );
    assert!(err.contains("sp2"), "{err}");
}

#[test]
fn analyze_runs_the_shift_examples() {
    let c = read_json(&shared(
        "reference/boltzmann/cases/dp4_01_nankakurine_real.json",
    ));
    let v = json(&["analyze", &s(&example("nankakurine-dp4"))]);
    let r = &v["validate"]["nankakurine.validate.json"];
    let want = num(&c["expected_with_interchange"]["dp4"]["t"]["C"][0]);
    assert_close(
        "analyze DP4 13C 15a",
        num(&r["dp4"]["probabilities"]["c13"][0]),
        want,
        0.0,
        DP4_ABS,
    );
    assert_eq!(
        v["validate"]["15a.shieldings.csv"]["input_of"],
        "nankakurine.validate.json"
    );
    assert_eq!(v["unused_files"].as_array().map(Vec::len), Some(0));
    let v = json(&["analyze", &s(&example("dp4plus-synthetic"))]);
    assert!(v["validate"]["synthetic.validate.json"]["dp4plus"].is_object());
}

/// The atom block of record `n` (1-based) of an SDF file: (element, x, y, z) per atom.
fn sdf_record_atoms(path: &Path, n: usize) -> Vec<(String, [f64; 3])> {
    let text = std::fs::read_to_string(path).unwrap();
    let rec = text
        .split("$$$$")
        .nth(n - 1)
        .unwrap()
        .trim_start_matches(['\r', '\n']);
    let lines: Vec<&str> = rec.lines().collect();
    let natoms: usize = lines[3][..3].trim().parse().unwrap();
    lines[4..4 + natoms]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[3].to_string(),
                [
                    f[0].parse().unwrap(),
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                ],
            )
        })
        .collect()
}

/// dft-inputs on the real RDKit/MMFF ensemble of the seed compound
/// (`../shared/data/ensembles/isovaleryl-diazepane.sdf`): one representative per family, its
/// geometry copied from the ensemble record it names, solvent keyword of each program.
#[test]
fn dft_inputs_write_one_representative_per_family() {
    let sdf = shared("data/ensembles/isovaleryl-diazepane.sdf");
    let out = tempfile::tempdir().unwrap();
    let conformers = json(&["conformers", &s(&sdf)]);
    for (program, ext, solvent_kw) in [
        ("gaussian", "gjf", "SCRF=(PCM,Solvent=Chloroform)"),
        ("orca", "inp", "CPCM(Chloroform)"),
    ] {
        let dir = out.path().join(program);
        let v = json(&[
            "dft-inputs",
            &s(&sdf),
            "--program",
            program,
            "--solvent",
            "CDCl3",
            "--min-population",
            "0",
            "--out",
            &s(&dir),
        ]);
        let fams = v["families"].as_array().unwrap();
        let keys: Vec<&str> = fams.iter().map(|f| f["family"].as_str().unwrap()).collect();
        for want in ["TC-E", "TC-Z", "TB-E", "TB-Z"] {
            assert!(
                keys.contains(&want),
                "{program}: {want} missing from {keys:?}"
            );
        }
        assert_eq!(v["missing_families"].as_array().unwrap().len(), 0);
        let total: f64 = fams.iter().map(|f| num(&f["population"])).sum();
        assert!(
            (total - 1.0).abs() < 1e-12,
            "family populations sum to {total}"
        );
        for f in fams {
            let files: Vec<&str> = f["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            assert_eq!(files.len(), 2);
            let opt = std::fs::read_to_string(files[0]).unwrap();
            let nmr = std::fs::read_to_string(files[1]).unwrap();
            assert!(
                files[0].ends_with(&format!("_optfreq.{ext}"))
                    && files[1].ends_with(&format!("_nmr.{ext}"))
            );
            assert!(
                opt.contains("Opt Freq") && opt.contains(solvent_kw),
                "{opt}"
            );
            assert!(nmr.contains("NMR") && nmr.contains(solvent_kw), "{nmr}");
            // the geometry is the named record's, atom by atom
            let atoms = sdf_record_atoms(&sdf, f["record"].as_u64().unwrap() as usize);
            let rows: Vec<Vec<&str>> = opt
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
                .filter(|w| {
                    w.len() == 4
                        && w[1].parse::<f64>().is_ok()
                        && w[0].chars().all(char::is_alphabetic)
                })
                .collect();
            assert_eq!(rows.len(), atoms.len(), "{}", files[0]);
            for (r, (el, xyz)) in rows.iter().zip(&atoms) {
                assert_eq!(r[0], el);
                for k in 0..3 {
                    assert!((r[k + 1].parse::<f64>().unwrap() - xyz[k]).abs() < 1e-8);
                }
            }
            // the representative is the lowest of its family, as `ringflux conformers` reports it
            let fam = conformers["families"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["family"] == f["family"])
                .unwrap();
            assert_eq!(
                num(&f["relative_energy_kcal_per_mol"]),
                num(&fam["lowest_relative_energy_kcal_per_mol"])
            );
        }
    }
    // an ensemble holding only the first record lacks families, and says which
    let text = std::fs::read_to_string(&sdf).unwrap();
    let first = format!("{}$$$$\n", text.split("$$$$").next().unwrap());
    let one = out.path().join("one.sdf");
    std::fs::write(&one, first).unwrap();
    let v = json(&["dft-inputs", &s(&one), "--out", &s(&out.path().join("one"))]);
    assert_eq!(v["families"].as_array().unwrap().len(), 1);
    let missing = v["missing_families"].as_array().unwrap();
    assert!(missing.len() >= 3, "{missing:?}");
    let (_, human, _) = run(&["dft-inputs", &s(&one), "--out", &s(&out.path().join("one"))]);
    assert!(human.contains("missing from the ensemble"), "{human}");
    // an unknown solvent is a usage error
    let (code, _, err) = run(&[
        "dft-inputs",
        &s(&sdf),
        "--solvent",
        "ether",
        "--out",
        &s(&out.path().join("x")),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("CDCl3"), "{err}");
}
