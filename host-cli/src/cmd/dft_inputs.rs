//! `ringflux dft-inputs ENSEMBLE`: the DFT step of shift validation. From a conformer ensemble
//! (classified by [`crate::chem::ensemble::read_ensemble`] into conformation × rotamer families: TC-E,
//! TC-Z, TB-E, TB-Z, …) the lowest-energy conformer of each family present is written as an
//! optimisation + frequency input and a GIAO NMR input (Gaussian or ORCA, see
//! [`crate::analysis::dft_inputs`]), with the implicit solvent of the NMR solvent. The report says which of
//! the expected families the ensemble lacks.

use crate::analysis::dft_inputs::{self, DftProgram, Solvent};
use crate::analysis::dft_jobs::{compute, Level};
use crate::chem::ensemble::Options;
use crate::error::{CmdResult, Failure};
use crate::report::dft_jobs::render;
use crate::report::output::Output;
use ringflux_core::constants::EnergyUnit;
use std::path::PathBuf;

/// Arguments of `ringflux dft-inputs`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Conformer ensemble: .sdf/.sd/.mol or multi-frame .xyz (or .pdb models), with energies.
    pub ensemble: PathBuf,
    /// Program to write inputs for.
    #[arg(long, value_enum, default_value_t = DftProgram::Orca)]
    pub program: DftProgram,
    /// Method of the optimisation and frequencies, FUNCTIONAL/BASIS.
    /// A `-D3(BJ)` or `-D3` suffix on the functional adds Grimme's dispersion correction
    /// (Gaussian `EmpiricalDispersion=GD3BJ`/`GD3`, ORCA `D3BJ`/`D3ZERO`).
    #[arg(long, default_value = dft_inputs::DEFAULT_METHOD)]
    pub method: String,
    /// Method of the GIAO NMR job, FUNCTIONAL/BASIS (default: a DP4+ bank level).
    #[arg(long, default_value = dft_inputs::DEFAULT_NMR_METHOD)]
    pub nmr_method: String,
    /// NMR solvent (CDCl3, DMSO-d6, CD3OD, D2O, acetone-d6, CD2Cl2, C6D6, toluene-d8, CD3CN,
    /// THF-d8, pyridine-d5, CCl4): the continuum model uses it. Default: gas phase.
    #[arg(long, value_parser = dft_inputs::solvent)]
    pub solvent: Option<Solvent>,
    /// Folder for the inputs (created; default `<ensemble stem>-dft` inside the current folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Total charge.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub charge: i32,
    /// Spin multiplicity.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub multiplicity: u32,
    /// Families whose Boltzmann population in the ensemble is below this, percent, get no
    /// inputs (they are listed as skipped); 0 writes every family.
    #[arg(long, default_value_t = 1.0, value_parser = super::finite)]
    pub min_population: f64,
    /// Cores per job (Gaussian `%NProcShared`, ORCA `%pal nprocs`).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub cores: u32,
    /// Memory per job for all cores together, MB (Gaussian `%Mem`; ORCA `%maxcore` gets three
    /// quarters of it per core).
    #[arg(long, default_value_t = 16000, value_parser = clap::value_parser!(u32).range(1..))]
    pub memory_mb: u32,
    /// Energy data field of the ensemble (default: the first whose name contains "energy").
    #[arg(long)]
    pub energy_field: Option<String>,
    /// Unit of the energies (kcal/mol, kj/mol, hartree); default: from the field name.
    #[arg(long, value_parser = crate::units::parse_unit)]
    pub unit: Option<EnergyUnit>,
    /// Ring to analyse: 1-based atom numbers in N1, C2, … order (default: perceived).
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
}

/// Runs `ringflux dft-inputs`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let opts = Options {
        energy_field: a.energy_field.clone(),
        energy_unit: a.unit,
        ring: a.ring.clone(),
        keep_coordinates: true,
        progress: true,
        ..Options::default()
    };
    let level = Level {
        program: a.program,
        method: a.method.clone(),
        nmr_method: Some(a.nmr_method.clone()),
        solvent: a.solvent,
        charge: a.charge,
        multiplicity: a.multiplicity,
        cores: a.cores,
        memory_mb: a.memory_mb,
        min_population_percent: a.min_population,
    };
    let (r, files) = compute(&a.ensemble, &opts, &level, a.out.as_deref())?;
    std::fs::create_dir_all(&r.out_dir)
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot create {}: {e}", r.out_dir)))?;
    let mut out = Output::new(&r, render(&r))?;
    for (p, text) in files {
        out = out.with_file(p, text.into_bytes());
    }
    Ok(out)
}
