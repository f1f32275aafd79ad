//! Conformer ensembles: read a structure file, analyse every conformer's ring and amide, remove
//! duplicates, and weight conformers and conformation × rotamer families by Boltzmann populations.
//!
//! This is the library entry point other tools build on ([`read_ensemble`]): it returns, per
//! conformer, the record number, name, energy, ring conformation, family, rotamer (E/Z and the
//! ring carbon syn to O), ring atoms with their N1… labels and, on request, elements and
//! coordinates; plus the populations of each family.
//!
//! * Energies: a data field (SDF data item, XYZ comment `key=value`); its unit comes from its
//!   name (`…kcal…`, `…kj…`, `…hartree…`/`…_eh`), a bare XYZ comment number is hartree (the
//!   xtb/CREST convention), or `energy_unit` says. A unit nothing states is hartree, said so
//!   ([`Ensemble::energy_unit_from`]); energies implausible for their unit are refused (an
//!   assumed unit) or warned about ([`Ensemble::warnings`], [`crate::units::energy_plausibility`]).
//! * Duplicates (the CREST thresholds, Pracht, Bohle & Grimme, PCCP 2020, 22, 7169): a conformer
//!   is a duplicate of an earlier kept one when |ΔE| < 0.05 kcal/mol and the heavy-atom RMSD
//!   after optimal superposition (QCP, `ringflux_core::geometry::superposed_rmsd`) is < 0.125 Å.
//!   The RMSD is the minimum over the automorphisms of the heavy-atom graph
//!   ([`crate::chem::symmetry::automorphisms`]: ring rotations and reflections, equivalent substituents;
//!   element, attached H count and bond order respected; computed once per molecule, at most
//!   [`MAX_PERMUTATIONS`], [`Ensemble::automorphisms_truncated`] says when there were more).
//!   The first one in file order is kept.
//! * Mirror images ([`MIRROR_POLICY`]): for an achiral molecule a conformer is also a duplicate
//!   of an earlier kept one when it matches that one's mirror image (x → −x); a kept conformer
//!   not superposable on its own mirror image (a chiral conformer) has degeneracy g = 2, an
//!   achiral one g = 1, so the results do not depend on whether sampling found one or both mirror
//!   forms. For a chiral molecule ([`crate::chem::symmetry::is_chiral`], decided on the first record)
//!   the mirror image of a conformer is a conformer of the enantiomer: nothing is merged, every
//!   g = 1, and conformers matching an earlier one's mirror image are counted in
//!   [`Ensemble::enantiomeric_conformers`] (the file mixes stereoisomers).
//!   CREST also compares rotational constants and counts permutation "rotamers" of a conformer
//!   in its entropy; ringflux folds automorphisms into the RMSD and states g per conformer (the
//!   README compares the two).
//! * Populations: p_i = g_i e^(−E_i/RT) / Σ_j g_j e^(−E_j/RT) over the kept conformers
//!   (`ringflux_core::boltzmann::Running`); a family's population is the sum of its
//!   conformers'. Conformational entropy S_conf = −R Σ p ln(p/g).
//!
//! Memory does not grow with the file ([`scan`]): records are read one at a time; populations,
//! entropy and family shares are accumulated in one pass ([`ringflux_core::boltzmann::Running`]);
//! each kept conformer goes to a [`Sink`] as soon as it is kept (a temporary file for
//! `ringflux conformers --json/--csv`, nothing for its human report, a `Vec` for
//! [`read_ensemble`]); only the [`LOWEST_KEPT`] lowest-energy summaries (every conformer above
//! 1 % is among them) and the first [`crate::io::structure::MAX_SKIPPED_LISTED`] skip messages are held. The duplicate
//! check holds kept conformers' heavy-atom coordinates (f32, [`Shape`]) up to a memory budget
//! ([`Options::dedupe_memory_bytes`]); beyond it the oldest are dropped, and every later
//! conformer whose energy window reaches a dropped one is counted in
//! [`Ensemble::dedupe_incomplete`] (it may be an undetected duplicate) — nothing is dropped
//! silently.

use crate::chem::conformation::{self, AmideReport, RingReport};
use crate::chem::perceive::{Graph, NumberedRing};
use crate::chem::symmetry;
use crate::error::{CmdResult, Failure, InputError};
use crate::io::structure::bonds;
use crate::io::structure::{Bond, Molecule, Records, Skipped};
use crate::units::{EnergyRange, UnitSource};
use ringflux_core::boltzmann::Running;
use ringflux_core::constants::EnergyUnit;
use ringflux_core::geometry::{centroid, superposed_rmsd, Vec3};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

/// Energy window of the duplicate check, kcal/mol (CREST `-ewin`-independent default `ethr`).
pub const DEDUPE_ENERGY_KCAL_PER_MOL: f64 = 0.05;
/// Heavy-atom RMSD threshold of the duplicate check, Å (CREST default `rthr`).
pub const DEDUPE_RMSD_ANGSTROM: f64 = 0.125;

/// Most heavy-atom automorphisms tried in the duplicate check.
pub const MAX_PERMUTATIONS: usize = 128;

/// The mirror-image policy (module docs), as reported in the JSON (`mirror_policy`).
pub const MIRROR_POLICY: &str = "achiral molecule: a mirror-image conformer is merged with its partner, g = 2 for a chiral conformer; chiral molecule: no merging, g = 1";

/// Default memory budget of the duplicate check, bytes: about 220,000 kept conformers of a
/// 1-acyl-1,4-diazepane (13 heavy atoms, about 300 bytes each as counted by the budget).
pub const DEFAULT_DEDUPE_MEMORY_BYTES: usize = 64 << 20;

/// Number of lowest-energy kept conformers whose [`Summary`] is held: a conformer with population
/// p ≥ 1 % has at most 100 conformers at or below its energy (each with population ≥ p).
pub const LOWEST_KEPT: usize = 100;

