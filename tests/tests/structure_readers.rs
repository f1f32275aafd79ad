//! The structure readers: the same molecule written as SDF V2000 (`shared/reference/pucker/
//! structures/ccd_WO7_model_5RYG.sdf`), re-emitted here as V3000 (with a continuation line),
//! PDB (HETATM + CONECT, two MODELs) and XYZ, must read back to the same atoms, bonds and ring
//! pucker; broken records give `file:line` and the reader recovers at the next record.

use ringflux_cli::chem::conformation;
use ringflux_cli::chem::perceive::Graph;
use ringflux_cli::io::structure::{read_all, Bond, Format, Molecule, Records};
use ringflux_tests::shared;
use std::io::Cursor;
use std::path::Path;

/// PDB and V3000 texts here carry 4 (SDF) or 3 (PDB) decimals.
const PDB_COORD_TOL: f64 = 0.5e-3;

fn wo7() -> Molecule {
    read_all(&shared(
        "reference/pucker/structures/ccd_WO7_model_5RYG.sdf",
    ))
    .unwrap()
    .remove(0)
}

fn parse(format: Format, text: String) -> Vec<Result<Molecule, String>> {
    Records::from_reader(Path::new("mem"), format, Box::new(Cursor::new(text)))
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

fn bonds(m: &Molecule) -> Vec<(usize, usize)> {
    let mut b: Vec<(usize, usize)> = Graph::of(m)
        .adj
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            v.iter()
                .filter(move |(j, _)| i < *j)
                .map(move |&(j, _)| (i, j))
        })
        .collect();
    b.sort();
    b
}

fn ring_q(m: &Molecule) -> (f64, String) {
    let g = Graph::of(m);
    let ring = conformation::rings_of(&g, None).unwrap().remove(0);
    let r = conformation::ring_report(m, &ring).unwrap();
    (r.total_q_angstrom, r.conformation.unwrap())
}

fn v3000(m: &Molecule) -> String {
    let bonds = m.bonds.as_ref().unwrap();
    let mut s = String::from("WO7 as V3000\n  test\n\n  0  0  0     0  0            999 V3000\n");
    s += "M  V30 BEGIN CTAB\n";
    s += &format!(
        "M  V30 COUNTS {} {} 0 0 0\nM  V30 BEGIN ATOM\n",
        m.atoms.len(),
        bonds.len()
    );
    for (i, a) in m.atoms.iter().enumerate() {
        // Atom ids start at 10 to check the id → index mapping; the first atom is continued.
        let [x, y, z] = a.pos;
        if i == 0 {
            s += &format!(
                "M  V30 {} {} {x:.4} -\nM  V30 {y:.4} {z:.4} 0\n",
                i + 10,
                a.element.symbol()
            );
        } else {
            s += &format!(
                "M  V30 {} {} {x:.4} {y:.4} {z:.4} 0\n",
                i + 10,
                a.element.symbol()
            );
        }
    }
    s += "M  V30 END ATOM\nM  V30 BEGIN BOND\n";
    for (k, b) in bonds.iter().enumerate() {
        s += &format!("M  V30 {} {} {} {}\n", k + 1, b.order, b.a + 10, b.b + 10);
    }
    s += "M  V30 END BOND\nM  V30 END CTAB\nM  END\n> <MMFF94_energy_kcal_per_mol>\n1.5\n\n$$$$\n";
    s
}

#[test]
fn v3000_reads_back_the_v2000_molecule() {
    let m = wo7();
    let back = parse(Format::Sdf, v3000(&m) + &v3000(&m));
    assert_eq!(back.len(), 2);
    let b = back[0].as_ref().unwrap();
    assert_eq!(b.atoms.len(), m.atoms.len());
    for (x, y) in b.atoms.iter().zip(&m.atoms) {
        assert_eq!(x.element, y.element);
        assert_eq!(x.pos, y.pos);
    }
    let mut want: Vec<Bond> = m.bonds.clone().unwrap();
    let mut got: Vec<Bond> = b.bonds.clone().unwrap();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(b.field("MMFF94_energy_kcal_per_mol"), Some("1.5"));
    assert_eq!(ring_q(b), ring_q(&m));
}

