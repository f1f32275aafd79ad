//! The dynamic-NMR commands through the built `ringflux` binary (issue 4): JSON against nmrsim's
//! spectra and known answers, files written, exit code 2 with located messages on bad input.

use ringflux_tests::cli::{fails, json, ringflux};
use ringflux_tests::{assert_close, example, num, read_json, shared};
use serde_json::Value;
use std::path::Path;

/// Exit 2 and the stderr message.
fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

#[test]
fn simulate_reproduces_nmrsim() {
    // shared/reference/lineshapes: ts05 (SABE coalescence, p_a = 0.75) and ab03 (KRW coalescence),
    // on nmrsim's default grid (the command's default); ≤ 1e-9 of the peak, as the core test.
    let params = read_json(&shared("reference/lineshapes/parameters.json"));
    for set in params["sets"].as_array().unwrap() {
        let s = |k: &str| num(&set[k]).to_string();
        let args: Vec<String> = match set["func"].as_str().unwrap() {
            "dnmr_two_singlets" => vec![
                "--model".into(),
                "two-site".into(),
                "--va-hz".into(),
                s("va"),
                "--vb-hz".into(),
                s("vb"),
                "--k-per-s".into(),
                s("ka"),
                "--wa-hz".into(),
                s("wa"),
                "--wb-hz".into(),
                s("wb"),
                "--pop-a".into(),
                s("pa"),
            ],
            _ => vec![
                "--model".into(),
                "ab".into(),
                "--va-hz".into(),
                s("va"),
                "--vb-hz".into(),
                s("vb"),
                "--k-per-s".into(),
                s("k"),
                "--wa-hz".into(),
                s("w"),
                "--j-hz".into(),
                s("J"),
            ],
        };
        let mut all = vec!["lineshape".to_string(), "simulate".into()];
        all.extend(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let v = json(&refs);
        let y = floats(&v["intensity"]);
        let text = std::fs::read_to_string(shared(&format!(
            "reference/lineshapes/{}",
            set["file"].as_str().unwrap()
        )))
        .unwrap();
        let y_ref: Vec<f64> = text
            .lines()
            .skip(1)
            .map(|l| l.split_once(',').unwrap().1.parse().unwrap())
            .collect();
        let peak = num(&set["y_max"]);
        let worst = y
            .iter()
            .zip(&y_ref)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert_eq!(y.len(), y_ref.len());
        assert!(worst <= 1e-9 * peak, "{}: {worst:e}", set["name"]);
    }
}

#[test]
fn simulate_then_fit_round_trip_with_plots() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("s.csv");
    let out = ringflux()
        .args([
            "lineshape",
            "simulate",
            "--va-hz",
            "165",
            "--vb-hz",
            "135",
            "--k-per-s",
            "40",
            "--wa-hz",
            "1",
            "--pop-a",
            "0.6",
            "--scale",
            "1000",
            "--baseline",
            "3",
            "--noise",
            "0.01",
            "--seed",
            "42",
            "--csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&csv, &out.stdout).unwrap();
    let plot = dir.path().join("fit.svg");
    let v = json(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--va-hz",
        "165",
        "--vb-hz",
        "135",
        "--pop-a",
        "0.6",
        "--temp-k",
        "300",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    let (k, e) = (num(&v["k_per_s"]), num(&v["k_err_per_s"]));
    // Within 3 of its own standard errors (see tests/tests/fit.rs for the calibration).
    assert!((k - 40.0).abs() <= 3.0 * e, "k = {k} ± {e}");
    assert!(e > 0.0 && e < 2.0);
    assert!(num(&v["dg_kj_per_mol"]) > 60.0);
    // Flat error keys (one JSON convention, issue 17): `X` beside `X_err_<unit>`.
    assert!(v["wa_hz"].is_number(), "width fitted by default");
    assert!(num(&v["wa_err_hz"]) > 0.0, "{v}");
    assert!(
        num(&v["scale_err"]) > 0.0 && v["baseline_err"].is_number(),
        "{v}"
    );
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("measured") && svg.contains("ν (Hz)"));
    // Human output names the rate.
    let human = ringflux()
        .args([
            "lineshape",
            "fit",
            csv.to_str().unwrap(),
            "--va-hz",
            "165",
            "--vb-hz",
            "135",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(human.stdout).unwrap().contains("k = "));
}

#[test]
fn fit_in_the_slow_limit_says_undetermined() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("slow.csv");
    let out = ringflux()
        .args([
            "lineshape",
            "simulate",
            "--va-hz",
            "165",
            "--vb-hz",
            "135",
            "--k-per-s",
            "0.01",
            "--wa-hz",
            "1",
            "--noise",
            "0.01",
            "--csv",
        ])
        .output()
        .unwrap();
    std::fs::write(&csv, &out.stdout).unwrap();
    let err = fails(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--va-hz",
        "165",
        "--vb-hz",
        "135",
    ]);
    assert!(
        err.starts_with(&format!(
            "error: {}: k_per_s: not determined",
            csv.display()
        )),
        "{err}"
    );
}

#[test]
fn vt_fit_gives_back_the_example_activation_parameters() {
    // examples/isovaleryl-diazepane/README.md: simulated with ΔH‡ = 70 kJ/mol, ΔS‡ = −5 J/(mol K).
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("eyring.svg");
    let manifest = example("isovaleryl-diazepane/isovaleryl-diazepane.amide.vt.csv");
    let v = json(&[
        "vt-fit",
        manifest.to_str().unwrap(),
        "--fix-width",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    let (dh, dh_e) = (num(&v["dh_kj_per_mol"]), num(&v["dh_err_kj_per_mol"]));
    let (ds, ds_e) = (num(&v["ds_j_per_mol_k"]), num(&v["ds_err_j_per_mol_k"]));
    assert!((dh - 70.0).abs() <= 3.0 * dh_e, "ΔH‡ {dh} ± {dh_e}");
    assert!((ds + 5.0).abs() <= 3.0 * ds_e, "ΔS‡ {ds} ± {ds_e}");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 14);
    let undetermined = points
        .iter()
        .filter(|p| p["status"] == "undetermined")
        .count();
    assert!(undetermined >= 1, "the 223 K spectrum is in the slow limit");
    assert!(v["dg_298_kj_per_mol"].is_number());
    for f in [plot.clone(), dir.path().join("eyring-spectra.svg")] {
        let svg = std::fs::read_to_string(&f).unwrap();
        assert!(svg.starts_with("<svg"), "{}", f.display());
    }
    assert!(std::fs::read_to_string(&plot)
        .unwrap()
        .contains("1000/T (K⁻¹)"));
}

/// What `integrate` should return for two Lorentzians, computed independently: the exact area
/// (p/2π)[atan(2(H − ν)/w) − atan(2(L − ν)/w)] of both lines over [L, H] minus the stated
/// baseline, a line through the means of the first and last 5 samples of the region.
fn expected_integral(x: &[f64], y: &[f64], lo: f64, hi: f64, lines: &[(f64, f64, f64)]) -> f64 {
    let inside: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, _)| **a >= lo && **a <= hi)
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = inside.len();
    let mean = |p: &[(f64, f64)]| {
        (
            p.iter().map(|v| v.0).sum::<f64>() / 5.0,
            p.iter().map(|v| v.1).sum::<f64>() / 5.0,
        )
    };
    let ((x0, y0), (x1, y1)) = (mean(&inside[..5]), mean(&inside[n - 5..]));
    let (a, b) = (inside[0].0, inside[n - 1].0);
    let base = |t: f64| y0 + (y1 - y0) * (t - x0) / (x1 - x0);
    let area: f64 = lines
        .iter()
        .map(|&(p, v, w)| {
            p / (2.0 * std::f64::consts::PI)
                * ((2.0 * (b - v) / w).atan() - (2.0 * (a - v) / w).atan())
        })
        .sum();
    area - 0.5 * (b - a) * (base(a) + base(b))
}

