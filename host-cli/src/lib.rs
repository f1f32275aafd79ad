//! The `ringflux` command-line tool as a library: argument definitions, file readers, and one
//! module per command. `main.rs` only parses arguments, runs, prints and maps the exit code.
//!
//! Every command returns an [`output::Output`] (one JSON object, a human report, and files to
//! write after success) or a [`error::Failure`] (exit 2 for input errors, 1 otherwise).

pub mod cmd;
pub mod conformation;
pub mod dftinput;
pub mod ensemble;
pub mod error;
pub mod facts;
pub mod jcamp;
pub mod limits;
pub mod nmrdata;
pub mod noise;
pub mod output;
pub mod perceive;
pub mod plot;
pub mod qc;
pub mod spectrum;
pub mod spool;
pub mod structure;
pub mod structure_facts;
pub mod symmetry;
pub mod table;
pub mod units;

use clap::{Parser, Subcommand};

/// Conformational analysis and dynamic NMR of N-acyl 1,4-diazepanes and related rings.
#[derive(Debug, Parser)]
#[command(name = "ringflux", version, about, propagate_version = true)]
pub struct Cli {
    /// Print exactly one JSON object on stdout instead of the human report.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every analysis that applies to the files in a folder.
    Analyze(cmd::analyze::Args),
    /// Eyring equation: rate constant ↔ free energy of activation at one temperature.
    Eyring(cmd::eyring::Args),
    /// Barrier from a coalescence temperature and the slow-exchange separation.
    Coalescence(cmd::coalescence::Args),
    /// Two-state equilibrium from a population ratio (e.g. rotamer integrals).
    Ratio(cmd::ratio::Args),
    /// ΔH‡ and ΔS‡ from rate constants at several temperatures (Eyring plot).
    EyringFit(cmd::eyring_fit::Args),
    /// Boltzmann populations, ensemble free energy and conformational entropy.
    Boltzmann(cmd::boltzmann::Args),
    /// Ring pucker (Cremer–Pople, C/TC/B/TB) and amide rotamer of 3D structures.
    Pucker(cmd::pucker::Args),
    /// Conformer ensemble: conformations, rotamers, duplicates, Boltzmann family populations.
    Conformers(cmd::conformers::Args),
    /// What ringflux reads from Gaussian / ORCA output files (energies, thermochemistry, shieldings).
    Qc(cmd::qc::Args),
    /// Boltzmann-weighted computed shifts vs experiment: errors, scaling, DP4 / DP4+ probabilities.
    Validate(cmd::validate::Args),
    /// DFT inputs (opt + freq, GIAO NMR) for the lowest conformer of each conformation × rotamer family.
    DftInputs(cmd::dft_inputs::Args),
    /// Exchange-broadened lineshapes: simulate a spectrum, or fit k to a measured one.
    Lineshape(cmd::lineshape::Args),
    /// Rates from a variable-temperature series of spectra → Eyring plot (ΔH‡, ΔS‡).
    VtFit(cmd::vt_fit::Args),
    /// Integrals of two regions of a slow-exchange spectrum → ratio and ΔG°.
    Integrate(cmd::integrate::Args),
    /// Plan a VT-NMR experiment: coalescence, slow/fast exchange temperatures, solvents.
    Plan(cmd::plan::Args),
    /// Design suggestions from conformational facts (SAR rules), with rationale and trace.
    Suggest(cmd::suggest::Args),
    /// Check or draw SAR rule sets.
    Rules(cmd::rules::Args),
    /// Conformer populations and entropy of a parent and its analogues, side by side.
    Compare(cmd::compare::Args),
    ServeStdio(cmd::serve_stdio::Args),
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> error::CmdResult<output::Output> {
    match &cli.command {
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Eyring(a) => cmd::eyring::run(a),
        Command::Coalescence(a) => cmd::coalescence::run(a),
        Command::Ratio(a) => cmd::ratio::run(a),
        Command::EyringFit(a) => cmd::eyring_fit::run(a),
        Command::Boltzmann(a) => cmd::boltzmann::run(a),
        Command::Pucker(a) => cmd::pucker::run(a, cli.json),
        Command::Conformers(a) => cmd::conformers::run(a, cli.json),
        Command::Qc(a) => cmd::qc::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::DftInputs(a) => cmd::dft_inputs::run(a),
        Command::Lineshape(a) => cmd::lineshape::run(a),
        Command::VtFit(a) => cmd::vt_fit::run(a),
        Command::Integrate(a) => cmd::integrate::run(a),
        Command::Plan(a) => cmd::plan::run(a),
        Command::Suggest(a) => cmd::suggest::run(a),
        Command::Rules(a) => cmd::rules::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::ServeStdio(a) => cmd::serve_stdio::run(a),
    }
}
