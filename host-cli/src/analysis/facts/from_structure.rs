//! Facts for the SAR rules from 3D structures (via the geometry modules): the N-acyl ring, its
//! conformation and amide rotamer, the substituents at C2, C7 and N4, the atom numbers of the
//! ring positions (so a suggestion can say "C7 — atom 12 in your file"), and from a conformer
//! ensemble the populations of the pucker families and rotamers.
//!
//! Rotamers are compared as "O syn to C2 / C7" (geometry), never as E/Z: a C7 methyl changes the
//! CIP ranking of the ring carbons on N1, so the same geometry is E in the parent and Z in the
//! 7-methyl analogue.

use crate::analysis::facts::{AtomMap, FactSheet};
use crate::chem::conformation::{self, AmideReport, RingReport};
use crate::chem::ensemble::Ensemble;
use crate::chem::perceive::{self, Graph};
use crate::error::InputError;
use crate::io::structure::{Molecule, Records};
use ringflux_rules::{Conformation, Fact, Family, Ring, Rotamer, Substituent, Value};
use std::path::Path;

/// What one structure says about its N-acyl ring.
#[derive(Debug, Clone)]
pub struct RingFacts {
    /// Ring system.
    pub ring: Option<Ring>,
    /// Ring size.
    pub size: usize,
    /// Conformation (the nearest canonical form for an intermediate), 7-rings only.
    pub conformation: Option<Conformation>,
    /// Which ring carbon is syn to the carbonyl O of the N1 amide.
    pub rotamer: Option<Rotamer>,
    /// The same for a second amide at N4 (1,4-diacyl-1,4-diazepanes).
    pub rotamer_n4: Option<Rotamer>,
    /// E/Z ↔ O-syn for the N1 amide, when the ring carbons on N1 rank differently (CIP).
    pub ez: Option<RotamerEz>,
    /// Substituents at C2, C7 and N4.
    pub substituents: [Option<Substituent>; 3],
    /// Atom numbers of the ring positions.
    pub atoms: AtomMap,
}

/// The conformation of a ring report, when it is one of the four 7-ring forms.
pub fn conformation_of(r: &RingReport) -> Option<Conformation> {
    Conformation::from_name(r.family_code())
}

/// The rotamer of an amide report on a 7-ring: the ring carbon syn to O, `C2` / `C7` for the
/// N1 amide (`nitrogen` 1), `C3` / `C5` for a second amide at N4 (`nitrogen` 4). `None` when the
/// two ring carbons on that nitrogen are equivalent (no E/Z: azepane, a symmetric diazepane
/// N-substituent pattern), where the two orientations are one conformer and there is no rotamer
/// to report (issue 16), and on other ring sizes, whose labels the rules' rotamers do not name.
pub fn rotamer_of(a: &AmideReport, ring_size: usize, nitrogen: u8) -> Option<Rotamer> {
    a.ez?;
    if ring_size != 7 {
        return None;
    }
    let r = match a.o_syn.as_str() {
        "C2" => Rotamer::OSynC2,
        "C7" => Rotamer::OSynC7,
        "C3" => Rotamer::OSynC3,
        "C5" => Rotamer::OSynC5,
        _ => return None,
    };
    (r.nitrogen() == nitrogen).then_some(r)
}

/// The same rotamer seen from the other acyl nitrogen, for a diazepane whose two acyl groups a
/// molecular symmetry exchanges (N1 ↔ N4 maps C2 ↔ C3 and C7 ↔ C5).
pub fn swapped(r: Rotamer) -> Rotamer {
    match r {
        Rotamer::OSynC2 => Rotamer::OSynC3,
        Rotamer::OSynC3 => Rotamer::OSynC2,
        Rotamer::OSynC7 => Rotamer::OSynC5,
        Rotamer::OSynC5 => Rotamer::OSynC7,
    }
}

/// The other vocabulary of the N1 amide's rotamers: which O-syn name is Z (O on the side of
/// the ring carbon on N1 that outranks the other by CIP) and which is E, for one molecule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RotamerEz {
    /// The O-syn name of Z.
    pub z: &'static str,
    /// The O-syn name of E.
    pub e: &'static str,
    /// The structure file whose CIP ranking fixed it.
    pub file: String,
}

impl RotamerEz {
    /// The mapping from one structure's N1 amide: its own E/Z label and O-syn rotamer.
    fn of(a: &AmideReport, rotamer: Rotamer, file: &Path) -> Option<Self> {
        let other = match rotamer {
            Rotamer::OSynC2 => Rotamer::OSynC7,
            Rotamer::OSynC7 => Rotamer::OSynC2,
            _ => return None,
        };
        let (z, e) = match a.ez? {
            "Z" => (rotamer, other),
            "E" => (other, rotamer),
            _ => return None,
        };
        Some(RotamerEz {
            z: z.name(),
            e: e.name(),
            file: file.display().to_string(),
        })
    }

