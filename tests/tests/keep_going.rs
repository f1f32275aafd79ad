//! Nothing lost: a multi-record structure file (XYZ, SDF, PDB) with bad records in the middle.
//! With `--keep-going`, `pucker` and `conformers` return every good record, in file order, with
//! exactly the results they give when the bad records are not there at all, and report each
//! skipped record as `file:line: structure N: …`. Without it, the first bad record stops the run
//! with exit 2 before anything is printed.
//!
//! Records: the first five conformers of `shared/data/ensembles/isovaleryl-diazepane.{xyz,sdf}`
//! (RDKit ETKDGv3 + MMFF94, see `shared/data/README.md`); the PDB is built from the same XYZ
//! frames. Records 2 and 4 are damaged.

use ringflux_tests::cli::{json, ringflux};
use ringflux_tests::shared;
use serde_json::Value;
use std::path::Path;

/// How many records the test files hold, and which (1-based) are damaged.
const RECORDS: usize = 5;
const BAD: [usize; 2] = [2, 4];

/// One record's text and, if damaged, the 1-based line (within the record) that is wrong.
struct Record {
    text: String,
    bad_line: Option<u64>,
}

/// Replaces line `n` (0-based) of `text` with `f(line)`.
fn edit_line(text: &str, n: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i == n { f(l) } else { l.to_string() } + "\n")
        .collect()
}

fn xyz_frames() -> Vec<String> {
    let text = std::fs::read_to_string(shared("data/ensembles/isovaleryl-diazepane.xyz")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut frames = Vec::new();
    let mut i = 0;
    while frames.len() < RECORDS {
        let n: usize = lines[i].trim().parse().unwrap();
        frames.push(lines[i..i + n + 2].join("\n") + "\n");
        i += n + 2;
    }
    frames
}

/// XYZ: record 2 has an unknown element on its 3rd atom line, record 4 a non-numeric y.
fn xyz_records() -> Vec<Record> {
    xyz_frames()
        .into_iter()
        .enumerate()
        .map(|(i, f)| match i + 1 {
            2 => Record {
                text: edit_line(&f, 4, |l| {
                    l.replacen(l.split_whitespace().next().unwrap(), "Qq", 1)
                }),
                bad_line: Some(5),
            },
            4 => Record {
                text: edit_line(&f, 6, |l| {
                    let t: Vec<&str> = l.split_whitespace().collect();
                    format!("{} {} abc {}", t[0], t[1], t[3])
                }),
                bad_line: Some(7),
            },
            _ => Record {
                text: f,
                bad_line: None,
            },
        })
        .collect()
}

/// SDF: record 2 has a non-numeric x on its first atom line, record 4 a bond to atom 999.
fn sdf_records() -> Vec<Record> {
    let text = std::fs::read_to_string(shared("data/ensembles/isovaleryl-diazepane.sdf")).unwrap();
    text.split_inclusive("$$$$\n")
        .take(RECORDS)
        .enumerate()
        .map(|(i, r)| {
            let natoms: usize = r.lines().nth(3).unwrap()[0..3].trim().parse().unwrap();
            match i + 1 {
                2 => Record {
                    text: edit_line(r, 4, |l| format!("       abc{}", &l[10..])),
                    bad_line: Some(5),
                },
                4 => Record {
                    text: edit_line(r, 4 + natoms, |l| format!("999{}", &l[3..])),
                    bad_line: Some(5 + natoms as u64),
                },
                _ => Record {
                    text: r.to_string(),
                    bad_line: None,
                },
            }
        })
        .collect()
}

/// PDB: the XYZ frames as HETATM models; model 2 has a non-numeric x, model 4 an unknown element.
fn pdb_records() -> Vec<Record> {
    let mut out: Vec<Record> = xyz_frames()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut text = format!("MODEL     {:>4}\n", i + 1);
            let mut bad_line = None;
            for (k, l) in f.lines().skip(2).enumerate() {
                let t: Vec<&str> = l.split_whitespace().collect();
                let (el, x) = match (i + 1, k) {
                    (2, 0) => (t[0].to_string(), "    abc ".to_string()),
                    (4, 2) => ("Qq".to_string(), format!("{:8.3}", t[1].parse::<f64>().unwrap())),
                    _ => (t[0].to_string(), format!("{:8.3}", t[1].parse::<f64>().unwrap())),
                };
                if x.contains("abc") || el == "Qq" {
                    bad_line = Some(2 + k as u64);
                }
                let y: f64 = t[2].parse().unwrap();
                let z: f64 = t[3].parse().unwrap();
                let name = format!("{el}{}", k + 1);
                text += &format!(
                    "HETATM{:>5} {name:<4} LIG A   1    {x}{y:8.3}{z:8.3}  1.00  0.00          {el:>2}\n",
                    k + 1
                );
            }
            text += "ENDMDL\n";
            Record { text, bad_line }
        })
        .collect();
    if let Some(last) = out.last_mut() {
        last.text += "END\n";
    }
    out
}

