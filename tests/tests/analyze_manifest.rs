//! The optional manifest `ringflux.json` of an `analyze` folder (issue 13): it assigns files to
//! compounds explicitly, names or removes parents, and states facts per compound
//! (`host-cli/src/analysis/analyze/manifest.rs`, schema in the README's `analyze` section).
//!
//! Folders: copies of `tests/data/analyze/two-compounds/` (the first conformer of
//! `../shared/data/ensembles/isovaleryl-piperazine.sdf` and the suvorexant ligand of PDB 4S0V,
//! `../shared/reference/pucker/structures/pdb4S0V_SUV_crystal.xyz`) and of two ensembles of the
//! bundled example (`../shared/data/ensembles/`, RDKit ETKDGv3 + MMFF94).

use ringflux_tests::cli::{fails, json};
use ringflux_tests::{example, workspace_root};
use serde_json::Value;
use std::path::Path;

use ringflux_tests::analyze_compound as compound;

/// A temporary copy of `tests/data/analyze/two-compounds` without `skip`.
fn two_compounds(skip: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = workspace_root().join("tests/data/analyze/two-compounds");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if !skip.contains(&name.as_str()) {
            std::fs::copy(&p, dir.path().join(&name)).unwrap();
        }
    }
    dir
}

fn analyze(dir: &Path) -> Value {
    json(&["analyze", dir.to_str().unwrap()])
}

/// `loose.ratio.csv` (10:1, rows `amide rotamers`) has no compound prefix: without a manifest it
/// is unassigned; the manifest gives it to suvorexant, whose rotamer ratio it then is. The
/// bioactive family stated for suvorexant closes its scenario table; the piperazine's stays open.
#[test]
fn a_manifest_assigns_an_unprefixed_file_and_states_facts() {
    let dir = two_compounds(&["suvorexant.rotamers.ratio.csv"]);
    let before = analyze(dir.path());
    assert_eq!(
        before["unassigned_files"],
        serde_json::json!(["loose.ratio.csv"])
    );
    assert_eq!(
        compound(&before, "suvorexant")["facts"]["rotamer_ratio"],
        Value::Null
    );
    assert!(!compound(&before, "suvorexant")["scenarios"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(before["manifest"], Value::Null);

    std::fs::write(
        dir.path().join("ringflux.json"),
        r#"{
  "compounds": {
    "suvorexant": {
      "files": ["loose.ratio.csv"],
      "facts": { "bioactive_family": "boat" }
    }
  }
}
"#,
    )
    .unwrap();
    let v = analyze(dir.path());
    assert_eq!(v["unassigned_files"], serde_json::json!([]));
    assert!(!v["warnings"].to_string().contains("loose.ratio.csv"));
    assert_eq!(v["manifest"], "ringflux.json");
    assert!(!v["unused_files"].to_string().contains("ringflux.json"));
    let suv = compound(&v, "suvorexant");
    assert_eq!(
        suv["measurement_files"],
        serde_json::json!(["loose.ratio.csv"])
    );
    assert_eq!(suv["facts"]["rotamer_ratio"], 10.0);
    assert_eq!(suv["facts"]["bioactive_family"], "boat");
    assert_eq!(suv["fact_sources"]["bioactive_family"], "ringflux.json:5");
    assert_eq!(suv["scenarios"], serde_json::json!([]));
    let pip = compound(&v, "piperazine-amide");
    assert!(!pip["measurement_files"].to_string().contains("loose"));
    assert_eq!(pip["facts"]["bioactive_family"], Value::Null);
    assert!(!pip["scenarios"].as_array().unwrap().is_empty());
    let (code, human, _) = ringflux_tests::cli::run(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(human.contains("(manifest read: ringflux.json)"), "{human}");
    assert!(!human.contains("not analysed: ringflux.json"));
}

/// The substructure match makes the parent the C7-methyl's parent (`analyze_analogues`); the
/// manifest removes that comparison (`"parent": null`) and names the methyl compound as the
/// parent of the unsubstituted one instead, which no substructure match would: its comparison is
/// then `compare METHYL PARENT`, the methyl lock read backwards (TC falls, C rises).
#[test]
fn a_manifest_overrides_the_parent() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example("isovaleryl-diazepane");
    for f in [
        "isovaleryl-diazepane.sdf",
        "isovaleryl-7S-methyl-diazepane.sdf",
    ] {
        std::fs::copy(ex.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("ringflux.json"),
        r#"{"compounds": {
  "isovaleryl-7S-methyl-diazepane": {"parent": null},
  "isovaleryl-diazepane": {"parent": "isovaleryl-7S-methyl-diazepane"}
}}"#,
    )
    .unwrap();
    let v = analyze(dir.path());
    assert_eq!(
        compound(&v, "isovaleryl-7S-methyl-diazepane")["comparison"],
        Value::Null
    );
    let c = &compound(&v, "isovaleryl-diazepane")["comparison"];
    assert_eq!(c["parent"], "isovaleryl-7S-methyl-diazepane");
    let methyl = ex.join("isovaleryl-7S-methyl-diazepane.sdf");
    let parent = ex.join("isovaleryl-diazepane.sdf");
    let cmp = json(&[
        "compare",
        methyl.to_str().unwrap(),
        parent.to_str().unwrap(),
    ]);
    let ds = cmp["entropy_change_j_per_mol_k"][0].as_f64().unwrap();
    assert!((c["delta_s_conf_j_per_mol_k"].as_f64().unwrap() - ds).abs() < 1e-9);
    assert!(c["conformation_population_change"]["TC"].as_f64().unwrap() < -0.2);
    assert!(c["conformation_population_change"]["C"].as_f64().unwrap() > 0.2);
}

