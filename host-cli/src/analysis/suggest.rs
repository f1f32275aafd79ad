//! `ringflux suggest`: design suggestions from conformational facts through the SAR rules
//! (the default set or `--rules FILE.json`), mapped onto the user's molecule, with rationale and
//! the trace of every test.
//!
//! Facts come from a structure or conformer ensemble of the molecule (ring system, substituents,
//! major conformation and rotamer, family populations, conformational entropy), from a bound
//! structure (`--bioactive-structure`: the bioactive conformation and rotamer), and from flags
//! (`--bioactive TB`, `--tc-k 300`, …, or any fact as `--fact NAME=VALUE`); flags win.

use crate::analysis::facts::{value_json, AtomMap, FactSheet};
use crate::error::{CmdResult, InputError};
use ringflux_rules::{evaluate, Fact, Position, RuleSet, Value, Visit};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A ring position of a suggestion, mapped onto the user's molecule when a structure was given.
#[derive(Debug, Clone, Serialize)]
pub struct PositionOut {
    /// Ring label (`C7`, `acyl`).
    pub label: &'static str,
    /// 1-based atom number in the user's file.
    pub atom: Option<usize>,
    /// The file the atom number refers to.
    pub file: Option<String>,
}

/// One suggestion as reported.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestionOut {
    /// Rank, 1 = first.
    pub rank: usize,
    /// Stable rule id.
    pub rule_id: String,
    /// Title.
    pub title: String,
    /// What to make or measure.
    pub suggestion: String,
    /// Why.
    pub rationale: String,
    /// Literature reference.
    pub reference: Option<String>,
    /// Priority of the rule.
    pub priority: u8,
    /// Ring positions concerned.
    pub positions: Vec<PositionOut>,
}

/// One trace step as reported.
#[derive(Debug, Clone, Serialize)]
pub struct TraceOut {
    /// Tree number (1-based, in the order of the set's roots).
    pub tree: usize,
    /// Id of the node or rule.
    pub id: String,
    /// `test` or `rule`.
    pub kind: &'static str,
    /// The test, as text.
    pub test: Option<String>,
    /// The fact read.
    pub fact: Option<&'static str>,
    /// The value seen (`null` = unknown).
    pub seen: serde_json::Value,
    /// `yes`, `no` or `unknown`.
    pub branch: Option<&'static str>,
}

/// JSON report of `ringflux suggest`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Name of the rule set used.
    pub rule_set: String,
    /// Every fact as the rules saw it (`null` = unknown).
    pub facts: serde_json::Value,
    /// Where each stated fact came from.
    pub fact_sources: BTreeMap<&'static str, String>,
    /// E/Z of the N1 amide's O-syn rotamers for this molecule (CIP of its structure), `null`
    /// without a structure or when the ring carbons on N1 rank equal.
    pub rotamer_ez: Option<crate::analysis::facts::from_structure::RotamerEz>,
    /// Ranked suggestions.
    pub suggestions: Vec<SuggestionOut>,
    /// Every test visited: fact, value seen, branch taken.
    pub trace: Vec<TraceOut>,
}

/// Facts from a structure or ensemble (`structure`, weighted at `temp_k`) and from the bound
/// conformation of a ligand (`bioactive_structure`). Not yet derived or checked: the caller may add
/// facts first.
pub fn sheet_from_structures(
    structure: Option<&Path>,
    bioactive_structure: Option<&Path>,
    temp_k: f64,
) -> Result<FactSheet, InputError> {
    use crate::analysis::facts::from_structure as sf;
    let mut s = match structure {
        Some(path) => sf::molecule_sheet(path, temp_k)?,
        None => FactSheet::default(),
    };
    if let Some(path) = bioactive_structure {
        let source = path.display().to_string();
        let bound = sf::ring_facts(path, &sf::first_structure(path)?)?;
        if let Some(c) = bound.conformation {
            s.set(Fact::BioactiveConformation, Value::Conformation(c), &source)?;
        }
        if let Some(r) = bound.rotamer {
            s.set(Fact::BioactiveRotamer, Value::Rotamer(r), &source)?;
        }
        if s.rotamer_ez.is_none() {
            s.rotamer_ez = bound.ez;
        }
    }
    Ok(s)
}

/// Runs the rules over the facts and maps positions onto `atoms`.
pub fn compute(set: &RuleSet<'_>, sheet: &FactSheet, atoms: Option<&AtomMap>) -> CmdResult<Report> {
    let ev = evaluate::<32, 256>(set, &sheet.facts)
        .map_err(|e| anyhow::anyhow!("rule evaluation failed: {e}"))?;
    let position = |p: Position| PositionOut {
        label: p.name(),
        atom: atoms.and_then(|m| m.atoms.get(p.name()).copied()),
        file: atoms.map(|m| m.file.clone()),
    };
    let suggestions = ev
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| SuggestionOut {
            rank: i + 1,
            rule_id: s.rule.id.to_string(),
            title: s.rule.title.to_string(),
            suggestion: s.rule.suggestion.to_string(),
            rationale: s.rule.rationale.to_string(),
            reference: s.rule.reference.map(str::to_string),
            priority: s.rule.priority,
            positions: s.rule.positions.iter().map(position).collect(),
        })
        .collect();
    let trace = ev
        .trace
        .iter()
        .map(|t| match t.visit {
            Visit::Test { test, seen, branch } => TraceOut {
                tree: usize::from(t.tree) + 1,
                id: t.id.to_string(),
                kind: "test",
                test: Some(test.to_string()),
                fact: Some(test.fact().name()),
                seen: seen.map_or(serde_json::Value::Null, value_json),
                branch: Some(branch.name()),
            },
            Visit::Rule => TraceOut {
                tree: usize::from(t.tree) + 1,
                id: t.id.to_string(),
                kind: "rule",
                test: None,
                fact: None,
                seen: serde_json::Value::Null,
                branch: None,
            },
        })
        .collect();
    Ok(Report {
        rule_set: set.name.to_string(),
        facts: crate::analysis::facts::facts_json(&sheet.facts),
        fact_sources: sheet.sources.clone(),
        rotamer_ez: sheet.rotamer_ez.clone(),
        suggestions,
        trace,
    })
}
