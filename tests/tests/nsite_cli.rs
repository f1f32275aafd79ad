//! The n-site model file through the built binary (issue 17): `lineshape simulate --model-file`
//! against numpy's dense complex solve per point (`tests/data/nsite_reference.json`, generator
//! `tests/bench/nsite_reference.sh`, as the core test `nsite.rs`), `lineshape fit --model-file
//! --free` recovering the reference models' rates and populations from numpy's spectra, the
//! two-site model file agreeing with the two-site fitter (itself checked against nmrsim in
//! `cli_dnmr.rs`), and errors that name the file and the field.

use ringflux_tests::cli::{fails, json};
use ringflux_tests::{example, num, read_json, workspace_root};
use serde_json::{json as j, Value};
use std::path::{Path, PathBuf};

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

fn cases() -> Vec<Value> {
    read_json(&workspace_root().join("tests/data/nsite_reference.json"))["cases"]
        .as_array()
        .unwrap()
        .clone()
}

fn case(name: &str) -> Value {
    cases().into_iter().find(|c| c["name"] == name).unwrap()
}

/// The model file of a reference case: sites named s0, s1, …; `rates` replaces the exchanges'
/// rates and `pops` the populations where given (start values of a fit).
fn model_file(c: &Value, rates: &[Option<f64>], pops: &[Option<f64>]) -> Value {
    let sites: Vec<Value> = c["sites"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = pops
                .get(i)
                .copied()
                .flatten()
                .unwrap_or(num(&s["population"]));
            j!({"name": format!("s{i}"), "nu_hz": s["nu_hz"], "w_hz": s["w_hz"], "population": p})
        })
        .collect();
    let exchanges: Vec<Value> = c["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let k = rates
                .get(i)
                .copied()
                .flatten()
                .unwrap_or(num(&e["k_per_s"]));
            j!({"from": format!("s{}", e["from"]), "to": format!("s{}", e["to"]), "k_per_s": k})
        })
        .collect();
    j!({"sites": sites, "exchanges": exchanges,
        "from_hz": c["from_hz"], "to_hz": c["to_hz"], "points": c["points"]})
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ringflux-nsite-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// numpy's spectrum of a case as a `hz,intensity` CSV on the command's own grid (the same
/// linspace as the reference's).
fn reference_csv(dir: &Path, c: &Value) -> PathBuf {
    let v = json(&[
        "lineshape",
        "simulate",
        "--model-file",
        write(dir, "grid.json", &model_file(c, &[], &[]).to_string())
            .to_str()
            .unwrap(),
    ]);
    let x = floats(&v["x_hz"]);
    let y = floats(&c["y"]);
    let mut s = String::from("hz,intensity\n");
    for (a, b) in x.iter().zip(&y) {
        s += &format!("{a},{b}\n");
    }
    write(dir, &format!("{}.csv", c["name"].as_str().unwrap()), &s)
}

