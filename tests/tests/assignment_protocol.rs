//! Issue 19, the seed's assignment protocol end to end: `validate` on `OPTFREQ+NMR` pairs and on
//! folders of the pairs `dft-inputs` names (real Gaussian 16 / ORCA 5 outputs of divinylbenzene,
//! `../shared/data/qc/`, with what cclib 1.8.1 reads from them in `expected_cclib.json`).

use ringflux_tests::cli::{fails, json, run};
use ringflux_tests::{assert_close, num, read_json, shared};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn qc(name: &str) -> PathBuf {
    shared(&format!("data/qc/{name}"))
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn pair(o: &str, n: &str) -> String {
    format!("{}+{}", s(&qc(o)), s(&qc(n)))
}

const ORCA_FREQ: &str = "ORCA_ORCA5.0_dvb_ir.out";
const ORCA_NMR: &str = "ORCA_ORCA5.0_dvb_nmr.out";
const G16_FREQ: &str = "Gaussian_Gaussian16_dvb_ir.out";
const G16_NMR: &str = "Gaussian_Gaussian16_dvb_nmr.log";
/// σ_ref used in these tests, ppm (any value: δ = σ_ref − σ is checked, not its chemistry).
const TMS_C: f64 = 190.0;

/// A ¹³C list on the atoms both dvb NMR files number alike (C1…C6 ring, C11, C15 vinyl).
fn exp_list(dir: &Path) -> PathBuf {
    let p = dir.join("exp.csv");
    std::fs::write(
        &p,
        "nucleus,shift_ppm,atoms,label\n13C,137.9,1,C1\n13C,126.4,3,C3\n13C,124.0,5,C5\n13C,136.9,11,C11\n13C,113.6,15,C15\n",
    )
    .unwrap();
    p
}

fn validate(dir: &Path, cands: &[String], extra: &[&str]) -> Value {
    let exp = exp_list(dir);
    let mut args = vec!["validate".to_string()];
    for c in cands {
        args.push("--candidate".into());
        args.push(c.clone());
    }
    args.extend(["--exp".into(), s(&exp), "--tms-c".into(), TMS_C.to_string()]);
    args.extend(extra.iter().map(|x| x.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    json(&refs)
}

/// `validate` with one candidate, which must fail as an input error; returns stderr.
fn refused(exp: &Path, candidate: &str, extra: &[&str]) -> String {
    let mut args = vec!["validate", "--candidate", candidate, "--exp"];
    let exp = s(exp);
    args.extend([exp.as_str(), "--tms-c", "190"]);
    args.extend(extra);
    fails(&args)
}

/// cclib's shielding of 0-based atom `k` in `file`.
fn cclib_sigma(file: &str, k: usize) -> f64 {
    let e = read_json(&qc("expected_cclib.json"));
    num(&e[file]["isotropic_shielding_ppm_by_atom0"][k.to_string()])
}

#[test]
fn a_pair_takes_free_energy_from_the_freq_job_and_shieldings_from_the_nmr_job() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_json(&qc("expected_cclib.json"));
    let v = validate(
        dir.path(),
        &[format!("dvb={}", pair(ORCA_FREQ, ORCA_NMR))],
        &["--energy", "free"],
    );
    let c = &v["candidates"][0];
    let cf = &c["conformers"][0];
    assert_eq!(cf["file"], s(&qc(ORCA_FREQ)));
    assert_eq!(cf["nmr_file"], s(&qc(ORCA_NMR)));
    // cclib: the free energy of the frequency job (the NMR job has none)
    assert_eq!(num(&cf["energy_hartree"]), num(&e[ORCA_FREQ]["freeenergy"]));
    assert!(num(&cf["pair_rmsd_angstrom"]) < 1e-6, "{cf}");
    for (row, atom0) in [(0, 0), (1, 2), (2, 4), (3, 10), (4, 14)] {
        let x = &c["shifts"][row];
        let sigma = cclib_sigma(ORCA_NMR, atom0);
        assert_close("shielding", num(&x["shielding_ppm"]), sigma, 1e-12, 0.0);
        assert_close("shift", num(&x["calc_ppm"]), TMS_C - sigma, 1e-12, 0.0);
    }
}

#[test]
fn pairs_of_equal_free_energy_weigh_half_each() {
    // ORCA's frequency job with ORCA's and with Gaussian's NMR job (the same geometry to 1e-6 Å):
    // equal G → p = 1/2 each, σ̄ = mean of the two programs' shieldings (cclib's numbers)
    let dir = tempfile::tempdir().unwrap();
    let v = validate(
        dir.path(),
        &[format!(
            "dvb={},{}",
            pair(ORCA_FREQ, ORCA_NMR),
            pair(ORCA_FREQ, G16_NMR)
        )],
        &["--energy", "free"],
    );
    let c = &v["candidates"][0];
    for k in 0..2 {
        assert_eq!(num(&c["conformers"][k]["population"]), 0.5);
    }
    let want = 0.5 * (cclib_sigma(ORCA_NMR, 10) + cclib_sigma(G16_NMR, 10));
    assert_close(
        "σ̄ C11",
        num(&c["shifts"][3]["shielding_ppm"]),
        want,
        1e-12,
        0.0,
    );
}

#[test]
fn a_pair_in_another_atom_order_is_refused_naming_both_files() {
    // the real Gaussian frequency and NMR jobs of dvb list the atoms in different orders
    // (CCCCCHHH… and CCCCCCHHHH…): same molecule, but atom numbers would not match
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_list(dir.path());
    let err = refused(&exp, &format!("dvb={}", pair(G16_FREQ, G16_NMR)), &[]);
    assert!(
        err.contains(&s(&qc(G16_FREQ))) && err.contains(&s(&qc(G16_NMR))),
        "{err}"
    );
    assert!(err.contains("same order"), "{err}");
}

#[test]
fn a_pair_at_another_geometry_is_refused_with_its_rmsd() {
    // the real ORCA NMR output with atom 1 moved by 0.2 Å in x: RMSD 0.2/√20 ≈ 0.0447 Å before
    // superposition, a little less after; above the 0.01 Å tolerance
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(qc(ORCA_NMR)).unwrap();
    let old = "  C     -1.415253    0.230222    0.000000";
    assert!(text.contains(old));
    let moved = dir.path().join("moved_nmr.out");
    std::fs::write(
        &moved,
        text.replacen(old, "  C     -1.615253    0.230222    0.000000", 1),
    )
    .unwrap();
    let exp = exp_list(dir.path());
    let err = refused(
        &exp,
        &format!("dvb={}+{}", s(&qc(ORCA_FREQ)), s(&moved)),
        &[],
    );
    assert!(
        err.contains(&s(&qc(ORCA_FREQ))) && err.contains(&s(&moved)),
        "{err}"
    );
    let rmsd: f64 = err
        .split("RMSD ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no RMSD in {err}"));
    assert!(rmsd > 0.01 && rmsd < 0.2 / 20f64.sqrt() + 1e-4, "{err}");
}

#[test]
fn without_a_pair_the_nmr_job_has_no_free_energy() {
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_list(dir.path());
    let err = refused(
        &exp,
        &format!("a={},{}", s(&qc(ORCA_NMR)), s(&qc(G16_NMR))),
        &["--energy", "free"],
    );
    assert!(
        err.contains("has no free energy") && err.contains("OPTFREQ+NMR"),
        "{err}"
    );
}

/// A folder as `dft-inputs` names its jobs, holding copies of the real outputs.
fn job_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        (ORCA_FREQ, "dvb_TC-E_optfreq.out"),
        (ORCA_NMR, "dvb_TC-E_nmr.out"),
        (ORCA_FREQ, "dvb_TB-Z_optfreq.out"),
        (G16_NMR, "dvb_TB-Z_nmr.log"),
    ] {
        std::fs::copy(qc(from), dir.path().join(to)).unwrap();
    }
    // the inputs dft-inputs wrote stay beside the outputs and are not outputs
    std::fs::write(dir.path().join("dvb_TC-E_optfreq.inp"), "! B3LYP\n").unwrap();
    std::fs::write(dir.path().join("dvb_TC-E_nmr.inp"), "! NMR\n").unwrap();
    dir
}

