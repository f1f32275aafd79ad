//! The conformer ensembles of `../shared/data/ensembles/` (RDKit ETKDGv3 + MMFF94, energies in
//! the data field `MMFF94_energy_kcal_per_mol`) end to end through the `ringflux` binary, and the
//! `pucker` command and the `--keep-going` contract on broken files.

use ringflux_core::constants::{GAS_CONSTANT_J_PER_MOL_K, J_PER_KCAL};
use ringflux_tests::cli::{json, ringflux};
use ringflux_tests::shared;
use serde_json::Value;
use std::collections::BTreeMap;

/// Populations are sums of O(300) terms; they agree with an independent evaluation to this.
const POP_TOL: f64 = 1e-12;
/// The SDF and XYZ copies of an ensemble print coordinates with 4 and 6 decimals: populations
/// by family agree to this.
const SDF_VS_XYZ_POP_TOL: f64 = 1e-6;

const ENSEMBLES: [&str; 5] = [
    "isovaleryl-diazepane",
    "isovaleryl-2R-methyl-diazepane",
    "isovaleryl-7S-methyl-diazepane",
    "isovaleryl-piperazine",
    "isovaleryl-azepane",
];

fn conformers_json(file: &str) -> Value {
    let path = shared(&format!("data/ensembles/{file}"));
    json(&["conformers", path.to_str().unwrap()])
}

