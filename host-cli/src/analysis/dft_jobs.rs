//! `ringflux dft-inputs ENSEMBLE`: the DFT step of shift validation. From a conformer ensemble
//! (classified by [`crate::chem::ensemble::read_ensemble`] into conformation × rotamer families: TC-E,
//! TC-Z, TB-E, TB-Z, …) the lowest-energy conformer of each family present is written as an
//! optimisation + frequency input and a GIAO NMR input (Gaussian or ORCA, see
//! [`crate::analysis::dft_inputs`]), with the implicit solvent of the NMR solvent. The report says which of
//! the expected families the ensemble lacks.

use crate::analysis::dft_inputs::{self, DftProgram, Job, Solvent};
use crate::chem::ensemble::{self, Options};
use crate::error::InputError;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One family's representative.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyOut {
    /// Family key (`TC-E`, …).
    pub family: String,
    /// Boltzmann population of the family in the ensemble (its own energies).
    pub population: f64,
    /// Conformers of the family in the ensemble.
    pub conformers: usize,
    /// Record number (1-based) of the representative in the ensemble file.
    pub record: usize,
    /// Its name (title line).
    pub name: String,
    /// Its energy above the ensemble's lowest conformer, kcal/mol.
    pub relative_energy_kcal_per_mol: f64,
    /// Input files written (opt + freq, NMR).
    pub files: Vec<String>,
}

/// JSON report of `ringflux dft-inputs`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Ensemble file.
    pub ensemble: String,
    /// Program.
    pub program: DftProgram,
    /// Optimisation / frequency method.
    pub method: String,
    /// NMR method.
    pub nmr_method: String,
    /// Implicit solvent (absent: gas phase).
    pub solvent: Option<Solvent>,
    /// Output folder.
    pub out_dir: String,
    /// Representatives, most populated family first.
    pub families: Vec<FamilyOut>,
    /// Families the seed's analysis expects for this ring (7-ring: TC, TB; 6-ring: C, TB;
    /// × E/Z when the amide has E/Z rotamers).
    pub expected_families: Vec<String>,
    /// Expected families the ensemble lacks.
    pub missing_families: Vec<String>,
    /// Population below which a family gets no inputs, percent.
    pub min_population_percent: f64,
    /// Families left out for their population, most populated first.
    pub skipped_families: Vec<SkippedFamily>,
    /// Cores per job.
    pub cores: u32,
    /// Memory per job, MB.
    pub memory_mb: u32,
}

/// A family left out for its population.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFamily {
    /// Family key.
    pub family: String,
    /// Its Boltzmann population in the ensemble.
    pub population: f64,
}

/// The families the analysis needs: the low-energy twist/chair form and the twist-boat of the
/// ring, for each amide rotamer.
fn expected_families(ring_size: Option<usize>, has_ez: bool) -> Vec<String> {
    let forms: &[&str] = match ring_size {
        Some(7) => &["TC", "TB"],
        Some(6) => &["C", "TB"],
        _ => &[],
    };
    let rotamers: &[&str] = if has_ez { &["E", "Z"] } else { &[""] };
    forms
        .iter()
        .flat_map(|f| {
            rotamers.iter().map(move |r| {
                if r.is_empty() {
                    f.to_string()
                } else {
                    format!("{f}-{r}")
                }
            })
        })
        .collect()
}

fn stem_of(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ensemble".into())
}

/// The level of theory and the molecule's charge state for the DFT jobs.
#[derive(Debug, Clone)]
pub struct Level {
    /// Program to write inputs for.
    pub program: DftProgram,
    /// Method of the optimisation and frequencies, FUNCTIONAL/BASIS.
    pub method: String,
    /// Method of the GIAO NMR job (`None`: `method`).
    pub nmr_method: Option<String>,
    /// Implicit solvent (`None`: gas phase).
    pub solvent: Option<Solvent>,
    /// Total charge.
    pub charge: i32,
    /// Spin multiplicity.
    pub multiplicity: u32,
    /// Cores per job.
    pub cores: u32,
    /// Memory per job (all cores together), MB.
    pub memory_mb: u32,
    /// Families below this Boltzmann population (percent) get no inputs.
    pub min_population_percent: f64,
}

