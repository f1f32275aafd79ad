//! `ringflux integrate --baseline`: the reported σ of each integral, of the ratio and of ΔG° is
//! checked against the spread over repeated noise draws of the same simulated spectrum (the model of
//! `examples/isovaleryl-diazepane/vt/generate.sh` at slow exchange: 1H at 400 MHz, E at 1440 Hz
//! p = 0.75, Z at 1380 Hz p = 0.25, 1.5 Hz lines, ×10⁶, baseline 200, Gaussian noise 1 % of the
//! tallest point, 1024 points over 1300–1520 Hz; seeds 1…N of `lineshape simulate --seed`).
//! The expected ratio is the analytic one of two Lorentzians (area of a line of width w within
//! ±h of its centre: p·(2/π)·atan(2h/w)); negative and insignificant integrals are refused.

use ringflux_tests::cli::{json, ringflux, run};
use ringflux_tests::num;
use std::path::Path;

/// Noise draws; the relative standard error of a standard deviation from N draws is 1/√(2N)
/// (5 % for N = 200), so the 20 % criterion is 4 standard errors wide.
const DRAWS: u64 = 200;
/// Agreement asked by issue 19 between the reported σ and the spread over draws.
const SIGMA_RTOL: f64 = 0.20;

fn simulate(path: &Path, seed: u64, noise: f64) {
    let out = ringflux()
        .args([
            "lineshape",
            "simulate",
            "--model",
            "two-site",
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
            "1024",
            "--scale",
            "1e6",
            "--baseline",
            "200",
            "--noise",
            &noise.to_string(),
            "--seed",
            &seed.to_string(),
            "--csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(path, out.stdout).unwrap();
}

const REGIONS: [&str; 4] = ["--region", "1420..1460", "--region", "1360..1400"];
const BASELINES: [&str; 6] = [
    "--baseline",
    "1300..1350",
    "--baseline",
    "1470..1520",
    "--baseline",
    "1403..1417",
];

/// `integrate` in Hz over the two signal regions (1420..1460 major, 1360..1400 minor) with `extra`.
fn integrate_hz(p: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["integrate", p, "--unit", "hz"];
    args.extend(REGIONS);
    args.extend(extra);
    json(&args)
}

fn integrate(path: &Path) -> serde_json::Value {
    let mut extra = vec!["--temp-k", "233"];
    extra.extend(BASELINES);
    integrate_hz(path.to_str().unwrap(), &extra)
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (
        m,
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt(),
    )
}

#[test]
fn reported_sigma_matches_the_spread_over_noise_draws() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("draw.csv");
    // columns: integral 1, integral 2, ratio, ΔG° kJ/mol; reported σ of each
    let (mut vals, mut sig) = (vec![Vec::new(); 4], vec![Vec::new(); 4]);
    for seed in 1..=DRAWS {
        simulate(&f, seed, 0.01);
        let v = integrate(&f);
        let e = &v["equilibrium"];
        for (k, (x, s)) in [
            (
                &v["regions"][0]["integral"],
                &v["regions"][0]["integral_err"],
            ),
            (
                &v["regions"][1]["integral"],
                &v["regions"][1]["integral_err"],
            ),
            (&v["ratio"], &v["ratio_err"]),
            (&e["dg0_kj_per_mol"], &e["dg0_err_kj_per_mol"]),
        ]
        .into_iter()
        .enumerate()
        {
            vals[k].push(num(x));
            sig[k].push(num(s));
        }
    }
    let names = ["integral 1", "integral 2", "ratio", "ΔG°"];
    for k in 0..4 {
        let (_, spread) = mean_sd(&vals[k]);
        let (reported, _) = mean_sd(&sig[k]);
        let rel = reported / spread - 1.0;
        eprintln!(
            "{}: reported σ {reported:.4e}, spread {spread:.4e} ({:+.1} %)",
            names[k],
            100.0 * rel
        );
        assert!(
            rel.abs() < SIGMA_RTOL,
            "{}: reported σ {reported:.4e}, spread over {DRAWS} draws {spread:.4e} ({:+.1} %)",
            names[k],
            100.0 * rel
        );
    }
    // Unbiased by the noise: the mean over draws equals the noise-free spectrum's ratio (2.9999:
    // the baseline regions hold the lines' far tails, which the fitted line takes back out of the
    // integration windows; the analytic truncation alone would give
    // (0.75F + t)/(0.25F + 3t) = 2.976 with F = (2/π)atan(40/1.5)), within 4 standard errors.
    simulate(&f, 1, 0.0);
    let clean = num(&integrate(&f)["ratio"]);
    assert!((clean - 3.0).abs() < 0.01, "noise-free ratio {clean}");
    let (m, sd) = mean_sd(&vals[2]);
    let se = sd / (DRAWS as f64).sqrt();
    assert!(
        (m - clean).abs() < 4.0 * se,
        "mean ratio {m:.4} vs noise-free {clean:.4} (SE {se:.4})"
    );
}

/// The default end-point baseline (5 points at each end of each region) is what the issue
/// measured: on the same draws its ratios scatter far more widely than the fitted baseline's.
#[test]
fn fitted_baseline_scatters_less_than_end_points() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("draw.csv");
    let (mut fitted, mut ends) = (Vec::new(), Vec::new());
    for seed in 1..=40 {
        simulate(&f, seed, 0.01);
        fitted.push(num(&integrate(&f)["ratio"]));
        let p = f.to_str().unwrap();
        let v = json(&[
            "integrate",
            p,
            "--unit",
            "hz",
            "--region",
            "1410..1470",
            "--region",
            "1350..1410",
        ]);
        assert!(v["ratio_err"].is_null() && v["baseline"].is_null());
        ends.push(num(&v["ratio"]));
    }
    let (sd_fit, sd_end) = (mean_sd(&fitted).1, mean_sd(&ends).1);
    assert!(
        sd_end > 2.0 * sd_fit,
        "end-point sd {sd_end}, fitted {sd_fit}"
    );
}