/// How to read and weight an ensemble.
#[derive(Debug, Clone)]
pub struct Options {
    /// Temperature, K.
    pub temp_k: f64,
    /// Energy data field; `None`: the first field whose name contains "energy".
    pub energy_field: Option<String>,
    /// Unit of the energies; `None`: from the field name (module docs).
    pub energy_unit: Option<EnergyUnit>,
    /// Remove duplicate conformers.
    pub dedupe: bool,
    /// Ring to analyse (1-based atom numbers in N1… order); `None`: perceived.
    pub ring: Option<Vec<usize>>,
    /// Skip bad records (reported in [`Ensemble::skipped`]) instead of failing.
    pub keep_going: bool,
    /// Keep elements and coordinates of each conformer in the result.
    pub keep_coordinates: bool,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Memory budget of the duplicate check, bytes (module docs).
    pub dedupe_memory_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            temp_k: 298.15,
            energy_field: None,
            energy_unit: None,
            dedupe: true,
            ring: None,
            keep_going: false,
            keep_coordinates: false,
            progress: false,
            dedupe_memory_bytes: DEFAULT_DEDUPE_MEMORY_BYTES,
        }
    }
}

/// One conformer of the ensemble.
#[derive(Debug, Clone, Serialize)]
pub struct Conformer {
    /// Record number in the file (1-based).
    pub index: usize,
    /// Name (title line).
    pub name: String,
    /// Line where the record starts.
    pub line: u64,
    /// Energy in the file's unit.
    pub energy: f64,
    /// Energy, kcal/mol.
    pub energy_kcal_per_mol: f64,
    /// Family key: conformation code and rotamer, e.g. `TC-E`; the code alone when the amide is
    /// absent or its rotamers are degenerate; with two amides the ring carbons syn to each O,
    /// e.g. `TC-C2/C5`.
    pub family: String,
    /// Ring puckering (atoms, labels, coordinates, conformation).
    pub ring: RingReport,
    /// The N-acyl amide, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amide: Option<AmideReport>,
    /// A second N-acyl amide on another ring nitrogen (N4 of a 1,4-diacyl-1,4-diazepane; its
    /// `o_syn` is `C3` or `C5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_amide: Option<AmideReport>,
    /// Degeneracy g: 2 for a chiral conformer of an achiral molecule (it stands for itself and
    /// its mirror image), else 1 (module docs).
    pub degeneracy: u8,
    /// Element symbols (only with `keep_coordinates`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<&'static str>,
    /// Coordinates, Å (only with `keep_coordinates`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinates: Vec<[f64; 3]>,
    // The fields known only once the whole file is read come last ([`WEIGHTS_KEY`]).
    /// Energy above the lowest kept conformer, kcal/mol.
    pub relative_energy_kcal_per_mol: f64,
    /// Boltzmann population (fraction).
    pub population: f64,
    /// Later records removed as duplicates of this one.
    pub duplicates: usize,
}

/// The JSON of a [`Conformer`] ends with `,` + this key and then `population` and `duplicates`,
/// the fields known only at the end of the file: a streamed writer cuts the JSON here and
/// appends the final values ([`Conformer::json_without_weights`]).
pub const WEIGHTS_KEY: &str = "\"relative_energy_kcal_per_mol\":";

impl Conformer {
    /// The conformer's JSON object up to (not including) its last three fields and the closing
    /// brace; complete it with [`Conformer::finish_json`]. The cut is exact: inside JSON strings a
    /// `"` is escaped, so `,"relative_energy_kcal_per_mol":` occurs only as the key.
    pub fn json_without_weights(&self) -> serde_json::Result<Vec<u8>> {
        let mut v = serde_json::to_vec(self)?;
        let key = format!(",{WEIGHTS_KEY}");
        if let Some(at) = v.windows(key.len()).rposition(|w| w == key.as_bytes()) {
            v.truncate(at);
        }
        Ok(v)
    }

    /// Appends the last three fields and the closing brace to a [`Conformer::json_without_weights`].
    pub fn finish_json(
        out: &mut Vec<u8>,
        relative_energy_kcal_per_mol: f64,
        population: f64,
        duplicates: u64,
    ) -> serde_json::Result<()> {
        out.push(b',');
        out.extend_from_slice(WEIGHTS_KEY.as_bytes());
        serde_json::to_writer(&mut *out, &relative_energy_kcal_per_mol)?;
        out.extend_from_slice(b",\"population\":");
        serde_json::to_writer(&mut *out, &population)?;
        out.extend_from_slice(format!(",\"duplicates\":{duplicates}}}").as_bytes());
        Ok(())
    }
}

/// The numbers of one kept conformer that families and the human report need.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Record number in the file (1-based).
    pub index: usize,
    /// Energy, kcal/mol.
    pub energy_kcal_per_mol: f64,
    /// Energy above the lowest kept conformer, kcal/mol.
    pub relative_energy_kcal_per_mol: f64,
    /// Boltzmann population (fraction).
    pub population: f64,
    /// Family key (`TC-E`, …).
    pub family: String,
    /// Ring conformation code (the nearest form for an intermediate).
    pub conformation: String,
    /// Rotamer (`E`/`Z`) when defined.
    pub rotamer: Option<String>,
    /// The E/Z label with `*` when the amide is non-planar ([`AmideReport::ez_label`]).
    pub rotamer_label: Option<String>,
    /// Total puckering amplitude Q, Å.
    pub total_q_angstrom: f64,
    /// θ, degrees.
    pub theta_deg: Option<f64>,
    /// Ring atom label syn to the carbonyl O.
    pub o_syn: Option<String>,
    /// Later records removed as duplicates of this one.
    pub duplicates: usize,
    /// Degeneracy g (module docs).
    pub degeneracy: u8,
    /// Kept-conformer number (0-based, file order).
    #[serde(skip)]
    pub slot: usize,
}