#[test]
fn simulate_model_file_equals_numpy_dense_solve() {
    // The grid comes from the file (from_hz, to_hz, points); 1e-12 of the peak, as the core test.
    let dir = tmp("sim");
    let all = cases();
    assert_eq!(all.len(), 6);
    for c in &all {
        let m = write(
            dir.as_path(),
            "m.json",
            &model_file(c, &[], &[]).to_string(),
        );
        let v = json(&["lineshape", "simulate", "--model-file", m.to_str().unwrap()]);
        let (y, want) = (floats(&v["intensity"]), floats(&c["y"]));
        assert_eq!(y.len(), want.len(), "{}", c["name"]);
        let peak = want.iter().cloned().fold(0.0, f64::max);
        let dev = y
            .iter()
            .zip(&want)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(dev <= 1e-12 * peak, "{}: {dev:e} of peak {peak}", c["name"]);
        // The reverse rates by detailed balance: p_from k = p_to k_rev.
        for (e, s) in v["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .zip(c["exchanges"].as_array().unwrap())
        {
            let p = |i: &Value| num(&c["sites"][i.as_u64().unwrap() as usize]["population"]);
            let (pf, pt) = (p(&s["from"]), p(&s["to"]));
            let rel = (pf * num(&e["k_per_s"]) - pt * num(&e["k_reverse_per_s"])).abs()
                / (pf * num(&e["k_per_s"])).max(1e-300);
            assert!(rel < 1e-14, "{}: detailed balance {rel:e}", c["name"]);
        }
    }
}

#[test]
fn fit_model_file_recovers_reference_rates() {
    // four_site_both_intermediate: k(E-TC→Z-TC) = 60, k(E-TC→E-TB) = 150 s⁻¹ in numpy's spectrum;
    // start a factor 2 off each way, free those two (their partners fixed at the truth).
    let dir = tmp("fit");
    let c = case("four_site_both_intermediate");
    let csv = reference_csv(&dir, &c);
    let m = write(
        &dir,
        "start.json",
        &model_file(&c, &[Some(30.0), None, Some(300.0), None], &[]).to_string(),
    );
    let v = json(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--model-file",
        m.to_str().unwrap(),
        "--free",
        "k:s0>s2",
        "k:s0>s1",
        "--temp-k",
        "300",
    ]);
    let free = v["free"].as_array().unwrap();
    for (f, want) in free.iter().zip([60.0, 150.0]) {
        let k = num(&f["k_per_s"]);
        assert!(
            (k / want - 1.0).abs() < 1e-6,
            "{}: {k} vs {want}",
            f["name"]
        );
        assert_eq!(f["determined"], true);
        // Exact data: the residual and so the error are round-off.
        assert!(num(&f["k_err_per_s"]) < 1e-6 * want, "{f}");
        // ΔG‡ = R T ln(k_B T/(h k)) at 300 K (kinetics.md (a)), kJ and kcal twins agree.
        // R = N_A k_B, exact in SI 2019.
        let r = 6.022_140_76e23 * 1.380_649e-23;
        let dg = r * 300.0 * (1.380_649e-23 * 300.0 / (6.626_070_15e-34 * k)).ln();
        assert!((num(&f["dg_kj_per_mol"]) - dg / 1000.0).abs() < 1e-9, "{f}");
        assert!((num(&f["dg_kcal_per_mol"]) * 4.184 - num(&f["dg_kj_per_mol"])).abs() < 1e-9);
    }
    // Detailed balance in the reported reverse rate: p(s0) 0.45, p(s2) 0.3.
    let kr = num(&free[0]["k_reverse_per_s"]);
    assert!((kr - 0.45 * num(&free[0]["k_per_s"]) / 0.3).abs() < 1e-9);
}

#[test]
fn fit_model_file_recovers_a_population() {
    // three_site_cycle (p = 0.5, 0.3, 0.2); start p(s0) = 0.4 with s1, s2 at 0.36, 0.24 (the
    // fixed ones keep their 3:2 ratio and share the rest): the fit returns 0.5, 0.3, 0.2.
    let dir = tmp("pop");
    let c = case("three_site_cycle");
    let csv = reference_csv(&dir, &c);
    let m = write(
        &dir,
        "start.json",
        &model_file(&c, &[], &[Some(0.4), Some(0.36), Some(0.24)]).to_string(),
    );
    let v = json(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--model-file",
        m.to_str().unwrap(),
        "--free",
        "population:s0",
    ]);
    assert!((num(&v["free"][0]["population"]) - 0.5).abs() < 1e-7, "{v}");
    let sites = v["sites"].as_array().unwrap();
    for (s, want) in sites.iter().zip([0.5, 0.3, 0.2]) {
        assert!((num(&s["population"]) - want).abs() < 1e-7, "{s}");
    }
}

