//! `ringflux vt-fit SERIES --global` (issue 17) through the built binary: a DMF series on the
//! published activation parameters of Rabinovitz & Pines (J. Am. Chem. Soc. 1969, 91, 1585:
//! ΔH‡ = 20.2 kcal/mol, ΔS‡ = −1.7 cal/(mol K); the parameters the core test `global_fit.rs`
//! uses) is fitted back within its reported σ across seeds, with the global σ(ΔH‡) no larger
//! than the two-step σ on the same data, χ²_red near 1 for the known noise, and the kJ/kcal
//! twins consistent. Spectra: `nsite::simulate` (checked against numpy in `nsite.rs`), rates by
//! `eyring::rate_per_s` (checked against `shared/reference/kinetics/`). The DER_SNR noise
//! estimate behind χ²_red is checked on pure Gaussian noise of known σ.

use ringflux_cli::analysis::vt::der_snr_noise;
use ringflux_core::eyring::rate_per_s;
use ringflux_core::lineshape::linspace;
use ringflux_core::nsite::{simulate, Exchange, NSite, Site};
use ringflux_tests::cli::{fails, json};
use ringflux_tests::num;
use std::path::{Path, PathBuf};

const CAL: f64 = 4.184;

struct Rng(u64);
impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Writes a DMF-like two-site series (ν ±5 Hz, 0.5 Hz lines, equal populations, 360–440 K) with
/// absolute noise σ and a baseline per spectrum; returns the manifest.
fn write_series(seed: u64, sigma: f64) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("ringflux-vt-global-{seed}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (dh, ds) = (20.2 * CAL * 1000.0, -1.7 * CAL);
    let mut x = vec![0.0; 600];
    linspace(-30.0, 30.0, &mut x).unwrap();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut manifest = String::from("file,temp_k\n");
    for i in 0..9 {
        let t = 360.0 + 10.0 * i as f64;
        let k = rate_per_s(dh - t * ds, t, 1.0).unwrap();
        let site = |nu| Site {
            nu_hz: nu,
            w_hz: 0.5,
            population: 0.5,
        };
        let m = NSite::<f64, 2>::new(
            &[site(5.0), site(-5.0)],
            &[Exchange {
                from: 0,
                to: 1,
                k_per_s: k,
            }],
        )
        .unwrap();
        let mut y = vec![0.0; x.len()];
        simulate(&m, &x, &mut y).unwrap();
        let baseline = 0.01 * rng.normal();
        let mut csv = String::from("hz,intensity\n");
        for (a, b) in x.iter().zip(&y) {
            csv += &format!("{a},{}\n", 10.0 * b + baseline + sigma * rng.normal());
        }
        let name = format!("dmf-{t}K.csv");
        std::fs::write(dir.join(&name), csv).unwrap();
        manifest += &format!("{name},{t}\n");
    }
    let p = dir.join("dmf.vt.csv");
    std::fs::write(&p, manifest).unwrap();
    p
}

fn global(manifest: &Path) -> serde_json::Value {
    json(&[
        "vt-fit",
        manifest.to_str().unwrap(),
        "--global",
        "--va-hz",
        "5",
        "--vb-hz",
        "-5",
        "--wa-hz",
        "0.5",
        "--pop-a",
        "0.5",
        "--fix-width",
    ])
}

#[test]
fn global_fit_recovers_dmf_rabinovitz_pines() {
    let (dh, ds) = (20.2 * CAL, -1.7 * CAL);
    for seed in [1, 2, 3] {
        // Peak of 10 × the 0.5 Hz Lorentzian (½ · 2/(π w) = 0.64) ≈ 6.4: σ = 0.02 is ~0.3 %.
        let v = global(&write_series(seed, 0.02));
        assert_eq!(v["method"], "global");
        let (h, he) = (num(&v["dh_kj_per_mol"]), num(&v["dh_err_kj_per_mol"]));
        let (s, se) = (num(&v["ds_j_per_mol_k"]), num(&v["ds_err_j_per_mol_k"]));
        eprintln!(
            "seed {seed}: ΔH‡ {h:.3} ± {he:.3} kJ/mol, ΔS‡ {s:.3} ± {se:.3}, χ²_red {}",
            v["chi2_red"]
        );
        assert!(
            (h - dh).abs() < 3.0 * he,
            "seed {seed}: ΔH‡ {h} ± {he} vs {dh}"
        );
        assert!(
            (s - ds).abs() < 3.0 * se,
            "seed {seed}: ΔS‡ {s} ± {se} vs {ds}"
        );
        assert!(he > 0.0 && se > 0.0);
        // The kcal/mol twins and ΔG‡(298.15) = ΔH‡ − T ΔS‡.
        assert!((num(&v["dh_kcal_per_mol"]) * CAL - h).abs() < 1e-9);
        assert!((num(&v["dg_298_kj_per_mol"]) - (h - 298.15 * s / 1000.0)).abs() < 1e-9);
        // Known noise: χ²_red near 1 (DER_SNR estimate of σ over 600-point spectra).
        let chi2 = num(&v["chi2_red"]);
        assert!((0.7..1.4).contains(&chi2), "seed {seed}: χ²_red {chi2}");
        // The global σ(ΔH‡) is no larger than the two-step σ on the same data.
        let two = &v["two_step"]["processes"][0];
        assert!(
            he <= num(&two["dh_err_kj_per_mol"]),
            "seed {seed}: global σ {he} vs two-step {}",
            two["dh_err_kj_per_mol"]
        );
        assert_eq!(v["two_step"]["points"].as_array().unwrap().len(), 9);
    }
}