/// Population of a conformation × rotamer family.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    /// Family key (`TC-E`, …).
    pub family: String,
    /// Ring conformation code.
    pub conformation: String,
    /// Rotamer `E`/`Z`; absent when the ring has no amide or its rotamers are degenerate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotamer: Option<String>,
    /// Summed Boltzmann population.
    pub population: f64,
    /// Number of kept conformers in the family.
    pub conformers: usize,
    /// Lowest relative energy in the family, kcal/mol.
    pub lowest_relative_energy_kcal_per_mol: f64,
}

/// A conformer ensemble with populations.
#[derive(Debug, Clone, Serialize)]
pub struct Ensemble {
    /// The file read.
    pub file: String,
    /// Temperature, K.
    pub temp_k: f64,
    /// The energy field used.
    pub energy_field: String,
    /// Its unit (`kcal/mol`, `kj/mol`, `hartree`).
    pub energy_unit: &'static str,
    /// Where the unit came from: `name` (the field's name), `flag` (`--unit`) or `default`
    /// (hartree: the name gives no unit).
    pub energy_unit_from: UnitSource,
    /// Energies implausible for their unit ([`crate::units::energy_plausibility`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Records read (good and skipped).
    pub structures_read: usize,
    /// Duplicates removed.
    pub duplicates_removed: usize,
    /// Kept conformers whose amide fails a planarity check (`AmideReport::planarity_flags`):
    /// their E/Z labels are flagged.
    pub nonplanar_amide_conformers: usize,
    /// Of those, removed as the mirror image of a kept conformer (achiral molecules).
    pub removed_as_mirror_image: usize,
    /// The mirror-image policy ([`MIRROR_POLICY`]).
    pub mirror_policy: &'static str,
    /// Whether the molecule is chiral (decided on the first analysed record).
    pub chiral_molecule: bool,
    /// Whether a symmetry of the molecule exchanges two N-acyl groups on the ring (as in
    /// 1,4-diacetyl-1,4-diazepane): which one is N1 is then arbitrary, and diacyl families are
    /// named canonically (decided on the first analysed record).
    pub equivalent_acyl_groups: bool,
    /// Chiral molecule: kept conformers that are the mirror image of an earlier kept one, i.e.
    /// conformers of the enantiomer (the file mixes stereoisomers). 0 normally.
    pub enantiomeric_conformers: usize,
    /// Heavy-atom automorphisms used in the duplicate check (of the first molecule).
    pub automorphisms: usize,
    /// True when the molecule has more than [`MAX_PERMUTATIONS`] automorphisms (only that many
    /// were tried: symmetric copies may be missed).
    pub automorphisms_truncated: bool,
    /// Conformers kept (read − skipped − duplicates).
    pub conformers_kept: usize,
    /// Kept conformers whose duplicate check could not see every earlier kept conformer in its
    /// energy window (the memory budget was reached; module docs). 0 normally.
    pub dedupe_incomplete: usize,
    /// Families, most populated first.
    pub families: Vec<Family>,
    /// Conformational entropy −R Σ p ln(p/g) over kept conformers, J/(mol K).
    pub conformational_entropy_j_per_mol_k: f64,
    /// Ensemble free energy relative to the lowest conformer, −RT ln Q_rel, kcal/mol.
    pub ensemble_g_kcal_per_mol: f64,
    /// Records skipped (only with `keep_going`).
    #[serde(flatten)]
    pub skipped: Skipped,
    /// Kept conformers in file order, from [`read_ensemble`] (empty from [`scan`], whose sink
    /// received them). Last, so a streamed writer can append it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conformers: Vec<Conformer>,
    /// The [`LOWEST_KEPT`] lowest-energy kept conformers, lowest first.
    #[serde(skip)]
    pub lowest: Vec<Summary>,
    /// The populations of the kept conformers, in one pass.
    #[serde(skip)]
    pub running: Running<f64>,
}

impl Ensemble {
    /// Population of a kept conformer of this energy (kcal/mol) and degeneracy.
    pub fn population_of(&self, energy_kcal_per_mol: f64, degeneracy: u8) -> f64 {
        self.running
            .population(energy_kcal_per_mol, f64::from(degeneracy))
            .unwrap_or(0.0)
    }

    /// Energy above the lowest kept conformer, kcal/mol.
    pub fn relative_energy_of(&self, energy_kcal_per_mol: f64) -> f64 {
        energy_kcal_per_mol - self.running.e_min().unwrap_or(energy_kcal_per_mol)
    }
}

/// Where each kept conformer goes as soon as it is kept, before the populations are known.
pub trait Sink {
    /// Takes a kept conformer (population, relative energy and duplicates still 0) and the
    /// record it came from; returns a ticket that names it in [`Sink::duplicates`].
    fn keep(&mut self, conformer: Conformer, molecule: &Molecule) -> anyhow::Result<u64>;
    /// The final number (> 0) of duplicates removed for the conformer with this ticket.
    fn duplicates(&mut self, ticket: u64, count: usize) -> anyhow::Result<()>;
}

/// A sink that holds nothing (the human report needs only the summaries).
pub struct Discard;

impl Sink for Discard {
    fn keep(&mut self, _: Conformer, _: &Molecule) -> anyhow::Result<u64> {
        Ok(0)
    }
    fn duplicates(&mut self, _: u64, _: usize) -> anyhow::Result<()> {
        Ok(())
    }
}

/// A sink that collects every kept conformer (for files that fit in memory).
struct Collect {
    conformers: Vec<Conformer>,
    keep_coordinates: bool,
}

