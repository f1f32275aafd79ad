//! `ringflux dft-inputs ENSEMBLE`: the DFT step of shift validation. From a conformer ensemble
//! (classified by [`crate::ensemble::read_ensemble`] into conformation × rotamer families: TC-E,
//! TC-Z, TB-E, TB-Z, …) the lowest-energy conformer of each family present is written as an
//! optimisation + frequency input and a GIAO NMR input (Gaussian or ORCA, see
//! [`crate::dftinput`]), with the implicit solvent of the NMR solvent. The report says which of
//! the expected families the ensemble lacks.

use crate::dftinput::{self, DftProgram, Job, Solvent};
use crate::ensemble::{self, Options};
use crate::error::{CmdResult, Failure, InputError};
use crate::output::Output;
use ringflux_core::constants::EnergyUnit;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Arguments of `ringflux dft-inputs`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Conformer ensemble: .sdf/.sd/.mol or multi-frame .xyz (or .pdb models), with energies.
    pub ensemble: PathBuf,
    /// Program to write inputs for.
    #[arg(long, value_enum, default_value_t = DftProgram::Orca)]
    pub program: DftProgram,
    /// Method of the optimisation and frequencies, FUNCTIONAL/BASIS.
    #[arg(long, default_value = "B3LYP/6-311+G(d,p)")]
    pub method: String,
    /// Method of the GIAO NMR job (default: --method).
    #[arg(long)]
    pub nmr_method: Option<String>,
    /// NMR solvent (CDCl3, DMSO-d6, CD3OD, D2O, acetone-d6, CD2Cl2, C6D6, toluene-d8, CD3CN,
    /// THF-d8, pyridine-d5, CCl4): the continuum model uses it. Default: gas phase.
    #[arg(long, value_parser = dftinput::solvent)]
    pub solvent: Option<Solvent>,
    /// Folder for the inputs (created; default `<ensemble stem>-dft` beside the current folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Total charge.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub charge: i32,
    /// Spin multiplicity.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub multiplicity: u32,
    /// Energy data field of the ensemble (default: the first whose name contains "energy").
    #[arg(long)]
    pub energy_field: Option<String>,
    /// Unit of the energies (kcal/mol, kj/mol, hartree); default: from the field name.
    #[arg(long, value_parser = super::boltzmann::parse_unit)]
    pub unit: Option<EnergyUnit>,
    /// Ring to analyse: 1-based atom numbers in N1, C2, … order (default: perceived).
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
}

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

/// Computes the inputs: the report and the files (path, text).
pub fn compute(a: &Args) -> Result<(Report, Vec<(PathBuf, String)>), InputError> {
    let opts = Options {
        energy_field: a.energy_field.clone(),
        energy_unit: a.unit,
        ring: a.ring.clone(),
        keep_coordinates: true,
        progress: true,
        ..Options::default()
    };
    let ens = ensemble::read_ensemble(&a.ensemble, &opts)?;
    let stem = stem_of(&a.ensemble);
    let out_dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{stem}-dft")));
    let nmr_method = a.nmr_method.clone().unwrap_or_else(|| a.method.clone());
    let mut families = Vec::new();
    let mut files = Vec::new();
    for fam in &ens.families {
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
                &a.ensemble,
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
            method: &a.method,
            nmr_method: &nmr_method,
            solvent: a.solvent,
            charge: a.charge,
            multiplicity: a.multiplicity,
            atoms: &atoms,
        };
        let mut written = Vec::new();
        for (file, text) in dftinput::inputs(a.program, &job) {
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
            ensemble: a.ensemble.display().to_string(),
            program: a.program,
            method: a.method.clone(),
            nmr_method,
            solvent: a.solvent,
            out_dir: out_dir.display().to_string(),
            families,
            expected_families: expected,
            missing_families: missing,
        },
        files,
    ))
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "DFT inputs ({:?}; opt+freq {}, NMR {}; solvent {}) from {} into {}/\n",
        r.program,
        r.method,
        r.nmr_method,
        r.solvent.map_or("none (gas phase)", |s| s.nmr_name),
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
    if r.missing_families.is_empty() {
        s += &format!(
            "  all expected families present ({})\n",
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

/// Runs `ringflux dft-inputs`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let (r, files) = compute(a)?;
    std::fs::create_dir_all(&r.out_dir)
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot create {}: {e}", r.out_dir)))?;
    let mut out = Output::new(&r, render(&r))?;
    for (p, text) in files {
        out = out.with_file(p, text.into_bytes());
    }
    Ok(out)
}