#[test]
fn global_fit_flags_are_checked() {
    let m = write_series(9, 0.02);
    let e = fails(&[
        "vt-fit",
        m.to_str().unwrap(),
        "--global",
        "--model",
        "ab",
        "--va-hz",
        "5",
        "--vb-hz",
        "-5",
        "--j-hz",
        "3",
    ]);
    assert!(e.contains("--model"), "{e}");
    let e = fails(&["vt-fit", m.to_str().unwrap(), "--global", "--vb-hz", "-5"]);
    assert!(e.contains("--va-hz: required"), "{e}");
}

#[test]
fn der_snr_recovers_gaussian_noise() {
    // Pure N(0, σ²) noise: the estimator is unbiased for Gaussian noise (Stoehr et al. 2008);
    // 20 000 points give a relative standard error of about 1 %.
    let mut rng = Rng(42);
    for sigma in [0.1, 3.0] {
        let y: Vec<f64> = (0..20_000).map(|_| sigma * rng.normal()).collect();
        let s = der_snr_noise(&y).unwrap();
        assert!((s / sigma - 1.0).abs() < 0.04, "{s} vs {sigma}");
    }
    // A straight line adds nothing.
    let y: Vec<f64> = (0..100).map(|i| 3.0 + 0.5 * i as f64).collect();
    assert!(der_snr_noise(&y).unwrap() < 1e-12);
    assert!(der_snr_noise(&[1.0, 2.0]).is_none());
}