impl Sink for Collect {
    fn keep(&mut self, mut c: Conformer, mol: &Molecule) -> anyhow::Result<u64> {
        if self.keep_coordinates {
            c.elements = mol.atoms.iter().map(|a| a.element.symbol()).collect();
            c.coordinates = mol.atoms.iter().map(|a| a.pos).collect();
        }
        self.conformers.push(c);
        Ok(self.conformers.len() as u64 - 1)
    }
    fn duplicates(&mut self, ticket: u64, count: usize) -> anyhow::Result<()> {
        if let Some(c) = usize::try_from(ticket)
            .ok()
            .and_then(|i| self.conformers.get_mut(i))
        {
            c.duplicates = count;
        }
        Ok(())
    }
}

/// Unit of an energy field from its name (module docs); `None` when the name does not say.
pub fn unit_from_field_name(name: &str) -> Option<EnergyUnit> {
    let n = name.to_ascii_lowercase();
    if n.contains("kcal") {
        Some(EnergyUnit::KcalPerMol)
    } else if n.contains("kj") {
        Some(EnergyUnit::KjPerMol)
    } else if n.contains("hartree") || n.ends_with("_eh") || n.ends_with("_au") {
        Some(EnergyUnit::Hartree)
    } else {
        None
    }
}

/// A record's topology: element numbers, and bonds as (lower atom, higher atom, order), sorted.
#[derive(Debug, Default, PartialEq)]
struct Topology {
    elements: Vec<u8>,
    bonds: Vec<(usize, usize, u8)>,
}

impl Topology {
    /// Refills from a record and its bonds, reusing the buffers.
    fn fill(&mut self, mol: &Molecule, bonds: &[Bond]) {
        self.elements.clear();
        self.elements
            .extend(mol.atoms.iter().map(|a| a.element.number()));
        self.bonds.clear();
        self.bonds
            .extend(bonds.iter().map(|b| (b.a.min(b.b), b.a.max(b.b), b.order)));
        self.bonds.sort_unstable();
    }
}

/// Perception cached between consecutive records with the same topology (the bonds from the
/// file, or from covalent radii when it has none): conformers of one molecule are perceived once.
#[derive(Default)]
struct Perception {
    key: Topology,
    scratch: Topology,
    /// The ring to analyse; `None` before the first record.
    ring: Option<Result<NumberedRing, String>>,
    /// Permutations of the heavy-atom list to try in the duplicate check (first: identity).
    perms: Vec<Vec<usize>>,
    /// More automorphisms than [`MAX_PERMUTATIONS`].
    truncated: bool,
    /// Whether the molecule is chiral (module docs).
    chiral: bool,
    /// For a ring with two equivalent N-acyl groups (1,4-diacetyl-1,4-diazepane): the ring
    /// label each ring label maps to under the automorphism that exchanges the two acylated
    /// nitrogens; empty otherwise. Used to name a diacyl family canonically.
    swap_labels: Vec<(String, String)>,
}

impl Perception {
    /// Perceives `mol` unless its topology equals the previous record's.
    fn update(&mut self, mol: &Molecule, user_ring: Option<&[usize]>) {
        let from_radii;
        let bonds: &[Bond] = match &mol.bonds {
            Some(b) => b,
            None => {
                from_radii = bonds::from_radii(&mol.atoms);
                &from_radii
            }
        };
        self.scratch.fill(mol, bonds);
        if self.ring.is_none() || self.scratch != self.key {
            let g = Graph::from_bonds(mol.atoms.iter().map(|a| a.element).collect(), bonds);
            self.ring = Some(main_ring(&g, user_ring));
            let aut = symmetry::automorphisms(&g, MAX_PERMUTATIONS);
            let heavy: Vec<[f64; 3]> = aut
                .heavy
                .iter()
                .filter_map(|&i| mol.atoms.get(i).map(|a| a.pos))
                .collect();
            self.chiral = symmetry::is_chiral(&g, &aut, &heavy);
            self.swap_labels = match &self.ring {
                Some(Ok(r)) => acyl_swap_labels(r, &aut),
                _ => Vec::new(),
            };
            self.truncated = aut.truncated;
            self.perms = aut.perms;
            std::mem::swap(&mut self.key, &mut self.scratch);
        }
    }
}

/// The ring-label map of an automorphism that maps the N1 acyl nitrogen onto the second one and
/// the ring onto itself (module docs of [`Perception::swap_labels`]); empty when there is none.
fn acyl_swap_labels(r: &NumberedRing, aut: &symmetry::Automorphisms) -> Vec<(String, String)> {
    let (Some(&n1), Some((_, second))) = (r.atoms.first(), r.second_amide) else {
        return Vec::new();
    };
    let pos = |atom: usize| aut.heavy.iter().position(|&h| h == atom);
    let (Some(p1), Some(p4)) = (pos(n1), pos(second.n)) else {
        return Vec::new();
    };
    for perm in &aut.perms {
        if perm.get(p1) != Some(&p4) {
            continue;
        }
        let image = |atom: usize| {
            pos(atom)
                .and_then(|p| perm.get(p))
                .and_then(|&q| aut.heavy.get(q))
        };
        let map: Option<Vec<(String, String)>> = r
            .atoms
            .iter()
            .zip(&r.labels)
            .map(|(&a, label)| {
                let to = image(a)?;
                let k = r.atoms.iter().position(|&b| b == *to)?;
                Some((label.clone(), r.labels.get(k)?.clone()))
            })
            .collect();
        if let Some(m) = map {
            return m;
        }
    }
    Vec::new()
}

