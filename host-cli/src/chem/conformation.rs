//! The conformation of one structure: for each ring its Cremer–Pople coordinates, torsions and
//! class, and for an N-acyl ring the amide rotamer — the facts `pucker` and `conformers` report.
//! The numbers come from `ringflux_core::{pucker, amide}`; this module picks the atoms.

use crate::chem::perceive::{self, Graph, NumberedRing};
use crate::io::structure::Molecule;
use ringflux_core::amide::{self, AmideAtoms, CnClass, Ez, OSyn, Priority};
use ringflux_core::geometry::Vec3;
use ringflux_core::pucker::{self, Classification};
use serde::Serialize;

/// Puckering amplitudes, Å (absent keys: the ring size has no such coordinate).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Amplitudes {
    /// q2 (N ≥ 5).
    pub q2: f64,
    /// q3: amplitude (N = 7, 8) or signed q_{N/2} (N = 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q3: Option<f64>,
    /// Signed q4 (N = 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q4: Option<f64>,
}

/// Puckering phases, degrees in [0, 360); a phase is absent when the ring has no such mode or
/// its amplitude is below 0.02 Å (the phase is then meaningless, pucker.md §3).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Phases {
    /// φ2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phi2: Option<f64>,
    /// φ3 (N = 7, 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phi3: Option<f64>,
}

/// Puckering of one ring, as reported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RingReport {
    /// Ring size N.
    pub size: usize,
    /// Atom numbers (1-based, file order) in ring order N1, C2, …
    pub atoms: Vec<usize>,
    /// The file's own numbers of the same atoms (PDB serial, mmCIF `id`), where it has them;
    /// `null` for one it could not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub atom_serials: Option<Vec<Option<i64>>>,
    /// Atom labels in ring order (`N1`, `C2`, …).
    pub labels: Vec<String>,
    /// Amplitudes q_m, Å: `q2`, `q3`, `q4`; for even N the last is the signed q_{N/2}.
    pub q_angstrom: Amplitudes,
    /// Phases φ_m, degrees in [0, 360): `phi2`, `phi3`; absent when q_m < 0.02 Å.
    pub phi_deg: Phases,
    /// Total puckering amplitude Q, Å.
    pub total_q_angstrom: f64,
    /// θ (N = 6, 7), degrees. For 6-rings folded to [0°, 90°] (min(θ, 180° − θ)): a chair and
    /// its mirror image, or the same chair numbered in the other direction, have θ and
    /// 180° − θ; the sign of `q3` keeps which pole it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theta_deg: Option<f64>,
    /// Conformation code (`C`, `TC`, `B`, `TB`, `H`, `E`, `T`, `P` = planar) or `intermediate`;
    /// `null` for rings without a classification scheme (8-rings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformation: Option<String>,
    /// Nearest canonical form (code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<String>,
    /// For an intermediate, the other form it lies between (code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub between: Option<String>,
    /// Distance to the nearest canonical form, degrees (phase, or arc for 6-rings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_deg: Option<f64>,
    /// `chair` or `boat` (6- and 7-rings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<&'static str>,
    /// Endocyclic torsions ω1… (ω1 = atoms 1-2-3-4), degrees.
    pub torsions_deg: Vec<f64>,
    /// Cyclic count of torsion sign changes.
    pub sign_changes: usize,
}

impl RingReport {
    /// The conformation code used for families: the form, or the nearest form for an
    /// intermediate (`?` when the ring has no classification).
    pub fn family_code(&self) -> &str {
        match self.conformation.as_deref() {
            Some("intermediate") => self.nearest.as_deref().unwrap_or("?"),
            Some(c) => c,
            None => "?",
        }
    }
}

/// The N-acyl amide, as reported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AmideReport {
    /// Carbonyl carbon, oxygen and acyl substituent (1-based atom numbers).
    pub carbonyl_c: usize,
    /// Carbonyl oxygen (1-based).
    pub oxygen: usize,
    /// Third substituent of the carbonyl carbon (1-based).
    pub substituent: usize,
    /// `C2` or `C7` (the ring atom label syn to O; `C6` for 6-rings).
    pub o_syn: String,
    /// `E`, `Z`, or `null` when the two ring carbons on N1 rank equal (degenerate rotamers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ez: Option<&'static str>,
    /// Which ring carbon on N1 has the higher CIP priority (`C2`, `C7`), `null` when equal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cip_higher: Option<String>,
    /// ω(O–C–N1–C2), degrees.
    pub omega_o_c2_deg: f64,
    /// ω(O–C–N1–C_last), degrees.
    pub omega_o_clast_deg: f64,
    /// C(O)–N1 length, Å.
    pub cn_angstrom: f64,
    /// `short` (< 1.32 Å), `partial_double` (1.32–1.35 Å) or `long` (> 1.35 Å).
    pub cn_class: &'static str,
    /// Sum of bond angles at N1, degrees.
    pub n_angle_sum_deg: f64,
    /// Winkler–Dunitz twist τ, degrees.
    pub twist_deg: f64,
    /// Winkler–Dunitz χ_N, degrees.
    pub chi_n_deg: f64,
    /// Winkler–Dunitz χ_C, degrees.
    pub chi_c_deg: f64,
    /// Failed planarity checks (`ringflux_core::amide::Amide::planarity`): `omega` (|ω| more
    /// than 20° from 0°/180°), `pyramidal_n` (angles at N1 sum < 350°), `twist` (|τ| > 20°).
    /// Non-empty: the E/Z label describes a non-planar amide and is shown flagged.
    pub planarity_flags: Vec<&'static str>,
}

