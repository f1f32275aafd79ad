//! One module per command: `Args` (clap) and `run(&Args) -> CmdResult<Output>`, which turns the
//! arguments into typed inputs, calls one analysis (`crate::analysis`) and hands the result to a
//! renderer (`crate::report`). A command never imports another command; argument groups and value
//! parsers that several commands share live here.
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

use crate::analysis::lineshape::{FitOptions, ModelKind, ModelSpec};

/// clap value parser: a finite number (rejects NaN and ±inf).
pub fn finite(s: &str) -> Result<f64, String> {
    crate::io::table::parse_finite(s).ok_or_else(|| format!("'{s}' is not a finite number"))
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

/// Model flags shared by `lineshape simulate`, `lineshape fit` (as starting values) and `vt-fit`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ModelFlags {
    /// Exchange model.
    #[arg(long, value_enum)]
    pub model: Option<ModelKind>,
    /// Slow-exchange frequency of site a (AB: uncoupled shift of A), Hz.
    #[arg(long, value_parser = finite, allow_negative_numbers = true)]
    pub va_hz: Option<f64>,
    /// Slow-exchange frequency of site b, Hz.
    #[arg(long, value_parser = finite, allow_negative_numbers = true)]
    pub vb_hz: Option<f64>,
    /// Rate constant out of site a (AB: exchange rate), s⁻¹. For `fit`: the starting value
    /// (default: the best of a scan over 0.01–10⁶ s⁻¹).
    #[arg(long, value_parser = non_negative)]
    pub k_per_s: Option<f64>,
    /// Linewidth (FWHM) of site a without exchange (AB: of both), Hz [default: 0.5].
    #[arg(long, value_parser = positive)]
    pub wa_hz: Option<f64>,
    /// Linewidth of site b, Hz [default: --wa-hz].
    #[arg(long, value_parser = positive)]
    pub wb_hz: Option<f64>,
    /// Population of site a, 0 < p < 1 [default: 0.5].
    #[arg(long, value_parser = finite)]
    pub pop_a: Option<f64>,
    /// Coupling J_AB, Hz (model `ab`).
    #[arg(long, value_parser = finite, allow_negative_numbers = true)]
    pub j_hz: Option<f64>,
}

impl ModelFlags {
    /// The model as given.
    pub fn spec(&self) -> ModelSpec {
        ModelSpec {
            model: self.model,
            va_hz: self.va_hz,
            vb_hz: self.vb_hz,
            k_per_s: self.k_per_s,
            wa_hz: self.wa_hz,
            wb_hz: self.wb_hz,
            pop_a: self.pop_a,
            j_hz: self.j_hz,
        }
    }
}

/// Fit flags shared by `lineshape fit` and `vt-fit`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FitFlags {
    /// Observe frequency of the nucleus, MHz (for a ppm axis; overrides the file's).
    #[arg(long, value_parser = positive)]
    pub mhz: Option<f64>,
    /// Fit only points from this frequency, Hz.
    #[arg(long, value_parser = finite, allow_negative_numbers = true)]
    pub from_hz: Option<f64>,
    /// Fit only points up to this frequency, Hz.
    #[arg(long, value_parser = finite, allow_negative_numbers = true)]
    pub to_hz: Option<f64>,
    /// Keep the linewidth at its given value (needed in the slow and fast limits, where a free
    /// width absorbs the exchange broadening).
    #[arg(long)]
    pub fix_width: bool,
    /// Also fit the two shifts.
    #[arg(long)]
    pub fit_shifts: bool,
    /// Also fit the population of site a (two-site model).
    #[arg(long)]
    pub fit_population: bool,
}

impl FitFlags {
    /// The fit options.
    pub fn options(&self) -> FitOptions {
        FitOptions {
            mhz: self.mhz,
            from_hz: self.from_hz,
            to_hz: self.to_hz,
            fix_width: self.fix_width,
            fit_shifts: self.fit_shifts,
            fit_population: self.fit_population,
        }
    }
}
