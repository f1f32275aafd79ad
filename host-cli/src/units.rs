//! Unit conversions used in reports (the constants themselves live in `ringflux_core::constants`).

use ringflux_core::constants::{EnergyUnit, J_PER_KCAL};

/// kJ/mol from J/mol.
pub fn kj(j_per_mol: f64) -> f64 {
    j_per_mol / 1000.0
}

/// kcal/mol from J/mol.
pub fn kcal(j_per_mol: f64) -> f64 {
    j_per_mol / J_PER_KCAL
}

/// J/mol from kcal/mol.
pub fn j_from_kcal(kcal_per_mol: f64) -> f64 {
    kcal_per_mol * J_PER_KCAL
}

/// J/mol from kJ/mol.
pub fn j_from_kj(kj_per_mol: f64) -> f64 {
    kj_per_mol * 1000.0
}

/// Name of a unit as written in reports.
pub fn unit_name(u: EnergyUnit) -> &'static str {
    match u {
        EnergyUnit::KcalPerMol => "kcal/mol",
        EnergyUnit::KjPerMol => "kj/mol",
        EnergyUnit::Hartree => "hartree",
    }
}

/// Parses an energy unit name.
pub fn parse_unit(s: &str) -> Result<EnergyUnit, String> {
    match s.to_ascii_lowercase().as_str() {
        "kcal/mol" | "kcal_per_mol" | "kcal" => Ok(EnergyUnit::KcalPerMol),
        "kj/mol" | "kj_per_mol" | "kj" => Ok(EnergyUnit::KjPerMol),
        "hartree" | "eh" | "au" => Ok(EnergyUnit::Hartree),
        _ => Err(format!(
            "unknown energy unit '{s}' (use kcal/mol, kj/mol or hartree)"
        )),
    }
}

/// Where the unit of a set of energies came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSource {
    /// The field or column name says it (`energy_kcal_per_mol`, `MMFF94_energy_kcal_per_mol`).
    Name,
    /// The user stated it (`--unit`).
    Flag,
    /// Nothing said it: a command's documented default (kcal/mol for a CSV column `energy`,
    /// hartree for a structure file's field, the xtb/CREST convention).
    Default,
}

/// Relative energies of one molecule's conformers spanning more than this (kcal/mol) are
/// implausible: ring and rotamer conformers lie within a few tens of kcal/mol.
pub const MAX_SPAN_KCAL_PER_MOL: f64 = 100.0;

/// Values at least this large in magnitude with a spread below [`HARTREE_LIKE_SPREAD_KCAL_PER_MOL`]
/// look like absolute hartree energies (a total energy of tens to thousands of Eh whose
/// conformers differ in the 3rd–4th decimal) read in a molar unit.
pub const HARTREE_LIKE_MAGNITUDE: f64 = 10.0;

/// See [`HARTREE_LIKE_MAGNITUDE`], kcal/mol.
pub const HARTREE_LIKE_SPREAD_KCAL_PER_MOL: f64 = 0.1;

/// Smallest and largest of a set of energies, in the unit they were read in.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EnergyRange {
    /// Smallest value (meaningless while `count` is 0).
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Number of values.
    pub count: usize,
}

impl EnergyRange {
    /// Adds one value.
    pub fn push(&mut self, e: f64) {
        if self.count == 0 {
            (self.min, self.max) = (e, e);
        } else {
            self.min = self.min.min(e);
            self.max = self.max.max(e);
        }
        self.count += 1;
    }

    /// The range of `values`.
    pub fn of(values: &[f64]) -> EnergyRange {
        let mut r = EnergyRange::default();
        values.iter().for_each(|&e| r.push(e));
        r
    }

    /// max − min read in `unit`, kcal/mol.
    fn span_kcal(&self, unit: EnergyUnit) -> f64 {
        (self.max - self.min) * unit.j_per_mol() / J_PER_KCAL
    }
}