#[test]
fn a_candidate_folder_takes_the_pairs_dft_inputs_named_and_says_which() {
    let jobs = job_folder();
    let dir = tempfile::tempdir().unwrap();
    let v = validate(
        dir.path(),
        &[format!("dvb={}", s(jobs.path()))],
        &["--energy", "free"],
    );
    let confs = v["candidates"][0]["conformers"].as_array().unwrap();
    let names: Vec<(String, String)> = confs
        .iter()
        .map(|c| {
            let f = |k: &str| {
                Path::new(c[k].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            };
            (f("file"), f("nmr_file"))
        })
        .collect();
    assert_eq!(
        names,
        [
            ("dvb_TB-Z_optfreq.out".into(), "dvb_TB-Z_nmr.log".into()),
            ("dvb_TC-E_optfreq.out".into(), "dvb_TC-E_nmr.out".into())
        ]
    );
    // the explicit pairs give the same numbers
    let explicit = validate(
        dir.path(),
        &[format!(
            "dvb={},{}",
            pair(ORCA_FREQ, G16_NMR),
            pair(ORCA_FREQ, ORCA_NMR)
        )],
        &["--energy", "free"],
    );
    assert_eq!(
        v["candidates"][0]["shifts"],
        explicit["candidates"][0]["shifts"]
    );
    // the human report names both files of each pair
    let exp = exp_list(dir.path());
    let (code, human, err) = run(&[
        "validate",
        "--candidate",
        &format!("dvb={}", s(jobs.path())),
        "--exp",
        &s(&exp),
        "--tms-c",
        "190",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        human.contains("dvb_TC-E_optfreq.out + ") && human.contains("dvb_TC-E_nmr.out (pair"),
        "{human}"
    );
}

#[test]
fn a_candidate_folder_with_an_output_missing_its_partner_is_refused() {
    let jobs = job_folder();
    std::fs::remove_file(jobs.path().join("dvb_TB-Z_nmr.log")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_list(dir.path());
    let err = refused(&exp, &format!("dvb={}", s(jobs.path())), &[]);
    assert!(
        err.contains("dvb_TB-Z_optfreq.out") && err.contains("no NMR output"),
        "{err}"
    );
}

// ---- validate's sanity warnings: each on a case that triggers it and one that does not ----

/// The dvb carbons of [`exp_list`] (0-based atoms) and their ORCA δ = σ_ref − σ (cclib's σ).
fn orca_shifts() -> Vec<f64> {
    [0, 2, 4, 10, 14]
        .iter()
        .map(|&k| TMS_C - cclib_sigma(ORCA_NMR, k))
        .collect()
}

/// An experimental list on the same atoms with the given shifts.
fn exp_with(dir: &Path, shifts: &[f64]) -> PathBuf {
    let p = dir.join("exp-made.csv");
    let mut t = String::from("nucleus,shift_ppm,atoms\n");
    for (&atom, d) in [1, 3, 5, 11, 15].iter().zip(shifts) {
        t += &format!("13C,{d},{atom}\n");
    }
    std::fs::write(&p, t).unwrap();
    p
}

/// Experimental shifts 0.1–0.3 ppm off the ORCA values: slope ≈ 1.
fn close_shifts() -> Vec<f64> {
    orca_shifts()
        .iter()
        .zip([0.3, -0.2, 0.1, -0.3, 0.2])
        .map(|(d, e)| d + e)
        .collect()
}

/// A candidate of two conformers from the same ORCA jobs: one program, one level, one kind of energy.
fn orca_pair_twice() -> String {
    let p = pair(ORCA_FREQ, ORCA_NMR);
    format!("dvb={p},{p}")
}

fn run_validate(exp: &Path, cands: &[String], extra: &[&str]) -> (Value, String) {
    let mut args = vec!["validate".to_string()];
    for c in cands {
        args.extend(["--candidate".to_string(), c.clone()]);
    }
    args.extend(["--exp".into(), s(exp), "--tms-c".into(), TMS_C.to_string()]);
    args.extend(extra.iter().map(|x| x.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let v = json(&refs);
    let (code, human, err) = run(&refs);
    assert_eq!(code, 0, "{err}");
    (v, human)
}

fn warnings(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {v}"))
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

/// Asserts exactly one warning containing `needle`, shown in the human output too.
fn warned(v: &Value, human: &str, needle: &str) {
    let w = warnings(v);
    let hits: Vec<&String> = w.iter().filter(|w| w.contains(needle)).collect();
    assert_eq!(hits.len(), 1, "'{needle}' in {w:?}");
    assert!(human.contains(&format!("warning: {}", hits[0])), "{human}");
}

#[test]
fn a_scaling_slope_far_from_one_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let calc = orca_shifts();
    let mean = calc.iter().sum::<f64>() / calc.len() as f64;
    // δ_calc = 0.57·δ_exp + b exactly: the calc-on-exp slope is 0.57, as in the issue
    let far: Vec<f64> = calc.iter().map(|d| mean + (d - mean) / 0.57).collect();
    let one = [s(&qc(ORCA_NMR))].map(|f| format!("dvb={f}"));
    let (v, human) = run_validate(&exp_with(dir.path(), &far), &one, &[]);
    assert_close(
        "slope",
        num(&v["candidates"][0]["nuclei"]["c13"]["corrected"]["slope"]),
        0.57,
        1e-9,
        0.0,
    );
    warned(&v, &human, "scaling slope 0.570 is outside 0.9–1.1");
    let (v, human) = run_validate(&exp_with(dir.path(), &close_shifts()), &one, &[]);
    assert!(warnings(&v).is_empty(), "{v}");
    assert!(!human.contains("warning"), "{human}");
}

#[test]
fn a_candidate_mixing_programs_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_with(dir.path(), &close_shifts());
    let mixed = format!(
        "dvb={},{}",
        pair(ORCA_FREQ, ORCA_NMR),
        pair(ORCA_FREQ, G16_NMR)
    );
    let (v, human) = run_validate(&exp, &[mixed], &["--energy", "free"]);
    warned(
        &v,
        &human,
        "shieldings come from different programs or method lines",
    );
    assert!(warnings(&v)[0].contains("Gaussian: #p NMR"), "{v}");
    let (v, _) = run_validate(&exp, &[orca_pair_twice()], &["--energy", "free"]);
    assert!(warnings(&v).is_empty(), "{v}");
}

#[test]
fn boltzmann_weights_on_energies_of_different_kinds_are_warned_about() {
    // SCF energy of the opt/freq job (pair) beside the SCF energy of an NMR job (lone file)
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_with(dir.path(), &close_shifts());
    let mixed = format!("dvb={},{}", pair(ORCA_FREQ, ORCA_NMR), s(&qc(ORCA_NMR)));
    let (v, human) = run_validate(&exp, &[mixed], &["--energy", "scf"]);
    warned(
        &v,
        &human,
        "the Boltzmann weights rest on energies of different kinds",
    );
    let (v, _) = run_validate(&exp, &[orca_pair_twice()], &["--energy", "scf"]);
    assert!(warnings(&v).is_empty(), "{v}");
}

#[test]
fn dp4_of_one_candidate_says_there_is_no_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_with(dir.path(), &close_shifts());
    let a = format!("a={}", s(&qc(ORCA_NMR)));
    let (v, human) = run_validate(&exp, std::slice::from_ref(&a), &["--dp4"]);
    warned(&v, &human, "one candidate: no comparison");
    assert!(v["dp4"].is_null(), "{v}");
    assert!(!human.contains("100.00%"), "{human}");
    let b = format!("b={}", s(&qc(G16_NMR)));
    let (v, human) = run_validate(&exp, &[a, b], &["--dp4"]);
    assert!(
        !warnings(&v).iter().any(|w| w.contains("one candidate")),
        "{v}"
    );
    assert_eq!(v["dp4"]["combined"].as_array().map(Vec::len), Some(2));
    assert!(human.contains("DP4"), "{human}");
}

#[test]
fn free_energies_at_another_temperature_than_the_weights_are_warned_about() {
    // ORCA's frequency job ran at 298.15 K (cclib: temperature 298.15)
    let e = read_json(&qc("expected_cclib.json"));
    let t = num(&e[ORCA_FREQ]["temperature"]);
    let dir = tempfile::tempdir().unwrap();
    let exp = exp_with(dir.path(), &close_shifts());
    let (v, human) = run_validate(
        &exp,
        &[orca_pair_twice()],
        &["--energy", "free", "--temp-k", "233"],
    );
    warned(&v, &human, &format!("the free energies are at {t} K"));
    let (v, _) = run_validate(
        &exp,
        &[orca_pair_twice()],
        &["--energy", "free", "--temp-k", &t.to_string()],
    );
    assert!(warnings(&v).is_empty(), "{v}");
    // SCF energies carry no temperature: no warning at 233 K
    let (v, _) = run_validate(
        &exp,
        &[orca_pair_twice()],
        &["--energy", "scf", "--temp-k", "233"],
    );
    assert!(warnings(&v).is_empty(), "{v}");
}

#[test]
fn a_validate_manifest_takes_pairs_relative_to_itself() {
    // `analyze` runs a *.validate.json; an `OPTFREQ+NMR` entry has both files beside the manifest
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(qc(ORCA_FREQ), dir.path().join("a_optfreq.out")).unwrap();
    std::fs::copy(qc(ORCA_NMR), dir.path().join("a_nmr.out")).unwrap();
    let mut t = String::from("nucleus,shift_ppm,atoms\n");
    for (&atom, d) in [1, 3, 5, 11, 15].iter().zip(close_shifts()) {
        t += &format!("13C,{d},{atom}\n");
    }
    std::fs::write(dir.path().join("dvb.exp-shifts.csv"), t).unwrap();
    std::fs::write(
        dir.path().join("dvb.validate.json"),
        r#"{"exp": "dvb.exp-shifts.csv", "candidates": {"A": ["a_optfreq.out+a_nmr.out"]}, "tms_c": 190, "energy": "free"}"#,
    )
    .unwrap();
    let v = json(&["analyze", &s(dir.path())]);
    let c = &v["validate"]["dvb.validate.json"]["candidates"][0]["conformers"][0];
    assert_eq!(c["nmr_file"], s(&dir.path().join("a_nmr.out")), "{v}");
    let e = read_json(&qc("expected_cclib.json"));
    assert_eq!(num(&c["energy_hartree"]), num(&e[ORCA_FREQ]["freeenergy"]));
}

// ---- `analyze` on a folder of the job outputs `dft-inputs` names (no manifest) ----

/// [`job_folder`] with the experimental list of [`exp_list`] as `dvb.exp-shifts.csv` and a TMS
/// table `tms.csv` (σ_ref(¹³C) = [`TMS_C`]).
fn analyze_folder() -> tempfile::TempDir {
    let jobs = job_folder();
    let exp = exp_list(jobs.path());
    std::fs::rename(exp, jobs.path().join("dvb.exp-shifts.csv")).unwrap();
    std::fs::write(
        jobs.path().join("tms.csv"),
        format!("atom,element,shielding_ppm\n1,C,{TMS_C}\n"),
    )
    .unwrap();
    jobs
}

/// `ringflux validate` as `analyze` runs it on the folder `d`: free energies, TMS from `tms.csv`.
fn validate_like_analyze(d: &Path, cands: &[String], extra: &[&str]) -> Value {
    let exp = s(&d.join("dvb.exp-shifts.csv"));
    let tms = s(&d.join("tms.csv"));
    let mut args = vec!["validate"];
    for c in cands {
        args.extend(["--candidate", c.as_str()]);
    }
    args.extend(["--exp", &exp, "--tms", &tms, "--energy", "free"]);
    args.extend(extra);
    json(&args)
}

#[test]
fn analyze_validates_the_dft_job_outputs_of_a_folder_as_validate_candidate_dir_does() {
    let jobs = analyze_folder();
    let d = jobs.path();
    // the reference: `validate --candidate dvb=DIR` on the same files (before the stray output)
    let want = validate_like_analyze(d, &[format!("dvb={}", s(d))], &[]);
    // an NMR output without its opt/freq job: listed as unpaired, not used
    std::fs::copy(qc(ORCA_NMR), d.join("dvb_B-E_nmr.out")).unwrap();
    let v = json(&["analyze", &s(d)]);
    let got = &v["validate"]["dvb.exp-shifts.csv"];
    for k in [
        "candidates",
        "reference_shielding_ppm",
        "energy",
        "temp_k",
        "warnings",
        "exp_file",
    ] {
        assert_eq!(got[k], want[k], "{k}: {got}");
    }
    assert!(!want["candidates"][0]["shifts"]
        .as_array()
        .unwrap()
        .is_empty());
    let pairs: Vec<(String, String, String)> = got["dft_jobs"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let t = |k: &str| p[k].as_str().unwrap().to_string();
            (t("candidate"), t("family"), t("nmr_file"))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("dvb".into(), "TB-Z".into(), "dvb_TB-Z_nmr.log".into()),
            ("dvb".into(), "TC-E".into(), "dvb_TC-E_nmr.out".into())
        ]
    );
    assert_eq!(
        got["dft_jobs"]["unpaired_files"],
        serde_json::json!(["dvb_B-E_nmr.out"])
    );
    assert_eq!(got["dft_jobs"]["tms_file"], "tms.csv");
    assert_eq!(
        v["validate"]["dvb_TC-E_nmr.out"]["used_by"],
        serde_json::json!(["dvb.exp-shifts.csv"])
    );
    let warned = warnings(&v);
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("dvb_B-E_nmr.out: no opt/freq output dvb_B-E_optfreq")),
        "{warned:?}"
    );
    // the human report lists the pairs and the unpaired file
    let (code, human, err) = run(&["analyze", &s(d)]);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "dvb TC-E: dvb_TC-E_optfreq.out + dvb_TC-E_nmr.out",
        "unpaired, not used: dvb_B-E_nmr.out",
        "input of the validation against dvb.exp-shifts.csv",
    ] {
        assert!(human.contains(needle), "{needle}: {human}");
    }
}