/// Bad manifests are input errors (exit 2) naming the manifest, the line and the field.
#[test]
fn a_bad_manifest_is_an_input_error_at_its_line() {
    let cases: [(&str, &str, &str); 7] = [
        (
            "{\"compounds\": {\n  \"suvorexant\": {\n    \"fils\": []}}}",
            ":3: ",
            "unknown field `fils`",
        ),
        ("{\"compounds\": {},\n \"extra\": 1}", ":2: ", "unknown field `extra`"),
        (
            "{\"compounds\": {\n  \"nosuch\": {}}}",
            ":2: ",
            "compounds.nosuch: no structure file has this stem",
        ),
        (
            "{\"compounds\": {\"suvorexant\": {\n  \"files\": [\n    \"gone.csv\"]}}}",
            ":3: ",
            "compounds.suvorexant.files[0]: 'gone.csv' is not a file of this folder",
        ),
        (
            "{\"compounds\": {\"suvorexant\": {\n  \"facts\": {\n    \"bioactive_colour\": \"red\"}}}}",
            ":3: ",
            "compounds.suvorexant.facts.bioactive_colour: unknown fact",
        ),
        (
            "{\"compounds\": {\"suvorexant\": {\n  \"parent\": \"suvorexant\"}}}",
            ":2: ",
            "compounds.suvorexant.parent: 'suvorexant' is not another compound",
        ),
        (
            "{\"compounds\": {\"piperazine-amide\": {\"files\": [\"loose.ratio.csv\"]},\n  \"suvorexant\": {\"files\": [\n \"loose.ratio.csv\"]}}}",
            ":3: ",
            "is also listed for compound 'piperazine-amide'",
        ),
    ];
    let dir = two_compounds(&[]);
    let manifest = dir.path().join("ringflux.json");
    for (text, line, what) in cases {
        std::fs::write(&manifest, text).unwrap();
        let err = fails(&["analyze", dir.path().to_str().unwrap()]);
        let place = format!("{}{line}", manifest.display());
        assert!(
            err.starts_with(&format!("error: {place}")),
            "{text}\n→ {err}"
        );
        assert!(err.contains(what), "{text}\n→ {err}");
    }
}
