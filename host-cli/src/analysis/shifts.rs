//! `ringflux validate`: which candidate structure (E- vs Z-major, TC vs TB, diastereomers…) do
//! the measured shifts support? Each candidate is a set of conformers (QC outputs, CSV or JSON
//! shieldings); their shieldings are Boltzmann-weighted, turned into shifts with a reference
//! shielding (TMS at the same level), matched to the experimental list through its assignment
//! column, and scored: MAE, RMSE, max error, linear scaling and corrected errors, DP4 or DP4+.
//!
//! Formulas: `shared/reference/boltzmann-shifts.md`; core modules `boltzmann`, `shifts`, `dp4`.

use crate::analysis::qc;
use crate::error::InputError;
use crate::io::qc::{EnergyKind, QcOutput};
use crate::io::shift_data::{self, nucleus_element, nucleus_name, Conformer, ExpRow};
use ringflux_core::boltzmann;
use ringflux_core::constants::{EnergyUnit, HARTREE_KCAL_PER_MOL};
use ringflux_core::dp4::{self, Dp4PlusLn, Dp4PlusParameters, Dp4PlusTerm, ErrorModel, Nucleus};
use ringflux_core::shifts::{self, Scaling};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The DP4+ parameter bank of DP4+App 2.2.3 (copied from
/// `shared/reference/boltzmann/dp4plus_parameters_QM.json`; 24 levels, TMS per solvent).
const DP4PLUS_BANK: &str = include_str!("../../data/dp4plus_parameters_QM.json");

/// What to validate, and how.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A candidate and its conformer files: `NAME=FILE[,FILE...]` (Gaussian/ORCA outputs, or
    /// `.csv`/`.json` shieldings), one per candidate.
    pub candidates: Vec<String>,
    /// Experimental shifts: CSV `nucleus,shift_ppm,atoms[,label][,sp2][,interchange]`.
    pub exp: PathBuf,
    /// Only this nucleus (13C or 1H); default: every nucleus in the list.
    pub nucleus: Option<Nucleus>,
    /// Temperature of the Boltzmann weighting, K (the low-temperature NMR's temperature).
    pub temp_k: f64,
    /// Energy that weights the conformers.
    pub energy: EnergyKind,
    /// Reference ¹³C shielding σ(TMS), ppm, at the level of the candidates.
    pub tms_c: Option<f64>,
    /// Reference ¹H shielding σ(TMS), ppm.
    pub tms_h: Option<f64>,
    /// A TMS output file at the same level: σ_ref = mean σ of its C (and H) atoms.
    pub tms: Option<PathBuf>,
    /// Use δ = (σ_ref − σ)/(1 − σ_ref·10⁻⁶) instead of δ = σ_ref − σ.
    pub exact_shift: bool,
    /// Regression of the corrected (scaled) shifts: calc-on-exp (DP4 convention) or exp-on-calc.
    pub scaling: Scaling,
    /// DP4 probabilities: Student-t of Smith & Goodman (`t`, default) or PyDP4's Gaussian.
    pub dp4: Option<Dp4Model>,
    /// DP4+ probabilities with the parameters of LEVEL, e.g. `mPW1PW91/6-31+G(d,p)`
    /// (with --solvent: its PCM set and TMS shieldings). Needs an `sp2` column in --exp.
    pub dp4plus: Option<String>,
    /// NMR solvent of the PCM calculation for --dp4plus (CHCl3, DMSO, …; `gas` for none).
    pub solvent: Option<String>,
}

/// `--dp4` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dp4Model {
    /// Student-t, ¹³C σ = 2.306 ppm ν = 11.38; ¹H σ = 0.185 ppm ν = 14.18 (Smith & Goodman 2010).
    T,
    /// Normal, ¹³C σ = 2.269 ppm, ¹H σ = 0.187 ppm (PyDP4 / DP4-AI).
    Gauss,
}

/// One conformer as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// One file: a QC output with shieldings (and energies), or a `.csv`/`.json` table.
    File(PathBuf),
    /// `OPTFREQ+NMR`: energies and thermochemistry from the first output, shieldings from the
    /// second (see [`crate::analysis::qc::read_pair`]).
    Pair(PathBuf, PathBuf),
    /// A folder of `<stem>_<family>_optfreq.*` / `<stem>_<family>_nmr.*` outputs, one pair per
    /// family (see [`crate::analysis::qc::find_pairs`]).
    Folder(PathBuf),
}

/// Splits `NAME=F1,F2`, where each conformer is `FILE`, `OPTFREQ+NMR` or a folder of pairs.
pub fn parse_candidate(s: &str) -> Result<(String, Vec<Source>), InputError> {
    let bad = |what: &str| InputError::arg("--candidate", format!("'{s}': {what}"));
    let (name, files) = s
        .split_once('=')
        .ok_or_else(|| bad("expected NAME=FILE[,FILE...], NAME=OPTFREQ+NMR[,...] or NAME=DIR"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("empty candidate name"));
    }
    let files: Vec<Source> = files
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            let p = PathBuf::from(f);
            match f.split_once('+') {
                // a file whose own name holds '+' stays one file
                Some((o, n)) if !p.exists() => Source::Pair(o.trim().into(), n.trim().into()),
                _ if p.is_dir() => Source::Folder(p),
                _ => Source::File(p),
            }
        })
        .collect();
    if files.is_empty() {
        return Err(bad("no conformer files"));
    }
    Ok((name.to_string(), files))
}

/// A conformer read, with what the warnings need to know about where its numbers came from.
struct Loaded {
    conformer: Conformer,
    /// The file shown for it: the file, or the opt/freq output of a pair.
    file: PathBuf,
    /// The NMR output of a pair.
    nmr_file: Option<PathBuf>,
    /// RMSD of the pair's geometries after superposition, Å.
    pair_rmsd_angstrom: Option<f64>,
    /// Program and method line of the job that gave the energy (unknown for tables).
    energy_job: Option<String>,
    /// Program and method line of the job that gave the shieldings (unknown for tables).
    nmr_job: Option<String>,
    /// What kind of energy weights it (an SCF energy of which job, a free energy at which T).
    energy_source: String,
    /// Temperature of the thermochemistry of the energy's job, K.
    thermo_temperature_k: Option<f64>,
}

fn job_key(q: &QcOutput) -> Option<String> {
    let m = q.method.as_deref()?;
    let m = m.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(format!("{:?}: {m}", q.program))
}

fn energy_source(kind: EnergyKind, job: &str, temperature_k: Option<f64>) -> String {
    match (kind, temperature_k) {
        (EnergyKind::Scf, _) => format!("SCF energy of {job}"),
        (EnergyKind::Free, Some(t)) => format!("free energy at {t} K"),
        (EnergyKind::Free, None) => format!("free energy from {job}"),
    }
}

