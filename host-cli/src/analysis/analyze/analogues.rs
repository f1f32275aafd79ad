//! Parent and analogues among the compounds of an `analyze` folder, and the comparison of each
//! analogue with its parent.
//!
//! An analogue is a compound whose heavy-atom graph contains another compound's heavy-atom
//! graph (elements and bond orders kept, hydrogens ignored) with the same ring system: the
//! parent plus substituents. The match is a subgraph isomorphism (VF2 of `petgraph`, as
//! [`crate::chem::symmetry`] uses for automorphisms). When several compounds fit, the largest
//! (most heavy atoms) is the parent. The comparison is [`crate::analysis::compare::compute`] on
//! the two structure files at 298.15 K, summed per conformation, per pucker family and per
//! rotamer, with ΔS_conf.
//!
//! ```
//! use ringflux_cli::chem::perceive::Graph;
//! use ringflux_cli::io::structure::{Bond, Element};
//! use ringflux_cli::analysis::analyze::analogues::contains;
//! let ring = |extra: bool| {
//!     let mut b: Vec<Bond> = (0..6).map(|i| Bond { a: i, b: (i + 1) % 6, order: 1 }).collect();
//!     let mut el = vec![Element::C; 6];
//!     if extra {
//!         b.push(Bond { a: 0, b: 6, order: 1 });
//!         el.push(Element::C);
//!     }
//!     Graph::from_bonds(el, &b)
//! };
//! // Methylcyclohexane contains cyclohexane, not the other way round.
//! assert!(contains(&ring(true), &ring(false)));
//! assert!(!contains(&ring(false), &ring(true)));
//! ```

use crate::analysis::compare;
use crate::chem::perceive::Graph;
use crate::error::CmdResult;
use petgraph::algo::isomorphism::is_isomorphic_subgraph_matching;
use petgraph::graph::{NodeIndex, UnGraph};
use ringflux_rules::{Fact, Family, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Temperature of the comparison, K.
pub const TEMP_K: f64 = 298.15;

/// The heavy-atom graph: element on the atoms, bond order on the bonds.
fn heavy(g: &Graph) -> UnGraph<u8, u8> {
    let atoms: Vec<usize> = (0..g.len()).filter(|&i| g.element(i).is_heavy()).collect();
    let mut pg = UnGraph::with_capacity(atoms.len(), atoms.len() + 4);
    for &a in &atoms {
        pg.add_node(g.element(a).number());
    }
    for (i, &a) in atoms.iter().enumerate() {
        for (j, &b) in atoms.iter().enumerate().skip(i + 1) {
            if g.bonded(a, b) {
                pg.add_edge(NodeIndex::new(i), NodeIndex::new(j), g.order(a, b));
            }
        }
    }
    pg
}

/// Whether `big`'s heavy-atom graph contains `small`'s (elements and bond orders matched) and
/// is strictly larger.
pub fn contains(big: &Graph, small: &Graph) -> bool {
    let (b, s) = (heavy(big), heavy(small));
    if s.node_count() >= b.node_count() {
        return false;
    }
    is_isomorphic_subgraph_matching(&&s, &&b, |x: &u8, y: &u8| x == y, |x: &u8, y: &u8| x == y)
}

/// What the parent finder needs of one compound.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Compound name.
    pub name: String,
    /// Heavy-atom graph of its first structure.
    pub graph: Graph,
    /// Its ring system fact, when known.
    pub ring: Option<Value>,
}

/// For each candidate, the index of its parent (module docs), `None` for none.
pub fn parents(c: &[Candidate]) -> Vec<Option<usize>> {
    c.iter()
        .enumerate()
        .map(|(i, an)| {
            c.iter()
                .enumerate()
                .filter(|(j, p)| *j != i && p.ring.is_some() && p.ring == an.ring)
                .filter(|(_, p)| contains(&an.graph, &p.graph))
                .max_by_key(|(_, p)| heavy(&p.graph).node_count())
                .map(|(j, _)| j)
        })
        .collect()
}

/// An analogue against its parent (fractions; changes are analogue − parent).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The parent compound.
    pub parent: String,
    /// What the analogue adds, in words (`C7-methyl`), from the substituent facts.
    pub label: String,
    /// Population per conformation (C, TC, B, TB) in the parent.
    pub parent_conformation_populations: BTreeMap<String, f64>,
    /// Population per conformation in the analogue.
    pub conformation_populations: BTreeMap<String, f64>,
    /// Change per conformation.
    pub conformation_population_change: BTreeMap<String, f64>,
    /// Change per pucker family (`chair`, `boat`).
    pub family_population_change: BTreeMap<String, f64>,
    /// Change per rotamer (`O-syn-C2`, `O-syn-C7`).
    pub rotamer_population_change: BTreeMap<String, f64>,
    /// Conformational entropy of the analogue minus the parent's, J/(mol K).
    pub delta_s_conf_j_per_mol_k: f64,
    /// The largest effect in words ([`Comparison::summary`]).
    pub summary: String,
}

/// Sums the families of an ensemble summary per conformation code.
fn by_conformation(e: &compare::EnsembleOut) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    for f in &e.families {
        *m.entry(f.conformation.clone()).or_insert(0.0) += f.population;
    }
    m
}