#[test]
fn integrate_noise_free_three_to_one() {
    // Slow exchange (k = 0.001 s⁻¹, broadening 3e-4 Hz), p_a = 0.75, w = 1.5 Hz, 4096 points.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("slow.csv");
    let out = ringflux()
        .args([
            "lineshape",
            "simulate",
            "--va-hz",
            "1440",
            "--vb-hz",
            "1380",
            "--k-per-s",
            "0.001",
            "--wa-hz",
            "1.5",
            "--pop-a",
            "0.75",
            "--from-hz",
            "1300",
            "--to-hz",
            "1520",
            "--points",
            "4096",
            "--csv",
        ])
        .output()
        .unwrap();
    std::fs::write(&csv, &out.stdout).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (x, y) = ringflux_tests::xy_csv(&text);
    let lines = [(0.75, 1440.0, 1.5), (0.25, 1380.0, 1.5)];
    let v = json(&[
        "integrate",
        csv.to_str().unwrap(),
        "--unit",
        "hz",
        "--region",
        "1410..1470",
        "--region",
        "1350..1410",
        "--temp-k",
        "298.15",
    ]);
    // Trapezoid rule at 0.054 Hz steps on 1.5 Hz lines: ~1e-4 relative; 1e-3 is the bound.
    const TRAPEZOID_RTOL: f64 = 1e-3;
    let i1 = expected_integral(&x, &y, 1410.0, 1470.0, &lines);
    let i2 = expected_integral(&x, &y, 1350.0, 1410.0, &lines);
    assert_close(
        "integral 1",
        num(&v["regions"][0]["integral"]),
        i1,
        TRAPEZOID_RTOL,
        0.0,
    );
    assert_close(
        "integral 2",
        num(&v["regions"][1]["integral"]),
        i2,
        TRAPEZOID_RTOL,
        0.0,
    );
    // The method's own bias (the linear baseline leaves part of the major line's curved tail under
    // the minor signal): the ratio comes out ~1 % above the true 3; ΔG° is RT ln K of that ratio.
    let ratio = num(&v["ratio"]);
    assert_close("ratio", ratio, i1 / i2, 2.0 * TRAPEZOID_RTOL, 0.0);
    assert!((ratio - 3.0).abs() < 0.05, "ratio {ratio}");
    let r_t = 8.31446261815324 * 298.15 / 1000.0;
    assert_close(
        "ΔG°",
        num(&v["equilibrium"]["dg0_kj_per_mol"]),
        r_t * ratio.ln(),
        1e-12,
        0.0,
    );
    assert!(v["baseline_correction"]
        .as_str()
        .unwrap()
        .contains("linear baseline"));
    // ppm regions need a referenced axis: a Hz CSV has none.
    let err = fails(&[
        "integrate",
        csv.to_str().unwrap(),
        "--region",
        "3.5..3.7",
        "--region",
        "3.4..3.5",
    ]);
    assert!(err.starts_with("error: --unit:"), "{err}");
}