#[test]
fn analyze_makes_one_candidate_per_stem_and_compares_them_by_dp4() {
    let jobs = analyze_folder();
    let d = jobs.path();
    std::fs::copy(qc(ORCA_FREQ), d.join("dvbb_TC-E_optfreq.out")).unwrap();
    std::fs::copy(qc(ORCA_NMR), d.join("dvbb_TC-E_nmr.out")).unwrap();
    let f = |n: &str| s(&d.join(n));
    let want = validate_like_analyze(
        d,
        &[
            format!(
                "dvb={}+{},{}+{}",
                f("dvb_TB-Z_optfreq.out"),
                f("dvb_TB-Z_nmr.log"),
                f("dvb_TC-E_optfreq.out"),
                f("dvb_TC-E_nmr.out")
            ),
            format!(
                "dvbb={}+{}",
                f("dvbb_TC-E_optfreq.out"),
                f("dvbb_TC-E_nmr.out")
            ),
        ],
        &["--dp4", "t"],
    );
    let v = json(&["analyze", &s(d)]);
    let got = &v["validate"]["dvb.exp-shifts.csv"];
    assert_eq!(got["candidates"], want["candidates"], "{got}");
    assert_eq!(got["dp4"], want["dp4"], "{got}");
    assert_eq!(got["dp4"]["combined"].as_array().map(Vec::len), Some(2));
}

#[test]
fn analyze_warns_about_dft_outputs_without_an_experimental_list() {
    let jobs = job_folder();
    let v = json(&["analyze", &s(jobs.path())]);
    assert!(v["validate"].get("dvb.exp-shifts.csv").is_none(), "{v}");
    let warned = warnings(&v);
    // one warning per pair, naming it
    for key in ["dvb_TB-Z", "dvb_TC-E"] {
        let n = warned
            .iter()
            .filter(|w| w.contains(&format!("DFT pair {key} is not validated")))
            .count();
        assert_eq!(n, 1, "{key}: {warned:?}");
    }
    assert!(warned
        .iter()
        .all(|w| w.contains("no experimental shift list (*.exp-shifts.csv)")));
}

#[test]
fn analyze_asks_for_tms_when_dft_outputs_have_no_reference() {
    let jobs = analyze_folder();
    std::fs::remove_file(jobs.path().join("tms.csv")).unwrap();
    let (code, _, err) = run(&["analyze", &s(jobs.path())]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("dvb.exp-shifts.csv") && err.contains("tms.out/.log"),
        "{err}"
    );
}