/// What `analogue` carries that `parent` does not, from their substituent facts (`C7-methyl`).
pub fn label(
    parent: &ringflux_rules::Facts,
    analogue: &ringflux_rules::Facts,
    name: &str,
) -> String {
    let positions = [
        (Fact::SubstituentC2, "C2"),
        (Fact::SubstituentC7, "C7"),
        (Fact::SubstituentN4, "N4"),
    ];
    let words: Vec<String> = positions
        .iter()
        .filter_map(|&(f, pos)| match (parent.get(f), analogue.get(f)) {
            (p, Some(a)) if p != Some(a) => Some(format!("{pos}-{a}")),
            _ => None,
        })
        .collect();
    if words.is_empty() {
        name.to_string()
    } else {
        words.join(", ")
    }
}

/// Compares the analogue's structure file with the parent's through `compare`.
pub fn compare_files(
    parent_name: &str,
    parent: &Path,
    analogue: &Path,
    label: String,
) -> CmdResult<Comparison> {
    let r = compare::compute(parent, &[analogue.to_path_buf()], TEMP_K)?;
    let (p, a) = match r.ensembles.as_slice() {
        [p, a, ..] => (p, a),
        _ => return Err(anyhow::anyhow!("compare returned fewer than two ensembles").into()),
    };
    let (pc, ac) = (by_conformation(p), by_conformation(a));
    let mut change = BTreeMap::new();
    for k in pc.keys().chain(ac.keys()) {
        let d = ac.get(k).copied().unwrap_or(0.0) - pc.get(k).copied().unwrap_or(0.0);
        change.insert(k.clone(), d);
    }
    let family = BTreeMap::from([
        (
            Family::Chair.name().to_string(),
            a.chair_population - p.chair_population,
        ),
        (
            Family::Boat.name().to_string(),
            a.boat_population - p.boat_population,
        ),
    ]);
    let rotamer = BTreeMap::from([
        (
            "O-syn-C2".to_string(),
            a.o_syn_c2_population - p.o_syn_c2_population,
        ),
        (
            "O-syn-C7".to_string(),
            a.o_syn_c7_population - p.o_syn_c7_population,
        ),
    ]);
    let mut c = Comparison {
        parent: parent_name.to_string(),
        label,
        parent_conformation_populations: pc,
        conformation_populations: ac,
        conformation_population_change: change,
        family_population_change: family,
        rotamer_population_change: rotamer,
        delta_s_conf_j_per_mol_k: r.entropy_change_j_per_mol_k.first().copied().unwrap_or(0.0),
        summary: String::new(),
    };
    c.summary = c.summary();
    Ok(c)
}

impl Comparison {
    /// The largest effect in words: the two conformations that change most, parent → analogue
    /// in percent, e.g. `C7-methyl: C 27.0 → 0.2 %, TC 73.0 → 99.7 %`.
    pub fn summary(&self) -> String {
        let mut ks: Vec<(&String, f64)> = self
            .conformation_population_change
            .iter()
            .map(|(k, d)| (k, *d))
            .collect();
        ks.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let pct = |m: &BTreeMap<String, f64>, k: &str| 100.0 * m.get(k).copied().unwrap_or(0.0);
        let parts: Vec<String> = ks
            .iter()
            .take(2)
            .map(|(k, _)| {
                format!(
                    "{k} {:.1} → {:.1} %",
                    pct(&self.parent_conformation_populations, k),
                    pct(&self.conformation_populations, k)
                )
            })
            .collect();
        format!(
            "{} (vs {}): {}; ΔS_conf {:+.1} J/(mol·K)",
            self.label,
            self.parent,
            parts.join(", "),
            self.delta_s_conf_j_per_mol_k
        )
    }
}

/// Finds each compound's parent among `reports` and fills in its comparison. `stated` (from
/// the folder's manifest, [`super::manifest`]) overrides the substructure match per compound:
/// a named parent, or `None` for no comparison.
pub fn attach(
    folder: &Path,
    reports: &mut [super::CompoundReport],
    stated: &BTreeMap<String, Option<String>>,
) -> CmdResult<()> {
    let mut candidates = Vec::new();
    let mut index = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let (Some(name), Some(file)) = (&r.name, &r.structure) else {
            continue;
        };
        let mol = crate::analysis::facts::from_structure::first_structure(&folder.join(file))?;
        candidates.push(Candidate {
            name: name.clone(),
            graph: Graph::of(&mol),
            ring: r.sheet.facts.get(Fact::Ring),
        });
        index.push(i);
    }
    let mut found = parents(&candidates);
    for (k, c) in candidates.iter().enumerate() {
        if let (Some(p), Some(slot)) = (stated.get(&c.name), found.get_mut(k)) {
            *slot = p
                .as_ref()
                .and_then(|p| candidates.iter().position(|x| x.name == *p));
        }
    }
    for (k, parent) in found.into_iter().enumerate() {
        let (Some(p), Some(&i)) = (parent, index.get(k)) else {
            continue;
        };
        let (Some(&pi), Some(pc)) = (index.get(p), candidates.get(p)) else {
            continue;
        };
        let (Some(pr), Some(ar)) = (reports.get(pi), reports.get(i)) else {
            continue;
        };
        let (Some(pf), Some(af)) = (&pr.structure, &ar.structure) else {
            continue;
        };
        let name = ar.name.clone().unwrap_or_default();
        let l = label(&pr.sheet.facts, &ar.sheet.facts, &name);
        let c = compare_files(&pc.name, &folder.join(pf), &folder.join(af), l)?;
        if let Some(r) = reports.get_mut(i) {
            r.comparison = Some(c);
        }
    }
    Ok(())
}