    /// The O-syn rotamer named `E` or `Z` (case-insensitive); `None` for other names.
    pub fn rotamer(&self, ez: &str) -> Option<Rotamer> {
        let name = match ez.to_ascii_uppercase().as_str() {
            "Z" => self.z,
            "E" => self.e,
            _ => return None,
        };
        Rotamer::from_name(name)
    }

    /// `E` or `Z` for an O-syn name of the N1 amide.
    pub fn label(&self, o_syn: &str) -> Option<&'static str> {
        [(self.z, "Z"), (self.e, "E")]
            .into_iter()
            .find(|(n, _)| *n == o_syn)
            .map(|(_, l)| l)
    }
}

fn ring_kind(labels: &[String]) -> Option<Ring> {
    let has_n4 = labels.iter().any(|l| l == "N4");
    match (labels.len(), has_n4) {
        (7, true) => Some(Ring::Diazepane),
        (7, false) => Some(Ring::Azepane),
        (6, true) => Some(Ring::Piperazine),
        (6, false) => Some(Ring::Piperidine),
        _ => Some(Ring::Other),
    }
}

/// What sits on ring atom `i` (0-based) outside the ring: none, methyl, other alkyl, aryl
/// (a neighbour in a 5- or 6-ring of atoms with at most three neighbours), acyl (a neighbour
/// carbon or sulfur carrying a terminal oxygen), or other.
pub fn substituent(g: &Graph, i: usize, ring: &[usize]) -> Substituent {
    let heavy = |j: usize| g.element(j).is_heavy();
    let out: Vec<usize> = g
        .neighbours(i)
        .filter(|&j| heavy(j) && !ring.contains(&j))
        .collect();
    let rings = perceive::rings(g);
    match out.as_slice() {
        [] => Substituent::None,
        [j] => {
            let j = *j;
            let sym = g.element(j).symbol();
            let heavy_degree = g.neighbours(j).filter(|&k| heavy(k)).count();
            let terminal_o = g
                .neighbours(j)
                .any(|k| g.element(k).symbol() == "O" && g.degree(k) == 1);
            let flat_ring = rings.iter().any(|r| {
                (r.len() == 5 || r.len() == 6)
                    && r.contains(&j)
                    && r.iter().all(|&k| g.degree(k) <= 3)
            });
            match sym {
                "C" if heavy_degree == 1 => Substituent::Methyl,
                "C" | "S" if terminal_o => Substituent::Acyl,
                "C" | "N" if flat_ring => Substituent::Aryl,
                "C" => Substituent::Alkyl,
                _ => Substituent::Other,
            }
        }
        _ if out.iter().all(|&j| g.element(j).symbol() == "C") => Substituent::Alkyl,
        _ => Substituent::Other,
    }
}

/// Facts of the first N-acyl ring of one structure.
pub fn ring_facts(path: &Path, mol: &Molecule) -> Result<RingFacts, InputError> {
    let at =
        |what: String| InputError::at(path, mol.line, format!("structure {}: {what}", mol.index));
    let g = Graph::of(mol);
    let rings = conformation::rings_of(&g, None).map_err(at)?;
    let ring = rings
        .iter()
        .find(|r| r.amide.is_some())
        .ok_or_else(|| at("no N-acyl ring (5–8 atoms) found".to_string()))?;
    let report = conformation::ring_report(mol, ring).map_err(|e| at(format!("ring: {e}")))?;
    let amide = conformation::amide_report(mol, ring).map_err(|e| at(format!("amide: {e}")))?;
    let second = conformation::second_amide_report(mol, ring)
        .map_err(|e| at(format!("second amide: {e}")))?;
    let mut atoms = AtomMap {
        file: path.display().to_string(),
        ..AtomMap::default()
    };
    for (label, &i) in ring.labels.iter().zip(&ring.atoms) {
        if let Some(p) = ringflux_rules::Position::from_name(label) {
            atoms.atoms.insert(p.name(), i + 1);
        }
    }
    if let Some(a) = &amide {
        atoms
            .atoms
            .insert(ringflux_rules::Position::Acyl.name(), a.carbonyl_c);
    }
    let sub = |label: &str| {
        ring.labels
            .iter()
            .position(|l| l == label)
            .and_then(|k| ring.atoms.get(k))
            .map(|&i| substituent(&g, i, &ring.atoms))
    };
    Ok(RingFacts {
        ring: ring_kind(&ring.labels),
        size: ring.atoms.len(),
        conformation: (ring.atoms.len() == 7)
            .then(|| conformation_of(&report))
            .flatten(),
        rotamer: amide.as_ref().and_then(|a| rotamer_of(a, report.size, 1)),
        ez: amide
            .as_ref()
            .and_then(|a| RotamerEz::of(a, rotamer_of(a, report.size, 1)?, path)),
        rotamer_n4: second.as_ref().and_then(|a| rotamer_of(a, report.size, 4)),
        substituents: [sub("C2"), sub("C7"), sub("N4")],
        atoms,
    })
}