/// The family suffix of two amides `a/b` (ring carbons syn to O at N1 and at the second N),
/// named canonically when the two acyl groups are exchanged by a symmetry of the molecule: of
/// `a/b` and its image `swap(b)/swap(a)`, the smaller.
fn diacyl_suffix(a: &str, b: &str, swap: &[(String, String)]) -> String {
    let own = format!("{a}/{b}");
    let map = |x: &str| {
        swap.iter()
            .find(|(from, _)| from == x)
            .map(|(_, to)| to.as_str())
    };
    match (map(b), map(a)) {
        (Some(x), Some(y)) => own.min(format!("{x}/{y}")),
        _ => own,
    }
}

/// Ring to analyse in a structure: the user's, else the first perceived (N-acyl rings first).
pub fn main_ring(g: &Graph, user: Option<&[usize]>) -> Result<NumberedRing, String> {
    conformation::rings_of(g, user)?
        .into_iter()
        .next()
        .ok_or_else(|| "no ring of 5 to 8 atoms found (give one with --ring)".to_string())
}

/// A kept conformer's data for the duplicate check.
struct Kept {
    slot: usize,
    ticket: u64,
    energy_kcal_per_mol: f64,
    duplicates: usize,
    shape: Shape,
}

impl Kept {
    /// Bytes this entry holds (with its place in the eviction queue).
    fn bytes(&self) -> usize {
        std::mem::size_of::<Kept>() + std::mem::size_of::<i64>() + self.shape.heap_bytes()
    }
}

/// Heavy-atom coordinates for the duplicate check, centred on their centroid, and each atom's
/// distance from it.
///
/// The distances give a lower bound that needs no superposition: for centred sets and any
/// rotation R, |aᵢ − R bᵢ| ≥ ||aᵢ| − |bᵢ|| (triangle inequality, |R bᵢ| = |bᵢ|), so
/// RMSD ≥ sqrt(Σ (|aᵢ| − |bᵢ|)² / n). A pair whose bound reaches the threshold is no duplicate,
/// and the QCP superposition is skipped.
pub struct Shape {
    centred: Vec<[f32; 3]>,
    radii: Vec<f32>,
}

impl Shape {
    /// The shape of these heavy-atom positions, Å.
    pub fn of(heavy: impl Iterator<Item = [f64; 3]>) -> Self {
        let pts: Vec<Vec3<f64>> = heavy.map(Vec3::from_f64).collect();
        // No atoms: no centroid, and an empty shape that is nobody's duplicate.
        let c = centroid(&pts).unwrap_or(Vec3::new(0.0, 0.0, 0.0));
        let centred = pts.iter().map(|&p| p - c);
        Self {
            radii: centred.clone().map(|p| p.norm() as f32).collect(),
            centred: centred
                .map(|p| [p.x as f32, p.y as f32, p.z as f32])
                .collect(),
        }
    }

    fn heap_bytes(&self) -> usize {
        self.centred.len() * std::mem::size_of::<[f32; 3]>()
            + self.radii.len() * std::mem::size_of::<f32>()
    }

    /// The lower bound of the RMSD to `other` with `other`'s atoms taken in the order `perm`.
    pub fn rmsd_lower_bound(&self, other: &Shape, perm: &[usize]) -> f64 {
        let sum: f64 = self
            .radii
            .iter()
            .zip(perm)
            .map(|(&r, &j)| {
                let d = f64::from(r) - f64::from(other.radii.get(j).copied().unwrap_or(f32::MAX));
                d * d
            })
            .sum();
        (sum / self.radii.len().max(1) as f64).sqrt()
    }

    /// Whether the heavy-atom RMSD to the queried conformer (or, with `mirror`, to its mirror
    /// image) after optimal superposition is below [`DEDUPE_RMSD_ANGSTROM`] for one of its atom
    /// permutations. The radial lower bound holds for the mirror image too (|x| is unchanged).
    fn is_duplicate_of(&self, q: &mut Query<'_>, mirror: bool) -> bool {
        let other = q.shape;
        if self.centred.len() != other.centred.len() || self.centred.is_empty() {
            return false;
        }
        let mut mine: Option<Vec<Vec3<f64>>> = None;
        (0..q.perms.len()).any(|i| {
            let Some(p) = q.perms.get(i) else {
                return false;
            };
            // The radii are rounded to f32 (relative 6e-8): a margin of 1e-5 Å keeps the
            // skip safe.
            if self.rmsd_lower_bound(other, p) >= DEDUPE_RMSD_ANGSTROM + 1e-5 {
                return false;
            }
            let mine =
                mine.get_or_insert_with(|| self.centred.iter().map(|&p| f64_of(p)).collect());
            let theirs = q.ordered(i, mirror);
            theirs.len() == mine.len()
                && superposed_rmsd(mine, theirs).is_ok_and(|r| r < DEDUPE_RMSD_ANGSTROM)
        })
    }
}

fn f64_of(p: [f32; 3]) -> Vec3<f64> {
    Vec3::new(f64::from(p[0]), f64::from(p[1]), f64::from(p[2]))
}

/// A new conformer being checked against the held ones: its atoms in each permutation's order
/// (and mirrored, x → −x), in f64, built once on first need rather than once per compared pair.
struct Query<'a> {
    shape: &'a Shape,
    /// Atom orders to try, identity first ([`symmetry::automorphisms`]).
    perms: &'a [Vec<usize>],
    /// Permutation i at i, its mirror image at perms.len() + i.
    ordered: Vec<Option<Vec<Vec3<f64>>>>,
}

impl<'a> Query<'a> {
    fn new(shape: &'a Shape, perms: &'a [Vec<usize>]) -> Self {
        Self {
            shape,
            perms,
            ordered: vec![None; 2 * perms.len()],
        }
    }