#[test]
fn two_site_model_file_fits_as_the_two_site_fitter() {
    // The bundled 303 K amide spectrum (examples/isovaleryl-diazepane/vt, the README's
    // `lineshape fit` example): the same model as a model file with k and the scale/baseline
    // free must give the two-site fitter's k and σ_k (same least-squares problem, same data).
    let spec = example("isovaleryl-diazepane/vt/amide-303K.csv");
    let two = json(&[
        "lineshape",
        "fit",
        spec.to_str().unwrap(),
        "--va-hz",
        "1440",
        "--vb-hz",
        "1380",
        "--wa-hz",
        "1.5",
        "--pop-a",
        "0.75",
        "--fix-width",
    ]);
    let k = num(&two["k_per_s"]);
    let dir = tmp("two");
    let m = j!({"sites": [
            {"name": "a", "nu_hz": 1440.0, "w_hz": 1.5, "population": 0.75},
            {"name": "b", "nu_hz": 1380.0, "w_hz": 1.5, "population": 0.25}],
        "exchanges": [{"from": "a", "to": "b", "k_per_s": 5.0}]});
    let m = write(&dir, "two.json", &m.to_string());
    let n = json(&[
        "lineshape",
        "fit",
        spec.to_str().unwrap(),
        "--model-file",
        m.to_str().unwrap(),
        "--free",
        "k:a>b",
    ]);
    let f = &n["free"][0];
    assert!((num(&f["k_per_s"]) / k - 1.0).abs() < 1e-6, "{f} vs {k}");
    assert!(
        (num(&f["k_err_per_s"]) / num(&two["k_err_per_s"]) - 1.0).abs() < 1e-3,
        "{f} vs {two}"
    );
}

#[test]
fn model_file_errors_name_file_and_field() {
    let dir = tmp("err");
    let c = case("three_site_cycle");
    let mut bad = model_file(&c, &[], &[]);
    bad["exchanges"][1]["to"] = j!("s9");
    let p = write(&dir, "bad.json", &bad.to_string());
    let e = fails(&["lineshape", "simulate", "--model-file", p.to_str().unwrap()]);
    assert!(
        e.contains("bad.json: exchanges[1].to: no site named 's9'"),
        "{e}"
    );
    let p = write(
        &dir,
        "syntax.json",
        "{\"sites\": [\n {\"name\": \"a\",, }]}",
    );
    let e = fails(&["lineshape", "simulate", "--model-file", p.to_str().unwrap()]);
    assert!(e.contains("syntax.json:2: "), "{e}");
    let good = write(&dir, "good.json", &model_file(&c, &[], &[]).to_string());
    let csv = reference_csv(&dir, &c);
    let e = fails(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--model-file",
        good.to_str().unwrap(),
        "--free",
        "k:s0>s9",
    ]);
    assert!(e.contains("--free: 'k:s0>s9'"), "{e}");
    let e = fails(&[
        "lineshape",
        "fit",
        csv.to_str().unwrap(),
        "--model-file",
        good.to_str().unwrap(),
        "--free",
        "population:s0",
        "population:s1",
        "population:s2",
    ]);
    assert!(e.contains("at least one population must stay fixed"), "{e}");
    let e = fails(&[
        "lineshape",
        "simulate",
        "--model-file",
        good.to_str().unwrap(),
        "--va-hz",
        "3",
    ]);
    assert!(e.contains("--model-file"), "{e}");
}

/// The four-site amide × ring model file (E-TC, E-TB, Z-TC, Z-TB) with the two processes named
/// (`"process": "amide"` / `"ring"`), amide and ring rates as given.
fn four_site_model(k_amide: f64, k_ring: f64) -> Value {
    let site =
        |n: &str, nu: f64, p: f64| j!({"name": n, "nu_hz": nu, "w_hz": 1.5, "population": p});
    let ex =
        |f: &str, t: &str, k: f64, p: &str| j!({"from": f, "to": t, "k_per_s": k, "process": p});
    j!({
        "sites": [site("E-TC", 1440.0, 0.45), site("E-TB", 1400.0, 0.30),
                  site("Z-TC", 1380.0, 0.15), site("Z-TB", 1330.0, 0.10)],
        "exchanges": [ex("E-TC", "Z-TC", k_amide, "amide"), ex("E-TB", "Z-TB", k_amide, "amide"),
                      ex("E-TC", "E-TB", k_ring, "ring"), ex("Z-TC", "Z-TB", k_ring, "ring")],
        "from_hz": 1250.0, "to_hz": 1520.0, "points": 1500
    })
}