/// The first structure of a file.
pub fn first_structure(path: &Path) -> Result<Molecule, InputError> {
    Records::open(path)?
        .next()
        .ok_or_else(|| InputError::file(path, "no structure in the file"))?
}

/// Number of structures in a file (streams through it).
pub fn count_structures(path: &Path) -> Result<usize, InputError> {
    let mut n = 0;
    for rec in Records::open(path)? {
        rec?;
        n += 1;
    }
    Ok(n)
}

/// Sets the facts of the molecule itself (ring system, size, substituents) from a structure.
pub fn set_molecule_facts(
    s: &mut FactSheet,
    f: &RingFacts,
    source: &str,
) -> Result<(), InputError> {
    if let Some(r) = f.ring {
        s.set_default(Fact::Ring, Value::Ring(r), source)?;
    }
    s.set_default(Fact::RingSize, Value::Number(f.size as f64), source)?;
    let facts = [
        Fact::SubstituentC2,
        Fact::SubstituentC7,
        Fact::SubstituentN4,
    ];
    for (fact, sub) in facts.into_iter().zip(f.substituents) {
        if let Some(sub) = sub {
            s.set_default(fact, Value::Substituent(sub), source)?;
        }
    }
    Ok(())
}

/// Population of one conformation × rotamer family.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyPopulation {
    /// Conformation code (`TC`, `TB`, …).
    pub conformation: String,
    /// Rotamer of the N1 amide.
    pub rotamer: Option<Rotamer>,
    /// Rotamer of a second amide at N4.
    pub rotamer_n4: Option<Rotamer>,
    /// Population (fraction).
    pub population: f64,
}

/// Populations of one ensemble by conformation × rotamer(N1) × rotamer(N4) (geometric: the
/// ring carbon syn to O), by pucker family and by rotamer at each nitrogen.
#[derive(Debug, Clone, Default)]
pub struct Populations {
    /// The families, most populated first.
    pub families: Vec<FamilyPopulation>,
    /// Chair-family and boat-family populations.
    pub pucker: [f64; 2],
    /// O-syn-C2 and O-syn-C7 populations (N1 amide).
    pub rotamers: [f64; 2],
    /// O-syn-C3 and O-syn-C5 populations (N4 amide; zero without one).
    pub rotamers_n4: [f64; 2],
    /// Population per conformation code.
    pub conformations: Vec<(String, f64)>,
}

impl Populations {
    fn add_family(&mut self, conformation: &str, rot: [Option<Rotamer>; 2], population: f64) {
        match self
            .families
            .iter_mut()
            .find(|f| f.conformation == conformation && [f.rotamer, f.rotamer_n4] == rot)
        {
            Some(f) => f.population += population,
            None => self.families.push(FamilyPopulation {
                conformation: conformation.to_string(),
                rotamer: rot[0],
                rotamer_n4: rot[1],
                population,
            }),
        }
    }

    fn add_rotamer(&mut self, r: Rotamer, population: f64) {
        let slot = match r {
            Rotamer::OSynC2 => &mut self.rotamers[0],
            Rotamer::OSynC7 => &mut self.rotamers[1],
            Rotamer::OSynC3 => &mut self.rotamers_n4[0],
            Rotamer::OSynC5 => &mut self.rotamers_n4[1],
        };
        *slot += population;
    }
}

/// Sums the conformer populations of an ensemble.
///
/// When a symmetry exchanges the two acyl groups ([`Ensemble::equivalent_acyl_groups`]), which
/// nitrogen is called N1 is arbitrary: a family is named as the ensemble names it (the smaller of
/// `a/b` and its mirror `swap(b)/swap(a)`), and the rotamer populations at N1 and N4 are the
/// symmetric average, so that O-syn-C2 at N1 equals O-syn-C3 at N4.
pub fn populations(e: &Ensemble) -> Populations {
    let mut p = Populations::default();
    for c in &e.conformers {
        let code = c.ring.family_code();
        let size = c.ring.size;
        let r1 = c.amide.as_ref().and_then(|a| rotamer_of(a, size, 1));
        let r4 = c.second_amide.as_ref().and_then(|a| rotamer_of(a, size, 4));
        let pop = c.population;
        match (r1, r4) {
            (Some(a), Some(b)) if e.equivalent_acyl_groups => {
                let (x, y) = (swapped(b), swapped(a));
                let key = if (a.name(), b.name()) <= (x.name(), y.name()) {
                    [a, b]
                } else {
                    [x, y]
                };
                p.add_family(code, key.map(Some), pop);
                for r in [a, b, x, y] {
                    p.add_rotamer(r, pop / 2.0);
                }
            }
            _ => {
                p.add_family(code, [r1, r4], pop);
                for r in [r1, r4].into_iter().flatten() {
                    p.add_rotamer(r, pop);
                }
            }
        }
        match p.conformations.iter_mut().find(|(k, _)| k == code) {
            Some((_, sum)) => *sum += pop,
            None => p.conformations.push((code.to_string(), pop)),
        }
        match conformation_of(&c.ring).map(Conformation::family) {
            Some(Family::Chair) => p.pucker[0] += pop,
            Some(Family::Boat) => p.pucker[1] += pop,
            None => {}
        }
    }
    p.families
        .sort_by(|a, b| b.population.total_cmp(&a.population));
    p.conformations.sort_by(|a, b| b.1.total_cmp(&a.1));
    p
}