/// Reads every conformer of a candidate (folders expanded into their pairs, in name order).
fn load_conformers(sources: &[Source], kind: EnergyKind) -> Result<Vec<Loaded>, InputError> {
    let mut expanded = Vec::new();
    for s in sources {
        match s {
            Source::Folder(d) => expanded.extend(
                crate::analysis::qc::find_pairs(d)?
                    .into_iter()
                    .map(|(o, n)| Source::Pair(o, n)),
            ),
            other => expanded.push(other.clone()),
        }
    }
    let mut out = Vec::with_capacity(expanded.len());
    for s in &expanded {
        out.push(match s {
            Source::Pair(o, n) => {
                let pair = crate::analysis::qc::read_pair(o, n)?;
                let mut joined = o.as_os_str().to_owned();
                joined.push("+");
                joined.push(n.as_os_str());
                let nmr = Conformer::from_qc(n, pair.nmr.clone());
                Loaded {
                    conformer: Conformer {
                        file: PathBuf::from(joined),
                        scf_energy_hartree: pair.optfreq.scf_energy_hartree,
                        free_energy_hartree: pair.optfreq.free_energy_hartree,
                        ..nmr
                    },
                    file: o.clone(),
                    nmr_file: Some(n.clone()),
                    pair_rmsd_angstrom: Some(pair.rmsd_angstrom),
                    energy_job: job_key(&pair.optfreq),
                    nmr_job: job_key(&pair.nmr),
                    energy_source: energy_source(
                        kind,
                        "the opt/freq job",
                        pair.optfreq.temperature_k,
                    ),
                    thermo_temperature_k: pair.optfreq.temperature_k,
                }
            }
            Source::File(f) | Source::Folder(f) => {
                let ext = f
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if ext == "csv" || ext == "json" {
                    Loaded {
                        conformer: shift_data::read_conformer(f)?,
                        file: f.clone(),
                        nmr_file: None,
                        pair_rmsd_angstrom: None,
                        energy_job: None,
                        nmr_job: None,
                        energy_source: energy_source(kind, "a table", None),
                        thermo_temperature_k: None,
                    }
                } else {
                    let q = crate::io::qc::read(f)?;
                    let job = job_key(&q);
                    let source = energy_source(kind, "the NMR job", q.temperature_k);
                    let thermo = q.temperature_k;
                    Loaded {
                        conformer: Conformer::from_qc(f, q),
                        file: f.clone(),
                        nmr_file: None,
                        pair_rmsd_angstrom: None,
                        energy_job: job.clone(),
                        nmr_job: job,
                        energy_source: source,
                        thermo_temperature_k: thermo,
                    }
                }
            }
        });
    }
    Ok(out)
}

/// One conformer of a candidate as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ConformerOut {
    /// Its file (the opt/freq output of a pair).
    pub file: String,
    /// The NMR output of an `OPTFREQ+NMR` pair (shieldings from it, energies from `file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nmr_file: Option<String>,
    /// All-atom RMSD of the pair's two geometries after superposition, Å.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair_rmsd_angstrom: Option<f64>,
    /// Energy used for the weighting, hartree (absent for a lone conformer without one).
    pub energy_hartree: Option<f64>,
    /// Energy above the candidate's lowest conformer, kcal/mol.
    pub relative_energy_kcal_per_mol: Option<f64>,
    /// Boltzmann population.
    pub population: f64,
}

/// One experimental signal with the candidate's prediction.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftOut {
    /// Signal name.
    pub label: String,
    /// `13C` or `1H`.
    pub nucleus: &'static str,
    /// Assigned atoms (1-based), after pairing of interchangeable signals.
    pub atoms: Vec<usize>,
    /// Boltzmann-weighted, equivalence-averaged shielding, ppm.
    pub shielding_ppm: f64,
    /// Experimental shift, ppm.
    pub exp_ppm: f64,
    /// Calculated shift, ppm.
    pub calc_ppm: f64,
    /// calc − exp, ppm.
    pub error_ppm: f64,
    /// Scaled calculated shift, ppm (absent when the nucleus has too few signals to scale).
    pub scaled_ppm: Option<f64>,
    /// scaled − exp, ppm.
    pub scaled_error_ppm: Option<f64>,
}

/// Agreement of one candidate for one nucleus type.
#[derive(Debug, Clone, Serialize)]
pub struct NucleusStats {
    /// Number of signals.
    pub n: usize,
    /// Mean absolute error, ppm.
    pub mae_ppm: f64,
    /// Root-mean-square error, ppm.
    pub rmse_ppm: f64,
    /// Largest absolute error, ppm.
    pub max_abs_error_ppm: f64,
    /// Errors after the linear scaling (absent with fewer than 2 distinct experimental shifts).
    pub corrected: Option<Corrected>,
}

/// Agreement after the linear scaling.
#[derive(Debug, Clone, Serialize)]
pub struct Corrected {
    /// Corrected MAE, ppm.
    pub cmae_ppm: f64,
    /// Corrected RMSE, ppm.
    pub crmse_ppm: f64,
    /// Corrected largest absolute error, ppm.
    pub cmax_abs_error_ppm: f64,
    /// Slope of the scaling fit (direction in the report's `scaling`).
    pub slope: f64,
    /// Intercept of the scaling fit, ppm.
    pub intercept_ppm: f64,
}

/// One candidate's result.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateOut {
    /// Candidate name.
    pub name: String,
    /// Its conformers with populations.
    pub conformers: Vec<ConformerOut>,
    /// Statistics per nucleus type.
    pub nuclei: PerNucleus<NucleusStats>,
    /// Every signal, in the order of the experimental list.
    pub shifts: Vec<ShiftOut>,
}

/// One value per nucleus type present (`c13`, `h1`).
#[derive(Debug, Clone, Serialize)]
pub struct PerNucleus<T> {
    /// ¹³C.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub c13: Option<T>,
    /// ¹H.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h1: Option<T>,
}

impl<T> Default for PerNucleus<T> {
    fn default() -> Self {
        Self {
            c13: None,
            h1: None,
        }
    }
}

impl<T> PerNucleus<T> {
    /// The slot of `n`.
    pub fn slot(&mut self, n: Nucleus) -> &mut Option<T> {
        match n {
            Nucleus::C13 => &mut self.c13,
            Nucleus::H1 => &mut self.h1,
        }
    }
    /// The value of `n`.
    pub fn get(&self, n: Nucleus) -> Option<&T> {
        match n {
            Nucleus::C13 => self.c13.as_ref(),
            Nucleus::H1 => self.h1.as_ref(),
        }
    }
}

