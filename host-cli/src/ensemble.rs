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
//!   xtb/CREST convention), or `energy_unit` says.
//! * Duplicates (CREST defaults, Pracht, Bohle & Grimme, PCCP 2020, 22, 7169): a conformer is a
//!   duplicate of an earlier kept one when |ΔE| < 0.05 kcal/mol and the heavy-atom RMSD after
//!   optimal superposition (QCP, `ringflux_core::geometry::superposed_rmsd`) is < 0.125 Å.
//!   The RMSD is the minimum over the permutations of interchangeable terminal heavy atoms
//!   (same element on the same atom: the two methyls of an isopropyl, the three of a t-butyl, the
//!   fluorines of CF₃; at most [`MAX_PERMUTATIONS`]), so a copy with swapped methyls is caught;
//!   other symmetries (ring flips of a symmetric ring) are not. The first one in file order is
//!   kept.
//! * Populations: `ringflux_core::boltzmann::populations` over the kept conformers; a family's
//!   population is the sum of its conformers'. Conformational entropy −R Σ p ln p. Mirror-image
//!   conformers of an achiral molecule (equal energies, not superposable by a rotation) are
//!   distinct conformers and are both kept, each with its own weight.
//!
//! The file is streamed; memory grows with the kept conformers (their summary and heavy-atom
//! coordinates as f32 for the duplicate check), not with the file.

use crate::conformation::{self, AmideReport, RingReport};
use crate::error::InputError;
use crate::perceive::{Graph, NumberedRing};
use crate::structure::{Molecule, Records};
use ringflux_core::boltzmann;
use ringflux_core::constants::EnergyUnit;
use ringflux_core::geometry::{superposed_rmsd, Vec3};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Energy window of the duplicate check, kcal/mol (CREST `-ewin`-independent default `ethr`).
pub const DEDUPE_ENERGY_KCAL_PER_MOL: f64 = 0.05;
/// Heavy-atom RMSD threshold of the duplicate check, Å (CREST default `rthr`).
pub const DEDUPE_RMSD_ANGSTROM: f64 = 0.125;

/// Most atom permutations tried in the duplicate check.
pub const MAX_PERMUTATIONS: usize = 64;

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
    /// Keep the full per-conformer analysis ([`Ensemble::conformers`]); without it only the
    /// [`Summary`] of each conformer is kept (a few dozen bytes, for very large files).
    pub details: bool,
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
            details: true,
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
    /// Energy above the lowest kept conformer, kcal/mol.
    pub relative_energy_kcal_per_mol: f64,
    /// Boltzmann population (fraction).
    pub population: f64,
    /// Family key: conformation code and rotamer, e.g. `TC-E`; the code alone when the amide is
    /// absent or its rotamers are degenerate.
    pub family: String,
    /// Ring puckering (atoms, labels, coordinates, conformation).
    pub ring: RingReport,
    /// The N-acyl amide, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amide: Option<AmideReport>,
    /// Later records removed as duplicates of this one.
    pub duplicates: usize,
    /// Element symbols (only with `keep_coordinates`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<&'static str>,
    /// Coordinates, Å (only with `keep_coordinates`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinates: Vec<[f64; 3]>,
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
    /// Total puckering amplitude Q, Å.
    pub total_q_angstrom: f64,
    /// θ, degrees.
    pub theta_deg: Option<f64>,
    /// Ring atom label syn to the carbonyl O.
    pub o_syn: Option<String>,
    /// Later records removed as duplicates of this one.
    pub duplicates: usize,
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
    /// Records read (good and skipped).
    pub structures_read: usize,
    /// Duplicates removed.
    pub duplicates_removed: usize,
    /// Conformers kept (read − skipped − duplicates).
    pub conformers_kept: usize,
    /// Kept conformers in file order (empty unless [`Options::details`]).
    pub conformers: Vec<Conformer>,
    /// Summary of every kept conformer, in file order.
    #[serde(skip)]
    pub summaries: Vec<Summary>,
    /// Families, most populated first.
    pub families: Vec<Family>,
    /// Conformational entropy −R Σ p ln p over kept conformers, J/(mol K).
    pub conformational_entropy_j_per_mol_k: f64,
    /// Ensemble free energy relative to the lowest conformer, −RT ln Q_rel, kcal/mol.
    pub ensemble_g_kcal_per_mol: f64,
    /// Skipped records, `file:line: reason` (only with `keep_going`).
    pub skipped: Vec<String>,
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