/// Sets the ensemble facts: major conformation and its family's population, the family
/// populations (for `bioactive_population`), the major rotamer, the rotamer ratio and ΔG°, and
/// the conformational entropy.
pub fn set_ensemble_facts(s: &mut FactSheet, e: &Ensemble, source: &str) -> Result<(), InputError> {
    let p = populations(e);
    let by_conf: Vec<(Conformation, f64)> = p
        .conformations
        .iter()
        .filter_map(|(k, pop)| Conformation::from_name(k).map(|c| (c, *pop)))
        .collect();
    crate::analysis::facts::feed::set_major(s, &by_conf, source)?;
    let majors = [
        (
            Fact::MajorRotamer,
            p.rotamers,
            [Rotamer::OSynC2, Rotamer::OSynC7],
        ),
        (
            Fact::MajorRotamerN4,
            p.rotamers_n4,
            [Rotamer::OSynC3, Rotamer::OSynC5],
        ),
    ];
    for (fact, [first, second], [r_first, r_second]) in majors {
        if first > 0.0 || second > 0.0 {
            let major = if first >= second { r_first } else { r_second };
            s.set_default(fact, Value::Rotamer(major), source)?;
        }
    }
    let [c2, c7] = p.rotamers;
    let (hi, lo) = (c2.max(c7), c2.min(c7));
    if lo > 0.0 && hi / lo <= 1e9 {
        let ratio = hi / lo;
        s.set_default(Fact::RotamerRatio, Value::Number(ratio), source)?;
        let eq = ringflux_core::equilibrium::from_ratio(hi, lo, e.temp_k)
            .map_err(|err| InputError::file(Path::new(source), err.to_string()))?;
        let dg = crate::units::kcal(eq.dg0_j_per_mol);
        s.set_default(Fact::Dg0RotamerKcalPerMol, Value::Number(dg), source)?;
    }
    s.set_default(
        Fact::ConformationalEntropyJPerMolK,
        Value::Number(e.conformational_entropy_j_per_mol_k),
        source,
    )?;
    Ok(())
}

/// Whether a structure carries an energy data field (so its file is an ensemble to weight).
fn has_energy(mol: &Molecule) -> bool {
    mol.data
        .iter()
        .any(|(k, _)| k.to_ascii_lowercase().contains("energy"))
}

/// The facts of a molecule from its structure file: ring system, size and substituents of the
/// first structure and its atom numbers; for an ensemble (energies, or several structures) the
/// populations at `temp_k`, else the single structure's conformation and rotamer as the major ones.
pub fn molecule_sheet(path: &Path, temp_k: f64) -> Result<FactSheet, InputError> {
    let source = path.file_name().map_or(path.display().to_string(), |n| {
        n.to_string_lossy().into_owned()
    });
    let mut s = FactSheet::default();
    let mol = first_structure(path)?;
    let first = ring_facts(path, &mol)?;
    set_molecule_facts(&mut s, &first, &source)?;
    if has_energy(&mol) || count_structures(path)? > 1 {
        let opts = crate::chem::ensemble::Options {
            temp_k,
            progress: true,
            ..crate::chem::ensemble::Options::default()
        };
        let e = crate::chem::ensemble::read_ensemble(path, &opts)?;
        set_ensemble_facts(&mut s, &e, &source)?;
    } else {
        if let Some(c) = first.conformation {
            s.set(Fact::MajorConformation, Value::Conformation(c), &source)?;
        }
        if let Some(r) = first.rotamer {
            s.set(Fact::MajorRotamer, Value::Rotamer(r), &source)?;
        }
        if let Some(r) = first.rotamer_n4 {
            s.set(Fact::MajorRotamerN4, Value::Rotamer(r), &source)?;
        }
    }
    s.rotamer_ez = first.ez;
    s.atoms = Some(first.atoms);
    // Two distinct rotamers only when the ring carbons on N1 differ (E/Z defined).
    s.rotamers_distinct = Some(first.rotamer.is_some());
    Ok(s)
}