    /// The atoms in the order of permutation `i`, mirrored on request.
    fn ordered(&mut self, i: usize, mirror: bool) -> &[Vec3<f64>] {
        let (shape, perm) = (self.shape, self.perms.get(i));
        let sign = if mirror { -1.0 } else { 1.0 };
        let slot = if mirror { self.perms.len() + i } else { i };
        match self.ordered.get_mut(slot) {
            Some(slot) => slot.get_or_insert_with(|| {
                perm.into_iter()
                    .flatten()
                    .filter_map(|&j| shape.centred.get(j).copied().map(f64_of))
                    .map(|p| Vec3::new(sign * p.x, p.y, p.z))
                    .collect()
            }),
            None => &[],
        }
    }
}

/// How a new conformer matches a held one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The same conformer (up to an automorphism).
    Same,
    /// The held one's mirror image.
    Mirror,
}

/// The kept conformers the duplicate check compares with, by energy bin of width
/// [`DEDUPE_ENERGY_KCAL_PER_MOL`], within a memory budget (oldest dropped first).
struct Dedupe {
    bins: HashMap<i64, VecDeque<Kept>>,
    /// Bin of every entry held, oldest first.
    order: VecDeque<i64>,
    bytes: usize,
    budget: usize,
    /// Energy range of the dropped entries, kcal/mol.
    dropped: Option<(f64, f64)>,
}

impl Dedupe {
    fn new(budget: usize) -> Self {
        Self {
            bins: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            budget,
            dropped: None,
        }
    }

    fn bin(e: f64) -> i64 {
        (e / DEDUPE_ENERGY_KCAL_PER_MOL).floor() as i64
    }

    /// The held conformer this one duplicates (module docs), if any, and how: the same
    /// conformer when `same`, its mirror image when `mirror` (each held one is tried as the same,
    /// then as the mirror image).
    fn find(
        &mut self,
        e: f64,
        shape: &Shape,
        perms: &[Vec<usize>],
        same: bool,
        mirror: bool,
    ) -> Option<(&mut Kept, Match)> {
        let mut q = Query::new(shape, perms);
        let b = Self::bin(e);
        let at = (b - 1..=b + 1).find_map(|k| {
            self.bins.get(&k)?.iter().enumerate().find_map(|(i, c)| {
                if (c.energy_kcal_per_mol - e).abs() >= DEDUPE_ENERGY_KCAL_PER_MOL {
                    return None;
                }
                if same && c.shape.is_duplicate_of(&mut q, false) {
                    Some((k, i, Match::Same))
                } else if mirror && c.shape.is_duplicate_of(&mut q, true) {
                    Some((k, i, Match::Mirror))
                } else {
                    None
                }
            })
        })?;
        Some((self.bins.get_mut(&at.0)?.get_mut(at.1)?, at.2))
    }

    /// Whether a dropped conformer lies within this energy's duplicate window.
    fn window_incomplete(&self, e: f64) -> bool {
        self.dropped.is_some_and(|(lo, hi)| {
            e > lo - DEDUPE_ENERGY_KCAL_PER_MOL && e < hi + DEDUPE_ENERGY_KCAL_PER_MOL
        })
    }

    /// Holds a kept conformer; returns those dropped to stay within the budget.
    fn insert(&mut self, k: Kept) -> Vec<Kept> {
        let b = Self::bin(k.energy_kcal_per_mol);
        self.bytes += k.bytes();
        self.bins.entry(b).or_default().push_back(k);
        self.order.push_back(b);
        let mut out = Vec::new();
        while self.bytes > self.budget {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            let Some(bin) = self.bins.get_mut(&old) else {
                continue;
            };
            if let Some(k) = bin.pop_front() {
                self.bytes = self.bytes.saturating_sub(k.bytes());
                let e = k.energy_kcal_per_mol;
                self.dropped = Some(
                    self.dropped
                        .map_or((e, e), |(lo, hi)| (lo.min(e), hi.max(e))),
                );
                out.push(k);
            }
            if bin.is_empty() {
                self.bins.remove(&old);
            }
        }
        out
    }

    /// Everything still held.
    fn drain(self) -> impl Iterator<Item = Kept> {
        self.bins.into_values().flatten()
    }
}

/// Accumulated numbers of one conformation × rotamer family.
struct FamilyAcc {
    conformation: String,
    rotamer: Option<String>,
    running: Running<f64>,
}

/// Reads and analyses an ensemble file, holding every kept conformer in memory (module docs;
/// for files of any size use [`scan`]).
pub fn read_ensemble(path: &Path, opts: &Options) -> Result<Ensemble, InputError> {
    let mut sink = Collect {
        conformers: Vec::new(),
        keep_coordinates: opts.keep_coordinates,
    };
    let mut e = match scan(path, opts, &mut sink) {
        Ok(e) => e,
        Err(Failure::Input(e)) => return Err(e),
        // Collecting into memory cannot fail; should it, name the file.
        Err(Failure::Other(e)) => return Err(InputError::file(path, format!("{e:#}"))),
    };
    for c in &mut sink.conformers {
        c.population = e.population_of(c.energy_kcal_per_mol, c.degeneracy);
        c.relative_energy_kcal_per_mol = e.relative_energy_of(c.energy_kcal_per_mol);
    }
    e.conformers = sink.conformers;
    Ok(e)
}

