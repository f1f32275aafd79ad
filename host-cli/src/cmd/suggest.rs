//! `ringflux suggest`: design suggestions from conformational facts through the SAR rules
//! (the default set or `--rules FILE.json`), mapped onto the user's molecule, with rationale and
//! the trace of every test.
//!
//! Facts come from a structure or conformer ensemble of the molecule (ring system, substituents,
//! major conformation and rotamer, family populations, conformational entropy), from a bound
//! structure (`--bioactive-structure`: the bioactive conformation and rotamer), and from flags
//! (`--bioactive TB`, `--tc-k 300`, …, or any fact as `--fact NAME=VALUE`); flags win.

use crate::error::{CmdResult, InputError};
use crate::facts::{parse_assignment, value_json, FactSheet};
use crate::output::Output;
use crate::units::kcal;
use ringflux_core::equilibrium;
use ringflux_rules::{
    evaluate, Conformation, Fact, Position, Rotamer, RuleSet, Value, Visit, DEFAULT,
};
use serde::Serialize;
use std::collections::BTreeMap;
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
    /// Bioactive amide rotamer: O-syn-C2 or O-syn-C7 (the ring carbon syn to the carbonyl O).
    #[arg(long, value_parser = parse_rotamer)]
    pub bioactive_rotamer: Option<Rotamer>,
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

/// clap value parser for a rotamer name.
pub fn parse_rotamer(s: &str) -> Result<Rotamer, String> {
    Rotamer::ALL
        .iter()
        .copied()
        .find(|r| r.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("'{s}' is not a rotamer (O-syn-C2, O-syn-C7)"))
}

/// Which atom of the user's file sits at each ring position (1-based atom numbers).
#[derive(Debug, Clone, Default)]
pub struct AtomMap {
    /// The structure file.
    pub file: String,
    /// Position → 1-based atom number.
    pub atoms: BTreeMap<&'static str, usize>,
}

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
    /// Ranked suggestions.
    pub suggestions: Vec<SuggestionOut>,
    /// Every test visited: fact, value seen, branch taken.
    pub trace: Vec<TraceOut>,
}

/// Facts from the structures, then the flags (a flag overrides what a structure implied).
pub fn sheet_from_inputs(a: &Args) -> Result<FactSheet, InputError> {
    use crate::structure_facts as sf;
    let mut s = match &a.structure {
        Some(path) => sf::molecule_sheet(path, a.temp_k)?,
        None => FactSheet::default(),
    };
    if let Some(path) = &a.bioactive_structure {
        let source = path.display().to_string();
        let bound = sf::ring_facts(path, &sf::first_structure(path)?)?;
        if let Some(c) = bound.conformation {
            s.set(Fact::BioactiveConformation, Value::Conformation(c), &source)?;
        }
        if let Some(r) = bound.rotamer {
            s.set(Fact::BioactiveRotamer, Value::Rotamer(r), &source)?;
        }
    }
    sheet_from_flags(a, &mut s)?;
    s.derive()?;
    s.check()?;
    Ok(s)
}

/// Adds the facts given by flags (they override earlier sources).
pub fn sheet_from_flags(a: &Args, s: &mut FactSheet) -> Result<(), InputError> {
    if let Some(c) = a.bioactive {
        s.set(
            Fact::BioactiveConformation,
            Value::Conformation(c),
            "--bioactive",
        )?;
    }
    if let Some(r) = a.bioactive_rotamer {
        s.set(
            Fact::BioactiveRotamer,
            Value::Rotamer(r),
            "--bioactive-rotamer",
        )?;
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
        set_ratio(s, text, a.temp_k)?;
    }
    for &(fact, value) in &a.facts {
        s.set(fact, value, "--fact")?;
    }
    Ok(())
}

