//! `ringflux analyze FOLDER --html report.html` (issue 14): on every bundled example folder the
//! report is one self-contained file (no script, nothing fetched), every number tagged with a
//! JSON pointer is the very text of that value in `analyze --json` (so HTML = JSON by
//! construction), the summary and each figure are there, and every inline SVG parses.
//! Data: examples/isovaleryl-diazepane, examples/nankakurine-dp4 (Smith & Goodman's nankakurine
//! shifts), examples/dp4plus-synthetic.

use ringflux_tests::cli::run;
use ringflux_tests::example;
use ringflux_tests::svg;
use serde_json::Value;

/// Every `data-json="POINTER">TEXT<` of a page.
fn tagged(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("data-json=\"") {
        rest = &rest[i + 11..];
        let Some(q) = rest.find('"') else { break };
        let ptr = unescape(&rest[..q]);
        let after = &rest[q + 1..];
        let Some(gt) = after.find('>') else { break };
        let Some(lt) = after[gt + 1..].find('<') else {
            break;
        };
        out.push((ptr, unescape(&after[gt + 1..gt + 1 + lt])));
        rest = after;
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text a JSON scalar must have on the page: strings as they are, numbers and booleans as
/// serde_json writes them into the `--json` document, null as a dash.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// Writes the report and the JSON of one example folder.
fn report(folder: &str) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let path = example(folder);
    let (code, out, err) = run(&[
        "analyze",
        path.to_str().unwrap(),
        "--json",
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{folder}: {err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    (std::fs::read_to_string(&html).unwrap(), json)
}

fn check_folder(folder: &str, min_numbers: usize, figures: usize, wants: &[&str]) {
    let (html, json) = report(folder);
    check_page(folder, &html, &json, min_numbers, figures, wants);
}

/// The checks of [`check_folder`] on a report already written.
fn check_page(
    folder: &str,
    html: &str,
    json: &Value,
    min_numbers: usize,
    figures: usize,
    wants: &[&str],
) {
    // Self-contained: no script, no external resource of any kind.
    for bad in [
        "<script",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
        "@font-face",
    ] {
        assert!(!html.contains(bad), "{folder}: the report contains {bad:?}");
    }
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("@media print") && html.contains("break-inside: avoid"));
    // HTML numbers are JSON numbers: each tagged value equals the document's value there.
    let tags = tagged(html);
    let numbers = tags
        .iter()
        .filter(|(p, _)| json.pointer(p).is_some_and(Value::is_number))
        .count();
    assert!(
        numbers >= min_numbers,
        "{folder}: only {numbers} numbers tagged"
    );
    for (ptr, text) in &tags {
        let v = json
            .pointer(ptr)
            .unwrap_or_else(|| panic!("{folder}: {ptr} is not in the JSON"));
        assert_eq!(&shown(v), text, "{folder}: {ptr}");
    }
    // Figures: inline SVG drawn at 10× with a viewBox (0.1 px resolution), each passing the
    // publication checks of tests/src/svg.rs (sub-pixel, legend box clear of data, Okabe–Ito).
    let svgs: Vec<&str> = html
        .match_indices("<svg")
        .map(|(i, _)| {
            let end = html[i..].find("</svg>").unwrap() + i + 6;
            &html[i..end]
        })
        .collect();
    assert_eq!(svgs.len(), figures, "{folder}: figures");
    for (k, s) in svgs.iter().enumerate() {
        let name = format!("{folder} figure {}", k + 1);
        let doc = roxmltree::Document::parse(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        let w: f64 = root.attribute("width").unwrap().parse().unwrap();
        let vb: f64 = root
            .attribute("viewBox")
            .and_then(|v| v.split_whitespace().nth(2)?.parse().ok())
            .unwrap();
        assert!(vb / w >= 10.0, "{name}: resolution {} px", w / vb);
        svg::check_text(&name, svg::parse_text(&name, s.to_string()), &[]);
    }
    for w in wants {
        assert!(html.contains(w), "{folder}: missing {w:?}");
    }
    // The inputs section lists every file of every step and the unused ones.
    for (step, files) in json.as_object().unwrap() {
        if let Some(files) = files.as_object().filter(|_| step != "summary") {
            for f in files.keys() {
                assert!(
                    html.contains(&format!("<tr><td>{f}</td><td>{step}</td><td>")),
                    "{folder}: {f} not listed as used by {step}"
                );
            }
        }
    }
}

#[test]
fn isovaleryl_report_equals_its_json() {
    let (_, json) = report("isovaleryl-diazepane");
    // A sample read by name, so that a renamed key is noticed.
    let dh = &json["eyring_fit"]["isovaleryl-diazepane.amide.rates.csv"]["dh_kj_per_mol"];
    assert!(dh.is_number());
    check_folder(
        "isovaleryl-diazepane",
        500,
        // family populations, the Cremer–Pople maps of the five ensembles (four 7-ring maps,
        // the piperazine's 6-ring map), Boltzmann bars, Eyring plots of the rate table and the
        // VT series, the VT series' stacked spectra
        10,
        &[
            &format!(
                r#"data-json="/eyring_fit/isovaleryl-diazepane.amide.rates.csv/dh_kj_per_mol">{dh}<"#
            ),
            "Summary",
            "ΔG‡(298.15 K)",
            "kcal/mol",
            "Conformer family populations",
            "Cremer–Pople map: isovaleryl-diazepane.sdf",
            "Cremer–Pople map: isovaleryl-azepane.sdf",
            "Cremer–Pople map: isovaleryl-piperazine.sdf (6-membered rings)",
            "Boltzmann populations: isovaleryl-diazepane.dft-families.energies.csv",
            "Design suggestions",
            "ringflux analyze report",
        ],
    );
}

#[test]
fn isovaleryl_report_shows_the_vt_stack() {
    // The VT series of the example (examples/isovaleryl-diazepane/vt, simulated spectra): the
    // stacked figure of vt-fit --plot, one trace per spectrum labelled with its temperature and
    // the rate of the report's JSON; the undetermined ones shown and labelled so.
    let (html, json) = report("isovaleryl-diazepane");
    let series = json["vt_fit"].as_object().expect("a vt_fit step");
    let (file, vt) = series.iter().next().unwrap();
    let start = html
        .find(&format!("VT series {file}: measured and fitted spectra"))
        .expect("the VT stack figure");
    let from = html[..start].rfind("<svg").unwrap();
    let to = start + html[start..].find("</svg>").unwrap() + 6;
    let fig = &html[from..to];
    let points = vt["points"].as_array().unwrap();
    let mut undetermined = 0;
    let mut wants = vec!["measured".to_string(), "fit".into(), "residual".into()];
    for p in points {
        let t = ringflux_tests::num(&p["temp_k"]);
        if p["k_per_s"].is_number() {
            wants.push(format!(
                "{t:.0} K, k = {:.3} ± {:.3} s⁻¹",
                ringflux_tests::num(&p["k_per_s"]),
                ringflux_tests::num(&p["k_err_per_s"])
            ));
        } else {
            undetermined += 1;
            wants.push(format!("{t:.0} K (undetermined: no rate)"));
        }
    }
    assert!(undetermined > 0, "the example has slow-exchange spectra");
    let wants: Vec<&str> = wants.iter().map(String::as_str).collect();
    let name = format!("{file} VT stack");
    svg::check_text(&name, svg::parse_text(&name, fig.to_string()), &wants);
}

#[test]
fn four_site_report_shows_the_global_fit() {
    // examples/homopiperazine-four-site (simulated four-site series, README.md there): the
    // n-site global fit gets its two figures, each passing the publication checks of
    // tests/src/svg.rs: the Eyring plot with one line per process and each process's ΔH‡, ΔS‡
    // and ΔG‡(298.15 K) as the JSON gives them (kJ and kcal), and every spectrum with the
    // global fit, its residual and its temperature. The model file is an input of the series.
    let folder = "homopiperazine-four-site";
    let (html, json) = report(folder);
    let g = &json["vt_fit"]["homopiperazine.vt.csv"];
    let mut wants = vec![
        "Eyring plot: homopiperazine.vt.csv".to_string(),
        "1000/T (K⁻¹)".into(),
        "VT series homopiperazine.vt.csv: measured spectra and the global fit".into(),
        "global fit".into(),
        "residual".into(),
        "<tr><td>homopiperazine.model.json</td><td>vt_fit</td><td>input of homopiperazine.vt.csv"
            .into(),
    ];
    let num = |v: &Value| ringflux_tests::num(v);
    for (p, words) in g["processes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["amide rotation", "ring inversion"])
    {
        assert!(words.starts_with(p["process"].as_str().unwrap()));
        // (label, key stem, SI key suffix and unit, cal key suffix and unit, decimals SI, cal)
        for (what, stem, si, si_unit, cal, cal_unit, d_si, d_cal) in [
            (
                "ΔH‡",
                "dh",
                "kj_per_mol",
                "kJ/mol",
                "kcal_per_mol",
                "kcal/mol",
                2,
                2,
            ),
            (
                "ΔS‡",
                "ds",
                "j_per_mol_k",
                "J/(mol·K)",
                "cal_per_mol_k",
                "cal/(mol·K)",
                1,
                2,
            ),
            (
                "ΔG‡(298.15 K)",
                "dg_298",
                "kj_per_mol",
                "kJ/mol",
                "kcal_per_mol",
                "kcal/mol",
                2,
                2,
            ),
        ] {
            let v = |suffix: &str, d: usize| {
                format!(
                    "{:.d$} ± {:.d$}",
                    num(&p[format!("{stem}_{suffix}")]),
                    num(&p[format!("{stem}_err_{suffix}")])
                )
            };
            wants.push(format!(
                "{words}: {what} = {} {si_unit} ({} {cal_unit})",
                v(si, d_si),
                v(cal, d_cal)
            ));
        }
    }
    let mut temps: Vec<f64> = g["two_step"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| num(&p["temp_k"]))
        .collect();
    temps.dedup();
    assert_eq!(temps.len(), 12, "the example's 12 spectra");
    for t in temps {
        wants.push(format!(" {t:.0} K: "));
    }
    // The legend wraps long lines: compare with the SVG text joined and blanks collapsed.
    // (Figures print negative numbers with a typographic minus.)
    let text = collapse(&unwrapped(&html)).replace('−', "-");
    for w in &wants {
        assert!(
            text.contains(&collapse(w)) || html.contains(w.as_str()),
            "{folder}: missing {w:?}"
        );
    }
    let none: [&str; 0] = [];
    check_page(folder, &html, &json, 50, 2, &none);
    assert!(
        !html.contains("Not analysed: <span"),
        "{folder}: an unused file"
    );
}

/// Runs of blanks as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a page's SVG `<text>` elements joined as one line per legend entry: a wrapped
/// legend line continues in the next `<text>` element (indented), so consecutive elements are
/// joined with a space.
fn unwrapped(html: &str) -> String {
    let mut out = String::new();
    for (i, _) in html.match_indices("<text") {
        let start = i + html[i..].find('>').unwrap() + 1;
        let end = start + html[start..].find("</text>").unwrap();
        out += " ";
        out += html[start..end].trim();
    }
    unescape(&out)
}

#[test]
fn dp4_reports_equal_their_json() {
    // ¹³C and ¹H scatters of each validation.
    check_folder(
        "nankakurine-dp4",
        50,
        2,
        &["¹³C shifts", "¹H shifts", "DP4"],
    );
    check_folder("dp4plus-synthetic", 50, 2, &["DP4+"]);
}

#[test]
fn the_tag_reader_can_fail() {
    // A page whose number differs from the JSON must be caught by the comparison above.
    let page = r#"<td><span data-json="/a/b">1.5</span></td><span data-json="/c">x &amp; y</span>"#;
    let tags = tagged(page);
    assert_eq!(
        tags,
        vec![("/a/b".into(), "1.5".into()), ("/c".into(), "x & y".into())]
    );
    let json = serde_json::json!({"a": {"b": 1.25}, "c": "x & y"});
    assert_ne!(shown(json.pointer("/a/b").unwrap()), tags[0].1);
    assert_eq!(shown(json.pointer("/c").unwrap()), tags[1].1);
}