#[test]
fn integrate_a_real_jcamp_spectrum_in_ppm() {
    // compression_jcamp-fix.dx (400 MHz, $OFFSET-referenced): two regions give finite integrals.
    let f = shared("data/jcamp/compression_jcamp-fix.dx");
    let v = json(&[
        "integrate",
        f.to_str().unwrap(),
        "--region",
        "7.0..7.5",
        "--region",
        "1.0..1.5",
    ]);
    assert_eq!(v["regions"].as_array().unwrap().len(), 2);
    assert!(num(&v["regions"][0]["from_hz"]) > 2700.0);
    assert!(num(&v["ratio"]).is_finite());
}

#[test]
fn plan_matches_gutowsky_holm_example() {
    // kinetics.md (b): ΔG‡ = 68.7920 kJ/mol = 16.4417 kcal/mol, Δν = 40 Hz → T_c = 330 K.
    // 0.1 ppm at 400 MHz is 40 Hz for ¹H.
    let v = json(&[
        "plan",
        "--dg-kcal-per-mol",
        "16.44168",
        "--dnu-ppm",
        "0.1",
        "--mhz",
        "400",
    ]);
    assert_close("T_c", num(&v["tc_k"][0]), 330.0, 0.0, 0.01);
    assert_close("Δν", num(&v["dnu_hz"]), 40.0, 1e-12, 0.0);
    let sched = floats(&v["schedule_k"]);
    assert!(sched.first().unwrap() <= &num(&v["slow_exchange_below_k"]));
    assert!(sched.last().unwrap() >= &num(&v["fast_exchange_above_k"]));
    for s in v["solvents"].as_array().unwrap() {
        assert!(num(&s["mp_k"]) < sched[0] && num(&s["bp_k"]) > *sched.last().unwrap());
        assert!(s["parent_solvent_value"].is_boolean());
    }
    // ¹³C on the same magnet: Ξ = 25.145020 %.
    let c = json(&[
        "plan",
        "--dg-kcal-per-mol",
        "14..16",
        "--dnu-ppm",
        "1",
        "--mhz",
        "400",
        "--nucleus",
        "13C",
    ]);
    assert_close("observe MHz", num(&c["observe_mhz"]), 100.58008, 1e-9, 0.0);
    assert!(num(&c["tc_k"][0]) < num(&c["tc_k"][1]));
}

