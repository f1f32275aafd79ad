//! `ringflux suggest`, `ringflux rules check` and `ringflux rules show` through the binary.
//! Rule files: `tests/data/rules/` (the valid base and its one-defect variants).

use ringflux_tests::cli::{ringflux, Command};
use ringflux_tests::workspace_root;
use serde_json::Value;

fn data(name: &str) -> std::path::PathBuf {
    workspace_root().join("tests/data/rules").join(name)
}

/// Runs, expects success, returns stdout.
fn ok(cmd: &mut Command) -> Vec<u8> {
    cmd.assert().success().get_output().stdout.clone()
}

/// Runs, expects exit 2 (input error), returns stderr.
fn failure(cmd: &mut Command) -> Vec<u8> {
    cmd.assert().code(2).get_output().stderr.clone()
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("one JSON object on stdout")
}

#[test]
fn suggest_from_flags_reports_suggestions_and_trace() {
    let out = ok(ringflux()
        .args([
            "--json",
            "suggest",
            "--bioactive",
            "TB",
            "--bioactive-rotamer",
            "O-syn-C7",
        ])
        .args(["--fact", "bioactive_population=0.3", "--tc-k", "300"]));
    let v = json_of(&out);
    let ids = ringflux_tests::rule_ids(&v);
    assert_eq!(
        ids,
        [
            "methyl-at-c7-syn-to-carbonyl-o",
            "rigidify-ring",
            "broad-room-temperature-nmr"
        ]
    );
    let first = &v["suggestions"][0];
    for key in ["title", "suggestion", "rationale", "reference"] {
        assert!(first[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert_eq!(first["positions"][0]["label"], "C7");
    assert_eq!(v["facts"]["bioactive_family"], "boat");
    assert_eq!(v["facts"]["tc_k"], 300.0);
    assert_eq!(v["fact_sources"]["tc_k"], "--tc-k");
    let step = v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "boat-family-dominant")
        .expect("the flexibility test is in the trace");
    assert_eq!(step["fact"], "bioactive_population");
    assert_eq!(step["seen"], 0.3);
    assert_eq!(step["branch"], "no");
}

#[test]
fn suggest_ratio_sets_the_major_rotamer_and_the_human_report_explains() {
    // Bioactive O-syn-C7 but the integrals say 2:1 for O-syn-C2: the minor rotamer is bioactive.
    let out = ok(ringflux().args([
        "suggest",
        "--bioactive-rotamer",
        "O-syn-C7",
        "--ratio",
        "2:1",
        "--temp-k",
        "233",
    ]));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("[bias-rotamer-with-acyl-group"), "{text}");
    assert!(
        text.contains("major_rotamer = O-syn-C2; saw O-syn-C2 → yes"),
        "{text}"
    );
    assert!(text.contains("Why:"));
}

#[test]
fn suggest_rejects_bad_input_with_exit_2() {
    for args in [
        vec!["suggest", "--bioactive", "XX"],
        vec!["suggest", "--fact", "bioactive_population=1.7"],
        vec!["suggest", "--fact", "no_such_fact=1"],
        vec!["suggest", "--ratio", "3:0"],
        vec!["suggest", "--tc-k", "nan"],
    ] {
        ringflux().args(&args).assert().code(2);
    }
    let err = failure(ringflux().args(["suggest", "--fact", "bioactive_population=1.7"]));
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.starts_with("error: --fact: bioactive_population"),
        "{err}"
    );
}

#[test]
fn rules_check_accepts_the_default_set_round_tripped_through_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("default.json");
    let out = ok(ringflux().args(["rules", "show", "--format", "json"]));
    std::fs::write(&path, &out).unwrap();
    let v = json_of(&out);
    assert_eq!(v["format"], 1);
    assert_eq!(v["rules"].as_array().unwrap().len(), 10);
    let report = ok(ringflux().args(["--json", "rules", "check"]).arg(&path));
    let r = json_of(&report);
    assert_eq!(r["examples"], 28); // 26 + the two of major-family-dominant (issue 13)
    assert_eq!(r["warnings"].as_array().unwrap().len(), 0);
    // The loaded copy decides like the compiled-in set.
    let via_file = ok(ringflux()
        .args(["--json", "suggest", "--bioactive", "TB", "--rules"])
        .arg(&path));
    let compiled = ok(ringflux().args(["--json", "suggest", "--bioactive", "TB"]));
    let (a, b) = (json_of(&via_file), json_of(&compiled));
    assert_eq!(a["suggestions"], b["suggestions"]);
    assert_eq!(a["trace"], b["trace"]);
}