impl AmideReport {
    /// True when a planarity check fails (`planarity_flags`).
    pub fn nonplanar(&self) -> bool {
        !self.planarity_flags.is_empty()
    }

    /// The E/Z label as shown to a reader: with `*` when the amide is non-planar.
    pub fn ez_label(&self) -> Option<String> {
        self.ez
            .map(|ez| format!("{ez}{}", if self.nonplanar() { "*" } else { "" }))
    }

    /// Rotamer code for families: `E`/`Z`, or `syn-C2`/`syn-C7` when E/Z is degenerate.
    pub fn rotamer_code(&self) -> String {
        match self.ez {
            Some(ez) => ez.to_string(),
            None => format!("syn-{}", self.o_syn),
        }
    }
}

/// A failure to analyse a ring (degenerate geometry), with the core's reason.
pub type Failed = ringflux_core::Error;

fn point(mol: &Molecule, i: usize) -> Vec3<f64> {
    mol.atoms
        .get(i)
        .map(|a| Vec3::from_f64(a.pos))
        .unwrap_or(Vec3::ZERO)
}

/// Cremer–Pople analysis of a numbered ring.
pub fn ring_report(mol: &Molecule, ring: &NumberedRing) -> Result<RingReport, Failed> {
    let pts: Vec<Vec3<f64>> = ring.atoms.iter().map(|&i| point(mol, i)).collect();
    let p = pucker::cremer_pople(&pts)?;
    let t = pucker::endocyclic_torsions(&pts)?;
    let class: Option<Classification<f64>> = match pucker::classify(&p, t.as_slice()) {
        Ok(c) => Some(c),
        Err(ringflux_core::Error::OutOfRange(_)) => None,
        Err(e) => return Err(e),
    };
    let n = pts.len();
    let phase = |m: usize| p.mode(m).map(|x| x.phase_defined().then_some(x.phi_deg));
    let q_angstrom = Amplitudes {
        q2: p.mode(2).map_or(0.0, |x| x.q_angstrom),
        q3: p
            .mode(3)
            .map(|x| x.q_angstrom)
            .or(p.q_half_angstrom.filter(|_| n == 6)),
        q4: p.q_half_angstrom.filter(|_| n == 8),
    };
    let phi_deg = Phases {
        phi2: phase(2).flatten(),
        phi3: phase(3).flatten(),
    };
    let intermediate = class.is_some_and(|c| c.form.is_none());
    Ok(RingReport {
        size: n,
        atoms: ring.atoms.iter().map(|i| i + 1).collect(),
        atom_serials: mol.serials.as_ref().map(|s| {
            ring.atoms
                .iter()
                .map(|&i| s.get(i).copied().flatten())
                .collect()
        }),
        labels: ring.labels.clone(),
        q_angstrom,
        phi_deg,
        total_q_angstrom: p.total_q_angstrom,
        theta_deg: p
            .theta_deg
            .map(|t| if n == 6 { t.min(180.0 - t) } else { t }),
        conformation: class.map(|c| match c.form {
            Some(f) => f.code().to_string(),
            None => "intermediate".to_string(),
        }),
        nearest: class.map(|c| c.nearest.code().to_string()),
        between: class
            .filter(|_| intermediate)
            .map(|c| c.second.code().to_string()),
        distance_deg: class.map(|c| c.distance_deg),
        family: class.and_then(|c| c.family).map(|f| f.name()),
        torsions_deg: t.as_slice().to_vec(),
        sign_changes: pucker::sign_changes(t.as_slice()),
    })
}

/// The amide analysis of a numbered ring with an N-acyl group on N1.
pub fn amide_report(mol: &Molecule, ring: &NumberedRing) -> Result<Option<AmideReport>, Failed> {
    match ring.amide {
        Some(site) => amide_at(mol, ring, site, 0, ring.c2_vs_last).map(Some),
        None => Ok(None),
    }
}

/// The amide analysis of a second N-acyl group on the ring (N4 of a 1,4-diacyl-1,4-diazepane):
/// `o_syn` is the ring neighbour of N4 syn to O (`C3` or `C5`), `cip_higher` and E/Z rank the
/// two ring neighbours of N4.
pub fn second_amide_report(
    mol: &Molecule,
    ring: &NumberedRing,
) -> Result<Option<AmideReport>, Failed> {
    match ring.second_amide {
        Some((k, site)) => amide_at(mol, ring, site, k, ring.second_prev_vs_next).map(Some),
        None => Ok(None),
    }
}

