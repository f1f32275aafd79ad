//! `analyze` finds parent and analogues by a substructure match and compares them through
//! `compare` (issue 13). Data: the RDKit ETKDGv3 + MMFF94 ensembles of the bundled example,
//! copied unchanged from `../shared/data/ensembles/` (parent, (2R)-2-methyl, (7S)-7-methyl,
//! piperazine and azepane analogues). The analogue relation is read off the structures by hand:
//! the two methyl compounds are the parent plus one carbon; the piperazine (6-ring) and the
//! azepane (no N4) have other ring systems.

use ringflux_tests::cli::json;
use ringflux_tests::example;
use serde_json::Value;
use std::collections::BTreeMap;

use ringflux_tests::analyze_compound as compound;

#[test]
fn methyl_analogues_have_the_parent_and_match_compare() {
    let folder = example("isovaleryl-diazepane").display().to_string();
    let v = json(&["analyze", &folder]);
    for name in [
        "isovaleryl-diazepane",
        "isovaleryl-azepane",
        "isovaleryl-piperazine",
    ] {
        assert_eq!(compound(&v, name)["comparison"], Value::Null, "{name}");
    }
    let parent = example("isovaleryl-diazepane/isovaleryl-diazepane.sdf")
        .display()
        .to_string();
    for (name, label) in [
        ("isovaleryl-2R-methyl-diazepane", "C2-methyl"),
        ("isovaleryl-7S-methyl-diazepane", "C7-methyl"),
    ] {
        let cmp = &compound(&v, name)["comparison"];
        assert_eq!(cmp["parent"], "isovaleryl-diazepane");
        assert_eq!(cmp["label"], label);
        let file = example(&format!("isovaleryl-diazepane/{name}.sdf"))
            .display()
            .to_string();
        let c = json(&["compare", &parent, &file]);
        // compare's changes, summed per conformation over the rotamers.
        let mut want: BTreeMap<String, f64> = BTreeMap::new();
        for ch in c["changes"].as_array().unwrap() {
            let k = ch["conformation"].as_str().unwrap().to_string();
            *want.entry(k).or_default() += ch["change"].as_f64().unwrap();
        }
        let got = cmp["conformation_population_change"].as_object().unwrap();
        assert_eq!(got.len(), want.len());
        // Same populations summed in another order: equal to rounding.
        const SUM_TOL: f64 = 1e-12;
        for (k, w) in &want {
            let g = got[k].as_f64().unwrap();
            assert!((g - w).abs() < SUM_TOL, "{name} {k}: {g} vs compare {w}");
        }
        let (p, a) = (&c["ensembles"][0], &c["ensembles"][1]);
        let chair =
            a["chair_population"].as_f64().unwrap() - p["chair_population"].as_f64().unwrap();
        let got_chair = cmp["family_population_change"]["chair"].as_f64().unwrap();
        assert!((got_chair - chair).abs() < SUM_TOL);
        let ds = c["entropy_change_j_per_mol_k"][0].as_f64().unwrap();
        assert_eq!(cmp["delta_s_conf_j_per_mol_k"].as_f64().unwrap(), ds);
        // The methyl locks the ring: the chair C nearly vanishes, TC takes over.
        assert!(got["C"].as_f64().unwrap() < -0.2 && got["TC"].as_f64().unwrap() > 0.2);
        // The summary names the two largest changes, parent → analogue, in percent.
        let pct = |e: &Value, conf: &str| -> f64 {
            100.0
                * e["families"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["conformation"] == conf)
                    .map(|f| f["population"].as_f64().unwrap())
                    .sum::<f64>()
        };
        let summary = cmp["summary"].as_str().unwrap();
        for conf in ["C", "TC"] {
            let part = format!("{conf} {:.1} → {:.1} %", pct(p, conf), pct(a, conf));
            assert!(summary.contains(&part), "{summary} lacks {part}");
        }
        assert!(summary.starts_with(label), "{summary}");
    }
}

#[test]
fn unrelated_compounds_are_not_analogues() {
    let folder = ringflux_tests::workspace_root()
        .join("tests/data/analyze/two-compounds")
        .display()
        .to_string();
    let v = json(&["analyze", &folder]);
    for c in v["compounds"].as_array().unwrap() {
        assert_eq!(c["comparison"], Value::Null, "{}", c["name"]);
    }
}

/// Scenarios (issue 13): no bioactive conformation is stated in the bundled example, so the
/// rules run under each hypothesis. For the parent (C2 and C7 free, distinct rotamers), a
/// boat-family (TB) bioactive conformation leads to the methyl on the ring carbon syn to O in
/// the assumed rotamer — the suvorexant move (C7 methyl, PDB 4S0V) — and a chair one does not.
#[test]
fn scenario_table_has_the_methyl_under_the_boat_hypothesis() {
    let folder = example("isovaleryl-diazepane").display().to_string();
    let v = json(&["analyze", &folder]);
    let sc = compound(&v, "isovaleryl-diazepane")["scenarios"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(sc.len(), 4, "2 families × 2 rotamers");
    let ids = |fam: &str, rot: &str| -> Vec<String> {
        sc.iter()
            .find(|s| {
                s["hypothesis"]["bioactive_family"] == fam
                    && s["hypothesis"]["bioactive_rotamer"] == rot
            })
            .map(ringflux_tests::rule_ids)
            .unwrap()
    };
    assert!(ids("boat", "O-syn-C7").contains(&"methyl-at-c7-syn-to-carbonyl-o".to_string()));
    assert!(ids("boat", "O-syn-C2").contains(&"methyl-at-c2-syn-to-carbonyl-o".to_string()));
    for rot in ["O-syn-C2", "O-syn-C7"] {
        assert!(!ids("chair", rot).iter().any(|r| r.starts_with("methyl-at")));
    }
    // The symmetric piperazine has no rotamer hypotheses.
    let pip = compound(&v, "isovaleryl-piperazine")["scenarios"]
        .as_array()
        .unwrap();
    assert_eq!(pip.len(), 2);
    assert!(pip
        .iter()
        .all(|s| s["hypothesis"]["bioactive_rotamer"].is_null()));
}