/// Whether energies read in `unit` are plausible for the conformers of one molecule (issue 13,
/// "never assume an energy unit silently"):
///
/// * relative energies spanning more than [`MAX_SPAN_KCAL_PER_MOL`]: refused (`Err`) when the
///   unit was a [`UnitSource::Default`] — kcal/mol values read as hartree, the "C-Z 100 %"
///   reading — and a warning (`Ok(Some)`) when the name or the user stated it;
/// * values of magnitude ≥ [`HARTREE_LIKE_MAGNITUDE`] spread by less than
///   [`HARTREE_LIKE_SPREAD_KCAL_PER_MOL`], read in kcal/mol or kJ/mol: a warning that they look
///   like hartree totals (every population would be nearly equal).
///
/// The messages name neither file nor field; the caller adds them.
///
/// ```
/// use ringflux_cli::units::{energy_plausibility, EnergyRange, UnitSource};
/// use ringflux_core::constants::EnergyUnit::{Hartree, KcalPerMol};
/// let mmff = EnergyRange::of(&[41.2, 43.9, 47.5]); // MMFF94 kcal/mol
/// assert_eq!(energy_plausibility(&mmff, KcalPerMol, UnitSource::Name), Ok(None));
/// assert!(energy_plausibility(&mmff, Hartree, UnitSource::Default).is_err());
/// assert!(energy_plausibility(&mmff, Hartree, UnitSource::Flag).unwrap().is_some());
/// let dft = EnergyRange::of(&[-652.123456, -652.121003]); // hartree
/// assert_eq!(energy_plausibility(&dft, Hartree, UnitSource::Default), Ok(None));
/// assert!(energy_plausibility(&dft, KcalPerMol, UnitSource::Name).unwrap().is_some());
/// ```
pub fn energy_plausibility(
    range: &EnergyRange,
    unit: EnergyUnit,
    source: UnitSource,
) -> Result<Option<String>, String> {
    if range.count < 2 {
        return Ok(None);
    }
    let span = range.span_kcal(unit);
    if !span.is_finite() {
        // Too wide to evaluate at all: the population code refuses it with its own message.
        return Ok(None);
    }
    let read_as = |u: EnergyUnit| {
        let s = range.span_kcal(u);
        format!(
            "{s:.3} kcal/mol ({:.3} kJ/mol) read as {}",
            kj(j_from_kcal(s)),
            unit_name(u)
        )
    };
    if span > MAX_SPAN_KCAL_PER_MOL {
        let others: Vec<String> = [
            EnergyUnit::KcalPerMol,
            EnergyUnit::KjPerMol,
            EnergyUnit::Hartree,
        ]
        .into_iter()
        .filter(|&u| u != unit && range.span_kcal(u) <= MAX_SPAN_KCAL_PER_MOL)
        .map(read_as)
        .collect();
        let alternatives = if others.is_empty() {
            String::new()
        } else {
            format!("; they would span {}", others.join(", or "))
        };
        let what = format!(
            "the energies span {}: more than {MAX_SPAN_KCAL_PER_MOL} kcal/mol is implausible for \
             the conformers of one molecule{alternatives}",
            read_as(unit)
        );
        return match source {
            UnitSource::Default => Err(format!(
                "{what}; {} was assumed because the name gives no unit: state the unit in the \
                 field or column name (energy_kcal_per_mol, energy_kj_per_mol, energy_hartree; \
                 `ringflux analyze` reads it only from there) or, with `ringflux conformers` or \
                 `ringflux boltzmann`, pass --unit",
                unit_name(unit)
            )),
            UnitSource::Name | UnitSource::Flag => Ok(Some(format!("{what}; check the unit"))),
        };
    }
    let magnitude = range.min.abs().min(range.max.abs());
    let same_sign = range.min.signum() == range.max.signum();
    if unit != EnergyUnit::Hartree
        && same_sign
        && magnitude >= HARTREE_LIKE_MAGNITUDE
        && span > 0.0
        && span < HARTREE_LIKE_SPREAD_KCAL_PER_MOL
    {
        return Ok(Some(format!(
            "values of magnitude {magnitude:.1} spread by only {}: they look like absolute \
             hartree energies (they would span {}), which makes every population nearly equal; \
             check the unit",
            read_as(unit),
            read_as(EnergyUnit::Hartree)
        )));
    }
    Ok(None)
}

/// How the human output states a unit (a [`unit_name`]): `kcal/mol`, or `hartree, assumed: …`
/// for a default.
pub fn unit_words(unit: &str, source: UnitSource) -> String {
    match source {
        UnitSource::Default => format!("{unit}, assumed: the name gives no unit"),
        UnitSource::Name | UnitSource::Flag => unit.to_string(),
    }
}
