//! The structure readers on real third-party files, against RDKit 2026.09.1 (gemmi 0.7.5 for
//! mmCIF): `../shared/data/realworld/structures/expected.json` (ring counts are RDKit's smallest
//! set of 5–8-membered rings; each file's `source` names its repository, commit and licence).

use ringflux_tests::cli::{fails, json};
use ringflux_tests::{read_json, shared};
use serde_json::Value;

fn entry(name: &str) -> Value {
    read_json(&shared("data/realworld/structures/expected.json"))["files"][name].clone()
}

fn path(name: &str) -> String {
    shared(&format!("data/realworld/structures/{name}"))
        .display()
        .to_string()
}

/// `ringflux --json pucker FILE`: the rings of each structure.
fn rings(name: &str) -> Vec<Vec<Value>> {
    let out = json(&["pucker", &path(name)]);
    assert_eq!(out["records_skipped"], 0, "{name}: {out}");
    out["structures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rings"].as_array().unwrap().clone())
        .collect()
}

/// Ring counts per record equal RDKit's, and no ring holds a hydrogen.
fn counts_match_rdkit(name: &str) -> Vec<Vec<Value>> {
    let e = entry(name);
    let got = rings(name);
    let counts: Vec<u64> = got.iter().map(|r| r.len() as u64).collect();
    let want: Vec<u64> = e["expected"]["ring_count_5to8_per_record"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(counts, want, "{name}: ring counts per record (RDKit)");
    for r in got.iter().flatten() {
        let labels = r["labels"].as_array().unwrap();
        assert!(
            labels.iter().all(|l| !l.as_str().unwrap().starts_with('H')),
            "{name}: ring through H: {r}"
        );
    }
    got
}

/// Each ring's atoms (1-based, file order) are one of RDKit's rings (`records[i].rings_5to8`).
fn rings_are_rdkits(name: &str, got: &[Vec<Value>]) {
    let e = entry(name);
    for (rec, rings) in e["records"].as_array().unwrap().iter().zip(got) {
        let want: Vec<Vec<u64>> = rec["rings_5to8"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut a: Vec<u64> = r["atoms_1based"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect();
                a.sort_unstable();
                a
            })
            .collect();
        for r in rings {
            let mut a: Vec<u64> = r["atoms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            a.sort_unstable();
            assert!(
                want.contains(&a),
                "{name}: ring {a:?} is not one of RDKit's {want:?}"
            );
        }
    }
}

/// Ring counts and every ring's atoms as RDKit's.
fn rings_match_rdkit(name: &str) {
    let got = counts_match_rdkit(name);
    rings_are_rdkits(name, &got);
}

/// Issue3399798.mol2 (RDKit test data): a Tripos Mol2 docking pose, 3 six-membered rings.
#[test]
fn mol2_rings_match_rdkit() {
    rings_match_rdkit("Issue3399798.mol2");
}

/// 3dg1_final.cif (gemmi test data): `_atom_site` columns in a non-default order, 41 atoms, no ring.
#[test]
fn mmcif_reads_columns_by_name() {
    counts_match_rdkit("3dg1_final.cif");
}

/// 1pfe.cif.gz: gzip + mmCIF with alternate locations; RDKit (via gemmi, altloc A) finds 24 rings.
#[test]
fn gzipped_mmcif_with_altlocs() {
    counts_match_rdkit("1pfe.cif.gz");
}

/// 1ubq.pdb.gz (6 rings) and 1lzh.pdb.gz (CA trace, 0 rings: 3.8 Å CA–CA is no bond).
#[test]
fn gzipped_pdb() {
    counts_match_rdkit("1ubq.pdb.gz");
    counts_match_rdkit("1lzh.pdb.gz");
}

/// A file of a format ringflux does not read is named by its content, not read as CSV.
#[test]
fn unknown_formats_are_named() {
    let nmrml = shared("data/realworld/nmr-formats/bmse000325.nmrML")
        .display()
        .to_string();
    let err = fails(&["pucker", &nmrml]);
    assert!(
        err.contains("not a format ringflux reads") && err.contains("nmrML"),
        "{err}"
    );
}

/// 1mup.pdb (RCSB, via RDKit's test data): CONECT records link Cd to His108 NE2 and His145 ND1;
/// they add bonds and do not remove the imidazoles' own: 23 rings as RDKit (0.1.0 found 21).
#[test]
fn pdb_conect_adds_bonds() {
    rings_match_rdkit("1mup.pdb");
}

/// 5dfr_minimized.pdb (CHARMM, OpenMM's example data): no element column; `HG21` in columns
/// 13–16 is a hydrogen, not mercury: 35 rings as RDKit, none through H (0.1.0: 38).
#[test]
fn pdb_without_element_column_reads_hg21_as_hydrogen() {
    rings_match_rdkit("5dfr_minimized.pdb");
}

/// PDB serial numbers (columns 7–11) are printed beside the file-order atom numbers, since `--ring`
/// users read serials off the file. 1mup.pdb (RCSB) with every serial, in ATOM/HETATM and CONECT
/// records alike, moved up by 1000: the rings stay RDKit's, and each ring's `atom_serials` are the
/// serial columns of its atoms' lines, read here independently of the reader.
#[test]
fn pdb_serials_are_reported_beside_file_numbers() {
    let text = std::fs::read_to_string(path("1mup.pdb")).unwrap();
    let shifted: String = text
        .lines()
        .map(|l| {
            let bump = |field: &str| match field.trim().parse::<i64>() {
                Ok(v) => format!("{:>5}", v + 1000),
                Err(_) => field.to_string(),
            };
            if l.starts_with("ATOM") || l.starts_with("HETATM") {
                format!("{}{}{}\n", &l[..6], bump(&l[6..11]), &l[11..])
            } else if l.starts_with("CONECT") {
                let mut out = "CONECT".to_string();
                for k in (6..l.len().min(31)).step_by(5) {
                    out += &bump(&l[k..(k + 5).min(l.len())]);
                }
                out + "\n"
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let serial_of_line: Vec<i64> = shifted
        .lines()
        .filter(|l| l.starts_with("ATOM") || l.starts_with("HETATM"))
        .map(|l| l[6..11].trim().parse().unwrap())
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("1mup_shifted.pdb");
    std::fs::write(&file, shifted).unwrap();
    let out = json(&["pucker", file.to_str().unwrap()]);
    let rings = out["structures"][0]["rings"].as_array().unwrap();
    assert_eq!(rings.len(), 23, "RDKit's ring count");
    for r in rings {
        let atoms = r["atoms"].as_array().unwrap();
        let serials = r["atom_serials"].as_array().unwrap();
        assert_eq!(atoms.len(), serials.len());
        for (a, s) in atoms.iter().zip(serials) {
            let n = a.as_u64().unwrap() as usize;
            assert_eq!(s.as_i64().unwrap(), serial_of_line[n - 1], "{r}");
            assert!(s.as_i64().unwrap() >= n as i64 + 1000);
        }
    }
    // The text names them too.
    let (code, human, _) = ringflux_tests::cli::run(&["pucker", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(human.contains("; serials 2"), "{human}");
}