/// Writes the records to `name`; returns (path, start line of each record, bad line per record).
fn write(dir: &Path, name: &str, records: &[Record]) -> (String, Vec<u64>, Vec<Option<u64>>) {
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut bad = Vec::new();
    for r in records {
        let start = 1 + text.matches('\n').count() as u64;
        starts.push(start);
        bad.push(r.bad_line.map(|l| start + l - 1));
        text += &r.text;
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    (path.display().to_string(), starts, bad)
}

/// The per-structure results that must not depend on what else was in the file.
fn rings(structures: &Value) -> Vec<Value> {
    structures
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rings"].clone())
        .collect()
}

/// `energies`: whether the records carry energies (XYZ comment, SDF data item), so that
/// `conformers` applies (a PDB has none).
fn check_format(ext: &str, records: Vec<Record>, energies: bool) {
    let dir = tempfile::tempdir().unwrap();
    let (mixed, starts, bad) = write(dir.path(), &format!("mixed.{ext}"), &records);
    assert_eq!(
        bad.iter().filter(|b| b.is_some()).count(),
        BAD.len(),
        "{ext}: damage not applied"
    );
    let good_records: Vec<Record> = records
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !BAD.contains(&(i + 1)))
        .map(|(_, r)| r)
        .collect();
    let (clean, ..) = write(dir.path(), &format!("clean.{ext}"), &good_records);
    let good: Vec<usize> = (1..=RECORDS).filter(|i| !BAD.contains(i)).collect();

    // pucker --keep-going: every good record, in order, same results as the clean file.
    let v = json(&["pucker", "--keep-going", &mixed]);
    let got: Vec<(u64, u64)> = v["structures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["index"].as_u64().unwrap(), s["line"].as_u64().unwrap()))
        .collect();
    let want: Vec<(u64, u64)> = good.iter().map(|&i| (i as u64, starts[i - 1])).collect();
    assert_eq!(got, want, "{ext}: good records (index, line)");
    let reference = json(&["pucker", &clean]);
    assert_eq!(
        rings(&v["structures"]),
        rings(&reference["structures"]),
        "{ext}: results differ"
    );
    let skipped: Vec<&str> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), BAD.len(), "{ext}: {skipped:?}");
    for (s, &n) in skipped.iter().zip(&BAD) {
        let want = format!("{mixed}:{}: structure {n}: ", bad[n - 1].unwrap());
        assert!(
            s.starts_with(&want),
            "{ext}: skipped '{s}' should start with '{want}'"
        );
    }

    // conformers --keep-going: the same records reach the ensemble.
    let commands: &[&str] = if energies {
        &["pucker", "conformers"]
    } else {
        &["pucker"]
    };
    if energies {
        check_conformers(ext, &mixed, &good);
    }

    // Without --keep-going: the first bad record stops the run; nothing on stdout.
    for cmd in commands {
        let out = ringflux().args(["--json", cmd, &mixed]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{ext} {cmd}");
        assert!(
            out.stdout.is_empty(),
            "{ext} {cmd}: printed {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        let want = format!(
            "error: {mixed}:{}: structure {}: ",
            bad[BAD[0] - 1].unwrap(),
            BAD[0]
        );
        assert!(err.contains(&want), "{ext} {cmd}: {err}");
    }
}

fn check_conformers(ext: &str, mixed: &str, good: &[usize]) {
    let c = json(&["conformers", "--keep-going", "--no-dedupe", mixed]);
    let idx: Vec<u64> = c["conformers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["index"].as_u64().unwrap())
        .collect();
    let mut sorted = idx.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        good.iter().map(|&i| i as u64).collect::<Vec<_>>(),
        "{ext}: conformers"
    );
    assert_eq!(
        c["skipped"].as_array().unwrap().len(),
        BAD.len(),
        "{ext}: conformers skipped"
    );
}

#[test]
fn xyz_keep_going_loses_nothing() {
    check_format("xyz", xyz_records(), true);
}

#[test]
fn sdf_keep_going_loses_nothing() {
    check_format("sdf", sdf_records(), true);
}

#[test]
fn pdb_keep_going_loses_nothing() {
    check_format("pdb", pdb_records(), false);
}
