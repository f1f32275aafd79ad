//! `ringflux conformers FILE`: ring conformation and amide rotamer of every conformer of an
//! ensemble, duplicates removed, Boltzmann populations per conformer and per family
//! (conformation × rotamer: TC-E, TC-Z, TB-E, …), and the conformational entropy.
//! The work is done by [`crate::ensemble::read_ensemble`].

use crate::ensemble::{self, Ensemble, Options};
use crate::error::{CmdResult, InputError};
use crate::output::Output;
use ringflux_core::constants::EnergyUnit;
use std::path::PathBuf;

/// Arguments of `ringflux conformers`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Ensemble file: .sdf/.sd/.mol or multi-frame .xyz (or .pdb models).
    pub file: PathBuf,
    /// Temperature, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Energy data field (SDF data item or XYZ comment key); default: the first field whose
    /// name contains "energy".
    #[arg(long)]
    pub energy_field: Option<String>,
    /// Unit of the energies (kcal/mol, kj/mol, hartree); default: from the field name, and
    /// hartree for a bare number in an XYZ comment line.
    #[arg(long, value_parser = super::boltzmann::parse_unit)]
    pub unit: Option<EnergyUnit>,
    /// Keep duplicate conformers (default: remove them, CREST criteria).
    #[arg(long)]
    pub no_dedupe: bool,
    /// Ring to analyse: 1-based atom numbers in N1, C2, … order.
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
    /// Skip bad records (reported) instead of stopping at the first one.
    #[arg(long)]
    pub keep_going: bool,
    /// Print one CSV row per conformer instead of the human report.
    #[arg(long)]
    pub csv: bool,
}

impl Args {
    /// The ensemble options these arguments ask for.
    pub fn options(&self) -> Options {
        Options {
            temp_k: self.temp_k,
            energy_field: self.energy_field.clone(),
            energy_unit: self.unit,
            dedupe: !self.no_dedupe,
            ring: self.ring.clone(),
            keep_going: self.keep_going,
            keep_coordinates: false,
            progress: true,
            details: true,
        }
    }
}

/// Human rendering: families, then conformers above 1 % population.
pub fn render(e: &Ensemble) -> String {
    let mut s = format!(
        "{}: {} structures read, {} conformers kept ({} duplicates removed), T = {:.2} K, energies from '{}' ({})\n",
        e.file,
        e.structures_read,
        e.conformers_kept,
        e.duplicates_removed,
        e.temp_k,
        e.energy_field,
        e.energy_unit
    );
    s += "  family     pop. (%)  conformers  lowest ΔE (kcal/mol)\n";
    for f in &e.families {
        s += &format!(
            "  {:<9}  {:>8.2}  {:>10}  {:>20.3}\n",
            f.family,
            100.0 * f.population,
            f.conformers,
            f.lowest_relative_energy_kcal_per_mol
        );
    }
    s += &format!(
        "  S_conf = {:.3} J/(mol·K); G_ens − E_min = {:.3} kcal/mol\n",
        e.conformational_entropy_j_per_mol_k, e.ensemble_g_kcal_per_mol
    );
    let mut top: Vec<_> = e
        .summaries
        .iter()
        .filter(|c| c.population >= 0.01)
        .collect();
    top.sort_by(|a, b| b.population.total_cmp(&a.population));
    s +=
        "  conformers with ≥ 1 %:\n     #  ΔE (kcal/mol)  pop. (%)  family  Q (Å)   θ (°)  O syn\n";
    for c in top {
        s += &format!(
            "  {:>4}  {:>13.3}  {:>8.2}  {:<6}  {:.3}  {:>6.1}  {}\n",
            c.index,
            c.relative_energy_kcal_per_mol,
            100.0 * c.population,
            c.family,
            c.total_q_angstrom,
            c.theta_deg.unwrap_or(f64::NAN),
            c.o_syn.as_deref().unwrap_or("–")
        );
    }
    if !e.skipped.is_empty() {
        s += &format!("skipped {} record(s):\n", e.skipped.len());
        for k in &e.skipped {
            s += &format!("  {k}\n");
        }
    }
    s
}

/// One CSV row per kept conformer.
pub fn to_csv(e: &Ensemble) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "index",
        "name",
        "energy_kcal_per_mol",
        "relative_energy_kcal_per_mol",
        "population",
        "family",
        "conformation",
        "total_q_angstrom",
        "theta_deg",
        "o_syn",
        "ez",
        "duplicates",
    ])?;
    for c in &e.conformers {
        w.write_record([
            c.index.to_string(),
            c.name.clone(),
            c.energy_kcal_per_mol.to_string(),
            c.relative_energy_kcal_per_mol.to_string(),
            c.population.to_string(),
            c.family.clone(),
            c.ring.conformation.clone().unwrap_or_default(),
            c.ring.total_q_angstrom.to_string(),
            c.ring.theta_deg.map(|t| t.to_string()).unwrap_or_default(),
            c.amide
                .as_ref()
                .map(|a| a.o_syn.clone())
                .unwrap_or_default(),
            c.amide
                .as_ref()
                .and_then(|a| a.ez)
                .unwrap_or("")
                .to_string(),
            c.duplicates.to_string(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Runs `ringflux conformers`; `json` is the global flag (it excludes `--csv`).
pub fn run(a: &Args, json: bool) -> CmdResult<Output> {
    if a.csv && json {
        return Err(InputError::arg("--csv", "cannot be combined with --json").into());
    }
    let mut options = a.options();
    // The human report needs only summaries; JSON and CSV list every conformer in full.
    options.details = json || a.csv;
    let e = ensemble::read_ensemble(&a.file, &options)?;
    let human = if a.csv { to_csv(&e)? } else { render(&e) };
    Ok(Output::new(&e, human)?)
}