/// Reads and analyses an ensemble file in one pass and bounded memory (module docs): every kept
/// conformer goes to `sink`; the result holds the totals, families, populations (through
/// [`Ensemble::population_of`]) and the lowest-energy summaries.
pub fn scan(path: &Path, opts: &Options, sink: &mut dyn Sink) -> CmdResult<Ensemble> {
    // Validates the temperature; copied for the whole ensemble and for each family.
    let empty = Running::new(EnergyUnit::KcalPerMol, opts.temp_k)
        .map_err(|e| InputError::core_as("--temp-k", e))?;
    let mut running = empty;
    let mut records = Records::open(path)?;
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(opts.progress, total);
    let mut cache = Perception::default();
    let mut field: Option<(String, EnergyUnit, UnitSource)> = None;
    let mut range = EnergyRange::default();
    let mut families: BTreeMap<String, FamilyAcc> = BTreeMap::new();
    let mut lowest: Vec<Summary> = Vec::new();
    let mut dedupe = Dedupe::new(opts.dedupe_memory_bytes);
    let (mut kept, mut removed, mut incomplete) = (0, 0, 0);
    let (mut removed_mirror, mut enantiomeric, mut nonplanar) = (0, 0, 0);
    // Chirality and automorphisms of the first analysed molecule, as reported.
    let mut first: Option<(bool, usize, bool, bool)> = None;
    let mut skipped = Skipped::default();
    let mut read = 0;
    while let Some(rec) = records.next() {
        read += 1;
        if read % 512 == 0 {
            bar.set_position(records.bytes_read());
        }
        let result =
            rec.and_then(|mol| analyse(path, &mol, opts, &mut cache, &mut field).map(|c| (mol, c)));
        let (mol, (conf, shape)) = match result {
            Ok(x) => x,
            Err(e) if opts.keep_going => {
                skipped.push(&e);
                continue;
            }
            Err(e) => {
                bar.finish_and_clear();
                return Err(e.into());
            }
        };
        let mut conf = conf;
        let e = conf.energy_kcal_per_mol;
        let chiral_molecule = cache.chiral;
        first.get_or_insert((
            chiral_molecule,
            cache.perms.len(),
            cache.truncated,
            !cache.swap_labels.is_empty(),
        ));
        if opts.dedupe {
            let perms = cache.perms.as_slice();
            if let Some((k, how)) = dedupe.find(e, &shape, perms, true, !chiral_molecule) {
                k.duplicates += 1;
                let slot = k.slot;
                if let Some(s) = lowest.iter_mut().find(|s| s.slot == slot) {
                    s.duplicates += 1;
                }
                removed += 1;
                if how == Match::Mirror {
                    removed_mirror += 1;
                }
                continue;
            }
            if chiral_molecule && dedupe.find(e, &shape, perms, false, true).is_some() {
                enantiomeric += 1;
            }
            if dedupe.window_incomplete(e) {
                incomplete += 1;
            }
            // A chiral conformer of an achiral molecule stands for itself and its mirror image.
            let achiral_conformer = shape.is_duplicate_of(&mut Query::new(&shape, perms), true);
            conf.degeneracy = if chiral_molecule || achiral_conformer {
                1
            } else {
                2
            };
        }
        let g = f64::from(conf.degeneracy);
        range.push(conf.energy);
        if conf
            .amide
            .iter()
            .chain(&conf.second_amide)
            .any(AmideReport::nonplanar)
        {
            nonplanar += 1;
        }
        running
            .push(e, g)
            .map_err(|err| InputError::at(path, mol.line, format!("energy: {err}")))?;
        let rotamer = || conf.amide.as_ref().and_then(|a| a.ez).map(str::to_string);
        if !families.contains_key(&conf.family) {
            let acc = FamilyAcc {
                conformation: conf.ring.family_code().to_string(),
                rotamer: rotamer(),
                running: empty,
            };
            families.insert(conf.family.clone(), acc);
        }
        if let Some(fam) = families.get_mut(&conf.family) {
            fam.running
                .push(e, g)
                .map_err(|err| InputError::at(path, mol.line, format!("energy: {err}")))?;
        }
        // Among the LOWEST_KEPT lowest so far (earlier first on a tie)?
        let at = lowest.partition_point(|x| x.energy_kcal_per_mol <= e);
        if at < LOWEST_KEPT {
            let s = Summary {
                index: conf.index,
                energy_kcal_per_mol: e,
                relative_energy_kcal_per_mol: 0.0,
                population: 0.0,
                family: conf.family.clone(),
                conformation: conf.ring.family_code().to_string(),
                rotamer: rotamer(),
                rotamer_label: conf.amide.as_ref().and_then(AmideReport::ez_label),
                total_q_angstrom: conf.ring.total_q_angstrom,
                theta_deg: conf.ring.theta_deg,
                o_syn: conf.amide.as_ref().map(|a| a.o_syn.clone()),
                duplicates: 0,
                degeneracy: conf.degeneracy,
                slot: kept,
            };
            lowest.insert(at, s);
            lowest.truncate(LOWEST_KEPT);
        }
        let ticket = sink.keep(conf, &mol)?;
        if opts.dedupe {
            for k in dedupe.insert(Kept {
                slot: kept,
                ticket,
                energy_kcal_per_mol: e,
                duplicates: 0,
                shape,
            }) {
                report_duplicates(sink, &k)?;
            }
        }
        kept += 1;
    }
    bar.finish_and_clear();
    for k in dedupe.drain() {
        report_duplicates(sink, &k)?;
    }
    let (field, unit, unit_from) = field.ok_or_else(|| {
        InputError::file(
            path,
            format!(
                "no structure could be analysed ({} skipped)",
                skipped.records_skipped
            ),
        )
    })?;
    let warnings: Vec<String> = crate::units::energy_plausibility(&range, unit, unit_from)
        .map_err(|e| InputError::file(path, format!("energy field '{field}': {e}")))?
        .map(|w| format!("energy field '{field}': {w}"))
        .into_iter()
        .collect();
    let (chiral_molecule, automorphisms, automorphisms_truncated, equivalent_acyl_groups) =
        first.unwrap_or((false, 1, false, false));
    let summary = running
        .summary()
        .map_err(|e| InputError::file(path, format!("populations: {e}")))?;
    let mut ens = Ensemble {
        file: path.display().to_string(),
        temp_k: opts.temp_k,
        energy_field: field,
        energy_unit: crate::units::unit_name(unit),
        energy_unit_from: unit_from,
        warnings,
        structures_read: read,
        duplicates_removed: removed,
        nonplanar_amide_conformers: nonplanar,
        removed_as_mirror_image: removed_mirror,
        mirror_policy: MIRROR_POLICY,
        chiral_molecule,
        equivalent_acyl_groups,
        enantiomeric_conformers: enantiomeric,
        automorphisms,
        automorphisms_truncated,
        conformers_kept: kept,
        dedupe_incomplete: incomplete,
        families: Vec::new(),
        conformational_entropy_j_per_mol_k: summary.entropy_j_per_mol_k,
        ensemble_g_kcal_per_mol: crate::units::kcal(summary.g_rel_j_per_mol),
        skipped,
        conformers: Vec::new(),
        lowest: Vec::new(),
        running,
    };
    for s in &mut lowest {
        s.population = ens.population_of(s.energy_kcal_per_mol, s.degeneracy);
        s.relative_energy_kcal_per_mol = ens.relative_energy_of(s.energy_kcal_per_mol);
    }
    ens.lowest = lowest;
    ens.families = families
        .into_iter()
        .map(|(family, f)| Family {
            family,
            population: ens.running.share(&f.running).unwrap_or(0.0),
            conformers: f.running.len(),
            lowest_relative_energy_kcal_per_mol: f
                .running
                .e_min()
                .map_or(0.0, |m| ens.relative_energy_of(m)),
            conformation: f.conformation,
            rotamer: f.rotamer,
        })
        .collect();
    ens.families
        .sort_by(|a, b| b.population.total_cmp(&a.population));
    Ok(ens)
}

