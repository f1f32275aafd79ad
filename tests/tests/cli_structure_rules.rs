//! From structures to suggestions, end to end through the binary: the shared conformer ensembles
//! of 1-(1,4-diazepan-1-yl)-3-methylbutan-1-one and its (2R)-2-methyl and (7S)-7-methyl analogues
//! (`../shared/data/ensembles/`, RDKit ETKDGv3 + MMFF94), and the suvorexant ligand of PDB 4S0V
//! (`../shared/reference/pucker/structures/pdb4S0V_SUV_crystal.xyz`).
//!
//! Atom numbers are checked against the SDF bond block read here independently of ringflux:
//! N1 is the nitrogen on the carbonyl carbon, C2/C7 its ring neighbours, told apart by the length
//! of the path to the other ring nitrogen (C2–C3–N4 vs C7–C6–C5–N4).

use ringflux_tests::cli::{json, ringflux};
use ringflux_tests::{rule_ids, shared};
use serde_json::Value;

fn ensemble(name: &str) -> String {
    shared(&format!("data/ensembles/{name}"))
        .display()
        .to_string()
}

/// First V2000 record: element per atom (1-based index − 1) and bonds (a, b, order), 1-based.
fn first_record(path: &str) -> (Vec<String>, Vec<(usize, usize, u8)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let counts = lines[3];
    let n_atoms: usize = counts[0..3].trim().parse().unwrap();
    let n_bonds: usize = counts[3..6].trim().parse().unwrap();
    let elements = lines[4..4 + n_atoms]
        .iter()
        .map(|l| l.split_whitespace().nth(3).unwrap().to_string())
        .collect();
    let bonds = lines[4 + n_atoms..4 + n_atoms + n_bonds]
        .iter()
        .map(|l| {
            (
                l[0..3].trim().parse().unwrap(),
                l[3..6].trim().parse().unwrap(),
                l[6..9].trim().parse().unwrap(),
            )
        })
        .collect();
    (elements, bonds)
}

/// (N1, C2, C7, methylated ring carbon if any), 1-based, from the bond block.
fn ring_positions(path: &str) -> (usize, usize, usize, Option<usize>) {
    let (el, bonds) = first_record(path);
    let nb = |i: usize| -> Vec<usize> {
        bonds
            .iter()
            .filter_map(|&(a, b, _)| {
                if a == i {
                    Some(b)
                } else if b == i {
                    Some(a)
                } else {
                    None
                }
            })
            .collect()
    };
    let is = |i: usize, e: &str| el[i - 1] == e;
    let carbonyl = (1..=el.len())
        .find(|&c| {
            is(c, "C")
                && bonds
                    .iter()
                    .any(|&(a, b, o)| o == 2 && (a == c || b == c) && (is(a, "O") || is(b, "O")))
        })
        .unwrap();
    let n1 = nb(carbonyl).into_iter().find(|&n| is(n, "N")).unwrap();
    let ring_c: Vec<usize> = nb(n1)
        .into_iter()
        .filter(|&c| c != carbonyl && is(c, "C"))
        .collect();
    // Shortest path (heavy atoms, not through N1) from a ring carbon on N1 to another nitrogen:
    // 2 bonds for C2 (C2–C3–N4), 3 for C7 (C7–C6–C5–N4).
    let steps_to_n4 = |start: usize| {
        let mut dist = vec![usize::MAX; el.len() + 1];
        dist[start] = 0;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            if is(at, "N") && at != n1 {
                return dist[at];
            }
            for x in nb(at) {
                if x != n1 && !is(x, "H") && dist[x] == usize::MAX {
                    dist[x] = dist[at] + 1;
                    queue.push_back(x);
                }
            }
        }
        usize::MAX
    };
    let (c2, c7) = if steps_to_n4(ring_c[0]) == 2 {
        (ring_c[0], ring_c[1])
    } else {
        (ring_c[1], ring_c[0])
    };
    let methylated = [c2, c7].into_iter().find(|&c| {
        nb(c)
            .into_iter()
            .any(|x| is(x, "C") && x != n1 && nb(x).iter().filter(|&&y| !is(y, "H")).count() == 1)
    });
    (n1, c2, c7, methylated)
}