/// A region of nothing but noise cannot enter a ratio: asked for ΔG° (`--temp-k`) the command
/// refuses naming the region and why (negative, or below 3σ of the baseline noise); without it
/// the integrals are still printed, the ratio is withheld and the same reason is a warning.
#[test]
fn negative_and_insignificant_integrals_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("draw.csv");
    let p = f.to_str().unwrap();
    let (mut negative, mut insignificant) = (0, 0);
    for seed in 1..=12 {
        simulate(&f, seed, 0.01);
        // region 2 holds nothing but noise (the nearest line is 80 Hz away)
        for with_baseline in [true, false] {
            let mut args = vec![
                "integrate",
                p,
                "--unit",
                "hz",
                "--region",
                "1420..1460",
                "--region",
                "1300..1340",
            ];
            if with_baseline {
                args.extend(["--baseline", "1470..1520", "--baseline", "1342..1360"]);
            }
            let quiet = {
                let mut a = args.clone();
                a.push("--json");
                run(&a)
            };
            args.extend(["--temp-k", "233"]);
            let (code, out, err) = run(&args);
            if !with_baseline && !err.contains("not positive") {
                // without a noise estimate only the sign can be judged
                assert_eq!(code, 0, "{err}");
                assert_eq!(quiet.0, 0, "{}", quiet.2);
                continue;
            }
            assert_eq!(code, 2, "seed {seed}: {out}");
            assert!(err.contains("region 2 (1300..1340)"), "{err}");
            if err.contains("is not positive") {
                negative += 1;
            } else {
                assert!(err.contains("below 3σ: not significant"), "{err}");
                insignificant += 1;
            }
            // without --temp-k: integrals kept, ratio withheld with the same reason
            assert_eq!(quiet.0, 0, "seed {seed}: {}", quiet.2);
            let v: serde_json::Value = serde_json::from_str(&quiet.1).unwrap();
            assert!(v["ratio"].is_null(), "{v}");
            assert_eq!(v["regions"].as_array().unwrap().len(), 2);
            let w = v["warnings"][0].as_str().unwrap();
            assert!(w.starts_with("no ratio: region 2 (1300..1340)"), "{w}");
            let reason = err.split("region 2 (1300..1340)").nth(1).unwrap().trim();
            assert!(w.contains(reason.lines().next().unwrap()), "{w} vs {err}");
        }
    }
    assert!(
        negative > 0 && insignificant > 0,
        "{negative} negative, {insignificant} insignificant"
    );
    // the real signals are significant: the ratio is formed
    simulate(&f, 1, 0.01);
    let v = integrate_hz(p, &BASELINES[..4]);
    assert!(num(&v["ratio"]) > 2.0);
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

/// ppm regions on a Hz file whose Hz count from 0 ppm (the bundled VT spectra) with --mhz give
/// the same integrals as the Hz limits ppm × 400, and say how the limits were converted.
#[test]
fn ppm_regions_on_a_hz_spectrum_with_mhz() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/isovaleryl-diazepane/vt/amide-233K.csv");
    let p = f.to_str().unwrap();
    let ppm = json(&[
        "integrate",
        p,
        "--mhz",
        "400",
        "--region",
        "3.55..3.65",
        "--region",
        "3.4..3.5",
        "--baseline",
        "3.25..3.375",
        "--baseline",
        "3.675..3.8",
    ]);
    let hz = integrate_hz(p, &BASELINES[..4]);
    for k in 0..2 {
        assert_eq!(ppm["regions"][k]["integral"], hz["regions"][k]["integral"]);
    }
    assert!(ppm["axis_note"]
        .as_str()
        .unwrap()
        .contains("counted from 0 ppm"));
    assert!(hz["axis_note"].is_null());
    // without --mhz the Hz axis has no reference: refused as before
    let (code, _, err) = run(&[
        "integrate",
        p,
        "--region",
        "3.55..3.65",
        "--region",
        "3.4..3.5",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--mhz for a Hz axis counted from 0 ppm"),
        "{err}"
    );
}
