//! One module per command. Each has `Args` (clap) and `run(&Args) -> CmdResult<Output>`; the
//! computation is kept in a `compute`-style function that `analyze` reuses.
//!
//! Commands with numeric flags set `#[command(allow_negative_numbers = true)]`, so that
//! `--temp-k -5` reaches the value check ("'-5' must be greater than zero", naming the flag)
//! instead of clap's "unexpected argument '-5'".

pub mod analyze;
pub mod boltzmann;
pub mod coalescence;
pub mod compare;
pub mod conformers;
pub mod dft_inputs;
pub mod eyring;
pub mod eyring_fit;
pub mod integrate;
pub mod lineshape;
pub mod plan;
pub mod pucker;
pub mod qc;
pub mod ratio;
pub mod rules;
pub mod serve_stdio;
pub mod spectrum;
pub mod suggest;
pub mod validate;
pub mod vt_fit;

/// clap value parser: a finite number (rejects NaN and ±inf).
pub fn finite(s: &str) -> Result<f64, String> {
    crate::table::parse_finite(s).ok_or_else(|| format!("'{s}' is not a finite number"))
}

/// clap value parser: a finite number > 0.
pub fn positive(s: &str) -> Result<f64, String> {
    let x = finite(s)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(format!("'{s}' must be greater than zero"))
    }
}

/// clap value parser: a finite number ≥ 0.
pub fn non_negative(s: &str) -> Result<f64, String> {
    let x = finite(s)?;
    if x >= 0.0 {
        Ok(x)
    } else {
        Err(format!("'{s}' must not be negative"))
    }
}
