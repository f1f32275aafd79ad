//! `ringflux compare PARENT ANALOG... [--temp-k]`: the evidence for a design suggestion —
//! populations of each conformer ensemble per conformation × rotamer family, per pucker family
//! and per rotamer, their change from the parent, and the conformational entropy of each (does
//! the C2/C7 methyl really lock the ring and the amide?).
//!
//! Rotamers are "O syn to C2 / C7" (geometry), not E/Z: a C7 methyl changes the CIP ranking on
//! N1, so E/Z labels would swap between parent and analogue for the same geometry.

use crate::ensemble::{read_ensemble, Options};
use crate::error::CmdResult;
use crate::output::Output;
use crate::structure_facts::{first_structure, populations, ring_facts};
use ringflux_rules::{Rotamer, Substituent};
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `ringflux compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The parent's conformer ensemble (SDF or multi-frame XYZ with energies).
    pub parent: PathBuf,
    /// Analogue ensembles, compared with the parent.
    #[arg(required = true)]
    pub analogs: Vec<PathBuf>,
    /// Temperature of the Boltzmann populations, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
}

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

fn population_of(e: &EnsembleOut, conf: &str, rot: Option<&str>) -> f64 {
    e.families
        .iter()
        .find(|f| f.conformation == conf && f.rotamer == rot)
        .map_or(0.0, |f| f.population)
}

/// Compares the analogues with the parent.
pub fn compute(a: &Args) -> CmdResult<Report> {
    let mut ensembles = vec![summarise(&a.parent, a.temp_k)?];
    for f in &a.analogs {
        ensembles.push(summarise(f, a.temp_k)?);
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
        temp_k: a.temp_k,
        ensembles,
        changes,
        entropy_change_j_per_mol_k,
    })
}

fn short(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map_or(file.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Human rendering: one column per ensemble, populations in %, then Δ rows.
pub fn render(r: &Report) -> String {
    let names: Vec<String> = r.ensembles.iter().map(|e| short(&e.file)).collect();
    let w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(8)
        .max(10);
    let mut s = format!(
        "Populations at {:.2} K (%), rotamers as the ring carbon syn to O\n",
        r.temp_k
    );
    s += &format!("  {:<16}", "family");
    for n in &names {
        s += &format!("  {n:>w$}");
    }
    s += "\n";
    let mut keys: Vec<(String, Option<&str>)> = Vec::new();
    for e in &r.ensembles {
        for f in &e.families {
            if !keys
                .iter()
                .any(|(c, x)| *c == f.conformation && *x == f.rotamer)
            {
                keys.push((f.conformation.clone(), f.rotamer));
            }
        }
    }
    let row = |label: &str, vals: Vec<f64>, s: &mut String| {
        *s += &format!("  {label:<16}");
        for v in vals {
            *s += &format!("  {:>w$.1}", 100.0 * v);
        }
        *s += "\n";
    };
    for (c, rot) in &keys {
        let label = rot.map_or_else(|| c.clone(), |r| format!("{c} {r}"));
        row(
            &label,
            r.ensembles
                .iter()
                .map(|e| population_of(e, c, *rot))
                .collect(),
            &mut s,
        );
    }
    row(
        "chair family",
        r.ensembles.iter().map(|e| e.chair_population).collect(),
        &mut s,
    );
    row(
        "boat family",
        r.ensembles.iter().map(|e| e.boat_population).collect(),
        &mut s,
    );
    // No rotamer rows where no ensemble has distinct rotamers (symmetric rings).
    if r.ensembles
        .iter()
        .any(|e| e.o_syn_c2_population + e.o_syn_c7_population > 0.0)
    {
        row(
            "O-syn-C2",
            r.ensembles.iter().map(|e| e.o_syn_c2_population).collect(),
            &mut s,
        );
        row(
            "O-syn-C7",
            r.ensembles.iter().map(|e| e.o_syn_c7_population).collect(),
            &mut s,
        );
    }
    s += &format!("  {:<16}", "S_conf J/(mol·K)");
    for e in &r.ensembles {
        s += &format!("  {:>w$.2}", e.conformational_entropy_j_per_mol_k);
    }
    s += "\n";
    s += &format!("  {:<16}", "conformers");
    for e in &r.ensembles {
        s += &format!("  {:>w$}", e.conformers);
    }
    s += "\n";
    if let Some((parent, analogs)) = r.ensembles.split_first() {
        for (an, ds) in analogs.iter().zip(&r.entropy_change_j_per_mol_k) {
            let d = |x: f64, y: f64| format!("{:+.1}", 100.0 * (x - y));
            s += &format!(
                "\n{} vs {}: boat family {} points, O-syn-C2 {} points, O-syn-C7 {} points, ΔS_conf = {:+.2} J/(mol·K)\n",
                short(&an.file),
                short(&parent.file),
                d(an.boat_population, parent.boat_population),
                d(an.o_syn_c2_population, parent.o_syn_c2_population),
                d(an.o_syn_c7_population, parent.o_syn_c7_population),
                ds
            );
        }
    }
    s
}

/// Runs `ringflux compare`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let r = compute(a)?;
    Ok(Output::new(&r, render(&r))?)
}
