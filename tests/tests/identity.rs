//! Conformer identity (issue 16): symmetry-equivalent copies and mirror images.
//!
//! * Against RDKit: the five ensembles of `tests/data/identity/` (ETKDGv3 + MMFF94, fixed seeds)
//!   and `tests/data/identity/reference.json`, both written by `tests/bench/identity_reference.py`
//!   (run by `tests/bench/identity.sh`): kept conformers by GetBestRMS (symmetry-aware) with
//!   mirror merging, degeneracies, populations, family populations and S_conf.
//! * Exact properties (proptest): relabelling by an automorphism + rotating + translating a
//!   conformer gives the same conformer; mirroring an achiral molecule's ensemble, or deleting
//!   one partner of a duplicate pair, leaves populations and S_conf unchanged.

use proptest::prelude::*;
use ringflux_cli::chem::ensemble::{read_ensemble, Ensemble, Options};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Populations and S_conf: the same formula on energies read from the same 6-decimal text.
const POP_TOL: f64 = 1e-9;
const S_TOL_J_PER_MOL_K: f64 = 1e-9;

const ENSEMBLES: [&str; 5] = [
    "cycloheptane",
    "n-acetylpiperidine",
    "1,4-diacetyl-1,4-diazepane",
    "cyclooctane",
    "n-acetylazocane",
];

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/identity")
        .join(rel)
}

fn reference() -> Value {
    let text = std::fs::read_to_string(data("reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn read(path: &Path) -> Ensemble {
    read_ensemble(path, &Options::default()).unwrap()
}

#[test]
fn kept_conformers_degeneracies_populations_and_entropy_agree_with_rdkit() {
    let r = reference();
    assert_eq!(r["rmsd_threshold_angstrom"].as_f64(), Some(0.125));
    assert_eq!(r["energy_window_kcal_per_mol"].as_f64(), Some(0.05));
    for name in ENSEMBLES {
        let want = &r["ensembles"][name];
        let e = read(&data(&format!("{name}.sdf")));
        assert_eq!(
            e.structures_read as u64,
            want["records"].as_u64().unwrap(),
            "{name}"
        );
        let kept: Vec<(usize, u8, f64)> = e
            .conformers
            .iter()
            .map(|c| (c.index, c.degeneracy, c.population))
            .collect();
        let ref_kept: Vec<(usize, u8, f64)> = want["kept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                (
                    k["index"].as_u64().unwrap() as usize,
                    k["degeneracy"].as_u64().unwrap() as u8,
                    k["population"].as_f64().unwrap(),
                )
            })
            .collect();
        let idx = |v: &[(usize, u8, f64)]| v.iter().map(|k| (k.0, k.1)).collect::<Vec<_>>();
        assert_eq!(idx(&kept), idx(&ref_kept), "{name}: kept (record, g)");
        for (a, b) in kept.iter().zip(&ref_kept) {
            assert!(
                (a.2 - b.2).abs() < POP_TOL,
                "{name} #{}: {} vs {}",
                a.0,
                a.2,
                b.2
            );
        }
        let s = want["conformational_entropy_j_per_mol_k"].as_f64().unwrap();
        assert!(
            (e.conformational_entropy_j_per_mol_k - s).abs() < S_TOL_J_PER_MOL_K,
            "{name}: S {} vs {s}",
            e.conformational_entropy_j_per_mol_k
        );
        assert_eq!(
            e.removed_as_mirror_image as u64,
            want["removed_as_mirror_image"].as_u64().unwrap(),
            "{name}"
        );
        // Family populations: RDKit's populations summed over ringflux's family of each kept
        // conformer equal ringflux's family populations.
        let mut by_family: BTreeMap<&str, f64> = BTreeMap::new();
        for (c, k) in e.conformers.iter().zip(&ref_kept) {
            *by_family.entry(c.family.as_str()).or_default() += k.2;
        }
        assert_eq!(by_family.len(), e.families.len(), "{name}");
        for f in &e.families {
            let p = by_family[f.family.as_str()];
            assert!((f.population - p).abs() < POP_TOL, "{name} {}", f.family);
        }
        assert!(!e.chiral_molecule, "{name} is achiral");
    }
}