/// Perception cached between consecutive records with the same elements and bonds.
struct Perceived {
    key: (Vec<u8>, Vec<(usize, usize)>),
    ring: Result<NumberedRing, String>,
    /// Permutations of the heavy-atom list to try in the duplicate check (first: identity).
    perms: Vec<Vec<usize>>,
}

/// Permutations of the heavy-atom list that exchange interchangeable terminal heavy atoms
/// (module docs), identity first, at most [`MAX_PERMUTATIONS`].
pub fn heavy_atom_permutations(g: &Graph) -> Vec<Vec<usize>> {
    let heavy: Vec<usize> = (0..g.len()).filter(|&i| g.element(i).is_heavy()).collect();
    let pos = |a: usize| heavy.iter().position(|&h| h == a);
    let heavy_degree = |a: usize| g.neighbours(a).filter(|&b| g.element(b).is_heavy()).count();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &a in &heavy {
        let mut terminal: Vec<usize> = g
            .neighbours(a)
            .filter(|&b| g.element(b).is_heavy() && heavy_degree(b) == 1)
            .collect();
        terminal.sort_by_key(|&b| (g.element(b), b));
        for chunk in terminal.chunk_by(|&x, &y| g.element(x) == g.element(y)) {
            if (2..=3).contains(&chunk.len()) {
                groups.push(chunk.iter().filter_map(|&b| pos(b)).collect());
            }
        }
    }
    let mut perms: Vec<Vec<usize>> = vec![(0..heavy.len()).collect()];
    for group in groups {
        let mut next = Vec::new();
        for p in &perms {
            for order in permutations(&group) {
                let mut q = p.clone();
                for (&from, &to) in group.iter().zip(&order) {
                    if let Some(slot) = q.get_mut(from) {
                        *slot = to;
                    }
                }
                next.push(q);
            }
        }
        if next.len() > MAX_PERMUTATIONS {
            break;
        }
        perms = next;
    }
    perms
}

/// All orderings of a short list (identity first).
fn permutations(v: &[usize]) -> Vec<Vec<usize>> {
    if v.len() <= 1 {
        return vec![v.to_vec()];
    }
    let mut out = Vec::new();
    for (k, &x) in v.iter().enumerate() {
        let mut rest = v.to_vec();
        rest.remove(k);
        for mut p in permutations(&rest) {
            p.insert(0, x);
            out.push(p);
        }
    }
    out
}

fn topology_key(g: &Graph) -> (Vec<u8>, Vec<(usize, usize)>) {
    let el = g.elements.iter().map(|e| e.number()).collect();
    let mut b: Vec<(usize, usize)> = g
        .adj
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            v.iter()
                .filter(move |(j, _)| i < *j)
                .map(move |&(j, _)| (i, j))
        })
        .collect();
    b.sort_unstable();
    (el, b)
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
    heavy: Vec<[f32; 3]>,
}