/// Tells the sink a conformer's final duplicate count, when there were any.
fn report_duplicates(sink: &mut dyn Sink, k: &Kept) -> anyhow::Result<()> {
    if k.duplicates > 0 {
        sink.duplicates(k.ticket, k.duplicates)?;
    }
    Ok(())
}

/// Analyses one record: the conformer (without population) and its heavy-atom shape (empty
/// without the duplicate check).
fn analyse(
    path: &Path,
    mol: &Molecule,
    opts: &Options,
    cache: &mut Perception,
    field: &mut Option<(String, EnergyUnit, UnitSource)>,
) -> Result<(Conformer, Shape), InputError> {
    let at =
        |what: String| InputError::at(path, mol.line, format!("structure {}: {what}", mol.index));
    let (fname, unit, _) = match field {
        Some(f) => f.clone(),
        None => {
            let f = energy_field(mol, opts).map_err(at)?;
            *field = Some(f.clone());
            f
        }
    };
    let raw = mol
        .field(&fname)
        .ok_or_else(|| at(format!("no energy field '{fname}'")))?;
    let energy = crate::io::table::parse_finite(raw.trim())
        .ok_or_else(|| at(format!("{fname}: '{}' is not a finite number", raw.trim())))?;
    let energy_kcal_per_mol = energy * unit.j_per_mol() / ringflux_core::constants::J_PER_KCAL;
    cache.update(mol, opts.ring.as_deref());
    let ring = match &cache.ring {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(at(e.clone())),
        None => return Err(at("internal: no perception".into())),
    };
    let ring_report = conformation::ring_report(mol, ring).map_err(|e| at(format!("ring: {e}")))?;
    let amide = conformation::amide_report(mol, ring).map_err(|e| at(format!("amide: {e}")))?;
    let second_amide = conformation::second_amide_report(mol, ring)
        .map_err(|e| at(format!("second amide: {e}")))?;
    let code = ring_report.family_code().to_string();
    let family = match (&amide, &second_amide) {
        (Some(a), Some(b)) => format!(
            "{code}-{}",
            diacyl_suffix(&a.o_syn, &b.o_syn, &cache.swap_labels)
        ),
        (Some(a), None) => match a.ez {
            Some(ez) => format!("{code}-{ez}"),
            None => code,
        },
        _ => code,
    };
    let shape = Shape::of(
        mol.atoms
            .iter()
            .filter(|a| opts.dedupe && a.element.is_heavy())
            .map(|a| a.pos),
    );
    Ok((
        Conformer {
            index: mol.index,
            name: mol.title.clone(),
            line: mol.line,
            energy,
            energy_kcal_per_mol,
            family,
            ring: ring_report,
            amide,
            second_amide,
            degeneracy: 1,
            elements: Vec::new(),
            coordinates: Vec::new(),
            relative_energy_kcal_per_mol: 0.0,
            population: 0.0,
            duplicates: 0,
        },
        shape,
    ))
}

/// The energy field, its unit and where the unit came from, decided on the first good record
/// (module docs).
fn energy_field(
    mol: &Molecule,
    opts: &Options,
) -> Result<(String, EnergyUnit, UnitSource), String> {
    let name = match &opts.energy_field {
        Some(f) => f.clone(),
        None => mol
            .data
            .iter()
            .map(|(k, _)| k)
            .find(|k| k.to_ascii_lowercase().contains("energy"))
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&str> = mol.data.iter().map(|(k, _)| k.as_str()).collect();
                format!(
                    "no energy field (name one with --energy-field; data fields here: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                )
            })?,
    };
    let (unit, from) = match (opts.energy_unit, unit_from_field_name(&name)) {
        (Some(u), _) => (u, UnitSource::Flag),
        (None, Some(u)) => (u, UnitSource::Name),
        (None, None) => (EnergyUnit::Hartree, UnitSource::Default),
    };
    Ok((name, unit, from))
}

/// A byte-based progress bar on stderr (hidden unless wanted and stderr is a terminal).
pub fn progress_bar(wanted: bool, total_bytes: u64) -> indicatif::ProgressBar {
    if !wanted {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total_bytes);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("reading conformers");
    bar
}
