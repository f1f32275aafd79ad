//! `ringflux compare PARENT ANALOG... [--temp-k]`: the evidence for a design suggestion —
//! populations of each conformer ensemble per conformation × rotamer family, per pucker family
//! and per rotamer, their change from the parent, and the conformational entropy of each (does
//! the C2/C7 methyl really lock the ring and the amide?).
//!
//! Rotamers are "O syn to C2 / C7" (geometry), not E/Z: a C7 methyl changes the CIP ranking on
//! N1, so E/Z labels would swap between parent and analogue for the same geometry.

use crate::analysis::compare::compute;
use crate::error::CmdResult;
use crate::report::compare::render;
use crate::report::figures::compare_families;
use crate::report::output::Output;
use std::path::PathBuf;

/// Arguments of `ringflux compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The parent's conformer ensemble (SDF or multi-frame XYZ with energies).
    pub parent: PathBuf,
    /// Analogue ensembles, compared with the parent.
    #[arg(required = true)]
    pub analogs: Vec<PathBuf>,
    /// Temperature of the Boltzmann populations, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Write the family populations of every ensemble, side by side, as grouped bars (SVG).
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Runs `ringflux compare`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = compute(&a.parent, &a.analogs, a.temp_k)?;
    let out = Output::new(&r, render(&r))?;
    Ok(match &a.plot {
        Some(p) => out.with_file(p.clone(), compare_families(&r)?),
        None => out,
    })
}
