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

/// `ringflux vt-fit ARGS --plot eyring.svg`: the Eyring plot and the stacked spectra beside it
/// (`eyring-spectra.svg`) pass the publication checks and hold their `wants`.
fn check_vt_fit_plots(args: &[&str], eyring_wants: &[&str], spectra_wants: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("eyring.svg");
    let mut all = vec!["vt-fit"];
    all.extend_from_slice(args);
    all.extend(["--plot", p.to_str().unwrap()]);
    let (code, _, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    check(&p, eyring_wants);
    check(&dir.path().join("eyring-spectra.svg"), spectra_wants);
}

#[test]
fn vt_figures_are_publishable() {
    let manifest = example("isovaleryl-diazepane/isovaleryl-diazepane.amide.vt.csv");
    check_vt_fit_plots(
        &[manifest.to_str().unwrap(), "--fix-width"],
        &[
            "ΔH‡",
            "ΔS‡",
            "ΔG‡(298.15 K)",
            "kcal/mol",
            "kJ/mol",
            "1000/T (K⁻¹)",
            "amide.vt.csv",
        ],
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
fn global_n_site_vt_figures_are_publishable() {
    // `vt-fit --global --model-file --plot` on examples/homopiperazine-four-site (simulated
    // four-site series, README.md there): the Eyring plot with one line per process and each
    // process's ΔH‡, ΔS‡, ΔG‡(298.15 K) in kJ and kcal, and the stack of every spectrum with the
    // global fit and its residual, pass the same publication checks (sub-pixel, legend clear of
    // the data, Okabe–Ito) as every other figure.
    let ex = example("homopiperazine-four-site");
    let (series, model) = (
        ex.join("homopiperazine.vt.csv"),
        ex.join("homopiperazine.model.json"),
    );
    check_vt_fit_plots(
        &[
            series.to_str().unwrap(),
            "--global",
            "--fix-width",
            "--model-file",
            model.to_str().unwrap(),
        ],
        &[
            "Eyring plot: homopiperazine.vt.csv",
            "amide rotation: ΔH‡",
            "amide rotation: ΔS‡",
            "amide rotation: ΔG‡(298.15 K)",
            "ring inversion: ΔH‡",
            "ring inversion: ΔS‡",
            "ring inversion: ΔG‡(298.15 K)",
            "kcal/mol",
            "kJ/mol",
            "1000/T (K⁻¹)",
            "global fit of all spectra",
        ],
        &[
            "measured spectra and the global fit",
            "residual",
            "150 K: ",
            "370 K: ",
            "χ²_red",
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

/// Okabe & Ito's colours (M. Okabe, K. Ito, *Color Universal Design*, 2008) of the forms on
/// the Cremer–Pople map: C blue, TC (7-rings) and H (6-rings) vermillion, B bluish green, TB
/// orange, E (6-rings) sky blue, intermediate reddish purple.
const FORM_COLOURS: [(&str, &str); 7] = [
    ("C", "#0072B2"),
    ("TC", "#D55E00"),
    ("H", "#D55E00"),
    ("B", "#009E73"),
    ("TB", "#E69F00"),
    ("E", "#56B4E9"),
    ("intermediate", "#CC79A7"),
];

fn form_colour(form: &str) -> &'static str {
    FORM_COLOURS
        .iter()
        .find(|f| f.0 == form)
        .unwrap_or_else(|| panic!("form {form}"))
        .1
}

/// One ring of a `--json` report as the map must show it: for a 7-ring the phase that decides
/// its label (φ3 for the chair family, φ2 for the boat family, pucker.md §7), for a 6-ring φ2
/// (0 where undefined, at the pole); θ and the form.
fn map_point(ring: &serde_json::Value, size: u64) -> Option<(f64, f64, String)> {
    if ring["size"] != size {
        return None;
    }
    let phase = match (size, ring["family"].as_str()) {
        (7, Some("chair")) => ring["phi_deg"]["phi3"].as_f64()?,
        (7, _) => ring["phi_deg"]["phi2"].as_f64()?,
        _ => ring["phi_deg"]["phi2"].as_f64().unwrap_or(0.0),
    };
    Some((
        phase,
        ring["theta_deg"].as_f64()?,
        ring["conformation"].as_str()?.to_string(),
    ))
}

/// The `size`-rings of `conformers FILE --json` as the map must show them, with populations.
fn conformer_rings(file: &str, size: u64) -> Vec<(f64, f64, String, Option<f64>)> {
    let j = ringflux_tests::cli::json(&["conformers", file]);
    j["conformers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            let (a, b, f) = map_point(&c["ring"], size)?;
            Some((a, b, f, Some(ringflux_tests::num(&c["population"]))))
        })
        .collect()
}

/// The `size`-rings of every structure of `pucker FILE --json`, unweighted.
fn pucker_rings(file: &str, size: u64) -> Vec<(f64, f64, String, Option<f64>)> {
    let j = ringflux_tests::cli::json(&["pucker", file]);
    j["structures"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|st| st["rings"].as_array().unwrap().iter())
        .filter_map(|r| {
            let (a, b, f) = map_point(r, size)?;
            Some((a, b, f, None))
        })
        .collect()
}

/// Canonical positions as ../shared/reference/pucker.md gives them: (form, θ, lattice offset,
/// step) in degrees. 7-rings: §6.3, lattice 360°/14, θ of the MMFF94 cycloheptane forms.
/// 6-rings: §6.1, E at arctan √2 and H at arctan(√6/2), lattice 60°.
fn canonical_forms(size: u64) -> Vec<(&'static str, f64, f64, f64)> {
    let s7 = 360.0 / 14.0;
    match size {
        7 => vec![
            ("C", 33.6, 0.0, s7),
            ("TC", 37.7, 0.5 * s7, s7),
            ("B", 89.3, 0.0, s7),
            ("TB", 89.3, 0.5 * s7, s7),
        ],
        _ => vec![
            ("C", 0.0, 0.0, 60.0),
            ("E", 2f64.sqrt().atan().to_degrees(), 0.0, 60.0),
            ("H", (6f64.sqrt() / 2.0).atan().to_degrees(), 30.0, 60.0),
            ("B", 90.0, 0.0, 60.0),
            ("TB", 90.0, 30.0, 60.0),
        ],
    }
}

/// Every ring is a circle of its form's colour at its (phase, θ) mapped through the axes' tick
/// labels, within a pixel; with populations the marker area is ∝ population (r² / p the same for
/// every marker big enough to measure). Also: the canonical crosses of [`canonical_forms`].
fn check_cp_map(
    s: &ringflux_tests::svg::Svg,
    size: u64,
    rings: &[(f64, f64, String, Option<f64>)],
) {
    let (fx, fy) = (s.x_axis(), s.y_axis());
    assert_eq!(s.circles.len(), rings.len(), "one marker per ring");
    // Area ∝ population: r² = k·p, k from the largest marker (the most populated ring).
    let biggest = s.circles.iter().map(|c| c.r).fold(0.0, f64::max);
    let p_max = rings.iter().filter_map(|r| r.3).fold(0.0, f64::max);
    let k = biggest * biggest / p_max;
    let mut sized = 0;
    for (phase, theta, form, pop) in rings {
        let (x, y) = (fx(*phase), fy(*theta));
        let here: Vec<_> = s
            .circles
            .iter()
            .filter(|c| c.fill == form_colour(form) && (c.x - x).hypot(c.y - y) < 1.0)
            .collect();
        assert!(
            !here.is_empty(),
            "no {form} marker within 1 px of φ = {phase}°, θ = {theta}° ({x:.1}, {y:.1}) px"
        );
        match pop {
            // Radii are written in 0.1 px: below 3 px the rounding dominates.
            Some(p) if (k * p).sqrt() >= 3.0 => {
                let want = (k * p).sqrt();
                assert!(
                    here.iter().any(|c| (c.r - want).abs() < 0.1),
                    "{form} marker of p = {p}: radius {want:.2} px wanted, found {:?}",
                    here.iter().map(|c| c.r).collect::<Vec<_>>()
                );
                sized += 1;
            }
            Some(_) => {}
            None => assert!(here.iter().any(|c| (c.r - s.circles[0].r).abs() < 0.05)),
        }
    }
    if rings.iter().filter(|r| r.3.is_some()).count() >= 3 {
        assert!(sized >= 3, "too few measurable markers");
    }
    for (form, theta, offset, step) in canonical_forms(size) {
        for k in 0..(360.0 / step) as usize {
            let (x, y) = (fx(offset + k as f64 * step), fy(theta));
            let hit = s.segments.iter().any(|(v, stroke)| {
                stroke == form_colour(form)
                    && (0.5 * (v[0] + v[2]) - x).hypot(0.5 * (v[1] + v[3]) - y) < 1.0
            });
            assert!(hit, "no canonical {form} cross at k = {k}");
        }
    }
}

#[test]
fn conformers_plot_is_the_cp_map_and_the_family_bars() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cp.svg");
    let sdf = example("isovaleryl-diazepane/isovaleryl-diazepane.sdf");
    let (code, _, err) = run(&[
        "conformers",
        sdf.to_str().unwrap(),
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let rings = conformer_rings(sdf.to_str().unwrap(), 7);
    assert!(rings.len() > 100, "the example keeps 129 conformers");
    check(
        &p,
        &[
            "Cremer–Pople map: isovaleryl-diazepane.sdf",
            "θ = atan2(q2, q3) (°)",
            "phase (°): φ3 chair family, φ2 boat family",
            "canonical TC (C2)",
            "canonical B (Cs)",
            " Å",
            "marker area ∝ population",
        ],
    );
    check_cp_map(&parse(&p), 7, &rings);

    // The family bars: one bar per family, its top at the JSON population (%), within a pixel.
    let fam = dir.path().join("cp-families.svg");
    check(
        &fam,
        &["isovaleryl-diazepane.sdf", "population at 298.15 K (%)"],
    );
    let s = parse(&fam);
    let fy = s.y_axis();
    let j = ringflux_tests::cli::json(&["conformers", sdf.to_str().unwrap()]);
    let families = j["families"].as_array().unwrap();
    let bars: Vec<_> = s.rects.iter().filter(|r| r.1 == "#0072B2").collect();
    assert_eq!(bars.len(), families.len());
    for f in families {
        let y = fy(100.0 * ringflux_tests::num(&f["population"]));
        assert!(
            bars.iter().any(|(v, _)| (v[1] - y).abs() < 1.0),
            "no bar top at {y:.1} px for {}",
            f["family"]
        );
    }
}

/// Grouped bars as the reader sees them: for every category name (an x tick label) and every
/// group colour, the bar nearest that label has its top at `want(category, group)` % on the y
/// axis (through the y tick labels), within a pixel, and lies within half a category of the label.
fn check_bars(
    s: &ringflux_tests::svg::Svg,
    categories: &[String],
    colours: &[&str],
    want: &dyn Fn(usize, usize) -> f64,
) {
    let fy = s.y_axis();
    let xs: Vec<f64> = categories
        .iter()
        .map(|c| {
            s.texts
                .iter()
                .find(|t| &t.0 == c)
                .unwrap_or_else(|| panic!("no tick label {c:?}"))
                .1
        })
        .collect();
    let half = if xs.len() > 1 {
        0.5 * (xs[1] - xs[0]).abs()
    } else {
        f64::MAX
    };
    for (ci, cat) in categories.iter().enumerate() {
        for (g, colour) in colours.iter().enumerate() {
            let pct = want(ci, g);
            let top = fy(pct);
            let zero = fy(0.0);
            let near: Vec<_> = s
                .rects
                .iter()
                .filter(|(v, fill)| fill == colour && (v[0] + 0.5 * v[2] - xs[ci]).abs() < half)
                .collect();
            // A bar thinner than a pixel cannot be told from none.
            if (zero - top).abs() < 1.0 {
                continue;
            }
            assert!(
                near.iter().any(|(v, _)| (v[1] - top).abs() < 1.0),
                "{cat}, group {g}: no bar top at {pct:.2} % ({top:.1} px); bars there: {near:?}"
            );
        }
    }
}

#[test]
fn pucker_plot_maps_every_seven_ring() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pucker.svg");
    // Every conformer of the example ensemble, each ring unweighted.
    let sdf = example("isovaleryl-diazepane/isovaleryl-diazepane.sdf");
    let (code, _, err) = run(&[
        "pucker",
        sdf.to_str().unwrap(),
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let rings = pucker_rings(sdf.to_str().unwrap(), 7);
    assert!(rings.len() > 200, "285 structures, one 7-ring each");
    check(
        &p,
        &[
            "Cremer–Pople map: isovaleryl-diazepane.sdf",
            "TC rings",
            "θ = atan2(q2, q3) (°)",
            "canonical C (Cs)",
        ],
    );
    check_cp_map(&parse(&p), 7, &rings);
    // A file with neither a 6- nor a 7-ring (cyclooctane, tests/data/identity): refused by
    // name, exit 2, and no file left behind.
    let q = dir.path().join("none.svg");
    let eight = ringflux_tests::workspace_root().join("tests/data/identity/cyclooctane.sdf");
    let (code, _, err) = run(&[
        "pucker",
        eight.to_str().unwrap(),
        "--plot",
        q.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--plot") && err.contains("7-membered"),
        "{err}"
    );
    assert!(!q.exists());
}

#[test]
fn compare_plot_shows_each_ensembles_families_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("compare.svg");
    let e = |n: &str| {
        example(&format!("isovaleryl-diazepane/{n}.sdf"))
            .to_str()
            .unwrap()
            .to_string()
    };
    let args = [
        "compare".to_string(),
        e("isovaleryl-diazepane"),
        e("isovaleryl-2R-methyl-diazepane"),
        e("isovaleryl-7S-methyl-diazepane"),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = run(&[&args[..], &["--plot", p.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let j = ringflux_tests::cli::json(&args);
    check(
        &p,
        &[
            "isovaleryl-diazepane",
            "isovaleryl-2R-methyl-diazepane",
            "isovaleryl-7S-methyl-diazepane",
            "population at 298.15 K (%)",
        ],
    );
    // Families in order of first appearance, labelled "conformation ring-C" (TC C2 = TC, O syn
    // to C2), as in the compare table.
    let ens = j["ensembles"].as_array().unwrap();
    let mut keys: Vec<(String, String)> = Vec::new();
    for f in ens.iter().flat_map(|e| e["families"].as_array().unwrap()) {
        let k = (
            f["conformation"].as_str().unwrap().to_string(),
            f["rotamer"].as_str().unwrap_or("").to_string(),
        );
        assert!(f["rotamer_n4"].is_null(), "mono-acyl examples");
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let labels: Vec<String> = keys
        .iter()
        .map(|(c, r)| format!("{c} {}", r.trim_start_matches("O-syn-")))
        .collect();
    let pop = |ci: usize, g: usize| {
        ens[g]["families"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["conformation"] == keys[ci].0.as_str() && f["rotamer"] == keys[ci].1.as_str()
            })
            .map_or(0.0, |f| 100.0 * ringflux_tests::num(&f["population"]))
    };
    check_bars(
        &parse(&p),
        &labels,
        &["#0072B2", "#D55E00", "#009E73"],
        &pop,
    );
}

#[test]
fn boltzmann_plot_bars_are_the_populations() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("b.svg");
    let csv = example("isovaleryl-diazepane/isovaleryl-diazepane.dft-families.energies.csv");
    let (code, _, err) = run(&[
        "boltzmann",
        csv.to_str().unwrap(),
        "--plot",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let j = ringflux_tests::cli::json(&["boltzmann", csv.to_str().unwrap()]);
    let states = j["populations"].as_array().unwrap();
    let names: Vec<String> = states
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    let notes: Vec<String> = states
        .iter()
        .map(|s| {
            format!(
                "{}: ΔG = {:.2} kJ/mol",
                s["name"].as_str().unwrap(),
                ringflux_tests::num(&s["relative_energy_kj_per_mol"])
            )
        })
        .collect();
    let mut wants: Vec<&str> = notes.iter().map(String::as_str).collect();
    wants.extend([
        "dft-families.energies.csv",
        "population at 298.15 K (%)",
        "kcal/mol",
    ]);
    check(&p, &wants);
    check_bars(&parse(&p), &names, &["#0072B2"], &|ci, _| {
        100.0 * ringflux_tests::num(&states[ci]["population"])
    });
}

#[test]
fn reference_cycloheptanes_sit_on_their_canonical_crosses() {
    // The MMFF94 cycloheptane C, TC, B and TB of ../shared/reference/pucker/structures (the
    // structures pucker.md §6.3 takes its θ from): each ring's marker is within a pixel of a
    // cross of its own form, which the map draws from the core's lattice and the table's θ.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ref.svg");
    let files: Vec<String> = ["C", "TC", "B", "TB"]
        .iter()
        .map(|f| {
            ringflux_tests::shared(&format!(
                "reference/pucker/structures/ref_cycloheptane_{f}_mmff.sdf"
            ))
            .display()
            .to_string()
        })
        .collect();
    let mut args: Vec<&str> = vec!["pucker"];
    args.extend(files.iter().map(String::as_str));
    let (code, _, err) = run(&[&args[..], &["--plot", p.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let s = parse(&p);
    assert_eq!(s.circles.len(), 4);
    for (c, form) in s.circles.iter().zip(["C", "TC", "B", "TB"]) {
        assert_eq!(c.fill, form_colour(form), "{form}: its marker colour");
        let on_cross = s.segments.iter().any(|(v, stroke)| {
            stroke == form_colour(form)
                && (0.5 * (v[0] + v[2]) - c.x).hypot(0.5 * (v[1] + v[3]) - c.y) < 1.0
        });
        assert!(
            on_cross,
            "{form} at ({:.1}, {:.1}) px: no {form} cross there",
            c.x, c.y
        );
    }
}

#[test]
fn six_ring_maps_place_every_ring_on_the_cremer_pople_sphere() {
    // N-acetylpiperidine (tests/data/identity, an RDKit ETKDG + MMFF94 ensemble): the 6-ring
    // map is (φ2, θ) with θ folded to ≤ 90° as the JSON gives it, the canonical C/E/H/B/TB of
    // ../shared/reference/pucker.md §6.1 drawn as crosses. Weighted (`conformers`, marker area ∝
    // population) and unweighted (`pucker`, every structure of the file).
    let dir = tempfile::tempdir().unwrap();
    let sdf = ringflux_tests::workspace_root().join("tests/data/identity/n-acetylpiperidine.sdf");
    let sdf = sdf.to_str().unwrap();
    let weighted = dir.path().join("conformers.svg");
    let (code, _, err) = run(&["conformers", sdf, "--plot", weighted.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let rings = conformer_rings(sdf, 6);
    assert!(!rings.is_empty());
    assert!(rings.iter().any(|r| r.2 == "C") && rings.iter().any(|r| r.2 != "C"));
    check(
        &weighted,
        &[
            "Cremer–Pople map: n-acetylpiperidine.sdf (6-membered rings)",
            "φ2 (°)",
            "θ (°), folded to ≤ 90°",
            "canonical E (Cs)",
            "canonical H (C2)",
            "canonical TB (D2)",
            "marker area ∝ population",
        ],
    );
    check_cp_map(&parse(&weighted), 6, &rings);

    let plain = dir.path().join("pucker.svg");
    let (code, _, err) = run(&["pucker", sdf, "--plot", plain.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let rings = pucker_rings(sdf, 6);
    assert!(rings.len() > 10);
    check_cp_map(&parse(&plain), 6, &rings);
}
