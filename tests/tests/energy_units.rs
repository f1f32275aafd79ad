//! Energy units are never assumed silently (issue 13, "Units"): energies implausible for the unit
//! they are read in are refused (the unit was a default) or warned about (a name or `--unit`
//! stated it). The data are the RDKit ETKDGv3 + MMFF94 ensemble of the bundled example
//! (`examples/isovaleryl-diazepane/isovaleryl-diazepane.sdf`, copied from
//! `../shared/data/ensembles/`), whose MMFF94 energies are kcal/mol: their span is a few
//! kcal/mol, so read as hartree (× 627.5 kcal/mol per Eh, CODATA) they span thousands.

use ringflux_tests::cli::{fails, json, run};
use ringflux_tests::example;

/// The example ensemble with its energy field renamed from `MMFF94_energy_kcal_per_mol` to a bare `energy`
/// (a name that states no unit), in a fresh folder.
fn bare_energy_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(example("isovaleryl-diazepane/isovaleryl-diazepane.sdf"))
        .expect("example SDF");
    assert!(text.contains("<MMFF94_energy_kcal_per_mol>"));
    let file = dir.path().join("isovaleryl-diazepane.sdf");
    std::fs::write(
        &file,
        text.replace("<MMFF94_energy_kcal_per_mol>", "<energy>"),
    )
    .expect("write");
    (dir, file)
}

#[test]
fn a_bare_energy_field_of_kcal_values_is_refused_by_analyze() {
    let (dir, _) = bare_energy_folder();
    // analyze reports its progress on stderr first; the error is its last line.
    let (code, out, err) = run(&["analyze", &dir.path().display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    let err = err.lines().last().unwrap_or_default();
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("isovaleryl-diazepane.sdf"), "{err}");
    assert!(err.contains("energy field 'energy'"), "{err}");
    assert!(err.contains("implausible"), "{err}");
    // It tells what the user can do in analyze: a name carrying the unit.
    assert!(err.contains("energy_kcal_per_mol"), "{err}");
}

#[test]
fn a_bare_energy_field_of_kcal_values_is_refused_by_conformers_and_unit_fixes_it() {
    let (_dir, file) = bare_energy_folder();
    let f = file.display().to_string();
    let err = fails(&["conformers", &f]);
    assert!(
        err.contains("energy field 'energy'") && err.contains("--unit"),
        "{err}"
    );
    // Stated as kcal/mol: accepted, no warning, and the unit's source is said.
    let v = json(&["conformers", &f, "--unit", "kcal/mol"]);
    assert_eq!(v["energy_unit_from"], "flag");
    assert!(v.get("warnings").is_none(), "{v}");
    // Stated (wrongly) as hartree: a warning, not a refusal; the user said so.
    let (code, out, err) = run(&["conformers", &f, "--unit", "hartree"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("warning: energy field 'energy': the energies span"),
        "{out}"
    );
}

#[test]
fn hartree_like_absolute_values_in_a_kcal_column_warn() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Absolute DFT-like totals (Eh) under a kcal/mol column name: conformers 1–2 mEh apart.
    let csv = dir.path().join("x.energies.csv");
    std::fs::write(
        &csv,
        "name,energy_kcal_per_mol\nTC,-652.123456\nTB,-652.121003\nC,-652.122100\n",
    )
    .expect("write");
    let v = json(&["boltzmann", &csv.display().to_string()]);
    assert_eq!(v["energy_unit_from"], "name");
    let w = v["warnings"][0].as_str().expect("a warning");
    assert!(
        w.contains("column 'energy_kcal_per_mol'") && w.contains("hartree"),
        "{w}"
    );
    // analyze carries the warning into the folder's list.
    let a = json(&["analyze", &dir.path().display().to_string()]);
    let all = a.to_string();
    assert!(all.contains("look like absolute hartree energies"), "{all}");
}
