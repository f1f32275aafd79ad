//! Cremer–Pople coordinates, torsions, classification and ring numbering of real structures
//! against `../shared/reference/pucker/reference_values.tsv` (values computed by `cp_ref.py`,
//! checked against the Chan/Hutchison RING implementation, `shared/reference/pucker.md`), and the
//! MMFF94 cycloheptane templates against the table of pucker.md §6.3.

use ringflux_cli::chem::conformation::{self, RingReport};
use ringflux_cli::chem::perceive::Graph;
use ringflux_cli::io::structure::read_all;
use ringflux_tests::{col, read_tsv, shared};

/// Amplitudes are printed with 4 decimals: half a unit of the last digit.
const Q_TOL_ANGSTROM: f64 = 0.5e-4;
/// Phases and θ are printed with 2 decimals.
const ANGLE_TOL_DEG: f64 = 0.5e-2;
/// Torsions are printed with 1 decimal.
const TORSION_TOL_DEG: f64 = 0.5e-1;
/// pucker.md §6.3 prints q and Q with 3 decimals …
const TABLE_Q_TOL_ANGSTROM: f64 = 0.5e-3;
/// … and θ with 1 decimal.
const TABLE_THETA_TOL_DEG: f64 = 0.5e-1;

fn q(r: &RingReport, key: &str) -> f64 {
    match key {
        "q2" => r.q_angstrom.q2,
        _ => r.q_angstrom.q3.unwrap(),
    }
}

fn phi(r: &RingReport, key: &str) -> f64 {
    match key {
        "phi2" => r.phi_deg.phi2.unwrap(),
        _ => r.phi_deg.phi3.unwrap(),
    }
}

/// The first ring of the first structure of a shared pucker file, perceived and numbered.
fn perceived(file: &str) -> (RingReport, Option<conformation::AmideReport>) {
    let path = shared(&format!("reference/pucker/structures/{file}"));
    let mols = read_all(&path).unwrap();
    let mol = mols.first().unwrap();
    let g = Graph::of(mol);
    let ring = conformation::rings_of(&g, None).unwrap().remove(0);
    (
        conformation::ring_report(mol, &ring).unwrap(),
        conformation::amide_report(mol, &ring).unwrap(),
    )
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, reference {want} (tolerance {tol})"
    );
}

#[test]
fn real_diazepanes_match_reference_values() {
    let rows = read_tsv(&shared("reference/pucker/reference_values.tsv"));
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let file = &row["file"];
        let (r, amide) = perceived(file);
        // The perceived N1…C7 numbering is the reference's.
        let want_atoms: Vec<usize> = row["ring_atom_indices_1based(N1,C2,C3,N4,C5,C6,C7)"]
            .split_whitespace()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(r.atoms, want_atoms, "{file}: ring numbering");
        close(
            &format!("{file} q2"),
            q(&r, "q2"),
            col(row, "q2_A"),
            Q_TOL_ANGSTROM,
        );
        close(
            &format!("{file} q3"),
            q(&r, "q3"),
            col(row, "q3_A"),
            Q_TOL_ANGSTROM,
        );
        close(
            &format!("{file} Q"),
            r.total_q_angstrom,
            col(row, "Q_A"),
            Q_TOL_ANGSTROM,
        );
        close(
            &format!("{file} φ2"),
            phi(&r, "phi2"),
            col(row, "phi2_deg"),
            ANGLE_TOL_DEG,
        );
        close(
            &format!("{file} φ3"),
            phi(&r, "phi3"),
            col(row, "phi3_deg"),
            ANGLE_TOL_DEG,
        );
        close(
            &format!("{file} θ"),
            r.theta_deg.unwrap(),
            col(row, "theta_deg"),
            ANGLE_TOL_DEG,
        );
        let names = [
            "w1_N1C2C3N4",
            "w2_C2C3N4C5",
            "w3_C3N4C5C6",
            "w4_N4C5C6C7",
            "w5_C5C6C7N1",
            "w6_C6C7N1C2",
            "w7_C7N1C2C3",
        ];
        for (w, name) in r.torsions_deg.iter().zip(names) {
            close(
                &format!("{file} {name}"),
                *w,
                col(row, name),
                TORSION_TOL_DEG,
            );
        }
        assert_eq!(
            r.conformation.as_deref(),
            Some(row["class"].as_str()),
            "{file}"
        );
        let family = if row["reasoning"].contains("-> boat family") {
            "boat"
        } else {
            "chair"
        };
        assert_eq!(r.family, Some(family), "{file}");
        assert!(amide.is_some(), "{file}: the N-acyl amide is perceived");
    }
}

#[test]
fn mmff_cycloheptane_templates_classify_as_named() {
    // (form, q2, q3, Q, θ) from the table of pucker.md §6.3.
    for (form, q2, q3, qq, theta) in [
        ("C", 0.448, 0.674, 0.809, 33.6),
        ("TC", 0.513, 0.663, 0.838, 37.7),
        ("B", 1.136, 0.014, 1.136, 89.3),
        ("TB", 1.128, 0.014, 1.128, 89.3),
    ] {
        let (r, amide) = perceived(&format!("ref_cycloheptane_{form}_mmff.sdf"));
        assert_eq!(r.conformation.as_deref(), Some(form));
        assert!(amide.is_none());
        close(&format!("{form} q2"), q(&r, "q2"), q2, TABLE_Q_TOL_ANGSTROM);
        close(&format!("{form} q3"), q(&r, "q3"), q3, TABLE_Q_TOL_ANGSTROM);
        close(
            &format!("{form} Q"),
            r.total_q_angstrom,
            qq,
            TABLE_Q_TOL_ANGSTROM,
        );
        close(
            &format!("{form} θ"),
            r.theta_deg.unwrap(),
            theta,
            TABLE_THETA_TOL_DEG,
        );
        let changes = if form.contains('B') { 4 } else { 6 };
        assert_eq!(r.sign_changes, changes, "{form}: torsion sign changes");
    }
}

#[test]
fn suvorexant_amide_is_z_with_the_c7_methyl_ranking_higher() {
    // Suvorexant (PDB 4S0V): the 7-methyl makes C7 outrank C2, so O syn to C7 is Z.
    let (_, amide) = perceived("pdb4S0V_SUV_crystal.xyz");
    let a = amide.unwrap();
    assert_eq!(a.cip_higher.as_deref(), Some("C7"));
    assert_eq!(a.o_syn, "C7");
    assert_eq!(a.ez, Some("Z"));
    assert_eq!(a.cn_class, "partial_double");
}
