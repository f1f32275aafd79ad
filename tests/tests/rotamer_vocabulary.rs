//! Issue 19, one rotamer vocabulary: the mapping between the O-syn names (`O-syn-C2`, `O-syn-C7`:
//! the ring carbon on N1 that lies on the carbonyl O's side) and E/Z (IUPAC: Z when the
//! higher-ranked groups on each end of the C(O)–N1 bond are on the same side), checked on every
//! conformer of the bundled isovaleryl-diazepane ensemble
//! (`examples/isovaleryl-diazepane/isovaleryl-diazepane.sdf`).

use ringflux_tests::cli::json;
use ringflux_tests::{example, num};

#[test]
fn z_is_the_o_syn_name_of_the_higher_ranked_ring_carbon() {
    let sdf = example("isovaleryl-diazepane/isovaleryl-diazepane.sdf");
    let v = json(&["pucker", &sdf.display().to_string()]);
    let mut seen = [0usize; 2];
    for s in v["structures"].as_array().unwrap() {
        let a = &s["rings"][0]["amide"];
        let o_syn = a["o_syn"].as_str().unwrap();
        // O-syn from the torsion alone: O–C–N1–C2 near 0° puts C2 on O's side
        let syn_c2 = num(&a["omega_o_c2_deg"]).abs() < 90.0;
        assert_eq!(o_syn == "C2", syn_c2, "{a}");
        // on the carbonyl carbon O (Z = 8) outranks the isovaleryl CH2 (Z = 6); on N1 the ring
        // carbon whose branch reaches N4 first (C2 via C3) outranks C7 (via C6, C5)
        assert_eq!(a["cip_higher"], "C2", "{a}");
        let z = a["ez"] == "Z";
        assert_eq!(z, o_syn == "C2", "{a}");
        seen[usize::from(z)] += 1;
    }
    // both rotamers occur, so both directions of the mapping were checked
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

/// Inputs accept both vocabularies: `suggest --bioactive-rotamer Z` is mapped to an O-syn name by
/// the CIP ranking of the ring carbons on N1 in the given structure, and the mapping is stated.
/// Ranks by hand (CIP sphere by sphere from N1): in the parent, C2 {C,H,H} ties C7 {C,H,H}, and
/// the next sphere decides: C3 carries N4 while C6 carries only C, so C2 > C7 and Z = O-syn-C2.
/// In the 7S-methyl analogue C7 {C,C,H} outranks C2 {C,H,H} already in the first sphere, so
/// Z = O-syn-C7. Naming the rotamer either way gives the same suggestions.
#[test]
fn e_and_z_are_accepted_through_the_structures_cip_ranking() {
    for (file, z, e) in [
        ("isovaleryl-diazepane.sdf", "O-syn-C2", "O-syn-C7"),
        ("isovaleryl-7S-methyl-diazepane.sdf", "O-syn-C7", "O-syn-C2"),
    ] {
        let sdf = example(&format!("isovaleryl-diazepane/{file}"));
        let sdf = sdf.display().to_string();
        for (ez, o_syn) in [("Z", z), ("e", e)] {
            let by_ez = json(&[
                "suggest",
                &sdf,
                "--bioactive",
                "TB",
                "--bioactive-rotamer",
                ez,
            ]);
            assert_eq!(by_ez["facts"]["bioactive_rotamer"], o_syn, "{file} {ez}");
            assert_eq!(by_ez["rotamer_ez"]["z"], z, "{file}");
            assert_eq!(by_ez["rotamer_ez"]["e"], e, "{file}");
            let source = by_ez["fact_sources"]["bioactive_rotamer"].as_str().unwrap();
            assert!(source.contains(&format!("= {o_syn} by CIP in")), "{source}");
            let by_name = json(&[
                "suggest",
                &sdf,
                "--bioactive",
                "TB",
                "--bioactive-rotamer",
                o_syn,
            ]);
            assert_eq!(
                ringflux_tests::rule_ids(&by_ez),
                ringflux_tests::rule_ids(&by_name),
                "{file} {ez}"
            );
        }
    }
    // Without a structure, or where the ring carbons on N1 rank equal (piperazine), E/Z means
    // nothing: refused naming the flag, nothing printed on stdout.
    let piperazine = example("isovaleryl-diazepane/isovaleryl-piperazine.sdf");
    for args in [
        vec!["suggest", "--bioactive-rotamer", "Z"],
        vec![
            "suggest",
            piperazine.to_str().unwrap(),
            "--bioactive-rotamer",
            "E",
        ],
    ] {
        let (code, out, err) = ringflux_tests::cli::run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains("--bioactive-rotamer") && err.contains("CIP"),
            "{err}"
        );
    }
}
