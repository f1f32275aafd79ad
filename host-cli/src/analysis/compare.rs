//! `ringflux compare PARENT ANALOG... [--temp-k]`: the evidence for a design suggestion —
//! populations of each conformer ensemble per conformation × rotamer family, per pucker family
//! and per rotamer, their change from the parent, and the conformational entropy of each (does
//! the C2/C7 methyl really lock the ring and the amide?).
//!
//! Rotamers are "O syn to C2 / C7" (geometry), not E/Z: a C7 methyl changes the CIP ranking on
//! N1, so E/Z labels would swap between parent and analogue for the same geometry.

use crate::analysis::facts::from_structure::{first_structure, populations, ring_facts};
use crate::chem::ensemble::{read_ensemble, Options};
use crate::error::CmdResult;
use ringflux_rules::{Rotamer, Substituent};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Population of one conformation × rotamer family.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyOut {
    /// Conformation code (`TC`, `TB`, …; nearest form for intermediates).
    pub conformation: String,
    /// `O-syn-C2`, `O-syn-C7`, or `null` without an amide (or without distinct rotamers).
    pub rotamer: Option<&'static str>,
    /// Rotamer of a second amide at N4: `O-syn-C3`, `O-syn-C5`, or `null`.
    pub rotamer_n4: Option<&'static str>,
    /// Population (fraction).
    pub population: f64,
}

/// One ensemble.
#[derive(Debug, Clone, Serialize)]
pub struct EnsembleOut {
    /// File.
    pub file: String,
    /// Conformers kept after removing duplicates.
    pub conformers: usize,
    /// Duplicates removed.
    pub duplicates_removed: usize,
    /// Substituents at C2 and C7 of the first structure.
    pub substituent_c2: Option<&'static str>,
    /// Substituent at C7.
    pub substituent_c7: Option<&'static str>,
    /// Families, most populated first.
    pub families: Vec<FamilyOut>,
    /// Chair-family population (C + TC).
    pub chair_population: f64,
    /// Boat-family population (B + TB).
    pub boat_population: f64,
    /// O-syn-C2 population.
    pub o_syn_c2_population: f64,
    /// O-syn-C7 population.
    pub o_syn_c7_population: f64,
    /// O-syn-C3 population of the N4 amide (0 without one).
    pub o_syn_c3_population: f64,
    /// O-syn-C5 population of the N4 amide (0 without one).
    pub o_syn_c5_population: f64,
    /// Conformational entropy −R Σ p ln p over the kept conformers, J/(mol K).
    pub conformational_entropy_j_per_mol_k: f64,
}

/// Change of one family's population from the parent to one analogue.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeOut {
    /// Analogue file.
    pub analog: String,
    /// Conformation code.
    pub conformation: String,
    /// Rotamer (N1).
    pub rotamer: Option<&'static str>,
    /// Rotamer of the N4 amide.
    pub rotamer_n4: Option<&'static str>,
    /// Parent population.
    pub parent_population: f64,
    /// Analogue population.
    pub analog_population: f64,
    /// Analogue − parent.
    pub change: f64,
}

/// JSON report of `ringflux compare`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Temperature, K.
    pub temp_k: f64,
    /// Parent first, then the analogues in the order given.
    pub ensembles: Vec<EnsembleOut>,
    /// Per analogue and family (union of all families).
    pub changes: Vec<ChangeOut>,
    /// Per analogue: conformational entropy minus the parent's, J/(mol K).
    pub entropy_change_j_per_mol_k: Vec<f64>,
}

fn rotamer_name(r: Option<Rotamer>) -> Option<&'static str> {
    r.map(Rotamer::name)
}

fn sub_name(s: Option<Substituent>) -> Option<&'static str> {
    s.map(Substituent::name)
}

/// Reads one ensemble and summarises it.
pub fn summarise(path: &std::path::Path, temp_k: f64) -> CmdResult<EnsembleOut> {
    let opts = Options {
        temp_k,
        progress: true,
        ..Options::default()
    };
    let e = read_ensemble(path, &opts)?;
    let first = ring_facts(path, &first_structure(path)?)?;
    let p = populations(&e);
    Ok(EnsembleOut {
        file: path.display().to_string(),
        conformers: e.conformers.len(),
        duplicates_removed: e.duplicates_removed,
        substituent_c2: sub_name(first.substituents[0]),
        substituent_c7: sub_name(first.substituents[1]),
        families: p
            .families
            .iter()
            .map(|f| FamilyOut {
                conformation: f.conformation.clone(),
                rotamer: rotamer_name(f.rotamer),
                rotamer_n4: rotamer_name(f.rotamer_n4),
                population: f.population,
            })
            .collect(),
        chair_population: p.pucker[0],
        boat_population: p.pucker[1],
        o_syn_c2_population: p.rotamers[0],
        o_syn_c7_population: p.rotamers[1],
        o_syn_c3_population: p.rotamers_n4[0],
        o_syn_c5_population: p.rotamers_n4[1],
        conformational_entropy_j_per_mol_k: e.conformational_entropy_j_per_mol_k,
    })
}

/// A family key: conformation, rotamer at N1, rotamer at N4.
pub type FamilyKey = (String, Option<&'static str>, Option<&'static str>);

impl FamilyOut {
    fn key(&self) -> FamilyKey {
        (self.conformation.clone(), self.rotamer, self.rotamer_n4)
    }
}

/// Population of the family `key` in an ensemble (0 when absent).
pub fn population_of(e: &EnsembleOut, key: &FamilyKey) -> f64 {
    e.families
        .iter()
        .find(|f| f.key() == *key)
        .map_or(0.0, |f| f.population)
}

/// Every family of the ensembles, in order of first appearance.
pub fn family_keys(ensembles: &[EnsembleOut]) -> Vec<FamilyKey> {
    let mut keys: Vec<FamilyKey> = Vec::new();
    for f in ensembles.iter().flat_map(|e| &e.families) {
        if !keys.contains(&f.key()) {
            keys.push(f.key());
        }
    }
    keys
}

/// Compares the analogues with the parent.
pub fn compute(parent: &Path, analogs: &[PathBuf], temp_k: f64) -> CmdResult<Report> {
    let mut ensembles = vec![summarise(parent, temp_k)?];
    for f in analogs {
        ensembles.push(summarise(f, temp_k)?);
    }
    let keys = family_keys(&ensembles);
    let (parent, analogs) = ensembles
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("no parent"))?;
    let mut changes = Vec::new();
    for an in analogs {
        for key in &keys {
            let (p0, p1) = (population_of(parent, key), population_of(an, key));
            changes.push(ChangeOut {
                analog: an.file.clone(),
                conformation: key.0.clone(),
                rotamer: key.1,
                rotamer_n4: key.2,
                parent_population: p0,
                analog_population: p1,
                change: p1 - p0,
            });
        }
    }
    let entropy_change_j_per_mol_k = analogs
        .iter()
        .map(|an| an.conformational_entropy_j_per_mol_k - parent.conformational_entropy_j_per_mol_k)
        .collect();
    Ok(Report {
        temp_k,
        ensembles,
        changes,
        entropy_change_j_per_mol_k,
    })
}