fn families(v: &Value) -> BTreeMap<String, f64> {
    v["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["family"].as_str().unwrap().to_string(),
                f["population"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_shared_ensemble_gives_consistent_populations() {
    for name in ENSEMBLES {
        let sdf = format!("{name}.sdf");
        let v = conformers_json(&sdf);
        let text = std::fs::read_to_string(shared(&format!("data/ensembles/{sdf}"))).unwrap();
        let records = text.matches("$$$$").count() as u64;
        assert_eq!(v["structures_read"].as_u64(), Some(records), "{sdf}");
        let kept = v["conformers"].as_array().unwrap();
        assert_eq!(
            kept.len() as u64 + v["duplicates_removed"].as_u64().unwrap(),
            records,
            "{sdf}: kept + removed = read"
        );
        // Independent Boltzmann evaluation from the reported energies and degeneracies:
        // p = g e^(−E/RT)/Σ, S = −R Σ p ln(p/g) (README, identity and mirror policy).
        let rt = GAS_CONSTANT_J_PER_MOL_K * 298.15 / J_PER_KCAL;
        let e: Vec<f64> = kept
            .iter()
            .map(|c| c["energy_kcal_per_mol"].as_f64().unwrap())
            .collect();
        let g: Vec<f64> = kept
            .iter()
            .map(|c| c["degeneracy"].as_f64().unwrap())
            .collect();
        assert!(g.iter().all(|&x| x == 1.0 || x == 2.0), "{sdf}");
        let emin = e.iter().copied().fold(f64::INFINITY, f64::min);
        let w: Vec<f64> = e
            .iter()
            .zip(&g)
            .map(|(x, gi)| gi * (-(x - emin) / rt).exp())
            .collect();
        let z: f64 = w.iter().sum();
        for (c, wi) in kept.iter().zip(&w) {
            let p = c["population"].as_f64().unwrap();
            assert!(
                (p - wi / z).abs() < POP_TOL,
                "{sdf}: population of #{}",
                c["index"]
            );
        }
        let s: f64 = -GAS_CONSTANT_J_PER_MOL_K
            * w.iter()
                .zip(&g)
                .map(|(wi, gi)| (wi / z) * (wi / z / gi).ln())
                .sum::<f64>();
        let got_s = v["conformational_entropy_j_per_mol_k"].as_f64().unwrap();
        assert!((got_s - s).abs() < 1e-9, "{sdf}: S_conf {got_s} vs {s}");
        // Families partition the conformers.
        let fam = families(&v);
        assert!((fam.values().sum::<f64>() - 1.0).abs() < 1e-12, "{sdf}");
        let mut by_conformer: BTreeMap<String, f64> = BTreeMap::new();
        for c in kept {
            *by_conformer
                .entry(c["family"].as_str().unwrap().into())
                .or_default() += c["population"].as_f64().unwrap();
        }
        for (k, p) in &fam {
            assert!((by_conformer[k] - p).abs() < 1e-12, "{sdf}: family {k}");
        }
        // Every conformer has its 7- or 6-ring numbered from the acylated N1.
        for c in kept {
            let labels = c["ring"]["labels"].as_array().unwrap();
            assert_eq!(labels[0], "N1", "{sdf}");
            assert!(c["amide"].is_object(), "{sdf}: amide perceived");
        }
        // The XYZ copy of the same ensemble gives the same families.
        let x = families(&conformers_json(&format!("{name}.xyz")));
        assert_eq!(
            fam.keys().collect::<Vec<_>>(),
            x.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (k, p) in &fam {
            assert!(
                (x[k] - p).abs() < SDF_VS_XYZ_POP_TOL,
                "{name}: {k} {p} vs {}",
                x[k]
            );
        }
    }
}

#[test]
fn rotamer_labels_follow_cip_priorities() {
    // Parent and 2-methyl: C2 outranks C7, so O syn to C2 is Z. 7-methyl: C7 outranks C2, so
    // O syn to C2 is E. Piperazine and azepane: symmetric, no E/Z (families without a suffix).
    for (name, syn_c2_is) in [
        ("isovaleryl-diazepane", Some("Z")),
        ("isovaleryl-2R-methyl-diazepane", Some("Z")),
        ("isovaleryl-7S-methyl-diazepane", Some("E")),
        ("isovaleryl-piperazine", None),
        ("isovaleryl-azepane", None),
    ] {
        let v = conformers_json(&format!("{name}.sdf"));
        for c in v["conformers"].as_array().unwrap() {
            let a = &c["amide"];
            let want = match (a["o_syn"].as_str(), syn_c2_is) {
                (Some("C2"), x) => x,
                (_, Some("Z")) => Some("E"),
                (_, Some(_)) => Some("Z"),
                (_, None) => None,
            };
            assert_eq!(a["ez"].as_str(), want, "{name} #{}", c["index"]);
        }
    }
}

#[test]
fn no_dedupe_keeps_every_record() {
    let out = ringflux()
        .args(["--json", "conformers", "--no-dedupe"])
        .arg(shared("data/ensembles/isovaleryl-piperazine.sdf"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["duplicates_removed"], 0);
    assert_eq!(v["conformers"].as_array().unwrap().len(), 252);
}

/// The first two records of the diazepane SDF with the second one's first atom line broken.
fn broken_sdf() -> (tempfile::TempDir, std::path::PathBuf) {
    let text = std::fs::read_to_string(shared("data/ensembles/isovaleryl-diazepane.sdf")).unwrap();
    let recs: Vec<&str> = text.split_inclusive("$$$$\n").take(3).collect();
    let bad = recs[1].replacen("    3.", "    x.", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.sdf");
    std::fs::write(&path, format!("{}{}{}", recs[0], bad, recs[2])).unwrap();
    (dir, path)
}

#[test]
fn a_bad_record_stops_the_run_unless_keep_going() {
    let (_dir, path) = broken_sdf();
    let out = ringflux().arg("conformers").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is printed before the error");
    let err = String::from_utf8_lossy(&out.stderr);
    let record_lines = 4 + 33 + 33 + 1 + 6 + 1; // header, atoms, bonds, M END, 2 data items, $$$$
    assert!(
        err.contains(&format!("broken.sdf:{}: structure 2: x:", record_lines + 5)),
        "{err}"
    );
    let out = ringflux()
        .args(["--json", "conformers", "--keep-going"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["structures_read"], 3);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["conformers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["index"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        vec![1, 3]
    );
}

#[test]
fn pucker_reports_the_suvorexant_boat_with_a_user_ring() {
    let out = ringflux()
        .args(["--json", "pucker", "--ring", "8,18,17,2,21,20,19"])
        .arg(shared(
            "reference/pucker/structures/pdb4S0V_SUV_crystal.xyz",
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ring = &v["structures"][0]["rings"][0];
    assert_eq!(ring["conformation"], "B");
    assert_eq!(ring["family"], "boat");
    assert_eq!(ring["labels"][3], "N4");
    // A ring that is not bonded in sequence is a usage error naming the atoms.
    let out = ringflux()
        .args(["pucker", "--ring", "8,17,18,2,21,20,19"])
        .arg(shared(
            "reference/pucker/structures/pdb4S0V_SUV_crystal.xyz",
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("atoms 8 and 17 are not bonded"));
}

/// `--csv` and `--json` are streamed from the same pass: the same conformers, the same numbers,
/// the CSV columns known only at the end of the file last.
#[test]
fn csv_and_json_report_the_same_conformers() {
    let file = shared("data/ensembles/isovaleryl-2R-methyl-diazepane.sdf");
    let v = conformers_json("isovaleryl-2R-methyl-diazepane.sdf");
    let out = ringflux()
        .args(["conformers", "--csv"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &head[9..],
        [
            "degeneracy",
            "relative_energy_kcal_per_mol",
            "population",
            "duplicates"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let kept = v["conformers"].as_array().unwrap();
    assert_eq!(rows.len(), kept.len());
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mut dups = 0;
    for (row, c) in rows.iter().zip(kept) {
        assert_eq!(row[col("index")], c["index"].to_string());
        assert_eq!(row[col("degeneracy")], c["degeneracy"].to_string());
        assert_eq!(&row[col("family")], c["family"].as_str().unwrap());
        for key in [
            "population",
            "relative_energy_kcal_per_mol",
            "energy_kcal_per_mol",
        ] {
            let got: f64 = row[col(key)].parse().unwrap();
            assert_eq!(
                got,
                c[key].as_f64().unwrap(),
                "{key}: both print the f64 exactly"
            );
        }
        dups += row[col("duplicates")].parse::<u64>().unwrap();
        assert_eq!(row[col("duplicates")], c["duplicates"].to_string());
    }
    assert_eq!(dups, v["duplicates_removed"].as_u64().unwrap());
    let total: f64 = kept.iter().map(|c| c["population"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-12, "{total}");
}

/// Over its memory budget the duplicate check drops the oldest kept conformers and says how
/// many conformers could not be compared with every earlier one; the counts stay consistent.
#[test]
fn a_reached_dedupe_budget_is_reported_not_silent() {
    let file = shared("data/ensembles/isovaleryl-diazepane.sdf");
    let full = conformers_json("isovaleryl-diazepane.sdf");
    assert_eq!(full["dedupe_incomplete"], 0);
    // 2 KiB: room for about nine conformers of 13 heavy atoms.
    let out = ringflux()
        .args(["--json", "conformers", "--dedupe-memory-mib", "0.002"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = v["structures_read"].as_u64().unwrap();
    let kept = v["conformers_kept"].as_u64().unwrap();
    let removed = v["duplicates_removed"].as_u64().unwrap();
    assert_eq!(kept + removed, read);
    assert!(v["dedupe_incomplete"].as_u64().unwrap() > 0);
    // Fewer duplicates found than with the whole ensemble in view, never more.
    assert!(removed < full["duplicates_removed"].as_u64().unwrap());
    let conformers = v["conformers"].as_array().unwrap();
    assert_eq!(conformers.len() as u64, kept);
    let dups: u64 = conformers
        .iter()
        .map(|c| c["duplicates"].as_u64().unwrap())
        .sum();
    assert_eq!(dups, removed);
    let human = ringflux()
        .args(["conformers", "--dedupe-memory-mib", "0.002"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("reached its memory budget"), "{text}");
}

/// With `--keep-going` the first 1000 skip messages are listed and the rest counted.
#[test]
fn many_skipped_records_are_counted_beyond_the_listed_ones() {
    let text = std::fs::read_to_string(shared("data/ensembles/isovaleryl-diazepane.xyz")).unwrap();
    let n_atoms: usize = text.lines().next().unwrap().trim().parse().unwrap();
    let good: String = text
        .lines()
        .take(n_atoms + 2)
        .map(|l| format!("{l}\n"))
        .collect();
    let bad = "2\nno ring here\nC 0 0 0\nC 1.5 0 0\n".repeat(1005);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many-bad.xyz");
    std::fs::write(&path, format!("{good}{bad}")).unwrap();
    let v = json(&["conformers", "--keep-going", path.to_str().unwrap()]);
    assert_eq!(v["structures_read"], 1006);
    assert_eq!(v["records_skipped"], 1005);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1000);
    let human = ringflux()
        .args(["conformers", "--keep-going"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("skipped 1005 record(s)"), "{text}");
    assert!(text.contains("… and 5 more"), "{text}");
}

/// The streamed JSON cuts each conformer's object before its last fields; a title that spells
/// that key (quotes included) must survive intact.
#[test]
fn a_title_that_spells_a_json_key_survives_streaming() {
    let text = std::fs::read_to_string(shared("data/ensembles/isovaleryl-diazepane.xyz")).unwrap();
    let n_atoms: usize = text.lines().next().unwrap().trim().parse().unwrap();
    let frame: Vec<&str> = text.lines().take(n_atoms + 2).collect();
    let title = r#"x,"relative_energy_kcal_per_mol":1,"population":2}"#;
    let mut file = String::new();
    for e in ["1.0", "9.0"] {
        file += &format!("{}\n{title} E={e}\n", frame[0]);
        for l in &frame[2..] {
            file += &format!("{l}\n");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tricky.xyz");
    std::fs::write(&path, file).unwrap();
    let v = json(&[
        "conformers",
        "--no-dedupe",
        "--energy-field",
        "E",
        "--unit",
        "kcal/mol",
        path.to_str().unwrap(),
    ]);
    let c = v["conformers"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["name"], title);
    assert_eq!(c[1]["relative_energy_kcal_per_mol"], 8.0);
    let p0 = c[0]["population"].as_f64().unwrap();
    // 8 kcal/mol at 298.15 K: p1/p0 = exp(−8 kcal/mol / RT).
    let rt = GAS_CONSTANT_J_PER_MOL_K * 298.15 / J_PER_KCAL;
    assert!((c[1]["population"].as_f64().unwrap() / p0 - (-8.0 / rt).exp()).abs() < 1e-15);
}

/// `pucker` streams its report: with every record bad and `--keep-going`, the JSON is still one
/// object, with no structures and every skipped record counted.
#[test]
fn pucker_with_only_bad_records_prints_an_empty_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xyz");
    std::fs::write(&path, "3\nx\nC 0 0 0\nC 1.5 0 0\nC x 0 0\n".repeat(3)).unwrap();
    let v = json(&["pucker", "--keep-going", path.to_str().unwrap()]);
    assert_eq!(v["structures"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["records_skipped"], 3);
    assert_eq!(v["skipped"].as_array().map(Vec::len), Some(3));
}

/// A reader that stops early (`ringflux … | head`) ends the run quietly: exit 0, nothing on
/// stderr (the streamed JSON is larger than a pipe's buffer, so the write does fail).
#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let bin = ringflux().get_program().to_owned();
    let mut child = std::process::Command::new(bin)
        .args(["--json", "conformers"])
        .arg(shared("data/ensembles/isovaleryl-diazepane.sdf"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..1], b"{");
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