#[test]
fn analyze_uses_the_global_fit_of_the_bundled_series() {
    // examples/isovaleryl-diazepane/vt/generate.sh: simulated with ΔH‡ = 70 kJ/mol,
    // ΔS‡ = −5 J/(mol K), κ = 1. `analyze` must report the same global fit as `vt-fit --global
    // --fix-width` on the same manifest (one code path), choose its ΔG‡(298.15 K) for the amide
    // barrier and keep the two-step result as a row that is not chosen.
    let folder = ringflux_tests::example("isovaleryl-diazepane");
    let manifest = folder.join("isovaleryl-diazepane.amide.vt.csv");
    let g = json(&[
        "vt-fit",
        manifest.to_str().unwrap(),
        "--global",
        "--fix-width",
    ]);
    let a = json(&["analyze", folder.to_str().unwrap()]);
    let vt = &a["vt_fit"]["isovaleryl-diazepane.amide.vt.csv"];
    let ga = &vt["global"];
    for k in [
        "dh_kj_per_mol",
        "dh_err_kj_per_mol",
        "ds_j_per_mol_k",
        "ds_err_j_per_mol_k",
        "dg_298_kj_per_mol",
        "dg_298_err_kj_per_mol",
        "dg_298_kcal_per_mol",
        "dg_298_err_kcal_per_mol",
    ] {
        assert_eq!(num(&g[k]), num(&ga[k]), "{k}");
    }
    let (dh, dh_e) = (num(&g["dh_kj_per_mol"]), num(&g["dh_err_kj_per_mol"]));
    let (ds, ds_e) = (num(&g["ds_j_per_mol_k"]), num(&g["ds_err_j_per_mol_k"]));
    assert!((dh - 70.0).abs() <= 3.0 * dh_e, "ΔH‡ {dh} ± {dh_e}");
    assert!((ds + 5.0).abs() <= 3.0 * ds_e, "ΔS‡ {ds} ± {ds_e}");
    let barriers: Vec<&serde_json::Value> = a["compounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["barriers"].as_array().unwrap())
        .filter(|b| b["process"] == "amide_rotation")
        .collect();
    let chosen: Vec<_> = barriers.iter().filter(|b| b["chosen"] == true).collect();
    assert_eq!(chosen.len(), 1, "{barriers:?}");
    assert_eq!(chosen[0]["method"], "vt_global");
    assert_eq!(
        num(&chosen[0]["dg_kcal_per_mol"]),
        num(&g["dg_298_kcal_per_mol"])
    );
    assert_eq!(
        num(&chosen[0]["dg_err_kcal_per_mol"]),
        num(&g["dg_298_err_kcal_per_mol"])
    );
    let two_step = barriers
        .iter()
        .find(|b| b["method"] == "vt_lineshape")
        .expect("the two-step row");
    assert_eq!(two_step["chosen"], false);
    assert_eq!(
        num(&two_step["dg_kj_per_mol"]),
        num(&vt["eyring"]["dg_298_kj_per_mol"])
    );
}

/// The stated truth of examples/homopiperazine-four-site (its README.md, vt/generate.sh):
/// (process, ΔH‡ kJ/mol, ΔS‡ J/(mol K)).
const FOUR_SITE_TRUTH: [(&str, f64, f64); 2] = [("amide", 70.0, -5.0), ("ring", 34.0, 2.0)];

#[test]
fn analyze_recovers_both_barriers_of_the_four_site_example() {
    // `analyze` on the example folder finds `homopiperazine.model.json` beside
    // `homopiperazine.vt.csv` and fits the series globally on it; each named process becomes a
    // barrier row of its process (vt_global, chosen), ΔG‡(298.15 K) within 3σ of the truth, in
    // kcal/mol and kJ/mol, and the same ΔH‡/ΔS‡ as `vt-fit --global --model-file` reports.
    let dir = ringflux_tests::example("homopiperazine-four-site");
    let v = json(&["analyze", dir.to_str().unwrap()]);
    let global = &v["vt_fit"]["homopiperazine.vt.csv"];
    assert_eq!(global["method"], "global");
    // The model file is the series' input, claimed by the VT step, not an unused file.
    let model = &v["vt_fit"]["homopiperazine.model.json"];
    assert_eq!(model["input_of"], "homopiperazine.vt.csv", "{model}");
    assert!(
        model["role"].as_str().unwrap().contains("n-site"),
        "{model}"
    );
    assert!(
        !v["unused_files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "homopiperazine.model.json"),
        "{}",
        v["unused_files"]
    );
    let barriers = v["compounds"][0]["barriers"].as_array().unwrap();
    for ((name, dh_kj, ds_j), process) in FOUR_SITE_TRUTH
        .into_iter()
        .zip(["amide_rotation", "ring_inversion"])
    {
        let p = global["processes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["process"] == name)
            .unwrap();
        assert_within_3_sigma(name, p, dh_kj, ds_j, false);
        let b = barriers
            .iter()
            .find(|b| b["process"] == process && b["chosen"] == true)
            .unwrap_or_else(|| panic!("no chosen {process} barrier in {barriers:?}"));
        assert_eq!(b["method"], "vt_global");
        let dg_kj = dh_kj - 298.15 * ds_j / 1000.0;
        let (x, e) = (num(&b["dg_kj_per_mol"]), num(&b["dg_err_kj_per_mol"]));
        assert!(
            e > 0.0 && (x - dg_kj).abs() <= 3.0 * e,
            "{process}: {x} ± {e} vs {dg_kj}"
        );
        // kcal/mol twin: the thermochemical calorie, 4.184 J.
        assert!((num(&b["dg_kcal_per_mol"]) * 4.184 - x).abs() < 1e-9 * x);
    }
}

#[test]
fn four_site_example_gives_back_both_barriers() {
    // examples/homopiperazine-four-site (README.md, vt/generate.sh): simulated four-site series,
    // amide ΔH‡ = 70 kJ/mol, ΔS‡ = −5 J/(mol K); ring ΔH‡ = 34 kJ/mol, ΔS‡ = +2 J/(mol K);
    // noise 1 % and a baseline. The global fit with the named processes recovers both within
    // 3σ of its reported errors (ΔH‡, ΔS‡ and ΔG‡(298.15 K)).
    let dir = ringflux_tests::example("homopiperazine-four-site");
    let v = json(&[
        "vt-fit",
        dir.join("homopiperazine.vt.csv").to_str().unwrap(),
        "--global",
        "--fix-width",
        "--model-file",
        dir.join("homopiperazine.model.json").to_str().unwrap(),
    ]);
    let processes = v["processes"].as_array().unwrap();
    assert_eq!(processes.len(), 2);
    for (name, dh_kj, ds_j) in FOUR_SITE_TRUTH {
        let p = processes.iter().find(|p| p["process"] == name).unwrap();
        assert_within_3_sigma(name, p, dh_kj, ds_j, true);
    }
}

/// A process's ΔH‡ and ΔS‡ (and, with `with_dg`, ΔG‡(298.15 K)) lie within 3 of their reported
/// σ of the truth.
fn assert_within_3_sigma(name: &str, p: &serde_json::Value, dh_kj: f64, ds_j: f64, with_dg: bool) {
    let dg_kj = dh_kj - 298.15 * ds_j / 1000.0;
    let keys = [
        ("dh_kj_per_mol", "dh_err_kj_per_mol", dh_kj),
        ("ds_j_per_mol_k", "ds_err_j_per_mol_k", ds_j),
        ("dg_298_kj_per_mol", "dg_298_err_kj_per_mol", dg_kj),
    ];
    for (key, err_key, truth) in &keys[..if with_dg { 3 } else { 2 }] {
        let (x, e) = (num(&p[*key]), num(&p[*err_key]));
        assert!(
            e > 0.0 && (x - truth).abs() <= 3.0 * e,
            "{name} {key}: {x} ± {e} vs {truth}"
        );
    }
}

/// The global fit drawn on every spectrum (`GlobalReport::curves`, the figures of `vt-fit
/// --global --plot` and `analyze --html`) is the fitted model: its residual sum of squares over
/// (points − parameters) is the fit's own residual variance s², and each spectrum's rates are
/// the Eyring rates (κ = 1, `eyring::rate_per_s`, checked against shared/reference/kinetics/) of
/// the reported ΔH‡ and ΔS‡ at its temperature.
fn assert_curves_are_the_fit(name: &str, r: &ringflux_cli::analysis::vt::GlobalReport) {
    assert_eq!(
        r.curves.len(),
        r.n_spectra,
        "{name}: one curve per spectrum"
    );
    let mut ssr = 0.0;
    let mut n = 0;
    for c in &r.curves {
        assert_eq!(c.x_hz.len(), c.fitted.len());
        assert_eq!(c.x_hz.len(), c.measured.len());
        ssr += c
            .measured
            .iter()
            .zip(&c.fitted)
            .map(|(m, f)| (m - f) * (m - f))
            .sum::<f64>();
        n += c.x_hz.len();
        for (k, a) in c.k_per_s.iter().zip(&r.processes) {
            let dg = 1000.0 * a.dh_kj_per_mol - c.temp_k * a.ds_j_per_mol_k;
            let want = rate_per_s(dg, c.temp_k, 1.0).unwrap();
            assert!(
                (k - want).abs() <= 1e-9 * want,
                "{name} {} K {}: k {k} vs {want}",
                c.temp_k,
                a.process
            );
        }
    }
    assert_eq!(n, r.n_points, "{name}: points");
    let s2 = ssr / (r.n_points - r.n_params) as f64;
    assert!(
        (s2 - r.residual_variance).abs() <= 1e-6 * r.residual_variance,
        "{name}: s² of the drawn fit {s2} vs the fit's {}",
        r.residual_variance
    );
    let temps: Vec<f64> = r.curves.iter().map(|c| c.temp_k).collect();
    assert!(temps.windows(2).all(|w| w[0] <= w[1]), "{name}: T order");
}

#[test]
fn the_drawn_global_fit_is_the_fitted_model() {
    use ringflux_cli::analysis::lineshape::{FitOptions, ModelSpec};
    use ringflux_cli::analysis::vt::{series_global_fit, GlobalSettings};
    let options = FitOptions {
        fix_width: true,
        ..FitOptions::default()
    };
    // Two sites: the DMF series of Rabinovitz & Pines' parameters (write_series).
    let manifest = write_series(11, 0.01);
    let two = GlobalSettings {
        flags: ModelSpec {
            va_hz: Some(5.0),
            vb_hz: Some(-5.0),
            wa_hz: Some(0.5),
            pop_a: Some(0.5),
            ..ModelSpec::default()
        },
        options: options.clone(),
        ..GlobalSettings::default()
    };
    // The core fit keeps its fixed-capacity work arrays on the stack (no alloc).
    let r = ringflux_tests::on_big_stack(move || series_global_fit(&manifest, &two).unwrap());
    assert_curves_are_the_fit("DMF", &r);
    // The drawn fit follows the data: no residual beyond 6σ of the added noise (σ = 0.01).
    for c in &r.curves {
        let worst = c
            .measured
            .iter()
            .zip(&c.fitted)
            .fold(0.0_f64, |w, (m, f)| w.max((m - f).abs()));
        assert!(worst < 0.06, "{} K: residual {worst}", c.temp_k);
    }
    // Four sites, two processes (examples/homopiperazine-four-site, README.md there).
    let dir = ringflux_tests::example("homopiperazine-four-site");
    let four = GlobalSettings {
        model_file: Some(dir.join("homopiperazine.model.json")),
        options,
        ..GlobalSettings::default()
    };
    let r = ringflux_tests::on_big_stack(move || {
        series_global_fit(&dir.join("homopiperazine.vt.csv"), &four).unwrap()
    });
    assert_eq!(r.processes.len(), 2);
    assert_curves_are_the_fit("four-site", &r);
}