#[test]
fn bad_input_exits_2_with_a_located_message() {
    let err = fails(&["lineshape", "simulate", "--vb-hz", "1", "--k-per-s", "1"]);
    assert!(err.starts_with("error: --va-hz: required"), "{err}");
    let err = fails(&[
        "lineshape",
        "simulate",
        "--va-hz",
        "1",
        "--vb-hz",
        "2",
        "--k-per-s",
        "1",
        "--pop-a",
        "1.5",
    ]);
    assert!(err.starts_with("error: --pop-a:"), "{err}");
    let err = fails(&[
        "lineshape",
        "simulate",
        "--model",
        "ab",
        "--va-hz",
        "1",
        "--vb-hz",
        "2",
        "--k-per-s",
        "1",
    ]);
    assert!(err.starts_with("error: --j-hz: required"), "{err}");
    let err = fails(&[
        "plan",
        "--dg-kcal-per-mol",
        "17..15",
        "--dnu-ppm",
        "0.1",
        "--mhz",
        "400",
    ]);
    assert!(err.contains("low to high"), "{err}");
    // A broken JCAMP file: the Y check of its second data line.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shared("data/jcamp/compression_jcamp-difdup.dx")).unwrap();
    let bad = dir.path().join("bad.dx");
    std::fs::write(&bad, text.replacen("16371f620", "16371f621", 1)).unwrap();
    let err = fails(&[
        "lineshape",
        "fit",
        bad.to_str().unwrap(),
        "--va-hz",
        "1",
        "--vb-hz",
        "2",
    ]);
    assert!(
        err.starts_with(&format!(
            "error: {}:435: XYDATA: Y check failed",
            bad.display()
        )),
        "{err}"
    );
    // A manifest row naming a missing spectrum.
    let m = dir.path().join("s.vt.csv");
    std::fs::write(&m, "file,temp_k\nnone.csv,300\n").unwrap();
    let err = fails(&[
        "vt-fit",
        m.to_str().unwrap(),
        "--va-hz",
        "1",
        "--vb-hz",
        "2",
    ]);
    assert!(
        err.starts_with(&format!("error: {}:2: file: no such file", m.display())),
        "{err}"
    );
    let plot = dir.path().join("never.svg");
    fails(&[
        "vt-fit",
        m.to_str().unwrap(),
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(!Path::new(&plot).exists(), "nothing half-written");
}

#[test]
fn analyze_runs_the_vt_step() {
    let v = json(&["analyze", example("isovaleryl-diazepane").to_str().unwrap()]);
    let vt = &v["vt_fit"]["isovaleryl-diazepane.amide.vt.csv"];
    assert!((num(&vt["dh_kj_per_mol"]) - 70.0).abs() <= 3.0 * num(&vt["dh_err_kj_per_mol"]));
    assert!(
        v["unused_files"].as_array().unwrap().is_empty(),
        "{}",
        v["unused_files"]
    );
}

/// Freeze-out (issue 17): at the slow-exchange limit `lineshape fit --fit-population` returns
/// p_a, ΔG° = R T ln(p_a/p_b) and a 95 % upper bound on k (core `freeze_out`, calibrated in
/// tests/tests/freeze_out.rs) instead of exit 2 (two resolved lines required); the true k (0.001 s⁻¹) lies under the bound and
/// the --fix-width advice is not given when --fix-width was. A fast-limit spectrum still exits 2.
#[test]
fn fit_population_at_the_slow_limit_returns_populations_and_a_bound() {
    let dir = std::env::temp_dir().join(format!("ringflux-freeze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sim = |k: &str, name: &str| {
        let (code, out, err) = ringflux_tests::cli::run(&[
            "lineshape",
            "simulate",
            "--model",
            "two-site",
            "--va-hz",
            "165",
            "--vb-hz",
            "135",
            "--k-per-s",
            k,
            "--wa-hz",
            "1",
            "--pop-a",
            "0.7",
            "--from-hz",
            "100",
            "--to-hz",
            "200",
            "--points",
            "1000",
            "--noise",
            "0.002",
            "--seed",
            "5",
            "--csv",
        ]);
        assert_eq!(code, 0, "{err}");
        let p = dir.join(name);
        std::fs::write(&p, out).unwrap();
        p
    };
    // At k = 0.01 s⁻¹ these fixed 1 Hz lines still determine k (σ(ln k) ≈ 0.4); 0.001 does not.
    let slow = sim("0.001", "slow.csv");
    let args = |p: &Path| {
        vec![
            "lineshape".to_string(),
            "fit".into(),
            p.to_str().unwrap().into(),
            "--va-hz".into(),
            "165".into(),
            "--vb-hz".into(),
            "135".into(),
            "--wa-hz".into(),
            "1".into(),
            "--pop-a".into(),
            "0.5".into(),
            "--fix-width".into(),
            "--fit-population".into(),
            "--temp-k".into(),
            "250".into(),
        ]
    };
    let a = args(&slow);
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let v = json(&refs);
    assert_eq!(v["status"], "slow_exchange_limit");
    let (p, pe) = (num(&v["pop_a"]), num(&v["pop_a_err"]));
    assert!((p - 0.7).abs() < 3.0 * pe && pe < 0.01, "p_a {p} ± {pe}");
    // ΔG° = R T ln(p_a/p_b) at 250 K, R = N_A k_B.
    let r = 6.022_140_76e23 * 1.380_649e-23;
    let dg = r * 250.0 * (p / (1.0 - p)).ln() / 1000.0;
    assert!((num(&v["dg0_kj_per_mol"]) - dg).abs() < 1e-9, "{v}");
    assert!((num(&v["dg0_kcal_per_mol"]) * 4.184 - num(&v["dg0_kj_per_mol"])).abs() < 1e-9);
    let k_up = num(&v["k_upper_per_s"]);
    assert!(k_up > 0.001 && k_up < 10.0, "bound {k_up}");
    let human = ringflux_tests::cli::run(&refs).1;
    assert!(
        human.contains("k <") && !human.contains("--fix-width"),
        "{human}"
    );
    // Fast limit (k = 1e8 s⁻¹: one averaged line; at 1e6 s⁻¹ these lines still give σ(ln k) < 1):
    // no populations, the undetermined message without the --fix-width advice it already follows.
    let fast = sim("100000000", "fast.csv");
    let a = args(&fast);
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let e = fails(&refs);
    assert!(
        e.contains("not determined") && !e.contains("(--fix-width)"),
        "{e}"
    );
}