#[test]
fn cycloheptane_twist_chair_family_collapses_to_one_conformer_with_g_2() {
    // Every record at the lowest energy (within the 0.05 kcal/mol window) is a rotation or
    // mirror image of one C2 twist-chair: one kept conformer, chiral, g = 2.
    let path = data("cycloheptane.sdf");
    let e = read(&path);
    let lowest = e
        .conformers
        .iter()
        .min_by(|a, b| a.energy_kcal_per_mol.total_cmp(&b.energy_kcal_per_mol))
        .unwrap();
    let at_minimum = e
        .conformers
        .iter()
        .filter(|c| (c.energy_kcal_per_mol - lowest.energy_kcal_per_mol).abs() < 0.05)
        .count();
    assert_eq!(at_minimum, 1);
    assert_eq!(lowest.ring.conformation.as_deref(), Some("TC"));
    assert_eq!(lowest.degeneracy, 2);
    assert!(lowest.duplicates >= 10, "{}", lowest.duplicates);
    let records = e.structures_read;
    let no = read_ensemble(
        &path,
        &Options {
            dedupe: false,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(no.conformers_kept, records);
}

/// An SDF ensemble's records as text blocks, with the atom-count and bond lists parsed.
struct Sdf {
    records: Vec<Vec<String>>,
}

impl Sdf {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap();
        let mut records = vec![Vec::new()];
        for line in text.lines() {
            records.last_mut().unwrap().push(line.to_string());
            if line == "$$$$" {
                records.push(Vec::new());
            }
        }
        records.retain(|r| !r.is_empty());
        Sdf { records }
    }

    fn atoms(rec: &[String]) -> usize {
        rec[3][0..3].trim().parse().unwrap()
    }

    fn bonds(rec: &[String]) -> Vec<(usize, usize)> {
        let n = Self::atoms(rec);
        let nb: usize = rec[3][3..6].trim().parse().unwrap();
        (0..nb)
            .map(|k| {
                let l = &rec[4 + n + k];
                (
                    l[0..3].trim().parse::<usize>().unwrap() - 1,
                    l[3..6].trim().parse::<usize>().unwrap() - 1,
                )
            })
            .collect()
    }

    fn coords(rec: &[String]) -> Vec<[f64; 3]> {
        (0..Self::atoms(rec))
            .map(|i| {
                let l = &rec[4 + i];
                [0, 10, 20].map(|c| l[c..c + 10].trim().parse().unwrap())
            })
            .collect()
    }

    /// The record with new coordinates (elements and bonds unchanged).
    fn with_coords(rec: &[String], xyz: &[[f64; 3]]) -> Vec<String> {
        let mut out = rec.to_vec();
        for (i, p) in xyz.iter().enumerate() {
            let l = &rec[4 + i];
            out[4 + i] = format!("{:10.4}{:10.4}{:10.4}{}", p[0], p[1], p[2], &l[30..]);
        }
        out
    }

    fn write(records: &[Vec<String>], dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let mut text = String::new();
        for r in records {
            for l in r {
                text.push_str(l);
                text.push('\n');
            }
        }
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn rotation(a: f64, b: f64, c: f64) -> [[f64; 3]; 3] {
    let (sa, ca, sb, cb, sc, cc) = (a.sin(), a.cos(), b.sin(), b.cos(), c.sin(), c.cos());
    [
        [cb * cc, sa * sb * cc - ca * sc, ca * sb * cc + sa * sc],
        [cb * sc, sa * sb * sc + ca * cc, ca * sb * sc - sa * cc],
        [-sb, sa * cb, ca * cb],
    ]
}

fn transform(p: [f64; 3], r: &[[f64; 3]; 3], t: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2] + t[i])
}

fn same_weights(a: &Ensemble, b: &Ensemble, what: &str) {
    assert_eq!(a.conformers_kept, b.conformers_kept, "{what}");
    let pops = |e: &Ensemble| {
        let mut v: Vec<(String, f64)> = e
            .families
            .iter()
            .map(|f| (f.family.clone(), f.population))
            .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    for (x, y) in pops(a).iter().zip(pops(b)) {
        assert_eq!(x.0, y.0, "{what}");
        assert!(
            (x.1 - y.1).abs() < 1e-9,
            "{what}: {} {} vs {}",
            x.0,
            x.1,
            y.1
        );
    }
    assert!(
        (a.conformational_entropy_j_per_mol_k - b.conformational_entropy_j_per_mol_k).abs() < 1e-9,
        "{what}: S {} vs {}",
        a.conformational_entropy_j_per_mol_k,
        b.conformational_entropy_j_per_mol_k
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Cycloheptane's carbon ring has the dihedral group of order 14; relabelling a conformer's
    /// carbons by any of them (hydrogens follow their carbon), rotating and translating it gives
    /// a record that is removed as a duplicate of the original.
    #[test]
    fn automorphism_relabelling_rotation_and_translation_give_the_same_conformer(
        record in 0usize..40, shift in 0usize..7, reflect in any::<bool>(),
        a in -3.2f64..3.2, b in -1.5f64..1.5, c in -3.2f64..3.2,
        t in prop::array::uniform3(-20.0f64..20.0),
    ) {
        let sdf = Sdf::read(&data("cycloheptane.sdf"));
        let rec = &sdf.records[record];
        let xyz = Sdf::coords(rec);
        let bonds = Sdf::bonds(rec);
        let sigma = |i: usize| if reflect { (7 + shift - i) % 7 } else { (i + shift) % 7 };
        let hydrogens = |c: usize| {
            let mut h: Vec<usize> = bonds
                .iter()
                .filter_map(|&(x, y)| match (x == c, y == c) {
                    (true, _) if y >= 7 => Some(y),
                    (_, true) if x >= 7 => Some(x),
                    _ => None,
                })
                .collect();
            h.sort_unstable();
            h
        };
        // New position of atom k holds the old atom mapped onto it: carbon i goes to σ(i).
        let mut moved = xyz.clone();
        for i in 0..7 {
            moved[sigma(i)] = xyz[i];
            for (hi, hj) in hydrogens(i).into_iter().zip(hydrogens(sigma(i))) {
                moved[hj] = xyz[hi];
            }
        }
        let r = rotation(a, b, c);
        let moved: Vec<[f64; 3]> = moved.iter().map(|&p| transform(p, &r, t)).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = Sdf::write(&[rec.clone(), Sdf::with_coords(rec, &moved)], dir.path(), "two.sdf");
        let e = read(&path);
        prop_assert_eq!(e.conformers_kept, 1);
        prop_assert_eq!(e.duplicates_removed, 1);
    }

    /// Mirroring every record of an achiral molecule's ensemble (x → −x, then any rotation)
    /// leaves the kept count, family populations and S_conf unchanged.
    #[test]
    fn mirroring_an_achiral_ensemble_changes_nothing(
        which in 0usize..5, a in -3.2f64..3.2, b in -1.5f64..1.5, c in -3.2f64..3.2,
    ) {
        let name = ENSEMBLES[which];
        let src = data(&format!("{name}.sdf"));
        let sdf = Sdf::read(&src);
        let r = rotation(a, b, c);
        let mirrored: Vec<Vec<String>> = sdf
            .records
            .iter()
            .map(|rec| {
                let xyz: Vec<[f64; 3]> = Sdf::coords(rec)
                    .iter()
                    .map(|p| transform([-p[0], p[1], p[2]], &r, [0.0; 3]))
                    .collect();
                Sdf::with_coords(rec, &xyz)
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = Sdf::write(&mirrored, dir.path(), "mirror.sdf");
        same_weights(&read(&src), &read(&path), name);
    }

    /// Deleting mirror partners (records RDKit found to be the mirror image of an earlier kept
    /// conformer, reference.json `mirror_image_records`) leaves the kept count, family
    /// populations and S_conf unchanged: the results do not depend on whether sampling found
    /// both mirror forms.
    #[test]
    fn deleting_mirror_partners_changes_nothing(
        which in 0usize..5, mask in prop::collection::vec(any::<bool>(), 60),
    ) {
        let name = ENSEMBLES[which];
        let src = data(&format!("{name}.sdf"));
        let partners: Vec<usize> = reference()["ensembles"][name]["mirror_image_records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let sdf = Sdf::read(&src);
        let rest: Vec<Vec<String>> = sdf
            .records
            .iter()
            .enumerate()
            .filter(|(i, _)| !partners.contains(&(i + 1)) || mask.get(*i).copied().unwrap_or(true))
            .map(|(_, r)| r.clone())
            .collect();
        prop_assume!(rest.len() < sdf.records.len());
        let dir = tempfile::tempdir().unwrap();
        let path = Sdf::write(&rest, dir.path(), "fewer.sdf");
        same_weights(&read(&src), &read(&path), name);
    }
}

/// Both amides of 1,4-diacetyl-1,4-diazepane: every kept conformer reports the second amide at
/// N4 with the ring carbon syn to its O (C3 or C5), which agrees with the sign of the torsion
/// O–C′–N4–C3 computed here from the record's coordinates (|ω| < 90° ⇔ O syn to C3), and the
/// family names both rotamers, canonically under the N1↔N4 symmetry.
#[test]
fn both_amides_of_a_diacyl_diazepane_are_reported() {
    let path = data("1,4-diacetyl-1,4-diazepane.sdf");
    let e = read_ensemble(
        &path,
        &Options {
            keep_coordinates: true,
            ..Options::default()
        },
    )
    .unwrap();
    for c in &e.conformers {
        let a = c.amide.as_ref().expect("amide at N1");
        let b = c.second_amide.as_ref().expect("amide at N4");
        assert!(a.o_syn == "C2" || a.o_syn == "C7", "{}", a.o_syn);
        assert!(b.o_syn == "C3" || b.o_syn == "C5", "{}", b.o_syn);
        // The two acetyl groups are exchanged by the ring reflection N1↔N4, C2↔C3, C7↔C5: the
        // family is the smaller of a/b and its image, so `C7/C3` is named `C2/C5`.
        let swap = |x: &str| match x {
            "C2" => "C3",
            "C3" => "C2",
            "C5" => "C7",
            "C7" => "C5",
            other => panic!("{other}"),
        };
        let own = format!("{}/{}", a.o_syn, b.o_syn);
        let image = format!("{}/{}", swap(&b.o_syn), swap(&a.o_syn));
        let code = c.ring.family_code();
        assert_eq!(c.family, format!("{code}-{}", own.min(image)));
        assert!(!c.family.ends_with("C7/C3"), "{}", c.family);
        let at = |n: usize| c.coordinates[n - 1];
        let n4 = c.ring.atoms[3];
        let c3 = c.ring.atoms[2];
        let w = torsion(at(b.oxygen), at(b.carbonyl_c), at(n4), at(c3));
        assert_eq!(w.abs() < 90.0, b.o_syn == "C3", "#{}: ω = {w}", c.index);
    }
}

/// Both amides of 1,4-diacetyl-1,4-diazepane against RDKit (`reference.json`,
/// `amide_o_syn_populations` and `diacyl_family_populations`: the ring carbon syn to each O by
/// RDKit's dihedral, named by its bridge, over RDKit's own kept conformers and populations):
/// `compare`'s rotamer populations at N1 and N4 and its family populations summed over pucker,
/// and the facts `major_rotamer` / `major_rotamer_n4` that `suggest` gives the rules.
#[test]
fn diacyl_rotamers_at_n1_and_n4_agree_with_rdkit() {
    let want = &reference()["ensembles"]["1,4-diacetyl-1,4-diazepane"];
    let path = data("1,4-diacetyl-1,4-diazepane.sdf");
    let got = ringflux_cli::analysis::compare::summarise(&path, 298.15).unwrap();
    let bridge = |b: &str| want["amide_o_syn_populations"][b].as_f64().unwrap();
    let (eth, prop) = (bridge("ethylene"), bridge("propylene"));
    for (g, w) in [
        (got.o_syn_c2_population, eth),
        (got.o_syn_c3_population, eth),
        (got.o_syn_c7_population, prop),
        (got.o_syn_c5_population, prop),
    ] {
        assert!((g - w).abs() < POP_TOL, "{g} vs RDKit {w}");
    }
    // C2/C3: both O on the ethylene bridge; C2/C5 (canonical name of C7/C3 too): one each;
    // C7/C5: both on the propylene bridge.
    let fam = |pair: (&str, &str)| -> f64 {
        got.families
            .iter()
            .filter(|f| (f.rotamer, f.rotamer_n4) == (Some(pair.0), Some(pair.1)))
            .map(|f| f.population)
            .sum()
    };
    let wf = |k: &str| want["diacyl_family_populations"][k].as_f64().unwrap();
    for (pair, key) in [
        (("O-syn-C2", "O-syn-C3"), "ethylene/ethylene"),
        (("O-syn-C2", "O-syn-C5"), "ethylene/propylene"),
        (("O-syn-C7", "O-syn-C5"), "propylene/propylene"),
    ] {
        assert!(
            (fam(pair) - wf(key)).abs() < POP_TOL,
            "{key}: {}",
            fam(pair)
        );
    }
    assert_eq!(fam(("O-syn-C7", "O-syn-C3")), 0.0, "named canonically");
    let v = ringflux_tests::cli::json(&["suggest", path.to_str().unwrap()]);
    let major = |w: f64, a: &str, b: &str| if w >= 0.5 { a } else { b }.to_string();
    assert_eq!(
        v["facts"]["major_rotamer"],
        major(eth, "O-syn-C2", "O-syn-C7")
    );
    assert_eq!(
        v["facts"]["major_rotamer_n4"],
        major(eth, "O-syn-C3", "O-syn-C5")
    );
    let ratio = v["facts"]["rotamer_ratio"].as_f64().unwrap();
    assert!(
        (ratio - eth.max(prop) / eth.min(prop)).abs() < 1e-6,
        "{ratio}"
    );
}

/// A rule on the N4 rotamer runs end to end: `suggest --rules` on the diacyl ensemble fires it
/// (its N4 O is syn to C3, as RDKit finds above), and maps its position C3 onto the file's atom.
#[test]
fn a_rule_on_the_n4_rotamer_fires_on_the_diacyl_ensemble() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules/valid-n4-rotamer.json");
    let path = data("1,4-diacetyl-1,4-diazepane.sdf");
    let v = ringflux_tests::cli::json(&[
        "suggest",
        "--rules",
        rules.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let s = &v["suggestions"][0];
    assert_eq!(s["rule_id"], "n4-ethylene-syn", "{v}");
    assert_eq!(s["positions"][0]["label"], "C3");
    let c3 = read_ensemble(&path, &Options::default())
        .unwrap()
        .conformers[0]
        .ring
        .atoms[2];
    assert_eq!(s["positions"][0]["atom"].as_u64(), Some(c3 as u64));
}

/// Dihedral angle a–b–c–d, degrees (IUPAC sign convention).
fn torsion(a: [f64; 3], b: [f64; 3], c: [f64; 3], d: [f64; 3]) -> f64 {
    let sub = |p: [f64; 3], q: [f64; 3]| [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
    let cross = |u: [f64; 3], v: [f64; 3]| {
        [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ]
    };
    let dot = |u: [f64; 3], v: [f64; 3]| u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    let (b1, b2, b3) = (sub(b, a), sub(c, b), sub(d, c));
    let (n1, n2) = (cross(b1, b2), cross(b2, b3));
    let m = cross(n1, b2);
    let nb2 = dot(b2, b2).sqrt();
    (dot(m, n2) / nb2).atan2(dot(n1, n2)).to_degrees()
}

/// A chiral molecule (the 2R-methyl diazepane of `../shared/data/ensembles/`): nothing is merged
/// as a mirror image and every g = 1; appending the mirror image of its first record (a
/// conformer of the 2S enantiomer) is counted in `enantiomeric_conformers`, not merged.
#[test]
fn a_chiral_molecule_keeps_g_1_and_its_enantiomer_is_counted() {
    let src = ringflux_tests::shared("data/ensembles/isovaleryl-2R-methyl-diazepane.sdf");
    let e = read(&src);
    assert!(e.chiral_molecule);
    assert_eq!(
        (e.removed_as_mirror_image, e.enantiomeric_conformers),
        (0, 0)
    );
    assert!(e.conformers.iter().all(|c| c.degeneracy == 1));
    let sdf = Sdf::read(&src);
    let first = &sdf.records[0];
    let mirrored: Vec<[f64; 3]> = Sdf::coords(first)
        .iter()
        .map(|p| [-p[0], p[1], p[2]])
        .collect();
    let mut records = sdf.records.clone();
    records.push(Sdf::with_coords(first, &mirrored));
    let dir = tempfile::tempdir().unwrap();
    let path = Sdf::write(&records, dir.path(), "with-enantiomer.sdf");
    let m = read(&path);
    assert_eq!(m.enantiomeric_conformers, 1);
    assert_eq!(m.conformers_kept, e.conformers_kept + 1);
    // The parent diazepane is achiral: its mirror images are merged.
    let parent = read(&ringflux_tests::shared(
        "data/ensembles/isovaleryl-diazepane.sdf",
    ));
    assert!(!parent.chiral_molecule);
    assert!(parent.removed_as_mirror_image > 0);
}
