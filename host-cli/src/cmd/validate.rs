//! `ringflux validate`: which candidate structure (E- vs Z-major, TC vs TB, diastereomers…) do
//! the measured shifts support? Each candidate is a set of conformers (QC outputs, CSV or JSON
//! shieldings); their shieldings are Boltzmann-weighted, turned into shifts with a reference
//! shielding (TMS at the same level), matched to the experimental list through its assignment
//! column, and scored: MAE, RMSE, max error, linear scaling and corrected errors, DP4 or DP4+.
//!
//! Formulas: `shared/reference/boltzmann-shifts.md`; core modules `boltzmann`, `shifts`, `dp4`.

use crate::analysis::shifts::NUCLEI;
use crate::analysis::shifts::{compute, Dp4Model, Settings};
use crate::error::{CmdResult, Failure};
use crate::io::qc::EnergyKind;
use crate::io::shift_data::{self};
use crate::report::output::Output;
use crate::report::shifts::plot_paths;
use crate::report::shifts::render;
use crate::report::shifts::scatter;
use ringflux_core::dp4::Nucleus;
use ringflux_core::shifts::Scaling;
use std::path::PathBuf;

/// Arguments of `ringflux validate`.
#[derive(Debug, Clone, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A candidate and its conformers: `NAME=FILE[,FILE...]` (Gaussian/ORCA outputs, or
    /// `.csv`/`.json` shieldings); a conformer may be `OPTFREQ+NMR` (energies from the first,
    /// shieldings from the second), and `NAME=DIR` takes the `*_optfreq.*`/`*_nmr.*` pairs that
    /// dft-inputs named. Repeat for each candidate.
    #[arg(long = "candidate", value_name = "NAME=FILES", required = true)]
    pub candidates: Vec<String>,
    /// Experimental shifts: CSV `nucleus,shift_ppm,atoms[,label][,sp2][,interchange]`.
    #[arg(long)]
    pub exp: PathBuf,
    /// Only this nucleus (13C or 1H); default: every nucleus in the list.
    #[arg(long, value_parser = shift_data::parse_nucleus)]
    pub nucleus: Option<Nucleus>,
    /// Temperature of the Boltzmann weighting, K (the low-temperature NMR's temperature).
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Energy that weights the conformers.
    #[arg(long, value_enum, default_value_t = EnergyKind::Scf)]
    pub energy: EnergyKind,
    /// Reference ¹³C shielding σ(TMS), ppm, at the level of the candidates.
    #[arg(long, value_parser = super::finite)]
    pub tms_c: Option<f64>,
    /// Reference ¹H shielding σ(TMS), ppm.
    #[arg(long, value_parser = super::finite)]
    pub tms_h: Option<f64>,
    /// A TMS output file at the same level: σ_ref = mean σ of its C (and H) atoms.
    #[arg(long)]
    pub tms: Option<PathBuf>,
    /// Use δ = (σ_ref − σ)/(1 − σ_ref·10⁻⁶) instead of δ = σ_ref − σ.
    #[arg(long)]
    pub exact_shift: bool,
    /// Regression of the corrected (scaled) shifts: calc-on-exp (DP4 convention) or exp-on-calc.
    #[arg(long, value_enum, default_value_t = ScalingArg::CalcOnExp)]
    pub scaling: ScalingArg,
    /// DP4 probabilities: Student-t of Smith & Goodman (`t`, default) or PyDP4's Gaussian.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "t")]
    pub dp4: Option<Dp4Model>,
    /// DP4+ probabilities with the parameters of LEVEL, e.g. `mPW1PW91/6-31+G(d,p)`
    /// (with --solvent: its PCM set and TMS shieldings). Needs an `sp2` column in --exp.
    #[arg(long, value_name = "LEVEL", conflicts_with = "dp4")]
    pub dp4plus: Option<String>,
    /// NMR solvent of the PCM calculation for --dp4plus (CHCl3, DMSO, …; `gas` for none).
    #[arg(long, requires = "dp4plus")]
    pub solvent: Option<String>,
    /// Write a calculated-vs-experimental scatter plot (SVG); with both nuclei, ¹H goes to a
    /// sibling file named `<stem>-1H.svg`.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// `--scaling` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScalingArg {
    /// Fit δ_calc = m·δ_exp + b, δ_scaled = (δ_calc − b)/m (DP4, DP4+).
    CalcOnExp,
    /// Fit δ_exp = a·δ_calc + b′, δ_scaled = a·δ_calc + b′.
    ExpOnCalc,
}

impl From<ScalingArg> for Scaling {
    fn from(s: ScalingArg) -> Self {
        match s {
            ScalingArg::CalcOnExp => Scaling::CalcOnExp,
            ScalingArg::ExpOnCalc => Scaling::ExpOnCalc,
        }
    }
}

/// Runs `ringflux validate`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let settings = Settings {
        candidates: a.candidates.clone(),
        exp: a.exp.clone(),
        nucleus: a.nucleus,
        temp_k: a.temp_k,
        energy: a.energy,
        tms_c: a.tms_c,
        tms_h: a.tms_h,
        tms: a.tms.clone(),
        exact_shift: a.exact_shift,
        scaling: a.scaling.into(),
        dp4: a.dp4,
        dp4plus: a.dp4plus.clone(),
        solvent: a.solvent.clone(),
    };
    let mut r = compute(&settings)?;
    let mut files = Vec::new();
    if let Some(path) = &a.plot {
        let nuclei: Vec<Nucleus> = NUCLEI
            .into_iter()
            .filter(|&n| r.candidates.iter().any(|c| c.nuclei.get(n).is_some()))
            .collect();
        for (n, p) in plot_paths(path, &nuclei) {
            files.push((p.clone(), scatter(&r, n).map_err(Failure::Other)?));
            r.plots.push(p.display().to_string());
        }
    }
    let mut out = Output::new(&r, render(&r))?;
    for (p, bytes) in files {
        out = out.with_file(p, bytes);
    }
    Ok(out)
}
