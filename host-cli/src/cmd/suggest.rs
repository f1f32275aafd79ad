//! `ringflux suggest`: design suggestions from conformational facts through the SAR rules
//! (the default set or `--rules FILE.json`), mapped onto the user's molecule, with rationale and
//! the trace of every test.
//!
//! Facts come from a structure or conformer ensemble of the molecule (ring system, substituents,
//! major conformation and rotamer, family populations, conformational entropy), from a bound
//! structure (`--bioactive-structure`: the bioactive conformation and rotamer), and from flags
//! (`--bioactive TB`, `--tc-k 300`, …, or any fact as `--fact NAME=VALUE`); flags win.

use crate::analysis::facts::{parse_assignment, FactSheet};
use crate::analysis::ratio::parse_ratio;
use crate::analysis::rules::{load_file, read_text};
use crate::analysis::suggest::compute;
use crate::analysis::suggest::sheet_from_structures;
use crate::error::{CmdResult, InputError};
use crate::report::output::Output;
use crate::report::suggest::render;
use ringflux_rules::{Conformation, Fact, Value, DEFAULT};
use std::path::PathBuf;

/// Arguments of `ringflux suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The molecule: one structure, or a conformer ensemble with energies (SDF, multi-frame XYZ,
    /// PDB); positions in the suggestions are mapped onto its atom numbers.
    pub structure: Option<PathBuf>,
    /// A structure of the molecule bound to its target (e.g. a ligand from a PDB complex): sets
    /// the bioactive conformation and rotamer.
    #[arg(long)]
    pub bioactive_structure: Option<PathBuf>,
    /// Bioactive (target-bound) ring conformation: C, TC, B or TB.
    #[arg(long, value_parser = parse_conformation)]
    pub bioactive: Option<Conformation>,
    /// Bioactive amide rotamer: O-syn-C2 or O-syn-C7 (the ring carbon syn to the carbonyl O),
    /// or E / Z, mapped to those by the CIP ranking of the given structure.
    #[arg(long)]
    pub bioactive_rotamer: Option<String>,
    /// Amide-rotation barrier ΔG‡, kcal/mol.
    #[arg(long, value_parser = super::non_negative)]
    pub dg_amide_kcal_per_mol: Option<f64>,
    /// Ring-inversion barrier ΔG‡, kcal/mol.
    #[arg(long, value_parser = super::non_negative)]
    pub dg_ring_kcal_per_mol: Option<f64>,
    /// Rotamer ratio O-syn-C2 : O-syn-C7 (e.g. low-temperature integrals `1.4:1`); sets the
    /// major rotamer, the ratio and ΔG°. Unassigned rotamers: use `--fact rotamer_ratio=X`.
    #[arg(long)]
    pub ratio: Option<String>,
    /// Temperature, K: of --ratio (ΔG° = RT ln ratio) and of the ensemble's populations.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Coalescence temperature, K.
    #[arg(long, value_parser = super::positive)]
    pub tc_k: Option<f64>,
    /// Any fact as NAME=VALUE (repeatable), e.g. `--fact bioactive_population=0.3`;
    /// `ringflux rules show` lists the facts the rules read.
    #[arg(long = "fact", value_name = "NAME=VALUE", value_parser = parse_assignment)]
    pub facts: Vec<(Fact, Value)>,
    /// Rule file to use instead of the default rule set.
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

/// clap value parser for a conformation name.
pub fn parse_conformation(s: &str) -> Result<Conformation, String> {
    Conformation::from_name(&s.to_ascii_uppercase())
        .ok_or_else(|| format!("'{s}' is not a conformation (C, TC, B, TB)"))
}

/// Adds the facts given by flags (they override earlier sources).
fn sheet_from_flags(a: &Args, s: &mut FactSheet) -> Result<(), InputError> {
    if let Some(c) = a.bioactive {
        s.set(
            Fact::BioactiveConformation,
            Value::Conformation(c),
            "--bioactive",
        )?;
    }
    if let Some(name) = &a.bioactive_rotamer {
        let (r, how) = s
            .rotamer_named(name)
            .map_err(|e| InputError::arg("--bioactive-rotamer", e))?;
        let source = match how {
            Some(how) => format!("--bioactive-rotamer {how}"),
            None => "--bioactive-rotamer".to_string(),
        };
        s.set(Fact::BioactiveRotamer, Value::Rotamer(r), &source)?;
    }
    let numbers = [
        (
            a.dg_amide_kcal_per_mol,
            Fact::DgAmideKcalPerMol,
            "--dg-amide-kcal-per-mol",
        ),
        (
            a.dg_ring_kcal_per_mol,
            Fact::DgRingKcalPerMol,
            "--dg-ring-kcal-per-mol",
        ),
        (a.tc_k, Fact::TcK, "--tc-k"),
    ];
    for (x, fact, flag) in numbers {
        if let Some(x) = x {
            s.set(fact, Value::Number(x), flag)?;
        }
    }
    if let Some(text) = &a.ratio {
        let bad = |what: &str| InputError::arg("--ratio", what.to_string());
        let (c2, c7) = parse_ratio(text).ok_or_else(|| bad("expected A:B"))?;
        if c2 <= 0.0 || c7 <= 0.0 {
            return Err(bad("both amounts must be greater than zero"));
        }
        s.set_rotamer_ratio(c2, c7, a.temp_k, "--ratio")?;
    }
    for &(fact, value) in &a.facts {
        s.set(fact, value, "--fact")?;
    }
    Ok(())
}

/// Runs `ringflux suggest`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let mut sheet = sheet_from_structures(
        a.structure.as_deref(),
        a.bioactive_structure.as_deref(),
        a.temp_k,
    )?;
    sheet_from_flags(a, &mut sheet)?;
    sheet.derive()?;
    sheet.check()?;
    let text;
    let store;
    let set = match &a.rules {
        Some(file) => {
            text = read_text(file)?;
            store = load_file(file, &text)?;
            store.as_set()
        }
        None => DEFAULT,
    };
    let r = compute(&set, &sheet, sheet.atoms.as_ref())?;
    Ok(Output::new(&r, render(&r))?)
}