#[test]
fn free_barriers_of_the_four_site_scheme_are_fitted_back() {
    // Stated barriers (the scheme): amide rotation ΔG‡ = 17 kcal/mol, ring inversion
    // 8 kcal/mol; k from the Eyring equation (ringflux_core::eyring::rate_per_s, checked against
    // shared/reference/kinetics/). The amide barrier is fitted at 330 K (ring fast, fixed at its
    // true rate), the ring barrier at 170 K (amide frozen, fixed). Spectra: the core n-site model
    // (checked against numpy in nsite.rs) ×1e4 + baseline 3 + Gaussian noise σ = 1 % of the peak.
    use ringflux_core::eyring::rate_per_s;
    let dir = tempfile::tempdir().unwrap();
    let kj = |kcal: f64| kcal * 4184.0;
    for (t, process, truth_kcal, seed) in [(330.0, "amide", 17.0, 7u64), (170.0, "ring", 8.0, 11)] {
        let k_amide = rate_per_s(kj(17.0), t, 1.0).unwrap();
        let k_ring = rate_per_s(kj(8.0), t, 1.0).unwrap();
        let truth = four_site_model(k_amide, k_ring);
        let tm = dir.path().join(format!("truth-{process}.json"));
        std::fs::write(&tm, truth.to_string()).unwrap();
        let sim = json(&[
            "lineshape",
            "simulate",
            "--model-file",
            tm.to_str().unwrap(),
            "--json",
        ]);
        let (x, y) = (floats(&sim["x_hz"]), floats(&sim["intensity"]));
        let peak = y.iter().cloned().fold(0.0, f64::max) * 1e4;
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut uniform = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            ((rng >> 11) as f64 + 1.0) / (1u64 << 53) as f64
        };
        let mut csv = String::from("hz,intensity\n");
        for (xi, yi) in x.iter().zip(&y) {
            let g = (-2.0 * uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * uniform()).cos();
            csv += &format!("{xi},{}\n", yi * 1e4 + 3.0 + 0.01 * peak * g);
        }
        let spec = dir.path().join(format!("{process}.csv"));
        std::fs::write(&spec, csv).unwrap();
        // Start: the fitted barrier's rate a factor 5 off.
        let start = if process == "amide" {
            four_site_model(k_amide * 5.0, k_ring)
        } else {
            four_site_model(k_amide, k_ring / 5.0)
        };
        let sm = dir.path().join(format!("start-{process}.json"));
        std::fs::write(&sm, start.to_string()).unwrap();
        let free = format!("dg:{process}");
        let ts = t.to_string();
        let v = json(&[
            "lineshape",
            "fit",
            spec.to_str().unwrap(),
            "--model-file",
            sm.to_str().unwrap(),
            "--free",
            &free,
            "--temp-k",
            &ts,
            "--json",
        ]);
        let f = &v["free"][0];
        assert_eq!(f["determined"], true, "{f}");
        let (dg, err) = (num(&f["dg_kcal_per_mol"]), num(&f["dg_err_kcal_per_mol"]));
        assert!(err > 0.0 && err < 0.1, "{process}: σ {err}");
        assert!(
            (dg - truth_kcal).abs() <= 3.0 * err,
            "{process}: {dg} ± {err} vs {truth_kcal}"
        );
        // Both exchanges of the process carry the one fitted rate.
        let ex = v["exchanges"].as_array().unwrap();
        let of: Vec<f64> = ex
            .iter()
            .filter(|e| {
                (process == "amide")
                    == (e["from"] == "E-TC" && e["to"] == "Z-TC"
                        || e["from"] == "E-TB" && e["to"] == "Z-TB")
            })
            .map(|e| num(&e["k_per_s"]))
            .collect();
        assert_eq!(of.len(), 2);
        assert_eq!(of[0], of[1]);
    }
    // A barrier needs a temperature; an unknown process is named.
    let m = dir.path().join("start-amide.json");
    let spec = dir.path().join("amide.csv");
    let fit_fails = |more: &[&str]| {
        let mut args = vec!["lineshape", "fit", spec.to_str().unwrap()];
        args.extend(["--model-file", m.to_str().unwrap(), "--free"]);
        args.extend(more);
        fails(&args)
    };
    let e = fit_fails(&["dg:amide"]);
    assert!(e.contains("--temp-k"), "{e}");
    let e = fit_fails(&["dg:twist", "--temp-k", "300"]);
    assert!(e.contains("no exchange of") && e.contains("'twist'"), "{e}");
}
