//! Rendering of `ringflux compare` results (human text).

use crate::analysis::compare::{family_keys, population_of, FamilyKey, Report};

/// A family's row label: conformation and the O-syn rotamer(s), e.g. `TC O-syn-C2` or
/// `TC O-syn-C2/C5`.
pub fn family_label(key: &FamilyKey) -> String {
    match (key.1, key.2) {
        (Some(a), Some(b)) => format!("{} {a}/{}", key.0, b.trim_start_matches("O-syn-")),
        (Some(a), None) | (None, Some(a)) => format!("{} {a}", key.0),
        (None, None) => key.0.clone(),
    }
}

/// The file stem of an ensemble's path (its column name).
pub fn short(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map_or(file.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Human rendering: one column per ensemble, populations in %, then Δ rows.
pub fn render(r: &Report) -> String {
    let names: Vec<String> = r.ensembles.iter().map(|e| short(&e.file)).collect();
    let w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(8)
        .max(10);
    let mut s = format!(
        "Populations at {:.2} K (%), rotamers as the ring carbon syn to O\n",
        r.temp_k
    );
    s += &format!("  {:<16}", "family");
    for n in &names {
        s += &format!("  {n:>w$}");
    }
    s += "\n";
    let row = |label: &str, vals: Vec<f64>, s: &mut String| {
        *s += &format!("  {label:<16}");
        for v in vals {
            *s += &format!("  {:>w$.1}", 100.0 * v);
        }
        *s += "\n";
    };
    for key in family_keys(&r.ensembles) {
        row(
            &family_label(&key),
            r.ensembles.iter().map(|e| population_of(e, &key)).collect(),
            &mut s,
        );
    }
    row(
        "chair family",
        r.ensembles.iter().map(|e| e.chair_population).collect(),
        &mut s,
    );
    row(
        "boat family",
        r.ensembles.iter().map(|e| e.boat_population).collect(),
        &mut s,
    );
    // No rotamer rows where no ensemble has distinct rotamers (symmetric rings).
    if r.ensembles
        .iter()
        .any(|e| e.o_syn_c2_population + e.o_syn_c7_population > 0.0)
    {
        row(
            "O-syn-C2",
            r.ensembles.iter().map(|e| e.o_syn_c2_population).collect(),
            &mut s,
        );
        row(
            "O-syn-C7",
            r.ensembles.iter().map(|e| e.o_syn_c7_population).collect(),
            &mut s,
        );
    }
    if r.ensembles
        .iter()
        .any(|e| e.o_syn_c3_population + e.o_syn_c5_population > 0.0)
    {
        row(
            "N4 O-syn-C3",
            r.ensembles.iter().map(|e| e.o_syn_c3_population).collect(),
            &mut s,
        );
        row(
            "N4 O-syn-C5",
            r.ensembles.iter().map(|e| e.o_syn_c5_population).collect(),
            &mut s,
        );
    }
    s += &format!("  {:<16}", "S_conf J/(mol·K)");
    for e in &r.ensembles {
        s += &format!("  {:>w$.2}", e.conformational_entropy_j_per_mol_k);
    }
    s += "\n";
    s += &format!("  {:<16}", "conformers");
    for e in &r.ensembles {
        s += &format!("  {:>w$}", e.conformers);
    }
    s += "\n";
    if let Some((parent, analogs)) = r.ensembles.split_first() {
        for (an, ds) in analogs.iter().zip(&r.entropy_change_j_per_mol_k) {
            let d = |x: f64, y: f64| format!("{:+.1}", 100.0 * (x - y));
            s += &format!(
                "\n{} vs {}: boat family {} points, O-syn-C2 {} points, O-syn-C7 {} points, ΔS_conf = {:+.2} J/(mol·K)\n",
                short(&an.file),
                short(&parent.file),
                d(an.boat_population, parent.boat_population),
                d(an.o_syn_c2_population, parent.o_syn_c2_population),
                d(an.o_syn_c7_population, parent.o_syn_c7_population),
                ds
            );
        }
    }
    s
}
