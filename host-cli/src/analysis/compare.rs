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
    /// `O-syn-C2`, `O-syn-C7`, or `null` without an amide.
    pub rotamer: Option<&'static str>,
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
    /// Rotamer.
    pub rotamer: Option<&'static str>,
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
            .map(|(c, r, pop)| FamilyOut {
                conformation: c.clone(),
                rotamer: rotamer_name(*r),
                population: *pop,
            })
            .collect(),
        chair_population: p.pucker[0],
        boat_population: p.pucker[1],
        o_syn_c2_population: p.rotamers[0],
        o_syn_c7_population: p.rotamers[1],
        conformational_entropy_j_per_mol_k: e.conformational_entropy_j_per_mol_k,
    })
}

pub fn population_of(e: &EnsembleOut, conf: &str, rot: Option<&str>) -> f64 {
    e.families
        .iter()
        .find(|f| f.conformation == conf && f.rotamer == rot)
        .map_or(0.0, |f| f.population)
}

/// Compares the analogues with the parent.
pub fn compute(parent: &Path, analogs: &[PathBuf], temp_k: f64) -> CmdResult<Report> {
    let mut ensembles = vec![summarise(parent, temp_k)?];
    for f in analogs {
        ensembles.push(summarise(f, temp_k)?);
    }
    let mut keys: Vec<(String, Option<&'static str>)> = Vec::new();
    for e in &ensembles {
        for f in &e.families {
            if !keys
                .iter()
                .any(|(c, r)| *c == f.conformation && *r == f.rotamer)
            {
                keys.push((f.conformation.clone(), f.rotamer));
            }
        }
    }
    let (parent, analogs) = ensembles
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("no parent"))?;
    let mut changes = Vec::new();
    for an in analogs {
        for (c, r) in &keys {
            let (p0, p1) = (population_of(parent, c, *r), population_of(an, c, *r));
            changes.push(ChangeOut {
                analog: an.file.clone(),
                conformation: c.clone(),
                rotamer: *r,
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
