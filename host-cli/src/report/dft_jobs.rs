//! Rendering of `ringflux dft-inputs` results (human text).

use crate::analysis::dft_jobs::Report;
use std::path::Path;

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "DFT inputs ({:?}; opt+freq {}, NMR {}; solvent {}; {} cores, {} MB per job) from {} into {}/\n",
        r.program,
        r.method,
        r.nmr_method,
        r.solvent.map_or("none (gas phase)", |s| s.nmr_name),
        r.cores,
        r.memory_mb,
        r.ensemble,
        r.out_dir
    );
    s += "  family   pop. (%)  record  ΔE (kcal/mol)  files\n";
    for f in &r.families {
        let names: Vec<&str> = f
            .files
            .iter()
            .map(|p| {
                Path::new(p)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(p)
            })
            .collect();
        s += &format!(
            "  {:<7}  {:>8.2}  {:>6}  {:>13.3}  {}\n",
            f.family,
            100.0 * f.population,
            f.record,
            f.relative_energy_kcal_per_mol,
            names.join(", ")
        );
    }
    if !r.skipped_families.is_empty() {
        let list: Vec<String> = r
            .skipped_families
            .iter()
            .map(|f| format!("{} ({:.2} %)", f.family, 100.0 * f.population))
            .collect();
        s += &format!(
            "  skipped below {} %: {} (--min-population 0 writes them)\n",
            r.min_population_percent,
            list.join(", ")
        );
    }
    let skipped_expected: Vec<&str> = r
        .skipped_families
        .iter()
        .map(|f| f.family.as_str())
        .filter(|f| r.expected_families.iter().any(|e| e == f))
        .collect();
    if !skipped_expected.is_empty() {
        s += &format!(
            "  expected families skipped for their population here: {} (force-field populations are rough; to compare them by DFT, give --min-population 0)\n",
            skipped_expected.join(", ")
        );
    }
    if r.missing_families.is_empty() {
        s += &format!(
            "  all expected families in the ensemble ({})\n",
            r.expected_families.join(", ")
        );
    } else {
        s += &format!(
            "  missing from the ensemble: {} (search conformers more widely, or build them by hand)\n",
            r.missing_families.join(", ")
        );
    }
    s
}