/// `suggest FILE --bioactive TB --bioactive-rotamer ROTAMER` as JSON.
fn suggest_tb(file: &str, rotamer: &str) -> Value {
    json(&[
        "suggest",
        file,
        "--bioactive",
        "TB",
        "--bioactive-rotamer",
        rotamer,
    ])
}

fn first_suggestion_atom(v: &Value, rule: &str) -> (String, u64) {
    let s = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule_id"] == rule)
        .unwrap_or_else(|| panic!("{rule} not suggested: {v}"));
    let p = &s["positions"][0];
    (
        p["label"].as_str().unwrap().to_string(),
        p["atom"].as_u64().unwrap(),
    )
}

#[test]
fn ensemble_to_suggestion_maps_the_methyl_onto_the_users_atoms() {
    // Parent: a twist-boat bioactive conformation with O syn to C7; the free ensemble is mostly
    // chair family, so the rules ask for the C7 methyl — at the parent's C7 atom.
    let parent = ensemble("isovaleryl-diazepane.sdf");
    let v = suggest_tb(&parent, "O-syn-C7");
    let (_, _, c7, methylated) = ring_positions(&parent);
    assert_eq!(methylated, None);
    assert_eq!(v["facts"]["ring"], "diazepane");
    assert_eq!(v["facts"]["substituent_c7"], "none");
    let boat = v["facts"]["bioactive_population"].as_f64().unwrap();
    assert!(
        boat < 0.8,
        "the parent is not preorganised: boat family {boat}"
    );
    assert_eq!(
        v["suggestions"][0]["rule_id"],
        "methyl-at-c7-syn-to-carbonyl-o"
    );
    assert_eq!(
        first_suggestion_atom(&v, "methyl-at-c7-syn-to-carbonyl-o"),
        ("C7".into(), c7 as u64)
    );

    // (7S)-7-methyl analogue: C7 already carries the methyl, so no methyl is suggested there;
    // O syn to C2 instead asks for the C2 methyl, at the analogue's C2 atom.
    let seven = ensemble("isovaleryl-7S-methyl-diazepane.sdf");
    let (_, c2, c7, methylated) = ring_positions(&seven);
    assert_eq!(methylated, Some(c7));
    let v = suggest_tb(&seven, "O-syn-C7");
    assert_eq!(v["facts"]["substituent_c7"], "methyl");
    assert!(!rule_ids(&v).contains(&"methyl-at-c7-syn-to-carbonyl-o".to_string()));
    let v = suggest_tb(&seven, "O-syn-C2");
    assert_eq!(
        first_suggestion_atom(&v, "methyl-at-c2-syn-to-carbonyl-o"),
        ("C2".into(), c2 as u64)
    );

    // (2R)-2-methyl analogue: the methyl is found at C2.
    let two = ensemble("isovaleryl-2R-methyl-diazepane.sdf");
    let (_, c2, _, methylated) = ring_positions(&two);
    assert_eq!(methylated, Some(c2));
    let v = json(&["suggest", &two, "--bioactive", "TB"]);
    assert_eq!(v["facts"]["substituent_c2"], "methyl");
    assert_eq!(v["facts"]["substituent_c7"], "none");
}

