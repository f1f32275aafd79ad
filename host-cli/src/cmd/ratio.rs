//! `ringflux ratio`: a population ratio such as `3:1` → K, p_major and ΔG°.

use crate::analysis::ratio::compute;
use crate::analysis::ratio::parse_ratio;
use crate::error::{CmdResult, InputError};
use crate::report::output::Output;
use crate::report::ratio::render;

/// Arguments of `ringflux ratio`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Ratio of the two states as `A:B` (e.g. `3:1`, or normalised integrals `1.52:0.50`).
    #[arg(long)]
    pub ratio: String,
    /// Temperature at which the ratio was measured, K.
    #[arg(long, value_parser = super::positive)]
    pub temp_k: f64,
}

/// Runs `ringflux ratio`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let (x, y) = parse_ratio(&a.ratio).ok_or_else(|| {
        InputError::arg(
            "--ratio",
            format!("expected A:B with two numbers, got '{}'", a.ratio),
        )
    })?;
    let r = compute(x, y, a.temp_k).map_err(InputError::from_core)?;
    Ok(Output::new(&r, render(&r))?)
}