/// The amide on the ring nitrogen at ring position `k`, with its ring neighbours at k+1
/// (the `c2` role) and k−1 (the `c7` role): for N1 these are C2 and the last ring atom.
fn amide_at(
    mol: &Molecule,
    ring: &NumberedRing,
    site: perceive::AmideSite,
    k: usize,
    next_vs_prev: Priority,
) -> Result<AmideReport, Failed> {
    let n = ring.atoms.len();
    let (next, prev) = ((k + 1) % n.max(1), (k + n.max(1) - 1) % n.max(1));
    let (Some(&c2), Some(&last)) = (ring.atoms.get(next), ring.atoms.get(prev)) else {
        return Err(ringflux_core::Error::TooFew("ring"));
    };
    // For N1 the ranking is C2 (next) vs last (prev); for a second amide it is given as
    // prev vs next and flipped here.
    let c2_vs_c7 = if k == 0 {
        next_vs_prev
    } else {
        match next_vs_prev {
            Priority::First => Priority::Second,
            Priority::Second => Priority::First,
            Priority::Equal => Priority::Equal,
        }
    };
    let atoms = AmideAtoms {
        carbonyl_c: point(mol, site.c),
        oxygen: point(mol, site.o),
        substituent: point(mol, site.r),
        n1: point(mol, site.n),
        c2: point(mol, c2),
        c7: point(mol, last),
    };
    let o_vs_r = if k == 0 {
        ring.o_vs_r
    } else {
        ring.second_o_vs_r
    };
    let a = amide::analyze(&atoms, o_vs_r, c2_vs_c7)?;
    let label = |i: usize| ring.labels.get(i).cloned().unwrap_or_default();
    let c2_label = label(next);
    let last_label = label(prev);
    let label = |i: usize| if i == 1 { c2_label.clone() } else { label(i) };
    Ok(AmideReport {
        carbonyl_c: site.c + 1,
        oxygen: site.o + 1,
        substituent: site.r + 1,
        o_syn: match a.o_syn {
            OSyn::C2 => label(1),
            OSyn::C7 => last_label.clone(),
        },
        ez: a.ez.map(|e| match e {
            Ez::E => "E",
            Ez::Z => "Z",
        }),
        cip_higher: match c2_vs_c7 {
            Priority::First => Some(label(1)),
            Priority::Second => Some(last_label),
            Priority::Equal => None,
        },
        omega_o_c2_deg: a.omega_o_c2_deg,
        omega_o_clast_deg: a.omega_o_c7_deg,
        cn_angstrom: a.cn_angstrom,
        cn_class: match a.cn_class {
            CnClass::Short => "short",
            CnClass::PartialDouble => "partial_double",
            CnClass::Long => "long",
        },
        n_angle_sum_deg: a.n_angle_sum_deg,
        twist_deg: a.twist_deg,
        chi_n_deg: a.chi_n_deg,
        chi_c_deg: a.chi_c_deg,
        planarity_flags: {
            let f = a.planarity();
            [
                (f.omega, "omega"),
                (f.pyramidal_n, "pyramidal_n"),
                (f.twisted, "twist"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect()
        },
    })
}

/// Checks a user ring (`--ring`, 1-based atom numbers in N1… order) against the structure:
/// 5–8 distinct atoms that exist and are bonded in sequence. Returns 0-based indices.
pub fn user_ring(g: &Graph, ring: &[usize]) -> Result<Vec<usize>, String> {
    if !(pucker::MIN_RING..=pucker::MAX_RING).contains(&ring.len()) {
        return Err(format!(
            "a ring has {} to {} atoms, {} given",
            pucker::MIN_RING,
            pucker::MAX_RING,
            ring.len()
        ));
    }
    let mut idx = Vec::with_capacity(ring.len());
    for &a in ring {
        if a == 0 || a > g.len() {
            return Err(format!(
                "atom {a} does not exist (the structure has {} atoms)",
                g.len()
            ));
        }
        if idx.contains(&(a - 1)) {
            return Err(format!("atom {a} is listed twice"));
        }
        idx.push(a - 1);
    }
    for k in 0..idx.len() {
        let (a, b) = (idx[k], idx[(k + 1) % idx.len()]);
        if !g.bonded(a, b) {
            return Err(format!("atoms {} and {} are not bonded", a + 1, b + 1));
        }
    }
    Ok(idx)
}

/// The rings to analyse in a molecule: the user's ring, or every perceived ring of 5–8 atoms
/// numbered by the project's rules (N-acyl rings first).
pub fn rings_of(g: &Graph, user: Option<&[usize]>) -> Result<Vec<NumberedRing>, String> {
    if let Some(r) = user {
        return Ok(vec![perceive::numbered(g, user_ring(g, r)?)]);
    }
    let mut rings: Vec<NumberedRing> = perceive::rings(g)
        .iter()
        .filter(|r| r.len() >= pucker::MIN_RING)
        .map(|r| perceive::number_ring(g, r))
        .collect();
    rings.sort_by_key(|r| r.amide.is_none());
    Ok(rings)
}
