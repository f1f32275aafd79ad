//! `ringflux qc FILE...`: what ringflux reads from Gaussian / ORCA output files (energies,
//! thermochemistry, isotropic shieldings per atom, geometry), like cclib's `ccget`.

use crate::analysis::qc::read_all;
use crate::error::CmdResult;
use crate::report::output::Output;
use crate::report::qc::render;
use std::path::PathBuf;

/// Arguments of `ringflux qc`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Gaussian (.log/.out) or ORCA (.out) output files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `ringflux qc`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = read_all(&a.files)?;
    Ok(Output::new(&r, render(&r))?)
}