#[test]
fn compare_reports_populations_changes_and_entropy() {
    let files = [
        ensemble("isovaleryl-diazepane.sdf"),
        ensemble("isovaleryl-2R-methyl-diazepane.sdf"),
        ensemble("isovaleryl-7S-methyl-diazepane.sdf"),
    ];
    let mut args = vec!["compare"];
    args.extend(files.iter().map(String::as_str));
    let v = json(&args);
    let ens = v["ensembles"].as_array().unwrap();
    assert_eq!(ens.len(), 3);
    // Populations per family sum to 1 (to rounding of the sum of many terms).
    const SUM_TOL: f64 = 1e-9;
    for e in ens {
        let total: f64 = e["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["population"].as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < SUM_TOL, "{total}");
        let pucker =
            e["chair_population"].as_f64().unwrap() + e["boat_population"].as_f64().unwrap();
        assert!(pucker <= 1.0 + SUM_TOL);
        let rot =
            e["o_syn_c2_population"].as_f64().unwrap() + e["o_syn_c7_population"].as_f64().unwrap();
        assert!(
            (rot - 1.0).abs() < SUM_TOL,
            "every conformer has the amide: {rot}"
        );
        assert!(e["conformational_entropy_j_per_mol_k"].as_f64().unwrap() >= 0.0);
    }
    assert_eq!(ens[1]["substituent_c2"], "methyl");
    assert_eq!(ens[2]["substituent_c7"], "methyl");
    // Each change is analogue − parent for the same family.
    for c in v["changes"].as_array().unwrap() {
        let d = c["analog_population"].as_f64().unwrap() - c["parent_population"].as_f64().unwrap();
        assert!((c["change"].as_f64().unwrap() - d).abs() < 1e-15);
    }
    let ds = v["entropy_change_j_per_mol_k"].as_array().unwrap();
    for (k, d) in ds.iter().enumerate() {
        let want = ens[k + 1]["conformational_entropy_j_per_mol_k"]
            .as_f64()
            .unwrap()
            - ens[0]["conformational_entropy_j_per_mol_k"]
                .as_f64()
                .unwrap();
        assert!((d.as_f64().unwrap() - want).abs() < 1e-12);
    }
    ringflux().args(["compare", &files[0]]).assert().code(2);
}

/// The orexin-antagonist story with real structures: suvorexant's bound ligand (PDB 4S0V) gives
/// the bioactive pucker family and rotamer — boat family, carbonyl O syn to C7 (ω(O–C–N1–C7) ≈ −1°
/// in the crystal) — and the flexible parent scaffold's ensemble gives the free populations. The
/// suggestions must contain the moves the series made: a methyl on the ring carbon next to the
/// acylated nitrogen (C7, where suvorexant has its (7R)-methyl) and a bridged / rigidified ring.
#[test]
fn suvorexant_crystal_and_flexible_parent_give_the_c7_methyl_and_the_bridge() {
    let crystal = shared("reference/pucker/structures/pdb4S0V_SUV_crystal.xyz")
        .display()
        .to_string();
    let parent = ensemble("isovaleryl-diazepane.sdf");
    let v = json(&["suggest", &parent, "--bioactive-structure", &crystal]);
    assert_eq!(v["facts"]["bioactive_family"], "boat");
    assert_eq!(v["facts"]["bioactive_rotamer"], "O-syn-C7");
    let ids = rule_ids(&v);
    assert_eq!(ids[0], "methyl-at-c7-syn-to-carbonyl-o", "{ids:?}");
    assert!(ids.iter().any(|i| i == "rigidify-ring"), "{ids:?}");
    // The crystal itself, read as the molecule: its ring is N1..C7 = xyz atoms 8 18 17 2 21 20 19
    // (shared/reference/pucker/structures/README.md); C7 carries the methyl, N4 the benzoxazole,
    // and a C2 methyl would go on atom 18.
    let v = json(&[
        "suggest",
        &crystal,
        "--bioactive",
        "TB",
        "--bioactive-rotamer",
        "O-syn-C2",
        "--fact",
        "bioactive_population=0.3",
    ]);
    assert_eq!(v["facts"]["substituent_c7"], "methyl");
    assert_eq!(v["facts"]["substituent_c2"], "none");
    assert_eq!(
        first_suggestion_atom(&v, "methyl-at-c2-syn-to-carbonyl-o"),
        ("C2".into(), 18)
    );
    assert_eq!(v["facts"]["substituent_n4"], "aryl");
}