fn pdb(m: &Molecule, models: usize) -> String {
    let mut s = String::from("COMPND    WO7 TEST\n");
    for model in 1..=models {
        s += &format!("MODEL     {model:>4}\n");
        for (i, a) in m.atoms.iter().enumerate() {
            let [x, y, z] = a.pos;
            let name = format!("{}{}", a.element.symbol(), i + 1);
            s += &format!(
                "HETATM{:>5} {:<4} WO7 A 401    {x:>8.3}{y:>8.3}{z:>8.3}  1.00 20.00          {:>2}\n",
                i + 1,
                name,
                a.element.symbol().to_uppercase()
            );
        }
        s += "ENDMDL\n";
    }
    for (i, _) in m.atoms.iter().enumerate() {
        let partners: Vec<usize> = m
            .bonds
            .as_ref()
            .unwrap()
            .iter()
            .filter_map(|b| (b.a == i).then_some(b.b).or((b.b == i).then_some(b.a)))
            .collect();
        if !partners.is_empty() {
            s += &format!("CONECT{:>5}", i + 1);
            for p in partners {
                s += &format!("{:>5}", p + 1);
            }
            s += "\n";
        }
    }
    s + "END\n"
}

#[test]
fn pdb_models_and_conect_read_back() {
    let m = wo7();
    let back = parse(Format::Pdb, pdb(&m, 2));
    assert_eq!(back.len(), 2);
    for b in &back {
        let b = b.as_ref().unwrap();
        assert_eq!(b.title, "WO7 TEST");
        for (x, y) in b.atoms.iter().zip(&m.atoms) {
            assert_eq!(x.element, y.element);
            for k in 0..3 {
                assert!((x.pos[k] - y.pos[k]).abs() <= PDB_COORD_TOL);
            }
        }
        assert_eq!(bonds(b), bonds(&m));
        let (q, class) = ring_q(b);
        assert_eq!(class, ring_q(&m).1);
        assert!((q - ring_q(&m).0).abs() < 1e-3);
    }
}

fn xyz(m: &Molecule, comment: &str) -> String {
    let mut s = format!("{}\n{comment}\n", m.atoms.len());
    for a in &m.atoms {
        let [x, y, z] = a.pos;
        s += &format!("{} {x:.4} {y:.4} {z:.4}\n", a.element.symbol());
    }
    s
}

#[test]
fn xyz_bonds_from_radii_match_the_sdf_bonds() {
    let m = wo7();
    let back = parse(Format::Xyz, xyz(&m, "WO7 energy: -42.5"));
    let b = back[0].as_ref().unwrap();
    assert!(b.bonds.is_none());
    assert_eq!(bonds(b), bonds(&m));
    assert_eq!(b.field("energy"), Some("-42.5"));
}

#[test]
fn broken_records_name_file_and_line_and_the_reader_recovers() {
    let m = wo7();
    let good = xyz(&m, "one");
    // Frame 2: an atom line with a bad coordinate (line 2 + 26 + 3 = 31 of the file).
    let bad_atom = xyz(&m, "two").replacen(" -32.", " -3x.", 1);
    // Frame 3: a bad count line, then frame 4 good again.
    let text = format!("{good}{bad_atom}twenty\nnot a frame\n{good}");
    let r = parse(Format::Xyz, text);
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(r[0].is_ok() && r[3].is_ok());
    let e1 = r[1].as_ref().unwrap_err();
    let n = m.atoms.len();
    assert!(
        e1.starts_with(&format!("mem:{}: structure 2: ", n + 2 + 3)),
        "{e1}"
    );
    let e2 = r[2].as_ref().unwrap_err();
    assert!(
        e2.starts_with(&format!("mem:{}: structure 3: atom count", 2 * (n + 2) + 1)),
        "{e2}"
    );

    // SDF: a record cut before its bonds ends at the next `$$$$`; the next record is read.
    let sdf = std::fs::read_to_string(shared("reference/pucker/structures/ccd_WO7_model_5RYG.sdf"))
        .unwrap();
    let cut: String = sdf
        .lines()
        .take(20)
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "$$$$\n";
    let r = parse(Format::Sdf, cut + &sdf);
    assert_eq!(r.len(), 2);
    assert!(r[0]
        .as_ref()
        .unwrap_err()
        .contains("record ends before the atom line 17 of 24"));
    assert!(r[1].is_ok());

    // An empty file is an error, not an empty result.
    let r = parse(Format::Sdf, String::new());
    assert!(r[0].as_ref().unwrap_err().contains("no structures"));
}