/// DP4 probabilities (one per candidate, in candidate order).
#[derive(Debug, Clone, Serialize)]
pub struct Dp4Out {
    /// Error model.
    pub model: Dp4Model,
    /// Regression used for the scaled errors (always calc-on-exp, as DP4 defines).
    pub scaling: &'static str,
    /// Per nucleus type.
    pub probabilities: PerNucleus<Vec<f64>>,
    /// All nuclei together.
    pub combined: Vec<f64>,
}

/// DP4+ probabilities.
#[derive(Debug, Clone, Serialize)]
pub struct Dp4PlusOut {
    /// Parameter set used (bank key).
    pub level: String,
    /// Which TMS shieldings of the bank (solvent key), unless overridden.
    pub tms_source: String,
    /// The nine outputs of DP4+App, in its order (`full` = DP4+), one value per candidate.
    pub probabilities: Vec<Dp4PlusProbs>,
}

/// One DP4+ output.
#[derive(Debug, Clone, Serialize)]
pub struct Dp4PlusProbs {
    /// `c_uns`, `c_sca`, `c_full`, `h_uns`, `h_sca`, `h_full`, `uns`, `sca`, `full`.
    pub term: &'static str,
    /// Probability per candidate.
    pub probabilities: Vec<f64>,
}

/// JSON report of `ringflux validate`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Experimental list.
    pub exp_file: String,
    /// Boltzmann temperature, K.
    pub temp_k: f64,
    /// Energy that weighted the conformers.
    pub energy: EnergyKind,
    /// Shielding → shift: `sigma_ref - sigma` or `(sigma_ref - sigma)/(1 - sigma_ref*1e-6)`.
    pub shift_formula: &'static str,
    /// σ_ref per nucleus, ppm.
    pub reference_shielding_ppm: PerNucleus<f64>,
    /// Regression of the corrected errors: `calc_on_exp` (DP4 convention) or `exp_on_calc`.
    pub scaling: &'static str,
    /// Results per candidate.
    pub candidates: Vec<CandidateOut>,
    /// DP4, when asked for (and there are two or more candidates).
    pub dp4: Option<Dp4Out>,
    /// DP4+, when asked for (and there are two or more candidates).
    pub dp4plus: Option<Dp4PlusOut>,
    /// Sanity checks that failed: mixed programs or levels, a scaling slope far from 1, energies
    /// of different kinds, a DP4 asked of one candidate.
    pub warnings: Vec<String>,
    /// Plot files written.
    pub plots: Vec<String>,
    /// `analyze` on a folder of DFT job outputs: the pairs it found and the files it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dft_jobs: Option<DftJobs>,
}

/// The DFT job outputs `analyze` found beside an experimental shift list (no manifest).
#[derive(Debug, Clone, Serialize)]
pub struct DftJobs {
    /// Each pair, in key order.
    pub pairs: Vec<FoundPair>,
    /// `*_optfreq.*` / `*_nmr.*` outputs without their partner (not used).
    pub unpaired_files: Vec<String>,
    /// The TMS output or table that gave σ_ref.
    pub tms_file: String,
}

/// One `<stem>_<family>_optfreq.*` + `<stem>_<family>_nmr.*` pair.
#[derive(Debug, Clone, Serialize)]
pub struct FoundPair {
    /// The candidate it joins (`<stem>`).
    pub candidate: String,
    /// The conformer family (`<family>`).
    pub family: String,
    /// The opt/freq output's file name.
    pub optfreq_file: String,
    /// The NMR output's file name.
    pub nmr_file: String,
}

/// Nucleus types in report order.
pub const NUCLEI: [Nucleus; 2] = [Nucleus::C13, Nucleus::H1];

fn scaling_name(s: Scaling) -> &'static str {
    match s {
        Scaling::CalcOnExp => "calc_on_exp",
        Scaling::ExpOnCalc => "exp_on_calc",
    }
}

/// The DP4+ parameter set and TMS shieldings for a level and solvent.
struct Dp4PlusSetup {
    level: String,
    tms_source: String,
    params: Dp4PlusParameters,
    tms: PerNucleus<f64>,
}

