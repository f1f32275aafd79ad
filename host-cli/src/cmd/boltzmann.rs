//! `ringflux boltzmann FILE`: Boltzmann populations of conformers from a CSV `name,energy[,degeneracy]`
//! ([`crate::analysis::boltzmann`]).

use crate::error::CmdResult;
use crate::report::output::Output;
use ringflux_core::constants::EnergyUnit;
use std::path::PathBuf;

/// Arguments of `ringflux boltzmann`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// CSV with header `name,energy[,degeneracy]`.
    pub file: PathBuf,
    /// Temperature, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Unit of a column named plain `energy`: kcal/mol, kj/mol or hartree.
    #[arg(long, value_parser = crate::units::parse_unit)]
    pub unit: Option<EnergyUnit>,
    /// Write the populations as bars (SVG), the relative energies in the legend.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Runs `ringflux boltzmann`.
pub fn run(a: &Args) -> CmdResult<Output> {
    use crate::analysis::boltzmann::read;
    use crate::report::boltzmann::render;
    use crate::report::figures::boltzmann_bars;
    let r = read(&a.file, a.unit)?.compute(a.temp_k, &a.file)?;
    let out = Output::new(&r, render(&r))?;
    Ok(match &a.plot {
        Some(p) => out.with_file(
            p.clone(),
            boltzmann_bars(&r, &crate::report::lineshape::title_of(&a.file))?,
        ),
        None => out,
    })
}