/// Reads and analyses an ensemble file (module docs).
pub fn read_ensemble(path: &Path, opts: &Options) -> Result<Ensemble, InputError> {
    if !(opts.temp_k.is_finite() && opts.temp_k > 0.0) {
        return Err(InputError::arg("--temp-k", "must be greater than zero"));
    }
    let mut records = Records::open(path)?;
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(opts.progress, total);
    let mut cache: Option<Perceived> = None;
    let mut field: Option<(String, EnergyUnit)> = None;
    let mut conformers: Vec<Conformer> = Vec::new();
    let mut summaries: Vec<Summary> = Vec::new();
    let mut energies_kcal: Vec<f64> = Vec::new();
    // Kept conformers by energy bin of width DEDUPE_ENERGY_KCAL_PER_MOL.
    let mut bins: BTreeMap<i64, Vec<Kept>> = BTreeMap::new();
    let mut removed = 0;
    let mut skipped = Vec::new();
    let mut read = 0;
    while let Some(rec) = records.next() {
        read += 1;
        if read % 512 == 0 {
            bar.set_position(records.bytes_read());
        }
        let result =
            rec.and_then(|mol| analyse(path, &mol, opts, &mut cache, &mut field).map(|c| (mol, c)));
        let (mol, (conf, heavy)) = match result {
            Ok(x) => x,
            Err(e) if opts.keep_going => {
                skipped.push(e.to_string());
                continue;
            }
            Err(e) => {
                bar.finish_and_clear();
                return Err(e);
            }
        };
        let e = conf.energy_kcal_per_mol;
        let perms = cache.as_ref().map(|c| c.perms.as_slice()).unwrap_or(&[]);
        if opts.dedupe {
            let bin = (e / DEDUPE_ENERGY_KCAL_PER_MOL).floor() as i64;
            let mut dup_of = None;
            'search: for (_, kept) in bins.range(bin - 1..=bin + 1) {
                for k in kept {
                    let other = energies_kcal.get(k.slot).copied().unwrap_or(f64::MAX);
                    if (other - e).abs() < DEDUPE_ENERGY_KCAL_PER_MOL
                        && is_same_shape(&k.heavy, &heavy, perms)
                    {
                        dup_of = Some(k.slot);
                        break 'search;
                    }
                }
            }
            if let Some(slot) = dup_of {
                removed += 1;
                if let Some(c) = conformers.get_mut(slot) {
                    c.duplicates += 1;
                }
                if let Some(c) = summaries.get_mut(slot) {
                    c.duplicates += 1;
                }
                continue;
            }
            bins.entry(bin).or_default().push(Kept {
                slot: summaries.len(),
                heavy,
            });
        }
        summaries.push(Summary {
            index: conf.index,
            energy_kcal_per_mol: e,
            relative_energy_kcal_per_mol: 0.0,
            population: 0.0,
            family: conf.family.clone(),
            conformation: conf.ring.family_code().to_string(),
            rotamer: conf.amide.as_ref().and_then(|a| a.ez).map(str::to_string),
            total_q_angstrom: conf.ring.total_q_angstrom,
            theta_deg: conf.ring.theta_deg,
            o_syn: conf.amide.as_ref().map(|a| a.o_syn.clone()),
            duplicates: 0,
        });
        energies_kcal.push(e);
        if opts.details {
            let mut conf = conf;
            if opts.keep_coordinates {
                conf.elements = mol.atoms.iter().map(|a| a.element.symbol()).collect();
                conf.coordinates = mol.atoms.iter().map(|a| a.pos).collect();
            }
            conformers.push(conf);
        }
    }
    bar.finish_and_clear();
    let (field, unit) = field.ok_or_else(|| {
        InputError::file(
            path,
            format!("no structure could be analysed ({} skipped)", skipped.len()),
        )
    })?;
    let mut p = vec![0.0; energies_kcal.len()];
    let ens = boltzmann::populations(
        &energies_kcal,
        &[],
        EnergyUnit::KcalPerMol,
        opts.temp_k,
        &mut p,
    )
    .map_err(|e| InputError::file(path, format!("populations: {e}")))?;
    let e_min = energies_kcal.get(ens.min_index).copied().unwrap_or(0.0);
    for (c, &pop) in conformers.iter_mut().zip(&p) {
        c.population = pop;
        c.relative_energy_kcal_per_mol = c.energy_kcal_per_mol - e_min;
    }
    for (c, &pop) in summaries.iter_mut().zip(&p) {
        c.population = pop;
        c.relative_energy_kcal_per_mol = c.energy_kcal_per_mol - e_min;
    }
    Ok(Ensemble {
        file: path.display().to_string(),
        temp_k: opts.temp_k,
        energy_field: field,
        energy_unit: crate::cmd::boltzmann::unit_name(unit),
        structures_read: read,
        duplicates_removed: removed,
        conformers_kept: summaries.len(),
        families: families(&summaries),
        conformers,
        summaries,
        conformational_entropy_j_per_mol_k: ens.entropy_j_per_mol_k,
        ensemble_g_kcal_per_mol: crate::units::kcal(ens.g_rel_j_per_mol),
        skipped,
    })
}