#[test]
fn rules_check_points_at_file_line_and_column() {
    let cases = [
        ("broken-unknown-fact.json", "unknown-fact", "\"tc_kelvin\""),
        (
            "broken-dangling-reference.json",
            "dangling-reference",
            "\"broad-spectrum\"",
        ),
        ("broken-cycle.json", "cycle", "\"id\": \"tc-near-rt\""),
        ("broken-syntax-unknown-key.json", "syntax", "\"yes_branch\""),
        ("broken-syntax-example-fact.json", "syntax", "\"tc_kelvin\""),
        ("broken-syntax-comma.json", "syntax", ",,"),
        ("broken-escaped-string.json", "escaped-string", "\"title\""),
    ];
    for (name, code, marker) in cases {
        let path = data(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text[..text.find(marker).unwrap()].matches('\n').count() + 1;
        let err = failure(ringflux().args(["rules", "check"]).arg(&path));
        let err = String::from_utf8(err).unwrap();
        let want = format!("error: {}:{line}:", path.display());
        assert!(err.starts_with(&want), "{name}: want {want}, got {err}");
        assert!(err.contains(&format!("error[{code}]")), "{name}: {err}");
    }
    ringflux()
        .args(["rules", "check"])
        .arg(data("valid-minimal.json"))
        .assert()
        .success();
    ringflux()
        .args(["rules", "check", "/no/such/rules.json"])
        .assert()
        .code(2);
}

#[test]
fn rules_show_draws_every_rule_in_text_and_mermaid() {
    for format in ["text", "mermaid"] {
        let out = ok(ringflux().args(["rules", "show", "--format", format]));
        let text = String::from_utf8(out).unwrap();
        for id in [
            "methyl-at-c7-syn-to-carbonyl-o",
            "rigidify-ring",
            "broad-room-temperature-nmr",
        ] {
            assert!(text.contains(id), "{format}: {id}");
        }
        if format == "mermaid" {
            assert!(text.starts_with("flowchart TD\n"));
            assert!(text.contains("-->|yes|"));
        }
    }
}

/// `analyze` gathers facts from its steps (here the bundled example's Boltzmann, coalescence and
/// ratio files, plus a `*.facts.json` with the bioactive conformation) and ends with suggestions.
#[test]
fn analyze_ends_with_suggestions_from_gathered_facts() {
    let dir = tempfile::tempdir().unwrap();
    let example = workspace_root().join("examples/isovaleryl-diazepane");
    for f in [
        "isovaleryl-diazepane.dft-families.energies.csv",
        "isovaleryl-diazepane.amide.coalescence.csv",
        "isovaleryl-diazepane.rotamers.ratio.csv",
    ] {
        std::fs::copy(example.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("target.facts.json"),
        "{\n  \"bioactive_conformation\": \"TB\",\n  \"bioactive_rotamer\": \"O-syn-C7\"\n}\n",
    )
    .unwrap();
    let out = ok(ringflux().args(["--json", "analyze"]).arg(dir.path()));
    let v = json_of(&out);
    // No structure file in the folder: one report, for the folder's facts.
    assert_eq!(v["compounds"].as_array().unwrap().len(), 1);
    let s = &v["compounds"][0];
    assert!(s["name"].is_null());
    assert_eq!(
        s["suggestions"][0]["rule_id"],
        "methyl-at-c7-syn-to-carbonyl-o"
    );
    // The boat family holds TB-E + TB-Z of the Boltzmann step's populations.
    let pops = v["boltzmann"]["isovaleryl-diazepane.dft-families.energies.csv"]["populations"]
        .as_array()
        .unwrap();
    let boat: f64 = pops
        .iter()
        .filter(|p| p["name"].as_str().unwrap().starts_with("TB"))
        .map(|p| p["population"].as_f64().unwrap())
        .sum();
    let seen = s["facts"]["bioactive_population"].as_f64().unwrap();
    assert!((seen - boat).abs() < 1e-12, "{seen} vs {boat}");
    assert_eq!(s["facts"]["major_conformation"], "TC");
    assert_eq!(s["facts"]["tc_k"], 330.0);
    assert!(s["fact_sources"]["dg_amide_kcal_per_mol"]
        .as_str()
        .unwrap()
        .starts_with("isovaleryl-diazepane.amide.coalescence.csv"));

    std::fs::write(
        dir.path().join("target.facts.json"),
        "{\n  \"bioactive_conformation\": \"TB\",\n  \"bioactive_rotamr\": \"O-syn-C7\"\n}\n",
    )
    .unwrap();
    let err = failure(ringflux().arg("analyze").arg(dir.path()));
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("target.facts.json:3: unknown fact 'bioactive_rotamr'"),
        "{err}"
    );
}

#[test]
fn rules_check_reports_warnings_without_failing() {
    let path = data("warning-no-examples.json");
    let out = ok(ringflux().args(["rules", "check"]).arg(&path));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("warning[no-examples]"), "{text}");
    let v = json_of(&ok(ringflux()
        .args(["--json", "rules", "check"])
        .arg(&path)));
    assert_eq!(v["warnings"][0]["code"], "no-examples");
    assert_eq!(v["warnings"][0]["severity"], "warning");
}
