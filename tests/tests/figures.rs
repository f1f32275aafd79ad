//! Figures a chemist would publish (issue 14): every `--plot` SVG of the README's commands is
//! produced, parses as XML (roxmltree), has sub-pixel coordinates (not snapped to whole pixels of
//! the displayed figure), keeps its legend box clear of every data mark, and says what it shows.
//! The data are the bundled examples (examples/isovaleryl-diazepane: simulated VT series;
//! examples/nankakurine-dp4: Smith & Goodman's nankakurine shifts).

use ringflux_tests::cli::run;
use ringflux_tests::example;
use ringflux_tests::svg::{check, parse};

#[test]
fn svg_helper_catches_snapped_coordinates_and_covered_points() {
    // The checks must be able to fail: a hand-made figure with integer coordinates and a legend
    // over a point.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.svg");
    std::fs::write(
        &bad,
        r#"<svg width="100" height="100" viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg"><polyline points="1,2 3,4 5,6 7,8 9,10 11,12"/><circle cx="50" cy="50" r="2"/><circle cx="51" cy="50" r="2"/><circle cx="52" cy="50" r="2"/><circle cx="53" cy="50" r="2"/><circle cx="54" cy="50" r="2"/><g class="legend"><rect x="40" y="40" width="20" height="20"/></g></svg>"#,
    )
    .unwrap();
    let snapped = std::panic::catch_unwind(|| check(&bad, &[]));
    assert!(snapped.is_err());
    let s = parse(&bad);
    assert_eq!(s.legend_px, Some((40.0, 40.0, 60.0, 60.0)));
    assert!(s.marks_px.contains(&(50.0, 50.0)));
}

#[test]
fn vt_figures_are_publishable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("eyring.svg");
    let manifest = example("isovaleryl-diazepane/isovaleryl-diazepane.amide.vt.csv");
    let (code, _, err) = run(&[
        "vt-fit",
        manifest.to_str().unwrap(),
        "--fix-width",
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    check(
        &p,
        &[
            "ΔH‡",
            "ΔS‡",
            "ΔG‡(298.15 K)",
            "kcal/mol",
            "kJ/mol",
            "1000/T (K⁻¹)",
            "amide.vt.csv",
        ],
    );
    check(
        &dir.path().join("eyring-spectra.svg"),
        &[
            "measured",
            "fit",
            "residual",
            "273 K, k = 0.128",
            "223 K (undetermined",
            // The example's spectra are in Hz without a spectrometer frequency: no ppm axis.
            "ν (Hz)",
        ],
    );
}

#[test]
fn lineshape_fit_figure_is_publishable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fit.svg");
    let spec = example("isovaleryl-diazepane/vt/amide-303K.csv");
    let (code, _, err) = run(&[
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
        "--temp-k",
        "303",
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    check(
        &p,
        &[
            "measured",
            "fit, k =",
            "residual",
            "303.0 K",
            "ΔG‡",
            "kcal/mol",
            "amide-303K.csv",
            "Δν = 60.00 Hz",
        ],
    );
}

#[test]
fn validate_scatter_is_publishable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scatter.svg");
    let d = example("nankakurine-dp4");
    let cand = |n: &str| format!("{n}={}", d.join(format!("{n}.shieldings.csv")).display());
    let exp = d.join("nankakurine.exp-shifts.csv");
    let (code, _, err) = run(&[
        "validate",
        "--candidate",
        &cand("15a"),
        "--candidate",
        &cand("15b"),
        "--exp",
        exp.to_str().unwrap(),
        "--tms-c",
        "200",
        "--tms-h",
        "32",
        "--dp4",
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    check(&p, &["¹³C", "DP4", "15a", "15b", "regression", "(ppm)"]);
    assert!(!parse(&p).text.contains(">13C"), "bare 13C label");
    check(&dir.path().join("scatter-1H.svg"), &["¹H", "DP4"]);
}

#[test]
fn eyring_fit_and_plan_figures_are_publishable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ef.svg");
    let rates = example("isovaleryl-diazepane/isovaleryl-diazepane.amide.rates.csv");
    let (code, _, err) = run(&[
        "eyring-fit",
        rates.to_str().unwrap(),
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // The numbers in the legend are the command's own JSON numbers, rounded as printed.
    let j = ringflux_tests::cli::json(&["eyring-fit", rates.to_str().unwrap()]);
    let dh = format!("ΔH‡ = {:.2} ± ", ringflux_tests::num(&j["dh_kj_per_mol"]));
    check(
        &p,
        &[
            &dh,
            "kcal/mol",
            "1000/T (K⁻¹)",
            "amide.rates.csv",
            "k (no σ given)",
        ],
    );

    let p = dir.path().join("plan.svg");
    let args = [
        "plan",
        "--dg-kcal-per-mol",
        "15..17",
        "--dnu-ppm",
        "0.15",
        "--mhz",
        "400",
    ];
    let (code, _, err) = run(&[&args[..], &["--plot", p.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let j = ringflux_tests::cli::json(&args);
    let tc = format!(
        "Tc = {:.1}–{:.1} K",
        ringflux_tests::num(&j["tc_k"][0]),
        ringflux_tests::num(&j["tc_k"][1])
    );
    let mut wants = vec![
        tc.as_str(),
        "slow exchange",
        "coalescence",
        "fast exchange",
        "schedule",
        "T (K)",
        "¹H",
    ];
    let names: Vec<String> = j["solvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!names.is_empty());
    wants.extend(names.iter().map(String::as_str));
    check(&p, &wants);
}

#[test]
fn integrate_figure_is_publishable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("int.svg");
    let spec = example("isovaleryl-diazepane/vt/amide-233K.csv");
    let args = [
        "integrate",
        spec.to_str().unwrap(),
        "--region",
        "1425..1455",
        "--region",
        "1365..1395",
        "--unit",
        "hz",
        "--temp-k",
        "233",
    ];
    let (code, _, err) = run(&[&args[..], &["--plot", p.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let j = ringflux_tests::cli::json(&args);
    let ratio = format!("= {:.4}", ringflux_tests::num(&j["ratio"]));
    let dg = format!(
        "{:.3} kJ/mol",
        ringflux_tests::num(&j["equilibrium"]["dg0_kj_per_mol"])
    );
    check(
        &p,
        &[
            &ratio,
            &dg,
            "region 1: 1425..1455",
            "region 2: 1365..1395",
            "baseline",
            "ν (Hz)",
            "amide-233K.csv",
        ],
    );
}