/// Heavy-atom RMSD below the threshold for some permutation of `b`.
fn is_same_shape(a: &[[f32; 3]], b: &[[f32; 3]], perms: &[Vec<usize>]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let v = |p: &[f32; 3]| Vec3::new(f64::from(p[0]), f64::from(p[1]), f64::from(p[2]));
    let va: Vec<Vec3<f64>> = a.iter().map(v).collect();
    let identity: Vec<usize> = (0..b.len()).collect();
    let perms: &[Vec<usize>] = if perms.is_empty() {
        std::slice::from_ref(&identity)
    } else {
        perms
    };
    perms.iter().any(|p| {
        let vb: Vec<Vec3<f64>> = p.iter().filter_map(|&i| b.get(i)).map(v).collect();
        vb.len() == va.len() && superposed_rmsd(&va, &vb).is_ok_and(|r| r < DEDUPE_RMSD_ANGSTROM)
    })
}

/// Sums populations by family, most populated first.
fn families(conformers: &[Summary]) -> Vec<Family> {
    let mut map: BTreeMap<String, Family> = BTreeMap::new();
    for c in conformers {
        let f = map.entry(c.family.clone()).or_insert_with(|| Family {
            family: c.family.clone(),
            conformation: c.conformation.clone(),
            rotamer: c.rotamer.clone(),
            population: 0.0,
            conformers: 0,
            lowest_relative_energy_kcal_per_mol: f64::INFINITY,
        });
        f.population += c.population;
        f.conformers += 1;
        f.lowest_relative_energy_kcal_per_mol = f
            .lowest_relative_energy_kcal_per_mol
            .min(c.relative_energy_kcal_per_mol);
    }
    let mut v: Vec<Family> = map.into_values().collect();
    v.sort_by(|a, b| b.population.total_cmp(&a.population));
    v
}

/// Analyses one record: the conformer (without population) and its heavy-atom coordinates.
fn analyse(
    path: &Path,
    mol: &Molecule,
    opts: &Options,
    cache: &mut Option<Perceived>,
    field: &mut Option<(String, EnergyUnit)>,
) -> Result<(Conformer, Vec<[f32; 3]>), InputError> {
    let at =
        |what: String| InputError::at(path, mol.line, format!("structure {}: {what}", mol.index));
    let (fname, unit) = match field {
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
    let energy = crate::table::parse_finite(raw.trim())
        .ok_or_else(|| at(format!("{fname}: '{}' is not a finite number", raw.trim())))?;
    let energy_kcal_per_mol = energy * unit.j_per_mol() / ringflux_core::constants::J_PER_KCAL;
    // Perception, reused while the topology does not change.
    let g = Graph::of(mol);
    let key = topology_key(&g);
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let ring = main_ring(&g, opts.ring.as_deref());
        let perms = heavy_atom_permutations(&g);
        *cache = Some(Perceived { key, ring, perms });
    }
    let Some(p) = cache.as_ref() else {
        return Err(at("internal: perception cache empty".into()));
    };
    let ring = p.ring.as_ref().map_err(|e| at(e.clone()))?;
    let ring_report = conformation::ring_report(mol, ring).map_err(|e| at(format!("ring: {e}")))?;
    let amide = conformation::amide_report(mol, ring).map_err(|e| at(format!("amide: {e}")))?;
    let code = ring_report.family_code().to_string();
    let family = match amide.as_ref().and_then(|a| a.ez) {
        Some(ez) => format!("{code}-{ez}"),
        None => code,
    };
    let heavy = if opts.dedupe {
        mol.atoms
            .iter()
            .filter(|a| a.element.is_heavy())
            .map(|a| a.pos.map(|x| x as f32))
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        Conformer {
            index: mol.index,
            name: mol.title.clone(),
            line: mol.line,
            energy,
            energy_kcal_per_mol,
            relative_energy_kcal_per_mol: 0.0,
            population: 0.0,
            family,
            ring: ring_report,
            amide,
            duplicates: 0,
            elements: Vec::new(),
            coordinates: Vec::new(),
        },
        heavy,
    ))
}

/// The energy field and its unit, decided on the first good record (module docs).
fn energy_field(mol: &Molecule, opts: &Options) -> Result<(String, EnergyUnit), String> {
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
    let unit = opts
        .energy_unit
        .or_else(|| unit_from_field_name(&name))
        .unwrap_or(EnergyUnit::Hartree);
    Ok((name, unit))
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