/// `--ratio A:B` (O-syn-C2 : O-syn-C7) → rotamer ratio, major rotamer, ΔG°.
fn set_ratio(s: &mut FactSheet, text: &str, temp_k: f64) -> Result<(), InputError> {
    let bad = |what: &str| InputError::arg("--ratio", what.to_string());
    let (c2, c7) = super::ratio::parse_ratio(text).ok_or_else(|| bad("expected A:B"))?;
    if c2 <= 0.0 || c7 <= 0.0 {
        return Err(bad("both amounts must be greater than zero"));
    }
    let eq = equilibrium::from_ratio(c2, c7, temp_k).map_err(InputError::from_core)?;
    s.set(Fact::RotamerRatio, Value::Number(eq.k_eq), "--ratio")?;
    s.set(
        Fact::Dg0RotamerKcalPerMol,
        Value::Number(kcal(eq.dg0_j_per_mol)),
        "--ratio",
    )?;
    if c2 != c7 {
        let major = if c2 > c7 {
            Rotamer::OSynC2
        } else {
            Rotamer::OSynC7
        };
        s.set(Fact::MajorRotamer, Value::Rotamer(major), "--ratio")?;
    }
    Ok(())
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
        facts: crate::facts::facts_json(&sheet.facts),
        fact_sources: sheet.sources.clone(),
        suggestions,
        trace,
    })
}

/// Wraps `text` at `width` columns, every line indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out += &format!("{indent}{line}\n");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out += &format!("{indent}{line}\n");
    }
    out
}

/// A fact value for people: numbers to 4 decimals (trailing zeros dropped), names bare.
fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "unknown".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let t = format!("{x:.4}");
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        other => other.to_string(),
    }
}

/// Human rendering: suggestions (with positions on the user's atoms), then the trace.
pub fn render(r: &Report) -> String {
    let mut s = String::from("Facts:\n");
    if r.fact_sources.is_empty() {
        s += "  none given\n";
    }
    for (k, src) in &r.fact_sources {
        s += &format!("  {k} = {}  ({src})\n", show(&r.facts[*k]));
    }
    if r.suggestions.is_empty() {
        s += "\nNo suggestion: no rule applies to these facts (see the trace).\n";
    } else {
        s += &format!("\nSuggestions ({}), highest priority first:\n", r.rule_set);
    }
    for g in &r.suggestions {
        s += &format!(
            "\n{}. {}  [{}, priority {}]\n",
            g.rank, g.title, g.rule_id, g.priority
        );
        if !g.positions.is_empty() {
            let at: Vec<String> = g
                .positions
                .iter()
                .map(|p| match (&p.atom, &p.file) {
                    (Some(n), Some(f)) => format!("{} — atom {n} in {f}", p.label),
                    _ => p.label.to_string(),
                })
                .collect();
            s += &format!("   at: {}\n", at.join("; "));
        }
        s += &wrap(&g.suggestion, 92, "   ");
        s += "   Why:\n";
        s += &wrap(&g.rationale, 90, "     ");
        if let Some(reference) = &g.reference {
            s += &wrap(&format!("Ref.: {reference}"), 90, "   ");
        }
    }
    s += "\nTrace (every test, the value it saw, the branch it took):\n";
    for t in &r.trace {
        match (&t.test, t.branch) {
            (Some(test), Some(branch)) => {
                let seen = show(&t.seen);
                s += &format!("  [{}] {}: {test}; saw {seen} → {branch}\n", t.tree, t.id);
            }
            _ => s += &format!("  [{}] ★ {}\n", t.tree, t.id),
        }
    }
    s
}

/// Runs `ringflux suggest`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let sheet = sheet_from_inputs(a)?;
    let text;
    let store;
    let set = match &a.rules {
        Some(file) => {
            text = super::rules::read_text(file)?;
            store = super::rules::load_file(file, &text)?;
            store.as_set()
        }
        None => DEFAULT,
    };
    let r = compute(&set, &sheet, sheet.atoms.as_ref())?;
    Ok(Output::new(&r, render(&r))?)
}