fn norm_level(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c == '/' {
                '.'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn dp4plus_setup(level: &str, solvent: Option<&str>) -> Result<Dp4PlusSetup, InputError> {
    let bank: serde_json::Value = serde_json::from_str(DP4PLUS_BANK)
        .map_err(|e| InputError::arg("--dp4plus", format!("parameter bank unreadable: {e}")))?;
    let gas =
        solvent.is_none_or(|s| s.eq_ignore_ascii_case("gas") || s.eq_ignore_ascii_case("vacuum"));
    let mut want = norm_level(level);
    if !gas && !want.ends_with(".pcm") {
        want += ".pcm";
    }
    let levels = bank["levels"]
        .as_object()
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    let key = levels
        .iter()
        .find(|k| norm_level(k) == want)
        .ok_or_else(|| {
            InputError::arg(
                "--dp4plus",
                format!(
                    "no DP4+ parameters for '{level}'{}; available: {}",
                    if gas { "" } else { " with PCM" },
                    levels.join(", ")
                ),
            )
        })?;
    let row = |name: &str| -> Result<ErrorModel, InputError> {
        let r = &bank["levels"][key.as_str()][name];
        let f = |k: &str| {
            r[k].as_f64().ok_or_else(|| {
                InputError::arg("--dp4plus", format!("bank: {key} {name}.{k} missing"))
            })
        };
        Ok(ErrorModel::StudentT {
            nu: f("n")?,
            mean_ppm: f("m")?,
            sigma_ppm: f("s")?,
        })
    };
    let params = Dp4PlusParameters {
        csp2: row("Csp2")?,
        csp3: row("Csp3")?,
        hsp2: row("Hsp2")?,
        hsp3: row("Hsp3")?,
        csca: row("Csca")?,
        hsca: row("Hsca")?,
    };
    let tms_table = bank["tms_shielding"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let source = if gas {
        "GAS".to_string()
    } else {
        let s = solvent.unwrap_or("standard");
        tms_table
            .keys()
            .find(|k| k.eq_ignore_ascii_case(s))
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&String> = tms_table.keys().filter(|k| *k != "standard").collect();
                InputError::arg(
                    "--solvent",
                    format!("no TMS shieldings for '{s}'; available: {names:?}"),
                )
            })?
    };
    let entry = &tms_table.get(&source).cloned().unwrap_or_default()[key.as_str()];
    let mut tms = PerNucleus::default();
    for (nuc, el) in [(Nucleus::C13, "C"), (Nucleus::H1, "H")] {
        let v = entry[el].as_f64().ok_or_else(|| {
            InputError::arg(
                "--solvent",
                format!("bank has no TMS {el} shielding for {key} in {source}"),
            )
        })?;
        *tms.slot(nuc) = Some(v);
    }
    Ok(Dp4PlusSetup {
        level: key.clone(),
        tms_source: source,
        params,
        tms,
    })
}

/// σ_ref per nucleus from flags, a TMS file, or the DP4+ bank, for the nuclei in `needed`.
fn reference_shieldings(
    a: &Settings,
    needed: &BTreeSet<Nucleus>,
    bank: Option<&Dp4PlusSetup>,
) -> Result<PerNucleus<f64>, InputError> {
    let tms_conf = a
        .tms
        .as_deref()
        .map(shift_data::read_conformer)
        .transpose()?;
    let mut out = PerNucleus::default();
    for &n in needed {
        let flag = match n {
            Nucleus::C13 => a.tms_c,
            Nucleus::H1 => a.tms_h,
        };
        let from_file = || -> Result<Option<f64>, InputError> {
            let Some(c) = &tms_conf else { return Ok(None) };
            let el = nucleus_element(n);
            let vals: Vec<f64> = c
                .elements
                .iter()
                .zip(&c.shieldings_ppm)
                .filter(|(e, _)| e.as_str() == el)
                .filter_map(|(_, s)| *s)
                .collect();
            if vals.is_empty() {
                return Err(InputError::file(
                    &c.file,
                    format!("TMS file has no {el} shieldings"),
                ));
            }
            Ok(Some(vals.iter().sum::<f64>() / vals.len() as f64))
        };
        let v = match (flag, from_file()?, bank.and_then(|b| b.tms.get(n).copied())) {
            (Some(v), _, _) | (None, Some(v), _) | (None, None, Some(v)) => v,
            (None, None, None) => {
                let f = if n == Nucleus::C13 {
                    "--tms-c"
                } else {
                    "--tms-h"
                };
                return Err(InputError::arg(
                    f,
                    format!("the {} shifts need σ(TMS) at the candidates' level: give {f} PPM or --tms FILE", nucleus_name(n)),
                ));
            }
        };
        *out.slot(n) = Some(v);
    }
    Ok(out)
}

/// Checks that every conformer has the same atoms, and the assignment fits them.
fn check_structure(exp_file: &Path, exp: &[ExpRow], confs: &[Conformer]) -> Result<(), InputError> {
    let Some(first) = confs.first() else {
        return Err(InputError::arg("--candidate", "no conformers"));
    };
    for c in confs {
        if c.elements != first.elements {
            return Err(InputError::file(
                &c.file,
                format!(
                    "has {} atoms ({}), but {} has {} ({}): conformers of a candidate must list the same atoms in the same order",
                    c.elements.len(), c.elements.concat(), first.file.display(), first.elements.len(), first.elements.concat()
                ),
            ));
        }
    }
    for r in exp {
        for &atom in &r.atoms {
            let el = first.elements.get(atom - 1).ok_or_else(|| {
                InputError::at(
                    exp_file,
                    r.line,
                    format!(
                        "atoms: atom {atom} does not exist in {} ({} atoms)",
                        first.file.display(),
                        first.elements.len()
                    ),
                )
            })?;
            if el != nucleus_element(r.nucleus) {
                return Err(InputError::at(
                    exp_file,
                    r.line,
                    format!(
                        "atoms: atom {atom} is {el} in {}, but the row is {}",
                        first.file.display(),
                        nucleus_name(r.nucleus)
                    ),
                ));
            }
            for c in confs {
                if c.shieldings_ppm.get(atom - 1).copied().flatten().is_none() {
                    return Err(InputError::file(
                        &c.file,
                        format!(
                            "atom {atom} has no shielding (needed by {}:{})",
                            exp_file.display(),
                            r.line
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Populations of the conformers (a lone conformer needs no energy).
fn conformer_populations(a: &Settings, loaded: &[Loaded]) -> Result<Vec<ConformerOut>, InputError> {
    let out = |l: &Loaded, e: Option<f64>, rel: Option<f64>, population: f64| ConformerOut {
        file: l.file.display().to_string(),
        nmr_file: l.nmr_file.as_ref().map(|n| n.display().to_string()),
        pair_rmsd_angstrom: l.pair_rmsd_angstrom,
        energy_hartree: e,
        relative_energy_kcal_per_mol: rel,
        population,
    };
    if let [l] = loaded {
        let e = l.conformer.energy(a.energy).ok();
        return Ok(vec![out(l, e, e.map(|_| 0.0), 1.0)]);
    }
    let energies = loaded
        .iter()
        .map(|l| l.conformer.energy(a.energy))
        .collect::<Result<Vec<_>, _>>()?;
    let mut p = vec![0.0; energies.len()];
    boltzmann::populations(&energies, &[], EnergyUnit::Hartree, a.temp_k, &mut p)
        .map_err(InputError::from_core)?;
    let e_min = energies.iter().copied().fold(f64::INFINITY, f64::min);
    Ok(loaded
        .iter()
        .zip(energies.iter().zip(&p))
        .map(|(l, (&e, &pop))| out(l, Some(e), Some((e - e_min) * HARTREE_KCAL_PER_MOL), pop))
        .collect())
}

/// Boltzmann-weighted shielding of every atom the list refers to (1-based atom → σ̄).
fn weighted_shieldings(
    exp: &[ExpRow],
    confs: &[Conformer],
    pops: &[f64],
) -> Result<BTreeMap<usize, f64>, InputError> {
    let atoms: Vec<usize> = exp
        .iter()
        .flat_map(|r| r.atoms.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut matrix = Vec::with_capacity(atoms.len() * confs.len());
    for c in confs {
        for &a in &atoms {
            matrix.push(
                c.shieldings_ppm
                    .get(a - 1)
                    .copied()
                    .flatten()
                    .unwrap_or(f64::NAN),
            );
        }
    }
    let mut out = vec![0.0; atoms.len()];
    shifts::boltzmann_weighted(pops, &matrix, atoms.len(), &mut out)
        .map_err(InputError::from_core)?;
    Ok(atoms.into_iter().zip(out).collect())
}

fn core_at(file: &Path, what: &str, e: ringflux_core::Error) -> InputError {
    InputError::file(file, format!("{what}: {e}"))
}

struct Evaluated {
    out: CandidateOut,
    /// DP4 errors per nucleus (calc-on-exp scaled − exp).
    dp4_errors: BTreeMap<Nucleus, Vec<f64>>,
    dp4plus: Option<Dp4PlusLn>,
    /// Program and method line of each conformer's NMR job (`None` for tables).
    nmr_jobs: Vec<Option<String>>,
    /// Warnings about this candidate.
    warnings: Vec<String>,
}

/// Free energies computed this far (K) from the Boltzmann temperature draw a warning.
pub const THERMO_TEMPERATURE_TOLERANCE_K: f64 = 0.5;

/// Scaling slopes outside this range draw a warning (shifts that track experiment have m ≈ 1).
pub const SLOPE_WARN_RANGE: (f64, f64) = (0.9, 1.1);

/// A warning when the conformers' values of `key` (a job's program and method line, or the kind of
/// energy) are not all equal; tables (`None`) are left out.
fn differing(
    name: &str,
    what: &str,
    loaded: &[Loaded],
    key: impl Fn(&Loaded) -> Option<&str>,
) -> Option<String> {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for l in loaded {
        if let Some(k) = key(l) {
            if !seen.iter().any(|(s, _)| *s == k) {
                seen.push((k, l.file.display().to_string()));
            }
        }
    }
    (seen.len() > 1).then(|| {
        let list: Vec<String> = seen.iter().map(|(k, f)| format!("'{k}' ({f})")).collect();
        format!("candidate {name}: {what}: {}", list.join(" vs "))
    })
}

/// Warnings about where a candidate's numbers came from: mixed programs or method lines, and
/// Boltzmann weights on energies of different kinds.
fn provenance_warnings(name: &str, loaded: &[Loaded]) -> Vec<String> {
    [
        differing(
            name,
            "its energies come from different programs or method lines",
            loaded,
            |l| l.energy_job.as_deref(),
        ),
        differing(
            name,
            "its shieldings come from different programs or method lines",
            loaded,
            |l| l.nmr_job.as_deref(),
        ),
        differing(
            name,
            "the Boltzmann weights rest on energies of different kinds",
            loaded,
            |l| Some(l.energy_source.as_str()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn evaluate(
    a: &Settings,
    name: &str,
    sources: &[Source],
    exp: &[ExpRow],
    sigma_ref: &PerNucleus<f64>,
    bank: Option<&Dp4PlusSetup>,
) -> Result<Evaluated, InputError> {
    let loaded = load_conformers(sources, a.energy)?;
    let confs: Vec<Conformer> = loaded.iter().map(|l| l.conformer.clone()).collect();
    check_structure(&a.exp, exp, &confs)?;
    let conformers = conformer_populations(a, &loaded)?;
    let mut warnings = if loaded.len() > 1 {
        provenance_warnings(name, &loaded)
    } else {
        Vec::new()
    };
    if loaded.len() > 1 && a.energy == EnergyKind::Free {
        if let Some((l, t)) = loaded.iter().find_map(|l| {
            l.thermo_temperature_k
                .filter(|t| (t - a.temp_k).abs() > THERMO_TEMPERATURE_TOLERANCE_K)
                .map(|t| (l, t))
        }) {
            warnings.push(format!(
                "candidate {name}: the free energies are at {t} K (thermochemistry of {}), the Boltzmann weights at {} K: G changes with T through −TS; rerun the frequencies at {} K (Gaussian Temperature={}, ORCA %freq Temp {} end)",
                l.file.display(), a.temp_k, a.temp_k, a.temp_k, a.temp_k
            ));
        }
    }
    let pops: Vec<f64> = conformers.iter().map(|c| c.population).collect();
    let sigma_bar = weighted_shieldings(exp, &confs, &pops)?;
    // per-row shielding (mean over the assigned atoms) and shift
    let mut row_sigma = Vec::with_capacity(exp.len());
    let mut row_calc = Vec::with_capacity(exp.len());
    for r in exp {
        let vals: Vec<f64> = r
            .atoms
            .iter()
            .filter_map(|x| sigma_bar.get(x).copied())
            .collect();
        let idx: Vec<usize> = (0..vals.len()).collect();
        let s = shifts::mean_over(&vals, &idx)
            .map_err(|e| InputError::at(&a.exp, r.line, format!("atoms: {e}")))?;
        let reference = sigma_ref.get(r.nucleus).copied().unwrap_or(f64::NAN);
        let d = if a.exact_shift {
            shifts::shift_from_shielding_exact(reference, s)
        } else {
            shifts::shift_from_shielding(reference, s)
        }
        .map_err(|e| InputError::at(&a.exp, r.line, e.to_string()))?;
        row_sigma.push(s);
        row_calc.push(d);
    }
    let scaling = a.scaling;
    let mut nuclei = PerNucleus::default();
    let mut shifts_out: Vec<Option<ShiftOut>> = vec![None; exp.len()];
    let mut dp4_errors = BTreeMap::new();
    let mut ln_plus = Dp4PlusLn::default();
    let present: BTreeSet<Nucleus> = exp.iter().map(|r| r.nucleus).collect();
    for nuc in present {
        let rows: Vec<usize> = (0..exp.len()).filter(|&i| exp[i].nucleus == nuc).collect();
        let groups: Vec<u32> = rows.iter().map(|&i| exp[i].interchange).collect();
        let raw: Vec<f64> = rows.iter().map(|&i| row_calc[i]).collect();
        let x: Vec<f64> = rows.iter().map(|&i| exp[i].shift_ppm).collect();
        let mut calc = vec![0.0; rows.len()];
        let what = format!("candidate {name}, {} shifts", nucleus_name(nuc));
        shifts::pair_interchangeable(&raw, &x, &groups, &mut calc)
            .map_err(|e| core_at(&a.exp, &what, e))?;
        let raw_stats = shifts::error_stats(&calc, &x).map_err(|e| core_at(&a.exp, &what, e))?;
        // the linear scaling needs two distinct experimental shifts; with fewer, the corrected
        // errors (and DP4, which is defined on them) are not available — reported as such
        let mut scaled = vec![0.0; calc.len()];
        let corrected = match shifts::scale(&calc, &x, scaling, &mut scaled) {
            Ok(line) => {
                let c = shifts::error_stats(&scaled, &x).map_err(|e| core_at(&a.exp, &what, e))?;
                Some(Corrected {
                    cmae_ppm: c.mae_ppm,
                    crmse_ppm: c.rmse_ppm,
                    cmax_abs_error_ppm: c.max_abs_error_ppm,
                    slope: line.slope,
                    intercept_ppm: line.intercept,
                })
            }
            Err(ringflux_core::Error::TooFew(_) | ringflux_core::Error::Degenerate(_)) => None,
            Err(e) => return Err(core_at(&a.exp, &what, e)),
        };
        if let Some(c) = corrected
            .as_ref()
            .filter(|c| !(SLOPE_WARN_RANGE.0..=SLOPE_WARN_RANGE.1).contains(&c.slope))
        {
            warnings.push(format!(
                "{what}: scaling slope {:.3} is outside {}–{}: the calculated shifts do not follow the experimental ones one to one; check the assignment, and that σ_ref and the shieldings come from the same level (a σ_ref of another level shifts all δ alike and so moves the intercept, {:.2} ppm here; a slope this far from 1 points at the shieldings or the assignment)",
                c.slope, SLOPE_WARN_RANGE.0, SLOPE_WARN_RANGE.1, c.intercept_ppm
            ));
        }
        let has_scaling = corrected.is_some();
        *nuclei.slot(nuc) = Some(NucleusStats {
            n: raw_stats.n,
            mae_ppm: raw_stats.mae_ppm,
            rmse_ppm: raw_stats.rmse_ppm,
            max_abs_error_ppm: raw_stats.max_abs_error_ppm,
            corrected,
        });
        if has_scaling {
            // DP4 always scales calc on exp
            let mut dp4_scaled = scaled.clone();
            if scaling != Scaling::CalcOnExp {
                shifts::scale(&calc, &x, Scaling::CalcOnExp, &mut dp4_scaled)
                    .map_err(|e| core_at(&a.exp, &what, e))?;
            }
            dp4_errors.insert(nuc, dp4_scaled.iter().zip(&x).map(|(s, x)| s - x).collect());
            if let Some(b) = bank {
                let sp2: Vec<bool> = rows.iter().map(|&i| exp[i].sp2.unwrap_or(false)).collect();
                let (lu, ls) = dp4::dp4plus_ln(nuc, &calc, &dp4_scaled, &x, &sp2, &b.params)
                    .map_err(|e| core_at(&a.exp, &what, e))?;
                match nuc {
                    Nucleus::C13 => (ln_plus.c_uns, ln_plus.c_sca) = (lu, ls),
                    Nucleus::H1 => (ln_plus.h_uns, ln_plus.h_sca) = (lu, ls),
                }
            }
        } else if a.dp4.is_some() || bank.is_some() {
            return Err(InputError::file(
                &a.exp,
                format!("{what}: DP4 needs at least 2 signals with different shifts per nucleus (for the scaling); use --nucleus to leave this one out"),
            ));
        }
        // the atoms reported with each row follow the pairing: find the raw row whose value moved here
        for (k, &i) in rows.iter().enumerate() {
            let r = &exp[i];
            let source = if r.interchange == 0 {
                i
            } else {
                rows.iter()
                    .position(|&j| row_calc[j] == calc[k] && exp[j].interchange == r.interchange)
                    .map_or(i, |p| rows[p])
            };
            shifts_out[i] = Some(ShiftOut {
                label: r.label.clone(),
                nucleus: nucleus_name(nuc),
                atoms: exp[source].atoms.clone(),
                shielding_ppm: row_sigma[source],
                exp_ppm: r.shift_ppm,
                calc_ppm: calc[k],
                error_ppm: calc[k] - r.shift_ppm,
                scaled_ppm: has_scaling.then_some(scaled[k]),
                scaled_error_ppm: has_scaling.then_some(scaled[k] - r.shift_ppm),
            });
        }
    }
    Ok(Evaluated {
        out: CandidateOut {
            name: name.to_string(),
            conformers,
            nuclei,
            shifts: shifts_out.into_iter().flatten().collect(),
        },
        dp4_errors,
        dp4plus: bank.map(|_| ln_plus),
        nmr_jobs: loaded.iter().map(|l| l.nmr_job.clone()).collect(),
        warnings,
    })
}

/// Normalised probabilities from per-candidate log-likelihoods.
fn posterior(ln: &[f64]) -> Result<Vec<f64>, InputError> {
    let mut p = vec![0.0; ln.len()];
    dp4::posterior(ln, &mut p).map_err(InputError::from_core)?;
    Ok(p)
}

fn dp4_out(model: Dp4Model, evals: &[Evaluated]) -> Result<Dp4Out, InputError> {
    let mut probabilities = PerNucleus::default();
    let mut combined = vec![0.0; evals.len()];
    for nuc in [Nucleus::C13, Nucleus::H1] {
        let m = match (model, nuc) {
            (Dp4Model::T, Nucleus::C13) => dp4::DP4_T_13C,
            (Dp4Model::T, Nucleus::H1) => dp4::DP4_T_1H,
            (Dp4Model::Gauss, Nucleus::C13) => dp4::DP4_GAUSS_13C,
            (Dp4Model::Gauss, Nucleus::H1) => dp4::DP4_GAUSS_1H,
        };
        let Some(ln) = evals
            .iter()
            .map(|e| e.dp4_errors.get(&nuc).map(|x| dp4::ln_likelihood(x, &m)))
            .collect::<Option<Result<Vec<f64>, _>>>()
        else {
            continue;
        };
        let ln = ln.map_err(InputError::from_core)?;
        combined.iter_mut().zip(&ln).for_each(|(c, l)| *c += l);
        *probabilities.slot(nuc) = Some(posterior(&ln)?);
    }
    Ok(Dp4Out {
        model,
        scaling: "calc_on_exp",
        probabilities,
        combined: posterior(&combined)?,
    })
}

fn dp4plus_out(setup: &Dp4PlusSetup, evals: &[Evaluated]) -> Result<Dp4PlusOut, InputError> {
    const NAMES: [&str; 9] = [
        "c_uns", "c_sca", "c_full", "h_uns", "h_sca", "h_full", "uns", "sca", "full",
    ];
    let mut probabilities = Vec::new();
    for (term, name) in Dp4PlusTerm::ALL.into_iter().zip(NAMES) {
        let ln: Vec<f64> = evals
            .iter()
            .map(|e| e.dp4plus.map_or(0.0, |l| term.ln_likelihood(&l)))
            .collect();
        probabilities.push(Dp4PlusProbs {
            term: name,
            probabilities: posterior(&ln)?,
        });
    }
    Ok(Dp4PlusOut {
        level: setup.level.clone(),
        tms_source: setup.tms_source.clone(),
        probabilities,
    })
}

/// Computes the validation (no files written).
pub fn compute(a: &Settings) -> Result<Report, InputError> {
    let mut cands: Vec<(String, Vec<Source>)> = Vec::new();
    for s in &a.candidates {
        let (name, files) = parse_candidate(s)?;
        if cands.iter().any(|c| c.0 == name) {
            return Err(InputError::arg(
                "--candidate",
                format!("candidate '{name}' given twice"),
            ));
        }
        cands.push((name, files));
    }
    compute_candidates(a, &cands)
}

/// [`compute`] on candidates already parsed (`a.candidates` is not read).
fn compute_candidates(a: &Settings, cands: &[(String, Vec<Source>)]) -> Result<Report, InputError> {
    let mut exp = shift_data::read_exp(&a.exp)?;
    if let Some(n) = a.nucleus {
        exp.retain(|r| r.nucleus == n);
        if exp.is_empty() {
            return Err(InputError::file(
                &a.exp,
                format!("no {} rows", nucleus_name(n)),
            ));
        }
    }
    let bank = a
        .dp4plus
        .as_deref()
        .map(|l| dp4plus_setup(l, a.solvent.as_deref()))
        .transpose()?;
    if bank.is_some() {
        if let Some(r) = exp.iter().find(|r| r.sp2.is_none()) {
            return Err(InputError::at(&a.exp, r.line, "sp2: --dp4plus needs an sp2 column (true for sp2 carbons and protons on sp2 carbons)"));
        }
    }
    let needed: BTreeSet<Nucleus> = exp.iter().map(|r| r.nucleus).collect();
    let sigma_ref = reference_shieldings(a, &needed, bank.as_ref())?;
    let progress = indicatif::ProgressBar::with_draw_target(
        Some(cands.len() as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let mut evals = Vec::new();
    for (name, files) in cands {
        progress.set_message(name.clone());
        evals.push(evaluate(a, name, files, &exp, &sigma_ref, bank.as_ref())?);
        progress.inc(1);
    }
    progress.finish_and_clear();
    let mut warnings: Vec<String> = evals.iter().flat_map(|e| e.warnings.clone()).collect();
    // candidates computed at different levels: each may be consistent, the comparison is not
    let levels: BTreeSet<&str> = evals
        .iter()
        .flat_map(|e| e.nmr_jobs.iter().flatten().map(String::as_str))
        .collect();
    if evals.len() > 1 && levels.len() > 1 {
        let list: Vec<String> = levels.iter().map(|l| format!("'{l}'")).collect();
        warnings.push(format!(
            "the candidates' shieldings come from different programs or method lines: {}",
            list.join(", ")
        ));
    }
    let compare = evals.len() > 1;
    if !compare && (a.dp4.is_some() || bank.is_some()) {
        warnings.push(format!(
            "one candidate: no comparison (DP4{} weighs two or more candidates against each other; one alone always gets 100 %)",
            if bank.is_some() { "+" } else { "" }
        ));
    }
    let dp4 = a
        .dp4
        .filter(|_| compare)
        .map(|m| dp4_out(m, &evals))
        .transpose()?;
    let dp4plus = bank
        .as_ref()
        .filter(|_| compare)
        .map(|b| dp4plus_out(b, &evals))
        .transpose()?;
    Ok(Report {
        exp_file: a.exp.display().to_string(),
        temp_k: a.temp_k,
        energy: a.energy,
        shift_formula: if a.exact_shift {
            "(sigma_ref - sigma)/(1 - sigma_ref*1e-6)"
        } else {
            "sigma_ref - sigma"
        },
        reference_shielding_ppm: sigma_ref,
        scaling: scaling_name(a.scaling),
        candidates: evals.into_iter().map(|e| e.out).collect(),
        dp4,
        dp4plus,
        warnings,
        plots: Vec::new(),
        dft_jobs: None,
    })
}

/// Settings of a validation in an example folder (`*.validate.json`), for `ringflux analyze`:
/// the command-line options of `validate` as keys, file names relative to the manifest.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Experimental shift list.
    pub exp: String,
    /// Candidate name → conformer files.
    pub candidates: BTreeMap<String, Vec<String>>,
    /// --tms-c.
    pub tms_c: Option<f64>,
    /// --tms-h.
    pub tms_h: Option<f64>,
    /// --tms.
    pub tms: Option<String>,
    /// --temp-k (default 298.15).
    pub temp_k: Option<f64>,
    /// --energy: `scf` (default) or `free`.
    pub energy: Option<String>,
    /// --dp4: `t` or `gauss`.
    pub dp4: Option<String>,
    /// --dp4plus LEVEL.
    pub dp4plus: Option<String>,
    /// --solvent.
    pub solvent: Option<String>,
    /// --nucleus.
    pub nucleus: Option<String>,
}

/// File names the `analyze` step hands to [`analyze_file`].
pub fn analyze_claims(p: &Path) -> bool {
    let n = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    [
        ".validate.json",
        ".shieldings.csv",
        ".shieldings.json",
        ".exp-shifts.csv",
    ]
    .iter()
    .any(|s| n.ends_with(s))
        || crate::analysis::qc::dft_job_role(p).is_some()
        || is_tms_file(p)
}

/// The σ_ref source of a folder of DFT job outputs: `tms.out`/`tms.log` (the TMS NMR output at
/// the candidates' level) or `tms.csv`/`tms.json` (a shieldings table), any case.
fn is_tms_file(p: &Path) -> bool {
    let n = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    ["tms.out", "tms.log", "tms.csv", "tms.json"].contains(&n.as_str())
}

/// The experimental shift lists of `dir` that no manifest names, and the TMS file, if any.
fn folder_exp_and_tms(dir: &Path) -> Result<(Vec<PathBuf>, Option<PathBuf>), InputError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut used = Vec::new();
    for m in files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".validate.json"))
    {
        used.extend(manifest_settings(m)?.1);
    }
    let exp = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".exp-shifts.csv") && !used.contains(p))
        .cloned()
        .collect();
    Ok((exp, files.into_iter().find(|p| is_tms_file(p))))
}

/// The validation `analyze` runs on a folder's DFT job outputs against the experimental list
/// `exp`: one candidate per `<stem>`, its conformers the `<stem>_<family>` pairs, built as
/// `validate --candidate <stem>=DIR` builds them; free energies of the opt/freq jobs at
/// 298.15 K, σ_ref from `tms` ([`is_tms_file`]), DP4 (t) when there are two or more stems.
fn validate_dft_folder(
    exp: &Path,
    scan: &qc::JobScan,
    tms: Option<&Path>,
) -> Result<Report, InputError> {
    let tms = tms.ok_or_else(|| {
        InputError::file(
            exp,
            "the DFT job outputs beside it need σ(TMS) at their level: put the TMS NMR output beside them as tms.out/.log (or a shieldings table tms.csv), or write a *.validate.json with tms_c/tms_h and the folder as a candidate",
        )
    })?;
    let mut cands: Vec<(String, Vec<Source>)> = Vec::new();
    let mut pairs = Vec::new();
    for p in &scan.pairs {
        let (stem, family) = p.stem_family();
        let source = Source::Pair(p.optfreq.clone(), p.nmr.clone());
        match cands.iter_mut().find(|c| c.0 == stem) {
            Some(c) => c.1.push(source),
            None => cands.push((stem.to_string(), vec![source])),
        }
        pairs.push(FoundPair {
            candidate: stem.to_string(),
            family: family.to_string(),
            optfreq_file: file_name(&p.optfreq),
            nmr_file: file_name(&p.nmr),
        });
    }
    let settings = Settings {
        candidates: Vec::new(),
        exp: exp.to_path_buf(),
        nucleus: None,
        temp_k: 298.15,
        energy: EnergyKind::Free,
        tms_c: None,
        tms_h: None,
        tms: Some(tms.to_path_buf()),
        exact_shift: false,
        scaling: Scaling::CalcOnExp,
        dp4: (cands.len() > 1).then_some(Dp4Model::T),
        dp4plus: None,
        solvent: None,
    };
    let mut report = compute_candidates(&settings, &cands)?;
    report.dft_jobs = Some(DftJobs {
        pairs,
        unpaired_files: scan.unpaired.iter().map(|p| file_name(p)).collect(),
        tms_file: file_name(tms),
    });
    Ok(report)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A DFT job output or TMS file of an `analyze` folder that no manifest names.
#[derive(Debug, Clone, Serialize)]
pub struct DftOutputNote {
    /// The experimental list(s) whose validation uses it (none: not used).
    pub used_by: Vec<String>,
    /// The other output of its pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    /// Why it is not used.
    pub warnings: Vec<String>,
}

fn manifest_settings(path: &Path) -> Result<(Settings, Vec<PathBuf>), InputError> {
    let text = crate::io::limits::read_text(path)?;
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| InputError::at(path, e.line() as u64, e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let rel = |f: &str| dir.join(f);
    let energy = match m.energy.as_deref().map(str::trim) {
        None | Some("scf") => EnergyKind::Scf,
        Some("free") => EnergyKind::Free,
        Some(o) => {
            return Err(InputError::file(
                path,
                format!("energy: '{o}' (use scf or free)"),
            ))
        }
    };
    let dp4 = match m.dp4.as_deref().map(str::trim) {
        None => None,
        Some("t") => Some(Dp4Model::T),
        Some("gauss") => Some(Dp4Model::Gauss),
        Some(o) => {
            return Err(InputError::file(
                path,
                format!("dp4: '{o}' (use t or gauss)"),
            ))
        }
    };
    let nucleus = m
        .nucleus
        .as_deref()
        .map(shift_data::parse_nucleus)
        .transpose()
        .map_err(|e| InputError::file(path, format!("nucleus: {e}")))?;
    let mut used = vec![rel(&m.exp)];
    // the TMS file is an input of the manifest too
    used.extend(m.tms.as_deref().map(rel));
    let candidates = m
        .candidates
        .iter()
        .map(|(name, files)| {
            // `OPTFREQ+NMR`: both sides relative to the manifest
            let list: Vec<String> = files
                .iter()
                .map(|f| {
                    let parts: Vec<PathBuf> = f.split('+').map(|p| rel(p.trim())).collect();
                    used.extend(parts.iter().cloned());
                    parts
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join("+")
                })
                .collect();
            format!("{name}={}", list.join(","))
        })
        .collect();
    let args = Settings {
        candidates,
        exp: rel(&m.exp),
        nucleus,
        temp_k: m.temp_k.unwrap_or(298.15),
        energy,
        tms_c: m.tms_c,
        tms_h: m.tms_h,
        tms: m.tms.as_deref().map(rel),
        exact_shift: false,
        scaling: Scaling::CalcOnExp,
        dp4,
        dp4plus: m.dp4plus.clone(),
        solvent: m.solvent.clone(),
    };
    Ok((args, used))
}

/// What the `analyze` step found in one shift-validation file.
#[derive(Debug)]
pub enum AnalyzeFile {
    /// A manifest: its validation.
    Validation(Box<Report>),
    /// A data file: the manifest that names it.
    InputOf(String),
    /// A DFT job output (or TMS file) that no manifest names.
    DftOutput(DftOutputNote),
}

/// The `analyze` step: a manifest runs the validation; a data file is reported as the input of
/// the manifest that names it (a data file no manifest names is an error, not silently skipped).
pub fn analyze_file(path: &Path) -> Result<AnalyzeFile, InputError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(".validate.json") {
        let (args, _) = manifest_settings(path)?;
        return Ok(AnalyzeFile::Validation(Box::new(compute(&args)?)));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let manifests = std::fs::read_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".validate.json"));
    for m in manifests {
        let (_, used) = manifest_settings(&m)?;
        if used.iter().any(|u| u == path) {
            let m = m
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Ok(AnalyzeFile::InputOf(m));
        }
    }
    let scan = qc::scan_pairs(dir)?;
    let (exps, tms) = folder_exp_and_tms(dir)?;
    let is_job = qc::dft_job_role(path);
    if name.ends_with(".exp-shifts.csv") && !scan.pairs.is_empty() {
        let r = validate_dft_folder(path, &scan, tms.as_deref())?;
        return Ok(AnalyzeFile::Validation(Box::new(r)));
    }
    if is_job.is_none() && !is_tms_file(path) {
        return Err(InputError::file(
            path,
            "shift-validation input that no *.validate.json in this folder names (and no <stem>_<family>_optfreq/_nmr outputs beside it)",
        ));
    }
    let pair = scan
        .pairs
        .iter()
        .find(|p| p.optfreq == path || p.nmr == path);
    let partner = pair.map(|p| {
        file_name(if p.optfreq == path {
            &p.nmr
        } else {
            &p.optfreq
        })
    });
    let used_by: Vec<String> = if pair.is_some() || (is_job.is_none() && !scan.pairs.is_empty()) {
        exps.iter().map(|e| file_name(e)).collect()
    } else {
        Vec::new()
    };
    let mut warnings = Vec::new();
    match (&is_job, pair) {
        (Some((key, is_optfreq)), None) => warnings.push(format!(
            "no {} output {key}_{}.out/.log beside it: not used",
            if *is_optfreq { "NMR" } else { "opt/freq" },
            if *is_optfreq { "nmr" } else { "optfreq" }
        )),
        // one warning per pair, on its opt/freq output
        (Some((key, true)), Some(_)) if exps.is_empty() => warnings.push(format!(
            "the DFT pair {key} is not validated: no experimental shift list (*.exp-shifts.csv) in the folder"
        )),
        (None, _) if scan.pairs.is_empty() => warnings.push(
            "TMS reference with no <stem>_<family>_optfreq/_nmr pairs beside it: not used".into(),
        ),
        _ => {}
    }
    Ok(AnalyzeFile::DftOutput(DftOutputNote {
        used_by,
        partner,
        warnings,
    }))
}
