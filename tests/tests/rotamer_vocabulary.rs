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