/// Computes the inputs for the lowest conformer of each family of the ensemble in `path` (read
/// with `opts`): the report and the files (path, text), in `out` (default `<stem>-dft`).
pub fn compute(
    path: &Path,
    opts: &Options,
    level: &Level,
    out: Option<&Path>,
) -> Result<(Report, Vec<(PathBuf, String)>), InputError> {
    let ens = ensemble::read_ensemble(path, opts)?;
    let stem = stem_of(path);
    let out_dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{stem}-dft")));
    let nmr_method = level
        .nmr_method
        .clone()
        .unwrap_or_else(|| level.method.clone());
    let mut families = Vec::new();
    let mut skipped = Vec::new();
    let mut files = Vec::new();
    for fam in &ens.families {
        if 100.0 * fam.population < level.min_population_percent {
            skipped.push(SkippedFamily {
                family: fam.family.clone(),
                population: fam.population,
            });
            continue;
        }
        let Some(rep) = ens
            .conformers
            .iter()
            .filter(|c| c.family == fam.family)
            .min_by(|x, y| x.energy_kcal_per_mol.total_cmp(&y.energy_kcal_per_mol))
        else {
            continue;
        };
        if rep.elements.len() != rep.coordinates.len() || rep.elements.is_empty() {
            return Err(InputError::at(
                path,
                rep.line,
                "conformer has no coordinates",
            ));
        }
        let atoms: Vec<(&str, [f64; 3])> = rep
            .elements
            .iter()
            .copied()
            .zip(rep.coordinates.iter().copied())
            .collect();
        let name = format!("{stem}_{}", fam.family);
        let title = format!(
            "{stem} {} (record {}, {}, dE = {:.3} kcal/mol in the ensemble)",
            fam.family, rep.index, rep.name, rep.relative_energy_kcal_per_mol
        );
        let job = Job {
            name: &name,
            title: &title,
            method: &level.method,
            nmr_method: &nmr_method,
            solvent: level.solvent,
            charge: level.charge,
            multiplicity: level.multiplicity,
            cores: level.cores,
            memory_mb: level.memory_mb,
            atoms: &atoms,
        };
        let mut written = Vec::new();
        let pair =
            dft_inputs::inputs(level.program, &job).map_err(|e| InputError::arg("--method", e))?;
        for (file, text) in pair {
            let path = out_dir.join(file);
            written.push(path.display().to_string());
            files.push((path, text));
        }
        families.push(FamilyOut {
            family: fam.family.clone(),
            population: fam.population,
            conformers: fam.conformers,
            record: rep.index,
            name: rep.name.clone(),
            relative_energy_kcal_per_mol: rep.relative_energy_kcal_per_mol,
            files: written,
        });
    }
    let ring_size = ens.conformers.first().map(|c| c.ring.size);
    let has_ez = ens
        .families
        .iter()
        .any(|f| matches!(f.rotamer.as_deref(), Some("E" | "Z")));
    let expected = expected_families(ring_size, has_ez);
    let missing = expected
        .iter()
        .filter(|e| !ens.families.iter().any(|f| &f.family == *e))
        .cloned()
        .collect();
    Ok((
        Report {
            ensemble: path.display().to_string(),
            program: level.program,
            method: level.method.clone(),
            nmr_method,
            solvent: level.solvent,
            out_dir: out_dir.display().to_string(),
            families,
            expected_families: expected,
            missing_families: missing,
            min_population_percent: level.min_population_percent,
            skipped_families: skipped,
            cores: level.cores,
            memory_mb: level.memory_mb,
        },
        files,
    ))
}
